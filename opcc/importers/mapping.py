"""The --map file, read and checked against the schema's fields:

    header_row: 4                 # or per sheet: {Apr: 4, May: 6}; 1-based, as a spreadsheet shows
    columns: {heading: field}     # or null to leave the column out; "column N" by position
    constants: {field: value}     # one value for every row; null means "no value"
    values:                       # recoding, compared ignoring case and spacing
      supplier_type: {PUBLIC: public-body, VCS: vcse, PRIVATE: company}
    missing: [values meaning 'no value']

A plain `heading: field` list works too. YAML null (`null`, `~` or nothing) is always "no
value", never the text "null"; a quoted "null" is text. Every problem is a
dataset.import-map diagnostic at the line of the mapping file that has it.

`mapping_template` writes a mapping file to fill in (--write-map): the headings of the
header row the import would use (never the rows above it, which can hold personal data),
the schema's fields with a comment each, and, for fields with a fixed list of values, a
commented `values:` example listing the source's values when they are few and none looks
like personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.source import yaml_reader as yaml_source

if TYPE_CHECKING:
    from opcc.datasets.descriptors import FieldSpec
    from opcc.importers.tables import Source, Table
    from opcc.importers.target import ImportTarget

MAP_SECTIONS = ("header_row", "columns", "constants", "values", "missing")


def value_key(value: object) -> str:
    """How a source value is compared with the keys of `values:`: case and spacing ignored."""
    return " ".join(str(value).split()).casefold()


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str | None]  # heading (or "column N") → field, None to leave out
    constants: dict[str, str]  # field → the value for every row
    missing: frozenset[str]  # casefolded values meaning "no value"
    label: str
    # field → value_key(source value) → the value to import ("" for null: no value)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    # the header's 1-based row number: for every table (None key) or per sheet
    header_rows: dict[str | None, int] = field(default_factory=dict)
    # where each recoding target is written, to point at it: (field, source value) → line
    lines: dict[tuple[str, str], int] = field(default_factory=dict, compare=False)
    checked: set = field(default_factory=set, compare=False, repr=False)

    def recode(self, name: str, value: object) -> object:
        """The value as the mapping's `values:` recodes it; an unmapped value unchanged."""
        table = self.values.get(name)
        if not table or value is None or isinstance(value, bool) or not isinstance(
                value, (str, int, float)):
            return value
        return table.get(value_key(value), value)

    def header_row(self, sheet: str | None) -> int | None:
        """The header's 1-based row number the mapping gives for this sheet (or CSV)."""
        if sheet is not None and sheet in self.header_rows:
            return self.header_rows[sheet]
        return self.header_rows.get(None)

    def enum_problems(self, specs: Sequence[FieldSpec]) -> list[Diagnostic]:
        """Recoding targets that are not among their field's allowed values (each reported
        once, however many tables use the mapping)."""
        if "enums" in self.checked:
            return []
        self.checked.add("enums")
        found = []
        for spec in specs:
            enum = [str(v) for v in spec.constraints.get("enum") or ()]
            for key, target in self.values.get(spec.name, {}).items():
                if enum and target and target not in enum:
                    found.append(_enum_error(spec.name, key, target, enum, self.label,
                                             self.lines.get((spec.name, key))))
        return found


def _enum_error(name: str, source: str, target: str, enum: list[str], label: str,
                line: int | None) -> Diagnostic:
    return error("dataset.import-map", f"values: '{source}' of field '{name}' is recoded to "
                 f"'{target}', which is not one of its values{suggestion(target, enum)}",
                 path=label, line=line, hint=f"{name} is one of: {', '.join(enum)} (or null "
                 "for no value)")


def read_mapping(path: Path, label: str, fields: Sequence[str] | Sequence[FieldSpec]
                 ) -> tuple[Mapping | None, list[Diagnostic]]:
    """A --map file checked against the schema's fields (names, or FieldSpecs to check
    recoding targets against each field's allowed values as well)."""
    def problem(message: str, hint: str, line: int | None = None) -> tuple[None, list]:
        return None, [error("dataset.import-map", message, path=label, line=line, hint=hint)]
    try:
        text = path.read_text("utf-8-sig")
        doc = yaml_source.load(text)
    except OSError as exc:
        return problem(f"cannot read the mapping file: {exc.strerror or exc}", "check the path")
    except UnicodeDecodeError:
        return problem("the mapping file is not UTF-8 text", "save it as UTF-8")
    except yaml_source.YamlSyntaxError as exc:
        return problem(exc.message, exc.hint, exc.line)
    # every value as written ("0.00" stays "0.00", a heading "2019" stays text); the typed
    # document says which values are YAML null
    data = yaml.load(text, Loader=yaml.BaseLoader)
    if not isinstance(doc.data, dict) or not isinstance(data, dict):
        return problem("the mapping file should hold 'columns:', 'constants:', 'values:' and "
                       "'missing:'", "write one with --write-map FILE and fill it in")
    sectioned = any(k in MAP_SECTIONS or isinstance(v, (dict, list)) for k, v in data.items())
    if not sectioned:
        data, doc = {"columns": data}, _Nested(doc)
    specs = [f for f in fields if not isinstance(f, str)]
    names = [f if isinstance(f, str) else f.name for f in fields]
    return _Reader(data, doc, label, names).mapping(specs)


class _Nested:
    """A plain `heading: field` file read as if it were under `columns:`."""

    def __init__(self, doc):
        self.data = {"columns": doc.data}
        self.doc = doc

    def position(self, path: tuple, prefer_value: bool = True):
        return self.doc.position(path[1:], prefer_value) if path[1:] else None


