"""Meetings stage: read and check content/meetings/YEAR/DATE-SLUG.md (no HTML).

The file's front matter is read with positions (kinds/common/reading.py, against
records.RECORD_SCHEMA), so every diagnostic names its line and column. Then what the keys
say together is checked: the file's place and the meeting's date agree, a status has
what it promises (papers, minutes, a reason for a cancellation), a meeting not yet held
has no minutes, and an exempt agenda item gives no papers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.diagnostics import Diagnostic, suggestion, warning
from opcc.kinds.common.reading import (
    RecordFile,
    find_record_files,
    load_records,
    read_attachment,
    read_record_file,
    wrong_place,
)
from opcc.kinds.foi.records import exemption_suggestion, normalise_exemption
from opcc.kinds.meetings.duties import obligations
from opcc.kinds.meetings.records import (
    AGENDA_ITEM_SCHEMA,
    FIRST_DAY,
    FOLDER,
    RECORD_SCHEMA,
    RECORDS,
    AgendaItem,
    Meeting,
    default_title,
    exemption,
    sort_by_date,
)
from opcc.kinds.page_keys import read_redirect_from
from opcc.source.front_matter import FrontMatter

FILE_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md")
TIME = re.compile(r"(?P<start>\d{1,2}[:.]\d{2})(?:\s*(?:-|–|to)\s*(?P<end>\d{1,2}[:.]\d{2}))?")
MINUTES_HEADING = re.compile(r"^##\s+Minutes\s*$", re.MULTILINE)
EXAMPLE_PATH = f"content/{FOLDER}/2026/2026-06-24-joint-audit-committee.md"


class MeetingReader:
    """Checks one meeting record, its problems reported through its front matter."""

    def __init__(self, root: Path, record: RecordFile, today: date, settings: dict):
        self.root = root
        self.record = record
        self.front = record.front
        self.today = today
        self.settings = settings
        self.bodies = tuple(settings["bodies"])

    def read(self) -> Meeting | None:
        front = self.front
        meeting_body = self.meeting_body()
        day = self.meeting_date()
        start, end = self.meeting_time()
        venue = front.value("venue")
        status = front.value("status")
        agenda = self.agenda()
        minutes_file = self.minutes_file()
        minutes_in_body = MINUTES_HEADING.search(self.record.body) is not None
        webcast = self.webcast()
        dates = {name: self.published_date(name) for name in
                 ("notice_published", "papers_published", "minutes_published", "cancelled_on")}
        url = self.url(day)
        redirect_from = read_redirect_from(front, url) if url else ()
        public = front.value("public")
        public_interest = self.public_interest(public)
        venue_access, written_title = front.value("venue_access"), front.value("title")
        draft = front.value("draft")
        if day and status:
            self.check_status(day, status, agenda, minutes_file or minutes_in_body, dates)
        if self.has_errors() or None in (meeting_body, day, start, venue, status, url):
            return None
        title = written_title or default_title(meeting_body, day)
        papers = tuple(p for item in agenda for p in item.papers)
        meeting = Meeting(
            source=self.record.relative, url=url, title=title,
            summary=summary(meeting_body, day, venue, status),
            body=self.record.body, body_line=self.record.body_line,
            attachments=papers + ((minutes_file,) if minutes_file else ()),
            meeting_body=meeting_body, date=day, start=start, end=end, venue=venue,
            venue_access=venue_access, public=public,
            public_interest=public_interest, agenda=agenda, minutes_file=minutes_file,
            minutes_in_body=minutes_in_body, webcast=webcast, status=status,
            notice_published=dates["notice_published"],
            papers_published=dates["papers_published"],
            minutes_published=dates["minutes_published"],
            cancelled_reason=front.value("cancelled_reason"),
            cancelled_on=dates["cancelled_on"], redirect_from=redirect_from,
            draft=draft, key_lines=front.key_lines)
        return replace(meeting, obligations=obligations(meeting, self.settings))

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.front.diagnostics)

    # -- single keys

    def meeting_body(self) -> str | None:
        written = self.front.value("body")
        if written is None or written in self.bodies:
            return written
        by_case = {b.lower(): b for b in self.bodies}
        if written.lower() in by_case:
            return by_case[written.lower()]
        self.front.report("meetings.body", f"'{written}' is not one of this office's meeting "
                          f"bodies{suggestion(written, list(self.bodies))}",
                          "use one of: " + "; ".join(self.bodies) + " (or add it to site.yaml "
                          "under meetings: {bodies: [...]})", ("body",))
        return None

    def meeting_date(self) -> date | None:
        day = self.front.value("date")
        if day is None:
            return None
        if day < FIRST_DAY:
            self.front.report("meetings.date-range", f"'date' ({day}) is before the first "
                              "police and crime commissioners took office (22 November 2012)",
                              "check the year", ("date",))
            return None
        if not self.in_its_place(day):
            return None
        return day

    def in_its_place(self, day: date) -> bool:
        """The file is content/meetings/YEAR/DATE-SLUG.md, with the meeting's date and year."""
        parts = PurePosixPath(self.record.relative).parts
        match = FILE_NAME.fullmatch(parts[-1])
        if match is None:
            self.front.report("meetings.file-name", f"the file name '{parts[-1]}' is not the "
                              "meeting's date and a slug", f"name it {day.isoformat()}-"
                              "BODY-IN-LOWERCASE.md, e.g. 2026-06-24-joint-audit-committee.md",
                              None)
            return False
        if match["date"] != day.isoformat() or parts[-2] != str(day.year):
            self.front.report("meetings.date-mismatch", f"'date' ({day}) does not match the "
                              f"file's place ({parts[-2]}/{parts[-1]})",
                              f"move the file to content/{FOLDER}/{day.year}/{day.isoformat()}-"
                              f"{match['slug']}.md, or correct the date", ("date",))
            return False
        return True

    def meeting_time(self) -> tuple[time | None, time | None]:
        written = self.front.data.get("time")
        if written is None:
            self.front.value("time")  # reports it missing
            return None, None
        if isinstance(written, int) and not isinstance(written, bool) and 60 <= written < 1440:
            written = f"{written // 60}:{written % 60:02d}"  # YAML read 10:00 as 600 minutes
        match = TIME.fullmatch(str(written).strip()) if isinstance(written, (str, int)) \
            else None
        start = end = None
        if match:
            start, end = clock(match["start"]), clock(match["end"]) if match["end"] else None
        if start is None or (match["end"] and end is None) or (end and end <= start):
            self.front.report("meetings.time", f"'time' ({written}) is not a start time, or "
                              "a start and end time, on the 24-hour clock",
                              "write it in quotes, e.g. time: \"10:00\" or time: "
                              "\"10:00-12:30\"", ("time",))
            return None, None
        return start, end

    def webcast(self) -> str | None:
        written = self.front.value("webcast")
        if written and not re.fullmatch(r"https://[^\s/]+\.[^\s]+", written):
            self.front.report("meetings.webcast", f"'webcast' ({written}) is not an https "
                              "address", "give the full address of the webcast, starting "
                              "https://", ("webcast",))
            return None
        return written

    def published_date(self, name: str) -> date | None:
        day = self.front.value(name)
        if day is not None and day > self.today:
            self.front.report("meetings.future-date", f"'{name}' ({day}) is in the future",
                              f"today is {self.today}; write the day it happened, once it "
                              "has", (name,))
            return None
        return day

    def public_interest(self, public: bool) -> bool:
        flag = self.front.value("public_interest")
        if flag and public:
            self.front.report("meetings.public-interest", "'public_interest' is for private "
                              "meetings", "a public meeting's minutes are always published; "
                              "remove the line, or add 'public: false'", ("public_interest",),
                              severity=warning)
        return bool(flag)

    def url(self, day: date | None) -> str | None:
        if day is None:
            return None
        return f"/{FOLDER}/{day.year}/{PurePosixPath(self.record.relative).stem}/"

    # -- the agenda and the minutes

    def agenda(self) -> tuple[AgendaItem, ...]:
        written = self.front.data.get("agenda")
        if written is None:
            return ()
        if not isinstance(written, list):
            self.front.report("meetings.agenda", "'agenda' should be a list of items",
                              "write each item as '- title: Performance report', with its "
                              "'papers:' under it", ("agenda",))
            return ()
        items = (self.agenda_item(index, entry) for index, entry in enumerate(written))
        return tuple(item for item in items if item)

    def agenda_item(self, index: int, entry: Any) -> AgendaItem | None:
        where = ("agenda", index)
        if isinstance(entry, str) and entry.strip():
            entry = {"title": entry}  # a bare title: an item with no papers
        if not isinstance(entry, dict):
            self.front.report("meetings.agenda", f"agenda item {index + 1} should be a title "
                              "or a mapping of title, papers, exempt and exemption",
                              "write it as '- title: Performance report'", where)
            return None
        item = FrontMatter(AGENDA_ITEM_SCHEMA, entry, self.front.document, self.front.path,
                           self.front.diagnostics, where)
        item.check_keys()
        title, exempt = item.value("title"), item.value("exempt")
        code = self.exemption_code(item, where, exempt)
        papers = self.papers(item, where)
        if exempt and entry.get("papers"):
            self.front.report("meetings.exempt-papers", f"agenda item {index + 1} is exempt, "
                              "so its papers must not be published", "remove its 'papers:' "
                              "(an exempt item shows only its title and exemption)",
                              where + ("papers",))
            return None
        if title is None:
            return None
        return AgendaItem(index + 1, title, papers, bool(exempt),
                          exemption(code) if code else None)

    def exemption_code(self, item: FrontMatter, where: tuple, exempt: bool) -> str | None:
        written = item.value("exemption")
        if written is None:
            if exempt:
                self.front.report("meetings.exemption", f"agenda item {where[1] + 1} is "
                                  "exempt but names no exemption", "add the FOI exemption "
                                  "that applies, e.g. 'exemption: s43(2)'", where + ("exempt",))
            return None
        code = normalise_exemption(written)
        if code is None:
            self.front.report("meetings.exemption", f"unknown exemption '{written}'"
                              f"{exemption_suggestion(written, 'foia')}",
                              "write FOIA sections as s43(2) or s31(1)(a)",
                              where + ("exemption",))
            return None
        if not exempt:
            self.front.report("meetings.exemption", f"agenda item {where[1] + 1} names an "
                              "exemption but is not exempt", "add 'exempt: true', or remove "
                              "the exemption", where + ("exemption",))
            return None
        return code

    def papers(self, item: FrontMatter, where: tuple) -> tuple:
        written = item.value("papers")
        if written is None:
            return ()
        if not isinstance(written, list):
            self.front.report("record.attachment", "'papers' should be a list of {file, "
                              "title}", "write each one as '- {file: report.pdf, title: "
                              "Report}'", where + ("papers",))
            return ()
        found = (read_attachment(self.root, self.record, where + ("papers", index), paper)
                 for index, paper in enumerate(written))
        return tuple(paper for paper in found if paper)

    def minutes_file(self):
        written = self.front.value("minutes")
        if written is None:
            return None
        return read_attachment(self.root, self.record, ("minutes",), written)

    # -- what the keys say together

    def check_status(self, day: date, status: str, agenda: tuple[AgendaItem, ...],
                     has_minutes: bool, dates: dict[str, date | None]) -> None:
        report = self.front.report
        if day > self.today and (has_minutes or dates["minutes_published"]):
            report("meetings.future-minutes", f"the meeting on {day} has not been held yet, "
                   "so it cannot have minutes", "remove the minutes, or correct the date",
                   ("minutes",) if "minutes" in self.front.data else ("date",))
        if status == "minutes-published" and not has_minutes:
            report("meetings.status", "the status is minutes-published, but there are no "
                   "minutes", "add 'minutes: {file: minutes.pdf, title: Minutes}' or a "
                   "'## Minutes' section to the body", ("status",))
        if status == "papers-published" and not any(item.papers for item in agenda):
            report("meetings.status", "the status is papers-published, but no agenda item "
                   "has papers", "list each item's reports under its 'papers:'", ("status",))
        if has_minutes and not dates["minutes_published"]:
            report("meetings.minutes-published", "the minutes are given, but not the date "
                   "they were published", "add 'minutes_published: YYYY-MM-DD'",
                   ("minutes",) if "minutes" in self.front.data else None)
        if dates["minutes_published"] and not has_minutes:
            report("meetings.minutes-published", "'minutes_published' is given, but there "
                   "are no minutes", "add the minutes, or remove the date",
                   ("minutes_published",))
        if any(item.papers for item in agenda) and not dates["papers_published"]:
            report("meetings.papers-published", "the agenda has papers, but not the date "
                   "they were published", "add 'papers_published: YYYY-MM-DD'", ("agenda",))
        if dates["minutes_published"] and dates["minutes_published"] < day:
            report("meetings.date-order", f"'minutes_published' "
                   f"({dates['minutes_published']}) is before the meeting ({day})",
                   "minutes are published after the meeting; check both dates",
                   ("minutes_published",))
        self.check_cancelled(status, dates["cancelled_on"])

    def check_cancelled(self, status: str, cancelled_on: date | None) -> None:
        reason = self.front.value("cancelled_reason")
        if status == "cancelled" and not reason:
            self.front.report("meetings.cancelled", "a cancelled meeting needs a reason",
                              "add 'cancelled_reason: ...', e.g. 'There was no business to "
                              "consider.'", ("status",))
        if status != "cancelled" and (reason or cancelled_on):
            key = "cancelled_reason" if reason else "cancelled_on"
            self.front.report("meetings.cancelled", f"'{key}' is given, but the status is "
                              f"{status}", "set 'status: cancelled', or remove the line",
                              (key,))


