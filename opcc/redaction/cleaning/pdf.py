"""PDF: saved again in full with pikepdf, without earlier revisions, personal properties
and comments.

A full save writes only the objects the current revision uses, so the incremental saves
before it (which can still hold deleted text or old properties) are gone. Also removed:
the author and every custom entry of the document information; the XMP metadata (the
catalog's is cut down to its public properties when the file claims PDF/A or PDF/UA
conformance, which needs it; every other object's is dropped); application private data
(PieceInfo);
and note-type annotations: sticky notes, their pop-ups, typed comments and text mark-ups.
Drawn mark-ups (boxes, stamps, ink) change how the page looks, so they stay, without
their comment text and author. Links and form fields are never touched."""

from __future__ import annotations

import re
from pathlib import Path

NOTE_TYPES = {"/Text", "/Popup", "/FreeText", "/Highlight", "/Underline", "/StrikeOut",
              "/Squiggly", "/Caret", "/Sound"}
DRAWN_TYPES = {"/Square", "/Circle", "/Line", "/Polygon", "/PolyLine", "/Ink", "/Stamp",
               "/Redact"}
COMMENT_KEYS = ("/Contents", "/T", "/RC", "/Subj")
PUBLIC_INFO = {"/Title", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate",
               "/ModDate", "/Trapped"}
PDFA, PDFUA = "http://www.aiim.org/pdfa/ns/id/", "http://www.aiim.org/pdfua/ns/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC, PDF, XMP = ("http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/pdf/1.3/",
                "http://ns.adobe.com/xap/1.0/")
KEPT_XMP = {f"{{{DC}}}title", f"{{{DC}}}description", f"{{{DC}}}language", f"{{{DC}}}format",
            f"{{{PDF}}}Producer", f"{{{PDF}}}Keywords", f"{{{PDF}}}PDFVersion",
            f"{{{XMP}}}CreateDate", f"{{{XMP}}}ModifyDate", f"{{{XMP}}}MetadataDate",
            f"{{{XMP}}}CreatorTool", "{http://www.aiim.org/pdfa/ns/extension/}schemas"}
INFO_TWINS = {"/Title": f"{{{DC}}}title", "/Subject": f"{{{DC}}}description",
              "/Keywords": f"{{{PDF}}}Keywords", "/Creator": f"{{{XMP}}}CreatorTool",
              "/Producer": f"{{{PDF}}}Producer"}  # PDF/A wants both or neither
END_OF_FILE = re.compile(rb"(?:^|[\r\n])%%EOF")


def clean(source: Path, target: Path) -> list[str]:
    import pikepdf

    revisions = earlier_revisions(source.read_bytes())
    with pikepdf.open(source) as pdf:
        removed = [*_information(pdf), *_xmp(pdf), *_object_metadata(pdf), *_comments(pdf)]
        if pdf.is_encrypted:  # it opened without a password, so only restrictions go
            removed.append("removed the encryption: the file opened without a password, "
                           "and the copy has no editing or printing restrictions")
        pdf.save(target, fix_metadata_version=False, encryption=False)
    if revisions:
        noun = "an earlier revision" if revisions == 1 else f"{revisions} earlier revisions"
        removed.append(f"removed {noun} (incremental saves still inside the file)")
    return removed


def earlier_revisions(data: bytes) -> int:
    """Incremental saves before the last one; a linearized file has one extra end marker."""
    ends = len(END_OF_FILE.findall(data))
    if b"/Linearized" in data[:2048] and ends >= 2:
        ends -= 1
    return max(ends - 1, 0)


def _information(pdf) -> list[str]:
    from opcc.redaction.inspectors.inspection import looks_like_person

    info = pdf.trailer.get("/Info")
    if info is None:
        return []
    removed, custom = [], 0
    for key in list(info.keys()):
        value = str(info.get(key) or "").strip()
        if key == "/Author":
            if value:
                removed.append("removed the author (document properties)")
        elif key not in PUBLIC_INFO:
            custom += 1
        elif key in ("/Creator", "/Producer") and looks_like_person(value):
            removed.append(f"removed the {key[1:].lower()} (document properties; it named "
                           "a person)")
        else:
            continue
        del info[key]
    if custom:
        removed.append(f"removed {custom} custom document "
                       f"propert{'y' if custom == 1 else 'ies'}")
    return removed


def _xmp(pdf) -> list[str]:
    """The catalog's XMP: dropped, or cut down to the public properties when the file
    claims PDF/A or PDF/UA conformance, which needs it."""
    if "/Metadata" not in pdf.Root:
        return []
    info = pdf.trailer.get("/Info") or {}
    try:
        kept, standards = public_xmp(pdf.Root.Metadata.read_bytes(), set(info.keys()))
    except Exception:  # noqa: BLE001 - XMP that can't be read is dropped like any other
        kept, standards = None, []
    if kept is None:
        del pdf.Root.Metadata
        return ["removed the XMP metadata (document properties)"]
    pdf.Root.Metadata.write(kept)
    claims = " and ".join(standards) + " conformance claim" + "s" * (len(standards) > 1)
    return [(f"removed the XMP metadata (document properties), keeping only the {claims} "
             "and the properties kept above")]


