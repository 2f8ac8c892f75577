"""The office's retention schedule, for its own files: each item names the schedule's row
for the files behind it (`records.retention`), as a page may (`record_type:`). The
schedule is a dataset (a `record_type` column) fulfilling `ico-records-management`."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from opcc.diagnostics import Diagnostic, suggestion, warning
from opcc.scheme.compliance import CONFIG_FILE, ItemStatus

SCHEDULE_ITEM = "ico-records-management"
SCHEDULE_FIELD = "record_type"


def schedule_record_types(files: Iterable[Path]) -> frozenset[str] | None:
    """The record types of the first file that has a record_type column; None when none."""
    for path in files:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        if rows and SCHEDULE_FIELD in rows[0]:
            return frozenset(" ".join((r[SCHEDULE_FIELD] or "").split()) for r in rows)
    return None


def record_type_problems(statuses: list[ItemStatus], record_types: frozenset[str],
                         pages: Iterable[tuple[str, str, int | None]]) -> list[Diagnostic]:
    """Published items, and pages (source, record type, line), whose record type the
    schedule lacks: their files would have no retention period."""
    problems = []
    for status in statuses:
        wanted = status.item.record_type
        if wanted and status.fulfilled_by and wanted not in record_types:
            problems.append(warning(
                "scheme.record-type", f"'{status.item.id}' keeps its files as '{wanted}', "
                f"which the retention schedule does not list", path=CONFIG_FILE,
                hint=f"add a row '{wanted}' to the retention schedule{_like(wanted, record_types)}"))
    for source, wanted, line in pages:
        if wanted not in record_types:
            problems.append(warning(
                "scheme.record-type", f"record_type '{wanted}' is not a row of the retention "
                f"schedule{_like(wanted, record_types)}", path=source, line=line,
                hint="use a record type of the schedule, or add the row to it"))
    return problems


def _like(wanted: str, record_types: frozenset[str]) -> str:
    return suggestion(wanted, sorted(record_types))
