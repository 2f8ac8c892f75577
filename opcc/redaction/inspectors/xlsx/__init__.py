"""XLSX and XLSM workbooks, read part by part from their XML so nothing is published unread.

Spreadsheet libraries hide what matters here (the cached result of every formula, shared
text no cell uses, parts they do not model), so the package is read directly. Every part
is read by one of the readers below or reported by `Package.finish` as an unknown part:

- worksheets, streamed row by row so tens of thousands of rows stay linear: every cell's
  value and formula, scanned by column with the header as context; values hidden by the
  sheet (hidden or zero-height rows, hidden or zero-width columns, cells under a merge)
  or by formatting (a number format that does not show the value, text in its fill's
  colour, a font too small to read); formula results the formula would not give now
  (`attachment.stale-value`); data validation lists and messages, print headers and
  footers, hyperlinks, conditional formats and filters;
- the workbook (sheet names and states, defined names, the folder it was saved in),
  shared strings (all of them, so text no cell uses is still scanned), styles and theme;
- comments (legacy and threaded) and their authors, drawings and text boxes, charts with
  their cached data, tables, pivot tables and caches, slicers, query tables, data
  connections, external links, custom XML, document properties and printer settings;
- embedded pictures get the image check; macros and embedded objects are reported.

A part no relationship reaches, or a sheet the workbook does not list, is read and also
reported: Excel never shows it. Not judged: values hidden by conditional formatting, by
a table style, or by text in drawings coloured like its shape.

The package, module by module (each reader is a mixin of `_Book`, below):

- `book`: the state every reader shares, and how parts are streamed and scanned;
- `workbook`: the workbook part, its sheet list and defined names, theme and styles;
- `cells` and `sheet_reader`: cell values and shared strings; each worksheet, streamed;
- `formatting`: colours, number formats and cell styles (what hides a value);
- `formula_parser`, `formulas`, `stale_values`: formulas parsed, evaluated and compared
  with the result the file stores;
- `parts`: comments, drawings, charts, connections, external links, pivot caches and
  every other part; `relations`, `sheets`, `strings`, `xml_text`: what they build on.
"""

from __future__ import annotations

import re

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.package import Package, office_properties
from opcc.redaction.inspectors.xlsx.formatting import NumberFormat, contrast
from opcc.redaction.inspectors.xlsx.parts import EMBEDDED, PartReaders
from opcc.redaction.inspectors.xlsx.stale_values import StaleValues
from opcc.redaction.inspectors.xlsx.workbook import WorkbookReader

__all__ = ["INERT", "NumberFormat", "contrast", "inspect", "package_findings"]

# Every part is read, so nothing is inert by review: a part on no reader's list is unknown.
INERT: tuple[str, ...] = ()


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        book = _Book(inspection, package)
        book.read_all()
        package.finish(INERT)


def package_findings(path, scanner, organisation: tuple[str, ...] = ()) -> list:
    """The workbook-level checks only (links, connections, properties, pivot caches,
    comments, embedded objects), for a workbook the importer reads but does not publish."""
    inspection = Inspection(path, scanner, organisation)
    with Package(inspection) as package:
        book = _Book(inspection, package)
        book.read_workbook_level()
    return inspection.result()


class _Book(WorkbookReader, StaleValues, PartReaders):
    """One workbook being read: its parts, styles, strings, sheets and formulas.

    The readers are its mixins; this class holds the order they run in."""

    # ---- the reading order

    def read_all(self) -> None:
        self.read_workbook()
        for sheet in self.sheets:
            self.read_sheet(sheet)
        self.unused_strings()
        self.stale_values()
        for sheet in self.sheets:
            self.sheet_parts(sheet)
        self.remaining_parts()
        self.package.scan_images()
        self.relationship_targets()
        office_properties(self.inspection, self.package)
        self.unused_parts()

    def read_workbook_level(self) -> None:
        for name in self.package.names:
            if re.fullmatch(r"xl/externalLinks/[^/]+\.xml", name):
                self.external_link(name)
            elif re.fullmatch(r"xl/pivotCache/[^/]+\.xml", name):
                self.pivot_cache(name)
            elif re.fullmatch(r"xl/threadedComments/[^/]+\.xml", name):
                self.threaded_comments(name, None)
            elif name == "xl/connections.xml":
                self.connections(name)
            elif EMBEDDED.fullmatch(name):
                self.embedded(name)
        office_properties(self.inspection, self.package)
