"""OpenDocument text, spreadsheets and presentations (ODT, ODS, ODP), read part by part.

Every part of the package is accounted for: content.xml, styles.xml (headers, footers and
master slides), meta.xml, settings.xml, the manifest, pictures, the thumbnail and each
`Object N/` sub-document (a chart's own data table included). Anything else is an
`attachment.unknown-part` error, so nothing is published unread. An encrypted document
(`manifest:encryption-data`) is refused as unreadable.

The body is walked in reading order, and every text node and attribute value is scanned
at the place a reader would look for it: "paragraph 4" (ODT, counting every paragraph and
heading, footnotes and text boxes included, in order), "sheet 'Staff' cell B4" (ODS),
"slide 3" and "slide 3 notes" (ODP), "page style 'Standard' header", "meta.xml author".

Hidden data found:
- comments (`office:annotation`) -> attachment.comment, their text and author scanned;
- tracked changes (`text:changed-region`, `table:tracked-changes`) -> attachment.tracked-change
  at the paragraph or cell the change marks, deleted text scanned;
- hidden text: a character or paragraph style with `text:display="none"`, text in the
  colour of its background, text of 1pt or less, `text:hidden-text`, `text:hidden-paragraph`,
  the other branch of `text:conditional-text`, fields with `text:display="none"`, and
  sections shown never or on a condition -> attachment.hidden-text;
- ODS: hidden sheets, hidden or filtered rows and columns holding values, cells whose stored
  value is not what they show or whose font colour hides them -> hidden-sheet, hidden-rows,
  hidden-columns, hidden-cells;
- ODP: hidden slides -> attachment.hidden-slide; shapes set not to display, or on a hidden
  layer -> attachment.hidden-shape; speaker notes are scanned ("slide 3 notes");
- embedded documents and OLE objects -> attachment.embedded-object (a chart or a formula is
  part of the page, so it is read, not reported); sections, sheets and objects linked from
  other files -> attachment.external-link;
- people named in meta.xml (initial creator, creator, printed by, user-defined fields) ->
  attachment.metadata warnings, as for OOXML properties.

Pictures: PNG and JPEG (the thumbnail included) get the image check and SVG is scanned as
XML. Any other picture (WMF, EMF, SVM metafiles, GIF, BMP, TIFF) is an
`attachment.unknown-part` error: metafiles carry text records, comments and bitmaps of
their own, which the gate cannot read in full. The exception is `ObjectReplacements/`, the
picture LibreOffice draws in place of a chart or object on every save: the object itself
is read in full, so its replacement's readable strings are scanned and it is accounted.
The thumbnail is LibreOffice's own rendering of page 1 at the last save, so it shows only
what the document shows; it gets the image check but no finding of its own.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote

from .image import printable_strings
from .inspection import WARNING, Inspection, plural, runs
from .package import Package, file_name, local

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "officeooo": "http://openoffice.org/2009/office",
    "dr3d": "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
}


def q(prefix: str, name: str) -> str:
    """The Clark name lxml uses: q("text", "p") -> "{urn:…:text:1.0}p"."""
    return f"{{{NS[prefix]}}}{name}"


INERT = (
    r"mimetype",
    r"(.+/)?mimetype",
    r"layout-cache",
    r"(.+/)?Fonts/[^/]+\.(ttf|otf|ttc|fntdata|eot)",
)
TEXT_PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")
OTHER_PICTURES = (".svm", ".svmz", ".wmf", ".wmz", ".emf", ".emz", ".gif", ".bmp", ".tif",
                  ".tiff", ".pct", ".met", ".webp", ".heic")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".jfif")
OLE_OBJECT = re.compile(r"(.+/)?(Object \d+|ObjectReplacements/.+)")
VISIBLE_OBJECTS = {"chart", "formula", "image"}  # part of the page: read, not reported
KIND_NAMES = {"text": "a text document", "spreadsheet": "a spreadsheet",
              "presentation": "a presentation", "drawing": "a drawing"}
USER_FOLDER = re.compile(r"(?i)[\\/](?:users|documents and settings|home)[\\/]([^\\/]+)")
MAX_REPEAT_SPACES = 1000
MAX_COLUMNS = 16384
WHITE = "#ffffff"


class EncryptedDocument(Exception):
    """The manifest says the parts are encrypted (a password-protected document)."""


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        media = manifest(package)
        if not package.has("content.xml"):
            raise ValueError("not an OpenDocument file: it has no content.xml")
        for prefix in documents(package):
            kind = _Document(inspection, package, prefix).read()
            if prefix and kind not in VISIBLE_OBJECTS:
                what = KIND_NAMES.get(kind, media.get(prefix, "a document"))
                inspection.add("attachment.embedded-object", "The document holds an embedded "
                               f"document ({prefix.rstrip('/')}, {what}).", prefix.rstrip("/"))
        other_parts(inspection, package)
        package.finish(INERT)


def manifest(package: Package) -> dict[str, str]:
    """{full-path: media-type} from META-INF/manifest.xml; refuses an encrypted document."""
    name = "META-INF/manifest.xml"
    if not package.has(name):
        return {}
    root = package.xml(name)
    if next(root.iter(q("manifest", "encryption-data")), None) is not None:
        raise EncryptedDocument("the document is encrypted (password-protected)")
    package.scan_xml(name, "in the package manifest", root)
    return {entry.get(q("manifest", "full-path"), ""): entry.get(q("manifest", "media-type"), "")
            for entry in root.iter(q("manifest", "file-entry"))}


def documents(package: Package) -> list[str]:
    """The main document ("") and every sub-document folder holding a content.xml."""
    folders = {name[: -len("content.xml")] for name in package.names
               if name == "content.xml" or name.endswith("/content.xml")}
    return sorted(folders, key=lambda f: (f.count("/"), f))


# --------------------------------------------------------------------------- other parts

def other_parts(inspection: Inspection, package: Package) -> None:
    """Pictures, the thumbnail, OLE objects, UI configuration and signatures."""
    for name in package.names:
        if name in package.read_parts:
            continue
        lower = name.lower()
        if lower.endswith(IMAGE_SUFFIXES):
            inspection.image(package.read(name), name)
        elif lower.endswith(".svg") or lower == "manifest.rdf" or re.fullmatch(
                r"meta-inf/(document|macro)signatures\.xml", lower):
            package.scan_xml(name, "in a part of the package")
        elif lower.endswith(OTHER_PICTURES):
            package.account(name)
            inspection.add("attachment.unknown-part", "The document holds a picture the gate "
                           f"cannot read ({PurePosixPath(name).name}): only PNG, JPEG and SVG "
                           "pictures can be checked in full.", name)
        elif OLE_OBJECT.fullmatch(name):
            _object_part(inspection, package, name)
        elif name.startswith("Configurations2/"):
            _configuration_part(package, name)


def _object_part(inspection: Inspection, package: Package, name: str) -> None:
    """`Object N` is a foreign (OLE) object; `ObjectReplacements/…` is the picture shown
    in its place, whose text is scanned like any metafile."""
    data = package.read(name)
    if "ObjectReplacements/" in name:
        if data.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            inspection.image(data, name)
        else:
            inspection.scan_lines(printable_strings(data), f"{name} ", "in a picture")
        return
    inspection.add("attachment.embedded-object", "The document holds an embedded object "
                   f"({PurePosixPath(name).name}) from another application.", name)


def _configuration_part(package: Package, name: str) -> None:
    """Toolbar and menu settings: empty files are inert, XML is scanned, else unknown."""
    if package.zip.getinfo(name).file_size == 0:
        package.account(name)
    elif name.endswith(".xml"):
        package.scan_xml(name, "in the application settings")


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class _Format:
    """What decides whether text shows: inherited from paragraph, span, cell and shape."""

    display_none: bool = False
    color: str | None = None  # the text colour, when a style sets it
    highlight: str | None = None  # the text's own background
    background: str | None = None  # paragraph, cell, shape or page; None when unknown
    tiny: bool = False

    @property
    def hidden(self) -> bool:
        behind = self.highlight or self.background
        return self.display_none or self.tiny or (
            self.color is not None and behind is not None and same_colour(self.color, behind))

    def with_style(self, props: dict[str, str]) -> _Format:
        changes: dict[str, object] = {}
        if "display" in props:
            changes["display_none"] = props["display"] in ("none", "condition")
        if "color" in props:
            changes["color"] = props["color"]
        if props.get("highlight", "transparent") != "transparent":
            changes["highlight"] = props["highlight"]
        if "background" in props:
            background = props["background"]
            changes["background"] = None if background == "unknown" else background
        if "size" in props:
            changes["tiny"] = _points(props["size"]) is not None and _points(props["size"]) <= 1
        return replace(self, **changes) if changes else self


def _points(size: str) -> float | None:
    match = re.fullmatch(r"\s*([\d.]+)\s*pt\s*", size)
    return float(match.group(1)) if match else None


def same_colour(one: str, other: str) -> bool:
    """Two #rrggbb colours a reader cannot tell apart."""
    try:
        a, b = (bytes.fromhex(c.strip().lstrip("#")) for c in (one, other))
    except ValueError:
        return False
    return len(a) == len(b) == 3 and max(abs(x - y) for x, y in zip(a, b)) <= 16


