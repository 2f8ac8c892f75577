"""Attachment inspection: hidden data and personal data inside PDF, Word, Excel and text files.

`inspect_attachment(path, scanner)` opens one file with a well-kept reader (pdfminer.six and
pypdf for PDF, python-docx for Word, openpyxl for Excel) and returns `AttachmentFinding`s:

- hidden data, each an error whether or not it holds personal data: hidden and very hidden
  sheets, hidden rows and columns that hold values, pivot caches, links to other files,
  comments, tracked changes, hidden (vanished) Word text, embedded objects, PDF text under
  a filled dark box (a failed black-box redaction) and invisible PDF text (render mode 3 or
  7, white text on a white page, text under 1 pt or off the page);
- personal data found by the scanner anywhere in the file, hidden parts included, as
  `redaction.*` errors with the masked value and the exact place;
- document metadata naming a person (author, last modified by, manager, company) as an
  `attachment.metadata` warning, and a Word template path inside a user's folder too;
- a file that can't be read (corrupt, password-protected, or a legacy binary format behind
  a modern name) as one `attachment.unreadable` error, never a traceback.

Metadata rule: a value names a person when it is 2 to 4 words of letters (initials with a
full stop allowed, "Surname, Forename" too), none of which is an organisation word (OPCC,
Office, Council, Police, Ltd, Team…), and it is not one of the organisation names passed in.
Single words ("jsmith", "Admin") are not judged: they are usually account names.

Codes: attachment.hidden-sheet, .very-hidden-sheet, .hidden-rows, .hidden-columns,
.pivot-cache, .external-link, .comment, .tracked-change, .hidden-text, .embedded-object,
.text-under-box, .invisible-text, .metadata (warning), .unreadable, and redaction.*.
Each code gives at most MAX_PER_CODE findings per file, then one line counting the rest.

Other file types are not opened (no findings); `SCANNED_SUFFIXES` lists the ones that are.
No message holds a full personal value: the scanner's masked form is used throughout, and
linked or template file paths are cut to the file's own name.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import html
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

from .redaction import LABELS, PROTECTED_NAME, Finding, Scanner, line_and_column, mask

ERROR, WARNING = "error", "warning"
MAX_PER_CODE = 20  # further findings of one code in one file are summed up in one line
QUIET_LOGGERS = ("pypdf", "pdfminer", "openpyxl", "docx")
SCANNED_SUFFIXES = (".pdf", ".docx", ".docm", ".xlsx", ".xlsm", ".csv", ".txt", ".md", ".json")
ORGANISATION_WORDS = {
    "opcc", "pcc", "office", "council", "police", "policing", "ltd", "limited", "plc", "llp", "inc",
    "corp", "corporation", "company", "commissioner", "constabulary", "force", "team", "department",
    "dept", "service", "services", "authority", "government", "unit", "group", "trust",
    "university", "nhs", "panel", "board", "committee", "partnership", "microsoft", "adobe",
    "administrator", "admin", "user", "owner", "unknown", "staff", "finance", "reception",
    "windows", "office365", "word", "excel", "reportlab", "anonymous", "the", "and", "of", "for",
}

HINTS = {
    "attachment.hidden-sheet": "Delete the sheet, or publish the data as CSV: hiding a sheet "
                               "does not remove its data.",
    "attachment.very-hidden-sheet": "A very hidden sheet can only be seen through the VBA editor. "
                                    "Delete it, or publish the data as CSV.",
    "attachment.hidden-rows": "Delete the rows (or clear them) rather than hiding them, or "
                              "publish the data as CSV.",
    "attachment.hidden-columns": "Delete the columns rather than hiding them, or publish the "
                                 "data as CSV.",
    "attachment.pivot-cache": "A pivot table keeps a full copy of its source rows. Paste the "
                              "table as values into a new workbook, or publish CSV.",
    "attachment.external-link": "Break the links (Excel: Data > Edit Links > Break Link) so no "
                                "file paths or cached data from other files remain.",
    "attachment.comment": "Delete every comment (Review > Delete > Delete All Comments) before "
                          "publishing.",
    "attachment.tracked-change": "Accept or reject all changes (Review > Accept All Changes) "
                                 "so deleted text does not travel with the file.",
    "attachment.hidden-text": "Remove text formatted as hidden; it is still in the file.",
    "attachment.embedded-object": "Remove embedded files and objects; publish them separately "
                                  "if they are meant to be public.",
    "attachment.text-under-box": "A box drawn over text does not remove it. Redact with a tool "
                                 "that deletes the text (and check by selecting it), then "
                                 "re-export.",
    "attachment.invisible-text": "Remove the invisible text. If this is a scanned page with an "
                                 "OCR text layer, check the layer holds nothing withheld.",
    "attachment.metadata": "Clear the author fields (File > Info > Inspect Document, or the "
                           "export settings) or set them to the office's name.",
    "attachment.unreadable": "Publish an unprotected copy in a current format (PDF, DOCX, XLSX "
                             "or CSV) so it can be checked.",
}
REDACTION_HINT = ("Remove or redact the value at the source and re-export, or add it to "
                  "site.yaml redaction.allow with a reason if it is meant to be public.")


@dataclass(frozen=True)
class AttachmentFinding:
    code: str
    severity: str  # "error" or "warning"
    message: str  # plain English; never a full personal value
    hint: str
    location: str  # "sheet 'Staff' cell B4", "page 2", "word/comments.xml comment 1" …

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
class _Inspection:
    """The findings of one file, with the scanner and organisation names to hand."""

    path: Path
    scanner: Scanner
    organisation: tuple[str, ...]
    findings: list[AttachmentFinding] = field(default_factory=list)

    def add(self, code: str, message: str, location: str, severity: str = ERROR) -> None:
        self.findings.append(AttachmentFinding(code, severity, message, HINTS[code], location))

    def personal(self, finding: Finding, location: str, where: str = "") -> None:
        suffix = f" {where}" if where else ""
        self.findings.append(AttachmentFinding(
            finding.code, ERROR, f"{finding.label} {finding.masked} found{suffix}",
            REDACTION_HINT, location))

    def scan(self, text: str, location: str, where: str = "", context: str = "") -> None:
        for finding in self.scanner.scan(text, context):
            self.personal(finding, location, where)

    def scan_lines(self, text: str, prefix: str, where: str = "") -> None:
        """Scan a long text; each finding is located by its line."""
        for finding in self.scanner.scan(text):
            line, _ = line_and_column(text, finding.start)
            self.personal(finding, f"{prefix}line {line}", where)

    def metadata(self, value: object, location: str, label: str | None = None) -> None:
        """Scan a document property; with a label (author…), also judge if it names a person."""
        if not isinstance(value, str) or not value.strip():
            return
        self.scan(value, location, "in the document properties")
        if label and looks_like_person(value, self.organisation):
            self.add("attachment.metadata",
                     f"The '{label}' document property names a person "
                     f"({mask(value, PROTECTED_NAME)}).", location, WARNING)


def inspect_attachment(path: Path, scanner: Scanner,
                       organisation: Sequence[str] = ()) -> list[AttachmentFinding]:
    """Every hidden-data and personal-data finding in one file (see the module docstring).

    organisation: the office's names (name, short name): metadata set to one of them is
    not reported as naming a person."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return []
    inspection = _Inspection(path, scanner, tuple(organisation))
    try:
        problem = _format_problem(path)
        if problem:
            inspection.add("attachment.unreadable", problem, "whole file")
        else:
            with warnings.catch_warnings(), _quiet_loggers():
                warnings.simplefilter("ignore")
                reader(inspection)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding, never a traceback
        inspection.findings = [AttachmentFinding(
            "attachment.unreadable", ERROR,
            f"The file could not be read ({_describe_error(exc)}), so it can't be checked "
            "for hidden or personal data.", HINTS["attachment.unreadable"], "whole file")]
    return _capped(inspection.findings)


