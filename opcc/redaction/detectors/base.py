"""What every detector module declares (`Detector`) and the text helpers they share.

A detector module defines one `DETECTOR = Detector(...)`: its finding code, the label shown
to people, its finder (`find(text, context)` yielding (start, end) spans), the fewest digits
a hit can hold (so short cells skip detectors that cannot fire) and, only where the default
does not fit, how its values are masked and compared with the allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]
Finder = Callable[[str, str], Iterable[Span]]

ERROR, WARNING = "error", "warning"

CELL_SEPARATOR = "\x00"  # joins the cells of a column; no detector reads across it

# Python's re skips fast to a pattern's first character class, but not past a leading
# lookbehind, so the "nothing just before" checks come after the first character.
FIRST_DIGIT = r"\d(?<![\w+£$€.,/\\-]\d)"  # a first digit not inside a word, amount or reference
NO_NUMBER_AFTER = r"(?!\w|[.,/-]\d)"
NOTHING_BEFORE = r"(?<![A-Za-z0-9].)"  # after the first character: no letter or digit before it


@dataclass(frozen=True)
class Detector:
    code: str  # "redaction.email" …
    label: str  # "email address": shown in messages
    find: Finder | None  # None: the scanner runs it itself (protected names)
    fewest_digits: int = 0  # a text with fewer digits cannot hold a hit
    keep: tuple[int, int] = (1, 1)  # characters the default mask shows at the start and end
    mask: Callable[[str], str] | None = None  # a special mask: value -> safe text
    canonical: Callable[[str], str] | None = None  # the form compared with allow-list values
    plain: Callable[[str], str] | None = None  # the value written plainly, for allow patterns
    severity: str = ERROR  # WARNING: reported, but publishing needs no exception


def compact(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value)


def digits_of(value: str) -> str:
    return re.sub(r"\D", "", value)


def text_before(text: str, start: int, context: str, width: int = 40) -> str:
    """Lower-cased text just before `start` in its cell, with the context in front."""
    head = text[max(0, start - width):start]
    head = head[head.rfind(CELL_SEPARATOR) + 1:]
    if context:
        head = f"{context.replace('_', ' ').replace('-', ' ')} {head}"
    return head.lower()


def mentions(text: str, context: str, words: Sequence[str]) -> bool:
    """A cheap first check that a detector's context words occur at all."""
    low = f"{context} {text}".lower()
    return any(word in low for word in words)


def not_mixed_case(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)


def mask_chars(compacted: str, head: int, tail: int) -> str:
    """Keep `head` and `tail` characters, never more than half of them together."""
    while head + tail > len(compacted) // 2 and (head or tail):
        if head >= tail:
            head -= 1
        else:
            tail -= 1
    return f"{compacted[:head]}…{compacted[len(compacted) - tail:] if tail else ''}"
