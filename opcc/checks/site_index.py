"""Cross-page stage: once every page is loaded, index the site as a whole.

URLs, folders, publication-scheme classes and the files pages link to are known only
when all pages are read (MkDocs's two phases: gather, then write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opcc.datasets.descriptors import Dataset
from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.kinds.page_keys import listing_key
from opcc.kinds.pages import Page, is_outside, link_diagnostic, outside_links
from opcc.scheme import Profile

GUIDE_URL = "/publication-scheme/"
NOT_FOUND_URL = "/404.html"
STATIC_URL = "/static/"
DATASETS_URL = "/datasets/"


def class_url(slug: str) -> str:
    return f"{GUIDE_URL}{slug}/"


@dataclass
class SiteIndex:
    pages: list[Page]
    by_url: dict[str, Page]
    by_source: dict[str, str]  # content source path -> URL (drafts included, for links)
    draft_urls: set[str]
    by_class: dict[str, list[Page]]
    generated_urls: set[str]  # pages the generator writes itself
    datasets: dict[str, Dataset]  # by name
    datasets_by_class: dict[str, list[Dataset]]
    scheduled: dict[str, date] = field(default_factory=dict)  # URL -> the day it goes live
    _children: dict[str, list[Page]] | None = field(default=None, repr=False, compare=False)

    def children(self, page: Page) -> list[Page]:
        """Pages directly in an index page's folder, and the index pages of its subfolders."""
        if not page.is_index:
            return []
        if self._children is None:
            self._children = _children_by_folder(self.pages)
        return self._children.get(page.url, [])

    def ancestors(self, url: str) -> list[Page]:
        """Index pages of the folders above `url`, from the top down (home included)."""
        found = []
        parts = [p for p in url.strip("/").split("/") if p]
        for depth in range(len(parts)):
            folder = "/" + "".join(f"{p}/" for p in parts[:depth])
            if folder in self.by_url and folder != url:
                found.append(self.by_url[folder])
        return found


def _children_by_folder(pages: list[Page]) -> dict[str, list[Page]]:
    """folder URL -> the pages in it and the index pages of its subfolders, in listing
    order (by `order:`, then by title)."""
    found: dict[str, list[Page]] = {}
    for page in pages:
        if not page.is_index:
            found.setdefault(page.folder_url, []).append(page)
        elif page.url != "/":
            found.setdefault(page.url.rsplit("/", 2)[0] + "/", []).append(page)
    for members in found.values():
        members.sort(key=listing_key)
    return found


def build_index(pages: list[Page], drafts: list[Page], profile: Profile,
                static_files: list[str], datasets: list[Dataset] = (),
                scheduled: list[Page] = ()) -> tuple[SiteIndex, list[Diagnostic]]:
    """`drafts` and `scheduled` pages are not published: links to them are found (and
    refused) by their source and URL."""
    diagnostics: list[Diagnostic] = []
    generated = {GUIDE_URL, NOT_FOUND_URL, DATASETS_URL, f"{GUIDE_URL}compliance/",
                 "/search/", "/feed.xml", "/sitemap.xml", "/robots.txt"} | \
        {class_url(c.slug) for c in profile.classes} | {d.url for d in datasets}
    by_url: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: p.source):
        clash = by_url.get(page.url)
        if clash is not None:
            diagnostics.append(error(
                "content.duplicate-url", f"this page and {clash.source} both publish {page.url}",
                path=page.source, line=1, column=1,
                hint="rename one of them (a.md and a/index.md publish the same address)"))
            continue
        if page.url in generated or page.url.startswith((STATIC_URL, DATASETS_URL,
                                                         "/pagefind/")):
            diagnostics.append(error(
                "content.reserved-url", f"{page.url} is written by the generator itself",
                path=page.source, line=1, column=1,
                hint="rename the page; /publication-scheme/, /datasets/ and /static/ are "
                     "written by the generator"))
            continue
        by_url[page.url] = page
    kept = [p for p in pages if by_url.get(p.url) is p]
    for page in kept:
        for attachment in page.attachments:
            diagnostics.extend(_attachment_clash(page, attachment, by_url, generated))
    by_class: dict[str, list[Page]] = {c.slug: [] for c in profile.classes}
    for page in kept:
        if page.scheme_class in by_class:
            by_class[page.scheme_class].append(page)
    for members in by_class.values():
        members.sort(key=listing_key)
    datasets_by_class: dict[str, list[Dataset]] = {c.slug: [] for c in profile.classes}
    for dataset in sorted(datasets, key=lambda d: d.title.lower()):
        if dataset.scheme_class in datasets_by_class:
            datasets_by_class[dataset.scheme_class].append(dataset)
    diagnostics.extend(_unknown_datasets(kept, datasets))
    by_source = {p.source: p.url for p in [*drafts, *scheduled]}
    by_source.update({p.source: p.url for p in kept})
    index = SiteIndex(
        pages=kept,
        by_url=by_url,
        by_source=by_source,
        draft_urls={p.url for p in drafts},
        scheduled={p.url: p.published for p in scheduled},
        by_class=by_class,
        generated_urls=generated | {f"{STATIC_URL}{f}" for f in static_files},
        datasets={d.name: d for d in datasets},
        datasets_by_class=datasets_by_class,
    )
    return index, diagnostics


def _unknown_datasets(pages: list[Page], datasets) -> list[Diagnostic]:
    """A page that names a dataset that is not published."""
    known = {d.name for d in datasets}
    return [error("content.dataset", f"no dataset named '{name}'{suggestion(name, known)}",
                  path=page.source, line=page.key_lines.get("datasets"),
                  hint="name a folder of datasets/ that has a valid datapackage.yaml (a "
                       "draft dataset, draft: true, is not published)")
            for page in pages for name in page.datasets if name not in known]


def _same_file(url: str) -> set[str]:
    """The addresses whose output file is this attachment's: /a/index.html is /a/'s page."""
    urls = {url, url.rstrip("/") + "/"}
    if url.endswith("/index.html"):
        urls.add(url[:-len("index.html")])
    return urls


def _attachment_clash(page: Page, attachment, by_url: dict[str, Page],
                      generated: set[str]) -> list[Diagnostic]:
    """An attachment may not overwrite a page, or a file the generator writes itself."""
    same = _same_file(attachment.url)
    owner = next((by_url[url] for url in sorted(same) if url in by_url), None)
    if owner is not None:
        return [error("content.duplicate-url", f"attachment {attachment.file} has the same "
                      f"address as the page {owner.source} ({owner.url})", path=page.source,
                      line=attachment.line, hint="rename the attachment")]
    if same & generated or attachment.url.startswith((STATIC_URL, DATASETS_URL, "/pagefind/")):
        return [error("content.reserved-url", f"attachment {attachment.file} would be "
                      f"published at {attachment.url}, which the generator writes itself",
                      path=page.source, line=attachment.line,
                      hint="rename the attachment or move it to another folder")]
    return []


def static_files(templates_dir: Path) -> list[str]:
    """Files under templates/static/; a link leading out of the site is never published
    (template_links reports it)."""
    static = templates_dir / "static"
    if not static.is_dir():
        return []
    return sorted(p.relative_to(static).as_posix() for p in static.rglob("*")
                  if p.is_file() and not is_outside(p, templates_dir.parent))


def template_links(root: Path, templates_dir: Path) -> list[Diagnostic]:
    """Symbolic links in templates/ (static files included) that lead out of the site."""
    return [link_diagnostic(root, link, "config.template")
            for link in outside_links(root, templates_dir)]
