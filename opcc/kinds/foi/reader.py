"""FOI stage: read and check the disclosure log's records (no HTML).

Each record, `content/foi/YEAR/REFERENCE.md`, has front matter read with positions
(source/front_matter.py, against records.RECORD_SCHEMA), so that every diagnostic names the
real line and column, and a body with a '## Request' and a '## Response' section (body.py).
What the keys must say together is in rules.py. `load_foi` returns the published records,
newest first, and every problem found.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds.foi.body import check_generated_sections, first_sentence, request_and_response
from opcc.kinds.foi.records import (
    DEFAULT_PATTERN,
    FoiRecord,
    ReferencePattern,
    compile_reference_pattern,
    record_schema,
    sort_newest_first,
)
from opcc.kinds.foi.rules import (
    check_consistency,
    check_reference,
    read_exemptions,
    read_review,
    record_date,
    tidy,
)
from opcc.kinds.foi.working_days import deadline, working_days
from opcc.kinds.pages import CONTENT_DIR, FOI_DIR, Attachment, is_outside, type_label
from opcc.redaction import line_and_column
from opcc.source import placeholders
from opcc.source.front_matter import FrontMatter, read_front_matter, split_block
from opcc.source.text_file import control_character, decode_text_file, relative_name
from opcc.source.yaml_reader import YamlDocument


class RecordReader:
    """Reads and checks one record, collecting diagnostics as it goes; `front` is its front
    matter once read (its `document` holds where each key and value is written)."""

    def __init__(self, root: Path, source: Path, pattern: ReferencePattern, today: date):
        self.root = root
        self.source = source
        self.relative = relative_name(source, root)
        self.pattern = pattern
        self.schema = record_schema(pattern.example)
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.front: FrontMatter | None = None

    # -- the file

    def read(self, text: str | None = None) -> FoiRecord | None:
        """The record in the file, or in `text` as if it were the file's."""
        if text is None:
            text = self.read_text()
            if text is None:
                return None
        parts = split_block(text, self.schema, self.relative, self.diagnostics)
        if parts is None:
            return None
        yaml_text, body, body_line = parts
        self.front = read_front_matter(yaml_text, self.schema, self.relative,
                                       self.diagnostics)
        if self.front is None:
            return None
        if self.front.value("draft") is not True:  # a draft may keep what `opcc new` wrote
            self.diagnostics.extend(placeholders.diagnostics(text, self.relative, "record",
                                                             body_line - 1))
        return self.validate(self.front, body, body_line)

    def read_text(self) -> str | None:
        text, problems = decode_text_file(
            self.source.read_bytes(), self.relative, "foi",
            "only markdown records (REFERENCE.md) and their attachments belong in content/foi/")
        self.diagnostics.extend(problems)
        if text is None:
            return None
        found = control_character(text)
        if found:  # invisible, and not allowed in the XML of the feeds
            line, column = line_and_column(text, text.index(chr(int(found[2:], 16))))
            self.diagnostics.append(error(
                "foi.character", f"the text contains the control character {found}",
                path=self.relative, line=line, column=column,
                hint="delete it (it is invisible; it often comes from text pasted from "
                     "another program)"))
            return None
        return text

    # -- the front matter

    def validate(self, front: FrontMatter, body: str, body_line: int) -> FoiRecord | None:
        front.check_keys()
        reference = front.value("reference")
        title = front.value("title")
        received = record_date(front, "received", self.today)
        responded = record_date(front, "responded", self.today)
        outcome = front.value("outcome")
        regime = front.value("regime")
        exemptions = read_exemptions(front, regime or "foia")
        topics = tidy(front.value("topics"))
        extended_to = record_date(front, "extended_to", self.today, may_be_future=True)
        review = read_review(front, self.today)
        attachments = self.attachments(front)
        draft = front.value("draft")
        if reference:
            check_reference(front, reference, received, self.pattern)
        sections = request_and_response(front, body, body_line)
        check_generated_sections(front, body, body_line)
        if received and responded:
            check_consistency(front, received, responded, outcome, exemptions, regime,
                              extended_to, review)
        if any(d.severity == "error" for d in self.diagnostics) or None in (
                reference, title, received, responded, outcome, regime, sections):
            return None
        request, response = sections
        limit = deadline(received)
        due = max(limit, extended_to) if extended_to else limit
        return FoiRecord(
            source=self.relative,
            url=f"/{FOI_DIR}/{received.year}/{reference}/",
            reference=reference, title=title, received=received, responded=responded,
            outcome=outcome, exemptions=exemptions, regime=regime, topics=topics,
            extended_to=extended_to, internal_review=review, attachments=attachments,
            body=body, body_line=body_line, request=request, response=response,
            working_days=working_days(received, responded), deadline=limit,
            in_time=responded <= due, summary=first_sentence(request), draft=draft,
            key_lines=front.key_lines,
        )

    # -- attachments

    def attachments(self, front: FrontMatter) -> tuple[Attachment, ...]:
        value = front.value("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            front.report("foi.type", "'attachments' should be a list of {file, title}",
                         "write each attachment as '- {file: costs.csv, title: Costs}'",
                         ("attachments",))
            return ()
        found = (self.attachment(front, index, item) for index, item in enumerate(value))
        return tuple(attachment for attachment in found if attachment)

    def attachment(self, front: FrontMatter, index: int, item: Any) -> Attachment | None:
        where = ("attachments", index)
        if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
            front.report("foi.attachment", f"attachment {index + 1} needs 'file' and 'title'",
                         "write it as '- {file: costs.csv, title: Costs}'", where)
            return None
        for key in sorted(set(item) - {"file", "title"}):
            front.report("foi.unknown-key", f"unknown attachment key '{key}'"
                         f"{suggestion(str(key), ['file', 'title'])}",
                         "an attachment has only 'file' and 'title'", where)
        name = str(item["file"])
        folder = self.source.parent
        resolved = (folder / name).resolve()
        if ".." in PurePosixPath(name).parts or name.startswith("/") or \
                not resolved.is_relative_to(folder.resolve()):
            front.report("attachment.path", f"attachment '{name}' is outside the record's "
                         "folder", "put the file beside the record and give its plain file "
                         "name", where)
            return None
        if not resolved.is_file():
            front.report("attachment.missing", f"attachment '{name}' does not exist",
                         f"put {name} in {relative_name(folder, self.root)}/ or correct the "
                         "name", where)
            return None
        content = (self.root / CONTENT_DIR).resolve()
        return Attachment(
            file=name, title=" ".join(str(item["title"]).split()), source=resolved,
            url="/" + resolved.relative_to(content).as_posix(), size=resolved.stat().st_size,
            type_label=type_label(resolved), line=front.position(where)[0])


