"""redaction.bank-account: a sort code with an 8-digit account number near "sort code",
"account" or "bank"; "bank account number 12345678"; or a GB IBAN passing mod 97."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import (
    CELL_SEPARATOR,
    FIRST_DIGIT,
    NO_NUMBER_AFTER,
    NOTHING_BEFORE,
    Detector,
    Span,
    compact,
    mentions,
    text_before,
)

CODE = "redaction.bank-account"

_SORT_CODE = re.compile(FIRST_DIGIT + r"\d([- ])\d{2}\1\d{2}" + NO_NUMBER_AFTER)
_ACCOUNT = re.compile(FIRST_DIGIT + r"\d{7}" + NO_NUMBER_AFTER)
_BANK_WORDS = re.compile(r"(?<![a-z])(?:sort\s*code|s/c|account|acc|acct|a/c|iban|"
                         r"bank(?:\s+(?:details|account|acc|acct|a/c)|\s*:))(?![a-z])")
_BANK_ACCOUNT_ONLY = re.compile(
    r"(?<![a-z])bank\s+(?:account|acc|acct|a/c)(?:\s+(?:number|no\.?|num))?\s*[:#.-]?\s*$")
_IBAN = re.compile(rf"G{NOTHING_BEFORE}B\d{{2}} ?[A-Z]{{4}}(?: ?\d{{4}}){{3}} ?\d{{2}}"
                   r"(?![A-Za-z0-9])")
_PAIR_GAP = 40


def valid_iban(value: str) -> bool:
    letters = compact(value).upper()
    rearranged = letters[4:] + letters[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def _account_near(text: str, sort_code: re.Match) -> Span | None:
    low, high = max(0, sort_code.start() - _PAIR_GAP - 8), sort_code.end() + _PAIR_GAP
    for account in _ACCOUNT.finditer(text, low):
        start, end = account.span()
        if start > high:
            break
        outside = end <= sort_code.start() or start >= sort_code.end()
        pair = min(start, sort_code.start()), max(end, sort_code.end())
        if outside and CELL_SEPARATOR not in text[pair[0]:pair[1]]:
            return pair
    return None


def _sort_codes_and_accounts(text: str, context: str) -> Iterator[Span]:
    for match in _SORT_CODE.finditer(text):
        pair = _account_near(text, match)
        if pair and _BANK_WORDS.search(text_before(text, pair[0], context, 60)
                                       + text[pair[0]:pair[1]].lower()):
            yield pair
    for match in _ACCOUNT.finditer(text):
        if _BANK_ACCOUNT_ONLY.search(text_before(text, match.start(), context, 40)):
            yield match.span()


def find_bank_accounts(text: str, context: str = "") -> Iterator[Span]:
    if "GB" in text:
        for match in _IBAN.finditer(text):
            if valid_iban(match.group()):
                yield match.span()
    if mentions(text, context, ("sort", "acc", "a/c", "bank")):
        yield from _sort_codes_and_accounts(text, context)


DETECTOR = Detector(CODE, "bank account details", find_bank_accounts, fewest_digits=8,
                    keep=(2, 2))
