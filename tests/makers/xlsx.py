"""XLSX fixtures, one kind of hidden or personal data each: cached formula results, stale
results, data validation, charts and their caches, drawings and text boxes, print headers
and footers, custom properties, data connections, shared text no cell uses, parts the
workbook does not list, hyperlinks, zero-height rows, zero-width columns, invisible number
formats, text coloured like its fill, unknown parts; and a rich clean workbook.

Each maker builds the workbook with openpyxl, then edits the package's XML as Excel writes
it where openpyxl can't (`repackage`), and re-opens the file with an independent reader
(openpyxl, or zipfile and lxml) to assert the planted data is really there.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

ORGANISATION = "Northshire OPCC"
EMAIL = "jo.bloggs@example.com"
PHONE = "07700 900123"
OTHER_PHONE = "07700 900456"
NI_NUMBER = "QQ123456C"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": MAIN, "r": REL, "pr": PACKAGE_REL,
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
SHEET = "xl/worksheets/sheet1.xml"


# --------------------------------------------------------------------------- helpers

def repackage(package: bytes, edits: list[tuple[str, str, str]] = (),
              parts: dict[str, str | bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """A copy of a zip package with text replaced in its parts (each edit: part, old, new;
    old may be a compiled pattern), parts added and parts dropped."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info.filename).decode("utf-8")
            for name, old, new in edits:
                if name != info.filename:
                    continue
                if isinstance(old, re.Pattern):
                    assert old.search(data), f"{old.pattern!r} not in {name}"
                    data = old.sub(new, data, count=1)
                else:
                    assert old in data, f"{old!r} not in {name}"
                    data = data.replace(old, new, 1)
            target.writestr(info, data.encode("utf-8"))
        for name, data in (parts or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def content_type(part: str, kind: str) -> tuple[str, str, str]:
    return ("[Content_Types].xml", "</Types>", (f'<Override PartName="/{part}" '
            f'ContentType="application/vnd.openxmlformats-officedocument.{kind}"/></Types>'))


def relationship(rels_part: str, rel_id: str, kind: str, target: str) -> tuple[str, str, str]:
    return (rels_part, "</Relationships>", (f'<Relationship Id="{rel_id}" Type="{REL}/{kind}" '
            f'Target="{target}"/></Relationships>'))


def rels_part(*relationships: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            f'xmlns="{PACKAGE_REL}">{"".join(relationships)}</Relationships>')


def part_xml(path: Path, name: str):
    """A part of the saved file, parsed with lxml (the independent reader)."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def workbook(title: str = "Summary"):
    """A small spend summary: a header row and three rows of figures."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in (["Category", "Amount"], ["Premises", 1263.61], ["Transport", 845.2],
                ["Supplies", 310.0]):
        sheet.append(row)
    book.properties.creator = ORGANISATION
    book.properties.lastModifiedBy = ORGANISATION
    return book


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def cell_element(path: Path, ref: str, sheet: str = SHEET):
    found = part_xml(path, sheet).xpath(f"//m:c[@r='{ref}']", namespaces=NS)
    assert found, f"no cell {ref}"
    return found[0]


def with_cached_value(data: bytes, ref: str, formula: str, cached: str,
                      kind: str = "str") -> bytes:
    """Give a formula cell openpyxl wrote (it writes no result) the result Excel stores."""
    escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>{re.escape(escaped)}</f><v\s*/?>(</v>)?')
    type_attr = f' t="{kind}"' if kind != "n" else ""
    return repackage(data, [(SHEET, pattern,
                             rf'<c r="{ref}"\1{type_attr}><f>{escaped}</f><v>{cached}</v>')])


# --------------------------------------------------------------------------- cached results

def make_cached_lookup_email(path: Path) -> Path:
    """A lookup formula (not evaluated by the checker) whose stored result is an e-mail."""
    book = workbook()
    book.active["C1"] = "Contact"
    book.active["C2"] = "=INDEX(Contacts!B:B,MATCH(A2,Contacts!A:A,0))"
    book.create_sheet("Contacts")
    data = with_cached_value(saved(book), "C2",
                             "INDEX(Contacts!B:B,MATCH(A2,Contacts!A:A,0))", EMAIL)
    write(path, data)
    from openpyxl import load_workbook

    assert load_workbook(path).active["C2"].value.startswith("=INDEX")
    assert load_workbook(path, data_only=True).active["C2"].value == EMAIL
    return path


def make_cached_text_phone(path: Path) -> Path:
    """A TEXT() formula whose stored result is a phone number in a hidden-away column."""
    book = workbook()
    book.active["F2"] = '=TEXT(Numbers!A1,"00000 000000")'
    book.create_sheet("Numbers")
    data = with_cached_value(saved(book), "F2", 'TEXT(Numbers!A1,"00000 000000")', PHONE)
    write(path, data)
    from openpyxl import load_workbook

    assert load_workbook(path, data_only=True).active["F2"].value == PHONE
    return path


# --------------------------------------------------------------------------- stale results

def make_stale_empty_formula(path: Path) -> Path:
    """="" shows nothing, but the file stores an e-mail address as its result."""
    book = workbook()
    book.active["C2"] = '=""'
    write(path, with_cached_value(saved(book), "C2", '""', EMAIL))
    cell = cell_element(path, "C2")
    assert cell.findtext("m:f", namespaces=NS) == '""'
    assert cell.findtext("m:v", namespaces=NS) == EMAIL
    return path


