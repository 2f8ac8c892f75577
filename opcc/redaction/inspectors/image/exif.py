"""EXIF: a TIFF structure whose every IFD is walked (IFD0, Exif, GPS, Interop, sub-IFDs and
the IFD1 thumbnail, itself read as an image). Text values are scanned, author-like tags
judged as names, GPS coordinates refused; XMP, IPTC and Photoshop blocks stored in tags
go to their readers."""

from __future__ import annotations

import struct

from opcc.redaction.inspectors.image.base import (
    ImageError,
    Reader,
    metadata_text,
    printable_strings,
)
from opcc.redaction.inspectors.inspection import WARNING

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

Entry = tuple[int, int, int, bytes]  # tag, type, count, the value's bytes


def read_exif(reader: Reader, data: bytes) -> None:
    """A TIFF structure: header, then IFD0 and every IFD it points to."""
    if data.startswith(b"Exif\x00"):
        data = data[6:]
    if len(data) < 8 or data[:4] not in (b"II*\x00", b"MM\x00*"):
        raise ImageError("the EXIF data has no TIFF header")
    order = "<" if data[:2] == b"II" else ">"
    first = struct.unpack(order + "I", data[4:8])[0]
    ExifBlock(reader, data, order).walk(first)


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
    return metadata_text(body if code.startswith(b"ASCII") or code == b"\x00" * 8 else raw)


def _utf16(body: bytes, big_endian: bool) -> str:
    """UTF-16 by its byte-order mark, else by where the zero bytes of ASCII letters fall
    (writers disagree on whether the TIFF byte order applies), else the TIFF order."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", "replace").strip("\x00 ")
    even, odd = body[0::2].count(0), body[1::2].count(0)
    if even != odd:
        big_endian = even > odd
    return body.decode("utf-16-be" if big_endian else "utf-16-le", "replace").strip("\x00 ")


class ExifBlock:
    """The IFDs of one EXIF (TIFF) block, walked from IFD0, each visited once."""

    def __init__(self, reader: Reader, data: bytes, order: str):
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

    def entries(self, offset: int) -> tuple[list[Entry], int]:
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

    def ifd(self, entries: list[Entry], kind: str) -> None:
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
            reader.field(metadata_text(raw) if kind == 2 else printable_strings(raw), place)
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
            reader.field(metadata_text(raw), place, EXIF_PEOPLE.get(tag))
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
