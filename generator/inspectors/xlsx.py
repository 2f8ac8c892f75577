"""XLSX and XLSM workbooks: cells, hidden sheets, rows and columns, comments and parts."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import PurePosixPath
from xml.etree import ElementTree

from .inspection import Inspection, plural, runs
from .package import Package, office_properties
from .package import file_name as _file_name


def inspect(inspection: Inspection) -> None:
    _inspect_xlsx(inspection)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return ""  # an amount: no detector applies, and repr would add float noise
    return str(value)


def _inspect_xlsx(inspection: Inspection) -> None:
    from openpyxl import load_workbook

    with Package(inspection) as package:
        names = package.names
        _xlsx_package_parts(inspection, package, names)
        office_properties(inspection, package)
    book = load_workbook(inspection.path, read_only=False, data_only=False, keep_links=True,
                         keep_vba=False)
    for sheet in book.worksheets:
        _xlsx_sheet(inspection, sheet)
    for name, defined in _defined_names(book):
        inspection.scan(str(defined.attr_text or ""), f"defined name '{name}'",
                        "in a defined name")


def _defined_names(book) -> Iterable[tuple[str, object]]:
    yield from book.defined_names.items()
    for sheet in book.worksheets:
        for name, defined in sheet.defined_names.items():
            yield f"{sheet.title}!{name}", defined


def _xlsx_sheet(inspection: Inspection, sheet) -> None:
    title = sheet.title
    columns: dict[int, list[tuple[int, str]]] = {}
    headers: dict[int, str] = {}
    filled: dict[tuple[int, int], bool] = {}
    for cell in _stored_cells(sheet):
        text = _cell_text(cell.value)
        if text:
            columns.setdefault(cell.column, []).append((cell.row, text))
            if cell.row == 1:
                headers[cell.column] = text
        if cell.value not in (None, ""):
            filled[(cell.row, cell.column)] = True
        if cell.comment is not None:
            _xlsx_comment(inspection, title, cell)
    if sheet.sheet_state in ("hidden", "veryHidden"):
        _hidden_sheet(inspection, sheet, len(filled))
    _hidden_rows(inspection, sheet, filled)
    _hidden_columns(inspection, sheet, filled)
    for column, entries in columns.items():
        cells = [text for _, text in entries]
        for index, finding in inspection.scanner.scan_cells(cells, headers.get(column, "")):
            row = entries[index][0]
            inspection.personal(finding, f"sheet '{title}' cell {_letter(column)}{row}")


def _stored_cells(sheet) -> Iterable:
    """The cells the file holds, in row order. `iter_rows` would create every empty cell up
    to the furthest formatted one (a million rows for a whole-column format), so the
    worksheet's own cell store is read when openpyxl has it."""
    cells = getattr(sheet, "_cells", None)
    if isinstance(cells, dict):
        return [cells[key] for key in sorted(cells)]
    return [cell for row in sheet.iter_rows() for cell in row]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _xlsx_comment(inspection: Inspection, title: str, cell) -> None:
    location = f"sheet '{title}' cell {cell.coordinate}"
    inspection.add("attachment.comment", f"Cell {cell.coordinate} of sheet '{title}' has a "
                   "comment.", location)
    inspection.scan(cell.comment.text or "", location, "in a cell comment")
    if cell.comment.author:
        inspection.scan(cell.comment.author, location, "as a comment's author")


def _hidden_sheet(inspection: Inspection, sheet, values: int) -> None:
    title = sheet.title
    if sheet.sheet_state == "veryHidden":
        inspection.add("attachment.very-hidden-sheet",
                       f"Sheet '{title}' is very hidden and holds {values} "
                       f"{plural(values, 'value', 'values')}.",
                       f"sheet '{title}'")
    else:
        inspection.add("attachment.hidden-sheet",
                       f"Sheet '{title}' is hidden and holds {values} "
                       f"{plural(values, 'value', 'values')}.", f"sheet '{title}'")


def _hidden_rows(inspection: Inspection, sheet, filled: dict) -> None:
    hidden = [r for r, dim in sheet.row_dimensions.items() if dim.hidden]
    if not hidden:
        return
    by_row: dict[int, int] = {}
    for row, _ in filled:
        by_row[row] = by_row.get(row, 0) + 1
    for first, last in runs(hidden):
        values = sum(by_row.get(r, 0) for r in range(first, last + 1))
        if values:
            rows = f"{first}" if first == last else f"{first}:{last}"
            what = plural(last - first + 1, f"Row {rows} of sheet '{sheet.title}' is",
                           f"Rows {rows} of sheet '{sheet.title}' are")
            inspection.add("attachment.hidden-rows",
                           f"{what} hidden and hold{'s' if first == last else ''} {values} "
                           f"{plural(values, 'value', 'values')}.",
                           f"sheet '{sheet.title}' {plural(last - first + 1, 'row', 'rows')} {rows}")


