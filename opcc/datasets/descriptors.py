"""Datasets: what a `datasets/NAME/datapackage.yaml` descriptor is read into.

Each descriptor is a Frictionless Data Package plus our keys (class, published, …). It is
read and checked by datasets.reader into a `Dataset` of `Resource`s, one per CSV file,
each with its Table Schema split into `FieldSpec`s (datasets.schemas). The build's dataset
stage (datasets.stage) validates the data against the schemas with frictionless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATASETS_DIR = "datasets"
SCHEMAS_DIR = "schemas"  # datasets/schemas/ holds shared Table Schemas, not a dataset
DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")
FREQUENCIES = ("monthly", "quarterly", "annually", "as-needed")

OUR_PACKAGE_KEYS = {
    "class": "the publication-scheme class slug",
    "published": "ISO date first published",
    "item": "the id (or list of ids) of the required scheme items this dataset fulfils",
    "updated": "ISO date of the last update",
    "frequency": "monthly, quarterly, annually or as-needed",
    "period": "the period the data covers, e.g. April 2024 to March 2025",
    "sample": "true: the data is illustrative (a notice is shown)",
    "draft": "true: not published (opcc new dataset writes it; remove it once the data is in "
             "and checked)",
    "redaction": "exceptions to the personal-data check, each {value, pattern or code, field, "
                 "reason}",
    "value_for_money": "why the body considered good value for money would be obtained, for "
                       "every row that does not say (a schema field marked statement: true)",
}
STANDARD_PACKAGE_KEYS = ("name", "id", "title", "description", "homepage", "version", "keywords",
                         "licenses", "sources", "contributors", "created", "image", "profile",
                         "resources", "$schema")
RESOURCE_KEYS = ("name", "path", "title", "description", "schema", "format", "mediatype",
                 "encoding", "dialect", "profile", "bytes", "hash", "sources", "licenses",
                 "type", "scheme")
OUR_FIELD_KEYS = ("redact", "when", "personal", "lawful_basis", "recommended", "statement")

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
    recommended: bool = False  # good practice, not law: an import without it warns
    statement: bool = False  # empty cells are covered by the descriptor's key of this name


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
    statements: dict[str, str] = field(default_factory=dict)  # e.g. value_for_money -> text
    draft: bool = False  # published only in a preview (--drafts)

    @property
    def url(self) -> str:
        return f"/{DATASETS_DIR}/{self.name}/"

    @property
    def last_updated(self) -> date | None:
        return self.updated or self.published
