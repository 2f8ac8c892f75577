"""End to end: one copy of the example site with a value of every leak class planted at
once. The build must fail with an error at each planted file (so each one on its own
would stop publication), and nothing planted may be anywhere under site/: every file is
read, and Office and OpenDocument packages are unzipped and read part by part."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from opcc.build.pipeline import BuildOptions, build_site
from tests.conftest import copy_example
from tests.makers import docx, odf, pdf, pptx, xlsx
from tests.makers import image as images

TODAY = date(2026, 11, 25)
FOLDER = "content/services"
PAGE_PATH = f"{FOLDER}/planted-documents.md"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# every planted value is a reserved one: these patterns find each in any form it is written
PLANTED = [re.compile(r"[\w.+-]+(?:@|&#64;|&#x40;|%40|\\x40)example\.(?:com|org)\b", re.I),
           re.compile(r"07700[\s\u00a0\u202f]?900[\s\u00a0\u202f]?\d{3}"),
           re.compile(r"QQ\s?12\s?34\s?56\s?C"),
           re.compile(r"\b(?:Avery Quenby|Jo Bloggs)\b")]  # Helena Marchbank is a public officer


@dataclass(frozen=True)
class Plant:
    """One leak: a file written into the site, and the code expected at it."""
    name: str  # file name beside the planted page
    make: Callable[[Path], object]  # writes the file at the path it is given
    code: str  # the error expected at this file ('*' for any error)


def raw(data: bytes | str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return write


def zipped(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("staff.txt", "Jo Bloggs, jo.bloggs@example.com, 07700 900123\n")


ATTACHMENTS = [
    # attachment types that were published unopened
    Plant("payroll.xls", raw(OLE + b"\x00" * 504 + b"jo.bloggs@example.com"),
          "attachment.unchecked-type"),
    Plant("letter.doc", raw(OLE + b"\x00" * 504 + b"QQ123456C"), "attachment.unchecked-type"),
    Plant("bundle.zip", zipped, "attachment.unchecked-type"),
    Plant("map.svg", raw("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script>"
                         "<text>jo.bloggs@example.com</text></svg>"), "attachment.unchecked-type"),
    Plant("notice.html", raw("<p onclick='alert(1)'>Ring 07700 900123</p><script>x()</script>"),
          "attachment.unchecked-type"),
    Plant("export.xml", raw("<staff><email>jo.bloggs@example.com</email></staff>"),
          "attachment.unchecked-type"),
    Plant("minutes.odt", odf.make_odt_comment, "attachment.comment"),
    Plant("rota.ods", odf.make_ods_hidden_rows, "attachment.hidden-rows"),
    Plant("briefing.odp", odf.make_odp_notes, "redaction.email"),
    Plant("photo.jpg", images.make_jpeg_exif_artist, "redaction.email"),
    Plant("site-visit.png", images.make_png_gps, "attachment.image-metadata"),
    Plant("talk.pptx", pptx.notes_email, "redaction.email"),
    # parts of known formats that were never read
    Plant("lookup.xlsx", xlsx.make_cached_lookup_email, "redaction.email"),
    Plant("validation.xlsx", xlsx.make_validation_list, "*"),
    Plant("chart.xlsx", xlsx.make_chart_title, "*"),
    Plant("header.xlsx", xlsx.make_header_email, "redaction.email"),
    Plant("properties.xlsx", xlsx.make_custom_property, "redaction.email"),
    Plant("connection.xlsx", xlsx.make_connection_database, "*"),
    Plant("strings.xlsx", xlsx.make_unused_shared_string, "*"),
    Plant("link.xlsx", xlsx.make_hyperlink_mailto, "redaction.email"),
    Plant("alt-text.docx", docx.alt_text_xml, "*"),
    Plant("custom.docx", docx.custom_properties_email, "redaction.email"),
    Plant("hyperlink.docx", docx.hyperlink_xml, "*"),
    Plant("field.docx", docx.simple_field_xml, "*"),
    Plant("data-store.docx", docx.content_control_store, "*"),
    Plant("revised.pdf", pdf.earlier_revision_by_hand, "attachment.earlier-revision"),
    Plant("xmp.pdf", pdf.xmp_pikepdf, "*"),
    Plant("form.pdf", pdf.form_field_pikepdf, "*"),
    Plant("mailto.pdf", pdf.link_mailto_reportlab, "redaction.email"),
    Plant("bookmarks.pdf", pdf.bookmarks_pikepdf, "*"),
    Plant("wrapped.pdf", pdf.wrapped_two_columns, "redaction.email"),
    # hidden by formatting
    Plant("zero-rows.xlsx", xlsx.make_zero_height_rows, "attachment.hidden-rows"),
    Plant("zero-column.xlsx", xlsx.make_zero_width_column, "attachment.hidden-columns"),
    Plant("invisible-format.xlsx", xlsx.make_number_format_hidden, "attachment.hidden-cells"),
    Plant("white-on-white.xlsx", lambda path: xlsx.make_colour_hidden(path, "FFFFFFFF"),
          "attachment.hidden-cells"),
    Plant("hidden-style.docx", docx.hidden_paragraph_style_xml, "attachment.hidden-text"),
    Plant("hidden-run-style.docx", docx.hidden_character_style_xml, "attachment.hidden-text"),
    Plant("layer-off.pdf", pdf.layer_off_marked_content, "attachment.hidden-layer"),
    Plant("cropped.pdf", pdf.outside_cropbox, "attachment.invisible-text"),
    Plant("under-image.pdf", pdf.under_image_reportlab, "attachment.text-under-box"),
    Plant("under-shape.pdf", pdf.under_shape_curve, "attachment.text-under-box"),
]

PAGE = """---
title: Planted documents
summary: Documents with every kind of hidden personal data, planted for the gate to catch.
class: services
published: 2024-01-01
tags: ["QQ12\\u00ad3456C"]
attachments:
  - {{file: "jo.bloggs@example.com.txt", title: Notes}}
  - {{file: summary.txt, title: "From avery.q\\x40example.org"}}
{attachments}---

