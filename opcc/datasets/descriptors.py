"""Datasets stage: `datasets/NAME/datapackage.yaml` descriptors, validated with frictionless.

Each descriptor is a Frictionless Data Package plus our keys (class, published, …).
Every CSV resource is validated against its Table Schema by the frictionless library;
each frictionless error becomes one diagnostic with the CSV path, row, field and value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.config import Limits, load_limits
from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds.pages import human_size, is_outside, link_diagnostic, outside_links
from opcc.source import yaml_reader as yaml_source

DATASETS_DIR = "datasets"
SCHEMAS_DIR = "schemas"  # datasets/schemas/ holds shared Table Schemas, not a dataset
DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")
ERRORS_PER_RESOURCE = 25
FREQUENCIES = ("monthly", "quarterly", "annually", "as-needed")

OUR_PACKAGE_KEYS = {
    "class": "the publication-scheme class slug",
    "published": "ISO date first published",
    "item": "the id (or list of ids) of the required scheme items this dataset fulfils",
    "updated": "ISO date of the last update",
    "frequency": "monthly, quarterly, annually or as-needed",
    "period": "the period the data covers, e.g. April 2024 to March 2025",
    "sample": "true: the data is illustrative (a notice is shown)",
    "redaction": "exceptions to the personal-data check, each {value, pattern or code, field, "
                 "reason}",
}
STANDARD_PACKAGE_KEYS = ("name", "id", "title", "description", "homepage", "version", "keywords",
                         "licenses", "sources", "contributors", "created", "image", "profile",
                         "resources", "$schema")
RESOURCE_KEYS = ("name", "path", "title", "description", "schema", "format", "mediatype",
                 "encoding", "dialect", "profile", "bytes", "hash", "sources", "licenses",
                 "type", "scheme")
OUR_FIELD_KEYS = ("redact", "when", "personal", "lawful_basis")
# dataset folders and resources become web addresses and file names on the site
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    type: str
    description: str
    constraints: dict
    descriptor: dict  # the field as declared, our keys included
    redact: str | None = None  # "drop" or "mask"
    redact_when: dict | None = None  # field -> tuple of values (as written); all must match
    personal: bool = False
    lawful_basis: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str
    source: Path
    relative: str  # posix path from the site root, for diagnostics
    title: str
    description: str
    schema: dict  # Table Schema without our keys
    fields: tuple[FieldSpec, ...]
    encoding: str


@dataclass(frozen=True)
class Dataset:
    name: str
    descriptor_path: str  # posix path from the site root
    title: str
    description: str
    scheme_class: str | None
    items: tuple[str, ...]
    published: date | None
    updated: date | None
    frequency: str | None
    period: str | None
    sample: bool
    licenses: tuple[dict, ...]
    keywords: tuple[str, ...]
    resources: tuple[Resource, ...]
    foreign_keys: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)
    redaction: object = None  # exceptions to the redaction gate, as written

    @property
    def url(self) -> str:
        return f"/{DATASETS_DIR}/{self.name}/"

    @property
    def last_updated(self) -> date | None:
        return self.updated or self.published


@dataclass
class LoadedDatasets:
    datasets: list[Dataset]
    diagnostics: list[Diagnostic]


def detect_encoding(data: bytes) -> tuple[str | None, str | None]:
    """(encoding, note) for CSV bytes: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data[3:].decode("utf-8")
            return "utf-8-sig", None
        except UnicodeDecodeError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252", "windows-1252"
    except UnicodeDecodeError:
        return None, None


