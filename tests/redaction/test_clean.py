"""`opcc clean FILE`: the cleaned copy (NAME.clean.EXT) of real files built by the makers,
re-read with independent readers; the original untouched; what remains listed, never
removed; exit codes and messages that never show a full personal value."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from makers.clean import (
    EMAIL,
    OTHER_PHONE,
    PERSON,
    PHONE,
    jpeg_bytes,
    make_accessible_pdf,
    make_docx_with_comments,
    make_docx_with_review_marks,
    make_jpeg,
    make_ods_with_annotation,
    make_odt_with_annotation,
    make_pdf_with_comments,
    make_pdf_with_history,
    make_png,
    make_pptx_with_comments,
    make_xlsx_with_comments,
    make_xlsx_with_hidden_sheet,
    make_xlsx_with_threaded_comments,
    png_bytes,
    zip_names,
    zip_text,
)

from opcc.cli.main import main
from opcc.redaction import Scanner
from opcc.redaction.cleaning import CleanError, clean_file, cleaned_path
from opcc.redaction.cleaning.image import clean_embedded
from opcc.redaction.inspectors import inspect_attachment
from tests.conftest import REPO

PLANTED = (PERSON, EMAIL, PHONE, OTHER_PHONE, "John Smith")


def run(*args: str):
    return CliRunner().invoke(main, ["clean", *args], catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def errors_left(path: Path) -> list:
    return [f for f in inspect_attachment(path, Scanner()) if f.severity == "error"]


def assert_nothing_planted(path: Path) -> None:
    """No planted value anywhere in the file: in any part of a package, or in its bytes."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            texts = {name: package.read(name) for name in package.namelist()}
    else:
        texts = {path.name: path.read_bytes()}
    for name, data in texts.items():
        for value in PLANTED:
            assert value.encode() not in data, (value, name)


def assert_masked(output: str) -> None:
    for value in (EMAIL, PHONE, OTHER_PHONE):
        assert value not in output


# --------------------------------------------------------------------------- PDF

def test_pdf_author_xmp_and_earlier_revision_are_removed_original_untouched(tmp_path):
    original = make_pdf_with_history(tmp_path / "report.pdf")
    before = digest(original)
    result = run(str(original))
    cleaned = tmp_path / "report.clean.pdf"
    assert result.exit_code == 0, result.output
    assert "removed the author (document properties)" in result.output
    assert "removed the XMP metadata" in result.output
    assert "removed an earlier revision" in result.output
    assert f"{cleaned}: ready to publish" in result.output.splitlines()[-1]
    assert digest(original) == before
    assert errors_left(cleaned) == []
    assert not [f for f in inspect_attachment(cleaned, Scanner())
                if f.code == "attachment.metadata"]
    assert_nothing_planted(cleaned)
    assert cleaned.read_bytes().count(b"%%EOF") == 1
    import pikepdf

    with pikepdf.open(cleaned) as pdf:
        assert "/Metadata" not in pdf.Root and "/Author" not in pdf.docinfo
        assert str(pdf.docinfo["/Title"]) == "Annual report 2024"  # public: kept
    assert_masked(result.output)


def test_pdf_notes_go_links_stay_and_drawn_markup_keeps_only_its_shape(tmp_path):
    from pypdf import PdfReader

    report = clean_file(make_pdf_with_comments(tmp_path / "plan.pdf"))
    assert "removed 2 comments (notes, typed comments and highlights)" in report.removed
    assert "removed 1 custom document property" in report.removed
    assert any("PieceInfo" in line for line in report.removed)
    assert any(line.startswith("removed XMP metadata from 1 part") for line in report.removed)
    page = PdfReader(str(report.cleaned)).pages[0]
    annotations = [a.get_object() for a in page["/Annots"]]
    assert [a["/Subtype"] for a in annotations] == ["/Link", "/Square"]
    assert "/URI" in annotations[0]["/A"]
    assert not {"/Contents", "/T", "/Popup"} & set(annotations[1])
    assert "/PieceInfo" not in page and "/Metadata" not in page
    assert_nothing_planted(report.cleaned)
    left = errors_left(report.cleaned)
    assert {f.code for f in left} <= {"attachment.comment"}  # the square: a person decides


