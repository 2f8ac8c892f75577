"""Photoshop image resources (8BIM blocks) and the IPTC-IIM data they carry: IPTC values
scanned, by-line, contact and writer judged as names, a sub-location warned of; EXIF and
XMP resources go to their readers, thumbnails are read as images."""

from __future__ import annotations

import struct

from opcc.redaction.inspectors.image.base import (
    ImageError,
    Reader,
    metadata_text,
    printable_strings,
)
from opcc.redaction.inspectors.inspection import WARNING

PHOTOSHOP_IPTC, PHOTOSHOP_EXIF, PHOTOSHOP_XMP = 0x0404, 0x0422, 0x0424
PHOTOSHOP_THUMBS, PHOTOSHOP_INERT = {0x0409, 0x040C}, {0x040F, 0x0425, 0x03ED, 0x0419}

IPTC_NAMES = {
    5: "object name", 15: "category", 20: "supplemental category", 25: "keywords",
    40: "special instructions", 80: "by-line", 85: "by-line title", 90: "city",
    92: "sub-location", 95: "province/state", 100: "country code", 101: "country",
    103: "transmission reference", 105: "headline", 110: "credit", 115: "source",
    116: "copyright notice", 118: "contact", 120: "caption", 122: "writer/editor",
}
IPTC_PEOPLE = {80: "by-line", 118: "contact", 122: "writer/editor"}
IPTC_PLACE = {92}  # sub-location: a street or a building


def read_photoshop(reader: Reader, data: bytes) -> None:
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
        reader.scan(metadata_text(name), f"Photoshop resource {resource}")
        _resource(reader, resource, body)


def _resource(reader: Reader, resource: int, body: bytes) -> None:
    if resource == PHOTOSHOP_IPTC:
        reader.iptc(body)
    elif resource == PHOTOSHOP_EXIF:
        reader.exif(body)
    elif resource == PHOTOSHOP_XMP:
        reader.xmp(body, "XMP")
    elif resource in PHOTOSHOP_THUMBS:
        reader.nested(body[28:], "Photoshop thumbnail")
    elif resource not in PHOTOSHOP_INERT:
        reader.scan(printable_strings(body), f"Photoshop resource {resource}")


def read_iptc(reader: Reader, data: bytes) -> None:
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
            _iptc_value(reader, dataset, value)
        elif record != 1:
            reader.scan(printable_strings(value), f"IPTC {record}:{dataset}")


def _iptc_value(reader: Reader, dataset: int, value: bytes) -> None:
    if dataset == 0:  # the record version: a number
        return
    place = f"IPTC {IPTC_NAMES.get(dataset, f'2:{dataset}')}"
    text = metadata_text(value)
    reader.field(text, place, IPTC_PEOPLE.get(dataset))
    if dataset in IPTC_PLACE and text:
        reader.inspection.add("attachment.image-metadata", "The photo's metadata names "
                              "the street or building where it was taken.",
                              f"{reader.prefix}{place}", WARNING)
