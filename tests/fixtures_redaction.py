"""Corpus scoring and real attachment files for the redaction tests.

    python tests/fixtures_redaction.py      # prints precision and recall per detector

The attachment builders write genuine files with the libraries the checker reads them
with (openpyxl, python-docx, reportlab), adding by hand, inside the zip, only the parts
those libraries cannot author (a pivot cache, a comment and tracked changes in Word).
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from opcc.redaction import CODES, Scanner, hash_name

CORPUS = Path(__file__).with_name("redaction_corpus.yaml")
SALT = "corpus-salt-0001"
PROTECTED_NAMES = ["Avery Quenby", "Mary-Jane O'Brien-Tull", "Zoë Ashgrove", "D Fenwick-Lowe"]


ORGANISATION = ("Office of the Police and Crime Commissioner for Northshire", "Northshire OPCC")


def codes_at(findings) -> set[tuple[str, str]]:
    """(code, location) of each attachment finding."""
    return {(f.code, f.location) for f in findings}


def errors(findings) -> list:
    return [f for f in findings if f.severity == "error"]


def shown_values(findings, planted) -> list[tuple[str, object]]:
    """Planted values a finding's message, hint or location shows unmasked."""
    return [(value, finding) for finding in findings for value in planted
            if value in f"{finding.message} {finding.hint} {finding.location}"]


def unread_parts(path, reader, inert) -> tuple[set[str], list]:
    """Read a package with a format's reader (WordDocument, Presentation…): the parts left
    neither read nor on the reviewed inert list, and the findings."""
    from opcc.redaction.inspectors.inspection import Inspection
    from opcc.redaction.inspectors.package import Package

    inspection = Inspection(path, corpus_scanner(), ORGANISATION)
    with Package(inspection) as package:
        reader(inspection, package).read()
        package.finish(inert)
        unread = set(package.names) - package.read_parts
    return unread, inspection.result()


def corpus_scanner() -> Scanner:
    hashes = frozenset(hash_name(name, SALT) for name in PROTECTED_NAMES)
    return Scanner(protected_hashes=hashes, salt=SALT, word_counts=(2, 3, 4, 5))


# --------------------------------------------------------------------------- corpus scoring

@dataclass
class Score:
    positives: int = 0
    negatives: int = 0
    true_positives: int = 0
    false_positives: list = field(default_factory=list)  # (text, value)
    missed: list = field(default_factory=list)  # (text, value)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def load_corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def _items(corpus: dict):
    """(text, context, expected {(code, value)}) for every text in the corpus."""
    for code, section in corpus["detectors"].items():
        for item in section.get("positives", []):
            expected = {(code, item["value"])}
            expected |= {(extra["code"], extra["value"]) for extra in item.get("also", [])}
            yield item["text"], item.get("context", ""), expected
        for item in section.get("negatives", []):
            if isinstance(item, str):
                yield item, "", set()
            else:  # a near miss for this detector that another detector rightly reports
                yield item["text"], "", {(e["code"], e["value"]) for e in item.get("also", [])}
    for text in corpus["common_negatives"]:
        yield text, "", set()


def score_corpus(scanner: Scanner | None = None) -> dict[str, Score]:
    scanner = scanner or corpus_scanner()
    corpus = load_corpus()
    scores = {code: Score() for code in CODES}
    for code, section in corpus["detectors"].items():
        scores[code].negatives = len(section.get("negatives", []))
    for text, context, expected in _items(corpus):
        found = {(f.code, f.value) for f in scanner.scan(text, context)}
        for code, value in expected:
            scores[code].positives += 1
            if (code, value) in found:
                scores[code].true_positives += 1
            else:
                scores[code].missed.append((text, value))
        for code, value in found - expected:
            scores[code].false_positives.append((text, value))
    return scores


