"""`opcc dataset import SOURCE --into NAME`: a CSV export or workbook into clean dataset CSVs.

Steps, each reported:

1. read the source (import_sources: encoding, delimiter, sheets; hidden sheets, rows and
   columns are left out unless asked for; workbook links and author names are reported);
2. find each table's header row (the row whose headings match the most schema fields; it
   need not be the first, or even above the data) and map columns to fields: the --map
   file first, then the heading variants in header-variants.yaml. Columns that map
   to nothing are dropped and listed; a required field with no column is an error, and
   --write-map writes a mapping file to fill in;
3. normalise every cell (import_normalise) and leave out blank rows, repeated header rows
   and total rows (labelled "Total", or holding only numbers that equal the sum of the rows
   above). A value that can't be read with certainty is an error at its source row and
   column, never a guess;
4. validate the rows with frictionless against the dataset's Table Schema, apply the
   schema's redaction rules and run the redaction gate on what would be published, as the
   build does;
5. write datasets/NAME/RESOURCE.csv (UTF-8), one per source file or sheet, named by the
   month its rows fall in (spend-2024-05), replacing that month's file if there is one
   (with a diff: rows added, removed, changed), and list new resources in the descriptor.

All or nothing: if anything is an error, nothing is written. The source file is only read;
it is never copied into datasets/ or site/.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opcc.config import Limits
from opcc.datasets import stage as dataset_stage
from opcc.datasets.descriptors import (
    DATASETS_DIR,
    DESCRIPTOR_NAMES,
    Dataset,
    FieldSpec,
    Resource,
)
from opcc.datasets.prechecks import detect_encoding
from opcc.datasets.reader import DescriptorReader
from opcc.diagnostics import Diagnostic, error, has_errors, warning
from opcc.importers.normalise import (
    Converter,
    ProblemLog,
    TableReport,
    Target,
    is_blank_row,
    normalise,
)
from opcc.importers.sources import (
    Mapping,
    Matcher,
    Plan,
    Source,
    Table,
    first_filled_row,
    heading_key,
    locate_header,
    plan_columns,
    read_mapping,
    read_source,
    table_columns,
)
from opcc.redaction import Scanner, gate
from opcc.source import yaml_reader as yaml_source

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


# --------------------------------------------------------------------------- results

@dataclass
class ImportResult:
    source: Source | None
    dataset: str
    tables: list[TableReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unusable: bool = False  # the command or its arguments can't be used (exit 2)
    written: list[str] = field(default_factory=list)
    descriptor_changed: bool = False
    notes: list[str] = field(default_factory=list)
    mapping_written: str | None = None

    @property
    def ok(self) -> bool:
        return not self.unusable and not has_errors(self.diagnostics)


# --------------------------------------------------------------------------- the dataset

@dataclass
class ImportTarget:
    name: str
    folder: Path
    descriptor: Path
    relative: str  # datasets/NAME/datapackage.yaml
    resources: list[dict]  # as written in the descriptor
    schema_value: object  # a resource's `schema:` as written, reused for new resources
    schema: dict  # the Table Schema without our keys
    fields: tuple[FieldSpec, ...]
    redaction: object = None
    redaction_line: int | None = None


def load_target(root: Path, name: str) -> tuple[ImportTarget | None, list[Diagnostic]]:
    """The dataset's descriptor and the schema of its (last) resource."""
    folder = root / DATASETS_DIR / name
    descriptor = next((folder / n for n in DESCRIPTOR_NAMES if (folder / n).is_file()), None)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name) or descriptor is None:
        return None, [error("dataset.import-dataset", f"there is no dataset '{name}' "
                            f"(no {DATASETS_DIR}/{name}/datapackage.yaml)", path=DATASETS_DIR,
                            hint=f"create it first: opcc new dataset {name} --schema "
                                 "spend-over-500 (or check --root)")]
    reader = DescriptorReader(root.resolve(), folder.resolve(), descriptor.resolve(), (),
                              date.today())
    data = reader.read_descriptor()
    raw = data.get("resources") if isinstance(data, dict) else None
    entries = [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    with_schema = [(i, r) for i, r in enumerate(entries) if r.get("schema") is not None]
    if data is not None and not with_schema:
        reader.report("dataset.import-dataset", "the descriptor names no schema, so the "
                      "importer does not know the columns", "list a resource with 'schema: "
                      "../schemas/spend-over-500.json' (opcc new dataset writes one)")
    if has_errors(reader.diagnostics) or not with_schema:
        return None, reader.diagnostics
    index, entry = with_schema[-1]
    schema = reader.schemas.load(entry["schema"], ("resources", index, "schema"))
    checked = reader.schemas.fields(schema, ("resources", index, "schema")) if schema else None
    if checked is None or has_errors(reader.diagnostics):
        return None, reader.diagnostics
    position = reader.doc.key_positions.get(("redaction",)) if reader.doc else None
    return ImportTarget(name, folder, descriptor, reader.relative, entries, entry["schema"],
                        checked[0], checked[1], data.get("redaction"),
                        position.line if position else None), []


def cell_targets(target: ImportTarget, mapping: Mapping | None,
                 table: Table) -> dict[str, Target]:
    missing = {str(v).strip().casefold() for v in target.schema.get("missingValues", [""])
               if str(v)} | set(mapping.missing if mapping else ())
    result = {}
    for spec in target.fields:
        enum = spec.constraints.get("enum") if spec.type == "string" else None
        pattern = str(spec.descriptor.get("format") or "")
        result[spec.name] = Target(
            spec.name, spec.type, spec.constraints.get("required") is True,
            spec.personal or spec.redact == "mask", tuple(str(v) for v in enum or ()),
            frozenset(missing), table.epoch, pattern if "%" in pattern else None)
    return result


# --------------------------------------------------------------------------- one table

def convert_table(table: Table, target: ImportTarget, mapping: Mapping | None,
                  source: Source) -> tuple[TableReport, list[Diagnostic]]:
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
    targets = cell_targets(target, mapping, table)
    _add_constants(plan, mapping, targets, where)
    _missing_fields(plan, target.fields, where, report)
    _describe_plan(report, plan)
    if has_errors(plan.problems):
        return report, plan.problems
    log = ProblemLog(source.label, table.sheet)
    Converter(table, plan, target.fields, targets, log, report).run(header)
    report.rows_out = len(report.rows)
    return report, plan.problems + _structure_notes(report, where) + log.diagnostics()


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
    absent = [s for s in specs if s.name not in plan.sources and s.name not in plan.constants]
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


# --------------------------------------------------------------------------- naming

def _month_title(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def period(months: list[str]) -> tuple[str, str, str | None] | None:
    """(slug, title, the single month or None) for the months of a table's rows: the month
    most rows fall in if it holds more than half of them, else first-to-last."""
    counts = Counter(m for m in months if re.fullmatch(r"\d{4}-\d{2}", m or ""))
    if not counts:
        return None
    top, number = counts.most_common(1)[0]
    if number * 2 > sum(counts.values()):
        return top, _month_title(top), top
    first, last = min(counts), max(counts)
    if first[:4] == last[:4]:
        return (f"{first}-to-{last[5:]}", (f"{MONTH_NAMES[int(first[5:]) - 1]} to "
                f"{_month_title(last)}"), None)
    return f"{first}-to-{last}", f"{_month_title(first)} to {_month_title(last)}", None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "data"


def _prefix(target: ImportTarget) -> str:
    found = Counter(m[1] for r in target.resources
                    for m in [re.fullmatch(r"(.*?)\d{4}-\d{2}(?:-to-[\d-]+)?",
                                           str(r.get("name", "")))] if m and m[1])
    return found.most_common(1)[0][0] if found else f"{target.name}-"


def name_table(report: TableReport, source: Source, target: ImportTarget,
               override: str | None) -> None:
    found = period(report.months)
    if override:
        report.resource, report.title = override, found[1] if found else override
    elif found:
        report.resource, report.title = _prefix(target) + found[0], found[1]
    else:
        stem = report.sheet or source.path.stem
        report.resource, report.title = _slug(stem), stem
    listed = next((r for r in target.resources if r.get("name") == report.resource), None)
    path = str(listed.get("path")) if listed and listed.get("path") else \
        f"{report.resource}.csv"
    report.path = f"{DATASETS_DIR}/{target.name}/{path}"


def _period_warning(report: TableReport, source: Source) -> list[Diagnostic]:
    found = period(report.months)
    if not found or found[2] is None:
        return []
    outside = [n for n, m in zip(report.numbers, report.months) if m and m != found[2]]
    if not outside:
        return []
    rows = ", ".join(str(n) for n in outside[:8]) + (", …" if len(outside) > 8 else "")
    return [warning("dataset.import-period", f"{len(outside)} row{_s(outside)} dated outside "
                    f"{found[1]} (rows {rows}) went into {report.resource}",
                    path=source.label, field=f"'{report.sheet}'" if report.sheet else None,
                    hint="check they belong in this month's file")]


# --------------------------------------------------------------------------- checks

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
    message = found.message + (f" (field {found.field})" if found.field and column
                               and column != found.field else "")
    return Diagnostic(found.severity, code, message, path=source.label, row=source_row,
                      field=where, hint=found.hint)


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
        result.diagnostics += _period_warning(report, source)
        report.data = _csv_bytes(header, report.rows)
        result.diagnostics += check_table(report, target, source, scanner, rules)
        _compare(report, root, target)


# --------------------------------------------------------------------------- diff

def _read_rows(path: Path) -> tuple[list[str], list[list[str]]] | None:
    data = path.read_bytes()
    encoding, _ = detect_encoding(data)
    if encoding is None:
        return None
    rows = [r for r in csv.reader(io.StringIO(data.decode(encoding), newline=""))
            if any(c.strip() for c in r)]
    return (rows[0], rows[1:]) if rows else ([], [])


def _compare(report: TableReport, root: Path, target: ImportTarget) -> None:
    existing = root / report.path
    if not existing.is_file():
        report.action = "new"
        report.diff = {"added": len(report.rows), "removed": 0, "changed": 0, "unchanged": 0}
        return
    old = _read_rows(existing) or ([], [])
    header = [s.name for s in target.fields]
    where = {name: i for i, name in enumerate(old[0])}
    aligned = [tuple(r[where[n]] if n in where and where[n] < len(r) else "" for n in header)
               for r in old[1]]
    new = [tuple(r) for r in report.rows]
    key = target.schema.get("primaryKey")
    key = [key] if isinstance(key, str) else list(key or [])
    report.diff = diff_rows(aligned, new, [header.index(k) for k in key if k in header])
    same = existing.read_bytes() == report.data
    report.action = "unchanged" if same else "replaced"


def diff_rows(old: list[tuple], new: list[tuple], key: list[int]) -> dict[str, int]:
    """Rows added, removed, changed and unchanged: by the primary key when the schema has
    one (and it is unique on both sides), else by content, pairing the leftover rows that
    share at least half their cells as changed."""
    if key:
        old_keys = {tuple(r[i] for i in key): r for r in old}
        new_keys = {tuple(r[i] for i in key): r for r in new}
        if len(old_keys) == len(old) and len(new_keys) == len(new):
            common = old_keys.keys() & new_keys.keys()
            changed = sum(1 for k in common if old_keys[k] != new_keys[k])
            return {"added": len(new_keys.keys() - common), "removed": len(old_keys.keys() -
                    common), "changed": changed, "unchanged": len(common) - changed}
    before, after = Counter(old), Counter(new)
    unchanged = sum((before & after).values())
    removed = list((before - after).elements())
    added = list((after - before).elements())
    changed = _pairs(removed, added)
    return {"added": len(added) - changed, "removed": len(removed) - changed,
            "changed": changed, "unchanged": unchanged}


def _pairs(removed: list[tuple], added: list[tuple]) -> int:
    if len(removed) * len(added) > 2_000_000:
        return min(len(removed), len(added))
    free = list(removed)
    paired = 0
    for row in added:
        for index, other in enumerate(free):
            if sum(a == b for a, b in zip(row, other)) * 2 >= len(row):
                free.pop(index)
                paired += 1
                break
    return paired


# --------------------------------------------------------------------------- writing

def write_all(result: ImportResult, root: Path, target: ImportTarget) -> None:
    for report in result.tables:
        if report.action == "unchanged":
            continue
        final = root / report.path
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.with_name(final.name + ".importing")
        temp.write_bytes(report.data)
        os.replace(temp, final)
        result.written.append(report.path)
    listed = {str(r.get("name")) for r in target.resources}
    entries = [_entry(report, target) for report in result.tables
               if report.resource not in listed]
    placeholders = _placeholders(root, target, {r.resource for r in result.tables})
    if entries or placeholders:
        _update_descriptor(result, target, entries, placeholders)
        for entry in target.resources:
            if entry.get("name") in placeholders and result.descriptor_changed:
                (target.folder / str(entry.get("path"))).unlink(missing_ok=True)


def _entry(report: TableReport, target: ImportTarget) -> dict:
    return {"name": report.resource, "path": Path(report.path).name,
            "title": report.title or report.resource, "schema": target.schema_value}


def _placeholders(root: Path, target: ImportTarget, importing: set) -> set[str]:
    """The header-only CSV `opcc new dataset` writes (named as the dataset): replaced by
    the first real data."""
    found = set()
    for entry in target.resources:
        path = target.folder / str(entry.get("path", ""))
        if entry.get("name") == target.name and target.name not in importing \
                and path.is_file() and path.suffix == ".csv":
            rows = _read_rows(path)
            if rows is not None and not rows[1]:
                found.add(target.name)
    return found


def _update_descriptor(result: ImportResult, target: ImportTarget, entries: list[dict],
                       remove: set[str]) -> None:
    text = target.descriptor.read_text("utf-8-sig")
    if target.descriptor.suffix == ".json":
        data = json.loads(text)
        data["resources"] = [r for r in data.get("resources", []) if r.get("name") not in remove]
        data["resources"] += entries
        updated = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        updated = yaml_resources(text, entries, remove)
    if updated is None:
        result.diagnostics.append(warning(
            "dataset.import-descriptor", "the descriptor's resources list could not be updated "
            "automatically", path=target.relative, hint="add these resources under "
            "resources: " + "; ".join(f"name: {e['name']}, path: {e['path']}" for e in entries)))
        return
    target.descriptor.write_text(updated, encoding="utf-8")
    result.descriptor_changed = True
    result.notes += [f"added resource {e['name']} to {target.relative}" for e in entries]
    result.notes += [f"removed the empty placeholder resource {n} (made by opcc new dataset)"
                     for n in sorted(remove)]


def _scalar(value: object) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    plain = re.fullmatch(r"[A-Za-z0-9./_][A-Za-z0-9 ./_()'-]*", text) and not re.fullmatch(
        r"(?i)(true|false|yes|no|on|off|null|~|[\d.eE+-]+|\d{4}-\d{2}(-\d{2})?)", text)
    return text if plain and not text.endswith(" ") else json.dumps(text, ensure_ascii=False)


def yaml_resources(text: str, entries: list[dict], remove: set[str]) -> str | None:
    """Add entries to (and remove names from) the block `resources:` list of a YAML
    descriptor, keeping its comments and layout; None if the layout is not understood."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines)
                  if re.fullmatch(r"resources:\s*(#.*)?", line.rstrip("\r\n"))), None)
    if start is None:
        return None
    last = start
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not lines[index][0].isspace() and not stripped.startswith(("-", "#")):
            break
        if stripped and not stripped.startswith("#"):
            last = index
    body = lines[start + 1:last + 1]
    firsts = [i for i, line in enumerate(body) if re.match(r"\s*- ", line)]
    if not firsts:
        return None
    indent = re.match(r"\s*", body[firsts[0]]).group()
    firsts = [i for i in firsts if re.match(r"\s*", body[i]).group() == indent]
    items = [body[a:b] for a, b in zip(firsts, firsts[1:] + [len(body)])]
    kept = [(_item_name(item), item) for item in items if _item_name(item) not in remove]
    newline = "\r\n" if "\r\n" in text else "\n"
    added = [(e["name"], [f"{indent}- name: {_scalar(e['name'])}{newline}"] +
              [f"{indent}  {k}: {_scalar(e[k])}{newline}" for k in ("path", "title", "schema")])
             for e in entries]
    names = [n for n, _ in kept]
    merged = kept + added
    if names == sorted(names):
        merged.sort(key=lambda item: item[0] or "")
    if lines[last] and not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
        body = lines[start + 1:last + 1]
    result = "".join(lines[:start + 1] + body[:firsts[0]] +
                     [line for _, item in merged for line in item] + lines[last + 1:])
    return result if _resource_names(result) == [n for n, _ in merged] else None


def _item_name(item: list[str]) -> str | None:
    for line in item:
        match = re.match(r"\s*-?\s*name:\s*(.+?)\s*$", line)
        if match:
            value = match[1].split(" #", 1)[0].strip()
            return value.strip("\"'")
    return None


def _resource_names(text: str) -> list[str] | None:
    try:
        data = yaml_source.load(text).data
    except yaml_source.YamlSyntaxError:
        return None
    resources = data.get("resources") if isinstance(data, dict) else None
    return [str(r.get("name")) for r in resources] if isinstance(resources, list) else None


# --------------------------------------------------------------------------- mapping file

def mapping_template(source: Source, target: ImportTarget, mapping: Mapping | None) -> str:
    """A mapping file to fill in: every heading of the source with the field it maps to
    now (or null), and a constant to fill in for each field no column holds."""
    matcher = Matcher(target.fields, mapping)
    lines = ["# Mapping for opcc dataset import --into " + target.name + " --map THIS-FILE",
             "# columns: each heading of the source and the field it goes to; null leaves the",
             "# column out. constants: one value for every row, for fields no column holds.",
             "# missing: values that mean 'no value' in this file, such as '-'.",
             "# Fields (* required): " + ", ".join(
                 s.name + ("*" if s.constraints.get("required") else "") for s in target.fields),
             "columns:"]
    placed: set[str] = set()
    mapped: set[str] = set()
    for table in source.tables:
        header = locate_header(table, matcher, len(target.fields))
        columns = table_columns(table, first_filled_row(table) if header is None else header)
        plan = plan_columns(columns, target.fields, matcher, frozenset(), {"path": source.label})
        mapped |= set(plan.sources)
        chosen = {c.index: name for name, cols in plan.sources.items() for c in cols}
        for column in columns:
            key = column.heading or f"column {column.index + 1}"
            if key in placed or (not column.heading and not column.filled):
                continue
            placed.add(key)
            value = chosen.get(column.index)
            note = "recognised" if value else "no field recognised: name one or leave null"
            lines.append(f"  {json.dumps(key, ensure_ascii=False)}: {value or 'null'}  # {note}")
    return "\n".join(lines + _template_constants(mapped, target, mapping)) + "\n"


def _template_constants(mapped: set[str], target: ImportTarget,
                        mapping: Mapping | None) -> list[str]:
    given = mapping.constants if mapping else {}
    lines = ["constants:"]
    for spec in target.fields:
        if spec.name in mapped:
            continue
        value = json.dumps(given.get(spec.name, ""), ensure_ascii=False)
        need = "required" if spec.constraints.get("required") else "optional"
        lines.append(f"  {spec.name}: {value}  # {need}: no column holds it")
    missing = sorted(mapping.missing) if mapping else []
    return lines + [f"missing: {json.dumps(missing, ensure_ascii=False)}"]


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
                  organisation: tuple[str, ...] = (), write_map: Path | None = None
                  ) -> ImportResult:
    """Import one CSV or workbook into datasets/NAME/ (see the module docstring)."""
    result = ImportResult(None, name)
    target, found = load_target(root, name)
    result.diagnostics += found
    mapping = None
    if target is not None and mapping_path is not None:
        mapping, found = read_mapping(mapping_path, str(mapping_path),
                                      [s.name for s in target.fields])
        result.diagnostics += found
    if target is None or (mapping_path is not None and mapping is None):
        result.unusable = True
        return result
    source = read_source(source_path, label or str(source_path), sheets, include_hidden,
                         scanner, organisation)
    result.source = source
    result.diagnostics += source.diagnostics
    if source.unusable or not _resource_option_ok(result, source, resource):
        result.unusable = True
        return result
    if write_map is not None:
        write_mapping(result, source, target, mapping, write_map)
        return result
    for table in source.tables:
        report, found = convert_table(table, target, mapping, source)
        if report.header_row is not None or has_errors(found):
            result.tables.append(report)
        result.diagnostics += found
    if mapping is not None:
        result.diagnostics += _unused_headings(mapping, source)
    if not result.tables and not has_errors(result.diagnostics):
        result.diagnostics.append(error("dataset.import-empty", "there is nothing to import",
                                        path=source.label, hint="check the file or the sheets"))
    if result.ok:
        finish_tables(result, root, target, source, resource, scanner or Scanner())
    if result.ok and not dry_run:
        write_all(result, root, target)
    return result


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