class _DatasetReader:
    """Reads and checks one descriptor, collecting diagnostics."""

    def __init__(self, root: Path, folder: Path, descriptor: Path, class_slugs: tuple[str, ...],
                 today: date):
        self.root = root
        self.folder = folder
        self.descriptor = descriptor
        self.relative = descriptor.relative_to(root).as_posix()
        self.class_slugs = class_slugs
        self.today = today
        self.doc: yaml_source.YamlDocument | None = None
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, hint: str, path: tuple = (),
               severity=error, at_value: bool = True) -> None:
        pos = self.doc.position(path, prefer_value=at_value) if self.doc and path else None
        self.diagnostics.append(severity(code, message, path=self.relative,
                                         line=pos.line if pos else 1,
                                         column=pos.column if pos else 1, hint=hint))

    def text(self, data: dict, key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.report("dataset.missing-key", f"'{key}' is required",
                            f"add '{key}:' to {self.descriptor.name}")
            return None
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            self.report("dataset.type", f"'{key}' should be text", f"write {key} as text",
                        (key,))
            return None
        return " ".join(str(value).split()) or None

    def items(self, data: dict) -> tuple[str, ...]:
        value = data.get("item")
        if isinstance(value, list):
            return tuple(str(v).strip() for v in value if str(v).strip())
        text = self.text(data, "item")
        return (text,) if text else ()

    def date(self, data: dict, key: str, required: bool = False) -> date | None:
        value = self.text(data, key, required)
        if value is None:
            return None
        try:
            if len(value) != 10:
                raise ValueError("not YYYY-MM-DD")
            return date.fromisoformat(value)
        except ValueError:
            self.report("dataset.date", f"'{key}': '{value}' is not an ISO date (YYYY-MM-DD)",
                        "write dates as YYYY-MM-DD, e.g. 2024-04-30", (key,))
            return None

    def read_descriptor(self) -> dict | None:
        try:
            text = self.descriptor.read_text("utf-8-sig")
        except UnicodeDecodeError:
            self.report("dataset.encoding", f"{self.descriptor.name} is not UTF-8 text",
                        "save the file as UTF-8")
            return None
        try:
            self.doc = yaml_source.load(text)
        except yaml_source.YamlSyntaxError as exc:
            self.diagnostics.append(error("dataset.descriptor", exc.message, path=self.relative,
                                          line=exc.line, column=exc.column, hint=exc.hint))
            return None
        if not isinstance(self.doc.data, dict):
            self.report("dataset.descriptor", "the descriptor must be a mapping of keys",
                        "start with 'title:', 'class:', 'published:' and 'resources:'")
            return None
        return self.doc.data

    def load_schema(self, value: Any, path: tuple) -> dict | None:
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
        """Split our keys off the schema, check them, and check the rest is a Table Schema."""
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
        checked = SCHEMA_CHECKS.get(repr(clean))
        if checked is None:
            from frictionless import Schema

            report = Schema.validate_descriptor(clean)
            checked = (report.valid, tuple(problem.note for problem in report.errors[:5]))
            _remember(SCHEMA_CHECKS, repr(clean), checked)
        valid, notes = checked
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
        name = str(raw.get("name"))
        redact = raw.get("redact")
        if redact is not None and redact not in ("drop", "mask"):
            self.report("dataset.redact", f"field '{name}': redact must be 'drop' or 'mask', "
                        f"not '{redact}'", "drop: the column is never published; mask: values "
                        "become [redacted]", where + ("redact",))
            redact = None
        when = raw.get("when")
        redact_when = None
        if when is not None:
            if redact != "mask" or not isinstance(when, dict) or not when:
                self.report("dataset.redact", f"field '{name}': 'when' needs 'redact: mask' and "
                            "a mapping of other fields to values",
                            "e.g. redact: mask, when: {supplier_type: individual}",
                            where + ("when",))
            else:
                redact_when = {}
                for other, values in when.items():
                    if other not in names:
                        self.report("dataset.redact", f"field '{name}': 'when' names unknown "
                                    f"field '{other}'{suggestion(str(other), names)}",
                                    "name a field of this schema", where + ("when", other))
                    values = values if isinstance(values, list) else [values]
                    redact_when[str(other)] = tuple(values)
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
            lawful_basis=str(lawful_basis) if lawful_basis else None)

    def resource(self, raw: Any, index: int) -> Resource | None:
        where = ("resources", index)
        if not isinstance(raw, dict):
            self.report("dataset.resource", f"resource {index + 1} is not a mapping",
                        "each resource has a name, a path and a schema", where)
            return None
        for key in raw:
            if key not in RESOURCE_KEYS:
                self.report("dataset.unknown-key", f"unknown resource key '{key}'"
                            f"{suggestion(str(key), RESOURCE_KEYS)}",
                            "known keys: " + ", ".join(RESOURCE_KEYS), where + (key,),
                            at_value=False)
        path = raw.get("path")
        if not isinstance(path, str) or not path:
            self.report("dataset.resource", f"resource {index + 1} needs a 'path' to its CSV file",
                        "e.g. path: spend-2024-04.csv", where)
            return None
        target = (self.folder / path).resolve()
        if "://" in path or PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts \
                or not target.is_relative_to(self.folder.resolve()):
            linked = " (a symbolic link)" if (self.folder / path).is_symlink() else ""
            self.report("dataset.path", f"resource path '{path}'{linked} is outside the dataset "
                        "folder",
                        f"put the file in {self.folder.relative_to(self.root).as_posix()}/",
                        where + ("path",))
            return None
        if not target.is_file():
            self.report("dataset.missing-file", f"resource file '{path}' does not exist",
                        "check the file name; it is relative to the datapackage file",
                        where + ("path",))
            return None
        if target.suffix.lower() != ".csv" or raw.get("format", "csv") != "csv":
            self.report("dataset.format", f"resource '{path}' is not a CSV file",
                        "publish tabular data as CSV (export it from the spreadsheet)",
                        where + ("path",))
            return None
        schema = self.load_schema(raw.get("schema"), where + ("schema",)) \
            if raw.get("schema") is not None else None
        if schema is None:
            if raw.get("schema") is None:
                self.report("dataset.schema", f"resource '{path}' has no schema",
                            "add schema: with the fields, or a path such as "
                            "../schemas/spend-over-500.json", where)
            return None
        checked = self.fields(schema, where + ("schema",))
        if checked is None:
            return None
        clean_schema, specs = checked
        name = raw.get("name")
        if name is not None and not (isinstance(name, str) and _NAME.match(name)):
            self.report("dataset.resource", f"resource name '{name}' cannot be a file name "
                        "on the site", "use lowercase letters, digits and hyphens, e.g. "
                        "name: spend-2024-04", where + ("name",))
            return None
        name = name or _slug(PurePosixPath(path).stem) or f"resource-{index + 1}"
        return Resource(
            name=name, source=target, relative=target.relative_to(self.root.resolve()).as_posix(),
            title=str(raw.get("title") or name), description=" ".join(
                str(raw.get("description", "")).split()),
            schema=clean_schema, fields=specs, encoding="utf-8")

    def read(self) -> Dataset | None:
        data = self.read_descriptor()
        if data is None:
            return None
        for key in data:
            if key not in OUR_PACKAGE_KEYS and key not in STANDARD_PACKAGE_KEYS:
                known = list(OUR_PACKAGE_KEYS) + list(STANDARD_PACKAGE_KEYS)
                self.report("dataset.unknown-key",
                            f"unknown key '{key}'{suggestion(str(key), known)}",
                            "known keys: " + ", ".join(known), (key,), at_value=False)
        title = self.text(data, "title", required=True)
        scheme_class = self.text(data, "class", required=True)
        if scheme_class is not None and scheme_class not in self.class_slugs:
            self.report("dataset.class", f"unknown class '{scheme_class}'"
                        f"{suggestion(scheme_class, self.class_slugs)}",
                        "use one of: " + ", ".join(self.class_slugs), ("class",))
        published = self.date(data, "published", required=True)
        updated = self.date(data, "updated")
        frequency = self.text(data, "frequency")
        if frequency is not None and frequency not in FREQUENCIES:
            self.report("dataset.frequency", f"unknown frequency '{frequency}'"
                        f"{suggestion(frequency, FREQUENCIES)}",
                        "use one of: " + ", ".join(FREQUENCIES), ("frequency",))
        sample = data.get("sample", False)
        if not isinstance(sample, bool):
            self.report("dataset.type", "'sample' should be true or false",
                        "write sample: true for illustrative data", ("sample",))
        licenses = data.get("licenses") or [OGL]
        if not isinstance(licenses, list) or not all(isinstance(x, dict) for x in licenses):
            self.report("dataset.type", "'licenses' should be a list of {name, path, title}",
                        "leave it out for the Open Government Licence v3.0", ("licenses",))
            licenses = [OGL]
        keywords = data.get("keywords") or []
        if not isinstance(keywords, list):
            self.report("dataset.type", "'keywords' should be a list",
                        "write them as a list, e.g. keywords: [spending, suppliers]",
                        ("keywords",))
            keywords = []
        description = self.text(data, "description") or ""
        resources_raw = data.get("resources")
        if not isinstance(resources_raw, list) or not resources_raw:
            self.report("dataset.resource", "the dataset has no resources",
                        "list the CSV files under 'resources:'", ("resources",))
            return None
        resources = [self.resource(raw, i) for i, raw in enumerate(resources_raw)]
        names = [r.name for r in resources if r]
        for duplicate in sorted({n for n in names if names.count(n) > 1}):
            self.report("dataset.resource", f"two resources are named '{duplicate}'",
                        "give each resource its own name", ("resources",))
        if any(d.severity == "error" for d in self.diagnostics) or title is None:
            return None
        return Dataset(
            name=self.folder.name, descriptor_path=self.relative, title=title,
            description=description,
            scheme_class=scheme_class, items=self.items(data), published=published,
            updated=updated, frequency=frequency, period=self.text(data, "period"),
            sample=sample is True, licenses=tuple(licenses),
            keywords=tuple(str(k) for k in keywords if isinstance(k, (str, int))),
            resources=tuple(r for r in resources if r),
            foreign_keys=any(r.schema.get("foreignKeys") for r in resources if r),
            key_lines={k: p.line for (k, *rest), p in self.doc.key_positions.items() if not rest},
            redaction=data.get("redaction"),
        )


