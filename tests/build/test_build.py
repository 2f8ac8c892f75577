"""Building whole sites: the example site, atomic writes, determinism, sanitising, links."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from opcc.build.pipeline import BuildOptions, build_site, run_build
from opcc.scheme import load_profile
from tests.conftest import tree_hashes

TODAY = date(2026, 11, 25)


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.h1 = 0
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "h1":
            self.h1 += 1
        if tag in ("a", "link") and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if tag in ("img", "script") and attributes.get("src"):
            self.hrefs.append(attributes["src"])

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text("utf-8"))
    return collector


def build(root: Path, **options):
    return build_site(BuildOptions(root, today=TODAY, **options))


def test_example_site_builds_every_page(built_example):
    site = built_example / "site"
    sources = sorted((built_example / "content").rglob("*.md"))
    published = 0
    for source in sources:
        text = source.read_text("utf-8")
        relative = source.relative_to(built_example / "content").with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "index":
            parts = parts[:-1]
        output = site.joinpath(*parts, "index.html")
        if re.search(r"^draft: true", text, re.MULTILINE):
            assert not output.exists(), f"draft {source} was published"
            continue
        published += 1
        assert output.is_file(), f"{source} was not built"
        title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1).strip().strip('"')
        assert parse(output).h1 == 1
        assert title.replace("'", "&#39;") in output.read_text("utf-8") or \
            title in output.read_text("utf-8")
    assert published >= 25
    for generated in ("index.html", "404.html", "publication-scheme/index.html",
                      "static/css/site.css"):
        assert (site / generated).is_file()


def test_every_internal_link_in_the_built_site_resolves(built_example):
    site = built_example / "site"
    for page in site.rglob("*.html"):
        collector = parse(page)
        for href in collector.hrefs:
            if href.startswith(("http://", "https://", "mailto:", "tel:", "data:")):
                continue
            path = href.split("#")[0]
            if not path:
                continue
            target = site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"


def test_navigation_links_resolve(built_example):
    home = parse(built_example / "site" / "index.html")
    for url in ("/who-we-are/", "/what-we-spend/", "/publication-scheme/"):
        assert url in home.hrefs
        assert (built_example / "site" / url.strip("/") / "index.html").is_file()


def test_guide_lists_all_seven_classes(built_example):
    guide = (built_example / "site" / "publication-scheme" / "index.html").read_text("utf-8")
    classes = load_profile().classes
    assert len(classes) == 7
    for scheme_class in classes:
        assert scheme_class.title in guide
        assert f"/publication-scheme/{scheme_class.slug}/" in guide
        class_page = built_example / "site" / "publication-scheme" / scheme_class.slug / \
            "index.html"
        assert scheme_class.title in class_page.read_text("utf-8")


def test_every_class_is_populated(built_example):
    for scheme_class in load_profile().classes:
        page = built_example / "site" / "publication-scheme" / scheme_class.slug / "index.html"
        hrefs = [h for h in parse(page).hrefs if h.startswith("/") and h.count("/") >= 3
                 and not h.startswith(("/publication-scheme/", "/static/"))]
        assert hrefs, f"class {scheme_class.slug} lists no pages"


def test_attachment_is_published_with_size_and_type(built_example):
    source = built_example / "content" / "priorities" / "police-and-crime-plan-summary.pdf"
    published = built_example / "site" / "priorities" / "police-and-crime-plan-summary.pdf"
    assert published.read_bytes() == source.read_bytes()
    html = (built_example / "site" / "priorities" / "police-and-crime-plan" / "index.html") \
        .read_text("utf-8")
    size_kb = round(source.stat().st_size / 1024)
    assert "PDF" in html
    assert f"{size_kb} KB" in html
    assert "/priorities/police-and-crime-plan-summary.pdf" in html


def test_unreferenced_content_files_are_not_published(make_site):
    root = make_site({"content/who-we-are/notes.xlsx": b"PK\x03\x04 not referenced"})
    assert build(root).ok
    assert not (root / "site" / "who-we-are" / "notes.xlsx").exists()


def without_search_index(hashes: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in hashes.items() if not k.startswith("pagefind/")}


def test_two_builds_are_byte_identical(example_site):
    """Everything but Pagefind's index, whose binary chunks depend on a randomised hash
    map inside Pagefind; the index itself lists the same pages every time."""
    build(example_site)
    first = tree_hashes(example_site / "site")
    entry = (example_site / "site" / "pagefind" / "pagefind-entry.json").read_text()
    build(example_site)
    assert without_search_index(tree_hashes(example_site / "site")) == \
        without_search_index(first)
    page_count = re.compile(r'"page_count":\s*(\d+)')
    again = (example_site / "site" / "pagefind" / "pagefind-entry.json").read_text()
    assert page_count.search(entry).group(1) == page_count.search(again).group(1)


def test_failed_build_leaves_previous_site_untouched(example_site):
    assert build(example_site).ok
    before = tree_hashes(example_site / "site")
    page = example_site / "content" / "who-we-are" / "commissioner.md"
    page.write_text(page.read_text("utf-8").replace("class: who-we-are", "class: who-we-r"),
                    encoding="utf-8")
    result = build(example_site)
    assert not result.ok
    assert tree_hashes(example_site / "site") == before
    assert not list(example_site.glob(".site.*")), "temporary folders were left behind"


def test_check_writes_nothing(make_site):
    root = make_site()
    result = run_build(BuildOptions(root, today=TODAY))
    assert result.ok
    assert not (root / "site").exists()


SCRIPTED = """\
---
title: Attempted injection
summary: A page with hostile HTML.
class: services
published: 2024-01-01
---

