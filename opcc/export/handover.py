"""The hand-over export: build the site in memory (site/ is never touched), refuse when the
build has errors or the target folder is not empty, write the payload into a folder beside
the target, make it a BagIt bag there and only then move it into place."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import bagit

from opcc.build.pipeline import BuildOptions, BuildResult, run_build
from opcc.config import SiteConfig
from opcc.diagnostics import Diagnostic, error
from opcc.export import payload
from opcc.export.compliance_table import ComplianceRow, compliance_rows
from opcc.export.inventory import SCHEDULE_DATASET, InventoryRow, inventory, schedule_from_csv
from opcc.export.readme import readme_text
from opcc.export.tables import write_csv
from opcc.kinds import registry
from opcc.kinds.base import ReadContext
from opcc.scheme import retention
from opcc.write import search
from opcc.write.writer import OUTPUT_DIR, PREVIEW_DIR, WriteError

CHECKSUMS = ["sha256", "sha512"]


class HandoverRefused(Exception):
    """No package was made; the diagnostics say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Handover:
    path: Path
    files: int  # in data/
    bytes: int  # of data/
    warnings: int  # the build's


def export_handover(root: Path, target: Path, today: date | None = None) -> Handover:
    """Write the hand-over bag to `target`. Raises HandoverRefused, or ConfigError when
    site.yaml is unusable."""
    root, target = root.resolve(), target.resolve()
    _check_target(root, target)
    today = today or date.today()
    result = run_build(BuildOptions(root, today=today))
    if not result.ok:
        raise HandoverRefused([d for d in result.diagnostics if d.severity == "error"]
                              + [_refusal(result)])
    staging = target.parent / f".{target.name}.partial-{os.getpid()}"
    try:
        _write_payload(staging, result, today)
        bag = bagit.make_bag(str(staging), bag_info(result.config, today),
                             checksums=CHECKSUMS)
        _move_into_place(staging, target)
    except (OSError, WriteError, search.SearchIndexError, bagit.BagError) as exc:
        raise HandoverRefused([_write_problem(target, exc)]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size, files = (int(n) for n in bag.info["Payload-Oxum"].split("."))
    return Handover(target, files, size, sum(d.severity != "error"
                                             for d in result.diagnostics))


def _check_target(root: Path, target: Path) -> None:
    """Never overwrite: DIR must be absent or an empty folder, outside site/ and preview/."""
    problem = None
    if target.exists() and not target.is_dir():
        problem = f"{target} is a file, not a folder"
    elif target.is_dir() and any(target.iterdir()):
        problem = f"{target} is not empty"
    elif any(target.is_relative_to(root / name) for name in (OUTPUT_DIR, PREVIEW_DIR)):
        problem = f"{target} is inside the site's {target.relative_to(root).parts[0]}/ folder"
    if problem:
        raise HandoverRefused([error(
            "config.handover-target", f"{problem}: the hand-over package is never written "
            "over anything", path=str(target), hint="name a new folder, or an empty one, "
            "outside site/ and preview/")])


def _refusal(result: BuildResult) -> Diagnostic:
    errors = sum(d.severity == "error" for d in result.diagnostics)
    return error("config.handover-errors", f"the site has {errors} error"
                 f"{'s' if errors != 1 else ''}, so no hand-over package was made",
                 path="site.yaml", hint="fix the errors above (opcc check lists them), then "
                 "export again: a successor must get the site as it is published")


def _write_problem(target: Path, exc: Exception) -> Diagnostic:
    detail = exc.diagnostic.message if isinstance(exc, WriteError) else \
        getattr(exc, "strerror", None) or str(exc)
    return error("config.handover-write", f"the hand-over package could not be written: "
                 f"{detail}", path=str(target), hint="check the disk space and that the "
                 "folder above it can be written to, then export again; nothing was left "
                 "behind")


def _move_into_place(staging: Path, target: Path) -> None:
    if target.is_dir():
        target.rmdir()  # empty, as _check_target found it
    staging.rename(target)


def bag_info(config: SiteConfig, today: date) -> dict[str, str]:
    organisation = config.organisation
    info = {
        "Source-Organization": organisation.name,
        "Bagging-Date": date.today().isoformat(),
        "External-Description": f"Hand-over package of {organisation.name}: the transparency "
        f"site {config.base_url} as published on {today.isoformat()}, its datasets and "
        f"registers as CSV with their Table Schemas, the records inventory with retention, "
        f"and the publication-scheme compliance report, for a successor body.",
        "Bag-Group-Identifier": config.base_url,
    }
    if organisation.foi_email:
        info["Contact-Email"] = organisation.foi_email
    return info


def _write_payload(folder: Path, result: BuildResult, today: date) -> None:
    """Everything data/ will hold, written into `folder` (make_bag moves it into data/)."""
    folder.mkdir(parents=True)
    outputs, config = result.outputs, result.config
    payload.write_snapshot(folder, outputs)
    records = _records(config, today)
    registers = [made.dataset for made in _registers(records, config)]
    register_names = {d.name for d in registers}
    index = result.details.index
    datasets = [d for d in index.datasets.values() if d.name not in register_names]
    payload.write_datasets(folder, outputs, datasets)
    register_files = payload.write_registers(folder, outputs, registers)
    items = {status.item.id: status.item for status in result.compliance}
    schedule = _schedule(index.datasets.values(), outputs)
    write_csv(folder / "inventory.csv", InventoryRow, inventory(
        index.pages, index.datasets.values(), records, items, schedule))
    write_csv(folder / "compliance.csv", ComplianceRow, compliance_rows(result.compliance))
    (folder / "README.txt").write_text(readme_text(
        config.organisation.name, config.base_url, today, sorted(datasets, key=lambda d: d.name),
        register_files), encoding="utf-8")


def _records(config: SiteConfig, today: date) -> list[tuple]:
    """(kind, its published records) for each registered kind."""
    context = ReadContext(config.root, config, today, False)
    return [(kind, kind.read(context)[0]) for kind in registry.kinds()]


def _registers(records: list[tuple], config: SiteConfig) -> list:
    """The open data each kind makes from its records (kinds.base.OpenData)."""
    made = [kind.open_data(found, config) for kind, found in records
            if found and kind.open_data is not None]
    return [m for m in made if m is not None]


def _schedule(datasets, outputs) -> dict:
    """The retention schedule's rows, from its published CSV; empty when the site has none."""
    chosen = [d for d in datasets if retention.SCHEDULE_ITEM in d.items] or \
        [d for d in datasets if d.name == SCHEDULE_DATASET]
    for dataset in chosen:
        for resource in payload.package_descriptor(outputs, dataset)["resources"]:
            rows = schedule_from_csv(payload.output_bytes(
                outputs[dataset.url.lstrip("/") + resource["path"]]))
            if rows:
                return rows
    return {}
