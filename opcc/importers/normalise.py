"""Cell normalisation for `opcc dataset import`: one source cell in, one clean CSV cell out.

`normalise(value, field)` takes a cell as the source holds it (text from a CSV; text, a
number, a date or a time from a workbook) and the schema field it goes to, and returns a
`Cell`: the text to write, the rules that changed it (see RULES) and, when the value
cannot be read with certainty, a `Problem` instead of a guess.

Rules, in the order they apply:

- every text cell: non-breaking and invisible spaces become plain spaces, line breaks
  inside a cell become one space, the ends are trimmed and runs of spaces made single;
- numbers: a £ or $ sign, thousands separators (1,234 - groups of three only),
  accounting brackets ((12.50) and ($12.50)), trailing minus (12.50-), binary float
  artefacts (1263.6100000000001 is 1263.61; only when 15 or more significant digits sit
  within a billionth of a number with six or fewer decimals), whole numbers in integer
  columns (12.0). A comma decimal (1.234,56), a euro sign or a malformed group is a problem;
- dates (UK, day first): YYYY-MM-DD stays; D/M/YYYY, D.M.YY, D-Mon-YY, 6 Jun 2023,
  June 6, 2023, Excel serial numbers (45017, workbook cells left in the General format)
  and spreadsheet date cells become YYYY-MM-DD. Two-digit years are 2000-2069 for 00-69 and
  1970-1999 for 70-99 (as Python's %y). A midnight time after the date is dropped. A month
  over 12 (US order), an impossible date, or a time with no date is a problem;
- text: a cell that is a known redaction marker (profiles/header-variants.yaml) becomes
  [redacted]; a value that matches an allowed value of the field ignoring case, spaces and
  hyphens takes the allowed spelling; yes/no become true/false in boolean columns;
- "no value" markers (the schema's missingValues, the mapping's `missing:` list, and NA or
  N/A in number and date columns) become an empty cell.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from opcc.datasets.descriptors import FieldSpec
from opcc.datasets.publish import MASK

if TYPE_CHECKING:
    from opcc.importers.sources import Plan, Table

RULES = {
    "nbsp": "non-breaking or invisible spaces made plain",
    "newline": "line breaks inside a cell joined with a space",
    "padding": "spaces trimmed from the start or end",
    "spaces": "runs of spaces inside text made single",
    "currency": "£ or $ signs removed",
    "thousands": "thousands separators removed",
    "bracket-negative": "bracketed negatives written with a minus: (12.50) → -12.50",
    "trailing-minus": "trailing-minus negatives written with a leading minus: 12.50- → -12.50",
    "float-artefact": "binary float artefacts rounded: 1263.6100000000001 → 1263.61",
    "whole-number": "whole numbers written without decimals: 12.0 → 12",
    "excel-serial": "Excel serial dates converted: 45017 → 2023-04-01",
    "text-date": "text dates written as YYYY-MM-DD",
    "two-digit-year": "two-digit years read as 20YY (00-69) or 19YY (70-99)",
    "time-dropped": "a time of day (often 00:00:00) dropped from a date",
    "marker": f"redaction markers written as {MASK}",
    "not-applicable": "'no value' markers (NA, N/A, the mapping's missing: list) left empty",
    "enum-case": "values matched to the schema's allowed spelling (case, spaces, hyphens)",
    "boolean": "yes/no written as true/false",
}

_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u200b\u2060\ufeff\t\u3000]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_SPACE_RUNS = re.compile(r" {2,}")
_NUMBER = re.compile(
    r"(?P<open>\()?\s*(?P<sign>[-+\u2212])?\s*(?P<cur>[£$])?\s*(?P<sign2>[-+\u2212])?\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?\s*(?P<trail>-)?\s*(?P<close>\))?")
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
_EXCEL_1900 = datetime(1899, 12, 30)
_LOST = re.compile(r"(?:^|(?<=\s))\?(?=\s|$)|\ufffd")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
DEFAULT_MISSING = ("na", "n/a")  # in number and date columns only


@dataclass(frozen=True)
class Problem:
    code: str  # dataset.import-…
    message: str
    hint: str
    severity: str = "error"


@dataclass(frozen=True)
class Cell:
    text: str
    rules: tuple[str, ...] = ()
    problem: Problem | None = None


@dataclass(frozen=True)
class Target:
    """What a column is normalised for: the schema field's type and our keys."""
    name: str
    type: str = "string"
    required: bool = False
    personal: bool = False
    enum: tuple[str, ...] = ()
    missing: frozenset[str] = frozenset()  # casefolded "no value" markers
    epoch: datetime = _EXCEL_1900  # the workbook's date system
    date_format: str | None = None  # a schema's strftime pattern for dates (default ISO)


