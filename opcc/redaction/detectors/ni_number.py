"""redaction.ni-number: two prefix letters (Q, D, F, I, U, V rules and the never-issued pairs),
six digits, suffix A-D; the reserved prefixes QQ, OO, FY, CR, MW and NC count too."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import (
    NOTHING_BEFORE,
    Detector,
    Span,
    compact,
    mask_chars,
    not_mixed_case,
)

CODE = "redaction.ni-number"

_NI = re.compile(rf"([A-Za-z]{NOTHING_BEFORE}[A-Za-z]) ?(\d{{2}}) ?(\d{{2}}) ?(\d{{2}}) ?([A-Da-d])"
                 r"(?![A-Za-z0-9])")
_NI_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")
_NI_SECOND = set("ABCEGHJKLMNPRSTWXYZ")
_NI_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NI_RESERVED = {"QQ", "OO", "FY", "CR", "MW", "NC"}  # examples and administrative prefixes


def valid_ni_prefix(prefix: str) -> bool:
    prefix = prefix.upper()
    if prefix in _NI_RESERVED:
        return True
    return prefix[0] in _NI_FIRST and prefix[1] in _NI_SECOND and prefix not in _NI_NEVER


# Digits are rarer than letters: find the digits and suffix first, then read the prefix.
_NI_TAIL = re.compile(r"\d\d ?\d\d ?\d\d ?[A-Da-d](?![A-Za-z0-9])")


def find_ni_numbers(text: str, context: str = "") -> Iterator[Span]:
    for tail in _NI_TAIL.finditer(text):
        for start in (tail.start() - 2, tail.start() - 3):
            match = _NI.match(text, start) if start >= 0 else None
            if match and match.end() == tail.end():
                if valid_ni_prefix(match[1]) and not_mixed_case(match.group()):
                    yield match.span()
                break


def mask_ni_number(value: str) -> str:
    letters = compact(value).upper()
    if len(letters) != 9:
        return mask_chars(letters, 1, 1)
    return f"{letters[:2]} {letters[2:4]} … {letters[-1]}"


DETECTOR = Detector(CODE, "National Insurance number", find_ni_numbers, fewest_digits=6,
                    mask=mask_ni_number)
