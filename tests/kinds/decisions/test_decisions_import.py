"""`opcc decisions import LOG.csv|xlsx`: a messy decision log made with openpyxl (a title
row above the header, mixed date formats, blank rows) becomes records that build; a bad
row is a diagnostic naming its row and column, exit 1, and nothing is written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from opcc.build.pipeline import BuildOptions, build_site
from opcc.cli.main import main
from tests.conftest import MINIMAL_CONFIG

TODAY = "2026-11-25"
CONFIG = MINIMAL_CONFIG + "decisions:\n  publish_within_working_days: 5\n"
HEADER = ["Decision ref", "Title", "Decision date", "Decision maker", "Category", "Status",
          "Exemptions", "Review date", "Value (£)", "Interests declared", "Decision text",
          "Reasons", "Notes"]
DEPUTY = "Deputy Police and Crime Commissioner"
PCC = "Police and Crime Commissioner"
ROWS = [
    [None, "Grant to Eastmoor Youth Club", "2026-03-04", DEPUTY, "Grants", "Public", None, None, "£12,500", "None",
     "To award a grant of £12,500 for Friday night football.", "It meets the plan's aims.",
     "signed"],
    [],
    [None, "Lease of the Riverdale office", "05/03/2026", "Chief Executive", "estates",
     "public", None, None, "none", "none", "To renew the lease for five years.",
     "The office is needed for the Riverdale team.", None],
    [None, "Sale of the old station", "6 March 2026", "Police and Crime Commissioner",
     "Estates", "Exempt", "s43(2)", "31/03/2027", None, "none", None, None, None],
    [None, "Victims' services contract", 46090, "Police and Crime Commissioner",
     "Commissioning", "Part exempt", "Section 43(2)", None, "663000", None,
     "To award the contract.", "The bid offered the best value.", None],
    [None, "Fleet workshop agreement", datetime(2026, 3, 12), PCC, "Collaboration", "public", None, None, 0, "none",
     "To enter the agreement.", "It saves money.", None],
]


def workbook(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Decision log"
    sheet.append(["Northshire OPCC: log of significant decisions, 2026"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    serial = sheet.cell(row=3 + 1 + 4, column=3)  # the Excel serial stays a plain number
    serial.number_format = "0"
    book.save(path)
    return path


def site(make_site) -> Path:
    return make_site(config=CONFIG)


def run(root: Path, log: Path, *extra: str):
    return CliRunner().invoke(main, ["decisions", "import", str(log), "--root", str(root),
                                     "--today", TODAY, *extra])


def test_a_messy_workbook_becomes_records_that_build(make_site, tmp_path):
    root = site(make_site)
    result = run(root, workbook(tmp_path / "log.xlsx", ROWS))
    assert result.exit_code == 0, result.output
    assert "created 5 records" in result.output
    assert "the header is on row 3: 1 row above it (a title or notes) was left out" \
        in result.output
    assert "column 'Notes' is not used" in result.output
    folder = root / "content/decisions/2026"
    written = {p.stem: p.read_text("utf-8") for p in folder.glob("*.md")}
    assert sorted(written) == [f"OPCC-2026-00{n}" for n in range(1, 6)]
    first = written["OPCC-2026-001"]
    assert "made: 2026-03-04" in first and "financial_implications: 12500" in first
    assert "category: grants" in first and "draft" not in first
    assert "made: 2026-03-05" in written["OPCC-2026-002"]  # 05/03/2026, day first
    exempt = written["OPCC-2026-003"]
    assert "made: 2026-03-06" in exempt and "status: exempt" in exempt  # 6 March 2026
    assert "review_exemption: 2027-03-31" in exempt and "## Decision" not in exempt
    part = written["OPCC-2026-004"]
    assert "made: 2026-03-09" in part  # Excel serial 46090
    assert 'exemptions: ["Section 43(2)"]' in part and "status: part-exempt" in part
    assert "draft: true" in part  # no interests declared in the log: a person completes it
    assert "made: 2026-03-12" in written["OPCC-2026-005"]  # a date cell
    assert "financial_implications: none" in written["OPCC-2026-005"]  # 0
    result = build_site(BuildOptions(root, today=datetime(2026, 11, 25).date()))
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    built = (root / "site/decisions/register/index.html").read_text("utf-8")
    assert "OPCC-2026-001" in built and "OPCC-2026-004" not in built  # the draft


def test_a_bad_row_names_its_row_and_column_and_nothing_is_written(make_site, tmp_path):
    root = site(make_site)
    bad = [list(r) for r in ROWS]
    bad[2][2] = "31/02/2026"  # no such day
    bad[4][5] = "Secret-ish"  # not a status
    result = run(root, workbook(tmp_path / "log.xlsx", bad))
    assert result.exit_code == 1, result.output
    assert "no record was written" in result.output
    assert "log.xlsx:6:Decision date: error[decisions.import-value]: row 6: '31/02/2026' is " \
           "not a valid date made" in result.output
    assert "row 8: 'Secret-ish' is not a valid status" in result.output
    assert not (root / "content/decisions").exists()


def test_a_row_the_record_check_refuses_is_reported_against_its_cell(make_site, tmp_path):
    root = site(make_site)
    bad = [list(r) for r in ROWS]
    bad[3][7] = None  # an exempt decision with no review date
    bad[0][2] = "2027-01-04"  # made after today
    result = run(root, workbook(tmp_path / "log.xlsx", bad), "--format", "json")
    assert result.exit_code == 1
    import json
    found = {(d["code"], d["row"], d["field"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("decisions.review-missing", 7, "Status") in found
    assert ("decisions.future-date", 4, "Decision date") in found
    assert not (root / "content/decisions").exists()


def test_a_csv_log_with_a_missing_column_and_existing_records(make_site, tmp_path):
    root = site(make_site)
    log = tmp_path / "log.csv"
    log.write_text("Title,Decision date,Decision maker\nA grant,04/03/2026,Chief Executive\n",
                   encoding="utf-8")
    result = run(root, log)
    assert result.exit_code == 1
    assert "error[decisions.import-column]: no column gives the category of each decision" \
        in result.output
    log.write_text("Reference,Title,Decision date,Decision maker,Category,Interests,"
                   "Decision text,Reasons\nOPCC-2026-001,A grant,04/03/2026,Chief Executive,"
                   "grants,none,To grant it.,It helps.\nOPCC-2026-001,Again,05/03/2026,"
                   "Chief Executive,grants,none,To grant it.,It helps.\n", encoding="utf-8")
    result = run(root, log)
    assert result.exit_code == 1 and "error[decisions.import-duplicate]" in result.output
    log.write_text(log.read_text().split("\nOPCC-2026-001,Again")[0] + "\n", encoding="utf-8")
    assert run(root, log).exit_code == 0
    again = run(root, log)
    assert again.exit_code == 1 and "error[decisions.import-exists]" in again.output
    assert run(root, log, "--force").exit_code == 0


def test_a_file_that_is_not_a_log_is_a_diagnostic_not_a_traceback(make_site, tmp_path):
    root = site(make_site)
    for name, data in (("log.xlsx", b"%PDF-1.4\nnot a workbook\n"), ("log.csv", b""),
                       ("log.csv", b"\xff\xfe\x00\x00garbage"), ("log.csv", b"just,one,row\n")):
        log = tmp_path / name
        log.write_bytes(data)
        result = run(root, log)
        assert result.exit_code in (1, 2), (name, data, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output, \
            result.output
        assert "error[" in result.output or "warning[" in result.output, result.output
    assert not (root / "content/decisions").exists()
