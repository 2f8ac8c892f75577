"""DOCX and DOCM documents, read part by part: the body, headers, footers, notes, comments,
glossary, styles, settings, data stores, charts, SmartArt, pictures and embedded objects.

Parts are found by walking the package's relationships from its root, and each is read the
way its relationship type says. A part of a type this module does not know is left unread,
so `Package.finish` refuses it; a part no relationship reaches is reported too (Word ignores
it, but it travels with the file).

In a story part (body, header, footer, footnotes, endnotes, glossary) findings are placed by
paragraph ("word/document.xml paragraph 12"), counting every w:p of the part in document
order, table cells and text boxes included. Each paragraph's text, deleted text, field codes
and the attributes of its markup (alt text, link targets and tooltips, control tags, form
field defaults) are scanned, and its runs are checked for text that does not show: hidden
directly or through a paragraph, character or table style (following basedOn chains, the
default styles and the document defaults), white on white, or in a font of 1pt or less.

The relationship walk, `Texts` and the other shared OOXML helpers here are used by the
PPTX inspector as well.
"""

from __future__ import annotations

import contextlib
import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from lxml import etree

from ..redaction import CELL_SEPARATOR, PROTECTED_NAME, mask
from .inspection import WARNING, Inspection, decode_text, looks_like_person
from .package import (
    IMAGE_SUFFIXES,
    OTHER_PICTURES,
    RELATIONSHIPS,
    Package,
    file_name,
    local,
    office_properties,
    part_rels,
    xml_texts,
)

# Parts reviewed as holding no text anyone wrote: fonts, themes, layout-only settings and
# pictures in formats the gate cannot read text from (a PNG's pixels are not read either).
INERT = (
    r"\[Content_Types\]\.xml",
    r"word/(glossary/)?(fontTable|webSettings)\.xml",
    r"word/theme/theme(Override)?\d*\.xml",
    r"word/(glossary/)?fonts/[^/]+\.(odttf|ttf|otf|fntdata)",
    r"word/charts/(colors|style)\d*\.xml",
    r"word/printerSettings/printerSettings\d*\.bin",
    r"word/media/[^/]+\.(gif|bmp|tiff?|emf|wmf|emz|wmz|wdp|jxr)",
    r"docProps/thumbnail\.(emf|wmf)",
)


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        WordDocument(inspection, package).read()
        package.finish(INERT)


# --------------------------------------------------------------------------- shared OOXML

RELATIONSHIP_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                           "http://purl.oclc.org/ooxml/officeDocument/relationships")
PROPERTY_PARTS = {"core-properties", "extended-properties", "custom-properties"}


@dataclass(frozen=True)
class Relationship:
    source: str  # the part holding it; '' for the package itself
    id: str
    kind: str  # the last segment of its type: 'header', 'image', 'hyperlink'…
    target: str  # a part name, or the outside address as written
    external: bool


def resolve(source: str, target: str) -> str:
    """The part name a relative (or absolute) relationship target points to."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def rels_source(rels_name: str) -> str:
    """word/_rels/document.xml.rels -> word/document.xml; _rels/.rels -> ''."""
    path = PurePosixPath(rels_name)
    name = path.name[:-len(".rels")]
    if not name:
        return ""
    folder = path.parent.parent
    return name if str(folder) == "." else f"{folder}/{name}"


class Relationships:
    """Every part's relationships, read once, with targets resolved to part names."""

    def __init__(self, package: Package):
        self.package = package
        self._cache: dict[str, list[Relationship]] = {}
        self._names = {name.lower(): name for name in package.names}
        self.scanned: set[tuple[str, str]] = set()  # (source, id) of targets already scanned

    def of(self, source: str) -> list[Relationship]:
        if source not in self._cache:
            self._cache[source] = self._read(source)
        return self._cache[source]

    def by_id(self, source: str) -> dict[str, Relationship]:
        return {rel.id: rel for rel in self.of(source)}

    def first(self, source: str, kind: str) -> Relationship | None:
        return next((r for r in self.of(source) if r.kind == kind and not r.external), None)

    def _read(self, source: str) -> list[Relationship]:
        name = "_rels/.rels" if not source else part_rels(source)
        if not self.package.has(name):
            return []
        found = []
        for rel in self.package.relationships(name):
            external = rel["TargetMode"].lower() == "external"
            target = rel["Target"] if external else self.part_name(resolve(source, rel["Target"]))
            found.append(Relationship(source, rel["Id"], rel["Type"].rsplit("/", 1)[-1],
                                      target, external))
        return found

    def part_name(self, name: str) -> str:
        """Part names are case-insensitive in OOXML; zip names are not."""
        return self._names.get(name.lower(), name)

    def every_source(self) -> list[str]:
        return [rels_source(name) for name in self.package.names if RELATIONSHIPS.search(name)]


