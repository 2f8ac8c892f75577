"""OpenDocument fixtures (ODT, ODS, ODP) written by hand with zipfile, as LibreOffice lays
them out: `mimetype` first and stored, then content.xml, styles.xml, meta.xml,
settings.xml, the manifest and any pictures or sub-documents.

Every maker re-opens its file with zipfile and lxml and asserts the hidden part (and the
value planted in it) is really there before any inspector sees it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import image as images

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "chart": "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
MIMETYPES = {"text": "application/vnd.oasis.opendocument.text",
             "spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
             "presentation": "application/vnd.oasis.opendocument.presentation",
             "chart": "application/vnd.oasis.opendocument.chart"}
SUFFIX = {"text": ".odt", "spreadsheet": ".ods", "presentation": ".odp"}
ORGANISATION = "Northshire OPCC"


@dataclass
class Odf:
    """The parts of one OpenDocument file, filled in by a maker and written by `save`."""

    kind: str  # text, spreadsheet, presentation
    body: str = ""
    automatic: str = ""  # content.xml automatic styles
    master: str = ""  # the master page's content (headers, footers, master shapes)
    layers: str = ""  # a draw:layer-set for the master styles
    meta: str = f"<meta:initial-creator>{ORGANISATION}</meta:initial-creator>" \
                f"<dc:creator>{ORGANISATION}</dc:creator>"
    settings: str = ('<config:config-item config:name="PrinterName" config:type="string">'
                     'Reception printer</config:config-item>')
    parts: dict[str, bytes] = field(default_factory=dict)  # pictures, objects, extras
    encrypted: bool = False

    def content_xml(self) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {DECLARATIONS} '
                f'office:version="1.3"><office:automatic-styles>{self.automatic}'
                f"</office:automatic-styles><office:body><office:{self.kind}>{self.body}"
                f"</office:{self.kind}></office:body></office:document-content>")

    def styles_xml(self) -> str:
        family = "drawing-page" if self.kind == "presentation" else "paragraph"
        return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {DECLARATIONS} '
                'office:version="1.3"><office:styles><style:default-style '
                f'style:family="{family}"/><style:style style:name="Standard" '
                'style:family="paragraph"/><style:style style:name="Heading_20_1" '
                'style:display-name="Heading 1" style:family="paragraph" '
                'style:parent-style-name="Standard"><style:text-properties fo:font-size="16pt" '
                'fo:font-weight="bold"/></style:style></office:styles><office:automatic-styles>'
                '<style:page-layout style:name="pm1"><style:page-layout-properties '
                'fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout>'
                f'</office:automatic-styles><office:master-styles>{self.layers}<style:master-page '
                f'style:name="Standard" style:page-layout-name="pm1">{self.master}'
                "</style:master-page></office:master-styles></office:document-styles>")

    def meta_xml(self) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {DECLARATIONS} '
                'office:version="1.3"><office:meta><meta:generator>LibreOffice/7.6'
                f"</meta:generator>{self.meta}<meta:creation-date>2026-03-12T10:00:00"
                "</meta:creation-date></office:meta></office:document-meta>")

    def settings_xml(self) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings '
                f'{DECLARATIONS} office:version="1.3"><office:settings>'
                '<config:config-item-set config:name="ooo:configuration-settings">'
                f"{self.settings}</config:config-item-set></office:settings>"
                "</office:document-settings>")

    def manifest_xml(self, names: list[str]) -> str:
        crypt = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                 'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name='
                 '"Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
                 '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
                 'manifest:iteration-count="1024" manifest:salt="AAAA"/>'
                 '</manifest:encryption-data>') if self.encrypted else ""
        entries = "".join(
            f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="'
            f'{MIMETYPES["chart"] if name.endswith("/") else ""}"'
            + (f">{crypt}</manifest:file-entry>" if crypt and name == "content.xml" else "/>")
            for name in names)
        return ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type='
                f'"{MIMETYPES[self.kind]}"/>{entries}</manifest:manifest>')

    def save(self, path: Path) -> Path:
        parts = {"content.xml": self.content_xml().encode(),
                 "styles.xml": self.styles_xml().encode(),
                 "meta.xml": self.meta_xml().encode(),
                 "settings.xml": self.settings_xml().encode(), **self.parts}
        folders = sorted({name.rsplit("/", 1)[0] + "/" for name in parts
                          if name.startswith("Object ") and name.endswith("/content.xml")})
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(zipfile.ZipInfo("mimetype"), MIMETYPES[self.kind],
                             compress_type=zipfile.ZIP_STORED)
            for name, data in parts.items():
                package.writestr(name, data)
            package.writestr("META-INF/manifest.xml",
                             self.manifest_xml([*parts, *folders]).encode())
        return path


# --------------------------------------------------------------------------- reading back

def part(path: Path, name: str):
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert names[0] == "mimetype"
        assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        return etree.fromstring(package.read(name))


def holds(path: Path, xpath: str, *values: str, name: str = "content.xml") -> None:
    """The part has the element(s) the XPath finds, and they hold each value."""
    found = part(path, name).xpath(xpath, namespaces=NS)
    assert found, xpath
    text = " ".join(" ".join(e.itertext()) + " " + " ".join(e.attrib.values())
                    if isinstance(e, etree._Element) else str(e) for e in found)
    for value in values:
        assert value in text, (value, text)


def p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def text_style(name: str, **properties: str) -> str:
    attributes = " ".join(f'{k.replace("_", ":", 1).replace("_", "-")}="{v}"'
                          for k, v in properties.items())
    return (f'<style:style style:name="{name}" style:family="text"><style:text-properties '
            f"{attributes}/></style:style>")


# --------------------------------------------------------------------------- ODT comments

def make_odt_comment(path: Path) -> Path:
    """A comment on paragraph 2, with an e-mail address and a named author."""
    comment = ('<office:annotation><dc:creator>Avery Quenby</dc:creator><dc:date>2026-03-12'
               'T10:00:00</dc:date><text:p>Ask a.person@example.com before publishing'
               '</text:p></office:annotation>')
    Odf("text", body=p("Minutes of the panel.") + p(f"{comment}Outcome: not upheld.")
        + p("Next meeting in May.")).save(path)
    holds(path, "//text:p[2]/office:annotation", "a.person@example.com", "Avery Quenby")
    return path


def make_odt_comment_in_table(path: Path) -> Path:
    """A comment on a paragraph inside a table cell (paragraph 3 in reading order)."""
    comment = ('<office:annotation><dc:creator>Reviewer</dc:creator><text:p>Tel '
               '07700 900123</text:p></office:annotation>')
    table = ('<table:table table:name="Costs"><table:table-column table:number-columns-repeated'
             '="2"/><table:table-row><table:table-cell>' + p("Item") + '</table:table-cell>'
             '<table:table-cell>' + p(f"{comment}Amount") + "</table:table-cell>"
             "</table:table-row></table:table>")
    Odf("text", body='<text:h text:outline-level="1">Costs</text:h>' + table).save(path)
    holds(path, "//table:table-cell//office:annotation", "07700 900123")
    return path


# --------------------------------------------------------------------------- ODT hidden text

def make_odt_hidden_span(path: Path) -> Path:
    """Text in a character style with text:display="none" (Format > Character > Hidden)."""
    Odf("text", automatic=text_style("T1", text_display="none"),
        body=p("Public summary.") + p('Decision made. <text:span text:style-name="T1">'
                                      "Complainant NI QQ123456C</text:span>")).save(path)
    holds(path, "//style:style[@style:name='T1']/style:text-properties[@text:display='none']")
    holds(path, "//text:span[@text:style-name='T1']", "QQ123456C")
    return path


def make_odt_white_text(path: Path) -> Path:
    """A paragraph style whose text is white, on the white page, inherited from a parent."""
    automatic = ('<style:style style:name="P1" style:family="paragraph" style:parent-style-name'
                 '="Standard"><style:text-properties fo:color="#ffffff"/></style:style>'
                 '<style:style style:name="P2" style:family="paragraph" style:parent-style-name'
                 '="P1"/>')
    Odf("text", automatic=automatic,
        body=p("Report.") + p("Ring 07700 900456 for the witness.", "P2")).save(path)
    holds(path, "//style:style[@style:name='P1']/style:text-properties[@fo:color='#ffffff']")
    holds(path, "//text:p[@text:style-name='P2']", "07700 900456")
    return path


def make_odt_hidden_section(path: Path) -> Path:
    """A section never shown (Format > Sections > Hide), holding two paragraphs."""
    section = ('<text:section text:name="Withheld" text:display="none">'
               + p("Names withheld:") + p("Helena Marchbank, jo.bloggs@example.com")
               + "</text:section>")
    Odf("text", body=p("Intro.") + p("Body.") + section + p("End.")).save(path)
    holds(path, "//text:section[@text:display='none']", "jo.bloggs@example.com")
    return path


def make_odt_hidden_fields(path: Path) -> Path:
    """A hidden-paragraph field, a hidden-text field and a conditional text's other branch."""
    body = (p("Visible text.")
            + p('<text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>'
                "Private: b.person@example.org")
            + p('Status: <text:hidden-text text:condition="ooow:1" text:string-value='
                '"Call 07700 900123" text:is-hidden="true"/>closed.')
            + p('Owner: <text:conditional-text text:condition="ooow:0" '
                'text:string-value-if-true="QQ123456C" text:string-value-if-false="the panel" '
                'text:current-value="false">the panel</text:conditional-text>.'))
    Odf("text", body=body).save(path)
    holds(path, "//text:hidden-paragraph/..", "b.person@example.org")
    holds(path, "//text:hidden-text/@text:string-value", "07700 900123")
    holds(path, "//text:conditional-text/@text:string-value-if-true", "QQ123456C")
    return path


