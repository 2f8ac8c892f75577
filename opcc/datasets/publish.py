"""Dataset publishing: schema redaction, open-data downloads and totals.

Only what this module returns is ever written to site/: dropped columns never leave
it, and masked cells become `[redacted]` before any file, page or preview is made.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from opcc.datasets.descriptors import OGL, Dataset, FieldSpec, Resource

MASK = "[redacted]"
AMOUNT_FIELDS = ("amount", "net_amount", "value", "total")
DATE_FIELDS = ("payment_date", "transaction_date", "date")
CATEGORY_FIELDS = ("expense_type", "expense_category", "category")


PREVIEW_ROWS = 50  # rows of each resource kept for its page's preview


@dataclass(frozen=True)
class TotalsPartial:
    """One table's sums for the totals chart (see `totals`), kept instead of its rows."""
    amount_field: str
    date_field: str
    category_field: str | None
    by_month: tuple[tuple[str, Decimal], ...]  # in the order first met
    by_category: tuple[tuple[str, Decimal], ...]
    grand_total: Decimal


@dataclass(frozen=True)
class PublishedTable:
    """A resource as published. Tables the generator makes itself (the FOI log) and the
    reference path (datasets.reference) hold all their `rows`; the dataset stage streams
    the downloads to files (`csv_path`, `json_path`) and keeps only what pages need: the
    row count, the preview rows and the totals' partial sums (`rows` is None)."""
    resource: Resource
    fields: tuple[FieldSpec, ...]  # the published fields, in order
    rows: tuple[tuple[str, ...], ...] | None  # raw text after redaction, or None if streamed
    masked_cells: int
    dropped: tuple[str, ...]
    row_count: int | None = None  # for a streamed table
    preview_rows: tuple[tuple[str, ...], ...] | None = None  # the first PREVIEW_ROWS rows
    partial: TotalsPartial | None = None  # None: no totals for this table
    csv_path: Path | None = None
    json_path: Path | None = None

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def count(self) -> int:
        return len(self.rows) if self.rows is not None else (self.row_count or 0)

    @property
    def preview(self) -> tuple[tuple[str, ...], ...]:
        if self.rows is not None:
            return tuple(self.rows[:PREVIEW_ROWS])
        return self.preview_rows or ()


@dataclass(frozen=True)
class Totals:
    amount_field: str
    by_month: tuple[tuple[str, Decimal], ...]  # (YYYY-MM, total)
    by_category: tuple[tuple[str, Decimal], ...]  # largest first
    category_field: str | None
    grand_total: Decimal


def _normalise(value):
    """Compare condition values as the schema reads them, ignoring case and spacing."""
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def condition_readers(resource: Resource) -> dict[str, object]:
    """For the fields the resource's `when:` conditions name: field name -> a function
    reading a cell as that field's typed value (text ignoring case and spacing), as the
    conditions are compared (see `row_matches`)."""
    from frictionless import Schema

    schema = Schema.from_descriptor(resource.schema)

    def reader(field):
        read_cell = field.create_cell_reader()  # field.read_cell rebuilds this every call

        def read(cell: str):
            value, problem = read_cell(cell)
            return _normalise(cell if problem is not None else value)
        return read

    return {name: reader(schema.get_field(name))
            for spec in resource.fields for name in (spec.redact_when or {})}


def row_matches(row: dict[str, str], condition: dict[str, tuple[str, ...]], readers) -> bool:
    """Whether a row (field name -> cell) meets a field's `when:` condition (field name ->
    the values it must hold, one of them for each field), read by `condition_readers`."""
    for name, values in condition.items():
        read = readers[name]
        wanted = {read(v) if isinstance(v, str) else v for v in values}
        if read(row.get(name, "")) not in wanted:
            return False
    return True


