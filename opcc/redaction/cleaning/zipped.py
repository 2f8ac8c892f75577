"""ZIP packages (OOXML and OpenDocument) opened for editing.

Every part is copied to the cleaned copy byte for byte, in its original order and with its
original compression (so an ODF `mimetype` stays first and stored), except the parts a
cleaner edited or removed. XML is parsed with entity expansion, DTD loading and network
access off, and only for the parts that are edited."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Self

MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # a package inflating past this is refused
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".jfif")
STANDALONE = re.compile(rb"<\?xml[^>]*standalone\s*=\s*[\"'](yes|no)[\"']")


class UnsafePackage(Exception):
    """The package is encrypted part by part, or inflates to far more than its size."""


def xml_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False)


def local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def remove_element(element) -> None:
    """Remove an element but keep the text that follows it (its tail) in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class ZipParts:
    """One package: its parts read on demand, edits and removals kept until `write`."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.infos = self.zip.infolist()
        if sum(info.file_size for info in self.infos) > MAX_TOTAL_BYTES:
            raise UnsafePackage("the package inflates to more than 1 GB")
        if any(info.flag_bits & 0x1 for info in self.infos):
            raise UnsafePackage("a part is encrypted (the file is password-protected)")
        self.names = [info.filename for info in self.infos if not info.is_dir()]
        self.removed: set[str] = set()
        self.edited: dict[str, bytes] = {}
        self.trees: dict[str, object] = {}  # parsed parts, serialised again on write
        self.standalone: dict[str, bool | None] = {}  # as each parsed part declared it
        self.changed: set[str] = set()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        return name in self.names and name not in self.removed

    def present(self) -> list[str]:
        return [name for name in self.names if name not in self.removed]

    def read(self, name: str) -> bytes:
        if name in self.changed:
            return self._serialise(name)
        return self.edited[name] if name in self.edited else self.zip.read(name)

    def xml(self, name: str):
        """The part's root element; edit it in place and call `mark_changed(name)`."""
        if name not in self.trees:
            from lxml import etree

            data = self.read(name)
            declared = STANDALONE.match(data.lstrip(b"\xef\xbb\xbf"))
            self.standalone[name] = None if declared is None else declared.group(1) == b"yes"
            self.trees[name] = etree.fromstring(data, xml_parser())
        return self.trees[name]

    def mark_changed(self, name: str) -> None:
        self.changed.add(name)

    def replace(self, name: str, data: bytes) -> None:
        self.edited[name] = data
        self.trees.pop(name, None)
        self.changed.discard(name)

    def remove(self, name: str) -> None:
        if name in self.names:
            self.removed.add(name)

    def _serialise(self, name: str) -> bytes:
        from lxml import etree

        standalone = self.standalone.get(name)
        options = {"standalone": standalone} if standalone is not None else {}
        return etree.tostring(self.trees[name], xml_declaration=True, encoding="UTF-8",
                              **options)

    def write(self, target: Path) -> None:
        with zipfile.ZipFile(target, "w") as out:
            for info in self.infos:
                if info.filename in self.removed:
                    continue
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                if info.is_dir():
                    out.writestr(copy, b"")
                else:
                    out.writestr(copy, self.read(info.filename))


def clean_pictures(parts: ZipParts) -> list[str]:
    """JPEG and PNG parts lose their metadata; each picture cleaned gives one line."""
    from opcc.redaction.cleaning.image import clean_embedded

    lines = []
    for name in parts.present():
        if name.lower().endswith(PICTURE_SUFFIXES):
            cleaned, found = clean_embedded(parts.read(name))
            if cleaned is not None:
                parts.replace(name, cleaned)
                lines.extend(f"removed {what} from the picture {name}" for what in found)
    return lines
