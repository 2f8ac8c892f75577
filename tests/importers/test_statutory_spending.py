"""Issue 16: real spending files into the office's own statutory dataset, through the real
command line (`opcc dataset import`, `opcc build`) on a copy of the example site.

- Every spending file of ../shared/realdata goes into the shipped spend-over-500 dataset
  with no mapping file; the site is built and every published CSV is re-read with
  frictionless against the schema published with it. The per-file table is printed (run
  with -s):

      .venv/bin/python -m pytest tests/importers/test_statutory_spending.py -s -k table

- Re-importing a real file changes nothing.
- One fixture per enricher rule (body, purpose, line numbers, value for money, recommended
  fields, the £500 threshold, months, the descriptor's dates, supplier types, masking,
  fallback columns). Personal data in the fixtures is made up or reserved for examples.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.datasets.publish import MASK
from tests.conftest import REPO, copy_example

REAL = REPO.parent / "shared" / "realdata"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real-data corpus {REAL} is not "
                                "here (CI copies shared/ beside the repository)")
DATASET = "spend-over-500"
TODAY = "2026-12-05"
BODY = "Police and Crime Commissioner for Northshire"  # site.yaml spending:
CHIEF = "Chief Constable of Northshire Police"
HEADER = "Payment Date,Transaction Number,Expense Area,Expense Type,Supplier Name,Description,Amount\n"


# --------------------------------------------------------------------------- helpers

def invoke(*args) -> tuple[int, str]:
    response = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in response.output, response.output
    if response.exception and not isinstance(response.exception, SystemExit):
        raise response.exception
    return response.exit_code, response.output


def import_file(root: Path, source: Path, *options) -> tuple[int, str]:
    return invoke("dataset", "import", source, "--into", DATASET, "--root", root, *options)


def import_json(root: Path, source: Path, *options) -> tuple[int, dict]:
    code, output = import_file(root, source, "--format", "json", *options)
    return code, json.loads(output)


def build(root: Path) -> None:
    code, output = invoke("build", "--root", root, "--today", TODAY)
    assert code == 0, output


def folder(root: Path) -> Path:
    return root / "datasets" / DATASET


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r": error\[[\w.-]+\]: ", line)]


def codes(document: dict, severity: str | None = None) -> list[str]:
    return [d["code"] for d in document["diagnostics"]
            if severity is None or d["severity"] == severity]


def diagnostic(document: dict, code: str) -> dict:
    [found] = [d for d in document["diagnostics"] if d["code"] == code]
    return found


def tree_bytes(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_example(tmp_path / "example")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def published(root: Path, resource: str) -> list[dict]:
    return rows_of(root / "site" / "datasets" / DATASET / f"{resource}.csv")


# --------------------------------------------------------------------------- the real corpus

@dataclass(frozen=True)
class Expected:
    path: str
    exit: int
    rows_in: int
    rows_out: int  # rows written (0 when refused)
    resources: tuple[str, ...] = ()
    refused: tuple[str, str, str, str] | None = None  # code, column, message, hint
    site: str = "main"


# rows: SOURCES.md's data rows (less the total and blank rows) — see each comment
EXPECTED = [
    Expected("lancashire-pcc/pcc-2018-19.xlsx", 0, 7974, 7974,  # 7,974 data rows
             tuple(f"spend-{m}" for m in ("2018-04", "2018-05", "2018-06", "2018-07",
                                          "2018-08", "2018-09", "2018-10", "2018-11",
                                          "2018-12", "2019-01", "2019-02", "2019-03"))),
    Expected("lancashire-pcc/pcc-2023-24.xlsx", 0, 9289, 9289,  # about 9,289
             tuple(f"spend-{m}" for m in ("2023-04", "2023-05", "2023-06", "2023-07",
                                          "2023-08", "2023-09", "2023-10", "2023-11",
                                          "2023-12", "2024-01", "2024-02", "2024-03"))),
    Expected("home-office-25k/ho-spend-25k-mar-2013.csv", 0, 1465, 1465,  # 1,465
             ("spend-2013-02", "spend-2013-03")),  # 8 February rows split off
    Expected("home-office-25k/HO_FY1516_AP4_Proc_Spend_25K_CSV.csv", 0, 996, 996,  # 996
             ("spend-2015-07",)),
    Expected("moj-25k/moj-aramis-data-nov-11.csv", 0, 1170, 1170,  # 1,170
             ("spend-2011-11",)),
    Expected("hyndburn-council/1701.csv", 0, 180, 180, ("spend-2017-01",)),  # 180
    # 547 data rows under a blank first row; 6 May rows of the appended block. Its own
    # site: Lancashire's 2023/24 workbook already has May and June 2023, and a few stray
    # rows for a month that has a resource are refused (test_stray_rows_... below)
    Expected("hyndburn-council/June-23-csv.csv", 0, 547, 547,
             ("spend-2023-05", "spend-2023-06"), site="june-2023"),
    Expected("hyndburn-council/February-2025-csv.csv", 0, 905, 905,  # 905
             ("spend-2025-02",)),
    Expected("hyndburn-council/March-25-CSV.csv", 0, 888, 888,  # 889 records, one the header
             ("spend-2025-03",)),
    Expected("oxford-city-council/expenditure-over-500-apr-jun-2014.csv", 1, 3836, 0,
             refused=("dataset.import-date", "Paid Date", "the date was lost",
                      "export the column again formatted as a date")),  # 3,836, all 00:00:00
    Expected("oxford-city-council/expenditure-over-500-apr-jun-2015.csv", 0, 3993, 3993,
             ("spend-2015-04", "spend-2015-05", "spend-2015-06")),  # 3,993
    Expected("leeds-city-council/2013-01.csv", 0, 8273, 8272,  # 8,272 and 1 total row
             ("spend-2012-12", "spend-2013-01")),
    Expected("tameside-council/Tameside_September_2014.csv", 1, 1247, 0,  # 1,247
             refused=("dataset.import-required", "Paid Date",
                      "and 2 more rows like it in this column (rows 1247, 1248)",
                      "fill it in at the source")),  # 3 undated summary rows
    Expected("trafford-council-spend/Trafford_September_2014.csv", 0, 9670, 9670,  # 9,670
             ("spend-2014-09",)),
]


@dataclass
class Outcome:
    exit: int
    document: dict
    text: str = ""  # the text report (refused files)
    rows_in: int = 0
    rows_out: int = 0
    seconds: float = 0.0
    suppliers: Counter = field(default_factory=Counter)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, Path], dict[str, Outcome]]:
    """Every real spending file imported with no mapping file (in EXPECTED's order), then
    each site built once."""
    if not REAL.is_dir():
        pytest.skip(f"the real-data corpus {REAL} is not here")
    sites: dict[str, Path] = {}
    outcomes: dict[str, Outcome] = {}
    for case in EXPECTED:
        if case.site not in sites:
            sites[case.site] = copy_example(tmp_path_factory.mktemp(case.site) / "example")
        root = sites[case.site]
        start = time.perf_counter()
        code, document = import_json(root, REAL / case.path)
        seconds = time.perf_counter() - start
        outcome = Outcome(code, document, seconds=seconds,
                          rows_in=sum(t["rows_in"] for t in document["tables"]))
        if code == 0:
            names: dict[str, set] = {}
            for table in document["tables"]:
                rows = rows_of(folder(root) / f"{table['resource']}.csv")
                outcome.rows_out += len(rows)
                for row in rows:
                    if row["supplier_name"] == MASK:  # withheld in the export
                        outcome.suppliers["withheld rows"] += 1
                    else:
                        names.setdefault(row["supplier_type"], set()).add(row["supplier_name"])
            outcome.suppliers.update({kind: len(n) for kind, n in names.items()})
        else:
            outcome.text = import_file(root, REAL / case.path)[1]
        outcomes[case.path] = outcome
    for root in sites.values():
        build(root)
    return sites, outcomes


@needs_real
@pytest.mark.slow
@pytest.mark.parametrize("case", EXPECTED, ids=[c.path.split("/")[-1] for c in EXPECTED])
def test_each_real_file_into_the_statutory_dataset(corpus, case):
    _, outcomes = corpus
    outcome = outcomes[case.path]
    document = outcome.document
    assert outcome.exit == case.exit, document["diagnostics"]
    assert (outcome.rows_in, outcome.rows_out) == (case.rows_in, case.rows_out)
    if case.refused is None:
        assert codes(document, "error") == []
        assert tuple(t["resource"] for t in document["tables"]) == case.resources
        assert document["written"] == [f"datasets/{DATASET}/{r}.csv" for r in case.resources] \
            + [f"datasets/{DATASET}/suppliers.csv"]
        assert all(t["rows_in"] == t["rows_out"] + len(t["total_rows"])
                   for t in document["tables"])
        return
    # refused: exactly one error, naming the column and saying what to change
    code, column, message, hint = case.refused
    assert codes(document, "error") == [code] and document["written"] == []
    [error] = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert error["field"] == column and message in error["message"] and hint in error["hint"]
    [line] = error_lines(outcome.text)
    assert f":{column}: error[{code}]: " in line
    assert re.search(r"\n1 error, \d+ warnings?; nothing was written$", outcome.text.rstrip())
    assert f"    hint: {error['hint']}" in outcome.text


@needs_real
@pytest.mark.slow
def test_at_least_12_of_the_14_import_and_the_table(corpus):
    _, outcomes = corpus
    imported = [p for p, o in outcomes.items() if o.exit == 0]
    assert len(outcomes) == 14 and len(imported) == 12
    kinds = ("company", "public-body", "charity", "vcse", "partnership", "sole-trader",
             "individual", "unknown", "withheld rows")
    print(f"\n{'file':58} exit {'rows in':>8} {'rows out':>8} {'warn':>4}  "
          + " ".join(f"{k[:7]:>7}" for k in kinds) + "  seconds")
    for case in EXPECTED:
        o = outcomes[case.path]
        print(f"{case.path:58} {o.exit:4} {o.rows_in:8} {o.rows_out:8} "
              f"{o.document['summary']['warnings']:4}  "
              + " ".join(f"{o.suppliers.get(k, 0):7}" for k in kinds) + f"  {o.seconds:7.2f}")
    print(f"{len(imported)} of {len(outcomes)} imported; suppliers are distinct names per "
          "type in the rows each file wrote (withheld: rows the export itself redacted)")


@needs_real
@pytest.mark.slow
def test_every_published_csv_is_valid_against_its_published_schema(corpus):
    from frictionless import Resource, Schema

    sites, _ = corpus
    for name, root in sites.items():
        out = root / "site" / "datasets" / DATASET
        package = json.loads((out / "datapackage.json").read_text("utf-8"))
        listed = {r["path"]: r for r in package["resources"]}
        csvs = sorted(p.name for p in out.glob("*.csv"))
        assert csvs == sorted(listed), name
        expected = {r for c in EXPECTED if c.site == name for r in c.resources}
        assert expected <= {Path(p).stem for p in csvs}
        assert not list(out.glob("suppliers*"))  # the register is never published
        for path in csvs:
            schema = Schema.from_descriptor(listed[path]["schema"])
            report = Resource(path=path, basepath=str(out), schema=schema).validate()
            assert report.valid, (name, path, report.flatten(["rowNumber", "fieldName",
                                                             "type", "note"])[:5])
            for row in rows_of(out / path):
                if row["supplier_type"] in ("individual", "sole-trader", "unknown"):
                    assert row["supplier_name"] == MASK, (path, row["supplier_type"])
    code, output = invoke("check", "--root", sites["main"], "--today", TODAY)
    assert code == 0, output


# --------------------------------------------------------------------------- idempotence

@needs_real
@pytest.mark.parametrize("path", [
    "hyndburn-council/1701.csv",
    "trafford-council-spend/Trafford_September_2014.csv",  # invoices of several lines
    "home-office-25k/ho-spend-25k-mar-2013.csv",  # split by month: 8 rows of February
])
def test_importing_a_real_file_again_changes_nothing(site, path):
    code, first = import_json(site, REAL / path)
    assert code == 0, first["diagnostics"]
    before = tree_bytes(folder(site))
    resources = [t["resource"] for t in first["tables"]]
    keys = {r: [(row["transaction_number"], row["line"])
                for row in rows_of(folder(site) / f"{r}.csv")] for r in resources}
    assert {"datapackage.yaml", "suppliers.csv"} <= set(before)
    code, output = import_file(site, REAL / path)
    assert code == 0, output
    assert tree_bytes(folder(site)) == before  # CSVs, suppliers.csv and datapackage.yaml
    assert keys == {r: [(row["transaction_number"], row["line"])
                        for row in rows_of(folder(site) / f"{r}.csv")] for r in resources}
    for resource in resources:
        assert f"datasets/{DATASET}/{resource}.csv is unchanged" in output
    assert output.count(" 0 changed, ") == len(resources)
    assert re.search(r"diff: 0 rows added, 0 removed, 0 changed, \d+ unchanged", output)
    assert output.rstrip().endswith("nothing changed") and "new supplier" not in output


# --------------------------------------------------------------------------- enricher rules

def test_body_from_site_yaml_and_the_chief_constable_from_the_file_name(site, tmp_path):
    rows = HEADER + "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,Window repairs,700.00\n"
    assert import_file(site, write(tmp_path, "payments.csv", rows))[0] == 0
    assert rows_of(folder(site) / "spend-2024-05.csv")[0]["body"] == BODY
    june = rows.replace("02/05/2024", "02/06/2024")
    code, output = import_file(site, write(tmp_path, "Chief Constable June.csv", june))
    assert code == 0, output
    assert rows_of(folder(site) / "spend-2024-06.csv")[0]["body"] == CHIEF
    assert f"body ← {CHIEF} (site.yaml)" in output
    # or a sheet's name
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Constabulary"
    book.active.append(HEADER.strip().split(","))
    book.active.append(["02/08/2024", "T1", "Estates", "Premises", "Acme Widgets Ltd",
                        "Window repairs", 700])
    book.save(tmp_path / "payments.xlsx")
    assert import_file(site, tmp_path / "payments.xlsx")[0] == 0
    assert rows_of(folder(site) / "spend-2024-08.csv")[0]["body"] == CHIEF
    # a body column wins
    july = "Body," + june.replace("02/06/2024", "Joint Audit Committee,02/07/2024")
    assert import_file(site, write(tmp_path, "force.csv", july))[0] == 0
    assert rows_of(folder(site) / "spend-2024-07.csv")[0]["body"] == "Joint Audit Committee"


@pytest.mark.parametrize("name", ["chief-constable-june.csv", "chief_constable_june.csv",
                                  "police_force_june.csv"])
def test_the_chief_constable_from_a_file_name_with_hyphens_or_underscores(site, tmp_path,
                                                                          name):
    rows = HEADER + "02/06/2024,T1,Estates,Premises,Acme Widgets Ltd,Window repairs,700.00\n"
    assert import_file(site, write(tmp_path, name, rows))[0] == 0
    assert rows_of(folder(site) / "spend-2024-06.csv")[0]["body"] == CHIEF


def test_purpose_from_the_expense_type_where_empty_with_a_warning(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,,700.00\n"
                   "03/05/2024,T2,Estates,Premises,Acme Widgets Ltd,Boiler service,800.00\n"
                   "04/05/2024,T3,Fleet,Transport,Acme Widgets Ltd,,900.00\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    assert [r["purpose"] for r in rows_of(folder(site) / "spend-2024-05.csv")] == \
        ["Premises", "Boiler service", "Transport"]
    warned = diagnostic(document, "dataset.import-purpose")
    assert warned["message"] == ("2 rows had no purpose or description, so the purpose was "
                                 "taken from 'Expense Type'")


def test_line_numbers_within_a_transaction_and_for_rows_without_one(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,INV-7,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
                   "02/05/2024,INV-7,Estates,Premises,Acme Widgets Ltd,Locks,650.00\n"
                   "02/05/2024,INV-8,Estates,Premises,Acme Widgets Ltd,Paint,900.00\n"
                   "02/05/2024,INV-7,Estates,Premises,Acme Widgets Ltd,Hinges,800.00\n"
                   "03/05/2024,,Estates,Premises,Acme Widgets Ltd,Glass,710.00\n"
                   "04/05/2024,,Estates,Premises,Acme Widgets Ltd,Frames,720.00\n")
    code, output = import_file(site, source)
    assert code == 0, output
    rows = rows_of(folder(site) / "spend-2024-05.csv")
    assert [(r["transaction_number"], r["line"], r["purpose"]) for r in rows] == [
        ("INV-7", "1", "Doors"), ("INV-7", "2", "Locks"), ("INV-8", "1", "Paint"),
        ("INV-7", "3", "Hinges"), ("", "1", "Glass"), ("", "2", "Frames")]
    assert "line ← numbered within each transaction" in output


def test_value_for_money_needs_a_column_or_the_statement_shown_on_the_page(site, tmp_path):
    descriptor = folder(site) / "datapackage.yaml"
    text = descriptor.read_text("utf-8")
    statement = re.search(r"value_for_money: >-\n(?:  .*\n)+", text)[0]
    descriptor.write_text(text.replace(statement, ""), "utf-8")
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
                   "03/05/2024,T2,Estates,Premises,Acme Widgets Ltd,Locks,800.00\n")
    code, output = import_file(site, source)
    assert code == 1 and len(error_lines(output)) == 1
    assert ("error[dataset.import-statement]: 2 rows give no value for money "
            "(value_for_money), and datasets/spend-over-500/datapackage.yaml has no "
            "value_for_money: statement to cover them") in output
    assert not (folder(site) / "spend-2024-05.csv").exists()
    # a column of reasons is enough
    column = source.read_text("utf-8").replace("Amount\n", "Amount,Value for money\n") \
        .replace("700.00\n", "700.00,Framework call-off\n") \
        .replace("800.00\n", "800.00,Three quotes\n")
    assert import_file(site, write(tmp_path, "reasons.csv", column))[0] == 0
    assert [r["value_for_money"] for r in rows_of(folder(site) / "spend-2024-05.csv")] == \
        ["Framework call-off", "Three quotes"]
    # or the dataset's statement, which the dataset page shows
    words = "Every order was placed through the Blue Heron purchasing framework."
    descriptor.write_text(text.replace(statement, f"value_for_money: >-\n  {words}\n"),
                          "utf-8")
    code, output = import_file(site, source)
    assert code == 0, output
    assert "value_for_money ← covered by value_for_money: in" in output
    build(site)
    page = (site / "site" / "datasets" / DATASET / "index.html").read_text("utf-8")
    assert words in page


def test_the_recommended_fields_warning_is_given_once_for_a_three_sheet_workbook(site,
                                                                                 tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for month in (4, 5, 6):
        sheet = book.create_sheet(f"2024-0{month}")
        sheet.append(["Date", "Supplier", "Description", "Amount"])
        sheet.append([f"02/0{month}/2024", "Acme Widgets Ltd", "Doors", 700])
    path = tmp_path / "quarter.xlsx"
    book.save(path)
    code, document = import_json(site, path)
    assert code == 0, document["diagnostics"]
    assert [t["resource"] for t in document["tables"]] == \
        ["spend-2024-04", "spend-2024-05", "spend-2024-06"]
    assert codes(document).count("dataset.import-recommended") == 1
    warned = diagnostic(document, "dataset.import-recommended")
    assert warned["severity"] == "warning"
    assert warned["message"].startswith("the export has no column for 6 recommended fields: "
                                        "Transaction number (transaction_number), Expense area")
    assert "next month's export" in warned["hint"]


def test_rows_under_the_threshold_are_a_warning_with_their_count(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
                   "03/05/2024,T2,Estates,Premises,Acme Widgets Ltd,Locks,499.99\n"
                   "04/05/2024,T3,Estates,Premises,Acme Widgets Ltd,Credit,-120.00\n"
                   "05/05/2024,T4,Estates,Premises,Acme Widgets Ltd,Glass,500.00\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-threshold")
    assert (warned["severity"], warned["row"]) == ("warning", 3)
    assert warned["message"] == ("2 rows of less than £500 (rows 3, 4) were imported into a "
                                 "dataset of payments over £500")
    assert len(rows_of(folder(site) / "spend-2024-05.csv")) == 4  # published as they are


def test_a_file_spanning_three_months_becomes_three_resources(site, tmp_path):
    rows = [f"0{d}/05/2024,M{d},Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
            for d in range(1, 6)]
    source = write(tmp_path, "spring.csv", HEADER + "".join(rows) +
                   "02/06/2024,J1,Estates,Premises,Acme Widgets Ltd,Doors,710.00\n"
                   "02/07/2024,K1,Estates,Premises,Acme Widgets Ltd,Doors,720.00\n")
    refused, output = import_file(site, source, "--resource", "spend-2024-05")
    assert refused == 1 and "dataset.import-months" in output
    assert len(error_lines(output)) == 1 and not (folder(site) / "spend-2024-05.csv").exists()
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    assert [(t["resource"], t["rows_out"]) for t in document["tables"]] == \
        [("spend-2024-05", 5), ("spend-2024-06", 1), ("spend-2024-07", 1)]  # not all in May
    assert [r["transaction_number"] for r in rows_of(folder(site) / "spend-2024-06.csv")] == \
        ["J1"]
    assert [r["transaction_number"] for r in rows_of(folder(site) / "spend-2024-07.csv")] == \
        ["K1"]


def test_stray_rows_for_a_month_that_has_a_resource_are_refused(site, tmp_path):
    october = (folder(site) / "spend-2026-10.csv").read_bytes()  # the example's last month
    rows = [f"{d:02}/11/2026,N{d},Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
            for d in range(1, 11)]
    source = write(tmp_path, "november.csv", HEADER + "".join(rows) +
                   "30/10/2026,LATE1,Estates,Premises,Acme Widgets Ltd,Doors,710.00\n"
                   "31/10/2026,LATE2,Estates,Premises,Acme Widgets Ltd,Doors,720.00\n")
    code, output = import_file(site, source)
    assert code == 1 and output.rstrip().endswith("nothing was written")
    [line] = error_lines(output)
    assert "error[dataset.import-months]" in line and ":12:" in line  # the first stray row
    assert (folder(site) / "spend-2026-10.csv").read_bytes() == october
    assert not (folder(site) / "spend-2026-11.csv").exists()


def test_the_descriptor_updated_and_period_are_refreshed(site, tmp_path):
    from datetime import date

    source = write(tmp_path, "november.csv", HEADER +
                   "02/11/2026,N1,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n")
    assert import_file(site, source)[0] == 0
    text = (folder(site) / "datapackage.yaml").read_text("utf-8")
    assert f"\nupdated: {date.today().isoformat()}\n" in text
    assert "\nperiod: November 2025 to November 2026\n" in text
    assert text.startswith("# Spending over £500: one CSV per month.")  # comments kept
    # a period written as a block scalar is not rewritten: a warning names the line
    descriptor = folder(site) / "datapackage.yaml"
    descriptor.write_text(text.replace("period: November 2025 to November 2026\n",
                                       "period: >-\n  November 2025 to November 2026\n"), "utf-8")
    line = descriptor.read_text("utf-8").splitlines().index("period: >-") + 1
    december = write(tmp_path, "december.csv", HEADER +
                     "02/12/2026,D1,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n")
    code, document = import_json(site, december)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-descriptor")
    assert warned["hint"] == ("set these lines by hand: period: November 2025 to December "
                              f"2026 (line {line})")
    assert "period: >-\n  November 2025 to November 2026\n" in descriptor.read_text("utf-8")


def test_the_supplier_register_carries_over_and_can_be_corrected(site, tmp_path):
    row = "02/{m}/2024,T{m},Estates,Premises,Northbridge Cleaning Services,Office cleaning,700.00\n"
    code, output = import_file(site, write(tmp_path, "may.csv", HEADER + row.format(m="05")))
    assert code == 0, output
    register = folder(site) / "suppliers.csv"
    assert "Northbridge Cleaning Services,company," in register.read_text("utf-8")
    assert "company: Northbridge Cleaning Services (contains the trade word 'cleaning')" \
        in output
    # the office corrects the guess; next month's import uses it
    register.write_text(register.read_text("utf-8").replace(
        "Northbridge Cleaning Services,company,contains the trade word 'cleaning'",
        "Northbridge Cleaning Services,charity,a social enterprise run by a charity"), "utf-8")
    code, output = import_file(site, write(tmp_path, "june.csv", HEADER + row.format(m="06")))
    assert code == 0, output
    assert rows_of(folder(site) / "spend-2024-06.csv")[0]["supplier_type"] == "charity"
    assert "new supplier" not in output
    assert "Northbridge Cleaning Services,charity," in register.read_text("utf-8")


def test_a_person_like_name_typed_as_a_company_is_a_warning_naming_the_row(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER.replace("Amount", "Supplier Type,Amount") +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,Doors,company,700.00\n"
                   "03/05/2024,T2,Victims,Grants,Mrs Janet Hargreaves,Counselling,company,"
                   "800.00\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-supplier-person")
    assert (warned["severity"], warned["row"]) == ("warning", 3)
    assert "(rows 3)" in warned["message"] and "individual or sole-trader" in warned["hint"]


def test_an_unknown_supplier_is_listed_and_masked_in_the_built_site(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,Doors,700.00\n"
                   "03/05/2024,T2,Estates,Premises,Zorvex,Consultancy,800.00\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-supplier-unknown")
    # by its initials only: the output ends up in CI logs; suppliers.csv has it in full
    assert warned["message"] == "1 supplier could not be typed and will be masked: Z…"
    assert "Zorvex,unknown," in (folder(site) / "suppliers.csv").read_text("utf-8")
    assert [r["supplier_type"] for r in rows_of(folder(site) / "spend-2024-05.csv")] == \
        ["company", "unknown"]
    build(site)
    assert [(r["supplier_name"], r["supplier_type"]) for r in published(site, "spend-2024-05")] \
        == [("Acme Widgets Ltd", "company"), (MASK, "unknown")]
    assert "Zorvex" not in "".join(p.read_text("utf-8", "replace")
                                   for p in (site / "site").rglob("*") if p.is_file()
                                   and p.suffix in (".csv", ".json", ".html"))


def test_a_phone_number_in_a_description_is_masked_with_a_warning(site, tmp_path):
    source = write(tmp_path, "may.csv", HEADER +
                   "02/05/2024,T1,Estates,Premises,Acme Widgets Ltd,"
                   "Call-out: ring 01632 960123 for access,700.00\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-masked")
    assert (warned["severity"], warned["row"]) == ("warning", 2)
    assert "row 2 Description: UK phone number" in warned["message"]
    assert "960123" not in json.dumps(document)
    assert rows_of(folder(site) / "spend-2024-05.csv")[0]["purpose"] == \
        f"Call-out: ring {MASK} for access"
    build(site)
    assert published(site, "spend-2024-05")[0]["purpose"] == f"Call-out: ring {MASK} for access"


def test_an_empty_amount_is_taken_from_the_invoice_total(site, tmp_path):
    source = write(tmp_path, "may.csv",
                   "Payment Date,Transaction Number,Supplier Name,Description,"
                   "DISTRIBUTION_AMOUNT,TOTAL_INVOICE_VALUE\n"
                   "02/05/2024,T1,Acme Widgets Ltd,Doors,700.00,700.00\n"
                   "03/05/2024,T2,Acme Widgets Ltd,Locks,,\"$1,250.00 \"\n")
    code, document = import_json(site, source)
    assert code == 0, document["diagnostics"]
    warned = diagnostic(document, "dataset.import-fallback")
    assert warned["message"] == ("1 row had no amount in its own column, so it was taken "
                                 "from 'TOTAL_INVOICE_VALUE'")
    assert [r["amount"] for r in rows_of(folder(site) / "spend-2024-05.csv")] == \
        ["700.00", "1250.00"]
