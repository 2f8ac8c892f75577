"""JPEG: segments walked from the start marker to the end marker (and any JPEG stored
after it): comments, EXIF, XMP (standard and extended packets) and Photoshop resources
handed to their readers; blocks of colour and layout passed; any other block refused."""

from __future__ import annotations

import re
import struct

from opcc.redaction.inspectors.image.base import (
    ImageError,
    Reader,
    metadata_text,
    printable_strings,
)

JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_INERT_APP = {  # (marker, identifier): colour, layout and index data, no text
    (0xE0, b"JFIF\x00"), (0xE0, b"JFXX\x00"), (0xE0, b"AVI1"), (0xE2, b"ICC_PROFILE\x00"),
    (0xE2, b"MPF\x00"), (0xEE, b"Adobe"), (0xED, b"Adobe_CM"),
}
JPEG_STRINGS_APP = {(0xEC, b"Ducky"), (0xEC, b"PictureInfo"), (0xE2, b"FPXR\x00")}
XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_ID = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # the end of entropy-coded data

Extended = dict[bytes, dict[int, bytes]]  # extended XMP: GUID -> offset -> chunk


def read_jpeg_images(reader: Reader, data: bytes) -> int:
    """The main JPEG, then any JPEGs stored after it (MPF second images, depth maps)."""
    end = read_jpeg(reader, data, 0)
    number = 1
    while data.startswith(b"\xff\xd8", end) and number < 16:
        number += 1
        end = read_jpeg(reader.sibling(f"{reader.prefix}JPEG image {number} "), data, end)
    return end


def read_jpeg(reader: Reader, data: bytes, pos: int) -> int:
    """Walk the segments from SOI to EOI; returns the position after EOI."""
    if not data.startswith(b"\xff\xd8", pos):
        raise ImageError("the JPEG has no start marker")
    pos += 2
    photoshop: list[bytes] = []
    extended: Extended = {}
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
        _segment(reader, marker, segment, photoshop, extended)
        if marker == 0xDA:
            found = NEXT_MARKER.search(data, pos)
            if found is None:
                raise ImageError("the JPEG ends inside its image data")
            pos = found.start()
    if photoshop:
        reader.photoshop(b"".join(photoshop))
    for chunks in extended.values():
        reader.xmp(b"".join(chunks[k] for k in sorted(chunks)), "XMP (extended)")
    return pos


def _segment(reader: Reader, marker: int, segment: bytes, photoshop: list[bytes],
             extended: Extended) -> None:
    if marker == 0xFE:
        reader.field(metadata_text(segment), "JPEG comment")
    elif 0xE0 <= marker <= 0xEF:
        _application(reader, marker, segment, photoshop, extended)
    elif not (0xC0 <= marker <= 0xCF or 0xDA <= marker <= 0xDF):
        reader.unreadable_block(f"a JPEG segment of an unknown kind (0x{marker:02X})",
                                f"JPEG segment 0x{marker:02X}", segment)


def _application(reader: Reader, marker: int, segment: bytes, photoshop: list[bytes],
                 extended: Extended) -> None:
    """An APPn segment; Photoshop resources and extended XMP are gathered, to be read
    whole once every segment is seen."""
    app = f"JPEG APP{marker - 0xE0} segment"
    if marker == 0xE1 and segment.startswith(b"Exif\x00"):
        reader.exif(segment[6:])
    elif marker == 0xE1 and segment.startswith(XMP_ID):
        reader.xmp(segment[len(XMP_ID):], "XMP")
    elif marker == 0xE1 and segment.startswith(XMP_EXT_ID):
        body = segment[len(XMP_EXT_ID):]
        guid, offset = body[:32], struct.unpack(">I", body[36:40])[0]
        extended.setdefault(guid, {})[offset] = body[40:]
    elif marker == 0xED and segment.startswith(PHOTOSHOP_ID):
        photoshop.append(segment[len(PHOTOSHOP_ID):])
    elif any(marker == m and segment.startswith(i) for m, i in JPEG_INERT_APP):
        return
    elif any(marker == m and segment.startswith(i) for m, i in JPEG_STRINGS_APP):
        reader.scan(printable_strings(segment), app)
    else:
        reader.unreadable_block(f"a metadata block of an unknown kind ({app})", app, segment)
