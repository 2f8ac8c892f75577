"""Charts in Chromium: on every built page with a chart, at a desktop, a phone and the
widths either side of the breakpoint, one drawing of each chart is shown, no two pieces
of its text overlap, none is cut off, and none is drawn smaller than 10 px (12 px on a
1280 px desktop and a 375 px phone). axe finds nothing in the figures at either width.
Screenshots of each figure: tests/_artifacts/chart-*.png.

Needs Chromium and playwright (and axe-core for the last test); skipped with a reason
without them, failed instead when OPCC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import pytest
from browser_support import (
    ARTIFACTS,
    AXE_JS,
    NPM_HINT,
    REPO,
    build_example_site,
    html_pages,
    launch_chromium,
    open_page,
    require_chromium,
    serve,
    settle,
    site_path,
    unavailable,
)

pytestmark = pytest.mark.browser
sync_playwright = require_chromium()

# 1280 and 375: a desktop and a phone. 769 is the narrowest wide drawing, 768 the widest
# narrow one (the breakpoint, _charts.scss), 320 the narrowest phone WCAG 1.4.10 asks for.
WIDTHS = (1280, 769, 768, 375, 320)
SMALLEST = 10  # px: no chart text is drawn smaller, at any width
SMALLEST_AT = {1280: 12, 375: 12}  # px: nor smaller than this at a desktop and a phone

# Every <text> of each chart's shown drawing: its box on screen and its rendered size.
MEASURE = """() => [...document.querySelectorAll('figure.app-figure')].map(figure => {
    const drawings = [...figure.querySelectorAll('svg.app-chart')];
    const shown = drawings.filter(svg => getComputedStyle(svg).display !== 'none');
    return {
        drawings: drawings.length,
        shown: shown.map(svg => {
            const box = svg.getBoundingClientRect();
            const scale = svg.getScreenCTM().a;
            return {
                name: svg.getAttribute('class'),
                box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
                texts: [...svg.querySelectorAll('text')].map(text => {
                    const r = text.getBoundingClientRect();
                    return {text: [...text.querySelectorAll('tspan')].map(t => t.textContent)
                                .join(' / ') || text.textContent,
                            left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            px: parseFloat(getComputedStyle(text).fontSize) * scale};
                }),
            };
        }),
    };
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_example_site(tmp_path_factory)


@pytest.fixture(scope="module")
def chart_pages(site) -> list[str]:
    pages = [site_path(site, page) for page in html_pages(site)
             if 'class="app-chart' in page.read_text(encoding="utf-8")]
    assert "/foi/statistics/" in pages, pages
    return pages


@pytest.fixture(scope="module")
def browser_on_site(site):
    with serve(site) as base, launch_chromium(sync_playwright) as browser:
        yield browser, base


def overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of text boxes that share more than a hair's breadth (0.5 px)."""
    found = []
    for i, one in enumerate(texts):
        for other in texts[i + 1:]:
            across = min(one["right"], other["right"]) - max(one["left"], other["left"])
            down = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            if across > 0.5 and down > 0.5:
                found.append((one["text"], other["text"]))
    return found


def outside(drawing: dict) -> list[str]:
    box = drawing["box"]
    return [t["text"] for t in drawing["texts"]
            if t["left"] < box["left"] - 0.5 or t["right"] > box["right"] + 0.5
            or t["top"] < box["top"] - 0.5 or t["bottom"] > box["bottom"] + 0.5]


def artifact_name(url: str, index: int, width: int) -> str:
    return f"chart-{url.strip('/').replace('/', '-') or 'home'}-{index + 1}-{width}.png"


def test_chart_text_never_overlaps_and_is_big_enough(browser_on_site, chart_pages):
    browser, base = browser_on_site
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    for url in chart_pages:
        context, page, record = open_page(browser, base + url,
                                          viewport={"width": WIDTHS[0], "height": 900})
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            settle(page)
            figures = page.evaluate(MEASURE)
            assert figures, url
            for index, figure in enumerate(figures):
                where = f"{url} chart {index + 1} at {width} px"
                problems += check_figure(where, figure, width)
                if width in SMALLEST_AT:
                    page.locator("figure.app-figure").nth(index).screenshot(
                        path=str(ARTIFACTS / artifact_name(url, index, width)))
        assert record["errors"] == [], record["errors"]
        context.close()
    assert problems == [], "\n".join(problems)


def check_figure(where: str, figure: dict, width: int) -> list[str]:
    if figure["drawings"] == 0:
        return []  # a figure of something else
    if len(figure["shown"]) != 1:
        return [f"{where}: {len(figure['shown'])} of {figure['drawings']} drawings shown"]
    drawing = figure["shown"][0]
    problems = [f"{where}: {one!r} overlaps {other!r}"
                for one, other in overlapping(drawing["texts"])]
    problems += [f"{where}: {text!r} is cut off" for text in outside(drawing)]
    least = SMALLEST_AT.get(width, SMALLEST)
    problems += [f"{where}: {t['text']!r} is drawn at {t['px']:.1f} px (< {least})"
                 for t in drawing["texts"] if t["px"] < least]
    expected = "app-chart--wide" if width > 768 else "app-chart--narrow"
    if expected not in drawing["name"]:
        problems.append(f"{where}: shows {drawing['name']}, not {expected}")
    return problems


def test_the_narrow_chart_labels_fewer_bars_than_the_wide(browser_on_site):
    """At 375 px the FOI quarters are wrapped ("2024" over "Q1") and every other one is
    shown; at 1280 px all twelve are, each on one line."""
    browser, base = browser_on_site
    context, page, _ = open_page(browser, base + "/foi/statistics/",
                                 viewport={"width": 1280, "height": 900})
    axis = """() => [...document.querySelector('figure.app-figure svg.app-chart--%s')
        .querySelectorAll('text[text-anchor=middle]')].map(t =>
        [...t.querySelectorAll('tspan')].map(s => s.textContent))"""
    wide, narrow = page.evaluate(axis % "wide"), page.evaluate(axis % "narrow")
    context.close()
    assert len(wide) == 12 and all(len(lines) == 1 for lines in wide)
    assert len(narrow) == 6 and all(len(lines) == 2 for lines in narrow)
    assert narrow[0] == [*wide[0][0].split()] and narrow[-1] == [*wide[-1][0].split()]


def test_axe_finds_nothing_in_the_charts_at_either_width(browser_on_site, chart_pages):
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS.relative_to(REPO)} is missing ({NPM_HINT})")
    browser, base = browser_on_site
    found = []
    for url in chart_pages:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_init_script(path=str(AXE_JS))  # the site's CSP refuses inline scripts
            page = context.new_page()
            page.goto(base + url, wait_until="load")
            violations = page.evaluate("""() => axe.run(
                {include: [...document.querySelectorAll('figure.app-figure')]},
                {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}})
                .then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))""")
            found += [f"{url} at {width} px: {v}" for v in violations]
            context.close()
    assert found == [], found
