"""Loading stage: `content/**/*.md` files become validated `Page` records.

Front matter is read with positions (source/front_matter.py, against PAGE_SCHEMA) so
that every diagnostic names the real line and column in the file (the opening `---` is
line 1).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from opcc.build import parallel
from opcc.config import Limits, load_limits
from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds import page_keys, record_keys
from opcc.kinds.policy import governance as policy
from opcc.scheme.model import Publication
from opcc.source import placeholders
from opcc.source.front_matter import (
    FrontMatter,
    FrontMatterSchema,
    Key,
    Wording,
    at_start,
    read_front_matter,
    split_block,
    split_front_matter,  # noqa: F401  (kinds that read their own files import it from here)
)
from opcc.source.text_file import decode_text_file, first_control_character

CONTENT_DIR = "content"
ARCHIVE_URL = "/archive/"  # superseded pages are published under it (render/archive.py)
FOI_DIR = "foi"  # content/foi/ holds FOI records, read by the FOI stage, not as pages
MAX_SUMMARY_LENGTH = 300

PAGE_SCHEMA = FrontMatterSchema(
    family="content",
    keys=(
        Key("title", "the page title", required=True),
        Key("summary", "one sentence used in listings, search results and the meta "
            "description", required=True, default=""),
        Key("class", "the publication-scheme class slug", required=True),
        Key("item", "the id (or a list of ids) of the required scheme items this page fulfils",
            (str, list)),
        Key("published", "ISO date first published (YYYY-MM-DD)", (date,), required=True),
        Key("updated", "ISO date of the last substantive change", (date,)),
        Key("review", "ISO date by which the page must be reviewed", (date,)),
        Key("reviewed", "ISO date the page was last checked without changing; clears the "
            "review warning", (date,)),
        Key("owner", "the role accountable for the page"),
        Key("attachments", "list of {file, title} beside the page", (object,)),
        Key("datasets", "dataset names to link from this page", (list,)),
        Key("tags", "list of topics", (list,)),
        Key("draft", "true: never published", (bool,), default=False),
        Key("order", "a whole number: the page's position in its section and class "
            "listings (lowest first; pages without one follow)", (object,)),
        Key("redirect_from", "old site paths that now lead here, e.g. [foi/how-to-ask/]",
            (str, list)),
        Key("redaction", "exceptions to the personal-data check, each {value, pattern or "
            "code, reason}", (object,)),
        Key("events", "events this page records, which start duties: {hmicfrs-report: "
            "2026-10-22}", (object,)),
        Key("publication", "how long the page stays published: {min_years, max_years, "
            "on_expiry}", (object,)),
        Key("record_type", "the retention schedule's row for the files behind this page"),
        Key("hold", "a legal hold: {reason, until}; never unpublished before then",
            (object,)),
        Key("superseded", "replaced by a newer page: {on: DATE, by: its URL}; the page "
            "moves to the archive", (object,)),
        Key("governance", "a policy's governance facts: {version, status, author, owner, "
            "created, ratified, last_reviewed, equality_impact_assessed, next_review, "
            "applies_to, related, versions}", (dict,), keys=policy.GOVERNANCE_SCHEMA,
            example="{version: \"1.0\", status: draft, author: ROLE, owner: ROLE, ...}"),
    ),
    wording=Wording(noun="page", key_line="title: Our budget", text_example="Our budget",
                    date_example="2024-04-30"),
)
# an index page (a folder's page) needs only a title
INDEX_PAGE_SCHEMA = PAGE_SCHEMA.changed("summary", "class", "published", required=False)
FRONT_MATTER_KEYS: dict[str, str] = PAGE_SCHEMA.descriptions  # key -> help shown in hints

_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


FILE_TYPES = {
    ".pdf": "PDF", ".csv": "CSV", ".json": "JSON", ".txt": "Plain text",
    ".docx": "MS Word Document", ".doc": "MS Word Document",
    ".xlsx": "MS Excel Spreadsheet", ".xls": "MS Excel Spreadsheet",
    ".odt": "OpenDocument Text", ".ods": "OpenDocument Spreadsheet",
    ".pptx": "MS PowerPoint Presentation", ".png": "PNG image", ".jpg": "JPEG image",
    ".jpeg": "JPEG image", ".svg": "SVG image", ".zip": "ZIP archive", ".xml": "XML",
}


@dataclass(frozen=True)
class Attachment:
    file: str  # as written, relative to the page's folder
    title: str
    source: Path  # absolute path on disk
    url: str  # site path, e.g. /priorities/plan-summary.pdf
    size: int
    type_label: str
    line: int | None = None


@dataclass(frozen=True)
class Page:
    source: str  # posix path relative to the site root, e.g. content/who-we-are/index.md
    url: str  # site path, e.g. /who-we-are/
    title: str
    summary: str
    scheme_class: str | None
    items: tuple[str, ...]  # scheme items this page fulfils (`item:` in front matter)
    published: date | None
    updated: date | None
    review: date | None
    owner: str | None
    attachments: tuple[Attachment, ...]
    datasets: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    body: str
    body_line: int  # the file line on which the markdown body starts
    is_index: bool
    redaction: object = None  # this page's exceptions to the redaction gate, as written
    reviewed: date | None = None  # last checked without changing (`reviewed:`)
    order: int | None = None  # position in section and class listings (`order:`)
    redirect_from: tuple[page_keys.OldPath, ...] = ()  # old addresses that lead here
    events: tuple[tuple[str, date], ...] = ()  # (event name, date) that start duties
    publication: Publication | None = None  # its own publication periods
    record_type: str | None = None  # the retention schedule's row for its files
    hold: record_keys.Hold | None = None
    superseded: record_keys.Superseded | None = None
    governance: policy.Governance | None = None  # a policy's governance block
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def last_updated(self) -> date | None:
        return self.updated or self.published

    @property
    def front_matter_links(self) -> tuple[tuple[str, int | None, int | None], ...]:
        """Links written in the front matter (a policy's related documents), as (url, line,
        column): the link checker follows them as it follows the body's."""
        if self.governance is None:
            return ()
        return tuple((d.url, d.line, d.column) for d in self.governance.related)

    @property
    def folder_url(self) -> str:
        """The site folder the source file sits in (/priorities/ for priorities/plan.md);
        for a superseded page, its folder in the archive (/archive/priorities/)."""
        if self.superseded is not None:
            return self.url.rsplit("/", 2)[0] + "/"
        parent = PurePosixPath(self.source).parent.relative_to(CONTENT_DIR)
        return "/" if str(parent) == "." else f"/{parent}/"


