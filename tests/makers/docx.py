"""DOCX fixtures, one kind of hidden or personal data each: alt text, custom properties, link
targets, field codes, content-control data stores, text hidden through paragraph and
character styles, white and tiny text, parts Word does not use; and a rich clean document.

Each maker builds the file with python-docx, or by editing the package's XML as Word writes
it (`repackage`), then re-opens it with an independent reader (python-docx, or zipfile and
lxml) and asserts the planted data is really there before any test relies on it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

ORGANISATION = "Northshire OPCC"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = {"w": W_NS, "r": R_NS,
              "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
              "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture"}
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


# --------------------------------------------------------------------------- helpers

def repackage(package: bytes, edits: list[tuple[str, str, str]] = (),
              parts: dict[str, str | bytes] | None = None) -> bytes:
    """A copy of a zip package with text replaced in its parts (each edit: part, old, new,
    first occurrence; several edits may touch one part) and new parts added."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            for name, old, new in edits:
                if name == info.filename:
                    assert old.encode() in data, f"{old!r} not in {name}"
                    data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
        for name, data in (parts or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def content_type(part: str, kind: str) -> tuple[str, str, str]:
    """An edit declaring a part's content type."""
    return ("[Content_Types].xml", "</Types>",
            f'<Override PartName="/{part}" ContentType="{kind}"/></Types>')


def relationship(rels_part: str, rel_id: str, kind: str, target: str,
                 external: bool = False) -> tuple[str, str, str]:
    """An edit adding one relationship to a .rels part."""
    mode = ' TargetMode="External"' if external else ""
    return (rels_part, "</Relationships>", (f'<Relationship Id="{rel_id}" Type="{kind}" '
            f'Target="{target}"{mode}/></Relationships>'))


def body(xml: str) -> tuple[str, str, str]:
    """An edit appending WordprocessingML to the end of the document body."""
    return ("word/document.xml", "<w:sectPr", xml + "<w:sectPr")


def rels_xml(*relationships: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(relationships) + "</Relationships>")


def part_xml(path: Path, name: str):
    """An independent reader: the part parsed by lxml straight from the zip."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def new_document():
    from docx import Document

    document = Document()
    document.core_properties.author = ORGANISATION
    document.core_properties.last_modified_by = ORGANISATION
    return document


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png(colour: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 24), colour).save(buffer, "PNG")
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- alt text

def alt_text_python_docx(path: Path) -> Path:
    """Paragraph 2 is a picture whose alt text (wp:docPr descr) gives a mobile number."""
    from docx import Document
    from docx.shared import Inches

    document = new_document()
    document.add_paragraph("Figure 1 shows the refurbished front counter.")
    document.add_picture(io.BytesIO(png()), width=Inches(1.5))
    document.inline_shapes[0]._inline.docPr.set(
        "descr", "Photo sent in by the witness, mobile 07700 900123")
    write(path, saved(document))
    reopened = Document(str(path))
    assert "07700 900123" in reopened.inline_shapes[0]._inline.docPr.get("descr")
    return path


def alt_text_xml(path: Path) -> Path:
    """Alt text written by hand: the picture's own pic:cNvPr descr and title (paragraph 2)
    hold an email address, and a table's alt description (w:tblDescription) an NI number."""
    from docx.shared import Inches

    document = new_document()
    document.add_paragraph("Figure 2 shows the new custody suite.")
    document.add_picture(io.BytesIO(png()), width=Inches(1.5))
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Visits"
    data = repackage(saved(document), [
        ("word/document.xml", '<pic:cNvPr id="0" name="image.png"/>',
         ('<pic:cNvPr id="0" name="image.png" title="Custody suite" '
         'descr="Sent by a.person@example.com"/>')),
        ("word/document.xml", "<w:tblPr>",
         '<w:tblPr><w:tblDescription w:val="Visits logged for QQ123456C"/>'),
    ])
    write(path, data)
    root = part_xml(path, "word/document.xml")
    assert root.xpath("//pic:cNvPr/@descr", namespaces=NAMESPACES) == [
        "Sent by a.person@example.com"]
    assert root.xpath("//w:tblDescription/@w:val", namespaces=NAMESPACES) == [
        "Visits logged for QQ123456C"]
    return path


# --------------------------------------------------------------------------- custom properties

CUSTOM_PROPERTIES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                     'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
                     'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/docPropsVTypes">{properties}</Properties>')


