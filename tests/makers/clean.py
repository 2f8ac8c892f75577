"""Files for `opcc clean`: each holds what the cleaner must remove (and, where it says so,
what it must leave for a person to decide), and is re-opened with an independent reader
(pikepdf, pypdf, python-docx, openpyxl, Pillow, zipfile + lxml) to prove it is there.

Personal values are reserved fixture values: example.com mailboxes, 07700 900xxx phones
and made-up names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

PERSON = "Jane Doe"
EMAIL = "jane.doe@example.com"
PHONE = "07700 900123"
OTHER_PHONE = "07700 900456"
OFFICE = "Northshire OPCC"

CUSTOM_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
              '"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
              f'<vt:lpwstr>{PERSON}</vt:lpwstr></property>'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Contact">'
              f'<vt:lpwstr>{EMAIL}</vt:lpwstr></property></Properties>')
CUSTOM_REL = ('<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>')
CUSTOM_CT = ('<Override PartName="/docProps/custom.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.custom-properties+xml"/>')


def rezip(package: bytes, edits: dict[str, tuple[bytes, bytes]],
          parts: dict[str, str | bytes]) -> bytes:
    """A copy of a zip package with text replaced in some parts and new parts added."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in edits:
                old, new = edits[info.filename]
                assert old in data, f"{old!r} not in {info.filename}"
                data = data.replace(old, new, 1)
            target.writestr(info, data)
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def add_custom_properties(package: bytes) -> bytes:
    return rezip(package, {
        "[Content_Types].xml": (b"</Types>", CUSTOM_CT.encode() + b"</Types>"),
        "_rels/.rels": (b"</Relationships>", CUSTOM_REL.encode() + b"</Relationships>"),
    }, {"docProps/custom.xml": CUSTOM_XML})


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def zip_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


# --------------------------------------------------------------------------- pictures

def icc_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def quadrants(width: int = 64, height: int = 32):
    """A picture whose four quadrants differ, so a turn or a flip shows."""
    from PIL import Image

    picture = Image.new("RGB", (width, height))
    colours = ((200, 30, 30), (30, 200, 30), (30, 30, 200), (230, 230, 40))
    for index, colour in enumerate(colours):
        left, top = (index % 2) * width // 2, (index // 2) * height // 2
        picture.paste(colour, (left, top, left + width // 2, top + height // 2))
    return picture


def camera_exif(orientation: int = 1) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "ExampleCam", "Model 7"  # make, model
    exif[0x013B] = PERSON  # artist
    exif[0x0132] = "2024:05:01 10:00:00"
    if orientation != 1:
        exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (52.0, 12.0, 30.0), 3: "W", 4: (1.0, 30.0, 0.0)}
    return exif.tobytes()


def jpeg_bytes(orientation: int = 1, metadata: bool = True) -> bytes:
    out = io.BytesIO()
    extra = {"exif": camera_exif(orientation), "comment": f"Taken by {EMAIL}"} \
        if metadata else {}
    quadrants().save(out, "JPEG", quality=90, icc_profile=icc_profile(), **extra)
    return out.getvalue()


def make_jpeg(path: Path, orientation: int = 1) -> Path:
    """A photo with EXIF (camera, artist, GPS, optionally an orientation) and a comment."""
    from PIL import Image

    path.write_bytes(jpeg_bytes(orientation))
    with Image.open(path) as photo:
        exif = photo.getexif()
        assert exif[0x013B] == PERSON and exif.get_ifd(0x8825)[1] == "N"
        assert exif.get(0x0112, 1) == orientation
        assert EMAIL in photo.info["comment"].decode() and photo.info.get("icc_profile")
    return path


def png_bytes(metadata: bool = True) -> bytes:
    from PIL import PngImagePlugin

    chunks = PngImagePlugin.PngInfo()
    if metadata:
        chunks.add_text("Author", PERSON)
        chunks.add_itxt("Comment", f"Ring {PHONE}")
        chunks.add_text("XML:com.adobe.xmp", f"<x:xmpmeta><dc:creator>{EMAIL}</dc:creator>"
                        "</x:xmpmeta>")
    out = io.BytesIO()
    quadrants().convert("RGBA").save(out, "PNG", pnginfo=chunks, icc_profile=icc_profile(),
                                     dpi=(150, 150))
    return out.getvalue()


def make_png(path: Path) -> Path:
    """A PNG with tEXt Author, an iTXt comment and XMP in an iTXt chunk."""
    from PIL import Image

    path.write_bytes(png_bytes())
    with Image.open(path) as picture:
        assert picture.text["Author"] == PERSON and PHONE in picture.text["Comment"]
        assert EMAIL in picture.text["XML:com.adobe.xmp"]
    return path


# --------------------------------------------------------------------------- PDF

def make_pdf_with_history(path: Path) -> Path:
    """A plain report whose author names a person, whose XMP holds an email address and
    whose earlier revision (before an incremental save) held a phone number."""
    import pikepdf
    from pypdf import PdfWriter
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), invariant=1)
    page.setAuthor(PERSON)
    page.setTitle("Annual report 2024")
    page.setSubject(f"Call {PERSON} on {PHONE}")
    page.drawString(72, 720, "Annual report 2024: the office met all of its targets.")
    page.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:creator"] = [EMAIL]
            xmp["dc:title"] = "Annual report 2024"
        pdf.save(path)
    writer = PdfWriter(str(path), incremental=True)
    writer.add_metadata({"/Subject": "Annual report"})
    writer.write(str(path))
    data = path.read_bytes()
    assert data.count(b"%%EOF") == 2 and PHONE.encode() in data
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/Author"]) == PERSON
        assert str(pdf.docinfo["/Subject"]) == "Annual report"
        assert EMAIL in str(pdf.open_metadata().get("dc:creator"))
    return path


