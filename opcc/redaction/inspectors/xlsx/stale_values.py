"""Formula results the formula would not give now (`attachment.stale-value`): a cell
whose stored value was typed over, or left from data since removed."""

from __future__ import annotations

from opcc.redaction.inspectors.inspection import plural
from opcc.redaction.inspectors.xlsx.book import BookBase
from opcc.redaction.inspectors.xlsx.formula_parser import FormulaParser, Unsupported
from opcc.redaction.inspectors.xlsx.formulas import (
    ExcelError,
    FormulaEvaluator,
    Lookup,
    same_result,
)
from opcc.redaction.inspectors.xlsx.sheets import FormulaCell, Sheet, column_letter

RANGE_BUDGET = 2_000_000  # cells summed while checking formulas, per workbook


class StaleValues(BookBase):
    """Every formula checked against the result the file stores."""

    def stale_values(self) -> None:
        by_title = {sheet.title.casefold(): sheet for sheet in self.sheets}
        masters: dict[tuple[int, str], FormulaCell] = {}
        parsed: dict[str, object] = {}
        budget = [RANGE_BUDGET]
        for cell in self.formulas:
            if cell.shared is not None and cell.text:
                masters[(id(cell.sheet), cell.shared)] = cell
        for cell in self.formulas:
            master = masters.get((id(cell.sheet), cell.shared)) if cell.text is None else cell
            if master is None or not master.text:
                continue
            try:
                tree = parsed.get(master.text)
                if tree is None:
                    tree = parsed[master.text] = FormulaParser(master.text).parse()
                lookup = self.lookup(cell.sheet, by_title)
                offset = (cell.row - master.row, cell.column - master.column)
                computed = FormulaEvaluator(lookup, budget, offset).value(tree)
            except (Unsupported, RecursionError, ValueError, OverflowError, TypeError):
                continue
            if not same_result(computed, cell.stored):
                self.stale(cell, computed)

    @staticmethod
    def lookup(sheet: Sheet, by_title: dict[str, Sheet]) -> Lookup:
        def value(title: str | None, row: int, column: int):
            target = sheet if title is None else by_title.get(title.casefold())
            if target is None:
                raise Unsupported("another workbook")
            return target.values.get((row, column))
        return value

    def stale(self, cell: FormulaCell, computed) -> None:
        ref = f"{column_letter(cell.column)}{cell.row}"
        self.inspection.add("attachment.stale-value",
                            f"Cell {ref} of {cell.sheet.label} stores a result its formula "
                            f"does not give: the formula gives {_describe(computed)}, the "
                            f"file stores {_describe(cell.stored)}, which can still be read.",
                            cell.sheet.at(cell.row, cell.column))


def _describe(value) -> str:
    if value is None or value == "":
        return "nothing" if value is None else "empty text"
    if isinstance(value, bool):
        return "TRUE or FALSE"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, ExcelError):
        return "an error"
    return f"text ({len(value)} {plural(len(value), 'character', 'characters')})"
