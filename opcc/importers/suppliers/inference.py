"""Guessing a supplier's type from its name alone.

`infer_supplier_type(name)` tries the rules below in order; the first that fires gives the
type and a reason in plain English. The words are in
opcc/importers/supplier-words.yaml.

 1. a spending category in the supplier column ("Police - Other Third Party Payments"):
    unknown;
 2. a marker that a business was paid or its name withheld ("Business Payment"): unknown;
 3. a redaction marker that stands for a person ("Redacted personal data", "THIRD PARTY"):
    individual;
 4. "trading as": a sole trader, or a company when a company form comes before it;
 5. a company form at the end (Ltd, PLC, LLP, Inc, Co; Ltd, Limited, PLC and LLP
    anywhere): company; CIC is vcse and CIO charity;
 6. public-body words (council, NHS, police, university, ...): public-body;
 7. charity words (charity, foundation, trust, hospice, ...): charity;
 8. voluntary-sector words (association, society, club): vcse;
 9. partnership words (& Sons, & Co, Partners): partnership;
10. a title (Mr, Mrs, Dr, ...): individual, or a sole trader when trade words follow;
11. "Surname, Firstname": individual;
12. a common first name and a surname ("Peter Hall"): individual;
13. trade words (Plumbing, Services, Consulting): company, or a sole trader after a
    first name ("Anna Wright Consulting");
14. two or three words shaped like a person's name: individual;
15. a building's or street's name ("Bewick Lodge"): company;
16. otherwise unknown.

When a name could be a person's, the rules answer individual or unknown, never company:
a person wrongly published is the harm to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from opcc.importers.suppliers.words import Words, find_phrase, plain, words

TYPES = ("company", "partnership", "sole-trader", "individual", "charity", "vcse",
         "public-body", "unknown")
PERSON_TYPES = frozenset({"individual", "sole-trader"})
NAME_WORD = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")


@dataclass(frozen=True)
class SupplierGuess:
    type: str
    reason: str
    looks_like_person: bool


@dataclass(frozen=True)
class _Name:
    shown: str  # as written, spaces tidied
    plain: str  # see words.plain
    tokens: tuple[str, ...]


def infer_supplier_type(name: str) -> SupplierGuess:
    parsed = _parse(name)
    found = next((guess for rule in RULES if (guess := rule(parsed, words()))), None)
    if found is None:
        return SupplierGuess("unknown", "nothing in the name says what kind of supplier it is",
                             False)
    return found


def looks_like_person(name: str) -> bool:
    """Whether the name reads as a person's (or stands for one), whatever its type says."""
    return infer_supplier_type(name).looks_like_person


def _parse(name: str) -> _Name:
    shown = " ".join(str(name).replace("\u00a0", " ").split())
    text = plain(shown)
    return _Name(shown, text, tuple(text.split()))


# --------------------------------------------------------------------------- the rules

def _empty(name: _Name, w: Words) -> SupplierGuess | None:
    if not name.tokens:
        return SupplierGuess("unknown", "the name is empty", False)
    return None


def _category(name: _Name, w: Words) -> SupplierGuess | None:
    phrase = find_phrase(name.plain, w.categories)
    if phrase:
        return SupplierGuess("unknown", f"'{phrase}' is a spending category, not a "
                             "supplier's name", False)
    return None


def _business_marker(name: _Name, w: Words) -> SupplierGuess | None:
    if find_phrase(name.plain, w.business_markers):
        return SupplierGuess("unknown", f"the export's marker '{name.shown}' (a business, "
                             "its name not given)", False)
    return None


def _person_marker(name: _Name, w: Words) -> SupplierGuess | None:
    if name.plain in w.person_markers or any(
            f"{name.plain} ".startswith(f"{p} ") for p in w.person_marker_prefixes):
        return SupplierGuess("individual", f"the export's redaction marker '{name.shown}'",
                             True)
    return None


def _trading_as(name: _Name, w: Words) -> SupplierGuess | None:
    phrase = find_phrase(name.plain, w.trading_as)
    if not phrase:
        return None
    before = _parse(f" {name.plain} ".split(f" {phrase} ", 1)[0])
    business = _company_word(before, w) or _trade_word(before.tokens, w) or \
        _area_word(before.tokens, w)
    if business:
        return SupplierGuess("company", f"a business ('{business}') trading as another "
                             "name", False)
    return SupplierGuess("sole-trader", f"has '{phrase.upper()}' (trading as) after a "
                         "name that is not a business's", True)


def _company_form(name: _Name, w: Words) -> SupplierGuess | None:
    for kind, table, note in (("vcse", w.vcse_suffixes, " (community interest company)"),
                              ("charity", w.charity_suffixes,
                               " (charitable incorporated organisation)")):
        suffix = _suffix(name, table)
        if suffix:
            return SupplierGuess(kind, f"ends in '{suffix}'{note}", False)
    form = _company_word(name, w)
    if form:
        return SupplierGuess("company", f"has the company form '{form}'", False)
    return None