# --------------------------------------------------------------------------- tracked changes

def make_odt_tracked_deletion(path: Path) -> Path:
    """A tracked deletion in paragraph 2 whose deleted text holds an e-mail address."""
    changes = ('<text:tracked-changes><text:changed-region xml:id="ct1" text:id="ct1">'
               '<text:deletion><office:change-info><dc:creator>Avery Quenby</dc:creator>'
               '<dc:date>2026-03-12T10:00:00</dc:date></office:change-info>'
               + p("Contact jane.doe@example.com directly.")
               + "</text:deletion></text:changed-region></text:tracked-changes>")
    Odf("text", body=changes + p("The panel met.") + p('Outcome:<text:change '
        'text:change-id="ct1"/> not upheld.')).save(path)
    holds(path, "//text:changed-region/text:deletion", "jane.doe@example.com")
    holds(path, "//text:p[2]/text:change/@text:change-id", "ct1")
    return path


def make_odt_tracked_insertion_and_deletion(path: Path) -> Path:
    """An insertion in a heading and a deletion (an NI number) in paragraph 3."""
    info = ('<office:change-info><dc:creator>Editor</dc:creator><dc:date>2026-03-12T10:00:00'
            '</dc:date></office:change-info>')
    changes = ('<text:tracked-changes>'
               f'<text:changed-region text:id="c1"><text:insertion>{info}</text:insertion>'
               f'</text:changed-region><text:changed-region text:id="c2"><text:deletion>{info}'
               + p("NI QQ123456C")
               + "</text:deletion></text:changed-region></text:tracked-changes>")
    body = (changes + '<text:h text:outline-level="1"><text:change-start text:change-id="c1"/>'
            'Annual report<text:change-end text:change-id="c1"/></text:h>'
            + p("Summary.") + p('Staff member<text:change text:change-id="c2"/> retired.'))
    Odf("text", body=body).save(path)
    holds(path, "//text:changed-region[@text:id='c2']/text:deletion", "QQ123456C")
    holds(path, "//text:h/text:change-start/@text:change-id", "c1")
    return path


