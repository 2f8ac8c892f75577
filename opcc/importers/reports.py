"""What an import reports: per table (`TableReport`) and overall (`ImportResult`),
printed by the CLI (text or JSON) and asserted by the tests.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from opcc.diagnostics import Diagnostic, has_errors
from opcc.importers.tables import Source


@dataclass
class TableReport:
    """What happened to one CSV file or sheet: printed by the CLI, asserted by tests."""
    sheet: str | None
    header_row: int | None = None
    columns: list[tuple[str, str]] = field(default_factory=list)  # (source label, field)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (source label, reason)
    constants: dict[str, str] = field(default_factory=dict)
    empty_fields: list[str] = field(default_factory=list)  # optional, with no column
    filled: dict[str, str] = field(default_factory=dict)  # field -> how, with no column
    empty_unnamed_columns: int = 0
    rows_in: int = 0  # data rows read: not blank, not a repeated header, totals included
    rows_out: int = 0
    blank_rows: int = 0
    total_rows: list[int] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)
    preamble_rows: list[int] = field(default_factory=list)
    data_above_header: int = 0
    only_dropped_rows: list[int] = field(default_factory=list)
    cells_changed: int = 0
    fallback_rows: Counter = field(default_factory=Counter)  # (column, field) → rows
    rules: Counter = field(default_factory=Counter)
    rule_columns: dict = field(default_factory=lambda: defaultdict(Counter))
    markers: Counter = field(default_factory=Counter)
    resource: str | None = None
    title: str | None = None
    path: str | None = None  # datasets/NAME/RESOURCE.csv
    action: str | None = None  # "new", "replaced" or "unchanged"
    diff: dict[str, int] = field(default_factory=dict)
    masked_on_publication: int = 0
    dropped_on_publication: tuple[str, ...] = ()
    split_from: int = 0  # the rows of the table this month's rows were split from
    stray: bool = False  # a split-off month that is no table's main month
    rows: list[list[str]] = field(default_factory=list, repr=False)
    numbers: list[int] = field(default_factory=list, repr=False)  # source row of each row
    sources: dict[str, list[str]] = field(default_factory=dict, repr=False)
    months: list[str] = field(default_factory=list, repr=False)
    data: bytes = field(default=b"", repr=False)


@dataclass
class ImportResult:
    source: Source | None
    dataset: str
    tables: list[TableReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unusable: bool = False  # the command or its arguments can't be used (exit 2)
    written: list[str] = field(default_factory=list)
    descriptor_changed: bool = False
    notes: list[str] = field(default_factory=list)
    mapping_written: str | None = None
    extra_files: dict[str, bytes] = field(default_factory=dict)  # e.g. the supplier register

    @property
    def ok(self) -> bool:
        return not self.unusable and not has_errors(self.diagnostics)
