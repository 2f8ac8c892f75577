"""Moved and deleted pages: an address the site once published must keep leading
somewhere, or readers following an old link, bookmark or search result find nothing.

After every build written to site/ (not a `--drafts` preview), the addresses of its
content pages and records, and the old addresses its redirects answer, are added to
a small file in the build cache, `.opcc-cache/published-urls.json`. On the next build,
each remembered address at which the site now writes nothing gives a
`content.moved-without-redirect` warning, naming the page that seems to replace it.

Why a file of its own, kept through `--clean`, rather than the incremental state or the
previous site/sitemap.xml: the incremental state is dropped whenever the generator
changes and by `--clean`; the sitemap is rewritten by the very build that drops the
page, so it would remember a move for one build only, and it holds absolute addresses
that change with base_url. The file is a list of site paths, in plain JSON, that only
grows: an address stays remembered until something is published there again (a page,
or a redirect through `redirect_from:`), so the warning cannot be lost by building
twice. Deleting the file forgets every address (the next build starts a new list).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from opcc.build.cache import CACHE_DIR
from opcc.checks.links import output_path
from opcc.diagnostics import Diagnostic, warning
from opcc.kinds.pages import Page

MEMORY_FILE = "published-urls.json"
_FORMAT = 1


@dataclass(frozen=True)
class Published:
    """An address the site has published, and what was there when it was last seen."""
    url: str
    source: str  # the page's (or record's) file; for a redirect, the page it leads to
    title: str  # "" when not known (records, redirects)


def memory_path(root: Path) -> Path:
    return root / CACHE_DIR / MEMORY_FILE


def load_published(root: Path) -> dict[str, Published]:
    """The addresses remembered from earlier builds (none when the file is missing or
    unreadable: the next build starts a new list)."""
    try:
        data = json.loads(memory_path(root).read_text(encoding="utf-8"))
        entries = data["urls"] if data.get("format") == _FORMAT else {}
        return {url: Published(url, str(entry.get("source", "")), str(entry.get("title", "")))
                for url, entry in entries.items()
                if isinstance(url, str) and url.startswith("/") and isinstance(entry, dict)}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


def remember(root: Path, pages: list[Page], sources: dict[str, str]) -> None:
    """Add what a build published to the remembered addresses. `sources` maps every
    page's and record's URL to its file."""
    found = load_published(root)
    titles = {page.url: page.title for page in pages}
    for url, source in sources.items():
        found[url] = Published(url, source, titles.get(url, ""))
    for page in pages:
        for old in page.redirect_from:
            found[old.url] = Published(old.url, page.source, "")
    data = {"format": _FORMAT, "urls": {url: {"source": entry.source, "title": entry.title}
                                        for url, entry in sorted(found.items())}}
    _write(memory_path(root), json.dumps(data, indent=1, sort_keys=True) + "\n")


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # the warning is a help, not a guarantee


@contextmanager
def kept(root: Path) -> Iterator[None]:
    """Keep the remembered addresses through the body (`--clean` empties the cache)."""
    path = memory_path(root)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = None
    try:
        yield
    finally:
        if text is not None:
            _write(path, text)


def moved_without_redirect(root: Path, outputs: dict, pages: list[Page]) -> list[Diagnostic]:
    """A warning for each remembered address at which the site now writes nothing."""
    found = []
    for url, entry in sorted(load_published(root).items()):
        if output_path(url) in outputs:
            continue
        found.append(warning(
            "content.moved-without-redirect",
            f"{url} was published by an earlier build, and nothing is there now",
            path=entry.source or None, hint=_hint(url, entry, pages)))
    return found


def _hint(url: str, entry: Published, pages: list[Page]) -> str:
    old = url.strip("/")
    replacement = _replacement(url, entry, pages)
    if replacement is not None:
        return (f"if it moved to {replacement.url}, add 'redirect_from: [{old}/]' to "
                f"{replacement.source}; if it was deleted on purpose, add it to the "
                "redirect_from of its section's page")
    return (f"add 'redirect_from: [{old}/]' to the page that replaced it; if it was "
            "deleted on purpose, add it to the redirect_from of its section's page "
            "(the index.md of its folder)")


def _replacement(url: str, entry: Published, pages: list[Page]) -> Page | None:
    """A page now published under the same file name or the same title, if any."""
    name = PurePosixPath(url).name
    title = entry.title.casefold()
    for page in sorted(pages, key=lambda p: p.source):
        if page.url == url:
            continue
        if PurePosixPath(page.url).name == name or (title and page.title.casefold() == title):
            return page
    return None
