"""XLSX attachments on real files built by the makers: every part read, personal data found
in cached and stale formula results, data validation, charts, drawings, headers and
footers, custom properties, connections, unused shared strings, unlisted parts and
hyperlinks; values hidden by row height, column width, number format, colour, size or a
merge; unknown parts refused. Each finding has its code and its place and never quotes
the planted value; a rich clean workbook gives no error."""

from __future__ import annotations

import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    PROTECTED_NAMES,
    SALT,
    codes_at,
    errors,
    shown_values,
)
from makers import image as images
from makers import xlsx as make

from opcc.redaction import Scanner, hash_name
from opcc.redaction.inspectors import inspect_attachment
from opcc.redaction.inspectors.xlsx import NumberFormat, contrast

PLANTED = [make.EMAIL, make.PHONE, make.OTHER_PHONE, make.NI_NUMBER, "Jo Bloggs",
           "jo.bloggs", "see the old version"]
REALDATA = Path("/work/shared/realdata")


def scanner() -> Scanner:
    hashes = frozenset(hash_name(name, SALT) for name in PROTECTED_NAMES)
    return Scanner(protected_hashes=hashes, salt=SALT, word_counts=(2, 3, 4, 5))


def inspect(path: Path):
    findings = inspect_attachment(path, scanner(), ORGANISATION)
    assert_masked(findings)
    return findings


def located(findings, code: str) -> list[str]:
    """Every place a finding of this code names (a finding may list several)."""
    return [f.location for f in findings if f.code == code]


def assert_masked(findings) -> None:
    assert not shown_values(findings, PLANTED)


# --------------------------------------------------------------------------- cached results

@pytest.mark.parametrize("maker, code, cell", [
    (make.make_cached_lookup_email, "redaction.email", "C2"),
    (make.make_cached_text_phone, "redaction.phone", "F2"),
])
def test_personal_data_in_a_formulas_cached_result_is_found(tmp_path, maker, code, cell):
    findings = inspect(maker(tmp_path / "cached.xlsx"))
    assert (code, f"sheet 'Summary' cell {cell}") in codes_at(findings)
    assert "attachment.stale-value" not in {f.code for f in findings}  # not evaluated


# --------------------------------------------------------------------------- stale results

@pytest.mark.parametrize("maker, cell, personal", [
    (make.make_stale_empty_formula, "C2", "redaction.email"),
    (make.make_stale_reference, "D2", "redaction.phone"),
    (make.make_stale_arithmetic, "D3", None),
    (make.make_stale_shared_formula, "D4", "redaction.phone"),
])
def test_a_stored_result_the_formula_would_not_give_is_stale(tmp_path, maker, cell, personal):
    findings = inspect(maker(tmp_path / "stale.xlsx"))
    place = f"sheet 'Summary' cell {cell}"
    stale = [f for f in findings if f.code == "attachment.stale-value"]
    assert [f.location for f in stale] == [place]
    assert stale[0].severity == "error" and "stores" in stale[0].message
    if personal:
        assert (personal, place) in codes_at(findings)


def test_text_inside_a_formula_is_scanned(tmp_path):
    findings = inspect(make.make_formula_literal(tmp_path / "literal.xlsx"))
    assert codes_at(errors(findings)) == {("redaction.email", "sheet 'Summary' cell C2 formula")}


# --------------------------------------------------------------------------- data validation

@pytest.mark.parametrize("maker, code, place", [
    (make.make_validation_list, "redaction.email", "sheet 'Summary' data validation C2:C10"),
    (make.make_validation_message, "redaction.phone", "sheet 'Summary' data validation B2"),
])
def test_data_validation_lists_and_messages_are_scanned(tmp_path, maker, code, place):
    findings = inspect(maker(tmp_path / "validation.xlsx"))
    assert (code, place) in codes_at(findings)
    assert all(f.code.startswith("redaction.") for f in errors(findings))


def test_validation_prompt_and_error_message_are_both_read(tmp_path):
    findings = inspect(make.make_validation_message(tmp_path / "v.xlsx"))
    phones = [f for f in findings if f.code == "redaction.phone"]
    assert len(phones) == 2  # the prompt's number and the error message's number


# --------------------------------------------------------------------------- charts

@pytest.mark.parametrize("maker, code", [
    (make.make_chart_cached_category, "redaction.email"),
    (make.make_chart_series_name, "redaction.ni-number"),
    (make.make_chart_title, "redaction.phone"),
])
def test_chart_titles_and_cached_data_are_scanned(tmp_path, maker, code):
    findings = inspect(maker(tmp_path / "chart.xlsx"))
    assert (code, "sheet 'Summary' chart at E2") in codes_at(findings)
    assert [f.code for f in errors(findings)] == [code]


