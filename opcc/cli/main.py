"""Command line: `opcc build | check | serve | report | clean | new`."""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opcc import __version__
from opcc.cli.support import EXIT_CONTENT, EXIT_OK, EXIT_UNUSABLE, internal_error, parse_date
from opcc.config import ConfigError
from opcc.diagnostics import has_errors

if TYPE_CHECKING:
    from opcc.build.pipeline import BuildOptions, BuildResult
from opcc.diagnostics import report as report_diagnostics


class Settings:
    def __init__(self, root: Path, fmt: str, strict: bool, drafts: bool, quiet: bool,
                 verbose: bool, today: date | None):
        self.root, self.fmt, self.strict, self.drafts = root, fmt, strict, drafts
        self.quiet, self.verbose, self.today = quiet, verbose, today

    @property
    def build_options(self) -> "BuildOptions":
        """--drafts previews everything not yet live: drafts and scheduled pages."""
        from opcc.build.pipeline import BuildOptions
        return BuildOptions(self.root, self.drafts, self.strict, self.today,
                            include_scheduled=self.drafts)

    def say(self, message: str) -> None:
        """Progress text: stderr under --format github/json, so stdout stays parseable."""
        if self.quiet:
            return
        click.echo(message, err=self.fmt != "text")


def common_options(function=None, *, formats=("text", "json", "github")):
    """Options every command accepts after its name (`formats`: the choices of --format)."""
    if function is None:
        return functools.partial(common_options, formats=formats)

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                  show_default=True, help="The site folder (where site.yaml is).")
    @click.option("--format", "fmt", type=click.Choice(list(formats)),
                  default="text", show_default=True, help="How diagnostics are printed.")
    @click.option("--strict", is_flag=True, help="Warnings become errors.")
    @click.option("--drafts", is_flag=True, help="Include drafts and scheduled pages: a "
                  "preview, written to preview/, never site/.")
    @click.option("--quiet", is_flag=True, help="Print only errors.")
    @click.option("--verbose", is_flag=True, help="Print more, and tracebacks of internal errors.")
    @click.option("--today", callback=parse_date, metavar="YYYY-MM-DD",
                  help="Fix today's date (for reproducible review and due dates).")
    @functools.wraps(function)
    def wrapper(root, fmt, strict, drafts, quiet, verbose, today, **kwargs):
        settings = Settings(root.resolve(), fmt, strict, drafts, quiet, verbose, today)
        try:
            code = function(settings, **kwargs)
        except ConfigError as exc:
            report_diagnostics(exc.diagnostics, fmt, sys.stdout, sys.stderr, quiet,
                   trailer="site.yaml is unusable")
            code = EXIT_UNUSABLE
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # never a traceback for users, unless asked
            code = internal_error(exc, verbose)
        sys.exit(code)
    return wrapper


def finish(settings: Settings, result: BuildResult, done: str) -> int:
    trailer = done if result.ok else None
    report_diagnostics(result.diagnostics, settings.fmt, sys.stdout, sys.stderr, settings.quiet,
                       trailer)
    return EXIT_CONTENT if has_errors(result.diagnostics) else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="opcc")
def main() -> None:
    """Build and check an OPCC transparency site."""


@main.command()
@click.option("--clean", is_flag=True,
              help="Build everything from scratch, ignoring the build cache (.opcc-cache/).")
@click.option("--timings", is_flag=True, help="Print the seconds each stage took.")
@common_options
def build(settings: Settings, clean: bool, timings: bool) -> int:
    """Check everything, then write the site to site/: in full the first time (and with
    --clean), afterwards only the files that changed. With --drafts, a preview with the
    drafts and scheduled pages goes to preview/ instead, and site/ is not touched."""
    from opcc.build.pipeline import build_site
    options = settings.build_options
    result = build_site(options, clean=clean)
    if timings:
        print_timings(settings, result)
    changed = "" if result.written is None else f", {result.written} written"
    return finish(settings, result, f"built {result.file_count} files "
                  f"({result.page_count} pages) into {options.output_dir}/ in "
                  f"{result.seconds:.2f} s{changed}")


def print_timings(settings: Settings, result: BuildResult) -> None:
    if not result.timings:
        settings.say("timings: nothing was rebuilt in full (an incremental build)")
    for stage, seconds in result.timings.items():
        settings.say(f"  {stage:<24} {seconds:7.2f} s")


@main.command()
@click.option("--external", is_flag=True,
              help="Also list every external link, with where it is (links are not fetched).")
