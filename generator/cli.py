"""Command line: `opcc build | check | serve | new`."""

from __future__ import annotations

import functools
import sys
import traceback
from datetime import date
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, BuildResult, build_site, run_build
from .config import ConfigError
from .diagnostics import has_errors, report

EXIT_OK, EXIT_CONTENT, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3


class Settings:
    def __init__(self, root: Path, fmt: str, strict: bool, drafts: bool, quiet: bool,
                 verbose: bool, today: date | None):
        self.root, self.fmt, self.strict, self.drafts = root, fmt, strict, drafts
        self.quiet, self.verbose, self.today = quiet, verbose, today

    @property
    def build_options(self) -> BuildOptions:
        return BuildOptions(self.root, self.drafts, self.strict, self.today)

    def say(self, message: str) -> None:
        """Progress text: stderr under --format github/json, so stdout stays parseable."""
        if self.quiet:
            return
        click.echo(message, err=self.fmt != "text")


def _parse_today(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def common_options(function):
    """Options every command accepts after its name."""
    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                  show_default=True, help="The site folder (where site.yaml is).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]),
                  default="text", show_default=True, help="How diagnostics are printed.")
    @click.option("--strict", is_flag=True, help="Warnings become errors.")
    @click.option("--drafts", is_flag=True, help="Include drafts (for preview only).")
    @click.option("--quiet", is_flag=True, help="Print only errors.")
    @click.option("--verbose", is_flag=True, help="Print more, and tracebacks of internal errors.")
    @click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD",
                  help="Fix today's date (for reproducible review and due dates).")
    @functools.wraps(function)
    def wrapper(root, fmt, strict, drafts, quiet, verbose, today, **kwargs):
        settings = Settings(root.resolve(), fmt, strict, drafts, quiet, verbose, today)
        try:
            code = function(settings, **kwargs)
        except ConfigError as exc:
            report(exc.diagnostics, fmt, sys.stdout, sys.stderr, quiet,
                   trailer="site.yaml is unusable")
            code = EXIT_UNUSABLE
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # never a traceback for users, unless asked
            if verbose:
                traceback.print_exc()
            where = "the traceback is above" if verbose else \
                "run again with --verbose to see the traceback"
            click.echo(f"opcc: internal error (a bug in the generator, not in your content): "
                       f"{type(exc).__name__}: {exc}; {where}", err=True)
            code = EXIT_INTERNAL
        sys.exit(code)
    return wrapper


def finish(settings: Settings, result: BuildResult, done: str) -> int:
    trailer = done if result.ok else None
    report(result.diagnostics, settings.fmt, sys.stdout, sys.stderr, settings.quiet, trailer)
    return EXIT_CONTENT if has_errors(result.diagnostics) else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="opcc")
def main() -> None:
    """Build and check an OPCC transparency site."""


@main.command()
@common_options
def build(settings: Settings) -> int:
    """Check everything, then write the site to site/ (atomically)."""
    result = build_site(settings.build_options)
    return finish(settings, result, f"built {len(result.outputs)} files "
                  f"({result.page_count} pages) into site/ in {result.seconds:.2f} s")


@main.command()
@common_options
def check(settings: Settings) -> int:
    """Run every check that build runs, and write nothing."""
    result = run_build(settings.build_options)
    return finish(settings, result, f"checked {result.page_count} pages in {result.seconds:.2f} s")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@common_options
def serve(settings: Settings, port: int) -> int:
    """Build, serve on 127.0.0.1 with live reload, and rebuild on every save."""
    from .serve import serve_site
    serve_site(settings.build_options, port, settings.say)
    return EXIT_OK


from .scaffold import new  # noqa: E402  (registers `opcc new ...`)

main.add_command(new)
