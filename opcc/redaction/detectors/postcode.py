"""redaction.postcode: the strict outward and inward patterns, upper or lower case (not
mixed), in a real postcode area (postcode_areas.AREAS) or GIR 0AA, so stock and product
codes with a postcode's shape ("US0 2BG", "UT40 4XL") do not fire."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import (
    NOTHING_BEFORE,
    Detector,
    Span,
    compact,
    not_mixed_case,
)
from opcc.redaction.postcode_areas import AREAS, SPECIAL_POSTCODES

CODE = "redaction.postcode"

_POSTCODE = re.compile(  # upper- and lower-case classes written out: IGNORECASE is slow
    rf"[A-PR-UWYZa-pr-uwyz]{NOTHING_BEFORE}"
    r"(?:(?:[0-9][0-9A-HJKPSTUWa-hjkpstuw]?|[A-HK-Ya-hk-y][0-9][0-9ABEHMNPRVWXYabehmnprvwxy]?)"
    r"(?P<space>[ \u00a0]?)[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}"
    r"|(?<=[Gg])(?:IR ?0AA|ir ?0aa))(?![A-Za-z0-9])")


def in_real_area(value: str) -> bool:
    """The letters before the first digit name a postcode area (or it is GIR 0AA)."""
    letters = compact(value).upper()
    if letters in SPECIAL_POSTCODES:
        return True
    area = letters[:2] if letters[1].isalpha() else letters[:1]
    return area in AREAS


# The inward code (digit, two letters) is rarer than a letter: find it, then the outward.
_INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])")


def _candidates(text: str) -> Iterator[re.Match]:
    for inward in _INWARD.finditer(text):
        for start in range(max(inward.start() - 5, 0), inward.start()):
            match = _POSTCODE.match(text, start)
            if match and match.end() == inward.end():
                yield match
                break


def find_postcodes(text: str, context: str = "") -> Iterator[Span]:
    for match in _candidates(text):
        value = match.group()
        if not not_mixed_case(value):
            continue
        if not match["space"] and not value.isupper():
            continue
        if in_real_area(value):
            yield match.span()


def mask_postcode(value: str) -> str:
    return f"{compact(value).upper()[:-3]} …"


DETECTOR = Detector(CODE, "UK postcode", find_postcodes, fewest_digits=1, mask=mask_postcode)
