"""News records: what the news index is made of (no HTML).

One markdown file per item, `content/news/YEAR/SLUG.md` (YEAR is the year of its date),
published at /news/YEAR/SLUG/. The front matter is declared in NEWS_SCHEMA; what the keys
must say together is checked in reader.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opcc.kinds.pages import Attachment
from opcc.source.front_matter import FrontMatterSchema, Key, Wording

NAME = "news"
FOLDER = "news"
RECORDS = "[0-9][0-9][0-9][0-9]/*.md"  # content/news/index.md, if any, stays a page
# News is not an item of any publication scheme; the class that says what the office
# does ("Who we are and what we do") is where its listing belongs.
NEWS_CLASS = "who-we-are"
INDEX_URL = "/news/"
FEED_URL = "/news/feed.xml"
SUMMARY_LIMIT = 300  # characters: a listing's line, and the feed entry's summary

TYPES = ("news", "press-release")
TYPE_LABELS = {"news": "News", "press-release": "Press release"}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")

IMAGE_SCHEMA = FrontMatterSchema(
    family="news",
    keys=(
        Key("file", "the image file, beside the record (PNG, JPEG or SVG)", required=True,
            example="photo.png"),
        Key("alt", "what the image shows, for people who cannot see it", required=True,
            example="The commissioner opening the new custody suite"),
    ),
    wording=Wording(noun="image", key_line="file: photo.png"),
)

NEWS_SCHEMA = FrontMatterSchema(
    family="news",
    keys=(
        Key("title", "the headline", required=True, example="Commissioner sets the precept"),
        Key("date", "ISO date the item was published (YYYY-MM-DD)", (date,), required=True,
            example="2026-02-06"),
        Key("summary", f"one or two sentences for listings and feeds, at most "
            f"{SUMMARY_LIMIT} characters", required=True,
            example="The commissioner has set the policing part of the council tax."),
        Key("type", "news (the default) or press-release", default="news", choices=TYPES,
            code="news.item-type"),
        Key("image", "{file: photo.png, alt: what it shows}: a picture beside the record",
            (dict,), keys=IMAGE_SCHEMA, example="{file: photo.png, alt: What it shows}"),
        Key("tags", "list of topics, e.g. [precept, victims]", (list,)),
        Key("press_contact", "the role that answers the press, e.g. Communications team "
            "(never a person's name, email or phone)", example="Communications team"),
        Key("draft", "true: never published", (bool,), default=False),
    ),
    wording=Wording(noun="news item", key_line="title: Commissioner sets the precept",
                    date_example="2026-02-06"),
    elsewhere={"published": "a news item is published on its 'date'",
                "class": f"every news item belongs to the class '{NEWS_CLASS}'",
                "topics": "news items use 'tags:'"},
)


@dataclass(frozen=True)
class NewsImage:
    alt: str
    attachment: Attachment  # the file, published beside the item and checked by the gate


@dataclass(frozen=True)
class NewsItem:
    source: str  # content/news/2026/precept-set.md
    url: str  # /news/2026/precept-set/
    slug: str
    title: str
    date: date
    summary: str
    type: str  # one of TYPES
    image: NewsImage | None
    tags: tuple[str, ...]
    press_contact: str | None
    body: str
    body_line: int
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        return (self.image.attachment,) if self.image else ()

    @property
    def published(self) -> date:
        return self.date

    @property
    def last_updated(self) -> date:
        return self.date

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    @property
    def scheme_class(self) -> str:
        return NEWS_CLASS


def newest_first(items) -> list[NewsItem]:
    return sorted(items, key=lambda item: (item.date, item.slug), reverse=True)
