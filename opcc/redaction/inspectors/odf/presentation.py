"""Presentations and drawings: slides (hidden ones reported), speaker notes, master
slides, and the layers switched off."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from opcc.redaction.inspectors.odf.names import q
from opcc.redaction.inspectors.odf.styles import Format
from opcc.redaction.inspectors.odf.walk import Context, WalkerBase


def hidden_layers(roots: Iterable) -> set[str]:
    """Layers switched off (the layer set lives in styles.xml, the shapes in content.xml)."""
    return {layer.get(q("draw", "name"), "") for root in roots
            for layer in root.iter(q("draw", "layer"))
            if layer.get(q("draw", "display")) == "none"}


class SlideWalk(WalkerBase):
    """Slides, notes and master slides."""

    # ---- slides

    def slide(self, element, ctx: Context) -> None:
        self.slides += 1
        noun = "slide" if self.kind == "presentation" else "page"
        location = f"{self.label}{noun} {self.slides}"
        props = self.styles.props("drawing-page", element.get(q("draw", "style-name")))
        hidden = "hidden" in (props.get("visibility"),
                              element.get(q("presentation", "visibility")))
        if hidden:
            self.add("attachment.hidden-slide", f"Slide {self.slides} is hidden: it is skipped "
                     "in the slideshow but is still in the file, with its text.", location)
        page = props.get("background")
        fmt = replace(ctx.fmt, background=None if page in (None, "unknown") else page)
        self.children(element, replace(ctx, location=location, fmt=fmt, numbered=False))

    def notes(self, element, ctx: Context) -> None:
        self.children(element, replace(ctx, location=f"{ctx.location} notes",
                                       fmt=Format()))

    def master_page(self, element, ctx: Context) -> None:
        if self.kind in ("presentation", "drawing"):
            name = element.get(q("style", "display-name")) or element.get(q("style", "name"), "")
            ctx = replace(ctx, location=f"{self.label}master slide '{name}'")
        self.children(element, ctx)