@dataclass
class LoadedContent:
    pages: list[Page]
    drafts: list[Page]
    diagnostics: list[Diagnostic]
    scheduled: list[Page] = field(default_factory=list)  # published after today: not yet


DRAFT, SCHEDULED = "draft", "scheduled"


def status(page: Page, today: date) -> str | None:
    """Why a page is not live: DRAFT, SCHEDULED (its `published` date is after today), or
    None when it is."""
    if page.draft:
        return DRAFT
    if page.published is not None and page.published > today:
        return SCHEDULED
    return None


def archive_url(url: str) -> str:
    """Where a superseded page is published: /policies/old/ -> /archive/policies/old/"""
    return ARCHIVE_URL.rstrip("/") + url


def url_for_source(relative: PurePosixPath) -> str:
    """content/a/b.md -> /a/b/ ; content/a/index.md -> /a/ ; content/index.md -> /"""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "".join(f"{p}/" for p in parts)



def type_label(path: Path) -> str:
    """How a file's type is named beside its link: 'PDF', 'MS Word Document'..."""
    return FILE_TYPES.get(path.suffix.lower(), path.suffix.lstrip(".").upper() or "File")


class _PageReader:
    """Reads one page's file and front matter, collecting diagnostics as it goes."""

    def __init__(self, root: Path, source: Path, class_slugs: tuple[str, ...], today: date,
                 limits: Limits | None = None):
        self.limits = limits or Limits()
        self.root = root
        self.source = source
        self.relative = source.relative_to(root).as_posix()
        self.class_slugs = class_slugs
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.content_path = PurePosixPath(self.relative).relative_to(CONTENT_DIR)
        self.is_index = self.content_path.name == "index.md"

    # -- the file

    def read(self) -> Page | None:
        text = self.read_text()
        if text is None:
            return None
        parts = split_block(text, PAGE_SCHEMA, self.relative, self.diagnostics,
                            lone_fence_opens=True)
        if parts is None:
            return None
        yaml_text, body, body_line = parts
        if self.control_character(body, body_line):
            return None
        schema = INDEX_PAGE_SCHEMA if self.is_index else PAGE_SCHEMA
        front = read_front_matter(yaml_text, schema, self.relative, self.diagnostics)
        if front is None:
            return None
        if front.value("draft") is not True:  # a draft may keep what `opcc new` wrote
            self.diagnostics.extend(placeholders.diagnostics(text, self.relative, "page",
                                                             body_line - 1))
        return self.validate(front, body, body_line)

    def read_text(self) -> str | None:
        if is_outside(self.source, self.root):
            self.diagnostics.append(link_diagnostic(self.root, self.source, "content.symlink"))
            return None
        size = self.source.stat().st_size
        if size > self.limits.max_markdown_bytes:
            self.diagnostics.append(at_start(
                "content.too-large", f"the file is {human_size(size)}, over the limit of "
                f"{human_size(self.limits.max_markdown_bytes)} for a page", self.relative,
                "check it is the right file; split a long page into several, put data in a "
                "dataset, or raise limits.max_markdown_kb in site.yaml"))
            return None
        text, problems = decode_text_file(
            self.source.read_bytes(), self.relative, "content",
            "only markdown text files belong in content/ with a .md name")
        self.diagnostics.extend(problems)
        return text

    def control_character(self, body: str, body_line: int) -> bool:
        """Is there a control character in the body? (The YAML reader finds those in the
        front matter.)"""
        index = first_control_character(body)
        if index is None:
            return False
        self.diagnostics.append(error(
            "content.character", f"the text contains the control character "
            f"U+{ord(body[index]):04X}", path=self.relative,
            line=body_line + body.count("\n", 0, index),
            column=index - body.rfind("\n", 0, index),
            hint="delete it (it is invisible; it often comes from text pasted from "
                 "another program)"))
        return True

    # -- the front matter

    def validate(self, front: FrontMatter, body: str, body_line: int) -> Page | None:
        front.check_keys()
        self.check_address(front)
        title = front.value("title")
        summary = self.summary(front)
        scheme_class = self.scheme_class(front)
        items = front.value("item")
        published, updated, review = self.dates(front)
        owner = front.value("owner")
        draft = front.value("draft")
        attachments = self.attachments(front)
        datasets = front.value("datasets")
        tags = front.value("tags")
        reviewed = self.reviewed(front, published)
        order = self.order(front)
        redirect_from = self.redirect_from(front)
        records = self.record_keys(front, published)
        governance = policy.read_governance(front, self.today)
        if governance is not None:  # the block holds the page's owner and review dates
            owner, review, reviewed = (governance.owner, governance.next_review,
                                       governance.last_reviewed)
        url = url_for_source(self.content_path)
        if records["superseded"] is not None:
            url, redirect_from = self.archived(front, records["superseded"], url,
                                               redirect_from)
        if any(d.severity == "error" for d in self.diagnostics) or title is None:
            return None
        return Page(
            source=self.relative,
            url=url,
            title=title,
            summary=summary,
            scheme_class=scheme_class,
            items=items,
            published=published,
            updated=updated,
            review=review,
            owner=owner,
            attachments=attachments,
            datasets=datasets,
            tags=tags,
            draft=draft,
            body=body,
            body_line=body_line,
            is_index=self.is_index,
            redaction=front.value("redaction"),
            reviewed=reviewed,
            order=order,
            redirect_from=redirect_from,
            **records,
            governance=governance,
            key_lines=front.key_lines,
        )

    def check_address(self, front: FrontMatter) -> None:
        """Every folder and the file's name become part of the page's web address."""
        for segment in self.content_path.with_suffix("").parts:
            if not _SEGMENT.match(segment):
                front.report("content.filename", f"'{segment}' cannot be part of a web address",
                             "name files and folders with lowercase letters, digits and "
                             "hyphens, e.g. police-and-crime-plan.md")
                break

    def summary(self, front: FrontMatter) -> str:
        summary = front.value("summary")
        if len(summary) > MAX_SUMMARY_LENGTH:
            front.report("content.summary", f"the summary is {len(summary)} characters long",
                         f"keep it to one sentence of at most {MAX_SUMMARY_LENGTH} characters",
                         ("summary",), severity=warning)
        return summary

    def scheme_class(self, front: FrontMatter) -> str | None:
        scheme_class = front.value("class")
        if scheme_class is not None and scheme_class not in self.class_slugs:
            front.report("content.class", f"unknown class '{scheme_class}'"
                         f"{suggestion(scheme_class, self.class_slugs)}",
                         "use one of: " + ", ".join(self.class_slugs), ("class",))
            return None
        return scheme_class

    def dates(self, front: FrontMatter) -> tuple[date | None, date | None, date | None]:
        """published, updated and review, checked against each other and today."""
        published = front.value("published")
        updated = front.value("updated")
        review = front.value("review")
        if published and updated and updated < published:
            front.report("content.date-order", f"'updated' ({updated}) is before 'published' "
                         f"({published})", "a page cannot change before it was first "
                         "published", ("updated",))
        if review and review < self.today and not page_keys.reviewed_since(front, review) \
                and front.data.get("superseded") is None:  # an archived page is not reviewed
            front.report("scheme.review-overdue", f"the review date {review} has passed",
                         f"review the page; if nothing needed changing add 'reviewed: "
                         f"{self.today}', if it changed set 'updated:'; then set 'review:' "
                         "to the next review date", ("review",), severity=warning)
        return published, updated, review

    def reviewed(self, front: FrontMatter, published: date | None) -> date | None:
        """`reviewed:`, which lies between publication and today."""
        return page_keys.read_reviewed(front, published, self.today)

    def order(self, front: FrontMatter) -> int | None:
        return page_keys.read_order(front)

    def redirect_from(self, front: FrontMatter) -> tuple[page_keys.OldPath, ...]:
        return page_keys.read_redirect_from(front, url_for_source(self.content_path))

    def record_keys(self, front: FrontMatter, published: date | None) -> dict:
        """The scheme and records-management keys (record_keys.py), as Page fields."""
        return {"events": record_keys.read_events(front),
                "publication": record_keys.read_publication(front),
                "record_type": front.value("record_type"),
                "hold": record_keys.read_hold(front),
                "superseded": record_keys.read_superseded(front, published)}

    def archived(self, front: FrontMatter, superseded: record_keys.Superseded, url: str,
                 redirect_from: tuple[page_keys.OldPath, ...]
                 ) -> tuple[str, tuple[page_keys.OldPath, ...]]:
        """A superseded page's address in the archive, and its old address, which now
        redirects there (render/redirects.py)."""
        if self.is_index:
            front.report("content.superseded", "an index page introduces its folder and "
                         "cannot be superseded", "mark the pages in the folder superseded "
                         "one by one, or move the old text to a page of its own",
                         ("superseded",))
        if superseded.on > self.today:
            front.report("content.superseded", f"superseded on {superseded.on}, which is "
                         f"after today ({self.today})", "a page is superseded once the page "
                         "that replaces it is published: add 'superseded:' on that day, "
                         "with that day's date", ("superseded",))
        old = page_keys.OldPath(url, *front.position(("superseded",)))
        return archive_url(url), (*redirect_from, old)

    # -- attachments

    def attachments(self, front: FrontMatter) -> tuple[Attachment, ...]:
        value = front.value("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            front.report("content.type", "'attachments' should be a list of {file, title}",
                         "write each attachment as '- {file: plan.pdf, title: Our plan}'",
                         ("attachments",))
            return ()
        found = (self.attachment(front, index, item) for index, item in enumerate(value))
        return tuple(attachment for attachment in found if attachment)

    def attachment(self, front: FrontMatter, index: int, item: object) -> Attachment | None:
        where = ("attachments", index)
        if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
            front.report("content.attachment", f"attachment {index + 1} needs 'file' and "
                         "'title'", "write it as '- {file: plan.pdf, title: Our plan}'", where)
            return None
        for key in sorted(set(item) - {"file", "title"}):
            front.report("content.unknown-key", f"unknown attachment key '{key}'"
                         f"{suggestion(key, ['file', 'title'])}",
                         "an attachment has only 'file' and 'title'", where)
        if not isinstance(item["file"], (str, int, float)):
            front.report("content.attachment", f"attachment {index + 1}: 'file' should be a "
                         "file name", "write it as '- {file: plan.pdf, title: Our plan}'", where)
            return None
        name = str(item["file"])
        resolved = self.attached_file(front, name, where)
        if resolved is None:
            return None
        rel_url = resolved.relative_to((self.root / CONTENT_DIR).resolve()).as_posix()
        return Attachment(
            file=name,
            title=" ".join(str(item["title"]).split()),
            source=resolved,
            url=f"/{rel_url}",
            size=resolved.stat().st_size,
            type_label=type_label(resolved),
            line=front.position(where)[0],
        )

    def attached_file(self, front: FrontMatter, name: str, where: tuple) -> Path | None:
        """The attachment's file, beside the page, there, and not too large."""
        folder = self.source.parent
        target = folder / name
        resolved = target.resolve()
        if ".." in PurePosixPath(name).parts or name.startswith("/") or \
                not resolved.is_relative_to(folder.resolve()):
            linked = " (a symbolic link)" if target.is_symlink() else ""
            front.report("attachment.path", f"attachment '{name}'{linked} is outside the "
                         "page's folder", "put the file beside the page and give its plain "
                         "file name", where)
            return None
        if not resolved.is_file():
            front.report("attachment.missing", f"attachment '{name}' does not exist",
                         f"put {name} in {folder.relative_to(self.root).as_posix()}/ "
                         "or correct the file name", where)
            return None
        size = resolved.stat().st_size
        if size > self.limits.max_file_bytes:
            front.report("attachment.too-large", f"attachment '{name}' is {human_size(size)}, "
                         f"over the limit of {human_size(self.limits.max_file_bytes)}",
                         "check it is the right file; make it smaller (for a PDF, export it "
                         "again at a lower image resolution), or raise limits.max_file_mb "
                         "in site.yaml", where)
            return None
        return resolved



