"""What normalising one source cell gives (`Cell`: the text to write, the rules that
changed it, or a `Problem` instead of a guess), what it is normalised for (`Target`), and
the rules that may change a cell (`RULES`, counted and reported per rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opcc.datasets.publish import MASK

EXCEL_1900 = datetime(1899, 12, 30)  # day 0 of a workbook's (default) 1900 date system

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
    epoch: datetime = EXCEL_1900  # the workbook's date system
    date_format: str | None = None  # a schema's strftime pattern for dates (default ISO)


def import_problem(code: str, message: str, hint: str) -> Problem:
    """The problem a value has, coded dataset.import-CODE."""
    return Problem(f"dataset.import-{code}", message, hint)