def custom_property(pid: int, name: str, value: str, kind: str = "lpwstr") -> str:
    return (f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
            f'name="{name}"><vt:{kind}>{value}</vt:{kind}></property>')


def with_custom_properties(package: bytes, *properties: str) -> bytes:
    xml = CUSTOM_PROPERTIES.replace("{properties}", "".join(properties))
    return repackage(package, [
        content_type("docProps/custom.xml", CUSTOM_PROPERTIES_TYPE),
        relationship("_rels/.rels", "rIdCustom1", f"{RELATIONSHIP}/custom-properties",
                     "docProps/custom.xml"),
    ], {"docProps/custom.xml": xml})


def custom_properties_email(path: Path) -> Path:
    """Custom properties 'Complainant email' (an address) and 'Case officer' (a name)."""
    write(path, with_custom_properties(
        saved(_plain_document()),
        custom_property(2, "Complainant email", "jo.bloggs@example.com"),
        custom_property(3, "Case officer", "Helena Marchbank")))
    _assert_custom(path, {"Complainant email": "jo.bloggs@example.com",
                          "Case officer": "Helena Marchbank"})
    return path


def custom_properties_reference(path: Path) -> Path:
    """Custom properties of the older lpstr type: 'Reference' (an NI number) and
    'ApprovedBy' (a protected name), on a document that already has a header and footer."""
    from fixtures_redaction import make_docx

    clean = make_docx(path.with_name("base-" + path.name), hidden=False).read_bytes()
    write(path, with_custom_properties(
        clean,
        custom_property(2, "Reference", "QQ123456C", "lpstr"),
        custom_property(3, "ApprovedBy", "Avery Quenby", "lpstr")))
    _assert_custom(path, {"Reference": "QQ123456C", "ApprovedBy": "Avery Quenby"})
    return path


def _assert_custom(path: Path, expected: dict[str, str]) -> None:
    root = part_xml(path, "docProps/custom.xml")
    found = {prop.get("name"): "".join(prop.itertext()) for prop in root}
    assert found == expected
    assert "docProps/custom.xml" in part_xml(path, "_rels/.rels").xpath(
        "//@Target")


def _plain_document():
    document = new_document()
    document.add_heading("Quarterly performance report", level=1)
    document.add_paragraph("Calls answered within 10 seconds: 91%.")
    return document


# --------------------------------------------------------------------------- link targets

