"""OpenDocument's XML namespaces and the names the readers share, and small readers of
attribute values and paragraph text."""

from __future__ import annotations

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "officeooo": "http://openoffice.org/2009/office",
    "dr3d": "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
}


def q(prefix: str, name: str) -> str:
    """The Clark name lxml uses: q("text", "p") -> "{urn:…:text:1.0}p"."""
    return f"{{{NS[prefix]}}}{name}"


MAX_REPEAT_SPACES = 1000
CELLS = (q("table", "table-cell"), q("table", "covered-table-cell"))


def plain_text(element) -> str:
    """The text of a paragraph as shown, spaces and tabs included (no formatting)."""
    out: list[str] = []

    def walk(node) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            if child.tag == q("text", "s"):
                out.append(" " * min(as_int(child.get(q("text", "c")), 1), MAX_REPEAT_SPACES))
            elif child.tag in (q("text", "tab"), q("text", "line-break")):
                out.append(" ")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


def as_int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default
