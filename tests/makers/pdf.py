"""PDF fixtures: each maker writes a real PDF with one kind of hidden or personal data, then
re-opens it with an independent reader (pikepdf for the structure, pdfminer's own text
extraction, or the raw bytes) and asserts the hidden part is really there before any test
relies on it.

Files are written by reportlab, pikepdf or pypdf, as offices' tools would write them; what
none of those can write (an incremental update by hand, an object left out of the
cross-reference table, content drawn in a given paint order) is written as PDF syntax.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

ORGANISATION = "Northshire OPCC"
A4 = (595.2756, 841.8898)


# --------------------------------------------------------------------------- helpers

def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4 as SIZE
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=SIZE, invariant=1)
    pdf.setAuthor(ORGANISATION)
    pdf.setTitle("Case review")
    pdf.setFont("Helvetica", 11)
    return pdf


def _one_page(path: Path, *lines: str) -> Path:
    pdf = _canvas(path)
    for number, line in enumerate(lines):
        pdf.drawString(60, 760 - 16 * number, line)
    pdf.showPage()
    pdf.save()
    return path


def _pikepdf_page(content: bytes, **resources) -> pikepdf.Pdf:
    """A one-page A4 PDF whose page draws `content` with Helvetica as /F1."""
    pdf = pikepdf.new()
    pdf.docinfo["/Author"] = ORGANISATION
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding))
    page = pdf.add_blank_page(page_size=A4)
    page.Resources = Dictionary(Font=Dictionary(F1=font), **resources)
    page.Contents = pdf.make_stream(content)
    return pdf


def _save(pdf: pikepdf.Pdf, path: Path) -> Path:
    pdf.save(path, deterministic_id=True)
    return path


def text_of(path: Path) -> str:
    """All page text as pdfminer's own extractor reads it (no visibility judged)."""
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def _content_ops(path: Path, page: int = 0) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[page])]


def _assert_drawn_before(path: Path, first: str, then: str) -> None:
    ops = _content_ops(path)
    assert first in ops and then in ops[ops.index(first):], (first, then, ops)


def append_revision(path: Path, objects: dict[int, bytes]) -> Path:
    """Append an incremental update, as Acrobat's Save does: new bodies for some objects,
    a cross-reference section for them and a trailer pointing back (/Prev) to the last."""
    data = path.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root, info = pdf.Root.objgen[0], pdf.trailer.Info.objgen[0]
        size = max(n for n, _ in pdf.get_xref_table()) + 1
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (max(size, max(offsets) + 1), root, info, previous, xref))
    path.write_bytes(bytes(out))
    return path


def revision_prefixes(path: Path) -> list[bytes]:
    """The file as it was after each save: each prefix ending at an %%EOF."""
    data = path.read_bytes()
    return [data[:m.end()] for m in re.finditer(rb"%%EOF\s*", data)]


# --------------------------------------------------------------------------- earlier revisions

def earlier_revision_pypdf(path: Path) -> Path:
    """A page showing a complainant's email, then 'redacted' with pypdf's incremental
    writer: the new revision draws the page without it, the old one is still in the file."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject

    _one_page(path, "Complaint review outcome", "Complainant: a.person@example.com")
    writer = PdfWriter(path, incremental=True)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf 60 760 Td (Complaint review outcome) Tj "
                    b"0 -16 Td (Complainant: [redacted]) Tj ET")
    writer.pages[0].replace_contents(stream)
    with open(path, "wb") as handle:
        writer.write(handle)
    assert "a.person@example.com" not in "".join(p.extract_text() for p in
                                                 PdfReader(path).pages)
    earlier = revision_prefixes(path)[0]
    assert len(revision_prefixes(path)) == 2
    with pikepdf.open(io.BytesIO(earlier)) as old:
        assert b"a.person@example.com" in old.pages[0].Contents.read_bytes()
    return path


def earlier_revision_by_hand(path: Path) -> Path:
    """Document properties edited and saved incrementally: the caseworker's phone number
    was removed from the subject, but the first revision's properties remain."""
    pdf = _canvas(path)
    pdf.setSubject("Call the caseworker on 07700 900123")
    pdf.drawString(60, 760, "Quarterly performance summary.")
    pdf.showPage()
    pdf.save()
    with pikepdf.open(path) as original:
        info = original.trailer.Info.objgen[0]
    append_revision(path, {info: b"<< /Author (Northshire OPCC) /Title (Case review) "
                                 b"/Subject (Performance summary) >>"})
    with pikepdf.open(path) as final:
        assert str(final.docinfo["/Subject"]) == "Performance summary"
    with pikepdf.open(io.BytesIO(revision_prefixes(path)[0])) as old:
        assert "07700 900123" in str(old.docinfo["/Subject"])
    return path


