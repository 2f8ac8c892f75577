"""The DOCX inspector on real files built by tests/makers/docx.py: alt text, custom
properties, link targets, field codes, content-control data stores, text hidden through
paragraph, character and table styles (basedOn chains included), white and tiny text, parts
Word does not use, and a rich clean document that must pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    corpus_scanner,
    unread_parts,
)
from makers import docx as make

from opcc.redaction.inspectors import inspect_attachment

BODY = "word/document.xml"


def inspect(path: Path):
    return inspect_attachment(path, corpus_scanner(), ORGANISATION)


def found(findings) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in findings}


def finding(findings, code: str, location: str):
    matches = [f for f in findings if f.code == code and f.location == location]
    assert matches, (code, location, [(f.code, f.location) for f in findings])
    return matches[0]


def finding_listing(findings, code: str, place: str):
    """A personal-data finding whose places include this one (it may list others)."""
    matches = [f for f in findings if f.code == code and place in f.location]
    assert matches, (code, place, [(f.code, f.location) for f in findings])
    return matches[0]


def assert_never_shown(findings, *values: str) -> None:
    for item in findings:
        text = f"{item.message} {item.hint} {item.location}"
        for value in values:
            assert value not in text, (value, item)


# --------------------------------------------------------------------------- alt text

def test_picture_alt_text_set_through_python_docx(tmp_path):
    findings = inspect(make.alt_text_python_docx(tmp_path / "alt.docx"))
    phone = finding(findings, "redaction.phone", f"{BODY} paragraph 2")
    assert "in alt text" in phone.message
    assert_never_shown(findings, "07700 900123")


def test_picture_and_table_alt_text_written_in_the_xml(tmp_path):
    findings = inspect(make.alt_text_xml(tmp_path / "alt.docx"))
    assert "in alt text" in finding(findings, "redaction.email", f"{BODY} paragraph 2").message
    # a table's description sits outside every paragraph: placed at the part
    assert "in alt text" in finding(findings, "redaction.ni-number", BODY).message
    assert_never_shown(findings, "a.person@example.com", "QQ123456C")


# --------------------------------------------------------------------------- custom properties

def test_custom_property_holding_an_email_and_one_naming_a_person(tmp_path):
    findings = inspect(make.custom_properties_email(tmp_path / "custom.docx"))
    finding_listing(findings, "redaction.email", "docProps/custom.xml property 'Complainant email'")
    named = finding(findings, "attachment.metadata", "docProps/custom.xml property 'Case officer'")
    assert named.severity == "warning"
    assert_never_shown(findings, "jo.bloggs@example.com", "Helena Marchbank", "Marchbank")


def test_custom_properties_of_the_older_string_type(tmp_path):
    findings = inspect(make.custom_properties_reference(tmp_path / "custom.docx"))
    finding_listing(findings, "redaction.ni-number", "docProps/custom.xml property 'Reference'")
    finding_listing(findings, "redaction.protected-name",
                    "docProps/custom.xml property 'ApprovedBy'")
    assert finding(findings, "attachment.metadata",
                   "docProps/custom.xml property 'ApprovedBy'").severity == "warning"
    assert_never_shown(findings, "QQ123456C", "Avery Quenby")


# --------------------------------------------------------------------------- link targets

def test_mailto_link_target_is_scanned_in_its_paragraph(tmp_path):
    findings = inspect(make.hyperlink_python_docx(tmp_path / "link.docx"))
    email = finding(findings, "redaction.email", f"{BODY} paragraph 1")
    assert "in a link" in email.message
    assert email.location == f"{BODY} paragraph 1"  # not also listed at the .rels part
    assert_never_shown(findings, "a.person@example.com")


def test_link_tooltip_and_query_string_are_scanned(tmp_path):
    findings = inspect(make.hyperlink_xml(tmp_path / "link.docx"))
    assert "in a link" in finding(findings, "redaction.phone", f"{BODY} paragraph 3").message
    assert "in a link" in finding(findings, "redaction.email", f"{BODY} paragraph 3").message
    assert_never_shown(findings, "07700 900123", "jane.doe@example.com")


# --------------------------------------------------------------------------- field codes

def test_simple_field_instruction_is_scanned(tmp_path):
    findings = inspect(make.simple_field_xml(tmp_path / "field.docx"))
    email = finding(findings, "redaction.email", f"{BODY} paragraph 3")
    assert "in a field code" in email.message
    assert_never_shown(findings, "jane.doe@example.com")


def test_complex_field_instruction_is_scanned(tmp_path):
    findings = inspect(make.complex_field_python_docx(tmp_path / "field.docx"))
    assert "in a field code" in finding(findings, "redaction.ni-number",
                                        f"{BODY} paragraph 2").message
    assert_never_shown(findings, "QQ123456C")


# --------------------------------------------------------------------------- data stores

def test_content_control_data_store_is_scanned(tmp_path):
    findings = inspect(make.content_control_store(tmp_path / "store.docx"))
    email = finding(findings, "redaction.email", "customXml/item2.xml")
    assert "data store" in email.message
    assert not [f for f in findings if f.code == "attachment.unknown-part"]
    assert_never_shown(findings, "b.person@example.org")


def test_sharepoint_data_store_person_column_and_number(tmp_path):
    findings = inspect(make.sharepoint_store(tmp_path / "store.docx"))
    finding(findings, "redaction.phone", "customXml/item2.xml")
    person = finding(findings, "attachment.metadata", "customXml/item2.xml column 'CaseOfficer'")
    assert person.severity == "warning"
    assert_never_shown(findings, "07700 900456", "Helena Marchbank")


# --------------------------------------------------------------------------- hidden styles

def test_text_hidden_through_a_paragraph_style(tmp_path):
    findings = inspect(make.hidden_paragraph_style_python_docx(tmp_path / "style.docx"))
    hidden = finding(findings, "attachment.hidden-text", f"{BODY} paragraph 2")
    assert "hidden through style 'Internal note'" in hidden.message
    finding(findings, "redaction.phone", f"{BODY} paragraph 2")
    assert_never_shown(findings, "07700 900456")


def test_paragraph_style_hidden_through_its_based_on_chain(tmp_path):
    findings = inspect(make.hidden_paragraph_style_xml(tmp_path / "style.docx"))
    hidden = [f for f in findings if f.code == "attachment.hidden-text"]
    assert [f.location for f in hidden] == [f"{BODY} paragraph 3"]  # not 4: shown on its run
    assert "style 'Annex text' (hidden in 'Annex base'" in hidden[0].message
    finding(findings, "redaction.ni-number", f"{BODY} paragraph 3")
    assert_never_shown(findings, "QQ123456C")


def test_text_hidden_through_a_character_style_based_on_a_hidden_one(tmp_path):
    findings = inspect(make.hidden_character_style_python_docx(tmp_path / "style.docx"))
    hidden = finding(findings, "attachment.hidden-text", f"{BODY} paragraph 1")
    assert "style 'Restricted' (hidden in 'Restricted base'" in hidden.message
    assert "34 character(s)" in hidden.message  # only the hidden run, not the whole paragraph
    finding(findings, "redaction.email", f"{BODY} paragraph 1")
    assert_never_shown(findings, "b.person@example.org")


def test_character_style_chain_of_three_in_a_table(tmp_path):
    findings = inspect(make.hidden_character_style_xml(tmp_path / "style.docx"))
    hidden = [f for f in findings if f.code == "attachment.hidden-text"]
    assert [f.location for f in hidden] == [f"{BODY} paragraph 3"]
    assert "'Private note small' (hidden in 'Private'" in hidden[0].message
    finding(findings, "redaction.phone", f"{BODY} paragraph 3")
    assert_never_shown(findings, "07700 900456")


def test_text_hidden_through_a_table_style(tmp_path):
    findings = inspect(make.hidden_table_style_xml(tmp_path / "style.docx"))
    hidden = finding(findings, "attachment.hidden-text", f"{BODY} paragraph 3")
    assert "style 'Hidden grid'" in hidden.message


@pytest.mark.parametrize("maker, phrase, value", [
    (make.white_text_python_docx, "in white on a white background", "jo.bloggs@example.com"),
    (make.tiny_text_python_docx, "in a font of 1 point or less", "QQ123456C"),
])
def test_white_and_tiny_text_are_hidden_text(tmp_path, maker, phrase, value):
    findings = inspect(maker(tmp_path / "format.docx"))
    assert phrase in finding(findings, "attachment.hidden-text", f"{BODY} paragraph 2").message
    assert_never_shown(findings, value)


def test_special_vanish_is_hidden_text(tmp_path):
    findings = inspect(make.special_vanish_xml(tmp_path / "spec.docx"))
    hidden = finding(findings, "attachment.hidden-text", f"{BODY} paragraph 3")
    assert "13 character(s) of text formatted as hidden" in hidden.message
    assert_never_shown(findings, "QQ123456C")


def test_reviewers_list_left_behind_is_read(tmp_path):
    findings = inspect(make.reviewers_left_behind(tmp_path / "people.docx"))
    assert finding(findings, "attachment.metadata", "word/people.xml person 1").severity == (
        "warning")
    finding(findings, "redaction.email", "word/people.xml")
    assert_never_shown(findings, "Helena Marchbank", "jo.bloggs@example.com")


# --------------------------------------------------------------------------- boxes and objects

def test_text_box_and_word_art_text_are_scanned(tmp_path):
    findings = inspect(make.text_box_and_word_art(tmp_path / "box.docx"))
    finding(findings, "redaction.phone", f"{BODY} paragraph 4")  # the text box's own paragraph
    finding(findings, "redaction.ni-number", f"{BODY} paragraph 3")  # v:textpath string
    assert_never_shown(findings, "07700 900456", "QQ123456C")


def test_embedded_object_is_an_error(tmp_path):
    findings = inspect(make.embedded_object(tmp_path / "ole.docx"))
    assert found(findings) == {("attachment.embedded-object", "word/embeddings/oleObject1.bin")}


def test_alt_chunk_is_an_embedded_object_and_its_text_is_scanned(tmp_path):
    findings = inspect(make.alt_chunk(tmp_path / "chunk.docx"))
    assert found(findings) == {("attachment.embedded-object", "word/afchunk.mht"),
                               ("redaction.email", "word/afchunk.mht")}
    assert_never_shown(findings, "jo.bloggs@example.com")


def test_embedded_photo_gets_the_image_check(tmp_path):
    findings = inspect(make.photo_with_author(tmp_path / "photo.docx"))
    places = {(f.code, f.location.split(" ")[0]) for f in findings}
    assert ("redaction.phone", "word/media/image1.jpg") in places
    assert ("attachment.metadata", "word/media/image1.jpg") in places
    assert_never_shown(findings, "07700 900123", "Helena Marchbank")


# --------------------------------------------------------------------------- unknown parts

def test_part_no_relationship_reaches_is_refused_and_scanned(tmp_path):
    findings = inspect(make.orphan_part(tmp_path / "orphan.docx"))
    part = "word/notes-old.xml"
    assert finding(findings, "attachment.unknown-part", part).severity == "error"
    finding(findings, "redaction.email", part)
    assert_never_shown(findings, "a.person@example.com")


def test_part_of_a_relationship_type_nobody_reads_is_refused(tmp_path):
    findings = inspect(make.unknown_relationship_part(tmp_path / "addin.docx"))
    assert found(findings) == {("attachment.unknown-part", "word/webextensions/taskpanes.xml")}


# --------------------------------------------------------------------------- clean

def test_rich_clean_document_passes(tmp_path):
    """Headings, styles, a list, a table with white text on a dark header, a picture with
    alt text, a policy link, header, footer fields and a footnote: nothing to report."""
    assert inspect(make.rich_clean(tmp_path / "clean.docx")) == []


def test_every_part_of_the_clean_document_is_read_or_reviewed_inert(tmp_path):
    from opcc.redaction.inspectors.docx import INERT, WordDocument

    unread, findings = unread_parts(make.rich_clean(tmp_path / "clean.docx"), WordDocument, INERT)
    assert unread == {"[Content_Types].xml"}  # themes, fonts and web settings are accounted
    assert findings == []
