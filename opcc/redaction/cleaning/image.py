"""JPEG and PNG pictures: EXIF, XMP, IPTC, comments and text chunks removed.

A picture holding none of these is copied byte for byte. Otherwise it is saved again with
Pillow: a JPEG with its own quantisation tables (`quality="keep"`), so it looks the same;
a PNG losslessly. The ICC colour profile, resolution, transparency and PNG colour chunks
are kept. A photo published on its own is first turned upright by its EXIF orientation,
so it still looks the same without it; a picture inside a document keeps only the
orientation tag, because the document's frame was sized for the picture as it is shown."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_REWRITTEN = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB",
                 b"iCCP", b"pHYs", b"acTL", b"fcTL", b"fdAT"}  # the re-save writes these
PNG_NAMED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf"}  # named from what Pillow read
NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # the end of entropy-coded data
ORIENTATION = 0x0112
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
KEPT_JPEG_SEGMENTS = {("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe")}
EXIF_GROUPS = (
    ("camera", {0x010F, 0x0110, 0xA431, 0xA433, 0xA434}),
    ("author", {0x013B, 0x8298, 0x9C9D, 0xA430}),
    ("date taken", {0x0132, 0x9003, 0x9004}),
    ("description", {0x010E, 0x9286, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F}),
    ("software", {0x0131}),
)


def clean(source: Path, target: Path) -> list[str]:
    """A photo published on its own (.jpg, .jpeg, .png)."""
    data = source.read_bytes()
    cleaned, found = strip(data, upright=True)
    if cleaned is None and not _is_picture(data):
        raise ValueError("the file is not a JPEG or PNG picture")
    target.write_bytes(data if cleaned is None else cleaned)
    noun = "picture" if data.startswith(PNG_MAGIC) else "photo"
    return [f"removed {what} from the {noun}" for what in found]


def clean_embedded(data: bytes) -> tuple[bytes | None, list[str]]:
    """A picture inside a document; (None, []) when there is nothing to remove or the
    bytes are not a picture Pillow can read (the inspectors judge those)."""
    try:
        return strip(data, upright=False)
    except Exception:  # noqa: BLE001 - an unreadable picture is left as it is
        return None, []


def _is_picture(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8", PNG_MAGIC))


def strip(data: bytes, upright: bool) -> tuple[bytes | None, list[str]]:
    """The picture without its metadata, and what was removed; None when nothing was."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        if picture.format not in ("JPEG", "MPO", "PNG"):
            return None, []
        found = metadata_found(picture, upright) + layout_found(data)
        if not found:
            return None, []
        orientation = picture.getexif().get(ORIENTATION, 1)
        out = io.BytesIO()
        if picture.format == "PNG":
            _save_png(picture, out, orientation, upright)
        else:
            _save_jpeg(picture, out, orientation, upright)
        return out.getvalue(), found


def metadata_found(picture, upright: bool = True) -> list[str]:
    """Plain-English names of the metadata the picture holds; an orientation tag alone
    is not counted in a picture that keeps it (see the module docstring)."""
    found = []
    exif = picture.getexif()
    only_orientation = set(exif) == {ORIENTATION}
    if (len(exif) or picture.info.get("exif")) and (upright or not only_orientation):
        found.append(f"EXIF ({', '.join(exif_groups(exif))})")
    if picture.format == "PNG":
        found.extend(_png_text(picture))
    else:
        found.extend(_jpeg_segments(picture))
    return found


def exif_groups(exif) -> list[str]:
    from PIL import ExifTags

    tags = set(exif) | set(exif.get_ifd(EXIF_IFD))
    groups = [label for label, members in EXIF_GROUPS if tags & members]
    if exif.get_ifd(GPS_IFD):
        groups.insert(1 if groups[:1] == ["camera"] else 0, "GPS location")
    if exif.get_ifd(ExifTags.IFD.IFD1):
        groups.append("a thumbnail")
    if not groups and set(exif) == {ORIENTATION}:
        groups.append("orientation")
    return groups or ["technical settings"]


def _png_text(picture) -> list[str]:
    keys = [key for key in picture.text if key != "XML:com.adobe.xmp"]
    found = []
    if "XML:com.adobe.xmp" in picture.text or picture.info.get("xmp"):
        found.append("XMP metadata")
    if keys:
        noun = "text chunk" if len(keys) == 1 else f"{len(keys)} text chunks"
        found.append(f"{noun} ({', '.join(sorted(keys)[:6])})")
    return found


