"""redaction.payment-card: 13-19 digits with a known issuer prefix that pass Luhn."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import (
    FIRST_DIGIT,
    NO_NUMBER_AFTER,
    Detector,
    Span,
    digits_of,
)

CODE = "redaction.payment-card"

_CARD = re.compile(FIRST_DIGIT + r"(?:[ -]?\d){12,18}" + NO_NUMBER_AFTER)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _known_issuer(digits: str) -> bool:
    """Known ISO/IEC 7812 issuer ranges and their lengths."""
    n, two, four = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)  # Visa
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16  # Mastercard
    if two in (34, 37):
        return n == 15  # American Express
    if 3528 <= four <= 3589 or two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305:
        return 14 <= n <= 19  # JCB, Diners
    if digits[0] in "56":
        return 13 <= n <= 19  # Discover, UnionPay, Maestro
    return False


def find_cards(text: str, context: str = "") -> Iterator[Span]:
    for match in _CARD.finditer(text):
        value = match.group()
        if len(set(re.sub(r"\d", "", value))) > 1:
            continue  # mixed separators: not one number
        digits = digits_of(value)
        if _known_issuer(digits) and luhn_valid(digits):
            yield match.span()


DETECTOR = Detector(CODE, "payment card number", find_cards, fewest_digits=13, keep=(0, 4))
