"""Front matter: the `key: value` lines between `---` fences at the top of a markdown
record, read against the schema its kind declares.

A kind declares a `FrontMatterSchema`: its keys (`Key`: name, type, required or not,
default, and a description shown in hints), the code family of its diagnostics, and the
few words its messages use where kinds differ (`Wording`). Then

    parts = split_block(text, SCHEMA, path, diagnostics)        # the fences and the body
    front = read_front_matter(parts[0], SCHEMA, path, diagnostics)  # YAML with positions
    front.check_keys()                   # unknown keys, with a did-you-mean
    title = front.value("title")         # checked against the key's declared type

`FrontMatter` checks a value the first time it is asked for, so a kind's own checks can
follow the value they concern and its diagnostics keep the order of its reading;
`values()` reads every key at once. Every diagnostic names the line and column in the
file. `FrontMatter` reads any YAML mapping loaded with positions (source/yaml_reader.py),
so a file that is all keys, such as a dataset descriptor, is read the same way:
`FrontMatter(schema, document.data, document, path, diagnostics)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from opcc.diagnostics import Diagnostic, did_you_mean, error, suggestion
from opcc.source import yaml_reader
from opcc.source.dates import ISO_DATE, iso_date_hint

# Key.types -> how a value of that shape is read (a FrontMatter method)
_READERS = {
    (str,): "_text",  # one line of text (or one of Key.choices)
    (date,): "_date",  # written YYYY-MM-DD
    (bool,): "_flag",  # true or false
    (list,): "_texts",  # a list of words or phrases
    (str, list): "_text_or_texts",  # one of those, or a list of them
    (dict,): "_mapping",  # a mapping (of Key.keys, when declared)
    (object,): "_as_written",  # anything: the kind checks it
}
_ABSENT = object()


@dataclass(frozen=True)
class Key:
    """One key a kind's front matter may hold."""

    name: str
    description: str  # shown in hints: "add 'title:' to the front matter (the page title)"
    types: tuple[type, ...] = (str,)  # one of the shapes of _READERS
    required: bool = False
    default: Any = None  # the value when the key is absent or its value is wrong
    example: str | None = None  # shown when the key is missing (dates: YYYY-MM-DD)
    choices: tuple[str, ...] = ()  # for text: the only values allowed
    code: str | None = None  # for choices: the code of a value not among them
    keys: FrontMatterSchema | None = None  # for a mapping: its own keys

    def __post_init__(self) -> None:
        if self.types not in _READERS:
            raise ValueError(f"key '{self.name}': types must be one of {list(_READERS)}")
        if list in self.types and self.default is None:
            object.__setattr__(self, "default", ())


@dataclass(frozen=True)
class Wording:
    """What a kind's messages say where kinds differ."""

    noun: str = "file"  # "the page has no front matter"
    key_line: str = "title: ..."  # an example line, for front matter that is not key: value
    text_example: str | None = None  # "write title as a single line of text, e.g. title: X"
    date_example: str = "2024-04-30"  # "write dates as YYYY-MM-DD, e.g. 2024-04-30"
    missing_hint: str = "add '{key}:{example}' to the front matter ({description})"

    def text_hint(self, key: str) -> str:
        hint = f"write {key} as a single line of text"
        return f"{hint}, e.g. {key}: {self.text_example}" if self.text_example else hint


@dataclass(frozen=True)
class ForbiddenKeys:
    """Keys refused whatever their spelling, such as a requester's name or email."""

    matches: Callable[[str], bool]
    code: str
    message: str  # '{key}' stands for the key
    hint: str


@dataclass(frozen=True)
class FrontMatterSchema:
    """The keys of one kind of record, in the order hints list them."""

    family: str  # the code family of its diagnostics: content.unknown-key, foi.type...
    keys: tuple[Key, ...]
    wording: Wording = Wording()
    # keys that belong to other kinds of record -> why they are not used here
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    forbidden: ForbiddenKeys | None = None

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @cached_property
    def descriptions(self) -> dict[str, str]:
        return {key.name: key.description for key in self.keys}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)

    def key(self, name: str) -> Key:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Key]:
        return {key.name: key for key in self.keys}

    def changed(self, *names: str, **changes: Any) -> FrontMatterSchema:
        """The same schema with `changes` made to the keys `names` (e.g. required=False)."""
        return replace(self, keys=tuple(replace(key, **changes) if key.name in names else key
                                        for key in self.keys))


