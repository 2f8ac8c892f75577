"""Accessibility of the built example site in headless Chromium (issue 7, items 4 and 5).

- axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) finds nothing on any built page;
- the pages reflow at 320 CSS px (WCAG 1.4.10, the same as 1280 px at 400% zoom), also
  with the text at 200% (WCAG 1.4.4) and at 400% on a wide screen: no sideways scrolling
  of the page, nothing off-screen or clipped, every scrolling region reachable by keyboard;
- Tab reaches every link and control in document order, and each shows a focus indicator;
- a page asks for nothing from another host.

Needs Chromium, playwright and `npm --prefix tests ci` (axe-core); skipped with a reason
without them, failed instead when OPCC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from browser_support import (
    ARTIFACTS,
    AXE_JS,
    NPM_HINT,
    REPO,
    html_pages,
    is_local,
    page_kinds,
    record_timing,
    require_chromium,
    settle,
    site_path,
    unavailable,
)

pytestmark = pytest.mark.browser

require_chromium()  # skips the module (fails it in CI) without Chromium and playwright
if not AXE_JS.is_file():
    unavailable(f"{AXE_JS.relative_to(REPO)} is missing ({NPM_HINT})")

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """(tags) => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '),
                              html: n.html.slice(0, 160),
                              summary: n.failureSummary || ''})),
})))"""
VIEWPORT = {"width": 1280, "height": 800}
# A redirect page's refresh (render/redirects.py) and the root-relative address it goes to.
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=(/[^"]*)">')
# Keyboard tests: the kinds of page with the most kinds of links and controls.
KEYBOARD_KINDS = ["home", "dataset", "foi-log"]
# Recorded in every page (an init script): what its Content-Security-Policy blocked.
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', e =>
    (window.__csp = window.__csp || []).push(e.effectiveDirective + ' blocked '
        + (e.blockedURI || 'inline') + ' (line ' + e.lineNumber + ')'));"""


@pytest.fixture(scope="module")
def kinds(built_site) -> dict[str, str]:
    """One page of each kind: kind -> URL path."""
    found = page_kinds(built_site)
    # an old address's redirect page leaves at once (a 0 s refresh); axe checks it below
    found.pop("redirect", None)
    found["policy"] = "/policies/information-management-strategy/"  # a governance block
    for kind in ("home", "page", "class", "guide", "dataset", "datasets", "not-found",
                 "foi", "foi-log", "foi-statistics", "search", "compliance",
                 "specified-information", "news", "news-index", "consultations",
                 "consultation-list", "meetings", "meetings-index"):
        assert kind in found, f"no {kind} page in the example site: {found}"
    for kind in ("decisions", "decisions-register"):  # the decisions register
        assert kind in found, f"no {kind} page in the example site: {found}"
    return found


@dataclass
class AxeContext:
    context: object  # playwright BrowserContext
    outside: list[str] = field(default_factory=list)  # requests for other hosts


