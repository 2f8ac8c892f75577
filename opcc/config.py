"""Configuration stage: `site.yaml`, validated against a declared schema with defaults.

Every key is declared once below with its type, default and a line of help; the
README's configuration table is checked against these declarations by a test.
Problems are collected (not raised one at a time) as `config.*` diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.source import yaml_reader as yaml_source

CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class Option:
    help: str
    kind: type | tuple[type, ...] = str
    default: Any = None
    required: bool = False
    children: dict[str, Option] | None = None  # a mapping with known keys
    items: Option | None = None  # a list whose items follow this option


VAGUE_WORDS = ("final", "new", "latest", "misc", "copy")
EXTENSIONS = ("pdf", "csv", "json", "txt", "docx", "xlsx", "odt", "ods", "odp", "pptx", "png",
              "jpg", "jpeg", "svg")

LINK = Option("a link", dict, children={
    "title": Option("the link text", required=True),
    "url": Option("a site URL such as /who-we-are/, or a content file such as who-we-are/index.md",
                  required=True),
})

SCHEMA: dict[str, Option] = {
    "organisation": Option("who publishes the site", dict, required=True, children={
        "name": Option("full name of the office", required=True),
        "short_name": Option("short name for the header and titles"),
        "address": Option("postal address, one line per item", list, default=[],
                          items=Option("an address line")),
        "foi_email": Option("the office's FOI mailbox (never a person's)"),
        "phone": Option("the office's public phone number"),
        "colour": Option("brand colour as #rrggbb", default="#1d3a6b"),
    }),
    "base_url": Option("absolute URL the site is published at", required=True),
    "language": Option("language of the content (the html lang attribute)", default="en-GB"),
    "navigation": Option("links in the header navigation", list, default=[], items=LINK),
    "footer": Option("links in the footer", list, default=[], items=LINK),
    "scheme": Option("publication-scheme profile and overrides", dict, default={}, children={
        "profile": Option("the built-in profile", default="opcc"),
        "add": Option("items this office adds to the profile", list, default=[],
                      items=Option("an item", dict)),
        "frequency": Option("item id -> frequency override", dict, default={}),
        "not_applicable": Option("item id -> reason the item does not apply", dict, default={}),
        "adopt": Option("good-practice items (ids or patterns such as lgtc-*) this office "
                        "adopts: reported and due like the law's, in their own group", list,
                        default=[], items=Option("an item id or pattern", str)),
        "events": Option("event name -> the dates it happened (an HMICFRS report, an IOPC "
                         "release): they start the duties that follow them", dict, default={}),
        "compliance_page": Option("publish /publication-scheme/compliance/", bool, default=True),
    }),
    "naming": Option("the document naming convention checked on every file", dict, default={},
                     children={
        "lowercase": Option("names in lower case", bool, default=True),
        "separator": Option("the character between words", default="-"),
        "date_prefix": Option("a full date in a name comes first, as YYYY-MM-DD-", bool,
                              default=True),
        "max_length": Option("longest name allowed, extension included", int, default=60),
        "vague_words": Option("words that say nothing about a document", list,
                              default=list(VAGUE_WORDS), items=Option("a word")),
        "extensions": Option("file types allowed for attachments and data", list,
                             default=list(EXTENSIONS),
                             items=Option("an extension without the dot")),
    }),
    "redaction": Option("personal-data redaction settings", dict, default={}, children={
        "allow": Option("public values allowed in published text", list, default=[],
                        items=Option("{value or pattern, reason}", dict)),
        "protected_names": Option("file of salted hashes of protected names"),
    }),
    "limits": Option("caps on input sizes, so a mistaken upload fails fast", dict, default={},
                     children={
        "max_file_mb": Option("largest attachment or data file, in MB", (int, float),
                              default=100),
        "max_markdown_kb": Option("largest markdown page, in KB", (int, float), default=1024),
        "max_dataset_rows": Option("most data rows in one CSV file", int, default=1_000_000),
    }),
    "spending": Option("how finance exports are imported into the spending dataset", dict,
                       default={}, children={
        "body": Option("the body that spends, for exports with no body column (default: "
                       "organisation.name)"),
        "chief_constable": Option("the chief constable as a body, for exports that say so "
                                  "(default: from organisation.name)"),
    }),
    "foi": Option("FOI disclosure-log settings", dict, default={}, children={
        "reference_pattern": Option("reference format; YYYY is the year, N a digit",
                                    default="FOI-YYYY-NNNN"),
        "sample": Option("the log holds illustrative examples (a notice says so)", bool,
                         default=False),
    }),
}

# The site.yaml sections of the registered kinds of record (Kind.settings), by kind name:
# kinds/registry.py declares them as it registers each kind.
KIND_SECTIONS: dict[str, Option] = {}

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of #rrggbb against white."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    line: int | None = None  # where it is declared in site.yaml, for link diagnostics


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    address: tuple[str, ...]
    foi_email: str | None
    phone: str | None
    colour: str


@dataclass(frozen=True)
class SchemeSettings:
    profile: str = "opcc"
    add: tuple[dict, ...] = ()
    frequency: dict = field(default_factory=dict)
    not_applicable: dict = field(default_factory=dict)
    adopt: tuple[str, ...] = ()
    events: dict = field(default_factory=dict)
    compliance_page: bool = True


@dataclass(frozen=True)
class NamingRules:
    lowercase: bool = True
    separator: str = "-"
    date_prefix: bool = True
    max_length: int = 60
    vague_words: tuple[str, ...] = VAGUE_WORDS
    extensions: tuple[str, ...] = EXTENSIONS


@dataclass(frozen=True)
class RedactionSettings:
    allow: tuple[dict, ...] = ()
    protected_names: str | None = None


@dataclass(frozen=True)
class Limits:
    """Caps checked before a file is read (site.yaml `limits:`)."""
    max_file_mb: float = 100
    max_markdown_kb: float = 1024
    max_dataset_rows: int = 1_000_000

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_markdown_bytes(self) -> int:
        return int(self.max_markdown_kb * 1024)


@dataclass(frozen=True)
class SpendingSettings:
    """Who spends, for finance exports that do not say (site.yaml `spending:`)."""
    body: str
    chief_constable: str


def _spending(settings: dict, organisation: str) -> SpendingSettings:
    place = re.search(r"(?i)police(?:,)? (?:fire )?and crime commissioner for (.+)$",
                      organisation)
    chief = f"Chief Constable of {place[1]}" if place else "Chief Constable"
    return SpendingSettings(body=str(settings.get("body") or organisation),
                            chief_constable=str(settings.get("chief_constable") or chief))


@dataclass(frozen=True)
class FoiSettings:
    reference_pattern: str = "FOI-YYYY-NNNN"
    sample: bool = False


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    organisation: Organisation
    base_url: str
    language: str
    navigation: tuple[Link, ...]
    footer: tuple[Link, ...]
    scheme: SchemeSettings
    redaction: RedactionSettings
    foi: FoiSettings
    naming: NamingRules = NamingRules()
    limits: Limits = Limits()
    spending: SpendingSettings = SpendingSettings("", "")
    # each registered kind's own section (Kind.settings), by kind name, defaults filled in
    kinds: dict = field(default_factory=dict, compare=False)
    # (key, key, …) -> Position in site.yaml, for diagnostics of later stages
    positions: dict = field(default_factory=dict, compare=False)

    @property
    def base_path(self) -> str:
        """The path part of base_url, without a trailing slash ('' at a domain root)."""
        return urlsplit(self.base_url).path.rstrip("/")


class ConfigError(Exception):
    """site.yaml is unusable; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} problem(s) in {CONFIG_FILE}")
        self.diagnostics = diagnostics


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping of keys to values"}


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def _validate(value: Any, option: Option, path: tuple, doc: yaml_source.YamlDocument,
              problems: list[Diagnostic]) -> Any:
    """Check `value` against `option`; return it with defaults filled in."""
    dotted = ".".join(str(p) for p in path)

    def report(message: str, hint: str, key_position: bool = False) -> None:
        pos = doc.position(path, prefer_value=not key_position)
        problems.append(error("config.type" if not key_position else "config.key", message,
                              path=CONFIG_FILE, line=pos.line if pos else None,
                              column=pos.column if pos else None, hint=hint))

    kinds = option.kind if isinstance(option.kind, tuple) else (option.kind,)
    if str in kinds and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # a phone number written without quotes is still text
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        report(f"'{dotted}' should be {_type_name(option.kind)}, not {type(value).__name__}",
               f"{dotted}: {option.help}")
        return option.default
    if option.children is not None and isinstance(value, dict):
        result = {}
        for key, child_value in value.items():
            if key not in option.children:
                pos = doc.position(path + (key,), prefer_value=False)
                problems.append(error(
                    "config.unknown-key",
                    f"unknown key '{dotted + '.' if dotted else ''}{key}'"
                    f"{suggestion(key, option.children)}",
                    path=CONFIG_FILE, line=pos.line if pos else None,
                    column=pos.column if pos else None,
                    hint="known keys here: " + ", ".join(option.children)))
                continue
            result[key] = _validate(child_value, option.children[key], path + (key,), doc,
                                    problems)
        for key, child in option.children.items():
            if key in result:
                continue
            if child.required:
                pos = doc.position(path)
                problems.append(error(
                    "config.missing-key",
                    f"'{dotted + '.' if dotted else ''}{key}' is required",
                    path=CONFIG_FILE, line=pos.line if pos else 1,
                    column=pos.column if pos else 1,
                    hint=f"add '{key}:' ({child.help})"))
            elif child.children is not None:
                result[key] = _validate({}, child, path + (key,), doc, problems)
            else:
                result[key] = child.default
        return result
    if option.items is not None and isinstance(value, list):
        return [_validate(item, option.items, path + (index,), doc, problems)
                for index, item in enumerate(value)]
    return value


