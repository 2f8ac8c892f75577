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

from .datasets import OGL, Dataset, FieldSpec, Resource

MASK = "[redacted]"
AMOUNT_FIELDS = ("amount", "net_amount", "value", "total")
DATE_FIELDS = ("payment_date", "transaction_date", "date")
CATEGORY_FIELDS = ("expense_type", "expense_category", "category")


@dataclass(frozen=True)
class PublishedTable:
    resource: Resource
    fields: tuple[FieldSpec, ...]  # the published fields, in order
    rows: tuple[tuple[str, ...], ...]  # raw text after redaction
    masked_cells: int
    dropped: tuple[str, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


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


def _conditions(resource: Resource) -> dict[str, object]:
    """field name -> a function reading a cell as that field's typed, normalised value."""
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


def _row_matches(row: dict[str, str], condition: dict[str, tuple[str, ...]], readers) -> bool:
    for name, values in condition.items():
        read = readers[name]
        wanted = {read(v) if isinstance(v, str) else v for v in values}
        if read(row.get(name, "")) not in wanted:
            return False
    return True


def redact_rows(resource: Resource, records: list[list[str]]) -> PublishedTable:
    """Apply drop and mask (with `when`) to raw rows whose columns follow the schema."""
    names = [f.name for f in resource.fields]
    kept = [i for i, f in enumerate(resource.fields) if f.redact != "drop"]
    masks = [(i, f) for i, f in enumerate(resource.fields) if f.redact == "mask"]
    readers = _conditions(resource) if masks else {}
    rows, masked = [], 0
    for record in records:
        cells = list(record) + [""] * (len(names) - len(record))
        if masks:
            by_name = dict(zip(names, cells))
            for index, spec in masks:
                if cells[index] and (spec.redact_when is None
                                     or _row_matches(by_name, spec.redact_when, readers)):
                    cells[index] = MASK
                    masked += 1
        rows.append(tuple(cells[i] for i in kept))
    return PublishedTable(resource, tuple(resource.fields[i] for i in kept), tuple(rows), masked,
                          tuple(f.name for f in resource.fields if f.redact == "drop"))


def read_records(resource: Resource) -> list[list[str]]:
    """The data rows of a validated CSV as text (header and blank rows left out)."""
    with open(resource.source, encoding=resource.encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return [row for row in reader if any(cell.strip() for cell in row)]


def publish_resource(resource: Resource) -> PublishedTable:
    return redact_rows(resource, read_records(resource))


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in table.header])
    writer.writerows([neutralise(cell) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


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


def json_bytes(table: PublishedTable) -> bytes:
    return (json.dumps(typed_rows(table), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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


def totals(tables: list[PublishedTable]) -> Totals | None:
    """Totals per month and per category, for spending-shaped data."""
    if not tables:
        return None
    first = tables[0]
    amount = _find(first.fields, AMOUNT_FIELDS, ("number", "integer"))
    when = _find(first.fields, DATE_FIELDS, ("date",))
    if amount is None or when is None:
        return None
    category = _find(first.fields, CATEGORY_FIELDS, ("string",))
    from frictionless import Schema

    by_month: dict[str, Decimal] = defaultdict(Decimal)
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    grand = Decimal(0)
    for table in tables:
        if table.header != first.header:
            return None
        schema = Schema.from_descriptor(published_schema(table))
        read_amount = schema.get_field(amount.name).create_cell_reader()
        read_date = schema.get_field(when.name).create_cell_reader()
        a_index, d_index = table.header.index(amount.name), table.header.index(when.name)
        c_index = table.header.index(category.name) if category else None
        for row in table.rows:
            value, _ = read_amount(row[a_index])
            day, _ = read_date(row[d_index])
            if value is None or day is None:
                continue
            try:
                value = Decimal(value)
            except InvalidOperation:
                continue
            if not value.is_finite():  # NaN or INF: no total, no chart
                continue
            by_month[f"{day.year:04d}-{day.month:02d}"] += value
            if c_index is not None:
                by_category[row[c_index].strip() or "(none)"] += value
            grand += value
    if not by_month:
        return None
    return Totals(
        amount_field=amount.name,
        by_month=tuple(sorted(by_month.items())),
        by_category=tuple(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        category_field=category.name if category else None,
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
