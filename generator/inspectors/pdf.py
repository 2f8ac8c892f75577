"""PDF: every object in every revision, not only what a viewer shows.

A PDF is read twice over, by two independent parsers:

- pikepdf (qpdf) walks the objects: the document information, XMP metadata, bookmarks,
  page labels, name trees (named destinations, JavaScript, attached files), form fields,
  annotations and link targets, and then every object in the file, used or not, so a
  string no viewer shows is still scanned.
- pdfminer.six interprets each page's content as a viewer paints it. A small device
  records the paint order of every character, filled shape and image, the clip, the fill
  opacity and the optional-content (layer) state, so text a later box or image covers, text
  drawn in its background's colour, text outside the visible page and text in a layer that
  is switched off are told apart from what a reader sees. Page text is laid out in reading
  order (lines kept, a hyphen at a line end kept as "-\\n") so a value wrapped over two
  lines reaches the scanner whole.

Incremental saves append a new revision and keep the old ones: each earlier revision is
opened on its own, and personal data found only there is reported "in an earlier
revision". Objects in the file body that no cross-reference table lists are recovered and
read as well. Anything that can't be read raises, so the gate fails closed.
"""

from __future__ import annotations

import decimal
import functools
import hashlib
import io
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import unquote

from .inspection import WARNING, Inspection

CONTRAST = 1.2  # contrast ratio (WCAG) below which text can't be told from its background
OVERLAP = 0.3  # share of a character's box that a later shape must cover
OPAQUE = 0.99  # fill opacity from which a shape or image hides what is under it
INVISIBLE_MODES = (3, 7)  # text render modes that paint nothing
STROKE_MODES = (1, 5)  # render modes that only outline the glyphs
MIN_SIZE = 1.0  # points; smaller text can't be read
GRID = 64.0  # points; cell size of the spatial index of shapes
MAX_SUBPATHS = 200  # a fill with more subpaths is outlined text or art, not a box
WORD_GAP = 1.5  # a gap wider than this many font sizes splits a row into columns
COLOUR_SPACES = {"DeviceGray", "CalGray", "DeviceRGB", "CalRGB", "DeviceCMYK", "ICCBased"}


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