def test_pdf_conformance_claims_stay_in_a_cut_down_xmp(tmp_path):
    import pikepdf

    report = clean_file(make_accessible_pdf(tmp_path / "accessible.pdf"))
    assert ("removed the XMP metadata (document properties), keeping only the PDF/A and "
            "PDF/UA conformance claims and the properties kept above") in report.removed
    with pikepdf.open(report.cleaned) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "2" and xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == "Annual report 2024"
        assert "dc:creator" not in xmp and "xmpMM:DocumentID" not in xmp
    assert_nothing_planted(report.cleaned)
    assert errors_left(report.cleaned) == []


def test_a_cleaned_pdf_has_nothing_more_to_remove(tmp_path):
    first = clean_file(make_pdf_with_history(tmp_path / "report.pdf"))
    assert clean_file(first.cleaned).removed == ()


# --------------------------------------------------------------------------- DOCX

def test_docx_comments_author_custom_properties_and_photo_metadata_are_removed(tmp_path):
    from docx import Document

    original = make_docx_with_comments(tmp_path / "review.docx")
    before = digest(original)
    result = run(str(original))
    cleaned = tmp_path / "review.clean.docx"
    assert result.exit_code == 0, result.output
    for line in ("removed the author (document properties)",
                 "removed 'last modified by' (document properties)",
                 "removed 2 custom document properties", "removed 2 comments",
                 ("removed EXIF (camera, GPS location, author, date taken) from the picture "
                  "word/media/")):
        assert line in result.output
    assert digest(original) == before
    document = Document(str(cleaned))
    assert list(document.comments) == [] and document.core_properties.author == ""
    assert document.core_properties.title == "Complaint review outcome"
    assert [p.text for p in document.paragraphs][:2] == [
        "The review was completed within 60 working days.", "The panel met in March."]
    names = zip_names(cleaned)
    assert "word/comments.xml" not in names and "docProps/custom.xml" not in names
    body = zip_text(cleaned, "word/document.xml")
    assert "commentRangeStart" not in body and "commentReference" not in body
    assert "comments" not in zip_text(cleaned, "[Content_Types].xml")
    assert "custom" not in zip_text(cleaned, "_rels/.rels")
    assert errors_left(cleaned) == []
    assert_nothing_planted(cleaned)
    assert_masked(result.output)
    assert clean_file(cleaned).removed == ()


def test_docx_word_comment_parts_go_tracked_changes_are_listed_exit_1(tmp_path):
    original = make_docx_with_review_marks(tmp_path / "outcome.docx")
    result = run(str(original))
    cleaned = tmp_path / "outcome.clean.docx"
    assert result.exit_code == 1, result.output
    assert "removed 1 comment (and the list of their authors)" in result.output
    assert "error[attachment.tracked-change]" in result.output
    assert "not ready to publish" in result.output.splitlines()[-1]
    assert_masked(result.output)
    names = zip_names(cleaned)
    assert not [n for n in names if "comment" in n or "people" in n]
    rels = zip_text(cleaned, "word/_rels/document.xml.rels")
    assert "comment" not in rels and "people" not in rels
    body = etree.fromstring(zip_text(cleaned, "word/document.xml").encode())
    assert not body.xpath("//*[starts-with(local-name(), 'comment')]")
    assert body.xpath("//*[local-name()='del' or local-name()='ins']")  # kept for a person
    texts = "".join(body.xpath("//*[local-name()='t']/text()"))
    assert "Outcome: not upheld." in texts
    assert {f.code for f in errors_left(cleaned)} <= {"attachment.tracked-change",
                                                      "redaction.email"}


