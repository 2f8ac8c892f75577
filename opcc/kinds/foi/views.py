"""Template views of the FOI disclosure log: request pages, the log and its filtered
pages, and the statistics page. Every figure and label is computed here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from opcc.datasets.charts import bar_chart
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import records as foi

LOG_URL = "/foi/disclosure-log/"
NEWEST_ON_LOG_PAGE = 200  # the main log page lists these; the year pages list every request
STATISTICS_URL = "/foi/statistics/"
STATISTICS_CSV_URL = "/foi/statistics.csv"
FOI_FEED_URL = "/foi/feed.xml"


@dataclass(frozen=True)
class ExemptionView:
    label: str  # "Section 40(2)"
    title: str  # plain English
    kind: str  # "Absolute exemption", "Qualified exemption (public interest test)"…
    href: str  # legislation.gov.uk


@dataclass(frozen=True)
class LogRow:
    reference: str
    title: str
    href: str
    received: object  # DateText
    responded: object
    outcome: str  # label
    outcome_class: str  # GOV.UK tag modifier
    working_days: int
    in_time: bool
    in_time_text: str  # "Yes", "No", "Yes (extended)"
    # values for the instant filter (data attributes), space-separated slugs
    year: str
    outcome_slug: str
    topic_slugs: str
    exemption_slugs: str


@dataclass(frozen=True)
class FilterOption:
    value: str  # slug
    label: str
    href: str  # the static page of this value
    count: int


@dataclass(frozen=True)
class LogFilter:
    name: str  # "year", "outcome", "topic", "exemption"
    label: str
    options: tuple[FilterOption, ...]


@dataclass(frozen=True)
class LogView:
    rows: tuple[LogRow, ...]
    filters: tuple[LogFilter, ...]
    heading: str  # "All requests" or "Requests about budget"
    all_href: str  # the unfiltered log
    filtered: bool
    statistics_href: str
    dataset_href: str
    feed_href: str
    request_href: str | None  # how to make a request
    notice: str | None
    complete: bool = True  # False: only the newest requests are listed here
    more: str | None = None  # what to do to see the rest


@dataclass(frozen=True)
class RequestView:
    reference: str
    meta: tuple  # MetaRow records
    outcome: str
    outcome_class: str
    timeliness: str  # a sentence
    in_time: bool
    exemptions: tuple[ExemptionView, ...]
    review: str | None  # a sentence about the internal review
    body_html: Markup  # the request and the response, rendered from markdown
    attachments: tuple
    topics: tuple  # Link records to topic pages
    log_href: str
    how_to_complain: str
    notice: str | None


@dataclass(frozen=True)
class StatRow:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class StatTable:
    caption: str
    header: tuple[str, ...]  # the figures' columns (right-aligned)
    rows: tuple[StatRow, ...]
    row_heading: str = "Period"  # the heading of the rows' labels

    @property
    def stacked(self) -> bool:
        """On a small screen a table of more than one figure a row shows each row as a
        block of labelled figures, so that none is hidden off to the side."""
        return len(self.header) > 1


@dataclass(frozen=True)
class ChartView:
    """A chart (its title shown above it, an inline SVG drawn twice: see
    opcc/datasets/charts.py) and the table of its figures, its text alternative."""
    title: str
    svg: Markup
    table: StatTable


@dataclass(frozen=True)
class StatisticsView:
    summary: str
    charts: tuple[ChartView, ...]
    tables: tuple[StatTable, ...]
    csv_href: str
    log_href: str
    notice: str | None


OUTCOME_CLASSES = {"granted": "govuk-tag--green", "partially-granted": "govuk-tag--yellow",
                   "refused": "govuk-tag--red", "not-held": "govuk-tag--grey",
                   "withdrawn": "govuk-tag--grey"}
KIND_LABELS = {"absolute": "Absolute exemption: no public interest test",
               "qualified": "Qualified exemption: applied only where the public interest "
                            "in withholding the information outweighs the public interest "
                            "in releasing it",
               "procedural": "Refusal under the Act's procedural provisions"}


def exemption_slug(code: str) -> str:
    return foi.topic_slug(code.replace("(", "-").replace(")", ""))


def exemption_view(detail: foi.Exemption) -> ExemptionView:
    return ExemptionView(detail.label, detail.title, KIND_LABELS.get(detail.kind, detail.kind),
                         detail.url)


def in_time_text(record: foi.FoiRecord) -> str:
    if record.outcome == "withdrawn":
        return "Withdrawn"
    if record.in_time:
        return "Yes (extended)" if record.extended and record.responded > record.deadline \
            else "Yes"
    return "No"


def timeliness(record: foi.FoiRecord, date_text) -> str:
    days = f"{record.working_days} working day{'s' if record.working_days != 1 else ''}"
    base = (f"Answered in {days}. The deadline was {date_text(record.deadline).text} "
            "(20 working days after receipt)")
    if record.extended:
        base += (f", extended to {date_text(record.extended_to).text} to consider the "
                 "public interest")
    return base + (". Answered in time." if record.in_time else ". Answered late.")


def review_sentence(record: foi.FoiRecord, date_text) -> str | None:
    review = record.internal_review
    if review is None:
        return None
    text = f"An internal review was requested on {date_text(review.requested).text}"
    if review.completed is None:
        return text + " and is under way."
    outcome = foi.REVIEW_OUTCOME_LABELS.get(review.outcome, review.outcome or "")
    return (f"{text} and completed on {date_text(review.completed).text} "
            f"({review.working_days} working days): {outcome.lower()}.")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def statistics_tables(stats: foi_data.Statistics, periods: tuple[foi_data.PeriodStatistics, ...],
                      caption: str) -> StatTable:
    header = ("Received", "Answered", "In time", "In time (%)", "Late", "Extended",
              "Withdrawn", "Reviews requested", "Reviews completed")
    rows = tuple(StatRow(p.label + (" (so far)" if p.partial else ""), (
        str(p.received), str(p.answered), str(p.in_time), percent(p.in_time_percent),
        str(p.late), str(p.extended), str(p.withdrawn), str(p.reviews_requested),
        str(p.reviews_completed))) for p in periods)
    return StatTable(caption, header, rows)


def outcome_table(periods: tuple[foi_data.PeriodStatistics, ...]) -> StatTable:
    header = tuple(foi.OUTCOME_LABELS[o] for o in foi.OUTCOMES)
    return StatTable("Outcomes of requests answered, by year", header, tuple(
        StatRow(p.label, tuple(str(p.outcomes[o]) for o in foi.OUTCOMES)) for p in periods))


def exemption_table(total: foi_data.PeriodStatistics, years) -> StatTable:
    codes = list(total.exemptions)
    header = tuple(y.label for y in years) + ("All years",)
    rows = []
    for code in codes:
        detail = foi.EXEMPTIONS[code]
        rows.append(StatRow(f"{detail.label}: {detail.title}", tuple(
            str(y.exemptions.get(code, 0)) for y in years) + (str(total.exemptions[code]),)))
    return StatTable("Exemptions cited, by year", header, tuple(rows), "Exemption")


def review_table(periods) -> StatTable:
    header = tuple(foi.REVIEW_OUTCOME_LABELS[o] for o in foi.REVIEW_OUTCOMES)
    return StatTable("Outcomes of internal reviews completed, by year", header, tuple(
        StatRow(p.label, tuple(str(p.review_outcomes[o]) for o in foi.REVIEW_OUTCOMES))
        for p in periods))


def quarter_chart(stats: foi_data.Statistics, colour: str) -> ChartView:
    quarters = stats.quarters[-12:]
    title = "Share of requests answered in time, by quarter"
    bars = [(q.label.split(" (")[0], Decimal(str(q.in_time_percent or 0))) for q in quarters]
    svg = bar_chart("chart-foi-in-time", title,
                    "Bar chart of the percentage of requests answered within the time limit "
                    "in each of the last twelve quarters. The same figures are in the table "
                    "that follows.", bars, colour, unit="%")
    table = StatTable("Requests answered in time, by quarter (the chart's figures)",
                      ("Answered", "In time", "In time (%)"),
                      tuple(StatRow(q.label, (str(q.answered), str(q.in_time),
                                              percent(q.in_time_percent)))
                            for q in quarters))
    return ChartView(title, Markup(svg), table)


def received_chart(stats: foi_data.Statistics, colour: str) -> ChartView:
    quarters = stats.quarters[-12:]
    title = "Requests received, by quarter"
    bars = [(q.label.split(" (")[0], Decimal(q.received)) for q in quarters]
    svg = bar_chart("chart-foi-received", title,
                    "Bar chart of the number of requests received in each of the last twelve "
                    "quarters. The same figures are in the table that follows.", bars, colour,
                    unit="")
    table = StatTable("Requests received, by quarter (the chart's figures)", ("Received",),
                      tuple(StatRow(q.label, (str(q.received),)) for q in quarters))
    return ChartView(title, Markup(svg), table)
