"""Three front-matter keys of a page that concern its upkeep rather than its text:

- `reviewed: DATE`: the page was checked on that day and needed no change. It counts as
  the latest check of the page (with `updated:`), so a `review:` date it is on or after
  has been met; it never changes the page's "Last updated" date.
- `order: N`: the page's position in its folder's listing and its class's listing (lowest
  first; pages without one follow, in the usual order, by title).
- `redirect_from: [old/path/]`: site paths the page was published at before it moved;
  each gets a small page that sends the reader on (render/redirects.py).

Each is read here with its line and column, so pages.py only asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opcc.source.front_matter import FrontMatter

_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # as pages.py names files
RESERVED = ("static", "pagefind")  # folders the generator writes itself


@dataclass(frozen=True)
class OldPath:
    """One entry of `redirect_from`: the old address as a site URL, and where it is
    written (for the diagnostics of the whole-site checks)."""
    url: str  # /a/b/
    line: int | None
    column: int | None


def reviewed_since(front: FrontMatter, review: date) -> bool:
    """Was the page checked (reviewed, or changed) on or after its review date?"""
    checks = [front.value("reviewed"), front.value("updated")]
    return any(check is not None and check >= review for check in checks)


def read_reviewed(front: FrontMatter, published: date | None, today: date) -> date | None:
    reviewed = front.value("reviewed")
    if reviewed is None:
        return None
    if reviewed > today:
        front.report("content.date-order", f"'reviewed' ({reviewed}) is after today "
                     f"({today})", "write the day the page was checked; it cannot be "
                     "checked in the future", ("reviewed",))
        return None
    if published is not None and reviewed < published:
        front.report("content.date-order", f"'reviewed' ({reviewed}) is before 'published' "
                     f"({published})", "a page cannot be checked before it was first "
                     "published; check both dates", ("reviewed",))
        return None
    return reviewed


def read_order(front: FrontMatter) -> int | None:
    written = front.data.get("order")
    if written is None:
        return None
    if isinstance(written, bool) or not isinstance(written, int):
        shown = str(written) if isinstance(written, (str, int, float)) else \
            type(written).__name__
        front.report("content.order", f"'order' should be a whole number, not '{shown}'",
                     "write e.g. 'order: 1' to list the page first in its section and "
                     "class, 'order: 2' next; pages without one follow", ("order",))
        return None
    return written


def read_redirect_from(front: FrontMatter, own_url: str) -> tuple[OldPath, ...]:
    """The old paths as site URLs (/a/b/), each checked; a wrong one is reported at its
    own line and left out."""
    written = front.data.get("redirect_from")
    values = front.value("redirect_from")  # reports a value that is not text or a list
    if written is None or not values:
        return ()
    entries = list(enumerate(written)) if isinstance(written, list) else [(None, written)]
    found: list[OldPath] = []
    for index, item in entries:
        if item is None or isinstance(item, (bool, list, dict)):
            continue  # reported by front.value
        where = ("redirect_from",) if index is None else ("redirect_from", index)
        url = old_path(str(item))
        if url is None:
            front.report("content.redirect-path", f"'{item}' is not a path on this site",
                         "write the old address as its path from the site's root, in "
                         "lowercase letters, digits and hyphens, e.g. "
                         "'redirect_from: [foi/how-to-ask/]'", where)
        elif url == own_url:
            front.report("content.redirect-self", f"'{item}' is this page's own address "
                         f"({own_url})", "remove it: a page cannot redirect to itself; list "
                         "only the addresses the page had before it moved", where)
        elif url in {old.url for old in found}:
            front.report("content.redirect-collision", f"'{item}' is listed twice",
                         "remove the repeat", where)
        else:
            found.append(OldPath(url, *front.position(where)))
    return tuple(found)


def old_path(written: str) -> str | None:
    """'foi/how-to-ask', '/foi/how-to-ask/' or the old file's path 'foi/how-to-ask.md' ->
    '/foi/how-to-ask/'; None unless it is a folder path on this site whose every part
    could be a page's (so never a full address, '..', a query, a file such as
    'page.html', the home page, or the generator's own /static/ and /pagefind/)."""
    text = written.strip().removeprefix("content/")
    if text.endswith(".md"):
        text = text[:-len(".md")].removesuffix("index") or "/"
    parts = text.strip("/").split("/")
    if "://" in text or parts == [""] or parts[0] in RESERVED or \
            not all(_SEGMENT.match(part) for part in parts) or \
            parts[-1].endswith((".html", ".htm")):
        return None
    return "/" + "".join(f"{part}/" for part in parts)


def listing_key(page) -> tuple:
    """How pages are listed in a folder or a class: those with an `order` first, lowest
    first, then the rest by title."""
    return (page.order is None, page.order or 0, page.title.lower())


def review_met(page) -> bool:
    """Has the page's review date been met by a check (reviewed or updated) on or after it?
    Then the past date is no longer shown as the next review."""
    checks = (page.reviewed, page.updated)
    return page.review is not None and any(c is not None and c >= page.review for c in checks)
