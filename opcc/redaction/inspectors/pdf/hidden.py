"""Judging each character a page draws: shown, or hidden and why (covered by later paint,
drawn in its background's colour, in a switched-off layer, invisible, transparent, tiny,
outside the crop box or clipped away), and the findings that report hidden text."""

from __future__ import annotations

from collections.abc import Iterator

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.pdf.colour import contrast
from opcc.redaction.inspectors.pdf.paint import OVERLAP, Page, Paint, overlap

CONTRAST = 1.2  # contrast ratio (WCAG) below which text can't be told from its background
INVISIBLE_MODES = (3, 7)  # text render modes that paint nothing
MIN_SIZE = 1.0  # points; smaller text can't be read
GRID = 64.0  # points; cell size of the spatial index of shapes


HIDDEN_WHERE = {
    "covered": "under a filled box",
    "camouflaged": "under a filled box",
    "layer": "in a hidden layer",
    "mode": "in invisible text",
    "transparent": "in invisible text",
    "faint": "in invisible text",
    "tiny": "in invisible text",
    "outside": "in invisible text",
    "clipped": "in invisible text",
}


def sort_chars(page: Page) -> dict[str, list]:
    """Each character under the first reason it can't be seen, or "shown"."""
    index = _PaintIndex(page.paints)
    groups: dict[str, list] = {key: [] for key in ("shown", *HIDDEN_WHERE)}
    for char in page.chars:
        groups[_reason(char, page, index)].append(char)
    return groups


def _reason(char, page: Page, index: _PaintIndex) -> str:
    centre = ((char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2)
    if char.in_hidden_layer:
        return "layer"
    box = (char.x0, char.y0, char.x1, char.y1)
    if not _meets(box, page.area):
        return "outside"
    if char.clip is not None and not _meets(box, char.clip):
        return "clipped"
    if char.mode in INVISIBLE_MODES:
        return "mode"
    if char.alpha < 0.05:
        return "transparent"
    if char.size < MIN_SIZE or char.squeezed:
        return "tiny"
    if index.covered(char):
        return "covered"
    return _contrast_reason(char, index.beneath(char, centre))


def _contrast_reason(char, background: Paint | None | bool) -> str:
    """'camouflaged' (same colour as the box under it), 'faint' (page colour) or 'shown'."""
    if char.shade is None or background is False:
        return "shown"
    if background is None:
        return "faint" if contrast(char.shade, 1.0) < CONTRAST else "shown"
    if background.shade is None or not background.opaque:
        return "shown"
    if contrast(char.shade, background.shade) >= CONTRAST:
        return "shown"
    # a white box on a white page is no box: the text reads as white on white
    return "faint" if contrast(background.shade, 1.0) < CONTRAST else "camouflaged"


class _PaintIndex:
    """Paint bucketed by grid cell, to find what lies over or under a character."""

    def __init__(self, paints: list[Paint]):
        self.cells: dict[tuple[int, int], list[Paint]] = {}
        for paint in paints:
            for cell in _cells(paint.bbox):
                self.cells.setdefault(cell, []).append(paint)

    def near(self, box) -> list[Paint]:
        if not self.cells:
            return []
        cells = list(_cells(box))
        if len(cells) == 1:
            return self.cells.get(cells[0], [])
        found: dict[int, Paint] = {}
        for cell in _cells(box):
            for paint in self.cells.get(cell, ()):
                found[id(paint)] = paint
        return list(found.values())

    def covered(self, char) -> bool:
        box = (char.x0, char.y0, char.x1, char.y1)
        return any(p.opaque and p.seq > char.seq and _hides(p, char) for p in self.near(box))

    def beneath(self, char, centre) -> Paint | None | bool:
        """The topmost paint under the character's centre; None for the bare page,
        False when that is an image, shading or unknown colour (no judgement)."""
        under = [p for p in self.near((*centre, *centre))
                 if p.seq < char.seq and _inside(centre, p.bbox) and _in_shape(centre, p)]
        if not under:
            return None
        top = max(under, key=lambda p: p.seq)
        return top if top.shade is not None else False


def _cells(box) -> Iterator[tuple[int, int]]:
    x0, y0, x1, y1 = box
    for gx in range(int(x0 // GRID), int(x1 // GRID) + 1):
        for gy in range(int(y0 // GRID), int(y1 // GRID) + 1):
            yield gx, gy


def _hides(paint: Paint, char) -> bool:
    centre = ((char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2)
    if paint.polygon is not None or paint.holes:
        return _inside(centre, paint.bbox) and _in_shape(centre, paint)
    return overlap(char, paint.bbox) >= OVERLAP


def _in_shape(point, paint: Paint) -> bool:
    if any(_inside(point, hole) for hole in paint.holes):
        return False
    return paint.polygon is None or len(paint.polygon) < 3 or _in_polygon(point, paint.polygon)


def _in_polygon(point, polygon) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / ((y1 - y0) or 1e-9) + x0:
            inside = not inside
    return inside


def _meets(a, b) -> bool:
    """The boxes share some area (or an edge), so part of a glyph may show."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _inside(point, box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


_INVISIBLE_REASONS = {
    "mode": "drawn invisibly (text render mode 3 or 7)",
    "transparent": "fully transparent",
    "faint": "white or nearly white on a white page or box",
    "tiny": "smaller than 1 pt or squeezed to no width",
    "outside": "outside the visible page area (crop box)",
    "clipped": "clipped away",
}


def report_hidden(inspection: Inspection, groups: dict[str, list], page: Page,
                  number: int) -> None:
    location = f"page {number}"
    count = {key: sum(1 for c in chars if c.get_text().strip()) for key, chars in groups.items()}
    if count["covered"]:
        inspection.add("attachment.text-under-box",
                       f"{count['covered']} character(s) of text lie under a box or image "
                       f"drawn over them on page {number}: the text is still in the file and "
                       "can be copied.", location)
    if count["camouflaged"]:
        inspection.add("attachment.text-under-box",
                       f"{count['camouflaged']} character(s) of text on page {number} are "
                       "drawn in the colour of the box under them, so they can't be seen but "
                       "can be copied.", location)
    if count["layer"] or page.hidden_images:
        what = " and ".join(part for part in (
            f"{count['layer']} character(s) of text" if count["layer"] else "",
            f"{page.hidden_images} image(s)" if page.hidden_images else "") if part)
        inspection.add("attachment.hidden-layer",
                       f"{what} on page {number} are in a layer that is switched off: "
                       "they are still in the file.", location)
    reasons = [why for key, why in _INVISIBLE_REASONS.items() if count[key]]
    invisible = sum(count[key] for key in _INVISIBLE_REASONS)
    if invisible:
        inspection.add("attachment.invisible-text",
                       f"{invisible} character(s) on page {number} can't be seen "
                       f"({'; '.join(reasons)}) but are in the text.", location)