def hyperlink_python_docx(path: Path) -> Path:
    """Paragraph 1 links its words 'contact the team' to a person's mailto: address: the
    address is only in the relationship target."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = new_document()
    paragraph = document.add_paragraph("For more information, ")
    rel_id = document.part.relate_to("mailto:a.person@example.com", RELATIONSHIP_TYPE.HYPERLINK,
                                     is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "contact the team"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    write(path, saved(document))
    reopened = Document(str(path)).paragraphs[0]
    assert reopened.hyperlinks[0].address == "mailto:a.person@example.com"
    assert "example.com" not in reopened.text
    return path


def hyperlink_xml(path: Path) -> Path:
    """Paragraph 2: a link whose tooltip gives a mobile number and whose outside target
    carries an email address in its query string."""
    target = "https://www.example.org/staff?email=jane.doe@example.com"
    data = repackage(saved(_plain_document()), [
        relationship("word/_rels/document.xml.rels", "rIdLink1", f"{RELATIONSHIP}/hyperlink",
                     target, external=True),
        body('<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:hyperlink r:id="rIdLink1" '
             'w:tooltip="Call 07700 900123 for details" w:history="1"><w:r><w:t>the staff '
             'page</w:t></w:r></w:hyperlink></w:p>'),
    ])
    write(path, data)
    root = part_xml(path, "word/document.xml")
    assert root.xpath("//w:hyperlink/@w:tooltip", namespaces=NAMESPACES) == [
        "Call 07700 900123 for details"]
    rels = part_xml(path, "word/_rels/document.xml.rels")
    assert target in rels.xpath("//@Target")
    return path


# --------------------------------------------------------------------------- field codes

def simple_field_xml(path: Path) -> Path:
    """Paragraph 3: a w:fldSimple whose instruction links a person's mailbox, shown only as
    'Email the case team'."""
    data = repackage(saved(_plain_document()), [body(
        '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;mailto:jane.doe@example.com&quot; ">'
        '<w:r><w:t>Email the case team</w:t></w:r></w:fldSimple></w:p>')])
    write(path, data)
    instructions = part_xml(path, "word/document.xml").xpath("//w:fldSimple/@w:instr",
                                                             namespaces=NAMESPACES)
    assert instructions == [' HYPERLINK "mailto:jane.doe@example.com" ']
    return path


def complex_field_python_docx(path: Path) -> Path:
    """Paragraph 2: a SET field (fldChar begin / instrText / end) that stores an NI number
    in a bookmark; nothing of it shows on the page."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = new_document()
    document.add_paragraph("Decision letter.")
    paragraph = document.add_paragraph("The decision is final.")
    for kind, instruction in (("begin", None), (None, ' SET Witness "QQ123456C" '),
                              ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run.append(text)
        paragraph._p.append(run)
    write(path, saved(document))
    reopened = Document(str(path)).paragraphs[1]
    assert "QQ123456C" not in reopened.text
    assert reopened._p.xpath("string(.//w:instrText)") == ' SET Witness "QQ123456C" '
    return path


# --------------------------------------------------------------------------- data stores

STORE_ID = "{6E3A8B5C-1111-4A2B-9C3D-123456789ABC}"
ITEM_PROPS = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
              'ds:itemID="{id}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/'
              'customXml"><ds:schemaRefs><ds:schemaRef ds:uri="{uri}"/></ds:schemaRefs>'
              '</ds:datastoreItem>')
CASE_STORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:case xmlns:c='
              '"urn:northshire:case"><c:reference>CR-2026-001</c:reference><c:email>'
              'b.person@example.org</c:email></c:case>')
SHAREPOINT_STORE = ('<?xml version="1.0" encoding="utf-8"?><p:properties xmlns:p="http://schemas.'
                    'microsoft.com/office/2006/metadata/properties" xmlns:xsi="http://www.w3.org/'
                    '2001/XMLSchema-instance" xmlns:pc="http://schemas.microsoft.com/office/'
                    'infopath/2007/PartnerControls"><documentManagement><CaseOfficer xmlns="'
                    'urn:northshire:columns"><UserInfo><DisplayName>Helena Marchbank</DisplayName>'
                    '<AccountId>12</AccountId></UserInfo></CaseOfficer><ContactNumber xmlns="'
                    'urn:northshire:columns">07700 900456</ContactNumber></documentManagement>'
                    '</p:properties>')
CUSTOM_XML_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def with_data_store(package: bytes, number: int, store: str, uri: str,
                    extra: list[tuple[str, str, str]] = ()) -> bytes:
    """customXml/itemN.xml with its properties part, related from the document as Word does."""
    return repackage(package, [
        content_type(f"customXml/itemProps{number}.xml", CUSTOM_XML_PROPS_TYPE),
        relationship("word/_rels/document.xml.rels", f"rIdStore{number}",
                     f"{RELATIONSHIP}/customXml", f"../customXml/item{number}.xml"),
        *extra,
    ], {
        f"customXml/item{number}.xml": store,
        f"customXml/itemProps{number}.xml": ITEM_PROPS.replace("{id}", STORE_ID).replace(
            "{uri}", uri),
        f"customXml/_rels/item{number}.xml.rels": rels_xml(
            f'<Relationship Id="rId1" Type="{RELATIONSHIP}/customXmlProps" '
            f'Target="itemProps{number}.xml"/>'),
    })


