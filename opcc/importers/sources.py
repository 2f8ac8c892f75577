"""Reading an import source (a CSV file or a workbook's sheets) and mapping its columns.

`read_source(path, label, …)` returns a `Source` with one `Table` per CSV file or
worksheet: every row as the source holds it (text from a CSV; text, numbers, dates and
times from a workbook) with its row number, so every later diagnostic can point at the
source row and column. Nothing here changes a value.

- CSV: the encoding is detected (UTF-8 with or without BOM, UTF-16 with a BOM, else
  Windows-1252) and reported, and so is the delimiter (comma, tab, semicolon or bar).
- XLSX: every visible sheet, or the named ones. Hidden and very hidden sheets are never read
  without `include_hidden` and are reported either way; so are hidden rows and columns,
  links to other workbooks, comments, pivot caches and author names in the document
  properties (through attachments.inspect_attachment). The workbook is only read.
- Anything else (JSON descriptors and schemas, legacy .xls, ODS, PDF …) is refused with a
  diagnostic saying what the file is and what to do instead.

Columns: the header is the row whose headings match the most schema fields (`Matcher`:
the --map file's `columns:` first, then the variants in header-variants.yaml, by
letters and digits only). `plan_columns` gives each field its column(s); everything else is
dropped and listed with the reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from opcc.datasets.descriptors import FieldSpec
from opcc.datasets.prechecks import detect_encoding
from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.redaction import Scanner
from opcc.redaction.inspectors import OLE_MAGIC, inspect_attachment
from opcc.source import yaml_reader as yaml_source

VARIANTS_FILE = "header-variants.yaml"
MAP_SECTIONS = ("columns", "constants", "missing")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", "\t", ";", "|")
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252",
                   "utf-16": "UTF-16"}
_WORKBOOK_CODES = {"attachment.external-link": "dataset.import-external-link",
                   "attachment.metadata": "dataset.import-metadata",
                   "attachment.comment": "dataset.import-workbook",
                   "attachment.pivot-cache": "dataset.import-workbook",
                   "attachment.embedded-object": "dataset.import-workbook"}
NOT_PUBLISHED = "the workbook itself is never copied into the site: only the CSV made from it"


@dataclass
class Table:
    """One CSV file or worksheet, rows as read."""
    sheet: str | None
    rows: list[list[object]]
    numbers: list[int]  # the source row number of each row (1-based, as a spreadsheet shows)
    epoch: datetime = datetime(1899, 12, 30)
    hidden_columns: frozenset[int] = frozenset()  # 0-based; only reported unless included
    hidden_rows: tuple[int, ...] = ()  # row numbers left out

    def letter(self, index: int) -> str | None:
        """Spreadsheet column letter of a 0-based index (workbooks only)."""
        if self.sheet is None:
            return None
        from openpyxl.utils import get_column_letter
        return get_column_letter(index + 1)


@dataclass
class Source:
    path: Path
    label: str  # as the user wrote it, for diagnostics
    kind: str  # "csv" or "xlsx"
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # a plain-English name, for CSV
    delimiter: str | None = None
    hidden_sheets: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unusable: bool = False

    def refuse(self, code: str, message: str, hint: str) -> Source:
        self.diagnostics.append(error(code, message, path=self.label, hint=hint))
        self.unusable = True
        return self


def read_source(path: Path, label: str, sheets: tuple[str, ...] = (),
                include_hidden: bool = False, scanner: Scanner | None = None,
                organisation: tuple[str, ...] = ()) -> Source:
    """Read a CSV or XLSX import source (see the module docstring)."""
    source = Source(path, label, "csv")
    if not path.is_file():
        return source.refuse("dataset.import-source", "the file does not exist",
                             "check the path (it is relative to the current folder)")
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        return source.refuse("dataset.import-source", f"the file can't be read "
                             f"({exc.strerror or exc})", "check the file's permissions")
    refusal = _refusal(path, head)
    if refusal:
        return source.refuse("dataset.import-format", *refusal)
    if head.startswith(b"PK\x03\x04"):
        source.kind = "xlsx"
        return _read_workbook(source, sheets, include_hidden, scanner or Scanner(), organisation)
    if sheets:
        return source.refuse("dataset.import-sheet", "--sheet is for workbooks, and this is a "
                             "CSV file", "leave out --sheet")
    return _read_csv(source)


# --------------------------------------------------------------------------- refusals

def _refusal(path: Path, head: bytes) -> tuple[str, str] | None:
    """(message, hint) when the file is not a CSV or XLSX table, else None."""
    suffix = path.suffix.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(OLE_MAGIC):
        return ("the file is a legacy Excel .xls workbook or a password-protected one",
                "open it in Excel and save it as .xlsx (without a password) or as CSV UTF-8")
    if suffix == ".json" or (stripped[:1] == b"{" and _is_json(path)):
        return _json_refusal(path)
    if head.startswith(b"%PDF"):
        return ("the file is a PDF, not a table of data", ("export the data from its source "
                "system as CSV or XLSX; tables are never copied out of PDFs"))
    if head.startswith(b"PK\x03\x04") and suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        return (f"'{path.suffix}' files are not read (only CSV and XLSX)",
                "save the sheet as .xlsx or as CSV UTF-8")
    if not head.startswith(b"PK\x03\x04") and suffix not in CSV_SUFFIXES:
        return (f"'{path.suffix or path.name}' files are not read (only CSV and XLSX)",
                "export the data as CSV UTF-8 or XLSX")
    return None


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"))
        return True
    except (UnicodeDecodeError, ValueError):
        return False


def _json_refusal(path: Path) -> tuple[str, str]:
    """Say what a JSON file is: a descriptor, a schema or data, and what to do instead."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ("the file is JSON but not UTF-8 text, and JSON is not a table to import",
                "import the CSV or XLSX file holding the data")
    except json.JSONDecodeError as exc:
        kind = "a CSVW metadata file" if path.name.endswith("-metadata.json") else "JSON"
        return ((f"the file looks like {kind} but is not valid JSON (line {exc.lineno}, "
                f"column {exc.colno}: {exc.msg}); in any case a JSON file is not a table "
                "to import"), ("import the CSV file it describes; correct the JSON if you "
                "need it elsewhere"))
    if isinstance(data, dict) and isinstance(data.get("resources"), list):
        count = len(data["resources"])
        return ((f"the file is a Data Package descriptor (it lists {count} resource"
                f"{'s' if count != 1 else ''}), which describes data but holds none"),
                "import each CSV or XLSX file it lists, one at a time")
    if isinstance(data, dict) and isinstance(data.get("fields"), list):
        return ("the file is a Table Schema: it describes columns but holds no rows",
                ("to use it, copy it to datasets/schemas/ and name it as a resource's schema "
                "in datapackage.yaml; then import the CSV it describes"))
    if isinstance(data, dict) and ("tableSchema" in data or "@context" in data):
        return ("the file is CSVW metadata: it describes a CSV but holds no rows",
                "import the CSV file it describes")
    return ("the file is JSON data; only CSV and XLSX tables are imported",
            "export the data as CSV UTF-8 or XLSX")


