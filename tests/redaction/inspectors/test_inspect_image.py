"""JPEG and PNG attachments and pictures inside documents: EXIF (author, GPS, thumbnail),
XMP, IPTC, PNG text chunks and JPEG comments, each found with its code and its place, and
never quoted in full; harmless camera metadata gives nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fixtures_redaction import (
    ORGANISATION,
    codes_at,
    corpus_scanner,
    shown_values,
)
from makers import image as make

from opcc.redaction.inspectors import INSPECTORS, inspect_attachment
from opcc.redaction.inspectors.image import inspect_image_bytes
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.package import Package

PLANTED = ["a.person@example.com", "b.person@example.org", "jane.doe@example.com",
           "jo.bloggs@example.com", "07700 900123", "07700 900456", "QQ123456C",
           "Avery Quenby", "Helena Marchbank", "NT1 9ZZ", "51,30.2N"]


def inspect(path: Path):
    return inspect_attachment(path, corpus_scanner(), ORGANISATION)


def assert_masked(findings) -> None:
    assert not shown_values(findings, PLANTED)


def test_images_are_registered():
    assert {".jpg", ".jpeg", ".png"} <= set(INSPECTORS)


# --------------------------------------------------------------------------- each leak class

CASES = [
    # EXIF author e-mail
    (make.make_jpeg_exif_artist, ".jpg", {("redaction.email", "EXIF Artist")}),
    (make.make_png_exif_xp_author, ".png", {("redaction.email", "EXIF XPAuthor"),
                                            ("redaction.phone", "EXIF UserComment")}),
    # GPS
    (make.make_jpeg_gps, ".jpg", {("attachment.image-metadata", "EXIF GPS")}),
    (make.make_png_gps, ".png", {("attachment.image-metadata", "EXIF GPS")}),
    (make.make_jpeg_xmp_gps, ".jpeg", {("attachment.image-metadata", "XMP exif:GPSLatitude")}),
    # XMP creator and contact
    (make.make_jpeg_xmp_creator, ".jpg", {
        ("redaction.protected-name", "XMP dc:creator"),
        ("redaction.email", "XMP Iptc4xmpCore:CiEmailWork"),
        ("redaction.phone", "XMP Iptc4xmpCore:CiTelWork")}),
    (make.make_png_xmp_contact, ".png", {
        ("redaction.email", "XMP Iptc4xmpCore:CiEmailWork"),
        ("redaction.ni-number", "XMP dc:description")}),
    # IPTC by-line and contact
    (make.make_jpeg_iptc, ".jpg", {("redaction.protected-name", "IPTC by-line"),
                                   ("redaction.email", "IPTC contact")}),
    (make.make_png_iptc_profile, ".png", {("redaction.phone", "IPTC contact")}),
    # PNG text chunks
    (make.make_png_text_author, ".png", {("redaction.email", "PNG text chunk 'Author'")}),
    (make.make_png_compressed_text, ".png", {
        ("redaction.phone", "PNG text chunk 'Comment'"),
        ("redaction.ni-number", "PNG text chunk 'Description'")}),
    # JPEG comments
    (make.make_jpeg_comment, ".jpg", {("redaction.email", "JPEG comment")}),
    (make.make_progressive_jpeg_comments, ".jpg", {("redaction.ni-number", "JPEG comment")}),
]


@pytest.mark.parametrize(("maker", "suffix", "expected"), CASES,
                         ids=[case[0].__name__.removeprefix("make_") for case in CASES])
def test_each_leak_is_found_with_its_code_and_place(tmp_path, maker, suffix, expected):
    findings = inspect(maker(tmp_path / f"photo{suffix}"))
    assert expected <= codes_at(findings), findings
    assert_masked(findings)


def test_gps_is_an_error_reported_once_per_photo(tmp_path):
    findings = inspect(make.make_jpeg_xmp_gps(tmp_path / "gps.jpg"))
    located = [f for f in findings if f.code == "attachment.image-metadata"]
    assert len(located) == 1 and located[0].severity == "error"
    assert "where it was taken" in located[0].message


def test_a_name_in_an_author_field_is_a_metadata_warning(tmp_path):
    findings = inspect(make.make_png_iptc_profile(tmp_path / "byline.png"))
    assert ("attachment.metadata", "warning", "IPTC by-line") in {
        (f.code, f.severity, f.location) for f in findings}
    assert_masked(findings)


def test_exif_thumbnail_is_a_warning_and_checked_as_an_image(tmp_path):
    findings = inspect(make.make_jpeg_exif_thumbnail(tmp_path / "thumb.jpg"))
    found = {(f.code, f.severity, f.location) for f in findings}
    assert ("attachment.image-metadata", "warning", "EXIF thumbnail") in found
    assert ("redaction.email", "error", "EXIF thumbnail EXIF Artist") in found
    assert_masked(findings)


# --------------------------------------------------------------------------- clean

@pytest.mark.parametrize("maker", [make.make_clean_jpeg, make.make_clean_png])
def test_rich_clean_images_give_no_findings(tmp_path, maker):
    path = maker(tmp_path / ("clean.png" if "png" in maker.__name__ else "clean.jpg"))
    assert inspect(path) == []


# --------------------------------------------------------------------------- fail closed

def test_an_image_that_is_not_its_format_is_unreadable(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(make.png_bytes())
    assert codes_at(inspect(path)) == {("attachment.unreadable", "whole file")}
    text = tmp_path / "photo.png"
    text.write_bytes(b"not an image at all")
    assert codes_at(inspect(text)) == {("attachment.unreadable", "whole file")}


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_truncated_image_is_unreadable(tmp_path, suffix):
    data = make.jpeg_bytes() if suffix == ".jpg" else make.png_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) // 2])
    findings = inspect(path)
    assert [(f.code, f.location) for f in findings] == [("attachment.unreadable", "whole file")]


def test_data_after_the_image_is_refused_and_scanned(tmp_path):
    findings = inspect(make.make_trailing_data_jpeg(tmp_path / "motion.jpg"))
    found = codes_at(findings)
    assert ("attachment.image-metadata", "data after the image") in found
    assert ("redaction.email", "data after the image") in found
    assert_masked(findings)


def test_an_unknown_png_chunk_is_refused_and_scanned(tmp_path):
    findings = inspect(make.make_unknown_chunk_png(tmp_path / "layers.png"))
    found = codes_at(findings)
    assert ("attachment.image-metadata", "PNG chunk 'mkBT'") in found
    assert ("redaction.protected-name", "PNG chunk 'mkBT'") in found
    assert_masked(findings)


def test_an_unknown_jpeg_segment_is_refused(tmp_path):
    path = tmp_path / "app4.jpg"
    payload = b"VENDOR\x00owner jo.bloggs@example.com"
    path.write_bytes(make.after_soi(make.jpeg_bytes(), make.segment(0xE4, payload)))
    assert payload in path.read_bytes()
    found = codes_at(inspect(path))
    assert ("attachment.image-metadata", "JPEG APP4 segment") in found
    assert ("redaction.email", "JPEG APP4 segment") in found


# --------------------------------------------------------------------------- embedded

def test_picture_inside_a_docx_like_package_is_checked_by_its_part_name(tmp_path):
    photo = make.make_jpeg_exif_artist(tmp_path / "p.jpg", "jane.doe@example.com").read_bytes()
    gps = make.make_png_gps(tmp_path / "g.png").read_bytes()
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
        package.writestr("word/media/image1.jpeg", photo)
        package.writestr("word/media/image2.png", gps)
    with zipfile.ZipFile(path) as reopened:
        assert reopened.read("word/media/image1.jpeg") == photo
    inspection = Inspection(path, corpus_scanner(), ORGANISATION)
    with Package(inspection) as package:
        package.scan_images()
    findings = inspection.result()
    found = codes_at(findings)
    assert ("redaction.email", "word/media/image1.jpeg EXIF Artist") in found
    assert ("attachment.image-metadata", "word/media/image2.png EXIF GPS") in found
    assert_masked(findings)


def test_inspect_image_bytes_directly_and_a_picture_that_is_not_an_image(tmp_path):
    inspection = Inspection(tmp_path / "deck.pptx", corpus_scanner(), ORGANISATION)
    buffer = io.BytesIO()
    make.picture().save(buffer, "GIF")
    inspect_image_bytes(inspection, buffer.getvalue(), "ppt/media/image3.png")
    comment = make.make_jpeg_comment(tmp_path / "c.jpg").read_bytes()
    inspect_image_bytes(inspection, comment, "ppt/media/image4.jpg")
    found = codes_at(inspection.result())
    assert ("attachment.unknown-part", "ppt/media/image3.png") in found
    assert ("redaction.email", "ppt/media/image4.jpg JPEG comment") in found
