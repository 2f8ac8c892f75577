"""The publication-scheme records: a profile is classes plus items, each item a duty with
its legal basis, the rule that says when it falls due, and how long it stays published."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

SOURCES = ("primary", "secondary", "good-practice")
# How an item is reported: the law apart from what the office chose to adopt, apart from
# good practice it has not adopted (which never counts as missing).
GROUPS = ("statutory", "adopted", "recommended")
GROUP_TITLES = {"statutory": "Required by law",
                "adopted": "Good practice this office has adopted",
                "recommended": "Recommended good practice, not adopted"}
KINDS = ("page", "dataset")
ON_EXPIRY = ("archive", "unpublish", "anonymise")


@dataclass(frozen=True)
class SchemeClass:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class LegalBasis:
    instrument: str  # "The Elected Local Policing Bodies (Specified Information) Order 2011"
    provision: str  # "the Schedule, Part 1, paragraph 3(f)"
    source: str  # one of SOURCES: how sure the citation is
    note: str = ""  # "inserted by SI 2021/547"

    def __str__(self) -> str:
        text = f"{self.instrument}, {self.provision}" if self.provision else self.instrument
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Obligation:
    """One duty a record owes on its own: a meeting's papers before it, its minutes after
    it, a decision's record. The kind that reads the record works out when it is due."""
    what: str  # in words: "the minutes of the Joint audit committee of 24 June 2026"
    due: date
    met: date | None  # the day it was published; None while it is not
    source: str  # the record's file
    rule: str = ""  # when such duties fall due, in words: "5 working days after each decision"


@dataclass(frozen=True)
class Evidence:
    """What the site shows for one item: when it was updated, which periods a series
    covers, the events (meetings, inspection reports) that trigger a duty, and the duties
    records owe one by one (when a kind of record knows them)."""
    updates: tuple[date, ...] = ()
    months: frozenset[tuple[int, int]] | None = None  # (year, month) covered; None: unknown
    events: dict[str, tuple[date, ...]] = field(default_factory=dict)
    obligations: tuple[Obligation, ...] = ()


@dataclass(frozen=True)
class Due:
    """A rule's verdict on the evidence: the obligations already late, and the next one."""
    late: tuple[str, ...] = ()  # what is late, in words: "October 2026"
    late_since: date | None = None  # the earliest deadline missed
    next_due: date | None = None


class DueRule(Protocol):
    name: str

    def assess(self, evidence: Evidence, today: date) -> Due: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Timing:
    rule: DueRule
    words: str  # the words the timing rests on, quoted or paraphrased
    confirmed: bool  # True only when the law's own words were seen
    source: str = ""  # where the words come from


@dataclass(frozen=True)
class Publication:
    """How long an item stays on the site: the statutory floor, the privacy ceiling."""
    min_years: int | None = None
    max_years: int | None = None
    on_expiry: str | None = None  # one of ON_EXPIRY, with max_years


@dataclass(frozen=True)
class SpecifiedInformation:
    """Where the item sits in the Specified Information Order, in the Order's words."""
    paragraph: str  # "3(f)"
    words: str


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    scheme_class: str
    kind: str
    legal_basis: LegalBasis
    timing: Timing
    publication: Publication = Publication()
    record_type: str | None = None  # the row of the retention schedule for its files
    specified: SpecifiedInformation | None = None
    prominent: bool = False  # Part 3 of the Order: published in a prominent place
    added_by_site: bool = False
    adopted: bool = False  # good practice the site opted in to

    @property
    def statutory(self) -> bool:
        return self.legal_basis.source != "good-practice"

    @property
    def group(self) -> str:
        if self.statutory and not self.added_by_site:
            return "statutory"
        return "adopted" if self.adopted or self.added_by_site else "recommended"


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    body: str  # who owes the duties: "the Police and Crime Commissioner"
    classes: tuple[SchemeClass, ...]
    items: tuple[Item, ...] = ()
    not_applicable: tuple[tuple[str, str], ...] = ()  # (item id, reason), from site.yaml
    events: tuple[tuple[str, date], ...] = ()  # (event name, date), from site.yaml
    renamed: tuple[tuple[str, str], ...] = ()  # (old id, what replaced it)

    @property
    def class_slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.classes)

    def scheme_class(self, slug: str | None) -> SchemeClass | None:
        return next((c for c in self.classes if c.slug == slug), None)

    def item(self, item_id: str | None) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def reason_not_applicable(self, item_id: str) -> str | None:
        return dict(self.not_applicable).get(item_id)
