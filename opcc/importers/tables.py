"""What reading an import source gives: a `Source` with one `Table` per CSV file or
worksheet, every row as the source holds it with its row number.
"""

from __future__ import annotations

import re
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
    # the refusal is about the command (a path that is not there, a --sheet the file does
    # not have), not about what the file holds: exit 2 rather than 1
    refused_arguments: bool = False

    def refuse(self, code: str, message: str, hint: str) -> Source:
        """The source as unusable because of what it holds, with the error saying why."""
        self.diagnostics.append(error(code, message, path=self.label, hint=hint))
        self.unusable = True
        return self

    def refuse_arguments(self, code: str, message: str, hint: str) -> Source:
        """The source as unusable because the command named it wrongly."""
        self.refused_arguments = True
        return self.refuse(code, message, hint)


# --------------------------------------------------------------------------- reading order

_SHEET_AND_COLUMN = re.compile(r"'(?P<sheet>[^']*)'(?: (?P<column>.*))?$")
_NUMBERED_COLUMN = re.compile(r"column (\d+)\b")
_LETTERED_COLUMN = re.compile(r"([A-Z]{1,3})(?: \(|$)")


def reading_order(diagnostic: Diagnostic) -> tuple:
    """Sort key for an import's diagnostics: source, sheet, row, then column in the
    source's order (A, B, …, Z, AA; 'column 2' before 'column 10'); code and message last,
    so the same problems always come out in the same order."""
    match = _SHEET_AND_COLUMN.match(diagnostic.field or "")
    sheet, column = (match["sheet"], match["column"] or "") if match else \
        ("", diagnostic.field or "")
    return (diagnostic.path or "", sheet, diagnostic.row or 0,
            _column_key(column, lettered=match is not None), diagnostic.code,
            diagnostic.message)


def _column_key(column: str, lettered: bool) -> tuple[int, int, str]:
    """(0, index, "") for a workbook's lettered column or a numbered one, (1, 0, text)
    for a heading (a CSV file's columns are named by their headings)."""
    letters = _LETTERED_COLUMN.match(column) if lettered else None
    if letters:
        from openpyxl.utils import column_index_from_string
        return 0, column_index_from_string(letters[1]), ""
    numbered = _NUMBERED_COLUMN.match(column)
    if numbered:
        return 0, int(numbered[1]), ""
    return (1, 0, column) if column else (0, 0, "")
