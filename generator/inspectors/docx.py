"""DOCX and DOCM documents: text, tracked changes, hidden text, comments and links."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

from .inspection import WARNING, Inspection
from .package import Package, office_properties
from .package import file_name as _file_name


def inspect(inspection: Inspection) -> None:
    _inspect_docx(inspection)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_PARTS = re.compile(r"/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_TRACKED = {"ins": "insertion", "del": "deletion", "moveFrom": "moved text (source)",
            "moveTo": "moved text (destination)"}
_EXTERNAL_KINDS = ("oleObject", "subDocument", "frame", "image", "package", "externalLink")


def _inspect_docx(inspection: Inspection) -> None:
    from docx import Document

    document = Document(str(inspection.path))
    with Package(inspection) as package:
        office_properties(inspection, package)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        _docx_relationships(inspection, part, name)
        if name.startswith("/word/embeddings/"):
            inspection.add("attachment.embedded-object", "The document holds an embedded "
                           f"object ({PurePosixPath(name).name}).", name.lstrip("/"))
        if _TEXT_PARTS.fullmatch(name):
            _docx_part(inspection, name.lstrip("/"), part.blob)


def _docx_relationships(inspection: Inspection, part, name: str) -> None:
    for rel in part.rels.values():
        if not rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind == "attachedTemplate":
            _docx_template(inspection, rel.target_ref, f"{name.lstrip('/')} template")
        elif kind in _EXTERNAL_KINDS:
            target = _file_name(rel.target_ref)
            inspection.add("attachment.external-link", f"The document links to an outside "
                           f"file ({target}).", f"{name.lstrip('/')} relationship {rel.rId}")


_USER_FOLDER = re.compile(r"(?i)[\\/](?:users|documents and settings|home)[\\/]([^\\/]+)")


def _docx_template(inspection: Inspection, target: str, location: str) -> None:
    """The attached template's path often holds the author's account folder."""
    inspection.scan(unquote(target), location, "in the template path")
    if _USER_FOLDER.search(unquote(target)):
        inspection.add("attachment.metadata", "The document's template path names a user's "
                       "folder, which usually identifies the author.", location, WARNING)


def _docx_part(inspection: Inspection, name: str, blob: bytes) -> None:
    root = ElementTree.fromstring(blob)
    if name == "word/comments.xml":
        _docx_comments(inspection, name, root)
        return
    for number, _ in enumerate(root.iter(f"{W}object"), 1):
        inspection.add("attachment.embedded-object", "The document holds an embedded object.",
                       f"{name} object {number}")
    in_paragraphs = sum(_docx_paragraph(inspection, name, number, paragraph)
                        for number, paragraph in enumerate(root.iter(f"{W}p"), 1))
    elsewhere = sum(1 for kind in _TRACKED for _ in root.iter(f"{W}{kind}")) - in_paragraphs
    if elsewhere > 0:
        inspection.add("attachment.tracked-change", f"{elsewhere} tracked change(s) to tables "
                       "or sections are still in the document.", name)


def _docx_tracked(inspection: Inspection, location: str, number: int, paragraph) -> int:
    kinds = [label for kind, label in _TRACKED.items() for _ in paragraph.iter(f"{W}{kind}")]
    if kinds:
        inspection.add("attachment.tracked-change", f"Paragraph {number} has {len(kinds)} "
                       f"tracked change(s) still in the document ({', '.join(kinds)}).",
                       location)
    return len(kinds)


_RUN_TEXT = (f"{W}t", f"{W}instrText")  # visible text and field codes (which hold mailto: links)


def _docx_paragraph(inspection: Inspection, name: str, number: int, paragraph) -> int:
    """Scan one paragraph (deleted text and field codes included); its tracked changes."""
    location = f"{name} paragraph {number}"
    tracked = _docx_tracked(inspection, location, number, paragraph)
    texts, hidden, deleted = [], [], []
    for run in paragraph.iter(f"{W}r"):
        run_text = " ".join(t.text or "" for t in run.iter() if t.tag in _RUN_TEXT)
        texts.append(run_text)
        deleted.extend(t.text or "" for t in run.iter(f"{W}delText"))
        properties = run.find(f"{W}rPr")
        vanished = properties is not None and properties.find(f"{W}vanish") is not None
        if vanished and run_text.strip():
            hidden.append(run_text)
    if hidden:
        inspection.add("attachment.hidden-text", f"Paragraph {number} holds text formatted "
                       f"as hidden ({sum(len(h) for h in hidden)} characters).", location)
    inspection.scan("".join(texts), location)
    inspection.scan("".join(deleted), location, "in deleted text (a tracked change)")
    return tracked


def _docx_comments(inspection: Inspection, name: str, root) -> None:
    for number, comment in enumerate(root.iter(f"{W}comment"), 1):
        location = f"{name} comment {number}"
        inspection.add("attachment.comment", f"Comment {number} is still in the document.",
                       location)
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                         for p in comment.iter(f"{W}p"))
        inspection.scan(text, location, "in a comment")
        author = comment.get(f"{W}author", "")
        if author:
            inspection.scan(author, location, "as a comment's author")


# --------------------------------------------------------------------------- PDF
#
# Pages are read with pdfminer.six (the engine under pdfplumber) through a small layout
# device that also records each character's text render mode; going through pdfplumber's
