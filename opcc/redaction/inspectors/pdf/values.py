"""PDF values as text: strings (literal or hex; UTF-16, UTF-8 or PDFDocEncoding), names,
numbers and arrays; dictionary look-ups that never raise on odd files; and the strings and
references in an object as qpdf writes it out."""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterator

_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]+")
_LITERAL = re.compile(rb"\((?:[^\\()]++|\\.)*+\)", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_REFERENCE = re.compile(rb"(?<![\d.])(\d+) (\d+) R\b")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"\n": b"", b"\r": b""}


def decode_pdf_string(raw: bytes) -> str | None:
    """Text of a PDF string: UTF-16 or UTF-8 with a byte-order mark, else PDFDocEncoding;
    None for binary data (IDs, hashes, signatures)."""
    import pikepdf.codec  # noqa: F401 - registers the "pdfdoc" codec

    if raw[:2] == b"\xfe\xff":
        text = raw[2:].decode("utf-16-be", "replace")
    elif raw[:2] == b"\xff\xfe":
        text = raw[2:].decode("utf-16-le", "replace")
    elif raw[:3] == b"\xef\xbb\xbf":
        text = raw[3:].decode("utf-8", "replace")
    elif len(raw) >= 4 and len(raw) % 2 == 0 and not raw[0::2].strip(b"\0") \
            and b"\0" not in raw[1::2]:
        text = raw.decode("utf-16-be", "replace")  # UTF-16 written without its mark
    elif len(raw) - len(raw.translate(None, _CONTROL_BYTES)) > max(1, len(raw) // 10):
        return None
    else:
        text = raw.decode("pdfdoc", "replace")
    return _CONTROL.sub(" ", text)


def _unescape(body: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, body)


def strings_in(unparsed: bytes) -> Iterator[str]:
    """Every string in an object as qpdf writes it out (literal or hex)."""
    for match in _LITERAL.finditer(unparsed):
        text = decode_pdf_string(_unescape(match.group(0)[1:-1]))
        if text and text.strip():
            yield text
    for match in _HEX.finditer(_LITERAL.sub(b"()", unparsed)):
        digits = re.sub(rb"\s", b"", match.group(1))
        text = decode_pdf_string(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        if text and text.strip():
            yield text


def references_in(unparsed: bytes) -> Iterator[int]:
    for match in _REFERENCE.finditer(_LITERAL.sub(b"()", unparsed)):
        yield int(match.group(1))


def listed_objects(pdf) -> list:
    """Every object the cross-reference table lists that can hold text (numbers can't)."""
    import pikepdf

    found = []
    for objgen, entry in pdf.get_xref_table().items():
        if entry.type == 0:
            continue
        obj = pdf.get_object(objgen)
        if isinstance(obj, pikepdf.Object):
            found.append(obj)
    return found


def unparse(obj) -> bytes:
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        return obj.stream_dict.unparse(resolved=True)
    return obj.unparse(resolved=True)


def text_of(value) -> str:
    """All text in a value: a string, a name, a number, or the strings of an array."""
    import pikepdf

    if value is None:
        return ""
    if isinstance(value, pikepdf.String):
        return decode_pdf_string(bytes(value)) or ""
    if isinstance(value, pikepdf.Name):
        return name_of(value)
    if isinstance(value, (pikepdf.Array, pikepdf.Dictionary)) and not value.is_indirect:
        return " ".join(strings_in(value.unparse(resolved=True)))
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    return ""


def texts_of(value) -> list[str]:
    """Each string of a value on its own (an array's items apart)."""
    import pikepdf

    if isinstance(value, pikepdf.Array) and not value.is_indirect:
        return [text for item in value for text in texts_of(item)]
    text = text_of(value)
    return [text] if text else []


def name_of(value) -> str:
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), str(value)[1:])


def lookup(obj, key: str):
    """obj[key] for a dictionary (or stream), else None; never raises on odd files."""
    import pikepdf

    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        try:
            return obj.get(key)
        except (KeyError, TypeError, ValueError):
            return None
    return None


def as_list(value) -> list:
    """A value that may be one object or an array of them, as a list."""
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def object_number(obj) -> int | None:
    return obj.objgen[0] if getattr(obj, "is_indirect", False) else None


def is_name(value, *names: str) -> bool:
    import pikepdf

    return isinstance(value, pikepdf.Name) and str(value) in names


def decode_bytes(data: bytes) -> str:
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def rich_text(value) -> str:
    text = value.read_bytes().decode("utf-8", "replace") if hasattr(value, "read_bytes") \
        else text_of(value)
    return re.sub(r"<[^>]+>", " ", text) if text else ""
