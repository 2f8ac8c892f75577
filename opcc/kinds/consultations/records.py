"""Consultation records: what the consultations listing is made of (no HTML).

One markdown file per consultation, `content/consultations/SLUG.md`, published at
/consultations/SLUG/ (a short address that stays the same from the leaflet that announces
it to the results). The body describes the consultation; once it has closed, a
'## Results' section (or a results attachment) and a '## What we did' section follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opcc.kinds.pages import Attachment
from opcc.source.front_matter import FrontMatterSchema, Key, Wording

NAME = "consultations"
FOLDER = "consultations"
RECORDS = "*.md"
# The class "How we make decisions" lists consultations (the ICO's definition document
# for its class 4 names "public consultations"; the profile's description says so too).
CONSULTATIONS_CLASS = "decisions"
LIST_URL = "/consultations/"
RESULTS_HEADING = "results"
WHAT_WE_DID_HEADING = "what we did"
DEFAULT_RESULTS_WEEKS = 12

UPCOMING, OPEN, AWAITING, CLOSED = "upcoming", "open", "awaiting-results", "closed"
STATE_LABELS = {UPCOMING: "Opens soon", OPEN: "Open", AWAITING: "Closed: results to follow",
                CLOSED: "Closed: results published"}

SCHEMA = FrontMatterSchema(
    family="consultations",
    keys=(
        Key("title", "what the consultation is about", required=True,
            example="Police precept 2027/28"),
        Key("summary", "one or two sentences for listings", required=True,
            example="How much should council tax payers contribute to policing next year?"),
        Key("opens", "ISO date the consultation opens (YYYY-MM-DD)", (date,), required=True,
            example="2026-11-16"),
        Key("closes", "ISO date of the last day to respond (YYYY-MM-DD)", (date,),
            required=True, example="2027-01-10"),
        Key("respond", "how to respond: a list of {title, url} (https: or mailto:) or "
            "{title, address: [lines]}", (object,), required=True,
            example="[{title: Email us, url: 'mailto:consult@example.org'}]"),
        Key("results", "list of {file, title}: the results, beside the record", (object,)),
        Key("results_published", "ISO date the results were published", (date,)),
        Key("decisions", "list of the addresses of the decisions it informed, e.g. "
            "[/decisions/2026/OPCC-2026-004/]", (list,)),
        Key("draft", "true: never published", (bool,), default=False),
    ),
    wording=Wording(noun="consultation", key_line="title: Police precept 2027/28",
                    date_example="2026-11-16"),
    elsewhere={"published": "a consultation is published when it opens ('opens')",
               "class": f"every consultation belongs to the class '{CONSULTATIONS_CLASS}'",
               "date": "a consultation has 'opens' and 'closes' dates"},
)


@dataclass(frozen=True)
class Route:
    """One way to respond: a link (https or mailto) or a postal address."""
    title: str
    url: str | None = None
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionLink:
    title: str
    url: str


@dataclass(frozen=True)
class Consultation:
    source: str  # content/consultations/precept-2027-28.md
    url: str  # /consultations/precept-2027-28/
    slug: str
    title: str
    summary: str
    opens: date
    closes: date
    respond: tuple[Route, ...]
    results: tuple[Attachment, ...]  # result documents
    results_published: date | None
    decisions: tuple[DecisionLink, ...]
    has_results_section: bool  # a '## Results' section in the body
    has_what_we_did: bool  # a '## What we did' section in the body
    body: str
    body_line: int
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        return self.results

    @property
    def has_results(self) -> bool:
        return self.has_results_section or bool(self.results)

    @property
    def published(self) -> date:
        return self.opens

    @property
    def last_updated(self) -> date:
        return self.results_published or self.opens

    @property
    def scheme_class(self) -> str:
        return CONSULTATIONS_CLASS

    def state(self, today: date) -> str:
        if today < self.opens:
            return UPCOMING
        if today <= self.closes:
            return OPEN
        return CLOSED if self.has_results else AWAITING

    def days_left(self, today: date) -> int:
        """Days from `today` to the closing day (0 on the closing day itself)."""
        return (self.closes - today).days


def closes_in(consultation: Consultation, today: date) -> str:
    """'Closes today', 'Closes tomorrow', 'Closes in 36 days'."""
    days = consultation.days_left(today)
    if days == 0:
        return "Closes today"
    if days == 1:
        return "Closes tomorrow"
    return f"Closes in {days} days"


def listing_order(consultations, today: date) -> list[Consultation]:
    """Open ones first (closing soonest first), then upcoming, then closed (newest first)."""
    rank = {OPEN: 0, UPCOMING: 1, AWAITING: 2, CLOSED: 2}
    return sorted(consultations, key=lambda c: (
        rank[c.state(today)], c.closes.toordinal() if c.state(today) == OPEN
        else -c.closes.toordinal(), c.slug))
