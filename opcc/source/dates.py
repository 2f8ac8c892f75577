"""Dates as people write them: ISO (YYYY-MM-DD) is the only form a record accepts; a
day-first date (30/04/2024) is recognised to say what to write instead, and read as a
date where a spreadsheet export is converted."""

from __future__ import annotations

import re
from datetime import date

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def iso_date_hint(text: str, example: str) -> str:
    """The hint for a date not written YYYY-MM-DD: its ISO form when it is day-first."""
    match = DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f"write dates as YYYY-MM-DD: {date(year, month, day).isoformat()}"
        except ValueError:
            return "that day does not exist; write dates as YYYY-MM-DD"
    return f"write dates as YYYY-MM-DD, e.g. {example}"


def iso_or_day_first(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY; None for anything else or no such day."""
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text)
        match = DAY_FIRST.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None
