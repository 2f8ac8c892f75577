"""Styles: named and automatic styles resolved through their parents, and the format
that decides whether text shows (display none, colour against its background, size)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from opcc.redaction.inspectors.odf.names import q
from opcc.redaction.inspectors.package import local

WHITE = "#ffffff"
TEXT_STYLE = q("text", "style-name")
SHAPE_STYLES = ((q("draw", "style-name"), "graphic"),
                (q("presentation", "style-name"), "presentation"),
                (q("draw", "text-style-name"), "paragraph"),
                (q("table", "style-name"), "table-cell"))
STYLE_FAMILY = {q("text", "p"): "paragraph", q("text", "h"): "paragraph",
                q("text", "span"): "text", q("text", "a"): "text",
                q("text", "ruby"): "ruby", q("table", "table-cell"): "table-cell"}


@dataclass(frozen=True)
class Format:
    """What decides whether text shows: inherited from paragraph, span, cell and shape."""

    display_none: bool = False
    color: str | None = None  # the text colour, when a style sets it
    highlight: str | None = None  # the text's own background
    background: str | None = None  # paragraph, cell, shape or page; None when unknown
    tiny: bool = False

    @property
    def hidden(self) -> bool:
        behind = self.highlight or self.background
        return self.display_none or self.tiny or (
            self.color is not None and behind is not None and same_colour(self.color, behind))

    def with_style(self, props: dict[str, str]) -> Format:
        changes: dict[str, object] = {}
        if "display" in props:
            changes["display_none"] = props["display"] in ("none", "condition")
        if "color" in props:
            changes["color"] = props["color"]
        if props.get("highlight", "transparent") != "transparent":
            changes["highlight"] = props["highlight"]
        if "background" in props:
            background = props["background"]
            changes["background"] = None if background == "unknown" else background
        if "size" in props:
            changes["tiny"] = _points(props["size"]) is not None and _points(props["size"]) <= 1
        return replace(self, **changes) if changes else self


def _points(size: str) -> float | None:
    match = re.fullmatch(r"\s*([\d.]+)\s*pt\s*", size)
    return float(match.group(1)) if match else None


def same_colour(one: str, other: str) -> bool:
    """Two #rrggbb colours a reader cannot tell apart."""
    try:
        a, b = (bytes.fromhex(c.strip().lstrip("#")) for c in (one, other))
    except ValueError:
        return False
    return len(a) == len(b) == 3 and max(abs(x - y) for x, y in zip(a, b)) <= 16


def _own_props(style) -> dict[str, str]:
    """The properties of one style element that decide visibility."""
    props: dict[str, str] = {}
    for child in style:
        name = local(child.tag)
        get = child.get
        if name == "text-properties":
            for key, attribute in (("display", q("text", "display")), ("color", q("fo", "color")),
                                   ("highlight", q("fo", "background-color")),
                                   ("size", q("fo", "font-size"))):
                if get(attribute) is not None:
                    props[key] = get(attribute)
        elif name in ("paragraph-properties", "table-cell-properties"):
            if get(q("fo", "background-color"), "transparent") != "transparent":
                props["background"] = get(q("fo", "background-color"))
        elif name in ("graphic-properties", "drawing-page-properties"):
            _fill(props, child)
            if get(q("presentation", "visibility")):
                props["visibility"] = get(q("presentation", "visibility"))
        elif name == "table-properties" and get(q("table", "display")):
            props["table-display"] = get(q("table", "display"))
    return props


def _fill(props: dict[str, str], element) -> None:
    fill = element.get(q("draw", "fill"))
    if fill == "solid" and element.get(q("draw", "fill-color")):
        props["background"] = element.get(q("draw", "fill-color"))
    elif fill in ("gradient", "hatch", "bitmap"):
        props["background"] = "unknown"
    elif element.get(q("fo", "background-color"), "transparent") != "transparent":
        props["background"] = element.get(q("fo", "background-color"))


class Styles:
    """Named styles (common and automatic) by family, resolved through their parents."""

    def __init__(self, containers: Iterable):
        self.styles: dict[tuple[str, str], object] = {}
        self.defaults: dict[str, object] = {}
        self.resolved: dict[tuple[str, str], dict[str, str]] = {}
        for container in containers:
            if container is None:
                continue
            for style in container:
                family = style.get(q("style", "family"), "")
                if style.tag == q("style", "style"):
                    self.styles[(family, style.get(q("style", "name"), ""))] = style
                elif style.tag == q("style", "default-style"):
                    self.defaults[family] = style

    def props(self, family: str, name: str | None) -> dict[str, str]:
        if not name:
            return {}
        key = (family, name)
        if key not in self.resolved:
            chain, seen = [], set()
            style = self.styles.get(key)
            while style is not None and id(style) not in seen:
                seen.add(id(style))
                chain.append(style)
                style = self.styles.get((family, style.get(q("style", "parent-style-name"), "")))
            merged = _own_props(self.defaults[family]) if family in self.defaults else {}
            for style in reversed(chain):
                merged.update(_own_props(style))
            self.resolved[key] = merged
        return self.resolved[key]