# Colours (E6EED5) and revision ids (00A1B2C3) fill the markup and can pass for postcodes
# or numbers; no personal value is six or eight hex digits, letters among them, alone.
FORMAT_CODE = re.compile(r"\s*(?=\d*[A-Fa-f])(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\s*")
# Elements whose attributes only set formatting (WordprocessingML and DrawingML run and
# paragraph properties): reading them would only slow the scan of a long document.
FORMATTING = {
    "rFonts", "b", "bCs", "i", "iCs", "sz", "szCs", "color", "lang", "spacing", "jc", "ind",
    "kern", "u", "vertAlign", "noProof", "highlight", "w", "position", "keepNext", "keepLines",
    "widowControl", "tab", "ilvl", "numId", "outlineLvl", "contextualSpacing", "snapToGrid",
    "textAlignment", "caps", "smallCaps", "strike", "dstrike", "vanish", "specVanish",
    "webHidden", "rtl", "cs", "shd", "tcW", "tblW", "gridCol", "trHeight", "tblInd", "tblLook",
    "top", "left", "bottom", "right", "start", "end", "insideH", "insideV", "pgSz", "pgMar",
    "cols", "docGrid", "off", "ext", "chOff", "chExt", "srgbClr", "schemeClr", "sysClr",
    "latin", "ea", "sym", "effectExtent", "fldChar", "tcMar", "tblCellMar", "vAlign",
    "gridSpan", "vMerge", "rPr", "pPr", "lumMod", "lumOff", "alpha", "tint", "shade",
}
REVISION_IDS = {"paraId", "textId", "anchorId", "editId"}
WHERE_ALT = "in alt text"
WHERE_LINK = "in a link"
WHERE_FIELD = "in a field code"
WHERE_DELETED = "in deleted text (a tracked change)"
WHERE_MARKUP = "in the document's markup (a control, form field, drawing or property)"
ALT_ATTRIBUTES = {"descr", "title", "alt"}
ALT_ELEMENTS = {"tblCaption", "tblDescription"}
LINK_ATTRIBUTES = {"anchor", "tooltip", "docLocation", "tgtFrame", "href", "action", "invalidUrl"}
FIELD_ATTRIBUTES = {"instr"}


@dataclass
class Texts:
    """The texts of one place (a paragraph, a slide…), each kept with what kind it is, so a
    finding can say "in alt text" or "in a link"."""

    links: dict[str, Relationship] = field(default_factory=dict)
    buckets: dict[str, list[str]] = field(default_factory=dict)
    used: list[Relationship] = field(default_factory=list)

    def add(self, where: str, text: str | None) -> None:
        if text and text.strip() and not FORMAT_CODE.fullmatch(text):
            self.buckets.setdefault(where, []).append(text)

    def attributes(self, element) -> None:
        """Every attribute value, by kind; a relationship id is replaced by its target.
        Formatting values (sizes, colours, fonts, revision ids) are passed over."""
        if not isinstance(element.tag, str):  # an XML comment or processing instruction
            return
        element_name = local(element.tag)
        if element_name in FORMATTING or not element.attrib:
            return
        for key, value in element.attrib.items():
            namespace, _, name = key.rpartition("}")
            if name.startswith("rsid") or name in REVISION_IDS:
                continue
            if namespace.lstrip("{") in RELATIONSHIP_NAMESPACES:
                self._relationship(value)
            elif name in ALT_ATTRIBUTES or element_name in ALT_ELEMENTS:
                self.add(WHERE_ALT, value)
            elif name in LINK_ATTRIBUTES:
                self.add(WHERE_LINK, value)
            elif name in FIELD_ATTRIBUTES:
                self.add(WHERE_FIELD, value)
            else:
                self.add(WHERE_MARKUP, value)

    def _relationship(self, rel_id: str) -> None:
        rel = self.links.get(rel_id)
        if rel is not None and rel.external:
            self.add(WHERE_LINK, rel.target)
            self.used.append(rel)

    def scan(self, inspection: Inspection, location: str, relationships: Relationships) -> None:
        for where, texts in self.buckets.items():
            inspection.scan(("\n" if where == "" else CELL_SEPARATOR).join(texts), location, where)
        relationships.scanned.update((rel.source, rel.id) for rel in self.used)

    def length(self, where: str = "") -> int:
        return sum(len(text) for text in self.buckets.get(where, []))


def scan_part(inspection: Inspection, package: Package, part: str, where: str,
              location: str | None = None, root=None) -> None:
    """Every text node and attribute value of an XML part, placed at the part (or location)."""
    root = package.xml(part) if root is None else root
    inspection.scan(readable(xml_texts(root)), location or part, where)


