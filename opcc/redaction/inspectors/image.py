"""JPEG and PNG images: every metadata block is read, every text value in it is scanned.

The file is walked segment by segment (JPEG) or chunk by chunk (PNG) to its end marker,
so nothing is skipped: EXIF (every IFD: IFD0, Exif, GPS, Interop, sub-IFDs and the IFD1
thumbnail, itself checked as an image), XMP (standard and extended packets), IPTC and the
other Photoshop resources, JPEG comments, PNG text chunks (tEXt, zTXt, iTXt, ImageMagick's
hex "Raw profile" chunks), and the PNG eXIf chunk.

What it reports:
- personal data in any text value -> `redaction.*` errors ("EXIF Artist", "XMP dc:creator",
  "IPTC by-line", "PNG text chunk 'Author'", "JPEG comment");
- a person's name in an author-like field (Artist, XPAuthor, dc:creator, by-line…) ->
  `attachment.metadata` warning, as for a document property;
- GPS coordinates (EXIF GPS IFD or XMP exif:GPS*) -> `attachment.image-metadata` error: a
  photo's location can identify a home;
- a metadata block the gate cannot read (an unknown JPEG APPn segment or PNG chunk) and data
  after the end of the image (a motion photo's video, an appended file) ->
  `attachment.image-metadata` error; their printable strings are still scanned;
- an EXIF thumbnail -> warning: a preview that editors often leave as it was before cropping.

Camera make and model, software, dates, exposure, resolution and colour profiles give no
finding of their own: they say nothing about a person (their text is still scanned). ICC
profiles are ignored: they describe a device's colours and are written by its vendor.
Pixel data is never decoded, so a huge image costs no more than its metadata.
"""

from __future__ import annotations

import html
import re
import struct
import zlib

from opcc.redaction.inspectors.inspection import WARNING, Inspection, decode_text
from opcc.redaction.inspectors.markup import local

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WHERE = "in the image metadata"
MAX_DEPTH = 3  # an image inside an image (thumbnail, Photoshop preview, second frame)
MAX_INFLATED = 16 * 1024 * 1024  # one compressed PNG text chunk
LOCATION_ERROR = "The photo records where it was taken ({}); a location can identify a home."

MAX_PADDING = 4  # stray bytes after the end marker (Word's thumbnails): too few for a value


class ImageError(ValueError):
    """The image's structure is damaged, so it cannot be read to its end."""


def inspect(inspection: Inspection) -> None:
    """An image attachment: its bytes must really be the format its name says."""
    data = inspection.path.read_bytes()
    expected = "PNG" if inspection.path.suffix.lower() == ".png" else "JPEG"
    if _kind(data) != expected:
        inspection.add("attachment.unreadable", f"The file is not a real {expected} image "
                       "(its content is another format), so it can't be checked.",
                       "whole file")
        return
    _inspect(inspection, data, "", 0)


def inspect_image_bytes(inspection: Inspection, data: bytes, location: str) -> None:
    """A picture embedded in a document; location names it ("word/media/image1.png")."""
    if _kind(data) is None:
        inspection.add("attachment.unknown-part", f"The picture {location} is not a PNG or "
                       "JPEG image, so its metadata cannot be checked.", location)
        return
    _inspect(inspection, data, f"{location} ", 0)


def _kind(data: bytes) -> str | None:
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    return None


def _inspect(inspection: Inspection, data: bytes, prefix: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ImageError("images nested too deeply")
    reader = _Reader(inspection, prefix, depth)
    try:
        if _kind(data) == "PNG":
            end = reader.png(data)
        elif _kind(data) == "JPEG":
            end = reader.jpeg_images(data)
        else:
            raise ImageError("an embedded image is neither PNG nor JPEG")
    except (struct.error, zlib.error, IndexError) as exc:  # a length or offset past the end
        raise ImageError("the image's structure is damaged") from exc
    reader.trailing(data[end:])


# --------------------------------------------------------------------------- text helpers

_ASCII_RUN = re.compile(rb"[\x20-\x7e\t]{5,}")
_UTF16LE_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){5,}")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\x20-\x7e]){5,}")


