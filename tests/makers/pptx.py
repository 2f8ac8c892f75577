"""PPTX fixtures written part by part, as PowerPoint lays a presentation out (python-pptx is
not a dependency): speaker notes, hidden slides, classic and modern comments, hidden and
off-slide shapes, charts with their workbook, alt text and links, parts PowerPoint does not
use; and a rich clean presentation.

`Deck` builds the package; each maker re-opens the file with zipfile and lxml and asserts
the planted data is really where the maker says before any test relies on it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from makers.docx import ORGANISATION, png, rels_xml

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P188_NS = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
NS = f'xmlns:a="{A_NS}" xmlns:r="{R_NS}" xmlns:p="{P_NS}"'
NAMESPACES = {"p": P_NS, "a": A_NS, "r": R_NS, "c": C_NS, "p188": P188_NS}
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MODERN = "http://schemas.microsoft.com/office/2018/10/relationships"
PML = "application/vnd.openxmlformats-officedocument.presentationml"
TYPES = {
    "presentation": f"{PML}.presentation.main+xml", "slide": f"{PML}.slide+xml",
    "slideLayout": f"{PML}.slideLayout+xml", "slideMaster": f"{PML}.slideMaster+xml",
    "notesSlide": f"{PML}.notesSlide+xml", "notesMaster": f"{PML}.notesMaster+xml",
    "presProps": f"{PML}.presProps+xml", "viewProps": f"{PML}.viewProps+xml",
    "tableStyles": f"{PML}.tableStyles+xml", "comments": f"{PML}.comments+xml",
    "commentAuthors": f"{PML}.commentAuthors+xml",
    "modernComments": "application/vnd.ms-powerpoint.comments+xml",
    "authors": "application/vnd.ms-powerpoint.authors+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000
TREE_HEAD = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
             '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" '
             'y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
CLR_MAP = ('bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
           'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" '
           'hlink="hlink" folHlink="folHlink"')


# --------------------------------------------------------------------------- shapes

def run(text: str, size: int | None = None, link: str | None = None) -> str:
    size_xml = f' sz="{size}"' if size else ""
    link_xml = f'<a:hlinkClick r:id="{link}"/>' if link else ""
    properties = (f'<a:rPr lang="en-GB" dirty="0"{size_xml}>{link_xml}</a:rPr>' if link_xml
                  else f'<a:rPr lang="en-GB" dirty="0"{size_xml}/>')
    return f"<a:r>{properties}<a:t>{escape(text)}</a:t></a:r>"


def paragraphs(*lines: str) -> str:
    return "".join(f"<a:p>{run(line)}</a:p>" for line in lines)


def text_shape(shape_id: int, name: str, body: str, placeholder: str | None = None,
               box: tuple[int, int, int, int] | None = None, hidden: bool = False) -> str:
    ph = f'<p:nvPr><p:ph {placeholder}/></p:nvPr>' if placeholder else "<p:nvPr/>"
    hidden_xml = ' hidden="1"' if hidden else ""
    geometry = "<p:spPr/>"
    if box:
        x, y, cx, cy = box
        geometry = (f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
                    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>')
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(name)}"{hidden_xml}/>'
            f'<p:cNvSpPr/>{ph}</p:nvSpPr>{geometry}<p:txBody><a:bodyPr/><a:lstStyle/>{body}'
            '</p:txBody></p:sp>')


def picture(shape_id: int, rel_id: str, alt: str) -> str:
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id}" '
            f'descr="{escape(alt, {chr(34): "&quot;"})}"/><p:cNvPicPr><a:picLocks '
            'noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip '
            f'r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
            '<a:xfrm><a:off x="7000000" y="1800000"/><a:ext cx="3600000" cy="2160000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def table(shape_id: int, rows: list[tuple[str, ...]]) -> str:
    grid = "".join('<a:gridCol w="2400000"/>' for _ in rows[0])
    body = "".join('<a:tr h="370840">' + "".join(
        f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs(cell)}</a:txBody><a:tcPr/></a:tc>'
        for cell in row) + "</a:tr>" for row in rows)
    return (f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Table '
            f'{shape_id}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
            '</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="838200" '
            'y="1825625"/><a:ext cx="4800000" cy="1112520"/></p:xfrm><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr '
            f'firstRow="1" bandRow="1"/><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl>'
            '</a:graphicData></a:graphic></p:graphicFrame>')


def chart_frame(shape_id: int, rel_id: str) -> str:
    return (f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Chart '
            f'{shape_id}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off '
            'x="838200" y="1825625"/><a:ext cx="6000000" cy="4000000"/></p:xfrm><a:graphic>'
            f'<a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" r:id="{rel_id}"/>'
            '</a:graphicData></a:graphic></p:graphicFrame>')


def title_and_body(title: str, *lines: str) -> str:
    shapes = text_shape(2, "Title 1", paragraphs(title), 'type="title"')
    if lines:
        shapes += text_shape(3, "Content Placeholder 2", paragraphs(*lines), 'idx="1"')
    return shapes


# --------------------------------------------------------------------------- the package

@dataclass
class Slide:
    shapes: str
    hidden: bool = False
    notes: str | None = None
    rels: list[str] = field(default_factory=list)
    after_tree: str = ""  # cSld children after the shape tree (p:custDataLst…)


class Deck:
    """A presentation: slides (with notes, comments, pictures, links, charts) on one layout
    and master, a notes master, a theme and the usual properties parts."""

    def __init__(self, author: str = ORGANISATION):
        self.author = author
        self.layout = LAYOUT
        self.slides: list[Slide] = []
        self.order: list[int] | None = None  # file numbers in show order, if not 1..n
        self.parts: dict[str, str | bytes] = {}
        self.types: dict[str, str] = {}
        self.presentation_rels: list[str] = []

    def slide(self, shapes: str, *, hidden: bool = False, notes: str | None = None) -> int:
        self.slides.append(Slide(shapes, hidden, notes))
        return len(self.slides)

    def relate(self, number: int, rel_id: str, kind: str, target: str,
               external: bool = False) -> None:
        mode = ' TargetMode="External"' if external else ""
        self.slides[number - 1].rels.append(f'<Relationship Id="{rel_id}" Type="{kind}" '
                                            f'Target="{escape(target)}"{mode}/>')

    def part(self, name: str, data: str | bytes, kind: str | None = None) -> None:
        self.parts[name] = data
        if kind:
            self.types[name] = kind

    def picture(self, number: int, rel_id: str, name: str = "image1.png") -> None:
        self.part(f"ppt/media/{name}", png())
        self.relate(number, rel_id, f"{REL}/image", f"../media/{name}")

    def comment(self, number: int, text: str, author: str) -> None:
        """A classic comment, with its author in ppt/commentAuthors.xml."""
        self.part(f"ppt/comments/comment{number}.xml", f'{HEADER}<p:cmLst {NS}><p:cm authorId="0" '
                  'dt="2026-01-05T10:00:00.000" idx="1"><p:pos x="10" y="10"/><p:text>'
                  f'{escape(text)}</p:text></p:cm></p:cmLst>', TYPES["comments"])
        self.relate(number, "rIdComments1", f"{REL}/comments", f"../comments/comment{number}.xml")
        self.part("ppt/commentAuthors.xml", f'{HEADER}<p:cmAuthorLst {NS}><p:cmAuthor id="0" '
                  f'name="{escape(author)}" initials="HM" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>',
                  TYPES["commentAuthors"])
        self.presentation_rels.append(f'<Relationship Id="rIdAuthors1" Type="{REL}/commentAuthors" '
                                      'Target="commentAuthors.xml"/>')

    def modern_comment(self, number: int, text: str, reply: str, author: str,
                       user: str) -> str:
        """A threaded (modern) comment with one reply; its author in ppt/authors.xml."""
        author_id = "{8C1D2E3F-0A1B-4C5D-8E9F-0123456789AB}"
        name = f"ppt/comments/modernComment_{255 + number}_4C3B2A1D.xml"
        body = ('<p188:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>{}'
                '</a:t></a:r></a:p></p188:txBody>')
        self.part(name, f'{HEADER}<p188:cmLst xmlns:a="{A_NS}" xmlns:r="{R_NS}" xmlns:p188="'
                  f'{P188_NS}"><p188:cm id="{{3F2A1B0C-1111-4D2E-9A8B-76543210FEDC}}" authorId="'
                  f'{author_id}" created="2026-01-05T10:00:00.000"><p188:replyLst><p188:reply '
                  f'id="{{3F2A1B0C-2222-4D2E-9A8B-76543210FEDC}}" authorId="{author_id}" '
                  f'created="2026-01-06T09:00:00.000">{body.format(escape(reply))}</p188:reply>'
                  f'</p188:replyLst>{body.format(escape(text))}</p188:cm></p188:cmLst>',
                  TYPES["modernComments"])
        self.relate(number, "rIdModern1", f"{MODERN}/comments", "../comments/" + name.split("/")[-1])
        self.part("ppt/authors.xml", f'{HEADER}<p188:authorLst xmlns:a="{A_NS}" xmlns:r="{R_NS}" '
                  f'xmlns:p188="{P188_NS}"><p188:author id="{author_id}" name="{escape(author)}" '
                  f'initials="JB" userId="{escape(user)}" providerId="None"/></p188:authorLst>',
                  TYPES["authors"])
        self.presentation_rels.append(f'<Relationship Id="rIdAuthors2" Type="{MODERN}/authors" '
                                      'Target="authors.xml"/>')
        return name

    # ----------------------------------------------------------------- writing

    def build(self) -> bytes:
        self._fixed_parts()
        for number, slide in enumerate(self.slides, 1):
            self._slide(number, slide)
        self._presentation()
        types = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, kind in self.types.items())
        self.parts["[Content_Types].xml"] = (
            f'{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/><Default Extension="xlsx" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>'
            f'{types}</Types>')
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", self.parts.pop("[Content_Types].xml"))
            for name, data in self.parts.items():
                package.writestr(name, data)
        return out.getvalue()

    def _fixed_parts(self) -> None:
        self.part("_rels/.rels", rels_xml(
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="ppt/presentation.xml"/>',
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>',
            f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'))
        self.part("docProps/core.xml", core_properties(self.author), TYPES["core"])
        self.part("docProps/app.xml", app_properties(len(self.slides)), TYPES["app"])
        self.part("ppt/slideMasters/slideMaster1.xml", MASTER, TYPES["slideMaster"])
        self.part("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels_xml(
            f'<Relationship Id="rId1" Type="{REL}/slideLayout" Target="../slideLayouts/'
            'slideLayout1.xml"/>',
            f'<Relationship Id="rId2" Type="{REL}/theme" Target="../theme/theme1.xml"/>'))
        self.part("ppt/slideLayouts/slideLayout1.xml", self.layout, TYPES["slideLayout"])
        self.part("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels_xml(
            f'<Relationship Id="rId1" Type="{REL}/slideMaster" Target="../slideMasters/'
            'slideMaster1.xml"/>'))
        self.part("ppt/notesMasters/notesMaster1.xml", NOTES_MASTER, TYPES["notesMaster"])
        self.part("ppt/notesMasters/_rels/notesMaster1.xml.rels", rels_xml(
            f'<Relationship Id="rId1" Type="{REL}/theme" Target="../theme/theme2.xml"/>'))
        self.part("ppt/theme/theme1.xml", THEME, TYPES["theme"])
        self.part("ppt/theme/theme2.xml", THEME, TYPES["theme"])
        self.part("ppt/presProps.xml", f"{HEADER}<p:presentationPr {NS}/>", TYPES["presProps"])
        self.part("ppt/viewProps.xml", f'{HEADER}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft '
                  'sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr><p:gridSpacing '
                  'cx="72008" cy="72008"/></p:viewPr>', TYPES["viewProps"])
        self.part("ppt/tableStyles.xml", f'{HEADER}<a:tblStyleLst xmlns:a="{A_NS}" def="'
                  '{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>', TYPES["tableStyles"])

    def _slide(self, number: int, slide: Slide) -> None:
        show = ' show="0"' if slide.hidden else ""
        self.part(f"ppt/slides/slide{number}.xml", f'{HEADER}<p:sld {NS}{show}><p:cSld><p:spTree>'
                  f'{TREE_HEAD}{slide.shapes}</p:spTree>{slide.after_tree}</p:cSld>'
                  '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>', TYPES["slide"])
        rels = [(f'<Relationship Id="rId1" Type="{REL}/slideLayout" Target="../slideLayouts/'
                'slideLayout1.xml"/>'), *slide.rels]
        if slide.notes is not None:
            rels.append(f'<Relationship Id="rIdNotes1" Type="{REL}/notesSlide" Target="../'
                        f'notesSlides/notesSlide{number}.xml"/>')
            self._notes(number, slide.notes)
        self.part(f"ppt/slides/_rels/slide{number}.xml.rels", rels_xml(*rels))

    def _notes(self, number: int, notes: str) -> None:
        shapes = (text_shape(2, "Slide Image Placeholder 1", "<a:p/>", 'type="sldImg"')
                  + text_shape(3, "Notes Placeholder 2", paragraphs(*notes.split("\n")),
                               'type="body" idx="1"'))
        self.part(f"ppt/notesSlides/notesSlide{number}.xml", f'{HEADER}<p:notes {NS}><p:cSld>'
                  f'<p:spTree>{TREE_HEAD}{shapes}</p:spTree></p:cSld><p:clrMapOvr>'
                  '<a:masterClrMapping/></p:clrMapOvr></p:notes>', TYPES["notesSlide"])
        self.part(f"ppt/notesSlides/_rels/notesSlide{number}.xml.rels", rels_xml(
            f'<Relationship Id="rId1" Type="{REL}/notesMaster" Target="../notesMasters/'
            'notesMaster1.xml"/>',
            f'<Relationship Id="rId2" Type="{REL}/slide" Target="../slides/slide{number}.xml"/>'))

    def _presentation(self) -> None:
        order = self.order or list(range(1, len(self.slides) + 1))
        slide_ids = "".join(f'<p:sldId id="{255 + n}" r:id="rIdSlide{n}"/>' for n in order)
        self.part("ppt/presentation.xml", f'{HEADER}<p:presentation {NS} saveSubsetFonts="1">'
                  '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rIdMaster1"/>'
                  '</p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rIdNotesMaster1"/>'
                  f'</p:notesMasterIdLst><p:sldIdLst>{slide_ids}</p:sldIdLst><p:sldSz cx="'
                  f'{SLIDE_WIDTH}" cy="{SLIDE_HEIGHT}"/><p:notesSz cx="6858000" cy="9144000"/>'
                  '<p:defaultTextStyle/></p:presentation>', TYPES["presentation"])
        rels = [(f'<Relationship Id="rIdMaster1" Type="{REL}/slideMaster" Target="slideMasters/'
                'slideMaster1.xml"/>'),
                (f'<Relationship Id="rIdNotesMaster1" Type="{REL}/notesMaster" Target="notesMasters/'
                'notesMaster1.xml"/>'),
                *(f'<Relationship Id="rIdSlide{n}" Type="{REL}/slide" Target="slides/slide{n}.xml"/>'
                  for n in range(1, len(self.slides) + 1)),
                f'<Relationship Id="rIdPres1" Type="{REL}/presProps" Target="presProps.xml"/>',
                f'<Relationship Id="rIdView1" Type="{REL}/viewProps" Target="viewProps.xml"/>',
                f'<Relationship Id="rIdTheme1" Type="{REL}/theme" Target="theme/theme1.xml"/>',
                f'<Relationship Id="rIdTable1" Type="{REL}/tableStyles" Target="tableStyles.xml"/>',
                *dict.fromkeys(self.presentation_rels)]
        self.part("ppt/_rels/presentation.xml.rels", rels_xml(*rels))


def core_properties(author: str) -> str:
    return (f'{HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms='
            '"http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>Police and Crime Panel briefing</dc:title><dc:creator>{escape(author)}'
            f'</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T10:00:00Z</dcterms:created>'
            '</cp:coreProperties>')


def app_properties(slides: int) -> str:
    return (f'{HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Microsoft Office PowerPoint</Application>'
            f'<PresentationFormat>Widescreen</PresentationFormat><Slides>{slides}</Slides>'
            '<AppVersion>16.0000</AppVersion></Properties>')


LAYOUT = (f'{HEADER}<p:sldLayout {NS} type="obj" preserve="1"><p:cSld name="Title and Content">'
          f'<p:spTree>{TREE_HEAD}'
          + text_shape(2, "Title 1", paragraphs("Click to edit Master title style"), 'type="title"')
          + text_shape(3, "Content Placeholder 2", paragraphs("Click to edit Master text styles"),
                       'idx="1"')
          + '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')
MASTER = (f'{HEADER}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/>'
          f'</p:bgRef></p:bg><p:spTree>{TREE_HEAD}'
          + text_shape(2, "Title Placeholder 1", paragraphs("Click to edit Master title style"),
                       'type="title"', (838200, 365125, 10515600, 1325563))
          + text_shape(3, "Text Placeholder 2", paragraphs("Click to edit Master text styles"),
                       'type="body" idx="1"', (838200, 1825625, 10515600, 4351338))
          + text_shape(4, "Footer Placeholder 3", paragraphs("Northshire OPCC - OFFICIAL"),
                       'type="ftr" sz="quarter" idx="3"', (4038600, 6356350, 4114800, 365125))
          + f'</p:spTree></p:cSld><p:clrMap {CLR_MAP}/><p:sldLayoutIdLst><p:sldLayoutId '
          'id="2147483649" r:id="rId1"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle/>'
          '<p:bodyStyle/><p:otherStyle/></p:txStyles></p:sldMaster>')
NOTES_MASTER = (f'{HEADER}<p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr '
                f'val="bg1"/></p:bgRef></p:bg><p:spTree>{TREE_HEAD}'
                + text_shape(2, "Notes Placeholder 1", paragraphs("Click to edit Master text "
                                                                   "styles"), 'type="body" idx="1"')
                + f'</p:spTree></p:cSld><p:clrMap {CLR_MAP}/></p:notesMaster>')
_COLOURS = (("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
            ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
            ("dk2", '<a:srgbClr val="44546A"/>'), ("lt2", '<a:srgbClr val="E7E6E6"/>'),
            ("accent1", '<a:srgbClr val="4472C4"/>'), ("accent2", '<a:srgbClr val="ED7D31"/>'),
            ("accent3", '<a:srgbClr val="A5A5A5"/>'), ("accent4", '<a:srgbClr val="FFC000"/>'),
            ("accent5", '<a:srgbClr val="5B9BD5"/>'), ("accent6", '<a:srgbClr val="70AD47"/>'),
            ("hlink", '<a:srgbClr val="0563C1"/>'), ("folHlink", '<a:srgbClr val="954F72"/>'))
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="6350">{_FILL}</a:ln>'
THEME = (f'{HEADER}<a:theme xmlns:a="{A_NS}" name="Office Theme"><a:themeElements>'
         '<a:clrScheme name="Office">' + "".join(f"<a:{n}>{c}</a:{n}>" for n, c in _COLOURS)
         + '</a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri '
         'Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin '
         'typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
         f'<a:fmtScheme name="Office"><a:fillStyleLst>{_FILL * 3}</a:fillStyleLst><a:lnStyleLst>'
         f'{_LINE * 3}</a:lnStyleLst><a:effectStyleLst>'
         + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
         + f'</a:effectStyleLst><a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst></a:fmtScheme>'
         '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')


# --------------------------------------------------------------------------- reading back

def part_xml(path: Path, name: str):
    """The independent reader: one part parsed by lxml straight from the zip."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def texts(path: Path, name: str) -> str:
    return "\n".join(t.text or "" for t in part_xml(path, name).iter(f"{{{A_NS}}}t"))


