"""Markdown stage: page bodies become sanitised HTML, with links resolved and recorded.

Python-Markdown passes raw HTML through untouched, so its whole output goes through
nh3 (the Ammonia sanitiser) with an allowlist: no script, no event handlers, no
javascript: or data: URLs, no styles except table-cell alignment.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from opcc.diagnostics import Diagnostic, warning
from opcc.kinds.pages import CONTENT_DIR, Page

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALIGN_CLASSES = {"app-align-left", "app-align-center", "app-align-right"}
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
    "td": ALIGN_CLASSES,
    "th": ALIGN_CLASSES,
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}

_ID = re.compile(r'\sid="([^"]+)"')
# elements the sanitiser removes with everything in them (an unclosed one takes the rest of
# the page with it): the writer is told
_REMOVED = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|form|input|"
                      r"button|textarea|select|xmp|noscript|noembed|template|svg|math|base|"
                      r"meta|link|plaintext)\b", re.IGNORECASE)
_ALIGN = re.compile(r'align="(left|center|right)"')


@dataclass(frozen=True)
class TocEntry:
    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class LinkRef:
    """A link as written in a page, and where it leads on the site."""
    written: str
    target: str | None  # site path such as /who-we-are/ (None for external links)
    fragment: str
    external: bool
    line: int | None
    column: int | None
    source_file: str | None = None  # content file it names, when written as a file path


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    links: tuple[LinkRef, ...]
    diagnostics: tuple[Diagnostic, ...]


def _locate(body: str, body_line: int, needle: str) -> tuple[int | None, int | None]:
    """Line and column of `needle` in the file (body starts at body_line)."""
    index = body.find(needle)
    if index < 0:
        return None, None
    line_start = body.rfind("\n", 0, index) + 1
    return body_line + body.count("\n", 0, index), index - line_start + 1


def resolve_link(href: str, page_source: str, pages_by_source: dict[str, str]) -> tuple[
        str | None, str, bool, str | None]:
    """(site path, fragment, external?, content file named) for an href in a page.

    A relative href is resolved against the page's source folder: a `.md` file becomes
    its page's URL, any other file its own path under the site root.
    """
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None, parts.fragment, True, None
    fragment = parts.fragment
    path = parts.path
    if not path:
        return "", fragment, False, None  # same page
    if path.startswith("/"):
        if path.endswith(".md"):
            source = posixpath.normpath(f"{CONTENT_DIR}{path}")
            return pages_by_source.get(source, path), fragment, False, source
        return path, fragment, False, None
    folder = posixpath.dirname(page_source)
    source = posixpath.normpath(posixpath.join(folder, path))
    if path.endswith(".md"):
        return pages_by_source.get(source, "/" + source), fragment, False, source
    if not source.startswith(CONTENT_DIR + "/"):
        return "/" + source, fragment, False, source
    site_path = "/" + source[len(CONTENT_DIR) + 1:]
    if path.endswith("/"):
        site_path += "/"
    return site_path, fragment, False, source


class _LinkTreeprocessor(Treeprocessor):
    """Rewrites hrefs and image sources to site URLs; demotes stray h1 headings."""

    def __init__(self, md, renderer: "MarkdownRenderer"):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
                self.renderer.demoted_h1 = True
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, self.renderer.rewrite(element.get(attribute)))


# a character (or a hard line break) that some inline pattern starts with: emphasis, code,
# links, images, footnotes, raw HTML, entities, escapes
_INLINE_TRIGGER = re.compile(r"[*_`\[!<&\\]|  \n")


class _PlainTextTreeprocessor(Treeprocessor):
    """Marks text in which no inline pattern can match as atomic, so that the inline
    processor, most of Markdown's time, skips it. The output is unchanged (tests compare
    every page both ways); pages that define abbreviations are left alone, because the
    abbr extension does not look inside atomic text."""

    enabled = True

    def run(self, root: ElementTree.Element) -> None:
        if not self.enabled:
            return
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) \
                    and not _INLINE_TRIGGER.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) \
                    and not _INLINE_TRIGGER.search(element.tail):
                element.tail = AtomicString(element.tail)


class MarkdownRenderer:
    """Renders page bodies. One instance serves a whole build (Markdown is reset per page)."""

    def __init__(self, pages_by_source: dict[str, str], href: Callable[[str], str]):
        self.pages_by_source = pages_by_source
        self.href = href  # site path -> href (adds the base path)
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "toc", "attr_list", "def_list", "abbr",
                        "sane_lists"],
            extension_configs={"toc": {"toc_depth": "2-3"},
                               # align="…", turned into classes: the CSP forbids style=""
                               "tables": {"use_align_attribute": True}},
            output_format="html",
        )
        self.md.treeprocessors.register(_LinkTreeprocessor(self.md, self), "opcc-links", 3)
        self._plain_text = _PlainTextTreeprocessor(self.md)
        self.md.treeprocessors.register(self._plain_text, "opcc-plain-text", 21)  # inline: 20
        self._page: Page | None = None
        self._links: list[LinkRef] = []
        self.demoted_h1 = False

    def rewrite(self, written: str) -> str:
        page = self._page
        target, fragment, external, source_file = resolve_link(
            written.strip(), page.source, self.pages_by_source)
        line, column = _locate(page.body, page.body_line, written)
        self._links.append(LinkRef(written, target, fragment, external, line, column,
                                   source_file))
        if external or target is None:
            return written
        if target == "":
            return f"#{fragment}" if fragment else "#"
        return self.href(target) + (f"#{fragment}" if fragment else "")

    def render(self, page: Page) -> RenderedBody:
        self._page, self._links, self.demoted_h1 = page, [], False
        self.md.reset()
        self._plain_text.enabled = "*[" not in page.body  # no abbreviation definitions
        raw_html = self.md.convert(page.body)
        toc = tuple(_flatten_toc(getattr(self.md, "toc_tokens", [])))
        html = wrap_tables(sanitise(_ALIGN.sub(r'class="app-align-\1"', raw_html)))
        diagnostics = _removed_elements(raw_html, page)
        if self.demoted_h1:
            line, column = _locate(page.body, page.body_line, "# ")
            diagnostics.append(warning(
                "content.heading", "the body uses a level-1 heading ('# ...')",
                path=page.source, line=line, column=column,
                hint="the page title is the only level-1 heading; start body headings "
                     "with '## '"))
        links = (*self._links, *front_matter_links(page, self.pages_by_source))
        return RenderedBody(html=html, toc=toc, anchors=frozenset(_ID.findall(html)),
                            links=links, diagnostics=tuple(diagnostics))


def front_matter_links(page, pages_by_source: dict[str, str]) -> tuple[LinkRef, ...]:
    """The links a page's front matter gives (Page.front_matter_links), resolved as the
    body's are and placed at their lines in the front matter."""
    found = []
    for url, line, column in getattr(page, "front_matter_links", ()):
        target, fragment, external, source_file = resolve_link(url, page.source,
                                                               pages_by_source)
        found.append(LinkRef(url, target, fragment, external, line, column, source_file))
    return tuple(found)