# --------------------------------------------------------------------------- XMP metadata

def xmp_pikepdf(path: Path) -> Path:
    """XMP written by pikepdf: dc:creator names a person and the description holds an
    email address; the document information dictionary is clean."""
    _one_page(path, "Annual report summary.")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:creator"] = ["Helena Marchbank"]
            meta["dc:description"] = "Queries to b.person@example.org"
        pdf.save(path)
    with pikepdf.open(path) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        assert b"Helena Marchbank" in packet and b"b.person@example.org" in packet
        assert "Marchbank" not in str(pdf.docinfo.get("/Author"))
    return path


XMP_PACKET = b"""<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
      photoshop:Credit="Ring 07700 900456 for the original">
   <dc:creator><rdf:Seq><rdf:li>Helena Marchbank</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_on_image(path: Path) -> Path:
    """An image XObject with its own XMP packet (as image editors leave it): a person as
    creator and a phone number in an attribute; the catalog has no XMP at all."""
    content = b"q 120 0 0 80 60 640 cm /Im1 Do Q BT /F1 11 Tf 60 600 Td (Site photo.) Tj ET"
    pdf = _pikepdf_page(content)
    metadata = pdf.make_stream(XMP_PACKET, Type=Name.Metadata, Subtype=Name.XML)
    image = pdf.make_stream(b"\x80\x80\x80", Type=Name.XObject, Subtype=Name.Image, Width=1,
                            Height=1, ColorSpace=Name.DeviceRGB, BitsPerComponent=8,
                            Metadata=metadata)
    pdf.pages[0].Resources.XObject = Dictionary(Im1=image)
    _save(pdf, path)
    with pikepdf.open(path) as pdf:
        assert "/Metadata" not in pdf.Root
        image = pdf.pages[0].Resources.XObject.Im1
        assert b"07700 900456" in image.Metadata.read_bytes()
    return path


# --------------------------------------------------------------------------- form fields

def form_field_reportlab(path: Path) -> Path:
    """A fillable form exported with the complainant's email still filled in."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Your email address:")
    pdf.acroForm.textfield(name="email", value="jo.bloggs@example.com", x=180, y=752,
                           width=220, height=18, borderWidth=0)
    pdf.showPage()
    pdf.save()
    with pikepdf.open(path) as form:
        values = {str(f.T): str(f.V) for f in form.Root.AcroForm.Fields}
    assert values == {"email": "jo.bloggs@example.com"}
    return path