# --------------------------------------------------------------------------- drawings

def test_text_box_split_across_runs_is_found(tmp_path):
    findings = inspect(make.make_drawing_text_box(tmp_path / "box.xlsx"))
    assert codes_at(errors(findings)) == {("redaction.phone", "sheet 'Summary' drawing at B8")}


def test_hidden_text_box_is_reported_as_hidden(tmp_path):
    findings = inspect(make.make_drawing_text_box(tmp_path / "box.xlsx", hidden=True))
    assert ("attachment.hidden-text", "sheet 'Summary' drawing at B8") in codes_at(findings)
    assert ("redaction.phone", "sheet 'Summary' drawing at B8") in codes_at(findings)


def test_alt_text_of_a_drawing_is_scanned(tmp_path):
    findings = inspect(make.make_drawing_alt_text(tmp_path / "alt.xlsx"))
    assert codes_at(errors(findings)) == {("redaction.email", "sheet 'Summary' drawing at E2")}


def test_legacy_vml_text_box_is_read_though_not_well_formed(tmp_path):
    findings = inspect(make.make_vml_text_box(tmp_path / "vml.xlsx"))
    assert codes_at(errors(findings)) == {("redaction.phone", "sheet 'Summary' legacy drawing")}


# --------------------------------------------------------------------------- headers, footers

@pytest.mark.parametrize("maker, code, place", [
    (make.make_header_email, "redaction.email", "sheet 'Summary' header"),
    (make.make_even_footer_phone, "redaction.phone", "sheet 'Summary' even-page footer"),
])
def test_print_headers_and_footers_are_scanned(tmp_path, maker, code, place):
    findings = inspect(maker(tmp_path / "printed.xlsx"))
    assert codes_at(errors(findings)) == {(code, place)}
    assert "in a print header or footer" in errors(findings)[0].message


# --------------------------------------------------------------------------- custom properties

@pytest.mark.parametrize("name, value, code", [
    ("Contact", make.EMAIL, "redaction.email"),
    ("Reference", make.NI_NUMBER, "redaction.ni-number"),
])
def test_custom_document_properties_are_scanned(tmp_path, name, value, code):
    findings = inspect(make.make_custom_property(tmp_path / "custom.xlsx", name, value))
    [found] = errors(findings)
    assert found.code == code and f"docProps/custom.xml property '{name}'" in found.location


# --------------------------------------------------------------------------- connections

def test_database_connection_is_a_link_naming_an_account(tmp_path):
    findings = inspect(make.make_connection_database(tmp_path / "db.xlsx"))
    place = "xl/connections.xml connection 1"
    link = next(f for f in findings if f.code == "attachment.external-link")
    assert link.location == place and "user account" in link.message
    assert ("redaction.email", place) in codes_at(findings)


def test_text_file_connection_in_a_users_folder(tmp_path):
    findings = inspect(make.make_connection_text_file(tmp_path / "text.xlsx"))
    place = "xl/connections.xml connection 1"
    link = next(f for f in findings if f.code == "attachment.external-link")
    assert link.location == place and "user's folder" in link.message
    assert ("redaction.phone", place) in codes_at(findings)
    assert "jbloggs" not in link.message


# --------------------------------------------------------------------------- shared strings

@pytest.mark.parametrize("maker, code", [
    (make.make_unused_shared_string, "redaction.email"),
    (make.make_unused_rich_string, "redaction.ni-number"),
])
def test_shared_strings_no_cell_uses_are_scanned(tmp_path, maker, code):
    path = maker(tmp_path / "strings.xlsx")
    findings = inspect(path)
    place = f"xl/sharedStrings.xml string {make.shared_string_count(path)}"
    assert codes_at(errors(findings)) == {(code, place)}
    assert "no cell uses" in errors(findings)[0].message


# --------------------------------------------------------------------------- unlisted parts

@pytest.mark.parametrize("maker, part, code", [
    (make.make_orphan_sheet, "xl/worksheets/sheet9.xml", "redaction.email"),
    (make.make_unlisted_sheet, "xl/worksheets/sheet2.xml", "redaction.phone"),
    (make.make_orphan_custom_xml, "customXml/item9.xml", "redaction.email"),
])
def test_parts_the_workbook_does_not_use_are_read_and_reported(tmp_path, maker, part, code):
    findings = inspect(maker(tmp_path / "orphan.xlsx"))
    assert ("attachment.unknown-part", part) in codes_at(findings)
    assert (code, part) in codes_at(findings)
    unused = next(f for f in findings if f.code == "attachment.unknown-part")
    assert "does not use" in unused.message


