"""`opcc new policy PATH --title T`: a draft policy page whose governance block is filled
with placeholders ([TODO: …]) and today's dates, ready to be written and ratified."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path, PurePosixPath

import click

from opcc.kinds.pages import CONTENT_DIR
from opcc.source import placeholders

DEFAULT_FOLDER = "policies"
POLICY_TEMPLATE = """\
---
title: {title}
summary: "{summary}"
class: {scheme_class}
published: {today}
# updated: {today}        # the date of the last substantive change
tags: []
governance:
  version: "0.1"          # in quotes; the first ratified version is "1.0"
  status: draft           # draft, or ratified once it is approved
  author: "{author}"
  owner: "{owner}"
  created: {today}
  # ratified: {today}     # needed once the status is ratified: the day it was approved
  # last_reviewed: {today}
  # equality_impact_assessed: {today}
  # next_review: {next_year}  # needed once ratified: after the ratified date
  applies_to: "{applies_to}"
  # related:              # other documents: a page's .md file, its address, or https://…
  #   - {{title: Information management strategy, url: information-management-strategy.md}}
  versions:               # oldest first; the last row's version is the current version
    - date: {today}
      version: "0.1"
      author: "{author}"
      changes: First draft
draft: true               # remove this line (or set false) to publish the policy
---

{body}
"""


def policy_text(title: str, scheme_class: str, today: date) -> str:
    return POLICY_TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False), summary=placeholders.PAGE_SUMMARY, scheme_class=scheme_class,
        today=today.isoformat(), next_year=a_year_later(today).isoformat(),
        author=placeholders.POLICY_AUTHOR, owner=placeholders.POLICY_OWNER,
        applies_to=placeholders.POLICY_APPLIES_TO, body=placeholders.PAGE_BODY)


def a_year_later(day: date) -> date:
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def content_path(path: str) -> PurePosixPath:
    """PATH as a page under content/ (policies/ when no folder is given)."""
    relative = PurePosixPath(path if path.endswith(".md") else f"{path}.md")
    if relative.is_absolute() or ".." in relative.parts:
        raise click.BadParameter("give a path inside content/, such as "
                                 "policies/acceptable-use-policy.md", param_hint="PATH")
    if not re.fullmatch(r"[a-z0-9/][a-z0-9/._-]*", relative.as_posix()):
        raise click.BadParameter("use lowercase letters, digits and hyphens, e.g. "
                                 "policies/acceptable-use-policy.md", param_hint="PATH")
    return relative if len(relative.parts) > 1 else DEFAULT_FOLDER / relative


@click.command("policy")
@click.argument("path")
@click.option("--title", help="The policy's title (default: from the file name).")
@click.option("--class", "scheme_class", default=DEFAULT_FOLDER, show_default=True,
              help="Publication-scheme class slug.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site folder (where site.yaml is).")
def new_policy(path: str, title: str | None, scheme_class: str, root: Path) -> None:
    """Create content/PATH (policies/PATH without a folder) as a draft policy page with a
    governance block to fill in."""
    from opcc.scheme import load_profile
    relative = content_path(path)
    slugs = load_profile().class_slugs
    if scheme_class not in slugs:
        raise click.BadParameter(f"use one of: {', '.join(slugs)}", param_hint="--class")
    target = root / CONTENT_DIR / relative
    if target.exists():
        click.echo(f"opcc: {target.relative_to(root).as_posix()} already exists; nothing "
                   "written", err=True)
        sys.exit(1)
    title = title or relative.stem.replace("-", " ").capitalize()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(policy_text(title, scheme_class, date.today()), encoding="utf-8")
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: replace the "
               "[TODO: …] text, then ratify it and remove 'draft: true' to publish it)")
