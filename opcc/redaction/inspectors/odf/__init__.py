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

The package, module by module:

- `parts`: the manifest, the sub-documents, pictures, OLE objects and settings parts;
- `document`: one document (the main one or an `Object N/`): its four XML parts, read in
  order, with its properties (meta.xml) and settings;
- `walk`: the walk of one XML part in reading order, which the next three extend:
  `review` (comments and tracked changes), `text` (paragraphs, hidden text, sections,
  headers and footers), `spreadsheet` (sheets, rows, columns and cells) and
  `presentation` (slides, notes, master slides, hidden layers);
- `styles`: named styles resolved through their parents, and what hides text;
- `names`: namespaces, element names and small helpers the others share.
"""

from __future__ import annotations

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.odf.document import Document
from opcc.redaction.inspectors.odf.parts import documents, manifest, other_parts
from opcc.redaction.inspectors.package import Package

__all__ = ["INERT", "inspect"]

INERT = (
    r"mimetype",
    r"(.+/)?mimetype",
    r"layout-cache",
    r"(.+/)?Fonts/[^/]+\.(ttf|otf|ttc|fntdata|eot)",
)
TEXT_PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml")
VISIBLE_OBJECTS = {"chart", "formula", "image"}  # part of the page: read, not reported
KIND_NAMES = {"text": "a text document", "spreadsheet": "a spreadsheet",
              "presentation": "a presentation", "drawing": "a drawing"}


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        media = manifest(package)
        if not package.has("content.xml"):
            raise ValueError("not an OpenDocument file: it has no content.xml")
        for prefix in documents(package):
            kind = Document(inspection, package, prefix).read()
            if prefix and kind not in VISIBLE_OBJECTS:
                what = KIND_NAMES.get(kind, media.get(prefix, "a document"))
                inspection.add("attachment.embedded-object", "The document holds an embedded "
                               f"document ({prefix.rstrip('/')}, {what}).", prefix.rstrip("/"))
        other_parts(inspection, package)
        package.finish(INERT)
