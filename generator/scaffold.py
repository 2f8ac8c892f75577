"""`opcc new ...`: scaffold files with every front-matter key filled in or commented."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path, PurePosixPath

import click

from .content import CONTENT_DIR
from .scheme import load_profile

PAGE_TEMPLATE = """\
---
title: {title}
summary: {summary}
class: {scheme_class}
published: {today}
# updated: {today}        # the date of the last substantive change
review: {review}
owner: {owner}
# item: ITEM-ID           # the publication-scheme item this page fulfils
# attachments:            # files beside this page
#   - {{file: document.pdf, title: Title of the document}}
# datasets: [dataset-name]
tags: []
draft: true               # remove this line (or set false) to publish the page
---

Write the page here in markdown. Start headings with '## '.
"""


@click.group()
def new() -> None:
    """Scaffold a new file with every front-matter key filled in or commented."""


@new.command("page")
@click.argument("path")
@click.option("--title", help="Page title (default: from the file name).")
@click.option("--class", "scheme_class", help="Publication-scheme class slug.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".")
def new_page(path: str, title: str | None, scheme_class: str | None, root: Path) -> None:
    """Create content/PATH (a markdown page) as a draft."""
    relative = PurePosixPath(path if path.endswith(".md") else f"{path}.md")
    if relative.is_absolute() or ".." in relative.parts:
        raise click.BadParameter("give a path inside content/, such as policies/new-policy.md",
                                 param_hint="PATH")
    if not re.fullmatch(r"[a-z0-9/][a-z0-9/._-]*", relative.as_posix()):
        raise click.BadParameter("use lowercase letters, digits and hyphens, e.g. "
                                 "policies/new-policy.md", param_hint="PATH")
    target = root / CONTENT_DIR / relative
    if target.exists():
        click.echo(f"opcc: {target.relative_to(root)} already exists; nothing written", err=True)
        sys.exit(1)
    slugs = load_profile().class_slugs
    if scheme_class is None:
        folder = relative.parts[0] if len(relative.parts) > 1 else ""
        scheme_class = folder if folder in slugs else slugs[0]
    if scheme_class not in slugs:
        raise click.BadParameter(f"use one of: {', '.join(slugs)}", param_hint="--class")
    today = date.today()
    text = PAGE_TEMPLATE.format(
        title=title or relative.stem.replace("-", " ").capitalize(),
        summary="One sentence that says what this page is for.",
        scheme_class=scheme_class,
        today=today.isoformat(),
        review=today.replace(year=today.year + 1).isoformat() if not (
            today.month == 2 and today.day == 29) else f"{today.year + 1}-02-28",
        owner="Chief Executive",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: remove 'draft: true' "
               "to publish it)")
