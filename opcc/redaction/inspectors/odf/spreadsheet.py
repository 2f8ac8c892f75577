"""Spreadsheets (and a chart's data table): each sheet's cells scanned by column with
its header; hidden sheets, hidden or filtered rows and columns holding values, and cells
whose stored value is not what they show, reported."""

from __future__ import annotations

from dataclasses import replace

from opcc.redaction.inspectors.inspection import plural, runs
from opcc.redaction.inspectors.odf.names import CELLS, as_int, q
from opcc.redaction.inspectors.odf.styles import WHITE, Format
from opcc.redaction.inspectors.odf.text import TextWalk
from opcc.redaction.inspectors.odf.walk import Context, scan_distinct
from opcc.redaction.inspectors.xlsx.sheets import (
    column_letter,  # A1 names, as spreadsheet users say them
)

MAX_COLUMNS = 16384
PARAGRAPHS = (q("text", "p"), q("text", "h"))
HIDDEN_VISIBILITY = {"collapse": "hidden", "filter": "hidden by a filter"}
ROW_CONTAINERS = {q("table", n) for n in ("table-row-group", "table-header-rows", "table-rows")}
COLUMN_CONTAINERS = {q("table", n) for n in ("table-column-group", "table-header-columns",
                                             "table-columns")}
VALUES = tuple(q("office", a) for a in ("value", "date-value", "time-value", "boolean-value",
                                         "string-value"))
CELL_STYLE = q("table", "style-name")


class SheetWalk(TextWalk):
    """A table in a spreadsheet or chart is a sheet; elsewhere it is walked as text."""

    # ---- tables and sheets

    def table(self, element, ctx: Context) -> None:
        if self.kind not in ("spreadsheet", "chart") or ctx.in_cell:
            self.children(element, ctx)
            return
        _Sheet(self, element, ctx).read()