# --------------------------------------------------------------------------- markers

@lru_cache(maxsize=8192)
def marker_key(text: str) -> str:
    """Compare markers ignoring case, spacing and punctuation."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@lru_cache(maxsize=1)
def markers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(any-field, first-word, personal-field) marker keys from header-variants.yaml."""
    data = yaml.safe_load(resources.files("opcc.importers").joinpath(
        "header-variants.yaml").read_text("utf-8")) or {}
    found = data.get("redaction-markers") or {}
    return tuple(frozenset(marker_key(str(m)) for m in found.get(key) or ())
                 for key in ("any-field", "first-word", "personal-fields"))


def is_marker(text: str, personal: bool) -> bool:
    key = marker_key(text)
    if not key:
        return False
    any_field, first_word, personal_only = markers()
    if key in any_field or key.split(" ", 1)[0] in first_word:
        return True
    return personal and key in personal_only


# --------------------------------------------------------------------------- text

def clean_text(value: str) -> tuple[str, list[str]]:
    """Plain spaces, no line breaks, trimmed, single spaces; with the rules applied."""
    if value.isprintable() and value[:1] != " " and value[-1:] != " " and "  " not in value:
        return value, []  # the usual case: nothing to do (NBSP, tabs, breaks aren't printable)
    rules = []
    text = value
    if _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", text)
        rules.append("nbsp")
    if _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub(" ", text)
        rules.append("newline")
    stripped = text.strip(" ")
    if stripped != text:
        rules.append("padding")
    if "  " in stripped:
        stripped = _SPACE_RUNS.sub(" ", stripped)
        rules.append("spaces")
    return stripped, rules


def lost_character(text: str) -> bool:
    """A lone '?' between spaces or U+FFFD: a character lost in an export."""
    return bool(_LOST.search(text))


# --------------------------------------------------------------------------- numbers

def _problem(code: str, message: str, hint: str) -> Problem:
    return Problem(f"dataset.import-{code}", message, hint)


NUMBER_HINT = ("write the amount as a plain number such as 1234.56 or -1234.56 (a £ sign, "
               "thousands separators, brackets and a trailing minus are understood)")