def make_accessible_pdf(path: Path) -> Path:
    """The same report claiming PDF/A-2B and PDF/UA-1 in its XMP, which also names the
    author and holds an editing history."""
    import pikepdf

    make_pdf_with_history(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["pdfaid:part"], xmp["pdfaid:conformance"] = "2", "B"
            xmp["pdfuaid:part"] = "1"
            xmp["xmpMM:DocumentID"] = "uuid:0f4d1c1e-0000-4000-8000-000000000001"
        pdf.save(path)
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfuaid:part"] == "1" and EMAIL in str(xmp["dc:creator"])
    return path


def make_pdf_with_comments(path: Path) -> Path:
    """A page with a link (kept), a sticky note and its pop-up, a highlight, a square
    mark-up with comment text, a custom information entry, and page-level XMP and
    PieceInfo."""
    import pikepdf
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), invariant=1)
    page.setAuthor(OFFICE)
    page.drawString(72, 720, "Police and crime plan: see our website.")
    page.linkURL("https://www.example.org/plan", (72, 710, 300, 735))
    page.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        first = pdf.pages[0].obj
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[400, 700, 420, 720],
            Contents=pikepdf.String(f"Check with {PERSON} on {OTHER_PHONE}"),
            T=pikepdf.String(PERSON)))
        popup = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Popup, Rect=[420, 600, 560, 700],
            Parent=note))
        note.Popup = popup
        highlight = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Highlight, Rect=[72, 715, 200, 730],
            QuadPoints=[72, 730, 200, 730, 72, 715, 200, 715], T=pikepdf.String(PERSON),
            Contents=pikepdf.String("reword this")))
        square = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[60, 600, 300, 650],
            T=pikepdf.String(PERSON), Contents=pikepdf.String(f"ask {EMAIL}")))
        first.Annots.extend([note, popup, highlight, square])
        first.PieceInfo = pikepdf.Dictionary(Illustrator=pikepdf.Dictionary(
            Private=pikepdf.String(PERSON)))
        first.Metadata = pdf.make_stream(f"<x:xmpmeta>{EMAIL}</x:xmpmeta>".encode())
        pdf.docinfo["/Department"] = pikepdf.String(f"Finance ({PERSON})")
        pdf.save(path)
    _assert_pdf_comments(path)
    return path