# A shared schema file is read by every resource that names it (120 monthly files):
# parsed once per text, and checked by frictionless once per schema (SCHEMA_CHECKS:
# repr of the schema -> (valid, notes); the dataset stage keeps it in the build cache).
_PARSED: dict[str, Any] = {}
SCHEMA_CHECKS: dict[str, tuple[bool, tuple[str, ...]]] = {}


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-.")


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def find_descriptors(root: Path) -> list[tuple[Path, Path | None]]:
    """(folder, descriptor or None) for every dataset folder."""
    base = root / DATASETS_DIR
    if not base.is_dir():
        return []
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and p.name != SCHEMAS_DIR
                         and not p.name.startswith(".") and not is_outside(p, root)):
        descriptor = next((folder / n for n in DESCRIPTOR_NAMES if (folder / n).is_file()
                           and not is_outside(folder / n, root)), None)
        found.append((folder, descriptor))
    return found


def read_descriptors(root: Path, class_slugs: tuple[str, ...], today: date
                     ) -> Iterator[tuple[Dataset | None, list[Diagnostic]]]:
    """Every dataset folder's descriptor, read and checked (the data is not read): one
    (dataset or None, diagnostics) per folder, after one for the links leading out of the
    site, which are refused, not followed."""
    yield None, [link_diagnostic(root, link, "dataset.path")
                 for link in outside_links(root, root / DATASETS_DIR)]
    for folder, descriptor in find_descriptors(root):
        if not _NAME.match(folder.name):
            yield None, [error(
                "dataset.name", f"'{folder.name}' cannot be part of a web address",
                path=f"{DATASETS_DIR}/{folder.name}", hint="name dataset folders with "
                "lowercase letters, digits and hyphens, e.g. datasets/spend-over-500")]
            continue
        if descriptor is None:
            yield None, [error(
                "dataset.descriptor", f"datasets/{folder.name}/ has no datapackage.yaml",
                path=f"{DATASETS_DIR}/{folder.name}", hint="add datapackage.yaml describing "
                "the data (opcc new dataset NAME writes one)")]
            continue
        reader = _DatasetReader(root, folder, descriptor, class_slugs, today)
        dataset = reader.read()
        yield dataset, reader.diagnostics


