"""New FOI records: `opcc new foi` and the import of a case-management export.

A record is written with the next free reference of the year received. An import reads a
CSV export or a workbook (one row per request) as `opcc dataset import` reads its sources
(importers.sources) and finds the header the same way (importers.columns): the row whose
headings match the most record fields, under any title or notes, not necessarily row 1.
It maps the columns to record fields, refuses rows that carry requester details, and checks
every record as `opcc check` would before writing any.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds.foi.reader import check_record_text, find_records
from opcc.kinds.foi.records import (
    DEFAULT_PATTERN,
    REVIEW_KEYS,
    ReferencePattern,
    compile_reference_pattern,
    looks_like_requester,
    normalise_exemption,
)
from opcc.kinds.pages import CONTENT_DIR, FOI_DIR
from opcc.source import placeholders
from opcc.source import yaml_reader as yaml_source
from opcc.source.dates import ISO_DATE, iso_or_day_first
from opcc.source.text_file import relative_name

# --------------------------------------------------------------------------- writing records

def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (plain where that is safe)."""
    plain = (value and value == value.strip() and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
             and ": " not in value and " #" not in value and not value.endswith(":")
             and not re.search(r"[,\[\]{}\n\t]", value)
             and not re.fullmatch(r"(?i)true|false|null|yes|no|on|off|~|[-+.\d:eE_]+", value))
    return value if plain else json.dumps(value, ensure_ascii=False)


def _yaml_value(value: str) -> str:
    """Dates stay plain (the loader keeps them as text and validates them); the rest as
    `_yaml_text`."""
    return value if ISO_DATE.match(value) else _yaml_text(value)


def _yaml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_yaml_text(v) for v in values) + "]"


RECORD_PLACEHOLDER_REQUEST = placeholders.FOI_REQUEST  # a record with one is a draft
RECORD_PLACEHOLDER_RESPONSE = placeholders.FOI_RESPONSE


def record_text(fields: dict[str, Any], request: str | None, response: str | None,
                draft: bool = False) -> str:
    """A record file: front matter in the usual key order, then the two sections."""
    lines = ["---"]
    for key in ("reference", "title", "received", "responded", "outcome"):
        if fields.get(key) is not None:
            lines.append(f"{key}: {_yaml_value(str(fields[key]))}")
    lines.append(f"exemptions: {_yaml_list(fields.get('exemptions') or [])}")
    lines.append(f"topics: {_yaml_list(fields.get('topics') or [])}")
    if fields.get("regime") and fields["regime"] != "foia":
        lines.append(f"regime: {fields['regime']}")
    if fields.get("extended_to"):
        lines.append(f"extended_to: {fields['extended_to']}")
    review = {k: fields.get(f"review_{k}") for k in REVIEW_KEYS}
    if any(review.values()):
        inner = ", ".join(f"{k}: {_yaml_value(str(v))}" for k, v in review.items() if v)
        lines.append(f"internal_review: {{{inner}}}")
    if draft:
        lines.append("draft: true  # remove this line once the request and response are "
                     "written and checked")
    lines += ["---", "", "## Request", "", (request or RECORD_PLACEHOLDER_REQUEST).strip(), "",
              "## Response", "", (response or RECORD_PLACEHOLDER_RESPONSE).strip(), ""]
    return "\n".join(lines)


def existing_references(root: Path, pattern: ReferencePattern) -> dict[str, Path]:
    """reference -> file, from the record file names under content/foi/."""
    return {p.stem: p for p in find_records(root) if pattern.parse(p.stem)}


def next_reference(root: Path, year: int, pattern: ReferencePattern | str,
                   taken: Iterable[str] = (), scan: bool = True) -> str:
    """The next free reference of `year`: one more than the highest already used (in
    content/foi/ when `scan`, and in `taken`)."""
    if isinstance(pattern, str):
        pattern = compile_reference_pattern(pattern)
    found = existing_references(root, pattern) if scan else {}
    numbers = [parsed[1] for ref in (*found, *taken)
               if (parsed := pattern.parse(ref)) and parsed[0] == year]
    number = max(numbers, default=0) + 1
    if number >= 10 ** pattern.digits:
        raise ValueError(f"no reference is free in {year}: {pattern.text} allows "
                         f"{10 ** pattern.digits - 1} requests a year")
    return pattern.format(year, number)


