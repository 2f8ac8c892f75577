"""Loading stage: `content/**/*.md` files become validated `Page` records.

Front matter is read with positions so that every diagnostic names the real line
and column in the file (the opening `---` is line 1).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from opcc.build import parallel
from opcc.config import Limits, load_limits
from opcc.diagnostics import Diagnostic, did_you_mean, error, suggestion, warning
from opcc.source import yaml_reader as yaml_source

CONTENT_DIR = "content"
FOI_DIR = "foi"  # content/foi/ holds FOI records, read by the FOI stage, not as pages
MAX_SUMMARY_LENGTH = 300

# key -> (required, help shown in hints)
FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "the page title",
    "summary": "one sentence used in listings, search results and the meta description",
    "class": "the publication-scheme class slug",
    "item": "the id (or a list of ids) of the required scheme items this page fulfils",
    "published": "ISO date first published (YYYY-MM-DD)",
    "updated": "ISO date of the last substantive change",
    "review": "ISO date by which the page must be reviewed",
    "owner": "the role accountable for the page",
    "attachments": "list of {file, title} beside the page",
    "datasets": "dataset names to link from this page",
    "tags": "list of topics",
    "draft": "true: never published",
    "redaction": "exceptions to the personal-data check, each {value, pattern or code, reason}",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# C0 and C1 control characters other than tab and line ends: feeds (XML) and browsers
# cannot carry them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
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
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def last_updated(self) -> date | None:
        return self.updated or self.published

    @property
    def folder_url(self) -> str:
        """The site folder the source file sits in (/priorities/ for priorities/plan.md)."""
        parent = PurePosixPath(self.source).parent.relative_to(CONTENT_DIR)
        return "/" if str(parent) == "." else f"/{parent}/"


@dataclass
class LoadedContent:
    pages: list[Page]
    drafts: list[Page]
    diagnostics: list[Diagnostic]


def url_for_source(relative: PurePosixPath) -> str:
    """content/a/b.md -> /a/b/ ; content/a/index.md -> /a/ ; content/index.md -> /"""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "".join(f"{p}/" for p in parts)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml_text, body, body_line) or None when the closing fence is missing.

    The opening fence must be the first line. body_line is 1-based.
    """
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None


