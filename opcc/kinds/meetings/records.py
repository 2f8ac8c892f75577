"""Meeting records: one markdown file per meeting, `content/meetings/YEAR/DATE-SLUG.md`
(DATE the meeting's date, YEAR its year). This module holds the vocabulary (statuses, the
default meeting bodies), the front matter's schema and the record types; reader.py reads
and checks the files, duties.py works out what each meeting owes under the Specified
Information Order's paragraph 5(a) to (c), calendar.py writes the iCalendar feed and
render.py the pages.

A meeting's agenda lists its items; an exempt item (considered in private under an FOI
exemption) shows its title and exemption only: its papers are never published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from opcc.kinds.foi.records import EXEMPTIONS, Exemption
from opcc.kinds.pages import Attachment
from opcc.source.front_matter import FrontMatterSchema, Key, Wording

KIND_NAME = "meetings"
FOLDER = "meetings"
RECORDS = "[0-9][0-9][0-9][0-9]/*.md"  # content/meetings/index.md etc. stay pages
MEETINGS_CLASS = "decisions"
INDEX_URL = "/meetings/"
CALENDAR_URL = "/meetings/meetings.ics"
FIRST_DAY = date(2012, 11, 22)  # the first commissioners took office on 22 November 2012

STATUSES = ("scheduled", "papers-published", "minutes-published", "cancelled")
STATUS_LABELS = {"scheduled": "Scheduled", "papers-published": "Papers published",
                 "minutes-published": "Minutes published", "cancelled": "Cancelled"}
STATUS_CLASSES = {"scheduled": "", "papers-published": "govuk-tag--yellow",
                  "minutes-published": "govuk-tag--green", "cancelled": "govuk-tag--grey"}
DEFAULT_BODIES = ("Public accountability board", "Joint audit committee",
                  "Police and crime panel", "Strategic policing and crime board")

PAGE_ONLY_KEYS = {
    "summary": "a meeting's summary is made from its body, date and venue",
    "class": f"every meeting belongs to the class '{MEETINGS_CLASS}'",
    "published": "a meeting says when its notice, papers and minutes were published "
                 "(notice_published, papers_published, minutes_published)",
    "item": "meetings fulfil the Order's paragraph 5(a) to (c) by themselves",
    "tags": "a meeting is listed by its body and year",
}

PAPER_KEYS = "{file, title}"

AGENDA_ITEM_SCHEMA = FrontMatterSchema(
    family="meetings",
    keys=(
        Key("title", "the agenda item's title", required=True,
            example="Performance report"),
        Key("papers", f"the item's reports, a list of {PAPER_KEYS} beside the record",
            (object,)),
        Key("exempt", "true: considered in private; its papers are not published", (bool,),
            default=False),
        Key("exemption", "the FOI exemption that makes it exempt, e.g. s43(2)",
            example="s43(2)"),
    ),
    wording=Wording(noun="agenda item", key_line="title: Performance report"),
)

RECORD_SCHEMA = FrontMatterSchema(
    family="meetings",
    keys=(
        Key("body", "the body that meets, e.g. Joint audit committee", required=True,
            example="Joint audit committee"),
        Key("title", "the meeting's title (default: the body and the date)"),
        Key("date", "ISO date of the meeting (YYYY-MM-DD)", (date,), required=True,
            example="2026-06-24"),
        Key("time", "start time, 24-hour, in quotes: \"10:00\", or \"10:00-12:30\"",
            (object,), required=True, example='"10:00-12:30"'),
        Key("venue", "where it is held, with the address", required=True,
            example="Council Chamber, Police Headquarters, 1 Castle Street, Northtown"),
        Key("venue_access", "the accessible-venue note: step-free access, hearing loop..."),
        Key("public", "true: a public meeting; false: held in private", (bool,),
            default=True),
        Key("public_interest", "a private meeting: true when matters of significant public "
            "interest were discussed, so its minutes are published", (bool,), default=False),
        Key("agenda", "the agenda: a list of {title, papers, exempt, exemption}", (object,)),
        Key("minutes", f"the minutes as a file, {PAPER_KEYS} (or write them in the body "
            "under '## Minutes')", (dict,)),
        Key("webcast", "the https address of the webcast or its recording"),
        Key("status", "scheduled, papers-published, minutes-published or cancelled",
            required=True, example="scheduled", choices=STATUSES),
        Key("notice_published", "ISO date the notice of the meeting was published", (date,)),
        Key("papers_published", "ISO date the agenda and reports were published", (date,)),
        Key("minutes_published", "ISO date the minutes were published", (date,)),
        Key("cancelled_reason", "why the meeting was cancelled"),
        Key("cancelled_on", "ISO date the meeting was cancelled", (date,)),
        Key("redirect_from", "old site paths of this meeting, e.g. "
            "[decisions/2026-06-24-joint-audit-committee/]", (str, list)),
        Key("draft", "true: never published", (bool,), default=False),
    ),
    wording=Wording(noun="meeting record", key_line="body: Joint audit committee",
                    date_example="2026-06-24"),
    elsewhere=PAGE_ONLY_KEYS,
)


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    papers: tuple[Attachment, ...]
    exempt: bool
    exemption: Exemption | None  # set when exempt


@dataclass(frozen=True)
class Meeting:
    source: str  # content/meetings/2026/2026-06-24-joint-audit-committee.md
    url: str  # /meetings/2026/2026-06-24-joint-audit-committee/
    title: str
    summary: str
    body: str  # markdown
    body_line: int
    attachments: tuple[Attachment, ...]  # every file it publishes: papers and minutes
    meeting_body: str  # "Joint audit committee"
    date: date
    start: time
    end: time | None
    venue: str
    venue_access: str | None
    public: bool
    public_interest: bool
    agenda: tuple[AgendaItem, ...]
    minutes_file: Attachment | None
    minutes_in_body: bool  # the body has a '## Minutes' section
    webcast: str | None
    status: str
    notice_published: date | None
    papers_published: date | None
    minutes_published: date | None
    cancelled_reason: str | None
    cancelled_on: date | None
    redirect_from: tuple = ()  # kinds.page_keys.OldPath
    obligations: tuple = ()  # scheme.Obligation: what it owes under paragraph 5 (duties.py)
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def scheme_class(self) -> str:
        return MEETINGS_CLASS

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def has_minutes(self) -> bool:
        return self.minutes_file is not None or self.minutes_in_body

    @property
    def papers(self) -> tuple[Attachment, ...]:
        return tuple(paper for item in self.agenda for paper in item.papers)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.date, self.start)

    @property
    def published(self) -> date | None:
        found = [d for d in (self.notice_published, self.papers_published,
                             self.minutes_published) if d]
        return min(found) if found else None

    @property
    def last_updated(self) -> date | None:
        found = [d for d in (self.notice_published, self.papers_published,
                             self.minutes_published, self.cancelled_on) if d]
        return max(found) if found else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.start, self.meeting_body)


def exemption(code: str) -> Exemption:
    return EXEMPTIONS[code]


def default_title(meeting_body: str, day: date) -> str:
    """'Joint audit committee, 24 June 2026'."""
    return f"{meeting_body}, {day.day} {day:%B} {day.year}"


def sort_by_date(meetings) -> list[Meeting]:
    return sorted(meetings, key=lambda m: m.sort_key)
