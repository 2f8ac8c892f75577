"""Plain text (TXT, Markdown, JSON) and CSV."""

from __future__ import annotations

import csv
import io

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.inspection import decode_text as _decode


def inspect_text(inspection: Inspection) -> None:
    text = _decode(inspection.path.read_bytes())
    inspection.scan_lines(text, "")


def inspect_csv(inspection: Inspection) -> None:
    text = _decode(inspection.path.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return
    header = rows[0]
    inspection.scan("\x1f".join(header), "row 1 (header)")
    for number in range(max(len(r) for r in rows)):
        name = header[number] if number < len(header) else f"column {number + 1}"
        cells = [r[number] if number < len(r) else "" for r in rows[1:]]
        for index, finding in inspection.scanner.scan_cells(cells, name):
            inspection.personal(finding, f"row {index + 2} column '{name}'")


# --------------------------------------------------------------------------- XLSX
