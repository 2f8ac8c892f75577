"""The archive section: pages that a newer page replaced (`superseded: {on, by}`).

A superseded page keeps being published, for the record, at /archive/<its path>/
(kinds/pages.py gives it that address and makes its old one a redirect, through
render/redirects.py). Its page opens with a banner ("This document was superseded on …
by …. It is kept here for the record."), says `noindex` to search engines, and is left
out of the site's search, its feeds, its sitemap, its class's listing, its folder's
listing and "recently updated"; it no longer fulfils its publication-scheme items
(build/compliance.py skips it). /archive/ lists the archived documents by class.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from opcc.checks.links import output_path
from opcc.checks.site_index import class_url
from opcc.kinds.pages import ARCHIVE_URL, Page, by_address, replacement
from opcc.render.views import DateText, Link, MetaRow, PageSpec, date_text

KIND = "archived"  # an archived page (body class app-page--archived); not searchable
INDEX_KIND = "archive"  # the /archive/ index
TITLE = "Archive"
SUMMARY = ("Documents we have replaced with newer versions. We keep them here for the "
           "record; each links to the document that replaced it.")
PAGE_TEMPLATE = "page.html"
INDEX_TEMPLATE = "archive.html"
DROPPED_META = ("Next review due",)  # an archived page is no longer reviewed


@dataclass(frozen=True)
class SupersededBanner:
    """The banner at the top of an archived page
    (templates/partials/superseded-banner.html)."""
    on: DateText  # the day it was superseded
    by: Link | None  # the page that replaced it (None only while the build has errors)


@dataclass(frozen=True)
class ArchivedEntry:
    """One archived document in the /archive/ index."""
    title: str
    href: str
    summary: str
    published: DateText | None
    superseded_on: DateText
    by: Link | None


@dataclass(frozen=True)
class ArchiveGroup:
    """The archived documents of one publication-scheme class."""
    title: str
    href: str | None  # the class's page
    slug: str
    entries: tuple[ArchivedEntry, ...]


@dataclass(frozen=True)
class ArchiveView:
    groups: tuple[ArchiveGroup, ...]
    count: int


def archived(pages) -> list[Page]:
    """The superseded pages, most recently superseded first."""
    found = [page for page in pages if page.superseded is not None]
    return sorted(found, key=lambda p: (-p.superseded.on.toordinal(), p.title.lower()))


def is_archived(page) -> bool:
    return getattr(page, "superseded", None) is not None


def banner(renderer, page: Page) -> SupersededBanner:
    new = replacement(page, by_address(renderer.index.pages))
    return SupersededBanner(date_text(page.superseded.on),
                            Link(new.title, renderer.href(new.url)) if new else None)


def render_archived(renderer, page: Page) -> bytes:
    """An archived page: the page as it was, under the banner, with the archive in its
    breadcrumbs, the dates it was superseded and by what in its summary list, and no
    search metadata."""
    notice = banner(renderer, page)
    view = replace(renderer.view(page_spec(renderer, page)), breadcrumbs=_crumbs(renderer))
    content = renderer.content_view(page)
    meta = [row for row in content.meta if row.label not in DROPPED_META]
    meta.append(MetaRow("Superseded", notice.on.text))
    if notice.by is not None:
        meta.append(MetaRow("Replaced by", notice.by.title, notice.by.href))
    return renderer.render_template(PAGE_TEMPLATE, page.url, page=view,
                                    content=replace(content, meta=tuple(meta)),
                                    archived=notice)


def page_spec(renderer, page: Page) -> PageSpec:
    """An archived page's spec: of a kind that is not searchable (so in no search index,
    no feed and, being `noindex`, not in the sitemap: render/pages.py)."""
    return replace(renderer.content_spec(page), kind=KIND, in_feed=False)


def _crumbs(renderer) -> tuple[Link, ...]:
    return (Link("Home", renderer.href("/")), Link(TITLE, renderer.href(ARCHIVE_URL)))


def index_spec(renderer) -> PageSpec | None:
    """The /archive/ index, when any page is archived (for the sitemap)."""
    pages = archived(renderer.index.pages)
    if not pages:
        return None
    return PageSpec(ARCHIVE_URL, TITLE, SUMMARY, INDEX_KIND, pages[0].superseded.on)


def specs(renderer) -> list[PageSpec]:
    spec = index_spec(renderer)
    return [spec] if spec else []


def archive_view(renderer) -> ArchiveView:
    pages = archived(renderer.index.pages)
    addresses = by_address(renderer.index.pages)
    groups = []
    for scheme_class in renderer.profile.classes:
        members = [p for p in pages if p.scheme_class == scheme_class.slug]
        if members:
            groups.append(ArchiveGroup(scheme_class.title,
                                       renderer.href(class_url(scheme_class.slug)),
                                       scheme_class.slug,
                                       tuple(_entry(renderer, p, addresses) for p in members)))
    others = [p for p in pages if renderer.profile.scheme_class(p.scheme_class) is None]
    if others:
        groups.append(ArchiveGroup("Other documents", None, "other",
                                   tuple(_entry(renderer, p, addresses) for p in others)))
    return ArchiveView(tuple(groups), len(pages))


def _entry(renderer, page: Page, addresses: dict[str, Page]) -> ArchivedEntry:
    new = replacement(page, addresses)
    return ArchivedEntry(page.title, renderer.href(page.url), page.summary,
                         date_text(page.published), date_text(page.superseded.on),
                         Link(new.title, renderer.href(new.url)) if new else None)


def render_archive(renderer) -> dict[str, bytes]:
    """The /archive/ index, when any page is archived."""
    spec = index_spec(renderer)
    if spec is None:
        return {}
    view = replace(renderer.view(spec), breadcrumbs=(Link("Home", renderer.href("/")),))
    return {output_path(ARCHIVE_URL): renderer.render_template(
        INDEX_TEMPLATE, ARCHIVE_URL, page=view, archive=archive_view(renderer))}