def content_control_store(path: Path) -> Path:
    """A content control bound to customXml/item2.xml shows the case reference; the same
    store also holds the complainant's email, which nothing shows."""
    control = ('<w:sdt><w:sdtPr><w:alias w:val="Case reference"/><w:tag w:val="reference"/>'
               "<w:dataBinding w:prefixMappings=\"xmlns:c='urn:northshire:case'\" "
               f'w:xpath="/c:case[1]/c:reference[1]" w:storeItemID="{STORE_ID}"/><w:text/>'
               '</w:sdtPr><w:sdtContent><w:p><w:r><w:t>CR-2026-001</w:t></w:r></w:p>'
               '</w:sdtContent></w:sdt>')
    write(path, with_data_store(saved(_plain_document()), 2, CASE_STORE, "urn:northshire:case",
                                [body(control)]))
    store = part_xml(path, "customXml/item2.xml")
    assert store.findtext("{urn:northshire:case}email") == "b.person@example.org"
    binding = part_xml(path, "word/document.xml").xpath("//w:dataBinding/@w:storeItemID",
                                                        namespaces=NAMESPACES)
    item_id = part_xml(path, "customXml/itemProps2.xml").get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}itemID")
    assert binding == [item_id] == [STORE_ID]
    return path


def sharepoint_store(path: Path) -> Path:
    """A SharePoint properties store (customXml/item2.xml) with a person column naming the
    case officer and a contact number column."""
    write(path, with_data_store(saved(_plain_document()), 2, SHAREPOINT_STORE,
                                "http://schemas.microsoft.com/office/2006/metadata/properties"))
    store = part_xml(path, "customXml/item2.xml")
    assert store.xpath("string(//*[local-name()='DisplayName'])") == "Helena Marchbank"
    assert store.xpath("string(//*[local-name()='ContactNumber'])") == "07700 900456"
    return path


# --------------------------------------------------------------------------- hidden styles

def hidden_paragraph_style_python_docx(path: Path) -> Path:
    """Paragraph 2 uses the paragraph style 'Internal note', whose font is hidden; the run
    itself carries no hidden formatting."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = new_document()
    style = document.styles.add_style("Internal note", WD_STYLE_TYPE.PARAGRAPH)
    style.font.hidden = True
    document.add_paragraph("Summary of the review.")
    document.add_paragraph("Victim contact: 07700 900456", style="Internal note")
    write(path, saved(document))
    paragraph = Document(str(path)).paragraphs[1]
    assert paragraph.style.name == "Internal note" and paragraph.style.font.hidden is True
    assert paragraph.runs[0].font.hidden is None
    return path


STYLE = ('<w:style w:type="{kind}" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>'
         '{based}<w:rPr>{rpr}</w:rPr></w:style>')


def style_xml(kind: str, style_id: str, name: str, based: str | None, rpr: str) -> str:
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (STYLE.replace("{kind}", kind).replace("{id}", style_id).replace("{name}", name)
            .replace("{based}", based_xml).replace("{rpr}", rpr))


def hidden_paragraph_style_xml(path: Path) -> Path:
    """Paragraph style 'Annex text' is based on 'Annex base', which hides its text.
    Paragraph 3 uses it; paragraph 4 uses it too but turns hiding off on its run
    (w:vanish w:val="0"), so only paragraph 3 is hidden."""
    styles = (style_xml("paragraph", "AnnexBase", "Annex base", "Normal", "<w:vanish/>")
              + style_xml("paragraph", "AnnexText", "Annex text", "AnnexBase", "<w:i/>"))
    data = repackage(saved(_plain_document()), [
        ("word/styles.xml", "</w:styles>", styles + "</w:styles>"),
        body('<w:p><w:pPr><w:pStyle w:val="AnnexText"/></w:pPr><w:r><w:t>Complainant NI '
             'number QQ123456C</w:t></w:r></w:p>'
             '<w:p><w:pPr><w:pStyle w:val="AnnexText"/></w:pPr><w:r><w:rPr><w:vanish '
             'w:val="0"/></w:rPr><w:t>Annex A is published separately.</w:t></w:r></w:p>'),
    ])
    write(path, data)
    styles_root = part_xml(path, "word/styles.xml")
    base = styles_root.xpath("//w:style[@w:styleId='AnnexBase']", namespaces=NAMESPACES)[0]
    assert base.find(f"{{{W_NS}}}rPr/{{{W_NS}}}vanish") is not None
    assert styles_root.xpath("//w:style[@w:styleId='AnnexText']/w:basedOn/@w:val",
                             namespaces=NAMESPACES) == ["AnnexBase"]
    return path


def hidden_character_style_python_docx(path: Path) -> Path:
    """Paragraph 1's second run uses character style 'Restricted', based on 'Restricted
    base', which is hidden: the hiding is inherited, nothing is set on the run."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = new_document()
    base = document.styles.add_style("Restricted base", WD_STYLE_TYPE.CHARACTER)
    base.font.hidden = True
    restricted = document.styles.add_style("Restricted", WD_STYLE_TYPE.CHARACTER)
    restricted.base_style = base
    restricted.font.italic = True
    paragraph = document.add_paragraph("Decision: not upheld. ")
    paragraph.add_run("Officer email b.person@example.org", style="Restricted")
    write(path, saved(document))
    run = Document(str(path)).paragraphs[0].runs[1]
    assert run.style.name == "Restricted" and run.style.font.hidden is None
    assert run.style.base_style.name == "Restricted base"
    assert run.style.base_style.font.hidden is True and run.font.hidden is None
    return path