def table(scores: dict[str, Score]) -> str:
    common = len(load_corpus()["common_negatives"])
    lines = [(f"{'detector':32} {'pos':>4} {'neg':>4} {'TP':>4} {'FP':>3} {'FN':>3} "
              f"{'precision':>9} {'recall':>6}")]
    for code, s in scores.items():
        lines.append(f"{code:32} {s.positives:4} {s.negatives:4} {s.true_positives:4} "
                     f"{len(s.false_positives):3} {len(s.missed):3} {s.precision:9.3f} "
                     f"{s.recall:6.3f}")
    lines.append(f"(plus {common} common negatives; every text is scanned by every detector)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- XLSX

PIVOT_CACHE_DEFINITION = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 r:id="rId1" refreshOnLoad="1" recordCount="2">
 <cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Summary"/></cacheSource>
 <cacheFields count="2">
  <cacheField name="Name" numFmtId="0"><sharedItems count="2"><s v="{name1}"/><s v="{name2}"/></sharedItems></cacheField>
  <cacheField name="Amount" numFmtId="0"><sharedItems containsNumber="1" minValue="10" maxValue="20"/></cacheField>
 </cacheFields>
</pivotCacheDefinition>
"""
PIVOT_CACHE_RECORDS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">
 <r><x v="0"/><n v="10"/></r><r><x v="1"/><n v="20"/></r>
</pivotCacheRecords>
"""
PIVOT_CT = ('<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
            '<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"/>')
PIVOT_REL = ('<Relationship Id="rIdPivot1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/pivotCacheDefinition" '
             'Target="pivotCache/pivotCacheDefinition1.xml"/>')
PIVOT_DEF_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                  'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/pivotCacheRecords" '
                  'Target="pivotCacheRecords1.xml"/></Relationships>')


def make_xlsx(path: Path, *, hidden: bool = True, author: str = "Northshire OPCC") -> Path:
    """A workbook; with hidden=True it also has a hidden sheet, a very hidden sheet,
    a hidden column holding values, a cell comment and a pivot cache."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Category", "Amount"])
    summary.append(["Premises", 1263.61])
    summary.append(["Transport", 845.20])
    book.properties.creator = author
    book.properties.lastModifiedBy = author
    if hidden:
        staff = book.create_sheet("Staff")
        staff.append(["Name", "Email"])
        staff.append(["A Person", "a.person@example.com"])
        staff.sheet_state = "hidden"
        raw = book.create_sheet("Raw")
        raw.append(["Reference", "NI number"])
        raw.append(["R1", "QQ123456C"])
        raw.sheet_state = "veryHidden"
        summary["C1"] = "Notes"
        summary["C2"] = "call 07700 900123"
        summary.column_dimensions["C"].hidden = True
        summary["B3"].comment = Comment("Checked by finance", "Finance team")
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if hidden:
        data = add_pivot_cache(data, "Avery Quenby", "b.person@example.org")
    path.write_bytes(data)
    return path


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


R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def add_pivot_cache(xlsx: bytes, name1: str, name2: str) -> bytes:
    """Add a pivotCacheDefinition part (+ records, content types and relationships)."""
    return rezip(xlsx, {
        "[Content_Types].xml": (b"</Types>", PIVOT_CT.encode() + b"</Types>"),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>",
                                       PIVOT_REL.encode() + b"</Relationships>"),
        "xl/workbook.xml": (b"</workbook>", b"<pivotCaches><pivotCache " + R_NS
                            + b' cacheId="1" r:id="rIdPivot1"/></pivotCaches></workbook>'),
    }, {
        "xl/pivotCache/pivotCacheDefinition1.xml":
            PIVOT_CACHE_DEFINITION.replace("{name1}", name1).replace("{name2}", name2),
        "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_CACHE_RECORDS,
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": PIVOT_DEF_RELS,
    })


EXTERNAL_LINK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink '
                 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                 '<externalBook r:id="rId1"><sheetNames><sheetName val="Staff"/></sheetNames>'
                 '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str">'
                 '<v>{value}</v></cell></row></sheetData></sheetDataSet></externalBook>'
                 '</externalLink>')
EXTERNAL_LINK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                      'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                      'officeDocument/2006/relationships/externalLinkPath" '
                      'Target="file:///C:/Users/someone/Documents/Staff%20list.xlsx" '
                      'TargetMode="External"/></Relationships>')


def add_external_link(xlsx: bytes, cached_value: str) -> bytes:
    """A link to another workbook, with one cached cell, as Excel writes it."""
    return rezip(xlsx, {
        "[Content_Types].xml": (b"</Types>", (b'<Override PartName="/xl/externalLinks/'
                                b'externalLink1.xml" ContentType="application/vnd.openxml'
                                b'formats-officedocument.spreadsheetml.externalLink+xml"/>'
                                b"</Types>")),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>", (b'<Relationship Id="rIdExt1" '
                                       b'Type="http://schemas.openxmlformats.org/officeDocument/'
                                       b'2006/relationships/externalLink" Target="externalLinks/'
                                       b'externalLink1.xml"/></Relationships>')),
        "xl/workbook.xml": (b"<definedNames", b"<externalReferences><externalReference "
                            + R_NS + b' r:id="rIdExt1"/></externalReferences><definedNames'),
    }, {
        "xl/externalLinks/externalLink1.xml": EXTERNAL_LINK.replace("{value}", cached_value),
        "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS,
    })


def add_embedded_object(xlsx: bytes) -> bytes:
    return rezip(xlsx, {}, {"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 embedded"})


def make_xlsx_hidden_rows(path: Path) -> Path:
    """Rows 3-4 hidden and holding values; row 6 hidden but empty (not reported)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Spend"
    for row in (["Supplier", "Amount"], ["Acme Ltd", 500.0], ["Jo Bloggs", 612.5],
                ["DOB 12/03/1985", 700.0], ["Castle Ltd", 800.0]):
        sheet.append(row)
    for number in (3, 4, 6):
        sheet.row_dimensions[number].hidden = True
    book.properties.creator = "Northshire OPCC"
    book.save(path)
    return path


