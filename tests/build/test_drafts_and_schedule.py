"""Nothing goes live by accident (issue 17): placeholders from `opcc new` are errors once a
file is no longer a draft; `opcc new page|foi|dataset` make drafts; `--drafts` previews
into preview/ (never site/) with a banner on every draft, which no sitemap, feed or search
index lists; a `published:` date still to come schedules a page.

Every test drives the real command line (click's CliRunner on opcc.cli.main:main) on a
small site in tmp_path or a copy of the example site, and reads what was written on disk.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.source import placeholders
from tests.conftest import REPO, tree_hashes, write_files

TODAY = "2026-12-05"
DRAFT_BANNER = "Draft – not published"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def build(root: Path, *extra: str, today: str = TODAY):
    return run("build", "--root", str(root), "--today", today, *extra)


def diagnostics(root: Path, command: str = "check", *extra: str) -> tuple[int, list[dict]]:
    result = run(command, "--root", str(root), "--today", TODAY, "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def page(title: str, body: str = "Some text.", **keys: str) -> str:
    front = {"title": title, "summary": f"About {title.lower()}.", "class": "who-we-are",
             "published": "2026-01-10", **keys}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + "---\n\n" + body + "\n"


def text_of(path: Path) -> str:
    return html.unescape(path.read_text("utf-8"))


def pages_of(site: Path) -> dict[str, str]:
    """Every file's hash but the search index's (Pagefind names its files by a hash)."""
    return {path: digest for path, digest in tree_hashes(site).items()
            if not path.startswith("pagefind/")}


def lines_with(path: Path, needle: str) -> list[int]:
    return [n for n, line in enumerate(path.read_text("utf-8").split("\n"), 1) if needle in line]


# --------------------------------------------------------------------------- placeholders

def test_a_scaffolded_page_is_a_draft_and_builds_without_being_published(make_site):
    root = make_site()
    assert run("new", "page", "who-we-are/our-team", "--root", str(root)).exit_code == 0
    source = root / "content" / "who-we-are" / "our-team.md"
    assert placeholders.PAGE_SUMMARY in source.read_text("utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    assert not (root / "site" / "who-we-are" / "our-team").exists()
    assert "our-team" not in (root / "site" / "sitemap.xml").read_text("utf-8")
    assert "our-team" not in (root / "site" / "feed.xml").read_text("utf-8")
    assert "placeholder" not in result.output  # a draft may hold them: not even a warning


def test_a_placeholder_in_a_published_page_is_an_error_at_its_line(make_site):
    root = make_site()
    run("new", "page", "who-we-are/our-team", "--root", str(root))
    source = root / "content" / "who-we-are" / "our-team.md"
    source.write_text(re.sub(r"\ndraft: true[^\n]*", "", source.read_text("utf-8")), "utf-8")
    before = tree_hashes(root / "site") if (root / "site").exists() else None
    code, found = diagnostics(root, "build")
    assert code == 1
    placeholder = [d for d in found if d["code"] == "content.placeholder"]
    assert [(d["path"], d["line"], d["severity"]) for d in placeholder] == [
        ("content/who-we-are/our-team.md", lines_with(source, "summary:")[0], "error"),
        ("content/who-we-are/our-team.md", lines_with(source, "[TODO: write")[0], "error")]
    assert placeholder[0]["column"] == len('summary: "') + 1
    assert "draft: true" in placeholder[0]["hint"]
    assert before is None and not (root / "site").exists()  # nothing was written


def test_a_hand_written_todo_and_an_older_scaffold_sentence_are_found_too(make_site):
    root = make_site({
        "content/who-we-are/a.md": page("A", "Our budget is [TODO: add the figure]."),
        "content/who-we-are/b.md": page("B", "Write the page here in markdown. Start "
                                             "headings with '## '."),
        "content/who-we-are/c.md": page("C", "Fine.", draft="true") + "[TODO: later]\n",
        "content/who-we-are/d.md": "---\ntitle: D\nsummary: Fine.\nclass: who-we-are\n"
                                   "published: 2026-01-10\n# summary: [TODO: a comment]\n"
                                   "---\nA comment in the front matter is never published.\n"})
    code, found = diagnostics(root)
    assert code == 1
    assert sorted((d["path"], d["line"]) for d in found if d["code"] == "content.placeholder") \
        == [("content/who-we-are/a.md", 8), ("content/who-we-are/b.md", 8)]


def test_a_scaffolded_foi_record_is_a_draft_until_its_placeholders_are_replaced(make_site):
    root = make_site()
    made = run("new", "foi", "--title", "Costs of the new HQ", "--received", "2026-11-02",
               "--root", str(root))
    assert made.exit_code == 0, made.output
    record = next((root / "content" / "foi" / "2026").glob("*.md"))
    assert build(root).exit_code == 0
    assert not (root / "site" / "foi" / "2026").exists()
    text = record.read_text("utf-8")
    text = re.sub(r"\ndraft: true[^\n]*", "", text)
    text = text.replace("# responded: YYYY-MM-DD", "responded: 2026-11-20")
    text = text.replace("# outcome: granted", "outcome: granted")
    record.write_text(text, "utf-8")
    code, found = diagnostics(root)
    assert code == 1
    relative = record.relative_to(root).as_posix()
    assert sorted((d["path"], d["line"]) for d in found if d["code"] == "content.placeholder") \
        == [(relative, lines_with(record, "[TODO: write the request")[0]),
            (relative, lines_with(record, "[TODO: write the response")[0])]


# --------------------------------------------------------------------------- datasets

@pytest.fixture
def site_with_new_dataset(make_site):
    root = make_site()
    made = run("new", "dataset", "grants-2027", "--title", "Grants 2027", "--root", str(root))
    assert made.exit_code == 0, made.output
    (root / "datasets" / "grants-2027" / "grants-2027.csv").write_text(
        "id,description\n1,Youth club\n2,Victim support\n", "utf-8")
    return root


def test_opcc_new_dataset_makes_a_draft_that_is_not_published(site_with_new_dataset):
    root = site_with_new_dataset
    descriptor = root / "datasets" / "grants-2027" / "datapackage.yaml"
    assert re.search(r"^draft: true", descriptor.read_text("utf-8"), re.MULTILINE)
    result = build(root)
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert not (site / "datasets" / "grants-2027").exists()
    for listing in ("datasets/index.html", "sitemap.xml", "feed.xml",
                    "publication-scheme/what-we-spend/index.html"):
        assert "grants-2027" not in (site / listing).read_text("utf-8"), listing


def test_a_dataset_no_longer_draft_with_placeholders_is_an_error(site_with_new_dataset):
    root = site_with_new_dataset
    descriptor = root / "datasets" / "grants-2027" / "datapackage.yaml"
    descriptor.write_text(re.sub(r"\ndraft: true[^\n]*", "", descriptor.read_text("utf-8")),
                          "utf-8")
    code, found = diagnostics(root)
    assert code == 1
    assert sorted((d["path"], d["line"]) for d in found if d["code"] == "content.placeholder") \
        == [("datasets/grants-2027/datapackage.yaml", lines_with(descriptor, "[TODO: two")[0]),
            ("datasets/grants-2027/datapackage.yaml", lines_with(descriptor, "period:")[0])]


def test_a_draft_dataset_is_published_only_in_the_preview(site_with_new_dataset):
    root = site_with_new_dataset
    assert build(root).exit_code == 0
    before = tree_hashes(root / "site")
    result = build(root, "--drafts")
    assert result.exit_code == 0, result.output
    assert tree_hashes(root / "site") == before
    page_html = text_of(root / "preview" / "datasets" / "grants-2027" / "index.html")
    assert DRAFT_BANNER in page_html and "data-pagefind-body" not in page_html
    assert (root / "preview" / "datasets" / "grants-2027" / "grants-2027.csv").is_file()
    assert "grants-2027" not in (root / "preview" / "sitemap.xml").read_text("utf-8")


# --------------------------------------------------------------------------- --drafts

def test_drafts_are_previewed_in_preview_and_site_is_left_byte_for_byte(tmp_path):
    from tests.conftest import copy_example
    root = copy_example(tmp_path / "example")
    first = build(root)
    assert first.exit_code == 0, first.output
    before = tree_hashes(root / "site")
    drafts = [p for p in (root / "content").rglob("*.md")
              if re.search(r"^draft: true", p.read_text("utf-8"), re.MULTILINE)]
    assert drafts, "the example site has a draft"
    preview = build(root, "--drafts")
    assert preview.exit_code == 0, preview.output
    assert "into preview/" in preview.output
    assert tree_hashes(root / "site") == before  # not one byte of site/ changed
    draft = drafts[0].relative_to(root / "content").with_suffix("")
    out = root / "preview" / draft / "index.html"
    shown = text_of(out)
    assert DRAFT_BANNER in shown
    assert "data-pagefind-body" not in shown
    assert f"/{draft.as_posix()}/" not in (root / "preview" / "sitemap.xml").read_text("utf-8")
    assert f"/{draft.as_posix()}/" not in (root / "preview" / "feed.xml").read_text("utf-8")
    assert not (root / "site" / draft).exists()
    # the preview is never indexed by search engines, page by page and as a whole
    for html_file in (root / "preview").rglob("*.html"):
        written = html_file.read_text("utf-8")
        if "<html" in written:  # not the log's filter fragments
            assert '<meta name="robots" content="noindex' in written, html_file
    assert "Disallow: /" in (root / "preview" / "robots.txt").read_text("utf-8")
    # live pages of the preview are searchable as on the site; none is a draft
    live = text_of(root / "preview" / "who-we-are" / "commissioner" / "index.html")
    assert "data-pagefind-body" in live and DRAFT_BANNER not in live
    # site/'s own record is not touched by the preview: the next build has nothing to do
    again = build(root)
    assert again.exit_code == 0 and ", 0 written" in again.output, again.output
    assert tree_hashes(root / "site") == before


# --------------------------------------------------------------------------- scheduled

SCHEDULED = page("Our new team", "The team changes on the first of the year.",
                 published="2027-01-04")


def test_a_page_published_in_the_future_is_scheduled(make_site):
    root = make_site({"content/who-we-are/new-team.md": SCHEDULED})
    result = build(root)
    assert result.exit_code == 0, result.output
    assert "new-team" not in result.output  # scheduling is no problem: no diagnostic
    assert not (root / "site" / "who-we-are" / "new-team").exists()
    assert "new-team" not in (root / "site" / "sitemap.xml").read_text("utf-8")
    assert "new-team" not in (root / "site" / "who-we-are" / "index.html").read_text("utf-8")
    report = run("report", "--root", str(root), "--today", TODAY)
    assert report.exit_code == 0, report.output
    line = next(x for x in report.output.splitlines() if "/who-we-are/new-team/" in x)
    assert "4 January 2027" in line and "Our new team" in line
    listed = json.loads(run("report", "--root", str(root), "--today", TODAY, "--format",
                            "json").stdout)["scheduled"]
    assert listed == [{"goes_live": "2027-01-04", "url": "/who-we-are/new-team/",
                       "title": "Our new team", "source": "content/who-we-are/new-team.md"}]
    # the day comes: the next (incremental) build publishes it, as a clean build would
    later = build(root, today="2027-01-04")
    assert later.exit_code == 0, later.output
    assert "Our new team" in text_of(root / "site" / "who-we-are" / "new-team" / "index.html")
    assert "/who-we-are/new-team/" in (root / "site" / "sitemap.xml").read_text("utf-8")
    incremental = pages_of(root / "site")
    assert build(root, "--clean", today="2027-01-04").exit_code == 0
    assert pages_of(root / "site") == incremental


def test_the_incremental_plan_notices_the_day_a_scheduled_page_goes_live(make_site):
    from opcc.build import plan
    from opcc.build.pipeline import BuildOptions
    root = make_site({"content/who-we-are/new-team.md": SCHEDULED})
    assert build(root).exit_code == 0
    state = plan.incremental.load_state(root)
    assert state.index.scheduled == {"/who-we-are/new-team/": date(2027, 1, 4)}
    assert plan._goes_live(state, date(2027, 1, 3)) is False
    assert plan._goes_live(state, date(2027, 1, 4)) is True
    # the same day again: nothing to do; the day it goes live: a full build
    assert plan.make_plan(BuildOptions(root, today=date(2026, 12, 5)), False).mode == plan.REPLAY
    assert plan.make_plan(BuildOptions(root, today=date(2027, 1, 4)), False).mode == plan.FULL


def test_a_live_page_linking_to_a_scheduled_page_is_an_error(make_site):
    root = make_site({
        "content/who-we-are/new-team.md": SCHEDULED,
        "content/who-we-are/team.md": page("Team", "See [the new team](new-team.md).")})
    code, found = diagnostics(root, "build")
    assert code == 1
    broken = [d for d in found if d["code"] == "link.broken"]
    assert [(d["path"], d["line"]) for d in broken] == [("content/who-we-are/team.md", 8)]
    assert "scheduled" in broken[0]["hint"] and "4 January 2027" in broken[0]["hint"]
    # on the day, the same link is fine
    later = run("check", "--root", str(root), "--today", "2027-01-04")
    assert later.exit_code == 0, later.output


def test_a_scheduled_page_is_checked_as_it_will_go_out(make_site):
    """No one will look at it on the day: its errors are errors now."""
    root = make_site({"content/who-we-are/new-team.md": page(
        "Our new team", "[TODO: the names]", published="2027-01-04")})
    code, found = diagnostics(root)
    assert code == 1
    assert [d["code"] for d in found if d["severity"] == "error"] == ["content.placeholder"]


def test_the_preview_shows_scheduled_pages_with_the_day_they_go_live(make_site):
    root = make_site({"content/who-we-are/new-team.md": SCHEDULED,
                      "content/who-we-are/plans.md": page("Plans", draft="true")})
    assert build(root).exit_code == 0
    before = tree_hashes(root / "site")
    result = build(root, "--drafts")
    assert result.exit_code == 0, result.output
    shown = text_of(root / "preview" / "who-we-are" / "new-team" / "index.html")
    assert "Scheduled – goes live on 4 January 2027" in shown
    assert "data-pagefind-body" not in shown
    assert DRAFT_BANNER in text_of(root / "preview" / "who-we-are" / "plans" / "index.html")
    for listing in ("sitemap.xml", "feed.xml"):
        text = (root / "preview" / listing).read_text("utf-8")
        assert "new-team" not in text and "plans" not in text
    assert tree_hashes(root / "site") == before


def test_opcc_serve_builds_a_preview_with_scheduled_pages_and_leaves_site_alone(make_site):
    """The server `opcc serve` runs (LiveSite), with the options the command gives it."""
    import dataclasses

    from opcc.cli.main import Settings
    from opcc.serve import LiveSite
    root = make_site({"content/who-we-are/new-team.md": SCHEDULED,
                      "content/who-we-are/plans.md": page("Plans", draft="true")})
    assert build(root).exit_code == 0
    before = tree_hashes(root / "site")
    options = Settings(root, "text", strict=False, drafts=False, quiet=True, verbose=False,
                       today=date.fromisoformat(TODAY)).build_options
    site = LiveSite(dataclasses.replace(options, include_scheduled=True), lambda _: None)
    site.rebuild()
    assert site.failure is None
    answer = []
    body = b"".join(site({"PATH_INFO": "/who-we-are/new-team/"},
                         lambda status, headers: answer.append(status)))
    assert answer == ["200 OK"]
    assert "Scheduled – goes live on" in html.unescape(body.decode("utf-8"))
    answer.clear()
    site({"PATH_INFO": "/who-we-are/plans/"}, lambda status, headers: answer.append(status))
    assert answer == ["404 Not Found"]  # drafts only with --drafts
    assert tree_hashes(root / "site") == before


def test_the_example_gitignore_keeps_the_preview_out_of_git():
    ignored = (REPO / ".gitignore").read_text("utf-8").split()
    assert "/preview/" in ignored and "/site/" in ignored


def test_a_draft_dataset_named_by_a_page_gets_a_hint(make_site):
    root = make_site()
    run("new", "dataset", "grants-2027", "--root", str(root))
    write_files(root, {"content/who-we-are/grants.md": page("Grants", datasets="[grants-2027]")})
    code, found = diagnostics(root)
    assert code == 1
    problem = next(d for d in found if d["code"] == "content.dataset")
    assert "draft" in problem["hint"]