def decode_text_file(raw: bytes, relative: str, family: str,
                     not_text_hint: str) -> tuple[str | None, list[Diagnostic]]:
    """A markdown file's text, or the diagnostic saying why it is not UTF-8 text."""
    if b"\x00" in raw[:8192]:
        return None, [error(f"{family}.encoding", "this is not a text file", path=relative,
                            line=1, column=1, hint=not_text_hint)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [error(f"{family}.encoding", f"the file is not UTF-8 text (byte "
                            f"0x{raw[exc.start]:02x})", path=relative, line=line,
                            hint="save the file as UTF-8")]


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


def control_character(text: str) -> str | None:
    """'U+0001' for the first control character in `text`, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


class _PageReader:
    """Validates one file's front matter, collecting diagnostics as it goes."""

    def __init__(self, root: Path, source: Path, class_slugs: tuple[str, ...], today: date,
                 limits: Limits | None = None):
        self.limits = limits or Limits()
        self.root = root
        self.source = source
        self.relative = source.relative_to(root).as_posix()
        self.class_slugs = class_slugs
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.doc: yaml_source.YamlDocument | None = None
        self.misspelt: set[str] = set()  # known keys written wrongly (already reported)

    def missing(self, key: str, hint: str) -> None:
        if key not in self.misspelt:
            self.report("content.missing-key", f"'{key}' is required", hint)

    def report(self, code: str, message: str, hint: str, key: str | None = None,
               index: int | None = None, severity: Callable = error,
               at_value: bool = True) -> None:
        line = column = None
        if key is not None and self.doc is not None:
            path = (key,) if index is None else (key, index)
            pos = self.doc.position(path, prefer_value=at_value)
            if pos:
                line, column = pos.line, pos.column
        elif key is None:
            line, column = 1, 1
        self.diagnostics.append(severity(code, message, path=self.relative, line=line,
                                         column=column, hint=hint))

    def text(self, data: dict, key: str, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key, f"add '{key}:' to the front matter ({FRONT_MATTER_KEYS[key]})")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            kind = "a list" if isinstance(value, list) else type(value).__name__
            self.report("content.type", f"'{key}' should be text, not {kind}",
                        f"write {key} as a single line of text, e.g. {key}: Our budget", key)
            return None
        value = " ".join(value.split())
        if not value:
            self.report("content.empty", f"'{key}' is empty", f"write the {key}", key)
            return None
        return value

    def date(self, data: dict, key: str, required: bool) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key, f"add '{key}: YYYY-MM-DD' to the front matter "
                             f"({FRONT_MATTER_KEYS[key]})")
            return None
        text = str(value).strip()
        if isinstance(value, str) and _ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                self.report("content.date", f"'{key}': {text} is not a real date ({exc})",
                            "check the day and month; dates are written YYYY-MM-DD", key)
                return None
        hint = "write dates as YYYY-MM-DD, e.g. 2024-04-30"
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                hint = f"write dates as YYYY-MM-DD: {date(year, month, day).isoformat()}"
            except ValueError:
                hint = "that day does not exist; write dates as YYYY-MM-DD"
        self.report("content.date", f"'{key}': '{text}' is not an ISO date (YYYY-MM-DD)", hint,
                    key)
        return None

    def string_list(self, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.report("content.type", f"'{key}' should be a list", f"write it as a list: "
                        f"{key}: [{value}]", key)
            return ()
        if not isinstance(value, list):
            self.report("content.type", f"'{key}' should be a list, not {type(value).__name__}",
                        f"write it as a list, e.g. {key}: [one, two]", key)
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                items.append(str(item).strip())
            else:
                self.report("content.type", f"'{key}' item {index + 1} should be text",
                            f"each {key} entry is a single word or phrase", key, index)
        return tuple(items)

    def attachments(self, data: dict) -> tuple[Attachment, ...]:
        value = data.get("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report("content.type", "'attachments' should be a list of {file, title}",
                        "write each attachment as '- {file: plan.pdf, title: Our plan}'",
                        "attachments")
            return ()
        result = []
        folder = self.source.parent
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
                self.report("content.attachment", f"attachment {index + 1} needs 'file' and 'title'",
                            "write it as '- {file: plan.pdf, title: Our plan}'",
                            "attachments", index)
                continue
            unknown = set(item) - {"file", "title"}
            for key in sorted(unknown):
                self.report("content.unknown-key", f"unknown attachment key '{key}'"
                            f"{suggestion(key, ['file', 'title'])}",
                            "an attachment has only 'file' and 'title'", "attachments", index)
            if not isinstance(item["file"], (str, int, float)):
                self.report("content.attachment", f"attachment {index + 1}: 'file' should be a "
                            "file name", "write it as '- {file: plan.pdf, title: Our plan}'",
                            "attachments", index)
                continue
            name = str(item["file"])
            target = (folder / name)
            inside = folder.resolve()
            resolved = target.resolve()
            if ".." in PurePosixPath(name).parts or name.startswith("/") or \
                    not resolved.is_relative_to(inside):
                linked = " (a symbolic link)" if target.is_symlink() else ""
                self.report("attachment.path", f"attachment '{name}'{linked} is outside the "
                            "page's folder", "put the file beside the page and give its plain "
                            "file name", "attachments", index)
                continue
            if not resolved.is_file():
                self.report("attachment.missing", f"attachment '{name}' does not exist",
                            f"put {name} in {folder.relative_to(self.root).as_posix()}/ "
                            "or correct the file name", "attachments", index)
                continue
            size = resolved.stat().st_size
            if size > self.limits.max_file_bytes:
                self.report("attachment.too-large", f"attachment '{name}' is {human_size(size)}, "
                            f"over the limit of {human_size(self.limits.max_file_bytes)}",
                            "check it is the right file; make it smaller (for a PDF, export it "
                            "again at a lower image resolution), or raise limits.max_file_mb "
                            "in site.yaml", "attachments", index)
                continue
            rel_url = PurePosixPath(resolved.relative_to((self.root / CONTENT_DIR).resolve()).as_posix())
            pos = self.doc.position(("attachments", index)) if self.doc else None
            result.append(Attachment(
                file=name,
                title=" ".join(str(item["title"]).split()),
                source=resolved,
                url=f"/{rel_url}",
                size=size,
                type_label=FILE_TYPES.get(resolved.suffix.lower(),
                                          resolved.suffix.lstrip(".").upper() or "File"),
                line=pos.line if pos else None,
            ))
        return tuple(result)

    def read(self) -> Page | None:
        if is_outside(self.source, self.root):
            self.diagnostics.append(link_diagnostic(self.root, self.source, "content.symlink"))
            return None
        size = self.source.stat().st_size
        if size > self.limits.max_markdown_bytes:
            self.report("content.too-large", f"the file is {human_size(size)}, over the limit "
                        f"of {human_size(self.limits.max_markdown_bytes)} for a page",
                        "check it is the right file; split a long page into several, put data "
                        "in a dataset, or raise limits.max_markdown_kb in site.yaml")
            return None
        text, problems = decode_text_file(
            self.source.read_bytes(), self.relative, "content",
            "only markdown text files belong in content/ with a .md name")
        self.diagnostics.extend(problems)
        if text is None:
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.startswith("---\n") and text.rstrip() != "---":
            self.report("content.front-matter", "the page has no front matter",
                        "start the file with a '---' line, the keys (title, summary, class, "
                        "published), then another '---' line")
            return None
        parts = split_front_matter(text)
        if parts is None:
            self.report("content.front-matter", "the front matter has no closing '---' line",
                        "add a line with just '---' after the last front-matter key")
            return None
        yaml_text, body, body_line = parts
        if control_character(body):
            index = _CONTROL.search(body).start()
            column = index - body.rfind("\n", 0, index)
            self.diagnostics.append(error(
                "content.character", f"the text contains the control character "
                f"{control_character(body)}", path=self.relative,
                line=body_line + body.count("\n", 0, index), column=column,
                hint="delete it (it is invisible; it often comes from text pasted from "
                     "another program)"))
            return None
        try:
            self.doc = yaml_source.load(yaml_text, line_offset=1)
        except yaml_source.YamlSyntaxError as exc:
            self.diagnostics.append(error("content.yaml", exc.message, path=self.relative,
                                          line=exc.line, column=exc.column, hint=exc.hint))
            return None
        data = self.doc.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.report("content.front-matter", "the front matter must be 'key: value' lines",
                        "write each key on its own line, e.g. 'title: Our budget'")
            return None
        return self.validate(data, body, body_line)

    def validate(self, data: dict[str, Any], body: str, body_line: int) -> Page | None:
        for key in data:
            if key not in FRONT_MATTER_KEYS:
                self.misspelt.add(did_you_mean(str(key), FRONT_MATTER_KEYS) or "")
                self.report("content.unknown-key",
                            f"unknown key '{key}'{suggestion(str(key), FRONT_MATTER_KEYS)}",
                            "known keys: " + ", ".join(FRONT_MATTER_KEYS), str(key),
                            at_value=False)
        content_path = PurePosixPath(self.relative).relative_to(CONTENT_DIR)
        is_index = content_path.name == "index.md"
        for segment in content_path.with_suffix("").parts:
            if not _SEGMENT.match(segment):
                self.report("content.filename",
                            f"'{segment}' cannot be part of a web address",
                            "name files and folders with lowercase letters, digits and "
                            "hyphens, e.g. police-and-crime-plan.md")
                break
        title = self.text(data, "title", required=True)
        summary = self.text(data, "summary", required=not is_index) or ""
        if len(summary) > MAX_SUMMARY_LENGTH:
            self.report("content.summary", f"the summary is {len(summary)} characters long",
                        f"keep it to one sentence of at most {MAX_SUMMARY_LENGTH} characters",
                        "summary", severity=warning)
        scheme_class = self.text(data, "class", required=not is_index)
        if scheme_class is not None and scheme_class not in self.class_slugs:
            self.report("content.class", f"unknown class '{scheme_class}'"
                        f"{suggestion(scheme_class, self.class_slugs)}",
                        "use one of: " + ", ".join(self.class_slugs), "class")
            scheme_class = None
        items = (self.string_list(data, "item") if isinstance(data.get("item"), list)
                 else tuple(filter(None, [self.text(data, "item", required=False)])))
        published = self.date(data, "published", required=not is_index)
        updated = self.date(data, "updated", required=False)
        review = self.date(data, "review", required=False)
        if published and updated and updated < published:
            self.report("content.date-order", f"'updated' ({updated}) is before 'published' "
                        f"({published})", "a page cannot change before it was first published",
                        "updated")
        if published and published > self.today:
            self.report("content.future-date", f"'published' ({published}) is in the future",
                        "check the year; future publication is not supported",
                        "published", severity=warning)
        if review and review < self.today:
            self.report("scheme.review-overdue", f"the review date {review} has passed",
                        "review the page, then set 'review:' to the next review date and "
                        "'updated:' if it changed", "review", severity=warning)
        owner = self.text(data, "owner", required=False)
        draft = data.get("draft", False)
        if not isinstance(draft, bool):
            self.report("content.type", f"'draft' should be true or false, not '{draft}'",
                        "write 'draft: true' or remove the key", "draft")
            draft = False
        attachments = self.attachments(data)
        datasets = self.string_list(data, "datasets")
        tags = self.string_list(data, "tags")
        if any(d.severity == "error" for d in self.diagnostics) or title is None:
            return None
        key_lines = {key: pos.line for (key, *rest), pos in self.doc.key_positions.items()
                     if not rest} if self.doc else {}
        return Page(
            source=self.relative,
            url=url_for_source(content_path),
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
            is_index=is_index,
            redaction=data.get("redaction"),
            key_lines=key_lines,
        )


def find_sources(root: Path, record_folders: tuple[str, ...] = (FOI_DIR,)) -> list[Path]:
    """Every page's markdown file: content/**/*.md outside the folders of the registered
    kinds of record (kinds/registry.py), which hold records, not pages."""
    content = root / CONTENT_DIR
    if not content.is_dir():
        return []
    skipped = [content / folder for folder in record_folders]
    folders: dict[Path, bool] = {}
    return sorted(p for p in content.rglob("*.md")
                  if p.is_file() and not any(p.is_relative_to(s) for s in skipped)
                  and inside(p, root, folders))


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
                 record_folders: tuple[str, ...] = (FOI_DIR,)) -> LoadedContent:
    """Read every page. Drafts are validated too; their problems stay warnings when they
    are not being published. Links leading out of the site are refused, not followed."""
    limits = limits or load_limits(root)
    pages: list[Page] = []
    drafts: list[Page] = []
    diagnostics: list[Diagnostic] = [link_diagnostic(root, link, "content.symlink")
                                     for link in outside_links(root, root / CONTENT_DIR)]
    def load_chunk(sources: list[Path]) -> list:
        return [load_page(root, source, class_slugs, today, limits) for source in sources]

    sources = find_sources(root, record_folders)
    for source, (page, found) in zip(sources, parallel.map_chunks(load_chunk, sources)):
        is_draft = page.draft if page else _looks_like_draft(source)
        if is_draft and not include_drafts:
            found = [warning(d.code, f"(draft, not published) {d.message}", path=d.path,
                             line=d.line, column=d.column, hint=d.hint)
                     if d.severity == "error" else d for d in found]
        diagnostics.extend(found)
        if page is None:
            continue
        (pages if include_drafts or not page.draft else drafts).append(page)
    return LoadedContent(pages, drafts, diagnostics)


def _looks_like_draft(source: Path) -> bool:
    """For a file whose front matter failed: does it say draft: true anyway?"""
    try:
        with open(source, "rb") as handle:  # only the start: the file may be huge
            head = handle.read(4000).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^draft:\s*true\s*$", head, re.MULTILINE) is not None