def clock(text: str) -> time | None:
    hours, minutes = (int(part) for part in re.split(r"[:.]", text))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def summary(meeting_body: str, day: date, venue: str, status: str) -> str:
    when = f"{day.day} {day:%B} {day.year}"
    if status == "cancelled":
        return f"The meeting of the {meeting_body.lower()} on {when} was cancelled."
    what = {"scheduled": "Date, time and place", "papers-published": "The agenda and reports",
            "minutes-published": "The agenda, reports and minutes"}[status]
    return f"{what} of the {meeting_body.lower()} on {when}, at {venue}."


# --------------------------------------------------------------------------- loading

def load_meeting(root: Path, source: Path, today: date, settings: dict,
                 text: str | None = None) -> tuple[Meeting | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    record = read_record_file(root, source, RECORD_SCHEMA, diagnostics, text)
    if record is None:
        return None, diagnostics
    if len(PurePosixPath(record.relative).parts) != 4:
        diagnostics.append(wrong_place(record.relative, f"content/{FOLDER}/YEAR/DATE-SLUG.md",
                                       EXAMPLE_PATH))
        return None, diagnostics
    return MeetingReader(root, record, today, settings).read(), diagnostics


def load_meetings(root: Path, today: date, settings: dict,
                  include_drafts: bool = False) -> tuple[list[Meeting], list[Diagnostic]]:
    """Every meeting record, oldest first, and every problem found. Drafts are checked
    too; their problems are warnings unless `include_drafts` (a preview) publishes them."""
    paths = find_record_files(root, FOLDER, RECORDS)
    records, found = load_records(paths, lambda p: load_meeting(root, p, today, settings),
                                  include_drafts, identity=lambda m: m.url, noun="meeting")
    return sort_by_date(records), found
