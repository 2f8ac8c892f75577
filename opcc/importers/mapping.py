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
The template to fill in (--write-map) is written by importers.mapping_template.
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


