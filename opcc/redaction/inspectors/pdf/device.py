"""The pdfminer device: records every character, filled shape and image in the order the
page paints them, with the clip, the fill opacity and whether a switched-off layer holds
it, so hidden.py can judge what a reader sees. Imports pdfminer: see miner.py."""

from __future__ import annotations

import math

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTCurve, LTLine, LTRect
from pdfminer.pdfinterp import PDFGraphicState
from pdfminer.pdftypes import resolve1
from pdfminer.utils import apply_matrix_rect

from opcc.redaction.inspectors.pdf.colour import shade_of
from opcc.redaction.inspectors.pdf.paint import OPAQUE, Page, Paint, as_box, intersect

STROKE_MODES = (1, 5)  # render modes that only outline the glyphs
MAX_SUBPATHS = 200  # a fill with more subpaths is outlined text or art, not a box


class GraphicState(PDFGraphicState):
    """pdfminer's graphic state plus what decides whether paint hides: opacity,
    blend mode, soft mask and the clip (a box in device space)."""

    fill_alpha = 1.0
    stroke_alpha = 1.0
    blend = "Normal"
    soft_mask = False
    clip = None

    def copy(self) -> GraphicState:
        state = GraphicState()
        state.__dict__.update(self.__dict__)
        return state


class Device(PDFLayoutAnalyzer):
    """Records characters and paint in the order the page paints them."""

    hidden_oc: frozenset = frozenset()

    def begin_page(self, page, ctm) -> None:
        super().begin_page(page, ctm)
        self.seq = 0
        self.chars, self.paints, self.tag_texts, self.forms = [], [], [], set()
        self.hidden_images = 0
        self.marked: list[bool] = []
        self.mode = 0
        self.gstate = GraphicState()
        self.in_path = False
        self.page_ctm = ctm
        media = as_box(apply_matrix_rect(ctm, tuple(page.mediabox)))
        crop = as_box(apply_matrix_rect(ctm, tuple(getattr(page, "cropbox", None)
                                                   or page.mediabox)))
        self.area = intersect(media, crop) or (0, 0, 0, 0)

    def result(self) -> Page:
        return Page(self.chars, self.paints, self.area, self.page_ctm, self.forms,
                    self.tag_texts, self.hidden_images)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    @property
    def hidden(self) -> bool:
        return any(self.marked)

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        self.mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs,
                    graphicstate) -> float:
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs,
                                      graphicstate)
        char = self.cur_item._objs[-1]
        char.seq = self.next_seq()
        char.mode = self.mode
        char.squeezed = abs(scaling) < 0.05
        char.in_hidden_layer = self.hidden
        stroke = self.mode in STROKE_MODES
        char.alpha = getattr(graphicstate, "stroke_alpha" if stroke else "fill_alpha", 1.0)
        char.shade = shade_of(graphicstate.scolor if stroke else graphicstate.ncolor,
                              graphicstate.scs if stroke else ncs)
        char.clip = getattr(graphicstate, "clip", None)
        self.chars.append(char)
        return advance

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        if self.in_path:
            super().paint_path(gstate, stroke, fill, evenodd, path)
            return
        container, before = self.cur_item, len(self.cur_item._objs)
        self.in_path = True
        try:
            super().paint_path(gstate, stroke, fill, evenodd, path)
        finally:
            self.in_path = False
        items = [i for i in container._objs[before:] if isinstance(i, LTCurve)]
        if not self.hidden and items:
            self.record_shapes(items, gstate, stroke, fill, evenodd)

    def record_shapes(self, items, gstate, stroke, fill, evenodd) -> None:
        seq = self.next_seq()
        clip = getattr(gstate, "clip", None)
        # a tiling pattern leaves gaps between its marks; shading patterns are rare
        opaque = fill and _opaque(gstate, "fill_alpha") and len(items) <= MAX_SUBPATHS \
            and getattr(gstate.ncs, "name", None) != "Pattern"
        shade = shade_of(gstate.ncolor, gstate.ncs)
        paints = []
        for item in items:
            polygon = None if isinstance(item, (LTRect, LTLine)) else _outline(item)
            bbox = _bounds(polygon) if polygon else as_box(item.bbox)
            bbox = intersect(bbox, clip) if clip else bbox
            if bbox is None:
                continue
            if fill and not isinstance(item, LTLine):
                paints.append((item, Paint(seq, bbox, opaque, shade, polygon)))
            elif stroke and _opaque(gstate, "stroke_alpha"):
                width = gstate.linewidth * _scale(self.ctm)
                if width >= 3 and isinstance(item, LTLine):
                    paints.append((item, Paint(seq, _grow(bbox, width / 2), True,
                                               shade_of(gstate.scolor, gstate.scs))))
        if 1 < len(paints) <= MAX_SUBPATHS:
            _cut_holes(paints, evenodd)
        self.paints.extend(p for _, p in paints)

    def render_image(self, name, stream) -> None:
        super().render_image(name, stream)
        image = self.cur_item._objs[-1]
        if self.hidden:
            self.hidden_images += 1
            return
        attrs = stream.attrs
        masked = any(attrs.get(k) for k in ("ImageMask", "IM", "Mask")) or \
            not _solid_mask(resolve1(attrs.get("SMask")))
        opaque = not masked and _opaque(self.gstate, "fill_alpha")
        clip = getattr(self.gstate, "clip", None)
        bbox = intersect(as_box(image.bbox), clip) if clip else as_box(image.bbox)
        if bbox is not None:
            self.paints.append(Paint(self.next_seq(), bbox, opaque, None))

    def paint_shading(self, gstate) -> None:
        clip = getattr(gstate, "clip", None) or self.area
        if not self.hidden:
            self.paints.append(Paint(self.next_seq(), clip, False, None))


