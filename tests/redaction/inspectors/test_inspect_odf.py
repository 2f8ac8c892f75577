"""OpenDocument attachments (ODT, ODS, ODP) on real files built by hand: comments, tracked
changes, hidden text, hidden sheets, rows, columns and cells, speaker notes, hidden slides,
document properties, pictures and objects, unknown parts and encryption; each finding with
its code and its place, never quoting the planted value; rich clean files give nothing."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    PROTECTED_NAMES,
    SALT,
    codes_at,
    shown_values,
)
from makers import image as images
from makers import odf as make

from opcc.redaction import Scanner, hash_name
from opcc.redaction.inspectors import INSPECTORS, inspect_attachment

OFFICE_ALLOW = [
    {"value": "01632 960100", "reason": "the office's switchboard"},
    {"pattern": r"[a-z]+@northshire-opcc\.example\.org", "reason": "the office's mailboxes"},
]
PLANTED = ["a.person@example.com", "b.person@example.org", "jane.doe@example.com",
           "jo.bloggs@example.com", "07700 900123", "07700 900456", "QQ123456C",
           "Avery Quenby", "Helena Marchbank", "12/03/1985"]


def scanner() -> Scanner:
    hashes = frozenset(hash_name(name, SALT) for name in PROTECTED_NAMES)
    return Scanner(protected_hashes=hashes, salt=SALT, word_counts=(2, 3, 4, 5),
                   allow=OFFICE_ALLOW)


def inspect(path: Path):
    return inspect_attachment(path, scanner(), ORGANISATION)


def assert_masked(findings) -> None:
    assert not shown_values(findings, PLANTED)


def test_odf_suffixes_are_registered():
    assert {".odt", ".ods", ".odp"} <= set(INSPECTORS)


# --------------------------------------------------------------------------- each leak class

CASES = [
    # comments
    (make.make_odt_comment, ".odt", {("attachment.comment", "paragraph 2"),
                                     ("redaction.email", "paragraph 2"),
                                     ("redaction.protected-name", "paragraph 2")}),
    (make.make_odt_comment_in_table, ".odt", {("attachment.comment", "paragraph 3"),
                                              ("redaction.phone", "paragraph 3")}),
    (make.make_ods_cell_comment, ".ods", {("attachment.comment", "sheet 'Staff' cell B2"),
                                          ("redaction.phone", "sheet 'Staff' cell B2")}),
    # hidden text
    (make.make_odt_hidden_span, ".odt", {("attachment.hidden-text", "paragraph 2"),
                                         ("redaction.ni-number", "paragraph 2")}),
    (make.make_odt_white_text, ".odt", {("attachment.hidden-text", "paragraph 2"),
                                        ("redaction.phone", "paragraph 2")}),
    (make.make_odt_hidden_section, ".odt", {("attachment.hidden-text", "paragraph 3"),
                                            ("redaction.email", "paragraph 4")}),
    (make.make_odt_hidden_fields, ".odt", {("attachment.hidden-text", "paragraph 2"),
                                           ("attachment.hidden-text", "paragraph 3"),
                                           ("attachment.hidden-text", "paragraph 4"),
                                           ("redaction.email", "paragraph 2"),
                                           ("redaction.phone", "paragraph 3"),
                                           ("redaction.ni-number", "paragraph 4")}),
    # tracked changes
    (make.make_odt_tracked_deletion, ".odt", {("attachment.tracked-change", "paragraph 2"),
                                              ("redaction.email", "paragraph 2")}),
    (make.make_odt_tracked_insertion_and_deletion, ".odt", {
        ("attachment.tracked-change", "paragraph 1"),
        ("attachment.tracked-change", "paragraph 3"),
        ("redaction.ni-number", "paragraph 3")}),
    (make.make_ods_tracked_change, ".ods", {
        ("attachment.tracked-change", "sheet 'Contacts' cell B2"),
        ("redaction.phone", "sheet 'Contacts' cell B2")}),
    # hidden rows and columns
    (make.make_ods_hidden_rows, ".ods", {("attachment.hidden-rows", "sheet 'Spend' rows 3:4"),
                                         ("redaction.email", "sheet 'Spend' cell B3"),
                                         ("redaction.protected-name", "sheet 'Spend' cell A3")}),
    (make.make_ods_filtered_rows_and_hidden_column, ".ods", {
        ("attachment.hidden-rows", "sheet 'Cases' rows 2:3"),
        ("attachment.hidden-columns", "sheet 'Cases' column C"),
        ("redaction.phone", "sheet 'Cases' cell C2")}),
    # hidden sheets
    (make.make_ods_hidden_sheet, ".ods", {("attachment.hidden-sheet", "sheet 'Staff'"),
                                          ("redaction.email", "sheet 'Staff' cell B2")}),
    (make.make_ods_hidden_sheet_with_dates, ".ods", {
        ("attachment.hidden-sheet", "sheet 'Raw'"),
        ("redaction.date-of-birth", "sheet 'Raw' cell B2"),
        ("redaction.ni-number", "sheet 'Raw' cell C2")}),
    # hidden cells
    (make.make_ods_stored_value, ".ods", {("attachment.hidden-cells", "sheet 'Log' cell B2"),
                                          ("redaction.email", "sheet 'Log' cell B2")}),
    # speaker notes
    (make.make_odp_notes, ".odp", {("redaction.email", "slide 1 notes")}),
    (make.make_odp_notes_on_slide_three, ".odp", {("redaction.phone", "slide 3 notes"),
                                                  ("redaction.ni-number", "slide 3 notes")}),
    # hidden slides
    (make.make_odp_hidden_slide, ".odp", {("attachment.hidden-slide", "slide 2"),
                                          ("redaction.phone", "slide 2")}),
    (make.make_odp_two_hidden_slides, ".odp", {("attachment.hidden-slide", "slide 2"),
                                               ("attachment.hidden-slide", "slide 4"),
                                               ("redaction.protected-name", "slide 2")}),
    # document properties
    (make.make_odt_user_defined_field, ".odt", {
        ("attachment.metadata", "meta.xml property 'Case officer'"),
        ("redaction.protected-name", "meta.xml property 'Case officer'")}),
    (make.make_ods_user_defined_field, ".ods", {
        ("redaction.email", "meta.xml property 'Contact'"),
        ("redaction.phone", "meta.xml description"),
        ("attachment.metadata", "meta.xml author")}),
    # unknown parts
    (make.make_odt_with_versions, ".odt", {("attachment.unknown-part", "Versions/Version1"),
                                           ("attachment.unknown-part", "VersionList.xml")}),
    (make.make_ods_with_macro_and_media, ".ods", {
        ("attachment.unknown-part", "Basic/Standard/Module1.xml"),
        ("attachment.unknown-part", "media/clip.mp4")}),
    # headers, footers, settings, pictures and objects
    (make.make_odt_footer_and_settings, ".odt", {
        ("redaction.phone", "page style 'Standard' footer"),
        ("redaction.email", "settings.xml 'PrinterName'")}),
    (make.make_odt_with_pictures_and_objects, ".odt", {
        ("attachment.image-metadata", "Pictures/photo.jpg EXIF GPS"),
        ("redaction.email", "Object 1 sheet 'local-table' cell A2"),
        ("attachment.embedded-object", "Object 2")}),
]


@pytest.mark.parametrize(("maker", "suffix", "expected"), CASES,
                         ids=[case[0].__name__.removeprefix("make_") for case in CASES])
def test_each_leak_is_found_with_its_code_and_place(tmp_path, maker, suffix, expected):
    findings = inspect(maker(tmp_path / f"file{suffix}"))
    assert expected <= codes_at(findings), findings
    assert_masked(findings)


def test_hidden_data_is_an_error_and_a_person_in_the_properties_a_warning(tmp_path):
    findings = inspect(make.make_ods_user_defined_field(tmp_path / "props.ods"))
    severities = {(f.code, f.severity) for f in findings}
    assert ("attachment.metadata", "warning") in severities
    assert ("redaction.email", "error") in severities


def test_deleted_text_and_comment_authors_are_said_to_be_so(tmp_path):
    findings = inspect(make.make_odt_tracked_deletion(tmp_path / "deleted.odt"))
    email = next(f for f in findings if f.code == "redaction.email")
    assert "deleted text" in email.message
    author = next(f for f in findings if f.code == "redaction.protected-name")
    assert "author" in author.message


def test_a_chart_is_read_not_reported_as_an_embedded_object(tmp_path):
    findings = inspect(make.make_odt_with_pictures_and_objects(tmp_path / "objects.odt"))
    embedded = [f.location for f in findings if f.code == "attachment.embedded-object"]
    assert embedded == ["Object 2"]
    assert not [f for f in findings if f.code == "attachment.unknown-part"]


def test_empty_rows_repeated_a_million_times_cost_nothing_and_count_nothing(tmp_path):
    findings = inspect(make.make_ods_hidden_rows(tmp_path / "rows.ods"))
    rows = [f for f in findings if f.code == "attachment.hidden-rows"]
    assert [(f.location, f.message) for f in rows] == [
        ("sheet 'Spend' rows 3:4", "rows 3:4 of sheet 'Spend' are hidden and hold 4 values")]


# --------------------------------------------------------------------------- more hiding places

def test_cell_text_in_the_colour_of_its_background_is_a_hidden_cell(tmp_path):
    automatic = make.TABLE_STYLES + (
        '<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties '
        'fo:background-color="#ffff00"/><style:text-properties fo:color="#ffff00"/></style:style>')
    body = make.sheet("Notes", [["Ref", "Note"], ["1", "QQ123456C"]]).replace(
        '<table:table-cell office:value-type="string"><text:p text:style-name="Standard">QQ',
        '<table:table-cell table:style-name="ce1" office:value-type="string"><text:p '
        'text:style-name="Standard">QQ')
    path = make.Odf("spreadsheet", automatic=automatic, body=body).save(tmp_path / "c.ods")
    make.holds(path, "//table:table-cell[@table:style-name='ce1']", "QQ123456C")
    found = codes_at(inspect(path))
    assert ("attachment.hidden-cells", "sheet 'Notes' cell B2") in found
    assert ("redaction.ni-number", "sheet 'Notes' cell B2") in found


def test_a_shape_set_not_to_display_is_a_hidden_shape(tmp_path):
    shape = ('<draw:custom-shape draw:display="none" svg:width="5cm" svg:height="2cm">'
             + make.p("Withheld: jo.bloggs@example.com") + "</draw:custom-shape>")
    body = make.slide(1, "Intro").replace("</draw:page>", shape + "</draw:page>")
    path = make.Odf("presentation", automatic=make.PAGE_STYLES, body=body).save(tmp_path / "s.odp")
    make.holds(path, "//draw:custom-shape[@draw:display='none']", "jo.bloggs@example.com")
    found = codes_at(inspect(path))
    assert ("attachment.hidden-shape", "slide 1") in found
    assert ("redaction.email", "slide 1") in found


def test_a_shape_on_a_hidden_layer_is_a_hidden_shape(tmp_path):
    layers = ('<draw:layer-set><draw:layer draw:name="layout"/><draw:layer draw:name="Drafts" '
              'draw:display="none"/></draw:layer-set>')
    shape = ('<draw:frame draw:layer="Drafts" svg:width="5cm" svg:height="2cm"><draw:text-box>'
             + make.p("Draft: call 07700 900456") + "</draw:text-box></draw:frame>")
    body = make.slide(1, "Intro") + make.slide(2, "Plan").replace("</draw:page>",
                                                                  shape + "</draw:page>")
    path = make.Odf("presentation", automatic=make.PAGE_STYLES, body=body,
                    layers=layers).save(tmp_path / "layers.odp")
    make.holds(path, "//draw:layer[@draw:display='none']/@draw:name", "Drafts", name="styles.xml")
    make.holds(path, "//draw:frame[@draw:layer='Drafts']", "07700 900456")
    found = codes_at(inspect(path))
    assert ("attachment.hidden-shape", "slide 2") in found
    assert ("redaction.phone", "slide 2") in found


def test_a_section_linked_from_another_file_is_an_external_link(tmp_path):
    section = ('<text:section text:name="Linked"><text:section-source xlink:href='
               '"file:///C:/Users/jbloggs/Documents/Staff%20list.odt"/>'
               + make.p("Cached copy") + "</text:section>")
    path = make.Odf("text", body=make.p("Intro.") + section).save(tmp_path / "linked.odt")
    make.holds(path, "//text:section-source/@xlink:href", "Staff%20list.odt")
    link = next(f for f in inspect(path) if f.code == "attachment.external-link")
    assert "Staff list.odt" in link.message and "jbloggs" not in link.message


def test_the_thumbnail_gets_the_image_check_and_unreadable_pictures_are_refused(tmp_path):
    document = make.Odf("text", body=make.p("Report."))
    document.parts["Thumbnails/thumbnail.png"] = (
        images.make_png_text_author(tmp_path / "t.png").read_bytes())
    document.parts["Pictures/scan.tif"] = b"II*\x00 scanned by jo.bloggs@example.com"
    document.parts["Pictures/odd.xyz"] = b"\x00\x01 unknown"
    path = document.save(tmp_path / "thumb.odt")
    with zipfile.ZipFile(path) as package:
        assert b"Author" in package.read("Thumbnails/thumbnail.png")
    found = codes_at(inspect(path))
    assert ("redaction.email", "Thumbnails/thumbnail.png PNG text chunk 'Author'") in found
    assert ("attachment.unknown-part", "Pictures/scan.tif") in found
    assert ("attachment.unknown-part", "Pictures/odd.xyz") in found


def test_a_picture_stored_inline_gets_the_image_check(tmp_path):
    photo = images.make_jpeg_gps(tmp_path / "gps.jpg").read_bytes()
    frame = ('<draw:frame draw:name="Inline"><draw:image><office:binary-data>'
             f"{base64.b64encode(photo).decode()}</office:binary-data></draw:image></draw:frame>")
    path = make.Odf("text", body=make.p("Intro.") + make.p(frame)).save(tmp_path / "inline.odt")
    make.holds(path, "//draw:image/office:binary-data")
    found = codes_at(inspect(path))
    assert ("attachment.image-metadata", "paragraph 2 inline picture EXIF GPS") in found


@pytest.mark.parametrize("kind", ["text", "spreadsheet"])
def test_an_encrypted_document_is_unreadable(tmp_path, kind):
    path = make.make_encrypted_odf(tmp_path / f"secret{make.SUFFIX[kind]}", kind)
    findings = inspect(path)
    assert codes_at(findings) == {("attachment.unreadable", "whole file")}
    assert "password" in findings[0].message


def test_a_zip_that_is_not_opendocument_is_unreadable(tmp_path):
    path = tmp_path / "renamed.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    assert codes_at(inspect(path)) == {("attachment.unreadable", "whole file")}


# --------------------------------------------------------------------------- clean

@pytest.mark.parametrize(("maker", "suffix"), [(make.make_clean_odt, ".odt"),
                                               (make.make_clean_ods, ".ods"),
                                               (make.make_clean_odp, ".odp")])
def test_rich_clean_documents_give_no_findings(tmp_path, maker, suffix):
    assert inspect(maker(tmp_path / f"clean{suffix}")) == []