def _own_props(style) -> dict[str, str]:
    """The properties of one style element that decide visibility."""
    props: dict[str, str] = {}
    for child in style:
        name = local(child.tag)
        get = child.get
        if name == "text-properties":
            for key, attribute in (("display", q("text", "display")), ("color", q("fo", "color")),
                                   ("highlight", q("fo", "background-color")),
                                   ("size", q("fo", "font-size"))):
                if get(attribute) is not None:
                    props[key] = get(attribute)
        elif name in ("paragraph-properties", "table-cell-properties"):
            if get(q("fo", "background-color"), "transparent") != "transparent":
                props["background"] = get(q("fo", "background-color"))
        elif name in ("graphic-properties", "drawing-page-properties"):
            _fill(props, child)
            if get(q("presentation", "visibility")):
                props["visibility"] = get(q("presentation", "visibility"))
        elif name == "table-properties" and get(q("table", "display")):
            props["table-display"] = get(q("table", "display"))
    return props


def _fill(props: dict[str, str], element) -> None:
    fill = element.get(q("draw", "fill"))
    if fill == "solid" and element.get(q("draw", "fill-color")):
        props["background"] = element.get(q("draw", "fill-color"))
    elif fill in ("gradient", "hatch", "bitmap"):
        props["background"] = "unknown"
    elif element.get(q("fo", "background-color"), "transparent") != "transparent":
        props["background"] = element.get(q("fo", "background-color"))


