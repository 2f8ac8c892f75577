"""XMP: the RDF packet parsed (entities never resolved) and every element and attribute
value scanned; author-like properties judged as names, GPS coordinates refused, a place
where the photo was taken warned of. A packet that is not well-formed is scanned as text."""

from __future__ import annotations

import html
import re

from opcc.redaction.inspectors.image.base import Reader
from opcc.redaction.inspectors.inspection import WARNING
from opcc.redaction.inspectors.markup import local

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


def read_xmp(reader: Reader, data: bytes, place: str) -> None:
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
        reader.scan(html.unescape(re.sub(r"<[^>]*>", "\n", text)), place)
        return
    _element(reader, root, place)


def _element(reader: Reader, element, place: str) -> None:
    name = xmp_name(element)
    if name and name not in XMP_CONTAINERS:
        place = f"XMP {name}"
    for key, value in element.attrib.items():
        attribute = xmp_name(element, key)
        if attribute not in XMP_SKIP_ATTRIBUTES:
            _value(reader, value, f"XMP {attribute}")
    if element.text and element.text.strip():
        _value(reader, element.text, place)
    for child in element:
        if isinstance(child.tag, str):
            _element(reader, child, place)
        elif child.text and child.text.strip():
            reader.scan(child.text, place)


def _value(reader: Reader, value: str, place: str) -> None:
    name = place.removeprefix("XMP ")
    reader.field(value, place, XMP_PEOPLE.get(name))
    if name in XMP_GPS and value.strip():
        reader.location_found("GPS coordinates in its XMP data", place)
    elif name in XMP_PLACE and value.strip():
        reader.inspection.add("attachment.image-metadata", "The photo's metadata names "
                              "the place where it was taken.", f"{reader.prefix}{place}",
                              WARNING)


def xmp_name(element, key: str | None = None) -> str:
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