def make_stale_reference(path: Path) -> Path:
    """=A2 shows 'Premises', but the stored result is a phone number."""
    book = workbook()
    book.active["D2"] = "=A2"
    write(path, with_cached_value(saved(book), "D2", "A2", PHONE))
    cell = cell_element(path, "D2")
    assert cell.findtext("m:f", namespaces=NS) == "A2"
    assert cell.findtext("m:v", namespaces=NS) == PHONE
    return path


def make_stale_arithmetic(path: Path) -> Path:
    """=B2*2 gives a number, but the stored result is text with no personal data: it is
    still a value the sheet does not show."""
    book = workbook()
    book.active["D3"] = "=B2*2"
    write(path, with_cached_value(saved(book), "D3", "B2*2", "see the old version"))
    assert cell_element(path, "D3").findtext("m:v", namespaces=NS) == "see the old version"
    return path


def make_stale_shared_formula(path: Path) -> Path:
    """=A2 filled down D2:D4 as one shared formula: D4's stored result is a phone number,
    not 'Supplies'."""
    cells = {2: "Premises", 3: "Transport", 4: PHONE}
    edits = []
    for row, stored in cells.items():
        formula = ('<f t="shared" ref="D2:D4" si="0">A2</f>' if row == 2
                   else '<f t="shared" si="0"/>')
        edits.append((SHEET, re.compile(rf'(<row r="{row}"[^>]*>.*?)</row>'),
                      rf'\1<c r="D{row}" t="str">{formula}<v>{stored}</v></c></row>'))
    write(path, repackage(saved(workbook()), edits))
    cell = cell_element(path, "D4")
    assert cell.find("m:f", namespaces=NS).get("si") == "0"
    assert cell.findtext("m:v", namespaces=NS) == PHONE
    return path


def make_formula_literal(path: Path) -> Path:
    """A formula whose own text holds an e-mail address it may or may not show."""
    book = workbook()
    book.active["C2"] = f'=IF(B2>5000,"{EMAIL}","")'
    write(path, saved(book))
    from openpyxl import load_workbook

    assert EMAIL in load_workbook(path).active["C2"].value
    return path


# --------------------------------------------------------------------------- data validation

def make_validation_list(path: Path) -> Path:
    """A drop-down list whose choices include an e-mail address."""
    from openpyxl.worksheet.datavalidation import DataValidation

    book = workbook()
    rule = DataValidation(type="list", formula1=f'"Finance team,{EMAIL}"')
    rule.add("C2:C10")
    book.active.add_data_validation(rule)
    write(path, saved(book))
    from openpyxl import load_workbook

    [found] = load_workbook(path).active.data_validations.dataValidation
    assert EMAIL in found.formula1 and str(found.sqref) == "C2:C10"
    return path


def make_validation_message(path: Path) -> Path:
    """An input prompt and an error message naming a phone number."""
    from openpyxl.worksheet.datavalidation import DataValidation

    book = workbook()
    rule = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                          promptTitle="Ask first", prompt=f"Ring {OTHER_PHONE} before editing",
                          errorTitle="Out of range", error=f"Call {PHONE}",
                          showInputMessage=True, showErrorMessage=True)
    rule.add("B2")
    book.active.add_data_validation(rule)
    write(path, saved(book))
    from openpyxl import load_workbook

    [found] = load_workbook(path).active.data_validations.dataValidation
    assert OTHER_PHONE in found.prompt and PHONE in found.error
    return path


# --------------------------------------------------------------------------- charts

def chart_workbook(kind: str = "bar", title: str | None = None):
    from openpyxl.chart import BarChart, LineChart, Reference

    book = workbook()
    sheet = book.active
    chart = BarChart() if kind == "bar" else LineChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=4))
    if title:
        chart.title = title
    sheet.add_chart(chart, "E2")
    return book


CHART = "xl/charts/chart1.xml"


def cache(kind: str, values: list[str]) -> str:
    points = "".join(f'<pt idx="{i}"><v>{v}</v></pt>' for i, v in enumerate(values))
    return f'<{kind}><ptCount val="{len(values)}"/>{points}</{kind}>'


def with_chart_caches(data: bytes, categories: list[str], name: str = "Amount",
                      values: tuple[str, ...] = ("1263.61", "845.2", "310")) -> bytes:
    """Excel stores a copy of the plotted cells in the chart: openpyxl writes none."""
    return repackage(data, [
        (CHART, "<tx><strRef><f>'Summary'!B1</f></strRef></tx>",
         f"<tx><strRef><f>'Summary'!B1</f>{cache('strCache', [name])}</strRef></tx>"),
        (CHART, "<cat><numRef><f>'Summary'!$A$2:$A$4</f></numRef></cat>",
         (f"<cat><strRef><f>'Summary'!$A$2:$A$4</f>{cache('strCache', categories)}</strRef>"
         "</cat>")),
        (CHART, "<val><numRef><f>'Summary'!$B$2:$B$4</f></numRef></val>",
         (f"<val><numRef><f>'Summary'!$B$2:$B$4</f>{cache('numCache', list(values))}</numRef>"
         "</val>")),
    ])


def chart_texts(path: Path) -> list[str]:
    return [t for t in part_xml(path, CHART).itertext() if t.strip()]