def _hidden_columns(inspection: Inspection, sheet, filled: dict) -> None:
    hidden = []
    for dim in sheet.column_dimensions.values():
        if dim.hidden or (dim.customWidth and dim.width == 0):
            hidden.extend(range(dim.min or 0, (dim.max or dim.min or 0) + 1))
    if not hidden:
        return
    by_column: dict[int, int] = {}
    for _, column in filled:
        by_column[column] = by_column.get(column, 0) + 1
    for first, last in runs(c for c in hidden if c):
        values = sum(by_column.get(c, 0) for c in range(first, last + 1))
        if values:
            span = _letter(first) if first == last else f"{_letter(first)}:{_letter(last)}"
            what = plural(last - first + 1, f"Column {span} of sheet '{sheet.title}' is",
                           f"Columns {span} of sheet '{sheet.title}' are")
            inspection.add("attachment.hidden-columns",
                           f"{what} hidden and hold{'s' if first == last else ''} {values} "
                           f"{plural(values, 'value', 'values')}.",
                           f"sheet '{sheet.title}' {plural(last - first + 1, 'column', 'columns')} "
                           f"{span}")


_PIVOT_VALUE = re.compile(rb'<(?:\w+:)?s\s+v="([^"]*)"')  # a shared string item
_CACHED_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")  # an external link's cached cell


def _xlsx_package_parts(inspection: Inspection, package: zipfile.ZipFile,
                        names: list[str]) -> None:
    for name in names:
        if re.fullmatch(r"xl/pivotCache/pivotCacheDefinition\d*\.xml", name):
            inspection.add("attachment.pivot-cache", "The workbook holds a pivot cache: a "
                           "full copy of the pivot table's source rows.", name)
        if name.startswith("xl/pivotCache/") and name.endswith(".xml"):
            _scan_xml_values(inspection, package.read(name), name, "in a pivot cache")
        elif re.fullmatch(r"xl/externalLinks/externalLink\d*\.xml", name):
            _scan_xml_values(inspection, package.read(name), name,
                             "in values cached from a linked file", _CACHED_VALUE)
        if re.fullmatch(r"xl/externalLinks/externalLink\d*\.xml", name):
            target = _external_target(package, name)
            inspection.add("attachment.external-link", f"The workbook links to another file"
                           f"{f' ({target})' if target else ''}, and keeps cached values "
                           "from it.", name)
        elif re.fullmatch(r"xl/threadedComments/.+\.xml", name):
            inspection.add("attachment.comment", "The workbook holds threaded comments.", name)
            _scan_xml_text(inspection, package.read(name), name, "in a threaded comment")
        elif name.startswith(("xl/embeddings/", "xl/activeX/")):
            inspection.add("attachment.embedded-object", "The workbook holds an embedded "
                           f"object ({PurePosixPath(name).name}).", name)


def _scan_xml_values(inspection: Inspection, data: bytes, location: str, where: str,
                     pattern: re.Pattern = _PIVOT_VALUE) -> None:
    values = [html.unescape(v.decode("utf-8", "replace")) for v in pattern.findall(data)]
    for index, finding in inspection.scanner.scan_cells(values):
        inspection.personal(finding, f"{location} item {index + 1}", where)


def _scan_xml_text(inspection: Inspection, data: bytes, location: str, where: str) -> None:
    root = ElementTree.fromstring(data)
    text = "\n".join(t for t in root.itertext() if t.strip())
    inspection.scan_lines(text, f"{location} ", where)


def _external_target(package: zipfile.ZipFile, name: str) -> str:
    """The linked file's name (not its folder, which may name a person's account)."""
    rels = f"{PurePosixPath(name).parent}/_rels/{PurePosixPath(name).name}.rels"
    try:
        root = ElementTree.fromstring(package.read(rels))
    except (KeyError, ElementTree.ParseError):
        return ""
    for rel in root:
        target = rel.get("Target", "")
        if target:
            return _file_name(target)
    return ""


def package_findings(path, scanner, organisation: tuple[str, ...] = ()) -> list:
    """The workbook-level checks only (links, properties, pivot caches, threaded comments),
    for a workbook the importer reads but does not publish."""
    inspection = Inspection(path, scanner, organisation)
    with Package(inspection) as package:
        _xlsx_package_parts(inspection, package, package.names)
        office_properties(inspection, package)
    return inspection.result()
