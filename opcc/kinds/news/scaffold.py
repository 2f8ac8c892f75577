"""`opcc new news --title T`: a news item, as a draft, with every key written or
commented."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from opcc.kinds.news.records import FOLDER
from opcc.kinds.pages import CONTENT_DIR
from opcc.source import placeholders

TEMPLATE = """\
---
title: {title}
date: {today}
summary: "{summary}"
type: news                 # or press-release
# image: {{file: photo.png, alt: What the picture shows}}  # a PNG, JPEG or SVG beside this file
tags: []
press_contact: Communications team   # a role, never a person's name, email or phone
draft: true                # remove this line (or set false) to publish the item
---

{body}
"""


def slug(title: str) -> str:
    """'Commissioner sets the 2027/28 precept' -> 'commissioner-sets-the-2027-28-precept'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "news"


@click.command("news")
@click.option("--title", required=True, help="The headline.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
def new_news(title: str, root: Path) -> None:
    """Create content/news/YEAR/SLUG.md (a draft) dated today."""
    today = date.today()
    target = root / CONTENT_DIR / FOLDER / str(today.year) / f"{slug(title)}.md"
    if target.exists():
        click.echo(f"opcc: {target.relative_to(root).as_posix()} already exists; nothing "
                   "written", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(title=" ".join(title.split()), today=today.isoformat(),
                                      summary=placeholders.PAGE_SUMMARY,
                                      body=placeholders.PAGE_BODY), encoding="utf-8")
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: replace the "
               "[TODO: …] text, then remove 'draft: true' to publish it)")
