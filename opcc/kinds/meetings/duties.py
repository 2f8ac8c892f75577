"""What each meeting owes under the Specified Information Order, Schedule, Part 1,
paragraph 5(a) to (c): for a public meeting, the notice of its date, time and place
before it, its agenda and reports before it, and its minutes after it; for a private
meeting at which matters of significant public interest were discussed, its minutes.

The days come from site.yaml (`meetings:`): the notice `notice_days` calendar days
before; the papers `papers_working_days` working days before (Cumbria OPCC publishes
agendas five working days ahead, as councils must under the Local Government Act 1972,
section 100B); the minutes `minutes_working_days` working days after. Working days are
counted as FOI counts them (kinds/foi/working_days.py). A cancelled meeting owes nothing
due after it was cancelled (nothing at all when the day it was cancelled is not given).
"""

from __future__ import annotations

from datetime import date, timedelta

from opcc.kinds.foi.working_days import deadline, is_working_day
from opcc.kinds.meetings.records import Meeting
from opcc.scheme import Obligation

DEFAULT_NOTICE_DAYS = 5
DEFAULT_PAPERS_WORKING_DAYS = 5
DEFAULT_MINUTES_WORKING_DAYS = 20


def working_days_before(day: date, count: int) -> date:
    """The `count`-th working day before `day` (`day` itself for 0)."""
    found = day
    while count > 0:
        found -= timedelta(days=1)
        if is_working_day(found):
            count -= 1
    return found


def long_date(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def rule(settings: dict) -> str:
    """The due rule of every meeting's duties, in words, with the site's periods."""
    return (f"for each meeting: the notice {settings['notice_days']} days before, the agenda "
            f"and reports {settings['papers_working_days']} working days before, the minutes "
            f"{settings['minutes_working_days']} working days after (site.yaml meetings)")


def obligations(meeting: Meeting, settings: dict) -> tuple[Obligation, ...]:
    """What `meeting` owes, each with its due date and the day it was met (or None)."""
    of = f"the {meeting.meeting_body} of {long_date(meeting.date)}"
    owed: list[Obligation] = []
    if meeting.public:
        notice_met = min((d for d in (meeting.notice_published, meeting.papers_published)
                          if d), default=None)  # the agenda gives the date, time and place
        owed.append(Obligation(f"the notice of {of}",
                               meeting.date - timedelta(days=settings["notice_days"]),
                               notice_met, meeting.source, rule=rule(settings)))
        owed.append(Obligation(f"the agenda and reports of {of}",
                               working_days_before(meeting.date,
                                                   settings["papers_working_days"]),
                               meeting.papers_published, meeting.source, rule=rule(settings)))
    if meeting.public or meeting.public_interest:
        owed.append(Obligation(f"the minutes of {of}",
                               deadline(meeting.date, settings["minutes_working_days"]),
                               meeting.minutes_published, meeting.source, rule=rule(settings)))
    if meeting.cancelled:
        until = meeting.cancelled_on
        return tuple(o for o in owed if until is not None and o.due < until)
    return tuple(owed)


def meeting_events(meetings: list[Meeting]) -> list[tuple[str, date]]:
    """("public-meeting", its date) for each public meeting not cancelled."""
    return [("public-meeting", m.date) for m in meetings if m.public and not m.cancelled]
