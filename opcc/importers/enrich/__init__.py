"""Steps that complete an import once its cells are read: fields the export does not
carry (filled from site.yaml, numbered, inferred) and the warnings the law and good
practice call for. Each step is an `Enricher`; adding one is a module and a line in
`BUILT_IN` (or `register()` from a plugin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opcc.config import SpendingSettings
from opcc.diagnostics import Diagnostic
from opcc.importers.reports import TableReport
from opcc.importers.tables import Source
from opcc.importers.target import ImportTarget


@dataclass(frozen=True)
class ImportContext:
    """What an enricher may read besides the rows: the site, the dataset and the source."""
    root: Path
    target: ImportTarget
    source: Source
    spending: SpendingSettings
    today: date


@dataclass
class Enrichment:
    """What the enrichers found and want written with the import (all or nothing)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # datasets/NAME/FILE -> content
    notes: list[str] = field(default_factory=list)


class Enricher:
    """One step. The defaults do nothing, so a step overrides only what it needs."""

    def applies(self, target: ImportTarget) -> bool:
        return False

    def fills(self, target: ImportTarget, columns: frozenset[str],
              context: ImportContext, sheet: str | None) -> dict[str, str]:
        """Fields this step completes (all of them when no column holds them, else their
        empty cells): field -> how, in words."""
        return {}

    def raw_fields(self, target: ImportTarget) -> frozenset[str]:
        """Fields whose cells this step reads as written (no enum, may be empty)."""
        return frozenset()

    def enrich(self, tables: list[TableReport], context: ImportContext,
               found: Enrichment) -> None:
        """Complete the rows of every table of the source, adding to `found`."""


class FieldIndex:
    """Positions of the schema's fields in an output row."""

    def __init__(self, target: ImportTarget):
        self.names = [spec.name for spec in target.fields]
        self.position = {name: index for index, name in enumerate(self.names)}

    def get(self, row: list[str], name: str) -> str:
        return row[self.position[name]]

    def set(self, row: list[str], name: str, value: str) -> None:
        row[self.position[name]] = value


def has_column(report: TableReport, name: str) -> bool:
    return name in report.sources or name in report.constants


_REGISTERED: list[Enricher] = []


def register(enricher: Enricher) -> None:
    _REGISTERED.append(enricher)


def enrichers(target: ImportTarget) -> tuple[Enricher, ...]:
    """The steps that apply to the dataset, built-in ones first, in order."""
    from opcc.importers.enrich import line_numbers, recommended, spending, statements

    built_in = (spending.SpendingRecipients(), line_numbers.LineNumbers(),
                statements.Statements(), recommended.Recommended())
    return tuple(e for e in built_in + tuple(_REGISTERED) if e.applies(target))


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
