"""`Miner`: pdfminer.six's view of one revision, its pages and form XObjects as drawn.

pdfminer is imported on first use (device.py and interpreter.py import it at their top),
so importing the inspector stays cheap."""

from __future__ import annotations

import io
from types import SimpleNamespace

from opcc.redaction.inspectors.pdf.page_text import layout
from opcc.redaction.inspectors.pdf.paint import Page


class Miner:
    """pdfminer's view of one revision: pages and form XObjects as drawn."""

    def __init__(self, data: bytes, hidden_oc: frozenset[int]):
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfparser import PDFParser

        device_class, interpreter_class = _miner_classes()
        self.document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager(caching=True)
        self.device = device_class(resources)
        self.device.hidden_oc = hidden_oc
        self.interpreter = interpreter_class(resources, self.device)
        self.drawn: set[int] = set()  # form XObjects drawn so far, on pages or in others

    def pages(self) -> list:
        from pdfminer.pdfpage import PDFPage

        return list(PDFPage.create_pages(self.document))

    def read_page(self, page) -> Page:
        self.interpreter.process_page(page)
        result = self.device.result()
        self.drawn |= result.forms
        return result

    def form_texts(self, number: int) -> list[str]:
        """The text a form XObject or pattern draws, read on its own."""
        from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1

        stream = resolve1(self.document.getobj(number))
        if not isinstance(stream, PDFStream):
            return []
        bbox = [float(v) for v in list_value(resolve1(stream.get("BBox", [0, 0, 1000, 1000])))]
        if len(bbox) != 4:
            bbox = [0, 0, 1000, 1000]
        page = SimpleNamespace(mediabox=bbox, cropbox=bbox, rotate=0)
        matrix = tuple(float(v) for v in list_value(resolve1(stream.get("Matrix",
                                                                         [1, 0, 0, 1, 0, 0]))))
        self.device.begin_page(page, (1, 0, 0, 1, 0, 0))
        resources = dict_value(stream.get("Resources")) if stream.get("Resources") else {}
        self.interpreter.dup().render_contents(resources, [stream], ctm=matrix)
        self.device.end_page(page)
        result = self.device.result()
        self.drawn |= result.forms
        return layout(result.chars) + result.tag_texts


def _miner_classes() -> tuple[type, type]:
    """The device and interpreter classes, imported on first use so importing stays cheap."""
    from opcc.redaction.inspectors.pdf.device import Device
    from opcc.redaction.inspectors.pdf.interpreter import Interpreter

    return Device, Interpreter