def load_datasets(root: Path, class_slugs: tuple[str, ...], today: date,
                  limits: Limits | None = None) -> LoadedDatasets:
    """Read every descriptor and validate every resource's data, all in memory and on one
    core (the build uses dataset_stage.run_dataset_stage, which streams and caches)."""
    limits = limits or load_limits(root)
    datasets = []
    diagnostics: list[Diagnostic] = []
    for dataset, found in read_descriptors(root, class_slugs, today):
        diagnostics.extend(found)
        if dataset is None:
            continue
        dataset, found = validate_dataset(root, dataset, limits)
        diagnostics.extend(found)
        if not any(d.severity == "error" for d in found):
            datasets.append(dataset)
    return LoadedDatasets(datasets, diagnostics)


# -- validation of the data -------------------------------------------------------------

_CODES = {
    "type-error": "dataset.type", "constraint-error": "dataset.constraint",
    "unique-error": "dataset.unique", "primary-key": "dataset.primary-key",
    "foreign-key": "dataset.foreign-key", "blank-row": "dataset.blank-row",
    "extra-cell": "dataset.extra-cell", "missing-cell": "dataset.missing-cell",
    "duplicate-label": "dataset.header", "incorrect-label": "dataset.header",
    "missing-label": "dataset.header", "extra-label": "dataset.header",
    "blank-label": "dataset.header", "encoding-error": "dataset.encoding",
    "source-error": "dataset.source", "format-error": "dataset.source",
    "scheme-error": "dataset.source",
}


