"""The package around the documents: the manifest (an encrypted document refused), the
sub-documents, pictures, OLE objects and their replacement pictures, application
settings and signatures."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from opcc.redaction.inspectors.image import inspect_image_bytes, printable_strings
from opcc.redaction.inspectors.inspection import Inspection
from opcc.redaction.inspectors.odf.names import q
from opcc.redaction.inspectors.package import Package

OTHER_PICTURES = (".svm", ".svmz", ".wmf", ".wmz", ".emf", ".emz", ".gif", ".bmp", ".tif",
                  ".tiff", ".pct", ".met", ".webp", ".heic")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".jfif")
OLE_OBJECT = re.compile(r"(.+/)?(Object \d+|ObjectReplacements/.+)")


class EncryptedDocument(Exception):
    """The manifest says the parts are encrypted (a password-protected document)."""


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


def other_parts(inspection: Inspection, package: Package) -> None:
    """Pictures, the thumbnail, OLE objects, UI configuration and signatures."""
    for name in package.names:
        if name in package.read_parts:
            continue
        lower = name.lower()
        if lower.endswith(IMAGE_SUFFIXES):
            inspect_image_bytes(inspection, package.read(name), name)
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
            inspect_image_bytes(inspection, data, name)
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
