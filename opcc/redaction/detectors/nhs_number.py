"""redaction.nhs-number: ten digits in an issued range that pass modulus 11; a bare run of
ten digits only when "NHS" is written just before it (or in the column name)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import (
    FIRST_DIGIT,
    NO_NUMBER_AFTER,
    Detector,
    Span,
    text_before,
)

CODE = "redaction.nhs-number"

_NHS = re.compile(rf"({FIRST_DIGIT}\d{{2}})([ -]?)(\d{{3}})\2(\d{{4}})" + NO_NUMBER_AFTER)
_NHS_WORDS = re.compile(r"(?<![a-z])(?:nhs|chi|h&c|health)(?![a-z])")


def valid_nhs_number(digits: str) -> bool:
    """Modulus 11 with weights 10…2; check 11 → 0, 10 → invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _issued_range(digits: str) -> bool:
    """Issued ranges: 3xx (NI from 320), 4xx, 6xx, 7xx, 9xx (test and example numbers),
    and Scottish CHI numbers, which start with the date of birth (DDMMYY)."""
    if digits[0] in "4679" or "320" <= digits[:3] <= "399":
        return True
    return 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12


def find_nhs_numbers(text: str, context: str = "") -> Iterator[Span]:
    for match in _NHS.finditer(text):
        digits = match[1] + match[3] + match[4]
        if not (_issued_range(digits) and valid_nhs_number(digits)):
            continue
        if not match[2] and not _NHS_WORDS.search(text_before(text, match.start(), context, 30)):
            continue
        yield match.span()


DETECTOR = Detector(CODE, "NHS number", find_nhs_numbers, fewest_digits=10, keep=(0, 3))