def hidden_character_style_xml(path: Path) -> Path:
    """Three character styles in a basedOn chain ('Private' <- 'Private note' <- 'Private
    note small'); the first hides text. In a table: the cell of paragraph 3 uses the last
    style (hidden); paragraph 4 uses it with hiding turned off on the run (shown)."""
    styles = (style_xml("character", "Private", "Private", None, "<w:vanish/>")
              + style_xml("character", "PrivateNote", "Private note", "Private", "<w:b/>")
              + style_xml("character", "PrivateNoteSmall", "Private note small", "PrivateNote",
                          '<w:sz w:val="18"/>'))
    cell = ('<w:tc><w:tcPr><w:tcW w:w="4320" w:type="dxa"/></w:tcPr><w:p><w:r><w:rPr>'
            '<w:rStyle w:val="PrivateNoteSmall"/>{extra}</w:rPr><w:t>{text}</w:t></w:r></w:p></w:tc>')
    table = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol '
             'w:w="4320"/><w:gridCol w:w="4320"/></w:tblGrid><w:tr>'
             + cell.replace("{extra}", "").replace("{text}", "Mobile 07700 900456")
             + cell.replace("{extra}", '<w:vanish w:val="0"/>').replace("{text}", "Shown on purpose")
             + "</w:tr></w:tbl>")
    data = repackage(saved(_plain_document()), [
        ("word/styles.xml", "</w:styles>", styles + "</w:styles>"), body(table)])
    write(path, data)
    root = part_xml(path, "word/styles.xml")
    chain = [root.xpath(f"string(//w:style[@w:styleId='{i}']/w:basedOn/@w:val)",
                        namespaces=NAMESPACES) for i in ("PrivateNoteSmall", "PrivateNote")]
    assert chain == ["PrivateNote", "Private"]
    assert root.xpath("//w:style[@w:styleId='Private']/w:rPr/w:vanish", namespaces=NAMESPACES)
    return path


def hidden_table_style_xml(path: Path) -> Path:
    """A table style whose text is hidden, applied to a table: its cell (paragraph 3)."""
    style = ('<w:style w:type="table" w:customStyle="1" w:styleId="HiddenGrid"><w:name '
             'w:val="Hidden grid"/><w:basedOn w:val="TableNormal"/><w:rPr><w:vanish/></w:rPr>'
             '</w:style>')
    table = ('<w:tbl><w:tblPr><w:tblStyle w:val="HiddenGrid"/><w:tblW w:w="0" w:type="auto"/>'
             '</w:tblPr><w:tblGrid><w:gridCol w:w="4320"/></w:tblGrid><w:tr><w:tc><w:p><w:r>'
             '<w:t>Home phone 07700 900123</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    data = repackage(saved(_plain_document()), [
        ("word/styles.xml", "</w:styles>", style + "</w:styles>"), body(table)])
    write(path, data)
    assert part_xml(path, "word/styles.xml").xpath(
        "//w:style[@w:styleId='HiddenGrid']/w:rPr/w:vanish", namespaces=NAMESPACES)
    return path


# --------------------------------------------------------------------------- formatting