def _check_values(data: dict, doc: yaml_source.YamlDocument,
                  problems: list[Diagnostic]) -> None:
    def report(path: tuple, code: str, message: str, hint: str) -> None:
        pos = doc.position(path)
        problems.append(error(code, message, path=CONFIG_FILE,
                              line=pos.line if pos else None,
                              column=pos.column if pos else None, hint=hint))

    try:
        parts = urlsplit(str(data.get("base_url") or ""))
    except ValueError:  # e.g. an unclosed [ in the host
        parts = urlsplit("")
    if data.get("base_url") and (parts.scheme not in ("http", "https") or not parts.netloc):
        report(("base_url",), "config.base-url", f"base_url '{data['base_url']}' is not an "
               "absolute http(s) URL", "write it in full, e.g. https://www.example.org/")
    for key, value in (data.get("limits") or {}).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
            report(("limits", key), "config.limits", f"limits.{key} must be more than 0, "
                   f"not {value}", "raise the limit, or leave the key out for the default")
    colour = (data.get("organisation") or {}).get("colour")
    if isinstance(colour, str) and not _COLOUR.match(colour):
        report(("organisation", "colour"), "config.colour", f"colour '{colour}' is not #rrggbb",
               "write the colour as six hex digits, e.g. \"#1d3a6b\" (quoted)")
    elif isinstance(colour, str) and contrast_with_white(colour) < MIN_CONTRAST:
        report(("organisation", "colour"), "config.contrast",
               f"colour {colour} has a contrast of {contrast_with_white(colour):.2f}:1 with "
               f"white; links and the header's white text need at least {MIN_CONTRAST}:1 "
               "(WCAG 2.2 AA)", "choose a darker shade of the brand colour")