NEW_RECORD_TEMPLATE = """\
---
reference: {reference}
title: {title}
received: {received}
# responded: YYYY-MM-DD     # the date the response was sent
# outcome: granted          # granted, partially-granted, refused, not-held or withdrawn
exemptions: []              # e.g. [s40(2), s43(2)]; s12 for cost, s14(1) for vexatious
topics: []                  # e.g. [budget, precept]
# regime: eir               # only if the Environmental Information Regulations applied
# extended_to: YYYY-MM-DD   # public-interest extension (needs a qualified exemption)
# internal_review: {{requested: YYYY-MM-DD, completed: YYYY-MM-DD, outcome: upheld}}
# attachments:              # files beside this record
#   - {{file: {file_stem}-data.csv, title: Title of the document}}
draft: true                 # remove this line once the response is sent
---

## Request

{request}

## Response

{response}
"""


def new_foi_record(root: Path, title: str, received: date,
                   pattern: str = DEFAULT_PATTERN) -> Path:
    """Create content/foi/YEAR/REFERENCE.md (a draft) with the next free reference of the
    year received, and return its path. ValueError if no reference is free."""
    compiled = compile_reference_pattern(pattern)
    reference = next_reference(root, received.year, compiled)
    target = root / CONTENT_DIR / FOI_DIR / str(received.year) / f"{reference}.md"
    text = NEW_RECORD_TEMPLATE.format(
        reference=reference, title=_yaml_text(" ".join(title.split())),
        received=received.isoformat(), file_stem=reference.lower(),
        request=RECORD_PLACEHOLDER_REQUEST, response=RECORD_PLACEHOLDER_RESPONSE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text)
    return target


# --------------------------------------------------------------------------- import

IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    # field -> column headings recognised without a mapping (compared lower-cased, with
    # punctuation read as spaces)
    "reference": ("reference", "ref", "case reference", "case ref", "request reference",
                  "our reference", "foi reference", "case number", "case id", "request id"),
    "title": ("title", "subject", "request title", "request subject", "short description"),
    "received": ("received", "date received", "received date", "date of receipt",
                 "receipt date", "date logged"),
    "responded": ("responded", "date responded", "response date", "date of response",
                  "responded date", "date closed", "closed date", "date sent", "sent date"),
    "outcome": ("outcome", "decision", "result", "response type"),
    "exemptions": ("exemptions", "exemption", "exemptions applied", "exemptions used",
                   "exceptions", "exemptions exceptions"),
    "topics": ("topics", "topic", "category", "categories", "subject area", "theme",
               "themes", "tags"),
    "regime": ("regime", "legislation", "act", "request type"),
    "extended_to": ("extended to", "extended deadline", "extension date", "pit extension",
                    "public interest extension", "extended due date"),
    "review_requested": ("internal review requested", "review requested", "ir requested",
                         "date review requested"),
    "review_completed": ("internal review completed", "review completed", "ir completed",
                         "date review completed"),
    "review_outcome": ("internal review outcome", "review outcome", "ir outcome"),
    "request": ("request", "request text", "request details", "details of request",
                "question", "questions"),
    "response": ("response", "response text", "response details", "answer", "reply"),
}
REQUIRED_IMPORT_FIELDS = ("title", "received", "responded", "outcome")
_OUTCOME_WORDS = {
    "granted": "granted", "granted in full": "granted", "full disclosure": "granted",
    "information provided": "granted", "disclosed": "granted", "released": "granted",
    "partially granted": "partially-granted", "part granted": "partially-granted",
    "partly granted": "partially-granted", "partial disclosure": "partially-granted",
    "partially disclosed": "partially-granted", "partially released": "partially-granted",
    "refused": "refused", "refused in full": "refused", "withheld": "refused",
    "exempt": "refused", "not held": "not-held", "information not held": "not-held",
    "nil return": "not-held", "withdrawn": "withdrawn", "closed withdrawn": "withdrawn",
    "lapsed": "withdrawn",
}
_REVIEW_WORDS = {"upheld": "upheld", "partially upheld": "partially-upheld",
                 "part upheld": "partially-upheld", "overturned": "overturned",
                 "not upheld": "overturned", "reversed": "overturned"}
_REGIME_WORDS = {"foia": "foia", "foi": "foia", "freedom of information": "foia",
                 "freedom of information act": "foia", "eir": "eir", "eirs": "eir",
                 "environmental information regulations": "eir", "environmental": "eir"}


def _heading_key(text: str) -> str:
    """Headings compare as the dataset import compares them: letters and digits only, so
    "Date received", "date_received" and "DateReceived" are one heading."""
    from opcc.importers.columns import heading_key
    return heading_key(str(text))


