"""The pdfminer interpreter, extended with what decides whether paint hides: ExtGState
opacity, blend mode and soft mask, clipping, optional content (layers) and marked-content
text, with the graphic state carried into form XObjects. Imports pdfminer: see miner.py."""

from __future__ import annotations

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name
from pdfminer.utils import apply_matrix_pt, apply_matrix_rect

from opcc.redaction.inspectors.pdf.device import GraphicState
from opcc.redaction.inspectors.pdf.paint import as_box, intersect
from opcc.redaction.inspectors.pdf.values import decode_pdf_string


class Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter plus ExtGState opacity, clipping, optional content and
    marked-content text, with the graphic state carried into form XObjects."""

    inherited = None
    next_clip = None

    def subinterp(self) -> Interpreter:
        interpreter = super().subinterp()
        state = self.graphicstate.copy()
        if self.next_clip is not None:
            state.clip = intersect(state.clip, self.next_clip) if state.clip \
                else self.next_clip
        interpreter.inherited = state
        return interpreter

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.graphicstate = self.inherited.copy() if self.inherited else GraphicState()

    def init_resources(self, resources) -> None:
        super().init_resources(resources)
        resources = dict_value(resources) if resources else {}
        self.properties = dict_value(resolve1(resources.get("Properties", {})) or {})
        self.ext_states = dict_value(resolve1(resources.get("ExtGState", {})) or {})

    def do_gs(self, name) -> None:
        state = resolve1(self.ext_states.get(literal_name(name)))
        if not isinstance(state, dict):
            return
        for key, attr in (("ca", "fill_alpha"), ("CA", "stroke_alpha")):
            value = resolve1(state.get(key))
            if isinstance(value, (int, float)):
                setattr(self.graphicstate, attr, float(value))
        blend = resolve1(state.get("BM"))
        if isinstance(blend, list) and blend:
            blend = resolve1(blend[0])
        if isinstance(blend, PSLiteral):
            self.graphicstate.blend = literal_name(blend)
        if "SMask" in state:
            mask = resolve1(state.get("SMask"))
            self.graphicstate.soft_mask = not (isinstance(mask, PSLiteral)
                                               and literal_name(mask) == "None")

    def do_W(self) -> None:
        self.clip_to_path()

    def do_W_a(self) -> None:
        self.clip_to_path()

    def clip_to_path(self) -> None:
        points = [apply_matrix_pt(self.ctm, (float(p[i]), float(p[i + 1])))
                  for p in self.curpath for i in range(1, len(p) - 1, 2)]
        if not points:
            return
        box = (min(x for x, _ in points), min(y for _, y in points),
               max(x for x, _ in points), max(y for _, y in points))
        clip = self.graphicstate.clip
        self.graphicstate.clip = (intersect(clip, box) or (box[0], box[1], box[0],
                                                            box[1])) if clip else box

    def do_sh(self, name) -> None:
        self.device.paint_shading(self.graphicstate)

    def do_BMC(self, tag) -> None:
        self.device.marked.append(False)

    def do_BDC(self, tag, props) -> None:
        properties = props
        if isinstance(props, PSLiteral):
            properties = self.properties.get(literal_name(props))
        hidden = isinstance(tag, PSLiteral) and literal_name(tag) == "OC" and \
            self.oc_hidden(properties)
        self.device.marked.append(hidden)
        self.collect_tag_text(resolve1(properties))

    def do_EMC(self) -> None:
        if self.device.marked:
            self.device.marked.pop()

    def oc_hidden(self, reference) -> bool:
        if isinstance(reference, PDFObjRef):
            return reference.objid in self.device.hidden_oc
        groups = resolve1(reference).get("OCGs") if isinstance(resolve1(reference),
                                                                dict) else None
        refs = groups if isinstance(groups, list) else [groups]
        return any(isinstance(r, PDFObjRef) and r.objid in self.device.hidden_oc
                   for r in refs)

    def collect_tag_text(self, properties) -> None:
        if not isinstance(properties, dict):
            return
        for key in ("ActualText", "Alt", "E"):
            value = resolve1(properties.get(key))
            if isinstance(value, bytes):
                text = decode_pdf_string(value)
                if text and text.strip():
                    self.device.tag_texts.append(text)

    def do_Do(self, xobjid_arg) -> None:
        xobj = resolve1(self.xobjmap.get(literal_name(xobjid_arg)))
        if not isinstance(xobj, PDFStream):
            return
        depth = len(self.device.marked)
        oc = xobj.get("OC")
        self.device.marked.append(oc is not None and self.oc_hidden(oc))
        self.device.gstate = self.graphicstate
        if xobj.get("Subtype") is not None and literal_name(xobj.get("Subtype")) == "Form":
            if xobj.objid is not None:
                self.device.forms.add(xobj.objid)
            self.next_clip = self.form_clip(xobj)
        try:
            super().do_Do(xobjid_arg)
        finally:
            self.next_clip = None
            del self.device.marked[depth:]

    def form_clip(self, xobj) -> tuple | None:
        from pdfminer.utils import mult_matrix

        bbox = resolve1(xobj.get("BBox"))
        if not isinstance(bbox, list) or len(bbox) != 4:
            return None
        matrix = resolve1(xobj.get("Matrix")) or (1, 0, 0, 1, 0, 0)
        try:
            box = tuple(float(resolve1(v)) for v in bbox)
            ctm = mult_matrix(tuple(float(resolve1(v)) for v in matrix), self.ctm)
        except (TypeError, ValueError):
            return None
        return as_box(apply_matrix_rect(ctm, box))

    def do_EI(self, obj) -> None:
        self.device.gstate = self.graphicstate
        super().do_EI(obj)
