"""New decision records: `opcc new decision` and `opcc decisions import LOG.csv|xlsx`.

A record is written with the next free reference of the year the decision was made. An
import reads an office's decision log (CSV or a workbook, one decision a row) as `opcc
dataset import` reads a spreadsheet (importers.sources: encodings, delimiters, workbook
sheets) and finds the header as it does (importers.columns): the row whose headings match
the most record fields, under any title rows, blank rows skipped. Dates are read as the
dataset importer reads them (importers.date_cells: UK order, text dates, Excel serials and
date cells). Every record is then checked as `opcc check` checks it, and nothing is written
unless every row is right: all or nothing.

A row without the decision's text, its reasons or the interests declared becomes a draft
with placeholders for a person to complete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from opcc.diagnostics import Diagnostic, error, warning
from opcc.importers.cells import Target
from opcc.importers.columns import Matcher, guess_header, heading_key, locate_header
from opcc.importers.date_cells import date_cell
from opcc.kinds.common.reading import find_record_files
from opcc.kinds.decisions.reader import NONE_WORDS, Settings, read_decision
from opcc.kinds.decisions.records import FOLDER, RECORDS
from opcc.kinds.foi.records import ReferencePattern
from opcc.kinds.pages import CONTENT_DIR
from opcc.source.text_file import relative_name

IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    # field -> the column headings it is recognised by (compared as letters and digits)
    "reference": ("reference", "ref", "decision reference", "decision ref", "decision number",
                  "decision no", "record number", "decision id"),
    "title": ("title", "decision title", "subject", "name of decision", "decision subject"),
    "made": ("made", "date made", "decision date", "date of decision", "date", "date signed",
             "signed", "date decided"),
    "decision_maker": ("decision maker", "made by", "decided by", "decision taker",
                       "signed by", "approver"),
    "status": ("status", "publication status", "exempt status", "exemption status",
               "confidentiality"),
    "exemptions": ("exemptions", "exemption", "foi exemption", "foi exemptions"),
    "review_exemption": ("review exemption", "exemption review", "exemption review date",
                         "review date"),
    "category": ("category", "decision type", "type", "theme", "area"),
    "summary": ("summary", "short description", "description"),
    "financial_implications": ("financial implications", "value", "amount", "cost",
                               "value gbp", "amount gbp", "total value"),
    "interests_declared": ("interests declared", "interests", "declaration of interest",
                           "declarations of interest", "declared interests"),
    "meeting": ("meeting", "meeting link", "meeting page"),
    "published": ("published", "date published", "publication date"),
    "decision": ("decision text", "the decision", "decision", "what was decided"),
    "reasons": ("reasons", "reason", "reasons for decision", "rationale"),
}
REQUIRED_FIELDS = ("title", "made", "decision_maker", "category")
DATE_FIELDS = ("made", "published", "review_exemption")
DECISION_PLACEHOLDER = "[TODO: write the decision here in plain English.]"
REASONS_PLACEHOLDER = "[TODO: write the reasons for the decision here.]"
INTERESTS_PLACEHOLDER = "[TODO: none, or the interest the decision-maker declared]"
_STATUS_WORDS = {"public": "public", "open": "public", "non confidential": "public",
                 "not exempt": "public", "part exempt": "part-exempt",
                 "partially exempt": "part-exempt", "partly exempt": "part-exempt",
                 "part confidential": "part-exempt", "partially confidential": "part-exempt",
                 "exempt": "exempt", "confidential": "exempt", "private": "exempt"}


# --------------------------------------------------------------------------- writing

def yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (JSON strings are YAML)."""
    return json.dumps(" ".join(str(value).split()), ensure_ascii=False)


def record_text(fields: dict[str, Any], decision: str | None, reasons: str | None,
                draft: bool) -> str:
    """A decision record: front matter in the usual key order, then its two sections (an
    exempt decision's text is written too: it is kept, never published)."""
    lines = ["---"]
    for key in ("reference", "title", "made", "decision_maker", "status"):
        lines.append(f"{key}: {fields[key] if key in ('made', 'status') else yaml_text(fields[key])}"
                     if fields.get(key) is not None else f"# {key}:")
    if fields.get("exemptions"):
        lines.append("exemptions: [" + ", ".join(yaml_text(e) for e in fields["exemptions"])
                     + "]")
    for key in ("review_exemption", "category", "summary", "financial_implications",
                "interests_declared", "meeting", "published"):
        value = fields.get(key)
        if value is None:
            continue
        plain = key in ("review_exemption", "published", "category") or (
            key == "financial_implications")
        lines.append(f"{key}: {value if plain else yaml_text(value)}")
    if draft:
        lines.append("draft: true  # remove this line once every [TODO: …] is written")
    lines.append("---")
    if fields.get("status") == "exempt" and not (decision or reasons):
        return "\n".join(lines + [""])  # nothing to keep: only its notice is published
    lines += ["", "## Decision", "", (decision or DECISION_PLACEHOLDER).strip(), "",
              "## Reasons", "", (reasons or REASONS_PLACEHOLDER).strip(), ""]
    return "\n".join(lines)


