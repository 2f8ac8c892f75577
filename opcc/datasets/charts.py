"""Charts drawn at build time as inline SVG: no JavaScript, no external requests.

An SVG scales as a whole, text and all, so one drawing cannot suit both a desktop column
(about 960 px) and a phone (about 345 px): text that reads well on one is too big or too
small on the other. Each chart is therefore drawn twice, for a wide and for a narrow
screen, and the theme shows one of them (templates/theme/src/_charts.scss); the other is
display:none, so out of the accessibility tree too.

In each drawing the labels under the bars are laid out here, from their measured widths
(Arial's metrics, which Liberation Sans and Arimo share), so that no two overlap: each
label on one line, or wrapped onto two, and if they still do not fit only every k-th is
shown, always the first and the last. A label wider than the whole axis is shortened
with an ellipsis. The table that follows each chart has every figure and label in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

FONT_FAMILY = "Arial, 'Liberation Sans', Arimo, sans-serif"
ASCENT, DESCENT = 0.905, 0.212  # of the font size: Arial's text box above and below the line
LINE_HEIGHT = 1.2  # of the font size, between the lines of a wrapped label
LABEL_GAP = 0.6  # of the font size: the least space between two labels side by side
MAX_LINES = 2
MAX_BAR_WIDTH = 80  # SVG units: a chart of two or three bars has slim bars too

# Advance widths of Arial's characters, in thousandths of the font size.
_WIDTHS = {
    **dict.fromkeys("0123456789£$€#_", 556), **dict.fromkeys(" .,:;!/\\|'[]", 278),
    **dict.fromkeys("ijl", 222), **dict.fromkeys("frtI()-", 333), "%": 889, "…": 1000,
    **dict.fromkeys("abdeghnopqu", 556), **dict.fromkeys("cksvxyz", 500),
    "m": 833, "w": 722, "J": 500, **dict.fromkeys("FTZ", 611), "L": 556,
    **dict.fromkeys("ABEKPSVXY", 667), **dict.fromkeys("CDHNRU", 722),
    **dict.fromkeys("GOQ", 778), "M": 833, "W": 944, "&": 667, "+": 584, "=": 584,
}
_UNKNOWN_WIDTH = 1000  # any other character: as wide as the widest


@dataclass(frozen=True)
class Frame:
    """One drawing of a chart: its width in SVG units and the size of its text."""
    name: str  # the CSS class is app-chart--NAME
    width: int
    plot_height: int
    font_size: int


# Wide: shown from 769 px (a column of 709 to 960 px): text 12.4 to 16.8 px.
# Narrow: shown below that, at most 480 px wide: at 375 px (a 345 px column) text is
# 13.4 px, and 11.3 px on a 320 px phone.
WIDE = Frame("wide", 800, 220, 14)
NARROW = Frame("narrow", 360, 180, 14)
FRAMES = (WIDE, NARROW)


@dataclass(frozen=True)
class AxisLabel:
    index: int  # the bar it names
    lines: tuple[str, ...]
    x: float  # its centre
    width: float


@dataclass(frozen=True)
class AxisLayout:
    labels: tuple[AxisLabel, ...]
    lines: int  # the most lines any label takes
    step: int  # every k-th bar is labelled (besides the last)


def text_width(text: str, font_size: float) -> float:
    return sum(_WIDTHS.get(c, _UNKNOWN_WIDTH) for c in text) * font_size / 1000


def money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def _short(value: Decimal, unit: str) -> str:
    """An axis label: £1.5m, £2.5k, 75%, 12; exact, never rounded (£2.5k, not £2k)."""
    if unit == "%":
        return f"{_figure(value)}%"
    sign, value = ("-" if value < 0 else ""), abs(value)
    if value >= 1_000_000_000_000:  # nonsense for an office's spending: keep it short
        return f"{sign}{unit}{value:.2E}"
    if value >= 1_000_000_000:
        return f"{sign}{unit}{_figure(value / 1_000_000_000)}bn"
    if value >= 1_000_000:
        return f"{sign}{unit}{_figure(value / 1_000_000)}m"
    if value >= 1_000 and unit:
        return f"{sign}{unit}{_figure(value / 1_000)}k"
    return f"{sign}{unit}{_figure(value)}"


def _figure(value: Decimal) -> str:
    """1,250 or 2.5 or 1.875: up to three decimal places, without trailing zeros."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    text = f"{value.quantize(Decimal('0.001')):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _full(value: Decimal, unit: str) -> str:
    if unit == "£":
        return money(value)
    if unit == "%":
        return f"{value:,.1f}%"
    return f"{value:,}"


# --- the labels under the bars -------------------------------------------------------

def wrap(label: str, font_size: float, lines: int) -> tuple[str, ...]:
    """`label` on one line, or on two split at the space that makes the wider line
    narrowest ("2024 Q1" is "2024" over "Q1")."""
    words = label.split()
    if lines == 1 or len(words) < 2:
        return (label,)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return min(splits, key=lambda pair: max(text_width(line, font_size) for line in pair))


def shorten(text: str, width: float, font_size: float) -> str:
    """`text`, cut and ended with an ellipsis so that it is at most `width` wide."""
    if text_width(text, font_size) <= width:
        return text
    while text and text_width(text.rstrip() + "…", font_size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def labelled_bars(count: int, step: int) -> list[int]:
    """Every `step`-th bar from the first, and the last, which takes the place of the
    one before it when the two would be closer than `step`."""
    shown = list(range(0, count, step))
    last = count - 1
    if count and shown[-1] != last:
        if len(shown) > 1 and last - shown[-1] < step:
            shown[-1] = last
        else:
            shown.append(last)
    return shown


def _placed(labels: Sequence[tuple[str, ...]], shown: Sequence[int], left: float,
            right: float, font_size: float) -> tuple[AxisLabel, ...] | None:
    """The labels of the `shown` bars under their bars, kept inside [left, right]; None
    when two of them would be closer than the gap."""
    slot = (right - left) / len(labels)
    placed: list[AxisLabel] = []
    for index in shown:
        width = max(text_width(line, font_size) for line in labels[index])
        centre = left + (index + 0.5) * slot
        centre = max(left + width / 2, min(centre, right - width / 2))
        label = AxisLabel(index, labels[index], centre, width)
        if placed and _too_close(placed[-1], label, font_size):
            return None
        if width > right - left:
            return None
        placed.append(label)
    return tuple(placed)


def _too_close(first: AxisLabel, second: AxisLabel, font_size: float) -> bool:
    gap = (second.x - second.width / 2) - (first.x + first.width / 2)
    return gap < LABEL_GAP * font_size


def x_axis_layout(labels: Sequence[str], left: float, right: float,
                  font_size: float) -> AxisLayout:
    """Where each bar's label goes, if it is shown: the fewest labels left out, then the
    fewest lines. None overlaps another and none goes outside [left, right]."""
    count = len(labels)
    if not count:
        return AxisLayout((), 1, 1)
    best: AxisLayout | None = None
    for lines in range(1, MAX_LINES + 1):
        wrapped = [wrap(label, font_size, lines) for label in labels]
        for step in range(1, (best.step if best else count + 1)):
            placed = _placed(wrapped, labelled_bars(count, step), left, right, font_size)
            if placed is not None:
                best = AxisLayout(placed, max(len(w) for w in wrapped), step)
                break
    return best or _shortened(labels, left, right, font_size)


def _shortened(labels: Sequence[str], left: float, right: float,
               font_size: float) -> AxisLayout:
    """Labels too wide to show even the first and last in full: those two, shortened."""
    room = (right - left) / 2 - LABEL_GAP * font_size
    shown = labelled_bars(len(labels), max(len(labels) - 1, 1))
    wrapped = [(shorten(label, room, font_size),) for label in labels]
    placed = _placed(wrapped, shown, left, right, font_size) or ()
    return AxisLayout(placed, 1, max(len(labels) - 1, 1))


# --- the drawing ---------------------------------------------------------------------

@dataclass(frozen=True)
class Scale:
    """The values the plot spans, from `low` to `top`, with a gridline every `step`."""
    low: Decimal
    top: Decimal
    step: Decimal

    @property
    def span(self) -> Decimal:
        return self.top - self.low

    def ticks(self) -> list[Decimal]:
        return [self.low + self.step * i for i in range(int(self.span / self.step) + 1)]


def value_scale(values: Sequence[Decimal], unit: str) -> Scale:
    """From zero (or the lowest value, if below) to at least the highest, in round steps:
    1, 2, 2.5 or 5 times a power of ten, about four of them. Percentages run 0 to 100 in
    quarters; counts have whole numbers at every gridline."""
    highest, lowest = max([*values, Decimal(0)]), min([*values, Decimal(0)])
    if unit == "%" and lowest >= 0 and highest <= 100:
        return Scale(Decimal(0), Decimal(100), Decimal(25))
    step = _nice_step((highest - lowest) / 4, whole=unit == "")
    low = (lowest / step).to_integral_value(rounding="ROUND_FLOOR") * step
    top = max((highest / step).to_integral_value(rounding="ROUND_CEILING") * step, low + step)
    return Scale(low, top, step)


def _nice_step(at_least: Decimal, whole: bool) -> Decimal:
    """The least of 1, 2, 2.5 and 5 times a power of ten that is at least `at_least`.
    For counts, a whole number, and a little less will do (2, not 5, for 2.5): five
    steps of 2 are better than two of 5."""
    if at_least <= 0:
        return Decimal(1)
    power = Decimal(1).scaleb(at_least.adjusted())
    enough = at_least * Decimal("0.8") if whole else at_least
    for factor in ("1", "2", "2.5", "5", "10"):
        step = power * Decimal(factor)
        if step >= enough and (not whole or step == step.to_integral_value()):
            return max(step, Decimal(1)) if whole else step
    return power * 10


def bar_chart(chart_id: str, title: str, description: str,
              bars: list[tuple[str, Decimal]], colour: str, unit: str = "£") -> str:
    """An accessible SVG bar chart, drawn for a wide and for a narrow screen: each is
    role=img with a <title> and a <desc> it is labelled by."""
    return "".join(draw(frame, chart_id, title, description, bars, colour, unit)
                   for frame in FRAMES)


def draw(frame: Frame, chart_id: str, title: str, description: str,
         bars: list[tuple[str, Decimal]], colour: str, unit: str) -> str:
    size = frame.font_size
    scale = value_scale([v for _, v in bars], unit)
    ticks = [(value, _short(value, unit)) for value in scale.ticks()]
    left = max(text_width(text, size) for _, text in ticks) + 0.5 * size + 6
    plot = Plot(left, frame.width - 2, size + 2, frame.plot_height, scale)
    axis = x_axis_layout([label for label, _ in bars], plot.left, plot.right, size)
    baseline = plot.bottom + 6 + ASCENT * size
    height = baseline + ((axis.lines - 1) * LINE_HEIGHT + DESCENT) * size + 4
    ident = chart_id if frame is WIDE else f"{chart_id}-{frame.name}"
    return "".join([
        _svg_start(frame, ident, height), f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        *(_gridline(plot, value, text, size) for value, text in ticks),
        *(_bar(plot, index, len(bars), label, value, colour, unit)
          for index, (label, value) in enumerate(bars)),
        *(_axis_text(label, baseline) for label in axis.labels), "</svg>"])


@dataclass(frozen=True)
class Plot:
    """The area the bars are drawn in, in SVG units, and the values it spans."""
    left: float
    right: float
    top: float
    height: float
    scale: Scale

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y(self, value: Decimal) -> float:
        return self.top + float((self.scale.top - value) / self.scale.span) * self.height


def _svg_start(frame: Frame, ident: str, height: float) -> str:
    return (f'<svg class="app-chart app-chart--{frame.name}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" '
            f'viewBox="0 0 {frame.width} {height:.0f}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" font-family="{FONT_FAMILY}" '
            f'font-size="{frame.font_size}" xmlns="http://www.w3.org/2000/svg">')


def _gridline(plot: Plot, value: Decimal, text: str, size: int) -> str:
    """A gridline and its value, centred on the line, to the left of the plot."""
    at = plot.y(value)
    return (f'<line x1="{plot.left:.1f}" x2="{plot.right}" y1="{at:.1f}" y2="{at:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{plot.left - 6:.1f}" y="{at + (ASCENT - DESCENT) / 2 * size:.1f}" '
            f'text-anchor="end" fill="#0b0c0c">{escape(text)}</text>')


def _bar(plot: Plot, index: int, count: int, label: str, value: Decimal, colour: str,
         unit: str) -> str:
    slot = (plot.right - plot.left) / count
    width = min(slot * 0.7, MAX_BAR_WIDTH)
    bar_top, bar_bottom = sorted((plot.y(value), plot.y(Decimal(0))))
    return (f'<rect x="{plot.left + (index + 0.5) * slot - width / 2:.1f}" y="{bar_top:.1f}" '
            f'width="{width:.1f}" height="{max(bar_bottom - bar_top, 0.5):.1f}" '
            f'fill="{escape(colour)}"><title>{escape(label)}: '
            f'{escape(_full(value, unit))}</title></rect>')


def _axis_text(label: AxisLabel, baseline: float) -> str:
    first, *rest = label.lines
    more = "".join(f'<tspan x="{label.x:.1f}" dy="{LINE_HEIGHT}em">{escape(line)}</tspan>'
                   for line in rest)
    return (f'<text x="{label.x:.1f}" y="{baseline:.1f}" text-anchor="middle" '
            f'fill="#0b0c0c"><tspan>{escape(first)}</tspan>{more}</text>')