@common_options
def check(settings: Settings, external: bool) -> int:
    """Run every check that build runs, and write nothing."""
    from opcc.build.incremental import load_bodies
    from opcc.build.pipeline import run_build
    # the last build's converted pages are reused where nothing they depend on changed
    result = run_build(settings.build_options, load_bodies(settings.root))
    if external:
        out = sys.stdout if settings.fmt == "text" else sys.stderr
        out.write(f"{len(result.external_links)} external links (not fetched):\n")
        for url, source, line in result.external_links:
            out.write(f"  {source}:{line or '?'}: {url}\n")
    return finish(settings, result, f"checked {result.page_count} pages in {result.seconds:.2f} s")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@common_options
def serve(settings: Settings, port: int) -> int:
    """Build a preview into preview/, serve it on 127.0.0.1 with live reload, and rebuild
    on every save. Scheduled pages are shown, with a banner; drafts too with --drafts."""
    from opcc.serve import serve_site
    serve_site(dataclasses.replace(settings.build_options, include_scheduled=True), port,
               settings.say)
    return EXIT_OK


STATUS_COLOURS = {"published": "green", "due-soon": "yellow", "overdue": "red",
                  "missing": "red", "not-applicable": "bright_black"}


@main.command("report")
@click.option("--reviews", is_flag=True, help="Instead: every review, disposal and legal "
              "hold date, by owner role (--format text, csv, json or ics).")
@common_options(formats=("text", "json", "github", "csv", "ics"))
def report_command(settings: Settings, reviews: bool) -> int:
    """The publication-scheme compliance report: what the law requires, good practice the
    office has adopted, and recommendations, each item with its status."""
    if reviews or settings.fmt in ("csv", "ics"):
        from opcc.cli import reviews as review_calendar
        return review_calendar.run(settings, reviews)
    # --strict applies to the compliance result, not to every warning of the build
    from opcc.build.pipeline import run_build
    result = run_build(dataclasses.replace(settings.build_options, strict=False))
    statuses = result.compliance
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        report_diagnostics(errors, "text", sys.stderr, sys.stderr, settings.quiet)
    if settings.fmt == "json":
        click.echo(json.dumps(_report_document(statuses, result), indent=2,
                              ensure_ascii=False))
    else:
        _print_report(statuses, result, settings)
    failing = any(s.status in ("missing", "overdue") for s in statuses
                  if s.item.group != "recommended")
    if errors or (settings.strict and failing):
        return EXIT_CONTENT
    return EXIT_OK


def _report_document(statuses, result: BuildResult) -> dict:
    from opcc.scheme import by_group, summary_counts

    def day(value):
        return value.isoformat() if value else None

    groups = by_group(statuses)
    return {
        "profile": result.config.scheme.profile,
        "items": [{
            "id": s.item.id, "title": s.item.title, "class": s.item.scheme_class,
            "group": s.item.group, "status": s.status, "last_updated": day(s.last_updated),
            "next_due": day(s.next_due), "late": list(s.late), "late_since": day(s.late_since),
            "fulfilled_by": [f.url for f in s.fulfilled_by],
            "legal_basis": str(s.item.legal_basis), "source": s.item.legal_basis.source,
            "due_rule": s.due_rule, "timing": s.item.timing.words,
            "timing_confirmed": s.item.timing.confirmed, "reason": s.reason,
            "publication": dataclasses.asdict(s.item.publication),
            "record_type": s.item.record_type,
        } for s in statuses],
        # the law's items only: good practice never counts as missing beside them
        "summary": summary_counts(groups["statutory"]),
        "groups": {name: summary_counts(members) for name, members in groups.items()},
        "scheduled": [{"goes_live": when.isoformat(), "url": url, "title": title,
                       "source": source} for when, url, title, source in result.scheduled],
    }


def _print_report(statuses, result: BuildResult, settings: Settings) -> None:
    from opcc.scheme import GROUP_TITLES, by_group, load_profile, summary_sentence

    profile = load_profile(result.config.scheme.profile)
    colour = settings.fmt == "text"
    for group, members in by_group(statuses).items():
        if not members:
            continue
        heading = f"{GROUP_TITLES[group]}: {summary_sentence(members)}"
        click.echo(click.style(heading, bold=True, underline=True) if colour else heading)
        for scheme_class in profile.classes:
            in_class = [s for s in members if s.item.scheme_class == scheme_class.slug]
            if in_class:
                click.echo(click.style(scheme_class.title, bold=True) if colour
                           else scheme_class.title)
                for status in in_class:
                    _print_item(status, colour, settings.quiet)
        click.echo("")
    _print_scheduled(result, colour)
    by_law = by_group(statuses)["statutory"]
    click.echo(f"What the law requires: {summary_sentence(by_law)}")


