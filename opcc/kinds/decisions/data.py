"""The decisions register as open data: one row per decision, validated against its own
Table Schema (register-schema.json, beside this module, with the site's reference pattern
and categories filled in), published as CSV and JSON like any dataset.

An exempt decision's row holds its reference, title, dates, decision-maker, category,
status and exemptions, and nothing of its content.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

from opcc.config import SiteConfig
from opcc.datasets import descriptors as datasets
from opcc.datasets import publish as dataset_publish
from opcc.diagnostics import Diagnostic, error
from opcc.kinds.decisions.records import (
    DECISIONS_CLASS,
    FOLDER,
    DecisionRecord,
    newest_first,
)
from opcc.kinds.foi.data import rows_csv
from opcc.kinds.foi.records import compile_reference_pattern
from opcc.kinds.foi.working_days import working_days

REGISTER_DATASET = "decisions-register"
SCHEMA_FILE = Path(__file__).with_name("register-schema.json")
LIST_SEPARATOR = "; "


@functools.cache
def _base_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text("utf-8"))


def register_schema(reference_pattern: str, categories: tuple[str, ...]) -> dict:
    """The Table Schema, with the site's reference pattern and categories."""
    schema = copy.deepcopy(_base_schema())
    regex = re.sub(r"\(\?P<\w+>", "(", compile_reference_pattern(reference_pattern).regex.pattern)
    for spec in schema["fields"]:
        if spec["name"] == "reference":
            spec["constraints"]["pattern"] = regex
        elif spec["name"] == "category":
            spec["constraints"]["enum"] = list(categories)
    return schema


def field_names() -> tuple[str, ...]:
    return tuple(f["name"] for f in _base_schema()["fields"])


def register_rows(records: Iterable[DecisionRecord], base_url: str = "") -> list[dict]:
    """One row per decision, newest first: JSON-ready values (None for an empty cell)."""
    rows = []
    for record in newest_first(records):
        row = {
            "reference": record.reference,
            "title": record.title,
            "url": base_url.rstrip("/") + record.url,
            "made": record.made.isoformat(),
            "published": record.published.isoformat(),
            "working_days_to_publish": working_days(record.made, record.published),
            "decision_maker": record.decision_maker,
            "category": record.category,
            "status": record.status,
            "exemptions": LIST_SEPARATOR.join(record.exemptions) or None,
            "review_exemption": record.review_exemption.isoformat()
            if record.review_exemption else None,
        }
        if not record.exempt:
            amount = record.financial_implications
            row.update({
                "summary": record.summary,
                "financial_implications": str(amount) if amount is not None else None,
                "interests_declared": record.interests_declared,
                "meeting": base_url.rstrip("/") + record.meeting if record.meeting else None,
            })
        rows.append(row)
    return rows


def register_csv(rows: list[dict]) -> bytes:
    return rows_csv(rows, field_names())


def validate_register(rows: list[dict], schema: dict) -> list[Diagnostic]:
    """The rows checked against the schema with frictionless: one diagnostic per error
    (a bug in the generator, not in the records, which were checked when read)."""
    from frictionless import Resource, Schema

    resource = Resource(data=register_csv(rows), format="csv",
                        schema=Schema.from_descriptor(schema))
    report = resource.validate()
    path = f"datasets/{REGISTER_DATASET}/{REGISTER_DATASET}.csv"
    return [error("decisions.dataset", f"{kind}: {note}", path=path, row=row, field=name,
                  hint="this is a bug in the generator's decisions register; please report it")
            for row, name, kind, note in report.flatten(["rowNumber", "fieldName", "type",
                                                         "note"])]


def register_dataset(records: list[DecisionRecord], config: SiteConfig, schema: dict,
                     sample: bool) -> tuple[datasets.Dataset, dataset_publish.PublishedTable]:
    """The register as an open dataset, made from the records."""
    fields = tuple(datasets.FieldSpec(
        name=f["name"], title=f.get("title", f["name"]), type=f["type"],
        description=f.get("description", ""), constraints=f.get("constraints", {}),
        descriptor=f) for f in schema["fields"])
    resource = datasets.Resource(
        name=REGISTER_DATASET, source=config.root / "content" / FOLDER,
        relative=f"content/{FOLDER}", title="Decisions register", description="",
        schema=schema, fields=fields, encoding="utf-8")
    years = sorted({r.year for r in records})
    dataset = datasets.Dataset(
        name=REGISTER_DATASET, descriptor_path=f"content/{FOLDER}",
        title="Decisions register",
        description="Every decision of significant public interest the office has made: its "
        "reference, title, dates, decision-maker, category, status, any exemption, a "
        "summary, the money it commits, interests declared and the meeting it followed. "
        "The decision and its reasons are on each decision's page. An exempt decision is "
        "listed without its content.",
        scheme_class=DECISIONS_CLASS, items=(),  # the kind fulfils sio-5d (kind.py)
        published=min((r.published for r in records), default=None),
        updated=max((r.published for r in records), default=None), frequency=None,
        period=f"Decisions made from {years[0]} to {years[-1]}" if years else None,
        sample=sample, licenses=(dataset_publish.OGL,),
        keywords=("decisions", "decision records", "specified information order",
                  "governance"),
        resources=(resource,))
    table = dataset_publish.table_from_rows(resource, register_rows(records, config.base_url))
    return dataset, table
