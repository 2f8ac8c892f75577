"""What the due rules share: the financial year, month arithmetic, reading parameters."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


class RuleError(ValueError):
    """A due rule that cannot be read; the message says what is wrong."""


def iso_date(value) -> date | None:
    """A date as YAML gives it, or as text (site.yaml and nested front matter keep
    scalars as written); None when it is not an ISO date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def financial_year_start(day: date) -> date:
    """1 April of the financial year that `day` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_name(start_year: int) -> str:
    """'2026/27' for the year that starts on 1 April 2026."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_number(data: dict, key: str, default: int | None = None, minimum: int = 0) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RuleError(f"'{key}' must be a whole number of at least {minimum}, not {value!r}")
    return value


def names(data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if isinstance(value, str):
        value = [value]
    if not value or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"'{key}' must name one or more events")
    return tuple(value)


def no_other_keys(data: dict, allowed: tuple[str, ...]) -> None:
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise RuleError(f"unknown key '{extra[0]}'; this rule takes: {', '.join(allowed) or 'nothing'}")


ONE_DAY = timedelta(days=1)