def make_ods_tracked_change(path: Path) -> Path:
    """A spreadsheet cell change whose previous content was a phone number."""
    changes = ('<table:tracked-changes><table:cell-content-change table:id="ct1">'
               '<table:cell-address table:column="1" table:row="1" table:table="0"/>'
               '<office:change-info><dc:creator>Editor</dc:creator><dc:date>2026-03-12T10:00:00'
               '</dc:date></office:change-info><table:previous><table:change-track-table-cell '
               'office:value-type="string">' + p("07700 900456")
               + "</table:change-track-table-cell></table:previous></table:cell-content-change>"
               "</table:tracked-changes>")
    Odf("spreadsheet", body=changes + sheet("Contacts", [["Name", "Phone"],
                                                       ["Reception", "withheld"]])).save(path)
    holds(path, "//table:cell-content-change//table:previous", "07700 900456")
    return path


# --------------------------------------------------------------------------- ODS

def cell(value: str, attributes: str = "") -> str:
    if not value:
        return f"<table:table-cell{attributes}/>"
    return f'<table:table-cell office:value-type="string"{attributes}>{p(value)}</table:table-cell>'


def row(values: list[str], attributes: str = "") -> str:
    cells = "".join(cell(v) for v in values)
    return f"<table:table-row{attributes}>{cells}</table:table-row>"


