"""The text of an output file as the public can read it, as a list of blocks.

A block is one run of text a reader sees as a whole: a paragraph, a table cell, a heading,
one attribute value. Inline markup is joined (`a<em>b</em>` reads `ab`), `<br>` is a line
break, and every other tag ends a block, so values never join across cells. Every
attribute value counts (href, src, alt, title, aria-label, content, data-…), decoded; so
do comments and the text of script and style elements, which anyone can read in the
page source. JSON gives each string, CSV each cell; other text files their lines.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator

INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                    "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span",
                    "strong", "sub", "sup", "time", "u", "var", "wbr", "nobr", "tt"})
BREAK = frozenset({"br"})
RAW_TEXT = frozenset({"script", "style"})  # read as written (no entities)
ESCAPABLE_RAW_TEXT = frozenset({"textarea", "title"})  # no tags inside, entities decoded
LINE_BREAK = "\x01"  # a <br>: kept as a line break when the source's own newlines collapse
SKIPPED_ATTRIBUTES = frozenset({"integrity", "nonce"})  # hashes, never text

TOKEN = re.compile(r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>|<([!?])[^>]*>|<(/?)([A-Za-z][\w:.-]*)"
                   r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
COLLAPSE = re.compile(r"[ \t\r\n\f]+")
ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")


def blocks(path: str, data: bytes) -> list[str]:
    """The readable blocks of one output, by its type (see the module docstring)."""
    text = data.decode("utf-8", "replace")
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in ("html", "htm", "xhtml", "svg"):
        return list(markup_blocks(text, html_mode=True))
    if suffix in ("xml", "rss", "atom", "opml", "kml", "gpx"):
        return list(markup_blocks(text, html_mode=False))
    if suffix in ("json", "geojson", "webmanifest", "jsonld"):
        return json_blocks(text)
    if suffix in ("csv", "tsv"):
        return csv_blocks(text, "\t" if suffix == "tsv" else ",")
    return [text]


def markup_blocks(text: str, html_mode: bool) -> Iterator[str]:
    """Blocks of HTML (inline tags joined) or XML (every element its own block). Text that
    decodes to markup (an Atom entry's escaped HTML) is read as HTML in turn."""
    current: list[str] = []
    raw_until = None
    position = 0
    for match in TOKEN.finditer(text):
        between = text[position:match.start()]
        position = match.end()
        if raw_until is not None:
            if match.group(4) == "/" and (match.group(5) or "").lower() == raw_until:
                yield from _text_blocks(between, html_mode=True, raw=raw_until in RAW_TEXT)
                raw_until = None
            else:
                continue
            continue
        if between:
            current.append(between)
        comment, cdata, _declaration, closing, name, attributes = match.groups()
        if comment is not None or cdata is not None:
            yield from _flush(current, html_mode)
            yield from _text_blocks(comment if comment is not None else cdata,
                                    html_mode, raw=comment is None)
            continue
        if name is None:
            continue
        tag = name.lower()
        if attributes:
            yield from attribute_values(attributes)
        if html_mode and tag in INLINE:
            continue
        if html_mode and tag in BREAK:
            current.append(LINE_BREAK)
            continue
        yield from _flush(current, html_mode)
        self_closing = attributes.rstrip().endswith("/")
        if html_mode and not closing and not self_closing and tag in RAW_TEXT | ESCAPABLE_RAW_TEXT:
            raw_until = tag
    current.append(text[position:])
    yield from _flush(current, html_mode)


def _flush(current: list[str], html_mode: bool) -> Iterator[str]:
    if current:
        joined = "".join(current)
        current.clear()
        yield from _text_blocks(joined, html_mode)


def _text_blocks(text: str, html_mode: bool, raw: bool = False) -> Iterator[str]:
    if not text or text.isspace():
        return
    decoded = text if raw and html_mode else html.unescape(text)
    if "<" in decoded and decoded is not text and TOKEN.search(decoded):
        yield from markup_blocks(decoded, html_mode=True)
        return
    if html_mode and not raw:
        decoded = COLLAPSE.sub(" ", decoded).replace(LINE_BREAK, "\n")
    yield decoded


def attribute_values(attributes: str) -> Iterator[str]:
    for name, double, single, bare in ATTRIBUTE.findall(attributes):
        if name.lower() in SKIPPED_ATTRIBUTES:
            continue
        value = double or single or bare
        if value and not value.isspace():
            yield html.unescape(value)


def json_blocks(text: str) -> list[str]:
    try:
        document = json.loads(text)
    except ValueError:
        return [text]
    found: list[str] = []
    _json_strings(document, found)
    return found


def _json_strings(node: object, found: list[str]) -> None:
    if isinstance(node, str):
        found.append(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.append(str(key))
            _json_strings(value, found)
    elif isinstance(node, list):
        for value in node:
            _json_strings(value, found)
    elif node is not None and not isinstance(node, bool):
        found.append(str(node))


def csv_blocks(text: str, delimiter: str) -> list[str]:
    try:
        return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                for cell in row if cell]
    except csv.Error:
        return [text]
