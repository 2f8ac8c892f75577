"""The checks made on a dataset's CSV file before frictionless reads it: its size, its
encoding (UTF-8, else Windows-1252), whether it is empty, and its shape read strictly
(a quote left open, a column named twice, too many rows, blank rows at the end), whose
frictionless messages are hard to follow. The dataset stage's pass makes them as it
streams the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from opcc.config import Limits
from opcc.datasets.descriptors import Resource
from opcc.diagnostics import Diagnostic, error, warning
from opcc.kinds.pages import human_size

_CHUNK = 1 << 20


def detect_encoding(data: bytes) -> tuple[str | None, str | None]:
    """(encoding, note) for CSV bytes: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data[3:].decode("utf-8")
            return "utf-8-sig", None
        except UnicodeDecodeError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252", "windows-1252"
    except UnicodeDecodeError:
        return None, None


def sniff_encoding(path: Path) -> tuple[str | None, str | None, bool]:
    """(encoding, note, empty) of a CSV file read in blocks, never whole: the same answer
    as `detect_encoding` on its bytes; empty when it holds nothing but white space."""
    empty = True
    with open(path, "rb") as handle:
        decoder = codecs.getincrementaldecoder("utf-8")()
        first = b""
        utf8 = True
        for block in iter(lambda: handle.read(_CHUNK), b""):
            if len(first) < 3:
                first += block[:3 - len(first)]
            empty = empty and not block.strip()
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return ("utf-8-sig" if first == b"\xef\xbb\xbf" else "utf-8"), None, empty
        handle.seek(0)
        empty = True
        for block in iter(lambda: handle.read(_CHUNK), b""):
            empty = empty and not block.strip()
            try:
                block.decode("cp1252")  # a single-byte code: blocks decode on their own
            except UnicodeDecodeError:
                return None, None, False
    return "cp1252", "windows-1252", empty


def size_problem(resource: Resource, limits: Limits) -> Diagnostic | None:
    """The error for a file over the size limit (it is then not read at all)."""
    size = resource.source.stat().st_size
    if size <= limits.max_file_bytes:
        return None
    return error(
        "dataset.too-large", f"the file is {human_size(size)}, over the limit of "
        f"{human_size(limits.max_file_bytes)}", path=resource.relative,
        hint="check it is the right file; split the data into several files (one "
        "per month or year), or raise limits.max_file_mb in site.yaml")


def encoding_problems(resource: Resource, encoding: str | None, note: str | None,
                      empty: bool) -> list[Diagnostic]:
    """The undecodable file (an error), the Windows-1252 one (a warning), the empty one."""
    if encoding is None:
        return [error("dataset.encoding", "the file is neither UTF-8 nor "
                      "Windows-1252 text", path=resource.relative,
                      hint="export it again as 'CSV UTF-8'")]
    found = []
    if note:
        found.append(warning(
            "dataset.encoding", "the file is Windows-1252 (as older Excel saves CSV), "
            "not UTF-8; it was read as Windows-1252 and is published as UTF-8",
            path=resource.relative, hint="save it as 'CSV UTF-8 (Comma delimited)' to "
            "silence this warning"))
    if empty:
        found.append(error("dataset.empty", "the file is empty", path=resource.relative,
                           hint="export the data again, with its header row"))
    return found


def open_csv(resource: Resource):
    """The resource's CSV as text, as frictionless and the publisher read it."""
    return open(resource.source, encoding=resource.encoding, newline="")


@dataclass(frozen=True)
class CsvShape:
    """What a strict read of a CSV file found (see `read_shape`)."""
    header: tuple[str, ...]
    last_row: int  # the last row with any content; the header is row 1
    total_rows: int
    quote: tuple[int, int, str] | None = None  # (row, line, what is wrong) for a bad quote


def read_shape(lines) -> CsvShape:
    """The header and row counts of CSV text (a string or lines), read strictly so that
    a quote left open (which would swallow the rest of the file into one cell) is found."""
    if isinstance(lines, str):
        lines = io.StringIO(lines, newline="")
    reader = csv.reader(lines, strict=True)
    header: list[str] = []
    last = total = line = 0
    try:
        for number, row in enumerate(reader, start=1):
            header = row if number == 1 else header
            total, line = number, reader.line_num
            if "".join(row).strip():
                last = number
    except csv.Error as exc:
        return CsvShape(tuple(header), last, total, (total + 1, line + 1, str(exc)))
    return CsvShape(tuple(header), last, total)


def shape_diagnostics(shape: CsvShape, resource: Resource, limits: Limits
                      ) -> list[Diagnostic]:
    """Problems of the file's shape (errors), else the warning for blank rows at the end."""
    problems = _shape_problems(shape, resource, limits)
    if problems:
        return problems
    if shape.total_rows - shape.last_row > 1:
        return [warning(
            "dataset.blank-rows", f"{shape.total_rows - shape.last_row} empty rows at the end "
            "of the file were ignored", path=resource.relative, row=shape.last_row + 1,
            hint="delete them in the spreadsheet before exporting")]
    return []


def _quote_message(problem: str) -> str:
    if "expected after" in problem:
        return "a closing quote is followed by more text in the same cell"
    if "field larger" in problem or "end of data" in problem:
        return "a quote opened here is never closed, so the rest of the file would be one cell"
    return f"the row cannot be read as CSV ({problem})"


def _shape_problems(shape: CsvShape, resource: Resource, limits: Limits) -> list[Diagnostic]:
    """Broken quotes, repeated column names and too many rows: found before frictionless,
    whose messages for them are hard to follow."""
    if shape.quote:
        row, line, problem = shape.quote
        return [error("dataset.quote", f"{_quote_message(problem)} (line {line} of the file)",
                      path=resource.relative, row=row, hint="a cell that contains a comma, "
                      "a quote or a line break is wrapped in double quotes, and a quote "
                      "inside it is doubled (\"\"); export the file again from the "
                      "spreadsheet rather than editing it by hand")]
    problems = []
    seen: dict[str, int] = {}
    for column, name in enumerate(shape.header, start=1):
        if name.strip() in seen:
            problems.append(error(
                "dataset.header", f"column '{name.strip()}' appears twice in the header "
                f"(columns {seen[name.strip()]} and {column})", path=resource.relative,
                line=1, field=name.strip(), hint="each column needs its own name; the header "
                "must be the schema's field names, in the schema's order"))
        seen.setdefault(name.strip(), column)
    if shape.total_rows - 1 > limits.max_dataset_rows:
        problems.append(error(
            "dataset.too-many-rows", f"the file has {shape.total_rows - 1:,} rows, over the "
            f"limit of {limits.max_dataset_rows:,}", path=resource.relative,
            hint="split the data into several files (one per month or year), or raise "
                 "limits.max_dataset_rows in site.yaml"))
    return problems
