"""What `opcc clean FILE...` prints, and its exit code.

For each file: the cleaned copy's name, one line per thing removed, then every finding the
attachment inspectors still make on the copy, each marked "not removed: needs a person's
decision" with its code, location and hint, and a last line saying whether the copy is
ready to publish. Exit 0 when no copy has an error finding left, 1 otherwise (or when a
file could not be cleaned), so scripts can rely on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from opcc.diagnostics import Diagnostic, error, format_text
from opcc.redaction import Scanner
from opcc.redaction.cleaning import CleanError, clean_file

EXIT_OK, EXIT_LEFT = 0, 1
DECISION = "not removed: needs a person's decision"


def run(files: Iterable[Path], scanner: Scanner, organisation: Sequence[str] = ()) -> int:
    """Clean each file in turn; 1 if any could not be cleaned or still has errors."""
    worst = EXIT_OK
    for path in files:
        worst = max(worst, clean_one(Path(path), scanner, organisation))
    return worst


def clean_one(path: Path, scanner: Scanner, organisation: Sequence[str]) -> int:
    from opcc.redaction.inspectors import inspect_attachment

    try:
        report = clean_file(path)
    except CleanError as exc:
        click.echo(format_text(error(exc.code, exc.message, path=str(path), hint=exc.hint)))
        return EXIT_LEFT
    click.echo(f"{path} -> {report.cleaned.name}")
    for line in report.removed or ("nothing to remove",):
        click.echo(f"  {line}")
    findings = inspect_attachment(report.cleaned, scanner, organisation)
    for finding in findings:
        diagnostic = Diagnostic(finding.severity, finding.code, finding.message,
                                path=str(report.cleaned), field=finding.location,
                                hint=finding.hint)
        click.echo(f"  {DECISION}: " + format_text(diagnostic).replace("\n", "\n    "))
    errors = sum(1 for f in findings if f.severity == "error")
    click.echo(_verdict(report.cleaned, errors, len(findings) - errors))
    return EXIT_LEFT if errors else EXIT_OK


def _verdict(cleaned: Path, errors: int, warnings: int) -> str:
    checks = f" ({warnings} warning{'s' if warnings != 1 else ''} above to check)" \
        if warnings else ""
    if errors:
        count = "1 error is" if errors == 1 else f"{errors} errors are"
        return f"{cleaned}: not ready to publish: {count} left for a person to decide{checks}"
    return f"{cleaned}: ready to publish: no errors left{checks}"
