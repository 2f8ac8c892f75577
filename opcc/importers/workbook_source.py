"""Reading an XLSX import source: every visible sheet, or the named ones. Hidden and very
hidden sheets are never read without `include_hidden` and are reported either way; so are
hidden rows and columns, links to other workbooks, comments, pivot caches and author names
in the document properties. The workbook is only read.

openpyxl's normal mode parses parts the import never needs (pivot tables and their caches)
and gives up on some that Excel writes. Such a workbook is opened again in read-only mode,
which reads only the cells, instead of being called damaged; hidden rows and columns are
then read from the sheet's XML, so they are still left out and reported.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from opcc.diagnostics import suggestion, warning
from opcc.importers.tables import Source, Table
from opcc.redaction import Scanner
from opcc.redaction.inspectors import inspect_attachment

_WORKBOOK_CODES = {"attachment.external-link": "dataset.import-external-link",
                   "attachment.metadata": "dataset.import-metadata",
                   "attachment.comment": "dataset.import-workbook",
                   "attachment.pivot-cache": "dataset.import-workbook",
                   "attachment.embedded-object": "dataset.import-workbook"}
NOT_PUBLISHED = "the workbook itself is never copied into the site: only the CSV made from it"


def read_workbook(source: Source, sheets: tuple[str, ...], include_hidden: bool,
                  scanner: Scanner, organisation: tuple[str, ...]) -> Source:
    """The workbook's chosen sheets as tables, or the source refused."""
    try:
        book = open_workbook(source.path)
    except Exception as exc:  # noqa: BLE001 - a damaged workbook is a diagnostic
        return source.refuse("dataset.import-source", f"the workbook can't be read "
                             f"({type(exc).__name__}); it may be damaged or not really XLSX",
                             "open it in Excel and save it again as .xlsx, or as CSV UTF-8")
    try:
        _read_sheets(source, book, sheets, include_hidden)
    finally:
        book.close()
    if not source.unusable:
        _workbook_findings(source, scanner, organisation)
    return source


def open_workbook(path: Path):
    """The workbook in openpyxl's normal mode, or in read-only mode when the normal mode
    chokes on a part beyond the cells (pivot tables); raises when neither reads it."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return load_workbook(path, data_only=True, keep_links=False)
        except Exception:  # noqa: BLE001 - read-only mode reads only the cells
            return load_workbook(path, data_only=True, keep_links=False, read_only=True)


def _read_sheets(source: Source, book, sheets: tuple[str, ...], include_hidden: bool) -> None:
    chosen = _choose_sheets(source, book, sheets, include_hidden)
    if source.unusable:
        return
    epoch = book.epoch if isinstance(getattr(book, "epoch", None), datetime) else \
        datetime(1899, 12, 30)
    for sheet in chosen:
        source.tables.append(_sheet_table(source, sheet, epoch, include_hidden))
        _comments(source, sheet)


def _choose_sheets(source: Source, book, names: tuple[str, ...], include_hidden: bool) -> list:
    by_title = {s.title: s for s in book.worksheets}
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            source.hidden_sheets.append(sheet.title)
    for name in names:
        if name not in by_title:
            source.refuse_arguments(
                "dataset.import-sheet", f"the workbook has no sheet '{name}'"
                f"{suggestion(name, list(by_title))}",
                "sheets: " + ", ".join(f"'{t}'" for t in by_title))
        elif by_title[name].sheet_state != "visible" and not include_hidden:
            source.refuse_arguments(
                "dataset.import-sheet", f"sheet '{name}' is hidden in the workbook",
                "add --include-hidden to import a hidden sheet, after checking it holds "
                "nothing that must not be published")
    chosen = [by_title[n] for n in names if n in by_title] if names else list(book.worksheets)
    kept = []
    for sheet in chosen:
        if sheet.sheet_state == "visible" or include_hidden:
            kept.append(sheet)
            continue
        state = "very hidden" if sheet.sheet_state == "veryHidden" else "hidden"
        source.diagnostics.append(warning(
            "dataset.import-hidden-sheet", f"sheet '{sheet.title}' is {state} and was not "
            "imported", path=source.label, field=f"'{sheet.title}'",
            hint="add --include-hidden (and --sheet) to import it, after checking it holds "
                 "nothing that must not be published; " + NOT_PUBLISHED))
    if not kept and not source.unusable:
        source.refuse("dataset.import-sheet", "the workbook has no visible sheet to import",
                      "name a sheet with --sheet and add --include-hidden")
    return kept


def _sheet_table(source: Source, sheet, epoch: datetime, include_hidden: bool) -> Table:
    cells = _stored_values(sheet)
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    hidden = hidden_parts(sheet)
    hidden_rows, hidden_columns = hidden.rows, hidden.columns
    rows, numbers, left_out = [], [], []
    for number in range(1, height + 1):
        row = [cells.get((number, column)) for column in range(1, width + 1)]
        if number in hidden_rows and not include_hidden:
            if any(v not in (None, "") for v in row):
                left_out.append(number)
            continue
        rows.append(row)
        numbers.append(number)
    filled = {c - 1 for (_, c), v in cells.items() if v != ""}
    columns = frozenset() if include_hidden else frozenset(
        c for c in hidden_columns if c in filled)
    _report_hidden_parts(source, sheet.title, left_out, columns)
    return Table(sheet.title, rows, numbers, epoch, columns, tuple(left_out))


def _stored_values(sheet) -> dict[tuple[int, int], object]:
    """(row, column) → value for the cells the file holds (not every formatted cell)."""
    store = getattr(sheet, "_cells", None)
    if not isinstance(store, dict) and hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # read-only: trust the cells, not the stated size
    cells = store.values() if isinstance(store, dict) else \
        (cell for row in sheet.iter_rows() for cell in row)
    return {(c.row, c.column): c.value for c in cells if c.value is not None}


# --------------------------------------------------------------------------- hidden parts

@dataclass(frozen=True)
class HiddenParts:
    """A sheet's hidden rows (1-based numbers) and columns (0-based indexes)."""
    rows: frozenset[int]
    columns: frozenset[int]


