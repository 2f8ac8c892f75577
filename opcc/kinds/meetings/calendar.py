"""The iCalendar feed of meetings, /meetings/meetings.ics: the meetings to come and those
of the last year, written with the `icalendar` library. Each event's UID is its page's
address, so a calendar that subscribes to the feed updates an event rather than
adding another; times are in Europe/London; a cancelled meeting is STATUS:CANCELLED."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from opcc.kinds.meetings.records import Meeting

LONDON = ZoneInfo("Europe/London")
RECENT_DAYS = 365  # past meetings stay in the feed this long
DEFAULT_LENGTH = timedelta(hours=2)  # a meeting with no end time given


def in_feed(meeting: Meeting, today: date) -> bool:
    return meeting.public and meeting.date >= today - timedelta(days=RECENT_DAYS)


def uid(meeting: Meeting, base_url: str) -> str:
    """Stable and unique: the meeting page's address (not 'path@host', which reads as an
    email address to the egress gate)."""
    return base_url.rstrip("/") + meeting.url


def ends(meeting: Meeting) -> datetime:
    start = datetime.combine(meeting.date, meeting.start, tzinfo=LONDON)
    if meeting.end is None:
        return start + DEFAULT_LENGTH
    return datetime.combine(meeting.date, meeting.end, tzinfo=LONDON)


def description(meeting: Meeting, page: str) -> str:
    lines = [meeting.summary]
    if meeting.cancelled and meeting.cancelled_reason:
        lines.append(f"Cancelled: {meeting.cancelled_reason}")
    if meeting.venue_access:
        lines.append(f"Access: {meeting.venue_access}")
    if meeting.webcast:
        lines.append(f"Webcast: {meeting.webcast}")
    lines.append(page)
    return "\n".join(lines)


def meetings_calendar(meetings: list[Meeting], today: date, base_url: str,
                      name: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//opcc//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{name}: meetings")
    calendar.add("x-wr-timezone", "Europe/London")
    shown = [m for m in sorted(meetings, key=lambda m: m.sort_key) if in_feed(m, today)]
    for meeting in shown:
        page = base_url.rstrip("/") + meeting.url
        event = Event()
        event.add("uid", uid(meeting, base_url))
        stamp = meeting.last_updated or meeting.date
        event.add("dtstamp", datetime.combine(stamp, time(0, 0), tzinfo=UTC))
        event.add("dtstart", datetime.combine(meeting.date, meeting.start, tzinfo=LONDON))
        event.add("dtend", ends(meeting))
        event.add("summary", meeting.title)
        event.add("location", meeting.venue)
        event.add("description", description(meeting, page))
        event.add("url", page)
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        event.add("class", "PUBLIC")
        calendar.add_component(event)
    if shown:  # the zone's rules for the years of the events, not since 1970
        calendar.add_missing_timezones(date(shown[0].year, 1, 1),
                                       date(shown[-1].year + 1, 12, 31))
    return calendar.to_ical()