def form_field_pikepdf(path: Path) -> Path:
    """Field values no page draws: a text field's /V and default /DV with no appearance,
    and a list box whose options hold a phone number."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Application form) Tj ET")
    page = pdf.pages[0]
    reference = pdf.make_indirect(Dictionary(
        FT=Name.Tx, T=String("Reference"), V=String("QQ123456C"), DV=String("QQ123456C"),
        Type=Name.Annot, Subtype=Name.Widget, Rect=Array([180, 700, 400, 718]), P=page.obj))
    choice = pdf.make_indirect(Dictionary(
        FT=Name.Ch, T=String("Contact"), Opt=Array([String("Office switchboard"),
                                                    String("Mobile 07700 900456")]),
        Type=Name.Annot, Subtype=Name.Widget, Rect=Array([180, 660, 400, 678]), P=page.obj))
    page.Annots = pdf.make_indirect(Array([reference, choice]))
    pdf.Root.AcroForm = Dictionary(Fields=Array([reference, choice]))
    _save(pdf, path)
    with pikepdf.open(path) as form:
        fields = {str(f.T): f for f in form.Root.AcroForm.Fields}
        assert str(fields["Reference"].V) == "QQ123456C" and "/AP" not in fields["Reference"]
        assert "07700 900456" in str(fields["Contact"].Opt[1])
    return path


# --------------------------------------------------------------------------- links

def link_mailto_reportlab(path: Path) -> Path:
    """Visible text 'Email the caseworker'; the link behind it is a personal mailbox."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Email the caseworker")
    pdf.linkURL("mailto:jo.bloggs@example.com", (58, 755, 200, 772), relative=0)
    pdf.showPage()
    pdf.save()
    assert "jo.bloggs" not in text_of(path)
    with pikepdf.open(path) as link:
        assert str(link.pages[0].Annots[0].A.URI) == "mailto:jo.bloggs@example.com"
    return path


def _link(pdf: pikepdf.Pdf, action: Dictionary, rect=(58, 755, 200, 772)) -> None:
    page = pdf.pages[0]
    annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                              Rect=Array(list(rect)), Border=Array([0, 0, 0]),
                                              A=action))
    page.Annots = pdf.make_indirect(Array([*page.obj.get("/Annots", Array()), annotation]))


def link_uri_pikepdf(path: Path) -> Path:
    """A link whose target is percent-encoded (b.person%40example.org), behind text that
    shows no address."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Write to us) Tj ET")
    _link(pdf, Dictionary(S=Name.URI, URI=String("mailto:b.person%40example.org?subject=Case")))
    _save(pdf, path)
    with pikepdf.open(path) as link:
        assert "b.person%40example.org" in str(link.pages[0].Annots[0].A.URI)
    assert "example.org" not in text_of(path)
    return path


def file_link_launch(path: Path) -> Path:
    """A Launch action opening a document on the office's file server."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (See the case file) Tj ET")
    target = String(r"\\fileserver\HR\Grievances\case-114.docx")
    _link(pdf, Dictionary(S=Name.Launch, F=Dictionary(Type=Name.Filespec, F=target)))
    _save(pdf, path)
    with pikepdf.open(path) as link:
        assert str(link.pages[0].Annots[0].A.S) == "/Launch"
    return path


def file_link_goto_remote(path: Path) -> Path:
    """A go-to-remote link into a PDF on a local drive."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Appendix B) Tj ET")
    _link(pdf, Dictionary(S=Name.GoToR, F=String(r"C:\Users\jbloggs\Documents\appendix-b.pdf"),
                          D=Array([0, Name.Fit])))
    _save(pdf, path)
    with pikepdf.open(path) as link:
        assert str(link.pages[0].Annots[0].A.F).startswith("C:")
    return path


# --------------------------------------------------------------------------- bookmarks

def bookmarks_reportlab(path: Path) -> Path:
    """Bookmarks nested under a closed parent: a protected name and a phone number in
    titles that no page shows."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Case papers (summary only).")
    for key in ("papers", "statement", "call"):
        pdf.bookmarkPage(key)  # one destination per entry: reportlab keys them
    pdf.addOutlineEntry("Case papers", "papers", level=0, closed=True)
    pdf.addOutlineEntry("Statement of Avery Quenby", "statement", level=1, closed=True)
    pdf.addOutlineEntry("Call back on 07700 900123", "call", level=2)
    pdf.showPage()
    pdf.save()
    assert "Avery" not in text_of(path)
    with pikepdf.open(path) as outlined, outlined.open_outline() as outline:
        child = outline.root[0].children[0]
        assert child.title == "Statement of Avery Quenby" and outline.root[0].is_closed
        assert child.children[0].title == "Call back on 07700 900123"
    return path


