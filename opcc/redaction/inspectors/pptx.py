"""PPTX and PPTM presentations, read part by part: slides, speaker notes, comments and
their authors, layouts and masters, charts, SmartArt, tags, pictures and embedded files.

The parts are found by walking the relationships from the package root (as for DOCX, with
the helpers in `ooxml` and `ooxml_parts`), slides first in the order the presentation shows
them, so a slide's notes, comments and charts are placed by its number: "slide 3",
"slide 3 notes", "slide 3 comment 1", "slide 3 chart". Hidden slides, hidden shapes, shapes
lying outside the slide and text in a font of 1pt or less are errors; speaker notes are
scanned, not reported for being there (they are how a presenter works).
"""

from __future__ import annotations

import re

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.ooxml import Relationship, Relationships, Texts
from opcc.redaction.inspectors.ooxml_parts import (
    WHOLE_PARTS,
    custom_property_people,
    external_relationships,
    orphans,
    scan_loose_markup,
    scan_part,
    shared_kind,
)
from opcc.redaction.inspectors.package import Package, local, office_properties

INERT = (
    r"\[Content_Types\]\.xml",
    r"ppt/theme/theme(Override)?\d*\.xml",
    r"ppt/fonts/[^/]+\.(fntdata|odttf|ttf|otf)",
    r"ppt/printerSettings/printerSettings\d*\.bin",
    r"ppt/charts/(colors|style)\d*\.xml",
    r"ppt/media/[^/]+\.(gif|bmp|tiff?|emf|wmf|emz|wmz|wdp|jxr)",
    r"docProps/thumbnail\.(emf|wmf)",
)
WHOLE = {
    **WHOLE_PARTS,
    "presProps": "in the presentation settings", "viewProps": "in the presentation settings",
    "tableStyles": "in the table styles", "tags": "in a tag (add-in data)",
    "revisionInfo": "in the revision information", "changesInfo": "in the record of changes",
}
MASTERS = {"slideMaster": "slide master", "slideLayout": "slide layout",
           "notesMaster": "notes master", "handoutMaster": "handout master"}
TINY = 100  # hundredths of a point: text of 1pt or less
SHAPES = {"sp", "grpSp", "graphicFrame", "pic", "cxnSp", "contentPart"}


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        Presentation(inspection, package).read()
        package.finish(INERT)


def _off(value: str | None) -> bool:
    return (value or "").lower() in ("0", "false", "off")


def _on(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "on")


def _number(part: str) -> str:
    found = re.search(r"(\d+)\.xml$", part)
    return found.group(1) if found else ""


def paragraph_text(paragraph) -> str:
    return "".join("\n" if local(e.tag) == "br" else (e.text or "")
                   for e in paragraph.iter() if local(e.tag) in ("t", "br"))


