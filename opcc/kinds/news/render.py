"""Rendering the news: a page per item, the index (PER_PAGE items a page, newest first),
its Atom feed, the entry on its class's page and the latest items on the home page."""

from __future__ import annotations

from markupsafe import Markup

from opcc.checks.links import output_path
from opcc.kinds.news import views
from opcc.kinds.news.records import FEED_URL, INDEX_URL, NAME, NEWS_CLASS, NewsItem, newest_first
from opcc.render import discovery
from opcc.render.pages import Entry, Link, PageSpec, SiteRenderer, date_text
from opcc.render.views import HomeSection

SAMPLE_NOTICE = "The news on this site is illustrative: the stories are examples, not real."
CONTACT_PAGE = "content/who-we-are/contact.md"


class NewsRenderer:
    def __init__(self, site: SiteRenderer, items: list[NewsItem]):
        self.site = site
        self.items = newest_first(items)
        settings = site.config.kinds.get(NAME, {})
        self.notice = SAMPLE_NOTICE if settings.get("sample") else None

    # -- what it publishes -------------------------------------------------------------

    def item_spec(self, item: NewsItem) -> PageSpec:
        return PageSpec(item.url, item.title, item.summary, NAME, item.last_updated,
                        item.published, True, NEWS_CLASS,
                        status="draft" if item.draft else None)

    def pages(self) -> list[tuple[PageSpec, list[NewsItem]]]:
        """Each page of the index, with the items it lists."""
        count = views.page_count(len(self.items))
        found = []
        for number in range(1, count + 1):
            chosen = self.items[(number - 1) * views.PER_PAGE:number * views.PER_PAGE]
            title = "News" if number == 1 else f"News: page {number} of {count}"
            found.append((PageSpec(views.page_url(INDEX_URL, number), title,
                                   "News and press releases from the office, newest first.",
                                   "news-index", max(i.last_updated for i in chosen)), chosen))
        return found

    def specs(self) -> list[PageSpec]:
        return [*(spec for spec, _ in self.pages()), *(self.item_spec(i) for i in self.items)]

    # -- pages -------------------------------------------------------------------------

    def render_record(self, item: NewsItem) -> bytes:
        return self.site.render_template("news-item.html", item.url,
                                         page=self.site.view(self.item_spec(item)),
                                         news=self.item_view(item))

    def item_view(self, item: NewsItem) -> views.NewsItemView:
        contact = self.site.index.by_source.get(CONTACT_PAGE)
        image = item.image
        return views.NewsItemView(
            type_label=item.type_label, date=date_text(item.date),
            image=views.ImageView(self.site.href(image.attachment.url), image.alt)
            if image else None,
            body_html=Markup(self.site.bodies[item.url].html), tags=item.tags,
            press_contact=item.press_contact,
            contact_href=self.site.href(contact) if contact else None,
            index_href=self.site.href(INDEX_URL), notice=self.notice)

    def index_view(self, number: int, count: int, chosen: list[NewsItem]
                   ) -> views.NewsIndexView:
        return views.NewsIndexView(
            entries=tuple(views.NewsEntry(i.title, self.site.href(i.url), i.summary,
                                          date_text(i.date), i.type_label) for i in chosen),
            pagination=self.pagination(number, count),
            heading=f"Page {number} of {count}" if count > 1 else "",
            feed_href=self.site.href(FEED_URL), notice=self.notice)

    def pagination(self, number: int, count: int) -> views.Pagination:
        def link(n: int) -> str:
            return self.site.href(views.page_url(INDEX_URL, n))
        return views.Pagination(
            number, count,
            Link("Newer news", link(number - 1)) if number > 1 else None,
            Link("Older news", link(number + 1)) if number < count else None,
            tuple(views.PageLink(n, link(n), n == number) for n in range(1, count + 1)))

    def site_pages(self) -> dict:
        pages = self.pages()
        outputs: dict = {}
        for number, (spec, chosen) in enumerate(pages, start=1):
            outputs[output_path(spec.url)] = self.site.render_template(
                "news-index.html", spec.url, page=self.site.view(spec),
                news=self.index_view(number, len(pages), chosen))
        outputs.update(self.feed())
        outputs.update({output_path(a.url): a.source for i in self.items
                        for a in i.attachments})
        return outputs

    def feed(self) -> dict[str, bytes]:
        organisation = self.site.config.organisation
        items = [discovery.Publication(i.title, i.summary, self.site.canonical(i.url),
                                       i.last_updated, i.published, i.type_label)
                 for i in self.items if not i.draft]  # a preview's drafts: in no feed
        return {FEED_URL.lstrip("/"): discovery.atom_feed(
            f"{organisation.short_name}: news", self.site.canonical(FEED_URL),
            self.site.canonical(INDEX_URL), organisation.name, items)}

    # -- elsewhere on the site ---------------------------------------------------------

    def entry(self, item: NewsItem) -> Entry:
        return Entry(item.title, item.summary, self.site.href(item.url), date_text(item.date),
                     item.type_label)

    def class_entries(self) -> list[Entry]:
        latest = date_text(max(i.last_updated for i in self.items))
        return [Entry("News and press releases", "What the office has announced, newest "
                      "first.", self.site.href(INDEX_URL), latest, "Page")]

    def home_entries(self) -> HomeSection:
        return HomeSection("Latest news", tuple(self.entry(i) for i in
                                                self.items[:views.ON_HOME_PAGE]),
                           Link("All news and press releases", self.site.href(INDEX_URL)))
