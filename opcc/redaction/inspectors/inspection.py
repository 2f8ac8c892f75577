"""The findings of one attachment as an inspector reads it: the API every format module uses.

An inspector is a function `inspect(inspection)` that reads `inspection.path` in full and
reports through `inspection`:

- `add(code, message, location)`: hidden data (a hidden sheet, a comment, covered text…);
- `scan(text, location, where)` / `scan_lines(...)` / `scan_cells(...)`: text the file
  holds, run through the personal-data scanner;
- `metadata(value, location, label)`: a document property (author…);
- `image(data, location)`: an image embedded in the document, given the same metadata
  check as an image attachment.

Each distinct personal value found in one file becomes one finding that lists every place
it occurs, in the order first met ("on pages 1, 2 and 6"). Each code of hidden data gives
at most MAX_PER_CODE findings per file, then one line counting the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opcc.redaction import (
    LABELS,
    PROTECTED_NAME,
    Finding,
    Scanner,
    canonical,
    line_and_column,
    mask,
)

ERROR, WARNING = "error", "warning"
MAX_PER_CODE = 20
MAX_PLACES = 12  # places listed in one finding; the rest are counted

ORGANISATION_WORDS = {
    "opcc", "pcc", "office", "council", "police", "policing", "ltd", "limited", "plc", "llp", "inc",
    "corp", "corporation", "company", "commissioner", "constabulary", "force", "team", "department",
    "dept", "service", "services", "authority", "government", "unit", "group", "trust",
    "university", "nhs", "panel", "board", "committee", "partnership", "microsoft", "adobe",
    "administrator", "admin", "user", "owner", "unknown", "staff", "finance", "reception",
    "windows", "office365", "word", "excel", "reportlab", "anonymous", "the", "and", "of", "for",
}

CONVERT = ("Publish it as PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, CSV, TXT, JPEG or PNG, "
           "which can be checked in full")
HINTS = {
    "attachment.hidden-sheet": "Delete the sheet, or publish the data as CSV: hiding a sheet "
                               "does not remove its data.",
    "attachment.very-hidden-sheet": "A very hidden sheet can only be seen through the VBA editor. "
                                    "Delete it, or publish the data as CSV.",
    "attachment.hidden-rows": "Delete the rows (or clear them) rather than hiding them, or "
                              "publish the data as CSV.",
    "attachment.hidden-columns": "Delete the columns rather than hiding them, or publish the "
                                 "data as CSV.",
    "attachment.hidden-cells": "Clear the cells rather than hiding their values with a format "
                               "or a font colour, or publish the data as CSV.",
    "attachment.stale-value": "Recalculate the workbook (Formulas > Calculate Now) and save "
                              "it, or paste the cells as values, so the file holds only what "
                              "it shows.",
    "attachment.pivot-cache": "A pivot table keeps a full copy of its source rows. Paste the "
                              "table as values into a new workbook, or publish CSV.",
    "attachment.external-link": "Break the links (Excel: Data > Edit Links > Break Link) so no "
                                "file paths or cached data from other files remain.",
    "attachment.comment": "Delete every comment (Review > Delete > Delete All Comments) before "
                          "publishing, or run `opcc clean FILE`.",
    "attachment.tracked-change": "Accept or reject all changes (Review > Accept All Changes) "
                                 "so deleted text does not travel with the file.",
    "attachment.hidden-text": "Remove text formatted as hidden; it is still in the file.",
    "attachment.hidden-slide": "Delete the hidden slide, or unhide it if it is meant to be "
                               "public: a hidden slide is skipped in the slideshow but is "
                               "still in the file.",
    "attachment.hidden-shape": "Delete the shape (Home > Arrange > Selection Pane lists hidden "
                               "shapes) or move it onto the slide if it is meant to be public; "
                               "hiding it does not remove it.",
    "attachment.hidden-layer": "Delete the hidden layer's content (or flatten the PDF) and "
                               "re-export; a layer switched off is still in the file.",
    "attachment.embedded-object": "Remove embedded files and objects; publish them separately "
                                  "if they are meant to be public.",
    "attachment.text-under-box": "A box or image drawn over text does not remove it. Redact "
                                 "with a tool that deletes the text (and check by selecting "
                                 "it), then re-export.",
    "attachment.invisible-text": "Remove the invisible text. If this is a scanned page with an "
                                 "OCR text layer, check the layer holds nothing withheld.",
    "attachment.earlier-revision": "The PDF keeps earlier versions of itself (incremental "
                                   "saves). Run `opcc clean FILE` or re-export it with "
                                   "'Save As' to drop them.",
    "attachment.file-link": "Remove the link, or point it at a page on the public website: "
                            "a link that opens a file or program on a computer reveals where "
                            "the office keeps its files and does not work for readers.",
    "attachment.metadata": "Clear the author fields (File > Info > Inspect Document, or the "
                           "export settings) or run `opcc clean FILE`.",
    "attachment.image-metadata": "Strip the photo's metadata (camera, author, location) with "
                                 "`opcc clean FILE` or re-export it without metadata.",
    "attachment.unknown-part": "The file holds a part the gate cannot read, so it cannot be "
                               "checked in full. Re-save it from the office application, or "
                               "export it as PDF.",
    "attachment.unchecked-type": CONVERT + ". If this exact file must be published as it is, "
                                 "add {file: NAME, reason: ...} to the page's redaction: list.",
    "attachment.unreadable": "Publish an unprotected copy in a current format (PDF, DOCX, XLSX "
                             "or CSV) so it can be checked.",
    "attachment.obfuscated": "An address written as 'name at example dot com' is still personal "
                             "data if it names a person; check it is meant to be public.",
}
REDACTION_HINT = ("Remove or redact the value at the source and re-export, or add it to "
                  "site.yaml redaction.allow with a reason if it is meant to be public.")


@dataclass(frozen=True)
class AttachmentFinding:
    code: str
    severity: str  # "error" or "warning"
    message: str  # plain English; never a full personal value
    hint: str
    location: str  # "sheet 'Staff' cell B4", "pages 1, 2 and 6" …

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", diagnostic_style(self.message))
        object.__setattr__(self, "hint", diagnostic_style(self.hint))


def diagnostic_style(text: str) -> str:
    """The diagnostics' house style: a lower-case start (unless an acronym) and no full stop."""
    text = text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        text = text[0].lower() + text[1:]
    return text


