"""ZIP packages (OOXML and OpenDocument): every part is read or known to carry no text.

A format module opens the file as a `Package`, reads the parts it understands with its
own rules (`xml`, `read`), hands the rest of the text-bearing parts to `scan_xml` (every
text node and every attribute value), and calls `finish(inert)` last: any part nobody
read and that is not on the format's reviewed list of inert parts (themes, fonts, styles
without text) is an `attachment.unknown-part` error, so nothing is published unread.

XML is parsed with lxml with entity expansion, DTD loading and network access off; a
package whose parts would inflate past the limits below is refused as unreadable.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote

from opcc.redaction.inspectors.image import inspect_image_bytes
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.markup import local

MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # uncompressed size of all parts together
MAX_RATIO = 200  # uncompressed / compressed size of one large part: a zip bomb
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".jfif")
OTHER_PICTURES = (".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".emz", ".wmz", ".svg")
RELATIONSHIPS = re.compile(r"(^|/)_rels/[^/]*\.rels$")


class UnsafePackage(Exception):
    """The package is too large once inflated, or encrypted part by part."""


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, recover=False, remove_comments=False)


class Package:
    """One open OOXML or ODF file; tracks which parts have been read."""

    def __init__(self, inspection: Inspection):
        self.inspection = inspection
        self.zip = zipfile.ZipFile(inspection.path)
        infos = self.zip.infolist()
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise UnsafePackage("the package inflates to more than 1 GB")
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnsafePackage("a part is encrypted (password-protected)")
            inflated = info.file_size > MAX_RATIO * max(info.compress_size, 1)
            if info.file_size > 10_000_000 and inflated:
                raise UnsafePackage(f"part {info.filename} is a zip bomb")
        self.names = [info.filename for info in infos if not info.filename.endswith("/")]
        self.read_parts: set[str] = set()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        return name in self.names

    def matching(self, pattern: str) -> list[str]:
        """Part names that fully match the regular expression, in package order."""
        compiled = re.compile(pattern)
        return [name for name in self.names if compiled.fullmatch(name)]

    def read(self, name: str) -> bytes:
        self.read_parts.add(name)
        return self.zip.read(name)

    def xml(self, name: str):
        """The part parsed (lxml element), marked as read."""
        from lxml import etree

        return etree.fromstring(self.read(name), _parser())

    def account(self, name: str) -> None:
        """Mark a part as read by other means (a library that read it in full)."""
        self.read_parts.add(name)

    def scan_xml(self, name: str, where: str = "", root=None) -> None:
        """Every text node (joined within each paragraph) and every attribute value."""
        root = self.xml(name) if root is None else root
        self.read_parts.add(name)
        self.inspection.scan_lines("\n".join(xml_texts(root)), f"{name} ", where)

    def relationships(self, name: str) -> list[dict[str, str]]:
        """The relationships of a .rels part: Id, Type, Target (decoded), TargetMode."""
        root = self.xml(name)
        return [{"Id": rel.get("Id", ""), "Type": rel.get("Type", ""),
                 "Target": unquote(rel.get("Target", "")),
                 "TargetMode": rel.get("TargetMode", "")} for rel in root]

    def scan_relationships(self) -> None:
        """Every relationship target of every .rels part is scanned (links, file paths)."""
        for name in self.matching(r".*\.rels"):
            for rel in self.relationships(name):
                self.inspection.scan(rel["Target"], f"{name} relationship {rel['Id']}",
                                     "in a link or file path")

    def scan_images(self) -> None:
        """Embedded pictures get the image attachment check; other picture formats are
        binary data the gate cannot read, and are marked read only if inert (see finish)."""
        for name in self.names:
            if name.lower().endswith(IMAGE_SUFFIXES):
                inspect_image_bytes(self.inspection, self.read(name), name)

    def finish(self, inert: Iterable[str]) -> None:
        """Report every part neither read nor on the format's reviewed inert list."""
        patterns = [re.compile(p) for p in inert]
        for name in self.names:
            if name in self.read_parts or any(p.fullmatch(name) for p in patterns):
                continue
            self.inspection.add("attachment.unknown-part",
                                f"The file holds a part the gate cannot read "
                                f"({PurePosixPath(name).name}), so it cannot be checked in "
                                "full.", name)


PARAGRAPHS = {"p", "si", "is", "h", "comment", "title", "text", "tx", "v", "f", "t"}


def xml_texts(root) -> list[str]:
    """The texts of an XML tree as a reader would meet them: the text of each paragraph-like
    element joined without separators (so runs split mid-word read as one), each other text
    node on its own, and every attribute value on its own line."""
    texts: list[str] = []
    _walk(root, texts)
    return texts


def _walk(element, texts: list[str]) -> None:
    for value in element.attrib.values():
        if value.strip():
            texts.append(value)
    name = local(element.tag)
    if name in PARAGRAPHS and len(element):
        texts.append("".join(element.itertext()))
        for child in element.iter():
            for value in child.attrib.values():
                if value.strip() and child is not element:
                    texts.append(value)
        return
    if element.text and element.text.strip():
        texts.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            if child.text and child.text.strip():
                texts.append(child.text)
        else:
            _walk(child, texts)
        if child.tail and child.tail.strip():
            texts.append(child.tail)


# --------------------------------------------------------------------------- OOXML metadata

CORE_PERSON = {"creator": "author", "lastModifiedBy": "last modified by"}
APP_PERSON = {"Manager": "manager", "Company": "company"}


def office_properties(inspection: Inspection, package: Package) -> None:
    """docProps/core.xml, app.xml and custom.xml: people named, and every value scanned."""
    for part, people in (("docProps/core.xml", CORE_PERSON), ("docProps/app.xml", APP_PERSON)):
        if not package.has(part):
            continue
        root = package.xml(part)
        for child in root.iter():
            tag = local(child.tag)
            if tag in people:
                inspection.metadata(child.text, f"{part} {people[tag]}", people[tag],
                                    scan=False)
        package.scan_xml(part, "in the document properties", root)
    if package.has("docProps/custom.xml"):
        root = package.xml("docProps/custom.xml")
        for prop in root:
            name = prop.get("name", "")
            value = "".join(prop.itertext())
            inspection.metadata(value, f"docProps/custom.xml property '{name}'",
                                name if re.search(r"(?i)author|owner|name|by$", name) else None)
            inspection.scan(name, "docProps/custom.xml", "in a custom property's name")
        package.account("docProps/custom.xml")


def file_name(target: str) -> str:
    """The last part of a path or URL, decoded; never the folders (they may name a person)."""
    return unquote(re.split(r"[\\/]", target.rstrip("/\\"))[-1])


def part_rels(name: str) -> str:
    """The .rels part of a part: xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels."""
    path = PurePosixPath(name)
    return f"{path.parent}/_rels/{path.name}.rels".lstrip("./")