def float_text(value: float) -> tuple[str, list[str]]:
    """A workbook number as text, with binary float artefacts rounded off."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)), []
    text = repr(value)
    cleaned = _without_artefact(Decimal(text))
    if cleaned is not None:
        return cleaned, ["float-artefact"]
    return text, []


def _without_artefact(number: Decimal) -> str | None:
    """The short decimal a long binary-float expansion stands for, or None."""
    digits = number.as_tuple().digits
    if len(digits) < 15:
        return None
    for places in range(7):
        rounded = round(number, places)
        if abs(rounded - number) <= Decimal("1e-9") * max(Decimal(1), abs(number)):
            return f"{rounded:.{places}f}"
    return None


def parse_number(text: str) -> tuple[str | None, list[str], Problem | None]:
    """Text of a number in pounds → (plain number text, rules, problem)."""
    match = _NUMBER.fullmatch(text)
    if not match or not (match["int"] or match["frac"]) or bool(match["open"]) != bool(
            match["close"]):
        return None, [], _number_problem(text)
    signs = [s for s in (match["sign"], match["sign2"], match["trail"]) if s]
    negative_marks = len(signs) + (1 if match["open"] else 0)
    if negative_marks > 1 or (signs and signs[0] == "+" and match["open"]):
        return None, [], _number_problem(text)
    rules = []
    if match["cur"]:
        rules.append("currency")
    whole = match["int"] or ""
    if "," in whole:
        whole = whole.replace(",", "")
        rules.append("thousands")
    negative = bool(match["open"]) or any(s in "-\u2212" for s in signs)
    if match["open"]:
        rules.append("bracket-negative")
    elif match["trail"]:
        rules.append("trailing-minus")
    body = whole + (match["frac"] or "")
    cleaned = _without_artefact(Decimal(body)) if len(body) > 15 else None
    if cleaned is not None:
        body = cleaned
        rules.append("float-artefact")
    if negative and Decimal(body) != 0:
        body = "-" + body
    return body, rules, None


def _number_problem(text: str) -> Problem:
    if "€" in text:
        return _problem("number", "is in euros, not pounds", "convert it to pounds at the "
                        "source; the importer never converts currencies")
    if re.fullmatch(r"[-(]?[£$]?\d{1,3}(?:\.\d{3})+,\d+\)?-?", text):
        return _problem("number", "uses a comma as the decimal point (1.234,56)",
                        "write it with a decimal point: 1234.56")
    return _problem("number", "is not a number the importer can read with certainty",
                    NUMBER_HINT)


def number_cell(value: object, target: Target) -> Cell:
    if isinstance(value, bool):
        return Cell("", (), _problem("number", "is true/false, not a number", NUMBER_HINT))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return Cell("", (), _problem("number", "is not a finite number", NUMBER_HINT))
        text, rules = (str(value), []) if isinstance(value, int) else float_text(value)
    elif isinstance(value, (datetime, date, time)):
        return Cell("", (), _problem("number", "is a date or time, not a number", NUMBER_HINT))
    else:
        text, rules, problem = parse_number(str(value))
        if problem:
            return Cell("", (), problem)
    if target.type == "integer":
        return _whole(text, rules)
    return Cell(text, tuple(rules))


def _whole(text: str, rules: list[str]) -> Cell:
    if "." not in text:
        return Cell(text, tuple(rules))
    whole, frac = text.split(".", 1)
    if frac.strip("0"):
        return Cell("", (), _problem("number", "is not a whole number", "this column holds "
                                     "whole numbers (counts); check the value"))
    return Cell(whole if whole not in ("-0", "") else "0", (*rules, "whole-number"))


# --------------------------------------------------------------------------- dates

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
        return None, [], _problem("date", "is a time with no date: the date was lost when the "
                                  "file was exported (a cell formatted as a time)",
                                  "export the column again formatted as a date (dd/mm/yyyy)")
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _serial(float(text), _EXCEL_1900)
    for kind, pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _date_from(kind, match)
    return None, [], _problem("date", "is not a date the importer can read with certainty",
                              DATE_HINT)


def _date_from(kind: str, match: re.Match) -> tuple[str | None, list[str], Problem | None]:
    rules = [] if kind == "iso" else ["text-date"]
    year, short = _year(match["y"])
    if short:
        rules.append("two-digit-year")
    if "mon" in match.groupdict():
        month = _MONTHS.get(match["mon"].casefold())
        if month is None:
            return None, [], _problem("date", f"has an unknown month name "
                                      f"'{match['mon'][:12]}'", DATE_HINT)
    else:
        month = int(match["m"])
    day = int(match["d"])
    if month > 12 and kind == "dmy" and day <= 12:
        return None, [], _problem("date", "has a month over 12: it looks like month/day/year "
                                  "(US order)", "dates must be day/month/year; convert the "
                                  "column at the source (the importer never swaps them)")
    try:
        found = date(year, month, day)
    except ValueError:
        return None, [], _problem("date", "is not a real date", DATE_HINT)
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
        return None, [], _problem("date", "is a number outside the range of Excel dates from "
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
        return Cell("", (), _problem("date", "is true/false, not a date", DATE_HINT))
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
    return Cell("", (), _problem("date", "is not a year and month", "write it as YYYY-MM"))


# --------------------------------------------------------------------------- text fields

def enum_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def string_cell(text: str, target: Target) -> Cell:
    if is_marker(text, target.personal):
        return Cell(MASK, ("marker",) if text != MASK else ())
    if target.enum and text not in target.enum:
        wanted = {enum_key(v): v for v in target.enum}
        found = wanted.get(enum_key(text))
        if found is None:
            return Cell("", (), _problem("enum", "is not one of the allowed values",
                                         "use one of: " + ", ".join(target.enum) + " (or map "
                                         "the column to null if it means something else)"))
        return Cell(found, ("enum-case",))
    return Cell(text)


def boolean_cell(text: str, target: Target) -> Cell:
    key = text.casefold()
    if key in _TRUE or key in _FALSE:
        result = "true" if key in _TRUE else "false"
        return Cell(result, () if result == text else ("boolean",))
    return Cell("", (), _problem("value", "is not yes/no or true/false",
                                 "write true or false"))


def typed_text(value: object) -> tuple[str, list[str]]:
    """A workbook value as text for a text column."""
    if isinstance(value, bool):
        return ("true" if value else "false"), []
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else
                value.isoformat(sep=" ")), []
    if isinstance(value, (date, time)):
        return value.isoformat(), []
    return str(value), []


# --------------------------------------------------------------------------- entry point

_BY_TYPE = {"number": number_cell, "integer": number_cell, "date": date_cell,
            "yearmonth": yearmonth_cell}


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value)[0])


def normalise(value: object, target: Target) -> Cell:
    """One source cell for one schema field (see the module docstring)."""
    rules: list[str] = []
    if isinstance(value, str):
        value, rules = clean_text(value)
        if not value:
            return Cell("", tuple(rules))
        missing = value.casefold() in target.missing or (
            target.type in _BY_TYPE and value.casefold() in DEFAULT_MISSING)
        if missing:
            return Cell("", (*rules, "not-applicable"))
    elif value is None:
        return Cell("")
    reader = _BY_TYPE.get(target.type)
    if reader is not None:
        cell = reader(value, target)
        if target.date_format and target.type == "date" and cell.text:
            text = date.fromisoformat(cell.text).strftime(target.date_format)
            cell = Cell(text, cell.rules + (("text-date",) if text != value and
                                            "text-date" not in cell.rules else ()))
    else:
        text, extra = typed_text(value) if not isinstance(value, str) else (value, [])
        cell = boolean_cell(text, target) if target.type == "boolean" \
            else string_cell(text, target)
        rules += extra
    return Cell(cell.text, tuple(dict.fromkeys((*rules, *cell.rules))), cell.problem)


def number_value(text: str) -> Decimal | None:
    """A normalised number cell as a Decimal (None when empty or not a number)."""
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


# --------------------------------------------------------------------------- rows

TOTAL_LABEL = re.compile(r"(?:grand\s*|sub\s*-?\s*)?totals?(?:\s+(?:spend|amount|payments?|"
                         r"expenditure|for\s.*))?\s*:?", re.IGNORECASE)


def is_blank_row(row: list) -> bool:
    return all(is_blank(v) for v in row)


def is_total_label(value: object) -> bool:
    """A whole cell reading 'Total', 'Grand total', 'Sub-total:' …"""
    return isinstance(value, str) and value.lstrip()[:1] in ("t", "T", "g", "G", "s", "S") \
        and bool(TOTAL_LABEL.fullmatch(clean_text(value)[0]))


@dataclass
class Sums:
    """Running sums of the number columns, to recognise a total row by its value."""
    section: dict[str, Decimal]
    grand: dict[str, Decimal]

    @classmethod
    def empty(cls) -> Sums:
        return cls({}, {})

    def add(self, numbers: dict[str, Decimal]) -> None:
        for name, value in numbers.items():
            self.section[name] = self.section.get(name, Decimal(0)) + value
            self.grand[name] = self.grand.get(name, Decimal(0)) + value

    def is_sum(self, numbers: dict[str, Decimal]) -> bool:
        """Every number equals the sum of its column since the last total, or overall."""
        def equal(sums: dict[str, Decimal]) -> bool:
            return all(name in sums and abs(value - sums[name]) < Decimal("0.005")
                       for name, value in numbers.items())
        return bool(numbers) and (equal(self.section) or equal(self.grand))

    def new_section(self) -> None:
        self.section = {}


class ProblemLog:
    """Diagnostics at source rows: the first SHOWN of each kind in a column, then a count."""

    SHOWN = 5

    def __init__(self, path: str, sheet: str | None):
        self.path, self.sheet = path, sheet
        self.groups: dict[tuple, list] = {}

    def add(self, severity: str, code: str, message: str, hint: str, row: int | None,
            column: str | None) -> None:
        self.groups.setdefault((severity, code, column), []).append((message, hint, row))

    def where(self, column: str | None) -> str | None:
        if self.sheet is None:
            return column
        return f"'{self.sheet}'" + (f" {column}" if column else "")

    def diagnostics(self) -> list:
        from opcc.diagnostics import Diagnostic

        found = []
        for (severity, code, column), items in self.groups.items():
            for message, hint, row in items[:self.SHOWN]:
                found.append(Diagnostic(severity, code, message, path=self.path, row=row,
                                        field=self.where(column), hint=hint))
            rest = items[self.SHOWN:]
            if rest:
                rows = ", ".join(str(r) for _, _, r in rest[:8] if r) + (
                    ", …" if len(rest) > 8 else "")
                found.append(Diagnostic(
                    severity, code, f"{len(rest)} more rows with the same kind of problem in "
                    f"this column (rows {rows})", path=self.path, row=rest[0][2],
                    field=self.where(column), hint=items[0][1]))
        return found


# --------------------------------------------------------------------------- tables

@dataclass
class TableReport:
    """What happened to one CSV file or sheet: printed by the CLI, asserted by tests."""
    sheet: str | None
    header_row: int | None = None
    columns: list[tuple[str, str]] = field(default_factory=list)  # (source label, field)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (source label, reason)
    constants: dict[str, str] = field(default_factory=dict)
    empty_fields: list[str] = field(default_factory=list)  # optional, with no column
    empty_unnamed_columns: int = 0
    rows_in: int = 0  # data rows read: not blank, not a repeated header, totals included
    rows_out: int = 0
    blank_rows: int = 0
    total_rows: list[int] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)
    preamble_rows: list[int] = field(default_factory=list)
    data_above_header: int = 0
    only_dropped_rows: list[int] = field(default_factory=list)
    cells_changed: int = 0
    rules: Counter = field(default_factory=Counter)
    rule_columns: dict = field(default_factory=lambda: defaultdict(Counter))
    markers: Counter = field(default_factory=Counter)
    resource: str | None = None
    title: str | None = None
    path: str | None = None  # datasets/NAME/RESOURCE.csv
    action: str | None = None  # "new", "replaced" or "unchanged"
    diff: dict[str, int] = field(default_factory=dict)
    masked_on_publication: int = 0
    dropped_on_publication: tuple[str, ...] = ()
    rows: list[list[str]] = field(default_factory=list, repr=False)
    numbers: list[int] = field(default_factory=list, repr=False)  # source row of each row
    sources: dict[str, list[str]] = field(default_factory=dict, repr=False)
    months: list[str] = field(default_factory=list, repr=False)
    data: bytes = field(default=b"", repr=False)


class Converter:
    """Turns the rows of one table into output rows, counting every change and problem."""

    def __init__(self, table: Table, plan: Plan, specs: tuple[FieldSpec, ...],
                 targets: dict[str, Target], log: ProblemLog, report: TableReport):
        self.table, self.plan, self.specs, self.targets = table, plan, specs, targets
        self.log, self.report = log, report
        self.numeric = [s.name for s in specs if s.type in ("number", "integer")]
        self.sums = Sums.empty()
        self.dollars: set[str] = set()
        self.mapped = sorted({c.index for cols in plan.sources.values() for c in cols})
        self.date_field = next((s.name for s in specs if s.type in ("date", "yearmonth")
                                and s.name in plan.sources), None)

    def run(self, header: int) -> None:
        heading = _texts(self.table.rows[header])
        first = next((i for i, text in enumerate(heading) if text), 0)
        for index, row in enumerate(self.table.rows):
            number = self.table.numbers[index]
            if index == header or is_blank_row(row):
                self.report.blank_rows += index != header
            elif index < header and not self._looks_like_data(row):
                self.report.preamble_rows.append(number)
            elif first < len(row) and isinstance(row[first], str) \
                    and clean_text(row[first])[0] == heading[first] and _texts(row) == heading:
                self.report.repeated_headers.append(number)
            else:
                self.report.data_above_header += index < header
                self.row(row, number)
        for column in sorted(self.dollars):
            self.log.add("warning", "dataset.import-currency", "amounts in this column are "
                         "written with '$'; they were read as pounds", "check the file is in "
                         "pounds (some exports print £ as $)", None, column)

    def _looks_like_data(self, row: list) -> bool:
        filled = sum(1 for i in self.mapped if i < len(row) and not is_blank(row[i]))
        return filled >= max(2, (len(self.mapped) + 1) // 2)

    def row(self, row: list, number: int) -> None:
        self.report.rows_in += 1
        if any(is_total_label(v) for v in row):
            self._total(row, number, labelled=True)
            return
        if not any(i < len(row) and not is_blank(row[i]) for i in self.mapped):
            self.report.only_dropped_rows.append(number)
            return
        cells = {spec.name: self.cell(row, spec) for spec in self.specs}
        numbers = self._numbers(cells)
        texts = [cells[n][0].text for n in self.plan.sources if n not in self.numeric]
        if numbers and not any(texts) and self.sums.is_sum(numbers):
            self._total(row, number, labelled=False)
            return
        self.sums.add(numbers)
        for spec in self.specs:
            self.check(spec, cells[spec.name], number)
        self.report.rows.append([cells[s.name][0].text for s in self.specs])
        self.report.numbers.append(number)
        if self.date_field:
            self.report.months.append(_month(cells[self.date_field][0].text,
                                             self.targets[self.date_field]))

    def cell(self, row: list, spec: FieldSpec) -> tuple[Cell, str | None, object]:
        """(normalised cell, source column label, raw value); of several columns, a
        redaction marker in any wins, else the first filled one."""
        if spec.name in self.plan.constants:
            return self.plan.constants[spec.name], "constant", None
        columns = self.plan.sources.get(spec.name) or []
        found = first = None
        for column in columns:
            raw = row[column.index] if column.index < len(row) else None
            cell = normalise(raw, self.targets[spec.name])
            if cell.text == MASK:
                return cell, column.label, raw
            first = first or (cell, column.label, raw)
            if found is None and (cell.text or cell.problem):
                found = (cell, column.label, raw)
        return found or first or (Cell(""), None, None)

    def _numbers(self, cells: dict) -> dict[str, Decimal]:
        return {name: Decimal(cells[name][0].text) for name in self.numeric
                if name in self.plan.sources and cells[name][0].text
                and not cells[name][0].problem}

    def _total(self, row: list, number: int, labelled: bool) -> None:
        self.report.total_rows.append(number)
        if labelled:
            cells = {s.name: self.cell(row, s) for s in self.specs if s.name in self.numeric}
            numbers = self._numbers(cells)
            if numbers and not self.sums.is_sum(numbers):
                self.log.add("warning", "dataset.import-total", "the row is labelled as a "
                             "total but is not the sum of the rows above it; it was left out",
                             "check no rows are missing above it", number, None)
        self.sums.new_section()

    def check(self, spec: FieldSpec, found: tuple, number: int) -> None:
        cell, label, raw = found
        if cell.rules and label != "constant":
            self._count(cell, label, raw)
        if cell.problem:
            problem = cell.problem
            self.log.add(problem.severity, problem.code, f"value '{_shown(raw, spec)}' "
                         f"{problem.message} (field {spec.name})", problem.hint, number, label)
        elif not cell.text and self.targets[spec.name].required:
            self.log.add("error", "dataset.import-required", f"the cell is empty and field "
                         f"'{spec.name}' requires a value", "fill it in at the source (a "
                         "withheld value can be written as [redacted])", number, label)
        elif spec.type == "string" and lost_character(cell.text):
            self.log.add("warning", "dataset.import-lost-character", f"a '?' between spaces in "
                         f"field {spec.name} probably stands for a character lost in the "
                         "export (such as an en dash)", "correct it at the source if it "
                         "matters", number, label)

    def _count(self, cell: Cell, label: str, raw: object) -> None:
        self.report.cells_changed += 1
        for rule in cell.rules:
            self.report.rules[rule] += 1
            self.report.rule_columns[rule][label] += 1
        if "marker" in cell.rules:
            self.report.markers[clean_text(str(raw))[0]] += 1
        if "currency" in cell.rules and "$" in str(raw):
            self.dollars.add(label)


def _month(text: str, target: Target) -> str:
    """YYYY-MM of a normalised date cell (in the schema's format, if it has one)."""
    if text and target.date_format and target.type == "date":
        try:
            return datetime.strptime(text, target.date_format).strftime("%Y-%m")
        except ValueError:
            return ""
    return text[:7]


def _texts(row: list) -> list[str]:
    return [clean_text(str(v))[0] if v is not None else "" for v in row]


def _shown(raw: object, spec: FieldSpec) -> str:
    """A value for a message: personal fields only by their first letter, and anything the
    redaction scanner recognises (an email, a phone number …) only in its masked form."""
    text = clean_text(raw)[0] if isinstance(raw, str) else str(raw)
    if spec.personal or spec.redact:
        return text[:1] + "…" if len(text) > 1 else "…"
    for finding in sorted(_scanner().scan(text), key=lambda f: -f.start):
        text = text[:finding.start] + finding.masked + text[finding.end:]
    return text if len(text) <= 40 else text[:37] + "…"


@lru_cache(maxsize=1)
def _scanner():
    from opcc.redaction import Scanner
    return Scanner()


