"""Reading a kind's record files, the same way for every kind: find them, decode them,
split and read their front matter with positions, read their attachments, and collect
the published records with every problem found.

A kind declares its FrontMatterSchema and writes one function that turns a RecordFile
into its record (checking what its keys say together); everything else is here. The
codes these functions report are in the `record` family (diagnostics/catalogue.yaml);
the front matter's own codes are in the kind's family (FrontMatterSchema.family).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds.pages import CONTENT_DIR, Attachment, is_outside, type_label
from opcc.redaction import line_and_column
from opcc.source import placeholders
from opcc.source.front_matter import FrontMatter, FrontMatterSchema, read_front_matter, split_block
from opcc.source.text_file import control_character, decode_text_file, relative_name

ATTACHMENT_KEYS = ("file", "title")


@dataclass(frozen=True)
class RecordFile:
    """One record file, read: its front matter (with the positions of its keys) and body."""
    relative: str  # "content/decisions/2026/OPCC-2026-001.md"
    source: Path
    front: FrontMatter
    body: str  # markdown, line endings made "\n"
    body_line: int  # the body's first line in the file

    @property
    def draft(self) -> bool:
        return self.front.value("draft") is True


def find_record_files(root: Path, folder: str, pattern: str = "*") -> list[Path]:
    """The files of content/`folder`/ that match `pattern` (Kind.records), never one that a
    link leads to from outside the site."""
    base = root / CONTENT_DIR / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*.md")
                  if p.is_file() and fnmatch.fnmatchcase(p.relative_to(base).as_posix(), pattern)
                  and not is_outside(p, root))


def read_record_file(root: Path, source: Path, schema: FrontMatterSchema,
                     diagnostics: list[Diagnostic], text: str | None = None
                     ) -> RecordFile | None:
    """The file (or `text` as if it were the file's), its problems added to `diagnostics`;
    None when it cannot be read as a record at all."""
    relative = relative_name(source, root)
    if text is None:
        text = _read_text(source, relative, schema.wording.noun, diagnostics)
        if text is None:
            return None
    parts = split_block(text, schema, relative, diagnostics)
    if parts is None:
        return None
    yaml_text, body, body_line = parts
    front = read_front_matter(yaml_text, schema, relative, diagnostics)
    if front is None:
        return None
    front.check_keys()
    if front.value("draft") is not True:  # a draft may keep what `opcc new` wrote
        diagnostics.extend(placeholders.diagnostics(text, relative, "record", body_line - 1))
    return RecordFile(relative, source, front, body, body_line)


def _read_text(source: Path, relative: str, noun: str,
               diagnostics: list[Diagnostic]) -> str | None:
    text, problems = decode_text_file(source.read_bytes(), relative, "record",
                                      f"only markdown {noun}s and their attachments belong "
                                      "in this folder")
    diagnostics.extend(problems)
    if text is None:
        return None
    found = control_character(text)
    if found:  # invisible, and not allowed in the XML of the feeds
        line, column = line_and_column(text, text.index(chr(int(found[2:], 16))))
        diagnostics.append(error(
            "record.character", f"the text contains the control character {found}",
            path=relative, line=line, column=column,
            hint="delete it (it is invisible; it often comes from text pasted from another "
                 "program)"))
        return None
    return text


# -- attachments: a list of {file, title}, each file beside the record

def read_attachments(root: Path, record: RecordFile, key: str) -> tuple[Attachment, ...]:
    """The attachments listed under `key` (each `{file, title}`)."""
    value = record.front.value(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        record.front.report("record.attachment", f"'{key}' should be a list of {{file, title}}",
                            "write each one as '- {file: paper.pdf, title: Paper}'", (key,))
        return ()
    found = (read_attachment(root, record, (key, index), item) for index, item in enumerate(value))
    return tuple(attachment for attachment in found if attachment)


def read_attachment(root: Path, record: RecordFile, where: tuple, item: Any
                    ) -> Attachment | None:
    """One `{file, title}` at `where` in the front matter (a key path), or None, reported."""
    front = record.front
    if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
        front.report("record.attachment", "an attachment needs 'file' and 'title'",
                     "write it as '{file: paper.pdf, title: Paper}'", where)
        return None
    for extra in sorted(set(item) - set(ATTACHMENT_KEYS)):
        front.report("record.attachment", f"unknown attachment key '{extra}'"
                     f"{suggestion(str(extra), list(ATTACHMENT_KEYS))}",
                     "an attachment has only 'file' and 'title'", where)
    name = str(item["file"])
    folder = record.source.parent
    resolved = (folder / name).resolve()
    if ".." in PurePosixPath(name).parts or name.startswith("/") or \
            not resolved.is_relative_to(folder.resolve()):
        front.report("attachment.path", f"attachment '{name}' is outside the record's folder",
                     "put the file beside the record and give its plain file name", where)
        return None
    if not resolved.is_file():
        front.report("attachment.missing", f"attachment '{name}' does not exist",
                     f"put {name} in {relative_name(folder, root)}/ or correct the name", where)
        return None
    content = (root / CONTENT_DIR).resolve()
    return Attachment(
        file=name, title=" ".join(str(item["title"]).split()), source=resolved,
        url="/" + resolved.relative_to(content).as_posix(), size=resolved.stat().st_size,
        type_label=type_label(resolved), line=front.position(where)[0])


# -- loading every record of a kind

def load_records(paths: Iterable[Path], read_one: Callable[[Path], tuple[Any, list[Diagnostic]]],
                 include_drafts: bool, identity: Callable[[Any], str],
                 noun: str = "record") -> tuple[list, list[Diagnostic]]:
    """The published records (drafts too with `include_drafts`) and every problem. A
    draft's errors are warnings unless it is published; two records with the same
    `identity` (a reference) are a `record.duplicate` error on the second."""
    records: list = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for path in paths:
        record, found = read_one(path)
        is_draft = getattr(record, "draft", False) if record else looks_like_draft(path)
        if is_draft and not include_drafts:
            found = [as_draft_warning(d) for d in found]
        diagnostics.extend(found)
        if record is None or (is_draft and not include_drafts):
            continue
        key = identity(record)
        if key in seen:
            diagnostics.append(error(
                "record.duplicate", f"'{key}' is also used by {seen[key]}",
                path=record.source, line=1, column=1,
                hint=f"each {noun} has its own reference; give this one the next free one"))
            continue
        seen[key] = record.source
        records.append(record)
    return records, diagnostics


def as_draft_warning(found: Diagnostic) -> Diagnostic:
    if found.severity != "error":
        return found
    return warning(found.code, f"(draft, not published) {found.message}", path=found.path,
                   line=found.line, column=found.column, hint=found.hint)


def looks_like_draft(source: Path) -> bool:
    """For a file that could not be read as a record: does it say draft: true anyway?"""
    try:
        head = source.read_text("utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return re.search(r"^draft:\s*true\s*(#.*)?$", head, re.MULTILINE) is not None


def wrong_place(relative: str, expected: str, example: str) -> Diagnostic:
    """A `record.location` error: the file is not where its kind keeps its records."""
    return error("record.location", f"this record is not where its kind keeps them "
                 f"({expected})", path=relative, line=1, column=1,
                 hint=f"move it, e.g. to {example}")