def _removed_elements(raw_html: str, page: Page) -> list[Diagnostic]:
    """One warning per kind of element the sanitiser took out (markdown code is escaped
    before this, so `<style>` in backticks is not one)."""
    first: dict[str, str] = {}
    for match in _REMOVED.finditer(raw_html):
        first.setdefault(match.group(1).lower(), match.group(0))
    found = []
    for tag, written in first.items():
        line, column = _locate(page.body, page.body_line, written)
        found.append(warning(
            "content.html", f"the <{tag}> element was removed, with everything in it: pages "
            "may not contain scripts, styles, frames, forms or embedded objects",
            path=page.source, line=line, column=column,
            hint="delete it; to show it as code, put it in `backticks`"))
    return found


def _flatten_toc(tokens: list[dict]):
    for token in tokens:
        level = 2 if token["level"] == 1 else token["level"]
        if level <= 3:
            yield TocEntry(level, _strip_tags(token["name"]), token["id"])
        yield from _flatten_toc(token.get("children", []))


def _strip_tags(html: str) -> str:
    text = re.sub(r"<[^>]+>", "", html)
    return (text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&#39;", "'"))


_TABLE_OPEN = re.compile(r"<table>")


def wrap_tables(html: str) -> str:
    """Let wide tables scroll on their own (keyboard-focusable), not the whole page.

    Added after sanitising, which would strip these attributes from user HTML."""
    counter = iter(range(1, 10_000))
    html = _TABLE_OPEN.sub(lambda _: '<div class="app-table-wrapper" role="region" '
                           f'aria-label="Table {next(counter)}" tabindex="0"><table>', html)
    return html.replace("</table>", "</table></div>")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class RememberedMarkdown:
    """MarkdownRenderer.render, reusing the last build's result for an unchanged body.

    A body's HTML depends on its text, its place (source and first line), the site's base
    path and where each of its links leads; the last of these is checked link by link,
    so a renamed or deleted page that a body links to converts the body again."""

    def __init__(self, renderer: MarkdownRenderer, base_path: str, version: str,
                 previous: dict[str, tuple[str, RenderedBody]] | None = None):
        self.renderer = renderer
        self.base_path = base_path
        self.version = version
        self.previous = previous or {}

    def key(self, page) -> str:
        from opcc.build.cache import digest
        return digest(self.version, self.base_path, page.source, page.body_line, page.body,
                      getattr(page, "front_matter_links", ()))

    def render(self, page) -> RenderedBody:
        key = self.key(page)
        found = self.previous.get(page.source)
        if found and found[0] == key and self._links_lead_where_they_did(page, found[1]):
            return found[1]
        return self.renderer.render(page)

    def _links_lead_where_they_did(self, page, body: RenderedBody) -> bool:
        for link in body.links:
            target, fragment, external, source_file = resolve_link(
                link.written.strip(), page.source, self.renderer.pages_by_source)
            if (target, fragment, external, source_file) != (
                    link.target, link.fragment, link.external, link.source_file):
                return False
        return True

    def remember(self, pages, bodies: dict[str, RenderedBody]) -> dict:
        """What the next build may reuse: by source, (key, body)."""
        return {page.source: (self.key(page), bodies[page.url]) for page in pages
                if page.url in bodies}
