"""XLSX and XLSM workbooks, read part by part from their XML so nothing is published unread.

Spreadsheet libraries hide what matters here (the cached result of every formula, shared
text no cell uses, parts they do not model), so the package is read directly. Every part
is read by one of the readers below or reported by `Package.finish` as an unknown part:

- worksheets, streamed row by row so tens of thousands of rows stay linear: every cell's
  value and formula, scanned by column with the header as context; values hidden by the
  sheet (hidden or zero-height rows, hidden or zero-width columns, cells under a merge)
  or by formatting (a number format that does not show the value, text in its fill's
  colour, a font too small to read); formula results the formula would not give now
  (`attachment.stale-value`); data validation lists and messages, print headers and
  footers, hyperlinks, conditional formats and filters;
- the workbook (sheet names and states, defined names, the folder it was saved in),
  shared strings (all of them, so text no cell uses is still scanned), styles and theme;
- comments (legacy and threaded) and their authors, drawings and text boxes, charts with
  their cached data, tables, pivot tables and caches, slicers, query tables, data
  connections, external links, custom XML, document properties and printer settings;
- embedded pictures get the image check; macros and embedded objects are reported.

A part no relationship reaches, or a sheet the workbook does not list, is read and also
reported: Excel never shows it. Not judged: values hidden by conditional formatting, by
a table style, or by text in drawings coloured like its shape.
"""

from __future__ import annotations

import colorsys
import html
import math
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from urllib.parse import unquote

from .inspection import WARNING, Inspection, decode_text, plural, runs
from .package import RELATIONSHIPS, Package, local, office_properties
from .package import file_name as _file_name

# Every part is read, so nothing is inert by review: a part on no reader's list is unknown.
INERT: tuple[str, ...] = ()

ROW_MIN_POINTS = 3.0  # a row lower than this shows no readable text
COLUMN_MIN_CHARS = 0.5  # a column narrower than this shows nothing
FONT_MIN_POINTS = 2.0  # text smaller than this can't be read
MIN_CONTRAST = 1.2  # WCAG contrast ratio under which text can't be told from its fill
RANGE_BUDGET = 2_000_000  # cells summed while checking formulas, per workbook
# a stored number this close to the formula's is not stale: a rounded copy hides nothing
STALE_TOLERANCE = 0.01

_SECRET_ATTRIBUTE = re.compile(r"(?i)hash|salt|password|spincount")
_USER_FOLDER = re.compile(r"(?i)(?:^|[\\/])(?:users|documents and settings|home|personal)[\\/]"
                          r"([^\\/]+)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
FORMULA_TEXT_MARKS = ('"', "'", "[", "@")  # text, sheet or file names, addresses


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        book = _Book(inspection, package)
        book.read_all()
        package.finish(INERT)


def package_findings(path, scanner, organisation: tuple[str, ...] = ()) -> list:
    """The workbook-level checks only (links, connections, properties, pivot caches,
    comments, embedded objects), for a workbook the importer reads but does not publish."""
    inspection = Inspection(path, scanner, organisation)
    with Package(inspection) as package:
        book = _Book(inspection, package)
        book.read_workbook_level()
    return inspection.result()


# --------------------------------------------------------------------------- relationships

@dataclass(frozen=True)
class Rel:
    rels_part: str
    id: str
    kind: str  # the last word of the relationship type: worksheet, drawing, hyperlink …
    target: str  # a part name, or the raw target of an external relationship
    external: bool


class Relations:
    """Every relationship in the package, and which parts the package root reaches."""

    def __init__(self, package: Package):
        self.by_source: dict[str, list[Rel]] = {}
        for name in package.matching(r"(?:.*/)?_rels/[^/]*\.rels"):
            source = _rels_source(name)
            self.by_source[source] = [self._rel(name, source, r)
                                      for r in package.relationships(name)]
        self.reachable = self._reachable()

    @staticmethod
    def _rel(name: str, source: str, rel: dict[str, str]) -> Rel:
        external = rel["TargetMode"].lower() == "external"
        target = rel["Target"] if external else _resolve(source, rel["Target"])
        return Rel(name, rel["Id"], rel["Type"].rstrip("/").rsplit("/", 1)[-1], target, external)

    def _reachable(self) -> set[str]:
        seen, todo = {""}, [""]
        while todo:
            for rel in self.by_source.get(todo.pop(), []):
                if not rel.external and rel.target not in seen:
                    seen.add(rel.target)
                    todo.append(rel.target)
        return seen

    def of(self, part: str) -> list[Rel]:
        return self.by_source.get(part, [])

    def get(self, part: str, rid: str) -> Rel | None:
        return next((rel for rel in self.of(part) if rel.id == rid), None)

    def first(self, part: str, kind: str) -> str | None:
        return next((r.target for r in self.of(part) if r.kind == kind and not r.external), None)


def _rels_source(rels_part: str) -> str:
    """xl/worksheets/_rels/sheet1.xml.rels -> xl/worksheets/sheet1.xml; _rels/.rels -> ''."""
    folder, name = posixpath.split(rels_part)
    parent = posixpath.dirname(folder)
    source = name[:-len(".rels")]
    return posixpath.join(parent, source) if source else ""


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("./")


# --------------------------------------------------------------------------- colours

RGB = tuple[float, float, float]
BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)
# Excel numbers theme colours lt1, dk1, lt2, dk2, … though the theme lists dk1 first
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
               "accent5", "accent6", "hlink", "folHlink")
OFFICE_THEME = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6",
                "accent1": "4472C4", "accent2": "ED7D31", "accent3": "A5A5A5",
                "accent4": "FFC000", "accent5": "5B9BD5", "accent6": "70AD47",
                "hlink": "0563C1", "folHlink": "954F72"}
SYSTEM_COLOURS = {"windowText": "000000", "window": "FFFFFF"}


def _hex(value: str) -> RGB | None:
    value = value.strip().lstrip("#")[-6:]  # ARGB: Excel ignores the alpha byte
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return None
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _tinted(rgb: RGB, tint: float) -> RGB:
    hue, light, saturation = colorsys.rgb_to_hls(*rgb)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), saturation)


def _luminance(rgb: RGB) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: RGB, second: RGB) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Palette:
    """Resolves SpreadsheetML colours: rgb (with alpha), theme with tint, indexed, auto."""

    def __init__(self, theme: list[RGB], indexed: list[RGB]):
        self.theme = theme
        self.indexed = indexed

    def rgb(self, attrs, default: RGB | None) -> RGB | None:
        if attrs is None:
            return default
        base = default
        if attrs.get("rgb"):
            base = _hex(attrs["rgb"])
        elif attrs.get("theme") is not None:
            index = int(attrs["theme"])
            base = self.theme[index] if 0 <= index < len(self.theme) else None
        elif attrs.get("indexed") is not None:
            base = self._indexed(int(attrs["indexed"]), default)
        tint = float(attrs.get("tint") or 0)
        return _tinted(base, tint) if base is not None and tint else base

    def _indexed(self, index: int, default: RGB | None) -> RGB | None:
        if 0 <= index < len(self.indexed):
            return self.indexed[index]
        return {64: BLACK, 65: WHITE}.get(index, default)  # system foreground, background


def _default_indexed() -> list[RGB]:
    from openpyxl.styles.colors import COLOR_INDEX

    return [_hex(value) or BLACK for value in COLOR_INDEX]