def public_xmp(data: bytes, info_keys: set[str]) -> tuple[bytes | None, list[str]]:
    """The XMP packet with only KEPT_XMP and the conformance properties, and the
    standards it claims; (None, []) when it claims none."""
    from lxml import etree

    from opcc.redaction.cleaning.zipped import xml_parser

    root = etree.fromstring(data.strip(b"\x00 \t\r\n"), xml_parser())
    dropped = {twin for key, twin in INFO_TWINS.items() if key not in info_keys}
    standards = set()
    for description in root.iter(f"{{{RDF}}}Description"):
        for name in [n for n in description.attrib if n != f"{{{RDF}}}about"]:
            standards |= _claims(name)
            if not _public(name, dropped):
                del description.attrib[name]
        for child in [c for c in description if isinstance(c.tag, str)]:
            standards |= _claims(child.tag)
            if not _public(child.tag, dropped):
                description.remove(child)
    if not standards:
        return None, []
    return etree.tostring(root.getroottree(), encoding="utf-8"), sorted(standards)


def _claims(name: str) -> set[str]:
    if name.startswith(f"{{{PDFA}}}"):
        return {"PDF/A"}
    return {"PDF/UA"} if name.startswith(f"{{{PDFUA}}}") else set()


def _public(name: str, dropped: set[str]) -> bool:
    return bool(_claims(name)) or (name in KEPT_XMP and name not in dropped)


def _object_metadata(pdf) -> list[str]:
    """XMP on pages, pictures and fonts, and PieceInfo (an application's private data)."""
    import pikepdf

    root = pdf.Root.objgen
    xmp = private = 0
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if "/PieceInfo" in obj:
            del obj["/PieceInfo"]
            private += 1
        if obj.objgen != root and "/Metadata" in obj:
            del obj["/Metadata"]
            xmp += 1
    removed = []
    if xmp:
        removed.append(f"removed XMP metadata from {xmp} "
                       f"{'part' if xmp == 1 else 'parts'} of the file (pages, pictures, fonts)")
    if private:
        removed.append("removed application private data (PieceInfo) from "
                       f"{private} {'part' if private == 1 else 'parts'} of the file")
    return removed


def _comments(pdf) -> list[str]:
    removed: set[tuple[int, int]] = set()
    notes = 0
    for page in pdf.pages:
        notes += _drop_notes(page.obj, removed)
    drawn = sum(_strip_drawn(annotation, removed)
                for page in pdf.pages for annotation in page.obj.get("/Annots") or [])
    lines = []
    if notes:
        lines.append(f"removed {notes} comment{'s' if notes != 1 else ''} "
                     "(notes, typed comments and highlights)")
    if drawn:
        lines.append(f"removed the comment text and author of {drawn} drawn mark-up"
                     f"{'s' if drawn != 1 else ''} (boxes, stamps, ink: the shapes are kept)")
    return lines


def _drop_notes(page, removed: set) -> int:
    import pikepdf

    annotations = page.get("/Annots")
    if not annotations:
        return 0
    kept, notes = pikepdf.Array(), 0
    for annotation in annotations:
        subtype = annotation.get("/Subtype") if isinstance(annotation, pikepdf.Dictionary) \
            else None
        if subtype not in NOTE_TYPES:
            kept.append(annotation)
            continue
        notes += subtype != "/Popup"  # a pop-up is the window of a note, not a comment
        if annotation.is_indirect:
            removed.add(annotation.objgen)
        _wipe(annotation)
    if len(kept) != len(annotations):
        if len(kept):
            page.Annots = kept
        else:
            del page.Annots
    return notes


def _wipe(annotation) -> None:
    """Also empty the removed annotation itself: a tagged PDF's structure tree may still
    point to it, and then the save would keep it."""
    for key in list(annotation.keys()):
        if key not in ("/Type", "/Subtype", "/Rect"):
            del annotation[key]
    annotation["/F"] = 2  # hidden


def _strip_drawn(annotation, removed: set) -> int:
    import pikepdf

    if not isinstance(annotation, pikepdf.Dictionary):
        return 0
    for key in ("/Popup", "/IRT"):
        linked = annotation.get(key)
        if linked is not None and linked.is_indirect and linked.objgen in removed:
            del annotation[key]
    if annotation.get("/Subtype") not in DRAWN_TYPES:
        return 0
    found = [key for key in COMMENT_KEYS if key in annotation]
    for key in found:
        del annotation[key]
    return 1 if found else 0
