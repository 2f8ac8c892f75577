"""Shared OOXML (DOCX, PPTX): what each kind of part is worth, read whole. Any XML part,
legacy VML, pictures, property parts, custom XML data stores, links to outside files,
embedded objects and macros, and the parts no relationship reaches (orphans)."""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from lxml import etree

from opcc.redaction import PROTECTED_NAME, mask
from opcc.redaction.inspectors.image import inspect_image_bytes
from opcc.redaction.inspectors.inspection import (
    WARNING,
    Inspection,
    decode_text,
    looks_like_person,
)
from opcc.redaction.inspectors.ooxml import Relationship, Relationships, readable
from opcc.redaction.inspectors.package import (
    IMAGE_SUFFIXES,
    OTHER_PICTURES,
    RELATIONSHIPS,
    Package,
    file_name,
    local,
    xml_texts,
)

PROPERTY_PARTS = {"core-properties", "extended-properties", "custom-properties"}
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


def properties_part(inspection: Inspection, package: Package, part: str) -> None:
    """Document properties stored under another name than office_properties reads."""
    if part not in package.read_parts:
        scan_part(inspection, package, part, "in the document properties")


def scan_picture(inspection: Inspection, package: Package, part: str) -> None:
    """JPEG and PNG get the image check; SVG is text; other formats are inert if known."""
    lower = part.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        inspect_image_bytes(inspection, package.read(part), part)
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


def shared_kind(inspection: Inspection, package: Package, rel: Relationship,
                whole: dict[str, str]) -> None:
    """Read a part of a kind every OOXML format has: data stores, whole parts scanned as
    text, pictures, embedded files, macros, inert parts and properties. Any other kind is
    left unread, and Package.finish refuses it."""
    kind, part = rel.kind, rel.target
    if kind == "customXml":
        data_store(inspection, package, part)
    elif kind in whole:
        scan_part(inspection, package, part, whole[kind])
    elif kind in ("image", "thumbnail"):
        scan_picture(inspection, package, part)
    elif kind in EMBEDDED:
        embedded(inspection, package, rel, chart="/charts/" in f"/{rel.source}")
    elif kind == "vbaProject":
        macros(inspection, package, rel)
    elif kind in INERT_KINDS:
        package.account(part)
    elif kind in PROPERTY_PARTS:
        properties_part(inspection, package, part)


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