@contextlib.contextmanager
def _quiet_loggers():
    """The readers log complaints about damaged files to stderr; the finding says it."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]  # their modules' too
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _describe_error(exc: Exception) -> str:
    name = type(exc).__name__
    chain = [exc, exc.__cause__, exc.__context__, *[a for a in exc.args if isinstance(a, Exception)]]
    words = " ".join(f"{type(e).__name__} {e}" for e in chain if e is not None).lower()
    if "password" in words or "crypt" in words:
        return "it is password-protected or encrypted"
    return f"{name}: it may be damaged or not the format its name says"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _format_problem(path: Path) -> str | None:
    """A plain-English reason the file is not what its extension says, or None."""
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if suffix in (".docx", ".docm", ".xlsx", ".xlsm"):
        if head.startswith(OLE_MAGIC):
            return ("The file is password-protected (encrypted Office files are stored this "
                    "way) or is an old binary .doc/.xls renamed, so it can't be checked.")
        if not head.startswith(b"PK"):
            return "The file is not a valid Office document (it is not a zip package)."
    if suffix == ".pdf" and b"%PDF" not in head:
        return "The file is not a valid PDF (no %PDF header)."
    return None


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
    """2-4 words of letters, no organisation word, not the organisation's own name."""
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


# --------------------------------------------------------------------------- plain text