def make_chart_cached_category(path: Path) -> Path:
    """A bar chart whose cached categories still hold an e-mail address the sheet no
    longer has (the chart was not refreshed after the row was edited)."""
    data = with_chart_caches(saved(chart_workbook()), ["Premises", EMAIL, "Supplies"])
    write(path, data)
    assert EMAIL in chart_texts(path)
    return path


def make_chart_series_name(path: Path) -> Path:
    """A line chart whose cached series name is an NI number."""
    data = with_chart_caches(saved(chart_workbook("line")), ["Premises", "Transport",
                                                             "Supplies"], name=NI_NUMBER)
    write(path, data)
    assert NI_NUMBER in chart_texts(path)
    return path


def make_chart_title(path: Path) -> Path:
    """A chart title naming a phone number (written by openpyxl as rich text)."""
    write(path, saved(chart_workbook(title=f"Queries: {PHONE}")))
    assert any(PHONE in text for text in chart_texts(path))
    return path


# --------------------------------------------------------------------------- drawings

DRAWING = "xl/drawings/drawing1.xml"
TEXT_BOX = ('<twoCellAnchor><from><col>1</col><colOff>0</colOff><row>7</row><rowOff>0</rowOff>'
            '</from><to><col>4</col><colOff>0</colOff><row>10</row><rowOff>0</rowOff></to>'
            '<sp macro="" textlink=""><nvSpPr><cNvPr id="3" name="TextBox 2"{hidden}/>'
            '<cNvSpPr txBox="1"/></nvSpPr><spPr/><txBody xmlns:a="http://schemas.'
            'openxmlformats.org/drawingml/2006/main"><a:bodyPr/><a:p><a:r><a:t>Call </a:t>'
            '</a:r><a:r><a:t>{first}</a:t></a:r><a:r><a:t>{rest}</a:t></a:r></a:p></txBody>'
            '</sp><clientData/></twoCellAnchor></wsDr>')


def make_drawing_text_box(path: Path, hidden: bool = False) -> Path:
    """A text box drawn over the sheet; its phone number is split across runs."""
    box = TEXT_BOX.format(hidden=' hidden="1"' if hidden else "", first=OTHER_PHONE[:6],
                          rest=OTHER_PHONE[6:])
    write(path, repackage(saved(chart_workbook()), [(DRAWING, "</wsDr>", box)]))
    text = "".join(part_xml(path, DRAWING).xpath("//a:t/text()", namespaces=NS))
    assert OTHER_PHONE in text
    return path


def make_drawing_alt_text(path: Path) -> Path:
    """A chart's alternative text (its description) names an e-mail address."""
    write(path, repackage(saved(chart_workbook()), [
        (DRAWING, '<cNvPr id="1" name="Chart 1"/>',
         f'<cNvPr id="1" name="Chart 1" descr="Figures from {EMAIL}"/>')]))
    [described] = part_xml(path, DRAWING).xpath("//xdr:cNvPr/@descr", namespaces=NS)
    assert EMAIL in described
    return path


VML = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
       'office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" '
       'type="#_x0000_t202" style="position:absolute;margin-left:100pt;margin-top:20pt;'
       'width:150pt;height:40pt"><v:textbox><div style="text-align:left"><font face="Calibri">'
       'Please ring<br>{phone}</font></div></v:textbox><x:ClientData ObjectType="Text">'
       '<x:Anchor>2, 0, 1, 0, 4, 0, 3, 0</x:Anchor></x:ClientData></v:shape></xml>')


def make_vml_text_box(path: Path) -> Path:
    """A legacy (VML) text box, as older Excel writes it: not well-formed XML (<br>)."""
    data = repackage(saved(workbook()), [
        ("[Content_Types].xml", "</Types>", ('<Default Extension="vml" ContentType="application/'
         'vnd.openxmlformats-officedocument.vmlDrawing"/></Types>')),
        (SHEET, "</worksheet>", f'<legacyDrawing xmlns:r="{REL}" r:id="rIdVml1"/></worksheet>')],
        {"xl/drawings/vmlDrawing1.vml": VML.format(phone=PHONE),
         "xl/worksheets/_rels/sheet1.xml.rels": rels_part(
             f'<Relationship Id="rIdVml1" Type="{REL}/vmlDrawing" '
             'Target="../drawings/vmlDrawing1.vml"/>')})
    write(path, data)
    with zipfile.ZipFile(path) as package:
        vml = package.read("xl/drawings/vmlDrawing1.vml").decode()
    assert PHONE in vml
    with __import__("pytest").raises(etree.XMLSyntaxError):
        etree.fromstring(vml.encode())
    return path


# --------------------------------------------------------------------------- headers, footers

def make_header_email(path: Path) -> Path:
    book = workbook()
    book.active.oddHeader.center.text = f"Prepared by {EMAIL}"
    write(path, saved(book))
    from openpyxl import load_workbook

    assert EMAIL in load_workbook(path).active.oddHeader.center.text
    return path


def make_even_footer_phone(path: Path) -> Path:
    """An even-page footer: Excel only prints it if odd and even pages differ, but the
    file holds it either way."""
    book = workbook()
    book.active.evenFooter.right.text = f"Queries {PHONE}"
    write(path, saved(book))
    footer = part_xml(path, SHEET).findtext("m:headerFooter/m:evenFooter", namespaces=NS)
    assert PHONE in footer
    return path


# --------------------------------------------------------------------------- custom properties