def test_docx_template_path_is_removed(tmp_path):
    from fixtures_redaction import add_attached_template, make_docx

    source = make_docx(tmp_path / "plain.docx", hidden=False)
    source.write_bytes(add_attached_template(source.read_bytes(), "jdoe"))
    report = clean_file(source)
    assert any("template" in line for line in report.removed)
    assert "word/_rels/settings.xml.rels" not in zip_names(report.cleaned)
    assert "attachedTemplate" not in zip_text(report.cleaned, "word/settings.xml")


# --------------------------------------------------------------------------- XLSX

def test_xlsx_notes_their_drawing_and_custom_properties_are_removed(tmp_path):
    from openpyxl import load_workbook

    original = make_xlsx_with_comments(tmp_path / "spending.xlsx")
    result = run(str(original))
    cleaned = tmp_path / "spending.clean.xlsx"
    assert result.exit_code == 0, result.output
    assert "removed 2 comments" in result.output
    assert "removed 1 custom document property" in result.output
    book = load_workbook(cleaned)
    sheet = book["Spending"]
    assert sheet["A2"].comment is None and sheet["B3"].comment is None
    assert sheet["A2"].value == "Stationery Ltd" and sheet["B2"].value == 120.5
    assert not book.custom_doc_props.props
    assert "creator" not in zip_text(cleaned, "docProps/core.xml")  # openpyxl reads a default
    names = zip_names(cleaned)
    assert not [n for n in names if n.endswith(".vml") or "comments" in n]
    assert "legacyDrawing" not in zip_text(cleaned, "xl/worksheets/sheet1.xml")
    assert errors_left(cleaned) == []
    assert_nothing_planted(cleaned)


def test_xlsx_threaded_comments_and_persons_go_a_form_control_drawing_stays(tmp_path):
    report = clean_file(make_xlsx_with_threaded_comments(tmp_path / "threads.xlsx"))
    assert "removed 2 comments (and the list of their authors)" in report.removed
    names = zip_names(report.cleaned)
    assert not [n for n in names if "threadedComment" in n or "persons" in n]
    for part in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                 "xl/worksheets/_rels/sheet1.xml.rels"):
        text = zip_text(report.cleaned, part)
        assert "threadedComment" not in text and "person" not in text
    drawing = etree.fromstring(zip_text(report.cleaned, "xl/drawings/commentsDrawing1.vml")
                               .encode())
    kinds = drawing.xpath("//*[local-name()='ClientData']/@ObjectType")
    assert kinds == ["Checkbox"]
    assert "legacyDrawing" in zip_text(report.cleaned, "xl/worksheets/sheet1.xml")
    assert_nothing_planted(report.cleaned)
    assert errors_left(report.cleaned) == []


def test_xlsx_hidden_sheet_is_listed_for_a_person_not_removed_exit_1(tmp_path):
    from openpyxl import load_workbook

    original = make_xlsx_with_hidden_sheet(tmp_path / "complaints.xlsx")
    result = run(str(original))
    cleaned = tmp_path / "complaints.clean.xlsx"
    assert result.exit_code == 1, result.output
    assert "removed 1 comment" in result.output
    assert "not removed: needs a person's decision" in result.output
    assert "error[attachment.hidden-sheet]" in result.output
    assert f"{cleaned}:sheet 'Staff'" in result.output
    assert "hint: " in result.output
    assert "not ready to publish" in result.output.splitlines()[-1]
    assert_masked(result.output)
    book = load_workbook(cleaned)
    assert book["Staff"].sheet_state == "hidden" and book["Staff"]["B2"].value == EMAIL
    assert book["Summary"]["B2"].comment is None


def test_the_sites_allow_list_and_office_names_judge_what_remains(tmp_path):
    original = make_xlsx_with_hidden_sheet(tmp_path / "complaints.xlsx")
    result = run("--root", str(REPO), str(original))
    assert result.exit_code == 1 and "attachment.hidden-sheet" in result.output


# --------------------------------------------------------------------------- PPTX