def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _inspect_text(inspection: _Inspection) -> None:
    text = _decode(inspection.path.read_bytes())
    inspection.scan_lines(text, "")


def _inspect_csv(inspection: _Inspection) -> None:
    text = _decode(inspection.path.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return
    header = rows[0]
    inspection.scan("\x1f".join(header), "row 1 (header)")
    for number in range(max(len(r) for r in rows)):
        name = header[number] if number < len(header) else f"column {number + 1}"
        cells = [r[number] if number < len(r) else "" for r in rows[1:]]
        for index, finding in inspection.scanner.scan_cells(cells, name):
            inspection.personal(finding, f"row {index + 2} column '{name}'")


# --------------------------------------------------------------------------- XLSX

def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return ""  # an amount: no detector applies, and repr would add float noise
    return str(value)


def _inspect_xlsx(inspection: _Inspection) -> None:
    from openpyxl import load_workbook

    with zipfile.ZipFile(inspection.path) as package:
        names = package.namelist()
        _xlsx_package_parts(inspection, package, names)
        _office_properties(inspection, package)
    book = load_workbook(inspection.path, read_only=False, data_only=False, keep_links=True,
                         keep_vba=False)
    for sheet in book.worksheets:
        _xlsx_sheet(inspection, sheet)
    for name, defined in _defined_names(book):
        inspection.scan(str(defined.attr_text or ""), f"defined name '{name}'",
                        "in a defined name")


def _defined_names(book) -> Iterable[tuple[str, object]]:
    yield from book.defined_names.items()
    for sheet in book.worksheets:
        for name, defined in sheet.defined_names.items():
            yield f"{sheet.title}!{name}", defined


def _xlsx_sheet(inspection: _Inspection, sheet) -> None:
    title = sheet.title
    columns: dict[int, list[tuple[int, str]]] = {}
    headers: dict[int, str] = {}
    filled: dict[tuple[int, int], bool] = {}
    for cell in _stored_cells(sheet):
        text = _cell_text(cell.value)
        if text:
            columns.setdefault(cell.column, []).append((cell.row, text))
            if cell.row == 1:
                headers[cell.column] = text
        if cell.value not in (None, ""):
            filled[(cell.row, cell.column)] = True
        if cell.comment is not None:
            _xlsx_comment(inspection, title, cell)
    if sheet.sheet_state in ("hidden", "veryHidden"):
        _hidden_sheet(inspection, sheet, len(filled))
    _hidden_rows(inspection, sheet, filled)
    _hidden_columns(inspection, sheet, filled)
    for column, entries in columns.items():
        cells = [text for _, text in entries]
        for index, finding in inspection.scanner.scan_cells(cells, headers.get(column, "")):
            row = entries[index][0]
            inspection.personal(finding, f"sheet '{title}' cell {_letter(column)}{row}")


def _stored_cells(sheet) -> Iterable:
    """The cells the file holds, in row order. `iter_rows` would create every empty cell up
    to the furthest formatted one (a million rows for a whole-column format), so the
    worksheet's own cell store is read when openpyxl has it."""
    cells = getattr(sheet, "_cells", None)
    if isinstance(cells, dict):
        return [cells[key] for key in sorted(cells)]
    return [cell for row in sheet.iter_rows() for cell in row]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _xlsx_comment(inspection: _Inspection, title: str, cell) -> None:
    location = f"sheet '{title}' cell {cell.coordinate}"
    inspection.add("attachment.comment", f"Cell {cell.coordinate} of sheet '{title}' has a "
                   "comment.", location)
    inspection.scan(cell.comment.text or "", location, "in a cell comment")
    if cell.comment.author:
        inspection.scan(cell.comment.author, location, "as a comment's author")


def _hidden_sheet(inspection: _Inspection, sheet, values: int) -> None:
    title = sheet.title
    if sheet.sheet_state == "veryHidden":
        inspection.add("attachment.very-hidden-sheet",
                       f"Sheet '{title}' is very hidden and holds {values} "
                       f"{_plural(values, 'value', 'values')}.",
                       f"sheet '{title}'")
    else:
        inspection.add("attachment.hidden-sheet",
                       f"Sheet '{title}' is hidden and holds {values} "
                       f"{_plural(values, 'value', 'values')}.", f"sheet '{title}'")


def _runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _hidden_rows(inspection: _Inspection, sheet, filled: dict) -> None:
    hidden = [r for r, dim in sheet.row_dimensions.items() if dim.hidden]
    if not hidden:
        return
    by_row: dict[int, int] = {}
    for row, _ in filled:
        by_row[row] = by_row.get(row, 0) + 1
    for first, last in _runs(hidden):
        values = sum(by_row.get(r, 0) for r in range(first, last + 1))
        if values:
            rows = f"{first}" if first == last else f"{first}:{last}"
            what = _plural(last - first + 1, f"Row {rows} of sheet '{sheet.title}' is",
                           f"Rows {rows} of sheet '{sheet.title}' are")
            inspection.add("attachment.hidden-rows",
                           f"{what} hidden and hold{'s' if first == last else ''} {values} "
                           f"{_plural(values, 'value', 'values')}.",
                           f"sheet '{sheet.title}' {_plural(last - first + 1, 'row', 'rows')} {rows}")


def _hidden_columns(inspection: _Inspection, sheet, filled: dict) -> None:
    hidden = []
    for dim in sheet.column_dimensions.values():
        if dim.hidden or (dim.customWidth and dim.width == 0):
            hidden.extend(range(dim.min or 0, (dim.max or dim.min or 0) + 1))
    if not hidden:
        return
    by_column: dict[int, int] = {}
    for _, column in filled:
        by_column[column] = by_column.get(column, 0) + 1
    for first, last in _runs(c for c in hidden if c):
        values = sum(by_column.get(c, 0) for c in range(first, last + 1))
        if values:
            span = _letter(first) if first == last else f"{_letter(first)}:{_letter(last)}"
            what = _plural(last - first + 1, f"Column {span} of sheet '{sheet.title}' is",
                           f"Columns {span} of sheet '{sheet.title}' are")
            inspection.add("attachment.hidden-columns",
                           f"{what} hidden and hold{'s' if first == last else ''} {values} "
                           f"{_plural(values, 'value', 'values')}.",
                           f"sheet '{sheet.title}' {_plural(last - first + 1, 'column', 'columns')} "
                           f"{span}")


_PIVOT_VALUE = re.compile(rb'<(?:\w+:)?s\s+v="([^"]*)"')  # a shared string item
_CACHED_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")  # an external link's cached cell


def _xlsx_package_parts(inspection: _Inspection, package: zipfile.ZipFile,
                        names: list[str]) -> None:
    for name in names:
        if re.fullmatch(r"xl/pivotCache/pivotCacheDefinition\d*\.xml", name):
            inspection.add("attachment.pivot-cache", "The workbook holds a pivot cache: a "
                           "full copy of the pivot table's source rows.", name)
        if name.startswith("xl/pivotCache/") and name.endswith(".xml"):
            _scan_xml_values(inspection, package.read(name), name, "in a pivot cache")
        elif re.fullmatch(r"xl/externalLinks/externalLink\d*\.xml", name):
            _scan_xml_values(inspection, package.read(name), name,
                             "in values cached from a linked file", _CACHED_VALUE)
        if re.fullmatch(r"xl/externalLinks/externalLink\d*\.xml", name):
            target = _external_target(package, name)
            inspection.add("attachment.external-link", f"The workbook links to another file"
                           f"{f' ({target})' if target else ''}, and keeps cached values "
                           "from it.", name)
        elif re.fullmatch(r"xl/threadedComments/.+\.xml", name):
            inspection.add("attachment.comment", "The workbook holds threaded comments.", name)
            _scan_xml_text(inspection, package.read(name), name, "in a threaded comment")
        elif name.startswith(("xl/embeddings/", "xl/activeX/")):
            inspection.add("attachment.embedded-object", "The workbook holds an embedded "
                           f"object ({PurePosixPath(name).name}).", name)


def _scan_xml_values(inspection: _Inspection, data: bytes, location: str, where: str,
                     pattern: re.Pattern = _PIVOT_VALUE) -> None:
    values = [html.unescape(v.decode("utf-8", "replace")) for v in pattern.findall(data)]
    for index, finding in inspection.scanner.scan_cells(values):
        inspection.personal(finding, f"{location} item {index + 1}", where)


def _scan_xml_text(inspection: _Inspection, data: bytes, location: str, where: str) -> None:
    root = ElementTree.fromstring(data)
    text = "\n".join(t for t in root.itertext() if t.strip())
    inspection.scan_lines(text, f"{location} ", where)


def _external_target(package: zipfile.ZipFile, name: str) -> str:
    """The linked file's name (not its folder, which may name a person's account)."""
    rels = f"{PurePosixPath(name).parent}/_rels/{PurePosixPath(name).name}.rels"
    try:
        root = ElementTree.fromstring(package.read(rels))
    except (KeyError, ElementTree.ParseError):
        return ""
    for rel in root:
        target = rel.get("Target", "")
        if target:
            return _file_name(target)
    return ""


def _file_name(target: str) -> str:
    """The last part of a path or URL, decoded; never the folders (they may name a person)."""
    return unquote(re.split(r"[\\/]", target.rstrip("/\\"))[-1])


# --------------------------------------------------------------------------- Office metadata

_CORE_PERSON = {"creator": "author", "lastModifiedBy": "last modified by"}
_CORE_TEXT = ("title", "subject", "keywords", "description", "category")
_APP_PERSON = {"Manager": "manager", "Company": "company"}


def _office_properties(inspection: _Inspection, package: zipfile.ZipFile) -> None:
    for part, fields in (("docProps/core.xml", _CORE_PERSON), ("docProps/app.xml", _APP_PERSON)):
        values = _xml_fields(package, part)
        for tag, label in fields.items():
            inspection.metadata(values.get(tag), f"{part} {label}", label)
        if part == "docProps/core.xml":
            for tag in _CORE_TEXT:
                inspection.metadata(values.get(tag), f"{part} {tag}")


def _xml_fields(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(package.read(part))
    except (KeyError, ElementTree.ParseError):
        return {}
    return {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in root}


# --------------------------------------------------------------------------- DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_PARTS = re.compile(r"/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_TRACKED = {"ins": "insertion", "del": "deletion", "moveFrom": "moved text (source)",
            "moveTo": "moved text (destination)"}
_EXTERNAL_KINDS = ("oleObject", "subDocument", "frame", "image", "package", "externalLink")


def _inspect_docx(inspection: _Inspection) -> None:
    from docx import Document

    document = Document(str(inspection.path))
    with zipfile.ZipFile(inspection.path) as package:
        _office_properties(inspection, package)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        _docx_relationships(inspection, part, name)
        if name.startswith("/word/embeddings/"):
            inspection.add("attachment.embedded-object", "The document holds an embedded "
                           f"object ({PurePosixPath(name).name}).", name.lstrip("/"))
        if _TEXT_PARTS.fullmatch(name):
            _docx_part(inspection, name.lstrip("/"), part.blob)


def _docx_relationships(inspection: _Inspection, part, name: str) -> None:
    for rel in part.rels.values():
        if not rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind == "attachedTemplate":
            _docx_template(inspection, rel.target_ref, f"{name.lstrip('/')} template")
        elif kind in _EXTERNAL_KINDS:
            target = _file_name(rel.target_ref)
            inspection.add("attachment.external-link", f"The document links to an outside "
                           f"file ({target}).", f"{name.lstrip('/')} relationship {rel.rId}")


_USER_FOLDER = re.compile(r"(?i)[\\/](?:users|documents and settings|home)[\\/]([^\\/]+)")


def _docx_template(inspection: _Inspection, target: str, location: str) -> None:
    """The attached template's path often holds the author's account folder."""
    inspection.scan(unquote(target), location, "in the template path")
    if _USER_FOLDER.search(unquote(target)):
        inspection.add("attachment.metadata", "The document's template path names a user's "
                       "folder, which usually identifies the author.", location, WARNING)


def _docx_part(inspection: _Inspection, name: str, blob: bytes) -> None:
    root = ElementTree.fromstring(blob)
    if name == "word/comments.xml":
        _docx_comments(inspection, name, root)
        return
    for number, _ in enumerate(root.iter(f"{W}object"), 1):
        inspection.add("attachment.embedded-object", "The document holds an embedded object.",
                       f"{name} object {number}")
    in_paragraphs = sum(_docx_paragraph(inspection, name, number, paragraph)
                        for number, paragraph in enumerate(root.iter(f"{W}p"), 1))
    elsewhere = sum(1 for kind in _TRACKED for _ in root.iter(f"{W}{kind}")) - in_paragraphs
    if elsewhere > 0:
        inspection.add("attachment.tracked-change", f"{elsewhere} tracked change(s) to tables "
                       "or sections are still in the document.", name)


def _docx_tracked(inspection: _Inspection, location: str, number: int, paragraph) -> int:
    kinds = [label for kind, label in _TRACKED.items() for _ in paragraph.iter(f"{W}{kind}")]
    if kinds:
        inspection.add("attachment.tracked-change", f"Paragraph {number} has {len(kinds)} "
                       f"tracked change(s) still in the document ({', '.join(kinds)}).",
                       location)
    return len(kinds)


_RUN_TEXT = (f"{W}t", f"{W}instrText")  # visible text and field codes (which hold mailto: links)


def _docx_paragraph(inspection: _Inspection, name: str, number: int, paragraph) -> int:
    """Scan one paragraph (deleted text and field codes included); its tracked changes."""
    location = f"{name} paragraph {number}"
    tracked = _docx_tracked(inspection, location, number, paragraph)
    texts, hidden, deleted = [], [], []
    for run in paragraph.iter(f"{W}r"):
        run_text = " ".join(t.text or "" for t in run.iter() if t.tag in _RUN_TEXT)
        texts.append(run_text)
        deleted.extend(t.text or "" for t in run.iter(f"{W}delText"))
        properties = run.find(f"{W}rPr")
        vanished = properties is not None and properties.find(f"{W}vanish") is not None
        if vanished and run_text.strip():
            hidden.append(run_text)
    if hidden:
        inspection.add("attachment.hidden-text", f"Paragraph {number} holds text formatted "
                       f"as hidden ({sum(len(h) for h in hidden)} characters).", location)
    inspection.scan("".join(texts), location)
    inspection.scan("".join(deleted), location, "in deleted text (a tracked change)")
    return tracked


def _docx_comments(inspection: _Inspection, name: str, root) -> None:
    for number, comment in enumerate(root.iter(f"{W}comment"), 1):
        location = f"{name} comment {number}"
        inspection.add("attachment.comment", f"Comment {number} is still in the document.",
                       location)
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                         for p in comment.iter(f"{W}p"))
        inspection.scan(text, location, "in a comment")
        author = comment.get(f"{W}author", "")
        if author:
            inspection.scan(author, location, "as a comment's author")