def make_custom_property(path: Path, name: str = "Contact", value: str = EMAIL) -> Path:
    from openpyxl.packaging.custom import StringProperty

    book = workbook()
    book.custom_doc_props.append(StringProperty(name=name, value=value))
    write(path, saved(book))
    props = part_xml(path, "docProps/custom.xml")
    assert value in "".join(props.itertext())
    return path


# --------------------------------------------------------------------------- connections

CONNECTIONS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<connections '
               f'xmlns="{MAIN}">{{body}}</connections>')


def with_connection(data: bytes, body: str) -> bytes:
    return repackage(data, [
        content_type("xl/connections.xml", "spreadsheetml.connections+xml"),
        relationship("xl/_rels/workbook.xml.rels", "rIdConn1", "connections", "connections.xml"),
    ], {"xl/connections.xml": CONNECTIONS.format(body=body)})


def make_connection_database(path: Path) -> Path:
    """A database connection whose connection string logs in as a person."""
    body = ('<connection id="1" name="Staff database" type="1" refreshedVersion="6">'
            f'<dbPr connection="Provider=SQLOLEDB.1;User ID={EMAIL};Data Source=HR01;'
            'Initial Catalog=Staff" command="SELECT * FROM people"/></connection>')
    write(path, with_connection(saved(workbook()), body))
    [found] = part_xml(path, "xl/connections.xml").xpath("//m:dbPr/@connection", namespaces=NS)
    assert EMAIL in found
    return path


def make_connection_text_file(path: Path) -> Path:
    """A text import from a file in a user's own folder, named after a phone number."""
    body = ('<connection id="1" name="Import" type="6" refreshedVersion="6">'
            f'<textPr sourceFile="C:\\Users\\jbloggs\\Documents\\call {OTHER_PHONE}.csv"/>'
            '</connection>')
    write(path, with_connection(saved(workbook()), body))
    [found] = part_xml(path, "xl/connections.xml").xpath("//m:textPr/@sourceFile",
                                                         namespaces=NS)
    assert OTHER_PHONE in found and "Users" in found
    return path


# --------------------------------------------------------------------------- shared strings

INLINE = re.compile(r'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t>([^<]*)</t></is></c>')


def shared_strings_workbook() -> bytes:
    """The small workbook with its text in a shared-strings part, as Excel saves it
    (openpyxl writes each cell's text inline)."""
    data = saved(workbook())
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode("utf-8")
    texts: list[str] = []

    def shared(match: re.Match) -> str:
        texts.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(texts) - 1}</v></c>'

    sheet = INLINE.sub(shared, sheet)
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    strings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
               f'count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>')
    data = repackage(data, [
        content_type("xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"),
        relationship("xl/_rels/workbook.xml.rels", "rIdStrings", "sharedStrings",
                     "sharedStrings.xml")], {"xl/sharedStrings.xml": strings}, drop=(SHEET,))
    data = repackage(data, [], {SHEET: sheet})
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(data)).active["A2"].value == "Premises"
    return data


def make_unused_shared_string(path: Path) -> Path:
    """A shared string no cell uses (the cell that used it was cleared)."""
    data = shared_strings_workbook()
    write(path, repackage(data, [("xl/sharedStrings.xml", "</sst>",
                                  f"<si><t>{EMAIL}</t></si></sst>")]))
    strings = part_xml(path, "xl/sharedStrings.xml").xpath("//m:si", namespaces=NS)
    assert "".join(strings[-1].itertext()) == EMAIL
    return path


def make_unused_rich_string(path: Path) -> Path:
    """An unused rich-text shared string whose NI number is split across two runs."""
    data = shared_strings_workbook()
    item = f"<si><r><t>Ref {NI_NUMBER[:5]}</t></r><r><rPr><b/></rPr><t>{NI_NUMBER[5:]}</t></r></si>"
    write(path, repackage(data, [("xl/sharedStrings.xml", "</sst>", item + "</sst>")]))
    strings = part_xml(path, "xl/sharedStrings.xml").xpath("//m:si", namespaces=NS)
    assert NI_NUMBER in "".join(strings[-1].itertext())
    return path


def shared_string_count(path: Path) -> int:
    return len(part_xml(path, "xl/sharedStrings.xml").xpath("//m:si", namespaces=NS))


# --------------------------------------------------------------------------- unlisted parts

ORPHAN_SHEET = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                f'xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{{value}}'
                '</t></is></c></row></sheetData></worksheet>')


def make_orphan_sheet(path: Path) -> Path:
    """A worksheet part no relationship reaches: Excel never shows it."""
    data = repackage(saved(workbook()), [
        content_type("xl/worksheets/sheet9.xml", "spreadsheetml.worksheet+xml")],
        {"xl/worksheets/sheet9.xml": ORPHAN_SHEET.format(value=EMAIL)})
    write(path, data)
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames == ["Summary"]
    assert EMAIL in "".join(part_xml(path, "xl/worksheets/sheet9.xml").itertext())
    return path


def make_unlisted_sheet(path: Path) -> Path:
    """A worksheet the workbook relates to but does not list among its sheets."""
    data = repackage(saved(workbook()), [
        content_type("xl/worksheets/sheet2.xml", "spreadsheetml.worksheet+xml"),
        relationship("xl/_rels/workbook.xml.rels", "rIdHidden9", "worksheet",
                     "worksheets/sheet2.xml")],
        {"xl/worksheets/sheet2.xml": ORPHAN_SHEET.format(value=f"call {PHONE}")})
    write(path, data)
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames == ["Summary"]
    assert PHONE in "".join(part_xml(path, "xl/worksheets/sheet2.xml").itertext())
    return path


