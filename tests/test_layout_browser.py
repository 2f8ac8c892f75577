"""Layout in Chromium at 1280 px and 375 px, on one page of every kind.

- Nothing is wider than the window, except inside a labelled scroll region (a table
  wrapper with role=region and aria-label or aria-labelledby).
- Key cells (figures, dates, statuses: `app-table__cell--key`, numeric cells, cells
  holding a <time> or a tag) are never clipped: no cell narrower than its content, and
  every one is inside the visible box of its scroll region, not hidden off to the side.
- A region whose table still scrolls shows a visible hint (tables.js).
- Status tags of different statuses on the compliance page have different colours.

Full-page screenshots of every kind at both widths go to
tests/_artifacts/layout-KIND-WIDTH.png.
"""

from __future__ import annotations

from collections import Counter

import pytest
from browser_support import (
    ARTIFACTS,
    open_page,
    page_kinds,
    require_chromium,
    serve,
    settle,
)
from tests.conftest import EXAMPLE_TODAY, MINIMAL_CONFIG

from opcc.build.pipeline import BuildOptions, build_site

pytestmark = pytest.mark.browser

require_chromium()  # skips the module (fails it in CI) without Chromium and playwright

WIDTHS = (1280, 375)
KINDS = ("class", "compliance", "dataset", "datasets", "foi", "foi-log", "foi-statistics",
         "guide", "home", "not-found", "page", "search", "news", "news-index", "consultations",
         "consultation-list", "meetings", "meetings-index")
KINDS += ("decisions", "decisions-register")  # the decisions register (issue 19)
KINDS += ("policy",)  # a page with a governance block (issue 19)

# Elements wider than the window, outside a labelled scroll region.
WIDE_OUTSIDE_REGIONS = """() => {
  const limit = document.documentElement.clientWidth;
  const labelled = e => e.closest('[role=region][aria-label], [role=region][aria-labelledby]');
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > limit + 1 || box.left < -1) {
      const region = labelled(e);
      if (region && region !== e) continue;
      found.push(`${e.tagName.toLowerCase()}.${e.className}: ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, limit, found: found.slice(0, 10)};
}"""

# Key cells clipped by their own width or hidden outside their scroll region's box.
CLIPPED_KEY_CELLS = """() => {
  const key = c => c.matches('.app-table__cell--key, .govuk-table__cell--numeric')
      || c.querySelector('time, .govuk-tag');
  const found = [];
  for (const cell of document.querySelectorAll('main td')) {
    if (!key(cell) || cell.closest('[hidden]')) continue;
    const label = `${cell.dataset.label || ''} "${cell.textContent.trim().slice(0, 30)}"`;
    if (cell.scrollWidth > cell.clientWidth + 1) {
      found.push(`${label}: content ${cell.scrollWidth}px in a cell of ${cell.clientWidth}px`);
      continue;
    }
    const region = cell.closest('.app-table-wrapper');
    if (!region) continue;
    const outer = region.getBoundingClientRect(), box = cell.getBoundingClientRect();
    if (box.right > outer.right + 1 || box.left < outer.left - 1) {
      found.push(`${label}: at ${Math.round(box.left)}..${Math.round(box.right)}, `
                 + `outside its region ${Math.round(outer.left)}..${Math.round(outer.right)}`);
    }
  }
  return found.slice(0, 10);
}"""

# Regions that scroll but show no hint that they do.
SILENT_SCROLLERS = """() => [...document.querySelectorAll('.app-table-wrapper')]
  .filter(r => r.scrollWidth > r.clientWidth + 1)
  .filter(r => {
    const hint = r.previousElementSibling;
    return !(hint && hint.matches('.app-table-hint') && !hint.hidden
             && hint.getBoundingClientRect().height > 0);
  })
  .map(r => r.getAttribute('aria-label') || r.getAttribute('aria-labelledby'))"""

# Background colour of each status tag, by its word.
TAG_COLOURS = """() => {
  const colours = {};
  for (const tag of document.querySelectorAll('main td .govuk-tag')) {
    colours[tag.textContent.trim()] = getComputedStyle(tag).backgroundColor;
  }
  return colours;
}"""


