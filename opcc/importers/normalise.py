"""Cell normalisation for `opcc dataset import`: one source cell in, one clean CSV cell out.

`normalise(value, field)` takes a cell as the source holds it (text from a CSV; text, a
number, a date or a time from a workbook) and the schema field it goes to, and returns a
`Cell`: the text to write, the rules that changed it (see RULES) and, when the value
cannot be read with certainty, a `Problem` instead of a guess.

Rules, in the order they apply:

- every text cell: non-breaking and invisible spaces become plain spaces, line breaks
  inside a cell become one space, the ends are trimmed and runs of spaces made single;
- numbers: a £ or $ sign, thousands separators (1,234 - groups of three only),
  accounting brackets ((12.50) and ($12.50)), trailing minus (12.50-), binary float
  artefacts (1263.6100000000001 is 1263.61; only when 15 or more significant digits sit
  within a billionth of a number with six or fewer decimals), whole numbers in integer
  columns (12.0). A comma decimal (1.234,56), a euro sign or a malformed group is a problem;
- dates (UK, day first): YYYY-MM-DD stays; D/M/YYYY, D.M.YY, D-Mon-YY, 6 Jun 2023,
  June 6, 2023, Excel serial numbers (45017, workbook cells left in the General format)
  and spreadsheet date cells become YYYY-MM-DD. Two-digit years are 2000-2069 for 00-69 and
  1970-1999 for 70-99 (as Python's %y). A midnight time after the date is dropped. A month
  over 12 (US order), an impossible date, or a time with no date is a problem;
- text: a cell that is a known redaction marker (header-variants.yaml) becomes
  [redacted]; a value that matches an allowed value of the field ignoring case, spaces and
  hyphens takes the allowed spelling; yes/no become true/false in boolean columns;
- "no value" markers (the schema's missingValues, the mapping's `missing:` list, and NA or
  N/A in number and date columns) become an empty cell.
"""

from __future__ import annotations

from datetime import date

from opcc.importers.cells import Cell, Target
from opcc.importers.date_cells import date_cell, yearmonth_cell
from opcc.importers.number_cells import number_cell
from opcc.importers.text_cells import boolean_cell, clean_text, string_cell, typed_text

DEFAULT_MISSING = ("na", "n/a")  # in number and date columns only
_BY_TYPE = {"number": number_cell, "integer": number_cell, "date": date_cell,
            "yearmonth": yearmonth_cell}


def normalise(value: object, target: Target) -> Cell:
    """One source cell for one schema field (see the module docstring)."""
    rules: list[str] = []
    if isinstance(value, str):
        value, rules = clean_text(value)
        if not value:
            return Cell("", tuple(rules))
        missing = value.casefold() in target.missing or (
            target.type in _BY_TYPE and value.casefold() in DEFAULT_MISSING)
        if missing:
            return Cell("", (*rules, "not-applicable"))
    elif value is None:
        return Cell("")
    reader = _BY_TYPE.get(target.type)
    if reader is not None:
        cell = reader(value, target)
        if target.date_format and target.type == "date" and cell.text:
            text = date.fromisoformat(cell.text).strftime(target.date_format)
            cell = Cell(text, cell.rules + (("text-date",) if text != value and
                                            "text-date" not in cell.rules else ()))
    else:
        text, extra = typed_text(value) if not isinstance(value, str) else (value, [])
        cell = boolean_cell(text, target) if target.type == "boolean" \
            else string_cell(text, target)
        rules += extra
    return Cell(cell.text, tuple(dict.fromkeys((*rules, *cell.rules))), cell.problem)
