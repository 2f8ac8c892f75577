"""Reading a CSV import source: the encoding is detected (UTF-8 with or without BOM,
UTF-16 with a BOM, else Windows-1252) and reported, and so is the delimiter (comma, tab,
semicolon or bar).
"""

from __future__ import annotations

import csv
import io
import re

from opcc.datasets.prechecks import detect_encoding
from opcc.diagnostics import warning
from opcc.importers.tables import Source, Table

DELIMITERS = (",", "\t", ";", "|")
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252",
                   "utf-16": "UTF-16"}


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


def read_csv(source: Source) -> Source:
    """The CSV file's one table, or the source refused (not text, not CSV, empty)."""
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
