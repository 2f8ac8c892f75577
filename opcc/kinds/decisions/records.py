"""Decision records: what the decisions register is made of (no HTML).

One markdown file per decision of significant public interest (the Specified Information
Order's paragraph 5(d)), `content/decisions/YEAR/REFERENCE.md`, YEAR being the year the
decision was made. This module holds the records' vocabulary (statuses, categories), the
front matter's schema, the site's settings (`decisions:` in site.yaml) and the record
type. reader.py reads and checks the files; data.py makes the register's open data;
render.py its pages; importing.py turns an office's decision log into records.

An exempt decision is published as a notice only: that a decision was made, on what day,
by whom, under which exemption and when the exemption will be reviewed. Its text and
background papers are never kept on the record object, so no page, feed, search index or
open data can carry them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from opcc.config import Option
from opcc.kinds.foi.records import EXEMPTIONS, Exemption
from opcc.kinds.pages import Attachment
from opcc.source.front_matter import FrontMatterSchema, Key, Wording

NAME = "decisions"  # the kind's name, and its section of site.yaml
FOLDER = "decisions"  # content/decisions/
RECORDS = "[0-9][0-9][0-9][0-9]/*.md"  # content/decisions/index.md etc. stay pages
DECISIONS_CLASS = "decisions"  # the publication-scheme class of every decision
REGISTER_ITEM = "sio-5d"  # the Order's paragraph 5(d): a record of each decision
DEFAULT_PATTERN = "OPCC-YYYY-NNN"
# Police and crime commissioners took office on 22 November 2012 (first elections on 15th)
FIRST_DAY = date(2012, 11, 22)

STATUSES = ("public", "part-exempt", "exempt")
STATUS_LABELS = {"public": "Public", "part-exempt": "Part exempt", "exempt": "Exempt"}

DEFAULT_CATEGORIES = ("finance", "commissioning", "grants", "estates", "collaboration",
                      "governance", "policing-plan", "other")
CATEGORY_LABELS = {"finance": "Finance and budget", "commissioning": "Commissioning",
                   "grants": "Grants", "estates": "Estates", "collaboration": "Collaboration",
                   "governance": "Governance", "policing-plan": "Police and crime plan",
                   "other": "Other"}

# Working days from the decision to its publication, when site.yaml does not say. No law
# fixes it: the Order's Part 2 (times) has not been seen, and the publication-scheme
# profile assumes 28 days for item sio-5d. Twenty working days is four weeks, that same
# span counted as FOIA section 10 counts time; an office that promises sooner (many say
# five working days after signature) sets `decisions: {publish_within_working_days: 5}`.
PUBLISH_WITHIN_WORKING_DAYS = 20

SETTINGS: dict[str, Option] = {
    "reference_pattern": Option("decision reference format; YYYY is the year the decision "
                                "was made, N a digit", default=DEFAULT_PATTERN),
    "publish_within_working_days": Option(
        "working days after a decision within which its record is published (sio-5d)", int,
        default=PUBLISH_WITHIN_WORKING_DAYS),
    "categories": Option("the categories decisions are filed under (lowercase slugs)", list,
                         default=list(DEFAULT_CATEGORIES), items=Option("a category slug")),
    "sample": Option("the register holds illustrative examples (a notice says so)", bool,
                     default=False),
}

PAGE_ONLY_KEYS = {
    "class": f"every decision belongs to the class '{DECISIONS_CLASS}'",
    "date": "a decision's date is 'made' (and 'published' when it was published later)",
    "item": f"the register fulfils '{REGISTER_ITEM}' for every decision",
    "attachments": "a decision's documents are its 'background_papers'",
    "updated": "a decision record is not updated: record a new decision instead",
    "exemption": "write the exemptions as a list: 'exemptions: [s43(2)]'",
}

SCHEMA = FrontMatterSchema(
    family="decisions",
    keys=(
        Key("reference", "the decision's reference, e.g. OPCC-2025-042", required=True,
            example="OPCC-2025-042"),  # the site's pattern's example: record_schema()
        Key("title", "a short plain-English title of the decision", required=True,
            example="Police precept proposal 2026/27"),
        Key("made", "ISO date the decision was made (signed)", (date,), required=True,
            example="2025-01-28"),
        Key("decision_maker", "the role that made it, e.g. Police and Crime Commissioner "
            "(never a person's name)", required=True, example="Police and Crime Commissioner"),
        Key("status", "public, part-exempt or exempt", required=True, example="public",
            choices=STATUSES, code="decisions.status"),
        Key("exemptions", "the FOI exemptions withholding it, e.g. [s43(2)]; required "
            "unless public", (list,)),
        Key("review_exemption", "ISO date the exemption will be reviewed (exempt decisions)",
            (date,)),
        Key("category", "the register's category, e.g. finance", required=True,
            example="finance", choices=DEFAULT_CATEGORIES, code="decisions.category"),
        Key("summary", "one or two sentences for the register (default: the first sentence "
            "of '## Decision')"),
        Key("financial_implications", "the amount in pounds (e.g. 118400), or none",
            (object,), required=True, example="none"),
        Key("interests_declared", "none, or the interest the decision-maker declared",
            required=True, example="none"),
        Key("meeting", "the address of the meeting it was made at or after, e.g. "
            "/meetings/2026/2026-10-15-public-accountability-board/"),
        Key("background_papers", "list of {file, title} beside the record", (object,)),
        Key("published", "ISO date the record was published (default: 'made')", (date,)),
        Key("draft", "true: never published", (bool,), default=False),
    ),
    wording=Wording(noun="decision record", key_line="title: Police precept proposal",
                    date_example="2025-01-28"),
    elsewhere=PAGE_ONLY_KEYS,
)


def record_schema(reference_example: str, categories: tuple[str, ...]) -> FrontMatterSchema:
    """SCHEMA with the site's reference pattern's example and categories."""
    return SCHEMA.changed("reference", example=reference_example).changed(
        "category", choices=categories, example=categories[0] if categories else "other")


def category_label(slug: str) -> str:
    """'policing-plan' -> 'Police and crime plan'; a site's own slug in plain words."""
    return CATEGORY_LABELS.get(slug) or slug.replace("-", " ").capitalize()


