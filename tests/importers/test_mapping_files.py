"""Mapping files and header defaults for `opcc dataset import` (issue 16, section 3).

Every rule runs through the real command line (`opcc dataset import` on opcc.cli.main)
against a copy of the example site (site.yaml, content/, datasets/) with real files on disk:

- the standard headings of the LGA spend and purchase-card templates, the Treasury £25k
  template and the real files in ../shared/realdata are known variants (CamelCase splits);
- a mapping file can recode values (`values:`), name the header row (`header_row:`), and
  YAML null is "no value", never the text "null";
- a wrong mapping file is reported at its line with a hint;
- --write-map picks the real header row, never copies the rows above it, lists the
  schema's fields with a comment each and shows a values: example only when it is safe.

Two rules need a one-line change in a file another part of the issue owns (see
/tmp/h16-mapping/NOTES.md): applying `values:` while converting (convert.py) and writing
the template with mapping.mapping_template (spending.py). Their command-line tests are
skipped, saying so, until the change is in; the same rules are also tested here through
the functions the change calls.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from opcc.cli.main import main
from opcc.importers import mapping_template as mapping_module
from opcc.importers.mapping import read_mapping
from opcc.importers.mapping_template import mapping_template
from opcc.importers.sources import read_source
from opcc.importers.target import load_target
from tests.conftest import REPO

REAL = REPO.parent / "shared" / "realdata"
SPEND = "spend-over-500"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real-data corpus {REAL} is "
                                "not here (CI copies shared/ beside the repository)")


def _recoding_wired() -> bool:
    from opcc.importers import convert
    return "recode(" in Path(convert.__file__).read_text("utf-8")


def _template_wired() -> bool:
    from opcc.importers import spending
    return getattr(spending, "mapping_template", None) is mapping_template


needs_recoding = pytest.mark.skipif(not _recoding_wired(), reason="convert.py does not apply "
                                    "values: yet (patch in /tmp/h16-mapping/NOTES.md)")
needs_template = pytest.mark.skipif(not _template_wired(), reason="spending.py does not write "
                                    "--write-map with mapping.mapping_template yet (patch in "
                                    "/tmp/h16-mapping/NOTES.md)")


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example site: site.yaml, content/ and datasets/."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "datasets", root / "datasets")
    return root


def cli(root: Path, *args) -> tuple[int, dict | str]:
    """`opcc dataset import ARGS --root ROOT --format json`: (exit code, the JSON report)."""
    result = CliRunner().invoke(main, ["dataset", "import", *map(str, args), "--root",
                                       str(root), "--format", "json"])
    try:
        return result.exit_code, json.loads(result.stdout)
    except ValueError:
        return result.exit_code, result.output


def columns(report: dict, table: int = 0) -> dict[str, str]:
    """field → the source column it comes from."""
    return {c["field"]: c["source"] for c in report["tables"][table]["columns"]}


def map_problems(report: dict) -> list[dict]:
    return [d for d in report["diagnostics"] if d["code"] == "dataset.import-map"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def dataset_fields(root: Path, name: str = SPEND) -> list[str]:
    target, problems = load_target(root, name)
    assert target is not None, problems
    return [f.name for f in target.fields]


# --------------------------------------------------------------------------- 1. variants

LGA_SPEND = ("OrganisationURI,OrganisationLabel,PaymentDate,TransactionNumber,Line,"
             "BeneficiaryName,BeneficiaryID,ServiceCategoryLabel,ExpenseType,Purpose,"
             "ValueForMoney,Amount,IrrecoverableVATAmount,ProclassLabel\n"
             "http://example.org/id/1,Office of the PCC for Testshire,02/05/2024,T1,1,"
             "Acme Ltd,B1,Commissioning,Grants,Victim services,Competitive tender,700.00,"
             "0.00,Social care\n")


def test_lga_spend_template_camel_case_headings_are_known(site, tmp_path):
    _, report = cli(site, write(tmp_path / "lga.csv", LGA_SPEND), "--into", SPEND,
                       "--dry-run")
    mapped = columns(report)
    expected = {"body": "OrganisationLabel", "payment_date": "PaymentDate",
                "transaction_number": "TransactionNumber", "supplier_name": "BeneficiaryName",
                "expense_area": "ServiceCategoryLabel", "expense_type": "ExpenseType",
                "purpose": "Purpose", "amount": "Amount",
                "irrecoverable_vat": "IrrecoverableVATAmount",
                "merchant_category": "ProclassLabel", "line": "Line",
                "value_for_money": "ValueForMoney"}
    fields = dataset_fields(site)
    assert {f: mapped.get(f) for f in expected if f in fields} == \
        {f: c for f, c in expected.items() if f in fields}
    # the URI is never taken for the body's name
    assert "OrganisationURI" in {d["source"] for d in report["tables"][0]["dropped"]}


def test_lga_spend_template_other_spellings(site, tmp_path):
    text = ("OrganisationName,PaymentDate,TransactionNumber,LineNumber,BeneficiaryName,"
            "OrganisationalUnit,ExpenseType,Purpose,VFM reason,NetAmount,"
            "IrrecoverableVAT,ProcurementClassification\n"
            "Testshire OPCC,02/05/2024,T1,1,Acme Ltd,Estates,Premises,Repairs,Framework,"
            "700,0,Facilities\n")
    _, report = cli(site, write(tmp_path / "lga2.csv", text), "--into", SPEND, "--dry-run")
    mapped = columns(report)
    assert mapped["body"] == "OrganisationName"
    assert mapped["expense_area"] == "OrganisationalUnit"
    assert mapped["amount"] == "NetAmount"
    assert mapped["merchant_category"] == "ProcurementClassification"
    if "line" in dataset_fields(site):
        assert mapped["line"] == "LineNumber"
    if "value_for_money" in dataset_fields(site):
        assert mapped["value_for_money"] == "VFM reason"


def test_treasury_25k_template_headings_are_known(site, tmp_path):
    text = ("Department family,Entity,Date,Expense type,Expense area,Supplier,"
            "Transaction number,Amount,Description,Supplier Postcode,Supplier Type,"
            "Contract Number,Project Code,Expenditure Type\n"
            "Home Office,Testshire OPCC,02/05/2024,Premises,Estates,Acme Ltd,T1,700,Repairs,"
            "AB1 2CD,Private,C1,P1,Revenue\n")
    _, report = cli(site, write(tmp_path / "hmt.csv", text), "--into", SPEND, "--dry-run")
    mapped = columns(report)
    assert mapped == {**mapped, "body": "Entity", "payment_date": "Date",
                      "expense_type": "Expense type", "expense_area": "Expense area",
                      "supplier_name": "Supplier", "transaction_number": "Transaction number",
                      "amount": "Amount", "purpose": "Description",
                      "supplier_type": "Supplier Type"}
    dropped = {d["source"] for d in report["tables"][0]["dropped"]}
    assert {"Department family", "Supplier Postcode", "Contract Number", "Project Code",
            "Expenditure Type"} <= dropped


def test_lga_purchase_card_template_headings_are_known(site, tmp_path):
    text = ("TransactionDate,TransactionNumber,MerchantName,MerchantCategoryCode,"
            "OrganisationalUnit,ExpenseType,Purpose,Amount,IrrecoverableVATAmount\n"
            "02/05/2024,PC1,Acme Ltd,5411,Estates,Supplies,Cleaning materials,45.00,0.00\n")
    _, report = cli(site, write(tmp_path / "card.csv", text), "--into",
                       "procurement-card", "--dry-run")
    mapped = columns(report)
    assert mapped == {**mapped, "transaction_date": "TransactionDate",
                      "transaction_reference": "TransactionNumber",
                      "merchant_name": "MerchantName",
                      "merchant_category": "MerchantCategoryCode",
                      "department": "OrganisationalUnit", "expense_type": "ExpenseType",
                      "purpose": "Purpose", "amount": "Amount",
                      "irrecoverable_vat": "IrrecoverableVATAmount"}


REAL_COLUMNS = {
    "trafford-council-spend/Trafford_September_2014.csv": {
        "body": "Body name", "purpose": "Extended Description",
        "merchant_category": "ProClass Description", "transaction_number":
        "Transaction number", "expense_area": "Expense Area", "expense_type": "Expense Type"},
    "home-office-25k/ho-spend-25k-mar-2013.csv": {
        "body": "Entity", "supplier_name": "Supplier Name", "expense_area": "Expense Area"},
    "moj-25k/moj-aramis-data-nov-11.csv": {
        "body": "ENTITY", "purpose": "DESCRIPTION", "supplier_type": "SUPPLIER_TYPE",
        "supplier_name": "SUPPLIER", "transaction_number": "TRANSACTION_NUMBER"},
    "leeds-city-council/2013-01.csv": {
        "body": "BodyName", "payment_date": "DatePaid",
        "transaction_number": "TransactionNumber", "amount": "NetAmount"},
    "oxford-city-council/expenditure-over-500-apr-jun-2015.csv": {
        "body": "Body Name", "expense_area": "Organisatonal Unit"},
    "hyndburn-council/February-2025-csv.csv": {
        "line": "Line", "purpose": "Description", "supplier_name": "Name:",
        "payment_date": "Payment Date", "amount": "Amount Paid"},
}


@needs_real
@pytest.mark.parametrize("name", sorted(REAL_COLUMNS))
def test_real_files_obvious_columns_map_without_a_mapping_file(site, name):
    _, report = cli(site, REAL / name, "--into", SPEND, "--dry-run")
    mapped = columns(report)
    fields = dataset_fields(site)
    expected = {f: c for f, c in REAL_COLUMNS[name].items() if f in fields}
    assert {f: mapped.get(f) for f in expected} == expected


# --------------------------------------------------------------------------- 2. mapping files

SOURCE = ("Date,Supplier,Amount,Kind,Purpose\n"
          "02/05/2024,Acme Ltd,700,PRIVATE,Repairs\n"
          "03/05/2024,Testshire County Council,800, public ,Repairs\n"
          "04/05/2024,Helping Hands Trust,900,vcs,Repairs\n"
          "05/05/2024,Oddments Ltd,950,Mystery,Repairs\n")


def test_values_recode_ignoring_case_and_spacing_unmapped_values_pass(site, tmp_path):
    """Through the functions the import calls: read_mapping and Mapping.recode."""
    path = write(tmp_path / "map.yaml", "values:\n  supplier_type:\n    PRIVATE: company\n"
                 "    \"Public \": public-body\n    VCS: vcse\n    unknown: null\n")
    target, _ = load_target(site, SPEND)
    mapping, problems = read_mapping(path, "map.yaml", target.fields)
    assert problems == []
    assert mapping.recode("supplier_type", "private") == "company"
    assert mapping.recode("supplier_type", "  PUBLIC ") == "public-body"
    assert mapping.recode("supplier_type", "V C S") == "V C S"  # spacing inside counts
    assert mapping.recode("supplier_type", "Vcs") == "vcse"
    assert mapping.recode("supplier_type", "Mystery") == "Mystery"  # passes unchanged
    assert mapping.recode("supplier_type", "UNKNOWN") == ""  # null: no value, not "null"
    assert mapping.recode("supplier_name", "private") == "private"  # only the field named


@needs_recoding
def test_values_recode_on_the_command_line(site, tmp_path):
    mapping = write(tmp_path / "map.yaml", "columns:\n  Kind: supplier_type\n"
                    "values:\n  supplier_type: {PRIVATE: company, PUBLIC: public-body, "
                    "VCS: vcse}\n")
    # the three rows whose values the mapping names
    source = write(tmp_path / "spend.csv", "".join(SOURCE.splitlines(True)[:4]))
    code, report = cli(site, source, "--into", SPEND, "--map", mapping)
    assert code == 0, report
    assert columns(report)["supplier_type"] == "Kind"
    [written] = report["written"]
    lines = (site / written).read_text("utf-8").splitlines()
    header = lines[0].split(",")
    types = [row.split(",")[header.index("supplier_type")] for row in lines[1:]]
    assert types == ["company", "public-body", "vcse"]
    # an unmapped value passes unchanged: the import sees 'Mystery' itself
    _, report = cli(site, write(tmp_path / "all.csv", SOURCE), "--into", SPEND, "--map",
                       mapping, "--dry-run")
    assert any("Mystery" in d["message"] for d in report["diagnostics"])


def test_null_constants_are_no_value_never_the_text_null(site, tmp_path):
    source = write(tmp_path / "spend.csv", SOURCE)
    mapping = write(tmp_path / "map.yaml", "constants:\n  merchant_category: null\n"
                    "  expense_type: ~\n  irrecoverable_vat:\n  expense_area: Estates\n")
    _, report = cli(site, source, "--into", SPEND, "--map", mapping, "--dry-run")
    table = report["tables"][0]
    assert table["constants"]["expense_area"] == "Estates"
    assert "null" not in json.dumps(table["constants"]).lower()
    optional = {"merchant_category", "expense_type", "irrecoverable_vat"}
    assert not optional & set(table["constants"])
    assert optional <= set(table["empty_fields"])
    # and a quoted "null" is text, on purpose
    path = write(tmp_path / "quoted.yaml", "constants:\n  merchant_category: \"null\"\n")
    mapping, _ = read_mapping(path, "quoted.yaml", dataset_fields(site))
    assert mapping.constants == {"merchant_category": "null"}


def test_header_row_names_the_header_in_a_csv(site, tmp_path):
    text = ("Spending report\n"
            "Date,Supplier,Amount\n"  # an old header left in the preamble
            "\n"
            "Body,Payment Date,Supplier,Amount,Purpose\n"
            "Testshire OPCC,02/05/2024,Acme Ltd,700,Repairs\n")
    source = write(tmp_path / "spend.csv", text)
    _, report = cli(site, source, "--into", SPEND, "--dry-run")
    assert report["tables"][0]["header_row"] == 4  # found by itself
    mapping = write(tmp_path / "map.yaml", "header_row: 2\n")
    _, report = cli(site, source, "--into", SPEND, "--map", mapping, "--dry-run")
    assert report["tables"][0]["header_row"] == 2  # as the mapping says


def test_header_row_per_sheet_in_a_workbook(site, tmp_path):
    book = Workbook()
    first = book.active
    first.title = "May"
    second = book.create_sheet("June")
    for sheet, above in ((first, 3), (second, 1)):
        for n in range(above):
            sheet.append([f"Note {n + 1}"])
        sheet.append(["Custom when", "Custom who", "Custom how much"])
        sheet.append(["02/05/2024", "Acme Ltd", 700])
    path = tmp_path / "book.xlsx"
    book.save(path)
    mapping = write(tmp_path / "map.yaml", "header_row: {May: 4, June: 2}\ncolumns:\n"
                    "  Custom when: payment_date\n  Custom who: supplier_name\n"
                    "  Custom how much: amount\n")
    _, report = cli(site, path, "--into", SPEND, "--map", mapping, "--dry-run")
    rows = {t["sheet"]: t["header_row"] for t in report["tables"]}
    assert rows == {"May": 4, "June": 2}
    assert columns(report)["payment_date"] == "A (Custom when)"


@pytest.mark.parametrize("text, line, says, hint", [
    ("columns:\n  Date: paymnet_date\n", 2, "did you mean 'payment_date'", "fields:"),
    ("constants:\n  purpose: Repairs\n  bodie: X\n", 3, "did you mean 'body'", "fields:"),
    ("values:\n  suplier_type: {PRIVATE: company}\n", 2, "did you mean 'supplier_type'",
     "fields:"),
    ("header_row: 0\n", 1, "positive whole number", "row number"),
    ("header_row: -2\n", 1, "positive whole number", "row number"),
    ("header_row: four\n", 1, "positive whole number", "row number"),
    ("header_row: 2.5\n", 1, "positive whole number", "row number"),
    ("\n\nheader_row:\n  May: 0\n", 4, "for sheet 'May'", "row number"),
    ("values:\n  supplier_type: PRIVATE\n", 2, "should map each source value", "e.g."),
])
def test_a_wrong_mapping_file_is_reported_at_its_line(site, tmp_path, text, line, says, hint):
    source = write(tmp_path / "spend.csv", SOURCE)
    mapping = write(tmp_path / "map.yaml", text)
    code, report = cli(site, source, "--into", SPEND, "--map", mapping, "--dry-run")
    assert code != 0 and report["written"] == []
    [problem] = map_problems(report)
    assert problem["path"].endswith("map.yaml") and problem["severity"] == "error"
    assert problem["line"] == line and says in problem["message"]
    assert hint in problem["hint"]


def test_a_recoding_target_outside_the_fields_values_is_an_error_at_its_line(site, tmp_path):
    source = write(tmp_path / "spend.csv", SOURCE)
    mapping = write(tmp_path / "map.yaml", "columns:\n  Kind: supplier_type\nvalues:\n"
                    "  supplier_type:\n    PRIVATE: company\n    PUBLIC: public body\n")
    code, report = cli(site, source, "--into", SPEND, "--map", mapping, "--dry-run")
    assert code != 0
    [problem] = map_problems(report)
    assert problem["line"] == 6 and "'public body'" in problem["message"]
    assert "did you mean 'public-body'" in problem["message"]
    assert "company" in problem["hint"] and problem["severity"] == "error"


# --------------------------------------------------------------------------- 3. --write-map

PREAMBLE = ("Payments over £500 - prepared by Jane Example (jane.example@testshire.police.uk)\n"
            "Contact 07700 900123 with questions\n"
            "\n"
            "When,Beneficiary,How much,Kind,Department\n"
            "02/05/2024,Acme Ltd,700,PRIVATE,Estates\n"
            "03/05/2024,Testshire County Council,800,PUBLIC,Estates\n"
            "04/05/2024,Helping Hands,900,VCS,Estates\n")
SECRETS = ("Jane Example", "jane.example", "07700", "Payments over", "Contact")


def _template(root: Path, source: Path, mapping_text: str | None = None) -> str:
    """mapping.mapping_template on the source as the import reads it."""
    target, _ = load_target(root, SPEND)
    mapping = None
    if mapping_text is not None:
        path = write(source.parent / "given.yaml", mapping_text)
        mapping, problems = read_mapping(path, "given.yaml", target.fields)
        assert problems == []
    return mapping_template(read_source(source, source.name), target, mapping)


def test_template_never_copies_rows_above_the_header(site, tmp_path):
    text = _template(site, write(tmp_path / "spend.csv", PREAMBLE))
    assert not any(secret in text for secret in SECRETS)
    assert '  "When": null' in text and '  "Department": expense_area  # recognised' in text
    assert "# header_row: 4" in text
    # headings no field recognises: the header is found by its shape, under the preamble
    lines = PREAMBLE.splitlines()
    lines[3] = "Alpha,Bravo,Charlie,Delta,Echo"
    text = _template(site, write(tmp_path / "unknown.csv", "\n".join(lines) + "\n"))
    assert not any(secret in text for secret in SECRETS)
    assert '  "Alpha": null' in text and "# header_row: 4" in text
    # a file whose header can't be found at all: columns by position only
    text = _template(site, write(tmp_path / "odd.csv", "Jane Example\n1,2,3\n4,5,6\n"))
    assert "Jane Example" not in text and '"column 1": null' in text
    assert "No header row was recognised" in text


def test_template_lists_every_field_with_a_comment(site, tmp_path):
    text = _template(site, write(tmp_path / "spend.csv", PREAMBLE))
    for name in dataset_fields(site):
        assert any(line.startswith(f"#   {name} (") for line in text.splitlines()), name
    assert "#   supplier_type (required" in text or "#   supplier_type (recommended" in text


def test_template_values_example_shows_few_safe_values(site, tmp_path):
    text = _template(site, write(tmp_path / "spend.csv", PREAMBLE),
                     "columns:\n  Kind: supplier_type\n")
    assert "# values:" in text
    for value in ("PRIVATE", "PUBLIC", "VCS"):
        assert f'#     "{value}": ""' in text
    # the template reads back as a mapping file once filled in
    filled = text.replace('#     "PRIVATE": ""', 'values:\n  supplier_type:\n'
                          '    "PRIVATE": company')
    path = write(tmp_path / "filled.yaml", filled)
    mapping, problems = read_mapping(path, "filled.yaml", load_target(site, SPEND)[0].fields)
    assert problems == [] and mapping.recode("supplier_type", "private") == "company"


def test_template_leaves_values_out_when_personal_or_too_many(site, tmp_path):
    people = "".join(f"0{n % 9 + 1}/05/2024,Supplier {n},700,Mr Person {n}\n" for n in range(5))
    text = _template(site, write(tmp_path / "people.csv", "Date,Supplier,Amount,Kind\n"
                                 + people), "columns:\n  Kind: supplier_type\n")
    assert "Person" not in text and '#     "SOURCE VALUE"' in text
    many = "".join(f"02/05/2024,S{n},700,K{chr(65 + n % 26)}{chr(65 + n // 26)}\n"
                   for n in range(25))
    text = _template(site, write(tmp_path / "many.csv", "Date,Supplier,Amount,Kind\n" + many),
                     "columns:\n  Kind: supplier_type\n")
    assert "KA" not in text and '#     "SOURCE VALUE"' in text
    assert mapping_module.looks_personal("Mrs Smith") and \
        mapping_module.looks_personal("Jane Smith")
    assert not mapping_module.looks_personal("PRIVATE")


@needs_template
def test_write_map_on_the_command_line_never_copies_the_preamble(site, tmp_path):
    source = write(tmp_path / "spend.csv", PREAMBLE)
    template = tmp_path / "map.yaml"
    code, report = cli(site, source, "--into", SPEND, "--write-map", template)
    assert code == 0 and report["mapping_written"] == str(template)
    text = template.read_text("utf-8")
    assert not any(secret in text for secret in SECRETS)
    assert "# header_row: 4" in text and '  "When": null' in text
    assert "# values:" in text and "#   supplier_type:" in text
