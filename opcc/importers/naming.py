"""Naming each imported table's resource by the month its rows fall in (spend-2024-05, or
a range of months), or as --resource says, and warning of rows dated outside it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict

from opcc.datasets.descriptors import DATASETS_DIR
from opcc.diagnostics import Diagnostic, error, warning
from opcc.importers.reports import TableReport
from opcc.importers.tables import Source
from opcc.importers.target import ImportTarget

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def _month_title(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def period(months: list[str]) -> tuple[str, str, str | None] | None:
    """(slug, title, the single month or None) for the months of a table's rows: the month
    most rows fall in if it holds more than half of them, else first-to-last."""
    counts = Counter(m for m in months if re.fullmatch(r"\d{4}-\d{2}", m or ""))
    if not counts:
        return None
    top, number = counts.most_common(1)[0]
    if number * 2 > sum(counts.values()):
        return top, _month_title(top), top
    first, last = min(counts), max(counts)
    if first[:4] == last[:4]:
        return (f"{first}-to-{last[5:]}", (f"{MONTH_NAMES[int(first[5:]) - 1]} to "
                f"{_month_title(last)}"), None)
    return f"{first}-to-{last}", f"{_month_title(first)} to {_month_title(last)}", None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "data"


def _prefix(target: ImportTarget) -> str:
    found = Counter(m[1] for r in target.resources
                    for m in [re.fullmatch(r"(.*?)\d{4}-\d{2}(?:-to-[\d-]+)?",
                                           str(r.get("name", "")))] if m and m[1])
    return found.most_common(1)[0][0] if found else f"{target.name}-"


def name_table(report: TableReport, source: Source, target: ImportTarget,
               override: str | None) -> None:
    """The table's resource name, title and path in the dataset (`override`: --resource)."""
    found = period(report.months)
    if override:
        report.resource, report.title = override, found[1] if found else override
    elif found:
        report.resource, report.title = _prefix(target) + found[0], found[1]
    else:
        stem = report.sheet or source.path.stem
        report.resource, report.title = _slug(stem), stem
    listed = next((r for r in target.resources if r.get("name") == report.resource), None)
    path = str(listed.get("path")) if listed and listed.get("path") else \
        f"{report.resource}.csv"
    report.path = f"{DATASETS_DIR}/{target.name}/{path}"


def period_warning(report: TableReport, source: Source) -> list[Diagnostic]:
    """A warning for rows dated outside the month the table's resource is named by."""
    found = period(report.months)
    if not found or found[2] is None:
        return []
    outside = [n for n, m in zip(report.numbers, report.months) if m and m != found[2]]
    if not outside:
        return []
    rows = ", ".join(str(n) for n in outside[:8]) + (", …" if len(outside) > 8 else "")
    return [warning("dataset.import-period", f"{len(outside)} row{_s(outside)} dated outside "
                    f"{found[1]} (rows {rows}) went into {report.resource}",
                    path=source.label, field=f"'{report.sheet}'" if report.sheet else None,
                    hint="check they belong in this month's file")]


def _s(items) -> str:
    return "s" if len(items) != 1 else ""


def split_by_month(reports: list[TableReport], override: str | None) -> list[TableReport]:
    """One report a month: a table whose rows span several months is split (never filed
    under the month most rows fall in), and the parts of one month from several sheets
    are joined. With --resource, a table must hold one month (dataset.import-months is
    reported by `months_problem`)."""
    if override:
        return reports
    parts: dict[str, list[tuple[TableReport, bool]]] = {}
    kept: list[TableReport] = []
    for report in reports:
        months = [m for m in dict.fromkeys(report.months) if m]
        if len(months) < 2 or "" in report.months:
            kept.append(report)  # one month, or some rows undated: named as before
            continue
        top = Counter(report.months).most_common(1)[0][0]
        for number, month in enumerate(months):
            parts.setdefault(month, []).append((_part(report, month, number == 0),
                                                month == top))
    return kept + [_joined(month, found) for month, found in sorted(parts.items())]


def _part(report: TableReport, month: str, first: bool) -> TableReport:
    """The month's rows of a table; the table's own counts (blank and total rows, cells
    changed) stay with its first month's part, so totals over the parts are right."""
    keep = [i for i, m in enumerate(report.months) if m == month]
    part = copy.copy(report) if first else _without_counts(report)
    part.rows_in = len(keep) + (report.rows_in - len(report.rows) if first else 0)
    part.rows = [report.rows[i] for i in keep]
    part.numbers = [report.numbers[i] for i in keep]
    part.months = [month] * len(keep)
    part.rows_out = len(keep)
    part.split_from = len(report.rows)
    return part


def _without_counts(report: TableReport) -> TableReport:
    part = copy.copy(report)
    part.blank_rows, part.cells_changed, part.data_above_header = 0, 0, 0
    part.total_rows, part.repeated_headers, part.preamble_rows = [], [], []
    part.only_dropped_rows = []
    part.rules, part.rule_columns, part.markers = Counter(), defaultdict(Counter), Counter()
    part.fallback_rows = Counter()
    return part


def _joined(month: str, found: list[tuple[TableReport, bool]]) -> TableReport:
    first = copy.copy(found[0][0])
    for other, _ in found[1:]:
        first.rows_in += other.rows_in
        first.rows = first.rows + other.rows
        first.numbers = first.numbers + other.numbers
        first.months = first.months + other.months
    sheets = [r.sheet for r, _ in found if r.sheet]
    first.sheet = ", ".join(dict.fromkeys(sheets)) if sheets else None
    first.rows_out = len(first.rows)
    first.stray = not any(whole for _, whole in found)
    return first


def months_problem(report: TableReport, source: Source, override: str | None
                   ) -> list[Diagnostic]:
    """--resource names one resource, so the table must hold one month's rows."""
    months = sorted({m for m in report.months if m})
    if not override or len(months) < 2:
        return []
    return [error("dataset.import-months", f"the rows fall in {len(months)} months "
                  f"({_month_title(months[0])} to {_month_title(months[-1])}), so they cannot "
                  f"all be named {override}", path=source.label,
                  field=f"'{report.sheet}'" if report.sheet else None,
                  hint="import without --resource: the file is split into one resource a "
                       "month")]


def stray_problem(report: TableReport, source: Source, target: ImportTarget
                  ) -> list[Diagnostic]:
    """A few rows of another month would replace that month's whole file: refused; new,
    they become that month's resource with a warning."""
    if not report.stray or report.action == "unchanged":  # a re-import: nothing changes
        return []
    listed = any(r.get("name") == report.resource for r in target.resources)
    rows = ", ".join(str(n) for n in report.numbers[:8]) + (
        ", …" if len(report.numbers) > 8 else "")
    where = {"path": source.label, "field": f"'{report.sheet}'" if report.sheet else None,
             "row": report.numbers[0] if report.numbers else None}
    if listed:
        return [error("dataset.import-months", f"{len(report.rows)} row{_s(report.rows)} "
                      f"(rows {rows}) are dated {report.title}, and {report.resource} already "
                      f"holds that month: importing would replace it with just these rows",
                      **where, hint="move the rows into that month's export and import it "
                      "again, or remove them from this file")]
    return [warning("dataset.import-period", f"{len(report.rows)} row{_s(report.rows)} "
                    f"(rows {rows}) are dated {report.title}, so they were written to a new "
                    f"resource, {report.resource}", **where,
                    hint="check the dates; when that month's full export is imported it "
                         "replaces this resource")]
