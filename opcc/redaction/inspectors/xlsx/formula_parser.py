"""Formulas parsed into trees: constants, references, operators and function calls.
A formula the parser does not know raises `Unsupported`: its stored result is not judged."""

from __future__ import annotations

import re

from opcc.redaction.inspectors.xlsx.sheets import column_number


class Unsupported(Exception):
    """A formula the checker does not evaluate: its stored result is not judged."""


_FORMULA_TOKEN = re.compile(r"""
 (?P<space>\s+)
|(?P<string>"(?:[^"]|"")*")
|(?P<func>(?:_xlfn\.)?[A-Za-z][A-Za-z0-9.]*)\(
|(?P<bool>TRUE|FALSE)(?![\w.(!])
|(?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[A-Za-z0-9_][\w.]*)!)?
   \$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w.(!:\[])
|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
|(?P<error>\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A))
|(?P<op><>|<=|>=|[-+*/^&=<>%(),])
""", re.VERBOSE | re.IGNORECASE)


def _tokens(formula: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(formula):
        match = _FORMULA_TOKEN.match(formula, position)
        if match is None:
            raise Unsupported(formula[position:position + 10])
        position = match.end()
        if match.lastgroup != "space":
            kind = "ref" if match.group("ref") else match.lastgroup
            tokens.append((kind, match.group(kind)))
    return tokens


class FormulaParser:
    """Formulas to trees: constants, references, operators and a few functions."""

    COMPARE = ("=", "<>", "<", ">", "<=", ">=")

    def __init__(self, formula: str):
        self.tokens = _tokens(formula)
        self.position = 0

    def parse(self):
        tree = self.binary(0)
        if self.position != len(self.tokens):
            raise Unsupported("trailing tokens")
        return tree

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if not token[0]:
            raise Unsupported("unexpected end")
        self.position += 1
        return token

    LEVELS = (COMPARE, ("&",), ("+", "-"), ("*", "/"), ("^",))

    def binary(self, level: int):
        if level == len(self.LEVELS):
            return self.unary()
        tree = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in self.LEVELS[level]:
            operator = self.take()[1]
            tree = ("bin", operator, tree, self.binary(level + 1))
        return tree

    def unary(self):
        if self.peek() in (("op", "-"), ("op", "+")):
            sign = self.take()[1]
            operand = self.unary()
            return ("neg", operand) if sign == "-" else ("pos", operand)
        tree = self.primary()
        while self.peek() == ("op", "%"):
            self.take()
            tree = ("bin", "/", tree, ("num", 100.0))
        return tree

    def primary(self):
        kind, text = self.take()
        if kind == "number":
            return ("num", float(text))
        if kind == "string":
            return ("str", text[1:-1].replace('""', '"'))
        if kind == "bool":
            return ("bool", text.upper() == "TRUE")
        if kind == "error":
            return ("err", text.upper())
        if kind == "ref":
            return _reference(text)
        if kind == "func":
            return ("call", text.upper().removeprefix("_XLFN."), self.arguments())
        if (kind, text) == ("op", "("):
            tree = self.binary(0)
            if self.take() != ("op", ")"):
                raise Unsupported("unbalanced")
            return tree
        raise Unsupported(text)

    def arguments(self) -> list:
        found = []
        if self.peek() == ("op", ")"):
            self.take()
            return found
        while True:
            found.append(self.binary(0))
            separator = self.take()
            if separator == ("op", ")"):
                return found
            if separator != ("op", ","):
                raise Unsupported("bad arguments")


def _reference(text: str):
    sheet = None
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    corners = [_corner(part) for part in text.split(":")]
    return ("ref", sheet, corners[0], corners[1] if len(corners) > 1 else None)


def _corner(text: str) -> tuple[int, int, bool, bool]:
    match = re.fullmatch(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)", text)
    if match is None:
        raise Unsupported(text)
    return (int(match.group(4)), column_number(match.group(2)), bool(match.group(3)),
            bool(match.group(1)))
