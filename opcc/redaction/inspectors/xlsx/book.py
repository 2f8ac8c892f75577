"""The state every reader of a workbook shares, and the helpers they use to stream a
part and to scan its text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.package import Package
from opcc.redaction.inspectors.xlsx.formatting import (
    Palette,
    Styles,
    default_indexed,
    default_theme_colours,
)
from opcc.redaction.inspectors.xlsx.relations import Relations
from opcc.redaction.inspectors.xlsx.sheets import FormulaCell, Sheet
from opcc.redaction.inspectors.xlsx.strings import SharedStrings
from opcc.redaction.inspectors.xlsx.xml_text import element_texts, unescape

USER_FOLDER = re.compile(r"(?i)(?:^|[\\/])(?:users|documents and settings|home|personal)[\\/]"
                         r"([^\\/]+)")


class BookBase:
    """One workbook being read: its parts, styles, strings, sheets and formulas. The
    readers (`CellValues`, `WorkbookReader`, `StaleValues`, `PartReaders`) build on it."""

    def __init__(self, inspection: Inspection, package: Package):
        self.inspection, self.package = inspection, package
        self.rels = Relations(package)
        self.sheets: list[Sheet] = []
        self.strings = SharedStrings()
        self.styles = Styles(Palette(default_theme_colours(), default_indexed()))
        self.formulas: list[FormulaCell] = []
        self.date1904 = False
        self.workbook = ""
        self.consumed: set[tuple[str, str]] = set()
        self.commented: set[str] = set()
        self.owners: dict[str, str] = {}  # drawing or chart part -> where it sits
        self.unlisted: set[str] = set()

    # ---- helpers

    def stream(self, part: str):
        from lxml import etree

        self.package.account(part)
        with self.package.zip.open(part) as handle:
            yield from etree.iterparse(handle, events=("end",), resolve_entities=False,
                                       no_network=True, load_dtd=False)

    def scan_texts(self, texts: Iterable[str], location: str, where: str = "") -> None:
        unique = list(dict.fromkeys(unescape(t) for t in texts if t and t.strip()))
        if unique:
            self.inspection.scan_cells(unique, [location] * len(unique), "", where)

    def scan_part(self, part: str, location: str | None = None, where: str = "") -> None:
        self.scan_texts(element_texts(self.package.xml(part)), location or part, where)

    def label_for(self, title: str, number: int) -> str:
        """Sheet titles are scanned; a title holding personal data never goes in a location."""
        found = self.inspection.scanner.scan(title)
        for finding in found:
            self.inspection.personal(finding, f"name of sheet {number}", "in a sheet name")
        return f"sheet {number}" if found else f"sheet '{title}'"