def existing_references(root: Path, pattern: ReferencePattern) -> dict[str, Path]:
    return {p.stem: p for p in find_record_files(root, FOLDER, RECORDS) if pattern.parse(p.stem)}


def next_reference(year: int, pattern: ReferencePattern, taken) -> str:
    """One more than the highest reference of `year` in `taken`."""
    numbers = [parsed[1] for ref in taken if (parsed := pattern.parse(ref)) and parsed[0] == year]
    number = max(numbers, default=0) + 1
    if number >= 10 ** pattern.digits:
        raise ValueError(f"no reference is free in {year}: {pattern.text} allows "
                         f"{10 ** pattern.digits - 1} decisions a year")
    return pattern.format(year, number)


NEW_RECORD = """\
---
reference: {reference}
title: {title}
made: {made}
decision_maker: Police and Crime Commissioner   # the role, never a person's name
status: public              # public, part-exempt or exempt
# exemptions: [s43(2)]      # required when part-exempt or exempt
# review_exemption: YYYY-MM-DD   # exempt: when the exemption will be reviewed
category: {category}           # one of: {categories}
# summary: One or two sentences for the register (default: the decision's first)
financial_implications: none   # the sum in pounds, e.g. 118400, or none
interests_declared: none       # or the interest the decision-maker declared
# meeting: /meetings/YYYY/YYYY-MM-DD-public-accountability-board/
# background_papers:           # files beside this record
#   - {{file: {stem}-report.pdf, title: Report to the commissioner}}
# published: YYYY-MM-DD        # default: the day made
draft: true                    # remove this line once the record is written and checked
---

## Decision

{decision}

## Reasons

{reasons}
"""


def new_decision(root: Path, title: str, made: date, settings: Settings) -> Path:
    """Create content/decisions/YEAR/REFERENCE.md (a draft) with the next free reference of
    the year made; ValueError when none is free."""
    pattern = settings.pattern
    reference = next_reference(made.year, pattern, existing_references(root, pattern))
    target = root / CONTENT_DIR / FOLDER / str(made.year) / f"{reference}.md"
    text = NEW_RECORD.format(reference=reference, title=yaml_text(title),
                             made=made.isoformat(), category=settings.categories[0],
                             categories=", ".join(settings.categories), stem=reference.lower(),
                             decision=DECISION_PLACEHOLDER, reasons=REASONS_PLACEHOLDER)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text)
    return target


# --------------------------------------------------------------------------- import

@dataclass
class Row:
    number: int  # the row's number in the source, as a spreadsheet shows it
    fields: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field -> its column's heading
    text: str = ""
    target: Path | None = None


