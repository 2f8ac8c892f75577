"""redaction.date-of-birth: a date right after "DOB", "date of birth", "born (on)" or
"birth date", or any date when the column name says date of birth."""

from __future__ import annotations

import re
from collections.abc import Iterator

from opcc.redaction.detectors.base import Detector, Span, mentions

CODE = "redaction.date-of-birth"

_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d1>\d{1,2})([/.-])(?P<m1>\d{1,2})\2(?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?[ -](?:of )?(?P<mon3>{_MONTHS})\.?[ -],?"
    r"(?P<y3>\d{4}|\d{2})"
    rf"|(?P<mon4>{_MONTHS})\.? (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y4>\d{{4}})"
    r")(?![\w/]|[.-]\d)", re.IGNORECASE)
_DOB_WORDS = re.compile(
    r"(?<![a-z])(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s*date|birthday|born)(?![a-z])")
_DOB_GAP = re.compile(r"^(?:[\s:=,.()\-–]|on|is|was|the|of|dated)*$")
_DOB_REACH = 40  # characters after a keyword in which the date must start


def _valid_date(match: re.Match) -> bool:
    day = match["d1"] or match["d2"] or match["d3"] or match["d4"]
    month = match["m1"] or match["m2"]
    return 1 <= int(day) <= 31 and (month is None or 1 <= int(month) <= 12)


def _dob_column(context: str) -> bool:
    return bool(context) and bool(_DOB_WORDS.search(context.lower().replace("_", " ")))


def _dates_after(text: str, low: str, keyword_end: int) -> Iterator[Span]:
    """The first valid date right after a keyword, with only filler words in between."""
    window = keyword_end + _DOB_REACH + 30
    for candidate in _DATE.finditer(text, keyword_end, min(len(text), window)):
        match = _DATE.match(text, candidate.start())  # again without the window's end
        if match is None or match.start() > keyword_end + _DOB_REACH:
            return
        if _DOB_GAP.match(low[keyword_end:match.start()]) and _valid_date(match):
            yield match.span()
        return


def find_dates_of_birth(text: str, context: str = "") -> Iterator[Span]:
    if _dob_column(context):
        for match in _DATE.finditer(text):
            if _valid_date(match):
                yield match.span()
        return
    if not mentions(text, "", ("dob", "d.o.b", "d o b", "birth", "born")):
        return
    low = text.lower()
    for keyword in _DOB_WORDS.finditer(low):
        yield from _dates_after(text, low, keyword.end())


DETECTOR = Detector(CODE, "date of birth", find_dates_of_birth, fewest_digits=3, keep=(0, 2))