def slide_in_show_order(path: Path, position: int) -> str:
    """The slide part shown at a position, read through sldIdLst and the relationships."""
    presentation = part_xml(path, "ppt/presentation.xml")
    rel_id = presentation.xpath("//p:sldId/@r:id", namespaces=NAMESPACES)[position - 1]
    rels = part_xml(path, "ppt/_rels/presentation.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
    return f"ppt/{target}"


def write(path: Path, deck: Deck) -> Path:
    path.write_bytes(deck.build())
    return path


# --------------------------------------------------------------------------- speaker notes

def notes_email(path: Path) -> Path:
    """Slide 2's speaker notes hold a complainant's email address."""
    deck = Deck()
    deck.slide(title_and_body("Complaints review", "Outcome of the review"))
    deck.slide(title_and_body("Next steps", "Publish the findings"),
               notes="Remember to reply to jane.doe@example.com before the panel.")
    write(path, deck)
    assert "jane.doe@example.com" in texts(path, "ppt/notesSlides/notesSlide2.xml")
    assert "notesSlide2.xml" in str(part_xml(path, "ppt/slides/_rels/slide2.xml.rels")
                                    .xpath("//@Target"))
    return path


def notes_phone(path: Path) -> Path:
    """Slide 3's notes, over two paragraphs, give a victim's mobile number and a
    protected name; slide 1's notes are harmless."""
    deck = Deck()
    deck.slide(title_and_body("Victims' services"), notes="Welcome everyone.")
    deck.slide(title_and_body("Funding", "Grants awarded: 14"))
    deck.slide(title_and_body("Case study"),
               notes="Case study is Avery Quenby.\nMobile 07700 900123, do not share.")
    write(path, deck)
    notes = texts(path, "ppt/notesSlides/notesSlide3.xml")
    assert "07700 900123" in notes and "Avery Quenby" in notes
    return path


# --------------------------------------------------------------------------- hidden slides

def hidden_slide_personal(path: Path) -> Path:
    """Slide 2 is hidden (show="0") and lists an NI number."""
    deck = Deck()
    deck.slide(title_and_body("Budget 2026/27", "Precept increase of 2.9%"))
    deck.slide(title_and_body("Backup: staff detail", "Payroll check QQ123456C"), hidden=True)
    deck.slide(title_and_body("Questions"))
    write(path, deck)
    assert part_xml(path, "ppt/slides/slide2.xml").get("show") == "0"
    assert "QQ123456C" in texts(path, "ppt/slides/slide2.xml")
    return path


def hidden_slide_reordered(path: Path) -> Path:
    """Three slides shown in the order slide2.xml, slide3.xml, slide1.xml: the hidden one,
    slide1.xml, is the third slide of the show. It holds nothing personal."""
    deck = Deck()
    deck.slide(title_and_body("Draft options we rejected", "Option C: close two front counters"),
               hidden=True)
    deck.slide(title_and_body("Estates strategy", "Three stations refurbished"))
    deck.slide(title_and_body("Timeline", "Consultation closes in June"))
    deck.order = [2, 3, 1]
    write(path, deck)
    assert slide_in_show_order(path, 3) == "ppt/slides/slide1.xml"
    assert part_xml(path, "ppt/slides/slide1.xml").get("show") == "0"
    return path


# --------------------------------------------------------------------------- comments

def classic_comment(path: Path) -> Path:
    """A classic comment on slide 1 giving a phone number; its author, a person, is listed
    in ppt/commentAuthors.xml."""
    deck = Deck()
    deck.slide(title_and_body("Stop and search", "Searches fell by 12%"))
    deck.comment(1, "Check with the officer on 07700 900456 first", "Helena Marchbank")
    write(path, deck)
    comment = part_xml(path, "ppt/comments/comment1.xml")
    assert comment.findtext(f"{{{P_NS}}}cm/{{{P_NS}}}text").endswith("07700 900456 first")
    authors = part_xml(path, "ppt/commentAuthors.xml")
    assert authors[0].get("name") == "Helena Marchbank"
    return path


def modern_comment(path: Path) -> Path:
    """A threaded comment on slide 2 whose reply gives an email address; the author list
    (ppt/authors.xml) names the author and keeps their sign-in address."""
    deck = Deck()
    deck.slide(title_and_body("Community safety", "Funding for 12 projects"))
    deck.slide(title_and_body("Youth diversion", "Referrals up by a third"))
    name = deck.modern_comment(2, "Is this figure final?", "Yes, confirmed by "
                               "b.person@example.org", "Jo Bloggs", "jo.bloggs@example.com")
    write(path, deck)
    comment = part_xml(path, name)
    assert comment.xpath("string(//p188:reply//a:t)", namespaces=NAMESPACES).endswith(
        "b.person@example.org")
    author = part_xml(path, "ppt/authors.xml")[0]
    assert (author.get("name"), author.get("userId")) == ("Jo Bloggs", "jo.bloggs@example.com")
    return path


# --------------------------------------------------------------------------- shapes

def hidden_and_offslide_shapes(path: Path) -> Path:
    """Slide 1 has a text box hidden in the Selection Pane; slide 2 has a text box placed to
    the right of the slide, where the slideshow never shows it."""
    deck = Deck()
    deck.slide(title_and_body("Estates") + text_shape(
        4, "TextBox 3", paragraphs("Landlord contact a.person@example.com"),
        box=(838200, 4000000, 6000000, 400000), hidden=True))
    deck.slide(title_and_body("Fleet") + text_shape(
        4, "TextBox 3", paragraphs("Driver NI QQ123456C"),
        box=(SLIDE_WIDTH + 500000, 1000000, 3000000, 400000)))
    write(path, deck)
    hidden = part_xml(path, "ppt/slides/slide1.xml").xpath("//p:cNvPr[@hidden='1']/@name",
                                                           namespaces=NAMESPACES)
    assert hidden == ["TextBox 3"]
    offset = part_xml(path, "ppt/slides/slide2.xml").xpath(
        "//p:sp[p:nvSpPr/p:cNvPr/@name='TextBox 3']/p:spPr/a:xfrm/a:off/@x", namespaces=NAMESPACES)
    assert int(offset[0]) > SLIDE_WIDTH
    return path


# --------------------------------------------------------------------------- charts, links

CHART = (f'{HEADER}<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}"><c:chart>'
         '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
         '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f>'
         '<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>Cases</c:v></c:pt></c:strCache>'
         '</c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache><c:ptCount '
         'val="2"/><c:pt idx="0"><c:v>Q1</c:v></c:pt><c:pt idx="1"><c:v>Raised by '
         'jane.doe@example.com</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef>'
         '<c:f>Sheet1!$B$2:$B$3</c:f><c:numCache><c:ptCount val="2"/><c:pt idx="0"><c:v>4</c:v>'
         '</c:pt><c:pt idx="1"><c:v>1</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>'
         '<c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart><c:externalData '
         'r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>')


def workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Quarter", "Cases"])
    book.active.append(["Q1", 4])
    book.properties.creator = ORGANISATION
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chart_with_workbook(path: Path) -> Path:
    """Slide 1 holds a chart whose category cache names a complainant's mailbox; its data
    is an embedded workbook, as PowerPoint stores every chart's data."""
    deck = Deck()
    deck.slide(title_and_body("Complaints by quarter") + chart_frame(4, "rIdChart1"))
    deck.relate(1, "rIdChart1", f"{REL}/chart", "../charts/chart1.xml")
    deck.part("ppt/charts/chart1.xml", CHART, TYPES["chart"])
    deck.part("ppt/charts/_rels/chart1.xml.rels", rels_xml(
        f'<Relationship Id="rId1" Type="{REL}/package" Target="../embeddings/Microsoft_Excel_'
        'Worksheet.xlsx"/>'))
    deck.part("ppt/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook())
    write(path, deck)
    cache = part_xml(path, "ppt/charts/chart1.xml").xpath("//c:cat//c:v/text()",
                                                          namespaces=NAMESPACES)
    assert cache == ["Q1", "Raised by jane.doe@example.com"]
    with zipfile.ZipFile(path) as package:
        embedded = package.read("ppt/embeddings/Microsoft_Excel_Worksheet.xlsx")
    assert zipfile.ZipFile(io.BytesIO(embedded)).namelist()
    return path


def alt_text_and_link(path: Path) -> Path:
    """Slide 1's picture has alt text with a phone number; slide 2 links the words 'the
    officer' to a person's mailto: address."""
    deck = Deck()
    deck.slide(title_and_body("New station") + picture(4, "rIdImage1",
                                                        "Photo taken by 07700 900123"))
    deck.picture(1, "rIdImage1")
    deck.slide(title_and_body("Contact") + text_shape(
        4, "TextBox 3", f'<a:p>{run("Write to ")}{run("the officer", link="rIdLink1")}</a:p>',
        box=(838200, 4000000, 6000000, 400000)))
    deck.relate(2, "rIdLink1", f"{REL}/hyperlink", "mailto:jo.bloggs@example.com", external=True)
    write(path, deck)
    assert part_xml(path, "ppt/slides/slide1.xml").xpath("//p:pic/p:nvPicPr/p:cNvPr/@descr",
                                                         namespaces=NAMESPACES) == [
        "Photo taken by 07700 900123"]
    assert "mailto:jo.bloggs@example.com" in part_xml(
        path, "ppt/slides/_rels/slide2.xml.rels").xpath("//@Target")
    assert "jo.bloggs" not in texts(path, "ppt/slides/slide2.xml")
    return path


# --------------------------------------------------------------------------- layouts, tags

def layout_text(path: Path) -> Path:
    """The slide layout's body placeholder prompt was overwritten with a contact line that
    every slide built on it would offer."""
    deck = Deck()
    deck.layout = LAYOUT.replace("Click to edit Master text styles",
                                 "Duty inspector: 07700 900456")
    deck.slide(title_and_body("Custody visiting"))
    write(path, deck)
    assert "07700 900456" in texts(path, "ppt/slideLayouts/slideLayout1.xml")
    return path


TAGS_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.tags+xml"


def tagged_slide(path: Path) -> Path:
    """An add-in stored data as a tag on slide 1 (ppt/tags/tag1.xml): an email address."""
    deck = Deck()
    deck.slide(title_and_body("Survey results"))
    deck.relate(1, "rIdTags1", f"{REL}/tags", "../tags/tag1.xml")
    deck.part("ppt/tags/tag1.xml", f'{HEADER}<p:tagLst {NS}><p:tag name="SURVEYOWNER" '
              'val="a.person@example.com"/></p:tagLst>', TAGS_TYPE)
    deck.slides[0].after_tree = '<p:custDataLst><p:tags r:id="rIdTags1"/></p:custDataLst>'
    write(path, deck)
    tag = part_xml(path, "ppt/tags/tag1.xml")[0]
    assert tag.get("val") == "a.person@example.com"
    assert part_xml(path, "ppt/slides/slide1.xml").xpath("//p:custDataLst/p:tags/@r:id",
                                                         namespaces=NAMESPACES) == ["rIdTags1"]
    return path


def custom_properties(path: Path) -> Path:
    """docProps/custom.xml with a 'Presenter' property naming a person and a 'Contact'
    property giving an email address."""
    from makers.docx import custom_property, with_custom_properties

    deck = Deck()
    deck.slide(title_and_body("Annual report"))
    path.write_bytes(with_custom_properties(
        deck.build(), custom_property(2, "Presenter", "Helena Marchbank"),
        custom_property(3, "Contact", "jane.doe@example.com")))
    found = {p.get("name"): "".join(p.itertext()) for p in part_xml(path, "docProps/custom.xml")}
    assert found == {"Presenter": "Helena Marchbank", "Contact": "jane.doe@example.com"}
    return path


# --------------------------------------------------------------------------- unknown parts

def orphan_slide(path: Path) -> Path:
    """ppt/slides/slide9.xml: a slide left in the package that no relationship reaches (so
    PowerPoint never shows it), holding an email address."""
    deck = Deck()
    deck.slide(title_and_body("Annual report"))
    deck.part("ppt/slides/slide9.xml", f'{HEADER}<p:sld {NS}><p:cSld><p:spTree>{TREE_HEAD}'
              + title_and_body("Old draft", "Contact b.person@example.org")
              + '</p:spTree></p:cSld></p:sld>')
    write(path, deck)
    assert "ppt/slides/slide9.xml" in part_names(path)
    assert "slides/slide9.xml" not in part_xml(path, "ppt/_rels/presentation.xml.rels").xpath(
        "//@Target")
    return path


WEB_EXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"


def unknown_relationship_part(path: Path) -> Path:
    """A content add-in on slide 1 (ppt/webextensions/webextension1.xml), related by a type
    the inspector does not read."""
    deck = Deck()
    deck.slide(title_and_body("Live data"))
    deck.relate(1, "rIdAddin1", WEB_EXTENSION, "../webextensions/webextension1.xml")
    deck.part("ppt/webextensions/webextension1.xml", f'{HEADER}<we:webextension xmlns:we="http://'
              'schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{1A2B3C4D-'
              '0000-4000-8000-000000000001}"><we:reference id="wa104381909" version="1.0.0.0" '
              'store="en-GB" storeType="OMEX"/><we:properties><we:property name="sheet" '
              'value="&quot;Caseload&quot;"/></we:properties></we:webextension>',
              "application/vnd.ms-office.webextension+xml")
    write(path, deck)
    assert WEB_EXTENSION in part_xml(path, "ppt/slides/_rels/slide1.xml.rels").xpath("//@Type")
    assert "ppt/webextensions/webextension1.xml" in part_names(path)
    return path


# --------------------------------------------------------------------------- rich and clean

def rich_clean(path: Path) -> Path:
    """A presentation as an office publishes it, with nothing hidden and nothing personal: a
    title slide, a content slide with a picture (alt text) and a link to the office's policy
    page, a table slide, harmless speaker notes, a master with a footer, a notes master,
    theme, table styles and view properties."""
    deck = Deck()
    deck.slide(text_shape(2, "Title 1", paragraphs("Police and Crime Plan 2025-2029"),
                          'type="ctrTitle"')
               + text_shape(3, "Subtitle 2", paragraphs("Briefing for the Police and Crime Panel"),
                            'type="subTitle" idx="1"'),
               notes="Thank the panel for attending.")
    deck.slide(title_and_body("Our priorities", "Neighbourhood policing", "Victims and witnesses",
                              "Road safety")
               + picture(4, "rIdImage1", "Map of the county's four policing areas")
               + text_shape(5, "TextBox 4", f'<a:p>{run("Read the ")}'
                            f'{run("complaints policy", link="rIdLink1")}</a:p>',
                            box=(838200, 5600000, 6000000, 400000)),
               notes="Spend two minutes on each priority.\nTake questions at the end.")
    deck.picture(2, "rIdImage1")
    deck.relate(2, "rIdLink1", f"{REL}/hyperlink", "https://www.example.org/policy", external=True)
    deck.slide(title_and_body("Complaints handled")
               + table(4, [("Quarter", "Complaints"), ("Q1", "41"), ("Q2", "37")]))
    write(path, deck)
    assert texts(path, "ppt/notesSlides/notesSlide1.xml") == "Thank the panel for attending."
    assert part_xml(path, "ppt/slides/slide2.xml").xpath("//p:cNvPr/@descr",
                                                         namespaces=NAMESPACES)
    assert "https://www.example.org/policy" in part_xml(
        path, "ppt/slides/_rels/slide2.xml.rels").xpath("//@Target")
    assert "Complaints" in texts(path, "ppt/slides/slide3.xml")
    return path