# --------------------------------------------------------------------------- hyperlinks

@pytest.mark.parametrize("maker, code, cell", [
    (make.make_hyperlink_mailto, "redaction.email", "A6"),
    (make.make_hyperlink_tooltip, "redaction.phone", "A7"),
])
def test_hyperlink_targets_and_tooltips_are_scanned(tmp_path, maker, code, cell):
    findings = inspect(maker(tmp_path / "link.xlsx"))
    assert codes_at(errors(findings)) == {(code, f"sheet 'Summary' cell {cell} hyperlink")}


# --------------------------------------------------------------------------- rows, columns

def test_zero_height_rows_are_hidden_rows(tmp_path):
    findings = inspect(make.make_zero_height_rows(tmp_path / "rows.xlsx"))
    rows = [f for f in findings if f.code == "attachment.hidden-rows"]
    assert [(f.location, f.message) for f in rows] == [
        ("sheet 'Summary' rows 3:4",
         "rows 3:4 of sheet 'Summary' are hidden (zero height) and hold 5 values")]
    assert ("redaction.phone", "sheet 'Summary' cell C4") in codes_at(findings)


def test_rows_without_a_height_under_zero_height_default_are_hidden(tmp_path):
    findings = inspect(make.make_rows_zero_by_default(tmp_path / "zero.xlsx"))
    rows = [f for f in findings if f.code == "attachment.hidden-rows"]
    assert [f.location for f in rows] == ["sheet 'Summary' rows 3:4"]
    assert all(f.code == "attachment.hidden-rows" for f in errors(findings))


def test_zero_width_column_is_hidden(tmp_path):
    findings = inspect(make.make_zero_width_column(tmp_path / "col.xlsx"))
    assert ("attachment.hidden-columns", "sheet 'Summary' column C") in codes_at(findings)
    column = next(f for f in findings if f.code == "attachment.hidden-columns")
    assert "zero width" in column.message and "2 values" in column.message
    assert ("redaction.phone", "sheet 'Summary' cell C2") in codes_at(findings)


def test_near_zero_width_columns_are_hidden(tmp_path):
    findings = inspect(make.make_narrow_columns(tmp_path / "cols.xlsx"))
    assert ("attachment.hidden-columns", "sheet 'Summary' columns C:D") in codes_at(findings)
    assert ("redaction.email", "sheet 'Summary' cell D2") in codes_at(findings)


# --------------------------------------------------------------------------- number formats

@pytest.mark.parametrize("code, value, personal", [
    (";;;", make.EMAIL, "redaction.email"),
    (';;;"Withheld"', make.PHONE, "redaction.phone"),  # fixed text shown instead
    (";;;@", 1234.5, None),  # text would show; a number does not, personal or not
    ('"";"";""', 77.0, None),
])
def test_number_formats_that_show_nothing_hide_cells(tmp_path, code, value, personal):
    findings = inspect(make.make_number_format_hidden(tmp_path / "fmt.xlsx", code, value))
    hidden = [f for f in findings if f.code == "attachment.hidden-cells"]
    assert [f.location for f in hidden] == ["sheet 'Summary' cell C2"]
    assert "number format" in hidden[0].message
    if personal:
        assert (personal, "sheet 'Summary' cell C2") in codes_at(findings)


@pytest.mark.parametrize("code, value", [
    (";;;@", "Shown as text"), ('0;-0;;@', 0.0), ('"£"#,##0.00', 12.5), ("General", "x"),
    ("[Red]0.00;[Blue]-0.00", -3.0), ("d mmm yyyy", datetime(2023, 3, 15)), ('[>=100]"big";0', 5.0),
])
def test_formats_that_show_the_value_are_not_hidden(tmp_path, code, value):
    findings = inspect(make.make_number_format_hidden(tmp_path / "shown.xlsx", code, value))
    assert "attachment.hidden-cells" not in {f.code for f in findings}


