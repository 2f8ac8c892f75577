"""The built example site in headless Chromium: no errors, local requests only, accessible basics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    not_local,
    open_page,
    require_chromium,
    settle,
    unavailable,
)

pytestmark = pytest.mark.browser

require_chromium()  # skips the module (fails it in CI) without Chromium and playwright

PAGES = {
    "home": "/",
    "class": "/publication-scheme/who-we-are/",
    "guide": "/publication-scheme/",
    "content": "/priorities/police-and-crime-plan/",
}


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(browser, base_url, artifacts, name):
    path = PAGES[name]
    context, page, record = open_page(browser, base_url + path,
                                      viewport={"width": 1280, "height": 800})
    try:
        assert record["errors"] == [], f"console errors on {path}"
        assert record["failed"] == [], f"failed requests on {path}"
        assert not_local(record) == [], f"{path} asks for something not on this site"
        assert len(record["requests"]) >= 1

        assert page.locator("h1").count() == 1, f"{path} must have exactly one h1"
        assert page.locator("h1").first.inner_text().strip()
        assert page.locator("main#main-content, #main-content").count() == 1
        lang = page.evaluate("document.documentElement.lang")
        assert lang.startswith("en"), lang
        assert page.title().strip()

        page.screenshot(path=str(artifacts / f"{name}-1280.png"), full_page=True)

        # the skip link is the first thing a keyboard user reaches
        page.keyboard.press("Tab")
        active = page.evaluate("""() => {
            const el = document.activeElement;
            return {tag: el.tagName, href: el.getAttribute('href') || '',
                    text: el.textContent.trim()};
        }""")
        assert active["tag"] == "A", active
        assert active["href"].endswith("#main-content"), active
        # and it is visible once focused
        assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
        page.evaluate("document.activeElement.blur()")

        # no sideways scrolling on a small phone
        page.set_viewport_size({"width": 320, "height": 800})
        settle(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 320.5)
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ' '
                                 + Math.round(e.getBoundingClientRect().right))""")
            page.screenshot(path=str(artifacts / f"{name}-320-overflow.png"), full_page=True)
            pytest.fail(f"{path} scrolls sideways at 320 px: scrollWidth {width}; {wide}")
        page.screenshot(path=str(artifacts / f"{name}-320.png"), full_page=True)
        assert record["errors"] == [], f"console errors on {path} after resizing"
        assert not_local(record) == [], f"{path} asks for something not on this site"
    finally:
        context.close()


def test_site_works_without_javascript(browser, base_url, artifacts):
    context, page, record = open_page(browser, base_url + "/who-we-are/commissioner/",
                                      java_script_enabled=False,
                                      viewport={"width": 1280, "height": 800})
    try:
        nav_links = page.locator("nav a[href]")
        hrefs = [nav_links.nth(i).get_attribute("href") for i in range(nav_links.count())]
        for wanted in ("/who-we-are/", "/what-we-spend/", "/priorities/",
                       "/publication-scheme/"):
            assert any(h and h.rstrip("/").endswith(wanted.rstrip("/")) for h in hrefs), \
                (wanted, hrefs)
        # the navigation is not hidden behind a menu button that needs script
        first = page.locator("nav a[href]", has_text="What we spend").first
        assert first.is_visible()
        assert page.locator("h1").inner_text().strip() == \
            "The commissioner and deputy commissioner"
        assert "Rowan Ellery" in page.locator("main").inner_text()
        page.screenshot(path=str(artifacts / "no-js-1280.png"), full_page=True)

        page.set_viewport_size({"width": 320, "height": 800})
        # (no settle(): animation frames may never run without script; reading
        # scrollWidth and visibility forces a synchronous layout anyway)
        assert page.locator("nav a[href]", has_text="What we spend").first.is_visible(), \
            "without JavaScript the small-screen navigation must still be reachable"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(artifacts / "no-js-320.png"), full_page=True)
        assert record["errors"] == []
        assert not_local(record) == []
    finally:
        context.close()


def test_every_built_page_is_local_only(built_site):
    """No page asks a browser to load anything from another host (fonts, scripts, analytics)."""
    loads = re.compile(r'<(?:script|img|link|iframe|source)\b[^>]*?\b(?:src|href)="([^"]+)"',
                       re.IGNORECASE)
    problems = []
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.finditer(r"<link\b[^>]*>", text, re.IGNORECASE):
            if re.search(r'rel="(?:canonical|alternate)"', tag.group(0)):
                text = text.replace(tag.group(0), "")
        for url in loads.findall(text):
            if re.match(r"(?:https?:)?//", url):
                problems.append(f"{page.relative_to(built_site)}: {url}")
    assert problems == []


# Fonts with Arial's metrics: the theme asks for Arial, and Debian has Liberation Sans
# in its place (fonts-liberation). Without it Chromium falls back to DejaVu Sans, which
# is about 10% wider, so the reflow and zoom tests would measure text no reader sees.
ARIAL_METRIC = {"Arial", "Liberation Sans", "Arimo"}


def test_text_is_set_in_an_arial_metric_font(browser, base_url):
    context, page, _record = open_page(browser, base_url + "/",
                                       viewport={"width": 1280, "height": 800})
    try:
        session = context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        used = {}
        for selector in ("h1", "main p", "nav a"):
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            used[selector] = {font["familyName"] for font in fonts["fonts"]}
        wrong = {selector: names for selector, names in used.items()
                 if not names <= ARIAL_METRIC}
        if wrong:
            unavailable(f"text is drawn in {wrong}, not an Arial-metric font "
                        "(apt-get install fonts-liberation; .ci/run does it)")
    finally:
        context.close()
