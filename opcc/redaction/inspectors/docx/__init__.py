"""DOCX and DOCM documents, read part by part: the body, headers, footers, notes, comments,
glossary, styles, settings, data stores, charts, SmartArt, pictures and embedded objects.

Parts are found by walking the package's relationships from its root, and each is read the
way its relationship type says. A part of a type this module does not know is left unread,
so `Package.finish` refuses it; a part no relationship reaches is reported too (Word ignores
it, but it travels with the file).

In a story part (body, header, footer, footnotes, endnotes, glossary) findings are placed by
paragraph ("word/document.xml paragraph 12"), counting every w:p of the part in document
order, table cells and text boxes included. Each paragraph's text, deleted text, field codes
and the attributes of its markup (alt text, link targets and tooltips, control tags, form
field defaults) are scanned, and its runs are checked for text that does not show: hidden
directly or through a paragraph, character or table style (following basedOn chains, the
default styles and the document defaults), white on white, or in a font of 1pt or less.

Where each step lives: document.py (`WordDocument`: the relationship walk, comments,
styles, settings, reviewers, orphans), paragraphs.py (paragraphs, runs, fields, tracked
changes), styles.py (text hidden through formatting and styles). `Relationships`, `Texts`
and the other helpers shared with the PPTX inspector are in ../ooxml.py and
../ooxml_parts.py.
"""

from __future__ import annotations

from opcc.redaction.inspectors.docx.document import INERT, WordDocument
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.package import Package

__all__ = ["INERT", "WordDocument", "inspect"]


def inspect(inspection: Inspection) -> None:
    with Package(inspection) as package:
        WordDocument(inspection, package).read()
        package.finish(INERT)
