"""`opcc foi import` finds its header as `opcc dataset import` does (issue 16, section 6):
under a preamble, not on the first row, with the same heading comparison (letters and
digits only, so CamelCase headings match), in a CSV export or a workbook. Every rule runs
through the real command line against a copy of the example site.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from opcc.cli.main import main
from tests.conftest import REPO

TODAY = "2026-11-25"
HEADINGS = ["Case ref", "Subject", "Date received", "Date closed", "Decision",
            "Request text", "Response text"]
ROWS = [["FOI-2026-0901", "Cost of body-worn cameras", "2026-03-02", "2026-03-20", "Granted",
         "How much did the cameras cost?", "They cost £120,000."],
        ["FOI-2026-0902", "Number of drones", "2026-03-09", "2026-03-27", "Not held",
         "How many drones does the force have?", "The office does not hold this."]]
PREAMBLE = [["FOI case list exported by Jane Example"],
            ["Printed 2026-04-01 from the case-management system"],
            ["Contact jane.example@testshire.police.uk"]]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "datasets", root / "datasets")
    return root


def foi_import(root: Path, source: Path, *options: str):
    return CliRunner().invoke(main, ["foi", "import", str(source), "--root", str(root),
                                     "--today", TODAY, *options])


def csv_text(rows: list[list[str]]) -> str:
    import csv
    import io
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def created(root: Path) -> dict[str, str]:
    folder = root / "content" / "foi" / "2026"
    return {p.stem: p.read_text("utf-8") for p in folder.glob("FOI-2026-09*.md")}


def test_csv_with_a_three_line_preamble(site, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text(csv_text(PREAMBLE + [HEADINGS] + ROWS), "utf-8")
    result = foi_import(site, source)
    assert result.exit_code == 0, result.output
    records = created(site)
    assert sorted(records) == ["FOI-2026-0901", "FOI-2026-0902"]
    assert "received: 2026-03-02" in records["FOI-2026-0901"]
    assert "outcome: not-held" in records["FOI-2026-0902"]
    # the rows above the header are left out, said so, and never copied
    assert "header is on row 4" in result.output and "3 rows above it" in result.output
    text = "".join(records.values())
    assert "Jane Example" not in text and "jane.example" not in text


def test_workbook_with_its_header_on_row_4(site, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Cases"
    for row in PREAMBLE:
        sheet.append(row)
    sheet.append(HEADINGS)
    for row in ROWS:  # dates as real workbook dates
        sheet.append([row[0], row[1], datetime.fromisoformat(row[2]),
                      datetime.fromisoformat(row[3]), *row[4:]])
    source = tmp_path / "cases.xlsx"
    book.save(source)
    result = foi_import(site, source)
    assert result.exit_code == 0, result.output
    records = created(site)
    assert sorted(records) == ["FOI-2026-0901", "FOI-2026-0902"]
    assert "received: 2026-03-02" in records["FOI-2026-0901"]
    assert "responded: 2026-03-20" in records["FOI-2026-0901"]


def test_problems_point_at_the_real_source_row(site, tmp_path):
    bad = [*ROWS[0][:2], "31/02/2026", *ROWS[0][3:]]
    source = tmp_path / "cases.csv"
    source.write_text(csv_text(PREAMBLE + [[], HEADINGS, bad]), "utf-8")
    result = foi_import(site, source, "--format", "json")
    assert result.exit_code == 1
    assert '"row": 6' in result.output and '"field": "Date received"' in result.output
    assert not created(site)


def test_camel_case_and_variant_headings_under_a_preamble(site, tmp_path):
    headings = ["CaseRef", "Title", "DateReceived", "DateResponded", "Outcome", "Request",
                "Response"]
    source = tmp_path / "cases.csv"
    source.write_text(csv_text([["Export"], headings] + ROWS), "utf-8")
    result = foi_import(site, source)
    assert result.exit_code == 0, result.output
    assert sorted(created(site)) == ["FOI-2026-0901", "FOI-2026-0902"]


def test_a_header_on_row_1_is_read_as_before(site, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text(csv_text([HEADINGS] + ROWS), "utf-8")
    result = foi_import(site, source, "--strict")
    assert result.exit_code == 0, result.output
    assert "above it" not in result.output
    assert len(created(site)) == 2


def test_requester_columns_are_still_refused_under_a_preamble(site, tmp_path):
    headings = [*HEADINGS, "Requester email"]
    rows = [[*row, "someone@example.org"] for row in ROWS]
    source = tmp_path / "cases.csv"
    source.write_text(csv_text(PREAMBLE + [headings] + rows), "utf-8")
    result = foi_import(site, source)
    assert result.exit_code == 1 and "foi.requester" in result.output
    assert "row 5" in result.output and not created(site)