def masked(value: str) -> str:
    """A value shown in a diagnostic without revealing it: 'J…' style."""
    value = str(value)
    return value[:1] + "…" if len(value) > 1 else "…"


def _describe(err, spec: FieldSpec | None) -> tuple[str, str]:
    """A plain-English message and a hint for one frictionless error."""
    cell = getattr(err, "cell", None)
    shown = masked(cell) if (spec and spec.personal and cell) else cell
    note = err.note or ""
    kind = err.type
    if kind == "type-error":
        expected = {"number": "a number", "integer": "a whole number", "date": "a date",
                    "datetime": "a date and time", "boolean": "true or false",
                    "year": "a year", "yearmonth": "a year and month"}.get(
            spec.type if spec else "", f"of type {spec.type if spec else '?'}")
        message = f"value '{shown}' is not {expected}"
        hint = "correct the value"
        if spec and spec.type in ("number", "integer") and cell and any(
                c in str(cell) for c in "£$,%") :
            hint = ("remove the £ sign and thousands separators (write 1200.50, not "
                    "£1,200.50), or allow them in the schema with groupChar: ',' and "
                    "bareNumber: false")
        elif spec and spec.type == "date":
            fmt = spec.descriptor.get("format", "default")
            hint = ("write dates as YYYY-MM-DD" if fmt in ("default", None)
                    else f"write dates in the format {fmt}")
        return message, hint
    if kind == "constraint-error":
        constraint = note.split('"')[1] if note.count('"') >= 2 else note
        limit = spec.constraints.get(constraint) if spec else None
        if constraint == "required":
            return "a value is required", "fill in this cell"
        if constraint == "minimum":
            return (f"value {shown} is below the minimum {limit}",
                    "check the value; the schema does not allow it")
        if constraint == "maximum":
            return (f"value {shown} is above the maximum {limit}",
                    "check the value; the schema does not allow it")
        if constraint == "enum":
            return (f"value '{shown}' is not one of the allowed values",
                    "use one of: " + ", ".join(str(v) for v in (limit or [])))
        if constraint == "pattern":
            return f"value '{shown}' does not match the pattern {limit}", "check its format"
        if constraint == "minLength":
            return f"value '{shown}' is shorter than {limit} characters", "check the value"
        if constraint == "maxLength":
            return f"value '{shown}' is longer than {limit} characters", "shorten the value"
        return f"value '{shown}' breaks the rule {note}", "check the value against the schema"
    if kind == "unique-error":
        return (f"value '{shown}' is repeated ({note})", "each value in this column must be "
                "unique")
    if kind == "primary-key":
        return (f"the row's key is repeated or empty ({note})",
                "each row needs a unique, filled-in key")
    if kind == "foreign-key":
        return (f"no matching row in the referenced table ({note})",
                "add the referenced row or correct this value")
    if kind == "blank-row":
        return ("the row is empty", "delete the empty row (Excel often leaves them at the end)")
    if kind == "extra-cell":
        return (f"the row has more cells than the header (extra value '{shown}')",
                "remove the extra cell or add a column to the header and the schema")
    if kind == "missing-cell":
        return ("the row has fewer cells than the header", "add the missing cells")
    if kind in ("incorrect-label", "missing-label", "extra-label", "duplicate-label",
                "blank-label"):
        return (f"the header does not match the schema: {note or err.message}",
                "make the CSV's first row the schema's field names, in the schema's order")
    return (err.message, "check the file")


def _frictionless_package(dataset: Dataset):
    from frictionless import Package, Schema
    from frictionless import Resource as FlResource

    resources = []
    for resource in dataset.resources:
        resources.append(FlResource(
            name=resource.name, path=resource.source.name,
            basepath=str(resource.source.parent), encoding=resource.encoding,
            schema=Schema.from_descriptor(resource.schema), format="csv"))
    return Package(resources=resources, basepath=str(dataset.resources[0].source.parent))


# -- the checks made before frictionless reads a file (shared with dataset_stage) ---------

_CHUNK = 1 << 20


