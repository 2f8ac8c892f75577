"""Formula trees evaluated against the workbook's cached values, as Excel would: its
rules for types, errors and comparisons, and the functions most sheets use."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from opcc.redaction.inspectors.xlsx.formula_parser import FormulaParser, Unsupported

# a stored number this close to the formula's is not stale: a rounded copy hides nothing
STALE_TOLERANCE = 0.01


@dataclass(frozen=True)
class ExcelError:
    code: str


Lookup = Callable[[str | None, int, int], object]


@dataclass
class FormulaEvaluator:
    """Evaluates a formula tree against the workbook's cached values, shifted by the
    offset of a shared formula's cell from its master."""

    lookup: Lookup
    budget: list[int]
    offset: tuple[int, int] = (0, 0)

    def value(self, tree):
        result = self.eval(tree)
        if isinstance(result, list):
            raise Unsupported("a range where one value is meant")
        return result

    def eval(self, tree):
        kind = tree[0]
        if kind in ("num", "str", "bool"):
            return tree[1]
        if kind == "err":
            return ExcelError(tree[1])
        if kind == "ref":
            return self.reference(tree)
        if kind in ("neg", "pos"):
            number = _number(self.value(tree[1]))
            return number if isinstance(number, ExcelError) or kind == "pos" else -number
        if kind == "bin":
            return _binary(tree[1], self.value(tree[2]), self.value(tree[3]))
        if kind == "call":
            return self.call(tree[1], tree[2])
        raise Unsupported(kind)

    def reference(self, tree):
        _, sheet, first, last = tree
        row, column = self.shift(first)
        if last is None:
            value = self.lookup(sheet, row, column)
            return 0.0 if value is None else value
        end_row, end_column = self.shift(last)
        rows = range(min(row, end_row), max(row, end_row) + 1)
        columns = range(min(column, end_column), max(column, end_column) + 1)
        self.budget[0] -= len(rows) * len(columns)
        if self.budget[0] < 0:
            raise Unsupported("too many cells")
        return [self.lookup(sheet, r, c) for r in rows for c in columns]

    def shift(self, corner: tuple[int, int, bool, bool]) -> tuple[int, int]:
        row, column, fixed_row, fixed_column = corner
        return (row + (0 if fixed_row else self.offset[0]),
                column + (0 if fixed_column else self.offset[1]))

    def call(self, name: str, arguments: list):
        if name in LAZY_FUNCTIONS:
            return LAZY_FUNCTIONS[name](self, arguments)
        function = FUNCTIONS.get(name)
        if function is None:
            raise Unsupported(name)
        values = [self.eval(a) for a in arguments]
        error = next((v for v in values if isinstance(v, ExcelError)), None)
        if error is not None and name not in AGGREGATES:
            return error
        return function(*values)


NUMERIC_TEXT = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


def _number(value):
    if isinstance(value, (ExcelError, float)):
        return value
    if isinstance(value, bool):
        return float(value)
    if value is None:
        return 0.0
    if isinstance(value, list):
        raise Unsupported("a range where one value is meant")
    if not NUMERIC_TEXT.fullmatch(value):
        raise Unsupported("text used as a number")  # Excel may read it as a date
    return float(value)


def _text(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, ExcelError):
        return value.code
    if isinstance(value, list):
        raise Unsupported("a range where one value is meant")
    return "" if value is None else str(value)


def _number_text(number: float) -> str:
    """A number as Excel's General format writes it: at most 15 significant digits."""
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    text = f"{number:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}E{'-' if exponent.startswith('-') else '+'}{abs(int(exponent)):02d}"
    return text


def _binary(operator: str, left, right):
    for value in (left, right):
        if isinstance(value, ExcelError):
            return value
    if operator == "&":
        return _text(left) + _text(right)
    if operator in FormulaParser.COMPARE:
        return _compare(operator, left, right)
    left, right = _number(left), _number(right)
    for value in (left, right):
        if isinstance(value, ExcelError):
            return value
    return _arithmetic(operator, left, right)


def _arithmetic(operator: str, left: float, right: float):
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    if operator == "/":
        return ExcelError("#DIV/0!") if right == 0 else left / right
    try:
        result = left ** right
    except (OverflowError, ZeroDivisionError):
        return ExcelError("#NUM!")
    return ExcelError("#NUM!") if isinstance(result, complex) or (left == 0 == right) else result


def _rank(value) -> int:
    return 2 if isinstance(value, bool) else 1 if isinstance(value, str) else 0


def _compare(operator: str, left, right) -> bool:
    if left is None:
        left = {0: 0.0, 1: "", 2: False}[_rank(right)] if right is not None else 0.0
    if right is None:
        right = {0: 0.0, 1: "", 2: False}[_rank(left)]
    if _rank(left) != _rank(right):
        order = _rank(left) - _rank(right)
    elif isinstance(left, str):
        a, b = left.casefold(), right.casefold()
        order = (a > b) - (a < b)
    else:
        order = (left > right) - (left < right)
    return {"=": order == 0, "<>": order != 0, "<": order < 0, ">": order > 0,
            "<=": order <= 0, ">=": order >= 0}[operator]


def _flatten(values) -> Iterator:
    """Function arguments as Excel's aggregates see them: ranges skip text and blanks."""
    for value in values:
        if isinstance(value, list):
            for item in value:
                if isinstance(item, (float, ExcelError)) and not isinstance(item, bool):
                    yield item
        elif value is not None:
            yield _number(value)


def _aggregate(combine: Callable[[list[float]], object]):
    def function(*values):
        numbers = list(_flatten(values))
        error = next((v for v in numbers if isinstance(v, ExcelError)), None)
        return error if error is not None else combine(numbers)
    return function


