"""FOI stage: read and check the disclosure log's records (no HTML).

Each record, `content/foi/YEAR/REFERENCE.md`, has front matter read with positions, so
that every diagnostic names the real line and column, and a body with a '## Request' and
a '## Response' section. `load_foi` returns the published records, newest first, and every
problem found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.diagnostics import Diagnostic, did_you_mean, error, suggestion, warning
from opcc.kinds.foi.records import (
    DEFAULT_PATTERN,
    EXEMPTIONS,
    FIRST_DAY,
    FRONT_MATTER_KEYS,
    OUTCOMES,
    PAGE_ONLY_KEYS,
    REGIMES,
    REVIEW_KEYS,
    REVIEW_OUTCOMES,
    Exemption,
    FoiRecord,
    InternalReview,
    ReferencePattern,
    _closest_exemption,
    compile_reference_pattern,
    looks_like_requester,
    normalise_exemption,
    sort_newest_first,
)
from opcc.kinds.foi.working_days import EXTENDED_LIMIT, deadline, working_days
from opcc.kinds.pages import (
    CONTENT_DIR,
    FILE_TYPES,
    FOI_DIR,
    Attachment,
    control_character,
    decode_text_file,
    is_outside,
    split_front_matter,
)
from opcc.redaction import line_and_column
from opcc.source import yaml_reader as yaml_source

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


# --------------------------------------------------------------------------- markdown body

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def body_sections(body: str) -> dict[str, tuple[int, str]]:
    """Level-2 sections of a markdown body: lower-cased heading -> (0-based line of the
    heading within the body, the section's markdown). Headings in code blocks are ignored."""
    sections: dict[str, tuple[int, str]] = {}
    current: str | None = None
    start = 0
    collected: list[str] = []
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            if current is not None and current not in sections:
                sections[current] = (start, "\n".join(collected).strip())
            current, start, collected = match[1].strip().lower(), index, []
        elif current is not None:
            collected.append(line)
    if current is not None and current not in sections:
        sections[current] = (start, "\n".join(collected).strip())
    return sections


def plain_text(markdown: str) -> str:
    """Markdown reduced to one line of plain text (for summaries and the dataset)."""
    lines = []
    for line in markdown.split("\n"):
        line = re.sub(r"^\s{0,3}(?:#+\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
        lines.append(line)
    text = " ".join(lines)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    return " ".join(text.split())


def first_sentence(markdown: str, limit: int = 300) -> str:
    """The first sentence of some markdown, as plain text, at most `limit` characters."""
    text = plain_text(markdown)
    match = re.search(r"[.?!](?=\s+[A-Z0-9\"'“‘(£])", text)
    sentence = text[:match.end()] if match else text
    if len(sentence) > limit:
        cut = sentence[:limit - 1].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


# --------------------------------------------------------------------------- reading

class _RecordReader:
    """Validates one record, collecting diagnostics as it goes."""

    def __init__(self, root: Path, source: Path, pattern: ReferencePattern, today: date):
        self.root = root
        self.source = source
        self.relative = _relative(source, root)
        self.pattern = pattern
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.doc: yaml_source.YamlDocument | None = None
        self.misspelt: set[str] = set()

    # -- reporting

    def position(self, path: tuple | None, at_value: bool = True) -> tuple[int | None,
                                                                           int | None]:
        if path is None:
            return 1, 1
        pos = self.doc.position(path, prefer_value=at_value) if self.doc else None
        return (pos.line, pos.column) if pos else (None, None)

    def report(self, code: str, message: str, hint: str, path: tuple | None = None,
               severity: Callable = error, at_value: bool = True,
               line: int | None = None) -> None:
        found_line, column = self.position(path, at_value)
        if line is not None:
            found_line, column = line, 1
        self.diagnostics.append(severity(code, message, path=self.relative, line=found_line,
                                         column=column, hint=hint))

    def missing(self, key: str) -> None:
        if key not in self.misspelt:
            example = {"reference": self.pattern.example, "received": "2025-03-03",
                       "responded": "2025-03-28", "outcome": "granted",
                       "title": "Cost of the office refurbishment"}.get(key, "...")
            self.report("foi.missing-key", f"'{key}' is required",
                        f"add '{key}: {example}' to the front matter ({FRONT_MATTER_KEYS[key]})")

    # -- values

    def text(self, data: dict, key: str, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            kind = "a list" if isinstance(value, list) else type(value).__name__
            self.report("foi.type", f"'{key}' should be text, not {kind}",
                        f"write {key} as a single line of text", (key,))
            return None
        value = " ".join(value.split())
        if not value:
            self.report("foi.empty", f"'{key}' is empty", f"write the {key}", (key,))
            return None
        return value

    def date(self, data: dict, key: str, required: bool, path: tuple | None = None,
             may_be_future: bool = False) -> date | None:
        path = path or (key,)
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        text = str(value).strip()
        day = None
        if isinstance(value, str) and _ISO_DATE.match(text):
            try:
                day = date.fromisoformat(text)
            except ValueError as exc:
                self.report("foi.date", f"'{key}': {text} is not a real date ({exc})",
                            "check the day and month; dates are written YYYY-MM-DD", path)
                return None
        if day is None:
            self.report("foi.date", f"'{key}': '{text}' is not an ISO date (YYYY-MM-DD)",
                        _date_hint(text), path)
            return None
        if day < FIRST_DAY:
            self.report("foi.date-range", f"'{key}' ({day}) is before 2005",
                        "the Freedom of Information Act and the EIR apply to requests from "
                        "1 January 2005; check the year", path)
            return None
        if day > self.today and not may_be_future:
            self.report("foi.future-date", f"'{key}' ({day}) is in the future",
                        f"today is {self.today}; the log holds requests already answered, "
                        "so check the year", path)
            return None
        return day

    def string_list(self, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.report("foi.type", f"'{key}' should be a list",
                        f"write it as a list: {key}: [{value}]", (key,))
            return ()
        if not isinstance(value, list):
            self.report("foi.type", f"'{key}' should be a list, not {type(value).__name__}",
                        f"write it as a list, e.g. {key}: [one, two]", (key,))
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) \
                    and str(item).strip():
                items.append(" ".join(str(item).split()))
            else:
                self.report("foi.type", f"'{key}' item {index + 1} should be text",
                            f"each {key} entry is a single word or phrase", (key, index))
        return tuple(items)

    def choice(self, data: dict, key: str, choices: tuple[str, ...], required: bool,
               path: tuple | None = None, default: str | None = None,
               code: str | None = None) -> str | None:
        path = path or (key,)
        value = data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return default
        text = str(value).strip()
        if text not in choices:
            self.report(code or f"foi.{key}",
                        f"'{key}' must be one of {', '.join(choices)}, not '{text}'"
                        f"{suggestion(text.lower().replace(' ', '-'), choices)}",
                        "use one of: " + ", ".join(choices), path)
            return None
        return text

    # -- keys

    def check_keys(self, data: dict, known: dict[str, str], parent: tuple = ()) -> None:
        for key in data:
            where = parent + (key,)
            if looks_like_requester(str(key)):
                self.report("foi.requester",
                            f"'{key}' looks like the requester's details, which the log "
                            "never holds", "delete this line: the disclosure log must not "
                            "identify who made the request (the response is published to "
                            "everyone)", where, at_value=False)
                continue
            if key in known:
                continue
            near = did_you_mean(str(key), known)
            self.misspelt.add(near or "")
            hint = PAGE_ONLY_KEYS.get(str(key)) if not parent else None
            hint = (hint + "; remove this line") if hint else "known keys: " + ", ".join(known)
            self.report("foi.unknown-key", f"unknown key '{key}'{suggestion(str(key), known)}",
                        hint, where, at_value=False)

    # -- the file

    def read(self, text: str | None = None) -> FoiRecord | None:
        if text is None:
            text = self.read_text()
            if text is None:
                return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.startswith("---\n"):
            self.report("foi.front-matter", "the record has no front matter",
                        "start the file with a '---' line, the keys (reference, title, "
                        "received, responded, outcome), then another '---' line")
            return None
        parts = split_front_matter(text)
        if parts is None:
            self.report("foi.front-matter", "the front matter has no closing '---' line",
                        "add a line with just '---' after the last front-matter key")
            return None
        yaml_text, body, body_line = parts
        try:
            self.doc = yaml_source.load(yaml_text, line_offset=1)
        except yaml_source.YamlSyntaxError as exc:
            self.diagnostics.append(error("foi.yaml", exc.message, path=self.relative,
                                          line=exc.line, column=exc.column, hint=exc.hint))
            return None
        data = self.doc.data if self.doc.data is not None else {}
        if not isinstance(data, dict):
            self.report("foi.front-matter", "the front matter must be 'key: value' lines",
                        "write each key on its own line, e.g. 'title: Cost of the refurbishment'")
            return None
        return self.validate(data, body, body_line)

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

    def validate(self, data: dict[str, Any], body: str, body_line: int) -> FoiRecord | None:
        self.check_keys(data, FRONT_MATTER_KEYS)
        reference = self.text(data, "reference", required=True)
        title = self.text(data, "title", required=True)
        received = self.date(data, "received", required=True)
        responded = self.date(data, "responded", required=True)
        outcome = self.choice(data, "outcome", OUTCOMES, required=True)
        regime = self.choice(data, "regime", REGIMES, required=False, default="foia")
        exemptions = self.exemptions(data, regime or "foia")
        topics = self.string_list(data, "topics")
        extended_to = self.date(data, "extended_to", required=False, may_be_future=True)
        review = self.review(data)
        attachments = self.attachments(data)
        draft = self.draft(data)
        if reference:
            self.check_reference(reference, received)
        sections = self.sections(body, body_line)
        if received and responded:
            self.consistency(received, responded, outcome, exemptions, regime, extended_to,
                             review)
        if any(d.severity == "error" for d in self.diagnostics) or None in (
                reference, title, received, responded, outcome, regime, sections):
            return None
        request, response = sections
        limit = deadline(received)
        due = max(limit, extended_to) if extended_to else limit
        key_lines = {key: pos.line for (key, *rest), pos in self.doc.key_positions.items()
                     if not rest} if self.doc else {}
        return FoiRecord(
            source=self.relative,
            url=f"/{FOI_DIR}/{received.year}/{reference}/",
            reference=reference, title=title, received=received, responded=responded,
            outcome=outcome, exemptions=exemptions, regime=regime, topics=topics,
            extended_to=extended_to, internal_review=review, attachments=attachments,
            body=body, body_line=body_line, request=request, response=response,
            working_days=working_days(received, responded), deadline=limit,
            in_time=responded <= due, summary=first_sentence(request), draft=draft,
            key_lines=key_lines,
        )

    def draft(self, data: dict) -> bool:
        value = data.get("draft", False)
        if not isinstance(value, bool):
            self.report("foi.type", f"'draft' should be true or false, not '{value}'",
                        "write 'draft: true' or remove the key", ("draft",))
            return False
        return value

    def exemptions(self, data: dict, regime: str) -> tuple[str, ...]:
        codes: list[str] = []
        for index, written in enumerate(self.string_list(data, "exemptions")):
            code = normalise_exemption(written, regime)
            where = ("exemptions", index)
            if code is None:
                self.report("foi.exemption", f"unknown exemption '{written}'"
                            f"{_closest_exemption(written, regime)}",
                            "write FOIA sections 21 to 44 as s40(2) or s31(1)(a), the cost "
                            "limit as s12, vexatious requests as s14(1), and EIR exceptions "
                            "as reg12(4)(b) or reg12(5)(e)", where)
                continue
            found = EXEMPTIONS[code]
            if found.regime == "eir" and regime != "eir":
                self.report("foi.exemption", f"'{written}' is an Environmental Information "
                            "Regulations exception, but the request was handled under FOIA",
                            "add 'regime: eir' if the EIR applied, or cite the FOIA section",
                            where)
                continue
            if found.regime == "foia" and regime == "eir" and found.section != "s39":
                self.report("foi.exemption", f"'{written}' is a FOIA section on a request "
                            "handled under the EIR", "the EIR use regulations 12 and 13 "
                            "(e.g. reg12(5)(e), reg13); if part of the request fell under "
                            "FOIA this is fine", where, severity=warning)
            if code in codes:
                self.report("foi.exemption-duplicate", f"'{written}' is listed twice",
                            "list each exemption once", where, severity=warning)
                continue
            codes.append(code)
        return tuple(codes)

    def review(self, data: dict) -> InternalReview | None:
        value = data.get("internal_review")
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report("foi.type", "'internal_review' should be a mapping",
                        "write it as internal_review: {requested: 2025-04-02, completed: "
                        "2025-04-25, outcome: upheld}", ("internal_review",))
            return None
        self.check_keys(value, REVIEW_KEYS, ("internal_review",))
        base = ("internal_review",)
        requested = self.date(value, "requested", True, base + ("requested",))
        completed = self.date(value, "completed", False, base + ("completed",))
        outcome = self.choice(value, "outcome", REVIEW_OUTCOMES, False, base + ("outcome",),
                              code="foi.review")
        if completed and outcome is None and "outcome" not in value:
            self.report("foi.review", "the internal review is completed but has no outcome",
                        "add 'outcome: upheld', 'partially-upheld' or 'overturned'", base)
        if value.get("outcome") is not None and "completed" not in value:
            self.report("foi.review", "the internal review has an outcome but no "
                        "'completed' date", "add 'completed: YYYY-MM-DD'", base + ("outcome",))
        if requested and completed and completed < requested:
            self.report("foi.review-date", f"the internal review was completed ({completed}) "
                        f"before it was requested ({requested})", "check both dates",
                        base + ("completed",))
        if requested is None:
            return None
        return InternalReview(requested, completed, outcome)

    def attachments(self, data: dict) -> tuple[Attachment, ...]:
        value = data.get("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report("foi.type", "'attachments' should be a list of {file, title}",
                        "write each attachment as '- {file: costs.csv, title: Costs}'",
                        ("attachments",))
            return ()
        return tuple(a for a in (self.attachment(i, item) for i, item in enumerate(value)) if a)

    def attachment(self, index: int, item: Any) -> Attachment | None:
        where = ("attachments", index)
        if not isinstance(item, dict) or not item.get("file") or not item.get("title"):
            self.report("foi.attachment", f"attachment {index + 1} needs 'file' and 'title'",
                        "write it as '- {file: costs.csv, title: Costs}'", where)
            return None
        for key in sorted(set(item) - {"file", "title"}):
            self.report("foi.unknown-key", f"unknown attachment key '{key}'"
                        f"{suggestion(str(key), ['file', 'title'])}",
                        "an attachment has only 'file' and 'title'", where)
        name = str(item["file"])
        folder = self.source.parent
        resolved = (folder / name).resolve()
        if ".." in PurePosixPath(name).parts or name.startswith("/") or \
                not resolved.is_relative_to(folder.resolve()):
            self.report("attachment.path", f"attachment '{name}' is outside the record's folder",
                        "put the file beside the record and give its plain file name", where)
            return None
        if not resolved.is_file():
            self.report("attachment.missing", f"attachment '{name}' does not exist",
                        f"put {name} in {_relative(folder, self.root)}/ or correct the name",
                        where)
            return None
        content = (self.root / CONTENT_DIR).resolve()
        line, _ = self.position(where)
        return Attachment(
            file=name, title=" ".join(str(item["title"]).split()), source=resolved,
            url="/" + resolved.relative_to(content).as_posix(), size=resolved.stat().st_size,
            type_label=FILE_TYPES.get(resolved.suffix.lower(),
                                      resolved.suffix.lstrip(".").upper() or "File"),
            line=line)

    def check_reference(self, reference: str, received: date | None) -> None:
        parsed = self.pattern.parse(reference)
        if parsed is None:
            self.report("foi.reference", f"the reference '{reference}' does not follow the "
                        f"pattern {self.pattern.text}",
                        f"write it like {self.pattern.example} (YYYY is the year received, "
                        "N a digit)", ("reference",))
            return
        year, _ = parsed
        stem = PurePosixPath(self.relative).stem
        if stem != reference:
            self.report("foi.filename", f"the file is named '{stem}.md' but the reference is "
                        f"'{reference}'", f"rename the file to {reference}.md",
                        ("reference",))
        if received and year != received.year:
            self.report("foi.reference-year", f"the reference '{reference}' is for {year}, "
                        f"but the request was received in {received.year}",
                        "the year in the reference is the year the request was received; "
                        "check both", ("reference",))
        folder = PurePosixPath(self.relative).parent.name
        if received and folder != str(received.year):
            self.report("foi.year-folder", f"the record is in the folder '{folder}/' but the "
                        f"request was received in {received.year}",
                        f"move it to content/{FOI_DIR}/{received.year}/", ("received",))

    def sections(self, body: str, body_line: int) -> tuple[str, str] | None:
        found = body_sections(body)
        texts = []
        for name in ("request", "response"):
            if name not in found:
                self.report("foi.body", f"the record has no '## {name.capitalize()}' section",
                            f"add a line '## {name.capitalize()}' followed by the "
                            f"{name} in plain English", line=body_line)
                continue
            line, text = found[name]
            if not text:
                self.report("foi.body", f"the '## {name.capitalize()}' section is empty",
                            f"write the {name} under its heading", line=body_line + line)
            texts.append(text)
        if "request" in found and "response" in found and \
                found["response"][0] < found["request"][0]:
            self.report("foi.body", "'## Response' comes before '## Request'",
                        "put the request first, then the response",
                        line=body_line + found["response"][0], severity=warning)
        return tuple(texts) if len(texts) == 2 else None

    def consistency(self, received: date, responded: date, outcome: str | None,
                    exemptions: tuple[str, ...], regime: str | None,
                    extended_to: date | None, review: InternalReview | None) -> None:
        """The checks across keys: dates in order, exemptions that fit the outcome."""
        if responded < received:
            self.report("foi.date-order", f"'responded' ({responded}) is before 'received' "
                        f"({received})", "a request cannot be answered before it arrives; "
                        "check both dates", ("responded",))
        details = [EXEMPTIONS[c] for c in exemptions]
        if outcome in ("refused", "partially-granted") and not exemptions:
            self.report("foi.exemption-missing", f"a {outcome} request must cite the "
                        "exemption relied on", "add e.g. 'exemptions: [s40(2)]'; a refusal "
                        "on cost is s12, a vexatious request s14(1)",
                        ("outcome",))
        if outcome == "granted" and exemptions:
            self.report("foi.exemption-granted", "an exemption is cited on a request granted "
                        "in full", "if some information was withheld the outcome is "
                        "'partially-granted'; otherwise remove the exemptions",
                        ("exemptions",))
        if extended_to:
            self.extension(received, extended_to, details, regime)
        if review and review.requested < responded:
            self.report("foi.review-date", f"the internal review was requested "
                        f"({review.requested}) before the response ({responded})",
                        "a review is asked for after the response; check the dates",
                        ("internal_review", "requested"))
        codes = {d.section for d in details}
        if "s12" in codes and len(details) > 1:
            self.report("foi.s12-combined", "section 12 (cost) is cited with other exemptions",
                        "when the cost limit applies the request is refused as a whole and "
                        "normally no other exemption is considered; cite s12 alone or "
                        "remove it", ("exemptions",), severity=warning)

    def extension(self, received: date, extended_to: date, details: list[Exemption],
                  regime: str | None) -> None:
        where = ("extended_to",)
        if extended_to <= received:
            self.report("foi.date-order", f"'extended_to' ({extended_to}) is not after "
                        f"'received' ({received})", "check the date", where)
            return
        if regime != "eir":  # EIR reg 7 extends for complexity, with or without exceptions
            if not details:
                self.report("foi.extension-no-exemption", "a public-interest extension is "
                            "recorded but no exemption is cited", "section 10(3) extends the "
                            "time only to consider the public interest in a qualified "
                            "exemption: cite it, or remove 'extended_to'", where)
            elif not any(d.qualified for d in details):
                cited = ", ".join(d.code for d in details)
                self.report("foi.extension-absolute", f"a public-interest extension is "
                            f"recorded but {cited} has no public interest test",
                            "absolute exemptions, s12 and s14 allow no extension: only "
                            "qualified exemptions do; remove 'extended_to' or cite the "
                            "qualified exemption considered", where)
        if extended_to <= deadline(received):
            self.report("foi.extension", f"'extended_to' ({extended_to}) is not after the "
                        f"normal deadline ({deadline(received)})", "an extension moves the "
                        "deadline later; check the date or remove the key", where,
                        severity=warning)
        elif extended_to > deadline(received, EXTENDED_LIMIT):
            self.report("foi.extension", f"'extended_to' ({extended_to}) is more than "
                        f"{EXTENDED_LIMIT} working days after receipt",
                        "the EIR allow at most 40 working days and the FOI Code of Practice "
                        "expects an extension of no more than 20 further working days",
                        where, severity=warning)


def _date_hint(text: str) -> str:
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f"write dates as YYYY-MM-DD: {date(year, month, day).isoformat()}"
        except ValueError:
            return "that day does not exist; write dates as YYYY-MM-DD"
    return "write dates as YYYY-MM-DD, e.g. 2025-03-28"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
    reader = _RecordReader(root, source, pattern, today)
    relative = PurePosixPath(reader.relative)
    if len(relative.parts) != 4 or not re.fullmatch(r"\d{4}", relative.parts[2]):
        reader.report("foi.location", "FOI records go in a folder named after the year "
                      "received", f"move it to content/{FOI_DIR}/YEAR/REFERENCE.md, "
                      f"e.g. content/{FOI_DIR}/2025/{pattern.example}.md")
        return None, reader.diagnostics
    return reader.read(), reader.diagnostics


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