class _Styles:
    """Named styles (common and automatic) by family, resolved through their parents."""

    def __init__(self, containers: Iterable):
        self.styles: dict[tuple[str, str], object] = {}
        self.defaults: dict[str, object] = {}
        self.resolved: dict[tuple[str, str], dict[str, str]] = {}
        for container in containers:
            if container is None:
                continue
            for style in container:
                family = style.get(q("style", "family"), "")
                if style.tag == q("style", "style"):
                    self.styles[(family, style.get(q("style", "name"), ""))] = style
                elif style.tag == q("style", "default-style"):
                    self.defaults[family] = style

    def props(self, family: str, name: str | None) -> dict[str, str]:
        if not name:
            return {}
        key = (family, name)
        if key not in self.resolved:
            chain, seen = [], set()
            style = self.styles.get(key)
            while style is not None and id(style) not in seen:
                seen.add(id(style))
                chain.append(style)
                style = self.styles.get((family, style.get(q("style", "parent-style-name"), "")))
            merged = _own_props(self.defaults[family]) if family in self.defaults else {}
            for style in reversed(chain):
                merged.update(_own_props(style))
            self.resolved[key] = merged
        return self.resolved[key]


TEXT_STYLE = q("text", "style-name")
PARAGRAPHS = (q("text", "p"), q("text", "h"))
HREF = q("xlink", "href")
# References to styles, layers and pages (whose definitions are scanned where they are
# defined), enumerations and measurements: never text a person wrote.
NOT_TEXT = frozenset((
    "style-name", "text-style-name", "parent-style-name", "master-page-name", "data-style-name",
    "default-cell-style-name", "value-type", "number-columns-repeated", "number-rows-repeated",
    "number-columns-spanned", "number-rows-spanned", "visibility", "outline-level",
    "anchor-type", "class", "layer", "z-index", "width", "height", "x", "y", "rsid",
    "paragraph-rsid", "protected", "placeholder", "user-transformed", "type", "actuate", "show"))
SHAPE_STYLES = ((q("draw", "style-name"), "graphic"),
                (q("presentation", "style-name"), "presentation"),
                (q("draw", "text-style-name"), "paragraph"),
                (q("table", "style-name"), "table-cell"))
HEADERS = {"header": "header", "footer": "footer", "header-left": "left-page header",
           "footer-left": "left-page footer", "header-first": "first-page header",
           "footer-first": "first-page footer"}
STYLE_FAMILY = {q("text", "p"): "paragraph", q("text", "h"): "paragraph",
                q("text", "span"): "text", q("text", "a"): "text",
                q("text", "ruby"): "ruby", q("table", "table-cell"): "table-cell"}


# --------------------------------------------------------------------------- documents

