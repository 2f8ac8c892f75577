"""`opcc dataset import SOURCE --into NAME`: a CSV export or workbook into clean dataset CSVs.

Steps, each reported:

1. read the source (importers.sources: encoding, delimiter, sheets; hidden sheets, rows and
   columns are left out unless asked for; workbook links and author names are reported);
2. find each table's header row (the row whose headings match the most schema fields; it
   need not be the first, or even above the data) and map columns to fields
   (importers.columns): the --map file first (importers.mapping), then the heading
   variants in header-variants.yaml. Columns that map to nothing are dropped and listed;
   a required field with no column is an error, and --write-map writes a mapping file to
   fill in;
3. normalise every cell (importers.convert, importers.normalise) and leave out blank rows,
   repeated header rows and total rows (labelled "Total", or holding only numbers that
   equal the sum of the rows above). A value that can't be read with certainty is an error
   at its source row and column, never a guess;
4. check the CSV each table becomes as the build checks a dataset's files
   (datasets.stage.check_dataset): validated with frictionless against the dataset's Table
   Schema, the schema's redaction rules applied and the redaction gate run on what would
   be published;
5. write datasets/NAME/RESOURCE.csv (UTF-8), one per source file or sheet, named by the
   month its rows fall in (importers.naming: spend-2024-05), replacing that month's file
   if there is one (with a diff, importers.diff: rows added, removed, changed), and list
   new resources in the descriptor (importers.writing).

All or nothing: if anything is an error, nothing is written. The source file is only read;
it is never copied into datasets/ or site/.
"""
from __future__ import annotations

import csv
import io
import re
import tempfile
from datetime import date
from pathlib import Path

from opcc.config import Limits, SpendingSettings
from opcc.datasets import stage as dataset_stage
from opcc.datasets.descriptors import Dataset, Resource
from opcc.diagnostics import Diagnostic, error, has_errors, warning
from opcc.importers.columns import (
    heading_key,
)
from opcc.importers.convert import convert_table
from opcc.importers.diff import compare_with_existing
from opcc.importers.enrich import ImportContext, enrich_all
from opcc.importers.mapping import Mapping, read_mapping
from opcc.importers.mapping_template import mapping_template
from opcc.importers.masking import mask_free_text
from opcc.importers.naming import (
    months_problem,
    name_table,
    period_warning,
    split_by_month,
    stray_problem,
)
from opcc.importers.reports import ImportResult, TableReport
from opcc.importers.sources import read_source
from opcc.importers.tables import Source
from opcc.importers.target import ImportTarget, load_target
from opcc.importers.writing import write_all
from opcc.redaction import Scanner, gate

# --------------------------------------------------------------------------- entry point

def site_scanner(root: Path) -> tuple[Scanner | None, tuple[str, ...], list[Diagnostic]]:
    """The build's redaction scanner (site.yaml allow list, protected names, the office's
    own details) and the office's names; diagnostics when site.yaml is unusable."""
    from opcc.build.pipeline import site_scanner
    from opcc.config import ConfigError, load_config

    try:
        config = load_config(root)
        return site_scanner(config), gate.organisation_names(config), []
    except ConfigError as exc:
        return None, (), list(exc.diagnostics)


