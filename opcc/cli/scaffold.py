"""`opcc new ...`: scaffold files with every front-matter key filled in or commented."""

from __future__ import annotations

import re
import sys
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

import click

from opcc.kinds.pages import CONTENT_DIR
from opcc.scheme import load_profile
from opcc.source import placeholders

PAGE_TEMPLATE = """\
---
title: {title}
summary: "{summary}"
class: {scheme_class}
published: {today}
# updated: {today}        # the date of the last substantive change
review: {review}
# reviewed: {today}       # the day it was last checked and needed no change
owner: {owner}
# item: ITEM-ID           # the publication-scheme item this page fulfils
# attachments:            # files beside this page
#   - {{file: document.pdf, title: Title of the document}}
# datasets: [dataset-name]
# order: 1                # its place in its section and class listings (lowest first)
# redirect_from: [old/path/]  # addresses the page had before it moved
tags: []
draft: true               # remove this line (or set false) to publish the page
---

{body}
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
        summary=placeholders.PAGE_SUMMARY,
        body=placeholders.PAGE_BODY,
        scheme_class=scheme_class,
        today=today.isoformat(),
        review=today.replace(year=today.year + 1).isoformat() if not (
            today.month == 2 and today.day == 29) else f"{today.year + 1}-02-28",
        owner="Chief Executive",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: replace the "
               "[TODO: …] text, then remove 'draft: true' to publish it)")


DATASET_TEMPLATE = """\
# A dataset: this descriptor plus its CSV files. `opcc check` validates every row.
title: {title}
description: >-
  {description}
class: {scheme_class}
published: {today}
# updated: {today}         # the date of the last update
# item: ITEM-ID            # the publication-scheme item this dataset fulfils
frequency: {frequency}       # monthly, quarterly, annually or as-needed
period: "{period}"
sample: false             # true shows an "illustrative data" notice
keywords: []
# licenses defaults to the Open Government Licence v3.0
resources:
  - name: {name}
    path: {name}.csv
    title: {title}
    schema: {schema}
draft: true               # not published: remove this line once the data is in and checked
"""


def statutory_schemas() -> dict[str, Traversable]:
    """The statutory Table Schemas shipped with opcc (opcc/datasets/statutory/), by name."""
    folder = resources.files("opcc.datasets").joinpath("statutory")
    return {item.name.removesuffix(".json"): item for item in folder.iterdir()
            if item.name.endswith(".json")}


def _site_schema(schemas: Path, name: str) -> Path:
    """The site's datasets/schemas/NAME.json; a statutory schema the site has no copy of
    is copied there first."""
    schema_file = schemas / f"{name}.json"
    shipped = statutory_schemas()
    if not schema_file.is_file() and name in shipped:
        schemas.mkdir(parents=True, exist_ok=True)
        schema_file.write_bytes(shipped[name].read_bytes())
        click.echo(f"copied the statutory schema to datasets/schemas/{schema_file.name}")
    if not schema_file.is_file():
        known = ", ".join(sorted({*shipped, *(p.stem for p in schemas.glob("*.json"))}))
        raise click.BadParameter(f"no datasets/schemas/{schema_file.name}; known: {known}",
                                 param_hint="--schema")
    return schema_file


@new.command("dataset")
@click.argument("name")
@click.option("--title", help="Dataset title (default: from the name).")
@click.option("--class", "scheme_class", default="what-we-spend", show_default=True,
              help="Publication-scheme class slug.")
@click.option("--schema", "schema_name",
              help="A schema in datasets/schemas/, or a statutory one opcc ships "
                   "(e.g. spend-over-500).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".")
def new_dataset(name: str, title: str | None, scheme_class: str, schema_name: str | None,
                root: Path) -> None:
    """Create datasets/NAME/ (a draft) with a datapackage.yaml and a CSV with the schema's
    header."""
    import csv
    import json

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise click.BadParameter("use lowercase letters, digits and hyphens", param_hint="NAME")
    slugs = load_profile().class_slugs
    if scheme_class not in slugs:
        raise click.BadParameter(f"use one of: {', '.join(slugs)}", param_hint="--class")
    folder = root / "datasets" / name
    if folder.exists():
        click.echo(f"opcc: datasets/{name} already exists; nothing written", err=True)
        sys.exit(1)
    schemas = root / "datasets" / "schemas"
    if schema_name:
        schema_file = _site_schema(schemas, schema_name.removesuffix(".json"))
        fields = [f["name"] for f in json.loads(schema_file.read_text("utf-8"))["fields"]]
        schema = f"../schemas/{schema_file.name}"
    else:
        fields = ["id", "description"]
        schema = ("\n      fields:\n        - {name: id, type: integer, constraints: "
                  "{required: true, unique: true}}\n        - {name: description, type: string}")
    today = date.today()
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text(DATASET_TEMPLATE.format(
        title=title or name.replace("-", " ").capitalize(), scheme_class=scheme_class,
        today=today.isoformat(), frequency="monthly", period=placeholders.DATASET_PERIOD,
        description=placeholders.DATASET_DESCRIPTION,
        name=name, schema=schema), encoding="utf-8")
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(fields)
    click.echo(f"created datasets/{name}/datapackage.yaml and datasets/{name}/{name}.csv "
               "(a draft: replace the [TODO: …] text, add the rows, run opcc check, then "
               "remove 'draft: true')")