# --------------------------------------------------------------------------- loading

def find_records(root: Path) -> list[Path]:
    folder = root / CONTENT_DIR / FOI_DIR
    if not folder.is_dir():
        return []
    # a record linked out of the site is never read (the content stage reports the link)
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not is_outside(p, root))


def load_record(root: Path, source: Path, pattern: ReferencePattern | str,
                today: date) -> tuple[FoiRecord | None, list[Diagnostic]]:
    if isinstance(pattern, str):
        pattern = compile_reference_pattern(pattern)
    reader = RecordReader(root, source, pattern, today)
    relative = PurePosixPath(reader.relative)
    if len(relative.parts) != 4 or not re.fullmatch(r"\d{4}", relative.parts[2]):
        reader.diagnostics.append(error(
            "foi.location", "FOI records go in a folder named after the year received",
            path=reader.relative, line=1, column=1,
            hint=f"move it to content/{FOI_DIR}/YEAR/REFERENCE.md, "
                 f"e.g. content/{FOI_DIR}/2025/{pattern.example}.md"))
        return None, reader.diagnostics
    return reader.read(), reader.diagnostics


def check_record_text(root: Path, source: Path, pattern: ReferencePattern, today: date,
                      text: str) -> tuple[list[Diagnostic], YamlDocument | None]:
    """Check `text` as `opcc check` would if it were the record file `source` (which need
    not exist yet): the problems, and the parsed front matter with its positions."""
    reader = RecordReader(root, source, pattern, today)
    reader.read(text)
    return reader.diagnostics, reader.front.document if reader.front else None


def load_foi(root: Path, reference_pattern: str = DEFAULT_PATTERN, today: date | None = None,
             include_drafts: bool = False) -> tuple[list[FoiRecord], list[Diagnostic]]:
    """Read content/foi/**/*.md. Returns the published records, newest first, and every
    problem found. Drafts are validated too; their problems are warnings unless
    `include_drafts` (preview) publishes them."""
    today = today or date.today()
    try:
        pattern = compile_reference_pattern(reference_pattern)
    except ValueError as exc:
        return [], [error("config.foi", str(exc), path="site.yaml",
                          hint="set foi: {reference_pattern: FOI-YYYY-NNNN} in site.yaml")]
    records: list[FoiRecord] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for source in find_records(root):
        record, found = load_record(root, source, pattern, today)
        is_draft = record.draft if record else _looks_like_draft(source)
        if is_draft and not include_drafts:
            found = [warning(d.code, f"(draft, not published) {d.message}", path=d.path,
                             line=d.line, column=d.column, hint=d.hint)
                     if d.severity == "error" else d for d in found]
        diagnostics.extend(found)
        if record is None or (record.draft and not include_drafts):
            continue
        if record.reference in seen:
            diagnostics.append(error(
                "foi.duplicate-reference", f"the reference '{record.reference}' is also used "
                f"by {seen[record.reference]}", path=record.source,
                line=record.key_lines.get("reference"), column=1,
                hint="each request has its own reference; allocate the next free one"))
            continue
        seen[record.reference] = record.source
        records.append(record)
    return sort_newest_first(records), diagnostics


def _looks_like_draft(source: Path) -> bool:
    try:
        head = source.read_text("utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return re.search(r"^draft:\s*true\s*(#.*)?$", head, re.MULTILINE) is not None