def bookmarks_pikepdf(path: Path) -> Path:
    """A bookmark tree written by pikepdf, the personal title three levels down."""
    from pikepdf import OutlineItem

    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Minutes) Tj ET")
    with pdf.open_outline() as outline:
        top = OutlineItem("Minutes", 0)
        middle = OutlineItem("Actions", 0)
        middle.children.append(OutlineItem("Reply to a.person@example.com", 0))
        top.children.append(middle)
        outline.root.append(top)
    _save(pdf, path)
    with pikepdf.open(path) as outlined, outlined.open_outline() as outline:
        assert outline.root[0].children[0].children[0].title.endswith("@example.com")
    return path


# --------------------------------------------------------------------------- layers

def _layer(pdf: pikepdf.Pdf, name: str):
    return pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String(name)))


def layer_off_marked_content(path: Path) -> Path:
    """Text in a layer listed /OFF in the default configuration, drawn through
    /OC ... BDC; a second layer that is ON holds ordinary text."""
    content = (b"/OC /Shown BDC BT /F1 11 Tf 60 760 Td (Public summary.) Tj ET EMC\n"
               b"/OC /Notes BDC BT /F1 11 Tf 60 740 Td (Officer notes: NI QQ123456C) Tj ET EMC")
    pdf = _pikepdf_page(content)
    shown, notes = _layer(pdf, "Summary"), _layer(pdf, "Notes")
    pdf.pages[0].Resources.Properties = Dictionary(Shown=shown, Notes=notes)
    pdf.Root.OCProperties = Dictionary(OCGs=Array([shown, notes]), D=Dictionary(
        Order=Array([shown, notes]), ON=Array([shown]), OFF=Array([notes])))
    _save(pdf, path)
    _assert_layer_off(path, "Notes")
    assert "QQ123456C" in text_of(path)
    return path


def layer_base_state_off(path: Path) -> Path:
    """/BaseState /OFF, and a form XObject whose /OC is a membership dictionary (OCMD)
    of that layer: the whole drawing is hidden."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Board minutes.) Tj ET q /Fm1 Do Q")
    drafts = _layer(pdf, "Drafting notes")
    membership = pdf.make_indirect(Dictionary(Type=Name.OCMD, OCGs=Array([drafts]),
                                              P=Name.AnyOn))
    form = pdf.make_stream(b"BT /F1 11 Tf 60 700 Td (Draft by a.person@example.com) Tj ET",
                           Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 595, 842]),
                           Resources=pdf.pages[0].Resources, OC=membership)
    pdf.pages[0].Resources.XObject = Dictionary(Fm1=form)
    pdf.Root.OCProperties = Dictionary(OCGs=Array([drafts]), D=Dictionary(
        BaseState=Name.OFF, Order=Array([drafts])))
    _save(pdf, path)
    _assert_layer_off(path, "Drafting notes")
    assert "a.person@example.com" in text_of(path)
    return path


def _assert_layer_off(path: Path, name: str) -> None:
    with pikepdf.open(path) as pdf:
        config = pdf.Root.OCProperties.D
        layers = {str(g.Name): g.objgen for g in pdf.Root.OCProperties.OCGs}
        off = {g.objgen for g in config.get("/OFF", [])}
        on = {g.objgen for g in config.get("/ON", [])}
        base_off = str(config.get("/BaseState", "/ON")) == "/OFF"
        assert layers[name] in off or (base_off and layers[name] not in on), name


# --------------------------------------------------------------------------- outside the page

def outside_cropbox(path: Path) -> Path:
    """A footer with a phone number, then the page cropped so the footer is not shown."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Panel meeting notes.")
    pdf.drawString(60, 40, "Direct line 07700 900456")
    pdf.showPage()
    pdf.save()
    with pikepdf.open(path, allow_overwriting_input=True) as cropped:
        cropped.pages[0].CropBox = Array([0, 100, 595, 842])
        cropped.save(path)
    with pikepdf.open(path) as cropped:
        assert float(cropped.pages[0].CropBox[1]) > 40 + 11
    assert "07700 900456" in text_of(path)
    return path