def relative_luminance(colour: object) -> float | None:
    """WCAG relative luminance (linear light) of a gray, RGB or CMYK colour."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or len(colour) not in (1, 3, 4) or \
            not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 4:
        black = colour[3]
        colour = tuple(1 - min(1, c + black) for c in colour[:3])
    linear = [_linear(min(max(float(c), 0.0), 1.0)) for c in colour]
    if len(linear) == 1:
        return linear[0]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast(first: float, second: float) -> float:
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


class PasswordProtected(Exception):
    """The PDF needs a password to open."""


class PageTreeMismatch(Exception):
    """The two parsers disagree on the pages, so one of them missed some."""


def inspect(inspection: Inspection) -> None:
    data = inspection.path.read_bytes()
    ends = earlier_revision_ends(data)
    reader = _Reader(inspection, data, _Seen(track=bool(ends)))
    reader.read()
    known = set(reader.numbers)
    if ends or _has_previous_section(data):
        _report_revisions(inspection, len(ends))
    for end in reversed(ends):  # newest first, so older ones skip what it already read
        known |= _read_earlier(inspection, data[:end], reader.seen)
    _read_unlisted(inspection, data, known)


def page_texts(path) -> list[str]:
    """The text of each page as laid out for the scanner (reading order, lines kept)."""
    with open(path, "rb") as handle:
        miner = _Miner(handle.read(), frozenset())
    texts = []
    for page in miner.pages():
        shown = sort_chars(miner.read_page(page))["shown"]
        texts.append(_layout(shown)[0] if shown else "")
    return texts


# --------------------------------------------------------------------------- revisions

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF")
_UPDATE = re.compile(rb"\d+\s+\d+\s+obj\b|\bxref\b")
_PREV = re.compile(rb"/Prev\s+(\d+)")


def earlier_revision_ends(data: bytes) -> list[int]:
    """Where each earlier revision kept by incremental saves ends (just after its %%EOF).

    The first-page trailer of a linearized file (its startxref is 0, or its /Prev points
    forward) and an %%EOF followed by nothing new are not revisions."""
    matches = list(_STARTXREF.finditer(data))
    ends = []
    for match, following in itertools.pairwise(matches):
        offset, end = int(match.group(1)), match.end()
        if not 0 < offset < match.start():
            continue
        prev = _PREV.search(data, offset, match.start())
        if prev and int(prev.group(1)) >= end:
            continue
        if _UPDATE.search(data, end, following.start()):
            ends.append(end)
    return ends


def _has_previous_section(data: bytes) -> bool:
    """The last cross-reference section points back (/Prev) though no earlier %%EOF was
    found: an update written without one. Linearized files point forward instead."""
    matches = list(_STARTXREF.finditer(data))
    if not matches or b"/Linearized" in data[:2048]:
        return False
    last = matches[-1]
    offset = int(last.group(1))
    return 0 < offset < last.start() and bool(_PREV.search(data, offset, last.start()))


def _report_revisions(inspection: Inspection, count: int) -> None:
    kept = f"{count} earlier version(s)" if count else "an earlier version"
    inspection.add("attachment.earlier-revision",
                   f"The PDF keeps {kept} of itself from incremental saves: anything "
                   "changed or deleted since can still be recovered from the file.",
                   "whole file")


def _read_earlier(inspection: Inspection, prefix: bytes, seen: _Seen) -> set[int]:
    """Read one earlier revision; report what only it holds. Returns its object numbers."""
    earlier = Inspection(inspection.path, inspection.scanner, inspection.organisation)
    try:
        reader = _Reader(earlier, prefix, seen)
        reader.read()
    except Exception:  # noqa: BLE001 - the revision finding already refuses the file
        inspection.add("attachment.earlier-revision", "An earlier version kept in the PDF "
                       "could not be read, so what it holds can't be checked.", "whole file")
        return set()
    _merge_earlier(inspection, earlier)
    return set(reader.numbers)


def _merge_earlier(inspection: Inspection, earlier: Inspection) -> None:
    for key, seen in earlier.values.items():
        if key in inspection.values:
            continue
        for place in seen.places:
            inspection.personal(seen.finding, place, "in an earlier revision")
    messages = {f.message for f in inspection.findings}
    for finding in earlier.findings:
        if finding.code == "attachment.metadata" and finding.message not in messages:
            inspection.add(finding.code, finding.message,
                           f"{finding.location} (earlier revision)", WARNING)


# --------------------------------------------------------------------------- unlisted objects

_OBJ_HEADER = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_LAST_STARTXREF = re.compile(rb"startxref\s+\d+")


def _read_unlisted(inspection: Inspection, data: bytes, known: set[int]) -> None:
    """Objects in the file body that no cross-reference table lists: recovered by making
    qpdf rebuild the table from the body, then read like any other object."""
    missing = {int(m.group(1)) for m in _OBJ_HEADER.finditer(data)} - known
    if not missing:
        return
    last = list(_LAST_STARTXREF.finditer(data))
    if not last:
        return
    broken = data[:last[-1].start()] + b"startxref\n0\n%%EOF\n"
    reader = _Reader(inspection, broken, _Seen(track=False))
    reader.read_objects(only=missing, where="in an object the PDF's index leaves out")


# --------------------------------------------------------------------------- strings

_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]+")
_LITERAL = re.compile(rb"\((?:[^\\()]++|\\.)*+\)", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_REFERENCE = re.compile(rb"(?<![\d.])(\d+) (\d+) R\b")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"\n": b"", b"\r": b""}


def decode_pdf_string(raw: bytes) -> str | None:
    """Text of a PDF string: UTF-16 or UTF-8 with a byte-order mark, else PDFDocEncoding;
    None for binary data (IDs, hashes, signatures)."""
    import pikepdf.codec  # noqa: F401 - registers the "pdfdoc" codec

    if raw[:2] == b"\xfe\xff":
        text = raw[2:].decode("utf-16-be", "replace")
    elif raw[:2] == b"\xff\xfe":
        text = raw[2:].decode("utf-16-le", "replace")
    elif raw[:3] == b"\xef\xbb\xbf":
        text = raw[3:].decode("utf-8", "replace")
    elif len(raw) >= 4 and len(raw) % 2 == 0 and not raw[0::2].strip(b"\0") \
            and b"\0" not in raw[1::2]:
        text = raw.decode("utf-16-be", "replace")  # UTF-16 written without its mark
    elif len(raw) - len(raw.translate(None, _CONTROL_BYTES)) > max(1, len(raw) // 10):
        return None
    else:
        text = raw.decode("pdfdoc", "replace")
    return _CONTROL.sub(" ", text)


def _unescape(body: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, body)


def strings_in(unparsed: bytes) -> Iterator[str]:
    """Every string in an object as qpdf writes it out (literal or hex)."""
    for match in _LITERAL.finditer(unparsed):
        text = decode_pdf_string(_unescape(match.group(0)[1:-1]))
        if text and text.strip():
            yield text
    for match in _HEX.finditer(_LITERAL.sub(b"()", unparsed)):
        digits = re.sub(rb"\s", b"", match.group(1))
        text = decode_pdf_string(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        if text and text.strip():
            yield text


def references_in(unparsed: bytes) -> Iterator[int]:
    for match in _REFERENCE.finditer(_LITERAL.sub(b"()", unparsed)):
        yield int(match.group(1))


def _objects(pdf) -> list:
    """Every object the cross-reference table lists that can hold text (numbers can't)."""
    import pikepdf

    found = []
    for objgen, entry in pdf.get_xref_table().items():
        if entry.type == 0:
            continue
        obj = pdf.get_object(objgen)
        if isinstance(obj, pikepdf.Object):
            found.append(obj)
    return found


def _unparse(obj) -> bytes:
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        return obj.stream_dict.unparse(resolved=True)
    return obj.unparse(resolved=True)


def _text(value) -> str:
    """All text in a value: a string, a name, a number, or the strings of an array."""
    import pikepdf

    if value is None:
        return ""
    if isinstance(value, pikepdf.String):
        return decode_pdf_string(bytes(value)) or ""
    if isinstance(value, pikepdf.Name):
        return _name(value)
    if isinstance(value, (pikepdf.Array, pikepdf.Dictionary)) and not value.is_indirect:
        return " ".join(strings_in(value.unparse(resolved=True)))
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    return ""


def _texts(value) -> list[str]:
    """Each string of a value on its own (an array's items apart)."""
    import pikepdf

    if isinstance(value, pikepdf.Array) and not value.is_indirect:
        return [text for item in value for text in _texts(item)]
    text = _text(value)
    return [text] if text else []


def _name(value) -> str:
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), str(value)[1:])


def _get(obj, key: str):
    """obj[key] for a dictionary (or stream), else None; never raises on odd files."""
    import pikepdf

    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        try:
            return obj.get(key)
        except (KeyError, TypeError, ValueError):
            return None
    return None


def _items(value) -> list:
    """A value that may be one object or an array of them, as a list."""
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _number(obj) -> int | None:
    return obj.objgen[0] if getattr(obj, "is_indirect", False) else None


def _is_name(value, *names: str) -> bool:
    import pikepdf

    return isinstance(value, pikepdf.Name) and str(value) in names


# --------------------------------------------------------------------------- revision reader

@dataclass
class _Seen:
    """What newer revisions already read: earlier ones skip unchanged objects and pages."""

    track: bool
    objects: set[bytes] = field(default_factory=set)
    pages: set[bytes] = field(default_factory=set)


_FILE_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf", b"MZ", b"Rar!",
               b"7z\xbc\xaf")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG")
_NOTE_TYPES = {"/Text", "/FreeText", "/Highlight", "/Underline", "/StrikeOut", "/Squiggly",
               "/Ink", "/Stamp", "/Caret", "/Square", "/Circle", "/Polygon", "/PolyLine",
               "/Line", "/Sound", "/Redact"}
_MEDIA_TYPES = {"/Sound", "/RichMedia", "/3D"}
_FILL_TYPES = {"/Square", "/Circle", "/Polygon"}


