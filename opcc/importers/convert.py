"""Converting one table (a CSV file or a sheet) into output rows: find the header row,
map the columns to the schema's fields (importers.columns), then keep the data rows (not
blank rows, repeated header rows or total rows: labelled "Total", or holding only numbers
that equal the sum of the rows above) with every cell normalised (importers.normalise)
and checked, counting every change and problem in the table's `TableReport`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from opcc.datasets.descriptors import FieldSpec
from opcc.datasets.publish import MASK
from opcc.diagnostics import Diagnostic, error, has_errors, warning
from opcc.importers.cells import Cell, Target
from opcc.importers.columns import (
    Matcher,
    Plan,
    locate_header,
    plan_columns,
    table_columns,
)
from opcc.importers.enrich import ImportContext, filled_fields, raw_fields
from opcc.importers.mapping import Mapping
from opcc.importers.normalise import normalise
from opcc.importers.reports import TableReport
from opcc.importers.tables import Source, Table
from opcc.importers.target import ImportTarget
from opcc.importers.text_cells import clean_text, is_blank, lost_character


def cell_targets(target: ImportTarget, mapping: Mapping | None, table: Table,
                 raw: frozenset[str] = frozenset()) -> dict[str, Target]:
    """What each field's cells are normalised for: its type, our keys, the "no value"
    markers of the schema and the mapping file, and the workbook's date system. Fields in
    `raw` are read as written (an enricher completes them)."""
    missing = {str(v).strip().casefold() for v in target.schema.get("missingValues", [""])
               if str(v)} | set(mapping.missing if mapping else ())
    result = {}
    for spec in target.fields:
        enum = spec.constraints.get("enum") if spec.type == "string" else None
        pattern = str(spec.descriptor.get("format") or "")
        result[spec.name] = Target(
            spec.name, spec.type, spec.constraints.get("required") is True
            and spec.name not in raw, spec.personal or spec.redact == "mask",
            tuple(str(v) for v in enum or ()) if spec.name not in raw else (),
            frozenset(missing), table.epoch, pattern if "%" in pattern else None)
    return result


def convert_table(table: Table, target: ImportTarget, mapping: Mapping | None,
                  source: Source, context: ImportContext | None = None
                  ) -> tuple[TableReport, list[Diagnostic]]:
    """One table's output rows, in its report, and the diagnostics at its source rows
    (fields the enrichers fill are not asked of the source)."""
    report = TableReport(table.sheet)
    where = {"path": source.label, "field": f"'{table.sheet}'" if table.sheet else None}
    if all(is_blank_row(row) for row in table.rows):
        return report, [warning("dataset.import-empty", "the sheet is empty and was skipped",
                                **where, hint="nothing to do")] if table.sheet else []
    matcher = Matcher(target.fields, mapping)
    header = locate_header(table, matcher, len(target.fields))
    if header is None:
        sheets = "; or name the sheets to import with --sheet" if table.sheet else ""
        return report, [error(
            "dataset.import-header", f"no row looks like the header for the schema of "
            f"{target.name}: none has two headings that match its fields "
            f"({', '.join(s.name for s in target.fields)})", **where,
            hint="check the file is meant for this dataset; if it is, run again with "
                 f"--write-map FILE to get a mapping file to fill in, then use --map FILE"
                 f"{sheets}")]
    report.header_row = table.numbers[header]
    plan = plan_columns(table_columns(table, header), target.fields, matcher,
                        table.hidden_columns, where)
    if context is not None:
        given = mapping.constants if mapping else {}
        columns = frozenset(plan.sources) | frozenset(given)
        completed = filled_fields(target, columns, context, table.sheet)
        report.filled = {k: v for k, v in completed.items() if k not in columns}
    raw = raw_fields(target) | frozenset(completed) if context else frozenset()
    targets = cell_targets(target, mapping, table, raw)
    _add_constants(plan, mapping, targets, where)
    _missing_fields(plan, target.fields, where, report)
    _describe_plan(report, plan)
    if has_errors(plan.problems):
        report.rows_in = _rows_under(table, header)  # read, though none can be converted
        return report, plan.problems
    log = ProblemLog(source.label, table.sheet)
    Converter(table, plan, target.fields, targets, log, report).run(header)
    report.rows_out = len(report.rows)
    return report, plan.problems + _structure_notes(report, where) + log.diagnostics()


def _rows_under(table: Table, header: int) -> int:
    """The rows below the header that are not blank: what was read of a table whose
    columns can't be converted, so the report never says '0 rows in' for them."""
    return sum(1 for row in table.rows[header + 1:] if not is_blank_row(row))