def outside_mediabox(path: Path) -> Path:
    """Text set beyond the right edge of an A4 page."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Summary of findings.")
    pdf.drawString(640, 500, "NI number QQ123456C")
    pdf.showPage()
    pdf.save()
    with pikepdf.open(path) as wide:
        assert float(wide.pages[0].MediaBox[2]) < 640
    assert "QQ123456C" in text_of(path)
    return path


# --------------------------------------------------------------------------- covered text

def _png(colour=(200, 60, 40), size=(40, 10)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def under_image_reportlab(path: Path) -> Path:
    """A name typed, then an opaque picture placed over it (a 'redaction' with a shape
    pasted on top in the word processor)."""
    from reportlab.lib.utils import ImageReader

    pdf = _canvas(path)
    pdf.drawString(60, 760, "Witness: Avery Quenby")
    pdf.drawImage(ImageReader(io.BytesIO(_png())), 100, 752, width=120, height=22)
    pdf.showPage()
    pdf.save()
    _assert_drawn_before(path, "Tj", "Do")
    with pikepdf.open(path) as covered:
        image = next(iter(covered.pages[0].Resources.XObject.values()))
        assert "/SMask" not in image and "/Mask" not in image
    assert "Avery Quenby" in text_of(path)
    return path


def under_image_opaque_alpha(path: Path) -> Path:
    """A PNG pasted over a name: it has an alpha channel (so a soft mask in the PDF), but
    every pixel is opaque."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    Image.new("RGBA", (40, 10), (20, 20, 20, 255)).save(buffer, "PNG")
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Witness: Avery Quenby")
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 100, 752, width=120, height=22,
                  mask="auto")
    pdf.showPage()
    pdf.save()
    _assert_drawn_before(path, "Tj", "Do")
    with pikepdf.open(path) as covered:
        image = next(iter(covered.pages[0].Resources.XObject.values()))
        assert set(image.SMask.read_bytes()) == {255}
    return path


def black_highlight(path: Path) -> Path:
    """Black text on a black highlight drawn first (Word's highlighter set to black)."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Witness:")
    pdf.rect(108, 756, 80, 15, stroke=0, fill=1)
    pdf.drawString(110, 760, "Avery Quenby")
    pdf.showPage()
    pdf.save()
    _assert_drawn_before(path, "re", "Tj")
    assert "Avery Quenby" in text_of(path)
    return path


def white_on_white_box(path: Path) -> Path:
    """White text on a white box on a white page: nothing shows."""
    pdf = _canvas(path)
    pdf.drawString(60, 760, "Summary.")
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(55, 735, 200, 18, stroke=0, fill=1)
    pdf.drawString(60, 740, "Call 07700 900456")
    pdf.showPage()
    pdf.save()
    _assert_drawn_before(path, "re", "Tj")
    assert "07700 900456" in text_of(path)
    return path


def under_image_inline(path: Path) -> Path:
    """Text, then an inline image (BI … ID … EI) stretched over it."""
    content = (b"BT /F1 11 Tf 60 760 Td (Email jo.bloggs@example.com) Tj ET\n"
               b"q 200 0 0 20 55 755 cm BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x10\x20\x30\x10\x20\x30"
               b" EI Q")
    _save(_pikepdf_page(content), path)
    _assert_drawn_before(path, "Tj", "INLINE IMAGE")
    assert "jo.bloggs@example.com" in text_of(path)
    return path


def under_shape_reportlab(path: Path) -> Path:
    """A pale yellow box drawn after the text it sits on (not a dark box): the text is
    hidden all the same. A banner drawn before its heading is there too, and is fine."""
    pdf = _canvas(path)
    pdf.setFillColorRGB(0.11, 0.23, 0.42)
    pdf.rect(40, 780, 515, 40, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(50, 795, "Northshire OPCC: case review")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(60, 740, "Reference QQ123456C")
    pdf.setFillColorRGB(1, 0.95, 0.6)
    pdf.rect(55, 735, 140, 18, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    ops = _content_ops(path)
    assert ops.count("re") >= 2 and "Tj" in ops[ops.index("re") + 1:]
    assert "QQ123456C" in text_of(path)
    return path


def under_shape_curve(path: Path) -> Path:
    """Text, then a light blue filled ellipse (a path of Bézier curves) drawn over it."""
    content = (b"BT /F1 11 Tf 60 760 Td (Call 07700 900123) Tj ET\n"
               b"0.75 0.85 1 rg 40 765 m 40 790 160 790 160 765 c 160 740 40 740 40 765 c f")
    _save(_pikepdf_page(content), path)
    _assert_drawn_before(path, "Tj", "f")
    assert "07700 900123" in text_of(path)
    return path


def _annotation_over_text(path: Path, subtype: Name, **extra) -> Path:
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Witness: Avery Quenby) Tj ET")
    pdf.pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=subtype, Rect=Array([100, 752, 200, 774]), **extra))]))
    _save(pdf, path)
    with pikepdf.open(path) as marked:
        assert marked.pages[0].Annots[0].Subtype == subtype
    assert "Avery Quenby" in text_of(path)
    return path


def under_redact_annotation(path: Path) -> Path:
    """A redaction marked in the editor but never applied: the text is all still there."""
    return _annotation_over_text(path, Name.Redact, IC=Array([0, 0, 0]))


def under_square_annotation(path: Path) -> Path:
    """A black filled square comment drawn over a name, as a 'redaction'."""
    return _annotation_over_text(path, Name.Square, IC=Array([0, 0, 0]), C=Array([0, 0, 0]))


# --------------------------------------------------------------------------- unused objects

def orphan_object_pypdf(path: Path) -> Path:
    """An object the cross-reference table lists but nothing uses, left by an editor."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    _one_page(path, "Published minutes.")
    writer = PdfWriter(clone_from=PdfReader(path))
    orphan = writer._add_object(DictionaryObject({
        NameObject("/Note"): TextStringObject("Call the complainant on 07700 900456")}))
    with open(path, "wb") as handle:
        writer.write(handle)
    number = orphan.idnum
    with pikepdf.open(path) as pdf:
        assert (number, 0) in pdf.get_xref_table()
        assert "07700 900456" in str(pdf.get_object((number, 0)).Note)
        others = [pdf.get_object(og) for og in pdf.get_xref_table() if og[0] != number]
        assert not any(f" {number} 0 R".encode() in o.unparse(resolved=True) for o in others
                       if isinstance(o, pikepdf.Object))
    return path