def _theme_colours(root) -> list[RGB]:
    found: dict[str, RGB] = {}
    for scheme in root.iter():
        if local(scheme.tag) != "clrScheme":
            continue
        for slot in scheme:
            colour = next((c for c in slot if local(c.tag) in ("srgbClr", "sysClr")), None)
            if colour is not None:
                value = colour.get("lastClr") or colour.get("val") or ""
                rgb = _hex(SYSTEM_COLOURS.get(value, value))
                if rgb is not None:
                    found[local(slot.tag)] = rgb
        break
    return [found.get(name) or _hex(OFFICE_THEME[name]) for name in THEME_ORDER]  # type: ignore


# --------------------------------------------------------------------------- number formats

@dataclass(frozen=True)
class Section:
    shows_number: bool  # a digit placeholder, a date or time code, General
    shows_text: bool  # an @
    condition: tuple[str, float] | None
    colour: RGB | None = None  # [White], [Color2]: the section's own font colour


_FORMAT_TOKEN = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?|;|.', re.DOTALL)
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\]")
_ELAPSED = re.compile(r"(?i)\[(h+|m+|s+)\]")
_FORMAT_COLOUR = re.compile(r"(?i)\[(black|white|red|green|blue|yellow|magenta|cyan|"
                            r"colou?r\s*(\d+))\]")
NAMED_COLOURS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "00FF00",
                 "blue": "0000FF", "yellow": "FFFF00", "magenta": "FF00FF", "cyan": "00FFFF"}
_NUMBER_CODES = set("0#?") | set("yYmMdDhHsSeEgGbBnN")


def _sections(code: str) -> list[Section]:
    sections, tokens = [], []
    for token in _FORMAT_TOKEN.findall(code):
        if token == ";":
            sections.append(_section(tokens))
            tokens = []
        else:
            tokens.append(token)
    sections.append(_section(tokens))
    return sections


def _section(tokens: list[str]) -> Section:
    shows_number = shows_text = False
    condition = colour = None
    for token in tokens:
        if token.startswith("["):
            match = _CONDITION.fullmatch(token)
            if match:
                condition = (match.group(1), float(match.group(2)))
            colour = _format_colour(token) or colour
            shows_number |= bool(_ELAPSED.fullmatch(token))
        elif token == "@":
            shows_text = shows_number = True
        elif len(token) == 1 and token in _NUMBER_CODES:
            shows_number = True
    return Section(shows_number, shows_text, condition, colour)


def _format_colour(token: str) -> RGB | None:
    match = _FORMAT_COLOUR.fullmatch(token)
    if match is None:
        return None
    if match.group(2):  # [ColorN]: the Nth colour of the 56-colour palette
        palette = _default_indexed()
        index = int(match.group(2)) + 7
        return palette[index] if index < len(palette) else None
    return _hex(NAMED_COLOURS[match.group(1).lower()])


@dataclass(frozen=True)
class NumberFormat:
    """Which section of a format applies to a value, and whether it shows the value.
    A section that shows nothing, or only fixed text, hides the value it applies to."""

    numbers: tuple[Section, ...]
    text: Section | None  # None: text is shown as it is
    general: bool = False
    coloured: bool = False

    def __post_init__(self) -> None:
        sections = [*self.numbers, *([self.text] if self.text else [])]
        object.__setattr__(self, "coloured", any(s.colour for s in sections))

    @classmethod
    def parse(cls, code: str) -> NumberFormat:
        if not code.strip() or code.strip().lower() == "general":
            return cls((Section(True, True, None),), None, general=True)
        sections = _sections(code)
        if len(sections) >= 4:
            return cls(tuple(sections[:3]), sections[3])
        if len(sections) > 1 and sections[-1].shows_text:
            return cls(tuple(sections[:-1]), sections[-1])
        return cls(tuple(sections), None)

    def hides(self, value) -> bool:
        if isinstance(value, str):
            return self.hides_text()
        return isinstance(value, float) and self.hides_number(value)

    def hides_text(self) -> bool:
        return self.text is not None and not self.text.shows_text

    def colour(self, value) -> RGB | None:
        """The colour the format gives this value, if it names one."""
        if isinstance(value, str):
            return self.text.colour if self.text is not None else None
        if isinstance(value, float):
            section = self._section_for(value)
            return section.colour if section is not None else None
        return None

    def hides_number(self, number: float) -> bool:
        if number == 0:  # a zero shown as "-" or nothing hides nothing
            return False
        section = self._section_for(number)
        return section is not None and not section.shows_number

    def _section_for(self, number: float) -> Section | None:
        sections = self.numbers
        if any(s.condition for s in sections[:2]):
            for section in sections[:2]:
                if section.condition and _holds(section.condition, number):
                    return section
            return next((s for s in sections if not s.condition), None)
        if len(sections) == 1 or number > 0:
            return sections[0]
        return sections[1] if number < 0 else (sections[2] if len(sections) > 2 else sections[0])


def _holds(condition: tuple[str, float], number: float) -> bool:
    operator, limit = condition
    return {"<": number < limit, ">": number > limit, "=": number == limit,
            "<=": number <= limit, ">=": number >= limit, "<>": number != limit}[operator]


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class CellStyle:
    number_format: NumberFormat
    is_date: bool
    font: RGB | None
    fill: RGB | None  # None: a fill whose colour can't be judged (gradient, mixed pattern)
    small_font: bool
    font_hidden: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "font_hidden", self.invisible(self.font))

    def invisible(self, colour: RGB | None) -> bool:
        return colour is not None and self.fill is not None \
            and contrast(colour, self.fill) < MIN_CONTRAST

    def hides(self, value, runs_: list[Run] | None) -> list[str]:
        """How this style hides a shown value: 'format', 'colour', 'small' (or nothing)."""
        number_format = self.number_format
        hows = ["format"] if not number_format.general and number_format.hides(value) else []
        if not runs_ and not number_format.coloured:
            return hows + ["colour"] * self.font_hidden + ["small"] * self.small_font
        font = number_format.colour(value) or self.font
        shown = [(colour or font, small or self.small_font)
                 for text, colour, small in runs_ or [("x", None, False)] if text.strip()]
        if any(self.invisible(colour) for colour, _ in shown):
            hows.append("colour")
        if any(small for _, small in shown):
            hows.append("small")
        return hows


GENERAL = CellStyle(NumberFormat.parse("General"), False, BLACK, WHITE, False)


@dataclass
class Styles:
    palette: Palette
    cells: list[CellStyle] = field(default_factory=list)

    def cell(self, index: int) -> CellStyle:
        return self.cells[index] if 0 <= index < len(self.cells) else GENERAL


def _read_styles(root, palette: Palette) -> Styles:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    sections = {local(child.tag): child for child in root}
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "")
              for f in sections.get("numFmts", [])}
    indexed = [_hex(c.get("rgb", "")) or BLACK for colours in sections.get("colors", [])
               if local(colours.tag) == "indexedColors" for c in colours]
    if indexed:
        palette = Palette(palette.theme, indexed)
    fonts = [_font(font, palette) for font in sections.get("fonts", [])]
    fills = [_fill(fill, palette) for fill in sections.get("fills", [])]
    styles = Styles(palette)
    formats: dict[str, NumberFormat] = {}
    for xf in sections.get("cellXfs", []):
        number = int(xf.get("numFmtId") or 0)
        code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
        colour, small = fonts[_int(xf.get("fontId"))] if _int(xf.get("fontId")) < len(fonts) \
            else (BLACK, False)
        fill = fills[_int(xf.get("fillId"))] if _int(xf.get("fillId")) < len(fills) else WHITE
        if code not in formats:
            formats[code] = NumberFormat.parse(code)
        styles.cells.append(CellStyle(formats[code], bool(is_date_format(code)), colour, fill,
                                      small))
    return styles


