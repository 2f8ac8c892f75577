"""The recipe for a new kind of record, proven: a small kind registered here, and nothing
else touched, gets its pages, a listing, an entry on its class's page, the redaction
gate and incremental rebuilds equal to clean ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from markupsafe import Markup

from opcc.build.pipeline import BuildOptions, build_site
from opcc.kinds import registry
from opcc.kinds.base import Kind, ReadContext
from opcc.kinds.pages import CONTENT_DIR
from opcc.render.views import Entry, PageSpec, date_text
from opcc.source.front_matter import (
    FrontMatterSchema,
    Key,
    Wording,
    read_front_matter,
    split_block,
)
from tests.conftest import tree_hashes

TODAY = date(2026, 11, 25)
LISTING_URL = "/notices/"


@dataclass(frozen=True)
class Notice:
    source: str
    url: str
    title: str
    summary: str
    body: str
    body_line: int
    last_updated: date | None
    published: date | None
    attachments: tuple = ()


NOTICE_SCHEMA = FrontMatterSchema(family="content", keys=(
    Key("title", "the notice's title", required=True),
    Key("summary", "one sentence for listings", default=""),
    Key("date", "ISO date the notice was given (YYYY-MM-DD)", (date,), required=True),
), wording=Wording(noun="notice", key_line="title: Road closure"))


def read_notices(context: ReadContext) -> tuple[list[Notice], list]:
    """Each content/notices/*.md, its front matter read and checked against NOTICE_SCHEMA."""
    notices, problems = [], []
    for path in sorted((context.root / CONTENT_DIR / "notices").glob("*.md")):
        source = path.relative_to(context.root).as_posix()
        found: list = []
        parts = split_block(path.read_text("utf-8"), NOTICE_SCHEMA, source, found)
        front = parts and read_front_matter(parts[0], NOTICE_SCHEMA, source, found)
        if front:
            front.check_keys()
            values = front.values()
        problems += found
        if not front or any(d.severity == "error" for d in found):
            continue
        notices.append(Notice(source, f"{LISTING_URL}{path.stem}/", values["title"],
                              values["summary"], parts[1], parts[2], values["date"],
                              values["date"]))
    return notices, problems


class NoticeRenderer:
    def __init__(self, site, notices: list[Notice]):
        self.site, self.notices = site, notices

    def spec(self, notice: Notice) -> PageSpec:
        return PageSpec(notice.url, notice.title, notice.summary, "notice",
                        notice.last_updated, notice.published, in_feed=True)

    def specs(self) -> list[PageSpec]:
        return [*(self.spec(n) for n in self.notices),
                PageSpec(LISTING_URL, "Notices", "Every notice.", "page", None)]

    def render_record(self, notice: Notice) -> bytes:
        return self.site.render_template("notice.html", notice.url,
                                         page=self.site.view(self.spec(notice)),
                                         html=Markup(self.site.bodies[notice.url].html))

    def site_pages(self) -> dict[str, bytes]:
        view = self.site.view(self.specs()[-1])
        entries = [Entry(n.title, n.summary, self.site.href(n.url), date_text(n.last_updated),
                         "Notice") for n in self.notices]
        return {"notices/index.html": self.site.render_template(
            "notices.html", LISTING_URL, page=view, entries=entries)}

    def class_entries(self) -> list[Entry]:
        return [Entry("Notices", "Every notice.", self.site.href(LISTING_URL), None, "Page")]


NOTICES = Kind(name="notice", folder="notices", scheme_class="lists-registers",
               record_type=Notice, read=read_notices, renderer=NoticeRenderer,
               search_label="Notice", section=(LISTING_URL, LISTING_URL, "Notices"))

TEMPLATES = {
    "templates/notice.html": '{% extends "base.html" %}{% block content %}'
                             '<h1 class="govuk-heading-xl">{{ page.title }}</h1>'
                             '<div class="app-prose">{{ html }}</div>{% endblock %}',
    "templates/notices.html": '{% extends "base.html" %}{% from "partials/macros.html" '
                              'import entry_list %}{% block content %}<h1 class="govuk-'
                              'heading-xl">{{ page.title }}</h1>{{ entry_list(entries) }}'
                              '{% endblock %}',
}


def notice(title: str, body: str) -> str:
    return f"---\ntitle: {title}\nsummary: A notice.\ndate: 2026-11-02\n---\n{body}\n"


@pytest.fixture
def notices_registered():
    registry.register(NOTICES)
    try:
        yield
    finally:
        registry.unregister(NOTICES.name)


def build(root: Path, clean: bool = False):
    return build_site(BuildOptions(root, today=TODAY), clean=clean)


def test_a_registered_kind_gets_pages_a_listing_and_a_class_entry(make_site,
                                                                     notices_registered):
    root = make_site({**TEMPLATES,
                      "content/notices/road-closure.md": notice("Road closure", "The road "
                                                                 "is **closed**."),
                      "content/notices/office-move.md": notice("Office move", "We move.")})
    result = build(root)
    assert result.ok, [d.render() if hasattr(d, "render") else d for d in result.diagnostics]
    page = (root / "site/notices/road-closure/index.html").read_text()
    assert "Road closure" in page and "<strong>closed</strong>" in page
    assert 'href="/notices/">Notices</a>' in page  # its section, in the breadcrumbs
    assert 'data-type="Notice"' in page  # its type in search results
    listing = (root / "site/notices/index.html").read_text()
    assert "Office move" in listing and "/notices/road-closure/" in listing
    assert "/notices/" in (root / "site/publication-scheme/lists-registers/index.html"
                           ).read_text()
    # its pages are in the sitemap, and its notices in the site's feed
    assert "https://opcc.example.org/notices/office-move/" in (root / "site/sitemap.xml"
                                                               ).read_text()
    assert "Road closure" in (root / "site/feed.xml").read_text()
    # the records are not read a second time as ordinary pages
    assert not any(d.path == "content/notices/office-move.md" for d in result.diagnostics)


def test_the_gate_checks_a_registered_kind(make_site, notices_registered):
    root = make_site({**TEMPLATES,
                      "content/notices/contact.md": notice("Contact", "Write to "
                                                           "jo.bloggs@example.com.")})
    result = build(root)
    found = [d for d in result.diagnostics if d.code == "redaction.email"]
    assert found and found[0].path == "content/notices/contact.md", result.diagnostics
    assert not (root / "site/notices/contact/index.html").exists()


def test_a_registered_kind_rebuilds_incrementally_as_a_clean_build(make_site,
                                                                    notices_registered):
    root = make_site({**TEMPLATES,
                      "content/notices/road-closure.md": notice("Road closure", "Closed."),
                      "content/notices/office-move.md": notice("Office move", "We move.")})
    assert build(root).ok
    (root / "content/notices/office-move.md").write_text(notice("Office move", "Moved."))
    (root / "content/notices/new-hours.md").write_text(notice("New hours", "Nine to five."))
    (root / "content/notices/road-closure.md").unlink()
    incremental = build(root)
    assert incremental.ok and incremental.written
    after = without_search_index(tree_hashes(root / "site"))
    assert "Moved." in (root / "site/notices/office-move/index.html").read_text()
    assert not (root / "site/notices/road-closure").exists()
    assert build(root, clean=True).ok
    assert without_search_index(tree_hashes(root / "site")) == after


def test_a_kinds_front_matter_is_checked_with_positions(make_site, notices_registered):
    root = make_site({**TEMPLATES, "content/notices/bad.md": "---\ntitel: Oops\n"
                      "date: 2026-11-02\n---\nBody.\n"})
    found = {(d.code, d.line) for d in build(root).diagnostics
             if d.path == "content/notices/bad.md"}
    assert ("content.unknown-key", 2) in found  # with did-you-mean 'title'


def without_search_index(hashes: dict[str, str]) -> dict[str, str]:
    """Pagefind's index is compared by tests/build/test_incremental.py; its file names vary
    with how it was made (a refresh or a whole index)."""
    return {path: digest for path, digest in hashes.items() if not path.startswith("pagefind/")}


def test_kind_folders_are_unique():
    with pytest.raises(ValueError):
        registry.register(Kind(name="other", folder="foi", scheme_class="lists-registers",
                               record_type=Notice, read=read_notices,
                               renderer=NoticeRenderer))
