"""`opcc new consultation --title T`: a consultation, as a draft, with every key written
or commented."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import click

from opcc.kinds.consultations.records import FOLDER
from opcc.kinds.news.scaffold import slug
from opcc.kinds.pages import CONTENT_DIR
from opcc.source import placeholders

OPEN_WEEKS = 12  # the default length of a consultation

TEMPLATE = """\
---
title: {title}
summary: "{summary}"
opens: {opens}
closes: {closes}             # the last day to respond
respond:                     # links (https: or mailto:) or postal addresses: no forms
  - {{title: Answer the online survey, url: "https://surveys.example.org/{slug}"}}
  - {{title: Email us, url: "mailto:consultation@example.org"}}
  - title: Write to us
    address: [Consultation, The office's address, Town]
# once it has closed: '## Results' and '## What we did' sections below, and
# results:                   # once it has closed: result documents beside this file
#   - {{file: results.pdf, title: Results of the consultation}}
# results_published: YYYY-MM-DD
# decisions: [/decisions/YEAR/REFERENCE/]   # the decisions it informed
draft: true                  # remove this line (or set false) to publish it
---

{body}
"""


@click.command("consultation")
@click.option("--title", required=True, help="What the consultation is about.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
def new_consultation(title: str, root: Path) -> None:
    """Create content/consultations/SLUG.md (a draft) opening today for twelve weeks."""
    opens = date.today()
    name = slug(title)
    target = root / CONTENT_DIR / FOLDER / f"{name}.md"
    if target.exists():
        click.echo(f"opcc: {target.relative_to(root).as_posix()} already exists; nothing "
                   "written", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(
        title=" ".join(title.split()), summary=placeholders.PAGE_SUMMARY, slug=name,
        opens=opens.isoformat(), closes=(opens + timedelta(weeks=OPEN_WEEKS)).isoformat(),
        body=placeholders.PAGE_BODY), encoding="utf-8")
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: replace the "
               "[TODO: …] text and the ways to respond, then remove 'draft: true' to "
               "publish it)")
