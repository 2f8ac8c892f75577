"""FOI records: what the disclosure log is made of (no HTML).

One markdown file per answered request, `content/foi/YEAR/REFERENCE.md` (YEAR is the year
the request was received). This module holds the records' vocabulary (outcomes, regimes,
the front matter's schema, RECORD_SCHEMA), the exemptions (exemptions.yaml, beside this
module), reference patterns and the record types. reader.py reads and checks the files
(body.py their sections, rules.py what the keys say together), data.py computes the log's
open data and statistics, importers/foi.py turns a case-management export into records,
and working_days.py counts time as FOIA section 10 does.

A requester's identity is never stored: a `requester` key, or any key that looks like
one (name, email, address, phone...), is an `foi.requester` error, and an import refuses
rows that carry requester details.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from opcc.diagnostics import did_you_mean
from opcc.kinds.foi.working_days import working_days
from opcc.kinds.pages import Attachment
from opcc.source.front_matter import ForbiddenKeys, FrontMatterSchema, Key, Wording

FOI_CLASS = "lists-registers"  # the publication-scheme class of every FOI record
DEFAULT_PATTERN = "FOI-YYYY-NNNN"
FIRST_DAY = date(2005, 1, 1)  # FOIA and the EIR came fully into force on 1 January 2005
EXEMPTIONS_FILE = Path(__file__).with_name("exemptions.yaml")

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

PAGE_ONLY_KEYS = {
    "summary": "the summary of an FOI record is the first sentence of its '## Request' section",
    "class": f"every FOI record belongs to the class '{FOI_CLASS}'",
    "published": "an FOI record is published on the date it was answered ('responded')",
    "tags": "FOI records use 'topics:' instead of 'tags:'",
}

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


# --------------------------------------------------------------------------- front matter

# the disclosure log never holds who asked, under any key
REQUESTER_KEYS = ForbiddenKeys(
    looks_like_requester, "foi.requester",
    "'{key}' looks like the requester's details, which the log never holds",
    "delete this line: the disclosure log must not identify who made the request (the "
    "response is published to everyone)")

REVIEW_SCHEMA = FrontMatterSchema(
    family="foi",
    keys=(
        Key("requested", "ISO date the internal review was asked for", (date,), required=True),
        Key("completed", "ISO date the review's answer was sent", (date,)),
        Key("outcome", "upheld, partially-upheld or overturned", choices=REVIEW_OUTCOMES,
            code="foi.review"),
    ),
    forbidden=REQUESTER_KEYS,
)

RECORD_SCHEMA = FrontMatterSchema(
    family="foi",
    keys=(
        Key("reference", "the request reference, e.g. FOI-2025-0042", required=True,
            example="FOI-2025-0042"),  # the site's pattern's example: record_schema()
        Key("title", "a short plain-English title of the request", required=True,
            example="Cost of the office refurbishment"),
        Key("received", "ISO date the request was received (YYYY-MM-DD)", (date,),
            required=True, example="2025-03-03"),
        Key("responded", "ISO date the response was sent (YYYY-MM-DD)", (date,),
            required=True, example="2025-03-28"),
        Key("outcome", "granted, partially-granted, refused, not-held or withdrawn",
            required=True, example="granted", choices=OUTCOMES),
        Key("exemptions", "the exemptions relied on, e.g. [s40(2), s43(2)]", (list,)),
        Key("topics", "list of topics, e.g. [budget, precept]", (list,)),
        Key("regime", "foia (the default) or eir (Environmental Information Regulations)",
            default="foia", choices=REGIMES),
        Key("extended_to", "ISO date to which the deadline was extended for the public "
            "interest test", (date,)),
        Key("internal_review", "{requested: YYYY-MM-DD, completed: YYYY-MM-DD, outcome: "
            "upheld}", (dict,), keys=REVIEW_SCHEMA,
            example="{requested: 2025-04-02, completed: 2025-04-25, outcome: upheld}"),
        Key("attachments", "list of {file, title} beside the record", (object,)),
        Key("draft", "true: never published", (bool,), default=False),
    ),
    wording=Wording(noun="record", key_line="title: Cost of the refurbishment",
                    date_example="2025-03-28"),
    elsewhere=PAGE_ONLY_KEYS,
    forbidden=REQUESTER_KEYS,
)
FRONT_MATTER_KEYS = RECORD_SCHEMA.descriptions  # key -> help shown in hints
REVIEW_KEYS = REVIEW_SCHEMA.descriptions


@functools.lru_cache(maxsize=16)
def record_schema(reference_example: str) -> FrontMatterSchema:
    """RECORD_SCHEMA with the site's reference pattern's example in its hints."""
    return RECORD_SCHEMA.changed("reference", example=reference_example)


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


def exemption_suggestion(text: str, regime: str) -> str:
    """"; did you mean 's40(2)'?" for an unknown exemption close to one of the regime's, else
    an empty string."""
    squashed = re.sub(r"\s+", "", str(text)).lower()
    codes = [c for c in EXEMPTIONS if EXEMPTIONS[c].regime == regime] or list(EXEMPTIONS)
    near = did_you_mean(squashed, [c.lower() for c in codes])
    if near is None:
        return ""
    return f"; did you mean '{next(c for c in codes if c.lower() == near)}'?"


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
