"""One document (the main one, or an `Object N/` sub-document): its four XML parts read
in order (content.xml and styles.xml walked, meta.xml and settings.xml scanned, the
people named in its properties reported)."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from opcc.redaction.inspectors.image import printable_strings
from opcc.redaction.inspectors.inspection import WARNING, Inspection
from opcc.redaction.inspectors.odf.names import q
from opcc.redaction.inspectors.odf.presentation import SlideWalk, hidden_layers
from opcc.redaction.inspectors.odf.spreadsheet import SheetWalk
from opcc.redaction.inspectors.odf.styles import WHITE, Styles
from opcc.redaction.inspectors.odf.text import HEADERS
from opcc.redaction.inspectors.package import Package, local

USER_FOLDER = re.compile(r"(?i)[\\/](?:users|documents and settings|home)[\\/]([^\\/]+)")


class Document:
    """The main document or one `Object N/` sub-document: its four XML parts."""

    def __init__(self, inspection: Inspection, package: Package, prefix: str):
        self.inspection = inspection
        self.package = package
        self.prefix = prefix
        self.label = f"{prefix.rstrip('/')} " if prefix else ""
        self.kind = "empty"
        self.page: str | None = None
        self.hidden_layers: set[str] = set()

    def part(self, name: str):
        full = self.prefix + name
        return self.package.xml(full) if self.package.has(full) else None

    def read(self) -> str:
        """Read the four parts; returns the kind of body (text, spreadsheet, chart…)."""
        styles = self.part("styles.xml")
        content = self.part("content.xml")
        common = styles.find(q("office", "styles")) if styles is not None else None
        own = styles.find(q("office", "automatic-styles")) if styles is not None else None
        kind = body_kind(content)
        auto = content.find(q("office", "automatic-styles"))
        self.kind = kind
        self.page = _page_background(own, kind)
        self.hidden_layers = hidden_layers(r for r in (content, styles) if r is not None)
        _Walker(self, "content.xml", Styles([common, auto])).run(content)
        if styles is not None:
            _Walker(self, "styles.xml", Styles([common, own])).run(styles)
        meta = self.part("meta.xml")
        if meta is not None:
            _meta(self, meta)
        settings = self.part("settings.xml")
        if settings is not None:
            _settings(self, settings)
        return kind


def body_kind(content) -> str:
    """text, spreadsheet, presentation, drawing, chart, image; formula for MathML."""
    if local(content.tag) == "math":
        return "formula"
    body = content.find(q("office", "body"))
    if body is None or not len(body):
        return "empty"
    return local(body[0].tag)


def _page_background(automatic, kind: str) -> str | None:
    """A text page is white unless a page layout says otherwise; other kinds are unknown."""
    if kind != "text":
        return None
    colours = {props.get(q("fo", "background-color"), "transparent")
               for props in (automatic.iter(q("style", "page-layout-properties"))
                             if automatic is not None else ())}
    colours.discard("transparent")
    if not colours or colours == {WHITE}:
        return WHITE
    return next(iter(colours)) if len(colours) == 1 else None


# --------------------------------------------------------------------------- the walk

class _Walker(SheetWalk, SlideWalk):
    """One XML part walked in reading order; see the package docstring for what it finds."""

    def __init__(self, document: Document, part: str, styles: Styles):
        self.document = document
        self.inspection = document.inspection
        self.label = document.label
        self.part = part
        self.kind = document.kind
        self.styles = styles
        self.page = document.page
        self.texts: list[tuple[str, str, str]] = []  # (location, where, text)
        self.paragraphs = 0
        self.slides = 0
        self.comments = 0
        self.change_places: dict[str, str] = {}
        self.regions: list = []
        self.hidden_layers = document.hidden_layers
        self.sheet_names: list[str] = []
        self.handlers = {
            q("text", "p"): self.paragraph_block, q("text", "h"): self.paragraph_block,
            q("office", "annotation"): self.annotation,
            q("officeooo", "annotation"): self.annotation,
            q("text", "tracked-changes"): self.text_changes,
            q("table", "tracked-changes"): self.table_changes,
            q("table", "table"): self.table,
            q("draw", "page"): self.slide,
            q("presentation", "notes"): self.notes,
            q("style", "master-page"): self.master_page,
            q("text", "section"): self.section,
            q("office", "binary-data"): self.binary_data,
        }
        for kind_name in HEADERS:
            self.handlers[q("style", kind_name)] = self.header


META_PEOPLE = {q("meta", "initial-creator"): ("author", "author"),
               q("dc", "creator"): ("last modified by", "last modified by"),
               q("meta", "printed-by"): ("printed by", "printed by")}
META_NAMES = {q("meta", "keyword"): "keywords", q("dc", "description"): "description",
              q("dc", "title"): "title", q("dc", "subject"): "subject"}


def _meta(document: Document, root) -> None:
    """Document properties: people named, every value and attribute scanned."""
    inspection, where = document.inspection, f"{document.label}meta.xml"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = (element.text or "").strip()
        if element.tag in META_PEOPLE:
            place, label = META_PEOPLE[element.tag]
            inspection.metadata(text, f"{where} {place}", label)
        elif element.tag == q("meta", "user-defined"):
            name = element.get(q("meta", "name"), "")
            inspection.metadata(text, f"{where} property '{name}'", name)
        elif text:
            inspection.metadata(text, f"{where} {META_NAMES.get(element.tag, local(element.tag))}")
        for key, value in element.attrib.items():
            place = f"{where} {local(element.tag)}"
            inspection.scan(unquote(value), place, "in the document properties")
            if key == q("xlink", "href") and USER_FOLDER.search(unquote(value)):
                inspection.add("attachment.metadata", "The document's template path names a "
                               "user's folder, which usually identifies the author.", place,
                               WARNING)


def _settings(document: Document, root) -> None:
    """Application settings: printer names, database paths and user names can hide here;
    binary items (a printer's setup) are decoded and their strings scanned."""
    inspection, where = document.inspection, f"{document.label}settings.xml"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.get(q("config", "name"), "")
        place = f"{where} '{name}'" if name else where
        for value in element.attrib.values():
            inspection.scan(value, place, "in the document settings")
        text = (element.text or "").strip()
        if element.get(q("config", "type")) == "base64Binary" and text:
            try:
                text = printable_strings(base64.b64decode(text))
            except (binascii.Error, ValueError):
                pass
        inspection.scan(unquote(text), place, "in the document settings")
        if USER_FOLDER.search(unquote(text)):
            inspection.add("attachment.metadata", "The document's settings name a user's "
                           "folder, which usually identifies the author.", place, WARNING)