class DecisionLogImport:
    def __init__(self, path: Path, root: Path, settings: Settings, today: date, force: bool):
        self.path = path
        self.root = root
        self.settings = settings
        self.today = today
        self.force = force
        self.label = relative_name(path, root)
        self.diagnostics: list[Diagnostic] = []
        self.existing = existing_references(root, settings.pattern)
        self.explicit: set[str] = set()  # the references the log gives

    def report(self, code: str, message: str, hint: str, row: int | None = None,
               column: str | None = None, severity: Callable = error) -> None:
        self.diagnostics.append(severity(code, message, path=self.label, row=row,
                                         field=column, hint=hint))

    # -- the source

    def table(self):
        """(table, header index) of the log, or None (reported)."""
        from opcc.importers.sources import read_source

        source = read_source(self.path, self.label)
        for found in source.diagnostics:
            self.diagnostics.append(Diagnostic(found.severity, "decisions.import",
                                               found.message, path=self.label, row=found.row,
                                               field=found.field, hint=found.hint))
        if source.unusable:
            return None
        matcher = Matcher.for_keys(IMPORT_FIELDS)
        filled = [t for t in source.tables if any(_filled(r) for r in t.rows)]
        if not filled:
            self.report("decisions.import", "the file is empty", "export the decision log "
                        "with its header row and one decision a row", row=1)
            return None
        found = [(t, locate_header(t, matcher, len(IMPORT_FIELDS))) for t in filled]
        table, header = next(((t, h) for t, h in found if h is not None),
                             (filled[0], guess_header(filled[0]) or 0))
        others = [t.sheet for t in filled if t is not table]
        if others:
            self.report("decisions.import", f"only sheet '{table.sheet}' was read; the "
                        f"other sheets ({', '.join(map(repr, others))}) were not",
                        "save each sheet as its own file to import it", severity=warning)
        above = sum(1 for r in table.rows[:header] if _filled(r))
        if above:
            self.report("decisions.import", f"the header is on row {table.numbers[header]}: "
                        f"{above} row{'s' if above != 1 else ''} above it (a title or notes) "
                        f"{'were' if above != 1 else 'was'} left out", "check they hold no "
                        "decisions", row=table.numbers[header], severity=warning)
        return table, header

    def columns(self, headings: list[str], header_row: int) -> dict[int, str] | None:
        """column index -> field; None when a required field has no column (reported)."""
        synonyms = {heading_key(s): name for name, names in IMPORT_FIELDS.items()
                    for s in (name, *names)}
        result: dict[int, str] = {}
        used: dict[str, str] = {}
        for index, heading in enumerate(headings):
            name = synonyms.get(heading_key(heading))
            if name is None or name in used:
                if heading:
                    why = (f"'{used[name]}' already gives the {label(name)}"
                           if name else "it is not a field of a decision record")
                    self.report("decisions.import-column", f"column '{heading}' is not used: "
                                f"{why}", "rename its heading if it holds a record field",
                                row=header_row, column=heading, severity=warning)
                continue
            used[name] = heading
            result[index] = name
        for name in REQUIRED_FIELDS:
            if name not in used:
                self.report("decisions.import-column", f"no column gives the "
                            f"{label(name)} of each decision", f"name a column "
                            f"'{IMPORT_FIELDS[name][0]}'", row=header_row)
        return None if any(n not in used for n in REQUIRED_FIELDS) else result

    # -- the rows

    def row(self, number: int, cells: list, headings: list[str], columns: dict[int, str],
            epoch) -> Row | None:
        row = Row(number)
        ok = True
        for index, name in columns.items():
            value = cells[index] if index < len(cells) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            row.columns[name] = headings[index]
            converted = self.value(name, value, epoch)
            if converted is None:
                ok = False
                self.report("decisions.import-value", f"row {number}: '{value}' is not a valid "
                            f"{label(name)}", VALUE_HINTS.get(name, "check the value"),
                            row=number, column=headings[index])
                continue
            row.fields[name] = converted
        extra = cells[len(headings):]
        if any(_filled([c]) for c in extra):
            self.report("decisions.import", f"row {number} has more cells than the header",
                        "check for an unquoted comma in a cell", row=number)
            ok = False
        return row if ok else None

    def value(self, name: str, value: Any, epoch) -> Any:
        if name in DATE_FIELDS:
            cell = date_cell(value, Target(name, "date", epoch=epoch))
            return None if cell.problem or not cell.text else date.fromisoformat(cell.text)
        text = " ".join(str(value).split()) if not isinstance(value, float) or \
            not value.is_integer() else str(int(value))
        if name == "status":
            return _STATUS_WORDS.get(re.sub(r"[^a-z]+", " ", text.lower()).strip())
        if name == "category":
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            return slug if slug in self.settings.categories else None
        if name == "exemptions":
            return [p.strip() for p in re.split(r"[;\n]|,(?![^()]*\))", text) if p.strip()]
        if name == "financial_implications":
            return _amount(text)
        return text

    def check(self, row: Row, references: set[str]) -> None:
        """Allocate or check the reference, write the record's text and read it as `opcc
        check` will; problems are reported against the row and its column."""
        fields = row.fields
        made: date = fields["made"]
        reference = fields.get("reference") or next_reference(
            made.year, self.settings.pattern, (*references, *self.existing, *self.explicit))
        fields["reference"] = reference
        if reference in references:
            self.report("decisions.import-duplicate", f"row {row.number}: the reference "
                        f"'{reference}' appears twice in the file", "each decision has its own "
                        "reference", row=row.number, column=row.columns.get("reference"))
            return
        references.add(reference)
        if reference in self.existing and not self.force:
            self.report("decisions.import-exists", f"row {row.number}: {reference} already "
                        f"exists ({relative_name(self.existing[reference], self.root)})",
                        "nothing was overwritten; use --force to replace it, or remove the row",
                        row=row.number, column=row.columns.get("reference"))
            return
        fields.setdefault("status", "public")
        fields.setdefault("financial_implications", "none")
        exempt = fields["status"] == "exempt"
        draft = not exempt and not (fields.get("decision") and fields.get("reasons")) or \
            "interests_declared" not in fields
        fields.setdefault("interests_declared", INTERESTS_PLACEHOLDER)
        row.text = record_text(fields, fields.get("decision"), fields.get("reasons"), draft)
        row.target = self.root / CONTENT_DIR / FOLDER / str(made.year) / f"{reference}.md"
        _, problems = read_decision(self.root, row.target, self.settings, self.today,
                                         row.text)
        for problem in problems:
            column = row.columns.get(_key_at(row.text, problem.line))
            self.diagnostics.append(Diagnostic(
                problem.severity, problem.code, f"row {row.number}: {problem.message}",
                path=self.label, row=row.number, field=column, hint=problem.hint))


