"""What the reader of each metadata format shares: the error for a damaged structure, the
text of binary values, and `Reader`, what a format's reader needs from the image being
read (where to report, and the readers of the formats nested in its own)."""

from __future__ import annotations

import re
import zlib
from typing import Protocol

from opcc.redaction.inspectors.inspection import Inspection, decode_text

MAX_INFLATED = 16 * 1024 * 1024  # one compressed PNG text chunk


class ImageError(ValueError):
    """The image's structure is damaged, so it cannot be read to its end."""


class Reader(Protocol):
    """One image being read (reader.ImageReader), as the format readers see it."""

    inspection: Inspection
    prefix: str  # names the image in locations: "" or "word/media/image1.png "

    def scan(self, text: str, place: str) -> None: ...

    def field(self, text: str, place: str, person: str | None = None) -> None: ...

    def unreadable_block(self, what: str, place: str, data: bytes) -> None: ...

    def location_found(self, where: str, place: str) -> None: ...

    def nested(self, data: bytes, place: str) -> None: ...

    def sibling(self, prefix: str) -> Reader: ...

    def exif(self, data: bytes) -> None: ...

    def xmp(self, data: bytes, place: str) -> None: ...

    def iptc(self, data: bytes) -> None: ...

    def photoshop(self, data: bytes) -> None: ...


_ASCII_RUN = re.compile(rb"[\x20-\x7e\t]{5,}")
_UTF16LE_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){5,}")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\x20-\x7e]){5,}")


def printable_strings(data: bytes) -> str:
    """The readable runs of a binary block (ASCII and UTF-16 either way), one a line."""
    runs = [m.decode("ascii") for m in _ASCII_RUN.findall(data)]
    runs += [m.decode("utf-16-le") for m in _UTF16LE_RUN.findall(data)]
    runs += [m.decode("utf-16-be") for m in _UTF16BE_RUN.findall(data)]
    return "\n".join(runs)


def metadata_text(data: bytes) -> str:
    """A text value, without its padding of zero bytes."""
    return decode_text(data.rstrip(b"\x00")).replace("\x00", " ").strip()


def inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ImageError("a compressed text chunk inflates too far")
    return out
