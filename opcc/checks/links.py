"""Link stage: every internal link, anchor and attachment must exist in the output."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping
from urllib.parse import unquote

from opcc.checks.site_index import SiteIndex
from opcc.config import CONFIG_FILE, Link
from opcc.diagnostics import Diagnostic, error
from opcc.render.markdown import LinkRef, RenderedBody

_ID = re.compile(rb'\sid="([^"]+)"')

Outputs = Mapping[str, object]  # output path -> bytes or a source Path


def output_path(url: str) -> str:
    """/a/b/ -> a/b/index.html ; /a/b.pdf -> a/b.pdf ; / -> index.html"""
    path = unquote(url.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def config_url(link: Link, index: SiteIndex) -> str:
    """A navigation URL from site.yaml as a site path (`who-we-are/index.md` allowed)."""
    url = link.url.strip()
    if url.endswith(".md") and "://" not in url:
        source = "content/" + url.lstrip("/")
        return index.by_source.get(source, "/" + source)
    return url


def _broken_hint(target: str, link: LinkRef | None, index: SiteIndex,
                 outputs: Outputs) -> str:
    if target in index.draft_urls:
        return "that page is a draft and is not published; link to it once it is"
    if target in index.scheduled:
        day = index.scheduled[target]
        return (f"that page is scheduled: it goes live on {day.day} {day:%B} {day.year}; "
                "link to it from then, or schedule this page for the same day")
    if not target.endswith("/") and output_path(target + "/") in outputs:
        return f"add the trailing slash: {target}/"
    if link is not None and link.source_file and link.source_file.endswith(".md"):
        return f"there is no page {link.source_file}; check the file name and folder"
    return "check the address; link to pages by their .md file or their site URL"


def check_links(index: SiteIndex, bodies: Mapping[str, RenderedBody], outputs: Outputs,
                navigation: tuple[Link, ...] = (),
                sources: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """`bodies` by URL; `sources` maps each URL to its source file (pages by default)."""
    sources = sources or {url: page.source for url, page in index.by_url.items()}
    @lru_cache(maxsize=None)
    def anchors(path: str) -> frozenset[str]:
        data = outputs.get(path)
        if not isinstance(data, bytes):
            return frozenset()
        return frozenset(m.decode("utf-8", "replace") for m in _ID.findall(data))

    problems: list[Diagnostic] = []
    for url in sorted(bodies):
        for link in bodies[url].links:
            if link.external:
                continue
            target = link.target or url
            path = output_path(target)
            where = dict(path=sources[url], line=link.line, column=link.column)
            if path not in outputs:
                missing = (f"there is no page {link.source_file}" if link.source_file and
                           link.source_file.endswith(".md") and link.source_file not in
                           index.by_source else f"{target} is not published")
                problems.append(error("link.broken", f"link to '{link.written}' leads nowhere "
                                      f"({missing})",
                                      hint=_broken_hint(target, link, index, outputs), **where))
            elif link.fragment and path.endswith(".html") and link.fragment not in anchors(path):
                problems.append(error("link.broken",
                                      f"'{link.written}': {target} has no anchor "
                                      f"'#{link.fragment}'",
                                      hint="heading anchors are the heading in lowercase with "
                                           "hyphens, e.g. '## Our budget' is #our-budget",
                                      **where))
    for link in navigation:
        target = config_url(link, index)
        if "://" in target or target.startswith("mailto:"):
            continue
        if output_path(target) not in outputs:
            problems.append(error("link.broken", f"navigation link '{link.title}' leads nowhere "
                                  f"({link.url})", path=CONFIG_FILE, line=link.line,
                                  hint=_broken_hint(target, None, index, outputs)))
    return problems