def _links(raw: list, section: str, doc: yaml_source.YamlDocument) -> tuple[Link, ...]:
    links = []
    for index, item in enumerate(raw):
        if isinstance(item, dict) and item.get("title") and item.get("url"):
            pos = doc.position((section, index))
            links.append(Link(str(item["title"]), str(item["url"]), pos.line if pos else None))
    return tuple(links)


def load_config(root: Path) -> SiteConfig:
    """Read and validate `root/site.yaml`; raise ConfigError with every problem found.
    The kinds' own sections are known once opcc.kinds.registry is imported."""
    doc = _read_site_yaml(root)
    problems: list[Diagnostic] = []
    sections = dict(KIND_SECTIONS)
    data = _validate(doc.data, Option("site.yaml", dict, children={**SCHEMA, **sections}), (),
                     doc, problems)
    if not problems:
        _check_values(data, doc, problems)
    if problems:
        raise ConfigError(problems)
    return replace(_site_config(root, data, doc),
                   kinds={name: data[name] for name in sections})



def _read_site_yaml(root: Path) -> yaml_source.YamlDocument:
    """site.yaml parsed with positions; ConfigError when it is missing, not UTF-8 text, not
    YAML or not a mapping."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise ConfigError([error("config.missing", f"no {CONFIG_FILE} in {root}", path=CONFIG_FILE,
                                 hint="run opcc from the site's folder, or pass --root PATH")])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError([error("config.encoding",
                                 f"{CONFIG_FILE} is not UTF-8 text: {exc.reason}",
                                 path=CONFIG_FILE, hint="save the file as UTF-8")]) from None
    try:
        doc = yaml_source.load(text)
    except yaml_source.YamlSyntaxError as exc:
        raise ConfigError([error("config.yaml", exc.message, path=CONFIG_FILE, line=exc.line,
                                 column=exc.column, hint=exc.hint)]) from None
    if not isinstance(doc.data, dict):
        raise ConfigError([error("config.yaml",
                                 f"{CONFIG_FILE} must be a mapping of keys to values",
                                 path=CONFIG_FILE, line=1, column=1,
                                 hint="start with 'organisation:' and 'base_url:'")])
    return doc


def _site_config(root: Path, data: dict, doc: yaml_source.YamlDocument) -> SiteConfig:
    """The settings of a validated site.yaml (`data`, defaults filled in)."""
    org = data["organisation"]
    scheme, redaction, foi, naming = data["scheme"], data["redaction"], data["foi"], data["naming"]
    limits = data["limits"]
    return SiteConfig(
        root=root,
        organisation=Organisation(
            name=str(org["name"]),
            short_name=str(org.get("short_name") or org["name"]),
            address=tuple(str(line) for line in org["address"]),
            foi_email=org.get("foi_email"),
            phone=org.get("phone"),
            colour=org["colour"],
        ),
        base_url=str(data["base_url"]).rstrip("/") + "/",
        language=str(data["language"]),
        navigation=_links(data["navigation"], "navigation", doc),
        footer=_links(data["footer"], "footer", doc),
        scheme=SchemeSettings(
            profile=str(scheme["profile"]),
            add=tuple(scheme["add"]),
            frequency=dict(scheme["frequency"]),
            not_applicable=dict(scheme["not_applicable"]),
            adopt=tuple(scheme["adopt"]),
            events=dict(scheme["events"]),
            compliance_page=scheme["compliance_page"],
        ),
        redaction=RedactionSettings(allow=tuple(redaction["allow"]),
                                    protected_names=redaction["protected_names"]),
        foi=FoiSettings(reference_pattern=str(foi["reference_pattern"]), sample=foi["sample"]),
        naming=NamingRules(
            lowercase=naming["lowercase"], separator=str(naming["separator"]),
            date_prefix=naming["date_prefix"], max_length=naming["max_length"],
            vague_words=tuple(str(w).lower() for w in naming["vague_words"]),
            extensions=tuple(str(e).lower().lstrip(".") for e in naming["extensions"])),
        limits=Limits(max_file_mb=limits["max_file_mb"],
                      max_markdown_kb=limits["max_markdown_kb"],
                      max_dataset_rows=limits["max_dataset_rows"]),
        spending=_spending(data["spending"], str(org["name"])),
        positions=dict(doc.value_positions),
    )


def load_limits(root: Path) -> Limits:
    """site.yaml's limits, for stages not handed the config (defaults if it is unusable:
    load_config reports that)."""
    try:
        return load_config(root).limits
    except ConfigError:
        return Limits()