@dataclass(frozen=True)
class _Context:
    """Where the walk is: the place findings are reported, and what hides text there."""

    location: str
    numbered: bool = False  # ODT body: each paragraph is "paragraph N"
    fmt: _Format = _Format()
    hidden: list | None = None  # inside a hidden section or shape: its paragraphs' places
    hidden_code: str = "attachment.hidden-text"
    in_cell: bool = False


class _Document:
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
        _Walker(self, "content.xml", _Styles([common, auto])).run(content)
        if styles is not None:
            _Walker(self, "styles.xml", _Styles([common, own])).run(styles)
        meta = self.part("meta.xml")
        if meta is not None:
            _meta(self, meta)
        settings = self.part("settings.xml")
        if settings is not None:
            _settings(self, settings)
        return kind


def hidden_layers(roots: Iterable) -> set[str]:
    """Layers switched off (the layer set lives in styles.xml, the shapes in content.xml)."""
    return {layer.get(q("draw", "name"), "") for root in roots
            for layer in root.iter(q("draw", "layer"))
            if layer.get(q("draw", "display")) == "none"}


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

class _Walker:
    """One XML part walked in reading order; see the module docstring for what it finds."""

    def __init__(self, document: _Document, part: str, styles: _Styles):
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

    # ---- running and reporting

    def run(self, root) -> None:
        sheets = f"{q('office', 'body')}/{q('office', 'spreadsheet')}/{q('table', 'table')}"
        self.sheet_names = [t.get(q("table", "name"), "") for t in root.iterfind(sheets)]
        start = _Context(f"{self.label}{self.part}", numbered=self.kind == "text"
                         and self.part == "content.xml", fmt=_Format(background=self.page))
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

    def visit(self, element, ctx: _Context) -> None:
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

    def shape_context(self, element, ctx: _Context) -> _Context:
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

    def hidden_container(self, element, ctx: _Context, message: str, code: str) -> None:
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

    # ---- paragraphs

    def paragraph_block(self, element, ctx: _Context) -> None:
        location = ctx.location
        if ctx.numbered:
            self.paragraphs += 1
            location = f"{self.label}paragraph {self.paragraphs}"
        text = self.paragraph(element, replace(ctx, location=location))
        self.item(location, text)

    def paragraph(self, element, ctx: _Context) -> str:
        """The paragraph's text (hidden parts included) after reporting what hides in it;
        frames, notes and other blocks inside it are walked after it."""
        fmt = ctx.fmt.with_style(self.styles.props("paragraph", element.get(TEXT_STYLE)))
        nested: list = []
        flags: set[str] = set()
        self.attributes(element, ctx.location)
        if len(element):
            pieces: list[tuple[str, bool]] = []
            self.inline(element, fmt, pieces, nested, flags, ctx.location)
            text = "".join(piece for piece, _ in pieces)
            hidden = "".join(piece for piece, is_hidden in pieces if is_hidden)
        else:  # most paragraphs: plain text, no spans
            text = element.text or ""
            hidden = text if fmt.hidden else ""
        if "hidden-paragraph" in flags:
            hidden = text
        if ctx.hidden is not None:
            if text.strip():
                ctx.hidden.append(ctx.location)
        elif hidden.strip():
            self.report_hidden(ctx, len(hidden.strip()), flags)
        if nested:
            inner = replace(ctx, fmt=fmt)
            for block in nested:
                self.visit(block, inner)
        return text

    def report_hidden(self, ctx: _Context, characters: int, flags: set[str]) -> None:
        how = ("that a condition can hide" if flags & {"hidden-paragraph", "conditional"}
               else "formatted as hidden")
        where = ctx.location[len(self.label):]
        self.add(ctx.hidden_code, f"{where[0].upper()}{where[1:]} holds text {how} "
                 f"({characters} characters).", ctx.location)

    def inline(self, node, fmt: _Format, pieces: list, nested: list, flags: set[str],
               location: str) -> None:
        if node.text:
            pieces.append((node.text, fmt.hidden))
        for child in node:
            self.inline_child(child, fmt, pieces, nested, flags, location)
            if child.tail:
                pieces.append((child.tail, fmt.hidden))

    def inline_child(self, child, fmt: _Format, pieces: list, nested: list, flags: set[str],
                     location: str) -> None:
        tag = child.tag
        if not isinstance(tag, str):
            self.item(location, child.text)
            return
        name, space = local(tag), tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        self.attributes(child, location)
        if tag == q("text", "s"):
            spaces = min(_int(child.get(q("text", "c")), 1), MAX_REPEAT_SPACES)
            pieces.append((" " * spaces, fmt.hidden))
        elif tag == q("text", "tab"):
            pieces.append(("\t", fmt.hidden))
        elif tag == q("text", "line-break"):
            pieces.append(("\n", fmt.hidden))
        elif name == "annotation" and space in (NS["office"], NS["officeooo"]):
            self.annotation(child, _Context(location))
        elif tag in (q("text", "change"), q("text", "change-start")):
            self.change_places.setdefault(child.get(q("text", "change-id"), ""), location)
        elif tag == q("text", "note"):
            citation = child.find(q("text", "note-citation"))
            if citation is not None:
                pieces.append(("".join(citation.itertext()), fmt.hidden))
            nested.extend(c for c in child if c.tag == q("text", "note-body"))
        elif space in (NS["draw"], NS["dr3d"]) or tag == q("table", "table"):
            nested.append(child)
        else:
            self.inline_field(child, fmt, pieces, nested, flags, location)

    def inline_field(self, child, fmt: _Format, pieces: list, nested: list, flags: set[str],
                     location: str) -> None:
        tag = child.tag
        if tag == q("text", "hidden-paragraph"):
            flags.add("hidden-paragraph")
        elif tag == q("text", "hidden-text"):
            flags.add("conditional")
            pieces.append((" " + child.get(q("text", "string-value"), ""), True))
            fmt = replace(fmt, display_none=True)
        elif tag == q("text", "conditional-text"):
            shown = "".join(child.itertext())
            for branch in ("string-value-if-true", "string-value-if-false"):
                value = child.get(q("text", branch), "")
                if value.strip() and value != shown:
                    flags.add("conditional")
                    pieces.append((f" {value} ", True))
        elif child.get(q("text", "display")) == "none":
            fmt = replace(fmt, display_none=True)
        family = STYLE_FAMILY.get(tag, "text")
        style = child.get(q("text", "style-name"))
        if style:
            fmt = fmt.with_style(self.styles.props(family, style))
        self.inline(child, fmt, pieces, nested, flags, location)

    # ---- comments and tracked changes

    def annotation(self, element, ctx: _Context) -> None:
        self.comments += 1
        where = ctx.location[len(self.label):] or "the document"
        self.add("attachment.comment", f"Comment {self.comments} (on {where}) is still in the "
                 "document.", ctx.location)
        for child in element.iter():
            if not isinstance(child.tag, str):
                continue
            if child.tag == q("dc", "creator"):
                self.item(ctx.location, child.text, "as a comment's author")
            elif child.tag in (q("text", "p"), q("text", "h")):
                self.item(ctx.location, _plain(child), "in a comment")
            for value in child.attrib.values():
                self.item(ctx.location, value, "in a comment")

    def text_changes(self, element, ctx: _Context) -> None:
        """Kept until the body is walked, which places each change at its paragraph."""
        self.regions.extend(element.iter(q("text", "changed-region")))

    def report_text_changes(self) -> None:
        by_place: dict[str, list[str]] = {}
        for region in self.regions:
            ids = [region.get(q("text", "id")), region.get("{http://www.w3.org/XML/1998/namespace}id")]
            place = next((self.change_places[i] for i in ids if i in self.change_places),
                         f"{self.label}{self.part}")
            for change in region:
                if not isinstance(change.tag, str):
                    continue
                kind = local(change.tag)
                by_place.setdefault(place, []).append(kind.replace("-", " "))
                self.change_text(change, place, kind)
        for place, kinds in by_place.items():
            where = place[len(self.label):]
            self.add("attachment.tracked-change", f"{where[0].upper()}{where[1:]} has "
                     f"{len(kinds)} tracked {plural(len(kinds), 'change', 'changes')} still in "
                     f"the document ({', '.join(kinds)}).", place)

    def change_text(self, change, place: str, kind: str) -> None:
        where = ("in deleted text (a tracked change)" if kind == "deletion"
                 else "in a tracked change")
        for element in change.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == q("dc", "creator"):
                self.item(place, element.text, "as a change's author")
            elif element.tag in (q("text", "p"), q("text", "h")):
                self.item(place, _plain(element), where)
            for value in element.attrib.values():
                self.item(place, value, where)

    def table_changes(self, element, ctx: _Context) -> None:
        """A spreadsheet's tracked changes: each is placed at its cell where it has one."""
        for number, change in enumerate((c for c in element if isinstance(c.tag, str)), 1):
            place = self.change_cell(change) or f"{self.label}tracked change {number}"
            kind = local(change.tag).replace("-", " ")
            self.add("attachment.tracked-change", f"A tracked change ({kind}) is still in the "
                     "spreadsheet, with the content it replaced.", place)
            self.change_text(change, place, "deletion")

    def change_cell(self, change) -> str | None:
        address = next(change.iter(q("table", "cell-address")), None)
        if address is None:
            return None
        sheet = _int(address.get(q("table", "table")), 0)
        name = self.sheet_names[sheet] if 0 <= sheet < len(self.sheet_names) else str(sheet + 1)
        column = _int(address.get(q("table", "column")), 0) + 1
        row = _int(address.get(q("table", "row")), 0) + 1
        return f"{self.label}sheet '{name}' cell {column_letter(column)}{row}"

    def binary_data(self, element, ctx: _Context) -> None:
        """A picture stored inline, base64-coded, instead of as a part of the package."""
        try:
            data = base64.b64decode("".join((element.text or "").split()))
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"an inline picture in {self.part} is damaged") from exc
        if data.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            self.inspection.image(data, f"{ctx.location} inline picture")
        else:
            self.item(ctx.location, printable_strings(data), "in a picture")

    # ---- sections, headers and master pages

    def section(self, element, ctx: _Context) -> None:
        display = element.get(q("text", "display"), "true")
        if ctx.hidden is not None or display not in ("none", "condition"):
            self.attributes(element, ctx.location)
            for child in element:
                self.visit(child, ctx)
            return
        self.attributes(element, ctx.location)
        name = element.get(q("text", "name"), "")
        when = "never shown" if display == "none" else "shown only on a condition"
        self.hidden_container(element, ctx, f"Section '{name}' is {when}, and holds text",
                              "attachment.hidden-text")

    def header(self, element, ctx: _Context) -> None:
        parent = element.getparent()
        page = parent.get(q("style", "name"), "") if parent is not None else ""
        where = HEADERS[local(element.tag)]
        inner = replace(ctx, location=f"{self.label}page style '{page}' {where}", numbered=False)
        self.children(element, inner)

    def master_page(self, element, ctx: _Context) -> None:
        if self.kind in ("presentation", "drawing"):
            name = element.get(q("style", "display-name")) or element.get(q("style", "name"), "")
            ctx = replace(ctx, location=f"{self.label}master slide '{name}'")
        self.children(element, ctx)

    def children(self, element, ctx: _Context) -> None:
        self.attributes(element, ctx.location)
        self.item(ctx.location, element.text)
        for child in element:
            self.visit(child, ctx)
            self.item(ctx.location, child.tail)

    # ---- slides

    def slide(self, element, ctx: _Context) -> None:
        self.slides += 1
        noun = "slide" if self.kind == "presentation" else "page"
        location = f"{self.label}{noun} {self.slides}"
        props = self.styles.props("drawing-page", element.get(q("draw", "style-name")))
        hidden = "hidden" in (props.get("visibility"),
                              element.get(q("presentation", "visibility")))
        if hidden:
            self.add("attachment.hidden-slide", f"Slide {self.slides} is hidden: it is skipped "
                     "in the slideshow but is still in the file, with its text.", location)
        page = props.get("background")
        fmt = replace(ctx.fmt, background=None if page in (None, "unknown") else page)
        self.children(element, replace(ctx, location=location, fmt=fmt, numbered=False))

    def notes(self, element, ctx: _Context) -> None:
        self.children(element, replace(ctx, location=f"{ctx.location} notes",
                                       fmt=_Format()))

    # ---- tables and sheets

    def table(self, element, ctx: _Context) -> None:
        if self.kind not in ("spreadsheet", "chart") or ctx.in_cell:
            self.children(element, ctx)
            return
        _Sheet(self, element, ctx).read()