def sniff_encoding(path: Path) -> tuple[str | None, str | None, bool]:
    """(encoding, note, empty) of a CSV file read in blocks, never whole: the same answer
    as `detect_encoding` on its bytes; empty when it holds nothing but white space."""
    import codecs

    empty = True
    with open(path, "rb") as handle:
        decoder = codecs.getincrementaldecoder("utf-8")()
        first = b""
        utf8 = True
        for block in iter(lambda: handle.read(_CHUNK), b""):
            if len(first) < 3:
                first += block[:3 - len(first)]
            empty = empty and not block.strip()
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return ("utf-8-sig" if first == b"\xef\xbb\xbf" else "utf-8"), None, empty
        handle.seek(0)
        empty = True
        for block in iter(lambda: handle.read(_CHUNK), b""):
            empty = empty and not block.strip()
            try:
                block.decode("cp1252")  # a single-byte code: blocks decode on their own
            except UnicodeDecodeError:
                return None, None, False
    return "cp1252", "windows-1252", empty


def size_problem(resource: Resource, limits: Limits) -> Diagnostic | None:
    size = resource.source.stat().st_size
    if size <= limits.max_file_bytes:
        return None
    return error(
        "dataset.too-large", f"the file is {human_size(size)}, over the limit of "
        f"{human_size(limits.max_file_bytes)}", path=resource.relative,
        hint="check it is the right file; split the data into several files (one "
        "per month or year), or raise limits.max_file_mb in site.yaml")


def encoding_problems(resource: Resource, encoding: str | None, note: str | None,
                      empty: bool) -> list[Diagnostic]:
    """The undecodable file (an error), the Windows-1252 one (a warning), the empty one."""
    if encoding is None:
        return [error("dataset.encoding", "the file is neither UTF-8 nor "
                      "Windows-1252 text", path=resource.relative,
                      hint="export it again as 'CSV UTF-8'")]
    found = []
    if note:
        found.append(warning(
            "dataset.encoding", "the file is Windows-1252 (as older Excel saves CSV), "
            "not UTF-8; it was read as Windows-1252 and is published as UTF-8",
            path=resource.relative, hint="save it as 'CSV UTF-8 (Comma delimited)' to "
            "silence this warning"))
    if empty:
        found.append(error("dataset.empty", "the file is empty", path=resource.relative,
                           hint="export the data again, with its header row"))
    return found


def shape_diagnostics(shape: _Shape, resource: Resource, limits: Limits) -> list[Diagnostic]:
    """Problems of the file's shape (errors), else the warning for blank rows at the end."""
    problems = _shape_problems(shape, resource, limits)
    if problems:
        return problems
    if shape.total_rows - shape.last_row > 1:
        return [warning(
            "dataset.blank-rows", f"{shape.total_rows - shape.last_row} empty rows at the end "
            "of the file were ignored", path=resource.relative, row=shape.last_row + 1,
            hint="delete them in the spreadsheet before exporting")]
    return []


def open_csv(resource: Resource):
    """The resource's CSV as text, as frictionless and the publisher read it."""
    return open(resource.source, encoding=resource.encoding, newline="")


def validate_dataset(root: Path, dataset: Dataset, limits: Limits | None = None
                     ) -> tuple[Dataset, list[Diagnostic]]:
    """Validate every resource with frictionless; returns the dataset with encodings set."""
    limits = limits or Limits()
    diagnostics: list[Diagnostic] = []
    resources = []
    last_rows: dict[str, int] = {}
    for resource in dataset.resources:
        too_large = size_problem(resource, limits)
        if too_large:
            diagnostics.append(too_large)
            continue
        encoding, note, empty = sniff_encoding(resource.source)
        found = encoding_problems(resource, encoding, note, empty)
        diagnostics.extend(found)
        if any(d.severity == "error" for d in found):
            continue
        resource = _replace(resource, encoding=encoding)
        with open_csv(resource) as handle:
            shape = _read_shape(handle)
        found = shape_diagnostics(shape, resource, limits)
        diagnostics.extend(found)
        if any(d.severity == "error" for d in found):
            continue
        last_rows[resource.name] = shape.last_row
        resources.append(resource)
    if len(resources) != len(dataset.resources):
        return dataset, diagnostics
    dataset = _replace(dataset, resources=tuple(resources))
    for found in frictionless_diagnostics(dataset, last_rows).values():
        diagnostics.extend(found)
    return dataset, diagnostics