@pytest.fixture(scope="module")
def axe(browser) -> AxeContext:
    """A browser context that has axe-core in every page it loads, and that never lets a
    page reach another host (such requests are recorded in `outside`, and aborted).

    An init script is not subject to the page's Content-Security-Policy, and it is
    cheaper than evaluating the 650 KB script again after every navigation.
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(path=str(AXE_JS))
    context.add_init_script(script=CSP_LISTENER)
    holder = AxeContext(context)

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            holder.outside.append(f"{route.request.frame.url}: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    try:
        yield holder
    finally:
        context.close()


def describe_violations(path: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{path}: {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    at {node['target']}: {node['html']}")
            summary = " ".join(node["summary"].split())
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return lines


def run_axe(page, path: str) -> list[str]:
    assert page.evaluate("typeof axe") == "object", f"axe-core did not load into {path}"
    return describe_violations(path, page.evaluate(AXE_RUN, AXE_TAGS))


# --- axe on every page -------------------------------------------------------------

def test_axe_finds_no_violations_on_any_page(axe, built_site, base_url):
    """axe-core on every built page; on the way, no page asks another host for anything
    and no page's own Content-Security-Policy blocks part of it."""
    pages = html_pages(built_site)
    assert len(pages) >= 7, pages
    page = axe.context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    blocked: list[str] = []
    axe.outside.clear()
    started = time.perf_counter()
    for file in pages:
        path = site_path(built_site, file)
        target = REFRESH.search(file.read_text(encoding="utf-8"))
        if target:  # a redirect page: its refresh is answered 204, so the page stays
            page.route(base_url + target.group(1), lambda route: route.fulfill(status=204))
        response = page.goto(base_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        problems += run_axe(page, path)
        if target:
            page.unroute(base_url + target.group(1))
        blocked += [f"{path}: {v}" for v in page.evaluate("window.__csp || []")]
    elapsed = time.perf_counter() - started
    page.close()
    record_timing("axe", pages=len(pages), seconds=round(elapsed, 2))
    print(f"axe-core {AXE_TAGS}: {len(pages)} pages in {elapsed:.1f} s")
    assert not problems, (f"axe-core found violations on {len(pages)} pages:\n"
                          + "\n".join(problems))
    assert axe.outside == [], "requests for other hosts:\n" + "\n".join(axe.outside)
    assert blocked == [], "Content-Security-Policy violations:\n" + "\n".join(blocked)


# --- reflow and text size ------------------------------------------------------------

# In the page: everything that breaks reflow at the viewport width `vw`.
REFLOW_PROBLEMS = r"""(vw) => {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      s += '.' + el.className.trim().split(/\s+/).join('.');
    return s;
  };
  const style = (el) => getComputedStyle(el);
  // Visually hidden (GOV.UK's visually-hidden pattern and the skip link): clipped to
  // a pixel by itself or an ancestor.
  const hidden = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = style(e), r = e.getBoundingClientRect();
      if (s.visibility === 'hidden' || s.display === 'none') return true;
      if ((s.overflow !== 'visible' || s.clipPath !== 'none' || s.clip !== 'auto')
          && (r.width <= 1 || r.height <= 1)) return true;
    }
    return false;
  };
  // Inside a box that scrolls sideways by itself (allowed for data tables: WCAG 1.4.10).
  const scroller = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement)
      if (['auto', 'scroll'].includes(style(e).overflowX)) return e;
    return null;
  };
  const root = document.documentElement;
  const out = {pageWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
               offscreen: [], clipped: [], unreachable: []};
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (hidden(el)) continue;
    const s = style(el);
    if ((r.right > vw + 0.5 || r.left < -0.5) && !scroller(el))
      out.offscreen.push(`${describe(el)} spans x ${Math.round(r.left)}..${Math.round(r.right)}`);
    const clipsX = ['hidden', 'clip'].includes(s.overflowX);
    const clipsY = ['hidden', 'clip'].includes(s.overflowY);
    if ((clipsX && el.scrollWidth > el.clientWidth + 1)
        || (clipsY && el.scrollHeight > el.clientHeight + 1))
      out.clipped.push(`${describe(el)} clips its content: `
        + `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
    // A box that scrolls must be reachable by keyboard to be scrolled (WCAG 2.1.1).
    if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
        && el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea, [tabindex]'))
      out.unreachable.push(`${describe(el)} scrolls sideways but cannot take keyboard focus`);
  }
  // Text that runs out of its box (a long word, a nowrap cell) and off the screen.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || hidden(el) || scroller(node)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.right > vw + 0.5 || r.left < -0.5) {
        out.offscreen.push(`text "${node.textContent.trim().slice(0, 40)}" in ${describe(el)} `
                           + `spans x ${Math.round(r.left)}..${Math.round(r.right)}`);
        break;
      }
    }
  }
  return out;
}"""

# (viewport width, root font size): 320 px is 1280 px at 400% zoom (WCAG 1.4.10); text at
# 200% is WCAG 1.4.4; 400% text on a wide screen is the largest text-only zoom.
REFLOW_CASES = {"320px": (320, "100%"), "320px-text200": (320, "200%"),
                "1280px-text400": (1280, "400%")}


@pytest.mark.parametrize("case", REFLOW_CASES)
def test_pages_reflow_without_sideways_scrolling(axe, base_url, kinds, case):
    width, text_size = REFLOW_CASES[case]
    page = axe.context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    failures: list[str] = []
    try:
        for kind, path in kinds.items():
            page.goto(base_url + path, wait_until="load")
            # The user's text size: GOV.UK Frontend sizes text in rem, so a larger root
            # font size is what a larger browser font setting does.
            page.evaluate("size => { document.documentElement.style.fontSize = size; }",
                          text_size)
            settle(page)
            found = page.evaluate(REFLOW_PROBLEMS, width)
            lines = []
            if found["pageWidth"] > width:
                lines.append(f"the page scrolls sideways: {found['pageWidth']} px wide")
            lines += [f"off-screen: {x}" for x in found["offscreen"][:8]]
            lines += [f"clipped: {x}" for x in found["clipped"][:8]]
            lines += [f"scroll box: {x}" for x in found["unreachable"][:8]]
            if lines:
                name = f"reflow-{case}-{kind}.png"
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
                failures.append(f"{kind} page {path} at {width} px, text {text_size} "
                                f"(screenshot tests/_artifacts/{name}):")
                failures += ["    " + line for line in lines]
            if text_size == "100%":
                # The small-screen layout is a different layout: axe must find nothing
                # there either (contrast, target size, scroll regions without focus…).
                failures += run_axe(page, f"{path} at {width} px")
    finally:
        page.close()
    assert not failures, "\n".join(failures)


# --- keyboard --------------------------------------------------------------------------

# In the page: number every element Tab should reach, in document order, and note how it
# looks unfocused (to compare with its focused look).
MARK_TABBABLE = r"""() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, '
    + 'summary, iframe, audio[controls], video[controls], [contenteditable], [tabindex]';
  const look = (el) => {
    const parts = [];
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      parts.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                  s.backgroundColor, s.color, s.textDecorationLine, s.textDecorationThickness,
                  s.borderBottomColor, s.borderBottomWidth].join('|'));
    }
    return parts;
  };
  const list = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    el.dataset.tabOrder = list.length;
    const name = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
    list.push({order: list.length, tag: el.tagName.toLowerCase(), tabIndex: el.tabIndex,
               name: name.slice(0, 50), href: el.getAttribute('href') || '', look: look(el)});
  }
  window.__look = look;
  return list;
}"""

FOCUSED = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const outline = (s) => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = (s) => s.boxShadow !== 'none';
  const pseudo = ['::before', '::after'].map(p => getComputedStyle(el, p));
  return {order: el.dataset.tabOrder === undefined ? null : Number(el.dataset.tabOrder),
          tag: el.tagName.toLowerCase(),
          name: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50),
          look: window.__look(el),
          outline: outline(getComputedStyle(el)) || pseudo.some(outline),
          shadow: shadow(getComputedStyle(el)) || pseudo.some(shadow),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                   && r.top < innerHeight && r.left < innerWidth,
          focusVisible: el.matches(':focus-visible')};
}"""


def focus_indicator_problem(expected: dict, focused: dict) -> str | None:
    """Why the focused element shows no visible focus indicator, or None."""
    if not focused["visible"]:
        return "is not on screen when focused"
    if not focused["focusVisible"]:
        return "does not match :focus-visible"
    changed = [i for i, (a, b) in enumerate(zip(expected["look"], focused["look"])) if a != b]
    if not changed:
        return "looks the same focused and unfocused"
    before = [part.split("|") for part in expected["look"]]
    after = [part.split("|") for part in focused["look"]]
    for i in changed:
        b, a = before[i], after[i]
        outline_added = a[0] != "none" and a[1] != "0px" and (a[:3] != b[:3])
        shadow_added = a[3] != "none" and a[3] != b[3]
        background_changed = a[4] != b[4]
        if outline_added or shadow_added or background_changed:
            return None
    return ("changes only its text colour or underline when focused, "
            "with no outline, box-shadow or background")


@pytest.mark.parametrize("kind", KEYBOARD_KINDS)
def test_keyboard_reaches_every_control_in_order_with_a_focus_indicator(browser, base_url,
                                                                        kinds, kind):
    path = kinds[kind]
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="load")
        expected = page.evaluate(MARK_TABBABLE)
        assert len(expected) >= 5, expected
        positive = [e for e in expected if e["tabIndex"] > 0]
        assert not positive, f"{path}: tabindex above 0 breaks the reading order: {positive}"

        problems: list[str] = []
        reached: list[int | None] = []
        for step, want in enumerate(expected, start=1):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                problems.append(f"Tab {step}: focus left the page; expected "
                                f"<{want['tag']}> {want['name']!r}")
                break
            reached.append(focused["order"])
            if focused["order"] != want["order"]:
                problems.append(f"Tab {step}: reached <{focused['tag']}> {focused['name']!r} "
                                f"(#{focused['order']}); expected <{want['tag']}> "
                                f"{want['name']!r} (#{want['order']}) {want['href']}")
                break
            why = focus_indicator_problem(want, focused)
            if why:
                problems.append(f"Tab {step}: <{want['tag']}> {want['name']!r} {want['href']} "
                                f"{why}")
        # One more Tab leaves the last control: nothing tabbable was left out.
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        if not problems and after is not None and after["order"] not in (None, 0):
            problems.append(f"after the last control Tab reached #{after['order']} again")
        if not problems and after is not None and after["order"] is None:
            problems.append(f"after the last control Tab reached an unexpected "
                            f"<{after['tag']}> {after['name']!r}")
        assert not problems, (f"{path}: keyboard ({len(expected)} controls, reached "
                              f"{len(reached)}):\n" + "\n".join(problems))
    finally:
        context.close()


# --- no requests to other hosts ----------------------------------------------------------

def test_no_page_kind_loads_anything_from_another_host(browser, base_url, kinds):
    """Each kind of page, left to load everything it wants (scripts included) until the
    network is idle: every request goes to the local server."""
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []
    requests: dict[str, list[str]] = {}

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:  # recorded, and never sent
            outside.append(f"{route.request.frame.url}: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    context.add_init_script(script=CSP_LISTENER)
    try:
        opened = []
        for kind, path in kinds.items():  # all open at once: their idle waits overlap
            page = context.new_page()
            page.on("request", lambda r, path=path: requests.setdefault(path, []).append(r.url))
            response = page.goto(base_url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            opened.append((kind, path, page))
        blocked = []
        for kind, path, page in opened:
            page.wait_for_load_state("networkidle")
            blocked += [f"{kind} page {path}: {v}" for v in page.evaluate("window.__csp || []")]
        assert all(requests.get(path) for _, path, _ in opened), requests
        assert outside == [], "requests for other hosts:\n" + "\n".join(outside)
        assert blocked == [], "Content-Security-Policy violations:\n" + "\n".join(blocked)
    finally:
        context.close()


# url(…) and @import "…" in CSS (style attributes, <style> and .css files).
CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+)['"]?([^'")\s;]+)""", re.IGNORECASE)


