"""Text out of a workbook's parts: every text and attribute value under an XML element,
the text of VML and binary parts, Excel's `_xHHHH_` escapes, and numbers in attributes."""

from __future__ import annotations

import html
import re

from opcc.redaction.inspectors.inspection import decode_text
from opcc.redaction.inspectors.package import local

_SECRET_ATTRIBUTE = re.compile(r"(?i)hash|salt|password|spincount")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


PARAGRAPHS = {"p", "si", "is", "text"}  # runs of one paragraph: joined, as they read


def element_texts(element) -> list[str]:
    """Every text and attribute value under an element (protection hashes aside), the
    runs of a paragraph joined so text split mid-word reads whole."""
    found: list[str] = []
    _walk(element, found)
    return found


def _walk(element, found: list[str]) -> None:
    if not isinstance(element.tag, str):
        if element.text and element.text.strip():
            found.append(element.text)
        return
    for key, value in element.attrib.items():
        if value.strip() and not _SECRET_ATTRIBUTE.search(local(key)):
            found.append(value)
    if local(element.tag) in PARAGRAPHS and len(element):
        found.append("".join(element.itertext()))
        for child in element.iterdescendants():
            if isinstance(child.tag, str):
                found.extend(v for v in child.attrib.values() if v.strip())
        return
    if element.text and element.text.strip():
        found.append(element.text)
    for child in element:
        _walk(child, found)
        if child.tail and child.tail.strip():
            found.append(child.tail)


_VML_ATTRIBUTE = re.compile(r"""[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VML_TAG = re.compile(r"<[^>]*>")


def vml_texts(data: bytes) -> list[str]:
    """VML (legacy drawings) is often not well-formed XML: its text and attribute values
    are taken with patterns instead of a parser, so nothing is lost to a parse error."""
    text = decode_text(data)
    values = [a or b for tag in _VML_TAG.findall(text) for a, b in _VML_ATTRIBUTE.findall(tag)]
    between = [html.unescape(t) for t in _VML_TAG.split(text)]
    return [html.unescape(v) for v in values] + [t for t in between if t.strip()]


_PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
_PRINTABLE_ASCII = re.compile(rb"[\x20-\x7e]{6,}")


def binary_strings(data: bytes) -> list[str]:
    return ([m.decode("utf-16-le") for m in _PRINTABLE_UTF16.findall(data)]
            + [m.decode("ascii") for m in _PRINTABLE_ASCII.findall(data)])


def unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def relationship_id(element) -> str:
    return next((v for k, v in element.attrib.items() if local(k) == "id" and "}" in k), "")


def as_int(value: str | None) -> int:
    return int(value) if value and value.lstrip("-").isdigit() else 0


def as_float(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
