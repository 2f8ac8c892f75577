"""Each dataset's page, its downloads and descriptor, and the /datasets/ index."""

from __future__ import annotations

import json
from pathlib import Path

from opcc.checks.links import output_path
from opcc.checks.site_index import DATASETS_URL, class_url
from opcc.datasets import publish as dataset_publish
from opcc.datasets import views as dataset_views
from opcc.datasets.descriptors import Dataset
from opcc.kinds.pages import human_size
from opcc.render.views import MetaRow, PageSpec, date_text

Outputs = dict[str, "bytes | Path"]


def dataset_spec(dataset: Dataset) -> PageSpec:
    return PageSpec(dataset.url, dataset.title, dataset_views.first_sentence(
        dataset.description), "dataset", dataset.last_updated, dataset.published, True,
        dataset.scheme_class, status="draft" if dataset.draft else None)


def index_spec(site) -> PageSpec:
    latest = [d.last_updated for d in site.index.datasets.values() if d.last_updated]
    return PageSpec(DATASETS_URL, "Open data", "Our datasets, validated against their schemas "
                    "and published as CSV and JSON under the Open Government Licence.",
                    "datasets", max(latest) if latest else None)


def specs(site) -> list[PageSpec]:
    """Every dataset page, and the index."""
    return [*(dataset_spec(d) for d in site.index.datasets.values()), index_spec(site)]


def dataset_view(site, dataset: Dataset, downloads: list,
                 descriptor: dataset_views.Download) -> dataset_views.DatasetView:
    tables = site.tables[dataset.name]
    licence = dataset.licenses[0] if dataset.licenses else dataset_publish.OGL
    scheme_class = site.profile.scheme_class(dataset.scheme_class)
    meta = [MetaRow("Publisher", site.config.organisation.name),
            MetaRow("Licence", str(licence.get("title") or licence.get("name")),
                    licence.get("path"))]
    if dataset.period:
        meta.append(MetaRow("Period covered", dataset.period))
    if dataset.published:
        meta.append(MetaRow("First published", date_text(dataset.published).text))
    if dataset.updated:
        meta.append(MetaRow("Last updated", date_text(dataset.updated).text))
    if dataset.frequency:
        meta.append(MetaRow("Update frequency", dataset.frequency.replace("-", " ")
                            .capitalize()))
    due = next_due(site.compliance, dataset)
    if due:
        meta.append(MetaRow("Next update due", date_text(due).text))
    meta.extend(legal_rows(site.compliance, dataset))
    if scheme_class:
        meta.append(MetaRow("Publication scheme class", scheme_class.title,
                            site.href(class_url(scheme_class.slug))))
    dictionary, resources = dataset_views.resource_views(tables)
    return dataset_views.DatasetView(
        description=dataset.description,
        notice=("This is illustrative sample data, not real figures."
                if dataset.sample else None),
        meta=tuple(meta), downloads=tuple(downloads), descriptor=descriptor,
        dictionary=dictionary,
        resources=resources,
        totals=dataset_views.totals_view(dataset, dataset_publish.totals(tables),
                                         site.config.organisation.colour),
        statements=statement_views(dataset))


def next_due(compliance: list, dataset: Dataset):
    """When the law (or the office's adopted practice) next wants this dataset: the
    soonest due date of the scheme items it fulfils; its own frequency otherwise."""
    dues = [s.next_due for s in compliance if s.item.id in dataset.items and s.next_due]
    return min(dues) if dues else dataset_views.next_due(dataset)


def legal_rows(compliance: list, dataset: Dataset) -> list[MetaRow]:
    """Why the dataset is published: the legal basis of each item it fulfils."""
    return [MetaRow("Published under", str(s.item.legal_basis)) for s in compliance
            if s.item.id in dataset.items and s.item.statutory]


def statement_views(dataset: Dataset) -> tuple[dataset_views.StatementView, ...]:
    titles = {f.name: f.title for r in dataset.resources for f in r.fields}
    return tuple(dataset_views.StatementView(titles.get(name, name), text)
                 for name, text in dataset.statements.items())

def render_datasets(site) -> Outputs:
    outputs: Outputs = {}
    for dataset in sorted(site.index.datasets.values(), key=lambda d: d.name):
        folder = dataset.url.lstrip("/")
        downloads = []
        tables = site.tables[dataset.name]
        sizes: dict[str, int] = {}
        for table in tables:
            files = []
            for suffix, label in (("csv", "CSV"), ("json", "JSON")):
                # a streamed download is published by its path (the writer copies it)
                data = dataset_publish.download(table, suffix)
                name = f"{table.resource.name}.{suffix}"
                outputs[folder + name] = data
                sizes[name] = data.stat().st_size if isinstance(data, Path) else len(data)
                files.append(dataset_views.Download(
                    f"{table.resource.title} ({label})", site.href(dataset.url + name), label,
                    human_size(sizes[name])))
            downloads.append(dataset_views.DownloadRow(table.resource.title, tuple(files)))
        descriptor = dataset_publish.published_descriptor(
            dataset, tables, site.config.organisation.name, site.config.base_url)
        for resource in descriptor["resources"]:
            resource["bytes"] = sizes[resource["path"]]
        package = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
        outputs[folder + "datapackage.json"] = package
        descriptor_link = dataset_views.Download(
            "Data package descriptor (datapackage.json)",
            site.href(dataset.url + "datapackage.json"), "JSON", human_size(len(package)))
        outputs[output_path(dataset.url)] = site.render_template(
            "dataset.html", dataset.url,
            page=site.view(dataset_spec(dataset)),
            dataset=dataset_view(site, dataset, downloads, descriptor_link))
    groups = []
    for scheme_class in site.profile.classes:
        members = site.index.datasets_by_class.get(scheme_class.slug, [])
        if members:
            groups.append(dataset_views.DatasetGroup(
                scheme_class.title, site.href(class_url(scheme_class.slug)),
                tuple(dataset_views.DatasetEntry(
                    d.title, dataset_views.first_sentence(d.description),
                    site.href(d.url), d.period, date_text(d.last_updated), d.sample)
                    for d in members)))
    outputs[output_path(DATASETS_URL)] = site.render_template(
        "datasets.html", DATASETS_URL, page=site.view(index_spec(site)), groups=tuple(groups))
    return outputs
