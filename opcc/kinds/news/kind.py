"""News and press releases as a registered kind: content/news/YEAR/SLUG.md, a page per
item, the news index (paginated), its Atom feed, the home page's latest items; each item
joins the site's main feed. News is not an item of the publication scheme: it fulfils
nothing, and is listed in the class "Who we are and what we do"."""

from __future__ import annotations

from opcc.config import Option
from opcc.kinds.base import Kind
from opcc.kinds.news import reader
from opcc.kinds.news.records import FOLDER, INDEX_URL, NAME, NEWS_CLASS, RECORDS, NewsItem
from opcc.kinds.news.render import NewsRenderer

SETTINGS = {
    "sample": Option("the news items are illustrative examples (a notice says so)", bool,
                     default=False),
}

NEWS = Kind(name=NAME, folder=FOLDER, scheme_class=NEWS_CLASS, record_type=NewsItem,
            read=reader.read, renderer=NewsRenderer, search_label="News",
            section=(INDEX_URL, INDEX_URL, "News"), records=RECORDS, settings=SETTINGS,
            settings_help="news settings")