def _assert_pdf_comments(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    page = reader.pages[0]
    kinds = [a.get_object()["/Subtype"] for a in page["/Annots"]]
    assert kinds == ["/Link", "/Text", "/Popup", "/Highlight", "/Square"], kinds
    assert "/PieceInfo" in page and "/Metadata" in page
    assert reader.metadata["/Department"].startswith("Finance")


# --------------------------------------------------------------------------- DOCX

def make_docx_with_comments(path: Path) -> Path:
    """Author and last modified by naming people, two comments (one with an email
    address), custom properties and a photo carrying GPS EXIF."""
    from docx import Document

    document = Document()
    document.core_properties.author = PERSON
    document.core_properties.last_modified_by = "John Smith"
    document.core_properties.title = "Complaint review outcome"
    paragraph = document.add_paragraph("The review was completed within 60 working days.")
    document.add_comment(paragraph.runs, text=f"Confirm with {EMAIL}", author=PERSON,
                         initials="JD")
    second = document.add_paragraph("The panel met in March.")
    document.add_comment(second.runs, text="Is this right?", author="John Smith",
                         initials="JS")
    document.add_picture(io.BytesIO(jpeg_bytes()))
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(add_custom_properties(buffer.getvalue()))
    _assert_docx(path)
    return path


def _assert_docx(path: Path) -> None:
    from docx import Document

    document = Document(str(path))
    assert document.core_properties.author == PERSON
    assert [c.author for c in document.comments] == [PERSON, "John Smith"]
    names = zip_names(path)
    assert "word/comments.xml" in names and "docProps/custom.xml" in names
    assert "commentReference" in zip_text(path, "word/document.xml")
    assert any(n.startswith("word/media/") for n in names)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
WORD_PEOPLE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<w15:people xmlns:w15="{W15_NS}"><w15:person w15:author="A Reviewer">'
               f'<w15:presenceInfo w15:providerId="AD" w15:userId="{EMAIL}"/></w15:person>'
               '</w15:people>')
WORD_COMMENTS_EX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<w15:commentsEx xmlns:w15="{W15_NS}"><w15:commentEx '
                    'w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>')
WORD_COMMENT_IDS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/'
                    'word/2016/wordml/cid"><w16cid:commentId w16cid:paraId="1A2B3C4D" '
                    'w16cid:durableId="2A3B4C5D"/></w16cid:commentsIds>')
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MS_RELS = "http://schemas.microsoft.com/office/"
WORD_EXTRAS = {  # part: (text, relationship type, content type)
    "word/people.xml": (WORD_PEOPLE, f"{MS_RELS}2011/relationships/people",
                        f"{WORD_TYPE}people+xml"),
    "word/commentsExtended.xml": (WORD_COMMENTS_EX,
                                  f"{MS_RELS}2011/relationships/commentsExtended",
                                  f"{WORD_TYPE}commentsExtended+xml"),
    "word/commentsIds.xml": (WORD_COMMENT_IDS, f"{MS_RELS}2016/09/relationships/commentsIds",
                             f"{WORD_TYPE}commentsIds+xml"),
}


def make_docx_with_review_marks(path: Path) -> Path:
    """Word's own raw markup for a comment (with the people, commentsExtended and
    commentsIds parts Word writes beside it) and tracked changes whose deleted text holds
    an email address: the comment goes, the tracked changes are a person's decision."""
    from fixtures_redaction import make_docx

    make_docx(path, hidden=True)
    rels = "".join(f'<Relationship Id="rIdExtra{n}" Type="{kind}" Target="{name[5:]}"/>'
                   for n, (name, (_, kind, _)) in enumerate(WORD_EXTRAS.items()))
    types = "".join(f'<Override PartName="/{name}" ContentType="{content}"/>'
                    for name, (_, _, content) in WORD_EXTRAS.items())
    path.write_bytes(rezip(path.read_bytes(), {
        "word/_rels/document.xml.rels": (b"</Relationships>",
                                         rels.encode() + b"</Relationships>"),
        "[Content_Types].xml": (b"</Types>", types.encode() + b"</Types>"),
    }, {name: text for name, (text, _, _) in WORD_EXTRAS.items()}))
    body = etree.fromstring(zip_text(path, "word/document.xml").encode())
    assert body.findall(f".//{{{W_NS}}}commentReference")
    assert body.findall(f".//{{{W_NS}}}del") and body.findall(f".//{{{W_NS}}}ins")
    assert set(WORD_EXTRAS) | {"word/comments.xml"} <= set(zip_names(path))
    return path