def at_start(code: str, message: str, path: str, hint: str) -> Diagnostic:
    """An error about the file as a whole, pointing at its first line."""
    return error(code, message, path=path, line=1, column=1, hint=hint)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml_text, body, body_line) or None when the closing fence is missing.

    The opening fence must be the first line. body_line is 1-based.
    """
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None


def split_block(text: str, schema: FrontMatterSchema, path: str,
                diagnostics: list[Diagnostic],
                lone_fence_opens: bool = False) -> tuple[str, str, int] | None:
    """The front matter's YAML, the body and the body's first line, with line endings made
    '\\n'; None, the problem reported, when a fence is missing. With `lone_fence_opens`, a
    file of nothing but '---' has front matter that is never closed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n") and not (lone_fence_opens and text.rstrip() == "---"):
        diagnostics.append(at_start(
            f"{schema.family}.front-matter", f"the {schema.wording.noun} has no front matter",
            path, f"start the file with a '---' line, the keys ({', '.join(schema.required)}), "
            "then another '---' line"))
        return None
    parts = split_front_matter(text)
    if parts is None:
        diagnostics.append(at_start(
            f"{schema.family}.front-matter", "the front matter has no closing '---' line",
            path, "add a line with just '---' after the last front-matter key"))
    return parts


def read_front_matter(yaml_text: str, schema: FrontMatterSchema, path: str,
                      diagnostics: list[Diagnostic]) -> FrontMatter | None:
    """The front matter's YAML (from the file's second line) parsed with positions; None,
    the problem reported, when it is not YAML or not a mapping of keys."""
    try:
        document = yaml_reader.load(yaml_text, line_offset=1)
    except yaml_reader.YamlSyntaxError as exc:
        diagnostics.append(error(f"{schema.family}.yaml", exc.message, path=path,
                                 line=exc.line, column=exc.column, hint=exc.hint))
        return None
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        diagnostics.append(at_start(
            f"{schema.family}.front-matter", "the front matter must be 'key: value' lines",
            path, f"write each key on its own line, e.g. '{schema.wording.key_line}'"))
        return None
    return FrontMatter(schema, data, document, path, diagnostics)


