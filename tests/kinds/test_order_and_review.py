"""`order:` and `reviewed:` in a page's front matter, end to end through the command line."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from opcc.cli.main import main

TODAY = "2026-11-25"


def page(title: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\nsummary: About {title.lower()}.\nclass: who-we-are\n"
            f"published: 2024-01-01\n{extra}---\nText.\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check(root) -> tuple[int, list[dict]]:
    result = run("check", "--root", str(root), "--today", TODAY, "--format", "json")
    return result.exit_code, json.loads(result.output)["diagnostics"]


def titles_in(html: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=html.index)


def test_order_sorts_the_section_and_the_class_page(make_site):
    root = make_site({
        "content/who-we-are/alpha.md": page("Alpha"),
        "content/who-we-are/beta.md": page("Beta"),
        "content/who-we-are/zulu.md": page("Zulu", "order: 1\n"),
        "content/who-we-are/yankee.md": page("Yankee", "order: 2\n")})
    result = run("build", "--root", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    names = ["Alpha", "Beta", "Yankee", "Zulu"]
    section = (root / "site/who-we-are/index.html").read_text("utf-8")
    assert titles_in(section, names) == ["Zulu", "Yankee", "Alpha", "Beta"]
    listing = (root / "site/publication-scheme/who-we-are/index.html").read_text("utf-8")
    assert titles_in(listing, names) == ["Zulu", "Yankee", "Alpha", "Beta"]


def test_an_order_that_is_not_a_whole_number_is_an_error_at_its_line(make_site):
    for bad in ("first", "1.5", "true", "[1]"):
        root = make_site({"content/who-we-are/a.md": page("A", f"order: {bad}\n")})
        code, found = check(root)
        assert code == 1, bad
        problem = next(d for d in found if d["code"] == "content.order")
        assert (problem["path"], problem["line"]) == ("content/who-we-are/a.md", 6)


def test_reviewed_clears_the_review_warning_and_shows_last_reviewed(make_site):
    base = "updated: 2025-02-01\nreview: 2026-06-01\n"
    root = make_site({"content/who-we-are/a.md": page("A", base)})
    assert any(d["code"] == "scheme.review-overdue" for d in check(root)[1])
    # checked before the review fell due: the review is still owed
    root = make_site({"content/who-we-are/a.md": page("A", base + "reviewed: 2026-05-01\n")})
    assert any(d["code"] == "scheme.review-overdue" for d in check(root)[1])

    root = make_site({"content/who-we-are/a.md": page("A", base + "reviewed: 2026-11-20\n")})
    code, found = check(root)
    assert code == 0 and not any(d["code"] == "scheme.review-overdue" for d in found)
    result = run("build", "--root", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    html = (root / "site/who-we-are/a/index.html").read_text("utf-8")
    assert re.search(r'Last reviewed: <time datetime="2026-11-20">20 November 2026</time>',
                     html)
    assert 'Last updated: <time datetime="2025-02-01">1 February 2025</time>' in html
    assert "Next review due" not in html  # the past date is met, so not shown
    sitemap = (root / "site/sitemap.xml").read_text("utf-8")
    assert "2026-11-20" not in sitemap  # a review is not an update


def test_reviewed_in_the_future_or_before_published_is_an_error(make_site):
    for written, words in (("2026-12-01", "after today"), ("2023-12-31", "before 'published'")):
        root = make_site({"content/who-we-are/a.md": page("A", f"reviewed: {written}\n")})
        code, found = check(root)
        assert code == 1
        problem = next(d for d in found if d["code"] == "content.date-order")
        assert (problem["line"], problem["column"]) == (6, 11) and words in problem["message"]
    root = make_site({"content/who-we-are/a.md": page("A", "reviewed: last week\n")})
    code, found = check(root)
    assert code == 1 and any(d["code"] == "content.date" for d in found)