def orphan_unlisted_object(path: Path) -> Path:
    """An object in the file body that no cross-reference table lists."""
    data = _one_page(path, "Published minutes.").read_bytes()
    at = data.rindex(b"\nxref\n") + 1
    extra = b"77 0 obj\n<< /Note (Forward to a.person@example.com) >>\nendobj\n"
    data = data[:at] + extra + data[at:]
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    data = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % (start + len(extra)), data)
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        assert (77, 0) not in pdf.get_xref_table() and not pdf.get_warnings()
    assert b"77 0 obj" in path.read_bytes()
    return path


def orphan_form_xobject(path: Path) -> Path:
    """A form XObject (a drawing with text) that no page draws."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    _one_page(path, "Published minutes.")
    writer = PdfWriter(clone_from=PdfReader(path))
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 11 Tf 10 10 Td (Draft: NI QQ123456C) Tj ET")
    form.update({NameObject("/Type"): NameObject("/XObject"),
                 NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                   FloatObject(300), FloatObject(40)]),
                 NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
                     {NameObject("/F1"): font})})})
    number = writer._add_object(form).idnum
    with open(path, "wb") as handle:
        writer.write(handle)
    assert "QQ123456C" not in text_of(path)
    with pikepdf.open(path) as pdf:
        stream = pdf.get_object((number, 0))
        assert stream.Subtype == Name.Form and b"QQ123456C" in stream.read_bytes()
    return path


# --------------------------------------------------------------------------- document information

def info_custom_pypdf(path: Path) -> Path:
    """Custom document information keys added by a workflow tool."""
    from pypdf import PdfReader, PdfWriter

    _one_page(path, "Decision notice.")
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/CaseEmail": "jo.bloggs@example.com", "/CaseOfficer": "Avery Quenby"})
    with open(path, "wb") as handle:
        writer.write(handle)
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/CaseEmail"]) == "jo.bloggs@example.com"
    return path


def info_custom_pikepdf(path: Path) -> Path:
    """A custom key written by pikepdf, its value in UTF-16 (as Acrobat writes them)."""
    pdf = _pikepdf_page(b"BT /F1 11 Tf 60 760 Td (Decision notice.) Tj ET")
    pdf.docinfo["/ReviewerPhone"] = String(b"\xfe\xff" + "Mobile \u260e 07700 900123".encode(
        "utf-16-be"))
    _save(pdf, path)
    with pikepdf.open(path) as saved:
        raw = bytes(saved.docinfo["/ReviewerPhone"])
        assert raw.startswith(b"\xfe\xff") and "07700 900123" in raw.decode("utf-16")
    return path


# --------------------------------------------------------------------------- text as laid out

def wrapped_two_columns(path: Path) -> Path:
    """Two columns side by side: the left one wraps an email address at a line end and
    hyphenates a word; the right column's lines sit level with them."""
    pdf = _canvas(path)
    left = ["Write to the caseworker at", "Contact jo.bloggs@example", ".com for the file.",
            "She is due to re-", "tire next year."]
    right = ["The panel met on Tuesday", "and agreed the minutes", "of the last meeting",
             "without change and the", "chair closed the meeting."]
    for number, (first, second) in enumerate(zip(left, right)):
        pdf.drawString(60, 760 - 14 * number, first)
        pdf.drawString(330, 760 - 14 * number, second)
    pdf.showPage()
    pdf.save()
    assert "jo.bloggs@example.com" not in text_of(path).replace("\n", " ")
    with pikepdf.open(path) as pdf:
        assert b"(Contact jo.bloggs@example)" in pdf.pages[0].Contents.read_bytes()
    return path


