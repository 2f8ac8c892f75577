"""OOXML documents (DOCX, XLSX, PPTX and their macro-enabled forms).

Removed: the people in the document properties (author, last modified by, manager,
company; title and subject are public and stay), the custom properties part, every
comment with its authors list (Word comments and people, Excel notes, threaded comments,
persons and the legacy drawings that only draw the notes, PowerPoint comments and comment
authors), Word's attached template path and Excel's saved-in folder, and the metadata of
embedded JPEG and PNG pictures.

Parts are found by relationship type (and by their usual names as well). Removing a part
also removes its relationships, the elements that pointed to it by relationship id (a
sheet's legacyDrawing, a slide's modern-comment link), its content-type override, and the
parts only it used."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from opcc.redaction.cleaning.zipped import ZipParts, clean_pictures, local, remove_element

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = "[Content_Types].xml"
RELS = re.compile(r"(?:.*/)?_rels/[^/]*\.rels")
COMMENT_KINDS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible",
                 "people", "threadedComment", "person", "commentAuthors", "authors"}
COMMENT_NAMES = re.compile(r"word/(comments[^/]*|people)\.xml|xl/comments[^/]*\.xml|"
                           r"xl/comments/[^/]+\.xml|"
                           r"xl/(threadedComments|persons)/[^/]+\.xml|ppt/comments/[^/]+\.xml|"
                           r"ppt/(commentAuthors|authors)\.xml")
COMMENT_ANCHORS = ("commentRangeStart", "commentRangeEnd", "commentReference")
CORE_PEOPLE = {"creator": "the author", "lastModifiedBy": "'last modified by'"}
APP_PEOPLE = {"Manager": "the manager", "Company": "the company"}
NOTE_SHAPE = re.compile(rb"ClientData[^>]*ObjectType\s*=\s*[\"'](\w+)")


def clean(source: Path, target: Path) -> list[str]:
    with ZipParts(source) as parts:
        package = Relationships(parts)
        removed = [*_people(parts, "docProps/core.xml", CORE_PEOPLE),
                   *_people(parts, "docProps/app.xml", APP_PEOPLE),
                   *_custom_properties(parts, package), *_comments(parts, package),
                   *_template(parts, package), *_saved_folder(parts),
                   *clean_pictures(parts)]
        package.prune()
        parts.write(target)
    return removed


# --------------------------------------------------------------------------- relationships

def source_of(rels: str) -> str:
    """word/_rels/document.xml.rels -> word/document.xml; _rels/.rels -> '' (the package)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[:-len(".rels")])


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


class Relationships:
    """The package's relationships, and the tidying after parts are removed."""

    def __init__(self, parts: ZipParts):
        self.parts = parts
        self.dropped: dict[str, set[str]] = {}  # source part -> relationship ids removed

    def all(self):
        """(rels part, Relationship element, source part, resolved target or None, kind)."""
        for rels in [n for n in self.parts.present() if RELS.fullmatch(n)]:
            source = source_of(rels)
            for rel in self.parts.xml(rels):
                external = rel.get("TargetMode") == "External"
                target = None if external else resolve(source, rel.get("Target", ""))
                yield rels, rel, source, target, rel.get("Type", "").rsplit("/", 1)[-1]

    def targets(self, kinds: set[str]) -> list[str]:
        return [target for _, _, _, target, kind in self.all()
                if kind in kinds and target and self.parts.has(target)]

    def drop(self, rels: str, rel) -> None:
        self.dropped.setdefault(source_of(rels), set()).add(rel.get("Id", ""))
        rel.getparent().remove(rel)
        self.parts.mark_changed(rels)

    def remove_parts(self, names) -> None:
        """Remove parts with their own relationships, then whatever only they used."""
        used_by_removed = set()
        for name in names:
            if not self.parts.has(name):
                continue
            if self.parts.has(rels_of(name)):
                used_by_removed.update(t for _, _, s, t, _ in self.all() if s == name and t)
                self.parts.remove(rels_of(name))
            self.parts.remove(name)
        self._drop_dangling()
        still_used = {t for _, _, _, t, _ in self.all() if t}
        orphans = [n for n in used_by_removed if self.parts.has(n) and n not in still_used]
        if orphans:
            self.remove_parts(orphans)

    def _drop_dangling(self) -> None:
        for rels, rel, _, target, _ in list(self.all()):
            if target and target in self.parts.removed:
                self.drop(rels, rel)

    def prune(self) -> None:
        """Elements pointing to dropped relationships, relationship parts left empty and
        the content-type overrides of removed parts."""
        for source, ids in self.dropped.items():
            if source and self.parts.has(source):
                _drop_id_references(self.parts, source, ids)
            if source and self.parts.has(rels_of(source)) and \
                    not len(self.parts.xml(rels_of(source))):
                self.parts.remove(rels_of(source))
        if self.parts.has(CONTENT_TYPES):
            types = self.parts.xml(CONTENT_TYPES)
            for override in list(types):
                name = override.get("PartName", "").lstrip("/")
                if local(override.tag) == "Override" and name in self.parts.removed:
                    types.remove(override)
                    self.parts.mark_changed(CONTENT_TYPES)


def _drop_id_references(parts: ZipParts, source: str, ids: set[str]) -> None:
    if not source.endswith(".xml"):
        return
    root = parts.xml(source)
    pointing = [element for element in root.iter() if isinstance(element.tag, str) and any(
        key.startswith(f"{{{REL_NS}}}") and value in ids
        for key, value in element.attrib.items())]
    for element in pointing:
        parent = element.getparent()
        remove_element(element)
        _drop_if_empty_extension(parent)
    if pointing:
        parts.mark_changed(source)


