"""Normalising text: spaces and line breaks in every text cell, redaction markers
(header-variants.yaml) that become [redacted], allowed values matched whatever their case
and spacing, yes/no in boolean columns, and workbook values written as text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from importlib import resources

import yaml

from opcc.datasets.publish import MASK
from opcc.importers.cells import Cell, Target, import_problem
from opcc.importers.number_cells import float_text

_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u200b\u2060\ufeff\t\u3000]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_SPACE_RUNS = re.compile(r" {2,}")
_LOST = re.compile(r"(?:^|(?<=\s))\?(?=\s|$)|\ufffd")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@lru_cache(maxsize=8192)
def marker_key(text: str) -> str:
    """Compare markers ignoring case, spacing and punctuation."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@lru_cache(maxsize=1)
def markers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(any-field, first-word, personal-field) marker keys from header-variants.yaml."""
    data = yaml.safe_load(resources.files("opcc.importers").joinpath(
        "header-variants.yaml").read_text("utf-8")) or {}
    found = data.get("redaction-markers") or {}
    return tuple(frozenset(marker_key(str(m)) for m in found.get(key) or ())
                 for key in ("any-field", "first-word", "personal-fields"))


def is_marker(text: str, personal: bool) -> bool:
    key = marker_key(text)
    if not key:
        return False
    any_field, first_word, personal_only = markers()
    if key in any_field or key.split(" ", 1)[0] in first_word:
        return True
    return personal and key in personal_only


def clean_text(value: str) -> tuple[str, list[str]]:
    """Plain spaces, no line breaks, trimmed, single spaces; with the rules applied."""
    if value.isprintable() and value[:1] != " " and value[-1:] != " " and "  " not in value:
        return value, []  # the usual case: nothing to do (NBSP, tabs, breaks aren't printable)
    rules = []
    text = value
    if _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", text)
        rules.append("nbsp")
    if _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub(" ", text)
        rules.append("newline")
    stripped = text.strip(" ")
    if stripped != text:
        rules.append("padding")
    if "  " in stripped:
        stripped = _SPACE_RUNS.sub(" ", stripped)
        rules.append("spaces")
    return stripped, rules


def lost_character(text: str) -> bool:
    """A lone '?' between spaces or U+FFFD: a character lost in an export."""
    return bool(_LOST.search(text))


def enum_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def string_cell(text: str, target: Target) -> Cell:
    if is_marker(text, target.personal):
        return Cell(MASK, ("marker",) if text != MASK else ())
    if target.enum and text not in target.enum:
        wanted = {enum_key(v): v for v in target.enum}
        found = wanted.get(enum_key(text))
        if found is None:
            return Cell("", (), import_problem("enum", "is not one of the allowed values",
                                               "use one of: " + ", ".join(target.enum) + " (or map "
                                               "the column to null if it means something else)"))
        return Cell(found, ("enum-case",))
    return Cell(text)


def boolean_cell(text: str, target: Target) -> Cell:
    key = text.casefold()
    if key in _TRUE or key in _FALSE:
        result = "true" if key in _TRUE else "false"
        return Cell(result, () if result == text else ("boolean",))
    return Cell("", (), import_problem("value", "is not yes/no or true/false",
                                       "write true or false"))


def typed_text(value: object) -> tuple[str, list[str]]:
    """A workbook value as text for a text column."""
    if isinstance(value, bool):
        return ("true" if value else "false"), []
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else
                value.isoformat(sep=" ")), []
    if isinstance(value, (date, time)):
        return value.isoformat(), []
    return str(value), []


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value)[0])