def scan_distinct(inspection: Inspection, places: dict[str, list[str]], context: str = "",
                  where: str = "") -> None:
    """Scan each distinct text once ({text: its places}); a finding goes to every place."""
    texts = list(places)
    for index, finding in inspection.scanner.scan_cells(texts, context):
        for location in places[texts[index]]:
            inspection.personal(finding, location, where)


def _plain(element) -> str:
    """The text of a paragraph as shown, spaces and tabs included (no formatting)."""
    out: list[str] = []

    def walk(node) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            if child.tag == q("text", "s"):
                out.append(" " * min(_int(child.get(q("text", "c")), 1), MAX_REPEAT_SPACES))
            elif child.tag in (q("text", "tab"), q("text", "line-break")):
                out.append(" ")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------- sheets

HIDDEN_VISIBILITY = {"collapse": "hidden", "filter": "hidden by a filter"}
ROW_CONTAINERS = {q("table", n) for n in ("table-row-group", "table-header-rows", "table-rows")}
COLUMN_CONTAINERS = {q("table", n) for n in ("table-column-group", "table-header-columns",
                                             "table-columns")}
CELLS = (q("table", "table-cell"), q("table", "covered-table-cell"))
VALUES = tuple(q("office", a) for a in ("value", "date-value", "time-value", "boolean-value",
                                         "string-value"))