def sheet(name: str, rows: list[list[str]], style: str = "ta1", columns: str = "",
          row_attributes: dict[int, str] | None = None) -> str:
    row_attributes = row_attributes or {}
    width = max(len(r) for r in rows)
    columns = columns or f'<table:table-column table:number-columns-repeated="{width}"/>'
    body = "".join(row(values, row_attributes.get(index, ""))
                   for index, values in enumerate(rows, 1))
    return (f'<table:table table:name="{name}" table:style-name="{style}">{columns}{body}'
            '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
            f'table:number-columns-repeated="{width}"/></table:table-row></table:table>')


TABLE_STYLES = ('<style:style style:name="ta1" style:family="table" style:master-page-name='
                '"Default"><style:table-properties table:display="true"/></style:style>'
                '<style:style style:name="ta2" style:family="table" style:master-page-name='
                '"Default"><style:table-properties table:display="false"/></style:style>')


def make_ods_hidden_rows(path: Path) -> Path:
    """Rows 3 and 4 of 'Spend' collapsed (hidden), holding names and an e-mail address."""
    rows = [["Supplier", "Amount"], ["Acme Ltd", "120"], ["Avery Quenby", "a.person@example.com"],
            ["Refund", "30"], ["Total", "150"]]
    hidden = ' table:visibility="collapse"'
    Odf("spreadsheet", automatic=TABLE_STYLES,
        body=sheet("Spend", rows, row_attributes={3: hidden, 4: hidden})).save(path)
    holds(path, "//table:table-row[@table:visibility='collapse']", "a.person@example.com")
    return path


def make_ods_filtered_rows_and_hidden_column(path: Path) -> Path:
    """Rows filtered out (one row element repeated twice) and a collapsed column C."""
    columns = ('<table:table-column table:number-columns-repeated="2"/><table:table-column '
               'table:visibility="collapse"/>')
    rows = [["Name", "Team", "Mobile"], ["Case 1", "North", "07700 900123"],
            ["Case 2", "South", "07700 900456"]]
    body = sheet("Cases", rows, columns=columns,
                 row_attributes={2: ' table:visibility="filter" table:number-rows-repeated="2"'})
    Odf("spreadsheet", automatic=TABLE_STYLES, body=body).save(path)
    holds(path, "//table:table-column[@table:visibility='collapse']")
    holds(path, "//table:table-row[@table:visibility='filter']", "07700 900123")
    return path


def make_ods_hidden_sheet(path: Path) -> Path:
    """A second sheet hidden through its table style (table:display="false")."""
    body = (sheet("Summary", [["Quarter", "Spend"], ["Q1", "1200"]])
            + sheet("Staff", [["Name", "Email"], ["Jo", "jo.bloggs@example.com"]], style="ta2"))
    Odf("spreadsheet", automatic=TABLE_STYLES, body=body).save(path)
    holds(path, "//style:style[@style:name='ta2']/style:table-properties[@table:display='false']")
    holds(path, "//table:table[@table:style-name='ta2']", "jo.bloggs@example.com")
    return path


