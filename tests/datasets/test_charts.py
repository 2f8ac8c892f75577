"""Chart axis labels: laid out in Python so that none overlaps another, on a wide and on a
narrow drawing; thinned to every k-th label (keeping the first and the last), wrapped
onto two lines, or shortened. The browser test (tests/test_charts_browser.py) measures
the same in Chromium."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from xml.etree import ElementTree

import pytest

from opcc.datasets.charts import (
    FRAMES,
    LABEL_GAP,
    NARROW,
    WIDE,
    _short,
    bar_chart,
    labelled_bars,
    text_width,
    value_scale,
    wrap,
    x_axis_layout,
)

SVG = "{http://www.w3.org/2000/svg}"
LEFT = 46  # about where a chart's plot starts, after the value axis's labels


def quarters(count: int) -> list[str]:
    return [f"{2017 + i // 4} Q{i % 4 + 1}" for i in range(count)]


LONG = [f"Police and crime plan grant to community safety partnership {i}" for i in range(12)]


def assert_apart(layout, frame):
    """No two labels closer than the gap; every label inside the plot's width."""
    for label in layout.labels:
        assert label.x - label.width / 2 >= LEFT - 0.01
        assert label.x + label.width / 2 <= frame.width - 2 + 0.01
        assert label.width == max(text_width(line, frame.font_size) for line in label.lines)
    for first, second in pairwise(layout.labels):
        gap = (second.x - second.width / 2) - (first.x + first.width / 2)
        assert gap >= LABEL_GAP * frame.font_size - 0.01, (first, second)


def layout(labels, frame):
    return x_axis_layout(labels, LEFT, frame.width - 2, frame.font_size)


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f.name)
@pytest.mark.parametrize("count", [1, 2, 4, 12, 40])
def test_labels_never_overlap_and_keep_first_and_last(frame, count):
    labels = quarters(count)
    result = layout(labels, frame)
    assert_apart(result, frame)
    shown = [label.index for label in result.labels]
    assert shown[0] == 0 and shown[-1] == count - 1
    # every shown label is whole: thinned or wrapped, never cut
    assert all(" ".join(label.lines) == labels[label.index] for label in result.labels)


def test_four_bars_are_all_labelled_on_one_line_at_both_widths():
    for frame in FRAMES:
        result = layout(quarters(4), frame)
        assert result.step == 1 and result.lines == 1
        assert [label.lines for label in result.labels] == [(q,) for q in quarters(4)]


def test_twelve_quarters_wide_on_one_line_narrow_wrapped_and_every_other():
    wide = layout(quarters(12), WIDE)
    assert (wide.step, wide.lines, len(wide.labels)) == (1, 1, 12)
    narrow = layout(quarters(12), NARROW)
    assert (narrow.step, narrow.lines) == (2, 2)
    assert narrow.labels[0].lines == ("2017", "Q1")
    assert [label.index for label in narrow.labels] == [0, 2, 4, 6, 8, 11]


def test_forty_bars_are_thinned_to_every_kth():
    for frame in FRAMES:
        result = layout(quarters(40), frame)
        assert result.step > 1
        shown = [label.index for label in result.labels]
        assert all(b - a >= result.step for a, b in pairwise(shown))
        assert len(shown) < 40
    # a narrower drawing shows fewer
    assert len(layout(quarters(40), NARROW).labels) < len(layout(quarters(40), WIDE).labels)


def test_long_labels_wrap_then_thin_then_shorten():
    wide = layout(LONG, WIDE)
    assert wide.lines == 2 and wide.step > 1
    assert all(" ".join(label.lines) == LONG[label.index] for label in wide.labels)
    assert_apart(wide, WIDE)
    narrow = layout(LONG, NARROW)  # too wide for even two of them: the first and last, cut
    assert [label.index for label in narrow.labels] == [0, 11]
    assert all(label.lines[0].endswith("…") for label in narrow.labels)
    assert_apart(narrow, NARROW)


def test_wrap_splits_at_the_space_that_balances_the_lines():
    assert wrap("2024 Q1", 14, 2) == ("2024", "Q1")
    assert wrap("Police and crime plan", 14, 2) == ("Police and", "crime plan")
    assert wrap("Unsplittable", 14, 2) == ("Unsplittable",)
    assert wrap("2024 Q1", 14, 1) == ("2024 Q1",)


