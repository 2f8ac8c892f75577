"""Consultations stage: read and check content/consultations/SLUG.md (no HTML).

The files are read the way every kind's are (kinds/common/reading.py); this module checks
what a consultation's keys say together: it closes after it opens; each way to respond is
a link (https: or mailto:) or a postal address, since the site has no forms; results come
only after it closes, with the date they were published; the decisions it informed are
pages of the site; and, as a warning, results not published weeks after it closed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from opcc.diagnostics import Diagnostic, suggestion, warning
from opcc.kinds.base import ReadContext
from opcc.kinds.common.reading import (
    RecordFile,
    find_record_files,
    load_records,
    read_attachments,
    read_record_file,
)
from opcc.kinds.consultations.records import (
    DEFAULT_RESULTS_WEEKS,
    FOLDER,
    NAME,
    RECORDS,
    RESULTS_HEADING,
    SCHEMA,
    WHAT_WE_DID_HEADING,
    Consultation,
    DecisionLink,
    Route,
)
from opcc.kinds.pages import CONTENT_DIR
from opcc.source.front_matter import split_front_matter

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
ROUTE_KEYS = ("title", "url", "address")


def read(context: ReadContext) -> tuple[list[Consultation], list[Diagnostic]]:
    """The published consultations and every problem found."""
    weeks = context.config.kinds.get(NAME, {}).get("results_weeks") or DEFAULT_RESULTS_WEEKS
    paths = find_record_files(context.root, FOLDER, RECORDS)
    return load_records(paths, lambda path: read_consultation(
        context.root, path, context.today, weeks), context.include_drafts,
        lambda consultation: consultation.url, "consultation")


def read_consultation(root: Path, source: Path, today: date,
                      results_weeks: int = DEFAULT_RESULTS_WEEKS, text: str | None = None
                      ) -> tuple[Consultation | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    record = read_record_file(root, source, SCHEMA, diagnostics, text)
    if record is None:
        return None, diagnostics
    return validate(root, record, today, results_weeks), diagnostics


def validate(root: Path, record: RecordFile, today: date,
             results_weeks: int) -> Consultation | None:
    front = record.front
    title, summary = front.value("title"), front.value("summary")
    opens, closes = front.value("opens"), front.value("closes")
    routes = read_routes(record)
    results = read_attachments(root, record, "results")
    published = front.value("results_published")
    decisions = read_decisions(root, record)
    slug = PurePosixPath(record.relative).stem
    if not SLUG.fullmatch(slug):
        front.report("consultations.slug", f"the file name '{slug}.md' is not a web "
                     "address slug", "name the file with lowercase letters, digits and "
                     "hyphens, e.g. precept-2027-28.md", line=1)
    if not record.body.strip():
        front.report("consultations.body", "the consultation has no text", "say what the "
                     "consultation is about and what will happen to the responses",
                     line=record.body_line)
    sections = headings(record)
    if opens and closes:
        if closes <= opens:
            front.report("consultations.dates", f"it closes ({closes.isoformat()}) before "
                         f"or on the day it opens ({opens.isoformat()})", "check the dates: "
                         "'closes' is the last day to respond, after 'opens'", ("closes",))
        else:
            check_results(record, sections, bool(results), published, closes, today,
                          results_weeks)
    if any(d.severity == "error" for d in front.diagnostics) or \
            None in (title, summary, opens, closes) or not routes:
        return None
    return Consultation(
        source=record.relative, url=f"/{FOLDER}/{slug}/", slug=slug, title=title,
        summary=summary, opens=opens, closes=closes, respond=routes, results=results,
        results_published=published, decisions=decisions,
        has_results_section=RESULTS_HEADING in sections,
        has_what_we_did=WHAT_WE_DID_HEADING in sections, body=record.body,
        body_line=record.body_line, draft=front.value("draft") is True,
        key_lines=front.key_lines)


def headings(record: RecordFile) -> dict[str, int]:
    """Each '## Heading' of the body, lower-cased, and its line in the file."""
    found = {}
    for offset, line in enumerate(record.body.split("\n")):
        match = HEADING.match(line)
        if match:
            found.setdefault(match[1].strip().lower(), record.body_line + offset)
    return found


# -- how to respond

def read_routes(record: RecordFile) -> tuple[Route, ...]:
    value = record.front.value("respond")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        record.front.report("consultations.respond", "'respond' should be a list of the "
                            "ways to respond", "write each as '- {title: Email us, url: "
                            "\"mailto:consult@example.org\"}' or '- {title: Write to us, "
                            "address: [line, line]}'", ("respond",))
        return ()
    found = [read_route(record, index, item) for index, item in enumerate(value)]
    return tuple(route for route in found if route) if all(found) else ()


def read_route(record: RecordFile, index: int, item: Any) -> Route | None:
    front, where = record.front, ("respond", index)
    if not isinstance(item, dict) or not item.get("title") or \
            ("url" in item) == ("address" in item):
        front.report("consultations.respond", f"way to respond {index + 1} needs a 'title' "
                     "and either a 'url' or an 'address'", "the site has no forms: give a "
                     "link (https: or mailto:) or a postal address", where)
        return None
    for extra in sorted(set(item) - set(ROUTE_KEYS)):
        front.report("consultations.respond", f"unknown key '{extra}' in way to respond "
                     f"{index + 1}{suggestion(str(extra), list(ROUTE_KEYS))}",
                     "a way to respond has 'title' and 'url', or 'title' and 'address'",
                     where)
        return None
    title = " ".join(str(item["title"]).split())
    if "url" in item:
        url = str(item["url"] or "").strip()
        if not is_response_link(url):
            front.report("consultations.respond-url", f"'{url}' is not an https: or mailto: "
                         "link", "link to a secure page (https://…) or an email address "
                         "(mailto:…)", where + ("url",))
            return None
        return Route(title, url=url)
    lines = item["address"]
    if not isinstance(lines, list) or not lines or \
            not all(isinstance(line, str) and line.strip() for line in lines):
        front.report("consultations.respond", f"the address of way to respond {index + 1} "
                     "should be a list of lines", "write it as 'address: [Northshire OPCC, "
                     "1 Castle Street, Northtown]'", where + ("address",))
        return None
    return Route(title, address=tuple(" ".join(line.split()) for line in lines))


def is_response_link(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return "@" in parts.path
    return parts.scheme == "https" and bool(parts.netloc)


# -- results

def check_results(record: RecordFile, sections: dict[str, int], attached: bool,
                  published: date | None, closes: date, today: date, weeks: int) -> None:
    front = record.front
    has_results = RESULTS_HEADING in sections or attached
    where_results = (("results",) if attached else None)
    line = None if attached else sections.get(RESULTS_HEADING)
    if has_results and today <= closes:
        front.report("consultations.results", "the consultation has results but is still "
                     f"open (it closes on {closes.isoformat()})", "publish the results "
                     "after it closes", where_results, line=line)
    elif has_results and published is None:
        front.report("consultations.results", "the results have no publication date",
                     "add 'results_published: YYYY-MM-DD', the day the results were "
                     "published", where_results, line=line)
    elif published and not has_results:
        front.report("consultations.results", "'results_published' is given, but there "
                     "are no results", "add a '## Results' section or a results "
                     "attachment, or remove 'results_published'", ("results_published",))
    if published and (published < closes or published > today):
        front.report("consultations.results-date", f"the results are dated "
                     f"{published.isoformat()}, " + ("before the consultation closed"
                     if published < closes else f"after today ({today.isoformat()})"),
                     "give the day the results were published", ("results_published",))
    if has_results and WHAT_WE_DID_HEADING not in sections and today > closes:
        front.report("consultations.what-we-did", "the results do not say what was done "
                     "about them", "add a '## What we did' section: what changed because "
                     "of the responses, or why nothing did", line=line,
                     where=where_results, severity=warning)
    due = closes + timedelta(weeks=weeks)
    if not has_results and today > due:
        front.report("consultations.results-overdue", f"the consultation closed on "
                     f"{closes.day} {closes:%B} {closes.year} and its results are not "
                     f"published {weeks} weeks later (they were due by {due.isoformat()})",
                     "publish the results in a '## Results' section, with what was done "
                     "about them", ("closes",), severity=warning)


# -- the decisions it informed

def read_decisions(root: Path, record: RecordFile) -> tuple[DecisionLink, ...]:
    """Each address must be a published page or record of the site (its file is found in
    content/, and is not a draft); the link's text is its title."""
    found = []
    for index, url in enumerate(record.front.value("decisions") or ()):
        target = content_file(root, url)
        title = published_title(target) if target else None
        if title is None:  # no such page, or a draft
            record.front.report(
                "consultations.decision", f"the decision '{url}' is not published on this "
                "site", "give the address of a published decision, e.g. "
                "/decisions/2026/OPCC-2026-004/", ("decisions", index))
            continue
        found.append(DecisionLink(title or url, site_address(url)))
    return tuple(found)


def site_address(url: str) -> str:
    """/decisions/2026/OPCC-2026-004 -> /decisions/2026/OPCC-2026-004/ (a fragment kept)."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def content_file(root: Path, url: str) -> Path | None:
    """The markdown file of the site address `url` (/a/b/: content/a/b.md or
    content/a/b/index.md), or None."""
    path = urlsplit(url).path
    if not url.startswith("/") or ".." in path.split("/") or path.strip("/") == "":
        return None
    base = root / CONTENT_DIR / path.strip("/")
    for candidate in (base.with_name(base.name + ".md"), base / "index.md"):
        if candidate.is_file():
            return candidate
    return None


def published_title(source: Path) -> str | None:
    """The title in a file's front matter ("" when it has none, such as a meeting's), or
    None for a draft or a file whose front matter cannot be read."""
    parts = split_front_matter(source.read_text("utf-8", errors="replace")
                               .replace("\r\n", "\n"))
    try:
        front = yaml.safe_load(parts[0]) if parts else None
    except yaml.YAMLError:
        return None
    if not isinstance(front, dict) or front.get("draft") is True:
        return None
    return " ".join(str(front.get("title") or "").split())
