"""Normalising dates (UK order, day first) to YYYY-MM-DD, and year-months to YYYY-MM:
text dates in the usual spellings, Excel serial numbers and workbook date cells. A month
over 12 (US order), an impossible date or a time with no date is a problem, never a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from opcc.importers.cells import EXCEL_1900, Cell, Problem, Target, import_problem

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_TIME = r"(?:[T ]\s*(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)Z?)?"
_DATE_PATTERNS = (
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME)),
    ("ymd", re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME)),
    ("dmy", re.compile(r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
                       + _TIME)),
    ("d-mon-y", re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s/-]+(?P<mon>[A-Za-z]{3,9})\.?,?"
                           r"[\s/-]+(?P<y>\d{4}|\d{2})" + _TIME)),
    ("mon-d-y", re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                           r"(?P<y>\d{4})" + _TIME)),
)
_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?")
_YEARMONTH = (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"),
              re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})"),
              re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?[\s-]+(?P<y>\d{4})"))
_EXCEL_SERIALS = (25569, 73050)  # 1970-01-01 to 2099-12-31 in the 1900 date system
DATE_HINT = ("write dates as day/month/year (UK order, e.g. 04/03/2024 or 4 Mar 2024) or "
             "YYYY-MM-DD")


def _year(text: str) -> tuple[int, bool]:
    """(four-digit year, whether it was two digits)."""
    if len(text) == 2:
        number = int(text)
        return (2000 + number if number <= 69 else 1900 + number), True
    return int(text), False


def parse_date(text: str) -> tuple[str | None, list[str], Problem | None]:
    """UK text date → (YYYY-MM-DD, rules, problem)."""
    if _TIME_ONLY.fullmatch(text):
        return None, [], import_problem(
            "date", "is a time with no date: the date was lost when the file was exported (a "
            "cell formatted as a time)", "export the column again formatted as a date "
            "(dd/mm/yyyy)")
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _serial(float(text), EXCEL_1900)
    for kind, pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _date_from(kind, match)
    return None, [], import_problem("date", "is not a date the importer can read with certainty",
                                    DATE_HINT)


def _date_from(kind: str, match: re.Match) -> tuple[str | None, list[str], Problem | None]:
    rules = [] if kind == "iso" else ["text-date"]
    year, short = _year(match["y"])
    if short:
        rules.append("two-digit-year")
    if "mon" in match.groupdict():
        month = _MONTHS.get(match["mon"].casefold())
        if month is None:
            return None, [], import_problem("date", f"has an unknown month name "
                                            f"'{match['mon'][:12]}'", DATE_HINT)
    else:
        month = int(match["m"])
    day = int(match["d"])
    if month > 12 and kind == "dmy" and day <= 12:
        return None, [], import_problem("date", "has a month over 12: it looks like month/day/year "
                                        "(US order)", "dates must be day/month/year; convert the "
                                        "column at the source (the importer never swaps them)")
    try:
        found = date(year, month, day)
    except ValueError:
        return None, [], import_problem("date", "is not a real date", DATE_HINT)
    if match["time"]:
        rules.append("time-dropped")
    elif kind == "iso" and found.isoformat() != match.group():
        rules.append("text-date")  # 2024-4-1: not zero-padded
    return found.isoformat(), rules, None


def _serial(number: float, epoch: datetime) -> tuple[str | None, list[str], Problem | None]:
    low, high = _EXCEL_SERIALS
    if epoch.year == 1904:
        low, high = low - 1462, high - 1462
    if not low <= number <= high:
        return None, [], import_problem("date", "is a number outside the range of Excel dates from "
                                        "1970 to 2099", DATE_HINT)
    moment = epoch + timedelta(days=number)
    rules = ["excel-serial"] + (["time-dropped"] if number != int(number) else [])
    return moment.date().isoformat(), rules, None


def date_cell(value: object, target: Target) -> Cell:
    if isinstance(value, datetime):
        rules = ("time-dropped",) if value.time() != time(0) else ()
        return Cell(value.date().isoformat(), rules)
    if isinstance(value, date):
        return Cell(value.isoformat())
    if isinstance(value, time):
        text, rules, problem = parse_date(value.isoformat())
        return Cell("", (), problem)
    if isinstance(value, bool):
        return Cell("", (), import_problem("date", "is true/false, not a date", DATE_HINT))
    if isinstance(value, (int, float)):
        text, rules, problem = _serial(float(value), target.epoch)
    else:
        text, rules, problem = parse_date(str(value))
    return Cell(text or "", tuple(rules), problem)


def yearmonth_cell(value: object, target: Target) -> Cell:
    if isinstance(value, (datetime, date)):
        return Cell(f"{value.year:04d}-{value.month:02d}", ("text-date",))
    text = str(value)
    for pattern in _YEARMONTH:
        match = pattern.fullmatch(text)
        if not match:
            continue
        month = _MONTHS.get(match["mon"].casefold()) if "mon" in match.groupdict() \
            else int(match["m"])
        if month and 1 <= month <= 12:
            result = f"{int(match['y']):04d}-{month:02d}"
            return Cell(result, () if result == text else ("text-date",))
    return Cell("", (), import_problem("date", "is not a year and month", "write it as YYYY-MM"))
