"""A spending import's recipients and bodies: the body from site.yaml when the export has
no body column; the purpose from the export's expense type when it has no purpose column;
every supplier's type from the export, the supplier register (datasets/NAME/suppliers.csv)
or a guess from the name, failing safe (individuals, sole traders and unknown types are
masked by the schema); and a warning for rows under the dataset's threshold."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from opcc.datasets.publish import MASK
from opcc.diagnostics import warning
from opcc.importers.enrich.base import (
    Enricher,
    Enrichment,
    FieldIndex,
    ImportContext,
    has_column,
)
from opcc.importers.enrich.supplier_types import SupplierTypes
from opcc.importers.reports import TableReport
from opcc.importers.target import ImportTarget

NEEDS = {"body", "supplier_name", "supplier_type", "purpose", "amount"}
PURPOSE_FROM = ("expense_type", "merchant_category", "expense_area")
# file and sheet names: "chief-constable-june.csv", "Constabulary Apr", "police_force.csv"
CHIEF_CONSTABLE = re.compile(r"(?i)chief[\s_.-]*constable|constabulary|(?<![a-z])force(?![a-z])")


class SpendingRecipients(Enricher):
    def applies(self, target: ImportTarget) -> bool:
        return NEEDS <= {spec.name for spec in target.fields}

    def fills(self, target, columns, context, sheet) -> dict[str, str]:
        filled = {"body": f"{body_for(context, sheet)} (site.yaml)",
                  "supplier_type": "from the supplier register, or inferred from the name"}
        source = next((name for name in PURPOSE_FROM if name in columns), None)
        if source:
            filled["purpose"] = f"taken from {source} where empty"
        return filled

    def raw_fields(self, target: ImportTarget) -> frozenset[str]:
        return frozenset({"supplier_type"})

    def enrich(self, tables: list[TableReport], context: ImportContext,
               found: Enrichment) -> None:
        index = FieldIndex(context.target)
        fill_bodies(tables, context, index)
        fill_purposes(tables, context, index, found)
        SupplierTypes(context, index).classify(tables, found)
        found.diagnostics += under_threshold(tables, context, index)


def body_for(context: ImportContext, sheet: str | None) -> str:
    """The chief constable where the file or sheet name says so, else the office's body."""
    names = f"{context.source.path.stem} {sheet or ''}"
    return context.spending.chief_constable if CHIEF_CONSTABLE.search(names) \
        else context.spending.body


def fill_bodies(tables: list[TableReport], context: ImportContext, index: FieldIndex) -> None:
    for report in tables:
        if has_column(report, "body"):
            continue
        body = body_for(context, report.sheet)
        for row in report.rows:
            index.set(row, "body", body)


def fill_purposes(tables: list[TableReport], context: ImportContext, index: FieldIndex,
                  found: Enrichment) -> None:
    """Each empty purpose from the row's expense type (or merchant category, or area)."""
    used: Counter = Counter()
    for report in tables:
        source = next((n for n in PURPOSE_FROM if n in report.sources), None)
        if source is None:
            continue
        for row in report.rows:
            if not index.get(row, "purpose") and index.get(row, source):
                index.set(row, "purpose", index.get(row, source))
                used[", ".join(report.sources[source])] += 1
    if used:
        columns = ", ".join(f"'{label}'" for label in used)
        rows = sum(used.values())
        found.diagnostics.append(warning(
            "dataset.import-purpose", f"{rows} row{'s' if rows != 1 else ''} had no purpose "
            f"or description, so the purpose was taken from {columns}",
            path=context.source.label, hint="check these say what each payment was for in "
            "words the public can follow; better, fill in the description in the export"))


def threshold(target: ImportTarget) -> Decimal | None:
    """The £ threshold in the dataset's title or name (Spending over £500: 500)."""
    text = f"{target.schema.get('title', '')} {target.name}"
    match = re.search(r"(?i)over[\s-]*£?\s*([\d,]+)", text)
    return Decimal(match[1].replace(",", "")) if match else None


def under_threshold(tables: list[TableReport], context: ImportContext,
                    index: FieldIndex) -> list:
    limit = threshold(context.target)
    if limit is None:
        return []
    rows = [n for r in tables for row, n in zip(r.rows, r.numbers)
            if _below(index.get(row, "amount"), limit)]
    if not rows:
        return []
    shown = ", ".join(str(n) for n in rows[:8]) + (", …" if len(rows) > 8 else "")
    return [warning("dataset.import-threshold", f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
                    f" of less than £{limit:,} (rows {shown}) were imported into a dataset of "
                    f"payments over £{limit:,}", path=context.source.label, row=rows[0],
                    hint="they are published as they are; leave them out of the export if "
                         "they should not be")]


def _below(amount: str, limit: Decimal) -> bool:
    try:
        return abs(Decimal(amount)) < limit
    except InvalidOperation:
        return False


def is_withheld(name: str) -> bool:
    return name == MASK