def test_labelled_bars_keep_the_first_and_last():
    assert labelled_bars(12, 1) == list(range(12))
    assert labelled_bars(12, 2) == [0, 2, 4, 6, 8, 11]  # 11 takes 10's place
    assert labelled_bars(13, 3) == [0, 3, 6, 9, 12]
    assert labelled_bars(12, 5) == [0, 5, 11]
    assert labelled_bars(5, 9) == [0, 4]
    assert labelled_bars(1, 1) == [0]


def test_text_width_uses_arial_metrics():
    assert text_width("2024", 10) == pytest.approx(22.24)
    assert text_width("Q1", 10) == pytest.approx(13.34)
    assert text_width("中", 10) == 10  # unknown: as wide as the widest


def parse(markup: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(f"<root>{markup}</root>"))


def test_bar_chart_is_drawn_wide_and_narrow_each_labelled_by_its_own_title():
    bars = [(q, Decimal(i)) for i, q in enumerate(quarters(12))]
    markup = bar_chart("chart-x", "Requests & answers", "Bar chart. <Figures> follow.",
                       bars, "#1d3a6b", unit="")
    wide, narrow = parse(markup)
    assert wide.get("class") == "app-chart app-chart--wide"
    assert narrow.get("class") == "app-chart app-chart--narrow"
    ids = re.findall(r'id="([^"]+)"', markup)
    assert len(ids) == len(set(ids)) == 4
    for svg, frame in ((wide, WIDE), (narrow, NARROW)):
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}title").text == "Requests & answers"
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        assert svg.get("viewBox").split()[2] == str(frame.width)
        assert svg.get("font-size") == str(frame.font_size)
        assert len(svg.findall(f"{SVG}rect")) == 12
    axis = [t for t in narrow.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert ["".join(t.itertext()) for t in axis][:2] == ["2017Q1", "2017Q3"]
    assert [len(t.findall(f"{SVG}tspan")) for t in axis] == [2] * 6


def test_every_drawing_fits_its_labels_inside_its_viewbox():
    for labels in (quarters(3), quarters(12), quarters(40), LONG):
        markup = bar_chart("c", "T", "D", [(x, Decimal(1500)) for x in labels], "#000")
        for svg in parse(markup):
            _, _, width, height = (float(v) for v in svg.get("viewBox").split())
            size = float(svg.get("font-size"))
            for text in svg.findall(f"{SVG}text"):
                lines = [t.text for t in text.findall(f"{SVG}tspan")] or [text.text]
                widest = max(text_width(line, size) for line in lines)
                x = float(text.get("x"))
                anchor = text.get("text-anchor")
                start = x - widest if anchor == "end" else x - widest / 2
                assert 0 <= start and start + widest <= width
                assert float(text.get("y")) + (len(lines) - 1) * 1.2 * size < height


def test_an_empty_chart_still_draws():
    wide, narrow = parse(bar_chart("c", "T", "D", [], "#000"))
    assert wide.findall(f"{SVG}rect") == [] and narrow.findall(f"{SVG}line")


def tick_labels(values, unit):
    return [_short(tick, unit) for tick in value_scale([Decimal(v) for v in values], unit).ticks()]


def test_value_axis_has_round_exact_steps():
    assert tick_labels(["7600"], "£") == ["£0", "£2k", "£4k", "£6k", "£8k"]
    assert tick_labels(["1031607.50"], "£") == ["£0", "£500k", "£1m", "£1.5m"]
    assert tick_labels(["9000"], "£") == ["£0", "£2.5k", "£5k", "£7.5k", "£10k"]  # not £2k
    assert tick_labels(["-300", "900"], "£") == ["-£500", "£0", "£500", "£1k"]
    assert tick_labels(["80", "100"], "%") == ["0%", "25%", "50%", "75%", "100%"]
    assert tick_labels(["10", "7"], "") == ["0", "2", "4", "6", "8", "10"]  # whole numbers
    assert tick_labels(["12"], "") == ["0", "5", "10", "15"]
    assert tick_labels(["3"], "") == ["0", "1", "2", "3"]
    assert tick_labels(["0"], "") == ["0", "1"]
    assert tick_labels(["3e9"], "£") == ["£0", "£1bn", "£2bn", "£3bn"]
    assert tick_labels(["1.5e400"], "£")[-1] == "£1.50E+400"  # nonsense, but short


def test_every_bar_fits_between_the_lowest_and_highest_gridline():
    for values in (["7600"], ["-300", "900"], ["0.4"], ["12"], ["1.5e400"]):
        scale = value_scale([Decimal(v) for v in values], "£")
        assert scale.low <= min(Decimal(v) for v in values + ["0"])
        assert scale.top >= max(Decimal(v) for v in values)
        assert 2 <= len(scale.ticks()) <= 7