def _add_constants(plan: Plan, mapping: Mapping | None, targets: dict[str, Target],
                   where: dict) -> None:
    for name, value in (mapping.constants if mapping else {}).items():
        if name in plan.sources:
            labels = ", ".join(c.label for c in plan.sources[name])
            plan.problems.append(error(
                "dataset.import-map", f"field '{name}' has both a column ({labels}) and a "
                "constant in the mapping file", **where,
                hint="remove the constant, or map the column to null"))
            continue
        cell = normalise(value, targets[name])
        if cell.problem:
            plan.problems.append(error("dataset.import-map", f"the constant for '{name}' "
                                       f"{cell.problem.message}", **where,
                                       hint=cell.problem.hint))
        else:
            plan.constants[name] = cell


def _missing_fields(plan: Plan, specs: tuple[FieldSpec, ...], where: dict,
                    report: TableReport) -> None:
    absent = [s for s in specs if s.name not in plan.sources and s.name not in plan.constants
              and s.name not in report.filled]
    required = [s.name for s in absent if s.constraints.get("required") is True]
    report.empty_fields = [s.name for s in absent if s.name not in required]
    if required:
        plan.problems.append(error(
            "dataset.import-missing-field", f"no column for the required field"
            f"{'s' if len(required) > 1 else ''} {', '.join(required)}", **where,
            hint="add the column to the source, map a heading to it in a mapping file (run "
                 "again with --write-map FILE to get one to fill in), or give one value for "
                 "every row under constants:"))


def _describe_plan(report: TableReport, plan: Plan) -> None:
    placed = sorted((c.index, c.label, name) for name, cols in plan.sources.items()
                    for c in cols)
    report.columns = [(label, name) for _, label, name in placed]  # in the source's order
    report.dropped = [(c.label, reason) for c, reason in sorted(plan.dropped,
                                                                 key=lambda d: d[0].index)]
    report.constants = {name: cell.text for name, cell in plan.constants.items()}
    report.empty_unnamed_columns = plan.empty_unnamed
    report.sources = {name: [c.label for c in cols] for name, cols in plan.sources.items()}


def _structure_notes(report: TableReport, where: dict) -> list[Diagnostic]:
    notes = []
    dropped = [f"'{label}'" for label, reason in report.dropped
               if not reason.endswith("(empty)") and reason != "mapped to null"]
    if dropped:
        shown = ", ".join(dropped[:12]) + (f" and {len(dropped) - 12} more"
                                           if len(dropped) > 12 else "")
        notes.append(warning(
            "dataset.import-unmapped", f"{len(dropped)} column{_s(dropped)} not imported: "
            f"{shown}", **where, hint="map a column to a field in the mapping "
            "file if it should be published, or to null to silence this warning"))
    rows = report.only_dropped_rows
    if rows:
        notes.append(warning(
            "dataset.import-unmapped", f"{len(rows)} row{_s(rows)} had values only in columns "
            f"that are not imported and {'were' if len(rows) != 1 else 'was'} left out "
            f"(first: row {rows[0]})", **where, hint="check those rows hold nothing to publish"))
    for (label, name), count in report.fallback_rows.items():
        notes.append(warning(
            "dataset.import-fallback", f"{count} row{'s' if count != 1 else ''} had no "
            f"{name} in its own column, so it was taken from '{label}'", **where,
            hint=f"check those rows: '{label}' holds the value for the whole invoice"))
    if report.data_above_header:
        notes.append(warning(
            "dataset.import-header", f"the header is on row {report.header_row}, below "
            f"{report.data_above_header} rows of data, which were imported (the sheet was "
            "probably sorted with its header)", **where, hint="check the row count"))
    if not report.rows:
        notes.append(warning(
            "dataset.import-empty", "the table has a header but no data rows", **where,
            hint="check this is the right file or sheet; an empty file would be written"))
    if report.preamble_rows:
        notes.append(warning(
            "dataset.import-header", f"{len(report.preamble_rows)} row"
            f"{_s(report.preamble_rows)} above the header (titles or notes) left out",
            **where, hint="check they hold no data"))
    return notes


def _s(items) -> str:
    return "s" if len(items) != 1 else ""


TOTAL_LABEL = re.compile(r"(?:grand\s*|sub\s*-?\s*)?totals?(?:\s+(?:spend|amount|payments?|"
                         r"expenditure|for\s.*))?\s*:?", re.IGNORECASE)


def is_blank_row(row: list) -> bool:
    return all(is_blank(v) for v in row)


def is_total_label(value: object) -> bool:
    """A whole cell reading 'Total', 'Grand total', 'Sub-total:' …"""
    return isinstance(value, str) and value.lstrip()[:1] in ("t", "T", "g", "G", "s", "S") \
        and bool(TOTAL_LABEL.fullmatch(clean_text(value)[0]))