def test_number_format_sections_rules():
    assert NumberFormat.parse(";;;").hides_text() and NumberFormat.parse(";;;").hides_number(5)
    assert not NumberFormat.parse(";;;@").hides_text()
    assert NumberFormat.parse("0;;").hides_number(-2) and not NumberFormat.parse("0;;").hides_number(2)
    assert NumberFormat.parse('[>100]"";0').hides_number(500)
    assert not NumberFormat.parse('[>100]"";0').hides_number(5)
    assert not NumberFormat.parse("[h]:mm").hides_number(1.5)
    assert NumberFormat.parse("[White]0").colour(3.0) == (1.0, 1.0, 1.0)


# --------------------------------------------------------------------------- colours

def _colour_cases():
    from openpyxl.styles import Color, PatternFill

    return [
        ("white on no fill", "FFFFFFFF", None),
        ("nearly white on white", "FFFDFDFD", PatternFill("solid", fgColor="FFFFFFFF")),
        ("theme colour with tint on the same",
         Color(theme=4, tint=0.3999755851924192),
         PatternFill("solid", fgColor=Color(theme=4, tint=0.3999755851924192))),
        ("theme background colour on no fill", Color(theme=0), None),
        ("indexed white on no fill", Color(indexed=9), None),
        ("rgb on indexed fill", "FFFF0000", PatternFill("solid", fgColor=Color(indexed=10))),
        ("alpha ignored", "00000080", PatternFill("solid", fgColor="FF000080")),
    ]


@pytest.mark.parametrize("name, font, fill", _colour_cases(), ids=[c[0] for c in _colour_cases()])
def test_text_coloured_like_its_fill_is_hidden(tmp_path, name, font, fill):
    findings = inspect(make.make_colour_hidden(tmp_path / "colour.xlsx", font, fill))
    hidden = [f for f in findings if f.code == "attachment.hidden-cells"]
    assert [f.location for f in hidden] == ["sheet 'Summary' cell C3"]
    assert "colour" in hidden[0].message
    assert ("redaction.email", "sheet 'Summary' cell C3") in codes_at(findings)


def test_white_number_on_no_fill_is_hidden_even_when_not_personal(tmp_path):
    findings = inspect(make.make_colour_hidden(tmp_path / "n.xlsx", "FFFFFFFF", value=42.0))
    assert codes_at(findings) == {("attachment.hidden-cells", "sheet 'Summary' cell C3")}


@pytest.mark.parametrize("font, fill", [
    ("FFFFFFFF", "FF1F4E79"), ("FF000000", "FFDDEBF7"), ("FF0563C1", None),
])
def test_readable_colours_are_not_hidden(tmp_path, font, fill):
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor=fill) if fill else None
    findings = inspect(make.make_colour_hidden(tmp_path / "ok.xlsx", font, fill, value="Acme"))
    assert findings == []


def test_a_white_run_in_rich_text_is_hidden(tmp_path):
    findings = inspect(make.make_rich_text_white_run(tmp_path / "rich.xlsx"))
    assert ("attachment.hidden-cells", "sheet 'Summary' cell C4") in codes_at(findings)
    assert ("redaction.email", "sheet 'Summary' cell C4") in codes_at(findings)


def test_a_one_point_font_is_hidden(tmp_path):
    findings = inspect(make.make_tiny_font(tmp_path / "tiny.xlsx"))
    hidden = next(f for f in findings if f.code == "attachment.hidden-cells")
    assert hidden.location == "sheet 'Summary' cell C2" and "too small" in hidden.message


def test_a_value_under_a_merge_is_hidden(tmp_path):
    findings = inspect(make.make_merged_over_value(tmp_path / "merged.xlsx"))
    hidden = next(f for f in findings if f.code == "attachment.hidden-cells")
    assert hidden.location == "sheet 'Summary' cell B6" and "merged" in hidden.message
    assert ("redaction.phone", "sheet 'Summary' cell B6") in codes_at(findings)


def test_contrast_ratio():
    assert contrast((1, 1, 1), (0, 0, 0)) == pytest.approx(21)
    assert contrast((1, 1, 1), (1, 1, 1)) == 1


# --------------------------------------------------------------------------- unknown parts

@pytest.mark.parametrize("maker, part", [
    (make.make_unknown_binary, "xl/mystery.bin"),
    (make.make_unknown_related_part, "xl/odd/data.xml"),
    (make.make_power_pivot_model, "xl/model/item.data"),
])
def test_parts_the_gate_cannot_read_are_unknown(tmp_path, maker, part):
    findings = inspect(maker(tmp_path / "unknown.xlsx"))
    assert codes_at(errors(findings)) == {("attachment.unknown-part", part)}


# --------------------------------------------------------------------------- other parts

