"""Command line: `opcc export --handover DIR`, everything the office published as a
BagIt package for a successor body. Exit 0 when made; 1 when refused (the site has
errors, or DIR is not empty); 2 when site.yaml is unusable; 3 on an internal error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opcc.cli.support import EXIT_CONTENT, EXIT_OK, EXIT_UNUSABLE, internal_error, parse_date
from opcc.config import ConfigError
from opcc.diagnostics import report


@click.command("export")
@click.option("--handover", "target", required=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="Write the hand-over package (a BagIt bag) to DIR, a new or empty folder.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
@click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
              help="Fix today's date (for what is live, and the compliance report).")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--verbose", is_flag=True, help="Print tracebacks of internal errors.")
def export(target: Path, root: Path, today, quiet: bool, verbose: bool) -> None:
    """Build the site (site/ is not touched) and write everything it publishes to DIR for
    a successor body: the static site, every dataset and register as CSV with its Table
    Schema, the records inventory with retention, and the compliance report, as a BagIt
    bag with SHA-256 and SHA-512 manifests. Check it with `bagit.py --validate DIR`."""
    from opcc.export import HandoverRefused, export_handover
    try:
        made = export_handover(root, target, today)
    except HandoverRefused as refused:
        report(refused.diagnostics, "text", sys.stdout, sys.stderr, quiet,
               trailer="no hand-over package was made")
        sys.exit(EXIT_CONTENT)
    except ConfigError as exc:
        report(exc.diagnostics, "text", sys.stdout, sys.stderr, quiet,
               trailer="site.yaml is unusable")
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:  # noqa: BLE001 - never a traceback for users, unless asked
        sys.exit(internal_error(exc, verbose))
    warnings = f" (the build had {made.warnings} warning{'s' if made.warnings != 1 else ''}: "\
        "opcc check lists them)" if made.warnings else ""
    click.echo(f"handed over {made.files} files, {made.bytes} bytes, in the BagIt bag "
               f"{made.path}{warnings}")
    sys.exit(EXIT_OK)
