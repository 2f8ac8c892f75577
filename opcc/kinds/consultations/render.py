"""Rendering consultations: a page per consultation (how to respond first while it is
open; the results and what was done once it has closed) and the listing at
/consultations/, open ones first."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from opcc.checks.links import output_path
from opcc.kinds.consultations import views
from opcc.kinds.consultations.records import (
    CLOSED,
    CONSULTATIONS_CLASS,
    LIST_URL,
    NAME,
    OPEN,
    STATE_LABELS,
    UPCOMING,
    Consultation,
    closes_in,
    listing_order,
)
from opcc.kinds.pages import human_size
from opcc.render.pages import AttachmentLink, Entry, Link, MetaRow, PageSpec, date_text

SAMPLE_NOTICE = ("The consultations on this site are illustrative examples: the questions "
                 "and the results are not real.")
GROUP_TITLES = {OPEN: "Open consultations", UPCOMING: "Coming soon",
                CLOSED: "Closed consultations"}


class ConsultationsRenderer:
    def __init__(self, site, consultations: list[Consultation]):
        self.site = site
        self.today = site.today or date.today()
        self.consultations = listing_order(consultations, self.today)
        settings = site.config.kinds.get(NAME, {})
        self.notice = SAMPLE_NOTICE if settings.get("sample") else None

    # -- what it publishes -------------------------------------------------------------

    def spec(self, consultation: Consultation) -> PageSpec:
        return PageSpec(consultation.url, consultation.title, consultation.summary, NAME,
                        consultation.last_updated, consultation.published, True,
                        CONSULTATIONS_CLASS, status="draft" if consultation.draft else None)

    def list_spec(self) -> PageSpec:
        return PageSpec(LIST_URL, "Consultations", "Have your say: the consultations that "
                        "are open now, and the results of those that have closed.",
                        "consultation-list", max(c.last_updated for c in self.consultations))

    def specs(self) -> list[PageSpec]:
        return [self.list_spec(), *(self.spec(c) for c in self.consultations)]

    # -- a consultation ----------------------------------------------------------------

    def render_record(self, consultation: Consultation) -> bytes:
        return self.site.render_template(
            "consultation.html", consultation.url, page=self.site.view(self.spec(consultation)),
            consultation=self.view(consultation))

    def timing(self, consultation: Consultation) -> str:
        state = consultation.state(self.today)
        if state == UPCOMING:
            return f"Opens on {date_text(consultation.opens).text}"
        if state == OPEN:
            return closes_in(consultation, self.today)
        return f"Closed on {date_text(consultation.closes).text}"

    def view(self, consultation: Consultation) -> views.ConsultationView:
        state = consultation.state(self.today)
        meta = [MetaRow("Opens", date_text(consultation.opens).text),
                MetaRow("Closes", f"{date_text(consultation.closes).text} (the last day to "
                        "respond)")]
        if consultation.results_published:
            meta.append(MetaRow("Results published",
                                date_text(consultation.results_published).text))
        return views.ConsultationView(
            state=state, state_label=STATE_LABELS[state],
            state_class=views.STATE_CLASSES[state], timing=self.timing(consultation),
            meta=tuple(meta), respond=tuple(self.route(r) for r in consultation.respond),
            respond_open=state == OPEN, respond_intro=self.respond_intro(consultation, state),
            results=tuple(AttachmentLink(a.title, self.site.href(a.url), a.type_label,
                                         human_size(a.size), a.file)
                          for a in consultation.results),
            awaiting="The consultation has closed. We are considering the responses and "
                     "will publish the results here." if state == "awaiting-results" else None,
            body_html=Markup(self.site.bodies[consultation.url].html),
            decisions=tuple(Link(d.title, self.site.href(d.url))
                            for d in consultation.decisions),
            list_href=self.site.href(LIST_URL), notice=self.notice)

    def respond_intro(self, consultation: Consultation, state: str) -> str:
        closes = date_text(consultation.closes).text
        if state == OPEN:
            return f"You can respond in any of these ways until the end of {closes}."
        if state == UPCOMING:
            return (f"From {date_text(consultation.opens).text} until {closes} you will be "
                    "able to respond in any of these ways.")
        return "The consultation is closed. People could respond in these ways."

    @staticmethod
    def route(route) -> views.RouteView:
        if route.url is None:
            return views.RouteView(route.title, None, None, route.address)
        text = route.url.removeprefix("mailto:") if route.url.startswith("mailto:") \
            else route.url
        return views.RouteView(route.title, route.url, text, ())

    # -- the listing -------------------------------------------------------------------

    def entry(self, consultation: Consultation) -> views.ConsultationEntry:
        state = consultation.state(self.today)
        return views.ConsultationEntry(
            consultation.title, self.site.href(consultation.url), consultation.summary,
            STATE_LABELS[state], views.STATE_CLASSES[state], self.timing(consultation))

    def list_view(self) -> views.ConsultationListView:
        groups = []
        for group, states in ((OPEN, (OPEN,)), (UPCOMING, (UPCOMING,)),
                              (CLOSED, ("awaiting-results", CLOSED))):
            chosen = [c for c in self.consultations if c.state(self.today) in states]
            if chosen:
                groups.append(views.ConsultationGroup(GROUP_TITLES[group],
                                                      tuple(self.entry(c) for c in chosen)))
        return views.ConsultationListView(tuple(groups), self.notice)

    def site_pages(self) -> dict:
        outputs: dict = {output_path(LIST_URL): self.site.render_template(
            "consultation-list.html", LIST_URL, page=self.site.view(self.list_spec()),
            consultations=self.list_view())}
        outputs.update({output_path(a.url): a.source for c in self.consultations
                        for a in c.attachments})
        return outputs

    def class_entries(self) -> list[Entry]:
        return [Entry("Consultations", "The consultations that are open now, and the "
                      "results of those that have closed.", self.site.href(LIST_URL),
                      date_text(self.list_spec().last_updated), "Page")]