LOOSE_VALUE = re.compile(r"""=\s*"([^"]*)"|=\s*'([^']*)'|>([^<]+)<""")


def scan_loose_markup(inspection: Inspection, package: Package, part: str, where: str,
                      location: str | None = None) -> None:
    """Legacy VML is often not well-formed XML (Office reads it like old HTML): every
    attribute value and every text between tags is read without parsing it."""
    source = decode_text(package.read(part))
    values = [html.unescape(next(v for v in match.groups() if v is not None))
              for match in LOOSE_VALUE.finditer(source)]
    inspection.scan(readable([v for v in values if v.strip()]), location or part, where)


def readable(texts: list[str]) -> str:
    """Separate values joined so that no detector reads across two of them (a '0' and the
    next id would otherwise pass for a phone number)."""
    return CELL_SEPARATOR.join(text for text in texts if not FORMAT_CODE.fullmatch(text))


def properties_part(inspection: Inspection, package: Package, part: str) -> None:
    """Document properties stored under another name than office_properties reads."""
    if part not in package.read_parts:
        scan_part(inspection, package, part, "in the document properties")


def scan_picture(inspection: Inspection, package: Package, part: str) -> None:
    """JPEG and PNG get the image check; SVG is text; other formats are inert if known."""
    lower = part.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        inspection.image(package.read(part), part)
    elif lower.endswith(".svg"):
        scan_part(inspection, package, part, "in a picture")
    elif lower.endswith(OTHER_PICTURES):
        package.account(part)


CUSTOM_LABELLED = re.compile(r"(?i)author|owner|name|by$")  # office_properties judges these


def custom_property_people(inspection: Inspection, package: Package) -> None:
    """A custom property of any name whose value looks like a person's name is a warning."""
    part = "docProps/custom.xml"
    if not package.has(part):
        return
    for prop in package.xml(part):
        name = prop.get("name", "")
        value = " ".join("".join(prop.itertext()).split())
        if CUSTOM_LABELLED.search(name) or not looks_like_person(value, inspection.organisation):
            continue
        inspection.add("attachment.metadata", f"The custom document property '{name}' may "
                       f"name a person ({mask(value, PROTECTED_NAME)}).",
                       f"{part} property '{name}'", WARNING)


PERSON_FIELDS = {"DisplayName", "Author", "Editor"}  # SharePoint person columns in a data store


def data_store(inspection: Inspection, package: Package, part: str) -> None:
    """A custom XML data store: content-control values and SharePoint columns, which can
    hold more than the document shows."""
    root = package.xml(part)
    for element in root.iter():
        if local(element.tag) in PERSON_FIELDS and element.text and element.text.strip():
            column = _column(element)
            inspection.metadata(element.text, f"{part} column '{column}'", column)
    scan_part(inspection, package, part, "in a data store (content-control or SharePoint data)",
              root=root)


def _column(element) -> str:
    """The SharePoint column a person field belongs to: <CaseOfficer><UserInfo><DisplayName>."""
    parent = element.getparent()
    if parent is not None and local(parent.tag) == "UserInfo" and parent.getparent() is not None:
        return local(parent.getparent().tag)
    return local(element.tag)


_USER_FOLDER = re.compile(r"(?i)(?:[\\/]|^)(?:users|documents and settings|home)[\\/]([^\\/]+)")
EXTERNAL_KINDS = {"oleObject", "subDocument", "frame", "image", "package", "externalLink",
                  "mailMergeSource", "mailMergeHeaderSource", "video", "audio", "media",
                  "externalLinkPath"}


def external_relationships(inspection: Inspection, relationships: Relationships) -> None:
    """Every relationship target not already scanned in place; links to outside files are
    errors, and a path through a user's folder is a warning (it names the account)."""
    for source in relationships.every_source():
        for rel in relationships.of(source):
            location = f"{source or 'package'} relationship {rel.id}"
            if (rel.source, rel.id) not in relationships.scanned:
                inspection.scan(rel.target, location, "in a link or file path")
            if not rel.external:
                continue
            if rel.kind == "attachedTemplate":
                _template(inspection, rel.target, f"{source} template")
            elif rel.kind in EXTERNAL_KINDS:
                inspection.add("attachment.external-link", "The document links to an outside "
                               f"file ({file_name(rel.target)}).", location)
            elif _USER_FOLDER.search(unquote(rel.target)):
                inspection.add("attachment.metadata", "A link in the document points into a "
                               "user's folder, which usually identifies its owner.", location,
                               WARNING)