def _int(value: str | None) -> int:
    return int(value) if value and value.lstrip("-").isdigit() else 0


def _font(font, palette: Palette) -> tuple[RGB | None, bool]:
    colour = next((c for c in font if local(c.tag) == "color"), None)
    size = next((c.get("val") for c in font if local(c.tag) == "sz"), None)
    small = size is not None and _float(size, 11) < FONT_MIN_POINTS
    return palette.rgb(None if colour is None else colour.attrib, BLACK), small


def _fill(fill, palette: Palette) -> RGB | None:
    pattern = next((c for c in fill if local(c.tag) == "patternFill"), None)
    if pattern is None:
        return None if len(fill) else WHITE  # a gradient can't be judged
    kind = pattern.get("patternType", "none")
    if kind == "none":
        return WHITE  # no fill: the window's white
    colours = {local(c.tag): c.attrib for c in pattern}
    foreground = palette.rgb(colours.get("fgColor"), BLACK)
    if kind == "solid":
        return foreground
    background = palette.rgb(colours.get("bgColor"), WHITE)
    return foreground if foreground == background else None


def _float(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------- shared strings

Run = tuple[str, "RGB | None", bool]  # text, its own colour (None: the cell's), too small


@dataclass
class SharedStrings:
    part: str = ""
    texts: list[str] = field(default_factory=list)
    runs: dict[int, list[Run]] = field(default_factory=dict)
    phonetic: dict[int, str] = field(default_factory=dict)
    used: bytearray = field(default_factory=bytearray)

    def get(self, index: int) -> str:
        self.used[index] = 1
        return self.texts[index]


def _string_item(item, palette: Palette) -> tuple[str, list[Run], str]:
    """The text a rich or plain string shows, its runs' colours, and its phonetic guide."""
    texts, runs_, phonetic = [], [], []
    for child in item:
        name = local(child.tag)
        if name == "t":
            texts.append(child.text or "")
        elif name == "r":
            text = "".join(t.text or "" for t in child if local(t.tag) == "t")
            texts.append(text)
            runs_.append(_run(text, child, palette))
        elif name == "rPh":
            phonetic.append("".join(t.text or "" for t in child.iter() if local(t.tag) == "t"))
    return _unescape("".join(texts)), runs_, " ".join(phonetic)


def _run(text: str, run, palette: Palette) -> Run:
    props = next((c for c in run if local(c.tag) == "rPr"), None)
    if props is None:
        return text, None, False
    found = {local(c.tag): c for c in props}
    colour = palette.rgb(found["color"].attrib, None) if "color" in found else None
    small = "sz" in found and _float(found["sz"].get("val"), 11) < FONT_MIN_POINTS
    return text, colour, small


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# --------------------------------------------------------------------------- formulas

class Unsupported(Exception):
    """A formula the checker does not evaluate: its stored result is not judged."""


@dataclass(frozen=True)
class ExcelError:
    code: str


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


class _Parser:
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
    return (int(match.group(4)), _column_number(match.group(2)), bool(match.group(3)),
            bool(match.group(1)))


Lookup = Callable[[str | None, int, int], object]


@dataclass
class _Evaluator:
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


_NUMERIC_TEXT = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


def _number(value):
    if isinstance(value, (ExcelError, float)):
        return value
    if isinstance(value, bool):
        return float(value)
    if value is None:
        return 0.0
    if isinstance(value, list):
        raise Unsupported("a range where one value is meant")
    if not _NUMERIC_TEXT.fullmatch(value):
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
    if operator in _Parser.COMPARE:
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


def _if(evaluator: _Evaluator, arguments: list):
    if not 1 < len(arguments) < 4:
        raise Unsupported("IF")
    condition = evaluator.value(arguments[0])
    if isinstance(condition, ExcelError):
        return condition
    if _boolean(condition):
        return evaluator.value(arguments[1])
    return evaluator.value(arguments[2]) if len(arguments) == 3 else False


def _iferror(evaluator: _Evaluator, arguments: list):
    if len(arguments) != 2:
        raise Unsupported("IFERROR")
    value = evaluator.value(arguments[0])
    return evaluator.value(arguments[1]) if isinstance(value, ExcelError) else value


def _logical(combine: Callable[[Iterable[bool]], bool]):
    def function(evaluator: _Evaluator, arguments: list):
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


def _same_result(computed, stored) -> bool:
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
    return all(_NUMERIC_TEXT.fullmatch(t) for t in texts) and \
        math.isclose(float(texts[0]), float(texts[1]), rel_tol=STALE_TOLERANCE, abs_tol=1e-9)


def _describe(value) -> str:
    if value is None or value == "":
        return "nothing" if value is None else "empty text"
    if isinstance(value, bool):
        return "TRUE or FALSE"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, ExcelError):
        return "an error"
    return f"text ({len(value)} {plural(len(value), 'character', 'characters')})"


@dataclass
class FormulaCell:
    sheet: Sheet
    row: int
    column: int
    text: str | None  # None: the shared formula `shared` of its group
    shared: str | None
    stored: object


# --------------------------------------------------------------------------- sheets

@dataclass
class Sheet:
    number: int
    title: str
    label: str  # how locations name it: "sheet 'Staff'", or "sheet 3" if the title is personal
    part: str
    state: str
    kind: str  # worksheet, chartsheet, dialogsheet, xlMacrosheet …
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    filled: int = 0

    def at(self, row: int, column: int) -> str:
        return f"{self.label} cell {_letter(column)}{row}"


_LETTERS: dict[str, int] = {}


def _column_number(letters: str) -> int:
    number = _LETTERS.get(letters)
    if number is None:
        number = 0
        for char in letters.upper():
            number = number * 26 + ord(char) - 64
        _LETTERS[letters] = number
    return number


def _letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _span(first: int, last: int, letters: bool = False) -> str:
    name = _letter if letters else str
    return name(first) if first == last else f"{name(first)}:{name(last)}"


HIDING = {"format": "a number format that does not show it",
          "colour": "text in the same colour as the cell's fill",
          "small": "a font too small to read",
          "merged": "a merged cell over it"}
SHEET_PART_NAMES = {"conditionalFormatting": "conditional format", "autoFilter": "filter",
                    "sortState": "sort", "sheetPr": "properties", "pageSetup": "page setup",
                    "customSheetViews": "custom view", "scenarios": "scenario",
                    "protectedRanges": "protected range", "extLst": "extension",
                    "sheetProtection": "protection", "sheetViews": "view",
                    "dataConsolidate": "consolidation", "cellWatches": "watch",
                    "ignoredErrors": "ignored error", "smartTags": "smart tag"}
HEADER_FOOTER = {"oddHeader": "header", "oddFooter": "footer", "evenHeader": "even-page header",
                 "evenFooter": "even-page footer", "firstHeader": "first-page header",
                 "firstFooter": "first-page footer"}
_HEADER_CODE = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[A-Za-z])')


