"""What goes into the bag's data/: the site as published, the datasets and registers as
CSV with their Table Schemas. Each file is taken from the build's own outputs, so the
package holds exactly what the site publishes (redacted, as on the site)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from opcc.write import search, writer

SITE, DATASETS, REGISTERS = "site", "datasets", "registers"
Outputs = Mapping[str, "bytes | Path"]


def output_bytes(data: bytes | Path) -> bytes:
    """An output's bytes: held in memory, or a streamed download's file."""
    return data if isinstance(data, bytes) else Path(data).read_bytes()


def copy_output(data: bytes | Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        shutil.copyfile(data, target)


def write_snapshot(folder: Path, outputs: Outputs) -> Path:
    """folder/site/: every file of the site, with its search index, as `opcc build`
    writes it. Raises WriteError or search.SearchIndexError."""
    return writer.write_site(folder, outputs, SITE, finish=search.index_site)


def package_descriptor(outputs: Outputs, dataset) -> dict:
    """The dataset's datapackage.json as the site publishes it."""
    return json.loads(output_bytes(outputs[dataset.url.lstrip("/") + "datapackage.json"]))


def _schema_bytes(resource: dict) -> bytes:
    return (json.dumps(resource.get("schema", {}), indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")


def write_tables(target: Path, outputs: Outputs, dataset) -> list[str]:
    """Each of the dataset's published CSV files into `target`, with its Table Schema
    beside it (NAME.schema.json). Returns the CSV files' names."""
    folder = dataset.url.lstrip("/")
    written = []
    for resource in package_descriptor(outputs, dataset)["resources"]:
        copy_output(outputs[folder + resource["path"]], target / resource["path"])
        (target / f"{resource['name']}.schema.json").write_bytes(_schema_bytes(resource))
        written.append(resource["path"])
    return written


def write_datasets(folder: Path, outputs: Outputs, datasets: Iterable) -> list[str]:
    """datasets/NAME/ for each dataset: its CSV files, datapackage.json and schemas."""
    names = []
    for dataset in sorted(datasets, key=lambda d: d.name):
        target = folder / DATASETS / dataset.name
        write_tables(target, outputs, dataset)
        copy_output(outputs[dataset.url.lstrip("/") + "datapackage.json"],
                    target / "datapackage.json")
        names.append(dataset.name)
    return names


def write_registers(folder: Path, outputs: Outputs, registers: Iterable) -> list[str]:
    """registers/: each register made from records (the FOI disclosure log) as CSV, with
    its Table Schema. Returns the CSV files' names."""
    target = folder / REGISTERS
    target.mkdir(parents=True, exist_ok=True)
    return [name for dataset in registers for name in write_tables(target, outputs, dataset)]
