"""PNG: chunks walked from the signature to IEND: text chunks (tEXt, zTXt, iTXt and
ImageMagick's hex "Raw profile" chunks) and eXIf read; chunks of pixels, colour and
layout passed; any other chunk refused."""

from __future__ import annotations

import re
import struct

from opcc.redaction.inspectors.image.base import (
    ImageError,
    Reader,
    inflate,
    metadata_text,
    printable_strings,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_STRUCTURE = {  # chunks of pixel data, colour and layout: no text
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD",
    b"hIST", b"pHYs", b"sPLT", b"tIME", b"cICP", b"mDCv", b"cLLi", b"acTL", b"fcTL", b"fdAT",
    b"oFFs", b"pCAL", b"sCAL", b"sTER", b"gIFg", b"fRAc", b"iDOT", b"vpAg", b"CgBI", b"caNv",
    b"orNT", b"dSIG", b"iCCP",
}
PNG_PEOPLE = {"author": "author", "artist": "artist", "creator": "creator",
              "copyright": "copyright", "owner": "owner"}
RAW_PROFILE = re.compile(r"(?i)raw profile type (\w+)")


def read_png(reader: Reader, data: bytes) -> int:
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
        _chunk(reader, kind, body)
        if kind == b"IEND":
            return pos


def _chunk(reader: Reader, kind: bytes, body: bytes) -> None:
    label = kind.decode("latin-1")
    if kind in (b"tEXt", b"zTXt", b"iTXt"):
        keyword, text = png_text_chunk(kind, body)
        _text(reader, keyword, text)
    elif kind == b"eXIf":
        reader.exif(body)
    elif kind == b"iCCP":
        reader.scan(metadata_text(body.split(b"\x00", 1)[0]), "PNG colour profile name")
    elif kind not in PNG_STRUCTURE:
        reader.unreadable_block(f"a PNG chunk of an unknown kind ('{label}')",
                                f"PNG chunk '{label}'", body)


def _text(reader: Reader, keyword: str, text: str) -> None:
    place = f"PNG text chunk '{keyword}'"
    reader.scan(keyword, place)
    raw = RAW_PROFILE.fullmatch(keyword.strip())
    if keyword == "XML:com.adobe.xmp":
        reader.xmp(text.encode("utf-8"), "XMP")
    elif raw:
        _raw_profile(reader, raw.group(1).lower(), text, place)
    else:
        reader.field(text, place, PNG_PEOPLE.get(keyword.strip().lower()))


def _raw_profile(reader: Reader, kind: str, text: str, place: str) -> None:
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
        reader.exif(data)
    elif kind == "xmp" or (kind == "app1" and b"<x:xmpmeta" in data[:200]):
        reader.xmp(data, "XMP")
    elif kind == "8bim" or (kind == "iptc" and data.startswith(b"8BIM")):
        reader.photoshop(data)
    elif kind == "iptc":
        reader.iptc(data)
    else:
        reader.scan(printable_strings(data), place)


def png_text_chunk(kind: bytes, body: bytes) -> tuple[str, str]:
    """The keyword and the text of a tEXt, zTXt or iTXt chunk."""
    keyword, _, rest = body.partition(b"\x00")
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind == b"zTXt":
        return name, inflate(rest[1:]).decode("latin-1")
    compressed, rest = rest[:1] == b"\x01", rest[2:]
    language, _, rest = rest.partition(b"\x00")
    translated, _, text = rest.partition(b"\x00")
    if compressed:
        text = inflate(text)
    words = " ".join(p.decode("utf-8", "replace") for p in (language, translated) if p)
    body_text = text.decode("utf-8", "replace")
    return name, f"{words}\n{body_text}" if words else body_text
