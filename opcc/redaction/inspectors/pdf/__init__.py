"""PDF: every object in every revision, not only what a viewer shows.

A PDF is read twice over, by two independent parsers:

- pikepdf (qpdf) walks the objects: the document information, XMP metadata, bookmarks,
  page labels, name trees (named destinations, JavaScript, attached files), form fields,
  annotations and link targets, and then every object in the file, used or not, so a
  string no viewer shows is still scanned.
- pdfminer.six interprets each page's content as a viewer paints it. A small device
  records the paint order of every character, filled shape and image, the clip, the fill
  opacity and the optional-content (layer) state, so text a later box or image covers, text
  drawn in its background's colour, text outside the visible page and text in a layer that
  is switched off are told apart from what a reader sees. Page text is laid out in reading
  order (lines kept, a hyphen at a line end kept as "-\\n") so a value wrapped over two
  lines reaches the scanner whole.

Incremental saves append a new revision and keep the old ones: each earlier revision is
opened on its own, and personal data found only there is reported "in an earlier
revision". Objects in the file body that no cross-reference table lists are recovered and
read as well. Anything that can't be read raises, so the gate fails closed.

Where each step lives: revisions.py (incremental saves, earlier revisions, unlisted
objects); reader.py (`Reader`, one revision) with catalog.py (information, XMP, bookmarks,
names, actions and links, attached files, forms), pages.py (pages and annotations) and
objects.py (every object and stream); values.py and structures.py (reading PDF values and
walking trees); miner.py, device.py and interpreter.py (pdfminer: paint order); paint.py
and colour.py (what was painted, boxes, contrast); hidden.py (what can't be seen and why);
page_text.py (page text in reading order).
"""

from __future__ import annotations

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.pdf.colour import luminance
from opcc.redaction.inspectors.pdf.hidden import sort_chars
from opcc.redaction.inspectors.pdf.miner import Miner
from opcc.redaction.inspectors.pdf.page_text import layout
from opcc.redaction.inspectors.pdf.pages import PageTreeMismatch
from opcc.redaction.inspectors.pdf.reader import PasswordProtected, Reader, Seen
from opcc.redaction.inspectors.pdf.revisions import (
    earlier_revision_ends,
    has_previous_section,
    read_earlier,
    read_unlisted,
    report_revisions,
)

__all__ = ["PageTreeMismatch", "PasswordProtected", "earlier_revision_ends", "inspect",
           "luminance", "page_texts"]


def inspect(inspection: Inspection) -> None:
    data = inspection.path.read_bytes()
    ends = earlier_revision_ends(data)
    reader = Reader(inspection, data, Seen(track=bool(ends)))
    reader.read()
    known = set(reader.numbers)
    if ends or has_previous_section(data):
        report_revisions(inspection, len(ends))
    for end in reversed(ends):  # newest first, so older ones skip what it already read
        known |= read_earlier(inspection, data[:end], reader.seen)
    read_unlisted(inspection, data, known)


def page_texts(path) -> list[str]:
    """The text of each page as laid out for the scanner (reading order, lines kept)."""
    with open(path, "rb") as handle:
        miner = Miner(handle.read(), frozenset())
    texts = []
    for page in miner.pages():
        shown = sort_chars(miner.read_page(page))["shown"]
        texts.append(layout(shown)[0] if shown else "")
    return texts