CELL_STYLE = q("table", "style-name")


class _Sheet:
    """One sheet (or a chart's data table): cells scanned by column, hidden parts reported."""

    def __init__(self, walker: _Walker, element, ctx: _Context):
        self.walker = walker
        self.element = element
        self.ctx = ctx
        self.name = element.get(q("table", "name"), "")
        self.where = f"{walker.label}sheet '{self.name}'"
        # runs of columns: first, last, how hidden (or None), default cell style
        self.columns: list[tuple[int, int, str | None, str | None]] = []
        self.filled_rows: dict[int, int] = {}
        self.filled_columns: dict[int, int] = {}
        self.hidden_rows: list[tuple[int, int, str]] = []
        self.cells: dict[int, list[tuple[int, str]]] = {}
        self.headers: dict[int, str] = {}
        self.formats: dict[str | None, _Format] = {}

    def read(self) -> None:
        walker = self.walker
        walker.attributes(self.element, self.where)
        walker.linked(self.element, self.where)
        self.read_columns(self.element)
        row = 1
        for child in self.element:
            row = self.read_part(child, row)
        self.report()

    def read_part(self, child, row: int) -> int:
        tag = child.tag
        if tag == q("table", "table-row"):
            return self.read_row(child, row)
        if tag in ROW_CONTAINERS:
            self.walker.attributes(child, self.where)
            for inner in child:
                row = self.read_part(inner, row)
            return row
        if tag == q("table", "table-column") or tag in COLUMN_CONTAINERS:
            return row
        self.walker.visit(child, replace(self.ctx, location=self.where))
        return row

    def read_columns(self, element, start: int = 1) -> int:
        for child in element:
            if child.tag in COLUMN_CONTAINERS:
                start = self.read_columns(child, start)
            elif child.tag == q("table", "table-column") and start <= MAX_COLUMNS:
                count = min(_int(child.get(q("table", "number-columns-repeated")), 1) or 1,
                            MAX_COLUMNS)
                hidden = HIDDEN_VISIBILITY.get(child.get(q("table", "visibility"), ""))
                style = child.get(q("table", "default-cell-style-name"))
                self.columns.append((start, start + count - 1, hidden, style))
                start += count
        return start

    def column(self, number: int) -> tuple[str | None, str | None]:
        for first, last, hidden, style in self.columns:
            if first <= number <= last:
                return hidden, style
        return None, None

    def read_row(self, row_element, row: int) -> int:
        repeat = _int(row_element.get(q("table", "number-rows-repeated")), 1) or 1
        hidden = HIDDEN_VISIBILITY.get(row_element.get(q("table", "visibility"), ""))
        row_style = row_element.get(q("table", "default-cell-style-name"))
        self.walker.attributes(row_element, self.where)
        column, values = 1, 0
        for cell in row_element:
            if cell.tag not in CELLS:
                self.walker.visit(cell, replace(self.ctx, location=self.where))
                continue
            count = _int(cell.get(q("table", "number-columns-repeated")), 1) or 1
            if self.read_cell(cell, row, column, row_style):
                values += count
                for number in range(column, min(column + count, MAX_COLUMNS + 1)):
                    self.filled_columns[number] = self.filled_columns.get(number, 0) + repeat
            column += count
        if values:
            self.filled_rows[row] = values * repeat
            if hidden:
                self.hidden_rows.append((row, row + repeat - 1, hidden))
        return row + repeat

    def read_cell(self, cell, row: int, column: int, row_style: str | None) -> bool:
        """Scan one cell's text and values; True when it holds anything."""
        walker = self.walker
        location = f"{self.where} cell {column_letter(column)}{row}"
        style = cell.get(CELL_STYLE) or row_style or self.column(column)[1]
        if style not in self.formats:
            self.formats[style] = _Format(background=WHITE).with_style(
                walker.styles.props("table-cell", style))
        ctx = _Context(location, False, self.formats[style], self.ctx.hidden,
                       "attachment.hidden-cells", True)
        walker.attributes(cell, location)
        shown = []
        for child in cell:
            if child.tag in PARAGRAPHS:
                shown.append(walker.paragraph(child, ctx))
            else:
                walker.visit(child, ctx)
        text = "\n".join(shown)
        has_value = any(cell.get(a) for a in VALUES)
        if text.strip():
            self.cells.setdefault(column, []).append((row, text))
            if row == 1:
                self.headers[column] = text
        self.stored_value(cell, text, location)
        return bool(text.strip() or has_value
                    or any(child.tag not in PARAGRAPHS for child in cell))

    def stored_value(self, cell, text: str, location: str) -> None:
        """A value the cell keeps but does not show."""
        stored = cell.get(VALUES[-1])
        if stored is not None and stored.strip() and stored.strip() != text.strip():
            self.walker.add("attachment.hidden-cells", f"Cell {location.rsplit(' ', 1)[1]} of "
                            f"sheet '{self.name}' keeps a text value that differs from what it "
                            "shows.", location)
            return
        if text.strip():
            return
        value = next((cell.get(a) for a in VALUES[:4] if cell.get(a)), None)
        if value and value not in ("0", "false"):
            self.walker.add("attachment.hidden-cells", f"Cell {location.rsplit(' ', 1)[1]} of "
                            f"sheet '{self.name}' keeps a value that it does not show.", location)

    def report(self) -> None:
        walker = self.walker
        values = sum(self.filled_rows.values())
        style = walker.styles.props("table", self.element.get(q("table", "style-name")))
        hidden_sheet = "false" in (style.get("table-display"),
                                   self.element.get(q("table", "display")))
        if hidden_sheet and walker.kind == "spreadsheet":
            walker.add("attachment.hidden-sheet", f"Sheet '{self.name}' is hidden and holds "
                       f"{values} {plural(values, 'value', 'values')}.", self.where)
        self.report_rows()
        self.report_columns()
        for column, entries in self.cells.items():
            places: dict[str, list[str]] = {}
            letter = column_letter(column)
            for row, text in entries:
                places.setdefault(text, []).append(f"{self.where} cell {letter}{row}")
            scan_distinct(walker.inspection, places, self.headers.get(column, ""))

    def report_rows(self) -> None:
        merged: list[list] = []
        for first, last, how in sorted(self.hidden_rows):
            if merged and merged[-1][1] + 1 == first and merged[-1][2] == how:
                merged[-1][1] = last
            else:
                merged.append([first, last, how])
        for first, last, how in merged:
            values = sum(v for r, v in self.filled_rows.items() if first <= r <= last)
            span = f"{first}" if first == last else f"{first}:{last}"
            what = plural(last - first + 1, f"Row {span} of sheet '{self.name}' is",
                          f"Rows {span} of sheet '{self.name}' are")
            self.walker.add("attachment.hidden-rows", f"{what} {how} and hold"
                            f"{'s' if first == last else ''} {values} "
                            f"{plural(values, 'value', 'values')}.",
                            f"{self.where} {plural(last - first + 1, 'row', 'rows')} {span}")

    def report_columns(self) -> None:
        hidden = [n for first, last, how, _ in self.columns if how
                  for n in range(first, last + 1) if n in self.filled_columns]
        for first, last in runs(hidden):
            values = sum(self.filled_columns.get(c, 0) for c in range(first, last + 1))
            span = column_letter(first) if first == last else \
                f"{column_letter(first)}:{column_letter(last)}"
            what = plural(last - first + 1, f"Column {span} of sheet '{self.name}' is",
                          f"Columns {span} of sheet '{self.name}' are")
            self.walker.add("attachment.hidden-columns", f"{what} hidden and hold"
                            f"{'s' if first == last else ''} {values} "
                            f"{plural(values, 'value', 'values')}.",
                            f"{self.where} {plural(last - first + 1, 'column', 'columns')} {span}")


# --------------------------------------------------------------------------- meta and settings

META_PEOPLE = {q("meta", "initial-creator"): ("author", "author"),
               q("dc", "creator"): ("last modified by", "last modified by"),
               q("meta", "printed-by"): ("printed by", "printed by")}
META_NAMES = {q("meta", "keyword"): "keywords", q("dc", "description"): "description",
              q("dc", "title"): "title", q("dc", "subject"): "subject"}


def _meta(document: _Document, root) -> None:
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


def _settings(document: _Document, root) -> None:
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
