"""The mapping file to fill in (--write-map): a mapping file to fill in (--write-map): the headings of the
header row the import would use (never the rows above it, which can hold personal data),
the schema's fields with a comment each, and, for fields with a fixed list of values, a
commented `values:` example listing the source's values when they are few and none looks
like personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from opcc.importers.columns import (
    Matcher,
    guess_header,
    locate_header,
    plan_columns,
    table_columns,
)
from opcc.importers.mapping import Mapping, value_key

if TYPE_CHECKING:
    from opcc.datasets.descriptors import FieldSpec
    from opcc.importers.tables import Source, Table
    from opcc.importers.target import ImportTarget

MAX_EXAMPLE_VALUES = 20
_TITLE = re.compile(r"(?i)^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lady|lord|rev|revd|the rev)"
                    r"\b\.?(?:\s|$)")


def mapping_template(source: Source, target: ImportTarget, mapping: Mapping | None) -> str:
    """A mapping file to fill in (--write-map). Each table's header row is found as the
    import finds it (the mapping's header_row:, else the row whose headings match the most
    fields, else the first row shaped like a header); only its headings are written, never
    a cell of the rows above it. Then a constant to fill in for each field no column holds,
    the schema's fields with a comment each, and a commented values: example for fields
    with a fixed list of values."""

    matcher = Matcher(target.fields, mapping)
    lines = ["# Mapping for opcc dataset import --into " + target.name + " --map THIS-FILE",
             "# columns: each heading of the source and the field it goes to; null leaves the",
             "# column out. constants: one value for every row, for fields no column holds",
             "# (null or \"\" for no value). values: recodes a column's values (case and spacing",
             "# are ignored; a value not listed is imported as it is). missing: values that",
             "# mean 'no value' in this file, such as '-'. header_row: the row number of the",
             "# header, if it is not found by itself.",
             "# Fields (* required): " + ", ".join(
                 s.name + ("*" if s.constraints.get("required") else "") for s in target.fields)]
    lines += _field_notes(target.fields)
    headers, columns_lines, placed, mapped = [], ["columns:"], set(), set()
    examples: dict[str, list[str] | None] = {}
    for table in source.tables:
        header = locate_header(table, matcher, len(target.fields))
        if header is None:
            header = guess_header(table)
        if header is None:
            _positional(table, columns_lines, placed)
            headers.append((table.sheet, None))
            continue
        headers.append((table.sheet, table.numbers[header]))
        columns = table_columns(table, header)
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
            columns_lines.append(f"  {json.dumps(key, ensure_ascii=False)}: {value or 'null'}"
                                 f"  # {note}")
        for spec in _enum_fields(target.fields):
            for column in plan.sources.get(spec.name, []):
                _collect(examples, spec.name, table.rows[header + 1:], column.index)
    lines += _header_lines(headers) + columns_lines
    lines += _template_constants(mapped, target.fields, mapping)
    lines += _values_example(target.fields, examples, mapping)
    missing = sorted(mapping.missing) if mapping else []
    return "\n".join(lines + [f"missing: {json.dumps(missing, ensure_ascii=False)}"]) + "\n"


def _field_notes(specs: Sequence[FieldSpec]) -> list[str]:
    lines = ["#", "# The fields:"]
    for spec in specs:
        need = "required" if spec.constraints.get("required") else (
            "recommended" if getattr(spec, "recommended", False) else "optional")
        about = " ".join((spec.description or "").split())
        about = re.split(r"(?<=[.!?])\s", about, maxsplit=1)[0] if about else ""
        enum = spec.constraints.get("enum")
        if enum:
            about += (" " if about else "") + "One of: " + ", ".join(map(str, enum)) + "."
        title = spec.title if spec.title and spec.title != spec.name else ""
        lines.append(f"#   {spec.name} ({need}{', ' + title if title else ''})"
                     + (f": {about}" if about else ""))
    return lines + ["#"]


def _header_lines(headers: list[tuple[str | None, int | None]]) -> list[str]:
    """header_row: as found, commented (uncomment it to fix the header on that row)."""
    found = [(sheet, number) for sheet, number in headers if number is not None]
    lost = [sheet for sheet, number in headers if number is None]
    lines = []
    if lost:
        where = ", ".join(f"'{s}'" for s in lost if s) or "the file"
        lines.append(f"# No header row was recognised in {where}: its columns are named by "
                     "position ('column 3') below; or give header_row:.")
    if len(found) == 1 and found[0][0] is None:
        lines.append(f"# header_row: {found[0][1]}  # the header was found on this row; "
                     "uncomment to fix it there")
    elif found:
        inner = ", ".join(f"{json.dumps(s, ensure_ascii=False)}: {n}" for s, n in found)
        lines.append(f"# header_row: {{{inner}}}  # where each sheet's header was found; "
                     "uncomment to fix them there")
    return lines


def _positional(table: Table, lines: list[str], placed: set[str]) -> None:
    """Columns by position only ("column 3"): no cell of a table without a header is copied."""
    width = max((len(r) for r in table.rows), default=0)
    for index in range(width):
        key = f"column {index + 1}"
        if key in placed or not any(index < len(r) and r[index] not in (None, "")
                                    and str(r[index]).strip() for r in table.rows):
            continue
        placed.add(key)
        lines.append(f"  {json.dumps(key)}: null  # no header: name the field or leave null")


def _template_constants(mapped: set[str], specs: Sequence[FieldSpec],
                        mapping: Mapping | None) -> list[str]:
    given = mapping.constants if mapping else {}
    lines = ["constants:"]
    for spec in specs:
        if spec.name in mapped:
            continue
        value = json.dumps(given.get(spec.name, ""), ensure_ascii=False)
        need = "required" if spec.constraints.get("required") else (
            "recommended" if getattr(spec, "recommended", False) else "optional")
        lines.append(f"  {spec.name}: {value}  # {need}: no column holds it")
    return lines


def _enum_fields(specs: Sequence[FieldSpec]) -> list[FieldSpec]:
    return [s for s in specs if s.constraints.get("enum")]


def _collect(examples: dict[str, list[str] | None], name: str, rows: list[list],
             index: int) -> None:
    """The distinct values of a column below its header, or None once there are too many
    or one looks like personal data (then no value of the column is shown)."""
    if name in examples and examples[name] is None:
        return
    seen = examples.setdefault(name, [])
    for row in rows:
        value = row[index] if index < len(row) else None
        if value is None or not str(value).strip():
            continue
        text = " ".join(str(value).split())
        if any(value_key(text) == value_key(s) for s in seen):
            continue
        if len(seen) >= MAX_EXAMPLE_VALUES or looks_personal(text):
            examples[name] = None
            return
        seen.append(text)


def looks_personal(text: str) -> bool:
    """Fail safe for --write-map's examples: could this value be, or hold, personal data?
    Short codes and category words (PUBLIC, VCS, Sole trader) are not."""
    from opcc.redaction import Scanner

    if len(text) > 30 or len(text.split()) > 3 or "@" in text or _TITLE.match(text) \
            or re.search(r"\d{3}", text):
        return True
    words = text.split()
    if len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return True  # "Jane Smith": written like a name
    return bool(_scanner(Scanner).scan(text))


_SCANNERS: list = []


def _scanner(kind):
    if not _SCANNERS:
        _SCANNERS.append(kind())
    return _SCANNERS[0]


def _values_example(specs: Sequence[FieldSpec], examples: dict[str, list[str] | None],
                    mapping: Mapping | None) -> list[str]:
    """values: as the mapping gives it, or a commented example for each field with a fixed
    list of values: the source's values of its column when few and safe to show."""
    given = mapping.values if mapping else {}
    if given:
        lines = ["values:"]
        for name, table in given.items():
            lines.append(f"  {name}:")
            lines += [f"    {json.dumps(k, ensure_ascii=False)}: "
                      f"{json.dumps(v, ensure_ascii=False) if v else 'null'}"
                      for k, v in table.items()]
        return lines
    enums = _enum_fields(specs)
    if not enums:
        return []
    lines = ["# values:  # uncomment to recode a column's values to the schema's"]
    for spec in enums:
        allowed = [str(v) for v in spec.constraints["enum"]]
        shown = [v for v in examples.get(spec.name) or []
                 if value_key(v) not in {value_key(a) for a in allowed}]
        lines.append(f"#   {spec.name}:  # one of: {', '.join(allowed)}")
        if shown:
            lines += [f"#     {json.dumps(v, ensure_ascii=False)}: \"\"" for v in shown]
        else:
            lines.append(f"#     \"SOURCE VALUE\": {allowed[0]}")
    return lines
