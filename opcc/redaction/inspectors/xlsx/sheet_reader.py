"""One worksheet, streamed row by row: every cell's value and formula scanned by column
with its header, and what the sheet hides reported (hidden or zero-height rows, hidden or
zero-width columns, cells under a merge or hidden by their style); data validation,
print headers and footers, hyperlinks and the sheet's other settings are scanned."""

from __future__ import annotations

import re

from opcc.redaction.inspectors.inspection import Inspection, plural, runs
from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.cells import CellValues
from opcc.redaction.inspectors.xlsx.formatting import CellStyle
from opcc.redaction.inspectors.xlsx.sheets import (
    CELL_REF,
    FormulaCell,
    Sheet,
    column_letter,
    column_number,
)
from opcc.redaction.inspectors.xlsx.xml_text import (
    as_float,
    as_int,
    element_texts,
    relationship_id,
)

ROW_MIN_POINTS = 3.0  # a row lower than this shows no readable text
COLUMN_MIN_CHARS = 0.5  # a column narrower than this shows nothing
FORMULA_TEXT_MARKS = ('"', "'", "[", "@")  # text, sheet or file names, addresses


def _span(first: int, last: int, letters: bool = False) -> str:
    name = column_letter if letters else str
    return name(first) if first == last else f"{name(first)}:{name(last)}"


HIDING = {"format": "a number format that does not show it",
          "colour": "text in the same colour as the cell's fill",
          "small": "a font too small to read",
          "merged": "a merged cell over it"}
SHEET_PART_NAMES = {"conditionalFormatting": "conditional format", "autoFilter": "filter",
                    "sortState": "sort", "sheetPr": "properties", "pageSetup": "page setup",
                    "customSheetViews": "custom view", "scenarios": "scenario",
                    "protectedRanges": "protected range", "extLst": "extension",
                    "sheetProtection": "protection", "sheetViews": "view",
                    "dataConsolidate": "consolidation", "cellWatches": "watch",
                    "ignoredErrors": "ignored error", "smartTags": "smart tag"}
HEADER_FOOTER = {"oddHeader": "header", "oddFooter": "footer", "evenHeader": "even-page header",
                 "evenFooter": "even-page footer", "firstHeader": "first-page header",
                 "firstFooter": "first-page footer"}
_HEADER_CODE = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[A-Za-z])')


