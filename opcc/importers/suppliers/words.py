"""The word lists of opcc/importers/supplier-words.yaml, read once and normalised as names
are. (The file sits beside header-variants.yaml, not in this package, because
pyproject.toml's package-data ships importers/*.yaml.)"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

WORDS_FILE = "supplier-words.yaml"


def plain(text: str) -> str:
    """Lower case, curly quotes straightened, punctuation other than & ' / and a hyphen
    inside a word made a space, spaces collapsed: the form names and word lists are
    compared in."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w&'/-]+", " ", text.casefold())
    return " ".join(word.strip("-") for word in text.split() if word.strip("-"))


@dataclass(frozen=True)
class Words:
    categories: tuple[str, ...]
    business_markers: tuple[str, ...]
    person_markers: frozenset[str]
    person_marker_prefixes: tuple[str, ...]
    trading_as: tuple[str, ...]
    company_suffixes: dict[str, str]  # plain form -> as shown in a reason
    vcse_suffixes: dict[str, str]
    charity_suffixes: dict[str, str]
    public_body: tuple[str, ...]
    charity: tuple[str, ...]
    vcse: tuple[str, ...]
    company_phrases: tuple[str, ...]
    partnership: tuple[str, ...]
    titles: dict[str, str]
    business_words: frozenset[str]
    place_words: frozenset[str]
    first_names: frozenset[str]
    area_words: frozenset[str]
    not_after_title: frozenset[str]
    not_name_words: frozenset[str]
    company_forms_anywhere: frozenset[str]


@cache
def words() -> Words:
    text = resources.files("opcc.importers").joinpath(WORDS_FILE).read_text("utf-8")
    data = yaml.safe_load(text)
    lists = {key: _longest_first(data[key]) for key in (
        "categories", "business_markers", "person_marker_prefixes", "trading_as",
        "public_body", "charity", "vcse", "company_phrases", "partnership")}
    tables = {key: {plain(str(k)): str(v) for k, v in data[key].items()} for key in (
        "company_suffixes", "vcse_suffixes", "charity_suffixes", "titles")}
    sets = {key: frozenset(plain(str(w)) for w in data[key]) for key in (
        "person_markers", "business_words", "place_words", "first_names", "area_words",
        "not_after_title", "not_name_words", "company_forms_anywhere")}
    return Words(**lists, **tables, **sets)


def _longest_first(phrases: list) -> tuple[str, ...]:
    """Longer phrases first, so a reason names 'borough council' rather than 'council'."""
    return tuple(sorted({plain(str(p)) for p in phrases}, key=lambda p: (-len(p), p)))


def find_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    """The first phrase found in `text` (both plain) as whole words."""
    padded = f" {text} ".replace("-", " ")  # "Pre-School" has the word "school"
    return next((p for p in phrases if f" {p} " in padded), None)