@dataclass
class _Occurrences:
    finding: Finding
    where: str
    places: list[str] = field(default_factory=list)


@dataclass
class Inspection:
    """The findings of one file, with the scanner and organisation names to hand."""

    path: Path
    scanner: Scanner
    organisation: tuple[str, ...] = ()
    findings: list[AttachmentFinding] = field(default_factory=list)
    values: dict[tuple[str, str], _Occurrences] = field(default_factory=dict)

    def add(self, code: str, message: str, location: str, severity: str = ERROR) -> None:
        self.findings.append(AttachmentFinding(code, severity, message, HINTS[code], location))

    def personal(self, finding: Finding, location: str, where: str = "") -> None:
        """One personal value at one place; places of the same value are gathered."""
        key = (finding.code, canonical(finding.value, finding.code))
        seen = self.values.get(key)
        if seen is None:
            seen = self.values[key] = _Occurrences(finding, where)
        if location not in seen.places:
            seen.places.append(location)

    def scan(self, text: str, location: str, where: str = "", context: str = "") -> None:
        if text and text.strip():
            for finding in self.scanner.scan(text, context):
                self.personal(finding, location, where)

    def scan_lines(self, text: str, prefix: str, where: str = "") -> None:
        """Scan a long text; each finding is located by its line."""
        for finding in self.scanner.scan(text):
            line, _ = line_and_column(text, finding.start)
            self.personal(finding, f"{prefix}line {line}", where)

    def scan_cells(self, cells: Sequence[str], locations: Sequence[str], context: str = "",
                   where: str = "") -> None:
        """Scan a column of short values (each its own text); locations[i] places cells[i]."""
        for index, finding in self.scanner.scan_cells(list(cells), context):
            self.personal(finding, locations[index], where)

    def metadata(self, value: object, location: str, label: str | None = None,
                 scan: bool = True) -> None:
        """Scan a document property (unless the caller scans the whole part); with a label
        (author…), also judge if it names a person."""
        if not isinstance(value, str) or not value.strip():
            return
        if scan:
            self.scan(value, location, "in the document properties")
        if label and looks_like_person(value, self.organisation):
            self.add("attachment.metadata",
                     f"The '{label}' document property names a person "
                     f"({mask(value, PROTECTED_NAME)}).", location, WARNING)

    def result(self) -> list[AttachmentFinding]:
        """Hidden-data findings (capped per code), then one finding per personal value."""
        personal = [self._value_finding(seen) for seen in self.values.values()]
        return _capped(self.findings) + _capped(personal)

    @staticmethod
    def _value_finding(seen: _Occurrences) -> AttachmentFinding:
        finding = seen.finding
        suffix = f" {seen.where}" if seen.where else ""
        places = describe_places(seen.places)
        return AttachmentFinding(finding.code, finding.severity,
                                 f"{finding.label} {finding.masked} "
                                 f"found{suffix} {places}", HINTS["attachment.obfuscated"]
                                 if finding.severity == WARNING else REDACTION_HINT,
                                 places.split(" ", 1)[1])


