"""Command line for the FOI disclosure log: `opcc foi import` and `opcc new foi`.

`foi` is a click group registered by cli.py; `new_foi` is added to the `new` group.
Exit codes as everywhere: 0 success, 1 the content has errors, 2 the command or
site.yaml is unusable. No command prompts when standard input is not a terminal.
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
from opcc.diagnostics import Diagnostic, error, report
from opcc.source import yaml_reader as yaml_source


def _pattern(root: Path, fmt: str, quiet: bool) -> str:
    """The site's reference pattern; exits 2 when site.yaml is unusable."""
    from opcc.kinds import registry  # noqa: F401  (the kinds' own site.yaml sections)
    try:
        return load_config(root).foi.reference_pattern
    except ConfigError as exc:
        report(exc.diagnostics, fmt, sys.stdout, sys.stderr, quiet,
               trailer="site.yaml is unusable")
        sys.exit(EXIT_UNUSABLE)


def read_mapping(path: Path, root: Path) -> tuple[dict | None, list[Diagnostic]]:
    """A --map file: YAML, 'Column heading: field' per line, or 'Column: null' to leave a
    column out."""
    from opcc.importers.foi import IMPORT_FIELDS
    label = path.as_posix()
    try:
        label = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    try:
        doc = yaml_source.load(path.read_text("utf-8-sig"))
    except OSError as exc:
        return None, [error("foi.import-map", f"cannot read the mapping file: "
                            f"{exc.strerror or exc}", path=label, hint="check the path")]
    except UnicodeDecodeError:
        return None, [error("foi.import-map", "the mapping file is not UTF-8 text", path=label,
                            hint="save it as UTF-8")]
    except yaml_source.YamlSyntaxError as exc:
        return None, [error("foi.import-map", exc.message, path=label, line=exc.line,
                            column=exc.column, hint=exc.hint)]
    data = doc.data
    fields = ", ".join(IMPORT_FIELDS)
    if not isinstance(data, dict) or not all(
            isinstance(v, str) or v is None for v in data.values()):
        return None, [error("foi.import-map", "the mapping must be 'Column heading: field' "
                            "lines", path=label, line=1, column=1,
                            hint=f"e.g. 'Case ref: reference' or 'Requester name: null'; "
                            f"fields: {fields}")]
    return {str(k): v for k, v in data.items()}, []


@click.group("foi")
def foi() -> None:
    """Work with the FOI disclosure log."""


@foi.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "map_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file mapping the export's column headings to record fields "
                   "(or to null to leave a column out).")
@click.option("--force", is_flag=True, help="Replace records that already exist.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="How diagnostics are printed.")
@click.option("--strict", is_flag=True, help="Warnings become errors (nothing is written).")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--verbose", is_flag=True, help="Print tracebacks of internal errors.")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="Fix today's date (dates after it are errors).")
def import_command(csv_file: Path, map_file: Path | None, force: bool, root: Path, fmt: str,
                   strict: bool, quiet: bool, verbose: bool, today: date | None) -> None:
    """Turn a case-management export (CSV, one row per request) into FOI records.

    Rows holding requester details are refused unless that column is mapped to null.
    Nothing is written unless every row is valid; existing records are kept unless
    --force is given."""
    try:
        code = _import(csv_file, map_file, force, root.resolve(), fmt, strict, quiet, today)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001  (never a traceback for users, unless asked)
        code = internal_error(exc, verbose, "your export")
    sys.exit(code)


def _import(csv_file: Path, map_file: Path | None, force: bool, root: Path, fmt: str,
            strict: bool, quiet: bool, today: date | None) -> int:
    from opcc.importers.foi import import_cases
    pattern = _pattern(root, fmt, quiet)
    mapping = None
    if map_file is not None:
        mapping, problems = read_mapping(map_file, root)
        if mapping is None:
            report(problems, fmt, sys.stdout, sys.stderr, quiet,
                   trailer="the mapping file is unusable")
            sys.exit(EXIT_UNUSABLE)
    return run_records_import(
        lambda dry_run: import_cases(csv_file, root, mapping, force, pattern, today,
                                     dry_run=dry_run), root, fmt, strict, quiet)


@click.command("foi")
@click.option("--title", help="A short title of the request.")
@click.option("--received", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date the request was received (default: today).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
def new_foi(title: str | None, received: date | None, root: Path) -> None:
    """Create content/foi/YEAR/REFERENCE.md (a draft) with the next free reference."""
    from opcc.importers.foi import new_foi_record
    from opcc.kinds.foi.records import FIRST_DAY
    root = root.resolve()
    interactive = sys.stdin.isatty()
    if not title:
        if not interactive:
            raise click.UsageError("give the request's title with --title")
        title = click.prompt("Title of the request")
    if received is None:
        received = click.prompt("Date received", default=date.today().isoformat(),
                                value_proc=lambda v: parse_date(None, None, v)) \
            if interactive else date.today()
    if received > date.today() or received < FIRST_DAY:
        raise click.BadParameter("the date received must be between 2005-01-01 and today",
                                 param_hint="--received")
    pattern = _pattern(root, "text", False)
    try:
        target = new_foi_record(root, title, received, pattern)
    except (ValueError, FileExistsError) as exc:
        click.echo(f"opcc: {exc}; nothing written", err=True)
        sys.exit(EXIT_CONTENT)
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: write the request "
               "and response, fill in 'responded' and 'outcome', then remove 'draft: true')")