# --------------------------------------------------------------------------- CSV

def _decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding name) or (None, None)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), _ENCODING_NAMES["utf-16"]
        except UnicodeDecodeError:
            return None, None
    encoding, _ = detect_encoding(data)
    if encoding is None:
        return None, None
    return data.decode(encoding), _ENCODING_NAMES[encoding]


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (comma on a tie)."""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [r for _, r in zip(range(50), csv.reader(io.StringIO(sample, newline=""),
                                                             delimiter=delimiter)) if r]
        except csv.Error:
            continue
        widths = [len(r) for r in rows]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(source: Source) -> Source:
    data = source.path.read_bytes()
    text, encoding = _decode(data)
    if text is None:
        return source.refuse("dataset.import-encoding", "the file's text encoding is not "
                             "UTF-8, UTF-16 or Windows-1252", "open it in Excel or a text "
                             "editor and save it as 'CSV UTF-8'")
    source.encoding = encoding
    if _mixed_encoding(data, encoding):
        source.diagnostics.append(warning(
            "dataset.import-encoding", "the file mixes UTF-8 and Windows-1252 text; it was "
            "read as Windows-1252, so some accented letters or symbols may be wrong",
            path=source.label, hint="save the file once more as 'CSV UTF-8' and import again"))
    source.delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter))
    except csv.Error as exc:
        return source.refuse("dataset.import-source", f"the file is not readable CSV ({exc})",
                             "export it again as 'CSV UTF-8 (Comma delimited)'")
    if not any(any(cell.strip() for cell in row) for row in rows):
        return source.refuse("dataset.import-source", "the file is empty",
                             "export the data again, with its header row")
    source.tables.append(Table(None, [list(r) for r in rows], list(range(1, len(rows) + 1))))
    return source


def _mixed_encoding(data: bytes, encoding: str) -> bool:
    return encoding == _ENCODING_NAMES["cp1252"] and bool(
        re.search(rb"[\xc2-\xf4][\x80-\xbf]{1,3}", data)) and data.count(b"\xc3") > 2


# --------------------------------------------------------------------------- XLSX

def _read_workbook(source: Source, sheets: tuple[str, ...], include_hidden: bool,
                   scanner: Scanner, organisation: tuple[str, ...]) -> Source:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(source.path, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - a damaged workbook is a diagnostic
        return source.refuse("dataset.import-source", f"the workbook can't be read "
                             f"({type(exc).__name__}); it may be damaged or not really XLSX",
                             "open it in Excel and save it again as .xlsx, or as CSV UTF-8")
    chosen = _choose_sheets(source, book, sheets, include_hidden)
    if source.unusable:
        return source
    epoch = book.epoch if isinstance(getattr(book, "epoch", None), datetime) else \
        datetime(1899, 12, 30)
    for sheet in chosen:
        source.tables.append(_sheet_table(source, sheet, epoch, include_hidden))
        _comments(source, sheet)
    _workbook_findings(source, scanner, organisation)
    return source


def _choose_sheets(source: Source, book, names: tuple[str, ...], include_hidden: bool) -> list:
    by_title = {s.title: s for s in book.worksheets}
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            source.hidden_sheets.append(sheet.title)
    for name in names:
        if name not in by_title:
            source.refuse("dataset.import-sheet", f"the workbook has no sheet '{name}'"
                          f"{suggestion(name, list(by_title))}",
                          "sheets: " + ", ".join(f"'{t}'" for t in by_title))
        elif by_title[name].sheet_state != "visible" and not include_hidden:
            source.refuse("dataset.import-sheet", f"sheet '{name}' is hidden in the workbook",
                          "add --include-hidden to import a hidden sheet, after checking it "
                          "holds nothing that must not be published")
    chosen = [by_title[n] for n in names if n in by_title] if names else list(book.worksheets)
    kept = []
    for sheet in chosen:
        if sheet.sheet_state == "visible" or include_hidden:
            kept.append(sheet)
            continue
        state = "very hidden" if sheet.sheet_state == "veryHidden" else "hidden"
        source.diagnostics.append(warning(
            "dataset.import-hidden-sheet", f"sheet '{sheet.title}' is {state} and was not "
            "imported", path=source.label, field=f"'{sheet.title}'",
            hint="add --include-hidden (and --sheet) to import it, after checking it holds "
                 "nothing that must not be published; " + NOT_PUBLISHED))
    if not kept and not source.unusable:
        source.refuse("dataset.import-sheet", "the workbook has no visible sheet to import",
                      "name a sheet with --sheet and add --include-hidden")
    return kept


def _sheet_table(source: Source, sheet, epoch: datetime, include_hidden: bool) -> Table:
    cells = _stored_values(sheet)
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    hidden_columns = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min:
            hidden_columns.update(range(dim.min - 1, (dim.max or dim.min)))
    rows, numbers, left_out = [], [], []
    for number in range(1, height + 1):
        row = [cells.get((number, column)) for column in range(1, width + 1)]
        if number in hidden_rows and not include_hidden:
            if any(v not in (None, "") for v in row):
                left_out.append(number)
            continue
        rows.append(row)
        numbers.append(number)
    filled = {c - 1 for (_, c), v in cells.items() if v != ""}
    columns = frozenset() if include_hidden else frozenset(
        c for c in hidden_columns if c in filled)
    _report_hidden_parts(source, sheet.title, left_out, columns)
    return Table(sheet.title, rows, numbers, epoch, columns, tuple(left_out))


def _stored_values(sheet) -> dict[tuple[int, int], object]:
    """(row, column) → value for the cells the file holds (not every formatted cell)."""
    store = getattr(sheet, "_cells", None)
    cells = store.values() if isinstance(store, dict) else \
        (cell for row in sheet.iter_rows() for cell in row)
    return {(c.row, c.column): c.value for c in cells if c.value is not None}


def _report_hidden_parts(source: Source, title: str, rows: list[int],
                         columns: frozenset[int]) -> None:
    from openpyxl.utils import get_column_letter

    hint = ("add --include-hidden to import them, after checking they hold nothing that must "
            "not be published")
    if rows:
        shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        source.diagnostics.append(warning(
            "dataset.import-hidden-rows", f"{len(rows)} hidden row{'s' if len(rows) != 1 else ''}"
            f" with values in sheet '{title}' (rows {shown}) were not imported",
            path=source.label, field=f"'{title}'", hint=hint))
    if columns:
        letters = ", ".join(get_column_letter(c + 1) for c in sorted(columns))
        source.diagnostics.append(warning(
            "dataset.import-hidden-columns", f"hidden columns {letters} of sheet '{title}' "
            "were not imported", path=source.label, field=f"'{title}'", hint=hint))


def _workbook_findings(source: Source, scanner: Scanner, organisation: tuple[str, ...]) -> None:
    """Links to other files, author names, threaded comments and pivot caches: reported,
    as the workbook holds them even though only the CSV made from it is published."""
    for finding in _package_findings(source.path, scanner, organisation):
        code = _WORKBOOK_CODES.get(finding.code)
        if code is None:
            continue
        source.diagnostics.append(warning(
            code, finding.message, path=source.label, field=finding.location,
            hint=f"{finding.hint}; {NOT_PUBLISHED}"))


def _package_findings(path: Path, scanner: Scanner, organisation: tuple[str, ...]) -> list:
    """The package-level checks of attachments.inspect_attachment (links, properties,
    pivot caches) without reading every cell again; the full inspection if they move."""
    from opcc.redaction.inspectors.xlsx import package_findings

    try:
        return package_findings(path, scanner, organisation)
    except Exception:  # noqa: BLE001 - a damaged part: the full inspection reports it
        return inspect_attachment(path, scanner, organisation)


def _comments(source: Source, sheet) -> None:
    cells = getattr(sheet, "_cells", None)
    count = sum(1 for c in cells.values() if c.comment is not None) \
        if isinstance(cells, dict) else 0
    if count:
        source.diagnostics.append(warning(
            "dataset.import-workbook", f"sheet '{sheet.title}' has {count} cell comment"
            f"{'s' if count != 1 else ''}; comments are not imported", path=source.label,
            field=f"'{sheet.title}'", hint="check they hold nothing that should be in the "
            f"data; {NOT_PUBLISHED}"))


def encoding_note(source: Source) -> str:
    if source.kind == "xlsx":
        return "XLSX workbook"
    names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}
    return f"{source.encoding}, {names.get(source.delimiter or ',', 'comma')}-separated"


# --------------------------------------------------------------------------- headings

def heading_key(text: str) -> str:
    """Headings compare by letters and digits only: '* Date', 'DatePaid', 'date_paid'."""
    return _key(text)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@lru_cache(maxsize=1)
def header_variants() -> dict[str, tuple[str, ...]]:
    """field name → heading keys, most preferred first (header-variants.yaml)."""
    text = resources.files("opcc.importers").joinpath(VARIANTS_FILE).read_text("utf-8")
    data = (yaml.safe_load(text) or {}).get("fields") or {}
    return {str(name): tuple(dict.fromkeys(heading_key(str(v)) for v in variants or ()))
            for name, variants in data.items()}


def field_keys(spec: FieldSpec) -> tuple[str, ...]:
    """The heading keys of a field: its name and title first unless the variants place them."""
    listed = header_variants().get(spec.name, ())
    own = tuple(k for k in (heading_key(spec.name), heading_key(spec.title))
                if k and k not in listed)
    return tuple(dict.fromkeys(own + listed))


# --------------------------------------------------------------------------- mapping file

@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str | None]  # heading (or "column N") → field, None to leave out
    constants: dict[str, str]  # field → the value for every row
    missing: frozenset[str]  # casefolded values meaning "no value"
    label: str


def read_mapping(path: Path, label: str, names: list[str]
                 ) -> tuple[Mapping | None, list[Diagnostic]]:
    """A --map file: `columns: {heading: field or null}`, `constants: {field: value}` and
    `missing: [values meaning 'no value']`; a plain `heading: field` list works too."""
    def problem(message: str, hint: str, line: int | None = None) -> tuple[None, list]:
        return None, [error("dataset.import-map", message, path=label, line=line, hint=hint)]
    try:
        doc = yaml_source.load(path.read_text("utf-8-sig"))
    except OSError as exc:
        return problem(f"cannot read the mapping file: {exc.strerror or exc}", "check the path")
    except UnicodeDecodeError:
        return problem("the mapping file is not UTF-8 text", "save it as UTF-8")
    except yaml_source.YamlSyntaxError as exc:
        return problem(exc.message, exc.hint, exc.line)
    # every value as written ("0.00" stays "0.00", a heading "2019" stays text)
    data = yaml.load(path.read_text("utf-8-sig"), Loader=yaml.BaseLoader)
    if not isinstance(doc.data, dict) or not isinstance(data, dict):
        return problem("the mapping file should hold 'columns:', 'constants:' and 'missing:'",
                       "write one with --write-map FILE and fill it in")
    sectioned = any(k in MAP_SECTIONS or isinstance(v, (dict, list)) for k, v in data.items())
    return _mapping_from(data if sectioned else {"columns": data}, label, names, doc)


def _mapping_from(data: dict, label: str, names: list[str], doc) -> tuple[Mapping | None, list]:
    found: list[Diagnostic] = []

    def report(message: str, hint: str, where: tuple) -> None:
        pos = doc.value_positions.get(where) or doc.key_positions.get(where)
        found.append(error("dataset.import-map", message, path=label,
                           line=pos.line if pos else None, hint=hint))
    for key in data:
        if key not in MAP_SECTIONS:
            report(f"unknown section '{key}'{suggestion(str(key), MAP_SECTIONS)}",
                   "the sections are columns:, constants: and missing:", (key,))
    columns, constants = data.get("columns") or {}, data.get("constants") or {}
    missing = data.get("missing") or []
    if not isinstance(columns, dict) or not isinstance(constants, dict) \
            or not isinstance(missing, list):
        report("columns: and constants: should be mappings, and missing: a list",
               "write one with --write-map FILE and fill it in", ())
        return None, found
    fields = "fields: " + ", ".join(names)
    for heading, target in columns.items():
        target = _field_or_none(target)
        if target is not None and target not in names:
            report(f"'{heading}' is mapped to '{target}', which is not a field of the schema"
                   f"{suggestion(str(target), names)}", f"{fields} (or null to leave the "
                   "column out)", ("columns", heading))
    for name in constants:
        if str(name) not in names:
            report(f"a constant for unknown field '{name}'{suggestion(str(name), names)}",
                   fields, ("constants", name))
    if found:
        return None, found
    return Mapping({str(k): _field_or_none(v) for k, v in columns.items()},
                   {str(k): _constant_text(v) for k, v in constants.items()
                    if _constant_text(v) != ""},
                   frozenset(str(m).strip().casefold() for m in missing), label), []


def _field_or_none(value: object) -> str | None:
    """A `columns:` value read as text: null, ~ or nothing leave the column out."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "null", "~", "Null",
                                                                      "NULL")):
        return None
    return str(value).strip()