def test_table_totals_label_is_scanned(tmp_path):
    findings = inspect(make.make_table_column(tmp_path / "table.xlsx"))
    assert codes_at(errors(findings)) == {
        ("redaction.email", "sheet 'Summary' table (table1.xml)")}


def test_threaded_comment_and_its_author(tmp_path):
    findings = inspect(make.make_threaded_comment(tmp_path / "thread.xlsx"))
    found = codes_at(findings)
    assert ("attachment.comment", "sheet 'Summary' cell B3") in found
    assert ("redaction.phone", "sheet 'Summary' cell B3") in found
    assert ("redaction.email", "xl/persons/person.xml person 1") in found
    assert ("attachment.metadata", "xl/persons/person.xml person 1") in found


def test_pivot_table_captions_are_scanned(tmp_path):
    findings = inspect(make.make_pivot_table(tmp_path / "pivot.xlsx"))
    assert codes_at(errors(findings)) == {
        ("redaction.phone", "sheet 'Summary' pivot table (pivotTable1.xml)")}


def test_slicer_cache_is_read_comments_and_all(tmp_path):
    findings = inspect(make.make_slicer_cache(tmp_path / "slicer.xlsx"))
    assert codes_at(errors(findings)) == {
        ("redaction.email", "xl/slicerCaches/slicerCache1.xml")}


def test_defined_name_is_scanned(tmp_path):
    findings = inspect(make.make_defined_name(tmp_path / "name.xlsx"))
    assert codes_at(errors(findings)) == {("redaction.email", "defined name 'Contact'")}


def test_a_personal_sheet_name_never_goes_in_a_location(tmp_path):
    findings = inspect(make.make_personal_sheet_name(tmp_path / "sheet.xlsx"))
    assert ("redaction.ni-number", "name of sheet 1") in codes_at(findings)


def test_embedded_picture_gets_the_image_check(tmp_path):
    picture = make.write(tmp_path / "p.jpg", b"")
    images.make_jpeg_exif_artist(picture, make.EMAIL)
    findings = inspect(make.make_embedded_picture(tmp_path / "pic.xlsx", picture.read_bytes()))
    assert any(f.code == "redaction.email" and f.location.startswith("xl/media/image1")
               for f in findings)


def test_macros_are_an_embedded_object(tmp_path):
    findings = inspect(make.make_macros(tmp_path / "macro.xlsx"))
    assert codes_at(errors(findings)) == {("attachment.embedded-object", "xl/vbaProject.bin")}


# --------------------------------------------------------------------------- clean

def test_rich_clean_workbook_gives_no_error(tmp_path):
    findings = inspect(make.make_rich_clean(tmp_path / "clean.xlsx"))
    assert errors(findings) == []
    assert findings == []


def test_every_part_of_the_rich_workbook_is_read(tmp_path):
    from opcc.redaction.inspectors.inspection import Inspection
    from opcc.redaction.inspectors.package import Package
    from opcc.redaction.inspectors.xlsx import _Book

    path = make.make_rich_clean(tmp_path / "clean.xlsx")
    inspection = Inspection(path, scanner(), ORGANISATION)
    with Package(inspection) as package:
        _Book(inspection, package).read_all()
        assert set(package.names) == package.read_parts


@pytest.mark.parametrize("path", sorted(REALDATA.rglob("*.xlsx")), ids=lambda p: p.name)
def test_real_published_workbooks_give_only_what_they_really_hold(path):
    findings = inspect_attachment(path, Scanner(), ORGANISATION)
    assert {f.code for f in errors(findings)} <= {"attachment.external-link"}


def test_a_large_sheet_is_read_in_linear_time(tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Spend")
    sheet.append(["Supplier", "Amount", "Date", "Reference"])
    for row in range(40_000):
        sheet.append([f"Supplier {row % 500}", row * 1.25, 45000 + row % 365, f"INV{row:06d}"])
    book.save(tmp_path / "big.xlsx")
    started = time.perf_counter()
    findings = inspect_attachment(tmp_path / "big.xlsx", Scanner(), ORGANISATION)
    assert errors(findings) == []
    assert time.perf_counter() - started < 20


def test_workbook_level_checks_for_the_importer(tmp_path):
    from opcc.redaction.inspectors.xlsx import package_findings

    path = make.make_connection_database(tmp_path / "db.xlsx")
    codes = {f.code for f in package_findings(path, scanner(), ORGANISATION)}
    assert "attachment.external-link" in codes
    with zipfile.ZipFile(path) as package:
        assert "xl/connections.xml" in package.namelist()
