"""Cell values as the file stores them: shared and inline strings, numbers, dates,
booleans and errors; and the shared text no cell uses, still scanned."""

from __future__ import annotations

import re

from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.book import BookBase
from opcc.redaction.inspectors.xlsx.formatting import CellStyle
from opcc.redaction.inspectors.xlsx.formulas import NUMERIC_TEXT, ExcelError
from opcc.redaction.inspectors.xlsx.strings import SharedStrings, string_item
from opcc.redaction.inspectors.xlsx.xml_text import unescape


class CellValues(BookBase):
    """Reads the shared strings and turns each cell's stored value into what it shows."""

    def read_shared_strings(self) -> None:
        part = self.rels.first(self.workbook, "sharedStrings")
        if not part or not self.package.has(part):
            return
        strings = self.strings = SharedStrings(part)
        palette = self.styles.palette
        for _, element in self.stream(part):
            if local(element.tag) != "si" or element.getparent() is None:
                continue
            text, runs_, phonetic = string_item(element, palette)
            index = len(strings.texts)
            strings.texts.append(text)
            if any(colour is not None or small for _, colour, small in runs_):
                strings.runs[index] = runs_
            if phonetic.strip():
                strings.phonetic[index] = phonetic
            element.clear()
        strings.used = bytearray(len(strings.texts))

    def cell_value(self, kind: str, value: str | None, inline, style: CellStyle):
        """(stored value, text to scan, rich-text runs) of one cell."""
        if kind == "s":
            if value is None or not value.strip():
                return None, "", None
            index = int(value)
            text = self.strings.get(index)
            return text, text, self.strings.runs.get(index)
        if kind == "inlineStr":
            if inline is None:
                return None, "", None
            text, runs_, phonetic = string_item(inline, self.styles.palette)
            return text, text + (f" {phonetic}" if phonetic else ""), runs_
        if value is None or (kind == "n" and not value.strip()):
            return None, "", None
        if kind in ("str", "d"):
            return unescape(value), unescape(value), None
        if kind == "b":
            return value.strip().lower() in ("1", "true"), "", None
        if kind == "e":
            return ExcelError(value), "", None
        if not NUMERIC_TEXT.fullmatch(value):  # text where a number belongs: still read
            return unescape(value), unescape(value), None
        number = float(value)
        return number, self.number_text(value.strip(), number, style), None

    def number_text(self, value: str, number: float, style: CellStyle) -> str:
        """Whole numbers and dates are scanned (a phone number, a date of birth); other
        amounts are not: no detector applies and float noise would only mislead."""
        if style.is_date and 0 < number < 2958466:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            return from_excel(number, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH) \
                .strftime("%Y-%m-%d")
        return value if re.fullmatch(r"-?\d+", value) else ""

    def unused_strings(self) -> None:
        strings = self.strings
        unused = [i for i, used in enumerate(strings.used) if not used]
        places = [f"{strings.part} string {i + 1}" for i in unused]
        self.inspection.scan_cells([strings.texts[i] for i in unused], places, "",
                                   "in shared text no cell uses")
        phonetic = list(strings.phonetic.items())
        self.inspection.scan_cells([t for _, t in phonetic],
                                   [f"{strings.part} string {i + 1}" for i, _ in phonetic],
                                   "", "in a phonetic guide")
