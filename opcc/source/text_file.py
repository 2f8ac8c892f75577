"""Reading a markdown source file as text: UTF-8 or a diagnostic saying why not, control
characters found (no page, feed or file can carry them), and the file's name as
diagnostics give it."""

from __future__ import annotations

import re
from pathlib import Path

from opcc.diagnostics import Diagnostic, error

# C0 and C1 control characters other than tab and line ends: feeds (XML) and browsers
# cannot carry them
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_text_file(raw: bytes, relative: str, family: str,
                     not_text_hint: str) -> tuple[str | None, list[Diagnostic]]:
    """A markdown file's text, or the diagnostic saying why it is not UTF-8 text."""
    if b"\x00" in raw[:8192]:
        return None, [error(f"{family}.encoding", "this is not a text file", path=relative,
                            line=1, column=1, hint=not_text_hint)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [error(f"{family}.encoding", f"the file is not UTF-8 text (byte "
                            f"0x{raw[exc.start]:02x})", path=relative, line=line,
                            hint="save the file as UTF-8")]


def control_character(text: str) -> str | None:
    """'U+0001' for the first control character in `text`, or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def first_control_character(text: str) -> int | None:
    """Where the first control character in `text` is, or None."""
    found = CONTROL.search(text)
    return found.start() if found else None


def relative_name(path: Path, root: Path) -> str:
    """The file's path from the site root, as diagnostics name it (followed through links
    when only the resolved path is inside; else the path as given)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
