"""The FOI disclosure log as an open dataset, made from the records."""

from __future__ import annotations

from opcc.config import SiteConfig
from opcc.datasets import descriptors as datasets
from opcc.datasets import publish as dataset_publish
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import records as foi


def foi_log_dataset(records: list[foi.FoiRecord], config: SiteConfig
                     ) -> tuple[datasets.Dataset, dataset_publish.PublishedTable]:
    """The disclosure log as an open dataset, made from the records."""
    schema = foi_data.log_schema(config.foi.reference_pattern)
    fields = tuple(datasets.FieldSpec(
        name=f["name"], title=f.get("title", f["name"]), type=f["type"],
        description=f.get("description", ""), constraints=f.get("constraints", {}),
        descriptor=f) for f in schema["fields"])
    resource = datasets.Resource(
        name=foi_data.LOG_DATASET, source=config.root / "content" / "foi",
        relative="content/foi", title="FOI disclosure log", description="", schema=schema,
        fields=fields, encoding="utf-8")
    first = min((r.received for r in records), default=None)
    dataset = datasets.Dataset(
        name=foi_data.LOG_DATASET, descriptor_path="content/foi", title="FOI disclosure log",
        description="Every freedom of information request the office has answered: its "
        "reference, dates, outcome, exemptions, topics, working days taken and whether it "
        "was answered in time. The requests and responses are on each request's page.",
        scheme_class=foi.FOI_CLASS, items=(), published=min((r.responded for r in records),
                                                             default=None),
        updated=max((r.last_updated for r in records), default=None), frequency=None,
        period=f"Requests received from {first.year} to {max(r.received for r in records).year}"
        if first else None, sample=config.foi.sample, licenses=(dataset_publish.OGL,),
        keywords=("freedom of information", "disclosure log"), resources=(resource,))
    table = dataset_publish.table_from_rows(resource, foi_data.log_rows(records, config.base_url))
    return dataset, table
