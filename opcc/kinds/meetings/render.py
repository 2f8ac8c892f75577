"""Rendering meetings: a page per meeting, the meetings index (upcoming, then past by
year), the iCalendar feed, the meetings to come on the decisions class page, the papers
and minutes files, and a redirect from each address a meeting had before."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from markupsafe import Markup

from opcc.checks.links import output_path
from opcc.kinds.meetings import views
from opcc.kinds.meetings.calendar import meetings_calendar
from opcc.kinds.meetings.records import (
    CALENDAR_URL,
    INDEX_URL,
    STATUS_CLASSES,
    Meeting,
    sort_by_date,
)
from opcc.kinds.pages import human_size
from opcc.render.redirects import render_redirect
from opcc.render.views import AttachmentLink, Entry, MetaRow, PageSpec, date_text

PAGE_KIND = "meetings"  # the kind's name: its pages' search type and feed category
INDEX_KIND = "meetings-index"
INDEX_TITLE = "Meetings"
INDEX_SUMMARY = ("When and where our public meetings take place, with their agendas, "
                 "reports and minutes.")
SAMPLE_NOTICE = "The meetings on this site are illustrative examples, not real meetings."


class MeetingsRenderer:
    """Made once per build from the site's renderer and the published meetings."""

    def __init__(self, site, meetings: list[Meeting]):
        self.site = site
        self.meetings = sort_by_date(meetings)
        self.today = site.today or date.today()
        settings = site.config.kinds.get("meetings", {}) if hasattr(site.config, "kinds") \
            else {}
        self.notice = SAMPLE_NOTICE if settings.get("sample") else None

    # -- what it publishes

    def meeting_spec(self, meeting: Meeting) -> PageSpec:
        return PageSpec(meeting.url, meeting.title, meeting.summary, PAGE_KIND,
                        meeting.last_updated, meeting.published, True, meeting.scheme_class,
                        status="draft" if meeting.draft else None)

    def index_spec(self) -> PageSpec:
        latest = max((m.last_updated for m in self.meetings if m.last_updated), default=None)
        return PageSpec(INDEX_URL, INDEX_TITLE, INDEX_SUMMARY, INDEX_KIND, latest)

    def specs(self) -> list[PageSpec]:
        return [self.index_spec(), *(self.meeting_spec(m) for m in self.meetings)]

    def upcoming(self) -> list[Meeting]:
        return [m for m in self.meetings if m.date >= self.today and m.public]

    # -- a meeting's page

    def attachment_link(self, attachment) -> AttachmentLink:
        return AttachmentLink(attachment.title, self.site.href(attachment.url),
                              attachment.type_label, human_size(attachment.size),
                              attachment.file)

    def meta(self, meeting: Meeting) -> tuple[MetaRow, ...]:
        rows = [MetaRow("Date", views.day_text(meeting.date)),
                MetaRow("Time", views.time_text(meeting.start, meeting.end)),
                MetaRow("Venue", meeting.venue)]
        if meeting.venue_access:
            rows.append(MetaRow("Access", meeting.venue_access))
        rows.append(MetaRow("Meeting", "Open to the public" if meeting.public
                            else "Held in private"))
        for label, day in (("Notice published", meeting.notice_published),
                           ("Agenda and reports published", meeting.papers_published),
                           ("Minutes published", meeting.minutes_published)):
            if day:
                rows.append(MetaRow(label, date_text(day).text))
        return tuple(rows)

    def agenda(self, meeting: Meeting) -> tuple[views.AgendaItemView, ...]:
        return tuple(views.AgendaItemView(
            item.number, item.title, tuple(self.attachment_link(p) for p in item.papers),
            views.exempt_sentence(item.exemption.label, item.exemption.title)
            if item.exempt and item.exemption else None) for item in meeting.agenda)

    def meeting_view(self, meeting: Meeting) -> views.MeetingView:
        cancelled = (f"This meeting was cancelled. {meeting.cancelled_reason}"
                     if meeting.cancelled else None)
        private = None
        if not meeting.public:
            private = ("This meeting was held in private. " + (
                "Matters of significant public interest were discussed, so its minutes are "
                "published." if meeting.public_interest else "Its papers are not published."))
        return views.MeetingView(
            meeting_body=meeting.meeting_body, status_label=meeting.status_label,
            status_class=STATUS_CLASSES[meeting.status], meta=self.meta(meeting),
            cancelled=cancelled, private=private, agenda=self.agenda(meeting),
            minutes=(self.attachment_link(meeting.minutes_file),)
            if meeting.minutes_file else (),
            body_html=Markup(self.site.bodies[meeting.url].html),
            webcast_href=meeting.webcast, calendar_href=self.site.href(CALENDAR_URL),
            index_href=self.site.href(INDEX_URL), notice=self.notice)

    def render_record(self, meeting: Meeting) -> bytes:
        return self.site.render_template(
            "meeting.html", meeting.url, page=self.site.view(self.meeting_spec(meeting)),
            meeting=self.meeting_view(meeting))

    # -- the index, the calendar and the class page

    def row(self, meeting: Meeting) -> views.MeetingRow:
        return views.MeetingRow(meeting.title, self.site.href(meeting.url),
                                date_text(meeting.date),
                                views.time_text(meeting.start, meeting.end), meeting.venue,
                                meeting.status_label, STATUS_CLASSES[meeting.status])

    def index_view(self) -> views.MeetingsIndexView:
        past = [m for m in reversed(self.meetings) if m.date < self.today]
        years = tuple(views.YearOfMeetings(str(year), f"meetings-{year}",
                                           tuple(self.row(m) for m in group))
                      for year, group in groupby(past, key=lambda m: m.year))
        return views.MeetingsIndexView(
            upcoming=tuple(self.row(m) for m in self.upcoming()), past=years,
            calendar_href=self.site.href(CALENDAR_URL), notice=self.notice)

    def render_index(self) -> bytes:
        return self.site.render_template("meetings-index.html", INDEX_URL,
                                         page=self.site.view(self.index_spec()),
                                         meetings=self.index_view())

    def render_calendar(self) -> bytes:
        config = self.site.config
        return meetings_calendar([m for m in self.meetings if not m.draft], self.today,
                                 config.base_url, config.organisation.short_name)

    def class_entries(self) -> list[Entry]:
        """The meetings index, then each meeting to come."""
        latest = self.index_spec().last_updated
        entries = [Entry(INDEX_TITLE, INDEX_SUMMARY, self.site.href(INDEX_URL),
                         date_text(latest), "Page")]
        for meeting in self.upcoming():
            when = f"{views.day_text(meeting.date)}, " \
                   f"{views.time_text(meeting.start, meeting.end)}, {meeting.venue}."
            if meeting.cancelled:
                when = f"Cancelled: {when}"
            entries.append(Entry(f"Next meeting: {meeting.title}", when,
                                 self.site.href(meeting.url),
                                 date_text(meeting.last_updated), "Meeting"))
        return entries

    def redirects(self) -> dict[str, bytes]:
        return {output_path(old.url): render_redirect(self.site, meeting, old.url)
                for meeting in self.meetings for old in meeting.redirect_from}

    def site_pages(self) -> dict:
        outputs: dict = {output_path(INDEX_URL): self.render_index(),
                         CALENDAR_URL.lstrip("/"): self.render_calendar()}
        outputs.update({output_path(a.url): a.source for m in self.meetings
                        for a in m.attachments})
        outputs.update(self.redirects())
        return outputs
