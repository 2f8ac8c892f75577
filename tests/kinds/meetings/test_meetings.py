"""Meeting records: every front-matter key, good and bad (code, line and column), what
the keys must say together, the duties each meeting owes under paragraph 5(a) to (c)
with their due dates, and the iCalendar feed parsed back with `icalendar`."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from opcc.kinds.meetings import duties
from opcc.kinds.meetings.calendar import meetings_calendar
from opcc.kinds.meetings.kind import DEFAULTS, fulfils
from opcc.kinds.meetings.reader import load_meeting, load_meetings
from opcc.scheme.rules.event import assess_obligations

TODAY = date(2026, 11, 25)
NAME = "content/meetings/2026/2026-06-24-joint-audit-committee.md"
GOOD = """\
---
body: Joint audit committee
date: 2026-06-24
time: "14:00-16:00"
venue: Council Chamber, Police Headquarters
venue_access: Step-free entrance and a hearing loop.
public: true
status: minutes-published
notice_published: 2026-05-27
papers_published: 2026-06-16
minutes_published: 2026-07-08
webcast: https://webcasts.example.org/2026-06-24
redirect_from: [decisions/2026-06-24-joint-audit-committee/]
agenda:
  - title: Apologies
  - title: Draft accounts
    papers:
      - {file: 2026-06-24-draft-accounts.csv, title: Draft accounts}
  - title: Insurance tenders
    exempt: true
    exemption: s43(2)
minutes: {file: 2026-06-24-minutes.txt, title: Minutes}
---

