"""Which months a series covers, read from how its files are named and titled:
'spend-2026-10.csv', 'October 2026', 'procurement-card-2026-07-to-09', 'April to June 2026'.
Only the gap check needs this; a series whose files name no month is judged by its dates."""

from __future__ import annotations

import re
from datetime import date

from opcc.scheme.rules.base import add_months

MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
NUMERIC = re.compile(r"(?<!\d)(20\d\d)[-_. ]?(0[1-9]|1[0-2])(?:[-_ ]?to[-_ ]?(?:(20\d\d)[-_. ]?)?"
                     r"(0[1-9]|1[0-2]))?(?!\d)")
WORDS = re.compile(rf"\b({MONTH_WORD})\.?(?:\s+(20\d\d))?(?:\s*(?:to|-|–)\s*({MONTH_WORD})\.?)?"
                   rf"\s+(20\d\d)\b", re.IGNORECASE)


def month_range(start: date, end: date) -> set[tuple[int, int]]:
    months, day = set(), start
    while day <= end and len(months) < 240:
        months.add((day.year, day.month))
        day = add_months(day, 1)
    return months


def months_named(text: str) -> set[tuple[int, int]]:
    """Every month a name or title names, ranges expanded."""
    found: set[tuple[int, int]] = set()
    for year, month, end_year, end_month in NUMERIC.findall(text):
        start = date(int(year), int(month), 1)
        end = date(int(end_year or year), int(end_month or month), 1)
        found |= month_range(start, max(end, start))
    for first, first_year, last, year in WORDS.findall(text):
        end = date(int(year), MONTHS[last.lower()] if last else MONTHS[first.lower()], 1)
        start = date(int(first_year or year), MONTHS[first.lower()], 1)
        if start > end:  # "November to January 2026"
            start = date(start.year - 1, start.month, 1)
        found |= month_range(start, end)
    return found


def series_months(names: list[str], period: str | None) -> frozenset | None:
    """The months a dataset's files cover (each file by its title, else its name); the
    descriptor's period when no file names one; None when nothing names a month."""
    found: set[tuple[int, int]] = set()
    for name in names:
        found |= months_named(name)
    if not found and period:
        found = months_named(period)
    return frozenset(found) if found else None
