"""`WordDocument`: one DOCX/DOCM read in full. Parts are found by walking the package's
relationships from its root and each is read the way its relationship type says: story
parts paragraph by paragraph (paragraphs.py), comments, styles, settings, reviewers, and
the shared kinds (ooxml_parts.py). Parts of an unknown type are left for
`Package.finish` to refuse; parts no relationship reaches are reported as orphans."""

from __future__ import annotations

from opcc.redaction.inspectors.docx.paragraphs import TRACKED, Story, StoryParagraph
from opcc.redaction.inspectors.docx.styles import Styles, white
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.ooxml import (
    WHERE_MARKUP,
    Relationship,
    Relationships,
    Texts,
    namespace,
    own_elements,
    readable,
)
from opcc.redaction.inspectors.ooxml_parts import (
    WHOLE_PARTS,
    custom_property_people,
    external_relationships,
    orphans,
    scan_part,
    shared_kind,
)
from opcc.redaction.inspectors.package import Package, local, office_properties, xml_texts

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


STORIES = {"officeDocument", "header", "footer", "footnotes", "endnotes", "glossaryDocument"}


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
        else:
            shared_kind(self.inspection, self.package, rel, WHOLE_PARTS)

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
