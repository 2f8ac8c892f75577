"""Template views of meetings: a meeting's page and the meetings index. Every label,
date and sentence is computed here (templates/README.md is the contract)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from markupsafe import Markup

from opcc.render.views import DateText


@dataclass(frozen=True)
class AgendaItemView:
    number: int
    title: str
    papers: tuple  # AttachmentLink records
    exempt: str | None  # the sentence saying why it is not published, for an exempt item


@dataclass(frozen=True)
class MeetingView:
    meeting_body: str  # the caption: "Joint audit committee"
    status_label: str
    status_class: str  # a GOV.UK tag modifier, or ""
    meta: tuple  # MetaRow records: date, time, venue, access, public or private, papers…
    cancelled: str | None  # "This meeting was cancelled: …"
    private: str | None  # what a private meeting publishes, or None for a public one
    agenda: tuple[AgendaItemView, ...]
    minutes: tuple  # AttachmentLink of the minutes file (empty when in the body)
    body_html: Markup
    webcast_href: str | None
    calendar_href: str
    index_href: str
    notice: str | None


@dataclass(frozen=True)
class MeetingRow:
    title: str
    href: str
    date: DateText
    time: str  # "10am to 12.30pm"
    venue: str
    status_label: str
    status_class: str


@dataclass(frozen=True)
class YearOfMeetings:
    year: str
    heading_id: str  # "meetings-2026"
    rows: tuple[MeetingRow, ...]


@dataclass(frozen=True)
class MeetingsIndexView:
    upcoming: tuple[MeetingRow, ...]
    past: tuple[YearOfMeetings, ...]  # newest year first
    calendar_href: str
    notice: str | None


def clock_text(value: time) -> str:
    """GOV.UK style: 10am, 12.30pm, midday, 2pm."""
    if value == time(12, 0):
        return "midday"
    if value == time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f".{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def time_text(start: time, end: time | None) -> str:
    return f"{clock_text(start)} to {clock_text(end)}" if end else clock_text(start)


def day_text(day: date) -> str:
    """'Wednesday 24 June 2026'."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def exempt_sentence(label: str, title: str) -> str:
    return (f"Exempt: considered in private, because the information is exempt under "
            f"{label} of the Freedom of Information Act 2000 ({title}). Its papers are not "
            "published.")