# Attributes through which a tag makes the browser fetch something by itself.
LOADS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
# rel values that fetch: canonical, alternate, license, author… are only links.
FETCHING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload",
                 "preconnect", "dns-prefetch", "manifest", "apple-touch-icon",
                 "mask-icon", "prerender"}


class _Loads(HTMLParser):
    """Every URL a page makes the browser fetch by itself (not links a reader follows)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        names = list(LOADS.get(tag, ()))
        if tag == "link" and set(attrs.get("rel", "").lower().split()) & FETCHING_RELS:
            names.append("href")
        for name in names:
            value = attrs.get(name, "")
            urls = [part.split()[0] for part in value.split(",") if part.split()] \
                if name.endswith("srcset") else [value]
            for url in urls:
                self.urls.append((self.getpos()[0], tag, url.strip()))
        for url in CSS_URL.findall(attrs.get("style", "")):
            self.urls.append((self.getpos()[0], f"{tag} style", url))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url in CSS_URL.findall(data):
                self.urls.append((self.getpos()[0], "style", url))


def is_remote(url: str) -> bool:
    return url.strip().lower().startswith(("http:", "https:", "//", "ftp:"))


def test_no_page_refers_to_another_host_for_anything_it_loads(built_site):
    problems = []
    pages = html_pages(built_site)
    for file in pages:
        parser = _Loads()
        parser.feed(file.read_text(encoding="utf-8"))
        parser.close()
        for line, tag, url in parser.urls:
            if is_remote(url):
                problems.append(f"{file.relative_to(built_site)}:{line}: <{tag}> {url}")
    for file in sorted(built_site.rglob("*.css")):
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            problems += [f"{file.relative_to(built_site)}:{number}: {url}"
                         for url in CSS_URL.findall(text) if is_remote(url)]
    assert len(pages) >= 7
    assert problems == [], "pages load from another host:\n" + "\n".join(problems)
