"""FOI stage: the disclosure log's records and everything computed from them (no HTML).

One markdown file per answered request, `content/foi/YEAR/REFERENCE.md` (YEAR is the year
the request was received), with front matter read with positions, so that every
diagnostic names the real line and column. From the records this module computes working
days as FOIA section 10 counts them, the open-data rows of the log and its Table Schema,
quarterly and yearly statistics, and it imports a case-management export into records.

A requester's identity is never stored: a `requester` key, or any key that looks like
one (name, email, address, phone...), is an `foi.requester` error, and an import refuses
rows that carry requester details.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import yaml_source
from .content import CONTENT_DIR, FILE_TYPES, FOI_DIR, Attachment, split_front_matter
from .diagnostics import Diagnostic, did_you_mean, error, suggestion, warning

FOI_CLASS = "lists-registers"  # the publication-scheme class of every FOI record
DEFAULT_PATTERN = "FOI-YYYY-NNNN"
TIME_LIMIT = 20  # working days, FOIA s10(1) and EIR reg 5(2)
EXTENDED_LIMIT = 40  # working days: EIR reg 7(1); the s45 Code's reasonable FOIA extension
FIRST_DAY = date(2005, 1, 1)  # FOIA and the EIR came fully into force on 1 January 2005
UK_SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")
EXEMPTIONS_FILE = Path(__file__).parent / "profiles" / "foi-exemptions.yaml"

OUTCOMES = ("granted", "partially-granted", "refused", "not-held", "withdrawn")
OUTCOME_LABELS = {
    "granted": "Granted in full",
    "partially-granted": "Partially granted",
    "refused": "Refused",
    "not-held": "Information not held",
    "withdrawn": "Withdrawn",
}
REVIEW_OUTCOMES = ("upheld", "partially-upheld", "overturned")
REVIEW_OUTCOME_LABELS = {
    "upheld": "Original decision upheld",
    "partially-upheld": "Original decision partially upheld",
    "overturned": "Original decision overturned",
}
REGIMES = ("foia", "eir")
REGIME_LABELS = {"foia": "Freedom of Information Act 2000",
                 "eir": "Environmental Information Regulations 2004"}

FRONT_MATTER_KEYS: dict[str, str] = {
    "reference": "the request reference, e.g. FOI-2025-0042",
    "title": "a short plain-English title of the request",
    "received": "ISO date the request was received (YYYY-MM-DD)",
    "responded": "ISO date the response was sent (YYYY-MM-DD)",
    "outcome": "granted, partially-granted, refused, not-held or withdrawn",
    "exemptions": "the exemptions relied on, e.g. [s40(2), s43(2)]",
    "topics": "list of topics, e.g. [budget, precept]",
    "regime": "foia (the default) or eir (Environmental Information Regulations)",
    "extended_to": "ISO date to which the deadline was extended for the public interest test",
    "internal_review": "{requested: YYYY-MM-DD, completed: YYYY-MM-DD, outcome: upheld}",
    "attachments": "list of {file, title} beside the record",
    "draft": "true: never published",
}
REVIEW_KEYS = {
    "requested": "ISO date the internal review was asked for",
    "completed": "ISO date the review's answer was sent",
    "outcome": "upheld, partially-upheld or overturned",
}
PAGE_ONLY_KEYS = {
    "summary": "the summary of an FOI record is the first sentence of its '## Request' section",
    "class": f"every FOI record belongs to the class '{FOI_CLASS}'",
    "published": "an FOI record is published on the date it was answered ('responded')",
    "tags": "FOI records use 'topics:' instead of 'tags:'",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_REQUESTER_WORDS = {"requester", "requesters", "requestor", "requestors", "applicant",
                    "applicants", "name", "names", "fullname", "firstname", "lastname",
                    "forename", "forenames", "surname", "email", "emails", "mail", "address",
                    "addresses", "postcode", "phone", "telephone", "tel", "mobile", "contact",
                    "dob", "birth"}
_REQUESTER_FRAGMENTS = ("requester", "requestor", "applicant", "email", "requestedby",
                        "submittedby", "madeby", "postcode", "phonenumber")


@functools.lru_cache(maxsize=1024)
def looks_like_requester(key: str) -> bool:
    """True for a key or column that would hold who asked: requester, name, email, address..."""
    lowered = str(key).lower()
    words = {w for w in re.split(r"[^a-z0-9]+", lowered) if w}
    squashed = re.sub(r"[^a-z]", "", lowered)
    return bool(words & _REQUESTER_WORDS) or any(f in squashed for f in _REQUESTER_FRAGMENTS)


# --------------------------------------------------------------------------- exemptions

@dataclass(frozen=True)
class Exemption:
    code: str  # normalised, e.g. "s40(2)", "s31(1)(a)", "reg12(4)(b)"
    title: str  # plain English, e.g. "Law enforcement: prevention or detection of crime"
    kind: str  # "absolute", "qualified" or "procedural" (s12 cost, s14 vexatious/repeated)
    url: str  # the provision on legislation.gov.uk
    regime: str  # "foia" or "eir"
    section: str  # the section or paragraph it belongs to, e.g. "s31", "reg12(5)"
    section_title: str

    @property
    def absolute(self) -> bool:
        return self.kind == "absolute"

    @property
    def qualified(self) -> bool:
        return self.kind == "qualified"

    @property
    def label(self) -> str:
        """How the site names it: 'Section 40(2)' or 'Regulation 12(4)(b)'."""
        if self.regime == "eir":
            return "Regulation " + self.code[len("reg"):]
        return "Section " + self.code[1:]


def _load_exemptions(path: Path = EXEMPTIONS_FILE) -> tuple[dict[str, Exemption],
                                                             dict[str, str]]:
    """code -> Exemption, and lower-cased spelling -> code (aliases included)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    table: dict[str, Exemption] = {}
    spellings: dict[str, str] = {}
    for regime, prefix in (("foia", "s"), ("eir", "reg")):
        for number, entry in data[regime].items():
            section = f"{prefix}{number}"
            base = Exemption(section, entry["title"], entry["kind"], entry["url"], regime,
                             section, entry["title"])
            table[section] = base
            spellings[section.lower()] = section
            for alias in entry.get("same_as", []):
                spellings[f"{section}{alias}".lower()] = section
            for sub, detail in (entry.get("provisions") or {}).items():
                detail = detail if isinstance(detail, dict) else {"title": detail}
                code = f"{section}{sub}"
                table[code] = Exemption(code, f"{entry['title']}: {detail['title']}",
                                        detail.get("kind", entry["kind"]), entry["url"], regime,
                                        section, entry["title"])
                spellings[code.lower()] = code
    return table, spellings


EXEMPTIONS, _SPELLINGS = _load_exemptions()

_FOIA_PREFIX = re.compile(r"^(?:section|sect|sec|ss|s)\.?")
_EIR_PREFIX = re.compile(r"^(?:regulation|reg|r)\.?")


def normalise_exemption(text: str, regime: str = "foia") -> str | None:
    """'Section 40 (2)', 's.40(2)', '40(2)' -> 's40(2)'; 'regulation 12(4)(b)' -> 'reg12(4)(b)'.

    A bare number is read under the record's regime. Returns None for an unknown code.
    """
    squashed = re.sub(r"\s+", "", str(text)).lower()
    if _EIR_PREFIX.match(squashed) and not squashed.startswith("s"):
        rest, candidates = _EIR_PREFIX.sub("", squashed, count=1), ("reg",)
    elif _FOIA_PREFIX.match(squashed):
        rest, candidates = _FOIA_PREFIX.sub("", squashed, count=1), ("s",)
    else:
        rest, candidates = squashed, ("reg", "s") if regime == "eir" else ("s", "reg")
    for prefix in candidates:
        code = _SPELLINGS.get(prefix + rest)
        if code:
            return code
    return None


def _closest_exemption(text: str, regime: str) -> str:
    squashed = re.sub(r"\s+", "", str(text)).lower()
    codes = [c for c in EXEMPTIONS if EXEMPTIONS[c].regime == regime] or list(EXEMPTIONS)
    near = did_you_mean(squashed, [c.lower() for c in codes])
    if near is None:
        return ""
    return f"; did you mean '{next(c for c in codes if c.lower() == near)}'?"


# --------------------------------------------------------------------------- working days

