"""Template views of datasets: the /datasets/ index and one page per dataset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from opcc.datasets.charts import bar_chart, money
from opcc.datasets.descriptors import Dataset, FieldSpec
from opcc.datasets.publish import PREVIEW_ROWS, PublishedTable, Totals
from opcc.render.views import Column
from opcc.scheme.rules.base import add_months

PREVIEW_ALL_UP_TO = 3  # with more resources than this, only the newest is previewed
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec")
TYPE_LABELS = {"string": "Text", "number": "Number", "integer": "Whole number", "date": "Date",
               "datetime": "Date and time", "boolean": "Yes or no", "year": "Year",
               "yearmonth": "Year and month", "time": "Time", "any": "Any"}
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annually": 12}
NUMBER_TYPES = frozenset({"number", "integer"})
DATE_TYPES = frozenset({"date", "datetime", "year", "yearmonth", "time"})
STATUS_FIELDS = frozenset({"status", "outcome", "decision_status"})
STATUS_MAX_LENGTH = 24  # a longer "status" is free text, and may wrap
LONG_TEXT = 40  # characters: a column with a longer value is long free text
WIDE_PREVIEW_COLUMNS = 8  # a preview of more columns may use the whole window's width


@dataclass(frozen=True)
class FieldRow:
    name: str
    title: str
    type_label: str
    description: str
    rules: str
    redaction: str


@dataclass(frozen=True)
class PreviewTable:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    truncated: bool
    note: str
    columns: tuple[Column, ...] = ()  # how each column is presented (its kind)
    wide: bool = False  # too many columns for the page's column: use the window's width


@dataclass(frozen=True)
class ResourceView:
    title: str
    name: str
    anchor: str
    row_count_text: str
    fields: tuple[FieldRow, ...]  # empty when the dataset's shared dictionary applies
    preview: PreviewTable | None


@dataclass(frozen=True)
class TotalRow:
    label: str
    amount: str


@dataclass(frozen=True)
class TotalsView:
    caption: str
    month_rows: tuple[TotalRow, ...]
    category_rows: tuple[TotalRow, ...]
    category_heading: str | None
    grand_total: str
    chart: Markup


@dataclass(frozen=True)
class Download:
    title: str
    href: str
    format_label: str
    size_label: str


@dataclass(frozen=True)
class DownloadRow:
    title: str
    files: tuple[Download, ...]  # the same data as CSV and as JSON


@dataclass(frozen=True)
class DatasetView:
    description: str
    notice: str | None
    meta: tuple
    downloads: tuple[DownloadRow, ...]
    descriptor: Download
    dictionary: tuple[FieldRow, ...]  # when every resource has the same schema
    resources: tuple[ResourceView, ...]
    totals: TotalsView | None
    statements: tuple[StatementView, ...] = ()


@dataclass(frozen=True)
class StatementView:
    """A dataset-wide statement that covers a field its rows leave empty."""
    title: str  # the field's title, e.g. Value for money
    text: str


@dataclass(frozen=True)
class DatasetEntry:
    title: str
    summary: str
    href: str
    period: str | None
    last_updated: object
    sample: bool


@dataclass(frozen=True)
class DatasetGroup:
    title: str
    href: str
    datasets: tuple[DatasetEntry, ...]


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def next_due(dataset: Dataset) -> date | None:
    months = FREQUENCY_MONTHS.get(dataset.frequency or "")
    last = dataset.last_updated
    if months is None or last is None:
        return None
    return add_months(last, months)


def rules_text(spec: FieldSpec) -> str:
    c = spec.constraints
    rules = []
    if c.get("required"):
        rules.append("Required")
    if c.get("unique"):
        rules.append("unique")
    if "minimum" in c:
        rules.append(f"at least {c['minimum']}")
    if "maximum" in c:
        rules.append(f"at most {c['maximum']}")
    if "enum" in c:
        rules.append("one of: " + ", ".join(str(v) for v in c["enum"]))
    if "pattern" in c:
        rules.append(f"matches {c['pattern']}")
    if "maxLength" in c:
        rules.append(f"up to {c['maxLength']} characters")
    fmt = spec.descriptor.get("format")
    if spec.type == "date" and fmt and fmt != "default":
        rules.append(f"format {fmt}")
    text = "; ".join(rules)
    return text[:1].upper() + text[1:]


def redaction_text(spec: FieldSpec) -> str:
    if spec.redact == "drop":
        return "Not published"
    if spec.redact == "mask" and spec.redact_when:
        conditions = " and ".join(
            f"{name.replace('_', ' ')} is {' or '.join(str(v) for v in values)}"
            for name, values in spec.redact_when.items())
        return f"Redacted where {conditions}"
    if spec.redact == "mask":
        return "Redacted"
    if spec.personal:
        return f"Personal data published lawfully: {spec.lawful_basis}"
    return ""


def field_rows(table: PublishedTable) -> tuple[FieldRow, ...]:
    return tuple(FieldRow(f.name, f.title, TYPE_LABELS.get(f.type, f.type.capitalize()),
                          f.description, rules_text(f), redaction_text(f))
                 for f in table.resource.fields)


def resource_views(tables: list[PublishedTable]) -> tuple[tuple[FieldRow, ...],
                                                          tuple[ResourceView, ...]]:
    """(shared dictionary, resources): one dictionary when all schemas are the same, and a
    preview of every resource, or only of the newest when there are many (monthly files)."""
    shared = len(tables) > 1 and all(t.resource.schema == tables[0].resource.schema
                                     for t in tables)
    dictionary = field_rows(tables[0]) if shared else ()
    views = []
    for position, table in enumerate(tables):
        previewed = len(tables) <= PREVIEW_ALL_UP_TO or position == len(tables) - 1
        count = table.count
        views.append(ResourceView(
            title=table.resource.title, name=table.resource.name,
            anchor=f"resource-{table.resource.name}",
            row_count_text=f"{count:,} row{'s' if count != 1 else ''}",
            fields=() if shared else field_rows(table),
            preview=preview(table) if previewed else None))
    return dictionary, tuple(views)


def preview(table: PublishedTable) -> PreviewTable:
    total = table.count
    shown = table.preview[:PREVIEW_ROWS]
    truncated = total > PREVIEW_ROWS
    note = (f"Showing the first {PREVIEW_ROWS} of {total:,} rows. Download the CSV or JSON "
            "for all of them." if truncated else f"All {total:,} rows.")
    rows = f"first {PREVIEW_ROWS} rows" if truncated else "all rows"
    return PreviewTable(
        caption=f"{table.resource.title}: {rows}",
        header=tuple(f.title for f in table.fields),
        rows=tuple(tuple(row) for row in shown),
        numeric=tuple(f.type in NUMBER_TYPES for f in table.fields),
        truncated=truncated, note=note,
        columns=tuple(Column(f.title, column_kind(f, [row[i] for row in shown]))
                      for i, f in enumerate(table.fields)),
        wide=len(table.fields) > WIDE_PREVIEW_COLUMNS)


def column_kind(spec: FieldSpec, values: list[str]) -> str:
    """How a preview column is presented, from the field's type and, for text, the
    length of the values shown: figures, dates and short statuses are key columns."""
    if spec.type in NUMBER_TYPES:
        return "number"
    if spec.type in DATE_TYPES:
        return "date"
    longest = max((len(value) for value in values), default=0)
    if spec.name in STATUS_FIELDS and longest <= STATUS_MAX_LENGTH:
        return "status"
    return "long" if longest > LONG_TEXT else "text"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTH_ABBREVIATIONS[int(month) - 1]} {year}"


def totals_view(dataset: Dataset, totals: Totals | None, colour: str) -> TotalsView | None:
    if totals is None:
        return None
    months = [(month_label(k), v) for k, v in totals.by_month]
    heading = totals.category_field.replace("_", " ").capitalize() \
        if totals.category_field else None
    chart = bar_chart(
        f"chart-{dataset.name}", f"{dataset.title}: total spend by month",
        "Bar chart of the total amount per month. The same figures are in the table "
        "that follows.", [(label[:3] + " " + label[-2:], value) for label, value in months],
        colour)
    return TotalsView(
        caption="Total by month",
        month_rows=tuple(TotalRow(label, money(value)) for label, value in months),
        category_rows=tuple(TotalRow(label, money(value)) for label, value in
                            totals.by_category),
        category_heading=heading,
        grand_total=money(totals.grand_total),
        chart=Markup(chart))