The committee met in public.
"""


def write(root: Path, text: str, name: str = NAME) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    for attachment in ("2026-06-24-draft-accounts.csv", "2026-06-24-minutes.txt"):
        (path.parent / attachment).write_text("item,amount\r\nAudit fee,1000\r\n")
    return path


def load(root: Path, text: str = GOOD, name: str = NAME, today: date = TODAY, **settings):
    path = write(root, text, name)
    return load_meeting(root, path, today, {**DEFAULTS, **settings})


def edit(text: str, key: str, line: str | None) -> str:
    """The record with the line starting `key` replaced by `line` (or removed)."""
    lines = text.split("\n")
    index = next(i for i, written in enumerate(lines) if written.startswith(key))
    lines[index:index + 1] = [] if line is None else line.split("\n")
    return "\n".join(lines)


def where(found, code: str) -> list[tuple[int | None, int | None]]:
    return [(d.line, d.column) for d in found if d.code == code]


# --------------------------------------------------------------------------- good

def test_a_good_record(tmp_path):
    meeting, found = load(tmp_path)
    assert found == []
    assert meeting.url == "/meetings/2026/2026-06-24-joint-audit-committee/"
    assert meeting.title == "Joint audit committee, 24 June 2026"
    assert (meeting.start, meeting.end) == (time(14), time(16))
    assert meeting.public and meeting.status == "minutes-published"
    assert [item.title for item in meeting.agenda] == ["Apologies", "Draft accounts",
                                                       "Insurance tenders"]
    exempt = meeting.agenda[2]
    assert exempt.exempt and exempt.exemption.code == "s43(2)" and exempt.papers == ()
    assert meeting.agenda[1].papers[0].url == "/meetings/2026/2026-06-24-draft-accounts.csv"
    assert meeting.minutes_file.title == "Minutes" and meeting.has_minutes
    assert {a.file for a in meeting.attachments} == {"2026-06-24-draft-accounts.csv",
                                                     "2026-06-24-minutes.txt"}
    assert [old.url for old in meeting.redirect_from] == [
        "/decisions/2026-06-24-joint-audit-committee/"]
    assert meeting.webcast == "https://webcasts.example.org/2026-06-24"
    assert meeting.venue_access == "Step-free entrance and a hearing loop."
    assert meeting.published == date(2026, 5, 27) and meeting.last_updated == date(2026, 7, 8)


def test_minimal_record_and_the_time_as_yaml_reads_it(tmp_path):
    text = ("---\nbody: public accountability board\ndate: 2026-12-17\ntime: 10:00\n"
            "venue: Council Chamber\nstatus: scheduled\nagenda: [Apologies, Performance]\n"
            "---\n")
    meeting, found = load(tmp_path, text, "content/meetings/2026/2026-12-17-board.md")
    assert found == []
    assert meeting.meeting_body == "Public accountability board"  # as the list spells it
    assert meeting.start == time(10) and meeting.end is None  # unquoted 10:00 is 600 to YAML
    assert [item.title for item in meeting.agenda] == ["Apologies", "Performance"]
    assert meeting.title == "Public accountability board, 17 December 2026"


def test_minutes_in_the_body(tmp_path):
    text = edit(GOOD, "minutes:", None).replace("The committee met in public.",
                                                "## Minutes\n\nThe accounts were noted.")
    meeting, found = load(tmp_path, text)
    assert found == [] and meeting.minutes_in_body and meeting.minutes_file is None


def test_the_bodies_come_from_site_yaml(tmp_path):
    text = GOOD.replace("body: Joint audit committee", "body: Ethics panel")
    meeting, found = load(tmp_path, text, bodies=["Ethics panel"])
    assert found == [] and meeting.meeting_body == "Ethics panel"


def test_a_private_meeting_of_significant_public_interest(tmp_path):
    text = edit(GOOD, "public:", "public: false\npublic_interest: true")
    meeting, found = load(tmp_path, text)
    assert found == [] and not meeting.public and meeting.public_interest


# --------------------------------------------------------------------------- bad keys

BAD = [
    # (key, replacement line, code, line, column)
    ("body:", "body: Audit club", "meetings.body", 2, 7),
    ("body:", None, "meetings.missing-key", 1, 1),
    ("date:", "date: 24/06/2026", "meetings.date", 3, 7),
    ("date:", "date: 2026-02-30", "meetings.date", 3, 7),
    ("date:", "date: 2011-06-24", "meetings.date-range", 3, 7),
    ("date:", "date: 2026-06-25", "meetings.date-mismatch", 3, 7),
    ("time:", 'time: "25:00"', "meetings.time", 4, 7),
    ("time:", 'time: "16:00-14:00"', "meetings.time", 4, 7),
    ("time:", "time: soon", "meetings.time", 4, 7),
    ("time:", None, "meetings.missing-key", 1, 1),
    ("venue:", None, "meetings.missing-key", 1, 1),
    ("venue:", "venue: [a, b]", "meetings.type", 5, 8),
    ("venue_access:", "venue_access: [ramp]", "meetings.type", 6, 15),
    ("public:", "public: yes", "meetings.type", 7, 9),
    ("status:", "status: held", "meetings.status", 8, 9),
    ("status:", None, "meetings.missing-key", 1, 1),
    ("notice_published:", "notice_published: 2026-12-01", "meetings.future-date", 9, 19),
    ("papers_published:", "papers_published: 16 June", "meetings.date", 10, 19),
    ("papers_published:", None, "meetings.papers-published", 14, 3),  # at the agenda
    ("minutes_published:", "minutes_published: 2026-06-20", "meetings.date-order", 11, 20),
    ("minutes_published:", None, "meetings.minutes-published", 21, 10),  # at the minutes
    ("webcast:", "webcast: http://webcasts.example.org/x", "meetings.webcast", 12, 10),
    ("redirect_from:", "redirect_from: [https://old.example.org/x]", "content.redirect-path",
     13, 17),
    ("  - title: Apologies", "  - 42", "meetings.agenda", 15, 5),
    ("  - title: Apologies", "  - titel: Apologies", "meetings.unknown-key", 15, 5),
    ("    exemption:", "    exemption: s99", "meetings.exemption", 21, 16),
    ("    exemption:", None, "meetings.exemption", 20, 13),
    ("    exempt:", "    exempt: false", "meetings.exemption", 21, 16),
    ("    exempt:", "    exempt: true\n    papers: [{file: 2026-06-24-minutes.txt, title: X}]",
     "meetings.exempt-papers", 21, 13),
    ("      - {file: 2026", "      - {file: missing.csv, title: Missing}",
     "attachment.missing", 18, 9),
    ("      - {file: 2026", "      - {file: ../secret.csv, title: Secret}",
     "attachment.path", 18, 9),
    ("      - {file: 2026", "      - {file: 2026-06-24-draft-accounts.csv}",
     "record.attachment", 18, 9),
    ("minutes:", "minutes: {file: nowhere.txt, title: Minutes}", "attachment.missing", 22, 10),
    ("minutes:", "minutes: [a]", "meetings.type", 22, 10),
]


@pytest.mark.parametrize("key, line, code, at_line, column",
                         BAD)
def test_each_bad_key_is_reported_where_it_is_written(tmp_path, key, line, code, at_line,
                                                      column):
    meeting, found = load(tmp_path, edit(GOOD, key, line))
    assert (at_line, column) in where(found, code), [(d.code, d.line, d.column, d.message)
                                                      for d in found]
    assert meeting is None


def test_unknown_and_page_keys(tmp_path):
    text = GOOD.replace("public: true\n", "public: true\nchair: Someone\nsummary: Text\n")
    _, found = load(tmp_path, text)
    assert where(found, "meetings.unknown-key") == [(8, 1), (9, 1)]
    assert "a meeting's summary is made from" in next(d.hint for d in found
                                                      if "summary" in d.message)


def test_public_interest_on_a_public_meeting_is_a_warning(tmp_path):
    meeting, found = load(tmp_path, edit(GOOD, "public:", "public: true\npublic_interest: true"))
    assert meeting is not None
    assert [(d.code, d.severity, d.line, d.column) for d in found] == [
        ("meetings.public-interest", "warning", 8, 18)]


# --------------------------------------------------------------------------- together

def test_the_file_name_and_place(tmp_path):
    _, found = load(tmp_path, GOOD, "content/meetings/2026/Joint Audit.md")
    assert where(found, "meetings.file-name") == [(1, 1)]
    _, found = load(tmp_path, GOOD, "content/meetings/2025/2026-06-24-joint-audit-committee.md")
    assert where(found, "meetings.date-mismatch") == [(3, 7)]
    _, found = load(tmp_path, GOOD, "content/meetings/2026/jac/2026-06-24-jac.md")
    assert where(found, "record.location") == [(1, 1)]


def test_a_meeting_not_yet_held_has_no_minutes(tmp_path):
    meeting, found = load(tmp_path, GOOD, today=date(2026, 6, 1))
    assert meeting is None
    assert (22, 10) in where(found, "meetings.future-minutes")


def test_the_status_needs_what_it_promises(tmp_path):
    no_minutes = edit(edit(GOOD, "minutes:", None), "minutes_published:", None)
    _, found = load(tmp_path, no_minutes)
    assert where(found, "meetings.status") == [(8, 9)]
    no_papers = edit(edit(no_minutes, "      - {file", None), "    papers:", None)
    no_papers = no_papers.replace("status: minutes-published", "status: papers-published")
    _, found = load(tmp_path, no_papers)
    assert where(found, "meetings.status") == [(8, 9)]


def test_a_cancelled_meeting_gives_its_reason(tmp_path):
    base = edit(edit(GOOD, "minutes:", None), "minutes_published:", None)
    text = edit(base, "status:", "status: cancelled")
    _, found = load(tmp_path, text)
    assert where(found, "meetings.cancelled") == [(8, 9)]
    meeting, found = load(tmp_path, edit(base, "status:", "status: cancelled\n"
                                         "cancelled_reason: No business.\n"
                                         "cancelled_on: 2026-06-01"))
    assert found == [] and meeting.cancelled and meeting.cancelled_reason == "No business."
    _, found = load(tmp_path, edit(GOOD, "status:", "status: minutes-published\n"
                                   "cancelled_reason: No business."))
    assert where(found, "meetings.cancelled") == [(9, 19)]


def test_drafts_are_checked_but_not_published(tmp_path):
    write(tmp_path, GOOD.replace("---\n\n", "draft: true\n---\n\n", 1)
          .replace("body: Joint audit committee", "body: Nobody"))
    meetings, found = load_meetings(tmp_path, TODAY, DEFAULTS)
    assert meetings == []
    assert [(d.code, d.severity) for d in found] == [("meetings.body", "warning")]
    meetings, found = load_meetings(tmp_path, TODAY, DEFAULTS, include_drafts=True)
    assert [(d.code, d.severity) for d in found] == [("meetings.body", "error")]


def test_pages_beside_the_records_are_not_records(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / "content/meetings/index.md").write_text("---\ntitle: Meetings\n---\n")
    meetings, found = load_meetings(tmp_path, TODAY, DEFAULTS)
    assert found == [] and len(meetings) == 1


# --------------------------------------------------------------------------- duties

SETTINGS = {**DEFAULTS, "minutes_working_days": 15}


def owed(tmp_path, text=GOOD, today=TODAY, **settings):
    meeting, found = load(tmp_path, text, today=today, **{**SETTINGS, **settings})
    assert meeting is not None, found
    return {o.what.split(" of ")[0]: o for o in meeting.obligations}


def test_the_due_dates_of_a_public_meeting(tmp_path):
    found = owed(tmp_path)
    # notice 5 days before Wednesday 24 June 2026; the papers 5 working days before
    assert found["the notice"].due == date(2026, 6, 19)
    assert found["the agenda and reports"].due == date(2026, 6, 17)
    # the minutes 15 working days after, as FOI counts them: 13 July 2026 is a bank
    # holiday in Northern Ireland (the Twelfth, on a Sunday, moved to the Monday)
    assert found["the minutes"].due == date(2026, 7, 16)
    assert found["the minutes"].met == date(2026, 7, 8)
    assert found["the minutes"].what == "the minutes of the Joint audit committee of 24 June 2026"
    assert all(o.source == NAME for o in found.values())


def test_working_days_before_skip_bank_holidays():
    # Thursday 28 May 2026: five working days before skips the spring bank holiday (25 May)
    assert duties.working_days_before(date(2026, 5, 28), 5) == date(2026, 5, 20)
    assert duties.working_days_before(date(2026, 5, 28), 0) == date(2026, 5, 28)


def test_a_past_meeting_without_minutes_is_overdue_with_its_date(tmp_path):
    text = edit(edit(GOOD, "minutes:", None), "minutes_published:", None).replace(
        "minutes-published", "papers-published")
    found = owed(tmp_path, text)
    assert found["the minutes"].met is None
    due = assess_obligations(tuple(found.values()), TODAY)
    of = "of the Joint audit committee of 24 June 2026"
    assert due.late == (f"the minutes {of} (due 16 July 2026)",)
    assert due.late_since == date(2026, 7, 16)


def test_papers_published_late_and_papers_never_published(tmp_path):
    late = owed(tmp_path, GOOD.replace("papers_published: 2026-06-16",
                                       "papers_published: 2026-06-22"))
    papers = late["the agenda and reports"]
    assert papers.met == date(2026, 6, 22) and papers.met > papers.due
    text = edit(edit(edit(GOOD, "      - {file", None), "    papers:", None),
                "papers_published:", None)
    text = edit(text, "notice_published:", None)
    missing = owed(tmp_path, text)
    due = assess_obligations(tuple(missing.values()), TODAY)
    of = "of the Joint audit committee of 24 June 2026"
    assert due.late == (f"the agenda and reports {of} (due 17 June 2026)",
                        f"the notice {of} (due 19 June 2026)")


def test_a_meeting_to_come_is_not_yet_due(tmp_path):
    text = ("---\nbody: Joint audit committee\ndate: 2026-12-16\ntime: \"14:00\"\n"
            "venue: Council Chamber\nstatus: scheduled\nnotice_published: 2026-11-18\n---\n")
    meeting, problems = load(tmp_path, text, "content/meetings/2026/2026-12-16-jac.md",
                             **SETTINGS)
    assert problems == []
    due = assess_obligations(meeting.obligations, TODAY)
    assert due.late == () and due.next_due == date(2026, 12, 9)  # papers, 5 working days


def test_a_cancelled_meeting_owes_nothing_after_its_cancellation(tmp_path):
    base = edit(edit(edit(edit(GOOD, "minutes:", None), "minutes_published:", None),
                     "papers_published:", None), "notice_published:", None)
    base = edit(edit(base, "      - {file", None), "    papers:", None)
    never = edit(base, "status:", "status: cancelled\ncancelled_reason: No business.")
    assert owed(tmp_path, never) == {}
    # cancelled on 18 June: the notice (due 19 June) is not owed, the papers (17 June) are
    late = edit(never, "cancelled_reason:", "cancelled_reason: No business.\n"
                "cancelled_on: 2026-06-18")
    assert set(owed(tmp_path, late)) == {"the agenda and reports"}


def test_a_private_meeting_owes_its_minutes_only_when_of_public_interest(tmp_path):
    private = edit(GOOD, "public:", "public: false")
    assert set(owed(tmp_path, private)) == set()
    interest = edit(GOOD, "public:", "public: false\npublic_interest: true")
    assert set(owed(tmp_path, interest)) == {"the minutes"}


def test_fulfils_and_events(tmp_path):
    write(tmp_path, GOOD)
    meetings, _ = load_meetings(tmp_path, TODAY, SETTINGS)
    made = fulfils(meetings)
    assert list(made) == ["sio-5a-c"]
    fulfilment = made["sio-5a-c"][0]
    assert fulfilment.url == "/meetings/" and len(fulfilment.obligations) == 3
    assert duties.meeting_events(meetings) == [("public-meeting", date(2026, 6, 24))]


# --------------------------------------------------------------------------- calendar

def test_the_calendar_parses_back(tmp_path):
    from icalendar import Calendar

    write(tmp_path, GOOD)
    cancelled = ("---\nbody: Public accountability board\ndate: 2026-12-17\n"
                 "time: \"10:00-12:30\"\nvenue: Council Chamber\nstatus: cancelled\n"
                 "cancelled_reason: No business.\n---\n")
    write(tmp_path, cancelled, "content/meetings/2026/2026-12-17-board.md")
    old = GOOD.replace("2026-06-24", "2024-06-24").replace("2026-05-27", "2024-05-27") \
        .replace("2026-06-16", "2024-06-16").replace("2026-07-08", "2024-07-08")
    write(tmp_path, old, "content/meetings/2024/2024-06-24-joint-audit-committee.md")
    for name in ("2024-06-24-draft-accounts.csv", "2024-06-24-minutes.txt"):
        (tmp_path / "content/meetings/2024" / name).write_text("a\r\n1\r\n")
    meetings, found = load_meetings(tmp_path, TODAY, DEFAULTS)
    assert len(meetings) == 3, found
    data = meetings_calendar(meetings, TODAY, "https://www.example.org/", "Example OPCC")
    calendar = Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    page = "https://www.example.org/meetings/2026/2026-06-24-joint-audit-committee/"
    assert set(events) == {page,  # more than a year old: left out
                           "https://www.example.org/meetings/2026/2026-12-17-board/"}
    london = ZoneInfo("Europe/London")
    summer = events[page]
    assert summer.decoded("dtstart") == datetime(2026, 6, 24, 14, tzinfo=london)
    assert summer.decoded("dtend") == datetime(2026, 6, 24, 16, tzinfo=london)
    assert summer["dtstart"].params["TZID"] == "Europe/London"
    assert str(summer["location"]) == "Council Chamber, Police Headquarters"
    assert str(summer["url"]) == page and str(summer["status"]) == "CONFIRMED"
    winter = events["https://www.example.org/meetings/2026/2026-12-17-board/"]
    assert str(winter["status"]) == "CANCELLED"
    assert "Cancelled: No business." in str(winter["description"])
    assert calendar.walk("VTIMEZONE")  # the zone is defined in the file
    # the same input gives the same bytes (stable UIDs and stamps)
    assert meetings_calendar(meetings, TODAY, "https://www.example.org/", "Example OPCC") \
        == data


# --------------------------------------------------------------------------- scaffold

def test_opcc_new_meeting_writes_a_draft_that_reads(tmp_path):
    from click.testing import CliRunner

    from opcc.cli.main import main

    args = ["new", "meeting", "--body", "Joint audit committee", "--date", "2026-12-17",
            "--time", "14:00-16:00", "--root", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    path = tmp_path / "content/meetings/2026/2026-12-17-joint-audit-committee.md"
    assert "created content/meetings/2026/2026-12-17-joint-audit-committee.md" in result.output
    meeting, found = load_meeting(tmp_path, path, TODAY, DEFAULTS)
    assert found == [] and meeting.draft and meeting.status == "scheduled"
    assert (meeting.start, meeting.end) == (time(14), time(16))
    # published as it is, its placeholders are errors
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    _, found = load_meeting(tmp_path, path, TODAY, DEFAULTS)
    assert {d.code for d in found} == {"content.placeholder"}
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "already exists" in again.output
    bad = CliRunner().invoke(main, [*args[:-4], "--time", "2pm", "--root", str(tmp_path)])
    assert bad.exit_code == 2 and "10:00-12:30" in bad.output