# --------------------------------------------------------------------------- XLSX

def _workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_xlsx_with_comments(path: Path) -> Path:
    """Two cell comments (Excel notes, drawn by a legacy VML drawing), custom properties
    (openpyxl's own), and a creator naming a person."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.packaging.custom import StringProperty

    book = Workbook()
    sheet = book.active
    sheet.title = "Spending"
    sheet.append(["Supplier", "Amount"])
    sheet.append(["Stationery Ltd", 120.5])
    sheet.append(["Print Co", 80])
    sheet["A2"].comment = Comment(f"Ask {PERSON} on {PHONE}", PERSON)
    sheet["B3"].comment = Comment("Checked", "John Smith")
    book.properties.creator = PERSON
    book.properties.lastModifiedBy = "John Smith"
    book.custom_doc_props.append(StringProperty(name="Owner", value=EMAIL))
    path.write_bytes(_workbook_bytes(book))
    _assert_xlsx_comments(path)
    return path


def _assert_xlsx_comments(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Spending"]
    assert sheet["A2"].comment.author == PERSON and sheet["B3"].comment is not None
    assert book.properties.creator == PERSON
    assert [p.value for p in book.custom_doc_props.props] == [EMAIL]
    names = zip_names(path)
    assert any(n.startswith("xl/comments") for n in names)
    assert any(n.endswith(".vml") for n in names)


THREADED_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
THREADED_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<ThreadedComments xmlns="{THREADED_NS}"><threadedComment ref="A2" '
                'dT="2024-05-01T10:00:00.00" personId="{P1}" id="{C1}">'
                f'<text>Ask {EMAIL}</text></threadedComment><threadedComment ref="A2" '
                'dT="2024-05-02T10:00:00.00" personId="{P1}" id="{C2}" parentId="{C1}">'
                '<text>Done</text></threadedComment></ThreadedComments>')
PERSONS_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<personList xmlns="{THREADED_NS}"><person displayName="{PERSON}" id="{{P1}}" '
               f'userId="{EMAIL}" providerId="AD"/></personList>')
THREADED_CT = ('<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType='
               '"application/vnd.ms-excel.threadedcomments+xml"/><Override PartName='
               '"/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>')
CHECKBOX_SHAPE = ('<v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="_x0000_s2049" '
                  'type="#_x0000_t201" style="position:absolute;width:60pt;height:15pt">'
                  '<x:ClientData xmlns:x="urn:schemas-microsoft-com:office:excel" '
                  'ObjectType="Checkbox"><x:Anchor>3, 0, 3, 0, 4, 0, 4, 0</x:Anchor>'
                  '</x:ClientData></v:shape>')


def make_xlsx_with_threaded_comments(path: Path) -> Path:
    """Modern threaded comments (with a reply) and the persons list naming their author,
    beside the legacy notes Excel keeps for older versions; the notes' VML drawing also
    draws a checkbox form control, which must stay."""
    make_xlsx_with_comments(path)
    path.write_bytes(rezip(path.read_bytes(), {
        "[Content_Types].xml": (b"</Types>", THREADED_CT.encode() + b"</Types>"),
        "xl/worksheets/_rels/sheet1.xml.rels": (b"</Relationships>", (
            b'<Relationship Id="rIdThreaded" Type="http://schemas.microsoft.com/office/2017/'
            b'10/relationships/threadedComment" Target="../threadedComments/'
            b'threadedComment1.xml"/></Relationships>')),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>", (
            b'<Relationship Id="rIdPersons" Type="http://schemas.microsoft.com/office/2017/10/'
            b'relationships/person" Target="persons/person.xml"/></Relationships>')),
        "xl/drawings/commentsDrawing1.vml": (b"</xml>", CHECKBOX_SHAPE.encode() + b"</xml>"),
    }, {"xl/threadedComments/threadedComment1.xml": THREADED_XML,
        "xl/persons/person.xml": PERSONS_XML}))
    names = zip_names(path)
    assert "xl/persons/person.xml" in names and "xl/threadedComments/threadedComment1.xml" in names
    drawing = zip_text(path, "xl/drawings/commentsDrawing1.vml")
    assert 'ObjectType="Checkbox"' in drawing and 'ObjectType="Note"' in drawing
    return path


def make_xlsx_with_hidden_sheet(path: Path) -> Path:
    """A note and a creator to remove, and a hidden sheet of names that must stay."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.comments import Comment

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Quarter", "Complaints"])
    summary.append(["Q1", 12])
    summary["B2"].comment = Comment("from the case system", PERSON)
    staff = book.create_sheet("Staff")
    staff.append(["Name", "Email"])
    staff.append([PERSON, EMAIL])
    staff.sheet_state = "hidden"
    book.properties.creator = PERSON
    path.write_bytes(_workbook_bytes(book))
    check = load_workbook(path)
    assert check["Staff"].sheet_state == "hidden" and check["Staff"]["B2"].value == EMAIL
    assert check["Summary"]["B2"].comment is not None
    return path