@pytest.fixture(scope="module")
def kinds(built_site) -> dict[str, str]:
    found = page_kinds(built_site)
    found["policy"] = "/policies/information-management-strategy/"  # a governance block
    missing = [kind for kind in KINDS if kind not in found]
    assert not missing, f"no page of kind {missing} in the example site: {found}"
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_kind_fits_the_window_and_key_cells_are_whole(browser, base_url, kinds, width):
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for kind in KINDS:
        path = kinds[kind]
        context, page, record = open_page(browser, base_url + path,
                                          viewport={"width": width, "height": 900})
        try:
            settle(page)
            page.screenshot(path=str(ARTIFACTS / f"layout-{kind}-{width}.png"), full_page=True)
            wide = page.evaluate(WIDE_OUTSIDE_REGIONS)
            if wide["scroll"] > wide["limit"] or wide["found"]:
                problems.append(f"{kind} {path}: page {wide['scroll']}px wide in a "
                                f"{wide['limit']}px window; {wide['found']}")
            clipped = page.evaluate(CLIPPED_KEY_CELLS)
            if clipped:
                problems.append(f"{kind} {path}: key cells clipped: {clipped}")
            silent = page.evaluate(SILENT_SCROLLERS)
            if silent:
                problems.append(f"{kind} {path}: tables scroll without a hint: {silent}")
            if record["errors"]:
                problems.append(f"{kind} {path}: console errors {record['errors']}")
        finally:
            context.close()
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_stacked_tables_label_every_cell_and_keep_table_roles(browser, base_url, kinds, width):
    """Below 641 px stacked tables show each cell's column, and screen readers still get
    a table: Chromium's accessibility tree keeps table, row and cell roles (explicit ARIA
    roles on table elements are invalid HTML, so the markup has none)."""
    context, page, _ = open_page(browser, base_url + kinds["dataset"],
                                 viewport={"width": width, "height": 900})
    try:
        settle(page)
        report = page.evaluate("""() => {
          const tables = [...document.querySelectorAll('table.app-table--stacked')];
          const unlabelled = tables.flatMap(t => [...t.querySelectorAll('td:not([data-label])')]);
          const cell = document.querySelector('table.app-table--stacked td[data-label]');
          return {count: tables.length, unlabelled: unlabelled.length,
                  label: getComputedStyle(cell, '::before').content,
                  display: getComputedStyle(cell.closest('tr')).display};
        }""")
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        roles = Counter(n["role"]["value"] for n in tree if n.get("role"))
    finally:
        context.close()
    assert report["count"] >= 2 and report["unlabelled"] == 0, report
    # every table of the page is still a table of rows of cells for assistive technology
    assert roles["table"] >= report["count"] and roles["row"] > 50 and roles["cell"] > 500, roles
    if width < 641:
        assert report["display"] == "block" and report["label"] not in ("none", "normal"), report
    else:
        assert report["display"] == "table-row" and report["label"] in ("none", "normal"), report


GAPS_PAGE = """---
title: {title}
summary: A page.
class: {cls}
item: {item}
published: 2024-01-01
updated: {updated}
---
Text.
"""


def test_compliance_statuses_have_distinct_colours(browser, make_site):
    """A site with every status (the example is up to date): an overdue budget, a yearly
    review due within the fortnight, missing items and one not applicable."""
    config = MINIMAL_CONFIG + ("scheme:\n  not_applicable:\n"
                               "    sio-4a: The office owns no land.\n")
    root = make_site({
        "content/what-we-spend/budget.md": GAPS_PAGE.format(
            title="Budget", cls="what-we-spend", item="sio-3a", updated="2025-01-10"),
        "content/who-we-are/team.md": GAPS_PAGE.format(
            title="Team", cls="who-we-are", item="sio-2a", updated="2025-12-01"),
        "content/what-we-spend/salaries.md": GAPS_PAGE.format(
            title="Salaries", cls="what-we-spend", item="sio-1c", updated="2026-10-01"),
    }, config=config)
    assert build_site(BuildOptions(root, today=EXAMPLE_TODAY)).ok
    with serve(root / "site") as url:
        context, page, _ = open_page(browser, url + "/publication-scheme/compliance/",
                                     viewport={"width": 1280, "height": 900})
        try:
            colours = page.evaluate(TAG_COLOURS)
            brand = page.evaluate("""() => {
              const probe = document.createElement('strong');
              probe.className = 'govuk-tag';
              document.body.append(probe);
              return getComputedStyle(probe).backgroundColor;
            }""")
        finally:
            context.close()
    assert {"Up to date", "Due soon", "Overdue", "Missing", "Not applicable"} <= set(colours)
    assert len(colours) >= 3, colours
    assert len(set(colours.values())) == len(colours), f"statuses share a colour: {colours}"
    assert colours.get("Missing") != brand, "a modifier lost to the brand colour"
