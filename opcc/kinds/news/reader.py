"""News stage: read and check content/news/YEAR/SLUG.md (no HTML).

The files are read the way every kind's are (kinds/common/reading.py); this module checks
what a news item's keys must say: its date not in the future (unless a draft), its year
folder, a short summary, an image with real alt text beside the record, and a press
contact that is a role, never a person.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath

from opcc.diagnostics import Diagnostic
from opcc.kinds.base import ReadContext
from opcc.kinds.common.reading import (
    RecordFile,
    find_record_files,
    load_records,
    read_attachment,
    read_record_file,
)
from opcc.kinds.news.records import (
    FOLDER,
    IMAGE_SUFFIXES,
    NEWS_SCHEMA,
    RECORDS,
    SUMMARY_LIMIT,
    NewsImage,
    NewsItem,
    newest_first,
)
from opcc.redaction import find_emails, find_phones
from opcc.redaction.inspectors.inspection import looks_like_person

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# words that make a contact a role ("Head of Communications"), not a person
ROLE_WORDS = frozenset({"communications", "press", "media", "office", "team", "desk", "head",
                        "manager", "officer", "lead", "director", "executive", "chief",
                        "commissioner", "adviser", "advisor", "engagement", "news", "unit"})


def read(context: ReadContext) -> tuple[list[NewsItem], list[Diagnostic]]:
    """The published news items, newest first, and every problem found."""
    paths = find_record_files(context.root, FOLDER, RECORDS)
    items, found = load_records(paths, lambda path: read_item(context.root, path,
                                                              context.today),
                                context.include_drafts, lambda item: item.url, "news item")
    return newest_first(items), found


def read_item(root: Path, source: Path, today: date,
              text: str | None = None) -> tuple[NewsItem | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    record = read_record_file(root, source, NEWS_SCHEMA, diagnostics, text)
    if record is None:
        return None, diagnostics
    return validate(root, record, today), diagnostics


def validate(root: Path, record: RecordFile, today: date) -> NewsItem | None:
    front = record.front
    title = front.value("title")
    day = front.value("date")
    summary = check_summary(record)
    kind = front.value("type")
    image = read_image(root, record)
    tags = front.value("tags")
    contact = check_press_contact(record)
    draft = front.value("draft") is True
    slug = PurePosixPath(record.relative).stem
    check_place(record, slug, day)
    if day and day > today and not draft:
        front.report("news.future", f"the item is dated {day.isoformat()}, after today "
                     f"({today.isoformat()})", "give the day it is published, or keep it "
                     "a draft (draft: true) until then", ("date",))
    if not record.body.strip():
        front.report("news.body", "the news item has no text", "write the story below the "
                     "front matter", line=record.body_line)
    if any(d.severity == "error" for d in front.diagnostics) or None in (title, day, summary):
        return None
    return NewsItem(
        source=record.relative, url=f"/{FOLDER}/{day.year}/{slug}/", slug=slug, title=title,
        date=day, summary=summary, type=kind, image=image, tags=tags, press_contact=contact,
        body=record.body, body_line=record.body_line, draft=draft,
        key_lines=front.key_lines)


def check_place(record: RecordFile, slug: str, day: date | None) -> None:
    """content/news/YEAR/SLUG.md: the year of its date, a slug fit for an address."""
    front = record.front
    year = PurePosixPath(record.relative).parent.name
    if not SLUG.fullmatch(slug):
        front.report("news.slug", f"the file name '{slug}.md' is not a web address slug",
                     "name the file with lowercase letters, digits and hyphens, e.g. "
                     "precept-set.md", line=1)
    if day and year != str(day.year):
        front.report("news.year", f"the item is dated {day.isoformat()} but is in the "
                     f"{year} folder", f"move it to content/{FOLDER}/{day.year}/{slug}.md, or "
                     "correct the date", ("date",))


def check_summary(record: RecordFile) -> str | None:
    summary = record.front.value("summary")
    if summary and len(summary) > SUMMARY_LIMIT:
        record.front.report("news.summary", f"the summary is {len(summary)} characters; "
                            f"at most {SUMMARY_LIMIT}", "keep it to one or two sentences: "
                            "the story itself goes in the body", ("summary",))
        return None
    return summary


def read_image(root: Path, record: RecordFile) -> NewsImage | None:
    """`image: {file, alt}`: a PNG, JPEG or SVG beside the record, with alt text that says
    what it shows (not its file name)."""
    image = record.front.value("image")
    if image is None:
        return None
    image.check_keys()
    name, alt = image.value("file"), image.value("alt")
    if name is None or alt is None:
        return None
    if PurePosixPath(name).suffix.lower() not in IMAGE_SUFFIXES:
        image.report("news.image-type", f"'{name}' is not a PNG, JPEG or SVG image",
                     "publish the picture as .png, .jpg or .svg", ("file",))
        return None
    if is_file_name(alt, name):
        image.report("news.image-alt", f"the alt text '{alt}' is the file name",
                     "say what the picture shows, e.g. 'The commissioner with volunteers "
                     "at the new custody suite'", ("alt",))
        return None
    attachment = read_attachment(root, record, ("image",), {"file": name, "title": alt})
    return NewsImage(alt, attachment) if attachment else None


def is_file_name(alt: str, name: str) -> bool:
    squashed = re.sub(r"[^a-z0-9]", "", alt.lower())
    stem = PurePosixPath(name).stem.lower()
    return squashed in {re.sub(r"[^a-z0-9]", "", stem), re.sub(r"[^a-z0-9]", "", name.lower())} \
        or bool(re.fullmatch(r"(img|image|dsc|photo|pic)?[_ -]?\d+(\.\w+)?", alt.lower()))


def check_press_contact(record: RecordFile) -> str | None:
    """A role such as 'Communications team': an email, a phone number or what looks like a
    person's name is an error (the redaction detectors find the first two)."""
    contact = record.front.value("press_contact")
    if contact is None:
        return None
    what = person_detail(contact)
    if what:
        record.front.report("news.press-contact", f"the press contact '{contact}' looks like "
                            f"{what}", "name the role that answers the press, e.g. "
                            "'Communications team'; the contact details of the office are in "
                            "the site's footer", ("press_contact",))
        return None
    return contact


def person_detail(text: str) -> str | None:
    if next(find_emails(text), None):
        return "an email address"
    if next(find_phones(text), None):
        return "a phone number"
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", text)}
    if looks_like_person(text) and not words & ROLE_WORDS:
        return "a person's name"
    return None