# --------------------------------------------------------------------------- PPTX

PPTX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.presentationml.presentation.main+xml"/>'
        '<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.presentationml.slide+xml"/>'
        '<Override PartName="/ppt/comments/comment1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.presentationml.comments+xml"/>'
        '<Override PartName="/ppt/comments/modernComment_1.xml" ContentType="application/'
        'vnd.ms-powerpoint.comments+xml"/>'
        '<Override PartName="/ppt/commentAuthors.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.presentationml.commentAuthors+xml"/>'
        '<Override PartName="/ppt/authors.xml" ContentType="application/vnd.ms-powerpoint.'
        'authors+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxml'
        'formats-package.core-properties+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="ppt/presentation.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>'),
    "docProps/core.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title>Panel briefing</dc:title><dc:creator>{PERSON}</dc:creator>'
        '<cp:lastModifiedBy>John Smith</cp:lastModifiedBy></cp:coreProperties>'),
    "ppt/presentation.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>'),
    "ppt/_rels/presentation.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/slide" Target="slides/slide1.xml"/>'
        '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/commentAuthors" Target="commentAuthors.xml"/>'
        '<Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2018/10/'
        'relationships/authors" Target="authors.xml"/></Relationships>'),
    "ppt/slides/slide1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Budget 2025</a:t></a:r></a:p>'
        '</p:txBody></p:sp></p:spTree></p:cSld>'
        '<p:extLst><p:ext uri="{6950BFC3-D8DA-4A85-94F7-54DA5524770B}">'
        '<p188:commentRel xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/'
        'main" r:id="rId3"/></p:ext></p:extLst></p:sld>'),
    "ppt/slides/_rels/slide1.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/comments" Target="../comments/comment1.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2018/10/'
        'relationships/comments" Target="../comments/modernComment_1.xml"/>'
        '</Relationships>'),
    "ppt/comments/comment1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        '<p:cm authorId="0" idx="1"><p:pos x="10" y="10"/>'
        f'<p:text>Ask {EMAIL}</p:text></p:cm></p:cmLst>'),
    "ppt/comments/modernComment_1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p188:cmLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<p188:cm id="{11111111-2222-3333-4444-555555555555}" authorId="{AAAA}">'
        f'<p188:txBody><a:p><a:r><a:t>Ring {PHONE}</a:t></a:r></a:p></p188:txBody>'
        '</p188:cm></p188:cmLst>'),
    "ppt/commentAuthors.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        f'<p:cmAuthor id="0" name="{PERSON}" initials="JD" lastIdx="1" clrIdx="0"/>'
        '</p:cmAuthorLst>'),
    "ppt/authors.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/'
        f'main"><p188:author id="{{AAAA}}" name="{PERSON}" initials="JD" userId="{EMAIL}" '
        'providerId="AD"/></p188:authorLst>'),
}


