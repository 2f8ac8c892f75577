"""One paragraph of a story part (body, header, footer, notes, glossary): its text, field
codes, deleted text and markup scanned, its tracked changes reported, and each run checked
for text that does not show (hidden directly or through a style, white on white, 1pt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from opcc.redaction.inspectors.docx.styles import (
    TINY,
    RunLook,
    Styles,
    colored,
    run_look,
    white,
)
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.ooxml import (
    WHERE_DELETED,
    WHERE_FIELD,
    WHERE_MARKUP,
    Relationship,
    Relationships,
    Texts,
    namespace,
    own_elements,
)
from opcc.redaction.inspectors.package import local

TRACKED = {"ins": "insertion", "del": "deletion", "moveFrom": "moved text (source)",
           "moveTo": "moved text (destination)", "rPrChange": "formatting change",
           "pPrChange": "formatting change", "sectPrChange": "formatting change",
           "tblPrChange": "formatting change", "trPrChange": "formatting change",
           "tcPrChange": "formatting change", "numberingChange": "numbering change",
           "cellIns": "inserted cell", "cellDel": "deleted cell"}


class DocumentReading(Protocol):
    """What a paragraph uses of the `WordDocument` reading it (document.py)."""

    inspection: Inspection
    relationships: Relationships


@dataclass
class Placement:
    """Where a paragraph sits, for the runs' formatting: its style, table, shading."""
    style: str | None
    table_style: str | None
    background: bool


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

    def __init__(self, document: DocumentReading, story: Story, number: int, paragraph):
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
            background = shading is not None and colored(shading.get(f"{{{ns}}}fill"))
        table_style = None
        for ancestor in self.paragraph.iterancestors():
            name = local(ancestor.tag)
            if name in ("txbxContent", "textbox", "txbx"):
                background = True  # a shape's fill is not read: don't judge its colours
            elif name in ("tc", "tbl"):
                shading = ancestor.find(f"{{{ns}}}{name}Pr/{{{ns}}}shd")
                background = background or (shading is not None
                                            and colored(shading.get(f"{{{ns}}}fill")))
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
