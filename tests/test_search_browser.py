"""Search in a real browser: the header box leads to results; drafts and redacted values
are not in the index."""

from __future__ import annotations

import pytest
from browser_support import (
    build_example_site,
    launch_chromium,
    not_local,
    open_page,
    require_chromium,
    serve,
)

pytestmark = pytest.mark.browser
sync_playwright = require_chromium()


@pytest.fixture(scope="module")
def browser_on_site(tmp_path_factory):
    site = build_example_site(tmp_path_factory)
    with serve(site) as base, launch_chromium(sync_playwright) as browser:
        yield browser, base


def search(browser, base: str, query: str):
    context, page, record = open_page(browser, base + "/")
    page.fill("#app-search-input", query)
    page.press("#app-search-input", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector(".pagefind-ui__message", timeout=15_000)
    page.wait_for_function(
        "() => /result/.test(document.querySelector('.pagefind-ui__message').textContent)")
    page.wait_for_function(  # results load their titles and excerpts one by one
        "() => [...document.querySelectorAll('.pagefind-ui__result-title')]"
        ".every(t => !t.textContent.trim().startsWith('.'))")
    titles = [t.inner_text() for t in page.query_selector_all(".pagefind-ui__result-title")]
    excerpts = " ".join(e.inner_text() for e in
                        page.query_selector_all(".pagefind-ui__result-excerpt"))
    context.close()
    return titles, excerpts, record


def test_header_search_finds_the_right_page(browser_on_site):
    browser, base = browser_on_site
    titles, excerpts, record = search(browser, base, "precept")
    assert titles and titles[0] == "Budget and precept 2026/27", titles
    assert record["errors"] == [] and not_local(record) == []


def test_search_finds_datasets(browser_on_site):
    browser, base = browser_on_site
    titles, _, _ = search(browser, base, "procurement card")
    assert "Procurement card transactions" in titles


def test_drafts_and_redacted_values_are_not_indexed(browser_on_site):
    browser, base = browser_on_site
    # "Jordan Example"-style names of individual suppliers are masked in the spend data,
    # and the 2026 annual report is a draft.
    for query in ("cardholder", "annual report 2026/27 draft"):
        titles, _, _ = search(browser, base, query)
        assert "Annual report 2026" not in " ".join(titles), (query, titles)
    # a cardholder's name, in a column that is never published (pagefind matches word
    # prefixes, so other pages may match "demo…"; none may show the name)
    titles, excerpts, _ = search(browser, base, "Riley Demo")
    assert "Riley" not in excerpts + " ".join(titles), (titles, excerpts)
