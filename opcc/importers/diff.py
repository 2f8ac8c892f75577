"""The diff of an imported table with the file it replaces: rows added, removed, changed
and unchanged, by the schema's primary key when it has one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from opcc.datasets.prechecks import detect_encoding
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget


def read_rows(path: Path) -> tuple[list[str], list[list[str]]] | None:
    """(header, non-blank rows) of a CSV file in the dataset, None if it is not text."""
    data = path.read_bytes()
    encoding, _ = detect_encoding(data)
    if encoding is None:
        return None
    rows = [r for r in csv.reader(io.StringIO(data.decode(encoding), newline=""))
            if any(c.strip() for c in r)]
    return (rows[0], rows[1:]) if rows else ([], [])


def compare_with_existing(report: TableReport, root: Path, target: ImportTarget) -> None:
    """The table's action (new, replaced or unchanged) and its diff with the file there."""
    existing = root / report.path
    if not existing.is_file():
        report.action = "new"
        report.diff = {"added": len(report.rows), "removed": 0, "changed": 0, "unchanged": 0}
        return
    old = read_rows(existing) or ([], [])
    header = [s.name for s in target.fields]
    where = {name: i for i, name in enumerate(old[0])}
    aligned = [tuple(r[where[n]] if n in where and where[n] < len(r) else "" for n in header)
               for r in old[1]]
    new = [tuple(r) for r in report.rows]
    key = target.schema.get("primaryKey")
    key = [key] if isinstance(key, str) else list(key or [])
    report.diff = diff_rows(aligned, new, [header.index(k) for k in key if k in header])
    same = existing.read_bytes() == report.data
    report.action = "unchanged" if same else "replaced"


def diff_rows(old: list[tuple], new: list[tuple], key: list[int]) -> dict[str, int]:
    """Rows added, removed, changed and unchanged: by the primary key when the schema has
    one (and it is unique on both sides), else by content, pairing the leftover rows that
    share at least half their cells as changed."""
    if key:
        old_keys = {tuple(r[i] for i in key): r for r in old}
        new_keys = {tuple(r[i] for i in key): r for r in new}
        if len(old_keys) == len(old) and len(new_keys) == len(new):
            common = old_keys.keys() & new_keys.keys()
            changed = sum(1 for k in common if old_keys[k] != new_keys[k])
            return {"added": len(new_keys.keys() - common), "removed": len(old_keys.keys() -
                    common), "changed": changed, "unchanged": len(common) - changed}
    before, after = Counter(old), Counter(new)
    unchanged = sum((before & after).values())
    removed = list((before - after).elements())
    added = list((after - before).elements())
    changed = _pairs(removed, added)
    return {"added": len(added) - changed, "removed": len(removed) - changed,
            "changed": changed, "unchanged": unchanged}


def _pairs(removed: list[tuple], added: list[tuple]) -> int:
    if len(removed) * len(added) > 2_000_000:
        return min(len(removed), len(added))
    free = list(removed)
    paired = 0
    for row in added:
        for index, other in enumerate(free):
            if sum(a == b for a, b in zip(row, other)) * 2 >= len(row):
                free.pop(index)
                paired += 1
                break
    return paired
