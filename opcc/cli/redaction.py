"""`opcc redaction hash-names`: turn a list of names into the protected-names file.

The names are read from standard input and never written anywhere: the file holds a
salt and the salted SHA-256 hashes only, so the repository never holds the names.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def redaction() -> None:
    """Personal-data redaction tools."""


@redaction.command("hash-names")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The protected-names file to write (site.yaml redaction.protected_names).")
@click.option("--add", is_flag=True, help="Add to an existing file, keeping its salt.")
def hash_names(output: Path, add: bool) -> None:
    """Read names, one per line, from standard input and write their salted hashes."""
    from opcc.redaction import write_protected_names
    if sys.stdin.isatty():
        click.echo("Type or paste the names, one per line, then press Ctrl-D.", err=True)
    names = [line.strip() for line in sys.stdin if line.strip()]
    if not names:
        click.echo("opcc: no names on standard input; nothing written", err=True)
        sys.exit(1)
    try:
        write_protected_names(names, output, add=add)
    except ValueError as exc:
        click.echo(f"opcc: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {len(names)} hashed name{'s' if len(names) != 1 else ''} to {output} "
               "(the names themselves are not stored)")