def make_ods_hidden_sheet_with_dates(path: Path) -> Path:
    """A hidden first sheet whose 'Date of birth' column gives its dates their meaning."""
    body = (sheet("Raw", [["Name", "Date of birth", "NI"], ["A", "12/03/1985", "QQ123456C"]],
                  style="ta2") + sheet("Chart data", [["Year", "Cases"], ["2025", "40"]]))
    Odf("spreadsheet", automatic=TABLE_STYLES, body=body).save(path)
    holds(path, "//table:table[@table:name='Raw'][@table:style-name='ta2']", "12/03/1985")
    return path


def make_ods_cell_comment(path: Path) -> Path:
    """A comment on cell B2 of sheet 'Staff'."""
    comment = ('<office:annotation><dc:creator>Helena Marchbank</dc:creator><text:p>Her number '
               'is 07700 900123</text:p></office:annotation>')
    body = sheet("Staff", [["Team", "Lead"], ["North", "X"]]).replace(
        "<text:p text:style-name=\"Standard\">X</text:p>", comment + p("Vacant"))
    Odf("spreadsheet", automatic=TABLE_STYLES, body=body).save(path)
    holds(path, "//table:table-cell/office:annotation", "07700 900123")
    return path


def make_ods_stored_value(path: Path) -> Path:
    """A cell showing one text while its stored string value is another."""
    body = sheet("Log", [["Ref", "Caller"], ["1", "Y"]]).replace(
        '<table:table-cell office:value-type="string"><text:p text:style-name="Standard">Y',
        '<table:table-cell office:value-type="string" office:string-value="b.person@example.org">'
        '<text:p text:style-name="Standard">Member of the public')
    Odf("spreadsheet", automatic=TABLE_STYLES, body=body).save(path)
    holds(path, "//table:table-cell/@office:string-value", "b.person@example.org")
    return path


# --------------------------------------------------------------------------- ODP

def slide(number: int, text: str, notes: str = "", style: str = "dp1") -> str:
    frame = ('<draw:frame presentation:style-name="pr1" presentation:class="outline" '
             'svg:width="20cm" svg:height="10cm" svg:x="2cm" svg:y="4cm"><draw:text-box>'
             f"{p(text)}</draw:text-box></draw:frame>")
    notes_part = (f'<presentation:notes><draw:page-thumbnail draw:page-number="{number}"/>'
                  '<draw:frame presentation:class="notes"><draw:text-box>'
                  f"{p(notes)}</draw:text-box>"
                  '</draw:frame></presentation:notes>') if notes else ""
    return (f'<draw:page draw:name="page{number}" draw:style-name="{style}" '
            f'draw:master-page-name="Standard">{frame}{notes_part}</draw:page>')


PAGE_STYLES = ('<style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-'
               'properties presentation:visibility="visible"/></style:style>'
               '<style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-'
               'properties presentation:visibility="hidden"/></style:style>'
               '<style:style style:name="pr1" style:family="presentation"><style:graphic-'
               'properties draw:fill="none"/></style:style>')


def make_odp_notes(path: Path) -> Path:
    """Speaker notes on slide 1 holding an e-mail address."""
    body = slide(1, "Annual report", notes="Thank a.person@example.com") + slide(2, "Questions")
    Odf("presentation", automatic=PAGE_STYLES, body=body).save(path)
    holds(path, "//draw:page[1]/presentation:notes", "a.person@example.com")
    return path


def make_odp_notes_on_slide_three(path: Path) -> Path:
    body = (slide(1, "Intro") + slide(2, "Figures", notes="Nothing to add")
            + slide(3, "Contacts", notes="Private line 07700 900456, NI QQ123456C"))
    Odf("presentation", automatic=PAGE_STYLES, body=body).save(path)
    holds(path, "//draw:page[3]/presentation:notes", "07700 900456", "QQ123456C")
    return path


