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

The parts, by what they read: reader.py (one image: its structure walked, findings
reported), jpeg.py, png.py, exif.py, xmp.py, photoshop.py (Photoshop resources and IPTC),
base.py (what they share).
"""

from __future__ import annotations

from opcc.redaction.inspectors.image.base import ImageError, printable_strings
from opcc.redaction.inspectors.image.reader import image_kind, inspect_image
from opcc.redaction.inspectors.inspection import Inspection

__all__ = ["ImageError", "inspect", "inspect_image_bytes", "printable_strings"]


def inspect(inspection: Inspection) -> None:
    """An image attachment: its bytes must really be the format its name says."""
    data = inspection.path.read_bytes()
    expected = "PNG" if inspection.path.suffix.lower() == ".png" else "JPEG"
    if image_kind(data) != expected:
        inspection.add("attachment.unreadable", f"The file is not a real {expected} image "
                       "(its content is another format), so it can't be checked.",
                       "whole file")
        return
    inspect_image(inspection, data, "", 0)


def inspect_image_bytes(inspection: Inspection, data: bytes, location: str) -> None:
    """A picture embedded in a document; location names it ("word/media/image1.png")."""
    if image_kind(data) is None:
        inspection.add("attachment.unknown-part", f"The picture {location} is not a PNG or "
                       "JPEG image, so its metadata cannot be checked.", location)
        return
    inspect_image(inspection, data, f"{location} ", 0)
