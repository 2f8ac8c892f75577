"""The dataset stage of a build: read, validate, redact, gate and publish every dataset,
streaming each CSV once, in parallel, and remembering the result of each file.

`run_dataset_stage` reads the descriptors (datasets.read_descriptors), then hands each
resource (or, when a schema has foreign keys, each dataset's resources together: a
"unit") to one pass that reads its CSV a block of rows at a time and, in that one pass:

- checks what datasets.validate_dataset checks before frictionless (size, encoding,
  empty file, broken quotes, header, row limit, blank rows at the end);
- validates the rows as frictionless would (each distinct value of a column is read by
  frictionless' own cell reader once), with the unique and primary keys. Only a file in
  which this finds anything at all, or that frictionless would read with another CSV
  dialect, is then validated by frictionless itself, so that every diagnostic is
  frictionless' own (same codes, messages and rows as before), capped per file;
- redacts (drop, mask with `when`), writes the published CSV (formulas neutralised) and
  JSON downloads into the build cache, byte for byte what dataset_publish.csv_bytes and
  json_bytes make, each named by the hash of its content, and keeps only a summary: row
  count, preview rows, totals' sums;
- runs the redaction gate on the published cells, each distinct value of a column once.

Units run in worker processes (the "fork" start method) when more than one needs work
and there is enough data for it to pay. Each unit's result is cached under a key made
from everything it depends on (see `_unit_key`), so an unchanged file is never read
again, and a changed one costs time in proportion to its size.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import itertools
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import metadata
from pathlib import Path

from opcc.build import cache as build_cache
from opcc.build.cache import BuildCache
from opcc.config import Limits
from opcc.datasets.descriptors import (
    SCHEMA_CHECKS,
    Dataset,
    Resource,
    _Shape,
    encoding_problems,
    frictionless_diagnostics,
    open_csv,
    read_descriptors,
    shape_diagnostics,
    size_problem,
    sniff_encoding,
)
from opcc.datasets.publish import (
    FORMULA_STARTS,
    MASK,
    PREVIEW_ROWS,
    JsonDownload,
    PublishedTable,
    TotalsPartial,
    TotalsSums,
    _conditions,
    _row_matches,
    csv_writer,
    neutralise,
    published_schema,
    totals_fields,
)
from opcc.diagnostics import Diagnostic
from opcc.redaction import Scanner, gate

NAMESPACE = "datasets"
BLOCK_ROWS = 4096  # rows read, checked and written at a time
MEMO_LIMIT = 50_000  # distinct values remembered per column before starting afresh
PARALLEL_MIN_BYTES = 4 << 20  # less work than this is done in this process
FORMAT = "1"  # bump when _Outcome changes


@dataclass
class DatasetStage:
    datasets: list[Dataset]  # the valid datasets, as load_datasets gave them
    tables: dict[str, list[PublishedTable]]  # per dataset name, one per resource
    diagnostics: list[Diagnostic]  # descriptors, data and the redaction gate's cells
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went
    units: int = 0  # units of work (a resource, or a dataset with foreign keys)
    reused: int = 0  # of which taken from the cache


@dataclass
class _Summary:
    downloads: tuple[str, str]  # the CSV's and the JSON's content hashes: their cache names
    row_count: int
    masked_cells: int
    preview_rows: tuple[tuple[str, ...], ...]
    partial: TotalsPartial | None


@dataclass
class _Outcome:
    """What one resource's pass found: cached, so it holds no path and no object that
    depends on where the site is."""
    encoding: str | None = None
    prechecks: list[Diagnostic] = field(default_factory=list)  # before frictionless
    failed: bool = False  # a precheck error: the dataset is not validated further
    last_row: int = 0
    suspect: bool = False  # something frictionless may report: it validates the file
    validation: list[Diagnostic] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # the redaction gate's
    summary: _Summary | None = None  # when valid: the downloads were kept


@dataclass
class _Unit:
    dataset: Dataset
    resources: tuple[Resource, ...]
    together: bool  # validated as one frictionless package (foreign keys)
    rules: gate.LocalRules
    key: str = ""
    size: int = 0


# -- the stage ------------------------------------------------------------------------------

def run_dataset_stage(root: Path, class_slugs: tuple[str, ...], today: date, limits: Limits,
                      scanner: Scanner, cache: BuildCache,
                      workers: int | None = os.cpu_count()) -> DatasetStage:
    """Every dataset read, validated, gated and published (see the module's docstring)."""
    started = time.perf_counter()
    context = _context(scanner, limits)
    checks_key = build_cache.digest("schema-checks", *context[:3])
    known = cache.get(NAMESPACE, checks_key)
    if isinstance(known, dict):  # frictionless' verdict on each schema: not imported at all
        SCHEMA_CHECKS.update(known)
    checked = dict(SCHEMA_CHECKS)
    diagnostics: list[Diagnostic] = []
    found_datasets: list[Dataset] = []
    rule_problems: dict[str, list[Diagnostic]] = {}
    units: list[_Unit] = []
    for dataset, found in read_descriptors(root, class_slugs, today):
        diagnostics.extend(found)
        if dataset is None:
            continue
        found_datasets.append(dataset)
        rules, problems = gate.local_rules(dataset.redaction, dataset.descriptor_path,
                                           dataset.key_lines.get("redaction"))
        rule_problems[dataset.name] = problems
        groups = [dataset.resources] if dataset.foreign_keys else \
            [(resource,) for resource in dataset.resources]
        units += [_Unit(dataset, group, dataset.foreign_keys, rules) for group in groups]
    if SCHEMA_CHECKS != checked:
        cache.put(NAMESPACE, checks_key, dict(SCHEMA_CHECKS))
    read = time.perf_counter()

    for unit in units:
        unit.key, unit.size = _unit_key(unit, context, cache, limits)
    results: dict[int, list[_Outcome]] = {}
    todo = []
    for number, unit in enumerate(units):
        cached = cache.get(NAMESPACE, unit.key)
        if isinstance(cached, list) and _downloads_exist(cache, unit, cached):
            results[number] = cached
        else:
            todo.append(number)
    keyed = time.perf_counter()

    for number, outcomes in _run(units, todo, scanner, limits, cache, workers or 1):
        results[number] = outcomes
        cache.put(NAMESPACE, units[number].key, outcomes)
    _MEMOS.clear()
    worked = time.perf_counter()

    stage = _assemble(found_datasets, units, results, rule_problems, cache, diagnostics)
    stage.seconds = {"read": read - started, "key": keyed - read, "work": worked - keyed,
                     "total": time.perf_counter() - started}
    stage.units, stage.reused = len(units), len(units) - len(todo)
    return stage


def _assemble(found_datasets: list[Dataset], units: list[_Unit],
              results: dict[int, list[_Outcome]], rule_problems: dict[str, list[Diagnostic]],
              cache: BuildCache, diagnostics: list[Diagnostic]) -> DatasetStage:
    """Diagnostics as validate_dataset and the gate gave them, and the valid datasets."""
    by_dataset: dict[str, list[tuple[Resource, _Outcome, _Unit]]] = {}
    for number, unit in enumerate(units):
        for resource, outcome in zip(unit.resources, results[number]):
            by_dataset.setdefault(unit.dataset.name, []).append((resource, outcome, unit))
    datasets, tables = [], {}
    for dataset in found_datasets:
        parts = by_dataset.get(dataset.name, [])
        for _, outcome, _ in parts:
            diagnostics.extend(outcome.prechecks)
        if any(outcome.failed for _, outcome, _ in parts):
            continue  # as validate_dataset: frictionless never saw the other files
        found = [d for _, outcome, _ in parts for d in outcome.validation]
        diagnostics.extend(found)
        if any(d.severity == "error" for _, outcome, _ in parts
               for d in outcome.prechecks + outcome.validation):
            continue
        resources = tuple(replace(resource, encoding=outcome.encoding)
                          for resource, outcome, _ in parts)
        datasets.append(replace(dataset, resources=resources))
        tables[dataset.name] = [
            _table(resource, outcome, cache, unit)
            for resource, (_, outcome, unit) in zip(resources, parts)]
        diagnostics.extend(rule_problems.get(dataset.name, []))
        for _, outcome, _ in parts:
            diagnostics.extend(outcome.findings)
    return DatasetStage(datasets, tables, diagnostics)


def _table(resource: Resource, outcome: _Outcome, cache: BuildCache, unit: _Unit
           ) -> PublishedTable:
    summary = outcome.summary
    assert summary is not None  # a valid resource's downloads are always kept
    csv_path, json_path = _download_paths(cache, summary)
    return PublishedTable(
        resource=resource, fields=tuple(f for f in resource.fields if f.redact != "drop"),
        rows=None, masked_cells=summary.masked_cells,
        dropped=tuple(f.name for f in resource.fields if f.redact == "drop"),
        row_count=summary.row_count, preview_rows=summary.preview_rows,
        partial=summary.partial, csv_path=csv_path, json_path=json_path)


# -- cache keys -----------------------------------------------------------------------------

def _context(scanner: Scanner, limits: Limits) -> tuple:
    try:
        frictionless = metadata.version("frictionless")
    except metadata.PackageNotFoundError:  # pragma: no cover
        frictionless = "?"
    return (FORMAT, build_cache.version(), frictionless, scanner.fingerprint,
            limits.max_file_bytes, limits.max_dataset_rows)


def _unit_key(unit: _Unit, context: tuple, cache: BuildCache, limits: Limits
              ) -> tuple[str, int]:
    """(key, bytes) of a unit: everything its result depends on, the files by content."""
    parts: list = [*context, unit.dataset.name, repr(unit.dataset.redaction), unit.together]
    size = 0
    for resource in unit.resources:
        try:
            stat = resource.source.stat()
        except OSError:
            stat = None
        if stat is None or stat.st_size > limits.max_file_bytes:
            contents = f"unread:{stat.st_size if stat else None}"  # never hashed
        else:
            contents = _file_digest(cache, resource.source, stat)
            size += stat.st_size
        parts += [resource.name, resource.relative, resource.title, resource.description,
                  repr(resource.schema), repr([f.descriptor for f in resource.fields]),
                  contents]
    return build_cache.digest(*parts), size


RACY_SECONDS = 2.0  # a file changed as recently as this is always hashed again


def _file_digest(cache: BuildCache, path: Path, stat: os.stat_result) -> str:
    """The file's content hash, remembered by its size, times and inode so that an
    untouched file is not read again; a file modified in the last RACY_SECONDS is hashed
    every time, as a second write in the same clock tick would not change its times."""
    key = build_cache.digest("file", str(path), stat.st_size, stat.st_mtime_ns,
                             stat.st_ctime_ns, stat.st_ino)
    found = cache.get("file-digest", key)
    if isinstance(found, str):
        return found
    contents = build_cache.file_digest(path)
    if time.time() - max(stat.st_mtime, stat.st_ctime) > RACY_SECONDS:
        cache.put("file-digest", key, contents)
    return contents


def _download_paths(cache: BuildCache, summary: _Summary) -> tuple[Path, Path]:
    """The cached downloads, named by their content, so that a file whose content did not
    change keeps its name (and an incremental build does not write it again)."""
    csv_name, json_name = summary.downloads
    return cache.file(NAMESPACE, csv_name, ".csv"), cache.file(NAMESPACE, json_name, ".json")


def _downloads_exist(cache: BuildCache, unit: _Unit, outcomes: list[_Outcome]) -> bool:
    if len(outcomes) != len(unit.resources):
        return False
    for outcome in outcomes:
        if outcome.summary is not None and not all(
                path.is_file() for path in _download_paths(cache, outcome.summary)):
            return False
    return True


# -- running the units ----------------------------------------------------------------------

_JOB: tuple | None = None  # what forked workers inherit: (units, scanner, limits, cache)


def _work(number: int) -> tuple[int, list[_Outcome]]:
    units, scanner, limits, cache = _JOB
    return number, _run_unit(units[number], scanner, limits, cache)


def _run(units: list[_Unit], todo: list[int], scanner: Scanner, limits: Limits,
         cache: BuildCache, workers: int):
    """(unit number, outcomes) for every unit to do, in worker processes when it pays."""
    global _JOB
    order = sorted(todo, key=lambda n: -units[n].size)  # largest first: the cores finish together
    work = sum(units[n].size for n in todo)
    if workers > 1 and len(todo) > 1 and work >= PARALLEL_MIN_BYTES and _can_fork():
        import multiprocessing
        from concurrent.futures.process import BrokenProcessPool

        _JOB = (units, scanner, limits, cache)
        done: set[int] = set()
        gc.freeze()  # the workers' collections then skip what they inherit (and do not copy it)
        try:
            with ProcessPoolExecutor(max_workers=min(workers, len(todo)),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                for number, outcomes in pool.map(_work, order):
                    done.add(number)
                    yield number, outcomes
        except (BrokenProcessPool, OSError):
            order = [n for n in order if n not in done]  # finish here what the pool did not
        else:
            return
        finally:
            _JOB = None
            gc.unfreeze()
    for number in order:
        yield number, _run_unit(units[number], scanner, limits, cache)


def _can_fork() -> bool:
    """Forking while other threads run (the dev server) could inherit a held lock."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


def _run_unit(unit: _Unit, scanner: Scanner, limits: Limits, cache: BuildCache
              ) -> list[_Outcome]:
    """The unit checked, its downloads kept in the cache if it is valid."""
    passes, outcomes = _check_unit(unit, scanner, limits, cache)
    valid = not any(o.failed or any(d.severity == "error" for d in o.validation)
                    for o in outcomes)
    for p, outcome in zip(passes, outcomes):
        p.finish(keep=valid and outcome.summary is not None)
        if not valid:
            outcome.summary = None
    return outcomes


def _check_unit(unit: _Unit, scanner: Scanner, limits: Limits, cache: BuildCache
                ) -> tuple[list[_ResourcePass], list[_Outcome]]:
    """Each resource of the unit read by its pass, then frictionless asked about the
    files the passes could not vouch for (all of them, when validated together)."""
    _field_size_as_frictionless()
    passes = [_ResourcePass(unit, resource, scanner, limits, cache)
              for resource in unit.resources]
    outcomes = [p.run() for p in passes]
    if not any(o.failed for o in outcomes):
        checked = [(r, o) for r, o in zip(unit.resources, outcomes)
                   if unit.together or o.suspect]
        if unit.together or checked:
            dataset = replace(unit.dataset, resources=tuple(
                replace(r, encoding=o.encoding) for r, o in
                (zip(unit.resources, outcomes) if unit.together else checked)))
            found = frictionless_diagnostics(dataset, {r.name: o.last_row for r, o in checked})
            for resource, outcome in checked:
                outcome.validation = found.get(resource.name, [])
    return passes, outcomes


def check_dataset(dataset: Dataset, rules: gate.LocalRules, scanner: Scanner, limits: Limits,
                  folder: Path) -> list[_Outcome]:
    """Check a dataset's files as the build does, keeping nothing (the importer checks the
    CSV it is about to write so): per resource, what its pass found (the checks before
    frictionless, frictionless' diagnostics, the redaction gate's findings and, once the
    file could be read, its summary with the masked cells), valid or not. The downloads
    are written under `folder` and thrown away; no result is cached."""
    unit = _Unit(dataset, dataset.resources, dataset.foreign_keys, rules)
    try:
        passes, outcomes = _check_unit(unit, scanner, limits, BuildCache(folder, enabled=False))
        for p in passes:
            p.finish(keep=False)
    finally:
        _MEMOS.clear()  # the scan memos hold findings of this scanner only
    return outcomes


def _field_size_as_frictionless() -> None:
    """frictionless raises csv's field size limit when it first reads a CSV; set it
    the same way first, so that the strict read finds what frictionless would."""
    import frictionless.formats.csv.parser  # noqa: F401  (sets csv.field_size_limit)


# memos shared by the resources of one schema in a process: value -> what it reads as
_MEMOS: dict[tuple, list[dict]] = {}


def _memos(kind: str, schema: dict, count: int, make=dict) -> list:
    key = (kind, repr(schema))
    memos = _MEMOS.get(key)
    if memos is None or len(memos) != count:
        if len(_MEMOS) > 64:
            _MEMOS.clear()
        memos = _MEMOS[key] = [make() for _ in range(count)]
    return memos


SAMPLE_ROWS = 100  # frictionless' sample
_FORMULA_START = re.compile("\n[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _header_first(widths: list[int]) -> bool:
    """Whether frictionless takes the first row as the header: it takes the first row of
    its sample whose width is near the sample's average (Detector.detect_dialect)."""
    if not widths:
        return True
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    return width - drift <= widths[0] <= width + drift


def _value_rules(field) -> dict:
    """What decides the value a frictionless field reads a cell as."""
    descriptor = field.to_descriptor()
    return {key: value for key, value in descriptor.items()
            if key not in ("title", "description", "constraints", "lawful_basis", "example",
                           "rdfType")} | {"missing": list(field.missing_values)}


def plain_dialect(resource: Resource) -> bool:
    """Whether frictionless reads this CSV with Python's default dialect: it sniffs the
    dialect from the first 100 lines, exactly so."""
    with open_csv(resource) as handle:
        sample = "".join(itertools.islice(handle, 100))
    try:
        sniffed = csv.Sniffer().sniff(sample, ",\t;|")
    except csv.Error:
        return True  # frictionless falls back to the default
    return (sniffed.delimiter == "," and sniffed.quotechar in ('"', "'")
            and not sniffed.escapechar and not sniffed.skipinitialspace)


class _ResourcePass:
    """One CSV read once: checked, validated, redacted, gated and written."""

    def __init__(self, unit: _Unit, resource: Resource, scanner: Scanner, limits: Limits,
                 cache: BuildCache):
        self.unit, self.resource, self.scanner = unit, resource, scanner
        self.limits, self.cache = limits, cache
        self.outcome = _Outcome()
        self.files: list[_Download] = []

    # the pass -----------------------------------------------------------------------------

    def run(self) -> _Outcome:
        outcome, resource = self.outcome, self.resource
        too_large = size_problem(resource, self.limits)
        if too_large:
            outcome.prechecks, outcome.failed = [too_large], True
            return outcome
        encoding, note, empty = sniff_encoding(resource.source)
        outcome.prechecks = encoding_problems(resource, encoding, note, empty)
        outcome.encoding = encoding
        if any(d.severity == "error" for d in outcome.prechecks):
            outcome.failed = True
            return outcome
        self.resource = resource = replace(resource, encoding=encoding)
        self._start()
        shape = self._stream()
        found = shape_diagnostics(shape, resource, self.limits)
        outcome.prechecks += found
        outcome.failed = any(d.severity == "error" for d in found)
        outcome.last_row = shape.last_row
        if not outcome.failed:
            self._close()
        return outcome

    def _stream(self) -> _Shape:
        """Read the CSV strictly (as datasets._read_shape), handing content rows on in
        blocks; stops handing on once the file is certain to fail its checks."""
        names = self.names
        header: list[str] = []
        number = last = line = blank = 0
        block: list[list[str]] = []
        most = self.limits.max_dataset_rows + 1  # rows, the header included
        with open_csv(self.resource) as handle:
            reader = csv.reader(handle, strict=True)
            widths: list[int] = []  # of the first rows, from which frictionless finds the header
            try:
                for row in reader:
                    number += 1
                    line = reader.line_num
                    if number <= SAMPLE_ROWS:
                        widths.append(len(row))
                    if "".join(row).strip():
                        last = number
                        if number == 1:
                            header = row
                            continue
                        if blank:  # blank rows before this one: frictionless reports them
                            self.outcome.suspect, blank = True, 0
                        if number > most:
                            continue  # too many rows: only counting now
                        block.append(row)
                        if len(block) == BLOCK_ROWS:
                            self._block(block)
                            block = []
                    elif number == 1:
                        header = row
                    else:
                        blank += 1
            except csv.Error as exc:
                return _Shape(tuple(header), last, number, (number + 1, line + 1, str(exc)))
        if number <= most:
            self._block(block)
        if tuple(header) != tuple(names) or not names or not _header_first(widths):
            self.outcome.suspect = True
        return _Shape(tuple(header), last, number)

    # setting up ---------------------------------------------------------------------------

    def _start(self) -> None:
        resource = self.resource
        specs = resource.fields
        self.names = [spec.name for spec in specs]
        self.width = len(specs)
        self.validate = not self.unit.together
        if self.validate and not plain_dialect(resource):
            self.outcome.suspect = True
        from frictionless import Schema

        schema = Schema.from_descriptor(resource.schema)
        self.readers = [schema.fields[i].create_cell_reader() for i in range(self.width)]
        self.vmemos = _memos("read", resource.schema, self.width)
        self.required = any(spec.constraints.get("required") for spec in specs) or any(
            field.constraints.get("required") for field in schema.fields)
        self.unique = [i for i, field in enumerate(schema.fields)
                       if field.constraints.get("unique")]
        self.seen_unique: dict[int, set] = {i: set() for i in self.unique}
        primary = resource.schema.get("primaryKey") or []
        primary = [primary] if isinstance(primary, str) else list(primary)
        self.primary = [self.names.index(n) for n in primary] \
            if primary and all(n in self.names for n in primary) else []
        if primary and not self.primary:
            self.outcome.suspect = True
        self.seen_primary: set = set()
        self.keyed = set(self.unique) | set(self.primary)
        if any(field.type in ("object", "array", "geojson") for field in schema.fields):
            self.outcome.suspect = True  # their values are not hashable: frictionless checks
        # redaction, as dataset_publish.redact_rows
        self.kept = [i for i, spec in enumerate(specs) if spec.redact != "drop"]
        self.masks = [(i, spec) for i, spec in enumerate(specs) if spec.redact == "mask"]
        self.condition_readers = _conditions(resource) if self.masks else {}
        self.condition_memos: dict[int, dict] = {i: {} for i, _ in self.masks}
        self.masked = 0
        # the published table
        self.fields = tuple(specs[i] for i in self.kept)
        table = PublishedTable(resource, self.fields, (), 0, ())
        self.header = table.header
        self.rows = 0
        self.preview: list[tuple[str, ...]] = []
        key = build_cache.digest(self.unit.key, resource.name)
        self.files = [_Download(self.cache, key, ".csv"), _Download(self.cache, key, ".json")]
        self.csv_handle, self.json_handle = self.files
        self.csv_buffer = io.StringIO()  # the CSV writer writes a block's rows here
        self.csv = csv_writer(self.csv_buffer, self.header)
        self.json = JsonDownload(published_schema(table), self.json_handle)
        self.json.memos = _memos("json", published_schema(table), len(self.fields))
        # whether a published column reads as the source column does (then its values,
        # read while validating, are not read again)
        published_fields = Schema.from_descriptor(published_schema(table)).fields
        self.same_values = {}
        for i, published_field in zip(self.kept, published_fields):
            self.same_values[i] = _value_rules(schema.fields[i]) == _value_rules(published_field)
        names = totals_fields(self.fields)
        self.sums = TotalsSums(*names) if names else None
        self.sum_columns = tuple(self.header.index(n) if n else None for n in names) \
            if names else ()
        self.scan = gate.CellScan(self.scanner, self.fields, resource.relative,
                                  self.unit.rules, _memos("scan", resource.schema,
                                                          len(self.fields), gate.ValueMemo))

    # one block of content rows ------------------------------------------------------------

    def _block(self, block: list[list[str]]) -> None:
        if not block:
            return
        width = self.width
        if any(len(row) != width for row in block):
            self.outcome.suspect = True  # extra or missing cells
            block = [row if len(row) == width else (row + [""] * (width - len(row)))[:width]
                     for row in block]
        columns = list(zip(*block)) if width else []
        distinct = [dict.fromkeys(column) for column in columns]
        typed = None
        if self.validate and not self.outcome.suspect:
            typed = self._validate(columns, distinct)
        published, known = [], []
        for i in self.kept:
            column, hidden = self._publish(i, columns)
            if hidden is not None:
                for row, hide in zip(block, hidden):
                    if hide:
                        row[i] = MASK  # the rows are written to the CSV below
            published.append((column, dict.fromkeys(column) if hidden else distinct[i]))
            known.append(typed[i] if typed is not None and hidden is None and
                         self.same_values[i] else None)
        # downloads
        for i, (_, cells) in zip(self.kept, published):
            if not _FORMULA_START.search("\n" + "\n".join(cells)):
                continue  # no cell starts with a formula's first character
            changed = {cell: neutralise(cell) for cell in cells
                       if cell.startswith(FORMULA_STARTS)}
            for row in block if changed else ():
                row[i] = changed.get(row[i], row[i])
        if len(self.kept) == width:
            self.csv.writerows(block)
        else:
            self.csv.writerows([row[i] for i in self.kept] for row in block)
        self._flush_csv()
        texts = [self.json.column(j, c, d, known[j]) for j, (c, d) in enumerate(published)]
        self.json.write(texts, len(block))
        # the page's preview and totals
        if len(self.preview) < PREVIEW_ROWS:
            rows = zip(*[c for c, _ in published]) if published else (() for _ in block)
            self.preview += itertools.islice(rows, PREVIEW_ROWS - len(self.preview))
        if self.sums is not None:
            amount, when, category = self.sum_columns
            self.sums.add(self.json.values(amount, published[amount][0]),
                          self.json.values(when, published[when][0]),
                          published[category][0] if category is not None else None)
        # the redaction gate
        for j, (column, cells) in enumerate(published):
            self.scan.add(j, column, self.rows, cells)
        self.rows += len(block)

    def _validate(self, columns: list[tuple[str, ...]], distinct: list[dict]
                  ) -> list[list | None] | None:
        """Find anything frictionless could report in these rows (then it is asked).
        None if it found something, else each column's typed values where they were
        needed (keys) or cheap (values that hardly repeat, read anyway)."""
        typed: list[list | None] = []
        for i, column in enumerate(columns):
            cells, read = distinct[i], self.readers[i]
            spread = len(cells) * 2 > len(column) and len(column) > 64
            memo = {} if spread else self.vmemos[i]
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            for cell in cells:
                if cell not in memo:
                    value, notes = read(cell)
                    if notes:
                        self.outcome.suspect = True
                        return None
                    memo[cell] = value
            typed.append([memo[cell] for cell in column] if spread or i in self.keyed or
                         not self.required else None)
        try:
            for i in self.unique:
                values = [v for v in typed[i] if v is not None]
                seen = self.seen_unique[i]
                before = len(seen)
                seen.update(values)
                if len(seen) - before != len(values):
                    self.outcome.suspect = True
                    return None
            if self.primary:
                keys = list(zip(*[typed[i] for i in self.primary]))
                if any(all(v is None for v in key) for key in keys):
                    self.outcome.suspect = True
                    return None
                before = len(self.seen_primary)
                self.seen_primary.update(keys)
                if len(self.seen_primary) - before != len(keys):
                    self.outcome.suspect = True
                    return None
        except TypeError:  # a value that cannot be compared so: frictionless decides
            self.outcome.suspect = True
            return None
        if not self.required and any(all(v is None for v in row) for row in zip(*typed)):
            self.outcome.suspect = True  # a row of missing values is a blank row
            return None
        return typed

    def _publish(self, index: int, columns: list[tuple[str, ...]]):
        """One published column of a block, masked where the schema says, and which
        cells were masked (None: none)."""
        column = columns[index]
        spec = self.resource.fields[index]
        if spec.redact != "mask":
            return column, None
        if spec.redact_when is None:
            hidden = [bool(cell) for cell in column]
        else:
            names = list(spec.redact_when)
            where = [self.names.index(n) if n in self.names else None for n in names]
            keys = list(zip(*[columns[i] if i is not None else ("",) * len(column)
                              for i in where]))
            memo = self.condition_memos[index]
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            for key in dict.fromkeys(keys):
                if key not in memo:
                    memo[key] = _row_matches(dict(zip(names, key)), spec.redact_when,
                                             self.condition_readers)
            hidden = [bool(cell) and memo[key] for cell, key in zip(column, keys)]
        count = sum(hidden)
        if not count:
            return column, None
        self.masked += count
        return [MASK if hide else cell for cell, hide in zip(column, hidden)], hidden

    # the end ------------------------------------------------------------------------------

    def _flush_csv(self) -> None:
        self.csv_handle.write(self.csv_buffer.getvalue())
        self.csv_buffer.seek(0)
        self.csv_buffer.truncate()

    def _close(self) -> None:
        self._flush_csv()
        self.json.close()
        self.csv_handle.close()
        self.json_handle.close()
        self.outcome.findings = self.scan.diagnostics()
        self.outcome.summary = _Summary(
            downloads=(self.csv_handle.name, self.json_handle.name), row_count=self.rows,
            masked_cells=self.masked,
            preview_rows=tuple(tuple(row) for row in self.preview),
            partial=self.sums.partial() if self.sums is not None else None)

    def finish(self, keep: bool) -> None:
        """Move the downloads into the cache, or throw them away."""
        for download in self.files:
            download.close()
            if keep:
                download.keep()
            else:
                download.discard()


class _Download:
    """A download written into the cache, hashed as it is written and kept under the
    hash of its content."""

    def __init__(self, cache: BuildCache, key: str, suffix: str):
        self.cache, self.suffix = cache, suffix
        self.temporary, _ = cache.new_file(NAMESPACE, key, suffix)
        self.handle = open(self.temporary, "wb")  # noqa: SIM115  (closed by finish)
        self.hash = hashlib.blake2b(digest_size=20)

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.hash.update(data)
        self.handle.write(data)

    @property
    def name(self) -> str:
        return self.hash.hexdigest()

    def close(self) -> None:
        self.handle.close()

    def keep(self) -> None:
        final = self.cache.file(NAMESPACE, self.name, self.suffix)
        final.parent.mkdir(parents=True, exist_ok=True)
        BuildCache.keep(self.temporary, final)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)
