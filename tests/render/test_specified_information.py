"""The Specified information page (/specified-information/, issue 18 item 5): the Order's
paragraphs in its own order and words, each linking to where it is published, with its
status; the other statutory items below; linked from every page's header and the guide.
Built through the real CLI; the page in Chromium with axe-core at 1280 and 375 px."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.render.specified_information import paragraph_key
from opcc.scheme import load_profile

TODAY = "2026-11-25"
URL = "/specified-information/"
# The Schedule, Part 1, as the Order numbers it: a paragraph inserted by a later order
# (2A, inserted "after paragraph 2"; 7A to 7C, "after paragraph 7") follows the whole of
# the paragraph it was inserted after.
ORDER = ["1(a)–(b)", "1(c)", "1(d)", "1(e)", "1(f)", "2(a)–(c)", "2(d)", "2(e)", "2A",
         "3(a)–(e)", "3(f)", "3(g)", "3(h)", "4(a)", "4(b)", "4(c)", "4(d)", "5(a)–(c)",
         "5(d)", "6", "6", "6", "6", "7", "7A(a)", "7A(b)", "7B", "7C", "8"]
ROW = re.compile(r'<tr class="govuk-table__row" id="paragraph-([^"]+)">\s*<th[^>]*>([^<]+)</th>'
                 r'(.*?)</tr>', re.DOTALL)
OTHER_ROW = re.compile(r'<tr class="govuk-table__row" id="item-([^"]+)">(.*?)</tr>', re.DOTALL)
HREF = re.compile(r'<a class="govuk-link" href="([^"]+)">')


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rows(html: str) -> list[tuple[str, str, str]]:
    """(item id, paragraph, the rest of the row) of the Order's table, in page order."""
    return [(m.group(1), m.group(2), m.group(3)) for m in ROW.finditer(html)]


@pytest.fixture(scope="module")
def page(built_example) -> str:
    return (built_example / "site" / "specified-information" / "index.html").read_text("utf-8")


def test_rows_follow_the_order_paragraph_by_paragraph(page):
    found = rows(page)
    assert [paragraph for _, paragraph, _ in found] == ORDER
    # the four policy statements of paragraph 6 keep the profile's order
    assert [item for item, paragraph, _ in found if paragraph == "6"] == \
        ["sio-6a", "sio-6b", "sio-6c", "sio-6d"]
    words = {item: rest for item, _, rest in found}
    assert "A copy of each invitation to tender issued by the body" in words["sio-4c"]
    assert "section 43B of the Employment Rights Act 1996" in words["sio-6d"]


@pytest.fixture(scope="module")
def report(built_example) -> dict[str, dict]:
    """`opcc report --format json` on the built example: each item, by id."""
    result = run("report", "--root", str(built_example), "--today", TODAY, "--format", "json")
    return {item["id"]: item for item in json.loads(result.output)["items"]}


def test_each_row_links_to_where_it_is_published_with_its_status(page, report):
    found = {item: rest for item, _, rest in rows(page)}
    labels = {"published": "Up to date", "due-soon": "Due soon", "overdue": "Overdue",
              "missing": "Missing", "not-applicable": "Not applicable"}
    for item, rest in found.items():
        assert HREF.findall(rest) == report[item]["fulfilled_by"], item
        assert f'">{labels[report[item]["status"]]}</strong>' in rest, item
    # the HMICFRS reports (7B) are published, on the page that says it publishes them
    assert report["sio-7B"]["fulfilled_by"]
    assert HREF.findall(found["sio-7B"]) == report["sio-7B"]["fulfilled_by"]
    assert HREF.findall(found["sio-3g"]) == ["/datasets/spend-over-500/"]
    # Part 3 names 7A to 7C: only they are marked as published prominently
    marked = [item for item, rest in found.items() if "Published prominently" in rest]
    assert marked == ["sio-7Aa", "sio-7Ab", "sio-7B", "sio-7C"]


def test_intro_names_the_order_and_part_3(page):
    assert ("The Elected Local Policing Bodies (Specified Information) Order 2011 "
            "(SI 2011/3050) (the Specified Information Order) requires the Police and Crime "
            "Commissioner to publish") in page
    assert "Part 3 of the Order requires it to be published in a prominent place" in page
    assert 'href="/publication-scheme/compliance/"' in page