def _published_field(spec: FieldSpec) -> dict:
    field = {k: v for k, v in spec.descriptor.items()
             if k not in ("redact", "when", "personal")}
    if spec.redact == "mask":
        # a masked cell is text, whatever the column held
        field = {k: v for k, v in field.items() if k not in ("format", "groupChar",
                                                              "decimalChar", "bareNumber")}
        field["type"] = "string"
        field["constraints"] = {k: v for k, v in (spec.constraints or {}).items()
                                if k == "required"}
        if not field["constraints"]:
            del field["constraints"]
        note = f"Values may be replaced by '{MASK}' to protect personal data."
        field["description"] = f"{field.get('description', '')} {note}".strip()
    return field


def published_schema(table: PublishedTable) -> dict:
    schema = {k: v for k, v in table.resource.schema.items()
              if k not in ("fields", "foreignKeys", "primaryKey")}
    schema["fields"] = [_published_field(f) for f in table.fields]
    published = set(table.header)
    primary = table.resource.schema.get("primaryKey")
    if primary and all(k in published for k in ([primary] if isinstance(primary, str)
                                                  else primary)):
        schema["primaryKey"] = primary
    return schema


# A cell starting with one of these is run as a formula by spreadsheets (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a signed number in any notation (-20.00, +44, -1.200,50, -1e5): no formula can run
_NUMBER = re.compile(r"^[+-]?[\d.,\s]*\d[\d.,\s]*(?:[eE][+-]?\d+)?$")


def neutralise(cell: str) -> str:
    """OWASP's advice for CSV injection: a quote before a cell a spreadsheet would run as a
    formula makes it text. A number (-20.00, +44) is not a formula and is kept as it is."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def csv_bytes(table: PublishedTable) -> bytes:
    if table.csv_path is not None:
        return table.csv_path.read_bytes()
    buffer = io.StringIO()
    writer = csv_writer(buffer, table.header)
    writer.writerows([neutralise(cell) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def csv_writer(handle, header: tuple[str, ...]):
    """A CSV writer of the published download (CRLF, formula-looking cells neutralised
    by the caller), its header row written."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    return writer


_LARGEST = Decimal("1e308")  # about the largest float


def _json_value(value):
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value) > _LARGEST):
        return str(value)  # NaN, INF and 1.5e400 are Table Schema numbers, not JSON ones
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) \
            else float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def typed_rows(table: PublishedTable) -> list[dict]:
    """Rows as frictionless reads the published CSV with the published schema."""
    from frictionless import Schema

    schema = Schema.from_descriptor(published_schema(table))
    readers = [(field.name, field.create_cell_reader()) for field in schema.fields]
    result = []
    for row in table.rows:
        result.append({name: _json_value(read(cell)[0]) for (name, read), cell in
                       zip(readers, row)})
    return result