VALUE_HINTS = {
    "made": "write dates day first (04/03/2026, 4 March 2026) or as YYYY-MM-DD",
    "published": "write dates day first (04/03/2026, 4 March 2026) or as YYYY-MM-DD",
    "review_exemption": "write dates day first (04/03/2026, 4 March 2026) or as YYYY-MM-DD",
    "status": "use public, part-exempt or exempt",
    "category": "use one of the categories in site.yaml's decisions.categories",
    "financial_implications": "write a sum of money such as 118400 or £118,400.50, or none",
}


FIELD_LABELS = {"made": "date made", "decision_maker": "decision-maker",
                "review_exemption": "exemption review date", "published": "date published",
                "financial_implications": "amount of money"}


def label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


def _filled(row: list) -> bool:
    return any(v is not None and str(v).strip() for v in row)


def _amount(text: str) -> str | None:
    """'£118,400.50' -> '118400.50'; 'none' or '-' -> 'none'; anything else None."""
    if text.lower() in NONE_WORDS or text in ("-", "£0", "0", "0.00"):
        return "none"
    match = re.fullmatch(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?", text)
    return match[1].replace(",", "") + (match[2] or "") if match else None


def _key_at(text: str, line: int | None) -> str | None:
    """The front-matter key written on `line` of a record's text."""
    if not line:
        return None
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        match = re.match(r"([a-z_]+):", lines[line - 1])
        return match[1] if match else None
    return None


def import_log(path: Path, root: Path, settings: Settings, today: date | None = None,
               force: bool = False, dry_run: bool = False
               ) -> tuple[list[Path], list[Diagnostic]]:
    """Turn a decision log into record files: every row read and checked first, then all
    of them written, or none when anything is an error. Returns the files (to be) written
    and every problem found."""
    today = today or date.today()
    job = DecisionLogImport(Path(path), root, settings, today, force)
    if not job.path.is_file():
        job.report("decisions.import", "cannot read the file: it does not exist",
                   "check the path of the decision log")
        return [], job.diagnostics
    found = job.table()
    if found is None:
        return [], job.diagnostics
    table, header = found
    headings = [" ".join(str(c).split()) if c is not None else "" for c in table.rows[header]]
    columns = job.columns(headings, table.numbers[header])
    if columns is None:
        return [], job.diagnostics
    rows = [job.row(number, cells, headings, columns, table.epoch)
            for number, cells in zip(table.numbers[header + 1:], table.rows[header + 1:])
            if _filled(cells)]
    if not rows:
        job.report("decisions.import", "the file has a header but no decisions",
                   "export at least one decision", row=table.numbers[header], severity=warning)
    ready = [row for row in rows if row is not None and all(
        name in row.fields for name in REQUIRED_FIELDS)]
    for row in rows:
        if row is not None and row not in ready:
            missing = [n for n in REQUIRED_FIELDS if n not in row.fields]
            job.report("decisions.import-value", f"row {row.number}: no "
                       f"{', '.join(label(n) for n in missing)}", "every decision "
                       "needs its title, date made, decision-maker and category",
                       row=row.number)
    job.explicit = {row.fields["reference"] for row in ready if row.fields.get("reference")}
    references: set[str] = set()
    for row in ready:
        job.check(row, references)
    if any(d.severity == "error" for d in job.diagnostics):
        return [], job.diagnostics
    for row in ready:
        if not dry_run:
            row.target.parent.mkdir(parents=True, exist_ok=True)
            row.target.write_text(row.text, encoding="utf-8")
    return [row.target for row in ready], job.diagnostics