class Presentation:
    """One PPTX/PPTM read in full: see the module docstring."""

    def __init__(self, inspection: Inspection, package: Package):
        self.inspection = inspection
        self.package = package
        self.relationships = Relationships(package)
        self.reached: set[str] = set()
        self.slide_numbers: dict[str, int] = {}
        self.size: tuple[int, int] | None = None

    def read(self) -> None:
        office_properties(self.inspection, self.package)
        custom_property_people(self.inspection, self.package)
        main = self.relationships.first("", "officeDocument")
        if main is not None and self.package.has(main.target):
            self.reached.add(main.target)
            self.presentation(main.target)
        self.walk("", "")
        external_relationships(self.inspection, self.relationships)
        orphans(self.inspection, self.package, self.reached, INERT, "PowerPoint")

    def presentation(self, part: str) -> None:
        root = self.package.xml(part)
        links = self.relationships.by_id(part)
        for element in root.iter():
            name = local(element.tag)
            if name == "sldId":
                rel = links.get(_relationship_id(element))
                if rel is not None:
                    self.slide_numbers.setdefault(rel.target, len(self.slide_numbers) + 1)
            elif name == "sldSz":
                self.size = (int(element.get("cx", "0")), int(element.get("cy", "0")))
        scan_part(self.inspection, self.package, part, "in the presentation settings", root=root)
        slides = [rel for rel in self.relationships.of(part) if rel.target in self.slide_numbers]
        for rel in sorted(slides, key=lambda r: self.slide_numbers[r.target]):
            self.visit(rel, "")
        self.walk(part, "")

    def walk(self, source: str, owner: str) -> None:
        for rel in self.relationships.of(source):
            self.visit(rel, owner)

    def visit(self, rel: Relationship, owner: str) -> None:
        if rel.external or rel.target in self.reached or not self.package.has(rel.target):
            return
        self.reached.add(rel.target)
        self.walk(rel.target, self.handle(rel, owner))

    def handle(self, rel: Relationship, owner: str) -> str:
        """Read one part; returns the location its own related parts are placed under."""
        kind, part = rel.kind, rel.target
        if kind == "slide":
            return self.slide(part)
        if kind == "notesSlide":
            location = f"{owner} notes" if owner else part
            self.drawing(part, location)
            return location
        if kind in MASTERS:
            location = f"{MASTERS[kind]} {_number(part)}".strip()
            self.drawing(part, location)
            return location
        if kind == "comments":
            self.comments(part, owner or part)
        elif kind in ("commentAuthors", "authors"):
            self.authors(part)
        elif kind in ("chart", "chartUserShapes"):
            scan_part(self.inspection, self.package, part, WHOLE[kind],
                      f"{owner} chart" if owner else part)
        elif kind.startswith("diagram") and kind in WHOLE:
            scan_part(self.inspection, self.package, part, WHOLE[kind],
                      f"{owner} SmartArt" if owner else part)
        elif kind == "vmlDrawing":
            scan_loose_markup(self.inspection, self.package, part, "in a drawing")
        else:
            shared_kind(self.inspection, self.package, rel, WHOLE)
        return owner

    # ----------------------------------------------------------------- slides

    def slide(self, part: str) -> str:
        number = self.slide_numbers.get(part)
        location = f"slide {number}" if number else part
        root = self.package.xml(part)
        texts = self.drawing(part, location, root)
        if _off(root.get("show")):
            self.inspection.add("attachment.hidden-slide", f"Slide {number or '?'} is hidden: "
                                "it is skipped in the slideshow but is still in the file "
                                f"({texts.length()} character(s) of text).", location)
        self.hidden_shapes(root, location)
        self.outside_shapes(root, location)
        return location

    def drawing(self, part: str, location: str, root=None) -> Texts:
        """Scan a slide-like part: each paragraph's text, alt text, link targets, the rest
        of the markup; and report text set in a font of 1pt or less."""
        root = self.package.xml(part) if root is None else root
        texts = Texts(self.relationships.by_id(part))
        tiny = 0
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = local(element.tag)
            texts.attributes(element)
            if name == "p" and _is_drawing(element):
                texts.add("", paragraph_text(element))
            elif name == "r":
                tiny += _tiny_run(element)
            elif name != "t" and element.text and element.text.strip():
                texts.add("in the slide's markup", element.text)
        texts.scan(self.inspection, location, self.relationships)
        if tiny:
            self.inspection.add("attachment.hidden-text", f"{location.capitalize()} holds "
                                f"{tiny} character(s) of text in a font of 1 point or less.",
                                location)
        return texts

    def hidden_shapes(self, root, location: str) -> None:
        for properties in root.iter():
            if local(properties.tag) != "cNvPr" or not _on(properties.get("hidden")):
                continue
            shape = properties.getparent().getparent()
            self._report_shape(shape, location, "is hidden (Selection Pane)")

    def outside_shapes(self, root, location: str) -> None:
        """Top-level shapes placed wholly off the slide do not show in the slideshow."""
        tree = next((e for e in root.iter() if local(e.tag) == "spTree"), None)
        if tree is None or not self.size or not all(self.size):
            return
        width, height = self.size
        for shape in tree:
            box = _box(shape) if local(shape.tag) in SHAPES else None
            if box is None:
                continue
            x, y, cx, cy = box
            if x >= width or y >= height or (x < 0 and x + cx <= 0) or (y < 0 and y + cy <= 0):
                self._report_shape(shape, location, "lies outside the slide")

    def _report_shape(self, shape, location: str, why: str) -> None:
        text = "".join(paragraph_text(p) for p in shape.iter() if local(p.tag) == "p"
                       and _is_drawing(p))
        pictured = any(local(e.tag) in ("blip", "graphicData") for e in shape.iter())
        if not text.strip() and not pictured:
            return  # an empty box or a line hides nothing
        what = "picture" if local(shape.tag) == "pic" else "shape"
        holds = f", holding {len(text)} character(s) of text" if text.strip() else ""
        self.inspection.add("attachment.hidden-shape", f"A {what} on {location} {why}, "
                            f"where it does not show{holds}.", location)

    # ----------------------------------------------------------------- comments

    def comments(self, part: str, owner: str) -> None:
        """Classic (p:cmLst) and modern (threaded, p188:cmLst) comments alike."""
        root = self.package.xml(part)
        links = self.relationships.by_id(part)
        comments = [e for e in root if isinstance(e.tag, str) and local(e.tag) == "cm"]
        for number, comment in enumerate(comments, 1):
            location = f"{owner} comment {number}"
            self.inspection.add("attachment.comment", f"Comment {number} on {owner} is "
                                "still in the presentation.", location)
            texts = Texts(links)
            for element in comment.iter():
                texts.attributes(element)
                if local(element.tag) == "p" and _is_drawing(element):
                    texts.add("in a comment", paragraph_text(element))
                elif local(element.tag) == "text":
                    texts.add("in a comment", element.text)
            texts.scan(self.inspection, location, self.relationships)

    def authors(self, part: str) -> None:
        """Everyone who commented, kept even after their comments are deleted."""
        root = self.package.xml(part)
        people = [e for e in root.iter() if local(e.tag) in ("cmAuthor", "author")]
        for number, person in enumerate(people, 1):
            self.inspection.metadata(person.get("name", ""), f"{part} author {number}",
                                     "comment author")
        scan_part(self.inspection, self.package, part, "in the list of comment authors",
                  root=root)


