"""Text as a reader meets it: the form the egress gate scans.

Entities are decoded by the extractors; here the text is put in Unicode NFKC (full-width
@ becomes @, ligatures split), zero-width characters and soft hyphens are removed, every
kind of space becomes a plain space, and percent-encoding is decoded, so that
`j.smith&#64;example.com`, `07700&nbsp;900&#8239;123` and `mailto:j%2Esmith%40example.com`
all read as the values they show. Pure ASCII text without `%` is already in this form.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]")
SPACES = re.compile(r"[^\S\n\x00]|[\u2028\u2029\u0085]")  # whitespace other than newline
PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def published_text(text: str) -> str:
    if text.isascii():
        if "%" not in text and "\t" not in text and "\r" not in text:
            return text
    else:
        text = _unicode_normalised(text)
    text = SPACES.sub(" ", text)
    if "%" in text and PERCENT.search(text):
        text = unquote(text, errors="replace")
        if not text.isascii():  # an encoded non-ASCII character: normalise it too
            text = _unicode_normalised(text)
    return text


def _unicode_normalised(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return INVISIBLE.sub("", text)


SQUEEZE_DROP = re.compile(r"[\s*_~`\\]+")
YAML_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


def squeezed(text: str) -> str:
    """A form for finding a published value in its source: markup, escapes, spaces and case
    dropped (`j.\\*smith\\*&#64;Example.com` and `j.smith@example.com` squeeze alike)."""
    import html

    text = YAML_ESCAPE.sub(lambda m: chr(int(next(g for g in m.groups() if g), 16)), text)
    text = published_text(html.unescape(text))
    return SQUEEZE_DROP.sub("", text).casefold()
