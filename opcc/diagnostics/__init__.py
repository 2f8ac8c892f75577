"""Every problem the generator finds is one `Diagnostic`; reporters print them three ways."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TextIO

ERROR = "error"
WARNING = "warning"

CODE_FAMILIES = ("config", "content", "dataset", "scheme", "redaction", "foi", "link", "attachment")


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    code: str
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    field: str | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        """`path:line:column` or `path:row:field`, as far as it is known."""
        parts = [self.path or "<site>"]
        if self.row is not None:
            parts.append(str(self.row))
            if self.field:
                parts.append(self.field)
        elif self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        elif self.field:
            parts.append(self.field)
        return ":".join(parts)

    def to_json(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in
                ("severity", "code", "path", "line", "column", "row", "field", "message", "hint")}


def error(code: str, message: str, **where) -> Diagnostic:
    return Diagnostic(ERROR, code, message, **where)


def warning(code: str, message: str, **where) -> Diagnostic:
    return Diagnostic(WARNING, code, message, **where)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, or None."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" when a choice is close, else an empty string."""
    near = did_you_mean(word, choices)
    return f"; did you mean '{near}'?" if near else ""


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (
        diagnostic.path or "",
        diagnostic.line or 0,
        diagnostic.row or 0,
        diagnostic.column or 0,
        diagnostic.code,
        diagnostic.message,
    )


def promote_warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """--strict: every warning becomes an error."""
    return [
        Diagnostic(**{**asdict(d), "severity": ERROR}) if d.severity == WARNING else d
        for d in diagnostics
    ]


def count(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    diagnostics = list(diagnostics)
    return {
        "errors": sum(1 for d in diagnostics if d.severity == ERROR),
        "warnings": sum(1 for d in diagnostics if d.severity == WARNING),
    }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    totals = count(diagnostics)
    errors = f"{totals['errors']} error{'s' if totals['errors'] != 1 else ''}"
    warnings = f"{totals['warnings']} warning{'s' if totals['warnings'] != 1 else ''}"
    return f"{errors}, {warnings}"


def format_text(diagnostic: Diagnostic) -> str:
    text = f"{diagnostic.location}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"
    if diagnostic.hint:
        text += f"\n    hint: {diagnostic.hint}"
    return text


def _github_escape(value: str, is_property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostic: Diagnostic) -> str:
    properties = []
    if diagnostic.path:
        properties.append(f"file={_github_escape(diagnostic.path, True)}")
    if diagnostic.line is not None:
        properties.append(f"line={diagnostic.line}")
    elif diagnostic.row is not None:
        properties.append(f"line={diagnostic.row}")
    if diagnostic.column is not None:
        properties.append(f"col={diagnostic.column}")
    properties.append(f"title={_github_escape(diagnostic.code, True)}")
    message = f"{diagnostic.message}"
    if diagnostic.field and diagnostic.row is not None:
        message = f"{diagnostic.field}: {message}"
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    return f"::{diagnostic.severity} {','.join(properties)}::{_github_escape(message)}"


def report(
    diagnostics: list[Diagnostic],
    fmt: str,
    out: TextIO,
    err: TextIO,
    quiet: bool = False,
    trailer: str | None = None,
    key=sort_key,
) -> None:
    """Print diagnostics in the chosen format.

    text: one diagnostic per line (hint indented below) and a summary line.
    json: a single document on `out`.
    github: only `::error`/`::warning` lines on `out`; the summary goes to `err`.
    """
    ordered = sorted(set(diagnostics), key=key)  # the same problem is reported once
    if fmt == "json":
        document = {"diagnostics": [d.to_json() for d in ordered], "summary": count(ordered)}
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "github":
        out.writelines(format_github(diagnostic) + "\n" for diagnostic in ordered)
        if not quiet:
            err.write(summary_line(ordered) + (f"; {trailer}" if trailer else "") + "\n")
        return
    for diagnostic in ordered:
        if quiet and diagnostic.severity != ERROR:
            continue
        out.write(format_text(diagnostic) + "\n")
    if not quiet or has_errors(ordered):
        out.write(summary_line(ordered) + (f"; {trailer}" if trailer else "") + "\n")
