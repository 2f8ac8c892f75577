"""News and press releases (issue 19, item 3): every front-matter key, good and bad, with
its code, line and column; the item pages, the paginated index, the home page's latest
three, the feeds, the gate on images, the scaffold, and incremental builds equal to clean
ones. Sites are built for real (the pipeline or `python -m opcc`), never mocked."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, PngImagePlugin

from opcc.build.pipeline import BuildOptions, build_site
from opcc.cli.main import main
from opcc.diagnostics import format_text
from opcc.kinds.news.reader import person_detail, read_item
from tests.conftest import tree_hashes

TODAY = date(2026, 11, 25)
ITEM = "content/news/2026/precept-set.md"
ATOM = "{http://www.w3.org/2005/Atom}"

GOOD = """\
---
title: Budget and precept for 2026/27 set
date: 2026-02-17
summary: The commissioner has set the 2026/27 budget for policing.
type: press-release
image: {file: chamber.png, alt: The council chamber before the panel meeting}
tags: [precept, budget]
press_contact: Communications team
draft: false
---

The commissioner has approved the budget for policing in 2026/27.
"""


def png(text: dict[str, str] | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (20, 90, 160)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def item_file(root: Path, text: str, relative: str = ITEM, image: bytes | None = None) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (path.parent / "chamber.png").write_bytes(png() if image is None else image)
    return path


def problems(root: Path, text: str, relative: str = ITEM, today: date = TODAY):
    item, found = read_item(root, item_file(root, text, relative), today)
    return item, {(d.code, d.line, d.column) for d in found}


# --------------------------------------------------------------------------- front matter

def test_a_good_item_is_read_with_every_key(tmp_path):
    item, found = problems(tmp_path, GOOD)
    assert found == set()
    assert item.url == "/news/2026/precept-set/" and item.type_label == "Press release"
    assert item.tags == ("precept", "budget") and item.press_contact == "Communications team"
    assert item.image.alt == "The council chamber before the panel meeting"
    assert item.attachments[0].url == "/news/2026/chamber.png"  # published, and gated


BAD = [
    # (what, the line replaced, its replacement, code, line, column)
    ("title missing", "title: Budget and precept for 2026/27 set\n", "",
     "news.missing-key", 1, 1),
    ("date not ISO", "date: 2026-02-17", "date: 17/02/2026", "news.date", 3, 7),
    ("date in the future", "date: 2026-02-17", "date: 2026-11-26", "news.future", 3, 7),
    ("date in another year's folder", "date: 2026-02-17", "date: 2025-02-17", "news.year", 3, 7),
    ("summary missing", "summary: The commissioner has set the 2026/27 budget for policing.\n",
     "", "news.missing-key", 1, 1),
    ("summary too long", "summary: The commissioner has set the 2026/27 budget for policing.",
     "summary: " + "A very long summary. " * 16, "news.summary", 4, 10),
    ("type unknown", "type: press-release", "type: blog", "news.item-type", 5, 7),
    ("image not a mapping", ("image: {file: chamber.png, alt: The council chamber before "
     "the panel meeting}"), "image: chamber.png", "news.type", 6, 8),
    ("image alt missing", ("{file: chamber.png, alt: The council chamber before the panel "
     "meeting}"), "{file: chamber.png}", "news.missing-key", 6, 8),
    ("image alt is the file name", "alt: The council chamber before the panel meeting",
     "alt: chamber.png", "news.image-alt", 6, 33),
    ("image alt is a camera's name", "alt: The council chamber before the panel meeting",
     "alt: IMG_0042", "news.image-alt", 6, 33),
    ("image not an image", "file: chamber.png", "file: chamber.gif", "news.image-type", 6, 15),
    ("image missing", "file: chamber.png", "file: missing.png", "attachment.missing", 6, 8),
    ("image outside the folder", "file: chamber.png", "file: ../chamber.png",
     "attachment.path", 6, 8),
    ("image unknown key", "alt: The council", "caption: x, alt: The council",
     "news.unknown-key", 6, 28),
    ("tags not a list", "tags: [precept, budget]", "tags: precept", "news.type", 7, 7),
    ("press contact an email", "press_contact: Communications team",
     "press_contact: jo.bloggs@example.org", "news.press-contact", 8, 16),
    ("press contact a phone", "press_contact: Communications team",
     "press_contact: 01632 960123", "news.press-contact", 8, 16),
    ("press contact a person", "press_contact: Communications team",
     "press_contact: Jo Bloggs", "news.press-contact", 8, 16),
    ("draft not true or false", "draft: false", "draft: maybe", "news.type", 9, 8),
    ("unknown key", "draft: false", "draft: false\nauthor: Communications", "news.unknown-key",
     10, 1),
    ("no text", "\nThe commissioner has approved the budget for policing in 2026/27.\n", "\n",
     "news.body", 11, 1),
]


@pytest.mark.parametrize("what, old, new, code, line, column", BAD, ids=[b[0] for b in BAD])
def test_each_bad_key_is_an_error_at_its_line_and_column(tmp_path, what, old, new, code, line,
                                                         column):
    assert old in GOOD, what
    item, found = problems(tmp_path, GOOD.replace(old, new, 1))
    assert (code, line, column) in found, found
    assert item is None  # an error: not published


def test_a_file_name_that_is_no_web_address_is_an_error(tmp_path):
    _, found = problems(tmp_path, GOOD, "content/news/2026/Precept_Set.md")
    assert ("news.slug", 1, 1) in found


def test_a_draft_may_be_dated_in_the_future(tmp_path):
    text = GOOD.replace("2026-02-17", "2026-12-01").replace("draft: false", "draft: true")
    item, found = problems(tmp_path, text)
    assert found == set() and item.draft


@pytest.mark.parametrize("contact, what", [
    ("Communications team", None), ("Head of Communications and Engagement", None),
    ("Press office", None), ("Chief Executive", None), ("Jo Bloggs", "a person's name"),
    ("press@example.org", "an email address"), ("07700 900123", "a phone number")])
def test_the_press_contact_is_a_role(contact, what):
    assert person_detail(contact) == what


# --------------------------------------------------------------------------- the site

def news_item(number: int, day: date, image: bool = False) -> str:
    picture = "image: {file: chamber.png, alt: The council chamber}\n" if image else ""
    return (f"---\ntitle: Story number {number}\ndate: {day.isoformat()}\nsummary: The "
            f"summary of story {number}.\n{picture}tags: [topic {number % 2}]\n"
            f"press_contact: Press office\n---\n\nThe text of story {number}.\n")


def eleven_items() -> dict[str, str | bytes]:
    """Stories 1 (oldest) to 11 (newest), one a week in 2026; story 11 has an image."""
    files: dict[str, str | bytes] = {}
    for number in range(1, 12):
        day = date(2026, 1, 5) + timedelta(weeks=number)
        files[f"content/news/2026/story-{number:02d}.md"] = news_item(number, day, number == 11)
    files["content/news/2026/chamber.png"] = png()
    return files


def build(root: Path, clean: bool = False, today: date = TODAY):
    result = build_site(BuildOptions(root, today=today), clean=clean)
    assert result.ok, [format_text(d) for d in result.diagnostics]
    return result


def text(root: Path, relative: str) -> str:
    return (root / "site" / relative).read_text("utf-8")


def test_eleven_items_make_two_index_pages_with_links_between_them(make_site):
    root = make_site(eleven_items())
    build(root)
    first, second = text(root, "news/index.html"), text(root, "news/page/2/index.html")
    # newest first: stories 11 to 2 on the first page, story 1 alone on the second
    assert first.index("Story number 11") < first.index("Story number 10")
    assert "Story number 2<" in first and "Story number 1<" not in first
    assert "Story number 1<" in second and "Story number 2<" not in second
    assert 'href="/news/page/2/">Older news</a>' in first and "Newer news" not in first
    assert 'href="/news/">Newer news</a>' in second and "Older news" not in second
    assert '<span aria-current="page">Page 2 (this page)</span>' in second
    assert not (root / "site/news/page/3").exists()
    assert not (root / "site/news/page/1").exists()  # the first page is /news/ itself


def test_ten_items_make_one_page_without_pagination(make_site):
    files = eleven_items()
    del files["content/news/2026/story-01.md"]
    root = make_site(files)
    build(root)
    assert "Older news" not in text(root, "news/index.html")
    assert not (root / "site/news/page").exists()


def test_an_item_page_shows_its_image_contact_and_topics(make_site):
    root = make_site(eleven_items())
    build(root)
    page = text(root, "news/2026/story-11/index.html")
    assert '<img src="/news/2026/chamber.png" alt="The council chamber">' in page
    assert "Journalists can contact the Press office" in page
    assert "The text of story 11." in page and "topic 1" in page
    assert 'data-type="News"' in page  # in search, as News
    assert (root / "site/news/2026/chamber.png").read_bytes() == \
        (root / "content/news/2026/chamber.png").read_bytes()


def test_the_home_page_shows_the_latest_three(make_site):
    root = make_site(eleven_items())
    build(root)
    home = text(root, "index.html")
    section = home[home.index(">Latest news</h2>"):]
    titles = [f"Story number {n}<" for n in (11, 10, 9)]
    positions = [section.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Story number 8<" not in section.split("</ul>")[0]
    assert 'href="/news/">All news and press releases</a>' in section


def test_a_site_without_news_has_no_latest_news(make_site):
    root = make_site()
    build(root)
    assert "Latest news" not in text(root, "index.html")


def test_the_news_feed_and_the_main_feed_list_the_items(make_site):
    root = make_site(eleven_items())
    build(root)
    feed = ET.fromstring((root / "site/news/feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 11
    assert entries[0].findtext(f"{ATOM}title") == "Story number 11"
    assert entries[0].find(f"{ATOM}link").get("href") == \
        "https://opcc.example.org/news/2026/story-11/"
    assert entries[0].find(f"{ATOM}category").get("term") == "News"
    main_feed = ET.fromstring((root / "site/feed.xml").read_bytes())
    titles = {e.findtext(f"{ATOM}title") for e in main_feed.findall(f"{ATOM}entry")}
    assert {f"Story number {n}" for n in range(1, 12)} <= titles
    assert "https://opcc.example.org/news/2026/story-03/" in text(root, "sitemap.xml")
    assert "/news/" in text(root, "publication-scheme/who-we-are/index.html")


def test_the_gate_inspects_a_news_image(make_site):
    files = eleven_items()
    files["content/news/2026/chamber.png"] = png({"Author": "jo.bloggs@example.com"})
    root = make_site(files)
    result = build_site(BuildOptions(root, today=TODAY))
    found = [d for d in result.diagnostics if d.severity == "error"]
    assert not result.ok and found
    assert all("chamber.png" in (d.path or "") for d in found), [format_text(d) for d in found]
    assert not (root / "site/news/2026/chamber.png").exists()


def test_the_cli_reports_a_bad_item_with_its_position(make_site):
    root = make_site({ITEM: GOOD.replace("2026-02-17", "2026-11-30"),
                      "content/news/2026/chamber.png": png()})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert "content/news/2026/precept-set.md:3:7: error[news.future]" in result.output


def test_opcc_new_news_writes_a_draft_that_builds(make_site, monkeypatch):
    root = make_site()
    result = CliRunner().invoke(main, ["new", "news", "--title", "Custody suite opens",
                                       "--root", str(root)])
    assert result.exit_code == 0, result.output
    made = root / f"content/news/{date.today().year}/custody-suite-opens.md"
    assert "draft: true" in made.read_text("utf-8")
    built = build_site(BuildOptions(root, today=date.today()))
    assert built.ok  # a draft: its placeholders are not errors, and it is not published
    assert not (root / f"site/news/{date.today().year}/custody-suite-opens").exists()
    again = CliRunner().invoke(main, ["new", "news", "--title", "Custody suite opens",
                                      "--root", str(root)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_incremental_builds_equal_clean_ones_after_add_edit_delete(make_site):
    root = make_site(eleven_items())
    build(root)
    (root / "content/news/2026/story-05.md").write_text(
        news_item(5, date(2026, 2, 9)).replace("The text of story 5.", "Edited text."))
    (root / "content/news/2026/story-12.md").write_text(news_item(12, date(2026, 4, 1)))
    (root / "content/news/2026/story-02.md").unlink()
    build(root)
    after = {p: h for p, h in tree_hashes(root / "site").items()
             if not p.startswith("pagefind/")}
    assert "Edited text." in text(root, "news/2026/story-05/index.html")
    assert "Story number 12" in text(root, "index.html")
    assert not (root / "site/news/2026/story-02").exists()
    build(root, clean=True)
    assert {p: h for p, h in tree_hashes(root / "site").items()
            if not p.startswith("pagefind/")} == after


@pytest.mark.parametrize("data, code, where", [
    (b"---\ntitle: Caf\xe9\n---\n\nText.\n", "record.encoding", ":2:"),  # the bad byte
    (b"---\ntitle: Bell\x07\ndate: 2026-02-17\nsummary: S.\n---\n\nText.\n",
     "record.character", ":2:12:"),
    (b"---\ntitle: [unclosed\ndate: 2026-02-17\n---\n\nText.\n", "news.yaml", ":"),
    (b"No front matter at all.\n", "news.front-matter", ":1:1:"),
    (b"---\ntitle: Never closed\n", "news.front-matter", ":1:1:"),
    (b"---\n- a list\n- not keys\n---\n\nText.\n", "news.front-matter", ":1:1:"),
])
def test_bad_files_are_diagnostics_never_tracebacks(make_site, data, code, where):
    root = make_site({ITEM: data})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 1, result.output
    assert f"error[{code}]" in result.output and "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if f"[{code}]" in line)
    assert line.startswith(ITEM + where), line