def test_pptx_legacy_and_modern_comments_and_author_lists_are_removed(tmp_path):
    report = clean_file(make_pptx_with_comments(tmp_path / "briefing.pptx"))
    assert "removed 2 comments (and the list of their authors)" in report.removed
    names = zip_names(report.cleaned)
    assert names == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml",
                     "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels",
                     "ppt/slides/slide1.xml"]
    slide = etree.fromstring(zip_text(report.cleaned, "ppt/slides/slide1.xml").encode())
    assert not slide.xpath("//*[local-name()='extLst' or local-name()='commentRel']")
    assert slide.xpath("//*[local-name()='t']/text()") == ["Budget 2025"]
    types = zip_text(report.cleaned, "[Content_Types].xml")
    assert "comment" not in types.lower() and "authors" not in types
    assert "Panel briefing" in zip_text(report.cleaned, "docProps/core.xml")
    assert_nothing_planted(report.cleaned)


# --------------------------------------------------------------------------- pictures

def test_jpeg_exif_gps_and_artist_are_removed_and_the_photo_is_turned_upright(tmp_path):
    from PIL import Image, ImageChops, ImageOps, ImageStat

    original = make_jpeg(tmp_path / "visit.jpg", orientation=6)
    before = digest(original)
    result = run(str(original))
    assert result.exit_code == 0, result.output
    assert "removed EXIF (camera, GPS location, author, date taken) from the photo" \
        in result.output
    assert "removed the JPEG comment from the photo" in result.output
    assert digest(original) == before
    cleaned = tmp_path / "visit.clean.jpg"
    with Image.open(original) as photo, Image.open(cleaned) as clean:
        shown = ImageOps.exif_transpose(photo)
        assert clean.size == shown.size == (32, 64)
        assert not clean.getexif() and "comment" not in clean.info
        assert clean.info["icc_profile"] == photo.info["icc_profile"]
        difference = ImageChops.difference(shown.convert("RGB"), clean.convert("RGB"))
        assert max(ImageStat.Stat(difference).mean) < 4  # re-encoded with the same tables
    assert errors_left(cleaned) == []
    assert_nothing_planted(cleaned)


def test_upright_jpeg_keeps_its_size_and_quantisation_tables(tmp_path):
    from PIL import Image

    report = clean_file(make_jpeg(tmp_path / "office.jpeg"))
    with Image.open(tmp_path / "office.jpeg") as photo, Image.open(report.cleaned) as clean:
        assert clean.size == photo.size == (64, 32)
        assert clean.quantization == photo.quantization
        assert not clean.getexif()


def test_png_text_chunks_and_xmp_are_removed_pixels_identical(tmp_path):
    from PIL import Image

    original = make_png(tmp_path / "chart.png")
    report = clean_file(original)
    assert "removed 2 text chunks (Author, Comment) from the picture" in report.removed
    assert "removed XMP metadata from the picture" in report.removed
    with Image.open(original) as picture, Image.open(report.cleaned) as clean:
        assert clean.text == {} and "xmp" not in clean.info
        assert clean.tobytes() == picture.tobytes() and clean.mode == picture.mode
        assert clean.info["icc_profile"] == picture.info["icc_profile"]
        assert round(clean.info["dpi"][0]) == 150
    assert errors_left(report.cleaned) == []
    assert_nothing_planted(report.cleaned)


def test_data_after_the_end_of_a_photo_is_removed(tmp_path):
    from PIL import Image

    source = tmp_path / "motion.jpg"
    source.write_bytes(jpeg_bytes(metadata=False) + b"\x00\x00\x00\x18ftypmp42 video "
                       + f"recorded by {EMAIL}".encode())
    with Image.open(source) as photo:
        assert photo.size == (64, 32)  # the picture itself reads as usual
    report = clean_file(source)
    assert len(report.removed) == 1
    assert "bytes of data after the end of the picture" in report.removed[0]
    assert b"ftyp" not in report.cleaned.read_bytes()
    assert errors_left(report.cleaned) == []
    assert_nothing_planted(report.cleaned)


def test_a_picture_with_nothing_to_remove_is_copied_byte_for_byte(tmp_path):
    source = tmp_path / "plain.png"
    source.write_bytes(png_bytes(metadata=False))
    result = run(str(source))
    assert result.exit_code == 0 and "nothing to remove" in result.output
    assert (tmp_path / "plain.clean.png").read_bytes() == source.read_bytes()


