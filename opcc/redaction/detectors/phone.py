"""redaction.phone: a UK number, national (01, 02, 03, 055/056, 07, 08, 09) or +44/0044,
with spaces, hyphens or brackets. A bare run of digits after a reference word (invoice,
transaction, order, ref…) and no phone word is treated as a reference."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import Detector, Span, digits_of, text_before

CODE = "redaction.phone"

_PHONE_START = re.compile(
    r"(?=[+(0])(?<![\w+£$€.,/\\-])"  # a lookahead first keeps the fast skip to + ( or 0
    r"(?:(?P<intl>\(?(?:\+|00)[ \u00a0]?44\)?[ \u00a0-]?(?:\(0\)[ \u00a0-]?)?)0?"  # (+44) (0)
    r"|(?P<open>\()?0)(?=\d)")
_PHONE_GROUP = re.compile(r"(?P<digits>\d+)(?P<sep>\)[ \u00a0-]?|[ \u00a0-])?")
_REFERENCE_WORDS = re.compile(
    r"(?<![a-z])(?:invoice|inv|ref|reference|transaction|trans|order|po|receipt|account|acct|"
    r"a/c|customer|case|crime|urn|voucher|payment|document|doc|batch|journal|cheque|id|"
    r"number|no)(?![a-z])")
_PHONE_WORDS = re.compile(
    r"(?<![a-z])(?:tel|telephone|phone|mobile|mob|call|ring|fax|text|sms|whatsapp|contact)(?![a-z])")


def valid_uk_number(national: str) -> bool:
    """A UK number in national form (leading 0) in an Ofcom-allocated range and length."""
    if not national.startswith("0") or len(national) not in (10, 11) or not national.isdigit():
        return False
    second = national[1]
    if second in "2379":
        return len(national) == 11
    if second == "1":
        return True  # most are 11 digits; a few small exchanges have 10
    if second == "5":
        return national[2] in "56" and len(national) == 11
    if second == "8":
        return len(national) == 11 or national.startswith(("0800", "0500"))
    return False


def _phone_groups(text: str, pos: int) -> list[tuple[int, str, str]]:
    """(end, digits so far, separator after) for each run of digits from `pos`."""
    groups, digits = [], ""
    for _ in range(6):
        match = _PHONE_GROUP.match(text, pos)
        if not match:
            break
        digits += match["digits"]
        groups.append((match.end("digits"), digits, match["sep"] or ""))
        if not match["sep"] or len(digits) > 11:
            break
        pos = match.end()
    return groups


def _phone_at(text: str, match: re.Match) -> Span | None:
    """The longest valid phone number starting at a candidate, or None."""
    groups = _phone_groups(text, match.end())
    for index in range(len(groups) - 1, -1, -1):
        end, digits, sep = groups[index]
        trimmed = index < len(groups) - 1
        if trimmed and sep.strip(" \u00a0"):
            continue  # only cut a run at a plain space
        if not trimmed and re.match(r"\w|[.,/-]\d", text[end:end + 2]):
            return None
        if valid_uk_number("0" + digits):
            if match["open"] and ")" not in text[match.start():end]:
                return None
            return match.start(), end
    return None


def _looks_like_reference(text: str, start: int, context: str) -> bool:
    before = text_before(text, start, context, 30)
    return bool(_REFERENCE_WORDS.search(before)) and not _PHONE_WORDS.search(before)


def find_phones(text: str, context: str = "") -> Iterator[Span]:
    for match in _PHONE_START.finditer(text):
        span = _phone_at(text, match)
        if span is None:
            continue
        value = text[span[0]:span[1]]
        if value.isdigit() and _looks_like_reference(text, span[0], context):
            continue
        yield span


def canonical_phone(value: str) -> str:
    """National digits: '+44 (0)1632 960100' and '01632-960-100' agree."""
    digits = digits_of(value)
    if digits.startswith("44"):
        digits = digits[2:]
    elif digits.startswith("0044"):
        digits = digits[4:]
    return "0" + digits.lstrip("0")


DETECTOR = Detector(CODE, "UK phone number", find_phones, fewest_digits=10, keep=(3, 2),
                    canonical=canonical_phone)
