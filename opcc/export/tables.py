"""Rows of the package's CSV files as frozen dataclasses: each column declares its meaning,
which README.txt lists, so the file and its description cannot drift apart."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from opcc.datasets.publish import csv_writer, neutralise


def means(meaning: str) -> dict:
    """A column's metadata: what it means, `field(metadata=means("..."))`."""
    return {"meaning": meaning}


def columns(row_type: type) -> list[tuple[str, str]]:
    """(name, meaning) of each column, in order."""
    return [(f.name, f.metadata.get("meaning", "")) for f in dataclasses.fields(row_type)]


def cell(value) -> str:
    """A value as CSV text: dates in ISO form, lists joined by spaces, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return " ".join(cell(v) for v in value)
    return str(value)


def write_csv(path: Path, row_type: type, rows: Iterable) -> int:
    """Write rows as UTF-8 CSV (CRLF; formula-looking cells neutralised, as the site's
    downloads are). Returns the number of rows."""
    names = [name for name, _ in columns(row_type)]
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, tuple(names))
        for row in rows:
            writer.writerow([neutralise(cell(getattr(row, name))) for name in names])
            count += 1
    return count
