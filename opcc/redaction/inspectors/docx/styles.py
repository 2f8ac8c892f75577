"""Text hidden through formatting: a run's own look (`RunLook`) and each style's, resolved
through its basedOn chain, the default styles and the document defaults (`Styles`), with
the name of the style that hides it; and what counts as white."""

from __future__ import annotations

import re
from dataclasses import dataclass

from opcc.redaction.inspectors.ooxml import namespace, on
from opcc.redaction.inspectors.package import local

WHITE_FLOOR = 0xF8  # each channel at or above this reads as white on a white page
TINY = 2  # half-points: text of 1pt or less


@dataclass
class RunLook:
    """Formatting that decides whether a run's text shows; None where not set."""
    hidden: bool | None = None
    color: str | None = None
    size: int | None = None
    shaded: bool = False


def colored(value: str | None) -> bool:
    return bool(value) and value.lower() not in ("auto", "ffffff", "none", "white", "clear")


def run_look(properties, ns: str) -> RunLook:
    look = RunLook()
    if properties is None:
        return look
    toggles = [e for e in properties if e.tag in (f"{{{ns}}}vanish", f"{{{ns}}}specVanish")]
    if toggles:
        look.hidden = any(on(e, ns) for e in toggles)
    color = properties.find(f"{{{ns}}}color")
    if color is not None:
        look.color = color.get(f"{{{ns}}}val", "").upper() or None
    size = properties.find(f"{{{ns}}}sz")
    if size is not None and size.get(f"{{{ns}}}val", "").isdigit():
        look.size = int(size.get(f"{{{ns}}}val"))
    shading = properties.find(f"{{{ns}}}shd")
    highlight = properties.find(f"{{{ns}}}highlight")
    look.shaded = ((shading is not None and colored(shading.get(f"{{{ns}}}fill")))
                   or (highlight is not None and colored(highlight.get(f"{{{ns}}}val"))))
    return look


@dataclass
class StyleLook:
    """A style's run formatting resolved through its basedOn chain, with the name of the
    style that set each property."""
    hidden: tuple[bool, str] | None = None
    color: tuple[str, str] | None = None
    size: tuple[int, str] | None = None
    shaded: bool = False
    background: bool = False  # paragraph or cell shading: text on it is not on white
    name: str = ""  # the style applied, which may inherit the property from another

    def hidden_reason(self) -> str | None:
        if not self.hidden or not self.hidden[0]:
            return None
        setter = self.hidden[1]
        inherited = f" (hidden in '{setter}', which it is based on)" if setter != self.name else ""
        return f"hidden through style '{self.name}'{inherited}"


class Styles:
    """styles.xml: each style's run formatting, resolved through basedOn chains."""

    MAX_CHAIN = 30

    def __init__(self, root=None):
        self.root = root
        self.ns = namespace(root) if root is not None else ""
        self.by_id: dict[str, object] = {}
        self.default: dict[str, str] = {}
        self._resolved: dict[str, StyleLook] = {}
        self.defaults = RunLook()
        if root is None:
            return
        ns = self.ns
        for style in root.iter(f"{{{ns}}}style"):
            style_id = style.get(f"{{{ns}}}styleId", "")
            self.by_id.setdefault(style_id, style)
            if on_default(style, ns):
                self.default.setdefault(style.get(f"{{{ns}}}type", "paragraph"), style_id)
        self.defaults = run_look(root.find(f"{{{ns}}}docDefaults/{{{ns}}}rPrDefault/"
                                           f"{{{ns}}}rPr"), ns)

    def name(self, style) -> str:
        name = style.find(f"{{{self.ns}}}name")
        if name is not None and name.get(f"{{{self.ns}}}val"):
            return name.get(f"{{{self.ns}}}val")
        return style.get(f"{{{self.ns}}}styleId", "")

    def chain(self, style_id: str) -> list:
        found, seen = [], set()
        while style_id and style_id not in seen and len(found) < self.MAX_CHAIN:
            style = self.by_id.get(style_id)
            if style is None:
                break
            seen.add(style_id)
            found.append(style)
            based = style.find(f"{{{self.ns}}}basedOn")
            style_id = based.get(f"{{{self.ns}}}val", "") if based is not None else ""
        return found

    def look(self, style_id: str | None) -> StyleLook:
        if not style_id or self.root is None:
            return StyleLook()
        if style_id not in self._resolved:
            self._resolved[style_id] = self._resolve(style_id)
        return self._resolved[style_id]

    def _resolve(self, style_id: str) -> StyleLook:
        chain = self.chain(style_id)
        resolved = StyleLook(name=self.name(chain[0]) if chain else style_id)
        for style in chain:
            name = self.name(style)
            own = run_look(style.find(f"{{{self.ns}}}rPr"), self.ns)
            if resolved.hidden is None and own.hidden is not None:
                resolved.hidden = (own.hidden, name)
            if resolved.hidden is None and self._conditional_hidden(style):
                resolved.hidden = (True, name)
            if resolved.color is None and own.color:
                resolved.color = (own.color, name)
            if resolved.size is None and own.size is not None:
                resolved.size = (own.size, name)
            resolved.shaded = resolved.shaded or own.shaded
            resolved.background = resolved.background or self._shading(style)
        return resolved

    def _conditional_hidden(self, style) -> bool:
        """A table style can hide text in some of its cells (first row, banded rows…)."""
        return any(run_look(properties, self.ns).hidden
                   for properties in style.iter(f"{{{self.ns}}}rPr")
                   if local(properties.getparent().tag) == "tblStylePr")

    def _shading(self, style) -> bool:
        return any(colored(shading.get(f"{{{self.ns}}}fill"))
                   for shading in style.iter(f"{{{self.ns}}}shd")
                   if local(shading.getparent().tag) != "rPr")


def on_default(style, ns: str) -> bool:
    return style.get(f"{{{ns}}}default", "0").lower() in ("1", "true", "on")


def white(color: str | None) -> bool:
    if not color or not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    return all(int(color[i:i + 2], 16) >= WHITE_FLOOR for i in (0, 2, 4))
