"""The dataset stage of a build: read, validate, redact, gate and publish every dataset,
streaming each CSV once, in parallel, and remembering the result of each file.

`run_dataset_stage` reads the descriptors (datasets.reader.read_descriptors), then hands
each resource (or, when a schema has foreign keys, each dataset's resources together: a
"unit") to one pass (datasets.resource_pass) that reads its CSV a block of rows at a time
and, in that one pass:

- makes the checks before frictionless (datasets.prechecks: size, encoding, empty file,
  broken quotes, header, row limit, blank rows at the end);
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

`check_dataset` makes the same checks of one dataset without the cache, for the importer.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import metadata
from pathlib import Path

from opcc.build import cache as build_cache
from opcc.build import parallel
from opcc.build.cache import BuildCache
from opcc.config import Limits
from opcc.datasets.descriptors import Dataset, Resource
from opcc.datasets.publish import PublishedTable
from opcc.datasets.reader import read_descriptors
from opcc.datasets.resource_pass import (
    NAMESPACE,
    Outcome,
    Summary,
    Unit,
    check_unit,
    forget_memos,
    run_unit,
)
from opcc.datasets.schemas import SCHEMA_CHECKS
from opcc.diagnostics import Diagnostic
from opcc.redaction import Scanner, gate

PARALLEL_MIN_BYTES = 4 << 20  # less work than this is done in this process
FORMAT = "2"  # bump when resource_pass.Outcome changes (2: moved there from this module)


@dataclass
class DatasetStage:
    datasets: list[Dataset]  # the valid datasets, their resources' encodings set
    tables: dict[str, list[PublishedTable]]  # per dataset name, one per resource
    diagnostics: list[Diagnostic]  # descriptors, data and the redaction gate's cells
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went
    units: int = 0  # units of work (a resource, or a dataset with foreign keys)
    reused: int = 0  # of which taken from the cache


# -- the stage ------------------------------------------------------------------------------

def run_dataset_stage(root: Path, class_slugs: tuple[str, ...], today: date, limits: Limits,
                      scanner: Scanner, cache: BuildCache,
                      workers: int | None = os.cpu_count(),
                      include_drafts: bool = False) -> DatasetStage:
    """Every dataset read, validated, gated and published (see the module's docstring);
    drafts only when `include_drafts` (a preview)."""
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
    units: list[Unit] = []
    for dataset, found in read_descriptors(root, class_slugs, today, include_drafts):
        diagnostics.extend(found)
        if dataset is None:
            continue
        found_datasets.append(dataset)
        rules, problems = gate.local_rules(dataset.redaction, dataset.descriptor_path,
                                           dataset.key_lines.get("redaction"))
        rule_problems[dataset.name] = problems
        groups = [dataset.resources] if dataset.foreign_keys else \
            [(resource,) for resource in dataset.resources]
        units += [Unit(dataset, group, dataset.foreign_keys, rules) for group in groups]
    if SCHEMA_CHECKS != checked:
        cache.put(NAMESPACE, checks_key, dict(SCHEMA_CHECKS))
    read = time.perf_counter()

    for unit in units:
        unit.key, unit.size = _unit_key(unit, context, cache, limits)
    results: dict[int, list[Outcome]] = {}
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
    forget_memos()
    worked = time.perf_counter()

    stage = _assemble(found_datasets, units, results, rule_problems, cache, diagnostics)
    stage.seconds = {"read": read - started, "key": keyed - read, "work": worked - keyed,
                     "total": time.perf_counter() - started}
    stage.units, stage.reused = len(units), len(units) - len(todo)
    return stage


def _assemble(found_datasets: list[Dataset], units: list[Unit],
              results: dict[int, list[Outcome]], rule_problems: dict[str, list[Diagnostic]],
              cache: BuildCache, diagnostics: list[Diagnostic]) -> DatasetStage:
    """The diagnostics (as frictionless and the gate gave them) and the valid datasets."""
    by_dataset: dict[str, list[tuple[Resource, Outcome, Unit]]] = {}
    for number, unit in enumerate(units):
        for resource, outcome in zip(unit.resources, results[number]):
            by_dataset.setdefault(unit.dataset.name, []).append((resource, outcome, unit))
    datasets, tables = [], {}
    for dataset in found_datasets:
        parts = by_dataset.get(dataset.name, [])
        for _, outcome, _ in parts:
            diagnostics.extend(outcome.prechecks)
        if any(outcome.failed for _, outcome, _ in parts):
            continue  # as reference.validate_dataset: frictionless never saw the others
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


def _table(resource: Resource, outcome: Outcome, cache: BuildCache, unit: Unit
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


def _unit_key(unit: Unit, context: tuple, cache: BuildCache, limits: Limits
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


def _download_paths(cache: BuildCache, summary: Summary) -> tuple[Path, Path]:
    """The cached downloads, named by their content, so that a file whose content did not
    change keeps its name (and an incremental build does not write it again)."""
    csv_name, json_name = summary.downloads
    return cache.file(NAMESPACE, csv_name, ".csv"), cache.file(NAMESPACE, json_name, ".json")


def _downloads_exist(cache: BuildCache, unit: Unit, outcomes: list[Outcome]) -> bool:
    if len(outcomes) != len(unit.resources):
        return False
    for outcome in outcomes:
        if outcome.summary is not None and not all(
                path.is_file() for path in _download_paths(cache, outcome.summary)):
            return False
    return True


# -- running the units ----------------------------------------------------------------------

def _run(units: list[Unit], todo: list[int], scanner: Scanner, limits: Limits,
         cache: BuildCache, workers: int):
    """(unit number, outcomes) for every unit to do, in worker processes when it pays."""
    order = sorted(todo, key=lambda n: -units[n].size)  # largest first: the cores finish together
    work = sum(units[n].size for n in order)
    if work < PARALLEL_MIN_BYTES:
        workers = 1

    def run(number: int) -> list[Outcome]:
        return run_unit(units[number], scanner, limits, cache)

    yield from zip(order, parallel.each(run, order, workers))


# -- one dataset, for the importer ----------------------------------------------------------

def check_dataset(dataset: Dataset, rules: gate.LocalRules, scanner: Scanner, limits: Limits,
                  folder: Path) -> list[Outcome]:
    """Check a dataset's files as the build does, keeping nothing (the importer checks the
    CSV it is about to write so): per resource, what its pass found (the checks before
    frictionless, frictionless' diagnostics, the redaction gate's findings and, once the
    file could be read, its summary with the masked cells), valid or not. The downloads
    are written under `folder` and thrown away; no result is cached."""
    unit = Unit(dataset, dataset.resources, dataset.foreign_keys, rules)
    try:
        passes, outcomes = check_unit(unit, scanner, limits, BuildCache(folder, enabled=False))
        for p in passes:
            p.finish(keep=False)
    finally:
        forget_memos()
    return outcomes