class SheetReader:
    """One worksheet, streamed: its rows are read and dropped one at a time."""

    def __init__(self, book: CellValues, sheet: Sheet):
        self.book, self.sheet = book, sheet
        self.columns: dict[int, list[tuple[int, str]]] = {}
        self.headers: dict[int, str] = {}
        self.formula_texts: list[tuple[str, str]] = []
        self.hidden_rows: list[tuple[int, int, bool]] = []  # row, values, by height only
        self.column_values: dict[int, int] = {}
        self.column_ranges: list[tuple[int, int, bool, bool]] = []  # first, last, hidden, narrow
        self.hidden_cells: dict[tuple[str, int], list[int]] = {}  # (how, column) -> rows
        self.merged: list[str] = []
        self.default_height = 15.0
        self.default_zero_height = False
        self.default_width: float | None = None
        self.last_row = 0
        self.last_column = 0

    def read(self) -> None:
        for _, element in self.book.stream(self.sheet.part):
            parent = element.getparent()
            if parent is None:
                break
            grand = parent.getparent()
            if grand is None:
                self.sheet_part(element)
                element.clear()
            elif grand.getparent() is None and local(parent.tag) == "sheetData":
                self.row(element)
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
        self.finish()

    # ---- rows and cells

    def row(self, row) -> None:
        number = as_int(row.get("r")) or self.last_row + 1
        self.last_row, self.last_column = number, 0
        hidden, by_height = self.row_hidden(row)
        values = 0
        for cell in row:
            if local(cell.tag) == "c":
                values += self.cell(cell, number)
            else:
                self.book.scan_texts(element_texts(cell), f"{self.sheet.label} row {number}")
        if hidden:
            self.hidden_rows.append((number, values, by_height))

    def row_hidden(self, row) -> tuple[bool, bool]:
        if row.get("hidden") in ("1", "true"):
            return True, False
        height = row.get("ht")
        if height is None:
            low = self.default_zero_height or self.default_height < ROW_MIN_POINTS
        else:
            low = as_float(height, 15.0) < ROW_MIN_POINTS
        return low, low

    def cell(self, cell, row: int) -> int:
        ref = cell.get("r")
        match = CELL_REF.fullmatch(ref) if ref else None
        column = column_number(match.group(1)) if match else self.last_column + 1
        self.last_column = column
        value = formula = inline = None
        for child in cell:
            name = local(child.tag)
            if name == "v":
                value = child.text or ""
            elif name == "f":
                formula = child
            elif name == "is":
                inline = child
        style = self.book.styles.cell(as_int(cell.get("s")))
        stored, text, runs_ = self.book.cell_value(cell.get("t") or "n", value, inline, style)
        if formula is not None:
            self.formula(formula, row, column, stored)
        if stored is None:
            return self.count(row, column) if formula is not None else 0
        self.sheet.values[(row, column)] = stored
        if text:
            self.columns.setdefault(column, []).append((row, text))
            if row == 1:
                self.headers[column] = text
        if stored == "" and formula is None:
            return 0
        self.hidden_by_style(style, stored, runs_, row, column)
        return self.count(row, column)

    def count(self, row: int, column: int) -> int:
        self.column_values[column] = self.column_values.get(column, 0) + 1
        self.sheet.filled += 1
        return 1

    def formula(self, element, row: int, column: int, stored) -> None:
        kind, text = element.get("t", "normal"), element.text
        if text and any(mark in text for mark in FORMULA_TEXT_MARKS):
            self.formula_texts.append((text, f"{self.sheet.at(row, column)} formula"))
        if kind in ("normal", "shared") and stored is not None:
            shared = element.get("si") if kind == "shared" else None
            self.book.formulas.append(FormulaCell(self.sheet, row, column, text or None, shared,
                                                  stored))

    def hidden_by_style(self, style: CellStyle, stored, runs_, row: int, column: int) -> None:
        if isinstance(stored, str) and not stored.strip():
            return
        for how in style.hides(stored, runs_):
            self.hidden_cells.setdefault((how, column), []).append(row)

    # ---- the sheet's other parts

    def sheet_part(self, element) -> None:
        name = local(element.tag)
        if name == "sheetData":
            return
        handler = {"sheetFormatPr": self.formats, "cols": self.cols,
                   "hyperlinks": self.hyperlinks, "dataValidations": self.validations,
                   "headerFooter": self.header_footer, "mergeCells": self.merge_cells}.get(name)
        if handler is not None:
            handler(element)
            return
        where = SHEET_PART_NAMES.get(name, name)
        ref = element.get("sqref") or element.get("ref") or ""
        self.book.scan_texts(element_texts(element), f"{self.sheet.label} {where} {ref}".rstrip(),
                             "in a sheet's settings or formats")

    def formats(self, element) -> None:
        self.default_height = as_float(element.get("defaultRowHeight"), 15.0)
        self.default_zero_height = element.get("zeroHeight") in ("1", "true")
        if element.get("defaultColWidth") is not None:
            self.default_width = as_float(element.get("defaultColWidth"), 9.0)

    def cols(self, element) -> None:
        for col in element:
            if local(col.tag) != "col":
                continue
            first, last = as_int(col.get("min")), as_int(col.get("max"))
            last = max(first, last)
            hidden = col.get("hidden") in ("1", "true")
            narrow = col.get("width") is not None and \
                as_float(col.get("width"), 9.0) < COLUMN_MIN_CHARS
            self.column_ranges.append((first, last, hidden, narrow))

    def hyperlinks(self, element) -> None:
        for link in element:
            place = f"{self.sheet.label} cell {link.get('ref', '')} hyperlink"
            texts = [link.get(key, "") for key in ("location", "display", "tooltip")]
            rid = relationship_id(link)
            rel = self.book.rels.get(self.sheet.part, rid) if rid else None
            if rel is not None:
                texts.append(rel.target)
                self.book.consumed.add((rel.rels_part, rel.id))
            self.book.scan_texts(texts, place, "in a hyperlink")

    def validations(self, element) -> None:
        for rule in element:
            place = f"{self.sheet.label} data validation {rule.get('sqref', '')}".rstrip()
            self.book.scan_texts(element_texts(rule), place, "in a data validation list or message")

    def header_footer(self, element) -> None:
        for part in element:
            raw = part.text or ""
            plain = _HEADER_CODE.sub(" ", raw.replace("&&", "\0")).replace("\0", "&")
            where = HEADER_FOOTER.get(local(part.tag), local(part.tag))
            self.book.scan_texts([plain, raw], f"{self.sheet.label} {where}",
                                 "in a print header or footer")

    def merge_cells(self, element) -> None:
        self.merged.extend(m.get("ref", "") for m in element if m.get("ref"))

    # ---- after the last row

    def finish(self) -> None:
        self.covered_by_merges()
        report = self.book.inspection
        label = self.sheet.label
        self.report_rows(report, label)
        self.report_columns(report, label)
        self.report_hidden_cells(report, label)
        for column, entries in self.columns.items():
            self.book.inspection.scan_cells([t for _, t in entries],
                                            [self.sheet.at(r, column) for r, _ in entries],
                                            self.headers.get(column, ""))
        if self.formula_texts:
            self.book.inspection.scan_cells([t for t, _ in self.formula_texts],
                                            [p for _, p in self.formula_texts], "",
                                            "in a formula")

    def covered_by_merges(self) -> None:
        values = self.sheet.values
        for ref in self.merged:
            corners = [CELL_REF.fullmatch(part) for part in ref.split(":")]
            if len(corners) != 2 or not all(corners):
                continue
            top, left = int(corners[0].group(2)), column_number(corners[0].group(1))
            bottom, right = int(corners[1].group(2)), column_number(corners[1].group(1))
            area = (bottom - top + 1) * (right - left + 1)
            cells = ((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)) \
                if area <= len(values) else list(values)
            for row, column in cells:
                inside = top <= row <= bottom and left <= column <= right
                if inside and (row, column) != (top, left) \
                        and values.get((row, column)) not in (None, ""):
                    self.hidden_cells.setdefault(("merged", column), []).append(row)

    def report_rows(self, report: Inspection, label: str) -> None:
        heights = {row: by_height for row, _, by_height in self.hidden_rows}
        counts = {row: values for row, values, _ in self.hidden_rows}
        for first, last in runs(heights):
            values = sum(counts.get(r, 0) for r in range(first, last + 1))
            if not values:
                continue
            rows = _span(first, last)
            many = last > first
            what = f"Rows {rows} of {label} are" if many else f"Row {rows} of {label} is"
            how = " (zero height)" if all(heights.get(r, True) for r in range(first, last + 1)) \
                else ""
            report.add("attachment.hidden-rows",
                       f"{what} hidden{how} and hold{'' if many else 's'} {values} "
                       f"{plural(values, 'value', 'values')}.",
                       f"{label} {'rows' if many else 'row'} {rows}")

    def hidden_columns(self) -> dict[int, bool]:
        """Column -> hidden by width only, for every column that holds values."""
        found: dict[int, bool] = {}
        covered: set[int] = set()
        for column in self.column_values:
            for first, last, hidden, narrow in self.column_ranges:
                if first <= column <= last:
                    covered.add(column)
                    if hidden or narrow:
                        found[column] = found.get(column, True) and not hidden
        if self.default_width is not None and self.default_width < COLUMN_MIN_CHARS:
            found.update({c: True for c in self.column_values if c not in covered})
        return found

    def report_columns(self, report: Inspection, label: str) -> None:
        hidden = self.hidden_columns()
        for first, last in runs(hidden):
            values = sum(self.column_values.get(c, 0) for c in range(first, last + 1))
            span = _span(first, last, letters=True)
            many = last > first
            what = f"Columns {span} of {label} are" if many else f"Column {span} of {label} is"
            how = " (zero width)" if all(hidden[c] for c in range(first, last + 1)) else ""
            report.add("attachment.hidden-columns",
                       f"{what} hidden{how} and hold{'' if many else 's'} {values} "
                       f"{plural(values, 'value', 'values')}.",
                       f"{label} {'columns' if many else 'column'} {span}")

    def report_hidden_cells(self, report: Inspection, label: str) -> None:
        for (how, column), rows in sorted(self.hidden_cells.items(), key=lambda i: i[0][1]):
            for first, last in runs(rows):
                cells = f"{column_letter(column)}{first}" + \
                    (f":{column_letter(column)}{last}" if last > first else "")
                many = last > first
                report.add("attachment.hidden-cells",
                           f"{'Cells' if many else 'Cell'} {cells} of {label} "
                           f"{'hold values' if many else 'holds a value'} hidden by "
                           f"{HIDING[how]}.",
                           f"{label} {'cells' if many else 'cell'} {cells}")