def special_vanish_xml(path: Path) -> Path:
    """Paragraph 3's second run is hidden with w:specVanish (Word's 'special hidden')."""
    data = repackage(saved(_plain_document()), [body(
        '<w:p><w:r><w:t xml:space="preserve">Panel decision. </w:t></w:r><w:r><w:rPr>'
        '<w:specVanish/></w:rPr><w:t>Ref QQ123456C</w:t></w:r></w:p>')])
    write(path, data)
    assert part_xml(path, "word/document.xml").xpath("//w:r[w:rPr/w:specVanish]/w:t/text()",
                                                     namespaces=NAMESPACES) == ["Ref QQ123456C"]
    return path

def white_text_python_docx(path: Path) -> Path:
    """Paragraph 2 is white text on the white page."""
    from docx import Document
    from docx.shared import RGBColor

    document = new_document()
    document.add_paragraph("Minutes of the panel meeting.")
    run = document.add_paragraph().add_run("Notes for staff: jo.bloggs@example.com")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    write(path, saved(document))
    assert str(Document(str(path)).paragraphs[1].runs[0].font.color.rgb) == "FFFFFF"
    return path


def tiny_text_python_docx(path: Path) -> Path:
    """Paragraph 2 is set in 1pt type: a line a reader sees as a speck."""
    from docx import Document
    from docx.shared import Pt

    document = new_document()
    document.add_paragraph("Budget summary.")
    run = document.add_paragraph().add_run("Payee NI number QQ123456C")
    run.font.size = Pt(1)
    write(path, saved(document))
    assert Document(str(path)).paragraphs[1].runs[0].font.size == Pt(1)
    return path


# --------------------------------------------------------------------------- text boxes, objects

TEXT_BOX = ('<w:p><w:r><w:t xml:space="preserve">See the box. </w:t></w:r><w:r><w:pict>'
            '<v:shape id="Box1" style="width:200pt;height:40pt" type="#_x0000_t202"><v:textbox>'
            '<w:txbxContent><w:p><w:r><w:t>Reporter mobile 07700 900456</w:t></w:r></w:p>'
            '</w:txbxContent></v:textbox></v:shape></w:pict></w:r><w:r><w:pict><v:shape '
            'id="Art1" style="width:300pt;height:50pt" type="#_x0000_t136"><v:textpath '
            'style="font-family:Arial" string="Draft for QQ123456C"/></v:shape></w:pict></w:r>'
            '</w:p>')


def text_box_and_word_art(path: Path) -> Path:
    """Paragraph 3 holds a VML text box (its own paragraph 4 gives a mobile number) and a
    WordArt shape whose text is only in v:textpath's string attribute (an NI number)."""
    write(path, repackage(saved(_plain_document()), [body(TEXT_BOX)]))
    root = part_xml(path, "word/document.xml")
    assert root.xpath("string(//w:txbxContent//w:t)", namespaces=NAMESPACES) == (
        "Reporter mobile 07700 900456")
    assert root.xpath("//*[local-name()='textpath']/@string") == ["Draft for QQ123456C"]
    return path


OLE_TYPE = "application/vnd.openxmlformats-officedocument.oleObject"