# --------------------------------------------------------------------------- PDF
#
# Pages are read with pdfminer.six (the engine under pdfplumber) through a small layout
# device that also records each character's text render mode; going through pdfplumber's
# dictionaries made pages about four times slower. pypdf reads the document information,
# attached files and annotations.

DARK = 0.35  # luminance at or below which a filled box hides dark text
LIGHT = 0.9  # luminance at or above which text is white (or nearly)
OVERLAP = 0.3  # share of a character's box that must lie under the filled box
INVISIBLE_MODES = (3, 7)  # text render modes that paint nothing


def luminance(colour: object) -> float | None:
    """0 (black) to 1 (white) for a PDF colour (gray, RGB or CMYK), None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return None
    if not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        red, green, blue = colour
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue
    if len(colour) == 4:
        cyan, magenta, yellow, black = colour
        return (1 - min(1, cyan + black)) * 0.2126 + (1 - min(1, magenta + black)) * 0.7152 \
            + (1 - min(1, yellow + black)) * 0.0722
    return None


class PasswordProtected(Exception):
    """The PDF needs a password to open."""


@dataclass
class _PdfPage:
    number: int
    bbox: tuple[float, float, float, float]
    chars: list  # pdfminer LTChar, each with an `invisible` flag
    boxes: list  # filled LTRect / LTCurve


def _inspect_pdf(inspection: _Inspection) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(inspection.path))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PasswordProtected("the PDF needs a password")
    info = reader.metadata or {}
    inspection.metadata(_pdf_text(info.get("/Author")), "PDF information author", "author")
    for key in ("/Title", "/Subject", "/Keywords"):
        inspection.metadata(_pdf_text(info.get(key)), f"PDF information {key[1:].lower()}")
    for name in reader.attachments:
        inspection.add("attachment.embedded-object", f"The PDF carries an attached file "
                       f"({name}).", "PDF embedded files")
    for page in _pdf_pages(inspection.path):
        _pdf_page(inspection, page)
    for number, page in enumerate(reader.pages, 1):
        _pdf_annotations(inspection, page, number)


def _pdf_text(value: object) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value) if value is not None else None


def _pdf_pages(path: Path) -> Iterable[_PdfPage]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        resources = PDFResourceManager(caching=True)
        device = _layout_device()(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            interpreter.process_page(page)
            chars, boxes = [], []
            _collect(device.layout, chars, boxes)
            yield _PdfPage(number, tuple(device.layout.bbox), chars, boxes)


@functools.lru_cache(maxsize=1)
def _layout_device() -> type:
    """The device class, built on first use so importing this module stays cheap."""
    from pdfminer.converter import PDFLayoutAnalyzer

    class LayoutWithRenderModes(PDFLayoutAnalyzer):
        """Keeps each page's characters and shapes, marking characters drawn invisibly."""

        layout = None
        mode = 0

        def render_string(self, textstate, seq, ncs, graphicstate):
            self.mode = textstate.render
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs,
                                          graphicstate)
            self.cur_item._objs[-1].invisible = self.mode in INVISIBLE_MODES
            return advance

        def receive_layout(self, ltpage):
            self.layout = ltpage

    return LayoutWithRenderModes


