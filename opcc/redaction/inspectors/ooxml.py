"""Shared OOXML (DOCX, PPTX): the package's relationships, read once with their targets
resolved to part names; `Texts`, which sorts the texts of one place by kind (alt text,
links, field codes, markup) so a finding can say where in the markup a value sits; and small
XML helpers. Reading whole parts by kind is in ooxml_parts.py."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from opcc.redaction import CELL_SEPARATOR
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.package import RELATIONSHIPS, Package, local, part_rels

RELATIONSHIP_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                           "http://purl.oclc.org/ooxml/officeDocument/relationships")


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


def readable(texts: list[str]) -> str:
    """Separate values joined so that no detector reads across two of them (a '0' and the
    next id would otherwise pass for a phone number)."""
    return CELL_SEPARATOR.join(text for text in texts if not FORMAT_CODE.fullmatch(text))


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