def make_orphan_custom_xml(path: Path) -> Path:
    """A custom XML part left behind by a document-management system, reached by nothing."""
    item = f'<?xml version="1.0"?><record><owner>{EMAIL}</owner><phone>{OTHER_PHONE}</phone></record>'
    write(path, repackage(saved(workbook()), [], {"customXml/item9.xml": item}))
    assert EMAIL in "".join(part_xml(path, "customXml/item9.xml").itertext())
    return path


# --------------------------------------------------------------------------- hyperlinks

def make_hyperlink_mailto(path: Path) -> Path:
    """A cell showing 'Contact us' that links to a person's mailbox."""
    book = workbook()
    cell = book.active["A6"]
    cell.value = "Contact us"
    cell.hyperlink = f"mailto:{EMAIL}"
    write(path, saved(book))
    rels = part_xml(path, "xl/worksheets/_rels/sheet1.xml.rels")
    [target] = rels.xpath("//pr:Relationship[@TargetMode='External']/@Target", namespaces=NS)
    assert EMAIL in target
    return path


def make_hyperlink_tooltip(path: Path) -> Path:
    """An internal link whose tooltip (shown only on hover) names a phone number."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    book = workbook()
    sheet = book.active
    sheet["A7"] = "See the totals"
    sheet["A7"].hyperlink = Hyperlink(ref="A7", location="'Summary'!B4",
                                      tooltip=f"Ask {OTHER_PHONE}", display="See the totals")
    write(path, saved(book))
    [tooltip] = part_xml(path, SHEET).xpath("//m:hyperlink/@tooltip", namespaces=NS)
    assert OTHER_PHONE in tooltip
    return path


# --------------------------------------------------------------------------- rows, columns

ROW = re.compile(r'<row r="3"[^>]*>')


def make_zero_height_rows(path: Path) -> Path:
    """Rows 3 and 4 set to zero height (not 'hidden'): they hold a supplier and a phone."""
    book = workbook()
    book.active["C4"] = f"Ring {PHONE}"
    data = repackage(saved(book), [
        (SHEET, ROW, '<row r="3" ht="0" customHeight="1">'),
        (SHEET, re.compile(r'<row r="4"[^>]*>'), '<row r="4" ht="0.5" customHeight="1">')])
    write(path, data)
    heights = part_xml(path, SHEET).xpath("//m:row[@r='3' or @r='4']/@ht", namespaces=NS)
    assert [float(h) for h in heights] == [0.0, 0.5]
    return path


def make_rows_zero_by_default(path: Path) -> Path:
    """zeroHeight on the sheet: every row without its own height is hidden. Rows 1-2 have
    one; rows 3-4 do not, so they are hidden though no row says so."""
    book = workbook()
    for number in (1, 2):
        book.active.row_dimensions[number].height = 15
    data = repackage(saved(book), [(SHEET, re.compile(r"<sheetFormatPr ([^/]*)/>"),
                                    r'<sheetFormatPr \1 zeroHeight="1"/>')])
    write(path, data)
    [zero] = part_xml(path, SHEET).xpath("//m:sheetFormatPr/@zeroHeight", namespaces=NS)
    rows = part_xml(path, SHEET).xpath("//m:row[@r='3' and not(@ht)]", namespaces=NS)
    assert zero == "1" and rows
    return path


def with_columns(data: bytes, cols: str) -> bytes:
    return repackage(data, [(SHEET, "<sheetData>", f"<cols>{cols}</cols><sheetData>")])


def make_zero_width_column(path: Path) -> Path:
    """Column C, zero width, holds phone numbers."""
    book = workbook()
    book.active["C1"] = "Mobile"
    book.active["C2"] = PHONE
    write(path, with_columns(saved(book), '<col min="3" max="3" width="0" customWidth="1"/>'))
    [width] = part_xml(path, SHEET).xpath("//m:col/@width", namespaces=NS)
    assert float(width) == 0
    return path


def make_narrow_columns(path: Path) -> Path:
    """Columns C:D, a tenth of a character wide, hold a name and an e-mail address."""
    book = workbook()
    book.active["C2"] = "Jo Bloggs"
    book.active["D2"] = EMAIL
    write(path, with_columns(saved(book), '<col min="3" max="4" width="0.1" customWidth="1"/>'))
    [col] = part_xml(path, SHEET).xpath("//m:col", namespaces=NS)
    assert (col.get("min"), col.get("max"), float(col.get("width"))) == ("3", "4", 0.1)
    return path


# --------------------------------------------------------------------------- formats, colours

def make_number_format_hidden(path: Path, code: str = ";;;", value: object = EMAIL,
                              ref: str = "C2") -> Path:
    """A cell whose number format shows nothing (or only fixed text) for its value."""
    book = workbook()
    book.active[ref] = value
    book.active[ref].number_format = code
    write(path, saved(book))
    from openpyxl import load_workbook

    cell = load_workbook(path).active[ref]
    assert cell.value == value and cell.number_format == code
    return path


def make_colour_hidden(path: Path, font, fill=None, value: object = EMAIL,
                       ref: str = "C3") -> Path:
    """A cell whose text is the colour of its fill (or white with no fill)."""
    from openpyxl.styles import Font

    book = workbook()
    cell = book.active[ref]
    cell.value = value
    cell.font = Font(color=font)
    if fill is not None:
        cell.fill = fill
    write(path, saved(book))
    from openpyxl import load_workbook

    again = load_workbook(path).active[ref]
    assert again.value == value and again.font.color is not None
    return path


def make_rich_text_white_run(path: Path) -> Path:
    """'Approved' in black, then a run in white on white: an e-mail address no one sees."""
    data = shared_strings_workbook()
    item = (f'<si><r><t xml:space="preserve">Approved </t></r><r><rPr><color rgb="FFFFFFFF"/>'
            f"</rPr><t>{EMAIL}</t></r></si>")
    data = repackage(data, [("xl/sharedStrings.xml", "</sst>", item + "</sst>")])
    count = len(etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/sharedStrings.xml")).xpath("//m:si", namespaces=NS))
    data = repackage(data, [(SHEET, "</row></sheetData>",
                             f'<c r="C4" t="s"><v>{count - 1}</v></c></row></sheetData>')])
    write(path, data)
    [run] = part_xml(path, "xl/sharedStrings.xml").xpath("//m:si[last()]/m:r[2]",
                                                         namespaces=NS)
    assert run.findtext("m:t", namespaces=NS) == EMAIL
    assert run.find("m:rPr/m:color", namespaces=NS).get("rgb") == "FFFFFFFF"
    assert cell_element(path, "C4").findtext("m:v", namespaces=NS) == str(count - 1)
    return path


def make_tiny_font(path: Path) -> Path:
    from openpyxl.styles import Font

    book = workbook()
    book.active["C2"] = PHONE
    book.active["C2"].font = Font(size=1)
    write(path, saved(book))
    from openpyxl import load_workbook

    assert load_workbook(path).active["C2"].font.sz == 1
    return path


def make_merged_over_value(path: Path) -> Path:
    """B6 holds a phone number, but the merge A6:C6 shows only A6."""
    book = workbook()
    book.active["A6"] = "Total"
    data = repackage(saved(book), [
        (SHEET, "<is><t>Total</t></is></c>", ("<is><t>Total</t></is></c><c r=\"B6\" "
         f"t=\"inlineStr\"><is><t>{PHONE}</t></is></c>")),
        (SHEET, "</sheetData>", ('</sheetData><mergeCells count="1"><mergeCell ref="A6:C6"/>'
         "</mergeCells>"))])
    write(path, data)
    [merge] = part_xml(path, SHEET).xpath("//m:mergeCell/@ref", namespaces=NS)
    assert merge == "A6:C6"
    assert cell_element(path, "B6").findtext("m:is/m:t", namespaces=NS) == PHONE
    return path


# --------------------------------------------------------------------------- unknown parts

def make_unknown_binary(path: Path) -> Path:
    write(path, repackage(saved(workbook()), [], {"xl/mystery.bin": b"\x00\x01 not a part"}))
    assert "xl/mystery.bin" in part_names(path)
    return path


def make_unknown_related_part(path: Path) -> Path:
    """A part of a kind the gate does not know, related from the workbook."""
    data = repackage(saved(workbook()), [
        relationship("xl/_rels/workbook.xml.rels", "rIdOdd1", "somethingNew", "odd/data.xml")],
        {"xl/odd/data.xml": "<data><item>Quarterly figures</item></data>"})
    write(path, data)
    rels = part_xml(path, "xl/_rels/workbook.xml.rels")
    assert rels.xpath("//pr:Relationship[@Target='odd/data.xml']", namespaces=NS)
    return path


def make_power_pivot_model(path: Path) -> Path:
    """A data model (Power Pivot): a binary copy of whole tables the gate cannot read."""
    data = repackage(saved(workbook()), [
        relationship("xl/_rels/workbook.xml.rels", "rIdModel1",
                     "../../../../schemas.microsoft.com/office/2011/relationships/model",
                     "model/item.data")],
        {"xl/model/item.data": b"\x00ABF\x00" + EMAIL.encode("utf-16-le")})
    write(path, data)
    assert "xl/model/item.data" in part_names(path)
    return path


# --------------------------------------------------------------------------- other parts

def make_table_column(path: Path) -> Path:
    """A table whose totals row label names a person's mailbox."""
    from openpyxl.worksheet.table import Table

    book = workbook()
    table = Table(displayName="Spend", ref="A1:B4")
    book.active.add_table(table)
    data = saved(book)
    data = repackage(data, [("xl/tables/table1.xml", re.compile(r'<tableColumn id="1" '
                                                                r'name="Category"'),
                             f'<tableColumn id="1" name="Category" totalsRowLabel="{EMAIL}"')])
    write(path, data)
    assert EMAIL in etree.tostring(part_xml(path, "xl/tables/table1.xml")).decode()
    return path