def _constant_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


# --------------------------------------------------------------------------- columns

class Matcher:
    """Which field a heading stands for: the mapping file first, then the known variants."""

    def __init__(self, specs: tuple[FieldSpec, ...], mapping: Mapping | None):
        self.by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for spec in specs:
            for rank, key in enumerate(field_keys(spec)):
                self.by_key[key].append((rank, spec.name))
        self.exact = dict(mapping.columns) if mapping else {}
        self.keyed = {heading_key(k): v for k, v in self.exact.items()
                      if not re.fullmatch(r"column \d+", k)}
        self._seen: dict[str, tuple[str, ...] | bool] = {}

    def mapped(self, heading: str, number: int | None = None) -> tuple[bool, str | None]:
        """(the mapping names this column, the field or None)."""
        if number is not None and f"column {number}" in self.exact:
            return True, self.exact[f"column {number}"]
        if heading in self.exact:
            return True, self.exact[heading]
        key = heading_key(heading)
        if key and key in self.keyed:
            return True, self.keyed[key]
        return False, None

    def candidates(self, heading: str) -> list[tuple[int, str]]:
        """(rank, field) for every field whose variants hold this heading."""
        return self.by_key.get(heading_key(heading), [])

    def score(self, row: list) -> int:
        """How many fields (and columns the mapping names) a row's cells stand for."""
        fields, named = set(), 0
        for value in row:
            if isinstance(value, str) and value and len(value) < 200:
                hit = self._seen.get(value)
                if hit is None:
                    hit = self._seen[value] = self._stands_for(value)
                if hit is True:
                    named += 1
                elif hit:
                    fields.update(hit)
        return len(fields) + named

    def _stands_for(self, value: str) -> tuple[str, ...] | bool:
        """The fields a cell could be the heading of; True for a column mapped to null."""
        heading = " ".join(value.split())
        if not heading:
            return ()
        found, target = self.mapped(heading)
        if found:
            return (target,) if target else True
        return tuple(name for _, name in self.candidates(heading))


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    heading: str
    label: str  # how messages name it: the heading, 'column 3 (Name)' or 'B (Name)'
    filled: int  # values below the header


