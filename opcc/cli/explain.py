"""`opcc explain [CODE]`: what a diagnostic code means, why it matters and what to do, from
the catalogue (opcc/diagnostics/catalogue.yaml); with no code, every code by family."""

from __future__ import annotations

import re

import click

from opcc.cli.support import EXIT_CONTENT, EXIT_OK

# a code as the text format prints it: "error[content.class]" or "warning[...]"
_AS_PRINTED = re.compile(r"^(?:error|warning)\[(?P<code>[^\]]+)\]:?$")


@click.command("explain")
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Explain the diagnostic code CODE (e.g. opcc explain redaction.email): what it means,
    why it matters and what to do. With a family name (e.g. foi), list its codes; with
    nothing, list every code."""
    from opcc.diagnostics import catalogue

    if code is None:
        click.echo(catalogue.listing(), nl=False)
        raise SystemExit(EXIT_OK)
    written = code.strip()
    printed = _AS_PRINTED.match(written)
    wanted = printed.group("code") if printed else written.lower()
    entry = catalogue.lookup(wanted)
    if entry is not None:
        click.echo(catalogue.explain(entry), nl=False)
        raise SystemExit(EXIT_OK)
    if wanted in catalogue.catalogue().families:
        click.echo(catalogue.listing(wanted), nl=False)
        raise SystemExit(EXIT_OK)
    click.echo(f"opcc: unknown diagnostic code '{written}'{catalogue.closest(wanted)}\n"
               "    hint: `opcc explain` lists every code", err=True)
    raise SystemExit(EXIT_CONTENT)