def _relationship_id(element) -> str:
    return next((v for k, v in element.attrib.items() if local(k) == "id" and "}" in k), "")


def _is_drawing(element) -> bool:
    """a:p (DrawingML), not another vocabulary's p."""
    return "drawingml" in element.tag


def _tiny_run(run) -> int:
    properties = next((e for e in run if local(e.tag) == "rPr"), None)
    size = properties.get("sz", "") if properties is not None else ""
    if not size.isdigit() or int(size) > TINY:
        return 0
    return sum(len(e.text or "") for e in run if local(e.tag) == "t")


def _box(shape) -> tuple[int, int, int, int] | None:
    """x, y, width and height of a top-level shape, if it sets them."""
    for child in shape:
        name = local(child.tag) if isinstance(child.tag, str) else ""
        transform = child if name == "xfrm" else None
        if name in ("spPr", "grpSpPr"):
            transform = next((e for e in child if local(e.tag) == "xfrm"), None)
        if transform is None:
            continue
        offset = next((e for e in transform if local(e.tag) == "off"), None)
        extent = next((e for e in transform if local(e.tag) == "ext"), None)
        if offset is None or extent is None:
            return None
        try:
            return (int(offset.get("x", "0")), int(offset.get("y", "0")),
                    int(extent.get("cx", "0")), int(extent.get("cy", "0")))
        except ValueError:
            return None
    return None