def _average(numbers: list[float]):
    return sum(numbers) / len(numbers) if numbers else ExcelError("#DIV/0!")


def _count(*values) -> float:
    total = 0
    for value in values:
        items = value if isinstance(value, list) else [value]
        total += sum(1 for v in items if isinstance(v, float) and not isinstance(v, bool))
    return float(total)


def _counta(*values) -> float:
    total = 0
    for value in values:
        items = value if isinstance(value, list) else [value]
        total += sum(1 for v in items if v is not None)
    return float(total)


def _rounded(mode: str):
    def function(number, digits=0.0):
        number, digits = _number(number), _number(digits)
        if isinstance(number, ExcelError) or isinstance(digits, ExcelError):
            return number if isinstance(number, ExcelError) else digits
        try:
            exact = Decimal(repr(number)).scaleb(int(digits))
            return float(exact.to_integral_value(mode).scaleb(-int(digits)))
        except (InvalidOperation, OverflowError):
            raise Unsupported("rounding") from None
    return function


def _count_argument(value, default: float = 1.0) -> int:
    number = _number(default if value is _MISSING else value)
    if isinstance(number, ExcelError) or number < 0:
        raise Unsupported("bad length")
    return int(number)


_MISSING = object()


def _left(text, count=_MISSING):
    return _text(text)[:_count_argument(count)]


def _right(text, count=_MISSING):
    length = _count_argument(count)
    return _text(text)[-length:] if length else ""


def _mid(text, start, count):
    first, length = _count_argument(start), _count_argument(count)
    if first < 1:
        return ExcelError("#VALUE!")
    return _text(text)[first - 1:first - 1 + length]


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) or value is None:
        return bool(value)
    raise Unsupported("text as a condition")


def _if(evaluator: FormulaEvaluator, arguments: list):
    if not 1 < len(arguments) < 4:
        raise Unsupported("IF")
    condition = evaluator.value(arguments[0])
    if isinstance(condition, ExcelError):
        return condition
    if _boolean(condition):
        return evaluator.value(arguments[1])
    return evaluator.value(arguments[2]) if len(arguments) == 3 else False


def _iferror(evaluator: FormulaEvaluator, arguments: list):
    if len(arguments) != 2:
        raise Unsupported("IFERROR")
    value = evaluator.value(arguments[0])
    return evaluator.value(arguments[1]) if isinstance(value, ExcelError) else value


def _logical(combine: Callable[[Iterable[bool]], bool]):
    def function(evaluator: FormulaEvaluator, arguments: list):
        values = [evaluator.value(a) for a in arguments]
        error = next((v for v in values if isinstance(v, ExcelError)), None)
        return error if error is not None else combine(_boolean(v) for v in values)
    return function


LAZY_FUNCTIONS = {"IF": _if, "IFERROR": _iferror, "AND": _logical(all), "OR": _logical(any)}
AGGREGATES = {"SUM", "MIN", "MAX", "AVERAGE", "COUNT", "COUNTA"}
FUNCTIONS: dict[str, Callable] = {
    "SUM": _aggregate(sum), "MIN": _aggregate(lambda n: min(n, default=0.0)),
    "MAX": _aggregate(lambda n: max(n, default=0.0)), "AVERAGE": _aggregate(_average),
    "COUNT": _count, "COUNTA": _counta,
    "ABS": lambda x: abs(_number(x)), "INT": lambda x: float(math.floor(_number(x))),
    "ROUND": _rounded(ROUND_HALF_UP), "ROUNDUP": _rounded(ROUND_UP),
    "ROUNDDOWN": _rounded(ROUND_DOWN),
    "NOT": lambda x: not _boolean(x),
    "LEN": lambda x: float(len(_text(x))), "LEFT": _left, "RIGHT": _right, "MID": _mid,
    "UPPER": lambda x: _text(x).upper(), "LOWER": lambda x: _text(x).lower(),
    "TRIM": lambda x: " ".join(part for part in _text(x).split(" ") if part),
    "CONCATENATE": lambda *xs: "".join(_text(x) for x in xs),
    "CONCAT": lambda *xs: "".join(_text(x) for x in xs),
    "T": lambda x: x if isinstance(x, str) else "",
    "N": lambda x: x if isinstance(x, float) else float(x) if isinstance(x, bool) else 0.0,
    "REPT": lambda x, n: _text(x) * _count_argument(n),
    "EXACT": lambda a, b: _text(a) == _text(b),
    "ISBLANK": lambda x: x is None, "ISTEXT": lambda x: isinstance(x, str),
    "ISNUMBER": lambda x: isinstance(x, float) and not isinstance(x, bool),
}


def same_result(computed, stored) -> bool:
    """Whether a cell's stored result is what its formula gives (as the sheet shows it)."""
    if computed is None:
        computed = 0.0
    if isinstance(computed, ExcelError) or isinstance(stored, ExcelError):
        return computed == stored
    if isinstance(computed, bool) or isinstance(stored, bool):
        return computed == stored and isinstance(computed, bool) == isinstance(stored, bool)
    if isinstance(computed, float) and isinstance(stored, float):
        return math.isclose(computed, stored, rel_tol=STALE_TOLERANCE, abs_tol=1e-9)
    if _text(computed) == _text(stored):
        return True
    texts = (_text(computed), _text(stored))
    return all(NUMERIC_TEXT.fullmatch(t) for t in texts) and \
        math.isclose(float(texts[0]), float(texts[1]), rel_tol=STALE_TOLERANCE, abs_tol=1e-9)
