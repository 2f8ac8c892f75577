"""Discovery files: sitemap.xml, robots.txt and Atom feeds.

Every date comes from the content itself (never the clock), so the same input gives the
same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from xml.sax.saxutils import escape

FEED_SIZE = 50


@dataclass(frozen=True)
class Publication:
    """One published thing, for the sitemap and the feeds."""
    title: str
    summary: str
    url: str  # absolute URL
    updated: date | None
    published: date | None
    category: str  # "Page", "Dataset", "FOI response"…


def sitemap_xml(publications: list[Publication]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for item in sorted(publications, key=lambda p: p.url):
        lines.append(f"  <url><loc>{escape(item.url)}</loc>"
                     + (f"<lastmod>{item.updated.isoformat()}</lastmod>" if item.updated else "")
                     + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(base_url: str, preview: bool = False) -> bytes:
    """Everything may be crawled; nothing of a preview (drafts, scheduled pages) may."""
    if preview:
        return b"User-agent: *\nDisallow: /\n"
    return (f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"
            ).encode("utf-8")


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def atom_feed(title: str, feed_url: str, site_url: str, author: str,
              publications: list[Publication]) -> bytes:
    """An Atom feed of the newest publications and updates (feedgen)."""
    from feedgen.feed import FeedGenerator

    dated = [p for p in publications if p.updated or p.published]
    dated.sort(key=lambda p: (p.updated or p.published, p.url), reverse=True)
    newest = dated[:FEED_SIZE]
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author({"name": author})
    feed.link(href=site_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("en-GB")
    feed.generator("opcc-transparency")
    latest = max((p.updated or p.published for p in newest), default=date(2000, 1, 1))
    feed.updated(_moment(latest))
    for item in newest:
        entry = feed.add_entry(order="append")
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.updated(_moment(item.updated or item.published))
        if item.published:
            entry.published(_moment(item.published))
        if item.summary:
            entry.summary(item.summary)
        entry.category(term=item.category)
    return feed.atom_str(pretty=True)