_NUMBERED = re.compile(r"^(page|slide|row|line|paragraph) (\d+)$")


def describe_places(places: list[str]) -> str:
    """'on pages 1, 2 and 6' for numbered pages; else 'in X, Y and Z'; long lists counted."""
    numbered = [_NUMBERED.match(p) for p in places]
    if numbered and all(numbered) and len({m.group(1) for m in numbered}) == 1:
        kind = numbered[0].group(1)
        numbers = [m.group(2) for m in numbered]
        noun = kind if len(numbers) == 1 else f"{kind}s"
        return f"on {noun} {join_words(numbers[:MAX_PLACES], len(numbers))}"
    return f"in {join_words(places[:MAX_PLACES], len(places))}"


def join_words(items: list[str], total: int) -> str:
    if total > len(items):
        return ", ".join(items) + f" and {total - len(items)} more"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _capped(findings: list[AttachmentFinding]) -> list[AttachmentFinding]:
    counts: dict[str, int] = {}
    kept = []
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
        if counts[finding.code] <= MAX_PER_CODE:
            kept.append(finding)
    for code, number in counts.items():
        if number > MAX_PER_CODE:
            label = LABELS.get(code, code.split(".", 1)[1].replace("-", " "))
            sample = next(f for f in findings if f.code == code)
            kept.append(AttachmentFinding(
                code, sample.severity, f"{number - MAX_PER_CODE} more findings of this kind "
                f"({label}) in this file are not listed.", sample.hint, "whole file"))
    return kept


# --------------------------------------------------------------------------- metadata rule

_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")


def looks_like_person(value: str, organisation: Iterable[str] = ()) -> bool:
    """2-4 words of letters, no organisation word, not the organisation's own name.
    Single words ("jsmith", "Admin") are not judged: they are usually account names."""
    text = " ".join(value.split())
    if not text or text.casefold() in {o.strip().casefold() for o in organisation}:
        return False
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 4 or not all(_NAME_TOKEN.fullmatch(t) for t in tokens):
        return False
    words = {t.rstrip(".").casefold() for t in tokens}
    if words & ORGANISATION_WORDS:
        return False
    return any(len(t.rstrip(".")) > 1 for t in tokens)


def decode_text(data: bytes) -> str:
    """Text of unknown encoding: UTF-8 (with or without BOM), UTF-16 by BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if found and number == found[-1][1] + 1:
            found[-1] = (found[-1][0], number)
        else:
            found.append((number, number))
    return found


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
