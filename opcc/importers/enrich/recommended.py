"""One warning per file for the recommended fields (good practice, not law) that the
export has no column for: what to add to next month's export. Never an error."""

from __future__ import annotations

from opcc.diagnostics import warning
from opcc.importers.enrich.base import Enricher, Enrichment, ImportContext, has_column
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget


class Recommended(Enricher):
    def applies(self, target: ImportTarget) -> bool:
        return any(spec.recommended for spec in target.fields)

    def enrich(self, tables: list[TableReport], context: ImportContext,
               found: Enrichment) -> None:
        specs = [s for s in context.target.fields if s.recommended]
        absent = [s for s in specs if any(not has_column(r, s.name) for r in tables
                                          if r.header_row is not None)]
        if not absent or not tables:
            return
        filled = {name for r in tables for name in r.filled}
        names = ", ".join(f"{s.title} ({s.name})" + (" (inferred meanwhile)"
                                                      if s.name in filled else "")
                          for s in absent)
        found.diagnostics.append(warning(
            "dataset.import-recommended", f"the export has no column for {len(absent)} "
            f"recommended field{'s' if len(absent) != 1 else ''}: {names}",
            path=context.source.label,
            hint="the file was imported without them; ask finance to add these columns to "
                 "next month's export: " + ", ".join(s.title for s in absent)))