class _SheetReader:
    """One worksheet, streamed: its rows are read and dropped one at a time."""

    def __init__(self, book: _Book, sheet: Sheet):
        self.book, self.sheet = book, sheet
        self.columns: dict[int, list[tuple[int, str]]] = {}
        self.headers: dict[int, str] = {}
        self.formula_texts: list[tuple[str, str]] = []
        self.hidden_rows: list[tuple[int, int, bool]] = []  # row, values, by height only
        self.column_values: dict[int, int] = {}
        self.column_ranges: list[tuple[int, int, bool, bool]] = []  # first, last, hidden, narrow
        self.hidden_cells: dict[tuple[str, int], list[int]] = {}  # (how, column) -> rows
        self.merged: list[str] = []
        self.default_height = 15.0
        self.default_zero_height = False
        self.default_width: float | None = None
        self.last_row = 0
        self.last_column = 0

    def read(self) -> None:
        for _, element in self.book.stream(self.sheet.part):
            parent = element.getparent()
            if parent is None:
                break
            grand = parent.getparent()
            if grand is None:
                self.sheet_part(element)
                element.clear()
            elif grand.getparent() is None and local(parent.tag) == "sheetData":
                self.row(element)
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
        self.finish()

    # ---- rows and cells

    def row(self, row) -> None:
        number = _int(row.get("r")) or self.last_row + 1
        self.last_row, self.last_column = number, 0
        hidden, by_height = self.row_hidden(row)
        values = 0
        for cell in row:
            if local(cell.tag) == "c":
                values += self.cell(cell, number)
            else:
                self.book.scan_texts(_texts(cell), f"{self.sheet.label} row {number}")
        if hidden:
            self.hidden_rows.append((number, values, by_height))

    def row_hidden(self, row) -> tuple[bool, bool]:
        if row.get("hidden") in ("1", "true"):
            return True, False
        height = row.get("ht")
        if height is None:
            low = self.default_zero_height or self.default_height < ROW_MIN_POINTS
        else:
            low = _float(height, 15.0) < ROW_MIN_POINTS
        return low, low

    def cell(self, cell, row: int) -> int:
        ref = cell.get("r")
        match = _CELL.fullmatch(ref) if ref else None
        column = _column_number(match.group(1)) if match else self.last_column + 1
        self.last_column = column
        value = formula = inline = None
        for child in cell:
            name = local(child.tag)
            if name == "v":
                value = child.text or ""
            elif name == "f":
                formula = child
            elif name == "is":
                inline = child
        style = self.book.styles.cell(_int(cell.get("s")))
        stored, text, runs_ = self.book.cell_value(cell.get("t") or "n", value, inline, style)
        if formula is not None:
            self.formula(formula, row, column, stored)
        if stored is None:
            return self.count(row, column) if formula is not None else 0
        self.sheet.values[(row, column)] = stored
        if text:
            self.columns.setdefault(column, []).append((row, text))
            if row == 1:
                self.headers[column] = text
        if stored == "" and formula is None:
            return 0
        self.hidden_by_style(style, stored, runs_, row, column)
        return self.count(row, column)

    def count(self, row: int, column: int) -> int:
        self.column_values[column] = self.column_values.get(column, 0) + 1
        self.sheet.filled += 1
        return 1

    def formula(self, element, row: int, column: int, stored) -> None:
        kind, text = element.get("t", "normal"), element.text
        if text and any(mark in text for mark in FORMULA_TEXT_MARKS):
            self.formula_texts.append((text, f"{self.sheet.at(row, column)} formula"))
        if kind in ("normal", "shared") and stored is not None:
            shared = element.get("si") if kind == "shared" else None
            self.book.formulas.append(FormulaCell(self.sheet, row, column, text or None, shared,
                                                  stored))

    def hidden_by_style(self, style: CellStyle, stored, runs_, row: int, column: int) -> None:
        if isinstance(stored, str) and not stored.strip():
            return
        for how in style.hides(stored, runs_):
            self.hidden_cells.setdefault((how, column), []).append(row)

    # ---- the sheet's other parts

    def sheet_part(self, element) -> None:
        name = local(element.tag)
        if name == "sheetData":
            return
        handler = {"sheetFormatPr": self.formats, "cols": self.cols,
                   "hyperlinks": self.hyperlinks, "dataValidations": self.validations,
                   "headerFooter": self.header_footer, "mergeCells": self.merge_cells}.get(name)
        if handler is not None:
            handler(element)
            return
        where = SHEET_PART_NAMES.get(name, name)
        ref = element.get("sqref") or element.get("ref") or ""
        self.book.scan_texts(_texts(element), f"{self.sheet.label} {where} {ref}".rstrip(),
                             "in a sheet's settings or formats")

    def formats(self, element) -> None:
        self.default_height = _float(element.get("defaultRowHeight"), 15.0)
        self.default_zero_height = element.get("zeroHeight") in ("1", "true")
        if element.get("defaultColWidth") is not None:
            self.default_width = _float(element.get("defaultColWidth"), 9.0)

    def cols(self, element) -> None:
        for col in element:
            if local(col.tag) != "col":
                continue
            first, last = _int(col.get("min")), _int(col.get("max"))
            last = max(first, last)
            hidden = col.get("hidden") in ("1", "true")
            narrow = col.get("width") is not None and \
                _float(col.get("width"), 9.0) < COLUMN_MIN_CHARS
            self.column_ranges.append((first, last, hidden, narrow))

    def hyperlinks(self, element) -> None:
        for link in element:
            place = f"{self.sheet.label} cell {link.get('ref', '')} hyperlink"
            texts = [link.get(key, "") for key in ("location", "display", "tooltip")]
            rid = _rid(link)
            rel = self.book.rels.get(self.sheet.part, rid) if rid else None
            if rel is not None:
                texts.append(rel.target)
                self.book.consumed.add((rel.rels_part, rel.id))
            self.book.scan_texts(texts, place, "in a hyperlink")

    def validations(self, element) -> None:
        for rule in element:
            place = f"{self.sheet.label} data validation {rule.get('sqref', '')}".rstrip()
            self.book.scan_texts(_texts(rule), place, "in a data validation list or message")

    def header_footer(self, element) -> None:
        for part in element:
            raw = part.text or ""
            plain = _HEADER_CODE.sub(" ", raw.replace("&&", "\0")).replace("\0", "&")
            where = HEADER_FOOTER.get(local(part.tag), local(part.tag))
            self.book.scan_texts([plain, raw], f"{self.sheet.label} {where}",
                                 "in a print header or footer")

    def merge_cells(self, element) -> None:
        self.merged.extend(m.get("ref", "") for m in element if m.get("ref"))

    # ---- after the last row

    def finish(self) -> None:
        self.covered_by_merges()
        report = self.book.inspection
        label = self.sheet.label
        self.report_rows(report, label)
        self.report_columns(report, label)
        self.report_hidden_cells(report, label)
        for column, entries in self.columns.items():
            self.book.inspection.scan_cells([t for _, t in entries],
                                            [self.sheet.at(r, column) for r, _ in entries],
                                            self.headers.get(column, ""))
        if self.formula_texts:
            self.book.inspection.scan_cells([t for t, _ in self.formula_texts],
                                            [p for _, p in self.formula_texts], "",
                                            "in a formula")

    def covered_by_merges(self) -> None:
        values = self.sheet.values
        for ref in self.merged:
            corners = [_CELL.fullmatch(part) for part in ref.split(":")]
            if len(corners) != 2 or not all(corners):
                continue
            top, left = int(corners[0].group(2)), _column_number(corners[0].group(1))
            bottom, right = int(corners[1].group(2)), _column_number(corners[1].group(1))
            area = (bottom - top + 1) * (right - left + 1)
            cells = ((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)) \
                if area <= len(values) else list(values)
            for row, column in cells:
                if top <= row <= bottom and left <= column <= right and \
                        (row, column) != (top, left) and values.get((row, column)) not in (None, ""):
                    self.hidden_cells.setdefault(("merged", column), []).append(row)

    def report_rows(self, report: Inspection, label: str) -> None:
        heights = {row: by_height for row, _, by_height in self.hidden_rows}
        counts = {row: values for row, values, _ in self.hidden_rows}
        for first, last in runs(heights):
            values = sum(counts.get(r, 0) for r in range(first, last + 1))
            if not values:
                continue
            rows = _span(first, last)
            many = last > first
            what = f"Rows {rows} of {label} are" if many else f"Row {rows} of {label} is"
            how = " (zero height)" if all(heights.get(r, True) for r in range(first, last + 1)) \
                else ""
            report.add("attachment.hidden-rows",
                       f"{what} hidden{how} and hold{'' if many else 's'} {values} "
                       f"{plural(values, 'value', 'values')}.",
                       f"{label} {'rows' if many else 'row'} {rows}")

    def hidden_columns(self) -> dict[int, bool]:
        """Column -> hidden by width only, for every column that holds values."""
        found: dict[int, bool] = {}
        covered: set[int] = set()
        for column in self.column_values:
            for first, last, hidden, narrow in self.column_ranges:
                if first <= column <= last:
                    covered.add(column)
                    if hidden or narrow:
                        found[column] = found.get(column, True) and not hidden
        if self.default_width is not None and self.default_width < COLUMN_MIN_CHARS:
            found.update({c: True for c in self.column_values if c not in covered})
        return found

    def report_columns(self, report: Inspection, label: str) -> None:
        hidden = self.hidden_columns()
        for first, last in runs(hidden):
            values = sum(self.column_values.get(c, 0) for c in range(first, last + 1))
            span = _span(first, last, letters=True)
            many = last > first
            what = f"Columns {span} of {label} are" if many else f"Column {span} of {label} is"
            how = " (zero width)" if all(hidden[c] for c in range(first, last + 1)) else ""
            report.add("attachment.hidden-columns",
                       f"{what} hidden{how} and hold{'' if many else 's'} {values} "
                       f"{plural(values, 'value', 'values')}.",
                       f"{label} {'columns' if many else 'column'} {span}")

    def report_hidden_cells(self, report: Inspection, label: str) -> None:
        for (how, column), rows in sorted(self.hidden_cells.items(), key=lambda i: i[0][1]):
            for first, last in runs(rows):
                cells = f"{_letter(column)}{first}" + \
                    (f":{_letter(column)}{last}" if last > first else "")
                many = last > first
                report.add("attachment.hidden-cells",
                           f"{'Cells' if many else 'Cell'} {cells} of {label} "
                           f"{'hold values' if many else 'holds a value'} hidden by "
                           f"{HIDING[how]}.",
                           f"{label} {'cells' if many else 'cell'} {cells}")