class _Sheet:
    """One sheet (or a chart's data table): cells scanned by column, hidden parts reported."""

    def __init__(self, walker: SheetWalk, element, ctx: Context):
        self.walker = walker
        self.element = element
        self.ctx = ctx
        self.name = element.get(q("table", "name"), "")
        self.where = f"{walker.label}sheet '{self.name}'"
        # runs of columns: first, last, how hidden (or None), default cell style
        self.columns: list[tuple[int, int, str | None, str | None]] = []
        self.filled_rows: dict[int, int] = {}
        self.filled_columns: dict[int, int] = {}
        self.hidden_rows: list[tuple[int, int, str]] = []
        self.cells: dict[int, list[tuple[int, str]]] = {}
        self.headers: dict[int, str] = {}
        self.formats: dict[str | None, Format] = {}

    def read(self) -> None:
        walker = self.walker
        walker.attributes(self.element, self.where)
        walker.linked(self.element, self.where)
        self.read_columns(self.element)
        row = 1
        for child in self.element:
            row = self.read_part(child, row)
        self.report()

    def read_part(self, child, row: int) -> int:
        tag = child.tag
        if tag == q("table", "table-row"):
            return self.read_row(child, row)
        if tag in ROW_CONTAINERS:
            self.walker.attributes(child, self.where)
            for inner in child:
                row = self.read_part(inner, row)
            return row
        if tag == q("table", "table-column") or tag in COLUMN_CONTAINERS:
            return row
        self.walker.visit(child, replace(self.ctx, location=self.where))
        return row

    def read_columns(self, element, start: int = 1) -> int:
        for child in element:
            if child.tag in COLUMN_CONTAINERS:
                start = self.read_columns(child, start)
            elif child.tag == q("table", "table-column") and start <= MAX_COLUMNS:
                count = min(as_int(child.get(q("table", "number-columns-repeated")), 1) or 1,
                            MAX_COLUMNS)
                hidden = HIDDEN_VISIBILITY.get(child.get(q("table", "visibility"), ""))
                style = child.get(q("table", "default-cell-style-name"))
                self.columns.append((start, start + count - 1, hidden, style))
                start += count
        return start

    def column(self, number: int) -> tuple[str | None, str | None]:
        for first, last, hidden, style in self.columns:
            if first <= number <= last:
                return hidden, style
        return None, None

    def read_row(self, row_element, row: int) -> int:
        repeat = as_int(row_element.get(q("table", "number-rows-repeated")), 1) or 1
        hidden = HIDDEN_VISIBILITY.get(row_element.get(q("table", "visibility"), ""))
        row_style = row_element.get(q("table", "default-cell-style-name"))
        self.walker.attributes(row_element, self.where)
        column, values = 1, 0
        for cell in row_element:
            if cell.tag not in CELLS:
                self.walker.visit(cell, replace(self.ctx, location=self.where))
                continue
            count = as_int(cell.get(q("table", "number-columns-repeated")), 1) or 1
            if self.read_cell(cell, row, column, row_style):
                values += count
                for number in range(column, min(column + count, MAX_COLUMNS + 1)):
                    self.filled_columns[number] = self.filled_columns.get(number, 0) + repeat
            column += count
        if values:
            self.filled_rows[row] = values * repeat
            if hidden:
                self.hidden_rows.append((row, row + repeat - 1, hidden))
        return row + repeat

    def read_cell(self, cell, row: int, column: int, row_style: str | None) -> bool:
        """Scan one cell's text and values; True when it holds anything."""
        walker = self.walker
        location = f"{self.where} cell {column_letter(column)}{row}"
        style = cell.get(CELL_STYLE) or row_style or self.column(column)[1]
        if style not in self.formats:
            self.formats[style] = Format(background=WHITE).with_style(
                walker.styles.props("table-cell", style))
        ctx = Context(location, False, self.formats[style], self.ctx.hidden,
                      "attachment.hidden-cells", True)
        walker.attributes(cell, location)
        shown = []
        for child in cell:
            if child.tag in PARAGRAPHS:
                shown.append(walker.paragraph(child, ctx))
            else:
                walker.visit(child, ctx)
        text = "\n".join(shown)
        has_value = any(cell.get(a) for a in VALUES)
        if text.strip():
            self.cells.setdefault(column, []).append((row, text))
            if row == 1:
                self.headers[column] = text
        self.stored_value(cell, text, location)
        return bool(text.strip() or has_value
                    or any(child.tag not in PARAGRAPHS for child in cell))

    def stored_value(self, cell, text: str, location: str) -> None:
        """A value the cell keeps but does not show."""
        stored = cell.get(VALUES[-1])
        if stored is not None and stored.strip() and stored.strip() != text.strip():
            self.walker.add("attachment.hidden-cells", f"Cell {location.rsplit(' ', 1)[1]} of "
                            f"sheet '{self.name}' keeps a text value that differs from what it "
                            "shows.", location)
            return
        if text.strip():
            return
        value = next((cell.get(a) for a in VALUES[:4] if cell.get(a)), None)
        if value and value not in ("0", "false"):
            self.walker.add("attachment.hidden-cells", f"Cell {location.rsplit(' ', 1)[1]} of "
                            f"sheet '{self.name}' keeps a value that it does not show.", location)

    def report(self) -> None:
        walker = self.walker
        values = sum(self.filled_rows.values())
        style = walker.styles.props("table", self.element.get(q("table", "style-name")))
        hidden_sheet = "false" in (style.get("table-display"),
                                   self.element.get(q("table", "display")))
        if hidden_sheet and walker.kind == "spreadsheet":
            walker.add("attachment.hidden-sheet", f"Sheet '{self.name}' is hidden and holds "
                       f"{values} {plural(values, 'value', 'values')}.", self.where)
        self.report_rows()
        self.report_columns()
        for column, entries in self.cells.items():
            places: dict[str, list[str]] = {}
            letter = column_letter(column)
            for row, text in entries:
                places.setdefault(text, []).append(f"{self.where} cell {letter}{row}")
            scan_distinct(walker.inspection, places, self.headers.get(column, ""))

    def report_rows(self) -> None:
        merged: list[list] = []
        for first, last, how in sorted(self.hidden_rows):
            if merged and merged[-1][1] + 1 == first and merged[-1][2] == how:
                merged[-1][1] = last
            else:
                merged.append([first, last, how])
        for first, last, how in merged:
            values = sum(v for r, v in self.filled_rows.items() if first <= r <= last)
            span = f"{first}" if first == last else f"{first}:{last}"
            what = plural(last - first + 1, f"Row {span} of sheet '{self.name}' is",
                          f"Rows {span} of sheet '{self.name}' are")
            self.walker.add("attachment.hidden-rows", f"{what} {how} and hold"
                            f"{'s' if first == last else ''} {values} "
                            f"{plural(values, 'value', 'values')}.",
                            f"{self.where} {plural(last - first + 1, 'row', 'rows')} {span}")

    def report_columns(self) -> None:
        hidden = [n for first, last, how, _ in self.columns if how
                  for n in range(first, last + 1) if n in self.filled_columns]
        for first, last in runs(hidden):
            values = sum(self.filled_columns.get(c, 0) for c in range(first, last + 1))
            span = column_letter(first) if first == last else \
                f"{column_letter(first)}:{column_letter(last)}"
            what = plural(last - first + 1, f"Column {span} of sheet '{self.name}' is",
                          f"Columns {span} of sheet '{self.name}' are")
            self.walker.add("attachment.hidden-columns", f"{what} hidden and hold"
                            f"{'s' if first == last else ''} {values} "
                            f"{plural(values, 'value', 'values')}.",
                            f"{self.where} {plural(last - first + 1, 'column', 'columns')} {span}")
