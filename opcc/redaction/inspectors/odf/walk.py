"""The walk of one XML part in reading order: every text node and attribute value kept
with the place a reader would look for it, then scanned; shapes and sections that do
not display, and content linked from other files, reported.

`WalkerBase` is the generic walk; `review`, `text`, `spreadsheet` and `presentation`
add the handlers for their elements, and `document._Walker` puts them together and
holds the walk's state."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from opcc.redaction.inspectors.image import inspect_image_bytes, printable_strings
from opcc.redaction.inspectors.inspection import Inspection, plural
from opcc.redaction.inspectors.odf.names import CELLS, q
from opcc.redaction.inspectors.odf.styles import SHAPE_STYLES, Format
from opcc.redaction.inspectors.package import file_name

HREF = q("xlink", "href")
# References to styles, layers and pages (whose definitions are scanned where they are
# defined), enumerations and measurements: never text a person wrote.
NOT_TEXT = frozenset((
    "style-name", "text-style-name", "parent-style-name", "master-page-name", "data-style-name",
    "default-cell-style-name", "value-type", "number-columns-repeated", "number-rows-repeated",
    "number-columns-spanned", "number-rows-spanned", "visibility", "outline-level",
    "anchor-type", "class", "layer", "z-index", "width", "height", "x", "y", "rsid",
    "paragraph-rsid", "protected", "placeholder", "user-transformed", "type", "actuate", "show"))


@dataclass(frozen=True)
class Context:
    """Where the walk is: the place findings are reported, and what hides text there."""

    location: str
    numbered: bool = False  # ODT body: each paragraph is "paragraph N"
    fmt: Format = Format()
    hidden: list | None = None  # inside a hidden section or shape: its paragraphs' places
    hidden_code: str = "attachment.hidden-text"
    in_cell: bool = False


class WalkerBase:
    """The generic walk: gathers text, reports what does not display, and sends each
    element with a handler (in `_Walker.handlers`) to it."""

    # ---- running and reporting

    def run(self, root) -> None:
        sheets = f"{q('office', 'body')}/{q('office', 'spreadsheet')}/{q('table', 'table')}"
        self.sheet_names = [t.get(q("table", "name"), "") for t in root.iterfind(sheets)]
        start = Context(f"{self.label}{self.part}", numbered=self.kind == "text"
                        and self.part == "content.xml", fmt=Format(background=self.page))
        self.visit(root, start)
        self.report_text_changes()
        self.flush()

    def item(self, location: str, text: str | None, where: str = "") -> None:
        if text and text.strip():
            self.texts.append((location, where, text))

    def flush(self) -> None:
        """Scan every text gathered, one detector pass per kind of place."""
        by_where: dict[str, dict[str, list[str]]] = {}
        for location, where, text in self.texts:
            by_where.setdefault(where, {}).setdefault(text, []).append(location)
        for where, places in by_where.items():
            scan_distinct(self.inspection, places, "", where)
        self.texts = []

    def add(self, code: str, message: str, location: str, severity: str = "error") -> None:
        self.inspection.add(code, message, location, severity)

    def attributes(self, element, location: str) -> None:
        for key, value in element.attrib.items():
            if key == HREF:
                self.item(location, unquote(value), "in a link")
            elif key[key.rfind("}") + 1:] not in NOT_TEXT:
                self.item(location, value)

    # ---- the generic walk

    def visit(self, element, ctx: Context) -> None:
        if not isinstance(element.tag, str):  # an XML comment or processing instruction
            self.item(ctx.location, element.text)
            return
        handler = self.handlers.get(element.tag)
        if handler is not None:
            handler(element, ctx)
            return
        self.attributes(element, ctx.location)
        self.linked(element, ctx.location)
        ctx = self.shape_context(element, ctx)
        if ctx.hidden is None and self.hides(element):
            self.hidden_container(element, ctx, "A shape set not to display holds text",
                                  "attachment.hidden-shape" if self.kind == "presentation"
                                  else "attachment.hidden-text")
            return
        self.item(ctx.location, element.text)
        for child in element:
            self.visit(child, ctx)
            self.item(ctx.location, child.tail)

    def hides(self, element) -> bool:
        return (element.get(q("draw", "display")) == "none"
                or element.get(q("text", "display")) == "none"
                or (element.get(q("draw", "layer")) or "\x00") in self.hidden_layers)

    def shape_context(self, element, ctx: Context) -> Context:
        """A shape's fill (or a text table cell's) is the background of its text; its own
        style may colour the text."""
        for attribute, family in SHAPE_STYLES:
            name = element.get(attribute)
            if name and (family != "table-cell" or element.tag == CELLS[0]):
                ctx = replace(ctx, fmt=ctx.fmt.with_style(self.styles.props(family, name)))
        return ctx

    def linked(self, element, location: str) -> None:
        """A section, sheet or object whose content comes from another file."""
        href = element.get(q("xlink", "href"), "")
        if element.tag not in (q("text", "section-source"), q("table", "table-source"),
                               q("draw", "object"), q("draw", "object-ole")) or not href:
            return
        if href.startswith("./") or not re.match(r"^(/|\.\./|[a-zA-Z][\w+.-]*:)", href):
            return
        self.add("attachment.external-link", "The document takes content from another file "
                 f"({file_name(href)}), and keeps a copy of it.", location)

    def hidden_container(self, element, ctx: Context, message: str, code: str) -> None:
        """A section or shape that does not show: its paragraphs, reported once."""
        places: list[str] = []
        inner = replace(ctx, hidden=places)
        self.item(ctx.location, element.text)
        for child in element:
            self.visit(child, inner)
            self.item(ctx.location, child.tail)
        if places:
            count = len(places)
            self.add(code, f"{message} ({count} {plural(count, 'paragraph', 'paragraphs')}, "
                     f"from {places[0]}).", places[0])

    def children(self, element, ctx: Context) -> None:
        self.attributes(element, ctx.location)
        self.item(ctx.location, element.text)
        for child in element:
            self.visit(child, ctx)
            self.item(ctx.location, child.tail)

    def binary_data(self, element, ctx: Context) -> None:
        """A picture stored inline, base64-coded, instead of as a part of the package."""
        try:
            data = base64.b64decode("".join((element.text or "").split()))
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"an inline picture in {self.part} is damaged") from exc
        if data.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            inspect_image_bytes(self.inspection, data, f"{ctx.location} inline picture")
        else:
            self.item(ctx.location, printable_strings(data), "in a picture")


def scan_distinct(inspection: Inspection, places: dict[str, list[str]], context: str = "",
                  where: str = "") -> None:
    """Scan each distinct text once ({text: its places}); a finding goes to every place."""
    texts = list(places)
    for index, finding in inspection.scanner.scan_cells(texts, context):
        for location in places[texts[index]]:
            inspection.personal(finding, location, where)