_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_ATTRIBUTE = re.compile(rb"\b(r|min|max|hidden)=\"([^\"]*)\"")


def hidden_parts(sheet) -> HiddenParts:
    """The hidden rows and columns, from openpyxl's dimensions, or from the sheet's XML
    when it was opened read-only (which keeps no dimensions)."""
    if not hasattr(sheet, "_worksheet_path"):
        return _hidden_from_dimensions(sheet)
    return _hidden_from_xml(sheet.parent._archive.read(sheet._worksheet_path))


def _hidden_from_dimensions(sheet) -> HiddenParts:
    rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    columns: set[int] = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min:
            columns.update(range(dim.min - 1, (dim.max or dim.min)))
    return HiddenParts(frozenset(rows), frozenset(columns))


def _hidden_from_xml(xml: bytes) -> HiddenParts:
    rows, columns = set(), set()
    for tag in _ROW.finditer(xml):
        found = dict(_ATTRIBUTE.findall(tag[0]))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"r", b"").isdigit():
            rows.add(int(found[b"r"]))
    for tag in _COL.finditer(xml):
        found = dict(_ATTRIBUTE.findall(tag[0]))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"min", b"").isdigit():
            first = int(found[b"min"])
            last = int(found[b"max"]) if found.get(b"max", b"").isdigit() else first
            columns.update(range(first - 1, last))
    return HiddenParts(frozenset(rows), frozenset(columns))


def _report_hidden_parts(source: Source, title: str, rows: list[int],
                         columns: frozenset[int]) -> None:
    from openpyxl.utils import get_column_letter

    hint = ("add --include-hidden to import them, after checking they hold nothing that must "
            "not be published")
    if rows:
        shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        source.diagnostics.append(warning(
            "dataset.import-hidden-rows", f"{len(rows)} hidden row{'s' if len(rows) != 1 else ''}"
            f" with values in sheet '{title}' (rows {shown}) were not imported",
            path=source.label, field=f"'{title}'", hint=hint))
    if columns:
        letters = ", ".join(get_column_letter(c + 1) for c in sorted(columns))
        source.diagnostics.append(warning(
            "dataset.import-hidden-columns", f"hidden columns {letters} of sheet '{title}' "
            "were not imported", path=source.label, field=f"'{title}'", hint=hint))


def _workbook_findings(source: Source, scanner: Scanner, organisation: tuple[str, ...]) -> None:
    """Links to other files, author names, threaded comments and pivot caches: reported,
    as the workbook holds them even though only the CSV made from it is published."""
    for finding in _package_findings(source.path, scanner, organisation):
        code = _WORKBOOK_CODES.get(finding.code)
        if code is None:
            continue
        source.diagnostics.append(warning(
            code, finding.message, path=source.label, field=finding.location,
            hint=f"{finding.hint}; {NOT_PUBLISHED}"))


def _package_findings(path: Path, scanner: Scanner, organisation: tuple[str, ...]) -> list:
    """The package-level checks of attachments.inspect_attachment (links, properties,
    pivot caches) without reading every cell again; the full inspection if they move."""
    from opcc.redaction.inspectors.xlsx import package_findings

    try:
        return package_findings(path, scanner, organisation)
    except Exception:  # noqa: BLE001 - a damaged part: the full inspection reports it
        return inspect_attachment(path, scanner, organisation)


def _comments(source: Source, sheet) -> None:
    cells = getattr(sheet, "_cells", None)
    count = sum(1 for c in cells.values() if c.comment is not None) \
        if isinstance(cells, dict) else 0
    if count:
        source.diagnostics.append(warning(
            "dataset.import-workbook", f"sheet '{sheet.title}' has {count} cell comment"
            f"{'s' if count != 1 else ''}; comments are not imported", path=source.label,
            field=f"'{sheet.title}'", hint="check they hold nothing that should be in the "
            f"data; {NOT_PUBLISHED}"))