class _Reader:
    """One revision of a PDF, read in full into one Inspection."""

    def __init__(self, inspection: Inspection, data: bytes, seen: _Seen):
        import pikepdf

        self.inspection = inspection
        try:
            self.pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PasswordError as exc:
            raise PasswordProtected("the PDF needs a password") from exc
        self.seen = seen
        self.hidden_oc = hidden_optional_content(self.pdf)
        self.miner = _Miner(data, self.hidden_oc)
        self.objects = _objects(self.pdf)
        self.numbers = [objgen[0] for objgen in self.pdf.get_xref_table()]
        self.scanned: set[str] = set()  # texts already scanned where a reader would look
        self.read_streams: set[int] = set()  # streams already read (contents, forms, XMP…)
        self.people: set[str] = set()  # names already warned about as document authors
        self.image_pages: dict[int, int] = {}
        self.fields: set[tuple] = set()  # form fields and widgets read with read_form

    # ---------------------------------------------------------------- reporting

    def scan(self, text: str, location: str, where: str = "") -> None:
        if text and text.strip():
            self.scanned.add(text)
            self.inspection.scan(text, location, where)

    def metadata(self, text: str, location: str, label: str | None = None) -> None:
        if not text or not text.strip():
            return
        self.scanned.add(text)
        if label and text.casefold() in self.people:
            label = None
        elif label:
            self.people.add(text.casefold())
        self.inspection.metadata(text, location, label)

    def safe(self, text: str) -> bool:
        """True when a label (field name, file name…) may appear in a finding as it is."""
        return bool(text) and not self.inspection.scanner.scan(text)

    def new(self, obj) -> bool:
        """False when an older revision's object is the same as one already read."""
        if not self.seen.track:
            return True
        digest = _signature(obj)
        if digest in self.seen.objects:
            return False
        self.seen.objects.add(digest)
        return True

    # ---------------------------------------------------------------- the whole revision

    def read(self) -> None:
        self.read_information()
        self.read_catalog_metadata()
        self.read_outlines()
        self.read_page_labels()
        self.read_names()
        self.read_catalog_actions()
        self.read_form()
        self.read_pages()
        self.read_objects()

    def read_information(self) -> None:
        import pikepdf

        info = _get(self.pdf.trailer, "/Info")
        if not isinstance(info, pikepdf.Dictionary):
            return
        for key, value in info.items():
            name = _name(key)
            place = name.lower() if self.safe(name) else "(a custom property)"
            self.scan(name, "PDF information property names")
            self.metadata(_text(value), f"PDF information {place}",
                          "author" if name == "Author" else None)

    def read_catalog_metadata(self) -> None:
        stream = _get(self.pdf.Root, "/Metadata")
        if stream is not None and _number(stream) is not None:
            self.read_xmp(stream, "XMP metadata")

    def read_xmp(self, stream, location: str) -> None:
        self.read_streams.add(stream.objgen[0])
        for text, creator in xmp_texts(stream.read_bytes()):
            self.metadata(text, location, "author" if creator else None)

    def read_outlines(self) -> None:
        outlines = _get(self.pdf.Root, "/Outlines")
        for index, item in enumerate(_outline_items(outlines), 1):
            location = f"bookmark {index}"
            self.scan(_text(_get(item, "/Title")), location)
            self.scan(_text(_get(item, "/Dest")), location)
            self.read_action(_get(item, "/A"), location)

    def read_page_labels(self) -> None:
        for _, label in _tree_entries(_get(self.pdf.Root, "/PageLabels"), "/Nums"):
            self.scan(_text(_get(label, "/P")), "page labels")

    def read_names(self) -> None:
        import pikepdf

        names = _get(self.pdf.Root, "/Names")
        for kind, place in (("/Dests", "named destinations"), ("/AP", "named appearances"),
                            ("/JavaScript", "document JavaScript"), ("/Pages", "named pages"),
                            ("/Templates", "page templates"), ("/IDS", "web capture IDs"),
                            ("/URLS", "web capture URLs"), ("/Renditions", "renditions"),
                            ("/EmbeddedFiles", "PDF embedded files"),
                            ("/AlternatePresentations", "alternate presentations")):
            for key, value in _tree_entries(_get(names, kind), "/Names"):
                self.scan(_text(key), place)
                if kind == "/EmbeddedFiles":
                    self.read_file_spec(value, _text(key), place)
                elif kind == "/JavaScript":
                    self.read_action(value, place)
        dests = _get(self.pdf.Root, "/Dests")
        for key in (dests.keys() if isinstance(dests, pikepdf.Dictionary) else ()):
            self.scan(_name(key), "named destinations")

    def read_catalog_actions(self) -> None:
        root = self.pdf.Root
        self.read_action(_get(root, "/OpenAction"), "the action run on opening")
        self.read_actions(_get(root, "/AA"), "document actions")

    # ---------------------------------------------------------------- actions and files

    def read_actions(self, actions, location: str) -> None:
        """An /AA dictionary: one action per trigger."""
        import pikepdf

        if isinstance(actions, pikepdf.Dictionary):
            for action in actions.values():
                self.read_action(action, location)

    def read_action(self, action, location: str, depth: int = 0) -> None:
        import pikepdf

        if not isinstance(action, pikepdf.Dictionary) or depth > 20:
            return
        kind = str(_get(action, "/S") or "")
        if kind == "/URI":
            uri = _text(_get(action, "/URI"))
            self.scan(uri, location)
            self.scan(unquote(uri), location)
            if uri.lower().startswith("file:"):
                self.file_link(location, "opens a file on a computer or network drive")
        elif kind in ("/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm"):
            self.read_target(action, kind, location)
        elif kind == "/JavaScript":
            self.read_script(_get(action, "/JS"), location)
        for follower in _items(_get(action, "/Next")):
            self.read_action(follower, location, depth + 1)

    def read_target(self, action, kind: str, location: str) -> None:
        import pikepdf

        target = _get(action, "/F")
        paths = [_text(_get(target, key)) for key in ("/F", "/UF", "/DOS", "/Mac", "/Unix")] \
            if isinstance(target, pikepdf.Dictionary) else [_text(target)]
        for key in ("/Win", "/Mac", "/Unix"):
            paths.append(_text(_get(_get(action, key), "/F")))
        paths = [p for p in paths if p]
        for path in paths:
            self.scan(path, location)
        if kind == "/Launch":
            self.file_link(location, "starts a program or opens a file on the reader's "
                                     "computer")
        elif kind in ("/GoToR", "/GoToE") and any(_local_path(p) for p in paths):
            self.file_link(location, "opens a file on a computer or network drive")

    def file_link(self, location: str, what: str) -> None:
        self.inspection.add("attachment.file-link",
                            f"A link ({location}) {what}, which reveals where the "
                            "office keeps its files and can't work for readers.", location)

    def read_script(self, script, location: str) -> None:
        import pikepdf

        if isinstance(script, pikepdf.Stream):
            self.read_streams.add(script.objgen[0])
            self.scan(_decode_bytes(script.read_bytes()), location, "in JavaScript")
        else:
            self.scan(_text(script), location, "in JavaScript")

    def read_file_spec(self, spec, name: str, location: str) -> None:
        for stream in _embedded_streams(spec):
            self.read_streams.add(stream.objgen[0])
        what = f" ({name})" if self.safe(name) else ""
        self.inspection.add("attachment.embedded-object",
                            f"The PDF carries an attached file{what}.", location)
        self.scan(_text(_get(spec, "/Desc")), location)

    # ---------------------------------------------------------------- forms

    def read_form(self) -> None:
        form = _get(self.pdf.Root, "/AcroForm")
        if form is None:
            return
        for index, (item, name) in enumerate(_form_fields(_get(form, "/Fields")), 1):
            self.fields.add(item.objgen)
            location = f"form field '{name}'" if self.safe(name) else f"form field {index}"
            self.scan(name, location)
            for key in ("/V", "/DV", "/TU", "/TM", "/RV", "/Opt"):
                self.read_field_value(_get(item, key), location)
            self.read_actions(_get(item, "/AA"), location)
            self.read_action(_get(item, "/A"), location)
            self.read_appearances(item, location)
        for stream in _xfa_streams(_get(form, "/XFA")):
            self.read_streams.add(stream.objgen[0])
            for text, _ in xmp_texts(stream.read_bytes()):
                self.scan(text, "XFA form")

    def read_field_value(self, value, location: str) -> None:
        import pikepdf

        if isinstance(value, pikepdf.Stream):
            self.read_streams.add(value.objgen[0])
            self.scan(_decode_bytes(value.read_bytes()), location)
        elif not getattr(value, "is_indirect", False):
            for text in _texts(value):
                self.scan(text, location)

    def read_appearances(self, annotation, location: str) -> None:
        for stream in _appearance_streams(_get(annotation, "/AP")):
            number = stream.objgen[0]
            if number in self.read_streams:
                continue
            self.read_streams.add(number)
            if self.new(stream):
                for text in self.miner.form_texts(number):
                    self.scan(text, location)

    # ---------------------------------------------------------------- pages

    def read_pages(self) -> None:
        pages = [page.obj for page in self.pdf.pages]
        mined = self.miner.pages()
        if len(mined) != len(pages):
            raise PageTreeMismatch(f"{len(pages)} pages, but {len(mined)} could be drawn")
        for number, (page, source) in enumerate(zip(pages, mined), 1):
            self.map_images(page, number)
            self.read_streams.update(_number(s) for s in _items(_get(page, "/Contents")))
            drawn = None
            if self.page_is_new(page):
                drawn = self.miner.read_page(source)
                self.read_streams.update(drawn.forms)
                self.report_page(drawn, number)
            self.read_annotations(page, number, drawn)
            self.read_actions(_get(page, "/AA"), f"page {number}")

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

    def report_page(self, page: _Page, number: int) -> None:
        location = f"page {number}"
        groups = sort_chars(page)
        for text in _layout(groups["shown"]):
            self.inspection.scan(text, location)
        hidden = [c for key, chars in groups.items() if key != "shown" for c in chars]
        for key, where in _HIDDEN_WHERE.items():
            for text in _layout(groups[key]):
                self.inspection.scan(text, location, where)
        if hidden:
            for text in _layout(page.chars):
                self.inspection.scan(text, location)
        for text in page.tag_texts:
            self.inspection.scan(text, location)
        _report_hidden(self.inspection, groups, page, number)

    def read_annotations(self, page, number: int, drawn: _Page | None) -> None:
        import pikepdf

        annotations = _get(page, "/Annots")
        for index, annotation in enumerate(_items(annotations), 1):
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            self.read_annotation(annotation, f"page {number} annotation {index}", number, drawn)

    def read_annotation(self, annotation, location: str, number: int,
                        drawn: _Page | None) -> None:
        subtype = str(_get(annotation, "/Subtype") or "")
        oc = _number(_get(annotation, "/OC"))
        if oc is not None and oc in self.hidden_oc:
            self.inspection.add("attachment.hidden-layer", f"An annotation on page {number} "
                                "is in a layer that is switched off.", location)
        if subtype == "/FileAttachment":
            spec = _get(annotation, "/FS")
            self.read_file_spec(spec, _text(_get(spec, "/UF")) or _text(_get(spec, "/F")),
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
            self.scan(_text(_get(annotation, key)), location, where)
        self.scan(_rich_text(_get(annotation, "/RC")), location, where)
        self.scan(_text(_get(annotation, "/Dest")), location)
        self.read_action(_get(annotation, "/A"), location)
        self.read_action(_get(annotation, "/PA"), location)
        self.read_actions(_get(annotation, "/AA"), location)
        self.read_appearances(annotation, location)

    def report_covering_annotation(self, annotation, subtype: str, drawn: _Page,
                                   number: int, location: str) -> None:
        area = _annotation_area(annotation, drawn.ctm)
        if area is None:
            return
        under = [c for c in drawn.chars if c.get_text().strip() and _overlap(c, area) >= OVERLAP]
        if not under:
            return
        what = "a redaction mark that was never applied" if subtype == "/Redact" else \
            f"a filled {subtype.lstrip('/').lower()} annotation"
        self.inspection.add("attachment.text-under-box",
                            f"{len(under)} character(s) of text on page {number} lie under "
                            f"{what}: the text is still in the file and can be copied.",
                            location)
        for text in _layout(under):
            self.inspection.scan(text, f"page {number}", "under a filled box")

    # ---------------------------------------------------------------- every object

    def read_objects(self, only: set[int] | None = None, where: str = "") -> None:
        import pikepdf

        objects = [o for o in self.objects if only is None or o.objgen[0] in only]
        unparsed = {o.objgen[0]: _unparse(o) for o in objects}
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

        filters = [str(f) for f in _items(_get(stream, "/Filter"))]
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
            self.inspection.scan(_decode_bytes(data), location, where)


_BINARY_KINDS = ("image", "font", "structure", "data")
_HIDDEN_WHERE = {
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


def _generalized():
    import pikepdf

    return pikepdf.StreamDecodeLevel.generalized


def _image(inspection: Inspection, data: bytes, location: str) -> None:
    """The embedded picture's own metadata check, once the image inspector exists."""
    try:
        inspection.image(data, location)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith("inspectors.image"):
            raise


def _decode_bytes(data: bytes) -> str:
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _textual(data: bytes) -> bool:
    """Mostly printable: scripts, XML, PostScript; not fonts, pixels or compressed data."""
    sample = data[:4096]
    if not sample or b"begincmap" in sample:
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
    return printable >= 0.95 * len(sample)


def _local_path(path: str) -> bool:
    """A drive letter, UNC share, absolute path or file: URL, not a relative name."""
    return bool(re.match(r"^([A-Za-z]:|\\\\|/|file:)", path.strip()))


def _signature(obj) -> bytes:
    import pikepdf

    digest = hashlib.blake2b(str(obj.objgen).encode(), digest_size=16)
    digest.update(_unparse(obj))
    if isinstance(obj, pikepdf.Stream):
        digest.update(obj.read_raw_bytes())
    return digest.digest()


def _page_fingerprint(page) -> bytes:
    digest = hashlib.blake2b(page.unparse(resolved=True), digest_size=16)
    for stream in _items(_get(page, "/Contents")):
        digest.update(stream.read_raw_bytes())
    for stream in _page_xobjects(page):
        digest.update(stream.read_raw_bytes())
    return digest.digest()


def _page_xobjects(page) -> Iterator:
    """Every XObject a page's resources name, through nested forms."""
    import pikepdf

    todo, seen = [_get(_get(page, "/Resources"), "/XObject")], set()
    while todo:
        xobjects = todo.pop()
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        for stream in xobjects.values():
            if not isinstance(stream, pikepdf.Stream) or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            yield stream
            todo.append(_get(_get(stream, "/Resources"), "/XObject"))


def stream_kind(stream) -> str:
    """What a stream holds, from its own dictionary."""
    kind, subtype = str(_get(stream, "/Type") or ""), str(_get(stream, "/Subtype") or "")
    if kind in ("/ObjStm", "/XRef"):
        return "structure"
    if kind == "/Metadata" or subtype == "/XML":
        return "metadata"
    if kind == "/EmbeddedFile":
        return "embedded"
    if subtype == "/Image" or (_get(stream, "/Width") is not None
                               and _get(stream, "/Height") is not None):
        return "image"
    if subtype == "/Form" or _get(stream, "/PatternType") == 1:
        return "form"
    if _get(stream, "/Length1") is not None or subtype in ("/Type1C", "/CIDFontType0C",
                                                           "/OpenType"):
        return "font"
    if any(_get(stream, key) is not None for key in ("/FunctionType", "/ShadingType",
                                                     "/CMapName", "/N")):
        return "data"
    return "unknown"


def _tree_entries(tree, kind: str) -> Iterator[tuple]:
    """(key, value) pairs of a name tree (kind "/Names") or number tree ("/Nums")."""
    import pikepdf

    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect
                                                        and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        pairs = _items(_get(node, kind))
        yield from zip(pairs[0::2], pairs[1::2])
        todo.extend(reversed(_items(_get(node, "/Kids"))))


def _outline_items(outlines) -> Iterator:
    """Every bookmark, open or closed, in document order."""
    import pikepdf

    todo, seen = [_get(outlines, "/First")], set()
    while todo:
        item = todo.pop()
        if not isinstance(item, pikepdf.Dictionary):
            continue
        key = item.objgen if item.is_indirect else id(item)
        if key in seen:
            continue
        seen.add(key)
        yield item
        todo.append(_get(item, "/Next"))
        todo.append(_get(item, "/First"))


def _form_fields(fields) -> Iterator[tuple]:
    """(field, full name) for every field and widget under the form's /Fields."""
    import pikepdf

    todo = [(item, "") for item in reversed(_items(fields))]
    seen = set()
    while todo:
        item, parent = todo.pop()
        if not isinstance(item, pikepdf.Dictionary) or (item.is_indirect
                                                        and item.objgen in seen):
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        partial = _text(_get(item, "/T"))
        name = ".".join(p for p in (parent, partial) if p)
        yield item, name
        todo.extend((kid, name) for kid in reversed(_items(_get(item, "/Kids"))))


def _appearance_streams(appearance) -> Iterator:
    import pikepdf

    for key in ("/N", "/R", "/D"):
        entry = _get(appearance, key)
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            for state in entry.values():
                if isinstance(state, pikepdf.Stream):
                    yield state


def _embedded_streams(spec) -> Iterator:
    import pikepdf

    files = _get(spec, "/EF")
    if isinstance(files, pikepdf.Dictionary):
        for stream in files.values():
            if isinstance(stream, pikepdf.Stream):
                yield stream


def _xfa_streams(xfa) -> Iterator:
    import pikepdf

    for item in _items(xfa):
        if isinstance(item, pikepdf.Stream):
            yield item


def _covers_text(annotation, subtype: str) -> bool:
    if subtype == "/Redact":
        return True
    opacity = _get(annotation, "/CA")
    opaque = opacity is None or float(opacity) >= OPAQUE
    return subtype in _FILL_TYPES and opaque and bool(_items(_get(annotation, "/IC")))


def _annotation_area(annotation, ctm) -> tuple | None:
    from pdfminer.utils import apply_matrix_rect

    rect = _items(_get(annotation, "/Rect"))
    if len(rect) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in rect)
    return _box(apply_matrix_rect(ctm, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))


def _rich_text(value) -> str:
    text = value.read_bytes().decode("utf-8", "replace") if hasattr(value, "read_bytes") \
        else _text(value)
    return re.sub(r"<[^>]+>", " ", text) if text else ""


# --------------------------------------------------------------------------- XMP

_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def xmp_texts(data: bytes) -> Iterator[tuple[str, bool]]:
    """(text, is an author) for every text node and attribute value of an XML packet."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False)
    try:
        root = etree.fromstring(data.strip(b"\x00 \r\n\t"), parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        yield re.sub(r"<[^>]+>", " ", _decode_bytes(data)), False
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        creator = any(a.tag == _DC_CREATOR for a in element.iterancestors()) or \
            element.tag == _DC_CREATOR
        if element.text and element.text.strip():
            yield element.text.strip(), creator
        for value in element.attrib.values():
            if value.strip():
                yield value.strip(), False


# --------------------------------------------------------------------------- layers

def hidden_optional_content(pdf) -> frozenset[int]:
    """Object numbers of the layers (OCGs) switched off when the file opens, and of the
    membership dictionaries (OCMDs) that those make invisible."""
    properties = _get(pdf.Root, "/OCProperties")
    if properties is None:
        return frozenset()
    groups = {n for n in map(_number, _items(_get(properties, "/OCGs"))) if n is not None}
    config = _get(properties, "/D")
    on = {n for n in map(_number, _items(_get(config, "/ON"))) if n is not None}
    off = {n for n in map(_number, _items(_get(config, "/OFF"))) if n is not None}
    hidden = (groups - on) | off if _is_name(_get(config, "/BaseState"), "/OFF") else off
    for obj in _objects(pdf):
        if _is_name(_get(obj, "/Type"), "/OCMD") and not _ocmd_visible(obj, hidden):
            hidden.add(obj.objgen[0])
    return frozenset(hidden)


def _ocmd_visible(ocmd, hidden: set[int]) -> bool:
    expression = _get(ocmd, "/VE")
    if expression is not None:
        return _expression_visible(expression, hidden, 0)
    states = [_number(g) not in hidden for g in _items(_get(ocmd, "/OCGs"))]
    if not states:
        return True
    policy = str(_get(ocmd, "/P") or "/AnyOn")
    return {"/AllOn": all(states), "/AnyOff": not all(states),
            "/AllOff": not any(states)}.get(policy, any(states))


def _expression_visible(expression, hidden: set[int], depth: int) -> bool:
    import pikepdf

    if not isinstance(expression, pikepdf.Array) or not len(expression) or depth > 20:
        return _number(expression) not in hidden
    operator, operands = str(expression[0]), list(expression)[1:]
    states = [_expression_visible(o, hidden, depth + 1) for o in operands]
    if operator == "/Not":
        return not states[0] if states else True
    return all(states) if operator == "/And" else any(states)


# --------------------------------------------------------------------------- pdfminer

@dataclass
class _Paint:
    """A filled shape, thick line, image or shading, in paint order."""

    seq: int
    bbox: tuple[float, float, float, float]
    opaque: bool  # hides what was painted before it where it lies
    shade: float | None  # luminance of its colour; None for images or unknown colours
    polygon: list | None = None  # outline of a non-rectangular shape
    holes: list = field(default_factory=list)  # boxes of subpaths that cut holes in it


@dataclass
class _Page:
    chars: list  # pdfminer LTChar, each with its paint attributes
    paints: list[_Paint]
    area: tuple[float, float, float, float]  # visible area: crop box within media box
    ctm: tuple
    forms: set[int]  # form XObjects drawn on the page
    tag_texts: list[str]  # /ActualText, /Alt and /E of marked content
    hidden_images: int = 0  # images drawn in a layer that is switched off


class _Miner:
    """pdfminer's view of one revision: pages and form XObjects as drawn."""

    def __init__(self, data: bytes, hidden_oc: frozenset[int]):
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfparser import PDFParser

        device_class, interpreter_class = _miner_classes()
        self.document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager(caching=True)
        self.device = device_class(resources)
        self.device.hidden_oc = hidden_oc
        self.interpreter = interpreter_class(resources, self.device)
        self.drawn: set[int] = set()  # form XObjects drawn so far, on pages or in others

    def pages(self) -> list:
        from pdfminer.pdfpage import PDFPage

        return list(PDFPage.create_pages(self.document))

    def read_page(self, page) -> _Page:
        self.interpreter.process_page(page)
        result = self.device.result()
        self.drawn |= result.forms
        return result

    def form_texts(self, number: int) -> list[str]:
        """The text a form XObject or pattern draws, read on its own."""
        from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1

        stream = resolve1(self.document.getobj(number))
        if not isinstance(stream, PDFStream):
            return []
        bbox = [float(v) for v in list_value(resolve1(stream.get("BBox", [0, 0, 1000, 1000])))]
        if len(bbox) != 4:
            bbox = [0, 0, 1000, 1000]
        page = SimpleNamespace(mediabox=bbox, cropbox=bbox, rotate=0)
        matrix = tuple(float(v) for v in list_value(resolve1(stream.get("Matrix",
                                                                         [1, 0, 0, 1, 0, 0]))))
        self.device.begin_page(page, (1, 0, 0, 1, 0, 0))
        resources = dict_value(stream.get("Resources")) if stream.get("Resources") else {}
        self.interpreter.dup().render_contents(resources, [stream], ctm=matrix)
        self.device.end_page(page)
        result = self.device.result()
        self.drawn |= result.forms
        return _layout(result.chars) + result.tag_texts


@functools.lru_cache(maxsize=1)
def _miner_classes() -> tuple[type, type]:
    """The device and interpreter classes, built on first use so importing stays cheap."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.layout import LTCurve, LTLine, LTRect
    from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
    from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, resolve1
    from pdfminer.psparser import PSLiteral, literal_name
    from pdfminer.utils import apply_matrix_pt, apply_matrix_rect

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
            media = _box(apply_matrix_rect(ctm, tuple(page.mediabox)))
            crop = _box(apply_matrix_rect(ctm, tuple(getattr(page, "cropbox", None)
                                                     or page.mediabox)))
            self.area = _intersect(media, crop) or (0, 0, 0, 0)

        def result(self) -> _Page:
            return _Page(self.chars, self.paints, self.area, self.page_ctm, self.forms,
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
            char.shade = _shade(graphicstate.scolor if stroke else graphicstate.ncolor,
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
            shade = _shade(gstate.ncolor, gstate.ncs)
            paints = []
            for item in items:
                polygon = None if isinstance(item, (LTRect, LTLine)) else _outline(item)
                bbox = _bounds(polygon) if polygon else _box(item.bbox)
                bbox = _intersect(bbox, clip) if clip else bbox
                if bbox is None:
                    continue
                if fill and not isinstance(item, LTLine):
                    paints.append((item, _Paint(seq, bbox, opaque, shade, polygon)))
                elif stroke and _opaque(gstate, "stroke_alpha"):
                    width = gstate.linewidth * _scale(self.ctm)
                    if width >= 3 and isinstance(item, LTLine):
                        paints.append((item, _Paint(seq, _grow(bbox, width / 2), True,
                                                    _shade(gstate.scolor, gstate.scs))))
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
            bbox = _intersect(_box(image.bbox), clip) if clip else _box(image.bbox)
            if bbox is not None:
                self.paints.append(_Paint(self.next_seq(), bbox, opaque, None))

        def paint_shading(self, gstate) -> None:
            clip = getattr(gstate, "clip", None) or self.area
            if not self.hidden:
                self.paints.append(_Paint(self.next_seq(), clip, False, None))

    class Interpreter(PDFPageInterpreter):
        """pdfminer's interpreter plus ExtGState opacity, clipping, optional content and
        marked-content text, with the graphic state carried into form XObjects."""

        inherited = None
        next_clip = None

        def subinterp(self) -> Interpreter:
            interpreter = super().subinterp()
            state = self.graphicstate.copy()
            if self.next_clip is not None:
                state.clip = _intersect(state.clip, self.next_clip) if state.clip \
                    else self.next_clip
            interpreter.inherited = state
            return interpreter

        def init_state(self, ctm) -> None:
            super().init_state(ctm)
            self.graphicstate = self.inherited.copy() if self.inherited else GraphicState()

        def init_resources(self, resources) -> None:
            super().init_resources(resources)
            resources = dict_value(resources) if resources else {}
            self.properties = dict_value(resolve1(resources.get("Properties", {})) or {})
            self.ext_states = dict_value(resolve1(resources.get("ExtGState", {})) or {})

        def do_gs(self, name) -> None:
            state = resolve1(self.ext_states.get(literal_name(name)))
            if not isinstance(state, dict):
                return
            for key, attr in (("ca", "fill_alpha"), ("CA", "stroke_alpha")):
                value = resolve1(state.get(key))
                if isinstance(value, (int, float)):
                    setattr(self.graphicstate, attr, float(value))
            blend = resolve1(state.get("BM"))
            if isinstance(blend, list) and blend:
                blend = resolve1(blend[0])
            if isinstance(blend, PSLiteral):
                self.graphicstate.blend = literal_name(blend)
            if "SMask" in state:
                mask = resolve1(state.get("SMask"))
                self.graphicstate.soft_mask = not (isinstance(mask, PSLiteral)
                                                   and literal_name(mask) == "None")

        def do_W(self) -> None:
            self.clip_to_path()

        def do_W_a(self) -> None:
            self.clip_to_path()

        def clip_to_path(self) -> None:
            points = [apply_matrix_pt(self.ctm, (float(p[i]), float(p[i + 1])))
                      for p in self.curpath for i in range(1, len(p) - 1, 2)]
            if not points:
                return
            box = (min(x for x, _ in points), min(y for _, y in points),
                   max(x for x, _ in points), max(y for _, y in points))
            clip = self.graphicstate.clip
            self.graphicstate.clip = (_intersect(clip, box) or (box[0], box[1], box[0],
                                                                 box[1])) if clip else box

        def do_sh(self, name) -> None:
            self.device.paint_shading(self.graphicstate)

        def do_BMC(self, tag) -> None:
            self.device.marked.append(False)

        def do_BDC(self, tag, props) -> None:
            properties = props
            if isinstance(props, PSLiteral):
                properties = self.properties.get(literal_name(props))
            hidden = isinstance(tag, PSLiteral) and literal_name(tag) == "OC" and \
                self.oc_hidden(properties)
            self.device.marked.append(hidden)
            self.collect_tag_text(resolve1(properties))

        def do_EMC(self) -> None:
            if self.device.marked:
                self.device.marked.pop()

        def oc_hidden(self, reference) -> bool:
            if isinstance(reference, PDFObjRef):
                return reference.objid in self.device.hidden_oc
            groups = resolve1(reference).get("OCGs") if isinstance(resolve1(reference),
                                                                    dict) else None
            refs = groups if isinstance(groups, list) else [groups]
            return any(isinstance(r, PDFObjRef) and r.objid in self.device.hidden_oc
                       for r in refs)

        def collect_tag_text(self, properties) -> None:
            if not isinstance(properties, dict):
                return
            for key in ("ActualText", "Alt", "E"):
                value = resolve1(properties.get(key))
                if isinstance(value, bytes):
                    text = decode_pdf_string(value)
                    if text and text.strip():
                        self.device.tag_texts.append(text)

        def do_Do(self, xobjid_arg) -> None:
            xobj = resolve1(self.xobjmap.get(literal_name(xobjid_arg)))
            if not isinstance(xobj, PDFStream):
                return
            depth = len(self.device.marked)
            oc = xobj.get("OC")
            self.device.marked.append(oc is not None and self.oc_hidden(oc))
            self.device.gstate = self.graphicstate
            if xobj.get("Subtype") is not None and literal_name(xobj.get("Subtype")) == "Form":
                if xobj.objid is not None:
                    self.device.forms.add(xobj.objid)
                self.next_clip = self.form_clip(xobj)
            try:
                super().do_Do(xobjid_arg)
            finally:
                self.next_clip = None
                del self.device.marked[depth:]

        def form_clip(self, xobj) -> tuple | None:
            from pdfminer.utils import mult_matrix

            bbox = resolve1(xobj.get("BBox"))
            if not isinstance(bbox, list) or len(bbox) != 4:
                return None
            matrix = resolve1(xobj.get("Matrix")) or (1, 0, 0, 1, 0, 0)
            try:
                box = tuple(float(resolve1(v)) for v in bbox)
                ctm = mult_matrix(tuple(float(resolve1(v)) for v in matrix), self.ctm)
            except (TypeError, ValueError):
                return None
            return _box(apply_matrix_rect(ctm, box))

        def do_EI(self, obj) -> None:
            self.device.gstate = self.graphicstate
            super().do_EI(obj)

    return Device, Interpreter


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


def _shade(colour, space) -> float | None:
    name = getattr(space, "name", None)
    if name not in COLOUR_SPACES:
        return None
    if isinstance(colour, list):
        colour = tuple(colour)
    try:
        return _cached_luminance(colour)
    except TypeError:  # an unhashable colour value
        return None


@functools.lru_cache(maxsize=256)
def _cached_luminance(colour) -> float | None:
    return relative_luminance(colour)


def _opaque(gstate, alpha: str) -> bool:
    return getattr(gstate, alpha, 1.0) >= OPAQUE and \
        getattr(gstate, "blend", "Normal") in ("Normal", "Compatible") and \
        not getattr(gstate, "soft_mask", False)


def _scale(ctm) -> float:
    a, b, c, d = ctm[:4]
    return math.sqrt(abs(a * d - b * c))


def _box(rect) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _grow(box, by: float) -> tuple:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _intersect(a, b) -> tuple | None:
    if a is None or b is None:
        return a or b
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else None


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


# --------------------------------------------------------------------------- hidden text

def sort_chars(page: _Page) -> dict[str, list]:
    """Each character under the first reason it can't be seen, or "shown"."""
    index = _PaintIndex(page.paints)
    groups: dict[str, list] = {key: [] for key in ("shown", *_HIDDEN_WHERE)}
    for char in page.chars:
        groups[_reason(char, page, index)].append(char)
    return groups


def _reason(char, page: _Page, index: _PaintIndex) -> str:
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


def _contrast_reason(char, background: _Paint | None | bool) -> str:
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

    def __init__(self, paints: list[_Paint]):
        self.cells: dict[tuple[int, int], list[_Paint]] = {}
        for paint in paints:
            for cell in _cells(paint.bbox):
                self.cells.setdefault(cell, []).append(paint)

    def near(self, box) -> list[_Paint]:
        if not self.cells:
            return []
        cells = list(_cells(box))
        if len(cells) == 1:
            return self.cells.get(cells[0], [])
        found: dict[int, _Paint] = {}
        for cell in _cells(box):
            for paint in self.cells.get(cell, ()):
                found[id(paint)] = paint
        return list(found.values())

    def covered(self, char) -> bool:
        box = (char.x0, char.y0, char.x1, char.y1)
        return any(p.opaque and p.seq > char.seq and _hides(p, char) for p in self.near(box))

    def beneath(self, char, centre) -> _Paint | None | bool:
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


def _hides(paint: _Paint, char) -> bool:
    centre = ((char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2)
    if paint.polygon is not None or paint.holes:
        return _inside(centre, paint.bbox) and _in_shape(centre, paint)
    return _overlap(char, paint.bbox) >= OVERLAP


def _in_shape(point, paint: _Paint) -> bool:
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


def _overlap(char, box) -> float:
    width = min(char.x1, box[2]) - max(char.x0, box[0])
    height = min(char.y1, box[3]) - max(char.y0, box[1])
    area = max(char.x1 - char.x0, 0.01) * max(char.y1 - char.y0, 0.01)
    return max(width, 0) * max(height, 0) / area


_INVISIBLE_REASONS = {
    "mode": "drawn invisibly (text render mode 3 or 7)",
    "transparent": "fully transparent",
    "faint": "white or nearly white on a white page or box",
    "tiny": "smaller than 1 pt or squeezed to no width",
    "outside": "outside the visible page area (crop box)",
    "clipped": "clipped away",
}


def _report_hidden(inspection: Inspection, groups: dict[str, list], page: _Page,
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


# --------------------------------------------------------------------------- page text

def _layout(chars: list) -> list[str]:
    """The text of some characters twice: in reading order (blocks of lines, columns
    apart) and in rows across the page (table rows together). Each keeps line breaks."""
    if not chars:
        return []
    upright = [c for c in chars if c.upright]
    rows = [[_line(s) for s in _segments(_dedupe(row))] for row in _rows(upright)]
    turned = _content_order_text([c for c in chars if not c.upright])
    blocks = _block_text([line for row in rows for line in row])
    across = "\n".join(" | ".join(line.get_text() for line in row) for row in rows)
    return [t for t in (blocks + turned, across) if t.strip()]


def _middle(char) -> float:
    return (char.y0 + char.y1) / 2


def _rows(chars: list) -> list[list]:
    rows: list[list] = []
    for char in sorted(chars, key=lambda c: (-_middle(c), c.x0)):
        if rows:
            first = rows[-1][0]
            tolerance = max(1.0, 0.3 * min(first.size, char.size))
            if abs(_middle(first) - _middle(char)) <= tolerance:
                rows[-1].append(char)
                continue
        rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c.x0)
    return rows


def _dedupe(row: list) -> list:
    """Drop a character drawn again over itself (fake bold, shadows)."""
    kept: list = []
    for char in row:
        if kept and char.get_text() == kept[-1].get_text() and \
                abs(char.x0 - kept[-1].x0) < 0.3 * max(char.width, 0.5) and \
                abs(char.y0 - kept[-1].y0) < 0.3 * max(char.height, 0.5):
            continue
        kept.append(char)
    return kept


def _segments(row: list) -> list[list]:
    segments: list[list] = []
    for char in row:
        if segments:
            previous = segments[-1][-1]
            if char.x0 - previous.x1 <= WORD_GAP * min(previous.size, char.size):
                segments[-1].append(char)
                continue
        segments.append([char])
    return segments


def _line(segment: list):
    from pdfminer.layout import LTTextLineHorizontal

    line = LTTextLineHorizontal(0.1)
    for char in segment:
        line.add(char)
    return line


def _block_text(lines: list) -> str:
    """Lines grouped into blocks as pdfminer does (neighbouring, aligned lines of one
    height), blocks ordered top to bottom, then left to right."""
    from pdfminer.layout import LAParams, LTLayoutContainer

    lines = [line for line in lines if line.get_text().strip()]
    if not lines:
        return ""
    bounds = (min(line.x0 for line in lines), min(line.y0 for line in lines),
              max(line.x1 for line in lines), max(line.y1 for line in lines))
    params = LAParams()
    boxes = list(LTLayoutContainer(bounds).group_textlines(params, lines))
    boxes.sort(key=lambda box: (-round(box.y1), box.x0))
    texts = []
    for box in boxes:
        box._objs.sort(key=lambda line: -line.y1)
        texts.append("\n".join(line.get_text() for line in box))
    return "\n".join(texts)


def _content_order_text(chars: list) -> str:
    """Rotated or vertical text, in the order drawn; a jump starts a new line."""
    parts, previous = [], None
    for char in chars:
        if previous is not None and math.dist((char.x0, char.y0),
                                              (previous.x0, previous.y0)) > 2 * char.size:
            parts.append("\n")
        parts.append(char.get_text())
        previous = char
    return ("\n" + "".join(parts)) if parts else ""