def import_source(root: Path, source_path: Path, name: str, *, label: str | None = None,
                  sheets: tuple[str, ...] = (), mapping_path: Path | None = None,
                  include_hidden: bool = False, resource: str | None = None,
                  dry_run: bool = False, scanner: Scanner | None = None,
                  organisation: tuple[str, ...] = (), write_map: Path | None = None,
                  spending: SpendingSettings | None = None) -> ImportResult:
    """Import one CSV or workbook into datasets/NAME/ (see the module docstring)."""
    result = ImportResult(None, name)
    target, found = load_target(root, name)
    result.diagnostics += found
    mapping = None
    if target is not None and mapping_path is not None:
        mapping, found = read_mapping(mapping_path, str(mapping_path),
                                      target.fields)
        result.diagnostics += found
    if target is None:
        result.unusable = True
        return result
    if mapping_path is not None and mapping is None:
        return result  # the mapping file's errors: bad input, exit 1
    source = read_source(source_path, label or str(source_path), sheets, include_hidden,
                         scanner, organisation)
    result.source = source
    result.diagnostics += source.diagnostics
    if source.unusable:
        _ensure_error(result, source)
        result.unusable = source.refused_arguments  # a wrong path or --sheet: exit 2
        return result
    if not _resource_option_ok(result, source, resource):
        result.unusable = True
        return result
    if write_map is not None:
        write_mapping(result, source, target, mapping, write_map)
        return result
    context = ImportContext(root, target, source, spending or _spending(root),
                            date.today())
    for table in source.tables:
        report, found = convert_table(table, target, mapping, source, context)
        if report.header_row is not None or has_errors(found):
            result.tables.append(report)
        result.diagnostics += found
    if mapping is not None:
        result.diagnostics += _unused_headings(mapping, source)
    if not result.tables and not has_errors(result.diagnostics):
        result.diagnostics.append(error("dataset.import-empty", "there is nothing to import",
                                        path=source.label, hint="check the file or the sheets"))
    converted = [t for t in result.tables if t.header_row is not None]
    if converted and not has_errors(result.diagnostics):
        enrichment = enrich_all(converted, context)
        result.diagnostics += enrichment.diagnostics
        result.extra_files.update(enrichment.files)
        result.notes += enrichment.notes
    if result.ok:
        result.tables = split_by_month(result.tables, resource)
        finish_tables(result, root, target, source, resource, scanner or Scanner())
    if result.ok and not dry_run:
        write_all(result, root, target)
    return result


def _ensure_error(result: ImportResult, source: Source) -> None:
    """An unreadable source is bad input (exit 1): make sure an error says why."""
    if not has_errors(result.diagnostics):
        result.diagnostics.append(error("dataset.import-source", "the file could not be read",
                                        path=source.label, hint="open it in Excel and save "
                                        "it as CSV UTF-8, then import that"))


def _spending(root: Path) -> SpendingSettings:
    from opcc.config import ConfigError, load_config
    try:
        return load_config(root).spending
    except ConfigError:
        return SpendingSettings("", "")


def _unused_headings(mapping: Mapping, source: Source) -> list[Diagnostic]:
    """Headings the mapping names that no table has: usually a typo."""
    keys = {heading_key(str(value)) for table in source.tables for row in table.rows
            for value in row if isinstance(value, str)}
    return [warning("dataset.import-map", f"the mapping names a column '{heading}' that the "
                    "source does not have", path=mapping.label,
                    hint="check the spelling against the source's header row")
            for heading in mapping.columns
            if not re.fullmatch(r"column \d+", heading) and heading_key(heading) not in keys]


def _resource_option_ok(result: ImportResult, source: Source, resource: str | None) -> bool:
    if resource is None or (len(source.tables) == 1 and re.fullmatch(
            r"[a-z0-9][a-z0-9._-]*", resource)):
        return True
    result.diagnostics.append(error(
        "dataset.import-resource", "--resource needs one table (a CSV file or one --sheet) "
        "and a name of lowercase letters, digits and hyphens", path=source.label,
        hint="e.g. --sheet 'Apr' --resource spend-2024-04"))
    return False


# --------------------------------------------------------------------------- checks

def finish_tables(result: ImportResult, root: Path, target: ImportTarget, source: Source,
                  override: str | None, scanner: Scanner) -> None:
    """Name each table's resource, then validate, gate and diff it."""
    rules, found = gate.local_rules(target.redaction, target.relative, target.redaction_line)
    result.diagnostics += found
    header = [s.name for s in target.fields]
    owners: dict[str, str] = {}
    for report in result.tables:
        name_table(report, source, target, override)
        label = f"sheet '{report.sheet}'" if report.sheet else "the file"
        if report.resource in owners:
            result.diagnostics.append(error(
                "dataset.import-resource", f"{owners[report.resource]} and {label} would both "
                f"become {report.resource}", path=source.label, hint="import them one at a "
                "time with --sheet and --resource NAME"))
        owners[report.resource] = label
        result.diagnostics += months_problem(report, source, override)
        result.diagnostics += period_warning(report, source)
        result.diagnostics += mask_free_text(report, target, scanner, rules, source.label)
        report.data = _csv_bytes(header, report.rows)
        result.diagnostics += check_table(report, target, source, scanner, rules)
        compare_with_existing(report, root, target)
        result.diagnostics += stray_problem(report, source, target)


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _resource(report: TableReport, target: ImportTarget, path: Path) -> Resource:
    return Resource(name=report.resource, source=path, relative=report.path,
                    title=report.title or report.resource, description="",
                    schema=target.schema, fields=target.fields, encoding="utf-8")