def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def is_outside(path: Path, root: Path) -> bool:
    """Does `path` (a link, or inside a linked folder) lead outside the site root?"""
    return not path.resolve().is_relative_to(root.resolve())


def outside_links(root: Path, folder: Path) -> list[Path]:
    """Symbolic links under `folder` that lead outside `root` (or nowhere); none is followed."""
    if folder.is_symlink() and is_outside(folder, root):
        return [folder]
    found = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(parent) / name
            if path.is_symlink() and (is_outside(path, root) or not path.exists()):
                found.append(path)
        folders.sort()
    return found


def link_diagnostic(root: Path, path: Path, code: str) -> Diagnostic:
    relative = path.relative_to(root).as_posix()
    where = "nowhere" if not path.exists() else "outside the site folder"
    return error(code, f"{relative} is a symbolic link to {where}; it is not read",
                 path=relative, hint="copy the file into the site folder instead of linking "
                 "to it: the build reads only files inside the site folder")



def find_sources(root: Path, record_patterns: tuple[str, ...] = (f"{FOI_DIR}/*",)
                 ) -> list[Path]:
    """Every page's markdown file: content/**/*.md except the records of the registered
    kinds (kinds/registry.py), whose files match `record_patterns` (fnmatch patterns
    relative to content/, such as "decisions/[0-9][0-9][0-9][0-9]/*.md")."""
    content = root / CONTENT_DIR
    if not content.is_dir():
        return []
    folders: dict[Path, bool] = {}
    return sorted(p for p in content.rglob("*.md")
                  if p.is_file() and not is_record_path(p.relative_to(content).as_posix(),
                                                        record_patterns)
                  and inside(p, root, folders))