def printable_strings(data: bytes) -> str:
    """The readable runs of a binary block (ASCII and UTF-16 either way), one a line."""
    runs = [m.decode("ascii") for m in _ASCII_RUN.findall(data)]
    runs += [m.decode("utf-16-le") for m in _UTF16LE_RUN.findall(data)]
    runs += [m.decode("utf-16-be") for m in _UTF16BE_RUN.findall(data)]
    return "\n".join(runs)


def _text(data: bytes) -> str:
    return decode_text(data.rstrip(b"\x00")).replace("\x00", " ").strip()


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ImageError("a compressed text chunk inflates too far")
    return out


# --------------------------------------------------------------------------- EXIF tables

ARTIST, COPYRIGHT, XP_AUTHOR, OWNER = 0x013B, 0x8298, 0x9C9D, 0xA430
EXIF_PEOPLE = {ARTIST: "artist", XP_AUTHOR: "author", OWNER: "camera owner",
               COPYRIGHT: "copyright"}
XP_TAGS = range(0x9C9B, 0x9CA0)  # XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject
CHARSET_TAGS = {0x9286, 0x001B, 0x001C}  # UserComment; GPSProcessingMethod, GPSAreaInformation
EXIF_IFD, GPS_IFD, INTEROP_IFD, SUB_IFDS = 0x8769, 0x8825, 0xA005, 0x014A
THUMB_OFFSET, THUMB_LENGTH = 0x0201, 0x0202
XMP_TAG, IPTC_TAG, PHOTOSHOP_TAG, ICC_TAG, MAKER_NOTE = 0x02BC, 0x83BB, 0x8649, 0x8773, 0x927C
GPS_COORDINATES = {0x0002, 0x0004, 0x0014, 0x0016}  # latitude, longitude, destination
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
TEXT_TYPES = {1, 2, 6, 7}  # BYTE, ASCII, SBYTE, UNDEFINED
MAX_ENTRIES = 4096


def _tag_name(tag: int, gps: bool) -> str:
    from PIL.ExifTags import GPSTAGS, TAGS

    name = (GPSTAGS if gps else TAGS).get(tag)
    return name or f"tag 0x{tag:04X}"


def _charset_text(raw: bytes, big_endian: bool) -> str:
    """UserComment-style text: an 8-byte character-set code, then the text."""
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        return _utf16(body, big_endian)
    if code.startswith(b"JIS"):
        return body.decode("shift_jis", "replace").strip("\x00 ")
    return _text(body if code.startswith(b"ASCII") or code == b"\x00" * 8 else raw)