Hello <script>alert('x')</script> world.

<p onclick="steal()">Click</p>

[a javascript link](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">raw</a>

<img src="x.png" onerror="alert(3)" alt="x">

<iframe src="https://evil.example.com/"></iframe>

<div style="display:none">hidden</div>

<form action="https://evil.example.com/"><input name="q"></form>
"""


def test_sanitising_removes_script_handlers_and_javascript_urls(make_site):
    root = make_site({"content/services/hostile.md": SCRIPTED,
                      "content/services/x.png": b"\x89PNG\r\n"})
    result = build(root)
    assert result.ok, result.diagnostics
    html = (root / "site" / "services" / "hostile" / "index.html").read_text("utf-8")
    main = html.split('id="main-content"', 1)[1]
    assert "<script" not in main.lower()
    assert "alert" not in main
    assert "onclick" not in main.lower() and "onerror" not in main.lower()
    assert "javascript:" not in main.lower()
    assert "<iframe" not in main and "<form" not in main and "<input" not in main
    assert "display:none" not in main.replace(" ", "")
    assert "Hello" in main and "Click" in main and "world" in main


def test_markdown_features(make_site):
    page = """\
---
title: Features
summary: Tables, footnotes and a table of contents.
class: services
published: 2024-01-01
---

## First section

A claim.[^1]

| Year | Budget |
|:-----|-------:|
| 2024 | £1,000 |

## Second section

### A sub-section

## Third section

See [the first section](#first-section) and [who we are](../who-we-are/index.md).

[^1]: The source.
"""
    root = make_site({"content/services/features.md": page})
    result = build(root)
    assert result.ok, result.diagnostics
    html = (root / "site" / "services" / "features" / "index.html").read_text("utf-8")
    assert '<h2 id="first-section">' in html
    assert "<table" in html and 'class="app-align-right"' in html and "style=" not in html
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert 'href="#second-section"' in html  # the table of contents
    assert 'href="/who-we-are/"' in html


def test_broken_links_and_anchors_are_errors_with_line(make_site):
    page = """\
---
title: Links
summary: Some links.
class: services
published: 2024-01-01
---

[missing page](nowhere.md)

[missing anchor](../who-we-are/index.md#nope)

[bad url](/no-such-page/)
"""
    root = make_site({"content/services/links.md": page})
    result = build(root)
    broken = sorted((d.line, d.code) for d in result.diagnostics if d.severity == "error")
    assert broken == [(8, "link.broken"), (10, "link.broken"), (12, "link.broken")]
    assert not (root / "site").exists()


def test_link_to_a_draft_is_broken_with_hint(make_site):
    root = make_site({
        "content/services/a.md": "---\ntitle: A\nsummary: S.\nclass: services\n"
                                 "published: 2024-01-01\n---\n[b](b.md)\n",
        "content/services/b.md": "---\ntitle: B\nsummary: S.\nclass: services\n"
                                 "published: 2024-01-01\ndraft: true\n---\nB\n",
    })
    result = build(root)
    [diagnostic] = [d for d in result.diagnostics if d.code == "link.broken"]
    assert "draft" in diagnostic.hint
    assert build(root, include_drafts=True).ok


def test_duplicate_urls(make_site):
    root = make_site({
        "content/services/a.md": "---\ntitle: A\nsummary: S.\nclass: services\n"
                                 "published: 2024-01-01\n---\n",
        "content/services/a/index.md": "---\ntitle: A again\n---\n",
    })
    codes = [d.code for d in build(root).diagnostics]
    assert "content.duplicate-url" in codes


def test_base_url_with_a_path_prefixes_every_link(make_site):
    from tests.conftest import MINIMAL_CONFIG
    root = make_site(config=MINIMAL_CONFIG.replace("https://opcc.example.org/",
                                                   "https://example.org/transparency/"))
    assert build(root).ok
    html = (root / "site" / "index.html").read_text("utf-8")
    assert 'href="/transparency/who-we-are/"' in html
    assert 'href="/transparency/static/css/site.css"' in html


def test_template_syntax_error_names_template_and_line(make_site):
    root = make_site()
    template = root / "templates" / "404.html"
    lines = template.read_text("utf-8").splitlines()
    lines.insert(2, "{% if %}")
    template.write_text("\n".join(lines), encoding="utf-8")
    [diagnostic] = [d for d in build(root).diagnostics if d.severity == "error"]
    assert (diagnostic.code, diagnostic.path, diagnostic.line) == (
        "config.template", "templates/404.html", 3)


def test_undefined_variable_in_template_names_the_line(make_site):
    root = make_site()
    template = root / "templates" / "404.html"
    lines = template.read_text("utf-8").splitlines()
    block = next(i for i, line in enumerate(lines) if "{% block content %}" in line)
    lines.insert(block + 1, "{{ no_such_variable }}")
    template.write_text("\n".join(lines), encoding="utf-8")
    [diagnostic] = [d for d in build(root).diagnostics if d.severity == "error"]
    assert (diagnostic.code, diagnostic.path, diagnostic.line) == (
        "config.template", "templates/404.html", block + 2)
    assert "no_such_variable" in diagnostic.message
