"""What an import step (an `Enricher`) is given and gives back; the registry is in
importers.enrich."""

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
