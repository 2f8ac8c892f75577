"""Each page, read by `Reader`: what the pdfminer device drew (text shown and text hidden,
laid out for the scanner), the images it uses, and its annotations, including filled
annotations and unapplied redaction marks lying over text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from opcc.redaction.inspectors.pdf.hidden import HIDDEN_WHERE, report_hidden, sort_chars
from opcc.redaction.inspectors.pdf.page_text import layout
from opcc.redaction.inspectors.pdf.paint import OPAQUE, OVERLAP, Page, as_box, overlap
from opcc.redaction.inspectors.pdf.values import (
    as_list,
    lookup,
    object_number,
    rich_text,
    text_of,
)


class PageTreeMismatch(Exception):
    """The two parsers disagree on the pages, so one of them missed some."""


_NOTE_TYPES = {"/Text", "/FreeText", "/Highlight", "/Underline", "/StrikeOut", "/Squiggly",
               "/Ink", "/Stamp", "/Caret", "/Square", "/Circle", "/Polygon", "/PolyLine",
               "/Line", "/Sound", "/Redact"}
_MEDIA_TYPES = {"/Sound", "/RichMedia", "/3D"}
_FILL_TYPES = {"/Square", "/Circle", "/Polygon"}


class PageReader:
    """Part of `Reader`: the pages and their annotations."""

    def read_pages(self) -> None:
        pages = [page.obj for page in self.pdf.pages]
        mined = self.miner.pages()
        if len(mined) != len(pages):
            raise PageTreeMismatch(f"{len(pages)} pages, but {len(mined)} could be drawn")
        for number, (page, source) in enumerate(zip(pages, mined), 1):
            self.map_images(page, number)
            self.read_streams.update(object_number(s) for s in as_list(lookup(page, "/Contents")))
            drawn = None
            if self.page_is_new(page):
                drawn = self.miner.read_page(source)
                self.read_streams.update(drawn.forms)
                self.report_page(drawn, number)
            self.read_annotations(page, number, drawn)
            self.read_actions(lookup(page, "/AA"), f"page {number}")

    def page_is_new(self, page) -> bool:
        if not self.seen.track:
            return True
        digest = _page_fingerprint(page)
        if digest in self.seen.pages:
            return False
        self.seen.pages.add(digest)
        return True

    def map_images(self, page, number: int) -> None:
        for stream in _page_xobjects(page):
            self.image_pages.setdefault(stream.objgen[0], number)

    def report_page(self, page: Page, number: int) -> None:
        location = f"page {number}"
        groups = sort_chars(page)
        for text in layout(groups["shown"]):
            self.inspection.scan(text, location)
        hidden = [c for key, chars in groups.items() if key != "shown" for c in chars]
        for key, where in HIDDEN_WHERE.items():
            for text in layout(groups[key]):
                self.inspection.scan(text, location, where)
        if hidden:
            for text in layout(page.chars):
                self.inspection.scan(text, location)
        for text in page.tag_texts:
            self.inspection.scan(text, location)
        report_hidden(self.inspection, groups, page, number)

    def read_annotations(self, page, number: int, drawn: Page | None) -> None:
        import pikepdf

        annotations = lookup(page, "/Annots")
        for index, annotation in enumerate(as_list(annotations), 1):
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            self.read_annotation(annotation, f"page {number} annotation {index}", number, drawn)

    def read_annotation(self, annotation, location: str, number: int,
                        drawn: Page | None) -> None:
        subtype = str(lookup(annotation, "/Subtype") or "")
        oc = object_number(lookup(annotation, "/OC"))
        if oc is not None and oc in self.hidden_oc:
            self.inspection.add("attachment.hidden-layer", f"An annotation on page {number} "
                                "is in a layer that is switched off.", location)
        if subtype == "/FileAttachment":
            spec = lookup(annotation, "/FS")
            self.read_file_spec(spec, text_of(lookup(spec, "/UF")) or text_of(lookup(spec, "/F")),
                                location)
        elif subtype in _MEDIA_TYPES:
            self.inspection.add("attachment.embedded-object", f"Page {number} carries "
                                f"embedded media ({subtype.lstrip('/')}).", location)
        if subtype in _NOTE_TYPES:
            self.inspection.add("attachment.comment", f"Page {number} has a comment or "
                                f"mark-up ({subtype.lstrip('/')}).", location)
        if drawn is not None and _covers_text(annotation, subtype):
            self.report_covering_annotation(annotation, subtype, drawn, number, location)
        if annotation.objgen in self.fields:
            return  # its name, values, actions and appearance were read as a form field
        where = "in a comment" if subtype in _NOTE_TYPES else ""
        for key in ("/Contents", "/T", "/Subj", "/NM"):
            self.scan(text_of(lookup(annotation, key)), location, where)
        self.scan(rich_text(lookup(annotation, "/RC")), location, where)
        self.scan(text_of(lookup(annotation, "/Dest")), location)
        self.read_action(lookup(annotation, "/A"), location)
        self.read_action(lookup(annotation, "/PA"), location)
        self.read_actions(lookup(annotation, "/AA"), location)
        self.read_appearances(annotation, location)

    def report_covering_annotation(self, annotation, subtype: str, drawn: Page,
                                   number: int, location: str) -> None:
        area = _annotation_area(annotation, drawn.ctm)
        if area is None:
            return
        under = [c for c in drawn.chars if c.get_text().strip() and overlap(c, area) >= OVERLAP]
        if not under:
            return
        what = "a redaction mark that was never applied" if subtype == "/Redact" else \
            f"a filled {subtype.lstrip('/').lower()} annotation"
        self.inspection.add("attachment.text-under-box",
                            f"{len(under)} character(s) of text on page {number} lie under "
                            f"{what}: the text is still in the file and can be copied.",
                            location)
        for text in layout(under):
            self.inspection.scan(text, f"page {number}", "under a filled box")


def _page_fingerprint(page) -> bytes:
    digest = hashlib.blake2b(page.unparse(resolved=True), digest_size=16)
    for stream in as_list(lookup(page, "/Contents")):
        digest.update(stream.read_raw_bytes())
    for stream in _page_xobjects(page):
        digest.update(stream.read_raw_bytes())
    return digest.digest()


def _page_xobjects(page) -> Iterator:
    """Every XObject a page's resources name, through nested forms."""
    import pikepdf

    todo, seen = [lookup(lookup(page, "/Resources"), "/XObject")], set()
    while todo:
        xobjects = todo.pop()
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        for stream in xobjects.values():
            if not isinstance(stream, pikepdf.Stream) or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            yield stream
            todo.append(lookup(lookup(stream, "/Resources"), "/XObject"))


def _covers_text(annotation, subtype: str) -> bool:
    if subtype == "/Redact":
        return True
    opacity = lookup(annotation, "/CA")
    opaque = opacity is None or float(opacity) >= OPAQUE
    return subtype in _FILL_TYPES and opaque and bool(as_list(lookup(annotation, "/IC")))


def _annotation_area(annotation, ctm) -> tuple | None:
    from pdfminer.utils import apply_matrix_rect

    rect = as_list(lookup(annotation, "/Rect"))
    if len(rect) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in rect)
    return as_box(apply_matrix_rect(ctm, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