def is_record_path(relative: str, record_patterns: tuple[str, ...]) -> bool:
    """Is content/`relative` a record of some kind (matches one of `record_patterns`)?"""
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in record_patterns)


def inside(path: Path, root: Path, folders: dict[Path, bool]) -> bool:
    """not is_outside(path, root), resolving each folder once (in `folders`), not each file."""
    if path.is_symlink():
        return not is_outside(path, root)
    if path.parent not in folders:
        folders[path.parent] = not is_outside(path.parent, root)
    return folders[path.parent]


def load_page(root: Path, source: Path, class_slugs: tuple[str, ...],
              today: date, limits: Limits | None = None
              ) -> tuple[Page | None, list[Diagnostic]]:
    reader = _PageReader(root, source, class_slugs, today, limits)
    page = reader.read()
    return page, reader.diagnostics


def load_content(root: Path, class_slugs: tuple[str, ...], today: date,
                 include_drafts: bool = False, limits: Limits | None = None,
                 record_patterns: tuple[str, ...] = (f"{FOI_DIR}/*",),
                 include_scheduled: bool = False) -> LoadedContent:
    """Read every page. Drafts are validated too; their problems stay warnings when they
    are not being published. Pages published after `today` are scheduled: left out like
    drafts (unless `include_scheduled`), but checked as they will go out, with no one
    looking. Links leading out of the site are refused, not followed."""
    limits = limits or load_limits(root)
    pages: list[Page] = []
    drafts: list[Page] = []
    scheduled: list[Page] = []
    diagnostics: list[Diagnostic] = [link_diagnostic(root, link, "content.symlink")
                                     for link in outside_links(root, root / CONTENT_DIR)]
    def load_chunk(sources: list[Path]) -> list:
        return [load_page(root, source, class_slugs, today, limits) for source in sources]

    sources = find_sources(root, record_patterns)
    for source, (page, found) in zip(sources, parallel.map_chunks(load_chunk, sources)):
        is_draft = page.draft if page else _looks_like_draft(source)
        if is_draft and not include_drafts:
            found = [warning(d.code, f"(draft, not published) {d.message}", path=d.path,
                             line=d.line, column=d.column, hint=d.hint)
                     if d.severity == "error" else d for d in found]
        diagnostics.extend(found)
        if page is None:
            continue
        if page.draft and not include_drafts:
            drafts.append(page)
        elif status(page, today) == SCHEDULED and not include_scheduled:
            scheduled.append(page)
        else:
            pages.append(page)
    diagnostics.extend(superseded_problems(pages, [*drafts, *scheduled]))
    return LoadedContent(pages, drafts, diagnostics, scheduled)


