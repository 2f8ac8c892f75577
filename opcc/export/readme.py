"""README.txt: what the package is, how to verify it, and what each column means."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import date

from opcc import __version__
from opcc.export.compliance_table import ComplianceRow
from opcc.export.inventory import InventoryRow
from opcc.export.tables import columns

WIDTH = 78
# never break an address or a file name at its hyphens
WRAP = {"width": WIDTH, "break_on_hyphens": False, "break_long_words": False}


def _para(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), initial_indent=indent,
                         subsequent_indent=indent, **WRAP)


def _entry(name: str, meaning: str, width: int) -> str:
    return textwrap.fill(" ".join(meaning.split()), initial_indent=f"  {name:<{width}} ",
                         subsequent_indent=" " * (width + 3), **WRAP)


def _list(pairs: Iterable[tuple[str, str]]) -> str:
    pairs = list(pairs)
    width = max((len(name) for name, _ in pairs), default=0)
    return "\n".join(_entry(name, meaning, width) for name, meaning in pairs) or "  (none)"


def _layout(base_url: str, today: date, registers: Iterable[str]) -> list[tuple[str, str]]:
    """What data/ holds, folder by folder."""
    registers_named = ", ".join(registers) or "none"
    return [
        ("site/", (f"the whole website as published, search index included. Its links are "
                   f"written for {base_url}: serve the folder at the root of a web server "
                   f"(python -m http.server, in data/site) to browse it.")),
        ("datasets/NAME/", ("each open dataset: its CSV files as published (personal data "
                            "withheld or masked, as on the site), its datapackage.json (a "
                            "Frictionless Data Package) and each CSV file's Table Schema, "
                            "FILE.schema.json.")),
        ("registers/", (f"the registers made from the office's records, as CSV, each with "
                        f"its Table Schema (NAME.schema.json): {registers_named}.")),
        ("inventory.csv", ("the records inventory: one row per published page, dataset and "
                           "record, with how long it is kept and published.")),
        ("compliance.csv", f"the publication-scheme compliance report on {today}."),
        ("README.txt", "this file."),
    ]


def readme_text(organisation: str, base_url: str, today: date, datasets: Iterable,
                registers: Iterable[str]) -> str:
    heading = f"Hand-over package: {organisation}"
    parts = [
        heading, "=" * len(heading), "",
        _para(f"Everything {organisation} published on its transparency site, {base_url}, "
              f"as at {today.isoformat()}, for the body that takes over its functions. "
              f"Made by `opcc export --handover` (opcc {__version__})."), "",
        _para("The package is a BagIt bag (RFC 8493), the convention archives use for "
              "transfers. Its files are in data/. manifest-sha256.txt and "
              "manifest-sha512.txt hold a checksum of every file; bag-info.txt says who "
              "made the package and when."), "",
        "How to check it", "---------------",
        _para("Install the Library of Congress's bagit tool (pip install bagit), then "
              "run:"), "",
        "  bagit.py --validate PATH-TO-THIS-PACKAGE", "",
        _para("It reports the bag valid only when no file is missing, added or changed "
              "since the package was made."), "",
        "What is in data/", "----------------", _list(_layout(base_url, today, registers)), "",
        "Datasets", "--------", _list((d.name, d.title) for d in datasets), "",
        "Columns of inventory.csv", "------------------------", _list(columns(InventoryRow)),
        "", "Columns of compliance.csv", "-------------------------",
        _list(columns(ComplianceRow)), "",
        _para("Dates are ISO 8601 (YYYY-MM-DD); an empty cell means not known or not "
              "applicable. The CSV files are UTF-8 with a header row; a cell that a "
              "spreadsheet would run as a formula starts with an apostrophe."), "",
    ]
    return "\n".join(parts)