@dataclass
class Sums:
    """Running sums of the number columns, to recognise a total row by its value."""
    section: dict[str, Decimal]
    grand: dict[str, Decimal]

    @classmethod
    def empty(cls) -> Sums:
        return cls({}, {})

    def add(self, numbers: dict[str, Decimal]) -> None:
        for name, value in numbers.items():
            self.section[name] = self.section.get(name, Decimal(0)) + value
            self.grand[name] = self.grand.get(name, Decimal(0)) + value

    def is_sum(self, numbers: dict[str, Decimal]) -> bool:
        """Every number equals the sum of its column since the last total, or overall."""
        def equal(sums: dict[str, Decimal]) -> bool:
            return all(name in sums and abs(value - sums[name]) < Decimal("0.005")
                       for name, value in numbers.items())
        return bool(numbers) and (equal(self.section) or equal(self.grand))

    def new_section(self) -> None:
        self.section = {}


class ProblemLog:
    """Diagnostics at source rows: one for each kind of problem in a column, at its first
    row, counting and listing the other rows (a refused file says once what to change)."""

    LISTED = 8

    def __init__(self, path: str, sheet: str | None):
        self.path, self.sheet = path, sheet
        self.groups: dict[tuple, list] = {}

    def add(self, severity: str, code: str, message: str, hint: str, row: int | None,
            column: str | None) -> None:
        self.groups.setdefault((severity, code, column), []).append((message, hint, row))

    def where(self, column: str | None) -> str | None:
        if self.sheet is None:
            return column
        return f"'{self.sheet}'" + (f" {column}" if column else "")

    def diagnostics(self) -> list:
        from opcc.diagnostics import Diagnostic

        found = []
        for (severity, code, column), items in self.groups.items():
            message, hint, row = items[0]
            rest = [r for _, _, r in items[1:] if r]
            if len(items) > 1:
                rows = ", ".join(str(r) for r in rest[:self.LISTED]) + (
                    ", …" if len(rest) > self.LISTED else "")
                message += (f"; and {len(items) - 1} more row{'s' if len(items) > 2 else ''} "
                            f"like it in this column" + (f" (rows {rows})" if rows else ""))
            found.append(Diagnostic(severity, code, message, path=self.path, row=row,
                                    field=self.where(column), hint=hint))
        return found


