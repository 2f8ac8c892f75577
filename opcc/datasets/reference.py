"""The whole-file path for datasets, kept only as the reference the dataset stage is
tested against (tests/datasets/test_dataset_stage.py runs every scenario through both and expects
the same datasets, diagnostics, downloads and totals). Nothing in the build or the
importer uses it: they go through datasets.stage.

- `load_datasets`: every descriptor read, then every file of every dataset checked
  (datasets.prechecks) and validated by frictionless, whole, on one core;
- `publish_resource`: a resource's rows read into memory and redacted (drop, and mask
  with `when`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from opcc.config import Limits, load_limits
from opcc.datasets.descriptors import Dataset, Resource
from opcc.datasets.prechecks import (
    encoding_problems,
    open_csv,
    read_shape,
    shape_diagnostics,
    size_problem,
    sniff_encoding,
)
from opcc.datasets.publish import MASK, PublishedTable, condition_readers, row_matches
from opcc.datasets.reader import read_descriptors
from opcc.datasets.validation import frictionless_diagnostics
from opcc.diagnostics import Diagnostic


@dataclass
class LoadedDatasets:
    datasets: list[Dataset]
    diagnostics: list[Diagnostic]


def load_datasets(root: Path, class_slugs: tuple[str, ...], today: date,
                  limits: Limits | None = None) -> LoadedDatasets:
    """Read every descriptor and validate every resource's data, each file whole and on
    one core (the build uses datasets.stage.run_dataset_stage, which streams and caches)."""
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
        resource = replace(resource, encoding=encoding)
        with open_csv(resource) as handle:
            shape = read_shape(handle)
        found = shape_diagnostics(shape, resource, limits)
        diagnostics.extend(found)
        if any(d.severity == "error" for d in found):
            continue
        last_rows[resource.name] = shape.last_row
        resources.append(resource)
    if len(resources) != len(dataset.resources):
        return dataset, diagnostics
    dataset = replace(dataset, resources=tuple(resources))
    for found in frictionless_diagnostics(dataset, last_rows).values():
        diagnostics.extend(found)
    return dataset, diagnostics


def redact_rows(resource: Resource, records: list[list[str]]) -> PublishedTable:
    """Apply drop and mask (with `when`) to raw rows whose columns follow the schema."""
    names = [f.name for f in resource.fields]
    kept = [i for i, f in enumerate(resource.fields) if f.redact != "drop"]
    masks = [(i, f) for i, f in enumerate(resource.fields) if f.redact == "mask"]
    readers = condition_readers(resource) if masks else {}
    rows, masked = [], 0
    for record in records:
        cells = list(record) + [""] * (len(names) - len(record))
        if masks:
            by_name = dict(zip(names, cells))
            for index, spec in masks:
                if cells[index] and (spec.redact_when is None
                                     or row_matches(by_name, spec.redact_when, readers)):
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
    """A validated resource's table as published, its rows held in memory."""
    return redact_rows(resource, read_records(resource))
