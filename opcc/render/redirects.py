"""Redirect pages: for each old address a page lists in `redirect_from:`, a small page at
that address that sends the reader on to where the page is now.

A static site cannot answer with an HTTP redirect, so each is an HTML page with a
zero-second `<meta http-equiv="refresh">` (which the site's Content-Security-Policy does
not block, and which needs no script) and a visible link for anyone whose browser does
not follow it. It tells search engines not to index it (`robots: noindex`) and names the
new address as canonical. It is not a publication: it is left out of the sitemap, the
feeds and the search index (its view has no search metadata).

An old address may not be one the site publishes anything else at, or one that another
page already redirects from (`content.redirect-collision`).
"""

from __future__ import annotations

from dataclasses import dataclass

from opcc.checks.links import output_path
from opcc.diagnostics import Diagnostic, error
from opcc.kinds.page_keys import OldPath
from opcc.kinds.pages import Page
from opcc.render.views import Link, PageView

TEMPLATE = "redirect.html"
KIND = "redirect"


@dataclass(frozen=True)
class RedirectView:
    """What the template shows: where the page is now."""
    title: str  # the page's title now
    href: str  # its href (in the refresh and the link)
    old_path: str  # the old address, e.g. /foi/how-to-ask/


def redirect_urls(pages: list[Page]) -> set[str]:
    """Every old address the site's pages redirect from."""
    return {old.url for page in pages for old in page.redirect_from}


def redirect_outputs(renderer, pages: list[Page], outputs: dict,
                     sources: dict[str, str]) -> tuple[dict, list[Diagnostic]]:
    """The redirect pages of every page's `redirect_from`, and the problems with them.
    `outputs` is everything else the site writes; `sources` maps a URL to its source."""
    made: dict = {}
    claimed: dict[str, Page] = {}
    problems: list[Diagnostic] = []
    for page in sorted(pages, key=lambda p: p.source):
        for old in page.redirect_from:
            clash = _taken(old.url, outputs, sources) or _claimed(old.url, claimed)
            if clash:
                problems.append(_collision(page, old, clash))
                continue
            claimed[old.url] = page
            made[output_path(old.url)] = render_redirect(renderer, page, old.url)
    return made, problems


def render_redirect(renderer, page: Page, old_url: str) -> bytes:
    view = PageView(
        title="This page has moved", summary=f"This page has moved to {page.title}.",
        href=renderer.href(old_url),
        canonical=renderer.canonical(page.url),
        breadcrumbs=(Link("Home", renderer.href("/")),), last_updated=None, kind=KIND)
    redirect = RedirectView(page.title, renderer.href(page.url), old_url)
    return renderer.render_template(TEMPLATE, old_url, page=view, redirect=redirect)


def _taken(url: str, outputs: dict, sources: dict[str, str]) -> str | None:
    """What the site already publishes at `url`, or at a folder of it (a file there would
    leave no room for the folder), described for a message; None when it is free."""
    path = output_path(url)
    if path in outputs:
        return f"the page {sources[url]}" if url in sources else \
            "a page the generator writes"
    parts = path.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        if folder in outputs:
            return f"the file /{folder}"
    return None


def _claimed(url: str, claimed: dict[str, Page]) -> str | None:
    page = claimed.get(url)
    return f"the redirect_from of {page.source}" if page is not None else None


def _collision(page: Page, old: OldPath, clash: str) -> Diagnostic:
    return error("content.redirect-collision", f"{old.url} is already taken by {clash}",
                 path=page.source, line=old.line, column=old.column,
                 hint="remove it from redirect_from: the address already shows something "
                      "else (if that is a page that moved there, it needs no redirect)")