def _template(inspection: Inspection, target: str, location: str) -> None:
    """The attached template's path often holds the author's account folder."""
    if _USER_FOLDER.search(unquote(target)):
        inspection.add("attachment.metadata", "The document's template path names a user's "
                       "folder, which usually identifies the author.", location, WARNING)


EMBEDDED = {"oleObject": "an embedded object", "package": "an embedded file",
            "control": "an ActiveX control", "aFChunk": "a file imported into it when it opens",
            "video": "a video", "audio": "a sound", "media": "a video or sound"}


TEXT_CHUNKS = (".mht", ".mhtml", ".htm", ".html", ".xhtml", ".xml", ".txt", ".rtf")


def embedded(inspection: Inspection, package: Package, rel: Relationship, chart: bool) -> None:
    name = file_name(rel.target)
    if chart:
        what = f"a chart's data workbook ({name}), which can hold more than the chart shows"
    else:
        what = f"{EMBEDDED[rel.kind]} ({name})"
    inspection.add("attachment.embedded-object", f"The file holds {what}.", rel.target)
    if rel.target.lower().endswith(TEXT_CHUNKS):  # HTML or RTF Word imports: say what it holds
        text = html.unescape(decode_text(package.read(rel.target)))
        inspection.scan(text, rel.target, "in a file imported into the document")
    package.account(rel.target)


def macros(inspection: Inspection, package: Package, rel: Relationship) -> None:
    inspection.add("attachment.unknown-part", "The file holds macros "
                   f"({file_name(rel.target)}), which the gate cannot check.", rel.target)
    package.account(rel.target)


def orphans(inspection: Inspection, package: Package, reached: set[str],
            inert: tuple[str, ...], application: str) -> None:
    """Parts no relationship reaches: the application ignores them, but they travel with the
    file. Their text is scanned so the report can say what they hold."""
    patterns = [re.compile(p) for p in inert]
    for name in package.names:
        if (name in reached or name in package.read_parts or RELATIONSHIPS.search(name)
                or any(p.fullmatch(name) for p in patterns)):
            continue
        if name.lower().endswith(".xml"):
            with contextlib.suppress(etree.XMLSyntaxError):  # reported either way
                scan_part(inspection, package, name, "in a part the document does not use")
        inspection.add("attachment.unknown-part", f"The file holds a part {application} does "
                       f"not use ({PurePosixPath(name).name}): it is not shown, but it travels "
                       "with the file.", name)
        package.account(name)


def own_elements(element, boundary: str) -> Iterator:
    """The element and its descendants in document order, stopping at nested elements
    named `boundary` (a paragraph inside a text box is its own paragraph)."""
    if next(element.iterdescendants(boundary), None) is None:  # the usual case, at C speed
        yield from (e for e in element.iter() if isinstance(e.tag, str))
        return
    stack = [element]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for child in reversed(current)
                     if isinstance(child.tag, str) and child.tag != boundary)


