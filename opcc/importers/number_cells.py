"""Normalising numbers (amounts in pounds): £ and $ signs, thousands separators,
accounting brackets and trailing minus signs, binary float artefacts, whole numbers in
integer columns. A euro amount, a decimal comma or a malformed group is a problem.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import Decimal

from opcc.importers.cells import Cell, Problem, Target, import_problem

_NUMBER = re.compile(
    r"(?P<open>\()?\s*(?P<sign>[-+\u2212])?\s*(?P<cur>[£$])?\s*(?P<sign2>[-+\u2212])?\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?\s*(?P<trail>-)?\s*(?P<close>\))?")
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
        return import_problem("number", "is in euros, not pounds", "convert it to pounds at the "
                              "source; the importer never converts currencies")
    if re.fullmatch(r"[-(]?[£$]?\d{1,3}(?:\.\d{3})+,\d+\)?-?", text):
        return import_problem("number", "uses a comma as the decimal point (1.234,56)",
                              "write it with a decimal point: 1234.56")
    return import_problem("number", "is not a number the importer can read with certainty",
                          NUMBER_HINT)


def number_cell(value: object, target: Target) -> Cell:
    if isinstance(value, bool):
        return Cell("", (), import_problem("number", "is true/false, not a number", NUMBER_HINT))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return Cell("", (), import_problem("number", "is not a finite number", NUMBER_HINT))
        text, rules = (str(value), []) if isinstance(value, int) else float_text(value)
    elif isinstance(value, (datetime, date, time)):
        return Cell("", (), import_problem("number", "is a date or time, not a number",
                                           NUMBER_HINT))
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
        return Cell("", (), import_problem("number", "is not a whole number", "this column holds "
                                           "whole numbers (counts); check the value"))
    return Cell(whole if whole not in ("-0", "") else "0", (*rules, "whole-number"))
