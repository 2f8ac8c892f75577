"""The views templates receive: plain frozen records, every value computed in Python
(templates/README.md is the contract)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class DateText:
    iso: str
    text: str


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass(frozen=True)
class NavLink:
    title: str
    href: str
    current: bool


@dataclass(frozen=True)
class TocLink:
    level: int
    title: str
    href: str


@dataclass(frozen=True)
class MetaRow:
    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class AttachmentLink:
    title: str
    href: str
    type_label: str
    size_label: str
    file_name: str


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    href: str
    last_updated: DateText | None
    type_label: str
    format_label: str = "Web page"


@dataclass(frozen=True)
class HomeSection:
    """A kind's latest records on the home page (KindRenderer.home_entries), such as
    "Latest news": a heading, a few entries and a link to the rest."""
    title: str
    entries: tuple[Entry, ...]
    more: Link | None = None


@dataclass(frozen=True)
class ItemView:
    """A required publication-scheme item and its compliance status."""
    id: str
    title: str
    legal_basis: str  # the citation
    source: str  # "primary", "secondary" or "good-practice": how sure the citation is
    group: str  # statutory, adopted or recommended
    due_rule: str  # "Each month, within 31 days of its end"
    timing: str  # the words the timing rests on
    timing_source: str  # where those words come from
    timing_confirmed: bool
    late: str  # what is late, in words ("" when nothing is)
    status: str  # published, due-soon, overdue, missing, not-applicable
    status_label: str  # "Published", "Due soon"…
    status_class: str  # GOV.UK tag modifier, e.g. "govuk-tag--green"
    last_updated: DateText | None
    next_due: DateText | None
    links: tuple[Link, ...]
    reason: str | None


# Data-table columns, by the kind of value they hold (templates/README.md, "Tables").
# Key columns (figures, dates, statuses) never wrap and are never hidden off to the
# side on a wide screen; long free text wraps within a readable width.
COLUMN_KINDS = ("number", "date", "status", "long", "text")
KEY_COLUMN_KINDS = frozenset({"number", "date", "status"})


@dataclass(frozen=True)
class Column:
    """One column of a data table: its heading and the kind of value it holds."""
    title: str
    kind: str  # one of COLUMN_KINDS

    @property
    def key(self) -> bool:
        return self.kind in KEY_COLUMN_KINDS

    @property
    def header_class(self) -> str:
        numeric = " govuk-table__header--numeric" if self.kind == "number" else ""
        return f"govuk-table__header{numeric} app-table__header--{self.kind}"

    @property
    def cell_class(self) -> str:
        numeric = " govuk-table__cell--numeric" if self.kind == "number" else ""
        key = " app-table__cell--key" if self.key else ""
        return f"govuk-table__cell{numeric} app-table__cell--{self.kind}{key}"


@dataclass(frozen=True)
class ClassView:
    slug: str
    title: str
    description: str
    href: str
    entries: tuple[Entry, ...]
    items: tuple[ItemView, ...] = ()

    @property
    def entry_count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class SiteView:
    name: str
    short_name: str
    language: str
    home_href: str
    address_lines: tuple[str, ...]
    foi_email: str | None
    phone: str | None
    footer_links: tuple[Link, ...]
    licence_note: str
    brand_colour: str
    guide_href: str
    preview: bool = False  # a preview build (drafts, scheduled pages): never indexed


@dataclass(frozen=True)
class SearchMeta:
    """How a page is indexed by Pagefind: its content type and scheme class (filters)."""
    type: str  # "Page", "Dataset", "FOI response"
    scheme_class: str  # class title, or "" when the page has none


@dataclass(frozen=True)
class PageSpec:
    """What a published page is, before it has a view: its address, title, dates and
    whether the feeds list it. The page's view and its sitemap and feed entries are both
    made from it, so rendering has no side effects."""
    url: str
    title: str
    summary: str
    kind: str  # "page", "home", "dataset", "foi", "class"…: the search type comes from it
    last_updated: date | None
    published: date | None = None
    in_feed: bool = False
    scheme_class: str | None = None
    last_reviewed: date | None = None  # checked without change (`reviewed:`)
    status: str | None = None  # "draft" or "scheduled": not live, so in no sitemap,
    # feed or search index, and shown with a banner (in a preview only)


@dataclass(frozen=True)
class PageView:
    title: str
    summary: str
    href: str
    canonical: str
    breadcrumbs: tuple[Link, ...]
    last_updated: DateText | None
    kind: str
    search: SearchMeta | None = None  # None: not in the search index
    last_reviewed: DateText | None = None  # shown after "Last updated"
    status: StatusBanner | None = None  # a draft or scheduled page, in a preview


@dataclass(frozen=True)
class StatusBanner:
    """Why a page of a preview is not on the public site
    (templates/partials/status-banner.html)."""
    status: str  # "draft" or "scheduled"
    title: str  # "Draft – not published"
    text: str


@dataclass(frozen=True)
class ContentView:
    html: Markup
    toc: tuple[TocLink, ...]
    meta: tuple[MetaRow, ...]
    attachments: tuple[AttachmentLink, ...]
    datasets: tuple[Link, ...]
    tags: tuple[str, ...]
    children: tuple[Entry, ...]
    notice: str | None
    governance: object = None  # a policy's governance block (kinds/policy/view.py), or None


@dataclass(frozen=True)
class GuideView:
    request_href: str | None
    charges: str
    compliance_href: str | None
    archive_href: str | None = None  # /archive/, when any page is superseded


@dataclass(frozen=True)
class ComplianceGroup:
    """The items of one group (the law's, adopted good practice, recommendations), by class."""
    slug: str
    title: str
    summary: str
    counts: tuple[tuple[str, int], ...]  # (status label, number), in STATUSES order
    classes: tuple[ClassView, ...]


@dataclass(frozen=True)
class ComplianceView:
    summary: str  # the law's items: the headline
    groups: tuple[ComplianceGroup, ...]
    today: DateText


def date_text(value: date | None) -> DateText | None:
    if value is None:
        return None
    return DateText(value.isoformat(), f"{value.day} {MONTHS[value.month - 1]} {value.year}")


def status_banner(status: str | None, published: date | None) -> StatusBanner | None:
    """The banner of a page that is not live: a draft, or scheduled for `published`."""
    unseen = "it is not on the public site, and not in search, the sitemap or the feeds."
    if status == "draft":
        return StatusBanner(status, "Draft – not published",
                            f"You are looking at a preview of a draft: {unseen}")
    if status == "scheduled" and published is not None:
        return StatusBanner(status, f"Scheduled – goes live on {date_text(published).text}",
                            f"You are looking at a preview. Until that day {unseen}")
    return None