def _cell_text(value: object) -> str:
    """A cell as text: a workbook's dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _word_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower().replace("-", " ")).split())


@dataclass
class _ImportRow:
    number: int  # the row's number in the source (as a spreadsheet shows it)
    fields: dict[str, Any]
    columns: dict[str, str]  # field -> the CSV column it came from
    request: str | None = None
    response: str | None = None


class _Importer:
    def __init__(self, csv_path: Path, root: Path, mapping: dict | None, force: bool,
                 pattern: ReferencePattern, today: date):
        self.csv_path = csv_path
        self.root = root
        self.mapping = mapping or {}
        self.force = force
        self.pattern = pattern
        self.today = today
        self.label = relative_name(csv_path, root)
        self.diagnostics: list[Diagnostic] = []
        self.existing = existing_references(root, pattern)
        self.explicit: set[str] = set()  # references written in the file

    def report(self, code: str, message: str, hint: str, row: int | None = None,
               column: str | None = None, severity: Callable = error) -> None:
        self.diagnostics.append(severity(code, message, path=self.label, row=row, field=column,
                                         hint=hint))

    header_number = 1  # the header's row number in the source

    def read(self) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
        """(the header's headings, [(row number, cells)] of the rows below it), or None.
        The source is read as `opcc dataset import` reads one (CSV with its encoding and
        delimiter detected, or a workbook's visible sheets) and the header is found as it
        finds one: the row whose headings match the most record fields."""
        from opcc.importers.sources import read_source

        if not self.csv_path.is_file():
            self.report("foi.import", "cannot read the file: it does not exist",
                        "check the path of the export")
            return None
        source = read_source(self.csv_path, self.label)
        for found in source.diagnostics:
            self.diagnostics.append(Diagnostic(found.severity, "foi.import", found.message,
                                               path=self.label, row=found.row,
                                               field=found.field, hint=found.hint))
        if source.unusable:
            return None
        if source.encoding == "Windows-1252":
            self.report("foi.import", "the file is not UTF-8; it was read as Windows text "
                        "(cp1252)", "check accented letters and £ signs in the new records, "
                        "or export as UTF-8 CSV", severity=warning)
        chosen = self.choose_table(source.tables)
        if chosen is None:
            self.report("foi.import", "the file is empty", "export at least a header row "
                        "and one request", row=1)
            return None
        table, header = chosen
        self.header_number = table.numbers[header]
        if header > 0 and any(any(_cell_text(c).strip() for c in r) for r in table.rows[:header]):
            above = sum(1 for r in table.rows[:header] if any(_cell_text(c).strip() for c in r))
            self.report("foi.import", f"the header is on row {self.header_number}: "
                        f"{above} row{'s' if above != 1 else ''} above it (titles or notes) "
                        f"{'were' if above != 1 else 'was'} left out", "check they hold no "
                        "requests", row=self.header_number, severity=warning)
        rows = [(number, [_cell_text(c) for c in cells])
                for number, cells in zip(table.numbers[header + 1:], table.rows[header + 1:])]
        return ([_cell_text(c).strip() for c in table.rows[header]],
                [(n, cells) for n, cells in rows if any(c.strip() for c in cells)])

    def choose_table(self, tables: list) -> tuple[Any, int] | None:
        """The table (a CSV file, or the first sheet with a header) and its header's index:
        the row whose headings match the most record fields, as the dataset import finds
        it, else the first row shaped like a header, else the first filled row."""
        from opcc.importers.columns import Matcher, guess_header, locate_header

        matcher = Matcher.for_keys(IMPORT_FIELDS, self.mapping)
        filled = [t for t in tables if any(any(_cell_text(c).strip() for c in r) for r in t.rows)]
        found = [(t, locate_header(t, matcher, len(IMPORT_FIELDS))) for t in filled]
        with_header = [(t, h) for t, h in found if h is not None]
        if with_header:
            table, header = with_header[0]
        elif filled:
            table = filled[0]
            header = guess_header(table)
            if header is None:
                header = next(i for i, r in enumerate(table.rows)
                              if any(_cell_text(c).strip() for c in r))
        else:
            return None
        others = [t.sheet for t in filled if t is not table]
        if others:
            self.report("foi.import", f"only sheet '{table.sheet}' was read; the other sheets "
                        f"({', '.join(repr(s) for s in others)}) were not", "save each sheet "
                        "as its own file to import it", severity=warning)
        return table, header

    def columns(self, header: list[str]) -> dict[int, str | None] | None:
        """column index -> field (None: ignored). Requester columns are returned as
        the marker '!requester' unless the mapping names them."""
        explicit = {_heading_key(k): v for k, v in self.mapping.items()}
        for name, target in self.mapping.items():
            if target is not None and target not in IMPORT_FIELDS:
                self.report("foi.import-map", f"the mapping sends column '{name}' to "
                            f"'{target}', which is not a record field"
                            f"{suggestion(str(target), IMPORT_FIELDS)}",
                            "map each column to one of: " + ", ".join(IMPORT_FIELDS) +
                            ", or to nothing (null) to leave it out")
            if _heading_key(name) not in {_heading_key(h) for h in header}:
                self.report("foi.import-map", f"the mapping names column '{name}', which is "
                            "not in the file", "check the column heading in the export",
                            severity=warning)
        synonyms = {_heading_key(s): f for f, names in IMPORT_FIELDS.items()
                    for s in (f, *names)}
        result: dict[int, str | None] = {}
        used: dict[str, str] = {}
        for index, heading in enumerate(header):
            key = _heading_key(heading)
            if key in explicit:
                target = explicit[key]
                target = target if target in IMPORT_FIELDS else None
            elif looks_like_requester(heading):
                target = "!requester"
            else:
                target = synonyms.get(key)
                if target is None and heading:
                    self.report("foi.import-column", f"column '{heading}' is not used",
                                "map it to a record field with --map, or to nothing (null) "
                                "to silence this", row=self.header_number, column=heading,
                                severity=warning)
            if target and target != "!requester":
                if target in used:
                    self.report("foi.import-map", f"columns '{used[target]}' and '{heading}' "
                                f"both give '{target}'", "map one of them to nothing (null) "
                                "with --map", row=self.header_number, column=heading)
                    continue
                used[target] = heading
            result[index] = target
        for name in REQUIRED_IMPORT_FIELDS:
            if name not in used:
                self.report("foi.import-column", f"no column gives the '{name}' of each "
                            "request", f"name a column '{IMPORT_FIELDS[name][0]}', or map "
                            f"yours to '{name}' with --map", row=self.header_number)
        if any(d.severity == "error" for d in self.diagnostics):
            return None
        return result

    def row(self, number: int, cells: list[str], header: list[str],
            columns: dict[int, str | None]) -> _ImportRow | None:
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        refused = False
        for index, target in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if target == "!requester":
                if cell:
                    refused = True
                    self.report("foi.requester", f"row {number} holds requester details in "
                                f"column '{header[index]}'", "the disclosure log never holds "
                                "who asked: delete the column from the export, or map it to "
                                f"nothing with --map ('{header[index]}: null')",
                                row=number, column=header[index])
                continue
            if target and cell:
                values[target] = cell
                sources[target] = header[index]
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            self.report("foi.import", f"row {number} has more cells than the header",
                        "check for an unquoted comma in a cell", row=number)
            refused = True
        if refused:
            return None
        return self.convert(number, values, sources)

    def convert(self, number: int, values: dict[str, Any],
                sources: dict[str, str]) -> _ImportRow | None:
        fields: dict[str, Any] = {}
        ok = True
        for name, value in values.items():
            if name in ("request", "response"):
                continue
            converted = self.value(name, value)
            if converted is None:
                ok = False
                self.report("foi.import-value", f"row {number}: '{value}' is not a valid "
                            f"{name.replace('_', ' ')}", _IMPORT_HINTS.get(name, "check the "
                            "value"), row=number, column=sources[name])
                continue
            fields[name] = converted
        if not ok:
            return None
        texts = [values[k].replace("\r\n", "\n").replace("\r", "\n") if values.get(k) else None
                 for k in ("request", "response")]
        return _ImportRow(number, fields, sources, *texts)

    def value(self, name: str, text: str) -> Any:
        if name in ("received", "responded", "extended_to", "review_requested",
                    "review_completed"):
            return _parse_export_date(text)
        if name == "outcome":
            return _OUTCOME_WORDS.get(_word_key(text))
        if name == "review_outcome":
            return _REVIEW_WORDS.get(_word_key(text))
        if name == "regime":
            return _REGIME_WORDS.get(_word_key(text))
        if name in ("exemptions", "topics"):
            parts = re.split(r"[;\n]|,(?![^()]*\))|\s+and\s+", text)
            return [" ".join(p.split()) for p in parts if p.strip()]
        return " ".join(text.split())

    def check(self, item: _ImportRow, references: set[str]) -> Path | None:
        """Allocate or check the reference, then read the record as `opcc check` will."""
        fields = item.fields
        received = fields.get("received")
        reference = fields.get("reference")
        if reference is None and received:
            reference = next_reference(self.root, received.year, self.pattern,
                                       (*references, *self.explicit, *self.existing),
                                       scan=False)
            fields["reference"] = reference
        if reference in references:
            self.report("foi.import-duplicate", f"row {item.number}: the reference "
                        f"'{reference}' appears twice in the file", "each request has its own "
                        "reference", row=item.number, column=item.columns.get("reference"))
            return None
        references.add(reference)
        year = received.year if received else 0
        target = self.root / CONTENT_DIR / FOI_DIR / str(year) / f"{reference}.md"
        existing = self.existing.get(reference)
        if existing is not None and not self.force:
            self.report("foi.import-exists", f"row {item.number}: {reference} already exists "
                        f"({relative_name(existing, self.root)})", "nothing was overwritten; "
                        "use --force to replace it, or remove the row",
                        row=item.number, column=item.columns.get("reference"))
            return None
        regime = fields.get("regime", "foia")
        fields["exemptions"] = [normalise_exemption(e, regime) or e
                                for e in fields.get("exemptions", [])]
        draft = not (item.request and item.response)
        text = record_text({k: (v.isoformat() if isinstance(v, date) else v)
                            for k, v in fields.items()}, item.request, item.response, draft)
        problems, document = check_record_text(self.root, target, self.pattern, self.today,
                                               text)
        for problem in problems:
            if reference is None and problem.code == "foi.missing-key" and \
                    problem.message.startswith("'reference'"):
                continue  # the reference is allocated from the date received, also missing
            column = item.columns.get(_field_at(document, problem.line, problem.column))
            self.diagnostics.append(Diagnostic(
                problem.severity, problem.code, f"row {item.number}: {problem.message}",
                path=self.label, row=item.number, field=column, hint=problem.hint))
        if any(p.severity == "error" for p in problems):
            return None
        item.fields["_text"] = text
        return target


_IMPORT_HINTS = {
    "received": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "responded": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "extended_to": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "review_requested": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "review_completed": "write dates as YYYY-MM-DD or DD/MM/YYYY",
    "outcome": "use granted, partially granted, refused, not held or withdrawn",
    "review_outcome": "use upheld, partially upheld or overturned",
    "regime": "use FOIA or EIR",
}


def _field_at(doc: yaml_source.YamlDocument | None, line: int | None,
              column: int | None) -> str | None:
    """The import field whose front-matter key or value is at (line, column)."""
    if doc is None or line is None:
        return None
    for table in (doc.value_positions, doc.key_positions):
        for path, pos in table.items():
            if (pos.line, pos.column) == (line, column) and isinstance(path[0], str):
                if path[0] == "internal_review" and len(path) > 1:
                    return f"review_{path[1]}"
                return path[0]
    return None


def _parse_export_date(text: str) -> date | None:
    """A date cell of an export (YYYY-MM-DD or DD/MM/YYYY), any time of day left out."""
    return iso_or_day_first(text.strip().split(" ")[0].split("T")[0])


def import_cases(csv_path: Path, root: Path, mapping: dict | None = None, force: bool = False,
                 reference_pattern: str = DEFAULT_PATTERN, today: date | None = None,
                 dry_run: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Turn a case-management export (CSV, one row per request) into record files.

    `mapping` maps the export's column headings to record fields (see IMPORT_FIELDS), or to
    None to leave a column out; headings it does not name are recognised by their usual
    names. A column that looks like requester details (name, email, address...) refuses
    every row with a value in it unless the mapping sends it to None. Rows without a
    reference get the next free one. Rows without request or response text become drafts.

    All or nothing: every row is read and checked as `opcc check` would; if anything is an
    error, no file is written. An existing record is never replaced unless `force`. With
    `dry_run` nothing is written and the paths that would be created are returned."""
    today = today or date.today()
    try:
        pattern = compile_reference_pattern(reference_pattern)
    except ValueError as exc:
        return [], [error("config.foi", str(exc), path="site.yaml",
                          hint="set foi: {reference_pattern: FOI-YYYY-NNNN} in site.yaml")]
    importer = _Importer(Path(csv_path), root, mapping, force, pattern, today)
    table = importer.read()
    columns = importer.columns(table[0]) if table else None
    if table is None or columns is None:
        return [], importer.diagnostics
    header, body = table
    items = [importer.row(n, cells, header, columns) for n, cells in body]
    if not body:
        importer.report("foi.import", "the file has a header but no requests",
                        "export at least one request", row=importer.header_number,
                        severity=warning)
    importer.explicit = {item.fields["reference"] for item in items
                         if item and item.fields.get("reference")}
    references: set[str] = set()
    planned = [(item, importer.check(item, references)) for item in items if item]
    if any(d.severity == "error" for d in importer.diagnostics):
        return [], importer.diagnostics
    created = []
    for item, target in planned:
        if dry_run:
            created.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.fields["_text"], encoding="utf-8")
        created.append(target)
    return created, importer.diagnostics
