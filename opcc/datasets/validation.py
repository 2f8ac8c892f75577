"""Validating a dataset's data with frictionless: every CSV resource against its Table
Schema (foreign keys included), each frictionless error becoming one diagnostic in plain
English with the CSV path, row, field and value (a personal field's value masked), at
most ERRORS_PER_RESOURCE per file.
"""

from __future__ import annotations

from opcc.datasets.descriptors import Dataset, FieldSpec
from opcc.diagnostics import Diagnostic, error

ERRORS_PER_RESOURCE = 25

_CODES = {
    "type-error": "dataset.type", "constraint-error": "dataset.constraint",
    "unique-error": "dataset.unique", "primary-key": "dataset.primary-key",
    "foreign-key": "dataset.foreign-key", "blank-row": "dataset.blank-row",
    "extra-cell": "dataset.extra-cell", "missing-cell": "dataset.missing-cell",
    "duplicate-label": "dataset.header", "incorrect-label": "dataset.header",
    "missing-label": "dataset.header", "extra-label": "dataset.header",
    "blank-label": "dataset.header", "encoding-error": "dataset.encoding",
    "source-error": "dataset.source", "format-error": "dataset.source",
    "scheme-error": "dataset.source",
}


def frictionless_diagnostics(dataset: Dataset, last_rows: dict[str, int]
                             ) -> dict[str, list[Diagnostic]]:
    """Validate the dataset's resources (encodings set) with frictionless, foreign keys
    included: diagnostics per resource name, at most ERRORS_PER_RESOURCE each, errors in
    the blank rows after a file's last row (`last_rows`) left out."""
    package = _frictionless_package(dataset)
    report = package.validate(limit_errors=1000)
    by_name = {r.name: r for r in dataset.resources}
    found: dict[str, list[Diagnostic]] = {r.name: [] for r in dataset.resources}
    for task in report.tasks:
        resource = by_name.get(task.name) or dataset.resources[0]
        diagnostics = found[resource.name]
        specs = {f.name: f for f in resource.fields}
        last_row = last_rows.get(resource.name)
        errors = [e for e in task.errors
                  if not (last_row and (getattr(e, "row_number", None) or 0) > last_row)]
        for err in errors[:ERRORS_PER_RESOURCE]:
            spec = specs.get(getattr(err, "field_name", None) or "")
            message, hint = describe_error(err, spec)
            row = getattr(err, "row_number", None)
            diagnostics.append(error(
                _CODES.get(err.type, "dataset.invalid"), message, path=resource.relative,
                row=row, field=getattr(err, "field_name", None) or None, hint=hint,
                line=None if row else 1))
        if len(errors) > ERRORS_PER_RESOURCE:
            more = len(errors) - ERRORS_PER_RESOURCE
            diagnostics.append(error(
                "dataset.more-errors", f"{more}{'+' if len(errors) >= 1000 else ''} more "
                "errors in this file are not shown", path=resource.relative,
                hint="fix the errors above (they are often the same mistake) and check again"))
    return found


def _frictionless_package(dataset: Dataset):
    from frictionless import Package, Schema
    from frictionless import Resource as FlResource

    resources = []
    for resource in dataset.resources:
        resources.append(FlResource(
            name=resource.name, path=resource.source.name,
            basepath=str(resource.source.parent), encoding=resource.encoding,
            schema=Schema.from_descriptor(resource.schema), format="csv"))
    return Package(resources=resources, basepath=str(dataset.resources[0].source.parent))


def masked(value: str) -> str:
    """A value shown in a diagnostic without revealing it: 'J…' style."""
    value = str(value)
    return value[:1] + "…" if len(value) > 1 else "…"


def describe_error(err, spec: FieldSpec | None) -> tuple[str, str]:
    """A plain-English message and a hint for one frictionless error."""
    cell = getattr(err, "cell", None)
    shown = masked(cell) if (spec and spec.personal and cell) else cell
    note = err.note or ""
    kind = err.type
    if kind == "type-error":
        return _type_error(spec, cell, shown)
    if kind == "constraint-error":
        return _constraint_error(spec, note, shown)
    if kind == "unique-error":
        return (f"value '{shown}' is repeated ({note})", "each value in this column must be "
                "unique")
    if kind == "primary-key":
        return (f"the row's key is repeated or empty ({note})",
                "each row needs a unique, filled-in key")
    if kind == "foreign-key":
        return (f"no matching row in the referenced table ({note})",
                "add the referenced row or correct this value")
    if kind == "blank-row":
        return ("the row is empty", "delete the empty row (Excel often leaves them at the end)")
    if kind == "extra-cell":
        return (f"the row has more cells than the header (extra value '{shown}')",
                "remove the extra cell or add a column to the header and the schema")
    if kind == "missing-cell":
        return ("the row has fewer cells than the header", "add the missing cells")
    if kind in ("incorrect-label", "missing-label", "extra-label", "duplicate-label",
                "blank-label"):
        return (f"the header does not match the schema: {note or err.message}",
                "make the CSV's first row the schema's field names, in the schema's order")
    return (err.message, "check the file")


def _type_error(spec: FieldSpec | None, cell, shown) -> tuple[str, str]:
    expected = {"number": "a number", "integer": "a whole number", "date": "a date",
                "datetime": "a date and time", "boolean": "true or false",
                "year": "a year", "yearmonth": "a year and month"}.get(
        spec.type if spec else "", f"of type {spec.type if spec else '?'}")
    message = f"value '{shown}' is not {expected}"
    hint = "correct the value"
    if spec and spec.type in ("number", "integer") and cell and any(
            c in str(cell) for c in "£$,%"):
        hint = ("remove the £ sign and thousands separators (write 1200.50, not "
                "£1,200.50), or allow them in the schema with groupChar: ',' and "
                "bareNumber: false")
    elif spec and spec.type == "date":
        fmt = spec.descriptor.get("format", "default")
        hint = ("write dates as YYYY-MM-DD" if fmt in ("default", None)
                else f"write dates in the format {fmt}")
    return message, hint


def _constraint_error(spec: FieldSpec | None, note: str, shown) -> tuple[str, str]:
    constraint = note.split('"')[1] if note.count('"') >= 2 else note
    limit = spec.constraints.get(constraint) if spec else None
    if constraint == "required":
        return "a value is required", "fill in this cell"
    if constraint == "minimum":
        return (f"value {shown} is below the minimum {limit}",
                "check the value; the schema does not allow it")
    if constraint == "maximum":
        return (f"value {shown} is above the maximum {limit}",
                "check the value; the schema does not allow it")
    if constraint == "enum":
        return (f"value '{shown}' is not one of the allowed values",
                "use one of: " + ", ".join(str(v) for v in (limit or [])))
    if constraint == "pattern":
        return f"value '{shown}' does not match the pattern {limit}", "check its format"
    if constraint == "minLength":
        return f"value '{shown}' is shorter than {limit} characters", "check the value"
    if constraint == "maxLength":
        return f"value '{shown}' is longer than {limit} characters", "shorten the value"
    return f"value '{shown}' breaks the rule {note}", "check the value against the schema"
