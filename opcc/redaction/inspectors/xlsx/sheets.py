"""The records sheets are read into (a sheet, a cell with a formula) and A1 addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


@dataclass
class Sheet:
    number: int
    title: str
    label: str  # how locations name it: "sheet 'Staff'", or "sheet 3" if the title is personal
    part: str
    state: str
    kind: str  # worksheet, chartsheet, dialogsheet, xlMacrosheet …
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    filled: int = 0

    def at(self, row: int, column: int) -> str:
        return f"{self.label} cell {column_letter(column)}{row}"


@dataclass
class FormulaCell:
    sheet: Sheet
    row: int
    column: int
    text: str | None  # None: the shared formula `shared` of its group
    shared: str | None
    stored: object


_LETTERS: dict[str, int] = {}


def column_number(letters: str) -> int:
    number = _LETTERS.get(letters)
    if number is None:
        number = 0
        for char in letters.upper():
            number = number * 26 + ord(char) - 64
        _LETTERS[letters] = number
    return number


def column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
