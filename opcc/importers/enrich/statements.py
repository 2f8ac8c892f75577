"""Fields a dataset-wide statement may cover (value_for_money): every row needs the field
or the descriptor's statement, because the law asks for it for every item."""

from __future__ import annotations

from opcc.diagnostics import error
from opcc.importers.enrich.base import Enricher, Enrichment, FieldIndex, ImportContext
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget


class Statements(Enricher):
    def applies(self, target: ImportTarget) -> bool:
        return any(spec.statement for spec in target.fields)

    def fills(self, target, columns, context, sheet) -> dict[str, str]:
        return {name: f"covered by {name}: in {target.relative}"
                for name in target.statements}

    def enrich(self, tables: list[TableReport], context: ImportContext,
               found: Enrichment) -> None:
        target = context.target
        index = FieldIndex(target)
        for spec in target.fields:
            if not spec.statement or spec.name in target.statements:
                continue
            empty = [n for r in tables for row, n in zip(r.rows, r.numbers)
                     if not index.get(row, spec.name)]
            if empty:
                found.diagnostics.append(error(
                    "dataset.import-statement", f"{len(empty)} row"
                    f"{'s give' if len(empty) != 1 else ' gives'} no {spec.title.lower()} "
                    f"({spec.name}), and {target.relative} has no {spec.name}: statement to "
                    "cover them", path=context.source.label, row=empty[0],
                    hint=f"add '{spec.name}: >-' and the reasons, in a sentence or two, to "
                         f"{target.relative} (it is shown on the dataset page), or a "
                         f"{spec.title} column to the export"))
