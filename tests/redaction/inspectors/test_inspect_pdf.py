"""The PDF inspector on real files built by tests/makers/pdf.py: earlier revisions kept by
incremental saves, XMP metadata, form field values, link targets, bookmarks, layers that
are switched off, text outside the page, text under a later image, shape or annotation,
objects nothing uses (or no index lists), custom document information, text laid out in
reading order, and a rich clean report that must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    corpus_scanner,
    shown_values,
)
from makers import pdf as make

from opcc.redaction.inspectors import inspect_attachment
from opcc.redaction.inspectors.pdf import earlier_revision_ends, page_texts

PLANTED = ["a.person@example.com", "b.person@example.org", "jo.bloggs@example.com",
           "QQ123456C", "07700 900123", "07700 900456", "Avery Quenby", "Helena Marchbank",
           "fileserver", "jbloggs"]
OBJECT = r"object \d+"


def inspect(path: Path):
    return inspect_attachment(path, corpus_scanner(), ORGANISATION)


def assert_found(findings, expected: set[tuple[str, str]]) -> None:
    """Exactly these (code, location) pairs; a location may be a regular expression."""
    found = {(f.code, f.location) for f in findings}
    unmatched = set(found)
    for code, place in expected:
        hits = {(c, loc) for c, loc in found if c == code and re.fullmatch(place, loc)}
        assert hits, (code, place, found)
        unmatched -= hits
    assert not unmatched, unmatched


def assert_masked(findings) -> None:
    assert not shown_values(findings, PLANTED)


def said(findings, code: str) -> str:
    return " ".join(f.message for f in findings if f.code == code)


CASES = [
    # earlier revisions kept by incremental saves
    (make.earlier_revision_pypdf, {("attachment.earlier-revision", "whole file"),
                                   ("redaction.email", "page 1")}, "in an earlier revision"),
    (make.earlier_revision_by_hand, {("attachment.earlier-revision", "whole file"),
                                     ("redaction.phone", "PDF information subject")},
     "in an earlier revision"),
    # XMP metadata: catalog packet and an image's own packet
    (make.xmp_pikepdf, {("attachment.metadata", "XMP metadata"),
                        ("redaction.email", "XMP metadata")}, "document properties"),
    (make.xmp_on_image, {("attachment.metadata", rf"XMP metadata \({OBJECT}\)"),
                         ("redaction.phone", rf"XMP metadata \({OBJECT}\)")}, ""),
    # form field values
    (make.form_field_reportlab, {("redaction.email", "form field 'email'")}, ""),
    (make.form_field_pikepdf, {("redaction.ni-number", "form field 'Reference'"),
                               ("redaction.phone", "form field 'Contact'")}, ""),
    # link targets
    (make.link_mailto_reportlab, {("redaction.email", "page 1 annotation 1")}, ""),
    (make.link_uri_pikepdf, {("redaction.email", "page 1 annotation 1")}, ""),
    (make.file_link_launch, {("attachment.file-link", "page 1 annotation 1")}, ""),
    (make.file_link_goto_remote, {("attachment.file-link", "page 1 annotation 1")}, ""),
    # bookmark titles, closed and nested
    (make.bookmarks_reportlab, {("redaction.protected-name", "bookmark 2"),
                                ("redaction.phone", "bookmark 3")}, ""),
    (make.bookmarks_pikepdf, {("redaction.email", "bookmark 3")}, ""),
    # layers switched off
    (make.layer_off_marked_content, {("attachment.hidden-layer", "page 1"),
                                     ("redaction.ni-number", "page 1")}, "in a hidden layer"),
    (make.layer_base_state_off, {("attachment.hidden-layer", "page 1"),
                                 ("redaction.email", "page 1")}, "in a hidden layer"),
    # outside the crop box or the media box
    (make.outside_cropbox, {("attachment.invisible-text", "page 1"),
                            ("redaction.phone", "page 1")}, "in invisible text"),
    (make.outside_mediabox, {("attachment.invisible-text", "page 1"),
                             ("redaction.ni-number", "page 1")}, "in invisible text"),
    # under an opaque image drawn later
    (make.under_image_reportlab, {("attachment.text-under-box", "page 1"),
                                  ("redaction.protected-name", "page 1")}, "under a filled box"),
    (make.under_image_inline, {("attachment.text-under-box", "page 1"),
                               ("redaction.email", "page 1")}, "under a filled box"),
    (make.under_image_opaque_alpha, {("attachment.text-under-box", "page 1"),
                                     ("redaction.protected-name", "page 1")},
     "under a filled box"),
    # in the colour of what is under it
    (make.black_highlight, {("attachment.text-under-box", "page 1"),
                            ("redaction.protected-name", "page 1")}, "under a filled box"),
    (make.white_on_white_box, {("attachment.invisible-text", "page 1"),
                               ("redaction.phone", "page 1")}, "in invisible text"),
    # under a filled shape of a light colour drawn later
    (make.under_shape_reportlab, {("attachment.text-under-box", "page 1"),
                                  ("redaction.ni-number", "page 1")}, "under a filled box"),
    (make.under_shape_curve, {("attachment.text-under-box", "page 1"),
                              ("redaction.phone", "page 1")}, "under a filled box"),
    # under an annotation: a redaction never applied, a filled square
    (make.under_redact_annotation, {("attachment.text-under-box", "page 1 annotation 1"),
                                    ("attachment.comment", "page 1 annotation 1"),
                                    ("redaction.protected-name", "page 1")}, ""),
    (make.under_square_annotation, {("attachment.text-under-box", "page 1 annotation 1"),
                                    ("attachment.comment", "page 1 annotation 1"),
                                    ("redaction.protected-name", "page 1")}, ""),
    # objects nothing uses, or no cross-reference table lists
    (make.orphan_object_pypdf, {("redaction.phone", OBJECT)}, "no page or feature uses"),
    (make.orphan_unlisted_object, {("redaction.email", "object 77")}, "index leaves out"),
    (make.orphan_form_xobject, {("redaction.ni-number", OBJECT)}, "a drawing no page shows"),
    # custom document information keys
    (make.info_custom_pypdf, {("redaction.email", "PDF information caseemail"),
                              ("redaction.protected-name", "PDF information caseofficer")}, ""),
    (make.info_custom_pikepdf, {("redaction.phone", "PDF information reviewerphone")}, ""),
    # values wrapped over two lines reach the scanner whole
    (make.wrapped_two_columns, {("redaction.email", "page 1")}, ""),
    (make.wrapped_table_cell, {("redaction.email", "page 1")}, ""),
]


@pytest.mark.parametrize("maker, expected, where", CASES, ids=[c[0].__name__ for c in CASES])
def test_each_leak_is_found_with_its_code_and_place(tmp_path, maker, expected, where):
    findings = inspect(maker(tmp_path / f"{maker.__name__}.pdf"))
    assert_found(findings, expected)
    if where:
        personal = [f for f in findings if f.code.startswith("redaction.")]
        assert all(where in f.message for f in personal), [f.message for f in personal]
    assert_masked(findings)


def test_covered_text_counts_characters_and_the_banner_heading_is_not_counted(tmp_path):
    findings = inspect(make.under_shape_reportlab(tmp_path / "shape.pdf"))
    [covered] = [f for f in findings if f.code == "attachment.text-under-box"]
    assert covered.message.startswith("18 character(s)")  # "Reference QQ123456C" less a space


def test_text_outside_the_crop_box_says_so(tmp_path):
    findings = inspect(make.outside_cropbox(tmp_path / "cropped.pdf"))
    assert "crop box" in said(findings, "attachment.invisible-text")


def test_the_unapplied_redaction_says_it_was_never_applied(tmp_path):
    findings = inspect(make.under_redact_annotation(tmp_path / "redact.pdf"))
    assert "never applied" in said(findings, "attachment.text-under-box")


def test_earlier_revision_is_found_in_the_bytes(tmp_path):
    path = make.earlier_revision_pypdf(tmp_path / "saved-twice.pdf")
    assert len(earlier_revision_ends(path.read_bytes())) == 1


def test_a_linearized_file_is_not_an_earlier_revision(tmp_path):
    path = make.linearized(tmp_path / "web.pdf")
    assert earlier_revision_ends(path.read_bytes()) == []
    assert inspect(path) == []


def test_one_value_on_several_pages_is_one_finding_listing_them(tmp_path):
    findings = inspect(make.same_email_on_two_pages(tmp_path / "two.pdf"))
    [email] = findings
    assert email.location == "pages 1 and 3" and email.message.endswith("on pages 1 and 3")


def test_page_text_keeps_wrapped_lines_in_reading_order(tmp_path):
    [text] = page_texts(make.wrapped_two_columns(tmp_path / "columns.pdf"))
    lines = text.splitlines()
    at = lines.index("Contact jo.bloggs@example")
    assert lines[at + 1] == ".com for the file."
    assert lines[at + 2] == "She is due to re-" and lines[at + 3] == "tire next year."
    assert "The panel met on Tuesday" in lines[at + 4:]  # the right column comes after


def test_page_text_keeps_a_wrapped_table_cell_together(tmp_path):
    [text] = page_texts(make.wrapped_table_cell(tmp_path / "table.pdf"))
    lines = text.splitlines()
    assert lines[lines.index("b.person@") + 1] == "example.org"


def test_damaged_page_content_is_unreadable_not_empty(tmp_path):
    findings = inspect(make.corrupt_content(tmp_path / "damaged.pdf"))
    assert [(f.code, f.location) for f in findings] == [("attachment.unreadable", "whole file")]


def test_rich_clean_report_passes(tmp_path):
    assert inspect(make.rich_clean(tmp_path / "report.pdf")) == []
