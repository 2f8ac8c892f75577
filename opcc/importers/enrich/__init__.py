"""Steps that complete an import once its cells are read: fields the export does not
carry (filled from site.yaml, numbered, inferred) and the warnings the law and good
practice call for. Each step is an `Enricher`; adding one is a module and a line in
`BUILT_IN` (or `register()` from a plugin).
"""

from __future__ import annotations

from opcc.importers.enrich import line_numbers, recommended, spending, statements
from opcc.importers.enrich.base import (
    Enricher,
    Enrichment,
    FieldIndex,
    ImportContext,
    has_column,
)
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget

__all__ = ["Enricher", "Enrichment", "FieldIndex", "ImportContext", "enrich_all",
           "enrichers", "filled_fields", "has_column", "raw_fields", "register"]

BUILT_IN: tuple[Enricher, ...] = (spending.SpendingRecipients(), line_numbers.LineNumbers(),
                                  statements.Statements(), recommended.Recommended())
_REGISTERED: list[Enricher] = []


def register(enricher: Enricher) -> None:
    _REGISTERED.append(enricher)


def enrichers(target: ImportTarget) -> tuple[Enricher, ...]:
    """The steps that apply to the dataset, built-in ones first, in order."""
    return tuple(e for e in BUILT_IN + tuple(_REGISTERED) if e.applies(target))


def filled_fields(target: ImportTarget, columns: frozenset[str], context: ImportContext,
                  sheet: str | None) -> dict[str, str]:
    filled: dict[str, str] = {}
    for enricher in enrichers(target):
        for name, how in enricher.fills(target, columns, context, sheet).items():
            filled.setdefault(name, how)
    return filled


def raw_fields(target: ImportTarget) -> frozenset[str]:
    return frozenset().union(*(e.raw_fields(target) for e in enrichers(target)))


def enrich_all(tables: list[TableReport], context: ImportContext) -> Enrichment:
    found = Enrichment()
    for enricher in enrichers(context.target):
        enricher.enrich(tables, context, found)
    return found
