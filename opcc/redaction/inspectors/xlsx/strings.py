"""Shared strings: the workbook's table of cell text, each rich-text run's colour and
size, and the phonetic guides Excel keeps beside the text."""

from __future__ import annotations

from dataclasses import dataclass, field

from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.formatting import FONT_MIN_POINTS, Palette, Run
from opcc.redaction.inspectors.xlsx.xml_text import as_float, unescape


@dataclass
class SharedStrings:
    part: str = ""
    texts: list[str] = field(default_factory=list)
    runs: dict[int, list[Run]] = field(default_factory=dict)
    phonetic: dict[int, str] = field(default_factory=dict)
    used: bytearray = field(default_factory=bytearray)

    def get(self, index: int) -> str:
        self.used[index] = 1
        return self.texts[index]


def string_item(item, palette: Palette) -> tuple[str, list[Run], str]:
    """The text a rich or plain string shows, its runs' colours, and its phonetic guide."""
    texts, runs_, phonetic = [], [], []
    for child in item:
        name = local(child.tag)
        if name == "t":
            texts.append(child.text or "")
        elif name == "r":
            text = "".join(t.text or "" for t in child if local(t.tag) == "t")
            texts.append(text)
            runs_.append(_run(text, child, palette))
        elif name == "rPh":
            phonetic.append("".join(t.text or "" for t in child.iter() if local(t.tag) == "t"))
    return unescape("".join(texts)), runs_, " ".join(phonetic)


def _run(text: str, run, palette: Palette) -> Run:
    props = next((c for c in run if local(c.tag) == "rPr"), None)
    if props is None:
        return text, None, False
    found = {local(c.tag): c for c in props}
    colour = palette.rgb(found["color"].attrib, None) if "color" in found else None
    small = "sz" in found and as_float(found["sz"].get("val"), 11) < FONT_MIN_POINTS
    return text, colour, small