def make_pptx_with_comments(path: Path) -> Path:
    """A one-slide presentation (the parts the cleaner needs; written by hand, as no
    PowerPoint library is installed) with a legacy and a modern comment and both author
    lists."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in PPTX_PARTS.items():
            package.writestr(name, text)
    slide = etree.fromstring(zip_text(path, "ppt/slides/slide1.xml").encode())
    assert slide.xpath("//*[local-name()='commentRel']")
    assert EMAIL in zip_text(path, "ppt/comments/comment1.xml")
    return path


# --------------------------------------------------------------------------- ODF

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'office:version="1.3"')
ODF_META = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-meta {ODF_NS}><office:meta>'
            '<meta:generator>LibreOffice/7.6</meta:generator>'
            '<dc:title>Panel minutes</dc:title>'
            f'<meta:initial-creator>{PERSON}</meta:initial-creator>'
            '<dc:creator>John Smith</dc:creator>'
            '<meta:template xlink:type="simple" xlink:href="file:///home/jdoe/Templates/'
            'minutes.ott" xlink:title="minutes"/>'
            f'<meta:user-defined meta:name="Reviewer">{EMAIL}</meta:user-defined>'
            '</office:meta></office:document-meta>')
ANNOTATION = ('<office:annotation office:name="__Annotation__1"><dc:creator>John Smith'
              f'</dc:creator><dc:date>2024-05-01T10:00:00</dc:date><text:p>Ring {PHONE}'
              '</text:p></office:annotation>')
ODT_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content {ODF_NS}><office:body><office:text>'
               '<text:p>The panel met on 3 March.'
               f'{ANNOTATION}It approved the budget.'
               '<office:annotation-end office:name="__Annotation__1"/> All members attended.'
               '</text:p>'
               '<text:p><draw:frame draw:name="Photo" svg:width="2cm" svg:height="1cm">'
               '<draw:image xlink:href="Pictures/photo.jpg" xlink:type="simple"/></draw:frame>'
               '</text:p></office:text></office:body></office:document-content>')
ODS_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content {ODF_NS}><office:body><office:spreadsheet>'
               '<table:table table:name="Budget"><table:table-row>'
               '<table:table-cell office:value-type="string"><text:p>Supplier</text:p>'
               '</table:table-cell><table:table-cell office:value-type="float" '
               f'office:value="120">{ANNOTATION}<text:p>120</text:p></table:table-cell>'
               '</table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')


def _manifest(mimetype: str, pictures: bool) -> str:
    picture = ('<manifest:file-entry manifest:full-path="Pictures/photo.jpg" '
               'manifest:media-type="image/jpeg"/>') if pictures else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
            '"text/xml"/><manifest:file-entry manifest:full-path="meta.xml" '
            f'manifest:media-type="text/xml"/>{picture}</manifest:manifest>')


def _write_odf(path: Path, mimetype: str, content: str, pictures: bool) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", _manifest(mimetype, pictures))
        package.writestr("content.xml", content)
        package.writestr("meta.xml", ODF_META)
        if pictures:
            package.writestr("Pictures/photo.jpg", jpeg_bytes())
    _assert_odf(path, mimetype)
    return path


def _assert_odf(path: Path, mimetype: str) -> None:
    with zipfile.ZipFile(path) as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert package.read("mimetype").decode() == mimetype
        content = etree.fromstring(package.read("content.xml"))
        meta = etree.fromstring(package.read("meta.xml"))
    assert content.xpath("//*[local-name()='annotation']")
    assert meta.xpath("//*[local-name()='initial-creator']/text()") == [PERSON]
    assert meta.xpath("//*[local-name()='user-defined']")


def make_odt_with_annotation(path: Path) -> Path:
    """A text document with a comment in a paragraph, people and a custom property in
    meta.xml, and a photo carrying EXIF."""
    return _write_odf(path, "application/vnd.oasis.opendocument.text", ODT_CONTENT, True)


def make_ods_with_annotation(path: Path) -> Path:
    """A spreadsheet with a comment on a cell, and the same meta.xml."""
    return _write_odf(path, "application/vnd.oasis.opendocument.spreadsheet", ODS_CONTENT,
                      False)