def _company_word(name: _Name, w: Words) -> str | None:
    """A company form at the end, or Ltd, Limited, PLC or LLP anywhere."""
    anywhere = next((t for t in name.tokens if t in w.company_forms_anywhere), None)
    if anywhere:
        return w.company_suffixes.get(anywhere, anywhere)
    return _suffix(name, w.company_suffixes)


def _suffix(name: _Name, table: dict[str, str]) -> str | None:
    for size in (3, 2, 1):
        if len(name.tokens) <= size:
            continue
        end, before = " ".join(name.tokens[-size:]), name.tokens[-size - 1]
        # "Hartley & Co" is a partnership; "Taylor & Co Ltd" has Ltd
        if end in table and not (end in ("co", "company") and before in ("&", "and")):
            return table[end]
    return None


def _phrase_rule(kind: str, label: str, attribute: str) -> Callable:
    def rule(name: _Name, w: Words) -> SupplierGuess | None:
        phrase = find_phrase(name.plain, getattr(w, attribute))
        if phrase:
            return SupplierGuess(kind, f"contains the {label} '{phrase}'", False)
        return None
    rule.__name__ = f"_{attribute}"
    return rule


def _title(name: _Name, w: Words) -> SupplierGuess | None:
    title = w.titles.get(name.tokens[0])
    if title is None or len(name.tokens) < 2 or name.tokens[1] in w.not_after_title:
        return None
    trade = _trade_word(name.tokens[1:], w)
    if trade:
        return SupplierGuess("sole-trader", f"starts with the title '{title}' and has the "
                             f"trade word '{trade}'", True)
    return SupplierGuess("individual", f"starts with the title '{title}'", True)


def _surname_first(name: _Name, w: Words) -> SupplierGuess | None:
    parts = [plain(p).split() for p in name.shown.split(",")] \
        if name.shown.count(",") == 1 else []
    if len(parts) == 2 and 1 <= len(parts[0]) <= 2 and 1 <= len(parts[1]) <= 3 and \
            _all_name_words(parts[0] + parts[1], w):
        return SupplierGuess("individual", "written 'Surname, Firstname'", True)
    return None


def _first_name(name: _Name, w: Words) -> SupplierGuess | None:
    """'Peter Hall', 'John Power', 'Sarah Anne Green': a known first name and a surname,
    even when the surname is also a word of trade or a building's."""
    tokens = name.tokens
    if not 2 <= len(tokens) <= 3 or tokens[0] not in w.first_names or \
            not all(NAME_WORD.match(t) and t not in w.not_name_words for t in tokens):
        return None
    if len(tokens) == 3 and (_trade_word(tokens[1:], w) or _area_word(tokens[1:], w)):
        return None
    return SupplierGuess("individual", f"starts with the first name '{tokens[0]}'", True)


def _trade(name: _Name, w: Words) -> SupplierGuess | None:
    trade = _trade_word(name.tokens, w)
    if trade is None:
        return None
    first = name.tokens.index(trade)
    if first >= 2 and name.tokens[0] in w.first_names and \
            _all_name_words(name.tokens[:first], w):
        return SupplierGuess("sole-trader", f"a person's name followed by the trade word "
                             f"'{trade}'", True)
    return SupplierGuess("company", f"contains the trade word '{trade}'", False)


def _person_shaped(name: _Name, w: Words) -> SupplierGuess | None:
    tokens = name.tokens
    if 2 <= len(tokens) <= 3 and len(tokens[-1]) >= 2 and _all_name_words(tokens, w):
        return SupplierGuess("individual", "shaped like a person's name (two or three "
                             "words, none of them a business's or a place's)", True)
    return None


def _place(name: _Name, w: Words) -> SupplierGuess | None:
    place = next((t for t in name.tokens if t in w.place_words), None)
    if place and len(name.tokens) > 1:
        return SupplierGuess("company", f"named like a building or street ('{place}'), as "
                             "care homes and venues are", False)
    return None


def _trade_word(tokens: tuple[str, ...] | list[str], w: Words) -> str | None:
    return next((t for t in tokens if t in w.business_words), None)


def _area_word(tokens: tuple[str, ...] | list[str], w: Words) -> str | None:
    return next((t for t in tokens if t in w.area_words), None)


def _all_name_words(tokens, w: Words) -> bool:
    """Every word could be part of a person's name: letters only (initials allowed), and
    not a word of trade, of a place or building, or a little word like 'the'."""
    return all(NAME_WORD.match(t) and t not in w.business_words and t not in w.place_words
               and t not in w.area_words and t not in w.not_name_words for t in tokens)


RULES: tuple[Callable[[_Name, Words], SupplierGuess | None], ...] = (
    _empty,
    _category,
    _business_marker,
    _person_marker,
    _trading_as,
    _company_form,
    _phrase_rule("company", "company word", "company_phrases"),
    _phrase_rule("public-body", "public-body word", "public_body"),
    _phrase_rule("charity", "charity word", "charity"),
    _phrase_rule("vcse", "voluntary-sector word", "vcse"),
    _phrase_rule("partnership", "partnership word", "partnership"),
    _title,
    _surname_first,
    _first_name,
    _trade,
    _person_shaped,
    _place,
)