@dataclass
class Plan:
    """Where each field comes from."""
    sources: dict[str, list[Column]] = field(default_factory=dict)  # several: first filled
    constants: dict[str, object] = field(default_factory=dict)  # field → normalised Cell
    dropped: list[tuple[Column, str]] = field(default_factory=list)
    empty_unnamed: int = 0  # columns with neither a heading nor a value
    problems: list[Diagnostic] = field(default_factory=list)


def locate_header(table: Table, matcher: Matcher, fields: int) -> int | None:
    """Index of the row that matches the most fields (the first on a tie), or None."""
    best, best_score = None, 0
    for index, row in enumerate(table.rows):
        score = matcher.score(row)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= min(2, fields) else None


def first_filled_row(table: Table) -> int:
    return next((i for i, row in enumerate(table.rows)
                 if any(v not in (None, "") and str(v).strip() for v in row)), 0)


def table_columns(table: Table, header: int) -> list[Column]:
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    cells = rows[header] + [None] * (width - len(rows[header]))
    headings = [" ".join(str(v).split()) if v is not None else "" for v in cells]
    counts = Counter(h for h in headings if h)
    filled = [0] * width
    for number, row in enumerate(rows):
        if number != header:
            for index, value in enumerate(row):
                if value is not None and (not isinstance(value, str) or value.strip()):
                    filled[index] += 1
    columns = []
    for index, heading in enumerate(headings):
        letter = table.letter(index)
        if letter:
            label = f"{letter} ({heading})" if heading else letter
        elif heading and counts[heading] == 1:
            label = heading
        else:
            label = f"column {index + 1}" + (f" ({heading})" if heading else "")
        columns.append(Column(index, heading, label, filled[index]))
    return columns


