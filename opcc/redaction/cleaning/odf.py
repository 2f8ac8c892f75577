"""OpenDocument files (ODT, ODS, ODP).

Removed: the people in meta.xml (author, initial author, printed by), its template path,
every user-defined (custom) property, every comment (office:annotation and its end mark,
in the text, in cells, on slides, in headers and footers) and the metadata of embedded
JPEG and PNG pictures. Title and subject are public and stay. Everything else, the
`mimetype` part first and stored included, is copied as it was."""

from __future__ import annotations

from pathlib import Path

from opcc.redaction.cleaning.zipped import (
    ZipParts,
    clean_pictures,
    local,
    namespace,
    remove_element,
)

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC = "http://purl.org/dc/elements/1.1/"
ANNOTATION_NAMESPACES = {OFFICE, "http://openoffice.org/2009/office",
                         "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"}
PEOPLE = {(DC, "creator"): "the author", (META, "initial-creator"): "the initial author",
          (META, "printed-by"): "'printed by'",
          (META, "template"): "the template path"}
NOT_CONTENT = ("meta.xml", "settings.xml", "META-INF/manifest.xml")


def clean(source: Path, target: Path) -> list[str]:
    with ZipParts(source) as parts:
        removed = [*_meta(parts), *_annotations(parts), *clean_pictures(parts)]
        parts.write(target)
    return removed


def _meta(parts: ZipParts) -> list[str]:
    """meta.xml, and that of each embedded object (a chart, a formula)."""
    removed, custom = [], 0
    for name in parts.present():
        if name == "meta.xml" or name.endswith("/meta.xml"):
            custom += _meta_part(parts, name, removed)
    if custom:
        removed.append(f"removed {custom} custom document "
                       f"propert{'y' if custom == 1 else 'ies'}")
    return removed


def _meta_part(parts: ZipParts, name: str, removed: list[str]) -> int:
    root = parts.xml(name)
    custom = 0
    for element in list(root.iter()):
        key = (namespace(element.tag), local(element.tag))
        if key == (META, "user-defined"):
            custom += 1
        elif key in PEOPLE:
            line = f"removed {PEOPLE[key]} (document properties)"
            if ((element.text or "").strip() or element.attrib) and line not in removed:
                removed.append(line)
        else:
            continue
        remove_element(element)
        parts.mark_changed(name)
    return custom


def _annotations(parts: ZipParts) -> list[str]:
    count = 0
    for name in parts.present():
        if not name.endswith(".xml") or name.endswith(NOT_CONTENT) or \
                b"annotation" not in parts.read(name):
            continue
        root = parts.xml(name)
        found = [e for e in root.iter() if namespace(e.tag) in ANNOTATION_NAMESPACES
                 and local(e.tag) in ("annotation", "annotation-end")]
        for element in found:
            count += local(element.tag) == "annotation"
            remove_element(element)
        if found:
            parts.mark_changed(name)
    return [f"removed {count} comment{'s' if count != 1 else ''}"] if count else []