def make_odp_hidden_slide(path: Path) -> Path:
    """Slide 2 of 3 hidden through its drawing-page style."""
    body = slide(1, "Intro") + slide(2, "Jo's number 07700 900123", style="dp2") + slide(3, "End")
    Odf("presentation", automatic=PAGE_STYLES, body=body).save(path)
    holds(path, "//style:style[@style:name='dp2']/style:drawing-page-properties"
                "[@presentation:visibility='hidden']")
    holds(path, "//draw:page[@draw:style-name='dp2']", "07700 900123")
    return path


def make_odp_two_hidden_slides(path: Path) -> Path:
    """Slides 2 and 4 hidden, one of them naming a protected person."""
    body = (slide(1, "Intro") + slide(2, "Avery Quenby", style="dp2") + slide(3, "Figures")
            + slide(4, "Draft figures", style="dp2"))
    Odf("presentation", automatic=PAGE_STYLES, body=body).save(path)
    pages = part(path, "content.xml").xpath("//draw:page[@draw:style-name='dp2']", namespaces=NS)
    assert [page.get(f"{{{NS['draw']}}}name") for page in pages] == ["page2", "page4"]
    return path


# --------------------------------------------------------------------------- meta

def make_odt_user_defined_field(path: Path) -> Path:
    """A custom property (File > Properties > Custom) naming a protected person."""
    meta = (f"<meta:initial-creator>{ORGANISATION}</meta:initial-creator>"
            '<meta:user-defined meta:name="Case officer">Avery Quenby</meta:user-defined>'
            "<meta:keyword>complaint</meta:keyword>")
    Odf("text", body=p("Report."), meta=meta).save(path)
    holds(path, "//meta:user-defined[@meta:name='Case officer']", "Avery Quenby", name="meta.xml")
    return path


def make_ods_user_defined_field(path: Path) -> Path:
    """A custom contact property, and an initial creator who is a person."""
    meta = ('<meta:initial-creator>Helena Marchbank</meta:initial-creator>'
            '<meta:user-defined meta:name="Contact">jo.bloggs@example.com</meta:user-defined>'
            "<dc:description>Tel 07700 900456</dc:description>")
    Odf("spreadsheet", automatic=TABLE_STYLES, body=sheet("Data", [["A"], ["1"]]),
        meta=meta).save(path)
    holds(path, "//meta:user-defined", "jo.bloggs@example.com", name="meta.xml")
    holds(path, "//meta:initial-creator", "Helena Marchbank", name="meta.xml")
    return path


# --------------------------------------------------------------------------- unknown parts

def make_odt_with_versions(path: Path) -> Path:
    """An earlier version of the document stored inside it (File > Versions)."""
    document = Odf("text", body=p("Report."))
    document.parts["Versions/Version1"] = b"PK\x03\x04 an earlier version, binary"
    document.parts["VersionList.xml"] = (
        b'<?xml version="1.0"?><VL:version-list xmlns:VL="http://openoffice.org/2001/'
        b'versions-list"><VL:version-entry VL:title="Version1" VL:creator="Jo"/>'
        b"</VL:version-list>")
    document.save(path)
    with zipfile.ZipFile(path) as package:
        assert "Versions/Version1" in package.namelist()
    return path


def make_ods_with_macro_and_media(path: Path) -> Path:
    """A Basic macro library and a video clip: parts the gate does not read."""
    document = Odf("spreadsheet", automatic=TABLE_STYLES, body=sheet("Data", [["A"], ["1"]]))
    document.parts["Basic/Standard/Module1.xml"] = (
        b'<?xml version="1.0"?><script:module xmlns:script="http://openoffice.org/2000/script" '
        b'script:name="Module1">Sub Main\nEnd Sub</script:module>')
    document.parts["media/clip.mp4"] = b"\x00\x00\x00\x18ftypmp42 video"
    document.save(path)
    with zipfile.ZipFile(path) as package:
        assert {"Basic/Standard/Module1.xml", "media/clip.mp4"} <= set(package.namelist())
    return path


