"""One unit of the dataset stage's work (a resource, or a dataset's resources together
when its schemas have foreign keys): each CSV read once, a block of rows at a time, by a
`ResourcePass`, which in that one pass

- makes the checks before frictionless (datasets.prechecks);
- validates the rows as frictionless would (each distinct value of a column read by
  frictionless' own cell reader once), with the unique and primary keys, and marks the
  file `suspect` when it finds anything at all, or when frictionless would read it with
  another CSV dialect: frictionless itself then validates it (`check_unit`), so that every
  diagnostic is frictionless' own;
- redacts (drop, mask with `when`), writes the published CSV (formulas neutralised) and
  JSON downloads into the build cache, byte for byte what datasets.publish.csv_bytes and
  json_bytes make, each named by the hash of its content (`Download`), and keeps only a
  `Summary`: row count, preview rows, totals' sums;
- runs the redaction gate on the published cells, each distinct value of a column once.

What a resource's pass found is its `Outcome`, which the stage caches.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from dataclasses import dataclass, field, replace

from opcc.build import cache as build_cache
from opcc.build.cache import BuildCache
from opcc.config import Limits
from opcc.datasets.descriptors import Dataset, Resource
from opcc.datasets.prechecks import (
    CsvShape,
    encoding_problems,
    open_csv,
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
    condition_readers,
    csv_writer,
    neutralise,
    published_schema,
    row_matches,
    totals_fields,
)
from opcc.datasets.validation import frictionless_diagnostics
from opcc.diagnostics import Diagnostic
from opcc.redaction import Scanner, gate

NAMESPACE = "datasets"  # the stage's records and downloads in the build cache
BLOCK_ROWS = 4096  # rows read, checked and written at a time
MEMO_LIMIT = 50_000  # distinct values remembered per column before starting afresh


@dataclass
class Summary:
    """What pages need of a valid resource's table, kept instead of its rows."""
    downloads: tuple[str, str]  # the CSV's and the JSON's content hashes: their cache names
    row_count: int
    masked_cells: int
    preview_rows: tuple[tuple[str, ...], ...]
    partial: TotalsPartial | None


@dataclass
class Outcome:
    """What one resource's pass found: cached, so it holds no path and no object that
    depends on where the site is."""
    encoding: str | None = None
    prechecks: list[Diagnostic] = field(default_factory=list)  # before frictionless
    failed: bool = False  # a precheck error: the dataset is not validated further
    last_row: int = 0
    suspect: bool = False  # something frictionless may report: it validates the file
    validation: list[Diagnostic] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # the redaction gate's
    summary: Summary | None = None  # when valid: the downloads were kept


@dataclass
class Unit:
    """Resources checked together: one, or a dataset's all when they have foreign keys."""
    dataset: Dataset
    resources: tuple[Resource, ...]
    together: bool  # validated as one frictionless package (foreign keys)
    rules: gate.LocalRules
    key: str = ""  # the stage's cache key of its result (see stage._unit_key)
    size: int = 0


def run_unit(unit: Unit, scanner: Scanner, limits: Limits, cache: BuildCache
             ) -> list[Outcome]:
    """The unit checked, its downloads kept in the cache if it is valid."""
    passes, outcomes = check_unit(unit, scanner, limits, cache)
    valid = not any(o.failed or any(d.severity == "error" for d in o.validation)
                    for o in outcomes)
    for p, outcome in zip(passes, outcomes):
        p.finish(keep=valid and outcome.summary is not None)
        if not valid:
            outcome.summary = None
    return outcomes


def check_unit(unit: Unit, scanner: Scanner, limits: Limits, cache: BuildCache
               ) -> tuple[list[ResourcePass], list[Outcome]]:
    """Each resource of the unit read by its pass, then frictionless asked about the
    files the passes could not vouch for (all of them, when validated together)."""
    _field_size_as_frictionless()
    passes = [ResourcePass(unit, resource, scanner, limits, cache)
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


def _field_size_as_frictionless() -> None:
    """frictionless raises csv's field size limit when it first reads a CSV; set it
    the same way first, so that the strict read finds what frictionless would."""
    import frictionless.formats.csv.parser  # noqa: F401  (sets csv.field_size_limit)


# memos shared by the resources of one schema in a process: value -> what it reads as
_MEMOS: dict[tuple, list[dict]] = {}


def forget_memos() -> None:
    """Forget what the passes remembered of each schema's values (the gate's findings
    among them, which hold for one scanner only): at the end of a stage or a check."""
    _MEMOS.clear()


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


class ResourcePass:
    """One CSV read once: checked, validated, redacted, gated and written."""

    def __init__(self, unit: Unit, resource: Resource, scanner: Scanner, limits: Limits,
                 cache: BuildCache):
        self.unit, self.resource, self.scanner = unit, resource, scanner
        self.limits, self.cache = limits, cache
        self.outcome = Outcome()
        self.files: list[Download] = []

    # the pass -----------------------------------------------------------------------------

    def run(self) -> Outcome:
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

    def _stream(self) -> CsvShape:
        """Read the CSV strictly (as datasets.prechecks.read_shape), handing content rows on in
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
                return CsvShape(tuple(header), last, number, (number + 1, line + 1, str(exc)))
        if number <= most:
            self._block(block)
        if tuple(header) != tuple(names) or not names or not _header_first(widths):
            self.outcome.suspect = True
        return CsvShape(tuple(header), last, number)

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
        # redaction, as datasets.reference.redact_rows
        self.kept = [i for i, spec in enumerate(specs) if spec.redact != "drop"]
        self.masks = [(i, spec) for i, spec in enumerate(specs) if spec.redact == "mask"]
        self.condition_readers = condition_readers(resource) if self.masks else {}
        self.condition_memos: dict[int, dict] = {i: {} for i, _ in self.masks}
        self.masked = 0
        # the published table
        self.fields = tuple(specs[i] for i in self.kept)
        table = PublishedTable(resource, self.fields, (), 0, ())
        self.header = table.header
        self.rows = 0
        self.preview: list[tuple[str, ...]] = []
        key = build_cache.digest(self.unit.key, resource.name)
        self.files = [Download(self.cache, key, ".csv"), Download(self.cache, key, ".json")]
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
                    memo[key] = row_matches(dict(zip(names, key)), spec.redact_when,
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
        self.outcome.summary = Summary(
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


class Download:
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
