"""Reading the descriptors: every `datasets/NAME/datapackage.yaml` read and checked into a
`Dataset` (the data itself is not read here), with a diagnostic for every problem at its
key's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.datasets.descriptors import (
    DATASETS_DIR,
    DESCRIPTOR_NAMES,
    FREQUENCIES,
    OGL,
    OUR_PACKAGE_KEYS,
    RESOURCE_KEYS,
    SCHEMAS_DIR,
    STANDARD_PACKAGE_KEYS,
    Dataset,
    Resource,
)
from opcc.datasets.schemas import SchemaReader
from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.kinds.pages import is_outside, link_diagnostic, outside_links
from opcc.source import placeholders
from opcc.source import yaml_reader as yaml_source

# dataset folders and resources become web addresses and file names on the site
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class DescriptorReader:
    """Reads and checks one dataset's descriptor, collecting `diagnostics`; `read` gives
    the Dataset, or None when anything is an error. The importer uses the parts:
    `read_descriptor` (the parsed mapping; `doc` knows where each key is), `report` and
    `schemas` (a resource's Table Schema)."""

    def __init__(self, root: Path, folder: Path, descriptor: Path, class_slugs: tuple[str, ...],
                 today: date):
        self.root = root
        self.folder = folder
        self.descriptor = descriptor
        self.relative = descriptor.relative_to(root).as_posix()
        self.class_slugs = class_slugs
        self.today = today
        self.doc: yaml_source.YamlDocument | None = None
        self.text_read = ""  # the descriptor as written
        self.diagnostics: list[Diagnostic] = []
        self.schemas = SchemaReader(root, folder, self.report, self.diagnostics)

    def report(self, code: str, message: str, hint: str, path: tuple = (),
               severity=error, at_value: bool = True) -> None:
        """A diagnostic at the key (or its value) `path` leads to in the descriptor."""
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
        """The descriptor's mapping, or None (reported) if it is not one."""
        try:
            text = self.text_read = self.descriptor.read_text("utf-8-sig")
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
        target = self._resource_file(raw, index)
        if target is None:
            return None
        schema = self.schemas.load(raw.get("schema"), where + ("schema",)) \
            if raw.get("schema") is not None else None
        if schema is None:
            if raw.get("schema") is None:
                self.report("dataset.schema", f"resource '{path}' has no schema",
                            "add schema: with the fields, or a path such as "
                            "../schemas/spend-over-500.json", where)
            return None
        checked = self.schemas.fields(schema, where + ("schema",))
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

    def _resource_file(self, raw: dict, index: int) -> Path | None:
        """The CSV file a resource's `path` names, if it is one in the dataset's folder."""
        where = ("resources", index)
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
        return target

    def read(self) -> Dataset | None:
        """The dataset the descriptor describes, or None if anything is an error."""
        data = self.read_descriptor()
        if data is None:
            return None
        self._check_keys(data)
        draft = self._draft(data)
        if not draft:  # a draft may keep what `opcc new dataset` wrote
            self.diagnostics.extend(placeholders.diagnostics(self.text_read, self.relative,
                                                             "dataset"))
        title = self.text(data, "title", required=True)
        scheme_class = self._scheme_class(data)
        published = self.date(data, "published", required=True)
        updated = self.date(data, "updated")
        frequency = self._frequency(data)
        sample = self._sample(data)
        licenses = self._licenses(data)
        keywords = self._keywords(data)
        description = self.text(data, "description") or ""
        resources = self._resources(data)
        if resources is None:
            return None
        statements = self._statements(data, resources)
        resources = [covered(r, statements) if r else r for r in resources]
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
            statements=statements,
            draft=draft,
        )

    def _statements(self, data: dict, resources: list) -> dict[str, str]:
        """The descriptor's statements for fields marked `statement: true`
        (value_for_money: …): text for every row that leaves the field empty."""
        names = {f.name for r in resources if r for f in r.fields if f.statement}
        found = {}
        for name in sorted(names):
            text = self.text(data, name)
            if text and text.strip():
                found[name] = " ".join(text.split())
        return found

    def _check_keys(self, data: dict) -> None:
        for key in data:
            if key not in OUR_PACKAGE_KEYS and key not in STANDARD_PACKAGE_KEYS:
                known = list(OUR_PACKAGE_KEYS) + list(STANDARD_PACKAGE_KEYS)
                self.report("dataset.unknown-key",
                            f"unknown key '{key}'{suggestion(str(key), known)}",
                            "known keys: " + ", ".join(known), (key,), at_value=False)

    def _scheme_class(self, data: dict) -> str | None:
        scheme_class = self.text(data, "class", required=True)
        if scheme_class is not None and scheme_class not in self.class_slugs:
            self.report("dataset.class", f"unknown class '{scheme_class}'"
                        f"{suggestion(scheme_class, self.class_slugs)}",
                        "use one of: " + ", ".join(self.class_slugs), ("class",))
        return scheme_class

    def _frequency(self, data: dict) -> str | None:
        frequency = self.text(data, "frequency")
        if frequency is not None and frequency not in FREQUENCIES:
            self.report("dataset.frequency", f"unknown frequency '{frequency}'"
                        f"{suggestion(frequency, FREQUENCIES)}",
                        "use one of: " + ", ".join(FREQUENCIES), ("frequency",))
        return frequency

    def _draft(self, data: dict) -> bool:
        draft = data.get("draft", False)
        if not isinstance(draft, bool):
            self.report("dataset.type", "'draft' should be true or false",
                        "write draft: true to keep the dataset unpublished", ("draft",))
            return False
        return draft

    def is_draft(self) -> bool:
        """Does the descriptor say draft: true (even if it has errors)?"""
        data = self.doc.data if self.doc is not None else None
        return isinstance(data, dict) and data.get("draft") is True

    def _sample(self, data: dict) -> Any:
        sample = data.get("sample", False)
        if not isinstance(sample, bool):
            self.report("dataset.type", "'sample' should be true or false",
                        "write sample: true for illustrative data", ("sample",))
        return sample

    def _licenses(self, data: dict) -> list:
        licenses = data.get("licenses") or [OGL]
        if not isinstance(licenses, list) or not all(isinstance(x, dict) for x in licenses):
            self.report("dataset.type", "'licenses' should be a list of {name, path, title}",
                        "leave it out for the Open Government Licence v3.0", ("licenses",))
            licenses = [OGL]
        return licenses

    def _keywords(self, data: dict) -> list:
        keywords = data.get("keywords") or []
        if not isinstance(keywords, list):
            self.report("dataset.type", "'keywords' should be a list",
                        "write them as a list, e.g. keywords: [spending, suppliers]",
                        ("keywords",))
            keywords = []
        return keywords

    def _resources(self, data: dict) -> list[Resource | None] | None:
        """Every resource read (None where one is unusable), or None if there are none."""
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
        return resources