def _at_source(found: Diagnostic, report: TableReport, source: Source) -> Diagnostic:
    """A diagnostic about the output CSV, pointed back at the source row and column."""
    row = found.row
    source_row = report.numbers[row - 2] if row and 2 <= row < len(report.numbers) + 2 else None
    labels = report.sources.get(found.field or "", [])
    column = labels[0] if labels else ("constant" if found.field in report.constants
                                       else found.field)
    where = f"'{report.sheet}'" + (f" {column}" if column else "") if report.sheet else column
    code = found.code if found.code.startswith("redaction.") else \
        "dataset.import-" + found.code.split(".", 1)[-1]
    message = re.sub(r"the row at position (\d+)", lambda m: _source_row(m, report),
                     found.message)
    message += (f" (field {found.field})" if found.field and column
                and column != found.field else "")
    return Diagnostic(found.severity, code, message, path=source.label, row=source_row,
                      field=where, hint=found.hint)


def _source_row(match: re.Match, report: TableReport) -> str:
    """frictionless' 'row at position N' (of the CSV written) as the source's row."""
    position = int(match[1])
    if 2 <= position < len(report.numbers) + 2:
        return f"row {report.numbers[position - 2]}"
    return match[0]


def check_table(report: TableReport, target: ImportTarget, source: Source, scanner: Scanner,
                rules: gate.LocalRules) -> list[Diagnostic]:
    """The table's CSV checked as the build checks a dataset's files (datasets.stage): the
    checks before frictionless, frictionless' validation, the schema's redaction and the
    redaction gate on the cells as published; each diagnostic pointed back at the source.
    Counts the cells the schema masks and names the columns it drops."""
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder) / Path(report.path).name
        temp.write_bytes(report.data)
        dataset = Dataset(name=target.name, descriptor_path=target.relative, title=target.name,
                          description="", scheme_class=None, items=(), published=None,
                          updated=None, frequency=None, period=None, sample=False,
                          licenses=(), keywords=(),
                          resources=(_resource(report, target, temp),),
                          foreign_keys=bool(target.schema.get("foreignKeys")))
        [outcome] = dataset_stage.check_dataset(dataset, rules, scanner, Limits(), Path(folder))
    report.masked_on_publication = outcome.summary.masked_cells if outcome.summary else 0
    report.dropped_on_publication = tuple(f.name for f in target.fields if f.redact == "drop")
    found = [d for d in outcome.prechecks + outcome.validation if d.code != "dataset.encoding"]
    return [_at_source(d, report, source) for d in found + outcome.findings]


# --------------------------------------------------------------------------- mapping file

def write_mapping(result: ImportResult, source: Source, target: ImportTarget,
                  mapping: Mapping | None, path: Path) -> None:
    if path.exists():
        result.diagnostics.append(error(
            "dataset.import-map", f"{path} already exists; it was not overwritten",
            path=str(path), hint="give another file name, or delete the old file first"))
        result.unusable = True
        return
    try:
        path.write_text(mapping_template(source, target, mapping), encoding="utf-8")
    except OSError as exc:
        result.diagnostics.append(error("dataset.import-map", f"cannot write {path}: "
                                        f"{exc.strerror or exc}", path=str(path),
                                        hint="check the folder exists and is writable"))
        result.unusable = True
        return
    result.mapping_written = str(path)