def _print_item(status, colour: bool, quiet: bool) -> None:
    item = status.item
    word = status.status
    if item.group == "recommended" and word == "missing":
        word = "not published"
    label = f"{word:<14}"
    if colour:
        label = click.style(label, fg=STATUS_COLOURS.get(status.status, "white")
                            if word != "not published" else "bright_black")
    click.echo(f"  {label} {item.id:<28} {item.title}")
    if quiet:
        return
    pad = " " * 46
    when = f"updated {status.last_updated}" if status.last_updated else ""
    due = f"next due {status.next_due}" if status.next_due else ""
    where = ", ".join(f.url for f in status.fulfilled_by) or status.reason or ""
    click.echo(pad + "; ".join(x for x in (when, due, where) if x) if when or due or where
               else pad + "not published")
    if status.late:
        click.echo(f"{pad}late: {'; '.join(status.late)} (due by {status.late_since})")
    confirmed = "" if item.timing.confirmed or not item.statutory else " [timing not confirmed]"
    click.echo(f"{pad}{item.legal_basis}; {status.due_rule}{confirmed}")


def _print_scheduled(result: BuildResult, colour: bool) -> None:
    """Pages whose `published` date is still to come: not in site/ until that day."""
    if not result.scheduled:
        return
    heading = "Scheduled: not live until the date shown"
    click.echo(click.style(heading, bold=True) if colour else heading)
    for day, url, title, source in result.scheduled:
        when = f"{day.day} {day:%B} {day.year}"
        click.echo(f"  {when:<18} {url}  {title} ({source})")


@main.command("clean")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder: when it has a site.yaml, its "
              "redaction allow list, protected names and office names judge what remains.")
@click.option("--verbose", is_flag=True, help="Print tracebacks of internal errors.")
def clean_command(files: tuple[Path, ...], root: Path, verbose: bool) -> None:
    """Write FILE's cleaned copy, NAME.clean.EXT, without its personal metadata, custom
    properties, comments, earlier PDF revisions and picture metadata; then list what
    still needs a person's decision. Exit 1 if anything is left (or FILE can't be cleaned)."""
    from opcc.redaction.cleaning.command import run
    try:
        scanner, organisation = _site_scanner(root.resolve())
        code = run(files, scanner, organisation)
    except ConfigError as exc:
        report_diagnostics(exc.diagnostics, "text", sys.stdout, sys.stderr,
                           trailer="site.yaml is unusable")
        code = EXIT_UNUSABLE
    except Exception as exc:  # noqa: BLE001 - never a traceback for users, unless asked
        code = internal_error(exc, verbose, "your file")
    sys.exit(code)


def _site_scanner(root: Path):
    """The build's scanner and office names when ROOT has a site.yaml, else the defaults."""
    from opcc.redaction import Scanner
    if not (root / "site.yaml").is_file():
        return Scanner(), ()
    from opcc.build.pipeline import site_scanner
    from opcc.config import load_config
    from opcc.redaction.gate import organisation_names
    config = load_config(root)
    return site_scanner(config), organisation_names(config)


from opcc.cli.explain import explain  # noqa: E402
from opcc.cli.export import export  # noqa: E402
from opcc.cli.foi import foi, new_foi  # noqa: E402
from opcc.cli.importing import dataset  # noqa: E402
from opcc.cli.redaction import redaction  # noqa: E402
from opcc.cli.scaffold import new  # noqa: E402
from opcc.kinds.policy.scaffold import new_policy  # noqa: E402
from opcc.kinds.consultations.scaffold import new_consultation  # noqa: E402
from opcc.kinds.decisions.cli import decisions, new_decision  # noqa: E402
from opcc.kinds.meetings.scaffold import new_meeting  # noqa: E402
from opcc.kinds.news.scaffold import new_news  # noqa: E402

main.add_command(new)
main.add_command(foi)
main.add_command(dataset)
main.add_command(redaction)
main.add_command(explain)
main.add_command(export)
main.add_command(decisions)
new.add_command(new_foi)
new.add_command(new_policy)
new.add_command(new_news)
new.add_command(new_consultation)
new.add_command(new_decision)
new.add_command(new_meeting)