class FrontMatter:
    """A mapping read against a schema: each value checked against its key when first
    asked for, every problem added to `diagnostics` with its line and column."""

    def __init__(self, schema: FrontMatterSchema, data: dict, document:
                 yaml_reader.YamlDocument | None, path: str,
                 diagnostics: list[Diagnostic] | None = None, prefix: tuple = ()):
        self.schema = schema
        self.data = data
        self.document = document
        self.path = path  # the file, as diagnostics name it
        self.diagnostics = diagnostics if diagnostics is not None else []
        self.prefix = prefix  # where this mapping is inside the document
        self.misspelt: set[str] = set()  # known keys written wrongly (already reported)
        self._values: dict[str, Any] = {}

    # -- where things are written, and reporting

    @property
    def key_lines(self) -> dict[str, int]:
        """Top-level key -> the line it is written on."""
        if self.document is None:
            return {}
        return {key: pos.line for (key, *rest), pos in self.document.key_positions.items()
                if not rest}

    def position(self, where: tuple | None, at_value: bool = True) -> tuple[int | None,
                                                                            int | None]:
        """Line and column of `where` (keys and list indexes inside this mapping); the
        file's start for None."""
        if where is None:
            return 1, 1
        found = (self.document.position(self.prefix + where, prefer_value=at_value)
                 if self.document else None)
        return (found.line, found.column) if found else (None, None)

    def report(self, code: str, message: str, hint: str, where: tuple | None = None,
               severity: Callable = error, at_value: bool = True,
               line: int | None = None) -> None:
        """Add a diagnostic at `where` (see `position`), or at the start of `line`."""
        found_line, column = self.position(where, at_value)
        if line is not None:
            found_line, column = line, 1
        self.diagnostics.append(severity(code, message, path=self.path, line=found_line,
                                         column=column, hint=hint))

    # -- keys

    def check_keys(self) -> None:
        """Report forbidden keys, and unknown ones with the closest known key."""
        names, forbidden = self.schema.names, self.schema.forbidden
        for key in self.data:
            where = (str(key),)
            if forbidden is not None and forbidden.matches(str(key)):
                self.report(forbidden.code, forbidden.message.format(key=key), forbidden.hint,
                            where, at_value=False)
                continue
            if key in names:
                continue
            self.misspelt.add(did_you_mean(str(key), names) or "")
            hint = self.schema.elsewhere.get(str(key))
            hint = f"{hint}; remove this line" if hint else "known keys: " + ", ".join(names)
            self.report(f"{self.schema.family}.unknown-key",
                        f"unknown key '{key}'{suggestion(str(key), names)}", hint, where,
                        at_value=False)

    def missing(self, key: Key) -> None:
        if key.name in self.misspelt:
            return
        example = key.example or ("YYYY-MM-DD" if key.types == (date,) else None)
        self.report(f"{self.schema.family}.missing-key", f"'{key.name}' is required",
                    self.schema.wording.missing_hint.format(
                        key=key.name, example=f" {example}" if example else "",
                        description=key.description),
                    () if self.prefix else None)  # the mapping it is missing from, or the file

    # -- values

    def value(self, name: str) -> Any:
        """The key's value checked against its declaration: its default when absent or
        wrong (and reported); for a mapping with declared keys, a FrontMatter of its own."""
        if name not in self._values:
            self._values[name] = self._read(self.schema.key(name))
        return self._values[name]

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.schema.names}

    def _read(self, key: Key) -> Any:
        written = self.data.get(key.name, _ABSENT)
        # an empty value is no value, except for a flag, which is true or false
        if written is _ABSENT or (written is None and key.types != (bool,)):
            if key.required:
                self.missing(key)
            return key.default
        return getattr(self, _READERS[key.types])(key, written)

    def _type_error(self, key: Key, message: str, hint: str, where: tuple | None = None):
        self.report(f"{self.schema.family}.type", message, hint, where or (key.name,))
        return key.default

    def _text(self, key: Key, written: Any) -> Any:
        if key.choices:
            return self._choice(key, written)
        if isinstance(written, (int, float)) and not isinstance(written, bool):
            written = str(written)
        if not isinstance(written, str):
            kind = "a list" if isinstance(written, list) else type(written).__name__
            return self._type_error(key, f"'{key.name}' should be text, not {kind}",
                                    self.schema.wording.text_hint(key.name))
        text = " ".join(written.split())
        if not text:
            self.report(f"{self.schema.family}.empty", f"'{key.name}' is empty",
                        f"write the {key.name}", (key.name,))
            return key.default
        return text

    def _choice(self, key: Key, written: Any) -> Any:
        text = str(written).strip()
        if text in key.choices:
            return text
        self.report(key.code or f"{self.schema.family}.{key.name}",
                    f"'{key.name}' must be one of {', '.join(key.choices)}, not '{text}'"
                    f"{suggestion(text.lower().replace(' ', '-'), key.choices)}",
                    "use one of: " + ", ".join(key.choices), (key.name,))
        return key.default

    def _date(self, key: Key, written: Any) -> Any:
        text = str(written).strip()
        family = self.schema.family
        if isinstance(written, str) and ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                self.report(f"{family}.date", f"'{key.name}': {text} is not a real date ({exc})",
                            "check the day and month; dates are written YYYY-MM-DD",
                            (key.name,))
                return key.default
        self.report(f"{family}.date", f"'{key.name}': '{text}' is not an ISO date (YYYY-MM-DD)",
                    iso_date_hint(text, self.schema.wording.date_example), (key.name,))
        return key.default

    def _flag(self, key: Key, written: Any) -> Any:
        if isinstance(written, bool):
            return written
        return self._type_error(key, f"'{key.name}' should be true or false, not '{written}'",
                                f"write '{key.name}: true' or remove the key")

    def _texts(self, key: Key, written: Any) -> Any:
        name = key.name
        if isinstance(written, str):
            return self._type_error(key, f"'{name}' should be a list",
                                    f"write it as a list: {name}: [{written}]")
        if not isinstance(written, list):
            return self._type_error(key, f"'{name}' should be a list, not "
                                    f"{type(written).__name__}",
                                    f"write it as a list, e.g. {name}: [one, two]")
        items = []
        for index, item in enumerate(written):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) \
                    and str(item).strip():
                items.append(str(item).strip())
            else:
                self._type_error(key, f"'{name}' item {index + 1} should be text",
                                 f"each {name} entry is a single word or phrase",
                                 (name, index))
        return tuple(items)

    def _text_or_texts(self, key: Key, written: Any) -> Any:
        if isinstance(written, list):
            return self._texts(key, written)
        return tuple(filter(None, [self._text(key, written)]))

    def _mapping(self, key: Key, written: Any) -> Any:
        if not isinstance(written, dict):
            return self._type_error(key, f"'{key.name}' should be a mapping",
                                    f"write it as {key.name}: {key.example}")
        if key.keys is None:
            return written
        return FrontMatter(key.keys, written, self.document, self.path, self.diagnostics,
                           self.prefix + (key.name,))

    def _as_written(self, key: Key, written: Any) -> Any:
        return written
