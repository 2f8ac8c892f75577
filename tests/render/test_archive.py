"""The archive section (render/archive.py): a superseded page is published at
/archive/<its path>/ under a banner, its old address redirects there, it is `noindex`
and in no search index, sitemap, feed or listing, it fulfils no scheme item, and
/archive/ lists the archived documents by class."""

from __future__ import annotations

import gzip
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.build.pipeline import BuildOptions, run_build
from opcc.cli.main import main

TODAY = "2026-11-25"
OLD = "content/policies/records-strategy-2023.md"
NEW = "content/policies/records-strategy.md"
ARCHIVED = "archive/policies/records-strategy-2023/index.html"
BANNER = ("This document was superseded on <time datetime=\"2025-04-01\">1 April 2025</time> "
          "by <a class=\"govuk-notification-banner__link\" href=\"/policies/records-strategy/\">"
          "Records strategy</a>. It is kept here for the record.")

FILES = {
    "content/policies/index.md": "---\ntitle: Our policies\nsummary: Policies.\n---\n"
                                 "Our [strategy](records-strategy.md) and the "
                                 "[old one](records-strategy-2023.md).\n",
    NEW: """\
---
title: Records strategy
summary: How we keep records.
class: policies
item: sio-6c
published: 2025-03-10
owner: Chief Executive
---
It replaced our [earlier strategy](/policies/records-strategy-2023/).
""",
    OLD: """\
---
title: Records strategy 2023 to 2025
summary: How we kept records until March 2025.
class: policies
item: sio-6c
published: 2023-04-03
review: 2025-03-31
owner: Chief Executive
superseded: {on: 2025-04-01, by: /policies/records-strategy/}
---
## Aims

The old aims.
""",
}
CONFIG_WITH_POLICIES = """\
organisation:
  name: Office of the Police and Crime Commissioner for Testshire
  short_name: Testshire OPCC
  foi_email: foi@example.org
base_url: https://opcc.example.org/
navigation:
  - {title: Who we are, url: /who-we-are/}
  - {title: Policies, url: /policies/}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A small site with one superseded page, built by the real CLI; its site/."""
    from tests.conftest import HOME, REPO, WHO_INDEX, write_files
    root = tmp_path_factory.mktemp("archive") / "site-root"
    shutil.copytree(REPO / "templates", root / "templates",
                    ignore=shutil.ignore_patterns("node_modules", "theme"))
    write_files(root, {"site.yaml": CONFIG_WITH_POLICIES, "content/index.md": HOME,
                       "content/who-we-are/index.md": WHO_INDEX, **FILES})
    run = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert run.exit_code == 0, run.output
    return root / "site"


def text(site: Path, relative: str) -> str:
    return (site / relative).read_text("utf-8")


def test_the_superseded_page_is_published_in_the_archive_under_a_banner(built):
    html = text(built, ARCHIVED)
    assert BANNER in html
    assert html.index("app-superseded-banner") < html.index("<h1")
    assert '<h1 class="govuk-heading-xl" data-pagefind-weight="10">Records strategy 2023 to ' \
           '2025</h1>' in html
    assert "The old aims." in html
    assert '<link rel="canonical" href="https://opcc.example.org/archive/policies/' \
           'records-strategy-2023/">' in html
    # its breadcrumbs lead to the archive; its summary list says when and by what
    crumbs = html[html.index("govuk-breadcrumbs"):html.index("</nav>", html.index(
        "govuk-breadcrumbs"))]
    assert re.findall(r'href="([^"]+)"', crumbs) == ["/", "/archive/"]
    assert ">Superseded</dt>" in html and ">Replaced by</dt>" in html
    assert "Next review due" not in html  # an archived page is not reviewed


def test_the_archived_page_is_noindex_and_out_of_search_and_feed(built):
    html = text(built, ARCHIVED)
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html and "app-page--archived" in html
    assert '<meta name="robots"' not in text(built, "policies/records-strategy/index.html")
    assert "records-strategy-2023" not in text(built, "feed.xml")
    sitemap = text(built, "sitemap.xml")
    assert "https://opcc.example.org/archive/</loc>" in sitemap  # the index is indexable
    assert "records-strategy-2023" not in sitemap
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                 for p in (built / "pagefind" / "fragment").glob("*.pf_fragment")]
    if fragments:  # Pagefind ran: only the live page is in the index
        assert any('"url":"/policies/records-strategy/"' in f for f in fragments)
        assert not any("records-strategy-2023" in f for f in fragments)


