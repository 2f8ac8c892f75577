"""PDF: page text as laid out, covered and invisible text, annotations and metadata.

Pages are read with pdfminer.six (the engine under pdfplumber) through a small layout
device that also records each character's text render mode; pypdf reads the document
information, attached files and annotations."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .inspection import Inspection


def inspect(inspection: Inspection) -> None:
    _inspect_pdf(inspection)


# attached files and annotations.

DARK = 0.35  # luminance at or below which a filled box hides dark text
LIGHT = 0.9  # luminance at or above which text is white (or nearly)
OVERLAP = 0.3  # share of a character's box that must lie under the filled box
INVISIBLE_MODES = (3, 7)  # text render modes that paint nothing


def luminance(colour: object) -> float | None:
    """0 (black) to 1 (white) for a PDF colour (gray, RGB or CMYK), None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return None
    if not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        red, green, blue = colour
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue
    if len(colour) == 4:
        cyan, magenta, yellow, black = colour
        return (1 - min(1, cyan + black)) * 0.2126 + (1 - min(1, magenta + black)) * 0.7152 \
            + (1 - min(1, yellow + black)) * 0.0722
    return None


class PasswordProtected(Exception):
    """The PDF needs a password to open."""


@dataclass
class _PdfPage:
    number: int
    bbox: tuple[float, float, float, float]
    chars: list  # pdfminer LTChar, each with an `invisible` flag
    boxes: list  # filled LTRect / LTCurve


def _inspect_pdf(inspection: Inspection) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(inspection.path))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PasswordProtected("the PDF needs a password")
    info = reader.metadata or {}
    inspection.metadata(_pdf_text(info.get("/Author")), "PDF information author", "author")
    for key in ("/Title", "/Subject", "/Keywords"):
        inspection.metadata(_pdf_text(info.get(key)), f"PDF information {key[1:].lower()}")
    for name in reader.attachments:
        inspection.add("attachment.embedded-object", f"The PDF carries an attached file "
                       f"({name}).", "PDF embedded files")
    for page in _pdf_pages(inspection.path):
        _pdf_page(inspection, page)
    for number, page in enumerate(reader.pages, 1):
        _pdf_annotations(inspection, page, number)


def _pdf_text(value: object) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value) if value is not None else None


def _pdf_pages(path: Path) -> Iterable[_PdfPage]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        resources = PDFResourceManager(caching=True)
        device = _layout_device()(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            interpreter.process_page(page)
            chars, boxes = [], []
            _collect(device.layout, chars, boxes)
            yield _PdfPage(number, tuple(device.layout.bbox), chars, boxes)


@functools.lru_cache(maxsize=1)
def _layout_device() -> type:
    """The device class, built on first use so importing this module stays cheap."""
    from pdfminer.converter import PDFLayoutAnalyzer

    class LayoutWithRenderModes(PDFLayoutAnalyzer):
        """Keeps each page's characters and shapes, marking characters drawn invisibly."""

        layout = None
        mode = 0

        def render_string(self, textstate, seq, ncs, graphicstate):
            self.mode = textstate.render
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs,
                                          graphicstate)
            self.cur_item._objs[-1].invisible = self.mode in INVISIBLE_MODES
            return advance

        def receive_layout(self, ltpage):
            self.layout = ltpage

    return LayoutWithRenderModes


def _collect(container, chars: list, boxes: list) -> None:
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    for item in container:
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTCurve):
            if item.fill:
                boxes.append(item)
        elif isinstance(item, LTContainer):
            _collect(item, chars, boxes)


def _pdf_page(inspection: Inspection, page: _PdfPage) -> None:
    number = page.number
    covered = _covered_chars(page.chars, page.boxes)
    hidden = {id(c) for c in covered}
    shown = [c for c in page.chars if id(c) not in hidden] if hidden else page.chars
    for finding in inspection.scanner.scan(_page_text(shown)):
        inspection.personal(finding, f"page {number}")
    if covered:
        inspection.add("attachment.text-under-box",
                       f"{len(covered)} character(s) of text lie under a filled dark box on "
                       f"page {number}: the text is still in the file and can be copied.",
                       f"page {number}")
        inspection.scan(_page_text(covered), f"page {number}", "under a filled box")
    drawn_invisibly = sum(1 for c in page.chars if c.invisible and c.get_text().strip())
    if drawn_invisibly:
        inspection.add("attachment.invisible-text",
                       f"Page {number} has {drawn_invisibly} character(s) drawn invisibly "
                       "(text render mode 3 or 7), as in an OCR layer or hidden text.",
                       f"page {number}")
    faint = _faint_chars(page)
    if faint:
        inspection.add("attachment.invisible-text",
                       f"{len(faint)} character(s) on page {number} can't be seen (white on "
                       "white, smaller than 1 pt or off the page) but are in the text.",
                       f"page {number}")


