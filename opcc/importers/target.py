"""The dataset an import goes into: its descriptor (as written, to add resources to) and
the Table Schema of its last resource, whose fields the source's columns are mapped to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opcc.datasets.descriptors import DATASETS_DIR, DESCRIPTOR_NAMES, FieldSpec
from opcc.datasets.reader import DescriptorReader
from opcc.diagnostics import Diagnostic, error, has_errors


@dataclass
class ImportTarget:
    """The dataset imported into (see the module docstring)."""
    name: str
    folder: Path
    descriptor: Path
    relative: str  # datasets/NAME/datapackage.yaml
    resources: list[dict]  # as written in the descriptor
    schema_value: object  # a resource's `schema:` as written, reused for new resources
    schema: dict  # the Table Schema without our keys
    fields: tuple[FieldSpec, ...]
    redaction: object = None
    redaction_line: int | None = None
    statements: dict = field(default_factory=dict)  # value_for_money: text, as described


def load_target(root: Path, name: str) -> tuple[ImportTarget | None, list[Diagnostic]]:
    """The dataset's descriptor and the schema of its (last) resource."""
    folder = root / DATASETS_DIR / name
    descriptor = next((folder / n for n in DESCRIPTOR_NAMES if (folder / n).is_file()), None)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name) or descriptor is None:
        return None, [error("dataset.import-dataset", f"there is no dataset '{name}' "
                            f"(no {DATASETS_DIR}/{name}/datapackage.yaml)", path=DATASETS_DIR,
                            hint=f"create it first: opcc new dataset {name} --schema "
                                 "spend-over-500 (or check --root)")]
    reader = DescriptorReader(root.resolve(), folder.resolve(), descriptor.resolve(), (),
                              date.today())
    data = reader.read_descriptor()
    raw = data.get("resources") if isinstance(data, dict) else None
    entries = [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    with_schema = [(i, r) for i, r in enumerate(entries) if r.get("schema") is not None]
    if data is not None and not with_schema:
        reader.report("dataset.import-dataset", "the descriptor names no schema, so the "
                      "importer does not know the columns", "list a resource with 'schema: "
                      "../schemas/spend-over-500.json' (opcc new dataset writes one)")
    if has_errors(reader.diagnostics) or not with_schema:
        return None, reader.diagnostics
    index, entry = with_schema[-1]
    schema = reader.schemas.load(entry["schema"], ("resources", index, "schema"))
    checked = reader.schemas.fields(schema, ("resources", index, "schema")) if schema else None
    if checked is None or has_errors(reader.diagnostics):
        return None, reader.diagnostics
    position = reader.doc.key_positions.get(("redaction",)) if reader.doc else None
    statements = {f.name: str(data[f.name]) for f in checked[1]
                  if f.statement and str(data.get(f.name) or "").strip()}
    return ImportTarget(name, folder, descriptor, reader.relative, entries, entry["schema"],
                        checked[0], checked[1], data.get("redaction"),
                        position.line if position else None, statements), []