def make_encrypted_odf(path: Path, kind: str = "text") -> Path:
    """A password-protected document: the manifest carries encryption data."""
    document = Odf(kind, body=p("Secret") if kind == "text" else sheet("S", [["x"]]),
                   encrypted=True)
    document.save(path)
    root = part(path, "META-INF/manifest.xml")
    assert root.xpath("//m:encryption-data", namespaces={
        "m": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"})
    return path


# --------------------------------------------------------------------------- pictures, objects

CHART = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {DECLARATIONS} '
         'office:version="1.3"><office:body><office:chart><chart:chart chart:class="chart:bar">'
         '<chart:title><text:p>Cases by team</text:p></chart:title><table:table '
         'table:name="local-table"><table:table-header-columns><table:table-column/>'
         '</table:table-header-columns><table:table-columns><table:table-column/>'
         '</table:table-columns><table:table-header-rows><table:table-row><table:table-cell/>'
         '<table:table-cell office:value-type="string"><text:p>Cases</text:p></table:table-cell>'
         '</table:table-row></table:table-header-rows><table:table-rows><table:table-row>'
         '<table:table-cell office:value-type="string"><text:p>{label}</text:p>'
         '</table:table-cell><table:table-cell office:value-type="float" office:value="4">'
         '<text:p>4</text:p></table:table-cell></table:table-row></table:table-rows>'
         "</table:table></chart:chart></office:chart></office:body></office:document-content>")


def make_odt_with_pictures_and_objects(path: Path) -> Path:
    """A GPS-tagged photo, a chart whose data table holds an e-mail address, and an
    embedded text document."""
    photo = images.jpeg_bytes(exif=images.gps_exif())
    frame = ('<draw:frame draw:name="Photo" svg:width="4cm" svg:height="3cm"><draw:image '
             'xlink:href="Pictures/photo.jpg"/><svg:title>Panel photo</svg:title></draw:frame>')
    chart = ('<draw:frame draw:name="Chart"><draw:object xlink:href="./Object 1"/>'
             '<draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame>')
    embedded = '<draw:frame draw:name="Doc"><draw:object xlink:href="./Object 2"/></draw:frame>'
    document = Odf("text", body=p("Intro.") + p(f"{frame}Photo above.") + p(chart)
                   + p(embedded))
    document.parts["Pictures/photo.jpg"] = photo
    document.parts["Object 1/content.xml"] = CHART.replace(
        "{label}", "North (jane.doe@example.com)").encode()
    document.parts["ObjectReplacements/Object 1"] = b"VCLMTF\x00\x01 Cases by team"
    document.parts["Object 2/content.xml"] = Odf("text", body=p("Inner.")).content_xml().encode()
    document.save(path)
    holds(path, "//table:table[@table:name='local-table']", "jane.doe@example.com",
          name="Object 1/content.xml")
    with zipfile.ZipFile(path) as package:
        assert package.read("Pictures/photo.jpg") == photo
    return path


def make_odt_footer_and_settings(path: Path) -> Path:
    """A phone number in the page footer (styles.xml) and an e-mail in the printer name."""
    master = f'<style:footer>{p("Case officer 07700 900123")}</style:footer>'
    settings = ('<config:config-item config:name="PrinterName" config:type="string">'
                "jo.bloggs@example.com on PRN01</config:config-item>")
    Odf("text", body=p("Body."), master=master, settings=settings).save(path)
    holds(path, "//style:footer", "07700 900123", name="styles.xml")
    holds(path, "//config:config-item[@config:name='PrinterName']", "jo.bloggs@example.com",
          name="settings.xml")
    return path


# --------------------------------------------------------------------------- clean

def make_clean_odt(path: Path) -> Path:
    """Headings, a list, a table, a footnote, a picture, a link and a header: nothing hidden."""
    automatic = (text_style("T1", fo_font_weight="bold")
                 + '<style:style style:name="P1" style:family="paragraph"><style:paragraph-'
                 'properties fo:background-color="#1f3864"/><style:text-properties '
                 'fo:color="#ffffff"/></style:style>')
    body = ('<text:h text:outline-level="1">Annual report 2025-26</text:h>'
            + p('The <text:span text:style-name="T1">Commissioner</text:span> published the '
                'plan on 12 March 2026. See <text:a xlink:type="simple" xlink:href='
                '"https://www.example.org/plan">the plan</text:a>.<text:note text:id="ftn1" '
                'text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                '<text:note-body>' + p("Figures are unaudited.") + "</text:note-body></text:note>")
            + p("White text on a dark banner.", "P1")
            + '<text:list><text:list-item>' + p("Reduce reoffending") + "</text:list-item>"
            '<text:list-item>' + p("Support victims") + "</text:list-item></text:list>"
            + '<table:table table:name="Budget"><table:table-column table:number-columns-'
            'repeated="2"/><table:table-row><table:table-cell>' + p("Area")
            + "</table:table-cell><table:table-cell>" + p("£000") + "</table:table-cell>"
            "</table:table-row><table:table-row><table:table-cell>" + p("Policing")
            + "</table:table-cell><table:table-cell>" + p("1,200") + "</table:table-cell>"
            "</table:table-row></table:table>"
            + p('<draw:frame draw:name="Logo" text:anchor-type="as-char" svg:width="3cm" '
                'svg:height="2cm"><draw:image xlink:href="Pictures/logo.png"/><svg:title>'
                "Office logo</svg:title></draw:frame>Contact the office at "
                "enquiries@northshire-opcc.example.org or 01632 960100."))
    master = f'<style:header>{p("Northshire OPCC")}</style:header>'
    document = Odf("text", body=body, automatic=automatic, master=master)
    document.parts["Pictures/logo.png"] = images.png_bytes()
    document.parts["Thumbnails/thumbnail.png"] = images.png_bytes(images.picture((64, 90)))
    document.parts["Configurations2/accelerator/current.xml"] = b""
    document.parts["manifest.rdf"] = (
        b'<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
        b'02/22-rdf-syntax-ns#"><rdf:Description rdf:about="content.xml"><rdf:type rdf:resource'
        b'="http://docs.oasis-open.org/ns/office/1.2/meta/odf#ContentFile"/></rdf:Description>'
        b"</rdf:RDF>")
    document.save(path)
    holds(path, "//text:a/@xlink:href", "https://www.example.org/plan")
    holds(path, "//table:table[@table:name='Budget']", "Policing")
    return path


def make_clean_ods(path: Path) -> Path:
    """Numbers shown through formats (a date, a percentage), a formula, a chart."""
    body = ('<table:table table:name="Spend" table:style-name="ta1"><table:table-column '
            'table:number-columns-repeated="3"/>' + row(["Date", "Share", "Amount"])
            + '<table:table-row><table:table-cell office:value-type="date" office:date-value='
            '"2026-03-12"><text:p>12/03/26</text:p></table:table-cell><table:table-cell '
            'office:value-type="percentage" office:value="0.125"><text:p>12.5%</text:p>'
            '</table:table-cell><table:table-cell table:formula="of:=[.C3]*2" office:value-type'
            '="float" office:value="240"><text:p>240</text:p></table:table-cell>'
            "</table:table-row>" + row(["", "", "120"]) + "</table:table>")
    document = Odf("spreadsheet", automatic=TABLE_STYLES, body=body)
    document.save(path)
    holds(path, "//table:table-cell/@office:date-value", "2026-03-12")
    return path


def make_clean_odp(path: Path) -> Path:
    """White text on a blue shape, notes with the office's public number."""
    automatic = PAGE_STYLES + ('<style:style style:name="gr1" style:family="graphic"><style:'
                               'graphic-properties draw:fill="solid" draw:fill-color="#1f3864"/>'
                               '<style:text-properties fo:color="#ffffff"/></style:style>')
    shape = ('<draw:custom-shape draw:style-name="gr1" svg:width="5cm" svg:height="2cm">'
             + p("Our priorities") + "</draw:custom-shape>")
    body = (slide(1, "Annual report", notes="Switchboard 01632 960100").replace(
        "</draw:page>", shape + "</draw:page>") + slide(2, "Questions"))
    Odf("presentation", automatic=automatic, body=body).save(path)
    holds(path, "//draw:custom-shape", "Our priorities")
    return path
