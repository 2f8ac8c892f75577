"""Command line for the decisions register: `opcc decisions import` and `opcc new decision`.

Exit codes as everywhere: 0 success, 1 the content has errors, 2 the command or site.yaml
is unusable. No command prompts when standard input is not a terminal.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from opcc.cli.support import (
    EXIT_CONTENT,
    EXIT_UNUSABLE,
    internal_error,
    parse_date,
    run_records_import,
)
from opcc.config import ConfigError, load_config
from opcc.diagnostics import report


def _settings(root: Path, fmt: str = "text", quiet: bool = False):
    """The site's decisions settings; exits 2 when site.yaml is unusable."""
    from opcc.kinds import registry  # noqa: F401  (registers the kinds' site.yaml sections)
    from opcc.kinds.decisions.reader import settings_of
    try:
        config = load_config(root)
    except ConfigError as exc:
        report(exc.diagnostics, fmt, sys.stdout, sys.stderr, quiet,
               trailer="site.yaml is unusable")
        sys.exit(EXIT_UNUSABLE)
    settings, problems = settings_of(config)
    if settings is None:
        report(problems, fmt, sys.stdout, sys.stderr, quiet, trailer="site.yaml is unusable")
        sys.exit(EXIT_UNUSABLE)
    return settings


@click.group("decisions")
def decisions() -> None:
    """Work with the decisions register."""


@decisions.command("import")
@click.argument("log_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace records that already exist.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="How diagnostics are printed.")
@click.option("--strict", is_flag=True, help="Warnings become errors (nothing is written).")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--verbose", is_flag=True, help="Print tracebacks of internal errors.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="Fix today's date (decisions made after it are errors).")
def import_command(log_file: Path, force: bool, root: Path, fmt: str, strict: bool,
                   quiet: bool, verbose: bool, today: date | None) -> None:
    """Turn a decision log (CSV or XLSX, one decision a row) into decision records.

    The header is found under any title rows; dates are read day first. Nothing is
    written unless every row is valid; existing records are kept unless --force."""
    try:
        code = _import(log_file, force, root.resolve(), fmt, strict, quiet, today)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001  (never a traceback for users, unless asked)
        code = internal_error(exc, verbose, "your decision log")
    sys.exit(code)


def _import(log_file: Path, force: bool, root: Path, fmt: str, strict: bool, quiet: bool,
            today: date | None) -> int:
    from opcc.kinds.decisions.importing import import_log
    settings = _settings(root, fmt, quiet)
    return run_records_import(
        lambda dry_run: import_log(log_file, root, settings, today, force, dry_run=dry_run),
        root, fmt, strict, quiet)


@click.command("decision")
@click.option("--title", help="A short title of the decision.")
@click.option("--made", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date the decision was made (default: today).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
def new_decision(title: str | None, made: date | None, root: Path) -> None:
    """Create content/decisions/YEAR/REFERENCE.md (a draft) with the next free reference."""
    from opcc.kinds.decisions.importing import new_decision as write_new
    from opcc.kinds.decisions.records import FIRST_DAY
    root = root.resolve()
    if not title:
        if not sys.stdin.isatty():
            raise click.UsageError("give the decision's title with --title")
        title = click.prompt("Title of the decision")
    made = made or date.today()
    if made > date.today() or made < FIRST_DAY:
        raise click.BadParameter("the date made must be between 2012-11-22 and today",
                                 param_hint="--made")
    settings = _settings(root)
    try:
        target = write_new(root, title, made, settings)
    except (ValueError, FileExistsError) as exc:
        click.echo(f"opcc: {exc}; nothing written", err=True)
        sys.exit(EXIT_CONTENT)
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: write the decision "
               "and its reasons, check the keys, then remove 'draft: true')")