# -- superseded pages: `superseded: {on, by}` names the page that replaced this one

def by_address(pages) -> dict[str, Page]:
    """Pages by their source file, their address, and the address their file gives them
    (which a superseded page no longer has: it is in the archive)."""
    found: dict[str, Page] = {}
    for page in pages:
        found[page.source] = page
        found[url_for_source(PurePosixPath(page.source).relative_to(CONTENT_DIR))] = page
        found[page.url] = page
    return found


def replacement(page: Page, pages: dict[str, Page]) -> Page | None:
    """The page named by `superseded: by` (an address such as /policies/strategy/, or a
    .md file, relative to the page's folder or to content/), among `pages` (by_address)."""
    if page.superseded is None:
        return None
    return next((pages[key] for key in _replacement_keys(page.superseded.by, page.source)
                 if key in pages), None)


def _replacement_keys(written: str, source: str) -> list[str]:
    path = written.strip().split("#", 1)[0]
    if "://" in path or not path:
        return []
    if path.endswith(".md"):
        if path.startswith("/"):
            return [posixpath.normpath(CONTENT_DIR + path)]
        relative = PurePosixPath(source).parent / path
        from_content = path if path.startswith(f"{CONTENT_DIR}/") else f"{CONTENT_DIR}/{path}"
        return [posixpath.normpath(str(relative)),
                posixpath.normpath(from_content)]
    if path.strip("/") == "":
        return ["/"]
    url = page_keys.old_path(path)
    return [url] if url else []


