"""The --map file: `columns: {heading: field or null}`, `constants: {field: value}` and
`missing: [values meaning 'no value']`, read and checked against the schema's fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.source import yaml_reader as yaml_source

MAP_SECTIONS = ("columns", "constants", "missing")


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str | None]  # heading (or "column N") → field, None to leave out
    constants: dict[str, str]  # field → the value for every row
    missing: frozenset[str]  # casefolded values meaning "no value"
    label: str


def read_mapping(path: Path, label: str, names: list[str]
                 ) -> tuple[Mapping | None, list[Diagnostic]]:
    """A --map file: `columns: {heading: field or null}`, `constants: {field: value}` and
    `missing: [values meaning 'no value']`; a plain `heading: field` list works too."""
    def problem(message: str, hint: str, line: int | None = None) -> tuple[None, list]:
        return None, [error("dataset.import-map", message, path=label, line=line, hint=hint)]
    try:
        doc = yaml_source.load(path.read_text("utf-8-sig"))
    except OSError as exc:
        return problem(f"cannot read the mapping file: {exc.strerror or exc}", "check the path")
    except UnicodeDecodeError:
        return problem("the mapping file is not UTF-8 text", "save it as UTF-8")
    except yaml_source.YamlSyntaxError as exc:
        return problem(exc.message, exc.hint, exc.line)
    # every value as written ("0.00" stays "0.00", a heading "2019" stays text)
    data = yaml.load(path.read_text("utf-8-sig"), Loader=yaml.BaseLoader)
    if not isinstance(doc.data, dict) or not isinstance(data, dict):
        return problem("the mapping file should hold 'columns:', 'constants:' and 'missing:'",
                       "write one with --write-map FILE and fill it in")
    sectioned = any(k in MAP_SECTIONS or isinstance(v, (dict, list)) for k, v in data.items())
    return _mapping_from(data if sectioned else {"columns": data}, label, names, doc)


def _mapping_from(data: dict, label: str, names: list[str], doc) -> tuple[Mapping | None, list]:
    found: list[Diagnostic] = []

    def report(message: str, hint: str, where: tuple) -> None:
        pos = doc.value_positions.get(where) or doc.key_positions.get(where)
        found.append(error("dataset.import-map", message, path=label,
                           line=pos.line if pos else None, hint=hint))
    for key in data:
        if key not in MAP_SECTIONS:
            report(f"unknown section '{key}'{suggestion(str(key), MAP_SECTIONS)}",
                   "the sections are columns:, constants: and missing:", (key,))
    columns, constants = data.get("columns") or {}, data.get("constants") or {}
    missing = data.get("missing") or []
    if not isinstance(columns, dict) or not isinstance(constants, dict) \
            or not isinstance(missing, list):
        report("columns: and constants: should be mappings, and missing: a list",
               "write one with --write-map FILE and fill it in", ())
        return None, found
    fields = "fields: " + ", ".join(names)
    for heading, target in columns.items():
        target = _field_or_none(target)
        if target is not None and target not in names:
            report(f"'{heading}' is mapped to '{target}', which is not a field of the schema"
                   f"{suggestion(str(target), names)}", f"{fields} (or null to leave the "
                   "column out)", ("columns", heading))
    for name in constants:
        if str(name) not in names:
            report(f"a constant for unknown field '{name}'{suggestion(str(name), names)}",
                   fields, ("constants", name))
    if found:
        return None, found
    return Mapping({str(k): _field_or_none(v) for k, v in columns.items()},
                   {str(k): _constant_text(v) for k, v in constants.items()
                    if _constant_text(v) != ""},
                   frozenset(str(m).strip().casefold() for m in missing), label), []


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