def covered(resource: Resource, statements: dict[str, str]) -> Resource:
    """The resource with each statement field the descriptor does not cover made required:
    the law asks for it on every row, or once for the dataset."""
    open_fields = {f.name for f in resource.fields if f.statement and f.name not in statements}
    if not open_fields:
        return resource

    def required(raw: dict) -> dict:
        if raw.get("name") not in open_fields:
            return raw
        return {**raw, "constraints": {**(raw.get("constraints") or {}), "required": True}}

    schema = {**resource.schema, "fields": [required(f) for f in resource.schema["fields"]]}
    specs = tuple(replace(f, constraints={**f.constraints, "required": True})
                  if f.name in open_fields else f for f in resource.fields)
    return replace(resource, schema=schema, fields=specs)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-.")


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


def read_descriptors(root: Path, class_slugs: tuple[str, ...], today: date,
                     include_drafts: bool = False
                     ) -> Iterator[tuple[Dataset | None, list[Diagnostic]]]:
    """Every dataset folder's descriptor, read and checked (the data is not read): one
    (dataset or None, diagnostics) per folder, after one for the links leading out of the
    site, which are refused, not followed. A draft (draft: true) is left out, its errors
    shown as warnings, unless `include_drafts` (a preview) publishes it."""
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
        reader = DescriptorReader(root, folder, descriptor, class_slugs, today)
        dataset = reader.read()
        if reader.is_draft() and not include_drafts:
            yield None, [warning(d.code, f"(draft, not published) {d.message}", path=d.path,
                                 line=d.line, column=d.column, row=d.row, field=d.field,
                                 hint=d.hint) if d.severity == "error" else d
                         for d in reader.diagnostics]
            continue
        yield dataset, reader.diagnostics