def test_a_picture_inside_a_document_keeps_only_its_orientation():
    from PIL import Image

    cleaned, found = clean_embedded(jpeg_bytes(orientation=6))
    assert found[0].startswith("EXIF (camera, GPS location")
    with Image.open(io.BytesIO(cleaned)) as picture:
        assert dict(picture.getexif()) == {0x0112: 6} and picture.size == (64, 32)
    assert clean_embedded(cleaned) == (None, [])
    assert clean_embedded(b"not a picture") == (None, [])


# --------------------------------------------------------------------------- ODF

def test_odt_annotation_people_custom_properties_and_photo_metadata_are_removed(tmp_path):
    original = make_odt_with_annotation(tmp_path / "minutes.odt")
    result = run(str(original))
    cleaned = tmp_path / "minutes.clean.odt"
    for line in ("removed the initial author (document properties)",
                 "removed the author (document properties)",
                 "removed 1 custom document property", "removed 1 comment",
                 "from the picture Pictures/photo.jpg"):
        assert line in result.output
    with zipfile.ZipFile(cleaned) as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert package.namelist() == zipfile.ZipFile(original).namelist()
        content = etree.fromstring(package.read("content.xml"))
        meta = etree.fromstring(package.read("meta.xml"))
    assert not content.xpath("//*[starts-with(local-name(), 'annotation')]")
    assert "".join(content.xpath("//*[local-name()='p']")[0].itertext()) == \
        "The panel met on 3 March.It approved the budget. All members attended."
    assert meta.xpath("//*[local-name()='title']/text()") == ["Panel minutes"]
    assert not meta.xpath("//*[local-name()='creator' or local-name()='initial-creator' or "
                          "local-name()='user-defined' or local-name()='template']")
    assert_nothing_planted(cleaned)
    assert errors_left(cleaned) == []
    assert result.exit_code == 0, result.output


def test_ods_cell_annotation_is_removed_and_the_value_kept(tmp_path):
    report = clean_file(make_ods_with_annotation(tmp_path / "budget.ods"))
    assert "removed 1 comment" in report.removed
    content = etree.fromstring(zip_text(report.cleaned, "content.xml").encode())
    cells = content.xpath("//*[local-name()='table-cell']")
    assert [("".join(c.itertext())) for c in cells] == ["Supplier", "120"]
    assert_nothing_planted(report.cleaned)


# --------------------------------------------------------------------------- refused

def test_an_unsupported_type_is_refused_with_exit_1_and_nothing_written(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text(f"Ring {PHONE}", encoding="utf-8")
    result = run(str(notes))
    assert result.exit_code == 1
    assert f"{notes}: error[clean.unsupported-type]: .txt files can't be cleaned" \
        in result.output
    assert "hint: " in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("name", ["missing.pdf", "folder.pdf"])
def test_a_path_that_is_not_a_file_is_refused(tmp_path, name):
    if name == "folder.pdf":
        (tmp_path / name).mkdir()
    result = run(str(tmp_path / name))
    assert result.exit_code == 1 and "error[clean.not-a-file]" in result.output


def test_a_damaged_file_is_one_diagnostic_and_leaves_no_partial_copy(tmp_path):
    damaged = tmp_path / "broken.docx"
    damaged.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run(str(damaged))
    assert result.exit_code == 1 and "error[clean.unreadable]" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx"]
    with pytest.raises(CleanError) as caught:
        clean_file(damaged)
    assert caught.value.code == "clean.unreadable"


def test_several_files_exit_1_when_any_is_left_with_errors(tmp_path):
    photo = make_jpeg(tmp_path / "photo.jpg")
    book = make_xlsx_with_hidden_sheet(tmp_path / "book.xlsx")
    result = run(str(photo), str(book))
    assert result.exit_code == 1
    assert f"{cleaned_path(photo)}: ready to publish" in result.output
    assert f"{cleaned_path(book)}: not ready to publish" in result.output