def test_the_old_address_redirects_to_the_archive(built):
    html = text(built, "policies/records-strategy-2023/index.html")
    assert '<meta http-equiv="refresh" content="0; url=/archive/policies/' \
           'records-strategy-2023/">' in html
    assert '<meta name="robots" content="noindex">' in html
    # a link written to the old address still leads somewhere; a link to the .md file
    # leads straight to the archive
    assert 'href="/policies/records-strategy-2023/"' in \
        text(built, "policies/records-strategy/index.html")
    assert 'href="/archive/policies/records-strategy-2023/"' in \
        text(built, "policies/index.html")


def test_it_is_left_out_of_listings(built):
    for listing in ("policies/index.html", "publication-scheme/policies/index.html",
                    "index.html"):
        html = text(built, listing)
        entries = re.findall(r'app-entry__title"><a class="govuk-link" href="([^"]+)"', html)
        assert "/archive/policies/records-strategy-2023/" not in entries, listing
        assert "/policies/records-strategy-2023/" not in entries, listing
    assert "/policies/records-strategy/" in text(built, "publication-scheme/policies/index.html")


def test_the_archive_index_lists_documents_by_class_with_dates(built):
    html = text(built, "archive/index.html")
    assert "<title>Archive – Testshire OPCC</title>" in html
    heading = re.search(r'<h2 class="govuk-heading-l app-section-heading" '
                        r'id="archive-policies"><a class="govuk-link" href="([^"]+)">([^<]+)</a>',
                        html)
    assert heading and heading.group(1) == "/publication-scheme/policies/"
    row = html[html.index('<tr class="govuk-table__row">', html.index("<tbody")):]
    row = row[:row.index("</tr>")]
    assert '<a class="govuk-link" href="/archive/policies/records-strategy-2023/">Records ' \
           'strategy 2023 to 2025</a>' in row
    assert '<time datetime="2023-04-03">3 April 2023</time>' in row
    assert 'data-label="Superseded"><time datetime="2025-04-01">1 April 2025</time>' in row
    assert '<a class="govuk-link" href="/policies/records-strategy/">Records strategy</a>' \
        in row


def test_an_archived_page_fulfils_nothing(make_site):
    only_old = {**FILES, NEW: FILES[NEW].replace("item: sio-6c\n", "")}  # the old has it
    result = run_build(BuildOptions(make_site(only_old), today=date(2026, 11, 25)))
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    status = next(s for s in result.compliance if s.item.id == "sio-6c")
    assert status.status == "missing" and not status.fulfilled_by


def test_without_archived_pages_there_is_no_archive(make_site):
    root = make_site({NEW: FILES[NEW].replace("It replaced our [earlier strategy]"
                                              "(/policies/records-strategy-2023/).", "")})
    run = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert run.exit_code == 0, run.output
    assert not (root / "site" / "archive").exists()
    assert 'href="/archive/"' not in (root / "site/publication-scheme/index.html").read_text()


def test_the_guide_to_information_links_to_the_archive(built):
    guide = text(built, "publication-scheme/index.html")
    assert 'id="archive"' in guide and 'href="/archive/"' in guide


def test_the_example_site_archives_its_2023_strategy(built_example):
    site = built_example / "site"
    html = text(site, "archive/policies/information-management-strategy-2023/index.html")
    assert "This document was superseded on <time datetime=\"2025-04-01\">1 April 2025</time>" \
           " by <a class=\"govuk-notification-banner__link\" href=\"/policies/information-" \
           "management-strategy/\">Information management strategy</a>." in html
    assert "url=/archive/policies/information-management-strategy-2023/" in \
        text(site, "policies/information-management-strategy-2023/index.html")
    assert "Information management strategy 2023 to 2025" in text(site, "archive/index.html")


# -- in the browser ---------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["/archive/",
                                  "/archive/policies/information-management-strategy-2023/"])
def test_archive_pages_fit_the_screen(browser, base_url, path, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
        if "information-management" in path:
            banner = page.locator(".app-superseded-banner")
            assert banner.is_visible()
            assert banner.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
            page.get_by_role("link", name="Information management strategy",
                             exact=True).first.click()
            page.wait_for_url(re.compile(r"/policies/information-management-strategy/$"))
        else:
            assert page.get_by_role("table").count() >= 1
    finally:
        page.close()