def _page_text(chars: list) -> str:
    """Lines top to bottom, characters left to right, a space where a gap is wider than a
    fifth of the font size (as pdfplumber's extract_text does with its tolerances)."""
    ordered = sorted(chars, key=lambda c: (-c.y1, c.x0))
    lines: list[list] = []
    for char in ordered:
        if lines and abs(lines[-1][0].y1 - char.y1) <= max(2.0, 0.3 * char.size):
            lines[-1].append(char)
        else:
            lines.append([char])
    text = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        parts, previous = [], None
        for char in line:
            if previous is not None and char.x0 - previous.x1 > 0.2 * max(char.size, 1) \
                    and not previous.get_text().isspace():
                parts.append(" ")
            parts.append(char.get_text())
            previous = char
        text.append("".join(parts))
    return "\n".join(text)


def _colour(item) -> object:
    colour = getattr(item, "non_stroking_color", None)
    if colour is None and getattr(item, "graphicstate", None) is not None:
        colour = item.graphicstate.ncolor
    return colour


def _overlap(char, box) -> float:
    width = min(char.x1, box.x1) - max(char.x0, box.x0)
    height = min(char.y1, box.y1) - max(char.y0, box.y0)
    area = max(char.x1 - char.x0, 0.01) * max(char.y1 - char.y0, 0.01)
    return max(width, 0) * max(height, 0) / area


def _covered_chars(chars: list, boxes: list) -> list:
    """Dark (or unknown-colour) visible characters overlapping a dark filled box.

    Paint order is not kept, so light text on a dark box (a banner heading) is taken as
    drawn on top of it and not counted; test for overlap, not containment."""
    dark = [b for b in boxes if (luminance(_colour(b)) or 0) <= DARK]
    if not dark:
        return []
    covered = []
    for char in chars:
        if char.invisible or not char.get_text().strip():
            continue
        shade = luminance(_colour(char))
        if shade is not None and shade >= LIGHT - 0.3:
            continue
        if any(_overlap(char, box) >= OVERLAP for box in dark):
            covered.append(char)
    return covered


def _faint_chars(page: _PdfPage) -> list:
    """Visible-mode characters that still can't be seen: white with no darker filled box
    beneath, under 1 pt, or wholly off the page."""
    x0, y0, x1, y1 = page.bbox
    shaded = [b for b in page.boxes if (luminance(_colour(b)) or 0) < LIGHT]
    faint = []
    for char in page.chars:
        if char.invisible or not char.get_text().strip():
            continue
        off_page = char.x1 <= x0 or char.x0 >= x1 or char.y1 <= y0 or char.y0 >= y1
        shade = luminance(_colour(char))
        white = shade is not None and shade >= LIGHT and \
            not any(_overlap(char, box) > 0 for box in shaded)
        if off_page or char.size < 1 or white:
            faint.append(char)
    return faint


_NOTE_TYPES = {"/Text", "/FreeText", "/Popup", "/Highlight", "/Underline", "/StrikeOut",
               "/Squiggly", "/Ink", "/Stamp", "/Caret", "/Square", "/Circle", "/Polygon"}


def _pdf_annotations(inspection: Inspection, page, number: int) -> None:
    annotations = page.get("/Annots")
    if not annotations:
        return
    for index, reference in enumerate(annotations.get_object(), 1):
        annotation = reference.get_object()
        subtype = annotation.get("/Subtype")
        location = f"page {number} annotation {index}"
        if subtype == "/FileAttachment":
            inspection.add("attachment.embedded-object", "A file is attached to the page.",
                           location)
        elif subtype in _NOTE_TYPES:
            inspection.add("attachment.comment", f"Page {number} has a comment or mark-up "
                           f"({str(subtype).lstrip('/')}).", location)
            inspection.scan(str(annotation.get("/Contents") or ""), location, "in a comment")
            inspection.scan(str(annotation.get("/T") or ""), location, "as a comment's author")

