"""Loading and validating front matter: every key, good and bad, with code, line and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from opcc.kinds.pages import human_size, load_content, load_page, url_for_source
from opcc.scheme import load_profile

TODAY = date(2026, 11, 25)
SLUGS = load_profile().class_slugs

GOOD = """\
---
title: Our budget
summary: How the office spends its money.
class: what-we-spend
item: budget
published: 2024-04-01
updated: 2025-04-01
review: 2027-04-01
owner: Chief Finance Officer
attachments:
  - {file: budget.pdf, title: Budget 2025 to 2026}
datasets: [spend-over-500]
tags: [budget, precept]
draft: false
---

## Income

Text.
"""


def load(tmp_path: Path, text: str | bytes, name: str = "what-we-spend/budget.md",
         extra: dict[str, bytes] | None = None):
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    for file_name, data in (extra or {}).items():
        (path.parent / file_name).write_bytes(data)
    return load_page(tmp_path, path, SLUGS, TODAY)


def only(diagnostics, code=None):
    assert len(diagnostics) == 1, diagnostics
    if code:
        assert diagnostics[0].code == code, diagnostics
    return diagnostics[0]


def test_every_key_good(tmp_path):
    page, diagnostics = load(tmp_path, GOOD, extra={"budget.pdf": b"%PDF-1.4 " + b"x" * 3000})
    assert diagnostics == []
    assert page.title == "Our budget"
    assert page.summary == "How the office spends its money."
    assert page.scheme_class == "what-we-spend"
    assert page.items == ("budget",)
    assert page.published == date(2024, 4, 1)
    assert page.updated == date(2025, 4, 1)
    assert page.review == date(2027, 4, 1)
    assert page.last_updated == date(2025, 4, 1)
    assert page.owner == "Chief Finance Officer"
    assert page.datasets == ("spend-over-500",)
    assert page.tags == ("budget", "precept")
    assert page.draft is False
    assert page.url == "/what-we-spend/budget/"
    assert page.body_line == 16
    [attachment] = page.attachments
    assert (attachment.title, attachment.url, attachment.type_label, attachment.size) == (
        "Budget 2025 to 2026", "/what-we-spend/budget.pdf", "PDF", 3009)


@pytest.mark.parametrize("source,url", [
    ("index.md", "/"),
    ("who-we-are/index.md", "/who-we-are/"),
    ("who-we-are/commissioner.md", "/who-we-are/commissioner/"),
    ("a/b/c.md", "/a/b/c/"),
])
def test_pretty_urls(source, url):
    from pathlib import PurePosixPath
    assert url_for_source(PurePosixPath(source)) == url


@pytest.mark.parametrize("replace,code,line,column,message", [
    ("class: what-we-spend", "class: what-we-spnd", 4, 8,
     "unknown class 'what-we-spnd'; did you mean 'what-we-spend'?"),
    ("published: 2024-04-01", "published: 31/04/2024", 6, 12,
     "'published': '31/04/2024' is not an ISO date (YYYY-MM-DD)"),
    ("published: 2024-04-01", "published: 2024-02-30", 6, 12,
     "'published': 2024-02-30 is not a real date"),
    ("title: Our budget", "title: [Our, budget]", 2, 8, "'title' should be text, not a list"),
    ("title: Our budget", "titel: Our budget", 2, 1, "unknown key 'titel'; did you mean 'title'?"),
    ("tags: [budget, precept]", "tags: budget", 13, 7, "'tags' should be a list"),
    ("draft: false", "draft: maybe", 14, 8, "'draft' should be true or false, not 'maybe'"),
    ("updated: 2025-04-01", "updated: 2023-04-01", 7, 10,
     "'updated' (2023-04-01) is before 'published' (2024-04-01)"),
])
def test_bad_key_points_at_line_and_column(tmp_path, replace, code, line, column, message):
    text = GOOD.replace(replace, code)
    page, diagnostics = load(tmp_path, text, extra={"budget.pdf": b"%PDF"})
    diagnostic = [d for d in diagnostics if d.severity == "error"]
    assert len(diagnostic) == 1, diagnostics
    assert page is None
    assert (diagnostic[0].line, diagnostic[0].column) == (line, column)
    assert message in diagnostic[0].message
    assert diagnostic[0].hint
    assert diagnostic[0].path == "content/what-we-spend/budget.md"


def test_day_first_date_hint_gives_the_iso_form(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("2024-04-01", "30/04/2024"),
                          extra={"budget.pdf": b"%PDF"})
    assert only([d for d in diagnostics if d.code == "content.date"]).hint.endswith("2024-04-30")


@pytest.mark.parametrize("key", ["title", "summary", "class", "published"])
def test_required_keys(tmp_path, key):
    lines = [line for line in GOOD.splitlines(keepends=True) if not line.startswith(f"{key}:")]
    page, diagnostics = load(tmp_path, "".join(lines), extra={"budget.pdf": b"%PDF"})
    diagnostic = only(diagnostics, "content.missing-key")
    assert diagnostic.message == f"'{key}' is required"
    assert page is None


def test_index_pages_need_no_class_summary_or_published(tmp_path):
    page, diagnostics = load(tmp_path, "---\ntitle: Who we are\n---\nAbout us.\n",
                             name="who-we-are/index.md")
    assert diagnostics == []
    assert page.is_index and page.url == "/who-we-are/"


def test_yaml_syntax_error_has_real_line(tmp_path):
    text = "---\ntitle: Plan: 2024\nsummary: x\n---\nBody\n"
    _, diagnostics = load(tmp_path, text)
    diagnostic = only(diagnostics, "content.yaml")
    assert diagnostic.line == 2
    assert "quotes" in diagnostic.hint


def test_tab_in_yaml(tmp_path):
    text = "---\ntitle: A\n\tsummary: B\n---\n"
    _, diagnostics = load(tmp_path, text)
    diagnostic = only(diagnostics, "content.yaml")
    assert diagnostic.line == 3
    assert "tab" in diagnostic.hint


def test_missing_closing_fence(tmp_path):
    diagnostic = only(load(tmp_path, "---\ntitle: A\nsummary: B\n\nBody text\n")[1],
                      "content.front-matter")
    assert "no closing '---'" in diagnostic.message
    assert diagnostic.line == 1


def test_no_front_matter(tmp_path):
    only(load(tmp_path, "# Just markdown\n")[1], "content.front-matter")


def test_front_matter_that_is_a_list(tmp_path):
    only(load(tmp_path, "---\n- a\n- b\n---\n")[1], "content.front-matter")


def test_not_utf8(tmp_path):
    diagnostic = only(load(tmp_path, "---\ntitle: £5\n---\n".encode("cp1252"))[1],
                      "content.encoding")
    assert diagnostic.line == 2


def test_binary_file(tmp_path):
    only(load(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00")[1], "content.encoding")


def test_yaml_one_one_surprises_are_text(tmp_path):
    """`no` is text (not False), and a bare date is checked by us, not by PyYAML."""
    page, diagnostics = load(tmp_path, GOOD.replace("title: Our budget", "title: no"),
                             extra={"budget.pdf": b"%PDF"})
    assert diagnostics == []
    assert page.title == "no"


def test_numbers_in_text_fields_are_text(tmp_path):
    page, _ = load(tmp_path, GOOD.replace("title: Our budget", "title: 2025"),
                   extra={"budget.pdf": b"%PDF"})
    assert page.title == "2025"


def test_missing_attachment(tmp_path):
    diagnostic = only(load(tmp_path, GOOD)[1], "attachment.missing")
    assert (diagnostic.line, diagnostic.column) == (11, 5)


def test_attachment_outside_folder(tmp_path):
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    text = GOOD.replace("file: budget.pdf", "file: ../../secret.pdf")
    only(load(tmp_path, text)[1], "attachment.path")


def test_attachment_needs_title(tmp_path):
    text = GOOD.replace("{file: budget.pdf, title: Budget 2025 to 2026}", "{file: budget.pdf}")
    only(load(tmp_path, text, extra={"budget.pdf": b"%PDF"})[1], "content.attachment")


def test_review_date_passed_is_a_warning(tmp_path):
    page, diagnostics = load(tmp_path, GOOD.replace("review: 2027-04-01", "review: 2026-01-01"),
                             extra={"budget.pdf": b"%PDF"})
    diagnostic = only(diagnostics, "scheme.review-overdue")
    assert diagnostic.severity == "warning"
    assert diagnostic.line == 8
    assert page is not None


def test_bad_file_name(tmp_path):
    only(load(tmp_path, GOOD, name="what-we-spend/Our Budget.md",
              extra={"budget.pdf": b"%PDF"})[1], "content.filename")


def test_drafts_are_left_out_unless_asked(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nsummary: S.\nclass: services\n"
                                 "published: 2024-01-01\ndraft: true\n---\n")
    loaded = load_content(tmp_path, SLUGS, TODAY)
    assert loaded.pages == [] and [p.title for p in loaded.drafts] == ["A"]
    loaded = load_content(tmp_path, SLUGS, TODAY, include_drafts=True)
    assert [p.title for p in loaded.pages] == ["A"]


def test_errors_in_unpublished_drafts_are_warnings(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nclass: nope\ndraft: true\n---\n")
    loaded = load_content(tmp_path, SLUGS, TODAY)
    assert loaded.diagnostics and all(d.severity == "warning" for d in loaded.diagnostics)


@pytest.mark.parametrize("size,label", [(512, "512 bytes"), (2048, "2 KB"),
                                        (250_880, "245 KB"), (3 * 1024 * 1024, "3.0 MB")])
def test_human_size(size, label):
    assert human_size(size) == label
