"""Every part beyond the cells: comments (legacy and threaded) and their authors,
drawings, text boxes and charts, data connections, external links, pivot caches,
embedded objects and macros, printer settings; external relationship targets; and the
parts the workbook does not use, which Excel never shows."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

from opcc.redaction.inspectors.package import RELATIONSHIPS, local
from opcc.redaction.inspectors.package import file_name as _file_name
from opcc.redaction.inspectors.xlsx.book import USER_FOLDER, BookBase
from opcc.redaction.inspectors.xlsx.sheets import Sheet, column_letter
from opcc.redaction.inspectors.xlsx.xml_text import (
    as_int,
    binary_strings,
    element_texts,
    relationship_id,
    vml_texts,
)

COMMENTS = re.compile(r"xl/(?:comments[^/]*|comments/[^/]+)\.xml")
EMBEDDED = re.compile(r"xl/(?:embeddings|activeX)/.+|xl/vbaProject\.bin|xl/vbaData\.xml|"
                      r"xl/vbaProjectSignature[^/]*\.bin")
# parts read with the generic reader, each with what they hold for the finding's wording
GENERIC_PARTS = (
    (r"xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml",
     "in a sheet the workbook does not list"),
    (r"xl/theme/[^/]+\.xml", "in a theme"),
    (r"xl/tables/[^/]+\.xml", "in a table's names, columns or totals"),
    (r"xl/queryTables/[^/]+\.xml", "in a query table"),
    (r"xl/pivotTables/[^/]+\.xml", "in a pivot table"),
    (r"xl/(?:slicers|slicerCaches|timelines|timelineCaches)/[^/]+\.xml",
     "in a slicer or timeline"),
    (r"customXml/[^/]+\.xml", "in a custom XML part"),
    (r"docMetadata/[^/]+\.xml", "in the sensitivity label"),
    (r"xl/calcChain\.xml", "in the calculation chain"),
    ((r"xl/(?:metadata|volatileDependencies|sharedStrings|styles)\.xml|xl/richData/[^/]+\.xml|"
     r"xl/featurePropertyBag/[^/]+\.xml|xl/webextensions/[^/]+\.xml|xl/ctrlProps/[^/]+\.xml|"
     r"xl/activeX/[^/]+\.xml|xl/vbaData\.xml"), "in the workbook's data"),
    (r"xl/revisions/[^/]+\.xml|xl/userNames\.xml", "in a shared workbook's change history"),
    (r"\[Content_Types\]\.xml", "in the list of parts"),
)


class PartReaders(BookBase):
    """Comments, drawings and charts of each sheet; the workbook-level parts."""

    # ---- parts that belong to a sheet

    def sheet_parts(self, sheet: Sheet) -> None:
        for rel in self.rels.of(sheet.part):
            if rel.external or not self.package.has(rel.target):
                continue
            if rel.target in self.package.read_parts:
                continue
            if rel.kind == "comments":
                self.comments(rel.target, sheet)
            elif rel.kind == "threadedComment":
                self.threaded_comments(rel.target, sheet)
            elif rel.kind == "drawing":
                self.drawing(rel.target, sheet.label)
            elif rel.kind in ("vmlDrawing", "legacyDrawingHF"):
                self.scan_texts(vml_texts(self.package.read(rel.target)),
                                f"{sheet.label} legacy drawing",
                                "in a legacy drawing (a form control or text box)")
            elif rel.kind in ("table", "pivotTable"):
                what = "table" if rel.kind == "table" else "pivot table"
                self.scan_part(rel.target, f"{sheet.label} {what} "
                               f"({posixpath.basename(rel.target)})",
                               "in a table's names, columns or totals"
                               if rel.kind == "table" else "in a pivot table")

    def comment_found(self, location: str, message: str) -> None:
        if location not in self.commented:
            self.commented.add(location)
            self.inspection.add("attachment.comment", message, location)

    def comments(self, part: str, sheet: Sheet | None) -> None:
        root = self.package.xml(part)
        authors = [a.text or "" for a in root.iter() if local(a.tag) == "author"]
        self.scan_texts(authors, part, "as a comment's author")
        for comment in (e for e in root.iter() if local(e.tag) == "comment"):
            ref = comment.get("ref", "")
            location = f"{sheet.label} cell {ref}" if sheet else f"{part} cell {ref}"
            where = f"of {sheet.label}" if sheet else f"in {posixpath.basename(part)}"
            self.comment_found(location, f"Cell {ref} {where} has a comment.")
            text = "".join(t.text or "" for t in comment.iter() if local(t.tag) == "t")
            self.inspection.scan(text, location, "in a cell comment")
            author = as_int(comment.get("authorId"))
            if author < len(authors) and authors[author]:
                self.inspection.scan(authors[author], location, "as a comment's author")

    def threaded_comments(self, part: str, sheet: Sheet | None) -> None:
        root = self.package.xml(part)
        for comment in (e for e in root.iter() if local(e.tag) == "threadedComment"):
            ref = comment.get("ref", "")
            location = f"{sheet.label} cell {ref}" if sheet else f"{part} cell {ref}"
            where = f"of {sheet.label}" if sheet else f"in {posixpath.basename(part)}"
            self.comment_found(location, f"Cell {ref} {where} has a threaded comment.")
            self.scan_texts(element_texts(comment), location, "in a threaded comment")

    def persons(self, part: str) -> None:
        root = self.package.xml(part)
        for number, person in enumerate((e for e in root.iter() if local(e.tag) == "person"), 1):
            location = f"{part} person {number}"
            self.inspection.metadata(person.get("displayName"), location, "comment author")
            self.scan_texts(element_texts(person), location, "as a comment's author")

    def drawing(self, part: str, owner: str | None) -> None:
        root = self.package.xml(part)
        for number, anchor in enumerate((a for a in root if isinstance(a.tag, str)), 1):
            place = self.anchor_place(anchor, owner) or f"{part} shape {number}"
            self.scan_texts(element_texts(anchor), place, "in a drawing, picture or text box")
            self.hidden_shapes(anchor, place)
            for element in anchor.iter():
                if local(element.tag) == "chart" and relationship_id(element):
                    rel = self.rels.get(part, relationship_id(element))
                    if rel is not None and not rel.external:
                        self.owners[rel.target] = place.replace("drawing at", "chart at")
        for rel in self.rels.of(part):
            if rel.kind == "chart" and not rel.external and self.package.has(rel.target) \
                    and rel.target not in self.package.read_parts:
                self.chart(rel.target)

    @staticmethod
    def anchor_place(anchor, owner: str | None) -> str | None:
        start = next((e for e in anchor if local(e.tag) == "from"), None)
        if owner is None or start is None:
            return owner and f"{owner} drawing"
        values = {local(e.tag): as_int(e.text) for e in start}
        return (f"{owner} drawing at "
                f"{column_letter(values.get('col', 0) + 1)}{values.get('row', 0) + 1}")

    def hidden_shapes(self, anchor, place: str) -> None:
        for properties in anchor.iter():
            if local(properties.tag) != "cNvPr" or properties.get("hidden") not in ("1", "true"):
                continue
            shape = properties.getparent().getparent()
            text = "".join(t.text or "" for t in shape.iter() if local(t.tag) == "t")
            if text.strip():
                self.inspection.add("attachment.hidden-text", "A hidden shape holds "
                                    f"{len(text)} characters of text.", place)

    def chart(self, part: str) -> None:
        place = self.owners.get(part, part)
        self.scan_part(part, place, "in a chart (its titles, labels or cached data)")
        for rel in self.rels.of(part):
            if rel.kind == "chartUserShapes" and not rel.external:
                self.owners[rel.target] = place

    # ---- workbook-level parts

    def remaining_parts(self) -> None:
        for name in self.package.names:
            if name in self.package.read_parts or RELATIONSHIPS.search(name):
                continue
            self.read_part(name)

    def read_part(self, name: str) -> None:
        readers: list[tuple[str, Callable[[str], None]]] = [
            (COMMENTS.pattern, lambda n: self.comments(n, None)),
            (r"xl/threadedComments/[^/]+\.xml", lambda n: self.threaded_comments(n, None)),
            (r"xl/persons/[^/]+\.xml", self.persons),
            (r"xl/drawings/[^/]+\.xml", lambda n: self.drawing(n, self.owners.get(n))),
            (r"xl/drawings/[^/]+\.vml", lambda n: self.scan_texts(
                vml_texts(self.package.read(n)), n, "in a legacy drawing")),
            (r"xl/charts/[^/]+\.xml", self.chart),
            (r"xl/connections\.xml", self.connections),
            (r"xl/externalLinks/[^/]+\.xml", self.external_link),
            (r"xl/pivotCache/[^/]+\.xml", self.pivot_cache),
            (r"xl/printerSettings/[^/]+\.bin", lambda n: self.scan_texts(
                binary_strings(self.package.read(n)), n, "in the printer settings")),
            (EMBEDDED.pattern, self.embedded),
        ]
        for pattern, reader in readers:
            if re.fullmatch(pattern, name):
                reader(name)
                return
        for pattern, where in GENERIC_PARTS:
            if re.fullmatch(pattern, name):
                self.generic(name, where)
                return

    def generic(self, name: str, where: str) -> None:
        if re.fullmatch(r"xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/.+", name):
            self.unlisted.add(name)
        if re.fullmatch(r"xl/revisions/revision[^/]*\.xml", name):
            self.inspection.add("attachment.tracked-change", "The workbook keeps the change "
                                "history of a shared workbook, with earlier values.", name)
        self.scan_part(name, name, where)

    def embedded(self, name: str) -> None:
        what = "macros" if "vba" in name.lower() else "an embedded object"
        self.inspection.add("attachment.embedded-object", f"The workbook holds {what} "
                            f"({posixpath.basename(name)}).", name)
        if name.endswith(".xml") and not name.endswith(".rels"):
            self.scan_part(name, name, "in an embedded object's settings")
        else:
            self.package.account(name)

    def connections(self, name: str) -> None:
        root = self.package.xml(name)
        for number, connection in enumerate(
                (e for e in root if local(e.tag) == "connection"), 1):
            location = f"{name} connection {number}"
            texts = element_texts(connection)
            self.scan_texts(texts, location, "in a data connection")
            self.inspection.add("attachment.external-link", "The workbook has a data "
                                "connection to an outside source, and keeps its address"
                                f"{_connection_details(texts)}.", location)

    def external_link(self, name: str) -> None:
        root = self.package.xml(name)
        cached = [e.text or "" for e in root.iter() if local(e.tag) == "v"]
        self.inspection.scan_cells(cached, [f"{name} item {i}" for i in range(1, len(cached) + 1)],
                                   "", "in values cached from a linked file")
        others = [t for e in root.iter() if local(e.tag) != "v" and isinstance(e.tag, str)
                  for t in [*(v for k, v in e.attrib.items()), *([e.text] if e.text else [])]]
        self.scan_texts(others, name, "in a link to another file")
        target = next((_file_name(rel.target) for rel in self.rels.of(name) if rel.target), "")
        if self.inspection.scanner.scan(target):
            target = ""  # the file's name is itself personal data: scanned, never quoted
        self.inspection.add("attachment.external-link", f"The workbook links to another file"
                            f"{f' ({target})' if target else ''}, and keeps cached values "
                            "from it.", name)

    def pivot_cache(self, name: str) -> None:
        root = self.package.xml(name)
        if local(root.tag) == "pivotCacheDefinition":
            self.inspection.add("attachment.pivot-cache", "The workbook holds a pivot cache: "
                                "a full copy of the pivot table's source rows.", name)
        items, others = [], []
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if local(element.tag) in ("s", "d", "n") and element.get("v") is not None:
                items.append(element.get("v"))
            elif local(element.tag) != "x":
                others.extend(v for v in element.attrib.values())
        self.inspection.scan_cells(items, [f"{name} item {i}" for i in range(1, len(items) + 1)],
                                   "", "in a pivot cache")
        self.scan_texts(others, name, "in a pivot cache")

    def relationship_targets(self) -> None:
        """External targets (links, file paths) not already scanned where they are used."""
        for rels in self.rels.by_source.values():
            for rel in rels:
                if rel.external and (rel.rels_part, rel.id) not in self.consumed:
                    self.scan_texts([rel.target], f"{rel.rels_part} relationship {rel.id}",
                                    "in a link or file path")

    def unused_parts(self) -> None:
        for name in self.package.names:
            if name == "[Content_Types].xml" or RELATIONSHIPS.search(name):
                continue
            if name not in self.package.read_parts:
                continue  # Package.finish reports it as unknown
            reachable = name in self.rels.reachable or unquote(name) in self.rels.reachable
            if reachable and name not in self.unlisted:
                continue
            self.inspection.add("attachment.unknown-part", "The workbook does not use the "
                                f"part {posixpath.basename(name)}, so Excel never shows what "
                                "it holds; it is still in the file.", name)


_ACCOUNT = re.compile(r"(?i)(?:^|;)\s*(?:user id|uid|user|user name|username)\s*=\s*[^;\s]")
_PASSWORD = re.compile(r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]")


def _connection_details(texts: list[str]) -> str:
    details = []
    if any(_ACCOUNT.search(t) for t in texts):
        details.append("a user account")
    if any(_PASSWORD.search(t) for t in texts):
        details.append("a password")
    if any(USER_FOLDER.search(t) for t in texts):
        details.append("a path in a user's folder")
    return f" (it names {' and '.join(details)})" if details else ""
