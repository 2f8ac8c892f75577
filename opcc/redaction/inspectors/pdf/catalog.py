"""What the document catalog reaches, read by `Reader`: the document information, XMP
metadata, bookmarks, page labels, name trees, actions and the links and files they open,
attached files, and form fields with their values and appearances."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from opcc.redaction.inspectors.pdf.structures import (
    appearance_streams,
    embedded_streams,
    form_fields,
    outline_items,
    tree_entries,
    xfa_streams,
)
from opcc.redaction.inspectors.pdf.values import (
    as_list,
    decode_bytes,
    lookup,
    name_of,
    object_number,
    text_of,
    texts_of,
)


class CatalogReader:
    """Part of `Reader`: the document-level features (see the module docstring)."""

    def read_information(self) -> None:
        import pikepdf

        info = lookup(self.pdf.trailer, "/Info")
        if not isinstance(info, pikepdf.Dictionary):
            return
        for key, value in info.items():
            name = name_of(key)
            place = name.lower() if self.safe(name) else "(a custom property)"
            self.scan(name, "PDF information property names")
            self.metadata(text_of(value), f"PDF information {place}",
                          "author" if name == "Author" else None)

    def read_catalog_metadata(self) -> None:
        stream = lookup(self.pdf.Root, "/Metadata")
        if stream is not None and object_number(stream) is not None:
            self.read_xmp(stream, "XMP metadata")

    def read_xmp(self, stream, location: str) -> None:
        self.read_streams.add(stream.objgen[0])
        for text, creator in xmp_texts(stream.read_bytes()):
            self.metadata(text, location, "author" if creator else None)

    def read_outlines(self) -> None:
        outlines = lookup(self.pdf.Root, "/Outlines")
        for index, item in enumerate(outline_items(outlines), 1):
            location = f"bookmark {index}"
            self.scan(text_of(lookup(item, "/Title")), location)
            self.scan(text_of(lookup(item, "/Dest")), location)
            self.read_action(lookup(item, "/A"), location)

    def read_page_labels(self) -> None:
        for _, label in tree_entries(lookup(self.pdf.Root, "/PageLabels"), "/Nums"):
            self.scan(text_of(lookup(label, "/P")), "page labels")

    def read_names(self) -> None:
        import pikepdf

        names = lookup(self.pdf.Root, "/Names")
        for kind, place in (("/Dests", "named destinations"), ("/AP", "named appearances"),
                            ("/JavaScript", "document JavaScript"), ("/Pages", "named pages"),
                            ("/Templates", "page templates"), ("/IDS", "web capture IDs"),
                            ("/URLS", "web capture URLs"), ("/Renditions", "renditions"),
                            ("/EmbeddedFiles", "PDF embedded files"),
                            ("/AlternatePresentations", "alternate presentations")):
            for key, value in tree_entries(lookup(names, kind), "/Names"):
                self.scan(text_of(key), place)
                if kind == "/EmbeddedFiles":
                    self.read_file_spec(value, text_of(key), place)
                elif kind == "/JavaScript":
                    self.read_action(value, place)
        dests = lookup(self.pdf.Root, "/Dests")
        for key in (dests.keys() if isinstance(dests, pikepdf.Dictionary) else ()):
            self.scan(name_of(key), "named destinations")

    def read_catalog_actions(self) -> None:
        root = self.pdf.Root
        self.read_action(lookup(root, "/OpenAction"), "the action run on opening")
        self.read_actions(lookup(root, "/AA"), "document actions")

    # ---------------------------------------------------------------- actions and files

    def read_actions(self, actions, location: str) -> None:
        """An /AA dictionary: one action per trigger."""
        import pikepdf

        if isinstance(actions, pikepdf.Dictionary):
            for action in actions.values():
                self.read_action(action, location)

    def read_action(self, action, location: str, depth: int = 0) -> None:
        import pikepdf

        if not isinstance(action, pikepdf.Dictionary) or depth > 20:
            return
        kind = str(lookup(action, "/S") or "")
        if kind == "/URI":
            uri = text_of(lookup(action, "/URI"))
            self.scan(uri, location)
            self.scan(unquote(uri), location)
            if uri.lower().startswith("file:"):
                self.file_link(location, "opens a file on a computer or network drive")
        elif kind in ("/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm"):
            self.read_target(action, kind, location)
        elif kind == "/JavaScript":
            self.read_script(lookup(action, "/JS"), location)
        for follower in as_list(lookup(action, "/Next")):
            self.read_action(follower, location, depth + 1)

    def read_target(self, action, kind: str, location: str) -> None:
        import pikepdf

        target = lookup(action, "/F")
        paths = [text_of(lookup(target, key)) for key in ("/F", "/UF", "/DOS", "/Mac", "/Unix")] \
            if isinstance(target, pikepdf.Dictionary) else [text_of(target)]
        for key in ("/Win", "/Mac", "/Unix"):
            paths.append(text_of(lookup(lookup(action, key), "/F")))
        paths = [p for p in paths if p]
        for path in paths:
            self.scan(path, location)
        if kind == "/Launch":
            self.file_link(location, "starts a program or opens a file on the reader's "
                                     "computer")
        elif kind in ("/GoToR", "/GoToE") and any(_local_path(p) for p in paths):
            self.file_link(location, "opens a file on a computer or network drive")

    def file_link(self, location: str, what: str) -> None:
        self.inspection.add("attachment.file-link",
                            f"A link ({location}) {what}, which reveals where the "
                            "office keeps its files and can't work for readers.", location)

    def read_script(self, script, location: str) -> None:
        import pikepdf

        if isinstance(script, pikepdf.Stream):
            self.read_streams.add(script.objgen[0])
            self.scan(decode_bytes(script.read_bytes()), location, "in JavaScript")
        else:
            self.scan(text_of(script), location, "in JavaScript")

    def read_file_spec(self, spec, name: str, location: str) -> None:
        for stream in embedded_streams(spec):
            self.read_streams.add(stream.objgen[0])
        what = f" ({name})" if self.safe(name) else ""
        self.inspection.add("attachment.embedded-object",
                            f"The PDF carries an attached file{what}.", location)
        self.scan(text_of(lookup(spec, "/Desc")), location)

    # ---------------------------------------------------------------- forms

    def read_form(self) -> None:
        form = lookup(self.pdf.Root, "/AcroForm")
        if form is None:
            return
        for index, (item, name) in enumerate(form_fields(lookup(form, "/Fields")), 1):
            self.fields.add(item.objgen)
            location = f"form field '{name}'" if self.safe(name) else f"form field {index}"
            self.scan(name, location)
            for key in ("/V", "/DV", "/TU", "/TM", "/RV", "/Opt"):
                self.read_field_value(lookup(item, key), location)
            self.read_actions(lookup(item, "/AA"), location)
            self.read_action(lookup(item, "/A"), location)
            self.read_appearances(item, location)
        for stream in xfa_streams(lookup(form, "/XFA")):
            self.read_streams.add(stream.objgen[0])
            for text, _ in xmp_texts(stream.read_bytes()):
                self.scan(text, "XFA form")

    def read_field_value(self, value, location: str) -> None:
        import pikepdf

        if isinstance(value, pikepdf.Stream):
            self.read_streams.add(value.objgen[0])
            self.scan(decode_bytes(value.read_bytes()), location)
        elif not getattr(value, "is_indirect", False):
            for text in texts_of(value):
                self.scan(text, location)

    def read_appearances(self, annotation, location: str) -> None:
        for stream in appearance_streams(lookup(annotation, "/AP")):
            number = stream.objgen[0]
            if number in self.read_streams:
                continue
            self.read_streams.add(number)
            if self.new(stream):
                for text in self.miner.form_texts(number):
                    self.scan(text, location)


def _local_path(path: str) -> bool:
    """A drive letter, UNC share, absolute path or file: URL, not a relative name."""
    return bool(re.match(r"^([A-Za-z]:|\\\\|/|file:)", path.strip()))


# --------------------------------------------------------------------------- XMP

_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def xmp_texts(data: bytes) -> Iterator[tuple[str, bool]]:
    """(text, is an author) for every text node and attribute value of an XML packet."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False)
    try:
        root = etree.fromstring(data.strip(b"\x00 \r\n\t"), parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        yield re.sub(r"<[^>]+>", " ", decode_bytes(data)), False
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        creator = any(a.tag == _DC_CREATOR for a in element.iterancestors()) or \
            element.tag == _DC_CREATOR
        if element.text and element.text.strip():
            yield element.text.strip(), creator
        for value in element.attrib.values():
            if value.strip():
                yield value.strip(), False
