"""Page text laid out for the scanner: in reading order (blocks of lines, columns apart)
and in rows across the page (table rows together), keeping line breaks so that a value
wrapped over two lines reaches the scanner whole."""

from __future__ import annotations

import math

WORD_GAP = 1.5  # a gap wider than this many font sizes splits a row into columns


def layout(chars: list) -> list[str]:
    """The text of some characters twice: in reading order (blocks of lines, columns
    apart) and in rows across the page (table rows together). Each keeps line breaks."""
    if not chars:
        return []
    upright = [c for c in chars if c.upright]
    rows = [[_line(s) for s in _segments(_dedupe(row))] for row in _rows(upright)]
    turned = _content_order_text([c for c in chars if not c.upright])
    blocks = _block_text([line for row in rows for line in row])
    across = "\n".join(" | ".join(line.get_text() for line in row) for row in rows)
    return [t for t in (blocks + turned, across) if t.strip()]


def _middle(char) -> float:
    return (char.y0 + char.y1) / 2


def _rows(chars: list) -> list[list]:
    rows: list[list] = []
    for char in sorted(chars, key=lambda c: (-_middle(c), c.x0)):
        if rows:
            first = rows[-1][0]
            tolerance = max(1.0, 0.3 * min(first.size, char.size))
            if abs(_middle(first) - _middle(char)) <= tolerance:
                rows[-1].append(char)
                continue
        rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c.x0)
    return rows


def _dedupe(row: list) -> list:
    """Drop a character drawn again over itself (fake bold, shadows)."""
    kept: list = []
    for char in row:
        if kept and char.get_text() == kept[-1].get_text() and \
                abs(char.x0 - kept[-1].x0) < 0.3 * max(char.width, 0.5) and \
                abs(char.y0 - kept[-1].y0) < 0.3 * max(char.height, 0.5):
            continue
        kept.append(char)
    return kept


def _segments(row: list) -> list[list]:
    segments: list[list] = []
    for char in row:
        if segments:
            previous = segments[-1][-1]
            if char.x0 - previous.x1 <= WORD_GAP * min(previous.size, char.size):
                segments[-1].append(char)
                continue
        segments.append([char])
    return segments


def _line(segment: list):
    from pdfminer.layout import LTTextLineHorizontal

    line = LTTextLineHorizontal(0.1)
    for char in segment:
        line.add(char)
    return line


def _block_text(lines: list) -> str:
    """Lines grouped into blocks as pdfminer does (neighbouring, aligned lines of one
    height), blocks ordered top to bottom, then left to right."""
    from pdfminer.layout import LAParams, LTLayoutContainer

    lines = [line for line in lines if line.get_text().strip()]
    if not lines:
        return ""
    bounds = (min(line.x0 for line in lines), min(line.y0 for line in lines),
              max(line.x1 for line in lines), max(line.y1 for line in lines))
    params = LAParams()
    boxes = list(LTLayoutContainer(bounds).group_textlines(params, lines))
    boxes.sort(key=lambda box: (-round(box.y1), box.x0))
    texts = []
    for box in boxes:
        box._objs.sort(key=lambda line: -line.y1)
        texts.append("\n".join(line.get_text() for line in box))
    return "\n".join(texts)


def _content_order_text(chars: list) -> str:
    """Rotated or vertical text, in the order drawn; a jump starts a new line."""
    parts, previous = [], None
    for char in chars:
        if previous is not None and math.dist((char.x0, char.y0),
                                              (previous.x0, previous.y0)) > 2 * char.size:
            parts.append("\n")
        parts.append(char.get_text())
        previous = char
    return ("\n" + "".join(parts)) if parts else ""
