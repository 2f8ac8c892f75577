"""Every object of a revision, read by `Reader`, used or not: the strings of each, and the
streams no page or feature already read (XMP, embedded files, JPEG metadata, form
XObjects no page draws, scripts and other text)."""

from __future__ import annotations

import re

from opcc.redaction.inspectors.image import inspect_image_bytes
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.pdf.values import (
    as_list,
    decode_bytes,
    lookup,
    references_in,
    strings_in,
    unparse,
)

_FILE_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf", b"MZ", b"Rar!",
               b"7z\xbc\xaf")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG")


class ObjectReader:
    """Part of `Reader`: every object, and the streams nothing else read."""

    def read_objects(self, only: set[int] | None = None, where: str = "") -> None:
        import pikepdf

        objects = [o for o in self.objects if only is None or o.objgen[0] in only]
        unparsed = {o.objgen[0]: unparse(o) for o in objects}
        used = self.reachable(unparsed) if only is None else set()
        for obj in objects:
            number = obj.objgen[0]
            if not self.new(obj):
                continue
            place = where or ("in the PDF's internal data" if number in used
                              else "in an object no page or feature uses")
            for text in strings_in(unparsed[number]):
                if text not in self.scanned:
                    self.inspection.scan(text, f"object {number}", place)
            if not isinstance(obj, pikepdf.Stream):
                continue
            kind = stream_kind(obj)
            if number not in self.read_streams and number not in self.miner.drawn:
                self.read_stream(obj, kind, number, place)
            elif kind not in _BINARY_KINDS:
                obj.read_bytes()  # pdfminer reads damaged data as empty; qpdf raises
        if only is None:
            trailer = self.pdf.trailer.unparse(resolved=True)
            for text in strings_in(re.sub(rb"/ID\s*\[[^\]]*\]", b"", trailer)):
                if text not in self.scanned:
                    self.inspection.scan(text, "PDF trailer")

    def reachable(self, unparsed: dict[int, bytes]) -> set[int]:
        trailer = self.pdf.trailer.unparse(resolved=True)
        todo = list(references_in(trailer))
        used: set[int] = set()
        while todo:
            number = todo.pop()
            if number in used or number not in unparsed:
                continue
            used.add(number)
            todo.extend(references_in(unparsed[number]))
        return used

    def read_stream(self, stream, kind: str, number: int, where: str) -> None:
        location = f"object {number}"
        if kind == "metadata":
            self.read_xmp(stream, f"XMP metadata (object {number})")
        elif kind == "embedded":
            self.inspection.add("attachment.embedded-object",
                                "The PDF stores a file inside itself.", location)
        elif kind == "image":
            self.read_image(stream, number)
        elif kind == "form":
            stream.read_bytes()
            for text in self.miner.form_texts(number):
                self.inspection.scan(text, location, "in a drawing no page shows")
        elif kind == "unknown":
            self.read_unknown_stream(stream, location, where)

    def read_image(self, stream, number: int) -> None:
        import pikepdf

        filters = [str(f) for f in as_list(lookup(stream, "/Filter"))]
        if not filters or filters[-1] != "/DCTDecode":
            return
        page = self.image_pages.get(number)
        location = f"image on page {page}" if page else f"image (object {number})"
        try:
            data = stream.read_raw_bytes() if len(filters) == 1 else \
                stream.read_bytes(decode_level=_generalized())
        except pikepdf.PdfError:
            return  # the pixels themselves can't hold text; only their metadata can
        _image(self.inspection, data, location)

    def read_unknown_stream(self, stream, location: str, where: str) -> None:
        data = stream.read_bytes()
        if data.startswith(_FILE_MAGIC):
            self.inspection.add("attachment.embedded-object",
                                "The PDF stores a file inside itself.", location)
        elif data.startswith(_IMAGE_MAGIC):
            _image(self.inspection, data, location)
        elif _textual(data):
            self.inspection.scan(decode_bytes(data), location, where)


_BINARY_KINDS = ("image", "font", "structure", "data")


def _generalized():
    import pikepdf

    return pikepdf.StreamDecodeLevel.generalized


def _image(inspection: Inspection, data: bytes, location: str) -> None:
    """The embedded picture's own metadata check, once the image inspector exists."""
    try:
        inspect_image_bytes(inspection, data, location)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith("inspectors.image"):
            raise


def _textual(data: bytes) -> bool:
    """Mostly printable: scripts, XML, PostScript; not fonts, pixels or compressed data."""
    sample = data[:4096]
    if not sample or b"begincmap" in sample:
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
    return printable >= 0.95 * len(sample)


def stream_kind(stream) -> str:
    """What a stream holds, from its own dictionary."""
    kind, subtype = str(lookup(stream, "/Type") or ""), str(lookup(stream, "/Subtype") or "")
    if kind in ("/ObjStm", "/XRef"):
        return "structure"
    if kind == "/Metadata" or subtype == "/XML":
        return "metadata"
    if kind == "/EmbeddedFile":
        return "embedded"
    if subtype == "/Image" or (lookup(stream, "/Width") is not None
                               and lookup(stream, "/Height") is not None):
        return "image"
    if subtype == "/Form" or lookup(stream, "/PatternType") == 1:
        return "form"
    if lookup(stream, "/Length1") is not None or subtype in ("/Type1C", "/CIDFontType0C",
                                                             "/OpenType"):
        return "font"
    if any(lookup(stream, key) is not None for key in ("/FunctionType", "/ShadingType",
                                                       "/CMapName", "/N")):
        return "data"
    return "unknown"
