"""The text of an output file as the public can read it, as blocks.

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

INLINE = ("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font",
          "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
          "time", "u", "var", "wbr", "nobr", "tt")
SEPARATOR = "\x00"  # between blocks: the scanner never matches across it
LINE_BREAK = "\x01"  # a <br>: kept as a line break when the source's own newlines collapse

# Each pass is one regular expression over the whole file (no Python code per tag): the
# egress gate reads every page of the site, and this is most of its cost.
COMMENT = re.compile(r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>", re.S)
# Any `=` starts a value: cheaper than matching attribute names, and a stray `=` in text
# only makes an extra block to read. Hashes in integrity and nonce are dropped first.
ATTRIBUTE_VALUE = re.compile(r"""=[ \t\r\n\f]*(?:"([^"]*)"|'([^']*)'|([^\s>"'=]+))""")
OPAQUE_ATTRIBUTE = re.compile(r"""\s(?:integrity|nonce)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+)""",
                              re.I)
INLINE_TAG = re.compile(
    r"""</?(?:%s)(?=[\s/>])[^>"'\x00]*(?:(?:"[^"\x00]*"|'[^'\x00]*')[^>"'\x00]*)*>"""
    % "|".join(sorted(INLINE, key=len, reverse=True)), re.I)
BREAK_TAG = re.compile(r"<br\b[^>]*>", re.I)
# no tag runs over a block separator: a tag cut in two is read as text, never swallowing any
ANY_TAG = re.compile(
    r"""<[/!?]?[A-Za-z][^>"'\x00]*(?:(?:"[^"\x00]*"|'[^'\x00]*')[^>"'\x00]*)*>""")
TAG_INSIDE = re.compile(r"<[/!]?[A-Za-z]")


def blocks(path: str, data: bytes) -> list[str]:
    """The readable blocks of one output, by its type (see the module docstring); a block
    may itself hold several, joined by SEPARATOR."""
    text = data.decode("utf-8", "replace")
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in ("html", "htm", "xhtml", "svg"):
        return [markup_text(text, html_mode=True)]
    if suffix in ("xml", "rss", "atom", "opml", "kml", "gpx"):
        return [markup_text(text, html_mode=False)]
    if suffix in ("json", "geojson", "webmanifest", "jsonld"):
        return json_blocks(text)
    if suffix in ("csv", "tsv"):
        return csv_blocks(text, "\t" if suffix == "tsv" else ",")
    return [text]


def markup_text(text: str, html_mode: bool) -> str:
    """The file's readable text as blocks joined by SEPARATOR: attribute values, comments
    and CDATA first, then the text with inline tags (HTML) joined and every other tag a
    separator. Text that decodes to markup (an Atom entry's escaped HTML) is read again."""
    if "<" not in text:
        return html.unescape(text)
    if "integrity" in text or "nonce" in text:
        text = OPAQUE_ATTRIBUTE.sub(" ", text)
    parts = [value for match in ATTRIBUTE_VALUE.findall(text) for value in match if value]
    parts += [value for match in COMMENT.findall(text) for value in match if value]
    body = COMMENT.sub(SEPARATOR, text)
    if html_mode:
        body = INLINE_TAG.sub("", BREAK_TAG.sub(LINE_BREAK, body))
    body = ANY_TAG.sub(SEPARATOR, body)
    if html_mode:
        body = " ".join(body.split()).replace(LINE_BREAK, "\n")  # as a browser lays it out
    escaped_markup = "&lt;" in body or "&#60;" in body or "&#x3c;" in body.lower()
    body = html.unescape(body)
    if escaped_markup and TAG_INSIDE.search(body):
        body = markup_text(body, html_mode=True)
    parts.append(body)
    return SEPARATOR.join(html.unescape(p) if "&" in p else p for p in parts)


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