def _rid(element) -> str:
    return next((v for k, v in element.attrib.items() if local(k) == "id" and "}" in k), "")


# --------------------------------------------------------------------------- generic text

PARAGRAPHS = {"p", "si", "is", "text"}  # runs of one paragraph: joined, as they read


def _texts(element) -> list[str]:
    """Every text and attribute value under an element (protection hashes aside), the
    runs of a paragraph joined so text split mid-word reads whole."""
    found: list[str] = []
    _walk(element, found)
    return found


def _walk(element, found: list[str]) -> None:
    if not isinstance(element.tag, str):
        if element.text and element.text.strip():
            found.append(element.text)
        return
    for key, value in element.attrib.items():
        if value.strip() and not _SECRET_ATTRIBUTE.search(local(key)):
            found.append(value)
    if local(element.tag) in PARAGRAPHS and len(element):
        found.append("".join(element.itertext()))
        for child in element.iterdescendants():
            if isinstance(child.tag, str):
                found.extend(v for v in child.attrib.values() if v.strip())
        return
    if element.text and element.text.strip():
        found.append(element.text)
    for child in element:
        _walk(child, found)
        if child.tail and child.tail.strip():
            found.append(child.tail)


_VML_ATTRIBUTE = re.compile(r"""[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VML_TAG = re.compile(r"<[^>]*>")


def _vml_texts(data: bytes) -> list[str]:
    """VML (legacy drawings) is often not well-formed XML: its text and attribute values
    are taken with patterns instead of a parser, so nothing is lost to a parse error."""
    text = decode_text(data)
    values = [a or b for tag in _VML_TAG.findall(text) for a, b in _VML_ATTRIBUTE.findall(tag)]
    between = [html.unescape(t) for t in _VML_TAG.split(text)]
    return [html.unescape(v) for v in values] + [t for t in between if t.strip()]


_PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
_PRINTABLE_ASCII = re.compile(rb"[\x20-\x7e]{6,}")


def _binary_strings(data: bytes) -> list[str]:
    return ([m.decode("utf-16-le") for m in _PRINTABLE_UTF16.findall(data)]
            + [m.decode("ascii") for m in _PRINTABLE_ASCII.findall(data)])


# --------------------------------------------------------------------------- the workbook

SHEET_KINDS = ("worksheet", "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet")
COMMENTS = re.compile(r"xl/(?:comments[^/]*|comments/[^/]+)\.xml")
EMBEDDED = re.compile(r"xl/(?:embeddings|activeX)/.+|xl/vbaProject\.bin|xl/vbaData\.xml|"
                      r"xl/vbaProjectSignature[^/]*\.bin")
# parts read with the generic reader, each with what they hold for the finding's wording
GENERIC_PARTS = (
    (r"xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml",
     "in a sheet the workbook does not list"),
    (r"xl/theme/[^/]+\.xml", "in a theme"),
    (r"xl/tables/[^/]+\.xml", "in a table's names, columns or totals"),
    (r"xl/queryTables/[^/]+\.xml", "in a query table"),
    (r"xl/pivotTables/[^/]+\.xml", "in a pivot table"),
    (r"xl/(?:slicers|slicerCaches|timelines|timelineCaches)/[^/]+\.xml",
     "in a slicer or timeline"),
    (r"customXml/[^/]+\.xml", "in a custom XML part"),
    (r"docMetadata/[^/]+\.xml", "in the sensitivity label"),
    (r"xl/calcChain\.xml", "in the calculation chain"),
    ((r"xl/(?:metadata|volatileDependencies|sharedStrings|styles)\.xml|xl/richData/[^/]+\.xml|"
     r"xl/featurePropertyBag/[^/]+\.xml|xl/webextensions/[^/]+\.xml|xl/ctrlProps/[^/]+\.xml|"
     r"xl/activeX/[^/]+\.xml|xl/vbaData\.xml"), "in the workbook's data"),
    (r"xl/revisions/[^/]+\.xml|xl/userNames\.xml", "in a shared workbook's change history"),
    (r"\[Content_Types\]\.xml", "in the list of parts"),
)


class _Book:
    """One workbook being read: its parts, styles, strings, sheets and formulas."""

    def __init__(self, inspection: Inspection, package: Package):
        self.inspection, self.package = inspection, package
        self.rels = Relations(package)
        self.sheets: list[Sheet] = []
        self.strings = SharedStrings()
        self.styles = Styles(Palette(_theme_colours_default(), _default_indexed()))
        self.formulas: list[FormulaCell] = []
        self.date1904 = False
        self.workbook = ""
        self.consumed: set[tuple[str, str]] = set()
        self.commented: set[str] = set()
        self.owners: dict[str, str] = {}  # drawing or chart part -> where it sits
        self.unlisted: set[str] = set()

    # ---- the reading order

    def read_all(self) -> None:
        self.read_workbook()
        for sheet in self.sheets:
            self.read_sheet(sheet)
        self.unused_strings()
        self.stale_values()
        for sheet in self.sheets:
            self.sheet_parts(sheet)
        self.remaining_parts()
        self.package.scan_images()
        self.relationship_targets()
        office_properties(self.inspection, self.package)
        self.unused_parts()

    def read_workbook_level(self) -> None:
        for name in self.package.names:
            if re.fullmatch(r"xl/externalLinks/[^/]+\.xml", name):
                self.external_link(name)
            elif re.fullmatch(r"xl/pivotCache/[^/]+\.xml", name):
                self.pivot_cache(name)
            elif re.fullmatch(r"xl/threadedComments/[^/]+\.xml", name):
                self.threaded_comments(name, None)
            elif name == "xl/connections.xml":
                self.connections(name)
            elif EMBEDDED.fullmatch(name):
                self.embedded(name)
        office_properties(self.inspection, self.package)

    # ---- helpers

    def stream(self, part: str):
        from lxml import etree

        self.package.account(part)
        with self.package.zip.open(part) as handle:
            yield from etree.iterparse(handle, events=("end",), resolve_entities=False,
                                       no_network=True, load_dtd=False)

    def scan_texts(self, texts: Iterable[str], location: str, where: str = "") -> None:
        unique = list(dict.fromkeys(_unescape(t) for t in texts if t and t.strip()))
        if unique:
            self.inspection.scan_cells(unique, [location] * len(unique), "", where)

    def scan_part(self, part: str, location: str | None = None, where: str = "") -> None:
        self.scan_texts(_texts(self.package.xml(part)), location or part, where)

    def label_for(self, title: str, number: int) -> str:
        """Sheet titles are scanned; a title holding personal data never goes in a location."""
        found = self.inspection.scanner.scan(title)
        for finding in found:
            self.inspection.personal(finding, f"name of sheet {number}", "in a sheet name")
        return f"sheet {number}" if found else f"sheet '{title}'"

    # ---- workbook, theme, styles, strings

    def read_workbook(self) -> None:
        self.workbook = self.rels.first("", "officeDocument") or ""
        if not self.package.has(self.workbook):
            raise ValueError("the package has no workbook part")
        root = self.package.xml(self.workbook)
        self.read_theme()
        self.read_styles()
        for child in root:
            name = local(child.tag)
            if name == "sheets":
                self.sheet_list(child)
            elif name == "definedNames":
                self.defined_names(child)
            else:
                if name == "workbookPr":
                    self.date1904 = child.get("date1904") in ("1", "true")
                elif name == "fileSharing" and child.get("userName"):
                    self.inspection.metadata(child.get("userName"), f"{self.workbook} file "
                                             "sharing user", "file sharing user name")
                self.scan_texts(_texts(child), self.workbook, "in the workbook's settings")
        self.saved_folder(root)
        self.read_shared_strings()

    def saved_folder(self, root) -> None:
        for element in root.iter():
            if local(element.tag) == "absPath" and _USER_FOLDER.search(element.get("url", "")):
                self.inspection.add("attachment.metadata", "The workbook records the folder "
                                    "it was last saved in, which names a user's folder.",
                                    f"{self.workbook} saved folder", WARNING)

    def read_theme(self) -> None:
        part = self.rels.first(self.workbook, "theme")
        if part and self.package.has(part):
            root = self.package.xml(part)
            self.styles.palette = Palette(_theme_colours(root), self.styles.palette.indexed)
            self.scan_texts(_texts(root), part, "in a theme")

    def read_styles(self) -> None:
        part = self.rels.first(self.workbook, "styles")
        if part and self.package.has(part):
            root = self.package.xml(part)
            self.styles = _read_styles(root, self.styles.palette)
            self.scan_texts(_texts(root), part, "in a cell style or number format")

    def read_shared_strings(self) -> None:
        part = self.rels.first(self.workbook, "sharedStrings")
        if not part or not self.package.has(part):
            return
        strings = self.strings = SharedStrings(part)
        palette = self.styles.palette
        for _, element in self.stream(part):
            if local(element.tag) != "si" or element.getparent() is None:
                continue
            text, runs_, phonetic = _string_item(element, palette)
            index = len(strings.texts)
            strings.texts.append(text)
            if any(colour is not None or small for _, colour, small in runs_):
                strings.runs[index] = runs_
            if phonetic.strip():
                strings.phonetic[index] = phonetic
            element.clear()
        strings.used = bytearray(len(strings.texts))

    def cell_value(self, kind: str, value: str | None, inline, style: CellStyle):
        """(stored value, text to scan, rich-text runs) of one cell."""
        if kind == "s":
            if value is None or not value.strip():
                return None, "", None
            index = int(value)
            text = self.strings.get(index)
            return text, text, self.strings.runs.get(index)
        if kind == "inlineStr":
            if inline is None:
                return None, "", None
            text, runs_, phonetic = _string_item(inline, self.styles.palette)
            return text, text + (f" {phonetic}" if phonetic else ""), runs_
        if value is None or (kind == "n" and not value.strip()):
            return None, "", None
        if kind in ("str", "d"):
            return _unescape(value), _unescape(value), None
        if kind == "b":
            return value.strip().lower() in ("1", "true"), "", None
        if kind == "e":
            return ExcelError(value), "", None
        if not _NUMERIC_TEXT.fullmatch(value):  # text where a number belongs: still read
            return _unescape(value), _unescape(value), None
        number = float(value)
        return number, self.number_text(value.strip(), number, style), None

    def number_text(self, value: str, number: float, style: CellStyle) -> str:
        """Whole numbers and dates are scanned (a phone number, a date of birth); other
        amounts are not: no detector applies and float noise would only mislead."""
        if style.is_date and 0 < number < 2958466:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            return from_excel(number, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH) \
                .strftime("%Y-%m-%d")
        return value if re.fullmatch(r"-?\d+", value) else ""

    # ---- sheets

    def sheet_list(self, element) -> None:
        for number, entry in enumerate((e for e in element if local(e.tag) == "sheet"), 1):
            title = entry.get("name", "")
            rel = self.rels.get(self.workbook, _rid(entry))
            if rel is None or rel.external or not self.package.has(rel.target):
                raise ValueError(f"sheet {number} has no part")
            self.sheets.append(Sheet(number, title, self.label_for(title, number), rel.target,
                                     entry.get("state", "visible"), rel.kind))

    def defined_names(self, element) -> None:
        for defined in element:
            name = defined.get("name", "")
            local_sheet = defined.get("localSheetId")
            if local_sheet is not None and _int(local_sheet) < len(self.sheets):
                name = f"{self.sheets[_int(local_sheet)].title}!{name}"
            safe = name if not self.inspection.scanner.scan(name) else "(a name)"
            self.scan_texts(_texts(defined), f"defined name '{safe}'", "in a defined name")

    def read_sheet(self, sheet: Sheet) -> None:
        if sheet.kind in ("worksheet", "xlMacrosheet", "xlIntlMacrosheet", "dialogsheet"):
            _SheetReader(self, sheet).read()
        else:
            self.scan_part(sheet.part, sheet.label, "in a chart sheet")
        if sheet.kind in ("xlMacrosheet", "xlIntlMacrosheet"):
            self.inspection.add("attachment.embedded-object", f"{sheet.label} is an Excel 4 "
                                "macro sheet: it holds code.", sheet.label)
        if sheet.state in ("hidden", "veryHidden"):
            self.hidden_sheet(sheet)

    def hidden_sheet(self, sheet: Sheet) -> None:
        values = f"{sheet.filled} {plural(sheet.filled, 'value', 'values')}"
        title = sheet.label[0].upper() + sheet.label[1:]
        if sheet.state == "veryHidden":
            self.inspection.add("attachment.very-hidden-sheet",
                                f"{title} is very hidden and holds {values}.", sheet.label)
        else:
            self.inspection.add("attachment.hidden-sheet", f"{title} is hidden and holds "
                                f"{values}.", sheet.label)

    def unused_strings(self) -> None:
        strings = self.strings
        unused = [i for i, used in enumerate(strings.used) if not used]
        places = [f"{strings.part} string {i + 1}" for i in unused]
        self.inspection.scan_cells([strings.texts[i] for i in unused], places, "",
                                   "in shared text no cell uses")
        phonetic = list(strings.phonetic.items())
        self.inspection.scan_cells([t for _, t in phonetic],
                                   [f"{strings.part} string {i + 1}" for i, _ in phonetic],
                                   "", "in a phonetic guide")

    def stale_values(self) -> None:
        by_title = {sheet.title.casefold(): sheet for sheet in self.sheets}
        masters: dict[tuple[int, str], FormulaCell] = {}
        parsed: dict[str, object] = {}
        budget = [RANGE_BUDGET]
        for cell in self.formulas:
            if cell.shared is not None and cell.text:
                masters[(id(cell.sheet), cell.shared)] = cell
        for cell in self.formulas:
            master = masters.get((id(cell.sheet), cell.shared)) if cell.text is None else cell
            if master is None or not master.text:
                continue
            try:
                tree = parsed.get(master.text)
                if tree is None:
                    tree = parsed[master.text] = _Parser(master.text).parse()
                lookup = self.lookup(cell.sheet, by_title)
                offset = (cell.row - master.row, cell.column - master.column)
                computed = _Evaluator(lookup, budget, offset).value(tree)
            except (Unsupported, RecursionError, ValueError, OverflowError, TypeError):
                continue
            if not _same_result(computed, cell.stored):
                self.stale(cell, computed)

    @staticmethod
    def lookup(sheet: Sheet, by_title: dict[str, Sheet]) -> Lookup:
        def value(title: str | None, row: int, column: int):
            target = sheet if title is None else by_title.get(title.casefold())
            if target is None:
                raise Unsupported("another workbook")
            return target.values.get((row, column))
        return value

    def stale(self, cell: FormulaCell, computed) -> None:
        ref = f"{_letter(cell.column)}{cell.row}"
        self.inspection.add("attachment.stale-value",
                            f"Cell {ref} of {cell.sheet.label} stores a result its formula "
                            f"does not give: the formula gives {_describe(computed)}, the "
                            f"file stores {_describe(cell.stored)}, which can still be read.",
                            cell.sheet.at(cell.row, cell.column))

    # ---- parts that belong to a sheet

    def sheet_parts(self, sheet: Sheet) -> None:
        for rel in self.rels.of(sheet.part):
            if rel.external or not self.package.has(rel.target):
                continue
            if rel.target in self.package.read_parts:
                continue
            if rel.kind == "comments":
                self.comments(rel.target, sheet)
            elif rel.kind == "threadedComment":
                self.threaded_comments(rel.target, sheet)
            elif rel.kind == "drawing":
                self.drawing(rel.target, sheet.label)
            elif rel.kind in ("vmlDrawing", "legacyDrawingHF"):
                self.scan_texts(_vml_texts(self.package.read(rel.target)),
                                f"{sheet.label} legacy drawing",
                                "in a legacy drawing (a form control or text box)")
            elif rel.kind in ("table", "pivotTable"):
                what = "table" if rel.kind == "table" else "pivot table"
                self.scan_part(rel.target, f"{sheet.label} {what} "
                               f"({posixpath.basename(rel.target)})",
                               "in a table's names, columns or totals"
                               if rel.kind == "table" else "in a pivot table")

    def comment_found(self, location: str, message: str) -> None:
        if location not in self.commented:
            self.commented.add(location)
            self.inspection.add("attachment.comment", message, location)

    def comments(self, part: str, sheet: Sheet | None) -> None:
        root = self.package.xml(part)
        authors = [a.text or "" for a in root.iter() if local(a.tag) == "author"]
        self.scan_texts(authors, part, "as a comment's author")
        for comment in (e for e in root.iter() if local(e.tag) == "comment"):
            ref = comment.get("ref", "")
            location = f"{sheet.label} cell {ref}" if sheet else f"{part} cell {ref}"
            where = f"of {sheet.label}" if sheet else f"in {posixpath.basename(part)}"
            self.comment_found(location, f"Cell {ref} {where} has a comment.")
            text = "".join(t.text or "" for t in comment.iter() if local(t.tag) == "t")
            self.inspection.scan(text, location, "in a cell comment")
            author = _int(comment.get("authorId"))
            if author < len(authors) and authors[author]:
                self.inspection.scan(authors[author], location, "as a comment's author")

    def threaded_comments(self, part: str, sheet: Sheet | None) -> None:
        root = self.package.xml(part)
        for comment in (e for e in root.iter() if local(e.tag) == "threadedComment"):
            ref = comment.get("ref", "")
            location = f"{sheet.label} cell {ref}" if sheet else f"{part} cell {ref}"
            where = f"of {sheet.label}" if sheet else f"in {posixpath.basename(part)}"
            self.comment_found(location, f"Cell {ref} {where} has a threaded comment.")
            self.scan_texts(_texts(comment), location, "in a threaded comment")

    def persons(self, part: str) -> None:
        root = self.package.xml(part)
        for number, person in enumerate((e for e in root.iter() if local(e.tag) == "person"), 1):
            location = f"{part} person {number}"
            self.inspection.metadata(person.get("displayName"), location, "comment author")
            self.scan_texts(_texts(person), location, "as a comment's author")

    def drawing(self, part: str, owner: str | None) -> None:
        root = self.package.xml(part)
        for number, anchor in enumerate((a for a in root if isinstance(a.tag, str)), 1):
            place = self.anchor_place(anchor, owner) or f"{part} shape {number}"
            self.scan_texts(_texts(anchor), place, "in a drawing, picture or text box")
            self.hidden_shapes(anchor, place)
            for element in anchor.iter():
                if local(element.tag) == "chart" and _rid(element):
                    rel = self.rels.get(part, _rid(element))
                    if rel is not None and not rel.external:
                        self.owners[rel.target] = place.replace("drawing at", "chart at")
        for rel in self.rels.of(part):
            if rel.kind == "chart" and not rel.external and self.package.has(rel.target) \
                    and rel.target not in self.package.read_parts:
                self.chart(rel.target)

    @staticmethod
    def anchor_place(anchor, owner: str | None) -> str | None:
        start = next((e for e in anchor if local(e.tag) == "from"), None)
        if owner is None or start is None:
            return owner and f"{owner} drawing"
        values = {local(e.tag): _int(e.text) for e in start}
        return f"{owner} drawing at {_letter(values.get('col', 0) + 1)}{values.get('row', 0) + 1}"

    def hidden_shapes(self, anchor, place: str) -> None:
        for properties in anchor.iter():
            if local(properties.tag) != "cNvPr" or properties.get("hidden") not in ("1", "true"):
                continue
            shape = properties.getparent().getparent()
            text = "".join(t.text or "" for t in shape.iter() if local(t.tag) == "t")
            if text.strip():
                self.inspection.add("attachment.hidden-text", "A hidden shape holds "
                                    f"{len(text)} characters of text.", place)

    def chart(self, part: str) -> None:
        place = self.owners.get(part, part)
        self.scan_part(part, place, "in a chart (its titles, labels or cached data)")
        for rel in self.rels.of(part):
            if rel.kind == "chartUserShapes" and not rel.external:
                self.owners[rel.target] = place

    # ---- workbook-level parts

    def remaining_parts(self) -> None:
        for name in self.package.names:
            if name in self.package.read_parts or RELATIONSHIPS.search(name):
                continue
            self.read_part(name)

    def read_part(self, name: str) -> None:
        readers: list[tuple[str, Callable[[str], None]]] = [
            (COMMENTS.pattern, lambda n: self.comments(n, None)),
            (r"xl/threadedComments/[^/]+\.xml", lambda n: self.threaded_comments(n, None)),
            (r"xl/persons/[^/]+\.xml", self.persons),
            (r"xl/drawings/[^/]+\.xml", lambda n: self.drawing(n, self.owners.get(n))),
            (r"xl/drawings/[^/]+\.vml", lambda n: self.scan_texts(
                _vml_texts(self.package.read(n)), n, "in a legacy drawing")),
            (r"xl/charts/[^/]+\.xml", self.chart),
            (r"xl/connections\.xml", self.connections),
            (r"xl/externalLinks/[^/]+\.xml", self.external_link),
            (r"xl/pivotCache/[^/]+\.xml", self.pivot_cache),
            (r"xl/printerSettings/[^/]+\.bin", lambda n: self.scan_texts(
                _binary_strings(self.package.read(n)), n, "in the printer settings")),
            (EMBEDDED.pattern, self.embedded),
        ]
        for pattern, reader in readers:
            if re.fullmatch(pattern, name):
                reader(name)
                return
        for pattern, where in GENERIC_PARTS:
            if re.fullmatch(pattern, name):
                self.generic(name, where)
                return

    def generic(self, name: str, where: str) -> None:
        if re.fullmatch(r"xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/.+", name):
            self.unlisted.add(name)
        if re.fullmatch(r"xl/revisions/revision[^/]*\.xml", name):
            self.inspection.add("attachment.tracked-change", "The workbook keeps the change "
                                "history of a shared workbook, with earlier values.", name)
        self.scan_part(name, name, where)

    def embedded(self, name: str) -> None:
        what = "macros" if "vba" in name.lower() else "an embedded object"
        self.inspection.add("attachment.embedded-object", f"The workbook holds {what} "
                            f"({posixpath.basename(name)}).", name)
        if name.endswith(".xml") and not name.endswith(".rels"):
            self.scan_part(name, name, "in an embedded object's settings")
        else:
            self.package.account(name)

    def connections(self, name: str) -> None:
        root = self.package.xml(name)
        for number, connection in enumerate(
                (e for e in root if local(e.tag) == "connection"), 1):
            location = f"{name} connection {number}"
            texts = _texts(connection)
            self.scan_texts(texts, location, "in a data connection")
            self.inspection.add("attachment.external-link", "The workbook has a data "
                                "connection to an outside source, and keeps its address"
                                f"{_connection_details(texts)}.", location)

    def external_link(self, name: str) -> None:
        root = self.package.xml(name)
        cached = [e.text or "" for e in root.iter() if local(e.tag) == "v"]
        self.inspection.scan_cells(cached, [f"{name} item {i}" for i in range(1, len(cached) + 1)],
                                   "", "in values cached from a linked file")
        others = [t for e in root.iter() if local(e.tag) != "v" and isinstance(e.tag, str)
                  for t in [*(v for k, v in e.attrib.items()), *([e.text] if e.text else [])]]
        self.scan_texts(others, name, "in a link to another file")
        target = next((_file_name(rel.target) for rel in self.rels.of(name) if rel.target), "")
        if self.inspection.scanner.scan(target):
            target = ""  # the file's name is itself personal data: scanned, never quoted
        self.inspection.add("attachment.external-link", f"The workbook links to another file"
                            f"{f' ({target})' if target else ''}, and keeps cached values "
                            "from it.", name)

    def pivot_cache(self, name: str) -> None:
        root = self.package.xml(name)
        if local(root.tag) == "pivotCacheDefinition":
            self.inspection.add("attachment.pivot-cache", "The workbook holds a pivot cache: "
                                "a full copy of the pivot table's source rows.", name)
        items, others = [], []
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if local(element.tag) in ("s", "d", "n") and element.get("v") is not None:
                items.append(element.get("v"))
            elif local(element.tag) != "x":
                others.extend(v for v in element.attrib.values())
        self.inspection.scan_cells(items, [f"{name} item {i}" for i in range(1, len(items) + 1)],
                                   "", "in a pivot cache")
        self.scan_texts(others, name, "in a pivot cache")

    def relationship_targets(self) -> None:
        """External targets (links, file paths) not already scanned where they are used."""
        for rels in self.rels.by_source.values():
            for rel in rels:
                if rel.external and (rel.rels_part, rel.id) not in self.consumed:
                    self.scan_texts([rel.target], f"{rel.rels_part} relationship {rel.id}",
                                    "in a link or file path")

    def unused_parts(self) -> None:
        for name in self.package.names:
            if name == "[Content_Types].xml" or RELATIONSHIPS.search(name):
                continue
            if name not in self.package.read_parts:
                continue  # Package.finish reports it as unknown
            reachable = name in self.rels.reachable or unquote(name) in self.rels.reachable
            if reachable and name not in self.unlisted:
                continue
            self.inspection.add("attachment.unknown-part", "The workbook does not use the "
                                f"part {posixpath.basename(name)}, so Excel never shows what "
                                "it holds; it is still in the file.", name)


def _theme_colours_default() -> list[RGB]:
    return [_hex(OFFICE_THEME[name]) for name in THEME_ORDER]  # type: ignore[misc]


_ACCOUNT = re.compile(r"(?i)(?:^|;)\s*(?:user id|uid|user|user name|username)\s*=\s*[^;\s]")
_PASSWORD = re.compile(r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]")


def _connection_details(texts: list[str]) -> str:
    details = []
    if any(_ACCOUNT.search(t) for t in texts):
        details.append("a user account")
    if any(_PASSWORD.search(t) for t in texts):
        details.append("a password")
    if any(_USER_FOLDER.search(t) for t in texts):
        details.append("a path in a user's folder")
    return f" (it names {' and '.join(details)})" if details else ""
