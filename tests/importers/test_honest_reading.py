"""Issue 16, section 5, "Honest reading": one fixture for each rule, run through the real
command (`opcc dataset import FILE --into NAME --root SITE`) against a copy of the example
site. Fixtures are made here, in tmp_path, so each shows exactly what it holds.

- encodings: UTF-8 first, else charset-normalizer; Windows-1252 only when the detector
  reads Western European text; anything it is unsure of is refused with Save As advice;
- a valid workbook that openpyxl's normal mode chokes on (a pivot table) is read
  read-only, its hidden rows still left out;
- a file whose extension lies is refused, saying what it really is;
- bad input exits 1, never 2;
- errors in a stable order; "0 rows in" never printed when rows were read.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.importers.tables import reading_order
from tests.conftest import REPO

REAL = REPO.parent / "shared" / "realdata"
SAVE_AS = "Save As → CSV UTF-8 (Comma delimited)"
NEEDS_SPENDING_PATCH = "needs spending.py patch in /tmp/h16-reading/NOTES.md"
LOOSE_SCHEMA = {"fields": [
    {"name": "date", "type": "date", "constraints": {"required": True}},
    {"name": "supplier", "type": "string", "constraints": {"required": True}},
    {"name": "amount", "type": "number", "constraints": {"required": True}},
]}
HEADER = "Date,Supplier,Amount\n"


# --------------------------------------------------------------------------- helpers

@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A copy of the example site, with a loose dataset `plain` (date, supplier, amount)
    for the rules that are not about spending columns."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for folder in ("content", "datasets"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "datasets" / "schemas" / "plain.json").write_text(json.dumps(LOOSE_SCHEMA), "utf-8")
    plain = root / "datasets" / "plain"
    plain.mkdir()
    (plain / "datapackage.yaml").write_text(
        "title: Plain payments\ndescription: Imported by the honest-reading tests.\n"
        "class: what-we-spend\npublished: 2024-01-01\nfrequency: monthly\n"
        "resources:\n  - name: plain\n    path: plain.csv\n    title: Plain\n"
        "    schema: ../schemas/plain.json\n", "utf-8")
    (plain / "plain.csv").write_text("date,supplier,amount\n", "utf-8")
    return root


def run_import(root: Path, source: Path, into: str = "plain", *options: str):
    return CliRunner().invoke(main, ["dataset", "import", str(source), "--into", into,
                                     "--root", str(root), *options])


def written_rows(root: Path, into: str = "plain") -> list[dict]:
    rows = []
    for path in sorted((root / "datasets" / into).glob("*.csv")):
        rows += list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    return rows


def save(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def workbook_bytes(sheets: dict[str, list[list]],
                   hidden_rows: dict[str, list[int]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for number in (hidden_rows or {}).get(title, []):
            sheet.row_dimensions[number].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- 1. encodings

WINDOWS_1252_FILES = ["home-office-25k/ho-spend-25k-mar-2013.csv", "hyndburn-council/1701.csv",
                      "hyndburn-council/February-2025-csv.csv",
                      "hyndburn-council/March-25-CSV.csv", "moj-25k/moj-aramis-data-nov-11.csv"]


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real-data corpus {REAL} is not here")
@pytest.mark.parametrize("name", WINDOWS_1252_FILES)
def test_real_windows_1252_exports_are_read_as_windows_1252(site, name):
    """charset-normalizer calls these 'cp1250'; their bytes are Windows-1252 (£ is 0xA3)."""
    response = run_import(site, REAL / name, "spend-over-500", "--dry-run")
    assert "(Windows-1252, comma-separated)" in response.output, response.output
    assert "dataset.import-encoding" not in response.output


def test_short_windows_1252_text_is_read_and_published_correctly(site, tmp_path):
    text = HEADER + "02/05/2024,Café O’Brien – Ltd,£700\n03/05/2024,Crème “Brûlée” Ltd,£800\n"
    response = run_import(site, save(tmp_path, "cp1252.csv", text.encode("cp1252")))
    assert response.exit_code == 0, response.output
    assert "(Windows-1252, comma-separated)" in response.output
    suppliers = [row["supplier"] for row in written_rows(site)]
    assert suppliers == ["Café O’Brien – Ltd", "Crème “Brûlée” Ltd"]


@pytest.mark.parametrize("name, data", [
    ("utf-8.csv", (HEADER + "02/05/2024,Café Ltd,£700\n").encode("utf-8")),
    ("utf-8-bom.csv", (HEADER + "02/05/2024,Café Ltd,£700\n").encode("utf-8-sig")),
    ("utf-16.csv", (HEADER + "02/05/2024,Café Ltd,£700\n").encode("utf-16")),
])
def test_unicode_files_are_read_without_asking_the_detector(site, tmp_path, name, data):
    response = run_import(site, save(tmp_path, name, data))
    assert response.exit_code == 0, response.output
    assert [row["supplier"] for row in written_rows(site)] == ["Café Ltd"]


@pytest.mark.parametrize("name, data, says", [
    ("shift-jis.csv", (HEADER + "02/05/2024,東京株式会社,700\n03/05/2024,大阪商事,800\n")
     .encode("shift_jis"), "Japanese"),
    ("cyrillic.csv", (HEADER + "02/05/2024,Москва ООО,700\n").encode("cp1251"), "Cyrillic"),
    ("mixed.csv", (HEADER + "02/05/2024,Café Ltd,700\n").encode("utf-8")
     + "03/05/2024,Crème Ltd,£800\n".encode("cp1252"), "mixes UTF-8 text with Windows-1252"),
    ("corrupt.csv", HEADER.encode() + b"02/05/2024,Caf\x81\x8d\x9d Ltd,700\n",
     "can't be worked out with confidence"),
    ("binary.csv", bytes(range(128, 256)) * 4, "no text encoding fits"),
    ("garbled.csv", (HEADER + "02/05/2024,Café Ltd,£700\n").encode("utf-8").decode("cp1252")
     .encode("utf-8"), "already garbled"),
])
def test_text_the_detector_is_unsure_of_is_refused_never_garbled(site, tmp_path, name, data,
                                                                  says):
    response = run_import(site, save(tmp_path, name, data))
    assert response.exit_code == 1, response.output
    assert "error[dataset.import-encoding]" in response.output
    assert says in response.output and SAVE_AS in response.output
    assert written_rows(site) == []


# --------------------------------------------------------------------------- 2. pivot tables

PIVOT_CACHE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" \
refreshedDate="45414.5" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" \
recordCount="3"><cacheSource type="worksheet"><worksheetSource ref="A1:C5" sheet="Payments"/>\
</cacheSource><cacheFields count="3"><cacheField name="Date" numFmtId="0"><sharedItems/>\
</cacheField><cacheField name="Supplier" numFmtId="0"><sharedItems count="3"><s v="Acme Ltd"/>\
<s v="Beta Ltd"/><s v="Gamma Ltd"/></sharedItems></cacheField><cacheField name="Amount" \
numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" \
containsInteger="1" minValue="700" maxValue="900"/></cacheField></cacheFields>\
</pivotCacheDefinition>"""
PIVOT_RECORDS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3">\
<r><s v="02/05/2024"/><x v="0"/><n v="700"/></r><r><s v="03/05/2024"/><x v="1"/><n v="800"/>\
</r><r><s v="04/05/2024"/><x v="2"/><n v="900"/></r></pivotCacheRecords>"""
# "Show Values As → % of Parent Row Total" (Excel 2010 and later): openpyxl's normal mode
# checks showDataAs against ECMA-376's first list and refuses the whole workbook
PIVOT_TABLE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
name="PivotTable1" cacheId="1" dataCaption="Values" updatedVersion="6" \
minRefreshableVersion="3" createdVersion="6" indent="0" outline="1" outlineData="1">\
<location ref="A3:B7" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>\
<pivotFields count="3"><pivotField showAll="0"/><pivotField axis="axisRow" showAll="0">\
<items count="4"><item x="0"/><item x="1"/><item x="2"/><item t="default"/></items>\
</pivotField><pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1">\
<field x="1"/></rowFields><rowItems count="4"><i><x/></i><i><x v="1"/></i><i><x v="2"/></i>\
<i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems><dataFields count="1">\
<dataField name="% of Amount" fld="2" showDataAs="percentOfParentRow" baseField="0" \
baseItem="0"/></dataFields><pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" \
showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>\
</pivotTableDefinition>"""
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        'Target="{target}"/></Relationships>')
CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"


def with_pivot_table(workbook: bytes) -> bytes:
    """The workbook with a pivot table on its second sheet, summing the first sheet: the
    parts Excel writes (cache definition, records, table) added to the package."""
    parts = {
        "xl/pivotTables/pivotTable1.xml": PIVOT_TABLE,
        "xl/pivotTables/_rels/pivotTable1.xml.rels": RELS.format(
            kind="pivotCacheDefinition", target="../pivotCache/pivotCacheDefinition1.xml"),
        "xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_CACHE,
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": RELS.format(
            kind="pivotCacheRecords", target="pivotCacheRecords1.xml"),
        "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS,
        "xl/worksheets/_rels/sheet2.xml.rels": RELS.format(
            kind="pivotTable", target="../pivotTables/pivotTable1.xml"),
    }
    overrides = "".join(
        f'<Override PartName="/xl/{path}" ContentType="{CONTENT.format(kind=kind)}"/>'
        for path, kind in [("pivotCache/pivotCacheDefinition1.xml", "pivotCacheDefinition"),
                           ("pivotCache/pivotCacheRecords1.xml", "pivotCacheRecords"),
                           ("pivotTables/pivotTable1.xml", "pivotTable")])
    edits = {
        "[Content_Types].xml": ("</Types>", overrides + "</Types>"),
        "xl/workbook.xml": ("</workbook>", ('<pivotCaches><pivotCache xmlns:r="http://schemas.'
                            'openxmlformats.org/officeDocument/2006/relationships" cacheId="1" '
                            'r:id="rId99"/></pivotCaches></workbook>')),
        "xl/_rels/workbook.xml.rels": ("</Relationships>", ('<Relationship Id="rId99" Type="'
                                       'http://schemas.openxmlformats.org/officeDocument/2006/'
                                       'relationships/pivotCacheDefinition" Target="pivotCache/'
                                       'pivotCacheDefinition1.xml"/></Relationships>')),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in src.infolist():
            data = src.read(item.filename).decode("utf-8")
            if item.filename in edits:
                old, new = edits[item.filename]
                assert old in data, item.filename
                data = data.replace(old, new)
            package.writestr(item, data)
        for path, text in parts.items():
            package.writestr(path, text)
    return out.getvalue()


def pivot_workbook(tmp_path: Path) -> Path:
    rows = [["Date", "Supplier", "Amount"], ["02/05/2024", "Acme Ltd", 700],
            ["03/05/2024", "Mr John Private", 800], ["04/05/2024", "Beta Ltd", 900],
            ["05/05/2024", "Gamma Ltd", 950]]
    book = workbook_bytes({"Payments": rows, "Summary": [["Supplier", "% of Amount"]]},
                          hidden_rows={"Payments": [3]})
    return save(tmp_path, "with-pivot.xlsx", with_pivot_table(book))


def test_the_pivot_fixture_is_one_openpyxl_normal_mode_refuses(tmp_path):
    from openpyxl import load_workbook

    path = pivot_workbook(tmp_path)
    with pytest.raises(ValueError, match="could not read worksheets"):
        load_workbook(path, data_only=True)
    assert load_workbook(path, read_only=True)["Payments"].max_row == 5


def test_a_workbook_with_a_pivot_table_is_read_not_called_damaged(site, tmp_path):
    response = run_import(site, pivot_workbook(tmp_path), "plain", "--sheet", "Payments")
    assert response.exit_code == 0, response.output
    assert "damaged" not in response.output
    rows = written_rows(site)
    assert [row["supplier"] for row in rows] == ["Acme Ltd", "Beta Ltd", "Gamma Ltd"]
    # read-only mode keeps no row dimensions: the hidden row is found in the sheet's XML
    assert "1 hidden row with values in sheet 'Payments' (rows 3)" in response.output


def test_a_damaged_workbook_is_still_called_damaged(site, tmp_path):
    broken = workbook_bytes({"Payments": [["Date", "Supplier", "Amount"]]})[:400]
    response = run_import(site, save(tmp_path, "broken.xlsx", broken))
    assert response.exit_code == 1, response.output
    assert "it may be damaged" in response.output


# --------------------------------------------------------------------------- 3. lying names

def ods_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
HTML_REPORT = (b"<html><head><meta http-equiv=Content-Type content='text/html'></head><body>"
               b"<table><tr><td>Date</td><td>Supplier</td><td>Amount</td></tr></table>"
               b"</body></html>")
SPREADSHEET_2003 = (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
                    b'spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>')


@pytest.mark.parametrize("name, data, says, advice", [
    ("payments.xlsx", (HEADER + "02/05/2024,Acme Ltd,700\n").encode(),
     "named .xlsx but it is really a text file (CSV)", "rename it to end in .csv"),
    ("payments.csv", None, "named .csv but it is really an Excel workbook (.xlsx)",
     "rename it to end in .xlsx"),
    ("payments.xlsx", OLE2, "named .xlsx but it is really an Excel 97-2003 workbook (.xls)",
     "save it as .xlsx"),
    ("payments.xlsx", ods_bytes(), "named .xlsx but it is really an OpenDocument spreadsheet",
     "save it as .xlsx or as CSV UTF-8"),
    ("payments.xls", HTML_REPORT, "named .xls but it is really a web page (HTML)", SAVE_AS),
    ("payments.xls", SPREADSHEET_2003, ("named .xls but it is really an Excel 2003 XML "
                                        "spreadsheet"), "save it as .xlsx"),
    ("payments.xls", (HEADER.replace(",", "\t") + "02/05/2024\tAcme Ltd\t700\n").encode(),
     "named .xls but it is really a text file (CSV)", "rename it to end in .csv"),
    ("payments.csv", b"%PDF-1.7\n", "named .csv but it is really a PDF document",
     "never copied out of PDFs"),
])
def test_a_file_whose_extension_lies_is_refused_saying_what_it_is(site, tmp_path, name, data,
                                                                   says, advice):
    if data is None:
        data = workbook_bytes({"Payments": [["Date", "Supplier", "Amount"],
                                            ["02/05/2024", "Acme Ltd", 700]]})
    response = run_import(site, save(tmp_path, name, data))
    assert response.exit_code == 1, response.output
    assert "error[dataset.import-misnamed]" in response.output
    assert says in response.output and advice in response.output
    assert written_rows(site) == []


def test_a_file_whose_name_is_true_is_not_called_misnamed(site, tmp_path):
    legacy = run_import(site, save(tmp_path, "old.xls", OLE2))
    assert "dataset.import-format" in legacy.output and "misnamed" not in legacy.output
    good = workbook_bytes({"Payments": [["Date", "Supplier", "Amount"],
                                        ["02/05/2024", "Acme Ltd", 700]]})
    assert run_import(site, save(tmp_path, "good.xlsx", good)).exit_code == 0


# --------------------------------------------------------------------------- 4. exit codes

@pytest.mark.parametrize("name, data", [
    ("empty.csv", b"\n\n"),
    ("report.pdf", b"%PDF-1.7\n"),
    ("schema.json", b'{"fields": [{"name": "a"}]}'),
    ("japanese.csv", "日付,支払先\n東京,700\n".encode("shift_jis")),
    ("old.xls", OLE2),
    ("lying.xlsx", b"Date,Supplier,Amount\n"),
    ("broken.xlsx", b"PK\x03\x04" + b"\0" * 200),
])
def test_bad_input_exits_1_never_2(site, tmp_path, name, data):
    response = run_import(site, save(tmp_path, name, data))
    assert response.exit_code == 1, response.output
    assert "error[" in response.output and "Traceback" not in response.output


# --------------------------------------------------------------------------- 5. order, counts

def two_sheets_with_errors(tmp_path: Path) -> Path:
    """Errors in both sheets, on rows and columns out of reading order."""
    header = ["Date", "Supplier", "Amount"]
    book = workbook_bytes({
        "May": [header, ["02/05/2024", "Acme Ltd", "lots"], ["not a date", "Beta Ltd", 800],
                ["04/05/2024", "Gamma Ltd", 900]],
        "April": [header, ["02/04/2024", "Delta Ltd", 700], ["03/04/2024", "Echo Ltd", "x"],
                  ["32/04/2024", "Fox Ltd", "y"]],
    })
    return save(tmp_path, "two-sheets.xlsx", book)


def test_reading_order_is_source_sheet_row_then_column():
    from opcc.diagnostics import error

    found = [error("c", "m", path="a.xlsx", row=2, field="'May' AA (Note)"),
             error("c", "m", path="a.xlsx", row=2, field="'May' B (Amount)"),
             error("c", "m", path="a.xlsx", row=1, field="'May'"),
             error("c", "m", path="a.xlsx", row=9, field="'April' C (Amount)"),
             error("c", "m", path="a.csv", row=3, field="column 10"),
             error("c", "m", path="a.csv", row=3, field="column 2")]
    ordered = sorted(found, key=reading_order)
    assert [(d.path, d.row, d.field) for d in ordered] == [
        ("a.csv", 3, "column 2"), ("a.csv", 3, "column 10"),
        ("a.xlsx", 9, "'April' C (Amount)"), ("a.xlsx", 1, "'May'"),
        ("a.xlsx", 2, "'May' B (Amount)"), ("a.xlsx", 2, "'May' AA (Note)")]


def test_errors_come_in_reading_order_on_the_command_line(site, tmp_path):
    response = run_import(site, two_sheets_with_errors(tmp_path), "plain", "--format", "json")
    assert response.exit_code == 1, response.output
    from opcc.diagnostics import Diagnostic

    listed = [Diagnostic(**{k: v for k, v in d.items()})
              for d in json.loads(response.output)["diagnostics"]]
    assert len([d for d in listed if d.severity == "error"]) >= 4
    assert listed == sorted(listed, key=reading_order)
    again = run_import(site, two_sheets_with_errors(tmp_path), "plain", "--format", "json")
    assert again.output == response.output


def test_rows_in_is_never_0_when_rows_were_read(site, tmp_path):
    """A header problem (no column for the required amount) must not report 0 rows in."""
    text = "Date,Supplier\n02/05/2024,Acme Ltd\n03/05/2024,Beta Ltd\n04/05/2024,Gamma Ltd\n"
    response = run_import(site, save(tmp_path, "no-amount.csv", text.encode()))
    assert response.exit_code == 1, response.output
    assert "no column for the required field amount" in response.output
    assert "0 rows in" not in response.output
    assert "3 rows in" in response.output