THREADED = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments '
            'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<threadedComment ref="B3" dT="2026-01-05T10:00:00.00" personId="{P1}" id="{C1}">'
            f'<text>Check with {OTHER_PHONE}</text></threadedComment></ThreadedComments>')
PERSONS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList '
           'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
           f'<person displayName="Jo Bloggs" id="{{P1}}" userId="{EMAIL}" providerId="AD"/>'
           '</personList>')
MS_REL = "http://schemas.microsoft.com/office/2017/10/relationships"


PIVOT_TABLE = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition '
               f'xmlns="{MAIN}" name="PivotTable1" cacheId="1" dataCaption="Values">'
               '<location ref="A3:B6" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
               '<pivotFields count="1"><pivotField axis="axisRow" showAll="0"><items count="2">'
               '<item n="{label}" x="0"/><item t="default"/></items></pivotField></pivotFields>'
               '</pivotTableDefinition>')


def make_pivot_table(path: Path) -> Path:
    """A pivot table whose item caption (renamed by hand) is a phone number."""
    data = repackage(saved(workbook()), [
        content_type("xl/pivotTables/pivotTable1.xml", "spreadsheetml.pivotTable+xml")],
        {"xl/pivotTables/pivotTable1.xml": PIVOT_TABLE.format(label=f"Ring {PHONE}"),
         "xl/worksheets/_rels/sheet1.xml.rels": rels_part(
             f'<Relationship Id="rIdPt1" Type="{REL}/pivotTable" '
             'Target="../pivotTables/pivotTable1.xml"/>')})
    write(path, data)
    [label] = part_xml(path, "xl/pivotTables/pivotTable1.xml").xpath("//m:item/@n",
                                                                     namespaces=NS)
    assert PHONE in label
    return path