class _Reader:
    def __init__(self, data: dict, doc, label: str, names: list[str]):
        self.data, self.doc, self.label, self.names = data, doc, label, names
        self.found: list[Diagnostic] = []
        self.fields = "fields: " + ", ".join(names)

    def line(self, where: tuple, key: bool = False) -> int | None:
        pos = self.doc.position(where, prefer_value=not key)
        return pos.line if pos else None

    def report(self, message: str, hint: str, where: tuple, key: bool = False) -> None:
        self.found.append(error("dataset.import-map", message, path=self.label,
                                line=self.line(where, key), hint=hint))

    def is_null(self, where: tuple) -> bool:
        """The value at `where` is YAML null (not the quoted text 'null')."""
        value = self.doc.data
        for step in where:
            if not isinstance(value, dict):
                return False
            value = _get(value, step)
        return value is None

    def mapping(self, specs: list) -> tuple[Mapping | None, list[Diagnostic]]:
        data = self.data
        for key in data:
            if key not in MAP_SECTIONS:
                self.report(f"unknown section '{key}'{suggestion(str(key), MAP_SECTIONS)}",
                            "the sections are header_row:, columns:, constants:, values: and "
                            "missing:", (key,), key=True)
        columns, constants = data.get("columns") or {}, data.get("constants") or {}
        values, missing = data.get("values") or {}, data.get("missing") or []
        if not isinstance(columns, dict) or not isinstance(constants, dict) \
                or not isinstance(values, dict) or not isinstance(missing, list):
            self.report("columns:, constants: and values: should be mappings, and missing: a "
                        "list", "write one with --write-map FILE and fill it in", ())
            return None, self.found
        header_rows = self.header_rows(data.get("header_row"))
        for heading, target in columns.items():
            target = None if self.is_null(("columns", heading)) else _field_or_none(target)
            if target is not None and target not in self.names:
                self.report(f"'{heading}' is mapped to '{target}', which is not a field of the "
                            f"schema{suggestion(str(target), self.names)}", f"{self.fields} (or "
                            "null to leave the column out)", ("columns", heading))
        for name in constants:
            self.known(name, "a constant", ("constants", name))
        recoded, lines = self.recodings(values)
        if self.found:
            return None, self.found
        mapping = Mapping(
            {str(k): None if self.is_null(("columns", k)) else _field_or_none(v)
             for k, v in columns.items()},
            {str(k): text for k, v in constants.items()
             if (text := self.constant(("constants", k), v)) != ""},
            frozenset(str(m).strip().casefold() for m in missing), self.label,
            recoded, header_rows, lines)
        problems = mapping.enum_problems(specs) if specs else []
        return (None, problems) if problems else (mapping, [])

    def known(self, name: object, what: str, where: tuple) -> bool:
        if str(name) in self.names:
            return True
        self.report(f"{what} for unknown field '{name}'{suggestion(str(name), self.names)}",
                    self.fields, where, key=True)
        return False

    def constant(self, where: tuple, value: object) -> str:
        """A constant's text: YAML null (or nothing) is no value, never the text 'null'."""
        return "" if self.is_null(where) else _constant_text(value)

    def recodings(self, values: dict) -> tuple[dict, dict]:
        recoded: dict[str, dict[str, str]] = {}
        lines: dict[tuple[str, str], int] = {}
        for name, table in values.items():
            if not self.known(name, "values: a recoding", ("values", name)):
                continue
            if not isinstance(table, dict):
                self.report(f"values: {name} should map each source value to the value to "
                            "import", f"e.g. values: {{{name}: {{PRIVATE: company}}}}",
                            ("values", name))
                continue
            recoded[str(name)] = {}
            for source, target in table.items():
                if isinstance(target, (dict, list)):
                    self.report(f"values: {name}: '{source}' should be recoded to one value",
                                "write 'SOURCE VALUE: value to import'", ("values", name, source))
                    continue
                key = value_key(source)
                recoded[str(name)][key] = self.constant(("values", name, source), target)
                lines[(str(name), key)] = self.line(("values", name, source))
        return recoded, lines

    def header_rows(self, given: object) -> dict[str | None, int]:
        if given is None or given == "":
            return {}
        hint = "the row number of the header as the spreadsheet shows it (1 for the first " \
               "row), or one per sheet: header_row: {Apr: 4, May: 6}"
        items = given.items() if isinstance(given, dict) else [(None, given)]
        rows: dict[str | None, int] = {}
        for sheet, number in items:
            where = ("header_row",) if sheet is None else ("header_row", sheet)
            if isinstance(number, str) and re.fullmatch(r"\+?\d+", number.strip()) \
                    and int(number) > 0:
                rows[sheet] = int(number)
            else:
                shown = json.dumps(number, ensure_ascii=False) if not isinstance(number, str) \
                    else f"'{number}'"
                self.report(f"header_row{f' for sheet {sheet!r}' if sheet else ''} should be a "
                            f"positive whole number, not {shown}", hint, where)
        return rows


def _get(mapping: dict, key: object) -> object:
    """A typed document's value under a key read as text (a key 2019 is the int 2019)."""
    if key in mapping:
        return mapping[key]
    return next((v for k, v in mapping.items() if str(k) == str(key)
                 or (k is None and str(key) in ("null", "~", ""))), "")


def _field_or_none(value: object) -> str | None:
    """A `columns:` value read as text: null, ~ or nothing leave the column out."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "null", "~", "Null",
                                                                      "NULL")):
        return None
    return str(value).strip()


def _constant_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


# --------------------------------------------------------------------------- --write-map

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
    from opcc.importers.columns import (
        Matcher,
        guess_header,
        locate_header,
        plan_columns,
        table_columns,
    )

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
