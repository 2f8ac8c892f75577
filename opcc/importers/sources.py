"""Reading an import source: a CSV file or a workbook's sheets.

`read_source(path, label, …)` returns a `Source` with one `Table` per CSV file or
worksheet: every row as the source holds it (text from a CSV; text, numbers, dates and
times from a workbook) with its row number, so every later diagnostic can point at the
source row and column. Nothing here changes a value.

- CSV (importers.csv_source): the encoding is detected (UTF-8 with or without BOM,
  UTF-16 with a BOM, else Windows-1252) and reported, and so is the delimiter (comma,
  tab, semicolon or bar).
- XLSX (importers.workbook_source): every visible sheet, or the named ones. Hidden and
  very hidden sheets are never read without `include_hidden` and are reported either way;
  so are hidden rows and columns, links to other workbooks, comments, pivot caches and
  author names in the document properties (through attachments.inspect_attachment). The
  workbook is only read.
- Anything else (JSON descriptors and schemas, legacy .xls, ODS, PDF …) is refused with a
  diagnostic saying what the file is and what to do instead.
- What a file is comes from its first bytes, never its name alone (`sniff_kind`): a file
  whose extension lies (a CSV named .xlsx, a workbook named .csv, an old .xls or an ODS
  named .xlsx, a web page saved as .xls as finance systems do) is refused, saying what it
  really is and what to do (dataset.import-misnamed).

A refusal about what the file holds is the input's fault (exit 1); a path that is not
there, or a --sheet the file can't have, is the command's (`Source.refuse_arguments`).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from opcc.importers.csv_source import read_csv
from opcc.importers.tables import Source
from opcc.importers.workbook_source import read_workbook
from opcc.redaction import Scanner
from opcc.redaction.inspectors import OLE_MAGIC

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_source(path: Path, label: str, sheets: tuple[str, ...] = (),
                include_hidden: bool = False, scanner: Scanner | None = None,
                organisation: tuple[str, ...] = ()) -> Source:
    """Read a CSV or XLSX import source (see the module docstring)."""
    source = Source(path, label, "csv")
    if not path.is_file():
        return source.refuse_arguments("dataset.import-source", "the file does not exist",
                                       "check the path (it is relative to the current folder)")
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        return source.refuse_arguments("dataset.import-source", f"the file can't be read "
                                       f"({exc.strerror or exc})",
                                       "check the file's permissions")
    misnamed = misnamed_refusal(path, sniff_kind(path, head))
    if misnamed:
        return source.refuse("dataset.import-misnamed", *misnamed)
    refusal = _refusal(path, head)
    if refusal:
        return source.refuse("dataset.import-format", *refusal)
    if head.startswith(b"PK\x03\x04"):
        source.kind = "xlsx"
        return read_workbook(source, sheets, include_hidden, scanner or Scanner(), organisation)
    if sheets:
        return source.refuse_arguments("dataset.import-sheet", "--sheet is for workbooks, "
                                       "and this is a CSV file", "leave out --sheet")
    return read_csv(source)


# --------------------------------------------------------------------------- what a file is

@dataclass(frozen=True)
class FileKind:
    """What a file's first bytes say it is, and what to do to import it."""
    name: str  # xlsx, xls, ods, html, spreadsheetml, pdf, zip, text
    described: str  # "an Excel workbook (.xlsx)"
    advice: str


XLSX = FileKind("xlsx", "an Excel workbook (.xlsx)", "rename it to end in .xlsx and import "
                "it again")
TEXT = FileKind("text", "a text file (CSV)", "rename it to end in .csv and import it again")
KINDS = {
    "xls": FileKind("xls", "an Excel 97-2003 workbook (.xls), or a password-protected one",
                    "open it in Excel and save it as .xlsx (without a password) or as CSV "
                    "UTF-8"),
    "ods": FileKind("ods", "an OpenDocument spreadsheet (.ods)", "open it in LibreOffice "
                    "Calc or Excel and save it as .xlsx or as CSV UTF-8"),
    "html": FileKind("html", "a web page (HTML), as some finance systems save their "
                     "reports under a spreadsheet's name", "open it in Excel and use Save "
                     "As → CSV UTF-8 (Comma delimited), then import the new file"),
    "spreadsheetml": FileKind("spreadsheetml", "an Excel 2003 XML spreadsheet", "open it in "
                              "Excel and save it as .xlsx or as CSV UTF-8"),
    "pdf": FileKind("pdf", "a PDF document", "export the data from its source system as CSV "
                    "or XLSX; tables are never copied out of PDFs"),
    "docx": FileKind("docx", "a Word document", "export the data as CSV UTF-8 or XLSX"),
    "zip": FileKind("zip", "a ZIP archive, not a workbook", "take the CSV or XLSX file out "
                    "of the archive and import that"),
}
EXPECTED = {".csv": "text", ".tsv": "text", ".txt": "text", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".xls": "xls", ".ods": "ods"}


def sniff_kind(path: Path, head: bytes) -> FileKind:
    """What the file is, from its first bytes (and a ZIP's list of parts)."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return KINDS["xls"]
    if head.startswith(b"%PDF"):
        return KINDS["pdf"]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        return KINDS["spreadsheetml"]
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<meta")) or (
            start.startswith(b"<") and b"<html" in start):
        return KINDS["html"]
    return TEXT


def _zip_kind(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return XLSX  # a damaged workbook: the workbook reader says so
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return XLSX
    if b"opendocument.spreadsheet" in mimetype:
        return KINDS["ods"]
    if "word/document.xml" in names:
        return KINDS["docx"]
    return KINDS["zip"]


def misnamed_refusal(path: Path, kind: FileKind) -> tuple[str, str] | None:
    """(message, hint) when the file's extension says one format and its bytes another."""
    suffix = path.suffix.lower()
    expected = EXPECTED.get(suffix)
    if expected is None or expected == kind.name:
        return None
    return (f"the file is named {suffix} but it is really {kind.described}", kind.advice)


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


def encoding_note(source: Source) -> str:
    """How the source was read, for the summary: 'UTF-8, comma-separated'."""
    if source.kind == "xlsx":
        return "XLSX workbook"
    names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}
    return f"{source.encoding}, {names.get(source.delimiter or ',', 'comma')}-separated"
