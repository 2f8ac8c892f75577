"""Rendering stage: site records become template views, and templates become bytes.

Everything a template shows is computed here (see templates/README.md for the
contract); templates only present it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from markupsafe import Markup

from opcc.checks.links import config_url, output_path
from opcc.checks.site_index import DATASETS_URL, GUIDE_URL, NOT_FOUND_URL, SiteIndex, class_url
from opcc.config import SiteConfig
from opcc.datasets import views as dataset_views
from opcc.datasets.descriptors import Dataset
from opcc.datasets.publish import PublishedTable
from opcc.kinds.page_keys import listing_key, review_met
from opcc.kinds.pages import ARCHIVE_URL, CONTENT_DIR, Page, human_size
from opcc.kinds.pages import status as page_status
from opcc.kinds.policy.view import governance_view
from opcc.render import archive, dataset_pages, discovery, specified_information
from opcc.render.markdown import RenderedBody
from opcc.render.search_view import search_view
from opcc.render.templates import (
    TEMPLATES_DIR,
    TemplateFailure,
    make_environment,
    template_diagnostic,
)
from opcc.render.views import (
    AttachmentLink,
    ClassView,
    ComplianceGroup,
    ComplianceView,
    ContentView,
    Entry,
    GuideView,
    HomeSection,
    ItemView,
    Link,
    MetaRow,
    NavLink,
    PageSpec,
    PageView,
    SearchMeta,
    SiteView,
    TocLink,
    date_text,
    status_banner,
)
from opcc.scheme import (
    GROUP_TITLES,
    STATUSES,
    ItemStatus,
    Profile,
    SchemeClass,
    by_group,
    summary_counts,
    summary_sentence,
)

RECENT_COUNT = 6
MIN_TOC_ENTRIES = 3  # shorter pages need no table of contents
FOI_REQUEST_PAGE = "content/services/how-to-make-an-foi-request.md"

Outputs = dict[str, "bytes | Path"]


STATUS_LABELS = {"published": ("Up to date", "govuk-tag--green"),
                 "due-soon": ("Due soon", "govuk-tag--yellow"),
                 "overdue": ("Overdue", "govuk-tag--orange"),
                 "missing": ("Missing", "govuk-tag--red"),
                 "not-applicable": ("Not applicable", "govuk-tag--grey")}
# Good practice an office has not adopted is never "missing": it is not published, by choice.
RECOMMENDED_MISSING = ("Not published", "govuk-tag--purple")
COMPLIANCE_URL = "/publication-scheme/compliance/"
BRAND_CSS_URL = "/static/css/brand.css"
FEED_URL = "/feed.xml"
SEARCH_URL = "/search/"
# generated pages that are the parent of others, for breadcrumbs
GENERATED_SECTIONS = (  # (URL prefix, the section's page, its title); kinds add theirs
    ("/publication-scheme/", "/publication-scheme/", "Guide to information"),
    ("/datasets/", "/datasets/", "Open data"),
)
SEARCHABLE = {"page": "Page", "home": "Page", "dataset": "Dataset"}  # page kind -> search type


class SiteRenderer:
    """Turns the indexed site into output files (path -> bytes or source Path)."""

    def __init__(self, config: SiteConfig, profile: Profile, index: SiteIndex,
                 bodies: dict[str, RenderedBody],
                 tables: dict[str, list[PublishedTable]] | None = None,
                 compliance: list[ItemStatus] | None = None, today: date | None = None,
                 kinds: tuple = (), preview: bool = False):
        self.config = config
        # each registered kind's section (for breadcrumbs) and its records' search type
        self.sections = GENERATED_SECTIONS + tuple(k.section for k in kinds if k.section)
        self.searchable = {**SEARCHABLE, **{k.name: k.search_label for k in kinds}}
        self.profile = profile
        self.index = index
        self.bodies = bodies
        self.tables = tables or {}
        self.compliance = compliance or []
        self.today = today
        self.extra_entries: dict[str, list[Entry]] = {}  # generated pages, by class
        self.home_sections: list[HomeSection] = []  # kinds' latest records (home_entries)
        self.env = make_environment(config.root / TEMPLATES_DIR)
        self.site = SiteView(
            name=config.organisation.name,
            short_name=config.organisation.short_name,
            language=config.language,
            home_href=self.href("/"),
            address_lines=config.organisation.address,
            foi_email=config.organisation.foi_email,
            phone=config.organisation.phone,
            footer_links=tuple(Link(link.title, self.href(config_url(link, index)))
                               for link in config.footer),
            licence_note="All content is available under the Open Government Licence v3.0, "
                         "except where otherwise stated.",
            brand_colour=config.organisation.colour,
            guide_href=self.href(GUIDE_URL),
            preview=preview,
        )
        self.assets = {"css": self.href("/static/css/site.css"),
                       "brand_css": self.href(BRAND_CSS_URL),
                       "feed": self.href(FEED_URL), "search": self.href(SEARCH_URL),
                       "datasets": self.href(DATASETS_URL),
                       "search_js": self.href("/static/js/search.js"),
                       "disclosure_log_js": self.href("/static/js/disclosure-log.js"),
                       "tables_js": self.href("/static/js/tables.js"),
                       "pagefind": self.href("/pagefind/pagefind.js")}

    # -- links and shared pieces ------------------------------------------------------

    def href(self, site_path: str) -> str:
        if "://" in site_path or site_path.startswith(("mailto:", "tel:", "#")):
            return site_path
        return f"{self.config.base_path}{site_path}"

    def canonical(self, site_path: str) -> str:
        return self.config.base_url.rstrip("/") + site_path

    def navigation(self, url: str) -> tuple[NavLink, ...]:
        links = []
        for link in self.config.navigation:
            target = config_url(link, self.index)
            current = url == target or (target != "/" and target.endswith("/")
                                        and url.startswith(target))
            links.append(NavLink(link.title, self.href(target), current))
        specified = specified_information.nav_link(self, url, links)
        return tuple(links + [specified] if specified else links)

    def breadcrumbs(self, url: str) -> tuple[Link, ...]:
        if url == "/":
            return ()
        crumbs = [Link("Home", self.href("/"))]
        for prefix, section_url, title in self.sections:
            if url.startswith(prefix) and url != section_url:
                crumbs.append(Link(title, self.href(section_url)))
        for ancestor in self.index.ancestors(url):
            if ancestor.url != "/":
                crumbs.append(Link(ancestor.title, self.href(ancestor.url)))
        return tuple(crumbs)

    def entry(self, page: Page) -> Entry:
        return Entry(page.title, page.summary, self.href(page.url), date_text(page.last_updated),
                     "Page")

    def dataset_entry(self, dataset: Dataset) -> Entry:
        return Entry(dataset.title, dataset_views.first_sentence(dataset.description),
                     self.href(dataset.url), date_text(dataset.last_updated), "Dataset",
                     "Web page, CSV and JSON")

    def item_view(self, status: ItemStatus) -> ItemView:
        item = status.item
        label, css = STATUS_LABELS[status.status]
        if item.group == "recommended" and status.status == "missing":
            label, css = RECOMMENDED_MISSING
        rule = status.due_rule
        return ItemView(
            id=item.id, title=item.title, legal_basis=str(item.legal_basis),
            source=item.legal_basis.source, group=item.group,
            due_rule=rule, timing=item.timing.words, timing_source=item.timing.source,
            timing_confirmed=item.timing.confirmed, late="; ".join(status.late),
            status=status.status, status_label=label,
            status_class=css, last_updated=date_text(status.last_updated),
            next_due=date_text(status.next_due),
            links=tuple(Link(f.title, self.href(f.url)) for f in status.fulfilled_by),
            reason=status.reason)

    def class_view(self, scheme_class: SchemeClass) -> ClassView:
        # pages with an `order:` first (listing_key), then everything by title
        ordered = [(listing_key(p), self.entry(p))
                   for p in self.index.by_class.get(scheme_class.slug, [])
                   if not archive.is_archived(p)]
        ordered += [((True, 0, d.title.lower()), self.dataset_entry(d))
                    for d in self.index.datasets_by_class.get(scheme_class.slug, [])]
        ordered += [((True, 0, e.title.lower()), e)
                    for e in self.extra_entries.get(scheme_class.slug, [])]
        ordered.sort(key=lambda pair: pair[0])
        entries = [entry for _, entry in ordered]
        items = tuple(self.item_view(s) for s in self.compliance
                      if s.item.scheme_class == scheme_class.slug)
        return ClassView(scheme_class.slug, scheme_class.title, scheme_class.description,
                         self.href(class_url(scheme_class.slug)), tuple(entries), items)

    def view(self, spec: PageSpec) -> PageView:
        """The common view of a page; content, datasets and FOI responses are searchable,
        unless they are not live (a draft or a scheduled page, in a preview)."""
        search = None
        label = self.searchable.get(spec.kind)
        if label and not spec.status:
            found = self.profile.scheme_class(spec.scheme_class)
            search = SearchMeta(label, found.title if found else "")
        return PageView(spec.title, spec.summary, self.href(spec.url), self.canonical(spec.url),
                        self.breadcrumbs(spec.url), date_text(spec.last_updated), spec.kind,
                        search, date_text(spec.last_reviewed),
                        status=status_banner(spec.status, spec.published))

    def publication(self, spec: PageSpec) -> discovery.Publication:
        """A page as the sitemap and the feeds list it."""
        label = self.searchable.get(spec.kind)
        return discovery.Publication(spec.title, spec.summary, self.canonical(spec.url),
                                     spec.last_updated, spec.published,
                                     label if spec.in_feed and label else "")

    # -- what the site publishes ------------------------------------------------------

    def content_spec(self, page: Page) -> PageSpec:
        kind = "home" if page.url == "/" else "page"
        return PageSpec(page.url, page.title, page.summary, kind, page.last_updated,
                        page.published, not page.is_index, page.scheme_class, page.reviewed,
                        status=page_status(page, self.today or date.today()))

    def guide_spec(self) -> PageSpec:
        all_pages = [p for members in self.index.by_class.values() for p in members]
        return PageSpec(GUIDE_URL, "Guide to information", "What we publish under our "
                        "publication scheme, class by class, and how to ask for anything else.",
                        "guide", self.latest(all_pages))

    def class_spec(self, scheme_class: SchemeClass) -> PageSpec:
        return PageSpec(class_url(scheme_class.slug), scheme_class.title,
                        scheme_class.description, "class",
                        self.latest(self.index.by_class[scheme_class.slug]))

    def compliance_spec(self) -> PageSpec:
        latest = max((s.last_updated for s in self.compliance if s.last_updated), default=None)
        return PageSpec(COMPLIANCE_URL, "Publication scheme compliance", "What the law "
                        "requires us to publish, where we publish it, when it was last updated "
                        "and when it is next due.", "compliance", latest)

    def search_spec(self) -> PageSpec:
        return PageSpec(SEARCH_URL, "Search", "Search everything this office publishes: "
                        "pages, datasets and FOI responses.", "search", None)

    def specs(self) -> list[PageSpec]:
        """Every page this renderer writes that the sitemap lists (all but the 404 page)."""
        found = [archive.page_spec(self, page) if archive.is_archived(page)
                 else self.content_spec(page) for page in self.index.pages]
        found += archive.specs(self)
        found += [self.guide_spec(), *(self.class_spec(c) for c in self.profile.classes)]
        if self.config.scheme.compliance_page:
            found.append(self.compliance_spec())
        found += specified_information.specs(self)
        found += dataset_pages.specs(self)
        found.append(self.search_spec())
        return found

    def render_template(self, name: str, url: str, **context) -> bytes:
        try:
            template = self.env.get_template(name)
            html = template.render(site=self.site, assets=self.assets,
                                   navigation=self.navigation(url), **context)
        except Exception as exc:  # any template failure becomes one diagnostic
            raise TemplateFailure(template_diagnostic(exc, name, self.config.root)) from exc
        return html.encode("utf-8")

    # -- pages ----------------------------------------------------------------------

    def content_view(self, page: Page) -> ContentView:
        body = self.bodies[page.url]
        meta = []
        if page.scheme_class:
            scheme_class = self.profile.scheme_class(page.scheme_class)
            meta.append(MetaRow("Publication scheme class", scheme_class.title,
                                self.href(class_url(scheme_class.slug))))
        if page.published:
            meta.append(MetaRow("First published", date_text(page.published).text))
        if page.updated:
            meta.append(MetaRow("Last updated", date_text(page.updated).text))
        if page.governance is None:  # a policy's governance block shows them itself
            meta += self.upkeep_meta(page)
        return ContentView(
            html=Markup(body.html),
            toc=tuple(TocLink(entry.level, entry.title, f"#{entry.anchor}")
                      for entry in body.toc) if len(body.toc) >= MIN_TOC_ENTRIES else (),
            meta=tuple(meta),
            attachments=tuple(AttachmentLink(a.title, self.href(a.url), a.type_label,
                                             human_size(a.size), a.file)
                              for a in page.attachments),
            datasets=tuple(Link(self.index.datasets[name].title, self.href(f"/datasets/{name}/"))
                           for name in page.datasets if name in self.index.datasets),
            tags=page.tags,
            children=tuple(self.entry(child) for child in self.index.children(page)),
            notice=None,
            governance=governance_view(page, self.index.by_source, self.href),
        )

    @staticmethod
    def upkeep_meta(page: Page) -> list[MetaRow]:
        """When the page was last reviewed, when it is next due, and its owner."""
        meta = []
        if page.reviewed:
            meta.append(MetaRow("Last reviewed", date_text(page.reviewed).text))
        if page.review and not review_met(page):
            meta.append(MetaRow("Next review due", date_text(page.review).text))
        if page.owner:
            meta.append(MetaRow("Owner", page.owner))
        return meta

    def recent(self) -> tuple[Entry, ...]:
        dated = [(p.last_updated, p.title, self.entry(p)) for p in self.index.pages
                 if not p.is_index and p.last_updated and not archive.is_archived(p)]
        dated += [(d.last_updated, d.title, self.dataset_entry(d))
                  for d in self.index.datasets.values() if d.last_updated]
        dated.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return tuple(entry for _, _, entry in dated[:RECENT_COUNT])

    def latest(self, pages: list[Page]) -> date | None:
        dates = [p.last_updated for p in pages if p.last_updated]
        return max(dates) if dates else None

    def render_page(self, page: Page) -> bytes:
        """One content page other than the home page: it shows only itself and its
        neighbours in the index, so pages can be rendered apart (see parallel.py)."""
        if archive.is_archived(page):
            return archive.render_archived(self, page)
        view = self.view(self.content_spec(page))
        return self.render_template("page.html", page.url, page=view,
                                    content=self.content_view(page))

    def render_site_pages(self) -> Outputs:
        """The home page and every page the generator writes from the whole site."""
        outputs: Outputs = {}
        classes = [self.class_view(c) for c in self.profile.classes]
        home = self.index.by_url.get("/")
        if home is not None:
            view = self.view(self.content_spec(home))
            outputs[output_path("/")] = self.render_template(
                "home.html", "/", page=view, content=self.content_view(home),
                classes=classes, recent=self.recent(), sections=self.home_sections)
        request_url = self.index.by_source.get(FOI_REQUEST_PAGE)
        compliance_on = self.config.scheme.compliance_page
        guide = GuideView(
            request_href=self.href(request_url) if request_url in self.index.by_url else None,
            charges="Information in this guide is free to view and download. We may charge "
                    "only for printing and posting paper copies, and will tell you the cost "
                    "before we do.",
            compliance_href=self.href(COMPLIANCE_URL) if compliance_on else None,
            archive_href=self.href(ARCHIVE_URL) if archive.index_spec(self) else None)
        outputs[output_path(GUIDE_URL)] = self.render_template(
            "guide.html", GUIDE_URL, page=self.view(self.guide_spec()), classes=classes,
            guide=guide, specified_href=self.href(specified_information.SPECIFIED_URL)
            if specified_information.published(self) else None)
        for scheme_class, view in zip(self.profile.classes, classes):
            url = class_url(scheme_class.slug)
            outputs[output_path(url)] = self.render_template(
                "class.html", url,
                page=self.view(self.class_spec(scheme_class)), scheme_class=view)
        if compliance_on:
            outputs[output_path(COMPLIANCE_URL)] = self.render_compliance(classes)
        outputs.update(specified_information.render(
            self, self.href(COMPLIANCE_URL) if compliance_on else None))
        outputs.update(self.render_datasets())
        outputs.update(archive.render_archive(self))
        outputs[NOT_FOUND_URL.lstrip("/")] = self.render_template(
            "404.html", NOT_FOUND_URL,
            page=self.view(PageSpec(NOT_FOUND_URL, "Page not found", "", "not-found", None)))
        outputs[output_path(SEARCH_URL)] = self.render_template(
            "search.html", SEARCH_URL,
            page=self.view(self.search_spec()), search=search_view(self, request_url))
        return outputs

    def discovery_files(self, specs: list[PageSpec]) -> Outputs:
        """The sitemap and the site's feed, computed from the specs of every page the site
        publishes (this renderer's and each kind's), and the brand CSS and robots.txt."""
        organisation = self.config.organisation
        published = [(spec, self.publication(spec)) for spec in specs if not spec.status]
        feed_items = [item for _, item in published if item.category]
        # a page that tells search engines `noindex` is not offered to them in the sitemap
        indexable = [item for spec, item in published if spec.kind != archive.KIND]
        return {
            BRAND_CSS_URL.lstrip("/"): f":root{{--govuk-brand-colour:{organisation.colour}}}\n"
                                       .encode("utf-8"),
            "sitemap.xml": discovery.sitemap_xml(indexable),
            "robots.txt": discovery.robots_txt(self.config.base_url, self.site.preview),
            FEED_URL.lstrip("/"): discovery.atom_feed(
                f"{organisation.short_name}: new and updated publications",
                self.canonical(FEED_URL), self.config.base_url, organisation.name, feed_items),
        }


    def render_compliance(self, classes: list[ClassView]) -> bytes:
        groups = by_group(self.compliance)
        view = ComplianceView(
            summary=summary_sentence(groups["statutory"]),
            groups=tuple(self.compliance_group(slug, members, classes)
                         for slug, members in groups.items() if members),
            today=date_text(self.today or date.today()))
        return self.render_template("compliance.html", COMPLIANCE_URL,
                                    page=self.view(self.compliance_spec()), compliance=view)

    def compliance_group(self, slug: str, members: list[ItemStatus],
                         classes: list[ClassView]) -> ComplianceGroup:
        counts = summary_counts(members)
        ids = {s.item.id for s in members}
        return ComplianceGroup(
            slug=slug, title=GROUP_TITLES[slug], summary=summary_sentence(members),
            counts=tuple((STATUS_LABELS[s][0], counts[s]) for s in STATUSES if counts[s]),
            classes=tuple(replace(c, items=tuple(i for i in c.items if i.id in ids))
                          for c in classes if any(i.id in ids for i in c.items)))

    def render_datasets(self) -> Outputs:
        return dataset_pages.render_datasets(self)


def attachment_outputs(pages: list[Page]) -> Outputs:
    return {output_path(a.url): a.source for page in pages for a in page.attachments}


def page_files(page: Page, body: RenderedBody, root: Path) -> Outputs:
    """Content files (not pages) that a page's body links to, which are published too."""
    content = (root / CONTENT_DIR).resolve()
    files: Outputs = {}
    for link in body.links:
        if link.external or not link.source_file or link.source_file.endswith(".md"):
            continue
        source = (root / link.source_file).resolve()
        if source.is_file() and source.is_relative_to(content):
            files[output_path(link.target)] = source
    return files


def static_outputs(root: Path, static_names: list[str]) -> Outputs:
    static = root / TEMPLATES_DIR / "static"
    return {f"static/{name}": static / name for name in static_names}
