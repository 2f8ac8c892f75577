"""`Reader`: one revision of a PDF, read in full into one Inspection.

The reading is split by what is read: `CatalogReader` (catalog.py) for document-level
features, `PageReader` (pages.py) for pages and annotations, `ObjectReader` (objects.py) for
every object. `Reader` holds the state they share and the ways they report."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.pdf.catalog import CatalogReader
from opcc.redaction.inspectors.pdf.miner import Miner
from opcc.redaction.inspectors.pdf.objects import ObjectReader
from opcc.redaction.inspectors.pdf.pages import PageReader
from opcc.redaction.inspectors.pdf.structures import hidden_optional_content
from opcc.redaction.inspectors.pdf.values import listed_objects, unparse


class PasswordProtected(Exception):
    """The PDF needs a password to open."""


@dataclass
class Seen:
    """What newer revisions already read: earlier ones skip unchanged objects and pages."""

    track: bool
    objects: set[bytes] = field(default_factory=set)
    pages: set[bytes] = field(default_factory=set)


class Reader(CatalogReader, PageReader, ObjectReader):
    """One revision of a PDF, read in full into one Inspection."""

    def __init__(self, inspection: Inspection, data: bytes, seen: Seen):
        import pikepdf

        self.inspection = inspection
        try:
            self.pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PasswordError as exc:
            raise PasswordProtected("the PDF needs a password") from exc
        self.seen = seen
        self.hidden_oc = hidden_optional_content(self.pdf)
        self.miner = Miner(data, self.hidden_oc)
        self.objects = listed_objects(self.pdf)
        self.numbers = [objgen[0] for objgen in self.pdf.get_xref_table()]
        self.scanned: set[str] = set()  # texts already scanned where a reader would look
        self.read_streams: set[int] = set()  # streams already read (contents, forms, XMP…)
        self.people: set[str] = set()  # names already warned about as document authors
        self.image_pages: dict[int, int] = {}
        self.fields: set[tuple] = set()  # form fields and widgets read with read_form

    # ---------------------------------------------------------------- reporting

    def scan(self, text: str, location: str, where: str = "") -> None:
        if text and text.strip():
            self.scanned.add(text)
            self.inspection.scan(text, location, where)

    def metadata(self, text: str, location: str, label: str | None = None) -> None:
        if not text or not text.strip():
            return
        self.scanned.add(text)
        if label and text.casefold() in self.people:
            label = None
        elif label:
            self.people.add(text.casefold())
        self.inspection.metadata(text, location, label)

    def safe(self, text: str) -> bool:
        """True when a label (field name, file name…) may appear in a finding as it is."""
        return bool(text) and not self.inspection.scanner.scan(text)

    def new(self, obj) -> bool:
        """False when an older revision's object is the same as one already read."""
        if not self.seen.track:
            return True
        digest = _signature(obj)
        if digest in self.seen.objects:
            return False
        self.seen.objects.add(digest)
        return True

    # ---------------------------------------------------------------- the whole revision

    def read(self) -> None:
        self.read_information()
        self.read_catalog_metadata()
        self.read_outlines()
        self.read_page_labels()
        self.read_names()
        self.read_catalog_actions()
        self.read_form()
        self.read_pages()
        self.read_objects()


def _signature(obj) -> bytes:
    import pikepdf

    digest = hashlib.blake2b(str(obj.objgen).encode(), digest_size=16)
    digest.update(unparse(obj))
    if isinstance(obj, pikepdf.Stream):
        digest.update(obj.read_raw_bytes())
    return digest.digest()
