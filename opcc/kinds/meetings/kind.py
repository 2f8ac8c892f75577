"""Meetings as a registered kind: content/meetings/YEAR/DATE-SLUG.md, a page per meeting,
the meetings index and its iCalendar feed, the meetings to come on the decisions class
page; the meetings fulfil the Specified Information Order's paragraph 5(a) to (c), each
with its own due dates (duties.py)."""

from __future__ import annotations

from datetime import date

from opcc.config import Option
from opcc.kinds.base import Kind, ReadContext
from opcc.kinds.meetings import duties
from opcc.kinds.meetings.reader import load_meetings
from opcc.kinds.meetings.records import (
    DEFAULT_BODIES,
    FOLDER,
    INDEX_URL,
    KIND_NAME,
    MEETINGS_CLASS,
    RECORDS,
    Meeting,
)
from opcc.kinds.meetings.render import INDEX_TITLE, MeetingsRenderer
from opcc.scheme import Fulfilment

MEETINGS_ITEM = "sio-5a-c"

SETTINGS = {
    "bodies": Option("the bodies whose meetings are published, e.g. [Joint audit "
                     "committee]", list, default=list(DEFAULT_BODIES),
                     items=Option("the name of a meeting body")),
    "notice_days": Option("days before a public meeting its notice is due", int,
                          default=duties.DEFAULT_NOTICE_DAYS),
    "papers_working_days": Option("working days before a public meeting its agenda and "
                                  "reports are due", int,
                                  default=duties.DEFAULT_PAPERS_WORKING_DAYS),
    "minutes_working_days": Option("working days after a meeting its minutes are due", int,
                                   default=duties.DEFAULT_MINUTES_WORKING_DAYS),
    "sample": Option("true: the meetings are illustrative (a notice says so)", bool,
                     default=False),
}
DEFAULTS = {name: option.default for name, option in SETTINGS.items()}


def settings_of(config) -> dict:
    """The site's `meetings:` settings, defaults filled in."""
    found = getattr(config, "kinds", {}).get(KIND_NAME) if config is not None else None
    return {**DEFAULTS, **{k: v for k, v in (found or {}).items() if v is not None}}


def read(context: ReadContext) -> tuple[list[Meeting], list]:
    return load_meetings(context.root, context.today, settings_of(context.config),
                         context.include_drafts)


def fulfils(records: list[Meeting], *_) -> dict[str, list[Fulfilment]]:
    """One fulfilment for the meetings, carrying what each meeting owes (worked out when
    it was read, with the site's days: duties.py)."""
    published = [m for m in records if not m.draft]
    if not published:
        return {}
    owed = tuple(o for m in published for o in m.obligations)
    updated = [m.last_updated for m in published if m.last_updated]
    first = [m.published for m in published if m.published]
    return {MEETINGS_ITEM: [Fulfilment(
        INDEX_TITLE, INDEX_URL, f"content/{FOLDER}", max(updated, default=None),
        min(first, default=None), "page", obligations=owed)]}


def events(records: list[Meeting], *_) -> list[tuple[str, date]]:
    return duties.meeting_events([m for m in records if not m.draft])


MEETINGS = Kind(name=KIND_NAME, folder=FOLDER, scheme_class=MEETINGS_CLASS,
                record_type=Meeting, read=read, renderer=MeetingsRenderer, fulfils=fulfils,
                events=events, search_label="Meeting",
                section=(f"{INDEX_URL}", INDEX_URL, INDEX_TITLE), records=RECORDS,
                settings=SETTINGS, settings_help="meetings: the bodies that meet, and the "
                "days their notice, papers and minutes are due")