# --------------------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_XML = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">'
                '<w:comment w:id="0" w:author="A Reviewer" w:initials="AR" '
                'w:date="2026-01-05T10:00:00Z"><w:p><w:r><w:t>Ask the complainant on '
                '07700 900456 before publishing</w:t></w:r></w:p></w:comment></w:comments>')
COMMENTS_CT = ('<Override PartName="/word/comments.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>')
COMMENTS_REL = ('<Relationship Id="rIdComments1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/comments" Target="comments.xml"/>')
TRACKED_BODY = ('<w:p><w:r><w:t xml:space="preserve">The panel met on 12 March 2026. </w:t></w:r>'
                '<w:ins w:id="1" w:author="A Editor" w:date="2026-01-05T10:00:00Z"><w:r>'
                '<w:t>Added wording.</w:t></w:r></w:ins>'
                '<w:del w:id="2" w:author="A Editor" w:date="2026-01-05T10:00:00Z"><w:r>'
                '<w:delText>Complainant: jane.doe@example.com</w:delText></w:r></w:del></w:p>')
COMMENT_BODY = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Outcome: not upheld.</w:t></w:r>'
                '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')


def make_docx(path: Path, *, hidden: bool = True, author: str = "Northshire OPCC") -> Path:
    """A Word document; with hidden=True it also has a comment and tracked changes,
    written as the raw WordprocessingML that Word itself produces."""
    from docx import Document

    document = Document()
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    document.add_heading("Complaint review outcome", level=1)
    document.add_paragraph("The review was completed within 60 working days.")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Northshire OPCC - OFFICIAL"
    section.footer.paragraphs[0].text = "Page 1"
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if hidden:
        data = _add_docx_review_marks(data)
    path.write_bytes(data)
    return path


def _add_docx_review_marks(docx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", COMMENTS_CT.encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>",
                                    COMMENTS_REL.encode() + b"</Relationships>")
            elif info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", (TRACKED_BODY + COMMENT_BODY).encode()
                                    + b"<w:sectPr", 1)
            target.writestr(info, data)
        target.writestr("word/comments.xml", COMMENTS_XML)
    return out.getvalue()


TEMPLATE_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rIdTpl1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/attachedTemplate" '
                 'Target="file:///C:\\Users\\{user}\\AppData\\Roaming\\Microsoft\\Templates\\'
                 'OPCC%20letter.dotm" TargetMode="External"/></Relationships>')


def add_attached_template(docx: bytes, user: str) -> bytes:
    """Word records the template a document was made from, with its full path."""
    return rezip(docx, {"word/settings.xml": (b"</w:settings>", (b'<w:attachedTemplate '
                                              b'r:id="rIdTpl1"/></w:settings>'))},
                 {"word/_rels/settings.xml.rels": TEMPLATE_RELS.replace("{user}", user)})


# --------------------------------------------------------------------------- PDF

def make_pdf(path: Path, *, boxed_name: str | None = "Avery Quenby",
             author: str = "Northshire OPCC", white_heading: bool = True,
             invisible: str | None = None) -> Path:
    """A one-page PDF. boxed_name: drawn in black, then a black filled rectangle painted
    over it (a failed redaction). white_heading: white text on a dark banner, which must
    not count as hidden. invisible: text drawn in render mode 3 (no paint)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor(author)
    pdf.setTitle("Complaint review outcome")
    width, height = A4
    if white_heading:
        pdf.setFillColorRGB(0.11, 0.23, 0.42)
        pdf.rect(40, height - 90, width - 80, 40, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(50, height - 75, "Northshire OPCC: complaint review")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(50, height - 130, "The review was completed within 60 working days.")
    if boxed_name:
        pdf.drawString(50, height - 160, f"Complainant: {boxed_name}")
        pdf.rect(118, height - 164, 90, 16, stroke=0, fill=1)
    if invisible:
        text = pdf.beginText(50, height - 200)
        text.setTextRenderMode(3)
        text.textLine(invisible)
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return path


if __name__ == "__main__":
    print(table(score_corpus()))