def _utf16(body: bytes, big_endian: bool) -> str:
    """UTF-16 by its byte-order mark, else by where the zero bytes of ASCII letters fall
    (writers disagree on whether the TIFF byte order applies), else the TIFF order."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", "replace").strip("\x00 ")
    even, odd = body[0::2].count(0), body[1::2].count(0)
    if even != odd:
        big_endian = even > odd
    return body.decode("utf-16-be" if big_endian else "utf-16-le", "replace").strip("\x00 ")


# --------------------------------------------------------------------------- IPTC tables

IPTC_NAMES = {
    5: "object name", 15: "category", 20: "supplemental category", 25: "keywords",
    40: "special instructions", 80: "by-line", 85: "by-line title", 90: "city",
    92: "sub-location", 95: "province/state", 100: "country code", 101: "country",
    103: "transmission reference", 105: "headline", 110: "credit", 115: "source",
    116: "copyright notice", 118: "contact", 120: "caption", 122: "writer/editor",
}
IPTC_PEOPLE = {80: "by-line", 118: "contact", 122: "writer/editor"}
IPTC_PLACE = {92}  # sub-location: a street or a building

# --------------------------------------------------------------------------- XMP tables

XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://cipa.jp/exif/1.0/": "exifEX",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "adobe:ns:meta/": "x",
}
XMP_PEOPLE = {"dc:creator": "creator", "tiff:Artist": "artist", "pdf:Author": "author",
              "xmpRights:Owner": "owner", "photoshop:CaptionWriter": "caption writer",
              "Iptc4xmpExt:PersonInImage": "person in image", "dc:contributor": "contributor"}
XMP_GPS = {"exif:GPSLatitude", "exif:GPSLongitude", "exif:GPSDestLatitude",
           "exif:GPSDestLongitude"}
XMP_PLACE = {"Iptc4xmpCore:Location", "Iptc4xmpExt:Sublocation"}
XMP_SKIP_ATTRIBUTES = {"rdf:about", "rdf:parseType", "rdf:resource", "rdf:nodeID",
                       "x:xmptk", "xml:lang", "rdf:datatype"}
XMP_CONTAINERS = {"rdf:RDF", "rdf:Description", "rdf:Seq", "rdf:Bag", "rdf:Alt", "rdf:li",
                  "x:xmpmeta", "x:xapmeta", "rdf:value"}

# --------------------------------------------------------------------------- PNG tables

PNG_STRUCTURE = {  # chunks of pixel data, colour and layout: no text
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD",
    b"hIST", b"pHYs", b"sPLT", b"tIME", b"cICP", b"mDCv", b"cLLi", b"acTL", b"fcTL", b"fdAT",
    b"oFFs", b"pCAL", b"sCAL", b"sTER", b"gIFg", b"fRAc", b"iDOT", b"vpAg", b"CgBI", b"caNv",
    b"orNT", b"dSIG", b"iCCP",
}
PNG_PEOPLE = {"author": "author", "artist": "artist", "creator": "creator",
              "copyright": "copyright", "owner": "owner"}
RAW_PROFILE = re.compile(r"(?i)raw profile type (\w+)")

# --------------------------------------------------------------------------- JPEG tables

JPEG_INERT_APP = {  # (marker, identifier): colour, layout and index data, no text
    (0xE0, b"JFIF\x00"), (0xE0, b"JFXX\x00"), (0xE0, b"AVI1"), (0xE2, b"ICC_PROFILE\x00"),
    (0xE2, b"MPF\x00"), (0xEE, b"Adobe"), (0xED, b"Adobe_CM"),
}
JPEG_STRINGS_APP = {(0xEC, b"Ducky"), (0xEC, b"PictureInfo"), (0xE2, b"FPXR\x00")}
XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_ID = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # the end of entropy-coded data
PHOTOSHOP_IPTC, PHOTOSHOP_EXIF, PHOTOSHOP_XMP = 0x0404, 0x0422, 0x0424
PHOTOSHOP_THUMBS, PHOTOSHOP_INERT = {0x0409, 0x040C}, {0x040F, 0x0425, 0x03ED, 0x0419}


class _Reader:
    """One image (and any image nested in it), reporting into the inspection."""

    def __init__(self, inspection: Inspection, prefix: str, depth: int):
        self.inspection = inspection
        self.prefix = prefix
        self.depth = depth
        self.located = False

    # ---- reporting

    def scan(self, text: str, place: str) -> None:
        self.inspection.scan(text, f"{self.prefix}{place}", WHERE)

    def field(self, text: str, place: str, person: str | None = None) -> None:
        """One metadata value: scanned; with a person label, also judged as a name."""
        if not text or not text.strip():
            return
        self.scan(text, place)
        if person:
            self.inspection.metadata(text, f"{self.prefix}{place}", person)

    def unreadable_block(self, what: str, place: str, data: bytes) -> None:
        """A block the gate cannot interpret: refused, though its readable strings are
        still scanned so the message can say what personal data it holds."""
        self.scan(printable_strings(data), place)
        self.inspection.add("attachment.image-metadata", f"The image holds {what}, which "
                            "the gate cannot read, so it cannot be checked in full.",
                            f"{self.prefix}{place}")

    def location_found(self, where: str, place: str) -> None:
        """GPS coordinates: one error per image, however many fields hold them."""
        if not self.located:
            self.located = True
            self.inspection.add("attachment.image-metadata", LOCATION_ERROR.format(where),
                                f"{self.prefix}{place}")

    def nested(self, data: bytes, place: str) -> None:
        if _kind(data) is None:
            self.unreadable_block("an embedded preview in an unknown format", place, data)
            return
        _inspect(self.inspection, data, f"{self.prefix}{place} ", self.depth + 1)

    def trailing(self, data: bytes) -> None:
        """Bytes after the image's end marker: padding is fine, anything else is not."""
        rest = data.strip(b"\x00 \t\r\n")
        if len(rest) > MAX_PADDING:
            self.unreadable_block(f"{len(rest)} bytes of data after its end (such as a "
                                  "motion photo's video or an appended file)",
                                  "data after the image", rest)

    # ---- JPEG

    def jpeg_images(self, data: bytes) -> int:
        """The main JPEG, then any JPEGs stored after it (MPF second images, depth maps)."""
        end = self.jpeg(data, 0)
        number = 1
        while data.startswith(b"\xff\xd8", end) and number < 16:
            number += 1
            inner = _Reader(self.inspection, f"{self.prefix}JPEG image {number} ", self.depth)
            end = inner.jpeg(data, end)
        return end

    def jpeg(self, data: bytes, pos: int) -> int:
        """Walk the segments from SOI to EOI; returns the position after EOI."""
        if not data.startswith(b"\xff\xd8", pos):
            raise ImageError("the JPEG has no start marker")
        pos += 2
        photoshop: list[bytes] = []
        extended: dict[bytes, dict[int, bytes]] = {}
        while True:
            if pos >= len(data) or data[pos] != 0xFF:
                raise ImageError("the JPEG ends before its end marker, or is damaged")
            while pos < len(data) and data[pos] == 0xFF:
                pos += 1
            if pos >= len(data):
                raise ImageError("the JPEG ends before its end marker")
            marker = data[pos]
            pos += 1
            if marker == 0xD9:
                break
            if 0xD0 <= marker <= 0xD7 or marker == 0x01:
                continue
            if pos + 2 > len(data):
                raise ImageError("a JPEG segment is cut short")
            length = struct.unpack(">H", data[pos:pos + 2])[0]
            if length < 2 or pos + length > len(data):
                raise ImageError("a JPEG segment runs past the end of the file")
            segment = data[pos + 2:pos + length]
            pos += length
            self.jpeg_segment(marker, segment, photoshop, extended)
            if marker == 0xDA:
                found = NEXT_MARKER.search(data, pos)
                if found is None:
                    raise ImageError("the JPEG ends inside its image data")
                pos = found.start()
        if photoshop:
            self.photoshop(b"".join(photoshop))
        for chunks in extended.values():
            self.xmp(b"".join(chunks[k] for k in sorted(chunks)), "XMP (extended)")
        return pos

    def jpeg_segment(self, marker: int, segment: bytes, photoshop: list[bytes],
                     extended: dict[bytes, dict[int, bytes]]) -> None:
        if marker == 0xFE:
            self.field(_text(segment), "JPEG comment")
        elif 0xE0 <= marker <= 0xEF:
            self.jpeg_app(marker, segment, photoshop, extended)
        elif not (0xC0 <= marker <= 0xCF or 0xDA <= marker <= 0xDF):
            self.unreadable_block(f"a JPEG segment of an unknown kind (0x{marker:02X})",
                                  f"JPEG segment 0x{marker:02X}", segment)

    def jpeg_app(self, marker: int, segment: bytes, photoshop: list[bytes],
                 extended: dict[bytes, dict[int, bytes]]) -> None:
        app = f"JPEG APP{marker - 0xE0} segment"
        if marker == 0xE1 and segment.startswith(b"Exif\x00"):
            self.exif(segment[6:])
        elif marker == 0xE1 and segment.startswith(XMP_ID):
            self.xmp(segment[len(XMP_ID):], "XMP")
        elif marker == 0xE1 and segment.startswith(XMP_EXT_ID):
            body = segment[len(XMP_EXT_ID):]
            guid, offset = body[:32], struct.unpack(">I", body[36:40])[0]
            extended.setdefault(guid, {})[offset] = body[40:]
        elif marker == 0xED and segment.startswith(PHOTOSHOP_ID):
            photoshop.append(segment[len(PHOTOSHOP_ID):])
        elif any(marker == m and segment.startswith(i) for m, i in JPEG_INERT_APP):
            return
        elif any(marker == m and segment.startswith(i) for m, i in JPEG_STRINGS_APP):
            self.scan(printable_strings(segment), app)
        else:
            self.unreadable_block(f"a metadata block of an unknown kind ({app})", app, segment)

    # ---- Photoshop resources and IPTC

    def photoshop(self, data: bytes) -> None:
        """Photoshop image resources (8BIM blocks): IPTC, EXIF, XMP, thumbnails, others."""
        pos = 0
        while pos + 12 <= len(data):
            if data[pos:pos + 4] not in (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa"):
                if not data[pos:].strip(b"\x00"):
                    return
                raise ImageError("the Photoshop resources are damaged")
            resource = struct.unpack(">H", data[pos + 4:pos + 6])[0]
            name_length = data[pos + 6]
            name = data[pos + 7:pos + 7 + name_length]
            pos += 6 + ((name_length + 2) & ~1)
            size = struct.unpack(">I", data[pos:pos + 4])[0]
            body = data[pos + 4:pos + 4 + size]
            if len(body) != size:
                raise ImageError("a Photoshop resource runs past its block")
            pos += 4 + size + (size & 1)
            self.scan(_text(name), f"Photoshop resource {resource}")
            self.photoshop_resource(resource, body)

    def photoshop_resource(self, resource: int, body: bytes) -> None:
        if resource == PHOTOSHOP_IPTC:
            self.iptc(body)
        elif resource == PHOTOSHOP_EXIF:
            self.exif(body)
        elif resource == PHOTOSHOP_XMP:
            self.xmp(body, "XMP")
        elif resource in PHOTOSHOP_THUMBS:
            self.nested(body[28:], "Photoshop thumbnail")
        elif resource not in PHOTOSHOP_INERT:
            self.scan(printable_strings(body), f"Photoshop resource {resource}")

    def iptc(self, data: bytes) -> None:
        """IPTC-IIM datasets: 0x1C, record, dataset, length, value."""
        pos = 0
        while pos < len(data):
            if data[pos] == 0:
                pos += 1
                continue
            if data[pos] != 0x1C or pos + 5 > len(data):
                raise ImageError("the IPTC data is damaged")
            record, dataset = data[pos + 1], data[pos + 2]
            length = struct.unpack(">H", data[pos + 3:pos + 5])[0]
            pos += 5
            if length & 0x8000:  # an extended dataset: the next N bytes hold the length
                width = length & 0x7FFF
                length = int.from_bytes(data[pos:pos + width], "big")
                pos += width
            value = data[pos:pos + length]
            pos += length
            if record == 2:
                self.iptc_value(dataset, value)
            elif record != 1:
                self.scan(printable_strings(value), f"IPTC {record}:{dataset}")

    def iptc_value(self, dataset: int, value: bytes) -> None:
        if dataset == 0:  # the record version: a number
            return
        place = f"IPTC {IPTC_NAMES.get(dataset, f'2:{dataset}')}"
        text = _text(value)
        self.field(text, place, IPTC_PEOPLE.get(dataset))
        if dataset in IPTC_PLACE and text:
            self.inspection.add("attachment.image-metadata", "The photo's metadata names "
                                "the street or building where it was taken.",
                                f"{self.prefix}{place}", WARNING)

    # ---- EXIF

    def exif(self, data: bytes) -> None:
        """A TIFF structure: header, then IFD0 and every IFD it points to."""
        if data.startswith(b"Exif\x00"):
            data = data[6:]
        if len(data) < 8 or data[:4] not in (b"II*\x00", b"MM\x00*"):
            raise ImageError("the EXIF data has no TIFF header")
        order = "<" if data[:2] == b"II" else ">"
        first = struct.unpack(order + "I", data[4:8])[0]
        _Exif(self, data, order).walk(first)

    # ---- XMP

    def xmp(self, data: bytes, place: str) -> None:
        from lxml import etree

        text = data.decode("utf-8", "replace").strip("\x00 \r\n\t")
        start = min((i for i in (text.find("<x:"), text.find("<rdf:RDF"), text.find("<?xml"))
                     if i >= 0), default=-1)
        end = max(text.rfind("</x:xmpmeta>") + 12, text.rfind("</x:xapmeta>") + 12,
                  text.rfind("</rdf:RDF>") + 10)
        try:
            if start < 0 or end <= start:
                raise ValueError("no XMP root element")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(text[start:end].encode("utf-8"), parser)
        except (etree.XMLSyntaxError, ValueError):
            # Not well-formed: still every character is read, as text.
            self.scan(html.unescape(re.sub(r"<[^>]*>", "\n", text)), place)
            return
        self.xmp_element(root, place)

    def xmp_element(self, element, place: str) -> None:
        name = _xmp_name(element)
        if name and name not in XMP_CONTAINERS:
            place = f"XMP {name}"
        for key, value in element.attrib.items():
            attribute = _xmp_name(element, key)
            if attribute not in XMP_SKIP_ATTRIBUTES:
                self.xmp_value(value, f"XMP {attribute}")
        if element.text and element.text.strip():
            self.xmp_value(element.text, place)
        for child in element:
            if isinstance(child.tag, str):
                self.xmp_element(child, place)
            elif child.text and child.text.strip():
                self.scan(child.text, place)

    def xmp_value(self, value: str, place: str) -> None:
        name = place.removeprefix("XMP ")
        self.field(value, place, XMP_PEOPLE.get(name))
        if name in XMP_GPS and value.strip():
            self.location_found("GPS coordinates in its XMP data", place)
        elif name in XMP_PLACE and value.strip():
            self.inspection.add("attachment.image-metadata", "The photo's metadata names "
                                "the place where it was taken.", f"{self.prefix}{place}",
                                WARNING)

    # ---- PNG

    def png(self, data: bytes) -> int:
        """Walk the chunks from the signature to IEND; returns the position after IEND."""
        pos = len(PNG_MAGIC)
        while True:
            if pos + 12 > len(data):
                raise ImageError("the PNG ends before its IEND chunk")
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if len(body) != length or pos + 12 + length > len(data):
                raise ImageError("a PNG chunk runs past the end of the file")
            pos += 12 + length
            self.png_chunk(kind, body)
            if kind == b"IEND":
                return pos

    def png_chunk(self, kind: bytes, body: bytes) -> None:
        label = kind.decode("latin-1")
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword, text = _png_text(kind, body)
            self.png_text(keyword, text)
        elif kind == b"eXIf":
            self.exif(body)
        elif kind == b"iCCP":
            self.scan(_text(body.split(b"\x00", 1)[0]), "PNG colour profile name")
        elif kind not in PNG_STRUCTURE:
            self.unreadable_block(f"a PNG chunk of an unknown kind ('{label}')",
                                  f"PNG chunk '{label}'", body)

    def png_text(self, keyword: str, text: str) -> None:
        place = f"PNG text chunk '{keyword}'"
        self.scan(keyword, place)
        raw = RAW_PROFILE.fullmatch(keyword.strip())
        if keyword == "XML:com.adobe.xmp":
            self.xmp(text.encode("utf-8"), "XMP")
        elif raw:
            self.raw_profile(raw.group(1).lower(), text, place)
        else:
            self.field(text, place, PNG_PEOPLE.get(keyword.strip().lower()))

    def raw_profile(self, kind: str, text: str, place: str) -> None:
        """ImageMagick's hex-coded profiles: a blank line, the type, the length, then hex."""
        lines = text.strip().split("\n", 2)
        if len(lines) < 3:
            raise ImageError(f"the {place} is damaged")
        try:
            data = bytes.fromhex("".join(lines[2].split()))
        except ValueError as exc:
            raise ImageError(f"the {place} is not hex-coded") from exc
        if kind in ("icc", "icm"):
            return
        if kind == "exif" or (kind == "app1" and data.startswith(b"Exif")):
            self.exif(data)
        elif kind == "xmp" or (kind == "app1" and b"<x:xmpmeta" in data[:200]):
            self.xmp(data, "XMP")
        elif kind == "8bim" or (kind == "iptc" and data.startswith(b"8BIM")):
            self.photoshop(data)
        elif kind == "iptc":
            self.iptc(data)
        else:
            self.scan(printable_strings(data), place)


def _png_text(kind: bytes, body: bytes) -> tuple[str, str]:
    """The keyword and the text of a tEXt, zTXt or iTXt chunk."""
    keyword, _, rest = body.partition(b"\x00")
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind == b"zTXt":
        return name, _inflate(rest[1:]).decode("latin-1")
    compressed, rest = rest[:1] == b"\x01", rest[2:]
    language, _, rest = rest.partition(b"\x00")
    translated, _, text = rest.partition(b"\x00")
    if compressed:
        text = _inflate(text)
    words = " ".join(p.decode("utf-8", "replace") for p in (language, translated) if p)
    body_text = text.decode("utf-8", "replace")
    return name, f"{words}\n{body_text}" if words else body_text


def _xmp_name(element, key: str | None = None) -> str:
    """'dc:creator' for an element (or one of its attributes) whatever prefix the file uses."""
    tag = key if key is not None else element.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        uri, name = tag[1:].split("}", 1)
        if uri == "http://www.w3.org/XML/1998/namespace":
            return f"xml:{name}"
        prefix = XMP_PREFIXES.get(uri) or {v: k for k, v in element.nsmap.items()}.get(uri)
        return f"{prefix}:{name}" if prefix else name
    return local(tag)


class _Exif:
    """The IFDs of one EXIF (TIFF) block, walked from IFD0, each visited once."""

    def __init__(self, reader: _Reader, data: bytes, order: str):
        self.reader = reader
        self.data = data
        self.order = order
        self.visited: set[int] = set()

    def walk(self, offset: int, kind: str = "IFD0") -> None:
        while offset and offset not in self.visited:
            self.visited.add(offset)
            entries, following = self.entries(offset)
            self.ifd(entries, kind)
            if kind not in ("IFD0", "IFD1", "sub-IFD"):
                return
            offset, kind = following, "IFD1" if kind == "IFD0" else kind

    def entries(self, offset: int) -> tuple[list[tuple[int, int, int, bytes]], int]:
        data, order = self.data, self.order
        if offset + 2 > len(data):
            raise ImageError("an EXIF directory points past the end of the data")
        count = struct.unpack(order + "H", data[offset:offset + 2])[0]
        if count > MAX_ENTRIES or offset + 2 + 12 * count + 4 > len(data):
            raise ImageError("an EXIF directory is damaged")
        entries = []
        for index in range(count):
            at = offset + 2 + 12 * index
            tag, kind, number = struct.unpack(order + "HHI", data[at:at + 8])
            if kind not in TYPE_SIZES:
                raise ImageError(f"EXIF tag 0x{tag:04X} has an unknown type")
            size = TYPE_SIZES[kind] * number
            if size <= 4:
                raw = data[at + 8:at + 8 + size]
            else:
                start = struct.unpack(order + "I", data[at + 8:at + 12])[0]
                raw = data[start:start + size]
                if len(raw) != size:
                    raise ImageError(f"EXIF tag 0x{tag:04X} points past the end of the data")
            entries.append((tag, kind, number, raw))
        following = struct.unpack(order + "I", data[offset + 2 + 12 * count:
                                                   offset + 6 + 12 * count])[0]
        return entries, following

    def numbers(self, kind: int, number: int, raw: bytes) -> list[float]:
        if kind in (3, 8):
            return list(struct.unpack(self.order + ("H" if kind == 3 else "h") * number, raw))
        if kind in (4, 9, 13):
            return list(struct.unpack(self.order + ("I" if kind != 9 else "i") * number, raw))
        if kind in (5, 10):
            pairs = struct.unpack(self.order + ("I" if kind == 5 else "i") * 2 * number, raw)
            return [a / b if b else 0.0 for a, b in zip(pairs[::2], pairs[1::2])]
        return []

    def ifd(self, entries: list[tuple[int, int, int, bytes]], kind: str) -> None:
        gps = kind == "GPS"
        values = {tag: (typ, number, raw) for tag, typ, number, raw in entries}
        for tag, typ, number, raw in entries:
            if not gps and tag in (EXIF_IFD, GPS_IFD, INTEROP_IFD, SUB_IFDS):
                sub = {EXIF_IFD: "Exif", GPS_IFD: "GPS", INTEROP_IFD: "Interop"}.get(tag, "sub-IFD")
                for offset in self.numbers(typ, number, raw):
                    self.walk(int(offset), sub)
            elif typ in TEXT_TYPES:
                self.text(tag, typ, raw, gps)
        if gps and any(any(self.numbers(*values[t])) for t in GPS_COORDINATES if t in values):
            self.reader.location_found("GPS coordinates in its EXIF data", "EXIF GPS")
        if kind == "IFD1" and THUMB_OFFSET in values and THUMB_LENGTH in values:
            self.thumbnail(values[THUMB_OFFSET], values[THUMB_LENGTH])

    def text(self, tag: int, kind: int, raw: bytes, gps: bool) -> None:
        reader = self.reader
        place = f"EXIF {_tag_name(tag, gps)}"
        if gps and tag not in CHARSET_TAGS:
            reader.field(_text(raw) if kind == 2 else printable_strings(raw), place)
        elif tag in XP_TAGS and not gps:
            value = raw.decode("utf-16-le", "replace").replace("\x00", "").strip()
            reader.field(value, place, EXIF_PEOPLE.get(tag))
        elif tag in CHARSET_TAGS:
            reader.field(_charset_text(raw, self.order == ">"), place)
        elif tag == XMP_TAG:
            reader.xmp(raw, "XMP")
        elif tag == IPTC_TAG:
            reader.iptc(raw)
        elif tag == PHOTOSHOP_TAG:
            reader.photoshop(raw)
        elif tag == ICC_TAG:
            return
        elif kind == 2:
            reader.field(_text(raw), place, EXIF_PEOPLE.get(tag))
        else:  # MakerNote and other binary fields: their readable strings only
            reader.scan(printable_strings(raw), place)

    def thumbnail(self, offset_field: tuple[int, int, bytes],
                  length_field: tuple[int, int, bytes]) -> None:
        offset = int(self.numbers(*offset_field)[0])
        length = int(self.numbers(*length_field)[0])
        thumb = self.data[offset:offset + length]
        if len(thumb) != length:
            raise ImageError("the EXIF thumbnail points past the end of the data")
        if not thumb:
            return
        self.reader.inspection.add(
            "attachment.image-metadata", "The photo carries a small preview (EXIF thumbnail) "
            "that editors often leave as it was before the photo was cropped or blurred.",
            f"{self.reader.prefix}EXIF thumbnail", WARNING)
        self.reader.nested(thumb, "EXIF thumbnail")
