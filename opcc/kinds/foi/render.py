"""Rendering the FOI disclosure log: a page per request, the log with static filter
pages (per year, outcome, topic and exemption), the statistics, their CSV and a feed."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from markupsafe import Markup

from opcc.checks.links import output_path
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import records as foi
from opcc.kinds.foi import views as foi_views
from opcc.kinds.foi.views import FOI_FEED_URL, LOG_URL, STATISTICS_CSV_URL, STATISTICS_URL
from opcc.kinds.pages import human_size
from opcc.render import discovery
from opcc.render.markdown import RenderedBody
from opcc.render.pages import (
    FOI_REQUEST_PAGE,
    AttachmentLink,
    Link,
    MetaRow,
    PageSpec,
    SiteRenderer,
    date_text,
)

FILTER_LABELS = {"year": "Year received", "outcome": "Outcome", "topic": "Topic",
                 "exemption": "Exemption"}


class FoiRenderer:
    def __init__(self, site: SiteRenderer, records: list[foi.FoiRecord],
                 bodies: dict[str, RenderedBody], sample: bool):
        self.site = site
        self.records = foi.sort_newest_first(records)
        self.bodies = bodies
        self.notice = ("The requests in this log are illustrative examples, not real "
                       "requests." if sample else None)
        self._filters = self.filters()  # the same on every log page

    # -- shared ------------------------------------------------------------------------

    def filter_url(self, name: str, value: str) -> str:
        return f"{LOG_URL}{value}/" if name == "year" else f"{LOG_URL}{name}/{value}/"

    def values(self, record: foi.FoiRecord) -> dict[str, list[tuple[str, str]]]:
        """(slug, label) of each filter value the record has."""
        return {
            "year": [(str(record.year), str(record.year))],
            "outcome": [(record.outcome, record.outcome_label)],
            "topic": [(foi.topic_slug(t), t) for t in record.topics],
            "exemption": [(foi_views.exemption_slug(e.code), f"{e.label}: {e.title}")
                          for e in record.exemption_details],
        }

    def row(self, record: foi.FoiRecord) -> foi_views.LogRow:
        values = self.values(record)
        return foi_views.LogRow(
            reference=record.reference, title=record.title,
            href=self.site.href(record.url), received=date_text(record.received),
            responded=date_text(record.responded), outcome=record.outcome_label,
            outcome_class=foi_views.OUTCOME_CLASSES[record.outcome],
            working_days=record.working_days, in_time=record.in_time,
            in_time_text=foi_views.in_time_text(record), year=str(record.year),
            outcome_slug=record.outcome,
            topic_slugs=" ".join(slug for slug, _ in values["topic"]),
            exemption_slugs=" ".join(slug for slug, _ in values["exemption"]))

    def filters(self) -> tuple[foi_views.LogFilter, ...]:
        counts: dict[str, Counter] = {name: Counter() for name in FILTER_LABELS}
        labels: dict[tuple[str, str], str] = {}
        for record in self.records:
            for name, pairs in self.values(record).items():
                for slug, label in pairs:
                    counts[name][slug] += 1
                    labels[(name, slug)] = label
        result = []
        for name, label in FILTER_LABELS.items():
            ordered = sorted(counts[name], reverse=(name == "year"),
                             key=lambda s: s if name == "year" else labels[(name, s)].lower())
            result.append(foi_views.LogFilter(name, label, tuple(
                foi_views.FilterOption(slug, labels[(name, slug)],
                                       self.site.href(self.filter_url(name, slug)),
                                       counts[name][slug]) for slug in ordered)))
        return tuple(result)

    # -- pages -------------------------------------------------------------------------

    def log_view(self, records: list[foi.FoiRecord], heading: str,
                 filtered: bool) -> foi_views.LogView:
        request_url = self.site.index.by_source.get(FOI_REQUEST_PAGE)
        shown = records if filtered else records[:foi_views.NEWEST_ON_LOG_PAGE]
        complete = len(shown) == len(records)
        more = None if complete else (
            f"This page lists the newest {len(shown)} of {len(records)} requests. Browse by "
            "year received, outcome, topic or exemption to see every request.")
        return foi_views.LogView(
            rows=tuple(self.row(r) for r in shown), filters=self._filters, heading=heading,
            all_href=self.site.href(LOG_URL), filtered=filtered,
            statistics_href=self.site.href(STATISTICS_URL),
            dataset_href=self.site.href(f"/datasets/{foi_data.LOG_DATASET}/"),
            feed_href=self.site.href(FOI_FEED_URL),
            request_href=self.site.href(request_url) if request_url else None,
            notice=self.notice, complete=complete, more=more)

    # -- what the log publishes (its pages' specs: their views, sitemap and feed entries)

    def log_spec(self) -> PageSpec:
        latest = max((r.last_updated for r in self.records), default=None)
        return PageSpec(LOG_URL, "FOI disclosure log", "Every freedom of information request "
                        "we have answered, newest first, with our response.", "foi-log", latest)

    @cached_property
    def filter_pages(self) -> list[tuple[PageSpec, list[foi.FoiRecord]]]:
        """Each filter page of the log, with the requests it lists (made once: the pages
        and the sitemap both need them)."""
        pages = []
        for log_filter in self._filters:
            for option in log_filter.options:
                url = self.filter_url(log_filter.name, option.value)
                chosen = [r for r in self.records
                          if option.value in [s for s, _ in self.values(r)[log_filter.name]]]
                heading = {"year": f"Requests received in {option.label}",
                           "outcome": f"Requests {option.label.lower()}",
                           "topic": f"Requests about {option.label.lower()}",
                           "exemption": f"Requests citing {option.label}"}[log_filter.name]
                pages.append((PageSpec(url, heading, f"{len(chosen)} requests in our FOI "
                                       "disclosure log.", "foi-log",
                                       max(r.last_updated for r in chosen)), chosen))
        return pages

    def request_spec(self, record: foi.FoiRecord) -> PageSpec:
        return PageSpec(record.url, record.title, record.summary, "foi", record.last_updated,
                        record.published, True, record.scheme_class,
                        status="draft" if record.draft else None)

    def statistics_spec(self) -> PageSpec:
        latest = max((r.last_updated for r in self.records), default=None)
        return PageSpec(STATISTICS_URL, "FOI statistics", "How many requests we receive, how "
                        "quickly we answer them, and with what outcome, by quarter and year.",
                        "foi-statistics", latest)

    def specs(self) -> list[PageSpec]:
        return [self.log_spec(), *(spec for spec, _ in self.filter_pages),
                *(self.request_spec(r) for r in self.records), self.statistics_spec()]

    def render_log_pages(self) -> dict[str, bytes]:
        outputs = {output_path(LOG_URL): self.site.render_template(
            "disclosure-log.html", LOG_URL, page=self.site.view(self.log_spec()),
            log=self.log_view(self.records, f"All {len(self.records)} requests", False))}
        for spec, chosen in self.filter_pages:
            outputs[output_path(spec.url)] = self.site.render_template(
                "disclosure-log.html", spec.url, page=self.site.view(spec),
                log=self.log_view(chosen, f"{len(chosen)} requests", True))
        return outputs

    def request_view(self, record: foi.FoiRecord) -> foi_views.RequestView:
        meta = [MetaRow("Reference", record.reference),
                MetaRow("Received", date_text(record.received).text),
                MetaRow("Responded", date_text(record.responded).text),
                MetaRow("Outcome", record.outcome_label),
                MetaRow("Law", foi.REGIME_LABELS[record.regime])]
        return foi_views.RequestView(
            reference=record.reference, meta=tuple(meta), outcome=record.outcome_label,
            outcome_class=foi_views.OUTCOME_CLASSES[record.outcome],
            timeliness=foi_views.timeliness(record, date_text), in_time=record.in_time,
            exemptions=tuple(foi_views.exemption_view(e) for e in record.exemption_details),
            review=foi_views.review_sentence(record, date_text),
            body_html=Markup(self.bodies[record.url].html),
            attachments=tuple(AttachmentLink(a.title, self.site.href(a.url), a.type_label,
                                             human_size(a.size), a.file)
                              for a in record.attachments),
            topics=tuple(Link(t, self.site.href(self.filter_url("topic", foi.topic_slug(t))))
                         for t in record.topics),
            log_href=self.site.href(LOG_URL),
            how_to_complain="If you are not satisfied with our response, you can ask for an "
                            "internal review within 40 working days, and then complain to the "
                            "Information Commissioner's Office.",
            notice=self.notice)

    def render_request(self, record: foi.FoiRecord) -> bytes:
        return self.site.render_template(
            "foi-request.html", record.url,
            page=self.site.view(self.request_spec(record)),
            request=self.request_view(record))

    def render_statistics(self) -> dict[str, bytes]:
        stats = foi_data.statistics(self.records, self.site.today)
        colour = self.site.config.organisation.colour
        total = stats.total
        summary = (f"Since {date_text(total.start).text} we have received {total.received} "
                   f"requests and answered {total.answered}, "
                   f"{foi_views.percent(total.in_time_percent)} of them in time.")
        view = foi_views.StatisticsView(
            summary=summary,
            charts=(foi_views.received_chart(stats, colour),
                    foi_views.quarter_chart(stats, colour)),
            tables=(foi_views.statistics_tables(stats, stats.years, "Requests by year"),
                    foi_views.statistics_tables(stats, stats.quarters, "Requests by quarter"),
                    foi_views.outcome_table(stats.years),
                    foi_views.exemption_table(total, stats.years),
                    foi_views.review_table(stats.years)),
            csv_href=self.site.href(STATISTICS_CSV_URL), log_href=self.site.href(LOG_URL),
            notice=self.notice)
        return {
            output_path(STATISTICS_URL): self.site.render_template(
                "foi-statistics.html", STATISTICS_URL,
                page=self.site.view(self.statistics_spec()), statistics=view),
            STATISTICS_CSV_URL.lstrip("/"): foi_data.statistics_csv(stats),
        }

    def render_feed(self) -> dict[str, bytes]:
        organisation = self.site.config.organisation
        items = [discovery.Publication(r.title, r.summary, self.site.canonical(r.url),
                                       r.last_updated, r.published, "FOI response")
                 for r in self.records if not r.draft]  # a preview's drafts: in no feed
        return {FOI_FEED_URL.lstrip("/"): discovery.atom_feed(
            f"{organisation.short_name}: FOI responses", self.site.canonical(FOI_FEED_URL),
            self.site.canonical(LOG_URL), organisation.name, items)}

    def class_entries(self) -> list:
        """The log and the statistics, listed in their class like any page."""
        from opcc.render.pages import Entry
        latest = date_text(max(r.last_updated for r in self.records))
        return [Entry("FOI disclosure log", "Every freedom of information request we have "
                      "answered, with our response.", self.site.href(LOG_URL), latest, "Page"),
                Entry("FOI statistics", "How many requests we receive and how quickly we "
                      "answer them, by quarter and year.", self.site.href(STATISTICS_URL),
                      latest, "Page")]

    def render_site_pages(self) -> dict[str, bytes]:
        """Everything but the request pages: the log, its filters, statistics and feed."""
        outputs = self.render_log_pages()
        outputs.update(self.render_statistics())
        outputs.update(self.render_feed())
        return outputs


def attachment_files(records: list[foi.FoiRecord]) -> dict:
    return {output_path(a.url): a.source for r in records for a in r.attachments}
