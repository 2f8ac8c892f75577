"""What the device records of a page: each `Paint` (filled shape, thick line, image or
shading) in paint order and the `Page` that holds them with its characters, plus the box
arithmetic the device, the hidden-text judgments and the annotation check share.

Boxes are (x0, y0, x1, y1) tuples in device space."""

from __future__ import annotations

from dataclasses import dataclass, field

OVERLAP = 0.3  # share of a character's box that a later shape must cover
OPAQUE = 0.99  # fill opacity from which a shape or image hides what is under it


@dataclass
class Paint:
    """A filled shape, thick line, image or shading, in paint order."""

    seq: int
    bbox: tuple[float, float, float, float]
    opaque: bool  # hides what was painted before it where it lies
    shade: float | None  # luminance of its colour; None for images or unknown colours
    polygon: list | None = None  # outline of a non-rectangular shape
    holes: list = field(default_factory=list)  # boxes of subpaths that cut holes in it


@dataclass
class Page:
    chars: list  # pdfminer LTChar, each with its paint attributes
    paints: list[Paint]
    area: tuple[float, float, float, float]  # visible area: crop box within media box
    ctm: tuple
    forms: set[int]  # form XObjects drawn on the page
    tag_texts: list[str]  # /ActualText, /Alt and /E of marked content
    hidden_images: int = 0  # images drawn in a layer that is switched off


def as_box(rect) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def intersect(a, b) -> tuple | None:
    if a is None or b is None:
        return a or b
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else None


def overlap(char, box) -> float:
    width = min(char.x1, box[2]) - max(char.x0, box[0])
    height = min(char.y1, box[3]) - max(char.y0, box[1])
    area = max(char.x1 - char.x0, 0.01) * max(char.y1 - char.y0, 0.01)
    return max(width, 0) * max(height, 0) / area