def test_other_statutory_items_are_listed_with_their_legal_basis(page):
    other = dict(OTHER_ROW.findall(page))
    assert {"pa96-s55", "aar-accounts", "aar-governance-statement", "prsra-s12-annual-report",
            "prsra-s12-panel-response", "a11y-statement", "gdpr-privacy-notice"} <= set(other)
    assert "Police Act 1996, section 55(5) to (5B)" in other["pa96-s55"]
    assert "regulations 9A and 10" in other["aar-accounts"]
    assert HREF.findall(other["pa96-s55"])
    # good practice is not "the law requires", adopted or not
    assert not [item for item in other if item.startswith(("ico-", "lgtc-", "ho-"))]
    # and the Order's paragraphs are in the table above, not here
    assert not [item for item in other if item.startswith("sio-")]


def test_every_page_header_and_the_guide_link_to_it(built_example):
    site = built_example / "site"
    for path in ("index.html", "who-we-are/index.html", "datasets/spend-over-500/index.html",
                 "foi/disclosure-log/index.html", "404.html"):
        html = (site / path).read_text("utf-8")
        header = html.split("<main", 1)[0]
        assert f'<a class="govuk-service-navigation__link" href="{URL}"' in header, path
    on_page = (site / "specified-information" / "index.html").read_text("utf-8")
    assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">' \
           "Specified information</strong>" in on_page
    guide = (site / "publication-scheme" / "index.html").read_text("utf-8")
    assert f'on our <a class="govuk-link" href="{URL}">Specified information</a> page' in guide
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert f"https://www.northshire-opcc.example.org{URL}</loc>" in sitemap


def test_not_applicable_shows_its_reason_and_missing_says_not_yet_published(make_site):
    root = make_site({"site.yaml": """\
organisation:
  name: Office of the Police and Crime Commissioner for Testshire
  short_name: Testshire OPCC
  foi_email: foi@example.org
base_url: https://opcc.example.org/
navigation:
  - {title: Who we are, url: /who-we-are/}
scheme:
  compliance_page: false
  not_applicable:
    sio-4a: The office owns no land and occupies rooms in police headquarters.
"""})
    result = run("build", "--root", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    html = (root / "site" / "specified-information" / "index.html").read_text("utf-8")
    found = {item: rest for item, _, rest in rows(html)}
    assert "Not applicable: The office owns no land and occupies rooms in police " \
           "headquarters." in found["sio-4a"]
    assert ">Not applicable</strong>" in found["sio-4a"]
    assert "Not yet published" in found["sio-3g"] and ">Missing</strong>" in found["sio-3g"]
    assert "compliance report" not in html  # the site does not publish it


def test_a_site_at_a_path_links_the_page_under_its_path(make_site):
    root = make_site({"site.yaml": """\
organisation:
  name: Office of the Police and Crime Commissioner for Testshire
  short_name: Testshire OPCC
base_url: https://example.org/opcc/
"""})
    result = run("build", "--root", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    home = (root / "site" / "index.html").read_text("utf-8")
    assert 'href="/opcc/specified-information/"' in home.split("<main", 1)[0]


def test_paragraph_key_sorts_as_the_order_numbers():
    shuffled = ORDER[:]
    random.Random(18).shuffle(shuffled)
    assert sorted(shuffled, key=paragraph_key) == ORDER
    assert sorted(["10", "9", "2A", "2(e)", "x"], key=paragraph_key) == \
        ["2(e)", "2A", "9", "10", "x"]


@pytest.mark.parametrize("name", ["opcc", "opcc-wales", "pfcc", "mayor"])
def test_every_profile_has_the_order_paragraphs(name):
    profile = load_profile(name)
    paragraphs = [i.specified.paragraph for i in profile.items if i.specified]
    assert "7B" in paragraphs
    assert [i.id for i in profile.items if i.prominent] == \
        [i.id for i in profile.items if i.specified and
         i.specified.paragraph.startswith(("7A", "7B", "7C"))]


# --- in Chromium ---------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations']}).then(r => r.violations.map(v =>
    v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"""

@pytest.mark.browser
def test_the_page_passes_axe_and_stacks_at_375_px(built_site: Path, base_url, browser):
    from browser_support import AXE_JS, NPM_HINT, unavailable
    if not AXE_JS.is_file():
        unavailable(f"axe-core is missing ({NPM_HINT})")
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(path=str(AXE_JS))
        page = context.new_page()
        try:
            response = page.goto(base_url + URL, wait_until="load")
            assert response is not None and response.status == 200
            problems = page.evaluate(AXE_RUN, AXE_TAGS)
            assert problems == [], f"{width} px: {problems}"
            # no sideways scrolling: at 375 px each row is a block of label and value
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if width == 375:
                shown = page.evaluate("""() => getComputedStyle(document.querySelector(
                    '#paragraph-sio-7B td[data-label]'), '::before').content""")
                assert "Where it is published" in shown
        finally:
            context.close()