def _jpeg_segments(picture) -> list[str]:
    found = []
    for marker, body in getattr(picture, "applist", []):
        if any(marker == kept and body.startswith(prefix)
               for kept, prefix in KEPT_JPEG_SEGMENTS):
            continue
        if marker == "APP1" and body.startswith(b"Exif"):
            continue  # already named with its contents
        if marker == "APP1" and b"ns.adobe.com/xap" in body[:64]:
            label = "XMP metadata"
        elif marker == "APP13":
            label = "IPTC metadata"
        elif marker == "COM":
            label = "the JPEG comment"
        else:
            label = f"other application data ({marker})"
        if label not in found:
            found.append(label)
    return found


def layout_found(data: bytes) -> list[str]:
    """Other PNG chunks, and data after the picture's end (a motion photo's video, a
    second picture, an appended file): none of it is written again."""
    found = []
    if data.startswith(PNG_MAGIC):
        kinds, end = _png_layout(data)
        other = sorted(k.decode("latin-1") for k in kinds - PNG_REWRITTEN - PNG_NAMED)
        if other:
            found.append(f"other data chunks ({', '.join(other[:6])})")
    else:
        end = _jpeg_end(data)
    rest = data[end:].strip(b"\x00 \t\r\n") if end is not None else b""
    if rest:
        found.append(f"{len(rest)} bytes of data after the end of the picture (such as a "
                     "motion photo's video or a second picture)")
    return found


def _png_layout(data: bytes) -> tuple[set[bytes], int | None]:
    """The kinds of chunk, and where the IEND chunk ends (None if it is never reached)."""
    kinds, pos = set(), len(PNG_MAGIC)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        pos += 12 + length
        kinds.add(kind)
        if kind == b"IEND":
            return kinds, pos
    return kinds, None


def _jpeg_end(data: bytes) -> int | None:
    """Where the first picture's end marker ends, walking segment by segment; None when the
    walk goes wrong (Pillow has already decoded the picture, so that is only a guess lost)."""
    pos = 2
    while pos + 2 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            return pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > len(data):
            return None
        pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker == 0xDA:
            following = NEXT_MARKER.search(data, pos)
            if following is None:
                return None
            pos = following.start()
    return None


def _orientation_exif(orientation: int) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()


def _save_jpeg(picture, out: io.BytesIO, orientation: int, upright: bool) -> None:
    from PIL import ImageOps, JpegImagePlugin

    options = {"comment": b"", "progressive": bool(picture.info.get("progressive")
                                                 or picture.info.get("progression"))}
    for key in ("icc_profile", "dpi"):
        if picture.info.get(key):
            options[key] = picture.info[key]
    turned = upright and orientation != 1
    if orientation != 1 and not upright:
        options["exif"] = _orientation_exif(orientation)
    if picture.format == "JPEG" and not turned:
        picture.save(out, "JPEG", quality="keep", **options)
        return
    shown = ImageOps.exif_transpose(picture) if turned else picture
    shown.save(out, "JPEG", qtables=picture.quantization,
               subsampling=JpegImagePlugin.get_sampling(picture), **options)


def _save_png(picture, out: io.BytesIO, orientation: int, upright: bool) -> None:
    from PIL import ImageOps, PngImagePlugin

    options: dict = {"pnginfo": _png_colour_chunks(picture.info, PngImagePlugin.PngInfo())}
    for key in ("icc_profile", "dpi", "transparency"):
        if picture.info.get(key) is not None:
            options[key] = picture.info[key]
    if orientation != 1 and not upright:
        options["exif"] = _orientation_exif(orientation)
    shown = ImageOps.exif_transpose(picture) if upright and orientation != 1 else picture
    if getattr(picture, "n_frames", 1) > 1 and shown is picture:
        options["save_all"] = True
    shown.save(out, "PNG", **options)


def _png_colour_chunks(info: dict, chunks):
    """gAMA, sRGB and cHRM change how the picture looks, so they are written again."""
    import struct

    if info.get("gamma") is not None:
        chunks.add(b"gAMA", struct.pack(">I", round(info["gamma"] * 100000)))
    if info.get("srgb") is not None:
        chunks.add(b"sRGB", bytes([info["srgb"]]))
    if info.get("chromaticity") is not None:
        chunks.add(b"cHRM", struct.pack(">8I", *(round(v * 100000)
                                                  for v in info["chromaticity"])))
    return chunks
