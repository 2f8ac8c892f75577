"""JPEG and PNG fixtures, each carrying one kind of metadata, written with Pillow (and, for
the blocks Pillow cannot write, by hand into the file's own segments or chunks).

Every maker re-opens its file with Pillow (and lxml for XMP) and asserts the planted value
is really there before any inspector sees it."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from lxml import etree
from PIL import ExifTags, Image, ImageCms, ImageDraw, IptcImagePlugin
from PIL.PngImagePlugin import PngInfo

ARTIST, XP_AUTHOR, USER_COMMENT, SOFTWARE = 0x013B, 0x9C9D, 0x9286, 0x0131
MAKE, MODEL, DATE_TIME, DESCRIPTION = 0x010F, 0x0110, 0x0132, 0x010E
NORTH_LATITUDE = (51.0, 30.0, 12.5)
WEST_LONGITUDE = (0.0, 7.0, 39.0)


def picture(size: tuple[int, int] = (120, 80)) -> Image.Image:
    """A small picture with shapes, so the encoders have real pixels to compress."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, size[0] // 2, size[1] // 2), fill=(30, 90, 160))
    draw.ellipse((size[0] // 2, 20, size[0] - 10, size[1] - 10), fill=(200, 120, 40))
    return image


def reopen(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def after_soi(jpeg: bytes, *segments: bytes) -> bytes:
    """Insert segments right after the JPEG's start marker."""
    assert jpeg.startswith(b"\xff\xd8")
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def before_iend(png: bytes, *chunks: bytes) -> bytes:
    at = png.rindex(b"IEND") - 4
    return png[:at] + b"".join(chunks) + png[at:]


def jpeg_bytes(image: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (image or picture()).save(buffer, "JPEG", quality=85, **options)
    return buffer.getvalue()


def png_bytes(image: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (image or picture()).save(buffer, "PNG", **options)
    return buffer.getvalue()


# --------------------------------------------------------------------------- EXIF

def make_jpeg_exif_artist(path: Path, artist: str = "b.person@example.org") -> Path:
    """A camera JPEG whose EXIF Artist is an e-mail address."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ARTIST] = "Canon", "EOS 5D", artist
    exif[DESCRIPTION] = "Panel meeting"
    path.write_bytes(jpeg_bytes(exif=exif))
    assert reopen(path).getexif()[ARTIST] == artist
    return path


def make_png_exif_xp_author(path: Path, author: str = "jane.doe@example.com",
                            comment: str = "Call 07700 900456") -> Path:
    """A PNG eXIf chunk with Windows' XPAuthor (UTF-16) and a Unicode UserComment."""
    exif = Image.Exif()
    exif[SOFTWARE] = "Windows Photo Editor"
    exif[XP_AUTHOR] = author.encode("utf-16-le") + b"\x00\x00"
    exif[ExifTags.IFD.Exif] = {USER_COMMENT: b"UNICODE\x00" + comment.encode("utf-16-le")}
    path.write_bytes(png_bytes(exif=exif))
    read = reopen(path).getexif()
    assert read[XP_AUTHOR].decode("utf-16-le").rstrip("\x00") == author
    assert comment.encode("utf-16-le") in read.get_ifd(ExifTags.IFD.Exif)[USER_COMMENT]
    return path


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "Apple"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: NORTH_LATITUDE, 3: "W", 4: WEST_LONGITUDE}
    return exif


def _assert_gps(path: Path) -> None:
    gps = reopen(path).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert tuple(float(v) for v in gps[2]) == NORTH_LATITUDE
    assert tuple(float(v) for v in gps[4]) == WEST_LONGITUDE


def make_jpeg_gps(path: Path) -> Path:
    """A phone photo that records where it was taken."""
    path.write_bytes(jpeg_bytes(exif=gps_exif()))
    _assert_gps(path)
    return path


def make_png_gps(path: Path) -> Path:
    """A PNG whose eXIf chunk carries GPS coordinates."""
    path.write_bytes(png_bytes(exif=gps_exif()))
    _assert_gps(path)
    return path


def make_jpeg_exif_thumbnail(path: Path) -> Path:
    """A JPEG whose EXIF IFD1 holds a thumbnail (itself a JPEG with an Artist)."""
    thumb_exif = Image.Exif()
    thumb_exif[ARTIST] = "a.person@example.com"
    thumb = jpeg_bytes(picture((48, 32)), exif=thumb_exif)
    exif = Image.Exif()
    exif[MAKE] = "Nikon"
    head = exif.tobytes()  # b"Exif\0\0" + TIFF with IFD0 only
    tiff = bytearray(head[6:])
    ifd1 = len(tiff)
    thumb_at = ifd1 + 2 + 3 * 12 + 4  # after the IFD1 entries and its next-IFD offset
    entries = [(0x0103, 3, 1, 6), (0x0201, 4, 1, thumb_at), (0x0202, 4, 1, len(thumb))]
    order = "<" if tiff[:2] == b"II" else ">"
    tiff += struct.pack(order + "H", len(entries))
    for tag, kind, count, value in entries:
        tiff += struct.pack(order + "HHI", tag, kind, count)
        if kind == 3:
            tiff += struct.pack(order + "HH", value, 0)
        else:
            tiff += struct.pack(order + "I", value)
    tiff += struct.pack(order + "I", 0) + thumb
    count = struct.unpack(order + "H", tiff[8:10])[0]  # IFD0 at offset 8: patch its next
    struct.pack_into(order + "I", tiff, 10 + 12 * count, ifd1)
    path.write_bytes(after_soi(jpeg_bytes(), segment(0xE1, b"Exif\x00\x00" + bytes(tiff))))
    read = reopen(path).getexif()
    assert read.get_ifd(ExifTags.IFD.IFD1)[0x0202] == len(thumb)
    assert b"a.person@example.com" in path.read_bytes()
    return path


# --------------------------------------------------------------------------- XMP

XMP_ATTRIBUTES = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
  photoshop:AuthorsPosition="Press officer">
  <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
  <Iptc4xmpCore:CreatorContactInfo Iptc4xmpCore:CiEmailWork="{email}"
   Iptc4xmpCore:CiTelWork="{phone}" Iptc4xmpCore:CiAdrCity="Northtown"/>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""

XMP_ELEMENTS = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:ic="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt>
  </dc:description>
  <ic:CreatorContactInfo rdf:parseType="Resource">
   <ic:CiEmailWork>{email}</ic:CiEmailWork>
  </ic:CreatorContactInfo>
 </rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""

XMP_GPS = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.2N"
 exif:GPSLongitude="0,7.65W"/></rdf:RDF></x:xmpmeta>"""


def _assert_xmp(packet: bytes, *values: str) -> None:
    text = packet.decode("utf-8")
    root = etree.fromstring(text[text.index("<x:xmpmeta"):text.index("</x:xmpmeta>") + 12]
                            .encode("utf-8"))
    held = " ".join(root.itertext()) + " ".join(
        v for e in root.iter() for v in e.attrib.values())
    for value in values:
        assert value in held, value


def make_jpeg_xmp_creator(path: Path, creator: str = "Avery Quenby",
                          email: str = "a.person@example.com",
                          phone: str = "07700 900123") -> Path:
    """Lightroom-style XMP: dc:creator and the creator's contact details as attributes."""
    packet = XMP_ATTRIBUTES.format(creator=creator, email=email, phone=phone).encode("utf-8")
    path.write_bytes(jpeg_bytes(xmp=packet))
    _assert_xmp(reopen(path).info["xmp"], creator, email, phone)
    return path


def make_png_xmp_contact(path: Path, email: str = "jo.bloggs@example.com",
                         description: str = "Witness NI QQ123456C") -> Path:
    """An iTXt XMP packet (xpacket-wrapped) with contact details as elements."""
    packet = XMP_ELEMENTS.format(description=description, email=email)
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet, zip=True)
    path.write_bytes(png_bytes(pnginfo=info))
    _assert_xmp(reopen(path).info["XML:com.adobe.xmp"].encode("utf-8"), email, description)
    return path


def make_jpeg_xmp_gps(path: Path) -> Path:
    """GPS coordinates in XMP only (as Lightroom writes them), no EXIF GPS."""
    path.write_bytes(jpeg_bytes(xmp=XMP_GPS.encode("utf-8")))
    _assert_xmp(reopen(path).info["xmp"], "51,30.2N")
    return path


# --------------------------------------------------------------------------- IPTC

def iim(*datasets: tuple[int, str]) -> bytes:
    """IPTC-IIM record 2 datasets, after the record version."""
    out = b"\x1c\x02\x00\x00\x02\x00\x04"
    for number, value in datasets:
        data = value.encode("utf-8")
        out += b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(data)) + data
    return out


def photoshop_resource(resource: int, body: bytes) -> bytes:
    pad = b"\x00" if len(body) % 2 else b""
    return b"8BIM" + struct.pack(">H", resource) + b"\x00\x00" + struct.pack(">I", len(body)) \
        + body + pad


def make_jpeg_iptc(path: Path, by_line: str = "Avery Quenby",
                   contact: str = "jo.bloggs@example.com") -> Path:
    """A news-photo JPEG: IPTC by-line and contact in a Photoshop APP13 block."""
    block = photoshop_resource(0x0404, iim((80, by_line), (118, contact), (120, "Launch event")))
    path.write_bytes(after_soi(jpeg_bytes(), segment(0xED, b"Photoshop 3.0\x00" + block)))
    info = IptcImagePlugin.getiptcinfo(reopen(path))
    assert info[(2, 80)] == by_line.encode() and info[(2, 118)] == contact.encode()
    return path


def raw_profile(kind: str, data: bytes) -> str:
    """ImageMagick's 'Raw profile type X' text: the type, the length, then hex lines."""
    hexed = data.hex()
    lines = [hexed[i:i + 72] for i in range(0, len(hexed), 72)]
    return f"\n{kind}\n{len(data):8d}\n" + "\n".join(lines) + "\n"


def make_png_iptc_profile(path: Path, by_line: str = "Helena Marchbank",
                          contact: str = "Tel 07700 900456") -> Path:
    """A PNG that went through ImageMagick: its IPTC is a hex-coded zTXt profile."""
    block = photoshop_resource(0x0404, iim((80, by_line), (118, contact)))
    info = PngInfo()
    info.add_text("Raw profile type iptc", raw_profile("iptc", block), zip=True)
    path.write_bytes(png_bytes(pnginfo=info))
    text = reopen(path).info["Raw profile type iptc"]
    decoded = bytes.fromhex("".join(text.strip().split("\n", 2)[2].split()))
    assert by_line.encode() in decoded and contact.encode() in decoded
    return path


# --------------------------------------------------------------------------- PNG text

def make_png_text_author(path: Path, author: str = "a.person@example.com") -> Path:
    """A plain tEXt chunk 'Author'."""
    info = PngInfo()
    info.add_text("Software", "Paint")
    info.add_text("Author", author)
    path.write_bytes(png_bytes(pnginfo=info))
    assert reopen(path).info["Author"] == author
    return path


def make_png_compressed_text(path: Path, comment: str = "Ring 07700 900123 after 5",
                             description: str = "Taken at NT1 9ZZ for QQ123456C") -> Path:
    """A compressed zTXt 'Comment' and a compressed UTF-8 iTXt 'Description'."""
    info = PngInfo()
    info.add_text("Comment", comment, zip=True)
    info.add_itxt("Description", description, lang="en-GB", zip=True)
    data = png_bytes(pnginfo=info)
    assert comment.encode() not in data  # really compressed
    path.write_bytes(data)
    read = reopen(path).info
    assert read["Comment"] == comment and read["Description"] == description
    return path


# --------------------------------------------------------------------------- JPEG comments

def make_jpeg_comment(path: Path, comment: str = "Photo by jo.bloggs@example.com") -> Path:
    path.write_bytes(jpeg_bytes(comment=comment))
    assert reopen(path).info["comment"] == comment.encode()
    return path


def make_progressive_jpeg_comments(path: Path) -> Path:
    """A progressive JPEG (several scans) with two COM segments, one UTF-8."""
    data = jpeg_bytes(picture((200, 140)), progressive=True, comment="Édition finale")
    data = after_soi(data, segment(0xFE, b"Subject NI QQ123456C"))
    path.write_bytes(data)
    image = reopen(path)
    assert image.info.get("progressive") and data.count(b"\xff\xda") > 1
    assert b"QQ123456C" in next(payload for marker, payload in image.applist if marker == "COM")
    return path


# --------------------------------------------------------------------------- clean

def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


CLEAN_XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmp:CreatorTool="GIMP 2.10" xmp:CreateDate="2026-03-12T10:00:00">
 <dc:format>image/jpeg</dc:format>
 <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Northshire OPCC</rdf:li></rdf:Alt></dc:rights>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""


def make_clean_jpeg(path: Path) -> Path:
    """Harmless metadata only: camera, software, dates, DPI, a colour profile, XMP tool."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[SOFTWARE] = "Canon", "EOS 5D", "GIMP 2.10.36"
    exif[DATE_TIME] = "2026:03:12 10:00:00"
    exif[ExifTags.IFD.Exif] = {0x829A: 0.004, 0x8827: 200, 0x9003: "2026:03:12 10:00:00"}
    data = jpeg_bytes(picture((320, 200)), exif=exif, dpi=(300, 300), progressive=True,
                      icc_profile=srgb_profile(), xmp=CLEAN_XMP.encode("utf-8"),
                      comment="Northshire OPCC annual report")
    path.write_bytes(data)
    image = reopen(path)
    assert image.info["dpi"] == (300, 300) and image.getexif()[SOFTWARE] == "GIMP 2.10.36"
    assert image.info.get("icc_profile")
    return path


def make_clean_png(path: Path) -> Path:
    info = PngInfo()
    info.add_text("Software", "Inkscape 1.3")
    info.add_text("Title", "Spending by quarter 2025-26")
    info.add_itxt("Description", "Chart of spending, in pounds", zip=True)
    exif = Image.Exif()
    exif[SOFTWARE] = "Inkscape 1.3"
    data = png_bytes(picture((320, 200)), pnginfo=info, dpi=(144, 144), exif=exif,
                     icc_profile=srgb_profile())
    path.write_bytes(data)
    image = reopen(path)
    assert round(image.info["dpi"][0]) == 144 and image.info["Software"] == "Inkscape 1.3"
    return path


# --------------------------------------------------------------------------- damaged

def make_trailing_data_jpeg(path: Path) -> Path:
    """A JPEG with another file appended after its end marker (as motion photos do)."""
    appended = b"\x00\x00\x00\x18ftypmp42" + b" Recorded by jo.bloggs@example.com " * 3
    path.write_bytes(jpeg_bytes() + appended)
    image = reopen(path)
    assert image.format == "JPEG" and path.read_bytes().endswith(appended)
    return path


def make_unknown_chunk_png(path: Path) -> Path:
    """A PNG with a private ancillary chunk (Fireworks-style layer data)."""
    path.write_bytes(before_iend(png_bytes(), png_chunk(b"mkBT", b"layer: Avery Quenby " * 4)))
    image = reopen(path)  # Pillow skips unknown ancillary chunks
    assert image.format == "PNG" and b"mkBT" in path.read_bytes()
    return path
