"""The `line` of a row within its transaction, when the export does not number lines: a
transaction number may repeat across the lines of one invoice, so the row's key is the
number plus its line (rows with no number are numbered in turn)."""

from __future__ import annotations

from collections import Counter

from opcc.importers.enrich.base import Enricher, Enrichment, FieldIndex, ImportContext, has_column
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget

LINE = "line"


class LineNumbers(Enricher):
    def applies(self, target: ImportTarget) -> bool:
        return LINE in (target.schema.get("primaryKey") or [])

    def fills(self, target, columns, context, sheet) -> dict[str, str]:
        return {LINE: "numbered within each transaction"}

    def enrich(self, tables: list[TableReport], context: ImportContext,
               found: Enrichment) -> None:
        index = FieldIndex(context.target)
        key = [n for n in context.target.schema["primaryKey"] if n != LINE]
        for report in tables:
            if has_column(report, LINE):
                continue
            seen: Counter = Counter()
            for row in report.rows:
                number = tuple(index.get(row, name) for name in key)
                seen[number] += 1
                index.set(row, LINE, str(seen[number]))
