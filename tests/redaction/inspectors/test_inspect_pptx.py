"""The PPTX inspector on real files built by tests/makers/pptx.py: speaker notes, hidden
slides (placed by show order), classic and modern comments with their authors, hidden and
off-slide shapes, charts and their workbooks, alt text and links, parts PowerPoint does not
use, and a rich clean presentation that must pass."""

from __future__ import annotations

from pathlib import Path

from fixtures_redaction import (
    ORGANISATION,
    corpus_scanner,
    unread_parts,
)
from makers import pptx as make

from opcc.redaction.inspectors import INSPECTORS, inspect_attachment


def inspect(path: Path):
    return inspect_attachment(path, corpus_scanner(), ORGANISATION)


def found(findings) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in findings}


def finding(findings, code: str, location: str):
    matches = [f for f in findings if f.code == code and f.location == location]
    assert matches, (code, location, [(f.code, f.location) for f in findings])
    return matches[0]


def assert_never_shown(findings, *values: str) -> None:
    for item in findings:
        text = f"{item.message} {item.hint} {item.location}"
        for value in values:
            assert value not in text, (value, item)


def test_pptx_and_pptm_are_inspected():
    assert INSPECTORS[".pptx"] is INSPECTORS[".pptm"]


# --------------------------------------------------------------------------- speaker notes

def test_speaker_notes_are_scanned_and_placed_by_slide(tmp_path):
    findings = inspect(make.notes_email(tmp_path / "notes.pptx"))
    assert found(findings) == {("redaction.email", "slide 2 notes")}
    assert_never_shown(findings, "jane.doe@example.com")


def test_speaker_notes_over_several_paragraphs(tmp_path):
    findings = inspect(make.notes_phone(tmp_path / "notes.pptx"))
    assert found(findings) == {("redaction.phone", "slide 3 notes"),
                               ("redaction.protected-name", "slide 3 notes")}
    assert_never_shown(findings, "07700 900123", "Avery Quenby")


# --------------------------------------------------------------------------- hidden slides

def test_hidden_slide_is_an_error_and_its_text_is_scanned(tmp_path):
    findings = inspect(make.hidden_slide_personal(tmp_path / "hidden.pptx"))
    hidden = finding(findings, "attachment.hidden-slide", "slide 2")
    assert hidden.severity == "error" and "hidden" in hidden.message
    finding(findings, "redaction.ni-number", "slide 2")
    assert_never_shown(findings, "QQ123456C")


def test_hidden_slide_is_numbered_by_show_order_not_file_name(tmp_path):
    findings = inspect(make.hidden_slide_reordered(tmp_path / "hidden.pptx"))
    assert found(findings) == {("attachment.hidden-slide", "slide 3")}


# --------------------------------------------------------------------------- comments

def test_classic_comment_and_its_author(tmp_path):
    findings = inspect(make.classic_comment(tmp_path / "comment.pptx"))
    finding(findings, "attachment.comment", "slide 1 comment 1")
    assert "in a comment" in finding(findings, "redaction.phone", "slide 1 comment 1").message
    author = finding(findings, "attachment.metadata", "ppt/commentAuthors.xml author 1")
    assert author.severity == "warning"
    assert_never_shown(findings, "07700 900456", "Helena Marchbank", "Marchbank")


def test_modern_comment_reply_and_author_list(tmp_path):
    findings = inspect(make.modern_comment(tmp_path / "comment.pptx"))
    finding(findings, "attachment.comment", "slide 2 comment 1")
    finding(findings, "redaction.email", "slide 2 comment 1")  # in the reply
    finding(findings, "redaction.email", "ppt/authors.xml")  # the author's sign-in address
    assert finding(findings, "attachment.metadata", "ppt/authors.xml author 1").severity == "warning"
    assert not [f for f in findings if f.code == "attachment.unknown-part"]
    assert_never_shown(findings, "b.person@example.org", "jo.bloggs@example.com", "Jo Bloggs")


