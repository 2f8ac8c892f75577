"""Command line for datasets: `opcc dataset import SOURCE --into NAME`.

`dataset` is a click group; cli.py registers it with `main.add_command(dataset)`.
Exit codes as everywhere: 0 success, 1 the source's content has errors (nothing was
written), 2 the command, its arguments, the dataset or site.yaml can't be used,
3 an internal error. Never a traceback, unless --verbose.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opcc.cli.support import EXIT_CONTENT, EXIT_OK, EXIT_UNUSABLE, internal_error
from opcc.diagnostics import count, has_errors, report, summary_line
from opcc.importers.tables import reading_order

if TYPE_CHECKING:
    from opcc.importers.reports import ImportResult, TableReport


@click.group("dataset")
def dataset() -> None:
    """Work with datasets (datasets/NAME/)."""


@dataset.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "name", required=True, metavar="NAME",
              help="The dataset to import into: datasets/NAME/ (it must exist).")
@click.option("--sheet", "sheets", multiple=True, metavar="SHEET",
              help="Import only this sheet of a workbook (repeat for more).")
@click.option("--map", "map_file", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file mapping the source's headings to the schema's fields.")
@click.option("--write-map", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write a mapping file to fill in (nothing is imported).")
@click.option("--include-hidden", is_flag=True,
              help="Also import hidden sheets, rows and columns of a workbook.")
@click.option("--resource", metavar="NAME",
              help="Name of the resource to write (default: from the month of the rows).")
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How the summary and diagnostics are printed.")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--verbose", is_flag=True, help="Print tracebacks of internal errors.")
def import_command(source: Path, name: str, sheets: tuple[str, ...], map_file: Path | None,
                   write_map: Path | None, include_hidden: bool, resource: str | None,
                   dry_run: bool, root: Path, fmt: str, quiet: bool, verbose: bool) -> None:
    """Import a CSV file or an XLSX workbook into clean CSV files in datasets/NAME/.

    Every sheet (or each --sheet) becomes one resource named by the month its rows fall
    in, e.g. spend-2024-05, replacing that month's file if it exists. Values are
    normalised and every change is counted; anything uncertain is an error with the
    source row and column, and then nothing is written."""
    try:
        code = _run(source, name, sheets, map_file, write_map, include_hidden, resource,
                    dry_run, root.resolve(), fmt, quiet)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback for users, unless asked
        code = internal_error(exc, verbose, "your file")
    sys.exit(code)


def _run(source: Path, name: str, sheets: tuple[str, ...], map_file: Path | None,
         write_map: Path | None, include_hidden: bool, resource: str | None, dry_run: bool,
         root: Path, fmt: str, quiet: bool) -> int:
    from opcc.importers.spending import import_source, site_scanner
    scanner, organisation, problems = site_scanner(root)
    if scanner is None:
        report(problems, fmt, sys.stdout, sys.stderr, quiet, trailer="site.yaml is unusable")
        return EXIT_UNUSABLE
    result = import_source(root, source, name, label=str(source), sheets=sheets,
                           mapping_path=map_file, include_hidden=include_hidden,
                           resource=resource, dry_run=dry_run, scanner=scanner,
                           organisation=organisation, write_map=write_map)
    result.diagnostics.sort(key=reading_order)  # source, sheet, row, column
    if fmt == "json":
        sys.stdout.write(json.dumps(as_json(result, dry_run), indent=2, ensure_ascii=False)
                         + "\n")
    else:
        if not quiet:
            for line in summary_lines(result, dry_run):
                click.echo(line)
        report(result.diagnostics, "text", sys.stdout, sys.stderr, quiet, key=reading_order,
               trailer=_trailer(result, dry_run))
    if result.unusable:
        return EXIT_UNUSABLE
    return EXIT_CONTENT if has_errors(result.diagnostics) else EXIT_OK


# --------------------------------------------------------------------------- text

def _trailer(result: ImportResult, dry_run: bool) -> str:
    if result.mapping_written:
        return f"wrote the mapping file {result.mapping_written}"
    if result.unusable:
        return "nothing was imported"
    if has_errors(result.diagnostics):
        return "nothing was written"
    if dry_run:
        return "dry run: nothing was written"
    written = len(result.written)
    return f"wrote {written} file{'s' if written != 1 else ''}" if written else \
        "nothing changed"


def summary_lines(result: ImportResult, dry_run: bool = False) -> list[str]:
    from opcc.importers.sources import encoding_note
    source = result.source
    if source is None or source.unusable:
        return []
    if result.mapping_written:
        return [(f"wrote {result.mapping_written}: fill in a field (or null) for each column "
                f"and any constants, then run again with --map {result.mapping_written}")]
    lines = [(f"importing {source.label} ({encoding_note(source)}) into "
             f"datasets/{result.dataset}/")]
    if source.hidden_sheets:
        lines.append(f"  hidden sheets: {', '.join(repr(s) for s in source.hidden_sheets)}")
    lines.append("  the source file itself is never copied: only the CSV made from it")
    for table in result.tables:
        lines += _table_lines(table, dry_run)
    lines += [f"  {note}" for note in result.notes]
    return lines


def _table_lines(table: TableReport, dry_run: bool) -> list[str]:
    name = f"sheet '{table.sheet}'" if table.sheet else "the file"
    if table.resource:
        lines = [f"{name} → {table.resource} ({table.title}): {_action(table, dry_run)}"]
    else:
        lines = [f"{name}:"]
    if table.header_row is not None:
        lines.append(f"  header on row {table.header_row}; {table.rows_in} rows in, "
                     f"{table.rows_out} rows out")
    lines += _column_lines(table) + _left_out_lines(table) + _rule_lines(table)
    if table.masked_on_publication or table.dropped_on_publication:
        dropped = ", ".join(table.dropped_on_publication) or "none"
        lines.append(f"  on publication the schema masks {table.masked_on_publication} cells "
                     f"and drops columns: {dropped}")
    if table.diff:
        diff = table.diff
        lines.append(f"  diff: {diff['added']} rows added, {diff['removed']} removed, "
                     f"{diff['changed']} changed, {diff['unchanged']} unchanged")
    return lines


def _action(table: TableReport, dry_run: bool) -> str:
    would = "would " if dry_run else ""
    if table.action == "replaced":
        return f"{would}replace {table.path} (this month was imported before)"
    if table.action == "unchanged":
        return f"{table.path} is unchanged"
    return f"{would}write {table.path} (new)"


def _column_lines(table: TableReport) -> list[str]:
    lines = []
    if table.columns:
        lines.append("  columns: " + ", ".join(f"{label} → {name}"
                                               for label, name in table.columns))
    if table.constants:
        lines.append("  constants: " + ", ".join(f"{k} = {v}" for k, v in
                                                 table.constants.items()))
    if table.dropped:
        lines.append("  not imported: " + "; ".join(f"{label} ({reason})"
                                                    for label, reason in table.dropped[:20])
                     + (f"; and {len(table.dropped) - 20} more" if len(table.dropped) > 20
                        else ""))
    if table.filled:
        lines.append("  filled (no column): " + ", ".join(f"{name} ← {how}" for name, how
                                                        in table.filled.items()))
    if table.empty_fields:
        lines.append("  left empty (no column): " + ", ".join(table.empty_fields))
    return lines


def _left_out_lines(table: TableReport) -> list[str]:
    parts = []
    if table.blank_rows:
        parts.append(f"{table.blank_rows} blank rows")
    if table.empty_unnamed_columns:
        parts.append(f"{table.empty_unnamed_columns} empty columns with no heading")
    for label, rows in (("total row", table.total_rows),
                        ("repeated header row", table.repeated_headers),
                        ("row above the header", table.preamble_rows),
                        ("row with values only in columns not imported",
                         table.only_dropped_rows)):
        if rows:
            shown = ", ".join(str(r) for r in rows[:6]) + (", …" if len(rows) > 6 else "")
            parts.append(f"{len(rows)} {label}{'s' if len(rows) != 1 else ''} ({shown})")
    return ["  left out: " + "; ".join(parts)] if parts else []


def _rule_lines(table: TableReport) -> list[str]:
    from opcc.importers.cells import RULES
    if not table.cells_changed:
        return ["  normalised: no cell needed changing"]
    lines = [f"  normalised {table.cells_changed} cells:"]
    for rule, number in table.rules.most_common():
        if rule == "marker":
            where = ", ".join(f"'{k}' {v}" for k, v in table.markers.most_common(6))
        else:
            where = ", ".join(f"{k} {v}" for k, v in table.rule_columns[rule].most_common(4))
        lines.append(f"    {number:>6}  {RULES.get(rule, rule)} ({where})")
    return lines


# --------------------------------------------------------------------------- JSON

def as_json(result: ImportResult, dry_run: bool = False) -> dict:
    from opcc.importers.sources import encoding_note
    source = result.source
    return {
        "source": source.label if source else None,
        "format": encoding_note(source) if source and not source.unusable else None,
        "dataset": result.dataset,
        "dry_run": dry_run,
        "hidden_sheets": source.hidden_sheets if source else [],
        "mapping_written": result.mapping_written,
        "tables": [_table_json(t) for t in result.tables],
        "written": result.written,
        "notes": result.notes,
        "diagnostics": [d.to_json() for d in result.diagnostics],
        "summary": {**count(result.diagnostics), "text": summary_line(result.diagnostics)},
    }


def _table_json(table: TableReport) -> dict:
    from opcc.importers.cells import RULES
    return {
        "sheet": table.sheet, "resource": table.resource, "title": table.title,
        "path": table.path, "action": table.action, "header_row": table.header_row,
        "rows_in": table.rows_in, "rows_out": table.rows_out, "blank_rows": table.blank_rows,
        "total_rows": table.total_rows, "repeated_header_rows": table.repeated_headers,
        "rows_above_header": table.preamble_rows, "data_rows_above_header":
        table.data_above_header, "columns": [{"source": s, "field": f}
                                             for s, f in table.columns],
        "dropped": [{"source": s, "reason": r} for s, r in table.dropped],
        "constants": table.constants, "empty_fields": table.empty_fields,
        "filled": table.filled,
        "cells_changed": table.cells_changed,
        "normalised": {rule: {"cells": n, "description": RULES.get(rule, rule),
                              "columns": dict(table.rule_columns[rule])}
                       for rule, n in table.rules.most_common()},
        "markers": dict(table.markers), "diff": table.diff,
        "masked_on_publication": table.masked_on_publication,
        "dropped_on_publication": list(table.dropped_on_publication),
    }