def superseded_problems(pages: list[Page], unpublished: list[Page]) -> list[Diagnostic]:
    """Each superseded page must name a published page that replaced it, on or after
    that page was published; and nothing else may be published at /archive/ itself."""
    live, hidden = by_address(pages), by_address(unpublished)
    problems = []
    for page in pages:
        if page.superseded is None:
            continue
        by, on = page.superseded.by, page.superseded.on
        new = replacement(page, live)
        where = {"path": page.source, "line": page.key_lines.get("superseded")}
        if new is None:
            later = replacement(page, hidden)
            problems.append(error(
                "content.superseded", f"superseded by '{by}', which is "
                + ("not published yet (a draft or a scheduled page)" if later else
                   "not a page of this site"),
                hint="publish the new page first" if later else
                "name the page that replaced this one by its address (e.g. "
                "/policies/information-management-strategy/) or its .md file", **where))
        elif new is page:
            problems.append(error("content.superseded", "a page cannot be superseded by "
                                  "itself", hint="name the page that replaced this one",
                                  **where))
        elif new.published is not None and on < new.published:
            problems.append(error(
                "content.superseded", f"superseded on {on}, before the page that replaced "
                f"it ({new.source}) was published on {new.published}",
                hint="check both dates: the old page is superseded on or after the day the "
                     "new one is published", **where))
    if any(page.superseded for page in pages):
        problems += [error("content.reserved-url", f"{ARCHIVE_URL} is written by the "
                           "generator: it lists the superseded pages", path=page.source,
                           line=1, column=1, hint="rename or move this page")
                     for page in pages if page.url == ARCHIVE_URL]
    return problems


def _looks_like_draft(source: Path) -> bool:
    """For a file whose front matter failed: does it say draft: true anyway?"""
    try:
        with open(source, "rb") as handle:  # only the start: the file may be huge
            head = handle.read(4000).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^draft:\s*true\s*(#.*)?$", head, re.MULTILINE) is not None