Write to helena&#64;example.com, or call 07700&nbsp;900&#8239;456, or
[e-mail us](mailto:jo%2Ebloggs%40example.com). Ask *jo*.*bloggs*@example.com.
"""

DATASET = """title: Planted dataset
description: "Questions to avery.q\\x40example.org"
class: services
published: 2024-01-01
resources:
  - name: planted
    path: planted.csv
    schema:
      fields:
        - {name: ref, type: string}
        - {name: note, type: string, description: "Call 07700\\u00a0900789"}
"""

TEXT_LEAKS = [  # (path, code) the published-text plants are reported at
    (PAGE_PATH, "redaction.email"), (PAGE_PATH, "redaction.phone"),
    (PAGE_PATH, "redaction.ni-number"), ("site.yaml", "redaction.phone"),
    ("datasets/planted/datapackage.yaml", "redaction.email"),
    ("datasets/planted/datapackage.yaml", "redaction.phone"),
]


def plant_everything(root: Path) -> None:
    folder = root / FOLDER
    lines = "".join(f"  - {{file: {p.name}, title: {p.name}}}\n" for p in ATTACHMENTS)
    (root / PAGE_PATH).write_text(PAGE.format(attachments=lines), encoding="utf-8")
    (folder / "jo.bloggs@example.com.txt").write_text("Nothing here.\n", encoding="utf-8")
    (folder / "summary.txt").write_text("Nothing here either.\n", encoding="utf-8")
    for plant in ATTACHMENTS:
        plant.make(folder / plant.name)
    config = root / "site.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "  - {title: Contact us, url: /who-we-are/contact/}",
        '  - {title: "Contact us on 07700\\u00a0900321", url: /who-we-are/contact/}'), "utf-8")
    dataset = root / "datasets/planted"
    dataset.mkdir()
    (dataset / "datapackage.yaml").write_text(DATASET, encoding="utf-8")
    (dataset / "planted.csv").write_text("ref,note\nP1,fine\n", encoding="utf-8")


def published_texts(site: Path):
    """Every file under site/ as text; zip packages (OOXML, ODF) part by part."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"PK"):
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    yield f"{path}!{name}", package.read(name).decode("utf-8", "replace")
        yield str(path), data.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("planted") / "example")
    assert build_site(BuildOptions(root, today=TODAY)).ok  # a published site to protect
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    plant_everything(root)
    result = build_site(BuildOptions(root, today=TODAY))
    return root, result, before


def test_the_build_fails(planted):
    _, result, _ = planted
    assert not result.ok


@pytest.mark.parametrize("plant", ATTACHMENTS, ids=[p.name for p in ATTACHMENTS])
def test_each_planted_document_is_an_error_at_its_file(planted, plant):
    _, result, _ = planted
    at_file = [d for d in result.diagnostics
               if d.severity == "error" and d.path == f"{FOLDER}/{plant.name}"]
    assert at_file, f"no error at {plant.name}"
    if plant.code != "*":
        assert plant.code in {d.code for d in at_file}, [(d.code, d.message) for d in at_file]


@pytest.mark.parametrize("path, code", TEXT_LEAKS)
def test_each_planted_text_is_an_error_at_its_source(planted, path, code):
    _, result, _ = planted
    assert any(d.severity == "error" and d.path == path and d.code == code
               for d in result.diagnostics), \
        [(d.location, d.code) for d in result.diagnostics if d.severity == "error"]


def test_the_file_name_and_attachment_title_are_caught(planted):
    _, result, _ = planted
    on_page = {(d.code, d.line) for d in result.diagnostics
               if d.severity == "error" and d.path == PAGE_PATH}
    assert ("redaction.email", 8) in on_page and ("redaction.email", 9) in on_page, on_page


def test_nothing_planted_reaches_site(planted):
    root, _, before = planted
    site = root / "site"
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # the failed build left the published site exactly as it was
    leaks = [(where, pattern.pattern) for where, text in published_texts(site)
             for pattern in PLANTED if pattern.search(text)]
    assert not leaks, leaks[:10]


CLEAN = [("report.pdf", pdf.rich_clean), ("policy.docx", docx.rich_clean),
         ("figures.xlsx", xlsx.make_rich_clean), ("briefing.pptx", pptx.rich_clean),
         ("minutes.odt", odf.make_clean_odt), ("budget.ods", odf.make_clean_ods),
         ("slides.odp", odf.make_clean_odp), ("photo.jpg", images.make_clean_jpeg),
         ("chart.png", images.make_clean_png)]


def test_rich_clean_documents_build_clean_and_publish_byte_for_byte(tmp_path):
    root = copy_example(tmp_path / "example")
    folder = root / FOLDER
    for name, make in CLEAN:
        make(folder / name)
    lines = "".join(f"  - {{file: {name}, title: {name}}}\n" for name, _ in CLEAN)
    (root / PAGE_PATH).write_text(
        "---\ntitle: Clean documents\nsummary: Documents with nothing hidden.\n"
        f"class: services\npublished: 2024-01-01\nattachments:\n{lines}---\n\nThe documents.\n",
        encoding="utf-8")
    result = build_site(BuildOptions(root, today=TODAY))
    assert result.ok, [(d.location, d.code, d.message) for d in result.diagnostics
                       if d.severity == "error"]
    for name, _ in CLEAN:
        assert (root / "site/services" / name).read_bytes() == (folder / name).read_bytes(), name
