"""The search page's view: where to look when a search finds nothing, or when
JavaScript is off (the results themselves are made in the browser, by
templates/static/js/search.js from Pagefind's index)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from opcc.render.views import Link


class _Site(Protocol):  # the parts of SiteRenderer the view reads
    sections: tuple[tuple[str, str, str], ...]
    index: object

    def href(self, site_path: str) -> str: ...


@dataclass(frozen=True)
class SearchView:
    # the site's lists of what it publishes: the guide to information, open data and
    # each kind's section (the FOI disclosure log)
    places: tuple[Link, ...]
    request_href: str | None  # how to make an FOI request, or None without that page


def search_view(site: _Site, request_url: str | None) -> SearchView:
    places = tuple(Link(title, site.href(url)) for _prefix, url, title in site.sections)
    found = request_url is not None and request_url in site.index.by_url
    return SearchView(places, site.href(request_url) if found else None)