def _collect(container, chars: list, boxes: list) -> None:
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    for item in container:
        if isinstance(item, LTChar):
            chars.append(item)
        elif isinstance(item, LTCurve):
            if item.fill:
                boxes.append(item)
        elif isinstance(item, LTContainer):
            _collect(item, chars, boxes)


def _pdf_page(inspection: _Inspection, page: _PdfPage) -> None:
    number = page.number
    covered = _covered_chars(page.chars, page.boxes)
    hidden = {id(c) for c in covered}
    shown = [c for c in page.chars if id(c) not in hidden] if hidden else page.chars
    for finding in inspection.scanner.scan(_page_text(shown)):
        inspection.personal(finding, f"page {number}")
    if covered:
        inspection.add("attachment.text-under-box",
                       f"{len(covered)} character(s) of text lie under a filled dark box on "
                       f"page {number}: the text is still in the file and can be copied.",
                       f"page {number}")
        inspection.scan(_page_text(covered), f"page {number}", "under a filled box")
    drawn_invisibly = sum(1 for c in page.chars if c.invisible and c.get_text().strip())
    if drawn_invisibly:
        inspection.add("attachment.invisible-text",
                       f"Page {number} has {drawn_invisibly} character(s) drawn invisibly "
                       "(text render mode 3 or 7), as in an OCR layer or hidden text.",
                       f"page {number}")
    faint = _faint_chars(page)
    if faint:
        inspection.add("attachment.invisible-text",
                       f"{len(faint)} character(s) on page {number} can't be seen (white on "
                       "white, smaller than 1 pt or off the page) but are in the text.",
                       f"page {number}")


