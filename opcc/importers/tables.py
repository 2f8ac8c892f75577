"""What reading an import source gives: a `Source` with one `Table` per CSV file or
worksheet, every row as the source holds it with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from opcc.diagnostics import Diagnostic, error


@dataclass
class Table:
    """One CSV file or worksheet, rows as read."""
    sheet: str | None
    rows: list[list[object]]
    numbers: list[int]  # the source row number of each row (1-based, as a spreadsheet shows)
    epoch: datetime = datetime(1899, 12, 30)
    hidden_columns: frozenset[int] = frozenset()  # 0-based; only reported unless included
    hidden_rows: tuple[int, ...] = ()  # row numbers left out

    def letter(self, index: int) -> str | None:
        """Spreadsheet column letter of a 0-based index (workbooks only)."""
        if self.sheet is None:
            return None
        from openpyxl.utils import get_column_letter
        return get_column_letter(index + 1)


@dataclass
class Source:
    """An import source as read: its tables, how it was read, and what was found."""
    path: Path
    label: str  # as the user wrote it, for diagnostics
    kind: str  # "csv" or "xlsx"
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # a plain-English name, for CSV
    delimiter: str | None = None
    hidden_sheets: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unusable: bool = False

    def refuse(self, code: str, message: str, hint: str) -> Source:
        """The source as unusable, with the error saying why."""
        self.diagnostics.append(error(code, message, path=self.label, hint=hint))
        self.unusable = True
        return self