def embedded_object(path: Path) -> Path:
    """An OLE object (word/embeddings/oleObject1.bin) shown as an icon in paragraph 3."""
    data = repackage(saved(_plain_document()), [
        ("[Content_Types].xml", "</Types>", (f'<Default Extension="bin" ContentType="{OLE_TYPE}"/>'
         "</Types>")),
        relationship("word/_rels/document.xml.rels", "rIdOle1", f"{RELATIONSHIP}/oleObject",
                     "embeddings/oleObject1.bin"),
        body('<w:p><w:r><w:object w:dxaOrig="1531" w:dyaOrig="990"><o:OLEObject Type="Embed" '
             'ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID='
             '"_1234567890" r:id="rIdOle1"/></w:object></w:r></w:p>'),
    ], {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 staff list"})
    write(path, data)
    assert "word/embeddings/oleObject1.bin" in part_names(path)
    assert part_xml(path, "word/document.xml").xpath("//*[local-name()='OLEObject']/@ProgID") == [
        "Excel.Sheet.12"]
    return path


ALT_CHUNK = ("MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>"
             "<p>Imported note: contact jo.bloggs@example.com</p></body></html>")


def alt_chunk(path: Path) -> Path:
    """A w:altChunk: an HTML file (word/afchunk.mht) Word imports into the body on open."""
    data = repackage(saved(_plain_document()), [
        ("[Content_Types].xml", "</Types>", ('<Default Extension="mht" ContentType="message/'
         'rfc822"/></Types>')),
        relationship("word/_rels/document.xml.rels", "rIdChunk1", f"{RELATIONSHIP}/aFChunk",
                     "afchunk.mht"),
        body('<w:altChunk r:id="rIdChunk1"/>'),
    ], {"word/afchunk.mht": ALT_CHUNK})
    write(path, data)
    assert part_xml(path, "word/document.xml").xpath("//w:altChunk/@r:id",
                                                     namespaces=NAMESPACES) == ["rIdChunk1"]
    with zipfile.ZipFile(path) as package:
        assert b"jo.bloggs@example.com" in package.read("word/afchunk.mht")
    return path


def photo_with_author(path: Path) -> Path:
    """Paragraph 2 is a JPEG whose EXIF Artist names a person and whose description gives
    a phone number: the picture gets the image check as an attachment would."""
    from docx import Document
    from docx.shared import Inches
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Helena Marchbank"  # Artist
    exif[0x010E] = "Taken for 07700 900123"  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (90, 120, 60)).save(buffer, "JPEG", exif=exif)
    document = new_document()
    document.add_paragraph("The new station.")
    document.add_picture(io.BytesIO(buffer.getvalue()), width=Inches(1))
    write(path, saved(document))
    image_part = Document(str(path)).inline_shapes[0]._inline.graphic.graphicData.pic.blipFill
    rel_id = image_part.blip.embed
    blob = Document(str(path)).part.related_parts[rel_id].blob
    assert Image.open(io.BytesIO(blob)).getexif()[0x013B] == "Helena Marchbank"
    return path


# --------------------------------------------------------------------------- reviewers

PEOPLE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:people xmlns:w15="http://'
          'schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Helena '
          'Marchbank"><w15:presenceInfo w15:providerId="AD" w15:userId="S::jo.bloggs@example.com'
          '::4f1c2d3e-0000-4000-8000-000000000001"/></w15:person></w15:people>')


def reviewers_left_behind(path: Path) -> Path:
    """word/people.xml, Word's list of reviewers, left after every comment was deleted:
    it names one and keeps their sign-in address."""
    data = repackage(saved(_plain_document()), [
        content_type("word/people.xml", "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.people+xml"),
        relationship("word/_rels/document.xml.rels", "rIdPeople1",
                     "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
    ], {"word/people.xml": PEOPLE})
    write(path, data)
    person = part_xml(path, "word/people.xml")[0]
    assert person.get("{http://schemas.microsoft.com/office/word/2012/wordml}author") == (
        "Helena Marchbank")
    return path


# --------------------------------------------------------------------------- unknown parts

def orphan_part(path: Path) -> Path:
    """word/notes-old.xml: a part no relationship points to (Word ignores it), holding an
    email address."""
    orphan = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W_NS}"><w:comment '
              'w:id="0" w:author="A Reviewer"><w:p><w:r><w:t>Reply to a.person@example.com'
              '</w:t></w:r></w:p></w:comment></w:comments>')
    write(path, repackage(saved(_plain_document()), [], {"word/notes-old.xml": orphan}))
    names = part_names(path)
    assert "word/notes-old.xml" in names
    rels = part_xml(path, "word/_rels/document.xml.rels")
    assert not any("notes-old" in target for target in rels.xpath("//@Target"))
    return path


TASKPANES_TYPE = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"


def unknown_relationship_part(path: Path) -> Path:
    """An Office add-in task pane part (word/webextensions/taskpanes.xml), related from the
    package root by a relationship type the inspector does not read."""
    taskpanes = ('<?xml version="1.0" encoding="UTF-8"?><wetp:taskpanes xmlns:wetp="http://'
                 'schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane '
                 'dockstate="right" visibility="0" width="350"/></wetp:taskpanes>')
    data = repackage(saved(_plain_document()), [
        relationship("_rels/.rels", "rIdPanes1", TASKPANES_TYPE,
                     "word/webextensions/taskpanes.xml"),
        content_type("word/webextensions/taskpanes.xml",
                     "application/vnd.ms-office.webextensiontaskpanes+xml"),
    ], {"word/webextensions/taskpanes.xml": taskpanes})
    write(path, data)
    assert "word/webextensions/taskpanes.xml" in part_names(path)
    assert TASKPANES_TYPE in part_xml(path, "_rels/.rels").xpath("//@Type")
    return path