def _page_text(chars: list) -> str:
    """Lines top to bottom, characters left to right, a space where a gap is wider than a
    fifth of the font size (as pdfplumber's extract_text does with its tolerances)."""
    ordered = sorted(chars, key=lambda c: (-c.y1, c.x0))
    lines: list[list] = []
    for char in ordered:
        if lines and abs(lines[-1][0].y1 - char.y1) <= max(2.0, 0.3 * char.size):
            lines[-1].append(char)
        else:
            lines.append([char])
    text = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        parts, previous = [], None
        for char in line:
            if previous is not None and char.x0 - previous.x1 > 0.2 * max(char.size, 1) \
                    and not previous.get_text().isspace():
                parts.append(" ")
            parts.append(char.get_text())
            previous = char
        text.append("".join(parts))
    return "\n".join(text)


def _colour(item) -> object:
    colour = getattr(item, "non_stroking_color", None)
    if colour is None and getattr(item, "graphicstate", None) is not None:
        colour = item.graphicstate.ncolor
    return colour


def _overlap(char, box) -> float:
    width = min(char.x1, box.x1) - max(char.x0, box.x0)
    height = min(char.y1, box.y1) - max(char.y0, box.y0)
    area = max(char.x1 - char.x0, 0.01) * max(char.y1 - char.y0, 0.01)
    return max(width, 0) * max(height, 0) / area


