"""Feeds, sitemap, robots.txt, meta tags, external links and search over the built example."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from opcc.cli.main import main

TODAY = date(2026, 11, 25)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://www.northshire-opcc.example.org"


@pytest.fixture(scope="module")
def site(built_example) -> Path:
    return built_example / "site"


def html_pages(site: Path) -> set[str]:
    """Every published page search engines may index: not the 404 page, Pagefind's files,
    redirect pages or pages marked noindex (an archived document)."""
    urls = set()
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        html = path.read_text("utf-8")
        if relative == "404.html" or relative.startswith("pagefind/") or \
                'http-equiv="refresh"' in html or '<meta name="robots" content="noindex' in html:
            continue
        urls.add(BASE + "/" + relative.removesuffix("index.html"))
    return urls


def test_sitemap_lists_exactly_the_published_pages(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = {url.find(f"{SITEMAP}loc").text for url in tree.getroot()}
    assert locs == html_pages(site)
    lastmods = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
                for url in tree.getroot()}
    plan = lastmods[f"{BASE}/priorities/police-and-crime-plan/"]
    assert plan is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", plan.text)
    assert not any("annual-report-2026" in loc for loc in locs)  # a draft


def test_atom_feed_parses_and_lists_newest_publications(site):
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert 10 <= len(entries) <= 50
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    ids = {e.find(f"{ATOM}id").text for e in entries}
    assert ids <= html_pages(site)
    assert f"{BASE}/datasets/spend-over-500/" in ids
    assert feed.find(f"{ATOM}updated").text == updated[0]


def test_robots_points_to_the_sitemap(site):
    assert (site / "robots.txt").read_text("utf-8") == \
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n"


def test_every_page_has_canonical_description_open_graph_and_csp(site):
    for path in site.rglob("*.html"):
        if path.relative_to(site).as_posix().startswith("pagefind/"):
            continue
        html = path.read_text("utf-8")
        assert '<link rel="canonical" href="https://' in html, path
        assert '<meta property="og:title"' in html, path
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert csp and "default-src 'self'" in csp.group(1), path
        assert "'unsafe-inline'" not in csp.group(1), path
        assert "<style" not in html and not re.search(r"<script>(?!</script>)", html), path
        if path.name == "index.html" and "/datasets/" not in str(path):
            assert '<meta name="description"' in html or path.parent == site / "search", path


def test_external_links_are_listed_not_fetched(make_site):
    page = ("---\ntitle: Links\nsummary: Some links.\nclass: services\npublished: 2024-01-01\n"
            "---\nSee [the ICO](https://ico.org.uk/) and [law](https://www.legislation.gov.uk/)."
            "\n")
    root = make_site({"content/services/links.md": page})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--external"])
    assert result.exit_code == 0, result.output
    assert "2 external links (not fetched):" in result.output
    assert "content/services/links.md:7: https://ico.org.uk/" in result.output


def test_broken_attachment_link_is_reported_with_line(make_site):
    page = ("---\ntitle: Docs\nsummary: Documents.\nclass: services\npublished: 2024-01-01\n"
            "---\n\nRead [the report](annual-report.pdf).\n")
    root = make_site({"content/services/docs.md": page})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert "content/services/docs.md:8:" in result.output and "link.broken" in result.output


def test_search_index_holds_published_pages_only(site):
    """Pagefind's index lists pages by URL in its entry and fragment files."""
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    entry = (site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert '"page_count"' in entry
    count = int(re.search(r'"page_count":\s*(\d+)', entry).group(1))
    searchable = sum(1 for p in site.rglob("*.html")
                     if "data-pagefind-body" in p.read_text("utf-8"))
    assert count == searchable
