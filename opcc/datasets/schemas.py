"""A resource's Table Schema, as its descriptor gives it: inline, or a file in the
dataset's folder or in datasets/schemas/. Our keys (redact, when, personal, lawful_basis)
are split off into `FieldSpec`s and checked; the rest is checked by frictionless as a
Table Schema.

A shared schema file is read by every resource that names it (120 monthly files): it is
parsed once per text, and checked by frictionless once per schema (`SCHEMA_CHECKS`: repr
of the schema -> (valid, notes); the dataset stage keeps it in the build cache).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from opcc.datasets.descriptors import DATASETS_DIR, OUR_FIELD_KEYS, FieldSpec
from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.source import yaml_reader as yaml_source

_PARSED: dict[str, Any] = {}
SCHEMA_CHECKS: dict[str, tuple[bool, tuple[str, ...]]] = {}


class SchemaReader:
    """Loads and checks the Table Schemas of one descriptor's resources. Problems are
    reported through `report(code, message, hint, path)` (the descriptor reader's, at a
    path of keys in the descriptor), or, for a schema file that cannot be parsed, added
    to `diagnostics` at that file."""

    def __init__(self, root: Path, folder: Path, report: Callable[..., None],
                 diagnostics: list[Diagnostic]):
        self.root = root
        self.folder = folder  # the dataset's: a schema's path is relative to it
        self.report = report
        self.diagnostics = diagnostics

    def load(self, value: Any, path: tuple) -> dict | None:
        """A resource's `schema:` value (at `path`) as a mapping: itself, or its file's."""
        if isinstance(value, dict):
            return value
        if not isinstance(value, str):
            self.report("dataset.schema", "'schema' should be a Table Schema or a path to one",
                        "write the schema inline or give its file, e.g. "
                        "schema: ../schemas/spend-over-500.json", path)
            return None
        target = (self.folder / value).resolve()
        datasets_root = (self.root / DATASETS_DIR).resolve()
        if "://" in value or not target.is_relative_to(datasets_root):
            self.report("dataset.path", f"schema '{value}' is outside datasets/",
                        "keep schemas in the dataset's folder or in datasets/schemas/", path)
            return None
        if not target.is_file():
            self.report("dataset.missing-file", f"schema file '{value}' does not exist",
                        "check the path; it is relative to the datapackage file", path)
            return None
        try:
            loaded = _parsed_schema(target.read_text("utf-8-sig"))
        except (yaml_source.YamlSyntaxError, UnicodeDecodeError) as exc:
            line = getattr(exc, "line", None)
            self.diagnostics.append(error(
                "dataset.schema", f"schema file is not valid JSON or YAML: "
                f"{getattr(exc, 'message', exc)}",
                path=target.relative_to(self.root.resolve()).as_posix(), line=line,
                hint="check brackets, commas and quotes"))
            return None
        if not isinstance(loaded, dict):
            self.report("dataset.schema", f"schema file '{value}' is not a Table Schema",
                        "a Table Schema is a mapping with 'fields:'", path)
            return None
        return loaded

    def fields(self, schema: dict, path: tuple) -> tuple[dict, tuple[FieldSpec, ...]] | None:
        """Split our keys off the schema, check them, and check the rest is a Table Schema:
        (the schema without our keys, the fields), or None."""
        raw_fields = schema.get("fields")
        if not isinstance(raw_fields, list):
            self.report("dataset.schema", "the schema has no 'fields' list",
                        "list the columns under 'fields:', each with a name and type", path)
            return None
        clean_fields, specs = [], []
        names = [f.get("name") for f in raw_fields if isinstance(f, dict)]
        for index, raw in enumerate(raw_fields):
            if not isinstance(raw, dict):
                self.report("dataset.schema", f"field {index + 1} is not a mapping",
                            "write each field as 'name: …, type: …'", path)
                return None
            where = path + ("fields", index)
            clean_fields.append({k: v for k, v in raw.items() if k not in OUR_FIELD_KEYS})
            specs.append(self.field_spec(raw, names, where))
        self.check_conditions(specs, path)
        clean = {k: v for k, v in schema.items() if k != "fields"}
        clean["fields"] = clean_fields
        valid, notes = table_schema_check(clean)
        if not valid:
            for note in notes:
                self.report("dataset.schema", f"not a valid Table Schema: {note}",
                            "see https://specs.frictionlessdata.io/table-schema/", path)
            return None
        return clean, tuple(specs)

    def check_conditions(self, specs: list[FieldSpec], path: tuple) -> None:
        """A `when` value the condition field can never hold would silently publish."""
        by_name = {s.name: s for s in specs}
        for index, spec in enumerate(specs):
            for name, values in (spec.redact_when or {}).items():
                other = by_name.get(name)
                allowed = (other.constraints.get("enum") if other else None) or []
                allowed = allowed if isinstance(allowed, list) else []
                allowed_text = {" ".join(_as_text(a).split()).casefold() for a in allowed}
                for value in values:
                    if allowed and " ".join(_as_text(value).split()).casefold() \
                            not in allowed_text:
                        self.report("dataset.redact",
                                    f"field '{spec.name}': 'when' value '{value}' is not one of "
                                    f"the values of '{name}'", "use one of: " + ", ".join(
                                        str(a) for a in allowed),
                                    path + ("fields", index, "when", name))

    def field_spec(self, raw: dict, names: list, where: tuple) -> FieldSpec:
        """One field as declared (at `where`), with our keys checked."""
        name = str(raw.get("name"))
        redact = raw.get("redact")
        if redact is not None and redact not in ("drop", "mask"):
            self.report("dataset.redact", f"field '{name}': redact must be 'drop' or 'mask', "
                        f"not '{redact}'", "drop: the column is never published; mask: values "
                        "become [redacted]", where + ("redact",))
            redact = None
        redact_when = self._redact_when(raw, name, redact, names, where)
        personal = raw.get("personal", False)
        lawful_basis = raw.get("lawful_basis")
        published_unmasked = redact is None or redact_when is not None
        if personal is True and published_unmasked and not lawful_basis:
            self.report("dataset.lawful-basis",
                        f"field '{name}' is personal data and is published without a "
                        "lawful basis", "add lawful_basis: (why publishing it is lawful, e.g. "
                        "'Specified Information Order 2011, Schedule 1, para 2(d)'), or "
                        "redact: drop", where)
        return FieldSpec(
            name=name, title=str(raw.get("title") or name), type=str(raw.get("type", "any")),
            description=" ".join(str(raw.get("description", "")).split()),
            constraints=_mapping(raw.get("constraints")), descriptor=raw,
            redact=redact, redact_when=redact_when, personal=personal is True,
            lawful_basis=str(lawful_basis) if lawful_basis else None,
            recommended=raw.get("recommended") is True, statement=raw.get("statement") is True)

    def _redact_when(self, raw: dict, name: str, redact: str | None, names: list,
                     where: tuple) -> dict | None:
        """A field's `when:` (mask only in the rows where other fields hold these values)."""
        when = raw.get("when")
        if when is None:
            return None
        if redact != "mask" or not isinstance(when, dict) or not when:
            self.report("dataset.redact", f"field '{name}': 'when' needs 'redact: mask' and "
                        "a mapping of other fields to values",
                        "e.g. redact: mask, when: {supplier_type: individual}",
                        where + ("when",))
            return None
        redact_when = {}
        for other, values in when.items():
            if other not in names:
                self.report("dataset.redact", f"field '{name}': 'when' names unknown "
                            f"field '{other}'{suggestion(str(other), names)}",
                            "name a field of this schema", where + ("when", other))
            values = values if isinstance(values, list) else [values]
            redact_when[str(other)] = tuple(values)
        return redact_when


def table_schema_check(schema: dict) -> tuple[bool, tuple[str, ...]]:
    """frictionless' verdict on a Table Schema (without our keys): (valid, its first five
    notes), remembered in SCHEMA_CHECKS."""
    checked = SCHEMA_CHECKS.get(repr(schema))
    if checked is None:
        from frictionless import Schema

        report = Schema.validate_descriptor(schema)
        checked = (report.valid, tuple(problem.note for problem in report.errors[:5]))
        _remember(SCHEMA_CHECKS, repr(schema), checked)
    return checked


def _remember(memo: dict, key: str, value: Any) -> None:
    if len(memo) > 256:
        memo.clear()
    memo[key] = value


def _parsed_schema(text: str) -> Any:
    """yaml_source.load(text).data, parsed once per text; each caller gets its own copy."""
    if text not in _PARSED:
        _remember(_PARSED, text, yaml_source.load(text).data)
    return _copy(_PARSED[text])


def _copy(value: Any) -> Any:
    """A copy of parsed YAML or JSON: mappings and lists copied, other values shared."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _mapping(value: Any) -> dict:
    """A schema mapping such as `constraints`; anything else is left to the schema check."""
    return dict(value) if isinstance(value, dict) else {}


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()