class Converter:
    """Turns the rows of one table into output rows, counting every change and problem."""

    def __init__(self, table: Table, plan: Plan, specs: tuple[FieldSpec, ...],
                 targets: dict[str, Target], log: ProblemLog, report: TableReport):
        self.table, self.plan, self.specs, self.targets = table, plan, specs, targets
        self.log, self.report = log, report
        self.numeric = [s.name for s in specs if s.type in ("number", "integer")]
        self.sums = Sums.empty()
        self.dollars: set[str] = set()
        self.mapped = sorted({c.index for cols in plan.sources.values() for c in cols})
        self.date_field = next((s.name for s in specs if s.type in ("date", "yearmonth")
                                and s.name in plan.sources), None)

    def run(self, header: int) -> None:
        heading = _texts(self.table.rows[header])
        first = next((i for i, text in enumerate(heading) if text), 0)
        for index, row in enumerate(self.table.rows):
            number = self.table.numbers[index]
            if index == header or is_blank_row(row):
                self.report.blank_rows += index != header
            elif index < header and not self._looks_like_data(row):
                self.report.preamble_rows.append(number)
            elif first < len(row) and isinstance(row[first], str) \
                    and clean_text(row[first])[0] == heading[first] and _texts(row) == heading:
                self.report.repeated_headers.append(number)
            else:
                self.report.data_above_header += index < header
                self.row(row, number)
        for column in sorted(self.dollars):
            self.log.add("warning", "dataset.import-currency", "amounts in this column are "
                         "written with '$'; they were read as pounds", "check the file is in "
                         "pounds (some exports print £ as $)", None, column)

    def _looks_like_data(self, row: list) -> bool:
        filled = sum(1 for i in self.mapped if i < len(row) and not is_blank(row[i]))
        return filled >= max(2, (len(self.mapped) + 1) // 2)

    def row(self, row: list, number: int) -> None:
        self.report.rows_in += 1
        if any(is_total_label(v) for v in row):
            self._total(row, number, labelled=True)
            return
        if not any(i < len(row) and not is_blank(row[i]) for i in self.mapped):
            self.report.only_dropped_rows.append(number)
            return
        cells = {spec.name: self.cell(row, spec) for spec in self.specs}
        numbers = self._numbers(cells)
        texts = [cells[n][0].text for n in self.plan.sources if n not in self.numeric]
        if numbers and not any(texts) and self.sums.is_sum(numbers):
            self._total(row, number, labelled=False)
            return
        self.sums.add(numbers)
        for spec in self.specs:
            self.check(spec, cells[spec.name], number)
        self.report.rows.append([cells[s.name][0].text for s in self.specs])
        self.report.numbers.append(number)
        if self.date_field:
            self.report.months.append(_month(cells[self.date_field][0].text,
                                             self.targets[self.date_field]))

    def cell(self, row: list, spec: FieldSpec) -> tuple[Cell, str | None, object]:
        """(normalised cell, source column label, raw value); of several columns, a
        redaction marker in any wins, else the first filled one."""
        if spec.name in self.plan.constants:
            return self.plan.constants[spec.name], "constant", None
        columns = self.plan.sources.get(spec.name) or []
        found = first = None
        for column in columns:
            raw = row[column.index] if column.index < len(row) else None
            cell = normalise(self.plan.recode(spec.name, raw), self.targets[spec.name])
            if cell.text == MASK:
                return cell, column.label, raw
            first = first or (cell, column.label, raw)
            if found is None and (cell.text or cell.problem):
                found = (cell, column.label, raw)
        if found and found[1] in self.plan.fallbacks:
            self.report.fallback_rows[(found[1], spec.name)] += 1
        return found or first or (Cell(""), None, None)

    def _numbers(self, cells: dict) -> dict[str, Decimal]:
        return {name: Decimal(cells[name][0].text) for name in self.numeric
                if name in self.plan.sources and cells[name][0].text
                and not cells[name][0].problem}

    def _total(self, row: list, number: int, labelled: bool) -> None:
        self.report.total_rows.append(number)
        if labelled:
            cells = {s.name: self.cell(row, s) for s in self.specs if s.name in self.numeric}
            numbers = self._numbers(cells)
            if numbers and not self.sums.is_sum(numbers):
                self.log.add("warning", "dataset.import-total", "the row is labelled as a "
                             "total but is not the sum of the rows above it; it was left out",
                             "check no rows are missing above it", number, None)
        self.sums.new_section()

    def check(self, spec: FieldSpec, found: tuple, number: int) -> None:
        cell, label, raw = found
        if cell.rules and label != "constant":
            self._count(cell, label, raw)
        if cell.problem:
            problem = cell.problem
            self.log.add(problem.severity, problem.code, f"value '{_shown(raw, spec)}' "
                         f"{problem.message} (field {spec.name})", problem.hint, number, label)
        elif not cell.text and self.targets[spec.name].required:
            self.log.add("error", "dataset.import-required", f"the cell is empty and field "
                         f"'{spec.name}' requires a value", "fill it in at the source (a "
                         "withheld value can be written as [redacted])", number, label)
        elif spec.type == "string" and lost_character(cell.text):
            self.log.add("warning", "dataset.import-lost-character", f"a '?' between spaces in "
                         f"field {spec.name} probably stands for a character lost in the "
                         "export (such as an en dash)", "correct it at the source if it "
                         "matters", number, label)

    def _count(self, cell: Cell, label: str, raw: object) -> None:
        self.report.cells_changed += 1
        for rule in cell.rules:
            self.report.rules[rule] += 1
            self.report.rule_columns[rule][label] += 1
        if "marker" in cell.rules:
            self.report.markers[clean_text(str(raw))[0]] += 1
        if "currency" in cell.rules and "$" in str(raw):
            self.dollars.add(label)


def _month(text: str, target: Target) -> str:
    """YYYY-MM of a normalised date cell (in the schema's format, if it has one)."""
    if text and target.date_format and target.type == "date":
        try:
            return datetime.strptime(text, target.date_format).strftime("%Y-%m")
        except ValueError:
            return ""
    return text[:7]


def _texts(row: list) -> list[str]:
    return [clean_text(str(v))[0] if v is not None else "" for v in row]


def _shown(raw: object, spec: FieldSpec) -> str:
    """A value for a message: personal fields only by their first letter, and anything the
    redaction scanner recognises (an email, a phone number …) only in its masked form."""
    text = clean_text(raw)[0] if isinstance(raw, str) else str(raw)
    if spec.personal or spec.redact:
        return text[:1] + "…" if len(text) > 1 else "…"
    for finding in sorted(_scanner().scan(text), key=lambda f: -f.start):
        text = text[:finding.start] + finding.masked + text[finding.end:]
    return text if len(text) <= 40 else text[:37] + "…"


@lru_cache(maxsize=1)
def _scanner():
    from opcc.redaction import Scanner
    return Scanner()