def _covered_chars(chars: list, boxes: list) -> list:
    """Dark (or unknown-colour) visible characters overlapping a dark filled box.

    Paint order is not kept, so light text on a dark box (a banner heading) is taken as
    drawn on top of it and not counted; test for overlap, not containment."""
    dark = [b for b in boxes if (luminance(_colour(b)) or 0) <= DARK]
    if not dark:
        return []
    covered = []
    for char in chars:
        if char.invisible or not char.get_text().strip():
            continue
        shade = luminance(_colour(char))
        if shade is not None and shade >= LIGHT - 0.3:
            continue
        if any(_overlap(char, box) >= OVERLAP for box in dark):
            covered.append(char)
    return covered


def _faint_chars(page: _PdfPage) -> list:
    """Visible-mode characters that still can't be seen: white with no darker filled box
    beneath, under 1 pt, or wholly off the page."""
    x0, y0, x1, y1 = page.bbox
    shaded = [b for b in page.boxes if (luminance(_colour(b)) or 0) < LIGHT]
    faint = []
    for char in page.chars:
        if char.invisible or not char.get_text().strip():
            continue
        off_page = char.x1 <= x0 or char.x0 >= x1 or char.y1 <= y0 or char.y0 >= y1
        shade = luminance(_colour(char))
        white = shade is not None and shade >= LIGHT and \
            not any(_overlap(char, box) > 0 for box in shaded)
        if off_page or char.size < 1 or white:
            faint.append(char)
    return faint


