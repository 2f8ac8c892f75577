"""Attachment inspection on real files built by the tests: hidden sheets, rows and columns,
pivot caches, external links, comments, tracked changes, boxed and invisible PDF text,
metadata, unreadable files, and masking in every message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    add_attached_template,
    add_embedded_object,
    add_external_link,
    codes_at,
    corpus_scanner,
    make_docx,
    make_pdf,
    make_xlsx,
    make_xlsx_hidden_rows,
    rezip,
    shown_values,
)

from opcc.redaction import Scanner
from opcc.redaction.inspectors import INSPECTORS, inspect_attachment, looks_like_person
from opcc.redaction.inspectors.pdf import luminance
from tests.conftest import REPO

OFFICE_ALLOW = [
    {"value": "NT1 1AA", "reason": "the office's postal address"},
    {"value": "01632 960100", "reason": "the office's switchboard"},
    {"pattern": r"[a-z]+@northshire-opcc\.example\.org", "reason": "the office's mailboxes"},
]
PLANTED = ["a.person@example.com", "QQ123456C", "07700 900123", "Avery Quenby",
           "b.person@example.org", "jane.doe@example.com", "07700 900456", "Jo Bloggs",
           "12/03/1985", "jo.bloggs@example.com", "Helena Marchbank"]


def inspect(path: Path, scanner: Scanner | None = None):
    return inspect_attachment(path, scanner or corpus_scanner(), ORGANISATION)


def assert_masked(findings) -> None:
    assert not shown_values(findings, PLANTED)


# --------------------------------------------------------------------------- XLSX

def test_xlsx_hidden_data_is_caught_with_codes_and_places(tmp_path):
    findings = inspect(make_xlsx(tmp_path / "hidden.xlsx"))
    found = codes_at(findings)
    assert ("attachment.hidden-sheet", "sheet 'Staff'") in found
    assert ("attachment.very-hidden-sheet", "sheet 'Raw'") in found
    assert ("attachment.hidden-columns", "sheet 'Summary' column C") in found
    assert ("attachment.pivot-cache", "xl/pivotCache/pivotCacheDefinition1.xml") in found
    assert ("attachment.comment", "sheet 'Summary' cell B3") in found
    # personal data inside the hidden parts, to the cell
    assert ("redaction.email", "sheet 'Staff' cell B2") in found
    assert ("redaction.ni-number", "sheet 'Raw' cell B2") in found
    assert ("redaction.phone", "sheet 'Summary' cell C2") in found
    assert ("redaction.protected-name", "xl/pivotCache/pivotCacheDefinition1.xml item 1") in found
    assert ("redaction.email", "xl/pivotCache/pivotCacheDefinition1.xml item 2") in found
    assert all(f.severity == "error" for f in findings)
    assert_masked(findings)


def test_clean_xlsx_passes(tmp_path):
    assert inspect(make_xlsx(tmp_path / "clean.xlsx", hidden=False)) == []


def test_hidden_rows_holding_values_are_caught_empty_ones_are_not(tmp_path):
    findings = inspect(make_xlsx_hidden_rows(tmp_path / "rows.xlsx"))
    rows = [f for f in findings if f.code == "attachment.hidden-rows"]
    assert [(f.location, f.message) for f in rows] == [
        ("sheet 'Spend' rows 3:4", "rows 3:4 of sheet 'Spend' are hidden and hold 4 values")]
    assert ("redaction.date-of-birth", "sheet 'Spend' cell A4") in codes_at(findings)
    assert_masked(findings)


def test_external_links_and_embedded_objects(tmp_path):
    clean = make_xlsx(tmp_path / "clean.xlsx", hidden=False).read_bytes()
    path = tmp_path / "linked.xlsx"
    path.write_bytes(add_embedded_object(add_external_link(clean, "jo.bloggs@example.com")))
    findings = inspect(path)
    link = next(f for f in findings if f.code == "attachment.external-link")
    assert link.location == "xl/externalLinks/externalLink1.xml"
    assert "Staff list.xlsx" in link.message and "someone" not in link.message
    assert ("attachment.embedded-object", "xl/embeddings/oleObject1.bin") in codes_at(findings)
    assert ("redaction.email", "xl/externalLinks/externalLink1.xml item 1") in codes_at(findings)
    assert_masked(findings)


def test_xlsx_metadata_naming_a_person_is_a_warning(tmp_path):
    findings = inspect(make_xlsx(tmp_path / "by.xlsx", hidden=False, author="Helena Marchbank"))
    assert [(f.code, f.severity, f.location) for f in findings] == [
        ("attachment.metadata", "warning", "docProps/core.xml author"),
        ("attachment.metadata", "warning", "docProps/core.xml last modified by")]
    assert_masked(findings)


def test_header_cells_give_context_to_their_column(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Date of birth"])
    book.active.append(["A", "1985-03-12"])
    book.properties.creator = "Northshire OPCC"
    book.save(tmp_path / "dob.xlsx")
    assert codes_at(inspect(tmp_path / "dob.xlsx")) == {
        ("redaction.date-of-birth", "sheet 'Sheet' cell B2")}


# --------------------------------------------------------------------------- DOCX

def test_docx_comment_and_tracked_changes_are_caught(tmp_path):
    findings = inspect(make_docx(tmp_path / "hidden.docx"))
    found = codes_at(findings)
    assert ("attachment.comment", "word/comments.xml comment 1") in found
    assert ("attachment.tracked-change", "word/document.xml paragraph 3") in found
    assert ("redaction.email", "word/document.xml paragraph 3") in found  # in deleted text
    assert ("redaction.phone", "word/comments.xml comment 1") in found
    deleted = next(f for f in findings if f.code == "redaction.email")
    assert "deleted text" in deleted.message
    assert_masked(findings)


def test_clean_docx_passes(tmp_path):
    assert inspect(make_docx(tmp_path / "clean.docx", hidden=False)) == []


def test_docx_headers_footers_and_hidden_text(tmp_path):
    from docx import Document

    document = Document()
    document.core_properties.author = "Northshire OPCC"
    document.core_properties.last_modified_by = "Northshire OPCC"
    document.add_paragraph("Visible text.")
    hidden = document.add_paragraph().add_run("Withheld: QQ123456C")
    hidden.font.hidden = True
    document.sections[0].footer.paragraphs[0].text = "Case officer mobile 07700 900123"
    document.save(tmp_path / "parts.docx")
    found = codes_at(inspect(tmp_path / "parts.docx"))
    assert ("attachment.hidden-text", "word/document.xml paragraph 2") in found
    assert ("redaction.ni-number", "word/document.xml paragraph 2") in found
    assert ("redaction.phone", "word/footer1.xml paragraph 1") in found


def test_docx_metadata_naming_a_person_is_a_warning(tmp_path):
    path = make_docx(tmp_path / "by.docx", hidden=False, author="Priya Castellan")
    findings = inspect(path)
    assert {(f.code, f.severity, f.location) for f in findings} == {
        ("attachment.metadata", "warning", "docProps/core.xml author"),
        ("attachment.metadata", "warning", "docProps/core.xml last modified by")}
    assert_masked(findings)
    assert all("Priya" not in f.message for f in findings)


def test_docx_template_path_in_a_user_folder_is_a_warning(tmp_path):
    clean = make_docx(tmp_path / "clean.docx", hidden=False).read_bytes()
    path = tmp_path / "templated.docx"
    path.write_bytes(add_attached_template(clean, "pcastellan"))
    findings = inspect(path)
    assert [(f.code, f.severity, f.location) for f in findings] == [
        ("attachment.metadata", "warning", "word/settings.xml template")]
    assert "pcastellan" not in findings[0].message


# --------------------------------------------------------------------------- PDF

def test_pdf_name_under_a_black_box_is_caught(tmp_path):
    findings = inspect(make_pdf(tmp_path / "boxed.pdf"))
    found = codes_at(findings)
    assert ("attachment.text-under-box", "page 1") in found
    assert ("redaction.protected-name", "page 1") in found
    boxed = next(f for f in findings if f.code == "attachment.text-under-box")
    assert boxed.message.startswith("11 character(s)")  # "Avery Quenby" less its space
    assert not any(f.code == "attachment.invisible-text" for f in findings)
    assert_masked(findings)


def test_clean_pdf_with_a_white_heading_on_a_dark_banner_passes(tmp_path):
    assert inspect(make_pdf(tmp_path / "clean.pdf", boxed_name=None)) == []


def test_pdf_invisible_text_layer_is_caught(tmp_path):
    findings = inspect(make_pdf(tmp_path / "ocr.pdf", boxed_name=None,
                                invisible="Reference QQ123456C"))
    assert codes_at(findings) == {("attachment.invisible-text", "page 1"),
                                  ("redaction.ni-number", "page 1")}


def test_pdf_white_text_on_a_white_page_is_caught(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "white.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setAuthor("Northshire OPCC")
    pdf.drawString(50, 700, "Visible summary.")
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(50, 680, "white words")
    pdf.showPage()
    pdf.save()
    assert codes_at(inspect(path)) == {("attachment.invisible-text", "page 1")}


def test_pdf_metadata_author_person_warns_organisation_does_not(tmp_path):
    person = inspect(make_pdf(tmp_path / "p.pdf", boxed_name=None, author="Helena Marchbank"))
    assert [(f.code, f.severity, f.location) for f in person] == [
        ("attachment.metadata", "warning", "PDF information author")]
    assert_masked(person)
    assert inspect(make_pdf(tmp_path / "o.pdf", boxed_name=None, author="Northshire OPCC")) == []


def test_example_site_pdf_passes_with_the_offices_allow_list():
    path = REPO / "content" / "priorities" / "police-and-crime-plan-summary.pdf"
    scanner = Scanner(allow=OFFICE_ALLOW)
    assert inspect_attachment(path, scanner, ORGANISATION) == []
    # without the allow-list only the office's own contact details fire
    assert {f.code for f in inspect_attachment(path, Scanner(), ORGANISATION)} <= {
        "redaction.postcode", "redaction.phone", "redaction.email"}


# --------------------------------------------------------------------------- text files

def test_csv_findings_name_row_and_column(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("ref,date_of_birth,notes\nR1,1985-03-12,ok\nR2,,call 07700 900123\n",
                    encoding="utf-8")
    assert codes_at(inspect(path)) == {
        ("redaction.date-of-birth", "row 2 column 'date_of_birth'"),
        ("redaction.phone", "row 3 column 'notes'")}


def test_markdown_and_json_findings_name_the_line(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\nEmail jane.doe@example.com\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{\n "ni": "QQ123456C"\n}\n', encoding="utf-8")
    assert codes_at(inspect(tmp_path / "a.md")) == {("redaction.email", "line 3")}
    assert codes_at(inspect(tmp_path / "a.json")) == {("redaction.ni-number", "line 2")}


def test_windows_1252_csv_is_read(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes("supplier,amount\nCaf\xe9 Ltd,£12.00\nA,07700 900123\n".encode("cp1252"))
    assert codes_at(inspect(path)) == {("redaction.phone", "row 3 column 'amount'")}


# --------------------------------------------------------------------------- bad files

def _encrypted_pdf(tmp_path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", boxed_name=None)
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(tmp_path / "locked.pdf")
    return tmp_path / "locked.pdf"


@pytest.mark.parametrize("name, data", [
    ("garbage.xlsx", b"not a spreadsheet"),
    ("garbage.docx", b"PK\x03\x04 broken zip"),
    ("encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    ("garbage.pdf", b"hello"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF"),
])
def test_unreadable_files_are_one_error_never_a_traceback(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    findings = inspect(path)
    assert [(f.code, f.severity, f.location) for f in findings] == [
        ("attachment.unreadable", "error", "whole file")]


def test_password_protected_pdf_says_so(tmp_path):
    findings = inspect(_encrypted_pdf(tmp_path))
    assert [f.code for f in findings] == ["attachment.unreadable"]
    assert "password-protected" in findings[0].message


def test_xlsx_missing_a_part_is_unreadable(tmp_path):
    data = make_xlsx(tmp_path / "ok.xlsx", hidden=False).read_bytes()
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as source, \
            zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/workbook.xml":
                target.writestr(info, source.read(info.filename))
    assert data and [f.code for f in inspect(broken)] == ["attachment.unreadable"]


def test_types_no_inspector_reads_are_refused_with_what_to_publish_instead(tmp_path):
    path = tmp_path / "minutes.wpd"
    path.write_bytes(b"WordPerfect whatever QQ123456C")
    [finding] = inspect(path)
    assert finding.code == "attachment.unchecked-type" and finding.severity == "error"
    assert "export it as pdf" in finding.hint.lower() and "minutes.wpd" in finding.hint
    assert ".xlsx" in INSPECTORS and ".wpd" not in INSPECTORS


def test_findings_of_one_kind_are_capped(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("phone\n" + "".join(f"07700 900{n:03d}\n" for n in range(30)),
                    encoding="utf-8")
    findings = inspect(path)
    assert len(findings) == 21
    assert findings[-1].message.startswith("10 more findings of this kind")


# --------------------------------------------------------------------------- rules

@pytest.mark.parametrize("value, person", [
    ("Helena Marchbank", True), ("Marchbank, Helena", True), ("H. Marchbank", True),
    ("Mary-Jane O'Brien", True), ("Northshire OPCC", False), ("Finance Team", False),
    ("Northshire Police", False), ("jsmith", False), ("Administrator", False),
    ("Windows User", False), ("Office of the Police and Crime Commissioner for Northshire", False),
    ("Acme Ltd", False), ("R2D2 Unit", False), ("", False),
])
def test_metadata_person_rule(value, person):
    assert looks_like_person(value, ORGANISATION) is person


def test_luminance_of_pdf_colours():
    assert luminance((0, 0, 0)) == 0 and luminance((1, 1, 1)) == pytest.approx(1)
    assert luminance((0,)) == 0 and luminance((0, 0, 0, 1)) == pytest.approx(0)
    assert luminance(None) is None and luminance("pattern") is None


def test_rezip_helper_keeps_parts(tmp_path):
    data = make_xlsx(tmp_path / "x.xlsx", hidden=False).read_bytes()
    again = rezip(data, {}, {"extra.txt": "x"})
    names = zipfile.ZipFile(__import__("io").BytesIO(again)).namelist()
    assert "extra.txt" in names and "xl/workbook.xml" in names