@functools.cache
def uk_bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays of `year` in any part of the UK (the union of England, Wales,
    Scotland and Northern Ireland), with Christmas Day, Good Friday, substitute days and
    proclaimed one-off holidays, from the `holidays` library. Cached per year; do not
    mutate the result."""
    import holidays  # imported lazily: only the FOI stage needs it

    days: dict[date, set[str]] = {}
    for subdivision in UK_SUBDIVISIONS:
        calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
        for day, names in calendar.items():
            days.setdefault(day, set()).update(n.strip() for n in names.split(";"))
    return {day: "; ".join(sorted(names)) for day, names in sorted(days.items())}


def is_working_day(day: date) -> bool:
    """FOIA s10(6): any day other than a Saturday, a Sunday, Christmas Day, Good Friday or
    a bank holiday in any part of the United Kingdom. Office closure days still count."""
    return day.weekday() < 5 and day not in uk_bank_holidays(day.year)


@functools.cache
def _working_ordinals(year: int) -> tuple[int, ...]:
    """The working days of `year`, as sorted date ordinals (for fast counting)."""
    day = date(year, 1, 1)
    result = []
    while day.year == year:
        if is_working_day(day):
            result.append(day.toordinal())
        day += timedelta(days=1)
    return tuple(result)


def working_days(received: date, responded: date) -> int:
    """Working days taken, counted as s10 counts them: the date of receipt is day 0 and the
    first working day after it is day 1, so a request received on a Saturday has Monday as
    day 1 (the date of receipt need not be a working day: ICO line to take LTT47). An
    answer on the day of receipt, or before it, took 0 days."""
    if responded <= received:
        return 0
    start, end = received.toordinal(), responded.toordinal()
    return sum(bisect.bisect_right(days, end) - bisect.bisect_right(days, start)
               for days in map(_working_ordinals, range(received.year, responded.year + 1)))


def deadline(received: date, working_days: int = TIME_LIMIT) -> date:
    """The `working_days`-th working day following the date of receipt (s10(1))."""
    if working_days <= 0:
        return received
    remaining, year = working_days, received.year
    days = _working_ordinals(year)
    index = bisect.bisect_right(days, received.toordinal())
    while index + remaining > len(days):
        remaining -= len(days) - index
        year, index = year + 1, 0
        days = _working_ordinals(year)
    return date.fromordinal(days[index + remaining - 1])


# --------------------------------------------------------------------------- references

@dataclass(frozen=True)
class ReferencePattern:
    """site.yaml's `foi.reference_pattern`: YYYY stands for the year, a run of N for digits."""

    text: str
    regex: re.Pattern
    digits: int

    def parse(self, reference: str) -> tuple[int, int] | None:
        """(year, number) of a reference that matches the pattern, else None."""
        match = self.regex.fullmatch(reference)
        return (int(match["year"]), int(match["number"])) if match else None

    def format(self, year: int, number: int) -> str:
        return "".join(f"{year:04d}" if t["year"] else
                       f"{number:0{self.digits}d}" if t["number"] else t[0]
                       for t in _PATTERN_TOKEN.finditer(self.text))

    @property
    def example(self) -> str:
        return self.format(2025, 42)


# YYYY, a run of N standing alone (not part of a word such as "NS"), or one character
_PATTERN_TOKEN = re.compile(r"(?P<year>YYYY)|(?<![A-MO-XZa-z])(?P<number>N+)(?![A-Za-z])|.",
                            re.DOTALL)


@functools.lru_cache(maxsize=16)
def compile_reference_pattern(text: str = DEFAULT_PATTERN) -> ReferencePattern:
    """Compile a reference pattern; ValueError with a plain-English message if unusable."""
    text = str(text)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
        raise ValueError(f"the FOI reference pattern '{text}' may use only letters, digits, "
                         "hyphens, underscores and dots, because each reference is also a "
                         "file name and part of a web address")
    tokens = list(_PATTERN_TOKEN.finditer(text))
    if sum(1 for t in tokens if t["year"]) != 1:
        raise ValueError(f"the FOI reference pattern '{text}' must contain YYYY once "
                         "(the year the request was received)")
    runs = [t["number"] for t in tokens if t["number"]]
    if len(runs) != 1:
        raise ValueError(f"the FOI reference pattern '{text}' must contain one run of N "
                         "(the request's number, one N per digit), e.g. FOI-YYYY-NNNN")
    parts = []
    for token in tokens:
        if token["year"]:
            parts.append(r"(?P<year>\d{4})")
        elif token["number"]:
            parts.append(rf"(?P<number>\d{{{len(token['number'])}}})")
        else:
            parts.append(re.escape(token[0]))
    return ReferencePattern(text, re.compile("".join(parts)), len(runs[0]))


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class InternalReview:
    requested: date
    completed: date | None  # None while the review is still under way
    outcome: str | None  # one of REVIEW_OUTCOMES once completed

    @property
    def working_days(self) -> int | None:
        """Working days the review took (the s45 Code expects 20, at most 40)."""
        return working_days(self.requested, self.completed) if self.completed else None


@dataclass(frozen=True)
class FoiRecord:
    source: str  # posix path from the site root, e.g. content/foi/2025/FOI-2025-0042.md
    url: str  # /foi/2025/FOI-2025-0042/
    reference: str
    title: str
    received: date
    responded: date
    outcome: str
    exemptions: tuple[str, ...]  # normalised codes, keys of EXEMPTIONS
    regime: str  # "foia" or "eir"
    topics: tuple[str, ...]
    extended_to: date | None
    internal_review: InternalReview | None
    attachments: tuple[Attachment, ...]
    body: str  # the whole markdown body
    body_line: int  # the file line on which the body starts
    request: str  # markdown of the '## Request' section (without its heading)
    response: str  # markdown of the '## Response' section
    working_days: int
    deadline: date  # the 20th working day after receipt
    in_time: bool  # answered by the deadline, or by extended_to where it is later
    summary: str  # the first sentence of the request, for listings
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def year(self) -> int:
        return self.received.year

    @property
    def published(self) -> date:
        return self.responded

    @property
    def last_updated(self) -> date:
        completed = self.internal_review.completed if self.internal_review else None
        return max(self.responded, completed) if completed else self.responded

    @property
    def scheme_class(self) -> str:
        return FOI_CLASS

    @property
    def due(self) -> date:
        """The date that applied: the deadline, or extended_to where it is later."""
        return max(self.deadline, self.extended_to) if self.extended_to else self.deadline

    @property
    def extended(self) -> bool:
        return self.extended_to is not None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def exemption_details(self) -> tuple[Exemption, ...]:
        return tuple(EXEMPTIONS[code] for code in self.exemptions)


def topic_slug(topic: str) -> str:
    """'Police and crime plan' -> 'police-and-crime-plan', for per-topic pages."""
    return re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-") or "topic"


def sort_newest_first(records: Iterable[FoiRecord]) -> list[FoiRecord]:
    return sorted(records, key=lambda r: (r.received, r.reference), reverse=True)


_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def body_sections(body: str) -> dict[str, tuple[int, str]]:
    """Level-2 sections of a markdown body: lower-cased heading -> (0-based line of the
    heading within the body, the section's markdown). Headings in code blocks are ignored."""
    sections: dict[str, tuple[int, str]] = {}
    current: str | None = None
    start = 0
    collected: list[str] = []
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            if current is not None and current not in sections:
                sections[current] = (start, "\n".join(collected).strip())
            current, start, collected = match[1].strip().lower(), index, []
        elif current is not None:
            collected.append(line)
    if current is not None and current not in sections:
        sections[current] = (start, "\n".join(collected).strip())
    return sections