def namespace(element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def on(element, ns: str) -> bool:
    """A toggle property's value: present without w:val, or with anything but false."""
    return element.get(f"{{{ns}}}val", "true").lower() not in ("0", "false", "off")


# --------------------------------------------------------------------------- styles

WHITE_FLOOR = 0xF8  # each channel at or above this reads as white on a white page
TINY = 2  # half-points: text of 1pt or less


@dataclass
class RunLook:
    """Formatting that decides whether a run's text shows; None where not set."""
    hidden: bool | None = None
    color: str | None = None
    size: int | None = None
    shaded: bool = False


def _colored(value: str | None) -> bool:
    return bool(value) and value.lower() not in ("auto", "ffffff", "none", "white", "clear")


def run_look(properties, ns: str) -> RunLook:
    look = RunLook()
    if properties is None:
        return look
    toggles = [e for e in properties if e.tag in (f"{{{ns}}}vanish", f"{{{ns}}}specVanish")]
    if toggles:
        look.hidden = any(on(e, ns) for e in toggles)
    color = properties.find(f"{{{ns}}}color")
    if color is not None:
        look.color = color.get(f"{{{ns}}}val", "").upper() or None
    size = properties.find(f"{{{ns}}}sz")
    if size is not None and size.get(f"{{{ns}}}val", "").isdigit():
        look.size = int(size.get(f"{{{ns}}}val"))
    shading = properties.find(f"{{{ns}}}shd")
    highlight = properties.find(f"{{{ns}}}highlight")
    look.shaded = ((shading is not None and _colored(shading.get(f"{{{ns}}}fill")))
                   or (highlight is not None and _colored(highlight.get(f"{{{ns}}}val"))))
    return look


@dataclass
class StyleLook:
    """A style's run formatting resolved through its basedOn chain, with the name of the
    style that set each property."""
    hidden: tuple[bool, str] | None = None
    color: tuple[str, str] | None = None
    size: tuple[int, str] | None = None
    shaded: bool = False
    background: bool = False  # paragraph or cell shading: text on it is not on white
    name: str = ""  # the style applied, which may inherit the property from another

    def hidden_reason(self) -> str | None:
        if not self.hidden or not self.hidden[0]:
            return None
        setter = self.hidden[1]
        inherited = f" (hidden in '{setter}', which it is based on)" if setter != self.name else ""
        return f"hidden through style '{self.name}'{inherited}"


class Styles:
    """styles.xml: each style's run formatting, resolved through basedOn chains."""

    MAX_CHAIN = 30

    def __init__(self, root=None):
        self.root = root
        self.ns = namespace(root) if root is not None else ""
        self.by_id: dict[str, object] = {}
        self.default: dict[str, str] = {}
        self._resolved: dict[str, StyleLook] = {}
        self.defaults = RunLook()
        if root is None:
            return
        ns = self.ns
        for style in root.iter(f"{{{ns}}}style"):
            style_id = style.get(f"{{{ns}}}styleId", "")
            self.by_id.setdefault(style_id, style)
            if on_default(style, ns):
                self.default.setdefault(style.get(f"{{{ns}}}type", "paragraph"), style_id)
        self.defaults = run_look(root.find(f"{{{ns}}}docDefaults/{{{ns}}}rPrDefault/"
                                           f"{{{ns}}}rPr"), ns)

    def name(self, style) -> str:
        name = style.find(f"{{{self.ns}}}name")
        if name is not None and name.get(f"{{{self.ns}}}val"):
            return name.get(f"{{{self.ns}}}val")
        return style.get(f"{{{self.ns}}}styleId", "")

    def chain(self, style_id: str) -> list:
        found, seen = [], set()
        while style_id and style_id not in seen and len(found) < self.MAX_CHAIN:
            style = self.by_id.get(style_id)
            if style is None:
                break
            seen.add(style_id)
            found.append(style)
            based = style.find(f"{{{self.ns}}}basedOn")
            style_id = based.get(f"{{{self.ns}}}val", "") if based is not None else ""
        return found

    def look(self, style_id: str | None) -> StyleLook:
        if not style_id or self.root is None:
            return StyleLook()
        if style_id not in self._resolved:
            self._resolved[style_id] = self._resolve(style_id)
        return self._resolved[style_id]

    def _resolve(self, style_id: str) -> StyleLook:
        chain = self.chain(style_id)
        resolved = StyleLook(name=self.name(chain[0]) if chain else style_id)
        for style in chain:
            name = self.name(style)
            own = run_look(style.find(f"{{{self.ns}}}rPr"), self.ns)
            if resolved.hidden is None and own.hidden is not None:
                resolved.hidden = (own.hidden, name)
            if resolved.hidden is None and self._conditional_hidden(style):
                resolved.hidden = (True, name)
            if resolved.color is None and own.color:
                resolved.color = (own.color, name)
            if resolved.size is None and own.size is not None:
                resolved.size = (own.size, name)
            resolved.shaded = resolved.shaded or own.shaded
            resolved.background = resolved.background or self._shading(style)
        return resolved

    def _conditional_hidden(self, style) -> bool:
        """A table style can hide text in some of its cells (first row, banded rows…)."""
        return any(run_look(properties, self.ns).hidden
                   for properties in style.iter(f"{{{self.ns}}}rPr")
                   if local(properties.getparent().tag) == "tblStylePr")

    def _shading(self, style) -> bool:
        return any(_colored(shading.get(f"{{{self.ns}}}fill"))
                   for shading in style.iter(f"{{{self.ns}}}shd")
                   if local(shading.getparent().tag) != "rPr")


def on_default(style, ns: str) -> bool:
    return style.get(f"{{{ns}}}default", "0").lower() in ("1", "true", "on")


def white(color: str | None) -> bool:
    if not color or not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    return all(int(color[i:i + 2], 16) >= WHITE_FLOOR for i in (0, 2, 4))


# --------------------------------------------------------------------------- the document

TRACKED = {"ins": "insertion", "del": "deletion", "moveFrom": "moved text (source)",
           "moveTo": "moved text (destination)", "rPrChange": "formatting change",
           "pPrChange": "formatting change", "sectPrChange": "formatting change",
           "tblPrChange": "formatting change", "trPrChange": "formatting change",
           "tcPrChange": "formatting change", "numberingChange": "numbering change",
           "cellIns": "inserted cell", "cellDel": "deleted cell"}
STORIES = {"officeDocument", "header", "footer", "footnotes", "endnotes", "glossaryDocument"}
WHOLE_PARTS = {
    "numbering": "in list numbering",
    "commentsExtended": "in comment data", "commentsIds": "in comment data",
    "commentsExtensible": "in comment data",
    "customXmlProps": "in a data store (content-control or SharePoint data)",
    "chart": "in a chart", "chartUserShapes": "in a chart",
    "diagramData": "in a SmartArt graphic", "diagramLayout": "in a SmartArt graphic",
    "diagramQuickStyle": "in a SmartArt graphic", "diagramColors": "in a SmartArt graphic",
    "diagramDrawing": "in a SmartArt graphic", "diagramLayoutHeader": "in a SmartArt graphic",
    "classificationlabels": "in the sensitivity label",
}
INERT_KINDS = {"theme", "themeOverride", "fontTable", "webSettings", "font", "printerSettings",
               "chartStyle", "chartColorStyle", "activeXControlBinary", "wordVbaData"}
@dataclass
class Placement:
    """Where a paragraph sits, for the runs' formatting: its style, table, shading."""
    style: str | None
    table_style: str | None
    background: bool


class WordDocument:
    """One DOCX/DOCM read in full: see the module docstring."""

    def __init__(self, inspection: Inspection, package: Package):
        self.inspection = inspection
        self.package = package
        self.relationships = Relationships(package)
        self.reached: set[str] = set()
        self.styles: dict[str, Styles] = {}
        self.main_styles = Styles()
        self.page_coloured = False

    def read(self) -> None:
        office_properties(self.inspection, self.package)
        custom_property_people(self.inspection, self.package)
        self.walk("")
        external_relationships(self.inspection, self.relationships)
        orphans(self.inspection, self.package, self.reached, INERT, "Word")

    def walk(self, source: str) -> None:
        for rel in self.relationships.of(source):
            if rel.external or rel.target in self.reached:
                continue
            self.reached.add(rel.target)
            if self.package.has(rel.target):
                self.handle(rel)
                self.walk(rel.target)

    def handle(self, rel: Relationship) -> None:
        kind, part = rel.kind, rel.target
        if kind in STORIES:
            self.story(part)
        elif kind == "comments":
            self.comments(part)
        elif kind in ("styles", "stylesWithEffects"):
            self.style_names(part)
        elif kind == "settings":
            self.settings(part)
        elif kind == "people":
            self.people(part)
        elif kind == "customXml":
            data_store(self.inspection, self.package, part)
        elif kind in WHOLE_PARTS:
            scan_part(self.inspection, self.package, part, WHOLE_PARTS[kind])
        elif kind in ("image", "thumbnail"):
            scan_picture(self.inspection, self.package, part)
        elif kind in EMBEDDED:
            embedded(self.inspection, self.package, rel, chart=self._from_chart(rel))
        elif kind == "vbaProject":
            macros(self.inspection, self.package, rel)
        elif kind in INERT_KINDS:
            self.package.account(part)
        elif kind in PROPERTY_PARTS:
            properties_part(self.inspection, self.package, part)
        # any other kind is left unread, and Package.finish refuses it

    def _from_chart(self, rel: Relationship) -> bool:
        return "/charts/" in f"/{rel.source}"

    # ----------------------------------------------------------------- styles

    def styles_of_part(self, part: str) -> Styles:
        if part not in self.styles:
            self.styles[part] = Styles(self.package.xml(part))
        return self.styles[part]

    def style_names(self, part: str) -> None:
        """Styles hold formatting; only their names, aliases and any text can be written by
        someone (the thousands of formatting values would only slow the scan)."""
        root = self.styles_of_part(part).root
        texts = [value for element in root.iter() if local(element.tag) in ("name", "aliases")
                 and local(element.getparent().tag) == "style" for value in element.attrib.values()]
        texts += [element.text for element in root.iter()
                  if isinstance(element.tag, str) and element.text and element.text.strip()]
        self.inspection.scan(readable(texts), part, "in the document's styles")

    def styles_for(self, story: str) -> Styles:
        """The body and glossary have their own styles; headers and notes use the body's."""
        rel = self.relationships.first(story, "styles")
        if rel is not None and self.package.has(rel.target):
            return self.styles_of_part(rel.target)
        return self.main_styles

    # ----------------------------------------------------------------- stories

    def story(self, part: str) -> None:
        root = self.package.xml(part)
        styles = self.styles_for(part)
        if local(root.tag) == "document":
            self.main_styles = styles
            self.page_coloured = _page_coloured(root)
        # a glossary holds building blocks, not pages: its formatting hides nothing
        story = Story(part, namespace(root), styles, self.relationships.by_id(part),
                      self.page_coloured or _shapes_behind_text(root),
                      local(root.tag) != "glossaryDocument")
        for number, paragraph in enumerate(root.iter(f"{{{story.ns}}}p"), 1):
            StoryParagraph(self, story, number, paragraph).read()
        self.part_markup(part, root, story.ns, story.links)

    def part_markup(self, part: str, root, ns: str, links) -> None:
        """What lies outside every paragraph: table and section properties, block-level
        content controls (tags, data bindings, list items), tracked table changes."""
        texts = Texts(links)
        changes = 0
        for element in own_elements(root, f"{{{ns}}}p"):
            texts.attributes(element)
            if local(element.tag) in TRACKED and namespace(element) == ns:
                changes += 1
            if element.text and element.text.strip():
                texts.add(WHERE_MARKUP, element.text)
        texts.scan(self.inspection, part, self.relationships)
        if changes:
            self.inspection.add("attachment.tracked-change", f"{changes} tracked change(s) to "
                                "tables or sections are still in the document.", part)

    # ----------------------------------------------------------------- other parts

    def comments(self, part: str) -> None:
        root = self.package.xml(part)
        ns = namespace(root)
        links = self.relationships.by_id(part)
        for number, comment in enumerate(root.iter(f"{{{ns}}}comment"), 1):
            location = f"{part} comment {number}"
            self.inspection.add("attachment.comment", f"Comment {number} is still in the "
                                "document.", location)
            text = "\n".join("".join(t.text or "" for t in p.iter(f"{{{ns}}}t"))
                             for p in comment.iter(f"{{{ns}}}p"))
            self.inspection.scan(text, location, "in a comment")
            self.inspection.scan(comment.get(f"{{{ns}}}author", ""), location,
                                 "as a comment's author")
            texts = Texts(links)
            for element in comment.iter():
                texts.attributes(element)
                if local(element.tag) != "t" and element.text and element.text.strip():
                    texts.add("in a comment", element.text)
            texts.scan(self.inspection, location, self.relationships)

    def settings(self, part: str) -> None:
        """Document variables hold text macros and templates stored; the rest (mail merge
        queries, the template, protection) is scanned as it stands."""
        root = self.package.xml(part)
        ns = namespace(root)
        for variable in root.iter(f"{{{ns}}}docVar"):
            name = variable.get(f"{{{ns}}}name", "")
            self.inspection.scan(f"{name}\n{variable.get(f'{{{ns}}}val', '')}",
                                 f"{part} document variable '{name}'", "in a document variable")
        rest = [text for child in root if local(child.tag) != "docVars"
                for text in xml_texts(child)]
        self.inspection.scan(readable(rest), part, "in the document settings")

    def people(self, part: str) -> None:
        """The reviewers Word remembers, even after their comments are deleted."""
        root = self.package.xml(part)
        for number, person in enumerate((e for e in root.iter() if local(e.tag) == "person"), 1):
            author = next((v for k, v in person.attrib.items() if k.endswith("author")), "")
            self.inspection.metadata(author, f"{part} person {number}", "reviewer")
        scan_part(self.inspection, self.package, part, "in the list of reviewers")



def _page_coloured(root) -> bool:
    background = next((e for e in root if local(e.tag) == "background"), None)
    if background is None:
        return False
    colour = next((v for k, v in background.attrib.items() if local(k) == "color"), "")
    return not white(colour.upper()) and colour.lower() != "auto"


def _shapes_behind_text(root) -> bool:
    """A picture or shape behind the text (a letterhead banner) can make white text show."""
    for element in root.iter():
        name = local(element.tag)
        if name == "anchor" and element.get("behindDoc", "0") in ("1", "true"):
            return True
        if name in ("pict", "background"):
            return True
    return False


@dataclass
class Story:
    """A story part (body, header, notes, glossary) as its paragraphs need it."""
    part: str
    ns: str
    styles: Styles
    links: dict[str, Relationship]
    shapes_behind: bool  # white text may show over a picture or shape
    pages: bool  # laid out on pages (not the glossary), so formatting can hide text


class StoryParagraph:
    """One paragraph of a story part: its texts scanned, its tracked changes and the text
    in it that does not show reported."""

    def __init__(self, document: WordDocument, story: Story, number: int, paragraph):
        self.document = document
        self.inspection = document.inspection
        self.story, self.number, self.paragraph = story, number, paragraph
        self.ns, self.styles = story.ns, story.styles
        self.location = f"{story.part} paragraph {number}"
        self.texts = Texts(story.links)

    def read(self) -> None:
        visible, fields, deleted, changes, runs = [], [], [], [], []
        for element in own_elements(self.paragraph, self.paragraph.tag):
            name = local(element.tag)
            self.texts.attributes(element)
            if name == "t":
                visible.append(element.text or "")
            elif name in ("tab", "ptab"):
                visible.append(" ")
            elif name in ("br", "cr"):
                visible.append("\n")
            elif name == "instrText":
                fields.append(element.text or "")
            elif name in ("delText", "delInstrText"):
                deleted.append(element.text or "")
            elif element.text and element.text.strip():
                self.texts.add(WHERE_MARKUP, element.text)
            if namespace(element) == self.ns:
                if name == "r":
                    runs.append(element)
                elif name in TRACKED:
                    changes.append(TRACKED[name])
        self._report_changes(changes)
        if self.story.pages:
            self._report_hidden(runs)
        self.inspection.scan("".join(visible), self.location)
        self.inspection.scan("".join(deleted), self.location, WHERE_DELETED)
        self.inspection.scan("".join(fields), self.location, WHERE_FIELD)
        self.texts.scan(self.inspection, self.location, self.document.relationships)

    def _report_changes(self, changes: list[str]) -> None:
        if changes:
            kinds = ", ".join(dict.fromkeys(changes))
            self.inspection.add("attachment.tracked-change", f"Paragraph {self.number} has "
                                f"{len(changes)} tracked change(s) still in the document "
                                f"({kinds}).", self.location)

    def _report_hidden(self, runs: list) -> None:
        context = self._context()
        reasons: dict[str, int] = {}
        for run in runs:
            text = "".join(e.text or "" for e in own_elements(run, self.paragraph.tag)
                           if local(e.tag) == "t")
            if not text.strip():
                continue
            reason = self._hidden_reason(run, context)
            if reason:
                reasons[reason] = reasons.get(reason, 0) + len(text)
        if reasons:
            parts = [f"{count} character(s) of text {reason}" for reason, count in reasons.items()]
            self.inspection.add("attachment.hidden-text", f"Paragraph {self.number} holds "
                                f"{' and '.join(parts)}.", self.location)

    def _context(self) -> Placement:
        ns = self.ns
        properties = self.paragraph.find(f"{{{ns}}}pPr")
        style = _val(properties, f"{{{ns}}}pStyle", ns) or self.styles.default.get("paragraph")
        background = False
        if properties is not None:
            shading = properties.find(f"{{{ns}}}shd")
            background = shading is not None and _colored(shading.get(f"{{{ns}}}fill"))
        table_style = None
        for ancestor in self.paragraph.iterancestors():
            name = local(ancestor.tag)
            if name in ("txbxContent", "textbox", "txbx"):
                background = True  # a shape's fill is not read: don't judge its colours
            elif name in ("tc", "tbl"):
                shading = ancestor.find(f"{{{ns}}}{name}Pr/{{{ns}}}shd")
                background = background or (shading is not None
                                            and _colored(shading.get(f"{{{ns}}}fill")))
                if name == "tbl" and table_style is None:
                    table_style = (_val(ancestor.find(f"{{{ns}}}tblPr"), f"{{{ns}}}tblStyle", ns)
                                   or self.styles.default.get("table"))
        return Placement(style, table_style, background)

    def _hidden_reason(self, run, context: Placement) -> str | None:
        ns, styles = self.ns, self.styles
        direct = run_look(run.find(f"{{{ns}}}rPr"), ns)
        character = styles.look(_val(run.find(f"{{{ns}}}rPr"), f"{{{ns}}}rStyle", ns)
                                or styles.default.get("character"))
        paragraph = styles.look(context.style)
        table = styles.look(context.table_style)
        layers = (character, paragraph, table)
        if direct.hidden is not None:
            if direct.hidden:
                return "formatted as hidden"
        else:
            for layer in layers:
                if layer.hidden_reason():
                    return layer.hidden_reason()
            shown = any(layer.hidden and not layer.hidden[0] for layer in layers)
            if styles.defaults.hidden and not shown:
                return "hidden through the document's default formatting"
        size = direct.size if direct.size is not None else _first(layers, "size",
                                                                   styles.defaults.size)
        if size is not None and size <= TINY:
            return "in a font of 1 point or less"
        if self._white_on_white(direct, layers, context):
            return "in white on a white background"
        return None

    def _white_on_white(self, direct: RunLook, layers, context: Placement) -> bool:
        color = direct.color or _first(layers, "color", self.styles.defaults.color)
        if not white(color) or self.story.shapes_behind or context.background or direct.shaded:
            return False
        return not any(layer.shaded or layer.background for layer in layers)


def _first(layers, name: str, default):
    for layer in layers:
        value = getattr(layer, name)
        if value is not None:
            return value[0]
    return default


def _val(parent, tag: str, ns: str) -> str | None:
    if parent is None:
        return None
    element = parent.find(tag)
    return element.get(f"{{{ns}}}val") if element is not None else None