SLICER_CACHE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<slicerCacheDefinition '
                'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
                'name="Slicer_Contact" sourceName="Contact"><data><tabular pivotCacheId="1">'
                '<items count="1"><i x="0" s="1"/></items></tabular></data>'
                '<extLst><ext uri="{{470722E0-AACD-4C17-9CDC-17EF765DBC7E}}"><x15:slicerCacheHideItems'
                'WithNoData xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"/>'
                '</ext></extLst><!-- {value} --></slicerCacheDefinition>')


def make_slicer_cache(path: Path) -> Path:
    """A slicer cache related from the workbook, with an e-mail address left in an XML
    comment by the tool that wrote it."""
    data = repackage(saved(workbook()), [
        ("xl/_rels/workbook.xml.rels", "</Relationships>",
         ('<Relationship Id="rIdSlicer1" Type="http://schemas.microsoft.com/office/2007/'
         'relationships/slicerCache" Target="slicerCaches/slicerCache1.xml"/></Relationships>'))],
        {"xl/slicerCaches/slicerCache1.xml": SLICER_CACHE.format(value=EMAIL)})
    write(path, data)
    assert EMAIL in etree.tostring(part_xml(path, "xl/slicerCaches/slicerCache1.xml")).decode()
    return path


def make_threaded_comment(path: Path) -> Path:
    data = repackage(saved(workbook()), [
        ("xl/_rels/workbook.xml.rels", "</Relationships>",
         (f'<Relationship Id="rIdPersons" Type="{MS_REL}/person" Target="persons/person.xml"/>'
         "</Relationships>"))],
        {"xl/threadedComments/threadedComment1.xml": THREADED,
         "xl/persons/person.xml": PERSONS,
         "xl/worksheets/_rels/sheet1.xml.rels": rels_part(
             f'<Relationship Id="rIdTc1" Type="{MS_REL}/threadedComment" '
             'Target="../threadedComments/threadedComment1.xml"/>')})
    write(path, data)
    assert OTHER_PHONE in "".join(part_xml(
        path, "xl/threadedComments/threadedComment1.xml").itertext())
    return path


def make_defined_name(path: Path) -> Path:
    from openpyxl.workbook.defined_name import DefinedName

    book = workbook()
    book.defined_names["Contact"] = DefinedName("Contact", attr_text=f'"{EMAIL}"')
    write(path, saved(book))
    names = part_xml(path, "xl/workbook.xml").xpath("//m:definedName", namespaces=NS)
    assert any(EMAIL in (n.text or "") for n in names)
    return path


def make_personal_sheet_name(path: Path) -> Path:
    book = workbook(title=NI_NUMBER)
    write(path, saved(book))
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames == [NI_NUMBER]
    return path


def make_embedded_picture(path: Path, picture: bytes) -> Path:
    """A picture in the sheet's drawing, written by openpyxl."""
    from openpyxl.drawing.image import Image as SheetImage

    book = workbook()
    book.active.add_image(SheetImage(io.BytesIO(picture)), "E2")
    write(path, saved(book))
    media = [n for n in part_names(path) if n.startswith("xl/media/")]
    assert len(media) == 1
    with zipfile.ZipFile(path) as package:
        assert package.read(media[0]) == picture
    return path