def _drop_if_empty_extension(element) -> None:
    """An extension (ext, extLst, AlternateContent) left empty goes as well."""
    while element is not None and len(element) == 0 and local(element.tag) in (
            "ext", "extLst", "Choice", "Fallback", "AlternateContent"):
        parent = element.getparent()
        remove_element(element)
        element = parent


# --------------------------------------------------------------------------- properties

def _people(parts: ZipParts, name: str, people: dict[str, str]) -> list[str]:
    if not parts.has(name):
        return []
    removed = []
    root = parts.xml(name)
    for element in [e for e in root if local(e.tag) in people]:
        if (element.text or "").strip():
            removed.append(f"removed {people[local(element.tag)]} (document properties)")
        remove_element(element)
        parts.mark_changed(name)
    return removed


def _custom_properties(parts: ZipParts, package: Relationships) -> list[str]:
    names = set(package.targets({"custom-properties"}))
    if parts.has("docProps/custom.xml"):
        names.add("docProps/custom.xml")
    if not names:
        return []
    count = sum(len(parts.xml(name)) for name in names)
    package.remove_parts(sorted(names))
    return [f"removed {count} custom document propert{'y' if count == 1 else 'ies'}"]


# --------------------------------------------------------------------------- comments

def _comments(parts: ZipParts, package: Relationships) -> list[str]:
    names = set(package.targets(COMMENT_KINDS))
    names.update(name for name in parts.present() if COMMENT_NAMES.fullmatch(name))
    count = _count_comments(parts, names)
    anchors = _drop_anchors(parts)
    notes = _note_drawings(parts, package)
    if not names and not anchors and not notes:
        return []
    package.remove_parts(sorted(names | notes))
    if count:
        return [(f"removed {count} comment{'s' if count != 1 else ''} (and the list of "
                 "their authors)")]
    if names:
        return ["removed the list of people who commented on or changed the document"]
    return ["removed the anchors of deleted comments"]


def _count_comments(parts: ZipParts, names: set[str]) -> int:
    """Comments (Word, Excel notes, PowerPoint), else threaded comments when only those."""
    legacy = threaded = 0
    for name in names:
        for element in parts.xml(name).iter():
            tag = local(element.tag)
            parent = element.getparent()
            if tag in ("comment", "cm") and parent is not None and \
                    local(parent.tag) in ("comments", "commentList", "cmLst"):
                legacy += 1
            elif tag == "threadedComment":
                threaded += 1
    return legacy or threaded


def _drop_anchors(parts: ZipParts) -> int:
    """Where Word's text points to its comments: range marks and reference runs."""
    dropped = 0
    for name in parts.present():
        if not name.endswith(".xml"):
            continue
        data = parts.read(name)
        if not any(anchor.encode() in data for anchor in COMMENT_ANCHORS):
            continue
        root = parts.xml(name)
        for element in [e for e in root.iter(*(f"{{{W_NS}}}{a}" for a in COMMENT_ANCHORS))]:
            run = element.getparent()
            remove_element(element)
            dropped += 1
            if local(run.tag) == "r" and all(local(c.tag) == "rPr" for c in run):
                remove_element(run)
        parts.mark_changed(name)
    return dropped


def _note_drawings(parts: ZipParts, package: Relationships) -> set[str]:
    """Excel's legacy VML drawings: removed when they only draw notes, else their note
    shapes are removed and the drawing (form controls, header pictures) is kept."""
    whole = set()
    for drawing in package.targets({"vmlDrawing"}):
        kinds = [k.decode() for k in NOTE_SHAPE.findall(parts.read(drawing))]
        if not kinds or "Note" not in kinds:
            continue
        if all(kind == "Note" for kind in kinds):
            whole.add(drawing)
        else:
            _drop_note_shapes(parts, drawing)
    return whole


def _drop_note_shapes(parts: ZipParts, drawing: str) -> None:
    try:
        root = parts.xml(drawing)
    except Exception:  # noqa: BLE001 - VML that isn't XML is left; the inspector reads it
        return
    for data in [e for e in root.iter() if local(e.tag) == "ClientData"
                 and e.get("ObjectType") == "Note"]:
        shape = data.getparent()
        if shape is not None and shape.getparent() is not None:
            remove_element(shape)
    parts.mark_changed(drawing)


# --------------------------------------------------------------------------- paths

def _template(parts: ZipParts, package: Relationships) -> list[str]:
    """Word's attached template: its path often holds the author's account folder."""
    found = [(rels, rel) for rels, rel, _, target, kind in package.all()
             if kind == "attachedTemplate" and target is None]
    for rels, rel in found:
        package.drop(rels, rel)
    return [("removed the path of the template the document was made from (it can name a "
             "user's folder)")] if found else []


def _saved_folder(parts: ZipParts) -> list[str]:
    """Excel keeps the folder the workbook was last saved in (x15ac:absPath)."""
    name = "xl/workbook.xml"
    if not parts.has(name) or b"absPath" not in parts.read(name):
        return []
    root = parts.xml(name)
    paths = [e for e in root.iter() if local(e.tag) == "absPath"]
    for element in paths:
        parent = element.getparent()
        remove_element(element)
        _drop_if_empty_extension(parent)
    parts.mark_changed(name)
    return ["removed the folder the workbook was last saved in"] if paths else []
