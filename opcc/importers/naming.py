"""Naming each imported table's resource by the month its rows fall in (spend-2024-05, or
a range of months), or as --resource says, and warning of rows dated outside it.
"""

from __future__ import annotations

import re
from collections import Counter

from opcc.datasets.descriptors import DATASETS_DIR
from opcc.diagnostics import Diagnostic, warning
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