def _solid_mask(mask) -> bool:
    """No soft mask, or one that is opaque everywhere (a PNG with an unused alpha channel)."""
    from pdfminer.pdftypes import PDFStream

    if mask is None:
        return True
    if not isinstance(mask, PDFStream) or mask.get_filters() and any(
            getattr(f, "name", "") in ("DCTDecode", "JPXDecode", "JBIG2Decode")
            for f, _ in mask.get_filters()):
        return False
    data = mask.get_data()
    return bool(data) and min(data) == 255


def _opaque(gstate, alpha: str) -> bool:
    return getattr(gstate, alpha, 1.0) >= OPAQUE and \
        getattr(gstate, "blend", "Normal") in ("Normal", "Compatible") and \
        not getattr(gstate, "soft_mask", False)


def _scale(ctm) -> float:
    a, b, c, d = ctm[:4]
    return math.sqrt(abs(a * d - b * c))


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _grow(box, by: float) -> tuple:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _signed_area(points) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))


def _cut_holes(paints: list[tuple], evenodd: bool) -> None:
    """A subpath inside another subpath of the same fill is a hole in it (even-odd rule,
    or drawn the other way round under the nonzero rule), not a box of its own."""
    for inner_item, inner in paints:
        for outer_item, outer in paints:
            if inner is outer or not _contains(outer.bbox, inner.bbox) or \
                    outer.bbox == inner.bbox:
                continue
            if evenodd or _orientation(inner_item) != _orientation(outer_item):
                outer.holes.append(inner.bbox)
                inner.opaque = False
                break


def _outline(item) -> list:
    """A curved shape's outline through its Bézier control points, which enclose it."""
    path = getattr(item, "original_path", None) or []
    points = [tuple(point) for segment in path for point in segment[1:]]
    return points if len(points) > 2 else list(item.pts)


def _orientation(item) -> bool:
    path = getattr(item, "original_path", None) or []
    points = [tuple(segment[-1]) for segment in path if len(segment) > 1]
    return _signed_area(points) >= 0 if len(points) > 2 else True


def _contains(outer, inner) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] \
        and outer[3] >= inner[3]
