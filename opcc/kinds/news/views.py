"""Template views of the news: an item's page, the paginated index and the home page's
latest items. Every label and link is computed here."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

PER_PAGE = 10  # items on each page of the news index
ON_HOME_PAGE = 3  # the latest items on the home page


@dataclass(frozen=True)
class ImageView:
    src: str
    alt: str


@dataclass(frozen=True)
class NewsEntry:
    """One item in the index."""
    title: str
    href: str
    summary: str
    date: object  # DateText
    type_label: str


@dataclass(frozen=True)
class PageLink:
    number: int
    href: str
    current: bool


@dataclass(frozen=True)
class Pagination:
    """Where a page of the index is among the others."""
    number: int
    count: int
    previous: object  # Link, or None on the first page
    next: object  # Link, or None on the last page
    pages: tuple[PageLink, ...]

    @property
    def shown(self) -> bool:
        return self.count > 1


@dataclass(frozen=True)
class NewsIndexView:
    entries: tuple[NewsEntry, ...]
    pagination: Pagination
    heading: str  # "Page 2 of 3", or "" on a single page
    feed_href: str
    notice: str | None


@dataclass(frozen=True)
class NewsItemView:
    type_label: str
    date: object  # DateText
    image: ImageView | None
    body_html: Markup
    tags: tuple[str, ...]
    press_contact: str | None  # a role, e.g. "Communications team"
    contact_href: str | None  # the site's contact page, if there is one
    index_href: str
    notice: str | None


def page_url(index_url: str, number: int) -> str:
    """/news/ for the first page, /news/page/2/ for the second…"""
    return index_url if number == 1 else f"{index_url}page/{number}/"


def page_count(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-total // per_page))