def make_macros(path: Path) -> Path:
    data = repackage(saved(workbook()), [
        relationship("xl/_rels/workbook.xml.rels", "rIdVba", "vbaProject", "vbaProject.bin")],
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA project"})
    write(path, data)
    assert "xl/vbaProject.bin" in part_names(path)
    return path


# --------------------------------------------------------------------------- rich clean

def make_rich_clean(path: Path) -> Path:
    """A workbook as an office publishes it: several sheets, bar and line charts with their
    cached data, a Yes/No drop-down, formulas with correct stored results, currency, date
    and percentage formats, fills, bold and white-on-blue headers, a frozen pane, print
    titles, a header and footer, a merged title and a link to the office's website."""
    book = _rich_book()
    data = _rich_caches(saved(book))
    write(path, data)
    _assert_rich(path)
    return path


def _rich_book():
    from datetime import date

    from openpyxl.styles import Alignment, Color, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = workbook("Spend")
    sheet = book.active
    header_font = Font(bold=True, color=Color(theme=0))
    header_fill = PatternFill("solid", fgColor=Color(theme=4))
    sheet["C1"], sheet["D1"], sheet["E1"] = "Paid on", "Share", "Approved"
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    for row, when in zip((2, 3, 4), (date(2025, 4, 3), date(2025, 4, 17), date(2025, 5, 2))):
        sheet.cell(row, 2).number_format = '"£"#,##0.00'
        sheet.cell(row, 3, when).number_format = "dd/mm/yyyy"
        sheet.cell(row, 4, f"=B{row}/B$5").number_format = "0.0%"
        sheet.cell(row, 5, "Yes")
        sheet.cell(row, 1).fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.8))
    sheet["A5"], sheet["B5"] = "Total", "=SUM(B2:B4)"
    sheet["A5"].font = sheet["B5"].font = Font(bold=True)
    sheet["B5"].number_format = '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-'
    sheet["A6"] = '=IF(B5>1000,"Over budget","Within budget")'
    sheet["A7"] = '="Total for "&A2&" and others"'
    sheet["B7"] = 0
    sheet["B7"].number_format = '0;-0;;@'
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = "Northshire OPCC - OFFICIAL"
    sheet.oddFooter.right.text = "Page &P of &N"
    rule = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True,
                          promptTitle="Approved?", prompt="Choose Yes or No")
    rule.add("E2:E4")
    sheet.add_data_validation(rule)
    sheet.column_dimensions["A"].width = 24
    sheet.row_dimensions[8].hidden = True  # hidden but empty: nothing to report
    _rich_charts(book, sheet)
    _rich_notes(book, Alignment)
    return book


def _rich_charts(book, sheet) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference

    bar = BarChart()
    bar.title = "Spend by category"
    bar.add_data(Reference(sheet, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    bar.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=4))
    sheet.add_chart(bar, "G2")
    trend = book.create_sheet("Trend")
    for row in (["Month", "Spend"], ["April", 2108.81], ["May", 310.0], ["June", 1200.5]):
        trend.append(row)
    line = LineChart()
    line.title = "Monthly spend"
    line.add_data(Reference(trend, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    line.set_categories(Reference(trend, min_col=1, min_row=2, max_row=4))
    trend.add_chart(line, "D2")


def _rich_notes(book, alignment) -> None:
    from openpyxl.styles import Font

    notes = book.create_sheet("Notes")
    notes["A1"] = "About this data"
    notes["A1"].font = Font(bold=True, size=14)
    notes.merge_cells("A1:D1")
    notes["A1"].alignment = alignment(horizontal="center")
    notes["A2"] = "Spending over £500 by the Office of the Police and Crime Commissioner."
    notes["A3"] = "Published under the Open Government Licence."
    notes["A4"] = "Website"
    notes["A4"].hyperlink = "https://www.northshire-opcc.example.org/transparency"
    notes["A4"].font = Font(color="FF0563C1", underline="single")


def _rich_caches(data: bytes) -> bytes:
    """Stored results for every formula and cached data for both charts, as Excel saves."""
    data = with_cached_value(data, "B5", "SUM(B2:B4)", "2418.81", "n")
    for row in (2, 3, 4):
        share = {2: 1263.61, 3: 845.2, 4: 310.0}[row] / 2418.81
        data = with_cached_value(data, f"D{row}", f"B{row}/B$5", repr(share), "n")
    data = with_cached_value(data, "A6", 'IF(B5>1000,"Over budget","Within budget")',
                             "Over budget")
    data = with_cached_value(data, "A7", '"Total for "&A2&" and others"',
                             "Total for Premises and others")
    data = repackage(data, [
        ("xl/charts/chart1.xml", "<tx><strRef><f>'Spend'!B1</f></strRef></tx>",
         f"<tx><strRef><f>'Spend'!B1</f>{cache('strCache', ['Amount'])}</strRef></tx>"),
        ("xl/charts/chart1.xml", "<cat><numRef><f>'Spend'!$A$2:$A$4</f></numRef></cat>",
         ("<cat><strRef><f>'Spend'!$A$2:$A$4</f>"
         f"{cache('strCache', ['Premises', 'Transport', 'Supplies'])}</strRef></cat>")),
        ("xl/charts/chart1.xml", "<val><numRef><f>'Spend'!$B$2:$B$4</f></numRef></val>",
         ("<val><numRef><f>'Spend'!$B$2:$B$4</f>"
         f"{cache('numCache', ['1263.61', '845.2', '310'])}</numRef></val>")),
        ("xl/charts/chart2.xml", "<cat><numRef><f>'Trend'!$A$2:$A$4</f></numRef></cat>",
         ("<cat><strRef><f>'Trend'!$A$2:$A$4</f>"
         f"{cache('strCache', ['April', 'May', 'June'])}</strRef></cat>")),
        ("xl/charts/chart2.xml", "<val><numRef><f>'Trend'!$B$2:$B$4</f></numRef></val>",
         ("<val><numRef><f>'Trend'!$B$2:$B$4</f>"
         f"{cache('numCache', ['2108.81', '310', '1200.5'])}</numRef></val>")),
    ])
    return data


def _assert_rich(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    assert book.sheetnames == ["Spend", "Trend", "Notes"]
    spend = book["Spend"]
    assert spend["B5"].value == 2418.81 and spend["A6"].value == "Over budget"
    assert spend.freeze_panes == "A2" and spend.data_validations.dataValidation
    names = part_names(path)
    assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(names)
    assert part_xml(path, "xl/charts/chart2.xml").xpath("//c:numCache", namespaces=NS)
