"""What a kind of record declares, so that the build, the index, the gate, the scheme and
the incremental plan can handle it without naming it.

A kind is one module that builds a `Kind` and one line in registry.py. Its records live
in `content/<folder>/`; each is a markdown file with front matter (read with
opcc.source.front_matter), and each record object has at least the attributes of
`Record` below. Ordinary pages are not a registered kind: they are everything in
content/ outside the kinds' folders (kinds/pages.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from opcc.config import Option, SiteConfig
from opcc.diagnostics import Diagnostic


class Record(Protocol):
    """What the pipeline reads from any record: its file, address, text and files."""
    source: str  # "content/foi/2026/FOI-2026-0040.md"
    url: str  # "/foi/2026/FOI-2026-0040/"
    title: str
    summary: str
    body: str  # markdown
    body_line: int  # the body's first line in the source
    attachments: tuple  # kinds.pages.Attachment
    last_updated: date | None
    published: date | None


@dataclass(frozen=True)
class ReadContext:
    root: Path
    config: SiteConfig
    today: date
    include_drafts: bool


class KindRenderer(Protocol):
    """Made once per build from the site's renderer and the kind's records."""

    def render_record(self, record: Any) -> bytes: ...  # one record's page

    def site_pages(self) -> dict[str, bytes]: ...  # listings, filter pages, feeds

    def class_entries(self) -> list: ...  # entries shown on its scheme class's page

    def specs(self) -> list: ...  # render.views.PageSpec of every page it writes: the
    # sitemap and the feeds are made from them

    # optional: `home_entries(self) -> render.views.HomeSection | None`, its latest records
    # for the home page (such as "Latest news"); a kind without them leaves it out


@dataclass(frozen=True)
class OpenData:
    """A kind's records as an open dataset, validated against its Table Schema."""
    dataset: Any  # datasets.descriptors.Dataset
    table: Any  # datasets.publish.PublishedTable
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str  # "foi"
    folder: str  # its records' folder under content/: "foi"
    scheme_class: str  # the publication-scheme class its listings are entries of
    record_type: type  # the class of its records
    read: Callable[[ReadContext], tuple[list, list[Diagnostic]]]  # published records only
    renderer: Callable[[Any, list], KindRenderer]  # (SiteRenderer, records) -> renderer
    # the publication-scheme items its records fulfil: item -> Fulfilment list
    fulfils: Callable[[list], dict[str, list]] = lambda records: {}
    # the events its records carry, which start duties: [(event name, date)], such as
    # ("public-meeting", the meeting's date) for the Order's paragraph 5
    events: Callable[[list], list[tuple[str, date]]] = lambda records: []
    search_label: str = "Page"  # its record pages' type in search results
    section: tuple[str, str, str] | None = None  # (URL prefix, section page, title): crumbs
    open_data: Callable[[list, SiteConfig], OpenData | None] | None = None
    # which files under content/<folder>/ are its records (fnmatch, relative to the
    # folder): "*" is all of them; "[0-9][0-9][0-9][0-9]/*.md" leaves the folder's own
    # pages (its index.md) to be pages
    records: str = "*"
    # its own section of site.yaml, under its name: key -> config.Option; read it as
    # config.kinds[name] (a dict with the defaults filled in)
    settings: dict[str, Option] | None = None
    settings_help: str = ""

    @property
    def pattern(self) -> str:
        """Its record files, as an fnmatch pattern relative to content/."""
        return f"{self.folder}/{self.records}"