def plan_columns(columns: list[Column], specs: tuple[FieldSpec, ...], matcher: Matcher,
                 hidden: frozenset[int], where: dict) -> Plan:
    """Map columns to fields: explicit mapping, then variants (best rank wins)."""
    plan = Plan()
    explicit: dict[str, list[Column]] = defaultdict(list)
    auto: dict[str, list[tuple[int, Column]]] = defaultdict(list)
    for column in columns:
        _place_column(column, matcher, hidden, plan, explicit, auto, where)
    for spec in specs:
        _choose_columns(spec.name, explicit.get(spec.name), auto.get(spec.name, []), plan, where)
    return plan


def _place_column(column: Column, matcher: Matcher, hidden: frozenset[int], plan: Plan,
                  explicit: dict, auto: dict, where: dict) -> None:
    if column.index in hidden:
        plan.dropped.append((column, "hidden in the workbook (--include-hidden imports it)"))
        return
    found, target = matcher.mapped(column.heading, column.index + 1)
    if found:
        if target is None:
            plan.dropped.append((column, "mapped to null"))
        else:
            explicit[target].append(column)
        return
    if not column.heading:
        if column.filled:
            plan.dropped.append((column, f"no heading ({column.filled} values)"))
        else:
            plan.empty_unnamed += 1
        return
    hits = matcher.candidates(column.heading)
    names = sorted({name for _, name in hits})
    if len(names) > 1:
        plan.problems.append(error(
            "dataset.import-header", f"the heading '{column.heading}' could be any of the "
            f"fields {', '.join(names)}", **where, hint="say which in the mapping file: "
            f"columns: {{\"{column.heading}\": {names[0]}}}"))
        plan.dropped.append((column, "could be several fields"))
    elif names:
        auto[names[0]].append((hits[0][0], column))
    else:
        plan.dropped.append((column, "no field of the schema has this heading"
                             + ("" if column.filled else " (empty)")))


def _choose_columns(name: str, chosen: list[Column] | None, candidates: list, plan: Plan,
                    where: dict) -> None:
    ranked = sorted(candidates, key=lambda rc: (rc[0], rc[1].index))
    if chosen:
        plan.sources[name] = chosen
        plan.dropped += [(c, f"the mapping file gives '{name}' another column")
                         for _, c in ranked]
        return
    if not ranked:
        return
    best = [c for r, c in ranked if r == ranked[0][0]]
    if len(best) > 1:
        labels = " and ".join(f"'{c.label}'" for c in best)
        plan.problems.append(error(
            "dataset.import-header", f"columns {labels} both look like field '{name}'",
            **where, hint=f"say which in the mapping file, e.g. columns: {{\"column "
            f"{best[0].index + 1}\": {name}, \"column {best[1].index + 1}\": null}}"))
        plan.dropped += [(c, f"could be '{name}'") for c in best]
        return
    plan.sources[name] = [best[0]]
    plan.dropped += [(c, f"'{best[0].label}' was used for '{name}'") for _, c in ranked[1:]]