# --------------------------------------------------------------------------- shapes, charts, links

def test_hidden_and_off_slide_shapes(tmp_path):
    findings = inspect(make.hidden_and_offslide_shapes(tmp_path / "shapes.pptx"))
    assert "hidden" in finding(findings, "attachment.hidden-shape", "slide 1").message
    assert "outside the slide" in finding(findings, "attachment.hidden-shape", "slide 2").message
    finding(findings, "redaction.email", "slide 1")
    finding(findings, "redaction.ni-number", "slide 2")
    assert_never_shown(findings, "a.person@example.com", "QQ123456C")


def test_chart_cache_and_embedded_workbook(tmp_path):
    findings = inspect(make.chart_with_workbook(tmp_path / "chart.pptx"))
    assert found(findings) == {
        ("redaction.email", "slide 1 chart"),
        ("attachment.embedded-object", "ppt/embeddings/Microsoft_Excel_Worksheet.xlsx")}
    assert_never_shown(findings, "jane.doe@example.com")


def test_picture_alt_text_and_link_target(tmp_path):
    findings = inspect(make.alt_text_and_link(tmp_path / "links.pptx"))
    assert "in alt text" in finding(findings, "redaction.phone", "slide 1").message
    assert "in a link" in finding(findings, "redaction.email", "slide 2").message
    assert_never_shown(findings, "07700 900123", "jo.bloggs@example.com")


# --------------------------------------------------------------------------- layouts, tags, properties

def test_slide_layout_text_is_scanned(tmp_path):
    findings = inspect(make.layout_text(tmp_path / "layout.pptx"))
    assert found(findings) == {("redaction.phone", "slide layout 1")}


def test_tag_part_is_scanned(tmp_path):
    findings = inspect(make.tagged_slide(tmp_path / "tags.pptx"))
    assert found(findings) == {("redaction.email", "ppt/tags/tag1.xml")}
    assert_never_shown(findings, "a.person@example.com")


def test_custom_properties_of_a_presentation(tmp_path):
    findings = inspect(make.custom_properties(tmp_path / "custom.pptx"))
    assert any(f.code == "redaction.email" and "property 'Contact'" in f.location
               for f in findings)
    assert finding(findings, "attachment.metadata",
                   "docProps/custom.xml property 'Presenter'").severity == "warning"
    assert_never_shown(findings, "jane.doe@example.com", "Helena Marchbank")


# --------------------------------------------------------------------------- unknown parts

def test_slide_no_relationship_reaches_is_refused_and_scanned(tmp_path):
    findings = inspect(make.orphan_slide(tmp_path / "orphan.pptx"))
    assert finding(findings, "attachment.unknown-part", "ppt/slides/slide9.xml").severity == "error"
    finding(findings, "redaction.email", "ppt/slides/slide9.xml")
    assert_never_shown(findings, "b.person@example.org")


def test_part_of_a_relationship_type_nobody_reads_is_refused(tmp_path):
    findings = inspect(make.unknown_relationship_part(tmp_path / "addin.pptx"))
    assert found(findings) == {("attachment.unknown-part", "ppt/webextensions/webextension1.xml")}


# --------------------------------------------------------------------------- clean

def test_rich_clean_presentation_passes(tmp_path):
    """Title, content and table slides, a picture with alt text, a policy link, harmless
    speaker notes, master footer, notes master, theme and properties: nothing to report."""
    assert inspect(make.rich_clean(tmp_path / "clean.pptx")) == []


def test_every_part_of_the_clean_presentation_is_read_or_reviewed_inert(tmp_path):
    from opcc.redaction.inspectors.pptx import INERT, Presentation

    unread, findings = unread_parts(make.rich_clean(tmp_path / "clean.pptx"), Presentation, INERT)
    assert unread == {"[Content_Types].xml"}  # the themes are accounted as inert
    assert findings == []
