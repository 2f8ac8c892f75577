"""Personal data found in the free text of an import (an address, a phone number, a
vehicle registration in a description) is masked in the imported file, value by value,
before the file is checked as the build checks it: the rest of the row is still
published, and one warning lists each masked cell so it can be reviewed. Values the
office has allowed (site.yaml redaction.allow, the dataset's redaction: list) are kept."""

from __future__ import annotations

from collections import Counter

from opcc.datasets.publish import MASK
from opcc.diagnostics import Diagnostic, warning
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget
from opcc.redaction import Scanner, gate


def mask_free_text(report: TableReport, target: ImportTarget, scanner: Scanner,
                   rules: gate.LocalRules, label: str) -> list[Diagnostic]:
    """Mask the error findings in the table's text cells; a warning if any were."""
    fields = [(i, s) for i, s in enumerate(target.fields)
              if s.type == "string" and s.redact is None]
    masked: list[tuple[int, str, str]] = []  # (source row, column, what)
    for row, number in zip(report.rows, report.numbers):
        for index, spec in fields:
            text, found = _masked(row[index], scanner, rules, spec.name)
            if found:
                row[index] = text
                column = ", ".join(report.sources.get(spec.name, [spec.name]))
                masked += [(number, column, label_) for label_ in found]
    if not masked:
        return []
    kinds = Counter(what for _, _, what in masked)
    shown = "; ".join(f"row {n} {column}: {what}" for n, column, what in masked[:8])
    more = f"; and {len(masked) - 8} more" if len(masked) > 8 else ""
    return [warning(
        "dataset.import-masked", f"masked {len(masked)} value{'s' if len(masked) != 1 else ''}"
        f" that look{'s' if len(masked) == 1 else ''} like personal data (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) +
        f") in published text: {shown}{more}", path=label, row=masked[0][0],
        hint="check each; a value that is public (your own address or phone number, a "
             "vehicle the office owns) can be allowed under redaction: in site.yaml or the "
             "dataset's datapackage.yaml, with the reason, and the file imported again")]


def _masked(text: str, scanner: Scanner, rules: gate.LocalRules,
            field: str) -> tuple[str, list[str]]:
    if not text or text == MASK:
        return text, []
    findings = [f for f in scanner.scan(text) if f.severity == "error"
                and not rules.allows(f, field)]
    labels = []
    for finding in sorted(findings, key=lambda f: -f.start):
        text = text[:finding.start] + MASK + text[finding.end:]
        labels.append(finding.label)
    return text, labels[::-1]
