"""Moved pages, end to end through the command line: `redirect_from:` writes a redirect
page at each old address, and a page that goes without one is a warning naming its old
address, remembered from earlier builds (--clean included)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from opcc.cli.main import main

TODAY = "2026-11-25"


def page(title: str, extra: str = "", body: str = "Text.") -> str:
    return (f"---\ntitle: {title}\nsummary: About {title.lower()}.\nclass: who-we-are\n"
            f"published: 2024-01-01\n{extra}---\n{body}\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(root, *extra: str):
    return run("build", "--root", str(root), "--today", TODAY, *extra)


def diagnostics(root, *extra: str) -> tuple[int, list[dict]]:
    result = run("check", "--root", str(root), "--today", TODAY, "--format", "json", *extra)
    return result.exit_code, json.loads(result.output)["diagnostics"]


def only(found: list[dict], code: str) -> dict:
    matching = [d for d in found if d["code"] == code]
    assert len(matching) == 1, found
    return matching[0]


def test_redirect_page_refreshes_to_the_new_address_and_is_not_published(make_site):
    root = make_site({"content/who-we-are/commissioner.md": page(
        "The commissioner", "redirect_from: [about/the-pcc/, who-we-are/pcc.md]\n")})
    result = build(root)
    assert result.exit_code == 0, result.output
    site = root / "site"
    for old in ("about/the-pcc", "who-we-are/pcc"):
        html = (site / old / "index.html").read_text("utf-8")
        assert '<meta http-equiv="refresh" content="0; url=/who-we-are/commissioner/">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert ('<link rel="canonical" href="https://opcc.example.org/who-we-are/commissioner/">'
                in html)
        assert re.search(r'This page has moved to <a class="govuk-link" '
                         r'href="/who-we-are/commissioner/">The commissioner</a>', html)
        assert "<script" not in html
        assert "data-pagefind-body" not in html  # not in the search index
        assert 'http-equiv="Content-Security-Policy"' in html
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/who-we-are/commissioner/" in sitemap
    assert "the-pcc" not in sitemap and "/who-we-are/pcc/" not in sitemap
    assert "the-pcc" not in (site / "feed.xml").read_text("utf-8")


def test_an_old_address_a_live_page_has_is_a_collision_at_its_line(make_site):
    root = make_site({
        "content/who-we-are/commissioner.md": page(
            "The commissioner", "redirect_from:\n  - about/the-pcc/\n  - who-we-are/team/\n"),
        "content/who-we-are/team.md": page("Our team")})
    code, found = diagnostics(root)
    assert code == 1
    clash = only(found, "content.redirect-collision")
    assert (clash["path"], clash["line"], clash["column"]) == \
        ("content/who-we-are/commissioner.md", 8, 5)
    assert "/who-we-are/team/" in clash["message"]
    assert "content/who-we-are/team.md" in clash["message"]
    result = build(root)
    assert result.exit_code == 1
    assert not (root / "site").exists()  # nothing is written


def test_two_pages_redirecting_from_one_address_collide(make_site):
    root = make_site({
        "content/who-we-are/a.md": page("A", "redirect_from: [old/]\n"),
        "content/who-we-are/b.md": page("B", "redirect_from: [old/]\n")})
    code, found = diagnostics(root)
    assert code == 1
    clash = only(found, "content.redirect-collision")
    assert clash["path"] == "content/who-we-are/b.md" and clash["line"] == 6
    assert "content/who-we-are/a.md" in clash["message"]


def test_an_old_address_under_a_published_file_collides(make_site):
    root = make_site({
        "content/who-we-are/plan.md": page(
            "Plan", "attachments: [{file: plan.pdf, title: Plan}]\n"
                    "redirect_from: [who-we-are/plan.pdf/]\n"),
        "content/who-we-are/plan.pdf": b"%PDF-1.4\n%%EOF\n"})
    code, found = diagnostics(root)
    assert code == 1
    clash = only(found, "content.redirect-collision")
    assert "/who-we-are/plan.pdf" in clash["message"] and clash["line"] == 7


def test_bad_and_self_pointing_old_addresses_are_errors_not_tracebacks(make_site):
    root = make_site({"content/who-we-are/commissioner.md": page(
        "The commissioner",
        "redirect_from: [../etc/, https://old.example.org/pcc/, pcc.html, Who/PCC, "
        "who-we-are/commissioner/, static/x/]\n")})
    code, found = diagnostics(root)
    assert code == 1
    paths = [d for d in found if d["code"] == "content.redirect-path"]
    assert len(paths) == 5, found
    assert {d["line"] for d in paths} == {6}
    assert len({d["column"] for d in paths}) == 5  # each at its own entry
    own = only(found, "content.redirect-self")
    assert own["line"] == 6 and "/who-we-are/commissioner/" in own["message"]
    for bad in ("redirect_from: {a: b}\n", "redirect_from: [[a]]\n", "redirect_from: [true]\n"):
        root = make_site({"content/who-we-are/commissioner.md": page("C", bad)})
        code, found = diagnostics(root)
        assert code == 1 and any(d["code"] == "content.type" for d in found), (bad, found)


def moved_warnings(found: list[dict]) -> list[dict]:
    return [d for d in found if d["code"] == "content.moved-without-redirect"]


def check_warnings(root, *extra: str) -> list[dict]:
    result = build(root, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return moved_warnings(json.loads(result.output)["diagnostics"])


def test_a_renamed_page_warns_until_it_redirects_from_its_old_address(make_site):
    old = "content/who-we-are/pcc.md"
    root = make_site({old: page("The commissioner")})
    assert check_warnings(root) == []
    (root / old).rename(root / "content/who-we-are/commissioner.md")

    warned = check_warnings(root)  # an incremental build
    assert len(warned) == 1, warned
    assert warned[0]["severity"] == "warning"
    assert warned[0]["path"] == old
    assert "/who-we-are/pcc/" in warned[0]["message"]
    assert ("'redirect_from: [who-we-are/pcc/]' to content/who-we-are/commissioner.md"
            in warned[0]["hint"])  # the page with the same title is named
    # it stays until it is dealt with: again, and after --clean
    assert len(check_warnings(root)) == 1
    assert len(check_warnings(root, "--clean")) == 1
    assert moved_warnings(diagnostics(root)[1])  # opcc check says so too
    strict = build(root, "--strict")
    assert strict.exit_code == 1 and "error[content.moved-without-redirect]" in strict.output

    (root / "content/who-we-are/commissioner.md").write_text(
        page("The commissioner", "redirect_from: [who-we-are/pcc/]\n"), encoding="utf-8")
    assert check_warnings(root) == []
    assert (root / "site/who-we-are/pcc/index.html").is_file()
    assert check_warnings(root, "--clean") == []


def test_a_move_is_known_to_a_clean_build_and_a_deleted_page_can_redirect_to_its_section(
        make_site):
    root = make_site({"content/who-we-are/old-report.md": page("Annual report 2020")})
    assert build(root).exit_code == 0
    (root / "content/who-we-are/old-report.md").unlink()
    warned = check_warnings(root, "--clean")
    assert len(warned) == 1 and "/who-we-are/old-report/" in warned[0]["message"]
    assert "section's page" in warned[0]["hint"]
    (root / "content/who-we-are/index.md").write_text(
        "---\ntitle: Who we are\nsummary: About the office.\n"
        "redirect_from: [who-we-are/old-report/]\n---\nThe office.\n", encoding="utf-8")
    assert check_warnings(root, "--clean") == []
    html = (root / "site/who-we-are/old-report/index.html").read_text("utf-8")
    assert 'url=/who-we-are/"' in html


def test_a_preview_with_drafts_does_not_count_as_published(make_site):
    root = make_site({"content/who-we-are/soon.md": page("Soon", "draft: true\n")})
    assert run("build", "--root", str(root), "--today", TODAY, "--drafts").exit_code == 0
    assert build(root).exit_code == 0
    assert check_warnings(root) == []