CATEGORY_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class DecisionRecord:
    source: str  # content/decisions/2025/OPCC-2025-042.md
    url: str  # /decisions/2025/OPCC-2025-042/
    reference: str
    title: str
    made: date
    decision_maker: str
    status: str  # one of STATUSES
    exemptions: tuple[str, ...]  # normalised codes, keys of EXEMPTIONS
    review_exemption: date | None
    category: str
    summary: str  # for listings, the feed and the open data
    financial_implications: Decimal | None  # None: none
    interests_declared: str | None  # None: none declared
    meeting: str | None  # the meeting's site address
    background_papers: tuple[Attachment, ...]  # () for an exempt decision
    published: date
    due: date  # the day its record is due (made + the site's working days)
    body: str  # the markdown published: "" for an exempt decision
    body_line: int
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def year(self) -> int:
        return self.made.year

    @property
    def exempt(self) -> bool:
        return self.status == "exempt"

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """What the pipeline publishes beside the page (never an exempt decision's)."""
        return () if self.exempt else self.background_papers

    @property
    def last_updated(self) -> date:
        return self.published

    @property
    def scheme_class(self) -> str:
        return DECISIONS_CLASS

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def exemption_details(self) -> tuple[Exemption, ...]:
        return tuple(EXEMPTIONS[code] for code in self.exemptions)

    @property
    def published_in_time(self) -> bool:
        return self.published <= self.due


def newest_first(records: Iterable[DecisionRecord]) -> list[DecisionRecord]:
    return sorted(records, key=lambda r: (r.made, r.reference), reverse=True)


def pounds(amount: Decimal | None) -> str:
    """118400 -> '£118,400'; 1250.5 -> '£1,250.50'; None -> 'None'."""
    if amount is None:
        return "None"
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"