def wrapped_table_cell(path: Path) -> Path:
    """A table whose narrow cell breaks an email address after the @, between cells
    with text of their own."""
    from reportlab.lib.pagesizes import A4 as SIZE
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    rows = [["Role", "Contact", "Notes"],
            [Paragraph("Caseworker", style), Paragraph("b.person@<br/>example.org", style),
             Paragraph("Available Monday to Wednesday each week", style)]]
    document = SimpleDocTemplate(str(path), pagesize=SIZE, author=ORGANISATION, invariant=1)
    document.build([Table(rows, colWidths=[90, 90, 150])])
    text = text_of(path)
    assert "b.person@\nexample.org" in text or "b.person@ \nexample.org" in text, text
    return path


# --------------------------------------------------------------------------- whole file

def same_email_on_two_pages(path: Path) -> Path:
    """One address on pages 1 and 3, none on page 2."""
    pdf = _canvas(path)
    for line in ("Contact jo.bloggs@example.com", "No contact details here.",
                 "Again: jo.bloggs@example.com"):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, 760, line)
        pdf.showPage()
    pdf.save()
    pages = text_of(path).split("\f")
    assert "jo.bloggs@example.com" in pages[0] and "jo.bloggs" not in pages[1]
    return path


def linearized(path: Path) -> Path:
    """A clean file saved 'optimised for the web': linearized files carry a first-page
    trailer and a second %%EOF that are not an earlier revision."""
    _one_page(path, "Quarterly performance summary.", "All figures are provisional.")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, linearize=True)
    assert path.read_bytes().count(b"%%EOF") == 2
    with pikepdf.open(path) as pdf:
        assert pdf.is_linearized
    return path


def corrupt_content(path: Path) -> Path:
    """A page whose compressed content is damaged: pdfminer reads it as empty, so the
    page text can't be checked."""
    import zlib

    packed = zlib.compress(b"BT /F1 11 Tf 60 760 Td (Call 07700 900123) Tj ET")
    pdf = _pikepdf_page(b"")
    pdf.pages[0].Contents = pdf.make_stream(packed[:10] + b"\x00garbage" + packed[18:],
                                            Filter=Name.FlateDecode)
    _save(pdf, path)
    with pikepdf.open(path) as damaged:
        try:
            damaged.pages[0].Contents.read_bytes()
        except pikepdf.DataDecodingError:
            return path
    raise AssertionError("the content stream decoded")