_encode_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def json_fragment(value) -> str:
    """A value as it appears in the JSON download: json.dumps(rows, ensure_ascii=False,
    indent=1) puts each row's values two levels deep."""
    kind = type(value)
    if kind is str:
        return _encode_text(value)
    if kind is Decimal and value.is_finite() and abs(value) <= _LARGEST:  # as _json_value
        if value == value.to_integral_value() and "." not in str(value):
            return int.__repr__(int(value))
        return float.__repr__(float(value))
    value = _json_value(value)
    if isinstance(value, str):
        return _encode_text(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and value - value == 0:  # finite: json writes its repr
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n  ")


class JsonDownload:
    """Writes the JSON download row by row, byte for byte what
    `json.dumps(typed_rows(table), ensure_ascii=False, indent=1) + "\n"` gives, without
    holding the rows: each cell's text is read once per distinct value (`column`)."""

    def __init__(self, table_schema: dict, handle):
        from frictionless import Schema

        schema = Schema.from_descriptor(table_schema)
        self.names = [field.name for field in schema.fields]
        self.readers = [field.create_cell_reader() for field in schema.fields]
        self.prefixes = ["  " + _encode_text(name) + ": " for name in self.names]
        self.handle = handle
        self.rows = 0
        self.memos: list[dict[str, tuple]] = [{} for _ in self.names]
        self.current: list[list | None] = [None for _ in self.names]

    def column(self, index: int, cells, distinct=None, values: list | None = None,
               limit: int = 50_000) -> list[str]:
        """The text of each cell of one published column (`distinct`: its distinct cells,
        if known; `values`: their typed values, if read already). A column whose values
        hardly repeat (references, amounts) is not remembered."""
        distinct = dict.fromkeys(cells) if distinct is None else distinct
        read, prefix = self.readers[index], self.prefixes[index]
        if len(distinct) * 2 > len(cells) and len(cells) > 64:
            if values is None:
                read_once = {cell: read(cell)[0] for cell in distinct}
                values = [read_once[cell] for cell in cells]
            self.current[index] = values
            return [prefix + json_fragment(value) for value in values]
        memo = self.memos[index]
        if len(memo) > limit:
            memo.clear()
        for cell in distinct:
            if cell not in memo:
                value = read(cell)[0]
                memo[cell] = (value, prefix + json_fragment(value))
        self.current[index] = None
        return [memo[cell][1] for cell in cells]

    def values(self, index: int, cells) -> list:
        """The typed values of the column just passed to `column`."""
        current = self.current[index]
        if current is not None:
            return current
        memo = self.memos[index]
        return [memo[cell][0] for cell in cells]

    def write(self, columns: list[list[str]], count: int) -> None:
        """Write `count` rows given as published columns of `column` texts (field names
        are unique: frictionless refuses a schema that repeats one)."""
        if not count:
            return
        if columns:
            texts = [" {\n" + ",\n".join(row) + "\n }" for row in zip(*columns)]
        else:
            texts = [" {}"] * count
        self.handle.write(("[\n" if not self.rows else ",\n") + ",\n".join(texts))
        self.rows += count

    def close(self) -> None:
        self.handle.write("\n]\n" if self.rows else "[]\n")


def json_bytes(table: PublishedTable) -> bytes:
    if table.json_path is not None:
        return table.json_path.read_bytes()
    buffer = io.StringIO()
    out = JsonDownload(published_schema(table), buffer)
    rows = table.rows
    for start in range(0, len(rows), 4096):
        chunk = rows[start:start + 4096]
        columns = list(zip(*chunk)) if chunk and chunk[0] else []
        out.write([out.column(i, column) for i, column in enumerate(columns)], len(chunk))
    out.close()
    return buffer.getvalue().encode("utf-8")


def download(table: PublishedTable, suffix: str) -> bytes | Path:
    """The CSV or JSON download: the streamed file's path, or the bytes of a table held
    in memory (the FOI log)."""
    path = table.csv_path if suffix == "csv" else table.json_path
    if path is not None:
        return path
    return csv_bytes(table) if suffix == "csv" else json_bytes(table)


def published_descriptor(dataset: Dataset, tables: list[PublishedTable], publisher: str,
                         base_url: str) -> dict:
    """datapackage.json describing the published (redacted) files."""
    descriptor = {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "homepage": base_url.rstrip("/") + dataset.url,
        "licenses": [dict(x) for x in dataset.licenses] or [OGL],
        "contributors": [{"title": publisher, "role": "publisher"}],
    }
    if dataset.keywords:
        descriptor["keywords"] = list(dataset.keywords)
    if dataset.last_updated:
        descriptor["version"] = dataset.last_updated.isoformat()
    descriptor["resources"] = [{
        "name": table.resource.name,
        "title": table.resource.title,
        "path": f"{table.resource.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": published_schema(table),
    } for table in tables]
    return descriptor


def _find(fields: tuple[FieldSpec, ...], names: tuple[str, ...], types: tuple[str, ...]):
    for name in names:
        for spec in fields:
            if spec.name == name and spec.type in types and spec.redact != "mask":
                return spec
    return None


def totals_fields(fields: tuple[FieldSpec, ...]) -> tuple[str, str, str | None] | None:
    """(amount, date, category) fields of spending-shaped data, or None."""
    amount = _find(fields, AMOUNT_FIELDS, ("number", "integer"))
    when = _find(fields, DATE_FIELDS, ("date",))
    if amount is None or when is None:
        return None
    category = _find(fields, CATEGORY_FIELDS, ("string",))
    return amount.name, when.name, category.name if category else None


class TotalsSums:
    """Running sums by month and category of a table's typed amounts and dates."""

    def __init__(self, amount: str, when: str, category: str | None):
        self.names = (amount, when, category)
        self.by_month: dict[str, Decimal] = defaultdict(Decimal)
        self.by_category: dict[str, Decimal] = defaultdict(Decimal)
        self.grand = Decimal(0)
        self._months: dict = {}

    def add(self, amounts, days, categories=None) -> None:
        """Typed amounts and dates (as the published schema reads them), raw categories."""
        by_month, by_category, months = self.by_month, self.by_category, self._months
        grand = self.grand
        for index, (value, day) in enumerate(zip(amounts, days)):
            if value is None or day is None:
                continue
            if type(value) is not Decimal:
                try:
                    value = Decimal(value)
                except (InvalidOperation, TypeError, ValueError):
                    continue
            if not value.is_finite():  # NaN or INF: no total, no chart
                continue
            month = months.get(day)
            if month is None:
                month = months[day] = f"{day.year:04d}-{day.month:02d}"
            by_month[month] += value
            if categories is not None:
                by_category[categories[index].strip() or "(none)"] += value
            grand += value
        self.grand = grand

    def partial(self) -> TotalsPartial:
        amount, when, category = self.names
        return TotalsPartial(amount, when, category, tuple(self.by_month.items()),
                             tuple(self.by_category.items()), self.grand)


def table_partial(table: PublishedTable, names: tuple[str, str, str | None]
                  ) -> TotalsPartial | None:
    """The table's sums for these (amount, date, category) fields: computed from its rows,
    or the streamed table's own, which were made for its own fields."""
    if table.rows is None:
        partial = table.partial
        if partial is None or (partial.amount_field, partial.date_field,
                               partial.category_field) != names:
            return None
        return partial
    from frictionless import Schema

    amount, when, category = names
    schema = Schema.from_descriptor(published_schema(table))
    read_amount = schema.get_field(amount).create_cell_reader()
    read_date = schema.get_field(when).create_cell_reader()
    a_index, d_index = table.header.index(amount), table.header.index(when)
    c_index = table.header.index(category) if category else None
    sums = TotalsSums(*names)
    sums.add([read_amount(row[a_index])[0] for row in table.rows],
             [read_date(row[d_index])[0] for row in table.rows],
             [row[c_index] for row in table.rows] if c_index is not None else None)
    return sums.partial()


def totals(tables: list[PublishedTable]) -> Totals | None:
    """Totals per month and per category, for spending-shaped data."""
    if not tables:
        return None
    first = tables[0]
    names = totals_fields(first.fields)
    if names is None:
        return None
    by_month: dict[str, Decimal] = defaultdict(Decimal)
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    grand = Decimal(0)
    for table in tables:
        if table.header != first.header:
            return None
        partial = table_partial(table, names)
        if partial is None:
            return None
        for month, value in partial.by_month:
            by_month[month] += value
        for category, value in partial.by_category:
            by_category[category] += value
        grand += partial.grand_total
    if not by_month:
        return None
    return Totals(
        amount_field=names[0],
        by_month=tuple(sorted(by_month.items())),
        by_category=tuple(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        category_field=names[2],
        grand_total=grand,
    )


def table_from_rows(resource: Resource, rows: list[dict]) -> PublishedTable:
    """A published table built from rows the generator made itself (the FOI log)."""
    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    names = [f.name for f in resource.fields]
    text_rows = tuple(tuple(text(row.get(n)) for n in names) for row in rows)
    return PublishedTable(resource, resource.fields, text_rows, 0, ())
