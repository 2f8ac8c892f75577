"""Rendering the decisions register: a page per decision (a notice only, for an exempt
one), the register by year with static filter pages (by year, category and status), its
Atom feed, its entry on the decisions class page, and the background papers' files."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from markupsafe import Markup

from opcc.checks.links import output_path
from opcc.kinds.decisions import views
from opcc.kinds.decisions.data import REGISTER_DATASET
from opcc.kinds.decisions.records import (
    DECISIONS_CLASS,
    NAME,
    PUBLISH_WITHIN_WORKING_DAYS,
    STATUS_LABELS,
    STATUSES,
    DecisionRecord,
    category_label,
    newest_first,
    pounds,
)
from opcc.kinds.foi.working_days import working_days
from opcc.kinds.pages import human_size
from opcc.render import discovery
from opcc.render.pages import (
    AttachmentLink,
    Entry,
    MetaRow,
    PageSpec,
    SiteRenderer,
    date_text,
)

SAMPLE_NOTICE = "The decisions in this register are illustrative examples, not real decisions."
ABOUT_PAGE = "content/decisions/decision-making.md"


def day_text(day) -> str:
    return date_text(day).text


class DecisionsRenderer:
    def __init__(self, site: SiteRenderer, records: list[DecisionRecord]):
        self.site = site
        self.records = newest_first(records)
        settings = site.config.kinds.get(NAME, {})
        self.notice = SAMPLE_NOTICE if settings.get("sample") else None
        self.within = settings.get("publish_within_working_days", PUBLISH_WITHIN_WORKING_DAYS)
        self._filters = self.filters()  # the same on every register page

    # -- filters -----------------------------------------------------------------------

    def filter_url(self, name: str, value: str) -> str:
        return f"{views.REGISTER_URL}{value}/" if name == "year" else \
            f"{views.REGISTER_URL}{name}/{value}/"

    @staticmethod
    def values(record: DecisionRecord) -> dict[str, tuple[str, str]]:
        """(slug, label) of the record's value of each filter."""
        return {"year": (str(record.year), str(record.year)),
                "category": (record.category, record.category_label),
                "status": (record.status, record.status_label)}

    def filters(self) -> tuple[views.RegisterFilter, ...]:
        counts = {name: Counter(self.values(r)[name][0] for r in self.records)
                  for name in views.FILTER_LABELS}
        order = {"year": lambda slug: -int(slug),
                 "category": lambda slug: category_label(slug).lower(),
                 "status": STATUSES.index}
        labels = {"year": str, "category": category_label, "status": STATUS_LABELS.get}
        return tuple(views.RegisterFilter(name, label, tuple(
            views.FilterOption(slug, labels[name](slug), self.site.href(
                self.filter_url(name, slug)), counts[name][slug])
            for slug in sorted(counts[name], key=order[name])))
            for name, label in views.FILTER_LABELS.items())

    # -- what it publishes -------------------------------------------------------------

    def register_spec(self) -> PageSpec:
        return PageSpec(views.REGISTER_URL, "Decisions register", "Every decision of "
                        "significant public interest the office has made, newest first, "
                        "with the reasons for it.", "decisions-register", self.latest(self.records))

    @staticmethod
    def latest(records: list[DecisionRecord]):
        return max((r.last_updated for r in records), default=None)

    @cached_property
    def filter_pages(self) -> list[tuple[PageSpec, list[DecisionRecord]]]:
        """Each filter page, with the decisions it lists (the pages and the sitemap both
        need them)."""
        pages = []
        for register_filter in self._filters:
            for option in register_filter.options:
                chosen = [r for r in self.records
                          if self.values(r)[register_filter.name][0] == option.value]
                heading = {"year": f"Decisions made in {option.label}",
                           "category": f"Decisions: {option.label.lower()}",
                           "status": f"{option.label} decisions"}[register_filter.name]
                pages.append((PageSpec(self.filter_url(register_filter.name, option.value),
                                       heading, f"{views.status_sentence(len(chosen))} in our "
                                       "decisions register.", "decisions-register",
                                       self.latest(chosen)), chosen))
        return pages

    def decision_spec(self, record: DecisionRecord) -> PageSpec:
        return PageSpec(record.url, record.title, record.summary, NAME, record.last_updated,
                        record.published, True, DECISIONS_CLASS,
                        status="draft" if record.draft else None)

    def specs(self) -> list[PageSpec]:
        return [self.register_spec(), *(spec for spec, _ in self.filter_pages),
                *(self.decision_spec(r) for r in self.records)]

    # -- the register ------------------------------------------------------------------

    def row(self, record: DecisionRecord) -> views.RegisterRow:
        return views.RegisterRow(
            reference=record.reference, title=record.title,
            href=self.site.href(record.url), made=date_text(record.made),
            decision_maker=record.decision_maker, category=record.category_label,
            status=record.status_label, status_class=views.STATUS_CLASSES[record.status])

    def groups(self, records: list[DecisionRecord]) -> tuple[views.YearGroup, ...]:
        years = sorted({r.year for r in records}, reverse=True)
        return tuple(views.YearGroup(str(year), f"decisions-{year}", tuple(
            self.row(r) for r in records if r.year == year)) for year in years)

    def register_view(self, records: list[DecisionRecord], heading: str,
                      filtered: bool) -> views.RegisterView:
        about = self.site.index.by_source.get(ABOUT_PAGE)
        return views.RegisterView(
            heading=heading, groups=self.groups(records), filters=self._filters,
            filtered=filtered, all_href=self.site.href(views.REGISTER_URL),
            dataset_href=self.site.href(f"/datasets/{REGISTER_DATASET}/"),
            feed_href=self.site.href(views.FEED_URL),
            about_href=self.site.href(about) if about else None, notice=self.notice)

    def render_register(self) -> dict[str, bytes]:
        spec = self.register_spec()
        outputs = {output_path(spec.url): self.site.render_template(
            "decisions-register.html", spec.url, page=self.site.view(spec),
            register=self.register_view(
                self.records, "All " + views.status_sentence(len(self.records)), False))}
        for spec, chosen in self.filter_pages:
            outputs[output_path(spec.url)] = self.site.render_template(
                "decisions-register.html", spec.url, page=self.site.view(spec),
                register=self.register_view(chosen, views.status_sentence(len(chosen)), True))
        return outputs

    # -- a decision's page -------------------------------------------------------------

    def meta(self, record: DecisionRecord) -> tuple[MetaRow, ...]:
        rows = [MetaRow("Reference", record.reference),
                MetaRow("Date made", day_text(record.made)),
                MetaRow("Decision-maker", record.decision_maker),
                MetaRow("Category", record.category_label, self.site.href(
                    self.filter_url("category", record.category))),
                MetaRow("Status", record.status_label)]
        if not record.exempt:
            rows += [MetaRow("Financial implications", pounds(record.financial_implications)),
                     MetaRow("Interests declared", record.interests_declared or "None")]
        rows.append(MetaRow("Published", day_text(record.published)))
        return tuple(rows)

    def timeliness(self, record: DecisionRecord) -> str:
        taken = working_days(record.made, record.published)
        days = f"{taken} working day{'s' if taken != 1 else ''}"
        promise = (f"We publish decisions within {self.within} working "
                   f"day{'s' if self.within != 1 else ''} of their being made")
        verdict = "in time" if record.published_in_time else "late"
        return f"Published {days} after the decision was made ({verdict}). {promise}."

    def decision_view(self, record: DecisionRecord) -> views.DecisionView:
        details = record.exemption_details
        cited = " and ".join(f"{e.label} ({e.title.lower()})" for e in details)
        exempt_notice = review = part_notice = None
        if record.exempt:
            exempt_notice = (f"This decision was made on {day_text(record.made)} by the "
                             f"{record.decision_maker}. Its details are exempt from "
                             f"publication under the Freedom of Information Act 2000: "
                             f"{cited}.")
            review = (f"We will review the exemption on {day_text(record.review_exemption)},"
                      " and publish the decision then if the exemption no longer applies.")
        elif record.status == "part-exempt":
            part_notice = (f"Part of this decision record is withheld under the Freedom of "
                           f"Information Act 2000: {cited}. The rest is published below.")
        return views.DecisionView(
            reference=record.reference, status=record.status_label,
            status_class=views.STATUS_CLASSES[record.status], meta=self.meta(record),
            exempt=record.exempt, exempt_notice=exempt_notice, review_sentence=review,
            part_exempt_notice=part_notice,
            exemptions=tuple(views.ExemptionView(e.label, e.title, e.url) for e in details),
            body_html=Markup(self.site.bodies[record.url].html),
            papers=tuple(AttachmentLink(a.title, self.site.href(a.url), a.type_label,
                                        human_size(a.size), a.file)
                         for a in record.attachments),
            timeliness=self.timeliness(record),
            register_href=self.site.href(views.REGISTER_URL), notice=self.notice)

    def render_record(self, record: DecisionRecord) -> bytes:
        return self.site.render_template("decision.html", record.url,
                                         page=self.site.view(self.decision_spec(record)),
                                         decision=self.decision_view(record))

    # -- feed, class page, files -------------------------------------------------------

    def feed(self) -> dict[str, bytes]:
        organisation = self.site.config.organisation
        items = [discovery.Publication(r.title, r.summary, self.site.canonical(r.url),
                                       r.last_updated, r.published, "Decision")
                 for r in self.records if not r.draft]  # a preview's drafts: in no feed
        return {views.FEED_URL.lstrip("/"): discovery.atom_feed(
            f"{organisation.short_name}: decisions", self.site.canonical(views.FEED_URL),
            self.site.canonical(views.REGISTER_URL), organisation.name, items)}

    def class_entries(self) -> list[Entry]:
        return [Entry("Decisions register", "Every decision of significant public interest, "
                      "with the reasons for it, by year, category and status.",
                      self.site.href(views.REGISTER_URL),
                      date_text(self.latest(self.records)), "Page")]

    def site_pages(self) -> dict:
        outputs: dict = self.render_register()
        outputs.update(self.feed())
        outputs.update({output_path(a.url): a.source for r in self.records
                        for a in r.attachments})  # an exempt decision's: none
        return outputs
