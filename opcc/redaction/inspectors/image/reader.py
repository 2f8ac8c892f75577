"""One image read to its end: the JPEG or PNG structure walked (jpeg.py, png.py), each
metadata block handed to the reader of its format (exif.py, xmp.py, photoshop.py), and
findings reported into the inspection under the image's name."""

from __future__ import annotations

import struct
import zlib

from opcc.redaction.inspectors.image.base import ImageError, printable_strings
from opcc.redaction.inspectors.image.exif import read_exif
from opcc.redaction.inspectors.image.jpeg import JPEG_MAGIC, read_jpeg_images
from opcc.redaction.inspectors.image.photoshop import read_iptc, read_photoshop
from opcc.redaction.inspectors.image.png import PNG_MAGIC, read_png
from opcc.redaction.inspectors.image.xmp import read_xmp
from opcc.redaction.inspectors.inspection import Inspection

WHERE = "in the image metadata"
MAX_DEPTH = 3  # an image inside an image (thumbnail, Photoshop preview, second frame)
LOCATION_ERROR = "The photo records where it was taken ({}); a location can identify a home."
MAX_PADDING = 4  # stray bytes after the end marker (Word's thumbnails): too few for a value


def image_kind(data: bytes) -> str | None:
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    return None


def inspect_image(inspection: Inspection, data: bytes, prefix: str, depth: int) -> None:
    """Read a PNG or JPEG image (and every image inside it) to its end."""
    if depth > MAX_DEPTH:
        raise ImageError("images nested too deeply")
    reader = ImageReader(inspection, prefix, depth)
    try:
        if image_kind(data) == "PNG":
            end = read_png(reader, data)
        elif image_kind(data) == "JPEG":
            end = read_jpeg_images(reader, data)
        else:
            raise ImageError("an embedded image is neither PNG nor JPEG")
    except (struct.error, zlib.error, IndexError) as exc:  # a length or offset past the end
        raise ImageError("the image's structure is damaged") from exc
    reader.trailing(data[end:])


class ImageReader:
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

    def trailing(self, data: bytes) -> None:
        """Bytes after the image's end marker: padding is fine, anything else is not."""
        rest = data.strip(b"\x00 \t\r\n")
        if len(rest) > MAX_PADDING:
            self.unreadable_block(f"{len(rest)} bytes of data after its end (such as a "
                                  "motion photo's video or an appended file)",
                                  "data after the image", rest)

    # ---- images inside this one

    def nested(self, data: bytes, place: str) -> None:
        """An image inside this one (a thumbnail, a preview), read as an image."""
        if image_kind(data) is None:
            self.unreadable_block("an embedded preview in an unknown format", place, data)
            return
        inspect_image(self.inspection, data, f"{self.prefix}{place} ", self.depth + 1)

    def sibling(self, prefix: str) -> ImageReader:
        """A reader for another image in the same file (a JPEG's second image)."""
        return ImageReader(self.inspection, prefix, self.depth)

    # ---- the metadata formats, which hold each other

    def exif(self, data: bytes) -> None:
        read_exif(self, data)

    def xmp(self, data: bytes, place: str) -> None:
        read_xmp(self, data, place)

    def iptc(self, data: bytes) -> None:
        read_iptc(self, data)

    def photoshop(self, data: bytes) -> None:
        read_photoshop(self, data)
