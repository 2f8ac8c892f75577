"""Charts drawn at build time as inline SVG: no JavaScript, no external requests."""

from __future__ import annotations

from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 16, 16, 48


def money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def _nice_ceiling(value: Decimal) -> Decimal:
    """A round number at or above `value` for the top of the axis."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        ceiling = magnitude * Decimal(str(step))
        if ceiling >= value:
            return ceiling
    return magnitude * 10


def _short(value: Decimal, unit: str) -> str:
    """An axis label: £1.5m, £20k, 75%, 12."""
    if unit == "%":
        return f"{value:,.0f}%"
    if abs(value) >= 1_000_000:
        return f"{unit}{value / 1_000_000:,.1f}m"
    if abs(value) >= 1_000 and unit:
        return f"{unit}{value / 1_000:,.0f}k"
    return f"{unit}{value:,.0f}"


def _full(value: Decimal, unit: str) -> str:
    if unit == "£":
        return money(value)
    if unit == "%":
        return f"{value:,.1f}%"
    return f"{value:,}"


def bar_chart(chart_id: str, title: str, description: str,
              bars: list[tuple[str, Decimal]], colour: str, unit: str = "£") -> str:
    """An accessible SVG bar chart: role=img, a <title> and a <desc> it is labelled by."""
    highest = max([v for _, v in bars] + [Decimal(0)])
    if unit == "%":
        top_value = Decimal(100)
    elif unit == "":  # counts: whole numbers at every one of the four gridlines
        top_value = Decimal(max(4, -(-int(highest) // 4) * 4))
    else:
        top_value = _nice_ceiling(highest)
    low_value = min([v for _, v in bars] + [Decimal(0)])
    span = top_value - low_value or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return TOP + float((top_value - value) / span) * plot_h

    slot = plot_w / max(len(bars), 1)
    parts = [
        f'<svg class="app-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = low_value + span * Decimal(str(fraction))
        y_pos = y(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y_pos:.1f}" y2="{y_pos:.1f}" '
                     f'stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y_pos + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="#0b0c0c">{escape(_short(value, unit))}</text>')
    zero = y(Decimal(0))
    for index, (label, value) in enumerate(bars):
        x = LEFT + index * slot + slot * 0.15
        bar_top, bar_bottom = sorted((y(value), zero))
        parts.append(f'<rect x="{x:.1f}" y="{bar_top:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{max(bar_bottom - bar_top, 0.5):.1f}" fill="{escape(colour)}">'
                     f'<title>{escape(label)}: {escape(_full(value, unit))}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                     f'text-anchor="middle" font-size="12" fill="#0b0c0c">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