def plain_text(markdown: str) -> str:
    """Markdown reduced to one line of plain text (for summaries and the dataset)."""
    lines = []
    for line in markdown.split("\n"):
        line = re.sub(r"^\s{0,3}(?:#+\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
        lines.append(line)
    text = " ".join(lines)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    return " ".join(text.split())


def first_sentence(markdown: str, limit: int = 300) -> str:
    """The first sentence of some markdown, as plain text, at most `limit` characters."""
    text = plain_text(markdown)
    match = re.search(r"[.?!](?=\s+[A-Z0-9\"'“‘(£])", text)
    sentence = text[:match.end()] if match else text
    if len(sentence) > limit:
        cut = sentence[:limit - 1].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


# --------------------------------------------------------------------------- reading

class _RecordReader:
    """Validates one record, collecting diagnostics as it goes."""

    def __init__(self, root: Path, source: Path, pattern: ReferencePattern, today: date):
        self.root = root
        self.source = source
        self.relative = _relative(source, root)
        self.pattern = pattern
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.doc: yaml_source.YamlDocument | None = None
        self.misspelt: set[str] = set()

    # -- reporting

    def position(self, path: tuple | None, at_value: bool = True) -> tuple[int | None,
                                                                           int | None]:
        if path is None:
            return 1, 1
        pos = self.doc.position(path, prefer_value=at_value) if self.doc else None
        return (pos.line, pos.column) if pos else (None, None)

    def report(self, code: str, message: str, hint: str, path: tuple | None = None,
               severity: Callable = error, at_value: bool = True,
               line: int | None = None) -> None:
        found_line, column = self.position(path, at_value)
        if line is not None:
            found_line, column = line, 1
        self.diagnostics.append(severity(code, message, path=self.relative, line=found_line,
                                         column=column, hint=hint))

    def missing(self, key: str) -> None:
        if key not in self.misspelt:
            example = {"reference": self.pattern.example, "received": "2025-03-03",
                       "responded": "2025-03-28", "outcome": "granted",
                       "title": "Cost of the office refurbishment"}.get(key, "...")
            self.report("foi.missing-key", f"'{key}' is required",
                        f"add '{key}: {example}' to the front matter ({FRONT_MATTER_KEYS[key]})")

    # -- values

    def text(self, data: dict, key: str, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            kind = "a list" if isinstance(value, list) else type(value).__name__
            self.report("foi.type", f"'{key}' should be text, not {kind}",
                        f"write {key} as a single line of text", (key,))
            return None
        value = " ".join(value.split())
        if not value:
            self.report("foi.empty", f"'{key}' is empty", f"write the {key}", (key,))
            return None
        return value

    def date(self, data: dict, key: str, required: bool, path: tuple | None = None,
             may_be_future: bool = False) -> date | None:
        path = path or (key,)
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        text = str(value).strip()
        day = None
        if isinstance(value, str) and _ISO_DATE.match(text):
            try:
                day = date.fromisoformat(text)
            except ValueError as exc:
                self.report("foi.date", f"'{key}': {text} is not a real date ({exc})",
                            "check the day and month; dates are written YYYY-MM-DD", path)
                return None
        if day is None:
            self.report("foi.date", f"'{key}': '{text}' is not an ISO date (YYYY-MM-DD)",
                        _date_hint(text), path)
            return None
        if day < FIRST_DAY:
            self.report("foi.date-range", f"'{key}' ({day}) is before 2005",
                        "the Freedom of Information Act and the EIR apply to requests from "
                        "1 January 2005; check the year", path)
            return None
        if day > self.today and not may_be_future:
            self.report("foi.future-date", f"'{key}' ({day}) is in the future",
                        f"today is {self.today}; the log holds requests already answered, "
                        "so check the year", path)
            return None
        return day

    def string_list(self, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.report("foi.type", f"'{key}' should be a list",
                        f"write it as a list: {key}: [{value}]", (key,))
            return ()
        if not isinstance(value, list):
            self.report("foi.type", f"'{key}' should be a list, not {type(value).__name__}",
                        f"write it as a list, e.g. {key}: [one, two]", (key,))
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) \
                    and str(item).strip():
                items.append(" ".join(str(item).split()))
            else:
                self.report("foi.type", f"'{key}' item {index + 1} should be text",
                            f"each {key} entry is a single word or phrase", (key, index))
        return tuple(items)

    def choice(self, data: dict, key: str, choices: tuple[str, ...], required: bool,
               path: tuple | None = None, default: str | None = None,
               code: str | None = None) -> str | None:
        path = path or (key,)
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return default
        text = str(value).strip()
        if text not in choices:
            self.report(code or f"foi.{key}",
                        f"'{key}' must be one of {', '.join(choices)}, not '{text}'"
                        f"{suggestion(text.lower().replace(' ', '-'), choices)}",
                        "use one of: " + ", ".join(choices), path)
            return None
        return text

    # -- keys

    def check_keys(self, data: dict, known: dict[str, str], parent: tuple = ()) -> None:
        for key in data:
            where = parent + (key,)
            if looks_like_requester(str(key)):
                self.report("foi.requester",
                            f"'{key}' looks like the requester's details, which the log "
                            "never holds", "delete this line: the disclosure log must not "
                            "identify who made the request (the response is published to "
                            "everyone)", where, at_value=False)
                continue
            if key in known:
                continue
            near = did_you_mean(str(key), known)
            self.misspelt.add(near or "")
            hint = PAGE_ONLY_KEYS.get(str(key)) if not parent else None
            hint = (hint + "; remove this line") if hint else "known keys: " + ", ".join(known)
            self.report("foi.unknown-key", f"unknown key '{key}'{suggestion(str(key), known)}",
                        hint, where, at_value=False)

    # -- the file

    def read(self, text: str | None = None) -> FoiRecord | None:
        if text is None:
            text = self.read_text()
            if text is None:
                return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.startswith("---\n"):
            self.report("foi.front-matter", "the record has no front matter",
                        "start the file with a '---' line, the keys (reference, title, "
                        "received, responded, outcome), then another '---' line")
            return None
        parts = split_front_matter(text)
        if parts is None:
            self.report("foi.front-matter", "the front matter has no closing '---' line",
                        "add a line with just '---' after the last front-matter key")
            return None
        yaml_text, body, body_line = parts
        try:
            self.doc = yaml_source.load(yaml_text, line_offset=1)
        except yaml_source.YamlSyntaxError as exc:
            self.diagnostics.append(error("foi.yaml", exc.message, path=self.relative,
                                          line=exc.line, column=exc.column, hint=exc.hint))
            return None
        data = self.doc.data if self.doc.data is not None else {}
        if not isinstance(data, dict):
            self.report("foi.front-matter", "the front matter must be 'key: value' lines",
                        "write each key on its own line, e.g. 'title: Cost of the refurbishment'")
            return None
        return self.validate(data, body, body_line)

    def read_text(self) -> str | None:
        raw = self.source.read_bytes()
        if b"\x00" in raw[:8192]:
            self.report("foi.encoding", "this is not a text file",
                        "only markdown records (REFERENCE.md) and their attachments belong "
                        "in content/foi/")
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            self.diagnostics.append(error(
                "foi.encoding", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                path=self.relative, line=line, hint="save the file as UTF-8"))
            return None

    def validate(self, data: dict[str, Any], body: str, body_line: int) -> FoiRecord | None:
        self.check_keys(data, FRONT_MATTER_KEYS)
        reference = self.text(data, "reference", required=True)
        title = self.text(data, "title", required=True)
        received = self.date(data, "received", required=True)
        responded = self.date(data, "responded", required=True)
        outcome = self.choice(data, "outcome", OUTCOMES, required=True)
        regime = self.choice(data, "regime", REGIMES, required=False, default="foia")
        exemptions = self.exemptions(data, regime or "foia")
        topics = self.string_list(data, "topics")
        extended_to = self.date(data, "extended_to", required=False, may_be_future=True)
        review = self.review(data)
        attachments = self.attachments(data)
        draft = self.draft(data)
        if reference:
            self.check_reference(reference, received)
        sections = self.sections(body, body_line)
        if received and responded:
            self.consistency(received, responded, outcome, exemptions, regime, extended_to,
                             review)
        if any(d.severity == "error" for d in self.diagnostics) or None in (
                reference, title, received, responded, outcome, regime, sections):
            return None
        request, response = sections
        limit = deadline(received)
        due = max(limit, extended_to) if extended_to else limit
        key_lines = {key: pos.line for (key, *rest), pos in self.doc.key_positions.items()
                     if not rest} if self.doc else {}
        return FoiRecord(
            source=self.relative,
            url=f"/{FOI_DIR}/{received.year}/{reference}/",
            reference=reference, title=title, received=received, responded=responded,
            outcome=outcome, exemptions=exemptions, regime=regime, topics=topics,
            extended_to=extended_to, internal_review=review, attachments=attachments,
            body=body, body_line=body_line, request=request, response=response,
            working_days=working_days(received, responded), deadline=limit,
            in_time=responded <= due, summary=first_sentence(request), draft=draft,
            key_lines=key_lines,
        )

    def draft(self, data: dict) -> bool:
        value = data.get("draft", False)
        if not isinstance(value, bool):
            self.report("foi.type", f"'draft' should be true or false, not '{value}'",
                        "write 'draft: true' or remove the key", ("draft",))
            return False
        return value

    def exemptions(self, data: dict, regime: str) -> tuple[str, ...]:
        codes: list[str] = []
        for index, written in enumerate(self.string_list(data, "exemptions")):
            code = normalise_exemption(written, regime)
            where = ("exemptions", index)
            if code is None:
                self.report("foi.exemption", f"unknown exemption '{written}'"
                            f"{_closest_exemption(written, regime)}",
                            "write FOIA sections 21 to 44 as s40(2) or s31(1)(a), the cost "
                            "limit as s12, vexatious requests as s14(1), and EIR exceptions "
                            "as reg12(4)(b) or reg12(5)(e)", where)
                continue
            found = EXEMPTIONS[code]
            if found.regime == "eir" and regime != "eir":
                self.report("foi.exemption", f"'{written}' is an Environmental Information "
                            "Regulations exception, but the request was handled under FOIA",
                            "add 'regime: eir' if the EIR applied, or cite the FOIA section",
                            where)
                continue
            if found.regime == "foia" and regime == "eir" and found.section != "s39":
                self.report("foi.exemption", f"'{written}' is a FOIA section on a request "
                            "handled under the EIR", "the EIR use regulations 12 and 13 "
                            "(e.g. reg12(5)(e), reg13); if part of the request fell under "
                            "FOIA this is fine", where, severity=warning)
            if code in codes:
                self.report("foi.exemption-duplicate", f"'{written}' is listed twice",
                            "list each exemption once", where, severity=warning)
                continue
            codes.append(code)
        return tuple(codes)

    def review(self, data: dict) -> InternalReview | None:
        value = data.get("internal_review")
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report("foi.type", "'internal_review' should be a mapping",
                        "write it as internal_review: {requested: 2025-04-02, completed: "
                        "2025-04-25, outcome: upheld}", ("internal_review",))
            return None
        self.check_keys(value, REVIEW_KEYS, ("internal_review",))
        base = ("internal_review",)
        requested = self.date(value, "requested", True, base + ("requested",))
        completed = self.date(value, "completed", False, base + ("completed",))
        outcome = self.choice(value, "outcome", REVIEW_OUTCOMES, False, base + ("outcome",),
                              code="foi.review")
        if completed and outcome is None and "outcome" not in value:
            self.report("foi.review", "the internal review is completed but has no outcome",
                        "add 'outcome: upheld', 'partially-upheld' or 'overturned'", base)
        if value.get("outcome") is not None and "completed" not in value:
            self.report("foi.review", "the internal review has an outcome but no "
                        "'completed' date", "add 'completed: YYYY-MM-DD'", base + ("outcome",))
        if requested and completed and completed < requested:
            self.report("foi.review-date", f"the internal review was completed ({completed}) "
                        f"before it was requested ({requested})", "check both dates",
                        base + ("completed",))
        if requested is None:
            return None
        return InternalReview(requested, completed, outcome)

    def attachments(self, data: dict) -> tuple[Attachment, ...]:
        value = data.get("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report("foi.type", "'attachments' should be a list of {file, title}",
                        "write each attachment as '- {file: costs.csv, title: Costs}'",
                        ("attachments",))
            return ()
        return tuple(a for a in (self.attachment(i, item) for i, item in enumerate(value)) if a)

    def attachment(self, index: int, item: Any) -> Attachment | None:
        where = ("attachments", index)
        if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
            self.report("foi.attachment", f"attachment {index + 1} needs 'file' and 'title'",
                        "write it as '- {file: costs.csv, title: Costs}'", where)
            return None
        for key in sorted(set(item) - {"file", "title"}):
            self.report("foi.unknown-key", f"unknown attachment key '{key}'"
                        f"{suggestion(str(key), ['file', 'title'])}",
                        "an attachment has only 'file' and 'title'", where)
        name = str(item["file"])
        folder = self.source.parent
        resolved = (folder / name).resolve()
        if ".." in PurePosixPath(name).parts or name.startswith("/") or \
                not resolved.is_relative_to(folder.resolve()):
            self.report("attachment.path", f"attachment '{name}' is outside the record's folder",
                        "put the file beside the record and give its plain file name", where)
            return None
        if not resolved.is_file():
            self.report("attachment.missing", f"attachment '{name}' does not exist",
                        f"put {name} in {_relative(folder, self.root)}/ or correct the name",
                        where)
            return None
        content = (self.root / CONTENT_DIR).resolve()
        line, _ = self.position(where)
        return Attachment(
            file=name, title=" ".join(str(item["title"]).split()), source=resolved,
            url="/" + resolved.relative_to(content).as_posix(), size=resolved.stat().st_size,
            type_label=FILE_TYPES.get(resolved.suffix.lower(),
                                      resolved.suffix.lstrip(".").upper() or "File"),
            line=line)

    def check_reference(self, reference: str, received: date | None) -> None:
        parsed = self.pattern.parse(reference)
        if parsed is None:
            self.report("foi.reference", f"the reference '{reference}' does not follow the "
                        f"pattern {self.pattern.text}",
                        f"write it like {self.pattern.example} (YYYY is the year received, "
                        "N a digit)", ("reference",))
            return
        year, _ = parsed
        stem = PurePosixPath(self.relative).stem
        if stem != reference:
            self.report("foi.filename", f"the file is named '{stem}.md' but the reference is "
                        f"'{reference}'", f"rename the file to {reference}.md",
                        ("reference",))
        if received and year != received.year:
            self.report("foi.reference-year", f"the reference '{reference}' is for {year}, "
                        f"but the request was received in {received.year}",
                        "the year in the reference is the year the request was received; "
                        "check both", ("reference",))
        folder = PurePosixPath(self.relative).parent.name
        if received and folder != str(received.year):
            self.report("foi.year-folder", f"the record is in the folder '{folder}/' but the "
                        f"request was received in {received.year}",
                        f"move it to content/{FOI_DIR}/{received.year}/", ("received",))

    def sections(self, body: str, body_line: int) -> tuple[str, str] | None:
        found = body_sections(body)
        texts = []
        for name in ("request", "response"):
            if name not in found:
                self.report("foi.body", f"the record has no '## {name.capitalize()}' section",
                            f"add a line '## {name.capitalize()}' followed by the "
                            f"{name} in plain English", line=body_line)
                continue
            line, text = found[name]
            if not text:
                self.report("foi.body", f"the '## {name.capitalize()}' section is empty",
                            f"write the {name} under its heading", line=body_line + line)
            texts.append(text)
        if "request" in found and "response" in found and \
                found["response"][0] < found["request"][0]:
            self.report("foi.body", "'## Response' comes before '## Request'",
                        "put the request first, then the response",
                        line=body_line + found["response"][0], severity=warning)
        return tuple(texts) if len(texts) == 2 else None

    def consistency(self, received: date, responded: date, outcome: str | None,
                    exemptions: tuple[str, ...], regime: str | None,
                    extended_to: date | None, review: InternalReview | None) -> None:
        """The checks across keys: dates in order, exemptions that fit the outcome."""
        if responded < received:
            self.report("foi.date-order", f"'responded' ({responded}) is before 'received' "
                        f"({received})", "a request cannot be answered before it arrives; "
                        "check both dates", ("responded",))
        details = [EXEMPTIONS[c] for c in exemptions]
        if outcome in ("refused", "partially-granted") and not exemptions:
            self.report("foi.exemption-missing", f"a {outcome} request must cite the "
                        "exemption relied on", "add e.g. 'exemptions: [s40(2)]'; a refusal "
                        "on cost is s12, a vexatious request s14(1)",
                        ("outcome",))
        if outcome == "granted" and exemptions:
            self.report("foi.exemption-granted", "an exemption is cited on a request granted "
                        "in full", "if some information was withheld the outcome is "
                        "'partially-granted'; otherwise remove the exemptions",
                        ("exemptions",))
        if extended_to:
            self.extension(received, extended_to, details, regime)
        if review and review.requested < responded:
            self.report("foi.review-date", f"the internal review was requested "
                        f"({review.requested}) before the response ({responded})",
                        "a review is asked for after the response; check the dates",
                        ("internal_review", "requested"))
        codes = {d.section for d in details}
        if "s12" in codes and len(details) > 1:
            self.report("foi.s12-combined", "section 12 (cost) is cited with other exemptions",
                        "when the cost limit applies the request is refused as a whole and "
                        "normally no other exemption is considered; cite s12 alone or "
                        "remove it", ("exemptions",), severity=warning)

    def extension(self, received: date, extended_to: date, details: list[Exemption],
                  regime: str | None) -> None:
        where = ("extended_to",)
        if extended_to <= received:
            self.report("foi.date-order", f"'extended_to' ({extended_to}) is not after "
                        f"'received' ({received})", "check the date", where)
            return
        if regime != "eir":  # EIR reg 7 extends for complexity, with or without exceptions
            if not details:
                self.report("foi.extension-no-exemption", "a public-interest extension is "
                            "recorded but no exemption is cited", "section 10(3) extends the "
                            "time only to consider the public interest in a qualified "
                            "exemption: cite it, or remove 'extended_to'", where)
            elif not any(d.qualified for d in details):
                cited = ", ".join(d.code for d in details)
                self.report("foi.extension-absolute", f"a public-interest extension is "
                            f"recorded but {cited} has no public interest test",
                            "absolute exemptions, s12 and s14 allow no extension: only "
                            "qualified exemptions do; remove 'extended_to' or cite the "
                            "qualified exemption considered", where)
        if extended_to <= deadline(received):
            self.report("foi.extension", f"'extended_to' ({extended_to}) is not after the "
                        f"normal deadline ({deadline(received)})", "an extension moves the "
                        "deadline later; check the date or remove the key", where,
                        severity=warning)
        elif extended_to > deadline(received, EXTENDED_LIMIT):
            self.report("foi.extension", f"'extended_to' ({extended_to}) is more than "
                        f"{EXTENDED_LIMIT} working days after receipt",
                        "the EIR allow at most 40 working days and the FOI Code of Practice "
                        "expects an extension of no more than 20 further working days",
                        where, severity=warning)


def _date_hint(text: str) -> str:
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f"write dates as YYYY-MM-DD: {date(year, month, day).isoformat()}"
        except ValueError:
            return "that day does not exist; write dates as YYYY-MM-DD"
    return "write dates as YYYY-MM-DD, e.g. 2025-03-28"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- loading

def find_records(root: Path) -> list[Path]:
    folder = root / CONTENT_DIR / FOI_DIR
    return sorted(p for p in folder.rglob("*.md") if p.is_file()) if folder.is_dir() else []


def load_record(root: Path, source: Path, pattern: ReferencePattern | str,
                today: date) -> tuple[FoiRecord | None, list[Diagnostic]]:
    if isinstance(pattern, str):
        pattern = compile_reference_pattern(pattern)
    reader = _RecordReader(root, source, pattern, today)
    relative = PurePosixPath(reader.relative)
    if len(relative.parts) != 4 or not re.fullmatch(r"\d{4}", relative.parts[2]):
        reader.report("foi.location", "FOI records go in a folder named after the year "
                      "received", f"move it to content/{FOI_DIR}/YEAR/REFERENCE.md, "
                      f"e.g. content/{FOI_DIR}/2025/{pattern.example}.md")
        return None, reader.diagnostics
    return reader.read(), reader.diagnostics


def load_foi(root: Path, reference_pattern: str = DEFAULT_PATTERN, today: date | None = None,
             include_drafts: bool = False) -> tuple[list[FoiRecord], list[Diagnostic]]:
    """Read content/foi/**/*.md. Returns the published records, newest first, and every
    problem found. Drafts are validated too; their problems are warnings unless
    `include_drafts` (preview) publishes them."""
    today = today or date.today()
    try:
        pattern = compile_reference_pattern(reference_pattern)
    except ValueError as exc:
        return [], [error("config.foi", str(exc), path="site.yaml",
                          hint="set foi: {reference_pattern: FOI-YYYY-NNNN} in site.yaml")]
    records: list[FoiRecord] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for source in find_records(root):
        record, found = load_record(root, source, pattern, today)
        is_draft = record.draft if record else _looks_like_draft(source)
        if is_draft and not include_drafts:
            found = [warning(d.code, f"(draft, not published) {d.message}", path=d.path,
                             line=d.line, column=d.column, hint=d.hint)
                     if d.severity == "error" else d for d in found]
        diagnostics.extend(found)
        if record is None or (record.draft and not include_drafts):
            continue
        if record.reference in seen:
            diagnostics.append(error(
                "foi.duplicate-reference", f"the reference '{record.reference}' is also used "
                f"by {seen[record.reference]}", path=record.source,
                line=record.key_lines.get("reference"), column=1,
                hint="each request has its own reference; allocate the next free one"))
            continue
        seen[record.reference] = record.source
        records.append(record)
    return sort_newest_first(records), diagnostics


def _looks_like_draft(source: Path) -> bool:
    try:
        head = source.read_text("utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return re.search(r"^draft:\s*true\s*(#.*)?$", head, re.MULTILINE) is not None


# --------------------------------------------------------------------------- open data

LOG_DATASET = "foi-disclosure-log"
LIST_SEPARATOR = "; "


def log_schema(pattern: str = DEFAULT_PATTERN) -> dict:
    """The Table Schema of the log dataset (one row per request)."""
    compiled = compile_reference_pattern(pattern)
    regex = compiled.regex.pattern
    regex = re.sub(r"\(\?P<\w+>", "(", regex)
    date_field = {"type": "date", "format": "default"}
    return {
        "fields": [
            {"name": "reference", "title": "Reference", "type": "string",
             "description": f"The request's reference, e.g. {compiled.example}",
             "constraints": {"required": True, "unique": True, "pattern": regex}},
            {"name": "title", "title": "Title", "type": "string",
             "description": "A short title of the request", "constraints": {"required": True}},
            {"name": "url", "title": "Web page", "type": "string",
             "description": "The request's page on this site, with the request and response"},
            {"name": "regime", "title": "Legislation", "type": "string",
             "description": "foia: Freedom of Information Act 2000; eir: Environmental "
             "Information Regulations 2004",
             "constraints": {"required": True, "enum": list(REGIMES)}},
            {"name": "received", "title": "Date received", **date_field,
             "description": "The date the request was received",
             "constraints": {"required": True}},
            {"name": "responded", "title": "Date answered", **date_field,
             "description": "The date the response was sent", "constraints": {"required": True}},
            {"name": "outcome", "title": "Outcome", "type": "string",
             "description": "granted, partially-granted, refused, not-held or withdrawn",
             "constraints": {"required": True, "enum": list(OUTCOMES)}},
            {"name": "exemptions", "title": "Exemptions", "type": "string",
             "description": "The exemptions relied on (FOIA sections such as s40(2), EIR "
             f"regulations such as reg12(5)(e)), separated by '{LIST_SEPARATOR.strip()}'"},
            {"name": "topics", "title": "Topics", "type": "string",
             "description": f"Topics of the request, separated by '{LIST_SEPARATOR.strip()}'"},
            {"name": "working_days", "title": "Working days taken", "type": "integer",
             "description": "Working days from receipt to response, counted as FOIA section "
             "10 counts them: the day after receipt is day one; weekends, Christmas Day, Good "
             "Friday and bank holidays in any part of the UK are not working days",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "deadline", "title": "Deadline", **date_field,
             "description": "The 20th working day after receipt",
             "constraints": {"required": True}},
            {"name": "extended_to", "title": "Extended to", **date_field,
             "description": "The extended deadline, where the time was extended to consider "
             "the public interest (FOIA) or for a complex request (EIR); empty otherwise"},
            {"name": "in_time", "title": "Answered in time", "type": "boolean",
             "description": "true if answered by the deadline, or by the extended deadline",
             "trueValues": ["true"], "falseValues": ["false"],
             "constraints": {"required": True}},
            {"name": "internal_review_requested", "title": "Internal review requested",
             **date_field, "description": "The date an internal review was asked for; empty "
             "if none was"},
            {"name": "internal_review_completed", "title": "Internal review completed",
             **date_field, "description": "The date the internal review was answered"},
            {"name": "internal_review_outcome", "title": "Internal review outcome",
             "type": "string", "description": "upheld, partially-upheld or overturned",
             "constraints": {"enum": list(REVIEW_OUTCOMES)}},
        ],
        "primaryKey": ["reference"],
        "missingValues": [""],
    }


LOG_SCHEMA = log_schema()
LOG_FIELDS = tuple(f["name"] for f in LOG_SCHEMA["fields"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def log_rows(records: Iterable[FoiRecord], base_url: str = "") -> list[dict]:
    """One row per request, newest first, without the request and response bodies.

    Values are JSON-ready: text, integers, booleans, or None for an empty cell. Lists
    (exemptions, topics) are joined with '; '. `base_url` is put before each page path."""
    rows = []
    for record in sort_newest_first(records):
        review = record.internal_review
        rows.append({
            "reference": record.reference,
            "title": record.title,
            "url": base_url.rstrip("/") + record.url,
            "regime": record.regime,
            "received": record.received.isoformat(),
            "responded": record.responded.isoformat(),
            "outcome": record.outcome,
            "exemptions": LIST_SEPARATOR.join(record.exemptions) or None,
            "topics": LIST_SEPARATOR.join(record.topics) or None,
            "working_days": record.working_days,
            "deadline": record.deadline.isoformat(),
            "extended_to": _iso(record.extended_to),
            "in_time": record.in_time,
            "internal_review_requested": _iso(review.requested) if review else None,
            "internal_review_completed": _iso(review.completed) if review else None,
            "internal_review_outcome": review.outcome if review else None,
        })
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows_csv(rows: list[dict], fields: Iterable[str]) -> bytes:
    """CSV (UTF-8, comma, CRLF line ends as RFC 4180) of JSON-ready rows."""
    fields = list(fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return out.getvalue().encode("utf-8")


def log_csv(rows: list[dict]) -> bytes:
    return rows_csv(rows, LOG_FIELDS)


def log_json(rows: list[dict]) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def validate_rows(data: bytes, schema: dict, path: str) -> list[Diagnostic]:
    """Validate CSV bytes against a Table Schema with frictionless; one diagnostic per error."""
    from frictionless import Resource, Schema

    resource = Resource(data=data, format="csv", schema=Schema.from_descriptor(schema))
    report = resource.validate()
    return [error("foi.dataset", f"{kind}: {note}", path=path, row=row, field=name,
                  hint="this is a bug in the generator's FOI dataset; please report it")
            for row, name, kind, note in report.flatten(["rowNumber", "fieldName", "type",
                                                         "note"])]


def validate_log(rows: list[dict], schema: dict | None = None,
                 path: str = f"datasets/{LOG_DATASET}/{LOG_DATASET}.csv") -> list[Diagnostic]:
    return validate_rows(log_csv(rows), schema or LOG_SCHEMA, path)


# --------------------------------------------------------------------------- statistics

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class PeriodStatistics:
    key: str  # "2025-Q1" or "2025"
    label: str  # "2025 Q1 (January to March)" or "2025"
    start: date
    end: date  # inclusive
    received: int  # requests received in the period
    answered: int  # requests answered in the period (withdrawn ones excluded)
    in_time: int  # of those answered, how many by the deadline (or extended deadline)
    late: int
    extended: int  # answered with a public-interest (or EIR reg 7) extension
    withdrawn: int  # requests withdrawn (closed) in the period
    outcomes: dict[str, int]  # every outcome in OUTCOMES order, zeros included
    exemptions: dict[str, int]  # code -> times cited on requests answered; most cited first
    reviews_requested: int
    reviews_completed: int
    review_outcomes: dict[str, int]  # every review outcome, zeros included
    partial: bool = False  # the period has not ended yet (when `today` was given)

    @property
    def in_time_percent(self) -> float | None:
        """Share of answered requests answered in time, to one decimal place."""
        return round(100 * self.in_time / self.answered, 1) if self.answered else None

    @property
    def refused_in_full(self) -> int:
        return self.outcomes.get("refused", 0)


@dataclass(frozen=True)
class Statistics:
    """FOI statistics by calendar quarter (January to March is Q1) and calendar year,
    oldest first, every period from the first to the last included even when empty.

    Requests count as received in the period of their `received` date; everything about
    the answer (answered, in time, late, extended, outcomes, exemptions) in the period of
    their `responded` date; internal reviews as requested on `requested` and completed,
    with their outcome, on `completed`. Withdrawn requests are counted as withdrawn, not
    as answered, and are left out of the in-time share."""

    quarters: tuple[PeriodStatistics, ...]
    years: tuple[PeriodStatistics, ...]
    total: PeriodStatistics
    pending_reviews: int  # reviews requested and not yet completed


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    first = MONTHS[(quarter - 1) * 3]
    last = MONTHS[(quarter - 1) * 3 + 2]
    return f"{year} Q{quarter} ({first} to {last})"


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def _period(key: str, label: str, start: date, end: date, records: list[FoiRecord],
            today: date | None) -> PeriodStatistics:
    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    answered = [r for r in records if within(r.responded) and r.outcome != "withdrawn"]
    closed = [r for r in records if within(r.responded)]
    exemptions: dict[str, int] = {}
    for record in closed:
        for code in record.exemptions:
            exemptions[code] = exemptions.get(code, 0) + 1
    reviews = [r.internal_review for r in records if r.internal_review]
    completed = [v for v in reviews if within(v.completed)]
    return PeriodStatistics(
        key=key, label=label, start=start, end=end,
        received=sum(1 for r in records if within(r.received)),
        answered=len(answered),
        in_time=sum(1 for r in answered if r.in_time),
        late=sum(1 for r in answered if not r.in_time),
        extended=sum(1 for r in answered if r.extended),
        withdrawn=len(closed) - len(answered),
        outcomes={o: sum(1 for r in closed if r.outcome == o) for o in OUTCOMES},
        exemptions=dict(sorted(exemptions.items(), key=lambda kv: (-kv[1], _code_order(kv[0])))),
        reviews_requested=sum(1 for v in reviews if within(v.requested)),
        reviews_completed=len(completed),
        review_outcomes={o: sum(1 for v in completed if v.outcome == o)
                         for o in REVIEW_OUTCOMES},
        partial=today is not None and end >= today,
    )


def _code_order(code: str) -> tuple:
    """s12 < s14(1) < s21 < s31(1)(a) < s40(2) < reg12(4)(b): by regime, then numbers."""
    regime = 1 if code.startswith("reg") else 0
    parts = re.findall(r"\d+|[A-Za-z]+", code.removeprefix("reg").removeprefix("s"))
    return (regime, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


def statistics(records: Iterable[FoiRecord], today: date | None = None) -> Statistics:
    """Statistics per calendar quarter and calendar year (see `Statistics`). With `today`,
    periods after it are left out and the current one is marked `partial`."""
    records = list(records)
    days = [d for r in records for d in (r.received, r.responded,
                                         *((r.internal_review.requested,
                                            r.internal_review.completed)
                                           if r.internal_review else ())) if d]
    if today is not None:
        days = [d for d in days if d <= today]
    if not days:
        empty = _period("all", "All requests", date.min, date.max, [], today)
        return Statistics((), (), empty, 0)
    first, last = min(days), max(days)
    quarters = []
    year, quarter = quarter_of(first)
    while (year, quarter) <= quarter_of(last):
        start, end = _quarter_bounds(year, quarter)
        quarters.append(_period(f"{year}-Q{quarter}", quarter_label(year, quarter), start, end,
                                records, today))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    years = tuple(_period(str(y), str(y), date(y, 1, 1), date(y, 12, 31), records, today)
                  for y in range(first.year, last.year + 1))
    total = _period("all", "All requests", first, last, records, None)
    pending = sum(1 for r in records if r.internal_review and not r.internal_review.completed)
    return Statistics(tuple(quarters), years, total, pending)


STATISTICS_SCHEMA = {
    "fields": [
        {"name": "period_type", "title": "Period type", "type": "string",
         "description": "quarter (calendar quarter) or year (calendar year)",
         "constraints": {"required": True, "enum": ["quarter", "year"]}},
        {"name": "period", "title": "Period", "type": "string",
         "description": "e.g. 2025-Q1 or 2025", "constraints": {"required": True,
                                                               "unique": True}},
        {"name": "label", "title": "Label", "type": "string",
         "description": "e.g. 2025 Q1 (January to March)"},
        {"name": "start", "title": "First day", "type": "date"},
        {"name": "end", "title": "Last day", "type": "date"},
        {"name": "received", "title": "Requests received", "type": "integer"},
        {"name": "answered", "title": "Requests answered", "type": "integer",
         "description": "Requests answered in the period, withdrawn requests excluded"},
        {"name": "answered_in_time", "title": "Answered in time", "type": "integer"},
        {"name": "answered_late", "title": "Answered late", "type": "integer"},
        {"name": "percent_in_time", "title": "Percentage answered in time", "type": "number",
         "description": "Empty when no request was answered in the period"},
        {"name": "extended", "title": "Answered after an extension", "type": "integer"},
        *({"name": o.replace("-", "_"), "title": OUTCOME_LABELS[o], "type": "integer"}
          for o in OUTCOMES),
        {"name": "exemptions_cited", "title": "Exemptions cited", "type": "string",
         "description": "Each exemption with the number of answered requests citing it, "
         "e.g. 's40(2): 5; s43(2): 2'"},
        {"name": "reviews_requested", "title": "Internal reviews requested", "type": "integer"},
        {"name": "reviews_completed", "title": "Internal reviews completed", "type": "integer"},
        *({"name": "review_" + o.replace("-", "_"), "title": "Reviews: "
           + REVIEW_OUTCOME_LABELS[o].lower(), "type": "integer"} for o in REVIEW_OUTCOMES),
        {"name": "partial", "title": "Period not yet ended", "type": "boolean",
         "trueValues": ["true"], "falseValues": ["false"]},
    ],
    "primaryKey": ["period"],
    "missingValues": [""],
}
STATISTICS_FIELDS = tuple(f["name"] for f in STATISTICS_SCHEMA["fields"])


def statistics_rows(stats: Statistics) -> list[dict]:
    """One JSON-ready row per quarter, then one per year, for a CSV (STATISTICS_SCHEMA)."""
    rows = []
    for period_type, periods in (("quarter", stats.quarters), ("year", stats.years)):
        for p in periods:
            rows.append({
                "period_type": period_type, "period": p.key, "label": p.label,
                "start": p.start.isoformat(), "end": p.end.isoformat(),
                "received": p.received, "answered": p.answered,
                "answered_in_time": p.in_time, "answered_late": p.late,
                "percent_in_time": p.in_time_percent, "extended": p.extended,
                **{o.replace("-", "_"): p.outcomes[o] for o in OUTCOMES},
                "exemptions_cited": LIST_SEPARATOR.join(
                    f"{code}: {n}" for code, n in p.exemptions.items()) or None,
                "reviews_requested": p.reviews_requested,
                "reviews_completed": p.reviews_completed,
                **{"review_" + o.replace("-", "_"): p.review_outcomes[o]
                   for o in REVIEW_OUTCOMES},
                "partial": p.partial,
            })
    return rows


def statistics_csv(stats: Statistics) -> bytes:
    return rows_csv(statistics_rows(stats), STATISTICS_FIELDS)


# --------------------------------------------------------------------------- writing records

def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (plain where that is safe)."""
    plain = (value and value == value.strip() and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
             and ": " not in value and " #" not in value and not value.endswith(":")
             and not re.search(r"[,\[\]{}\n\t]", value)
             and not re.fullmatch(r"(?i)true|false|null|yes|no|on|off|~|[-+.\d:eE_]+", value))
    return value if plain else json.dumps(value, ensure_ascii=False)


def _yaml_value(value: str) -> str:
    """Dates stay plain (the loader keeps them as text and validates them); the rest as
    `_yaml_text`."""
    return value if _ISO_DATE.match(value) else _yaml_text(value)


def _yaml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_yaml_text(v) for v in values) + "]"


RECORD_PLACEHOLDER_REQUEST = ("Write the request here in plain English, without the "
                              "requester's name or contact details.")
RECORD_PLACEHOLDER_RESPONSE = "Write the response here."


def record_text(fields: dict[str, Any], request: str | None, response: str | None,
                draft: bool = False) -> str:
    """A record file: front matter in the usual key order, then the two sections."""
    lines = ["---"]
    for key in ("reference", "title", "received", "responded", "outcome"):
        if fields.get(key) is not None:
            lines.append(f"{key}: {_yaml_value(str(fields[key]))}")
    lines.append(f"exemptions: {_yaml_list(fields.get('exemptions') or [])}")
    lines.append(f"topics: {_yaml_list(fields.get('topics') or [])}")
    if fields.get("regime") and fields["regime"] != "foia":
        lines.append(f"regime: {fields['regime']}")
    if fields.get("extended_to"):
        lines.append(f"extended_to: {fields['extended_to']}")
    review = {k: fields.get(f"review_{k}") for k in REVIEW_KEYS}
    if any(review.values()):
        inner = ", ".join(f"{k}: {_yaml_value(str(v))}" for k, v in review.items() if v)
        lines.append(f"internal_review: {{{inner}}}")
    if draft:
        lines.append("draft: true  # remove this line once the request and response are "
                     "written and checked")
    lines += ["---", "", "## Request", "", (request or RECORD_PLACEHOLDER_REQUEST).strip(), "",
              "## Response", "", (response or RECORD_PLACEHOLDER_RESPONSE).strip(), ""]
    return "\n".join(lines)


def existing_references(root: Path, pattern: ReferencePattern) -> dict[str, Path]:
    """reference -> file, from the record file names under content/foi/."""
    return {p.stem: p for p in find_records(root) if pattern.parse(p.stem)}


def next_reference(root: Path, year: int, pattern: ReferencePattern | str,
                   taken: Iterable[str] = (), scan: bool = True) -> str:
    """The next free reference of `year`: one more than the highest already used (in
    content/foi/ when `scan`, and in `taken`)."""
    if isinstance(pattern, str):
        pattern = compile_reference_pattern(pattern)
    found = existing_references(root, pattern) if scan else {}
    numbers = [parsed[1] for ref in (*found, *taken)
               if (parsed := pattern.parse(ref)) and parsed[0] == year]
    number = max(numbers, default=0) + 1
    if number >= 10 ** pattern.digits:
        raise ValueError(f"no reference is free in {year}: {pattern.text} allows "
                         f"{10 ** pattern.digits - 1} requests a year")
    return pattern.format(year, number)


NEW_RECORD_TEMPLATE = """\
---
reference: {reference}
title: {title}
received: {received}
# responded: YYYY-MM-DD     # the date the response was sent
# outcome: granted          # granted, partially-granted, refused, not-held or withdrawn
exemptions: []              # e.g. [s40(2), s43(2)]; s12 for cost, s14(1) for vexatious
topics: []                  # e.g. [budget, precept]
# regime: eir               # only if the Environmental Information Regulations applied
# extended_to: YYYY-MM-DD   # public-interest extension (needs a qualified exemption)
# internal_review: {{requested: YYYY-MM-DD, completed: YYYY-MM-DD, outcome: upheld}}
# attachments:              # files beside this record
#   - {{file: {file_stem}-data.csv, title: Title of the document}}
draft: true                 # remove this line once the response is sent
---

## Request

{request}

## Response

{response}
"""


def new_foi_record(root: Path, title: str, received: date,
                   pattern: str = DEFAULT_PATTERN) -> Path:
    """Create content/foi/YEAR/REFERENCE.md (a draft) with the next free reference of the
    year received, and return its path. ValueError if no reference is free."""
    compiled = compile_reference_pattern(pattern)
    reference = next_reference(root, received.year, compiled)
    target = root / CONTENT_DIR / FOI_DIR / str(received.year) / f"{reference}.md"
    text = NEW_RECORD_TEMPLATE.format(
        reference=reference, title=_yaml_text(" ".join(title.split())),
        received=received.isoformat(), file_stem=reference.lower(),
        request=RECORD_PLACEHOLDER_REQUEST, response=RECORD_PLACEHOLDER_RESPONSE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text)
    return target


# --------------------------------------------------------------------------- import

IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    # field -> column headings recognised without a mapping (compared lower-cased, with
    # punctuation read as spaces)
    "reference": ("reference", "ref", "case reference", "case ref", "request reference",
                  "our reference", "foi reference", "case number", "case id", "request id"),
    "title": ("title", "subject", "request title", "request subject", "short description"),
    "received": ("received", "date received", "received date", "date of receipt",
                 "receipt date", "date logged"),
    "responded": ("responded", "date responded", "response date", "date of response",
                  "responded date", "date closed", "closed date", "date sent", "sent date"),
    "outcome": ("outcome", "decision", "result", "response type"),
    "exemptions": ("exemptions", "exemption", "exemptions applied", "exemptions used",
                   "exceptions", "exemptions exceptions"),
    "topics": ("topics", "topic", "category", "categories", "subject area", "theme",
               "themes", "tags"),
    "regime": ("regime", "legislation", "act", "request type"),
    "extended_to": ("extended to", "extended deadline", "extension date", "pit extension",
                    "public interest extension", "extended due date"),
    "review_requested": ("internal review requested", "review requested", "ir requested",
                         "date review requested"),
    "review_completed": ("internal review completed", "review completed", "ir completed",
                         "date review completed"),
    "review_outcome": ("internal review outcome", "review outcome", "ir outcome"),
    "request": ("request", "request text", "request details", "details of request",
                "question", "questions"),
    "response": ("response", "response text", "response details", "answer", "reply"),
}
REQUIRED_IMPORT_FIELDS = ("title", "received", "responded", "outcome")
_OUTCOME_WORDS = {
    "granted": "granted", "granted in full": "granted", "full disclosure": "granted",
    "information provided": "granted", "disclosed": "granted", "released": "granted",
    "partially granted": "partially-granted", "part granted": "partially-granted",
    "partly granted": "partially-granted", "partial disclosure": "partially-granted",
    "partially disclosed": "partially-granted", "partially released": "partially-granted",
    "refused": "refused", "refused in full": "refused", "withheld": "refused",
    "exempt": "refused", "not held": "not-held", "information not held": "not-held",
    "nil return": "not-held", "withdrawn": "withdrawn", "closed withdrawn": "withdrawn",
    "lapsed": "withdrawn",
}
_REVIEW_WORDS = {"upheld": "upheld", "partially upheld": "partially-upheld",
                 "part upheld": "partially-upheld", "overturned": "overturned",
                 "not upheld": "overturned", "reversed": "overturned"}
_REGIME_WORDS = {"foia": "foia", "foi": "foia", "freedom of information": "foia",
                 "freedom of information act": "foia", "eir": "eir", "eirs": "eir",
                 "environmental information regulations": "eir", "environmental": "eir"}


def _heading_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def _word_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower().replace("-", " ")).split())


@dataclass
class _ImportRow:
    number: int  # row number in the CSV; the header is row 1
    fields: dict[str, Any]
    columns: dict[str, str]  # field -> the CSV column it came from
    request: str | None = None
    response: str | None = None


class _Importer:
    def __init__(self, csv_path: Path, root: Path, mapping: dict | None, force: bool,
                 pattern: ReferencePattern, today: date):
        self.csv_path = csv_path
        self.root = root
        self.mapping = mapping or {}
        self.force = force
        self.pattern = pattern
        self.today = today
        self.label = _relative(csv_path, root)
        self.diagnostics: list[Diagnostic] = []
        self.existing = existing_references(root, pattern)
        self.explicit: set[str] = set()  # references written in the file

    def report(self, code: str, message: str, hint: str, row: int | None = None,
               column: str | None = None, severity: Callable = error) -> None:
        self.diagnostics.append(severity(code, message, path=self.label, row=row, field=column,
                                         hint=hint))

    def read(self) -> tuple[list[str], list[list[str]]] | None:
        try:
            raw = self.csv_path.read_bytes()
        except OSError as exc:
            self.report("foi.import", f"cannot read the file: {exc.strerror or exc}",
                        "check the path of the export")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            self.report("foi.import", "the file is not UTF-8; it was read as Windows text "
                        "(cp1252)", "check accented letters and £ signs in the new records, "
                        "or export as UTF-8 CSV", severity=warning)
        try:
            table = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            self.report("foi.import", f"the file is not valid CSV: {exc}",
                        "export the case list as CSV (comma-separated values)")
            return None
        table = [r for r in table if any(c.strip() for c in r)]
        if not table:
            self.report("foi.import", "the file is empty", "export at least a header row "
                        "and one request", row=1)
            return None
        return [c.strip() for c in table[0]], table[1:]

    def columns(self, header: list[str]) -> dict[int, str | None] | None:
        """column index -> field (None: ignored). Requester columns are returned as
        the marker '!requester' unless the mapping names them."""
        explicit = {_heading_key(k): v for k, v in self.mapping.items()}
        for name, target in self.mapping.items():
            if target is not None and target not in IMPORT_FIELDS:
                self.report("foi.import-map", f"the mapping sends column '{name}' to "
                            f"'{target}', which is not a record field"
                            f"{suggestion(str(target), IMPORT_FIELDS)}",
                            "map each column to one of: " + ", ".join(IMPORT_FIELDS) +
                            ", or to nothing (null) to leave it out")
            if _heading_key(name) not in {_heading_key(h) for h in header}:
                self.report("foi.import-map", f"the mapping names column '{name}', which is "
                            "not in the file", "check the column heading in the export",
                            severity=warning)
        synonyms = {s: f for f, names in IMPORT_FIELDS.items() for s in names}
        result: dict[int, str | None] = {}
        used: dict[str, str] = {}
        for index, heading in enumerate(header):
            key = _heading_key(heading)
            if key in explicit:
                target = explicit[key]
                target = target if target in IMPORT_FIELDS else None
            elif looks_like_requester(heading):
                target = "!requester"
            else:
                target = synonyms.get(key)
                if target is None and heading:
                    self.report("foi.import-column", f"column '{heading}' is not used",
                                "map it to a record field with --map, or to nothing (null) "
                                "to silence this", row=1, column=heading, severity=warning)
            if target and target != "!requester":
                if target in used:
                    self.report("foi.import-map", f"columns '{used[target]}' and '{heading}' "
                                f"both give '{target}'", "map one of them to nothing (null) "
                                "with --map", row=1, column=heading)
                    continue
                used[target] = heading
            result[index] = target
        for name in REQUIRED_IMPORT_FIELDS:
            if name not in used:
                self.report("foi.import-column", f"no column gives the '{name}' of each "
                            "request", f"name a column '{IMPORT_FIELDS[name][0]}', or map "
                            f"yours to '{name}' with --map", row=1)
        if any(d.severity == "error" for d in self.diagnostics):
            return None
        return result

    def row(self, number: int, cells: list[str], header: list[str],
            columns: dict[int, str | None]) -> _ImportRow | None:
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        refused = False
        for index, target in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if target == "!requester":
                if cell:
                    refused = True
                    self.report("foi.requester", f"row {number} holds requester details in "
                                f"column '{header[index]}'", "the disclosure log never holds "
                                "who asked: delete the column from the export, or map it to "
                                f"nothing with --map ('{header[index]}: null')",
                                row=number, column=header[index])
                continue
            if target and cell:
                values[target] = cell
                sources[target] = header[index]
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            self.report("foi.import", f"row {number} has more cells than the header",
                        "check for an unquoted comma in a cell", row=number)
            refused = True
        if refused:
            return None
        return self.convert(number, values, sources)

    def convert(self, number: int, values: dict[str, Any],
                sources: dict[str, str]) -> _ImportRow | None:
        fields: dict[str, Any] = {}
        ok = True
        for name, value in values.items():
            if name in ("request", "response"):
                continue
            converted = self.value(name, value)
            if converted is None:
                ok = False
                self.report("foi.import-value", f"row {number}: '{value}' is not a valid "
                            f"{name.replace('_', ' ')}", _IMPORT_HINTS.get(name, "check the "
                            "value"), row=number, column=sources[name])
                continue
            fields[name] = converted
        if not ok:
            return None
        texts = [values[k].replace("\r\n", "\n").replace("\r", "\n") if values.get(k) else None
                 for k in ("request", "response")]
        return _ImportRow(number, fields, sources, *texts)

    def value(self, name: str, text: str) -> Any:
        if name in ("received", "responded", "extended_to", "review_requested",
                    "review_completed"):
            return _parse_export_date(text)
        if name == "outcome":
            return _OUTCOME_WORDS.get(_word_key(text))
        if name == "review_outcome":
            return _REVIEW_WORDS.get(_word_key(text))
        if name == "regime":
            return _REGIME_WORDS.get(_word_key(text))
        if name in ("exemptions", "topics"):
            parts = re.split(r"[;\n]|,(?![^()]*\))|\s+and\s+", text)
            return [" ".join(p.split()) for p in parts if p.strip()]
        return " ".join(text.split())

    def check(self, item: _ImportRow, references: set[str]) -> Path | None:
        """Allocate or check the reference, then read the record as `opcc check` will."""
        fields = item.fields
        received = fields.get("received")
        reference = fields.get("reference")
        if reference is None and received:
            reference = next_reference(self.root, received.year, self.pattern,
                                       (*references, *self.explicit, *self.existing),
                                       scan=False)
            fields["reference"] = reference
        if reference in references:
            self.report("foi.import-duplicate", f"row {item.number}: the reference "
                        f"'{reference}' appears twice in the file", "each request has its own "
                        "reference", row=item.number, column=item.columns.get("reference"))
            return None
        references.add(reference)
        year = received.year if received else 0
        target = self.root / CONTENT_DIR / FOI_DIR / str(year) / f"{reference}.md"
        existing = self.existing.get(reference)
        if existing is not None and not self.force:
            self.report("foi.import-exists", f"row {item.number}: {reference} already exists "
                        f"({_relative(existing, self.root)})", "nothing was overwritten; "
                        "use --force to replace it, or remove the row",
                        row=item.number, column=item.columns.get("reference"))
            return None
        regime = fields.get("regime", "foia")
        fields["exemptions"] = [normalise_exemption(e, regime) or e
                                for e in fields.get("exemptions", [])]
        draft = not (item.request and item.response)
        text = record_text({k: (v.isoformat() if isinstance(v, date) else v)
                            for k, v in fields.items()}, item.request, item.response, draft)
        reader = _RecordReader(self.root, target, self.pattern, self.today)
        reader.read(text)
        for problem in reader.diagnostics:
            if reference is None and problem.code == "foi.missing-key" and \
                    problem.message.startswith("'reference'"):
                continue  # the reference is allocated from the date received, also missing
            column = item.columns.get(_field_at(reader.doc, problem.line, problem.column))
            self.diagnostics.append(Diagnostic(
                problem.severity, problem.code, f"row {item.number}: {problem.message}",
                path=self.label, row=item.number, field=column, hint=problem.hint))
        if any(p.severity == "error" for p in reader.diagnostics):
            return None
        item.fields["_text"] = text
        return target


_IMPORT_HINTS = {
    "received": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "responded": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "extended_to": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "review_requested": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "review_completed": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "outcome": "use granted, partially granted, refused, not held or withdrawn",
    "review_outcome": "use upheld, partially upheld or overturned",
    "regime": "use FOIA or EIR",
}


def _field_at(doc: yaml_source.YamlDocument | None, line: int | None,
              column: int | None) -> str | None:
    """The import field whose front-matter key or value is at (line, column)."""
    if doc is None or line is None:
        return None
    for table in (doc.value_positions, doc.key_positions):
        for path, pos in table.items():
            if (pos.line, pos.column) == (line, column) and isinstance(path[0], str):
                if path[0] == "internal_review" and len(path) > 1:
                    return f"review_{path[1]}"
                return path[0]
    return None


def _parse_export_date(text: str) -> date | None:
    text = text.strip().split(" ")[0].split("T")[0]
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def import_cases(csv_path: Path, root: Path, mapping: dict | None = None, force: bool = False,
                 reference_pattern: str = DEFAULT_PATTERN, today: date | None = None,
                 dry_run: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Turn a case-management export (CSV, one row per request) into record files.

    `mapping` maps the export's column headings to record fields (see IMPORT_FIELDS), or to
    None to leave a column out; headings it does not name are recognised by their usual
    names. A column that looks like requester details (name, email, address...) refuses
    every row with a value in it unless the mapping sends it to None. Rows without a
    reference get the next free one. Rows without request or response text become drafts.

    All or nothing: every row is read and checked as `opcc check` would; if anything is an
    error, no file is written. An existing record is never replaced unless `force`. With
    `dry_run` nothing is written and the paths that would be created are returned."""
    today = today or date.today()
    try:
        pattern = compile_reference_pattern(reference_pattern)
    except ValueError as exc:
        return [], [error("config.foi", str(exc), path="site.yaml",
                          hint="set foi: {reference_pattern: FOI-YYYY-NNNN} in site.yaml")]
    importer = _Importer(Path(csv_path), root, mapping, force, pattern, today)
    table = importer.read()
    columns = importer.columns(table[0]) if table else None
    if table is None or columns is None:
        return [], importer.diagnostics
    header, body = table
    items = [importer.row(n, cells, header, columns) for n, cells in enumerate(body, start=2)]
    if not body:
        importer.report("foi.import", "the file has a header but no requests",
                        "export at least one request", row=1, severity=warning)
    importer.explicit = {item.fields["reference"] for item in items
                         if item and item.fields.get("reference")}
    references: set[str] = set()
    planned = [(item, importer.check(item, references)) for item in items if item]
    if any(d.severity == "error" for d in importer.diagnostics):
        return [], importer.diagnostics
    created = []
    for item, target in planned:
        if dry_run:
            created.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.fields["_text"], encoding="utf-8")
        created.append(target)
    return created, importer.diagnostics