# --------------------------------------------------------------------------- rich and clean

FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w='
             f'"{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
             '</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0">'
             '<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote '
             'w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
             '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Source: Home Office police '
             'workforce statistics, 31 March 2025.</w:t></w:r></w:p></w:footnote></w:footnotes>')
FOOTNOTE_REFERENCE = ('<w:p><w:r><w:t xml:space="preserve">Officer numbers rose by 4%.</w:t>'
                      '</w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                      '<w:footnoteReference w:id="1"/></w:r></w:p>')


def rich_clean(path: Path) -> Path:
    """A document as an office publishes it, with nothing hidden and no personal data:
    headings, a custom paragraph and character style, a bulleted list, a table with white
    text on a dark header row, a picture with alt text, a link to the office's policy page,
    a header, a footer with PAGE and NUMPAGES fields, and a footnote."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Inches, Pt, RGBColor

    document = new_document()
    summary = document.styles.add_style("Summary box", WD_STYLE_TYPE.PARAGRAPH)
    summary.base_style = document.styles["Normal"]
    summary.font.italic = True
    summary.font.size = Pt(12)
    emphasis = document.styles.add_style("Key figure", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.bold = True
    document.add_heading("Police and Crime Plan: annual report 2025", level=1)
    document.add_paragraph("This report sets out progress against the plan's priorities.",
                           style="Summary box")
    document.add_heading("Priorities", level=2)
    for item in ("Neighbourhood policing", "Victims and witnesses", "Road safety"):
        document.add_paragraph(item, style="List Bullet")
    intro = document.add_paragraph("Crimes recorded fell by ")
    intro.add_run("6%", style="Key figure")
    intro.add_run(" compared with the previous year.")
    _table(document, RGBColor)
    document.add_picture(io.BytesIO(png()), width=Inches(2))
    document.inline_shapes[0]._inline.docPr.set("descr", "Bar chart of complaints received by "
                                                "month, April to March")
    _policy_link(document)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Northshire OPCC - OFFICIAL"
    _page_number_footer(section.footer.paragraphs[0])
    data = repackage(saved(document), [
        content_type("word/footnotes.xml", "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.footnotes+xml"),
        relationship("word/_rels/document.xml.rels", "rIdFootnotes1", f"{RELATIONSHIP}/footnotes",
                     "footnotes.xml"),
        body(FOOTNOTE_REFERENCE),
    ], {"word/footnotes.xml": FOOTNOTES})
    write(path, data)
    reopened = Document(str(path))
    assert reopened.paragraphs[0].style.name == "Heading 1"
    assert reopened.tables[0].cell(0, 0).text == "Quarter"
    assert reopened.paragraphs[-2].hyperlinks[0].address == "https://www.example.org/policy"
    assert "footnotes.xml" in part_xml(path, "word/_rels/document.xml.rels").xpath("//@Target")
    assert reopened.sections[0].footer.paragraphs[0]._p.xpath("string(.//w:instrText)") == " PAGE "
    return path


def _table(document, rgb) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    rows = (("Quarter", "Complaints"), ("Q1", "41"), ("Q2", "37"))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    for cell in table.rows[0].cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "1F3864")
        cell._tc.get_or_add_tcPr().append(shading)
        cell.paragraphs[0].runs[0].font.color.rgb = rgb(0xFF, 0xFF, 0xFF)


def _policy_link(document) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph("Read the ")
    rel_id = document.part.relate_to("https://www.example.org/policy", RELATIONSHIP_TYPE.HYPERLINK,
                                     is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "complaints policy"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _page_number_footer(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("Page ")
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None),
                              ("result", "1"), ("end", None)):
        run = OxmlElement("w:r")
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        elif kind == "result":
            text = OxmlElement("w:t")
            text.text = instruction
            run.append(text)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run.append(text)
        paragraph._p.append(run)
    paragraph.add_run(" of ")
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " NUMPAGES ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "3"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)
