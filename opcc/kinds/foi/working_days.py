"""Working days as FOIA section 10 counts them: UK bank holidays, deadlines.

A working day is any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a
bank holiday in any part of the United Kingdom (s10(6)); the date of receipt is day 0.
"""

from __future__ import annotations

import bisect
import functools
from datetime import date, timedelta

TIME_LIMIT = 20  # working days, FOIA s10(1) and EIR reg 5(2)
EXTENDED_LIMIT = 40  # working days: EIR reg 7(1); the s45 Code's reasonable FOIA extension
UK_SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")


@functools.cache
def uk_bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays of `year` in any part of the UK (the union of England, Wales,
    Scotland and Northern Ireland), with Christmas Day, Good Friday, substitute days and
    proclaimed one-off holidays, from the `holidays` library. Cached per year; do not
    mutate the result."""
    import holidays  # imported lazily: only the FOI stage needs it

    days: dict[date, set[str]] = {}
    for subdivision in UK_SUBDIVISIONS:
        calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
        for day, names in calendar.items():
            days.setdefault(day, set()).update(n.strip() for n in names.split(";"))
    return {day: "; ".join(sorted(names)) for day, names in sorted(days.items())}


def is_working_day(day: date) -> bool:
    """FOIA s10(6): any day other than a Saturday, a Sunday, Christmas Day, Good Friday or
    a bank holiday in any part of the United Kingdom. Office closure days still count."""
    return day.weekday() < 5 and day not in uk_bank_holidays(day.year)


@functools.cache
def _working_ordinals(year: int) -> tuple[int, ...]:
    """The working days of `year`, as sorted date ordinals (for fast counting)."""
    day = date(year, 1, 1)
    result = []
    while day.year == year:
        if is_working_day(day):
            result.append(day.toordinal())
        day += timedelta(days=1)
    return tuple(result)


def working_days(received: date, responded: date) -> int:
    """Working days taken, counted as s10 counts them: the date of receipt is day 0 and the
    first working day after it is day 1, so a request received on a Saturday has Monday as
    day 1 (the date of receipt need not be a working day: ICO line to take LTT47). An
    answer on the day of receipt, or before it, took 0 days."""
    if responded <= received:
        return 0
    start, end = received.toordinal(), responded.toordinal()
    return sum(bisect.bisect_right(days, end) - bisect.bisect_right(days, start)
               for days in map(_working_ordinals, range(received.year, responded.year + 1)))


def deadline(received: date, working_days: int = TIME_LIMIT) -> date:
    """The `working_days`-th working day following the date of receipt (s10(1))."""
    if working_days <= 0:
        return received
    remaining, year = working_days, received.year
    days = _working_ordinals(year)
    index = bisect.bisect_right(days, received.toordinal())
    while index + remaining > len(days):
        remaining -= len(days) - index
        year, index = year + 1, 0
        days = _working_ordinals(year)
    return date.fromordinal(days[index + remaining - 1])
