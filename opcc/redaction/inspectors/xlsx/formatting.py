"""Colours, number formats and cell styles: what decides whether a cell's value shows.

Theme and indexed colours are resolved to RGB, a number format is split into the
sections that apply to positive, negative, zero and text values, and a cell style says
how it hides a value: a format that does not show it, text in its fill's colour, or a
font too small to read."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field

from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.xml_text import as_float, as_int

FONT_MIN_POINTS = 2.0  # text smaller than this can't be read
MIN_CONTRAST = 1.2  # WCAG contrast ratio under which text can't be told from its fill


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


def default_indexed() -> list[RGB]:
    from openpyxl.styles.colors import COLOR_INDEX

    return [_hex(value) or BLACK for value in COLOR_INDEX]


def theme_colours(root) -> list[RGB]:
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


def default_theme_colours() -> list[RGB]:
    return [_hex(OFFICE_THEME[name]) for name in THEME_ORDER]  # type: ignore[misc]


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
        palette = default_indexed()
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

Run = tuple[str, "RGB | None", bool]  # text, its own colour (None: the cell's), too small


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


def parse_styles(root, palette: Palette) -> Styles:
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
        colour, small = fonts[as_int(xf.get("fontId"))] if as_int(xf.get("fontId")) < len(fonts) \
            else (BLACK, False)
        fill = fills[as_int(xf.get("fillId"))] if as_int(xf.get("fillId")) < len(fills) else WHITE
        if code not in formats:
            formats[code] = NumberFormat.parse(code)
        styles.cells.append(CellStyle(formats[code], bool(is_date_format(code)), colour, fill,
                                      small))
    return styles


def _font(font, palette: Palette) -> tuple[RGB | None, bool]:
    colour = next((c for c in font if local(c.tag) == "color"), None)
    size = next((c.get("val") for c in font if local(c.tag) == "sz"), None)
    small = size is not None and as_float(size, 11) < FONT_MIN_POINTS
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
