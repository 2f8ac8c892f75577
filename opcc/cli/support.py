"""What every `opcc` command shares: exit codes, the --today parser, and the one-line
report of an internal error (never a traceback for users, unless they ask)."""

from __future__ import annotations

import traceback
from datetime import date

import click

EXIT_OK, EXIT_CONTENT, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3


def parse_date(_ctx, _param, value: str | None) -> date | None:
    """A click callback for YYYY-MM-DD options."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def internal_error(exc: Exception, verbose: bool, yours: str = "your content") -> int:
    """Say in one line that the generator has a bug; the traceback only with --verbose."""
    if verbose:
        traceback.print_exc()
    where = "the traceback is above" if verbose else \
        "run again with --verbose to see the traceback"
    click.echo(f"opcc: internal error (a bug in the generator, not in {yours}): "
               f"{type(exc).__name__}: {exc}; {where}", err=True)
    return EXIT_INTERNAL


def run_records_import(write, root, fmt: str, strict: bool, quiet: bool) -> int:
    """Run an import that writes records (`write(dry_run) -> (created paths, diagnostics)`)
    and report it. With --strict, a dry run first: warnings count as errors, and nothing
    is written unless that run is clean. Returns the exit code."""
    import sys

    from opcc.diagnostics import has_errors, promote_warnings, report

    if strict:
        created, diagnostics = write(True)
        diagnostics = promote_warnings(diagnostics)
        created, diagnostics = write(False) if not has_errors(diagnostics) else ([],
                                                                                  diagnostics)
    else:
        created, diagnostics = write(False)
    if created:
        trailer = f"created {len(created)} record{'s' if len(created) != 1 else ''}"
    else:
        trailer = "no record was written" if has_errors(diagnostics) else "nothing to import"
    if created and not quiet:
        for path in created:
            click.echo(f"created {path.relative_to(root).as_posix()}", err=fmt != "text")
    report(diagnostics, fmt, sys.stdout, sys.stderr, quiet, trailer=trailer)
    return EXIT_CONTENT if has_errors(diagnostics) else EXIT_OK
