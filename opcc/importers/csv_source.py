"""Reading a CSV import source: the encoding is detected and reported, and so is the
delimiter (comma, tab, semicolon or bar).

Encodings: UTF-16 with a BOM, then UTF-8 (with or without BOM). Anything else is given to
charset-normalizer; a file it reads as Western European text that Windows-1252 decodes is
read as Windows-1252 (the detector often names short Windows-1252 text 'cp1250' or
'latin-1', which read the same bytes the same way for English text). Every other file is
refused with advice to save it as CSV UTF-8: a file the detector is unsure of, one in
another script (Shift-JIS, Cyrillic …), one whose bytes Windows-1252 does not define, and
one that mixes UTF-8 with another encoding. Nothing is read as garbled text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from opcc.diagnostics import error
from opcc.importers.tables import Source, Table

DELIMITERS = (",", "\t", ";", "|")
SAVE_AS_UTF8 = ("open it in Excel and use Save As → CSV UTF-8 (Comma delimited), then "
                "import the new file")
# charset-normalizer's names for single-byte Western European code pages: when it picks
# one of these for bytes Windows-1252 decodes, Windows-1252 is what UK exports use
WESTERN = frozenset({
    "cp1252", "cp1250", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3",
    "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "cp437", "cp775", "cp850", "cp852", "cp857", "cp858", "cp860", "cp861",
    "cp863", "cp865", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "hp_roman8"})
SCRIPTS = {"Japanese text (Shift-JIS)": {"cp932", "shift_jis", "shift_jis_2004", "euc_jp"},
           "Chinese text": {"big5", "gb2312", "gb18030", "gbk", "hz"},
           "Korean text": {"cp949", "euc_kr", "johab"},
           "Cyrillic text": {"cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic"},
           "Greek text": {"cp1253", "iso8859_7", "mac_greek"},
           "Hebrew text": {"cp1255", "iso8859_8"}, "Arabic text": {"cp1256", "iso8859_6"}}
MOST_CHAOS = 0.2  # above this share of odd characters the detector is not confident
# a well-formed UTF-8 sequence of two to four bytes
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-8 text that was read as Windows-1252 and saved again: Â£, Ã©, â€™
_DOUBLE_ENCODED = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161"
                             "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
                             "|\u00e2\u20ac[\u2122\u0153\u201c\u201d\u02dc\u00a6\u00a2]")


@dataclass(frozen=True)
class Decoded:
    """A CSV file's text and the plain-English name of its encoding, or why it was not
    read."""
    text: str | None
    encoding: str | None
    refusal: str | None = None


def decode_csv(data: bytes) -> Decoded:
    """The file's text (see the module docstring), never a guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data)
    utf8 = _utf8(data)
    return utf8 if utf8 is not None else _detected(data)


def _utf16(data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("utf-16"), "UTF-16")
    except UnicodeDecodeError:
        return Decoded(None, None, "the file starts as UTF-16 text but its bytes are "
                       "damaged further on")


def _utf8(data: bytes) -> Decoded | None:
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Decoded(text, "UTF-8 with BOM" if bom else "UTF-8")


def _detected(data: bytes) -> Decoded:
    """Windows-1252 when the detector is confident the text is Western European."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return Decoded(None, None, "the file is not UTF-8, and no text encoding fits its "
                       "bytes: it may be damaged, or not a text file")
    text = _cp1252(data)
    if text is not None and _reads_as_western(matches, best.chaos):
        return _unless_mixed(data, Decoded(text, "Windows-1252"))
    return Decoded(None, None, f"the file is not UTF-8, and its encoding can't be worked "
                   f"out with confidence (it might be {_described(best)}); read as "
                   f"Windows-1252 it would be garbled")


def _unless_mixed(data: bytes, decoded: Decoded) -> Decoded:
    """The Windows-1252 reading, unless the bytes also hold UTF-8 text."""
    if not _UTF8_SEQUENCE.search(data):
        return decoded
    return Decoded(None, None, "the file mixes UTF-8 text with Windows-1252 text, so some "
                   "letters or symbols (such as £ or é) would be garbled whichever way it "
                   "is read")


def _cp1252(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _reads_as_western(matches, least_chaos: float) -> bool:
    """Whether a Western European code page is among the detector's best readings."""
    return least_chaos <= MOST_CHAOS and any(
        match.chaos <= least_chaos and WESTERN & {match.encoding,
                                                  *match.could_be_from_charset}
        for match in matches)


def _described(match) -> str:
    script = next((name for name, codecs in SCRIPTS.items() if match.encoding in codecs), "")
    return f"{match.encoding}, {script}" if script else match.encoding


def double_encoded(text: str) -> str | None:
    """A sample of UTF-8 text garbled by an earlier round trip (Â£, Ã©, â€™), or None."""
    found = _DOUBLE_ENCODED.search(text)
    if found is None:
        return None
    return text[max(found.start() - 12, 0):found.end() + 12].strip()


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
    decoded = decode_csv(source.path.read_bytes())
    if decoded.text is None:
        return source.refuse("dataset.import-encoding", decoded.refusal, SAVE_AS_UTF8)
    garbled = double_encoded(decoded.text)
    if garbled is not None:
        source.diagnostics.append(error(
            "dataset.import-encoding", f"the file was read as {decoded.encoding}, but its "
            f"text was already garbled before it was saved: '{garbled}' (Â£ for £, Ã© for "
            "é, â€™ for ’)", path=source.label, hint="export it again from the finance "
            "system, or correct the garbled letters; then " + SAVE_AS_UTF8))
    source.encoding = decoded.encoding
    source.delimiter = sniff_delimiter(decoded.text)
    try:
        rows = list(csv.reader(io.StringIO(decoded.text, newline=""),
                               delimiter=source.delimiter))
    except csv.Error as exc:
        return source.refuse("dataset.import-source", f"the file is not readable CSV ({exc})",
                             "export it again as 'CSV UTF-8 (Comma delimited)'")
    if not any(any(cell.strip() for cell in row) for row in rows):
        return source.refuse("dataset.import-source", "the file is empty",
                             "export the data again, with its header row")
    source.tables.append(Table(None, [list(r) for r in rows], list(range(1, len(rows) + 1))))
    return source