_NOTE_TYPES = {"/Text", "/FreeText", "/Popup", "/Highlight", "/Underline", "/StrikeOut",
               "/Squiggly", "/Ink", "/Stamp", "/Caret", "/Square", "/Circle", "/Polygon"}


def _pdf_annotations(inspection: _Inspection, page, number: int) -> None:
    annotations = page.get("/Annots")
    if not annotations:
        return
    for index, reference in enumerate(annotations.get_object(), 1):
        annotation = reference.get_object()
        subtype = annotation.get("/Subtype")
        location = f"page {number} annotation {index}"
        if subtype == "/FileAttachment":
            inspection.add("attachment.embedded-object", "A file is attached to the page.",
                           location)
        elif subtype in _NOTE_TYPES:
            inspection.add("attachment.comment", f"Page {number} has a comment or mark-up "
                           f"({str(subtype).lstrip('/')}).", location)
            inspection.scan(str(annotation.get("/Contents") or ""), location, "in a comment")
            inspection.scan(str(annotation.get("/T") or ""), location, "as a comment's author")


READERS: dict[str, Callable[[_Inspection], None]] = {
    ".pdf": _inspect_pdf,
    ".docx": _inspect_docx,
    ".docm": _inspect_docx,
    ".xlsx": _inspect_xlsx,
    ".xlsm": _inspect_xlsx,
    ".csv": _inspect_csv,
    ".txt": _inspect_text,
    ".md": _inspect_text,
    ".json": _inspect_text,
}