def frictionless_diagnostics(dataset: Dataset, last_rows: dict[str, int]
                             ) -> dict[str, list[Diagnostic]]:
    """Validate the dataset's resources (encodings set) with frictionless, foreign keys
    included: diagnostics per resource name, at most ERRORS_PER_RESOURCE each, errors in
    the blank rows after a file's last row (`last_rows`) left out."""
    package = _frictionless_package(dataset)
    report = package.validate(limit_errors=1000)
    by_name = {r.name: r for r in dataset.resources}
    found: dict[str, list[Diagnostic]] = {r.name: [] for r in dataset.resources}
    for task in report.tasks:
        resource = by_name.get(task.name) or dataset.resources[0]
        diagnostics = found[resource.name]
        specs = {f.name: f for f in resource.fields}
        last_row = last_rows.get(resource.name)
        errors = [e for e in task.errors
                  if not (last_row and (getattr(e, "row_number", None) or 0) > last_row)]
        for err in errors[:ERRORS_PER_RESOURCE]:
            spec = specs.get(getattr(err, "field_name", None) or "")
            message, hint = _describe(err, spec)
            row = getattr(err, "row_number", None)
            diagnostics.append(error(
                _CODES.get(err.type, "dataset.invalid"), message, path=resource.relative,
                row=row, field=getattr(err, "field_name", None) or None, hint=hint,
                line=None if row else 1))
        if len(errors) > ERRORS_PER_RESOURCE:
            more = len(errors) - ERRORS_PER_RESOURCE
            diagnostics.append(error(
                "dataset.more-errors", f"{more}{'+' if len(errors) >= 1000 else ''} more "
                "errors in this file are not shown", path=resource.relative,
                hint="fix the errors above (they are often the same mistake) and check again"))
    return found


@dataclass(frozen=True)
class _Shape:
    header: tuple[str, ...]
    last_row: int  # the last row with any content; the header is row 1
    total_rows: int
    quote: tuple[int, int, str] | None = None  # (row, line, what is wrong) for a bad quote


def _read_shape(lines) -> _Shape:
    """The header and row counts of CSV text (a string or lines), read strictly so that
    a quote left open (which would swallow the rest of the file into one cell) is found."""
    if isinstance(lines, str):
        lines = io.StringIO(lines, newline="")
    reader = csv.reader(lines, strict=True)
    header: list[str] = []
    last = total = line = 0
    try:
        for number, row in enumerate(reader, start=1):
            header = row if number == 1 else header
            total, line = number, reader.line_num
            if "".join(row).strip():
                last = number
    except csv.Error as exc:
        return _Shape(tuple(header), last, total, (total + 1, line + 1, str(exc)))
    return _Shape(tuple(header), last, total)


def _quote_message(problem: str) -> str:
    if "expected after" in problem:
        return "a closing quote is followed by more text in the same cell"
    if "field larger" in problem or "end of data" in problem:
        return "a quote opened here is never closed, so the rest of the file would be one cell"
    return f"the row cannot be read as CSV ({problem})"


def _shape_problems(shape: _Shape, resource: Resource, limits: Limits) -> list[Diagnostic]:
    """Broken quotes, repeated column names and too many rows: found before frictionless,
    whose messages for them are hard to follow."""
    if shape.quote:
        row, line, problem = shape.quote
        return [error("dataset.quote", f"{_quote_message(problem)} (line {line} of the file)",
                      path=resource.relative, row=row, hint="a cell that contains a comma, "
                      "a quote or a line break is wrapped in double quotes, and a quote "
                      "inside it is doubled (\"\"); export the file again from the "
                      "spreadsheet rather than editing it by hand")]
    problems = []
    seen: dict[str, int] = {}
    for column, name in enumerate(shape.header, start=1):
        if name.strip() in seen:
            problems.append(error(
                "dataset.header", f"column '{name.strip()}' appears twice in the header "
                f"(columns {seen[name.strip()]} and {column})", path=resource.relative,
                line=1, field=name.strip(), hint="each column needs its own name; the header "
                "must be the schema's field names, in the schema's order"))
        seen.setdefault(name.strip(), column)
    if shape.total_rows - 1 > limits.max_dataset_rows:
        problems.append(error(
            "dataset.too-many-rows", f"the file has {shape.total_rows - 1:,} rows, over the "
            f"limit of {limits.max_dataset_rows:,}", path=resource.relative,
            hint="split the data into several files (one per month or year), or raise "
                 "limits.max_dataset_rows in site.yaml"))
    return problems


def _replace(record, **changes):
    from dataclasses import replace
    return replace(record, **changes)