# --------------------------------------------------------------------------- clean

def rich_clean(path: Path) -> Path:
    """A real-looking three-page report: banner heading in white on navy, header and
    footer, a bar chart and a pie chart, a table with shaded rows, form fields with
    harmless values, https links, a photo-like JPEG and nested bookmarks."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Table, TableStyle

    pdf = _canvas(path)
    pdf.setSubject("Quarterly performance report")
    pdf.setKeywords("performance, police, crime")
    width, height = A4
    for number in range(1, 4):
        _clean_frame(pdf, number, width, height)
        key = f"page{number}"
        pdf.bookmarkPage(key)
        pdf.addOutlineEntry(f"Section {number}", key, level=0, closed=number == 2)
        pdf.addOutlineEntry(f"Section {number} detail", key, level=1)
        if number == 1:
            chart = Drawing(400, 200)
            bars = VerticalBarChart()
            bars.x, bars.y, bars.width, bars.height = 40, 30, 320, 150
            bars.data = [[120, 135, 150, 142], [80, 95, 90, 110]]
            bars.categoryAxis.categoryNames = ["Q1", "Q2", "Q3", "Q4"]
            bars.bars[0].fillColor = colors.HexColor("#1c3a6b")
            bars.bars[1].fillColor = colors.HexColor("#f2b134")
            chart.add(bars)
            renderPDF.draw(chart, pdf, 80, 480)
            pdf.setFillColor(colors.black)
            pdf.drawString(60, 450, "Calls answered within target, by quarter.")
            pdf.linkURL("https://www.example.org/performance", (58, 445, 300, 460), relative=0)
        elif number == 2:
            table = Table([["Measure", "Q1", "Q2"], ["999 calls answered", "92%", "94%"],
                           ["101 calls answered", "81%", "85%"], ["Complaints closed", "44", "51"]])
            table.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1c3a6b")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.whitesmoke, colors.lightblue]),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
            table.wrapOn(pdf, 400, 300)
            table.drawOn(pdf, 60, 560)
            pie = Drawing(200, 160)
            slices = Pie()
            slices.x, slices.y, slices.width, slices.height = 40, 10, 120, 120
            slices.data, slices.labels = [45, 30, 25], ["Urban", "Rural", "Online"]
            pie.add(slices)
            renderPDF.draw(pie, pdf, 60, 340)
            pdf.drawImage(ImageReader(io.BytesIO(_jpeg())), 320, 360, width=160, height=100)
        else:
            pdf.setFillColor(colors.black)
            pdf.drawString(60, 700, "Feedback form")
            pdf.acroForm.textfield(name="area", value="Northtown", x=200, y=660, width=200,
                                   height=18, tooltip="Your area")
            pdf.acroForm.checkbox(name="subscribe", x=200, y=620, checked=True)
            pdf.drawString(60, 600, "Read the full plan at www.example.org/plan.")
            pdf.linkURL("https://www.example.org/plan", (58, 595, 320, 610), relative=0)
        pdf.showPage()
    pdf.save()
    with pikepdf.open(path) as report:
        assert len(report.pages) == 3 and "/AcroForm" in report.Root
    text = text_of(path)
    assert "Northshire OPCC" in text and "Q3" in text
    return path


def _clean_frame(pdf, number: int, width: float, height: float) -> None:
    pdf.setFillColorRGB(0.11, 0.23, 0.42)
    pdf.rect(40, height - 90, width - 80, 44, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(52, height - 74, "Northshire OPCC: quarterly performance")
    pdf.setFillColorRGB(0.3, 0.3, 0.3)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(40, height - 30, "Northshire OPCC - Official")
    pdf.drawRightString(width - 40, 30, f"Page {number} of 3")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, height - 130, "The commissioner publishes this report every quarter.")


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 40), (90, 140, 200))
    image.paste((240, 200, 80), (20, 10, 44, 30))
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
