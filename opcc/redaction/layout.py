"""Values broken over two lines, as text laid out on a page or in a narrow column holds them:
"j.smith@northshire" / ".gov.uk", "07700" / "900123", "QQ 12 34" / "56 C", or a word split
with a hyphen, "jo.blog-" / "gs@example.com".

After the detectors have read the text, each line break that could fall inside a value (a
digit just before or after it, or the line break inside a token holding '@') is closed up:
a short window around it is rejoined without the line break (and without a hyphen ending
the line, unless digits stand either side) and read again, all windows in one pass. Only
values that run across the rejoined break count; they are reported at their place in the
original text. A break next to a value already found whole on one line is left alone, so
"jo@example.com" at the end of a line does not run into the next line's first word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from opcc.redaction.detectors.base import CELL_SEPARATOR
from opcc.redaction.detectors.email import CODE as EMAIL
from opcc.redaction.detectors.email import LOCAL_CHARS

Spans = list[tuple[str, int, int]]

# A line break inside a number: a digit just before it (perhaps then a space, hyphen, slash
# or bracket) and a digit just after it (perhaps after a space, bracket or plus sign) or an
# NI number's suffix letter; or a line starting with a postcode's inward code ("1AA"). The
# pattern starts with the line break itself, so the regex engine skips from one to the next.
_NUMBER_BREAK = re.compile(
    r"\n(?:(?:(?<=\d\n)|(?<=\d\r\n)|(?<=\d[ \t/)(-]\n)|(?<=\d[ \t/)(-]\r\n))"
    r"(?=[ \t]?[(+]?\d|[A-Da-d]\b)|(?=[ \t]?\d[A-Za-z]{2}\b))")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_HYPHENS = "-\u00ad"  # a hyphen or a soft hyphen ending a line
_CLOSING = ".,;:!?)]}>'\"’”"  # what may follow a whole value at a line end
_OPENING = "([{<'\"‘“"
_GENERIC_TLDS = frozenset(["com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name",
                           "pro", "museum", "aero", "coop", "jobs", "mobi", "travel", "app", "dev",
                           "online", "email", "scot", "wales", "cymru", "london"])
# two-letter endings that are file suffixes in text far more often than country codes
_FILE_SUFFIXES = frozenset(["py", "js", "md", "sh", "rb", "ts", "cs", "rs", "db", "ps"])
_REACH_BEFORE = 50  # characters of line 1 read with the break: a value and its context words
_REACH_AFTER = 32  # of line 2: the rest of a value (then on to the end of its token)
_TOKEN_END = re.compile(r"[^\s\x00]{0,40}")


@dataclass(frozen=True)
class Break:
    left_end: int  # where line 1's text ends (before trailing spaces and a hyphen)
    right_start: int  # where line 2's text starts (after leading spaces)
    joiner: str  # what stands between them once rejoined
    hyphen: bool


def _breaks(text: str) -> list[int]:
    """Offsets of the line breaks ('\\n') that may fall inside a value."""
    found = {m.start() for m in _NUMBER_BREAK.finditer(text)}
    at = text.find("@")
    while at != -1:
        found.update(_breaks_around_at(text, at))
        at = text.find("@", at + 1)
    return sorted(found)


def _breaks_around_at(text: str, at: int) -> list[int]:
    """The line breaks just inside the local part or the domain around one '@'."""
    found = []
    left = at
    while left > 0 and at - left < 64 and text[left - 1] in LOCAL_CHARS:
        left -= 1
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    if left > 0 and text[left - 1] == "\n":
        found.append(left - 1)
    right = at + 1
    while right < len(text) and right - at < 255 and text[right] in _DOMAIN_CHARS:
        right += 1
    while right < len(text) and text[right] in " \t\r":
        right += 1
    if right < len(text) and text[right] == "\n":
        found.append(right)
    return found


def _describe(text: str, newline: int) -> Break:
    left_end = newline - 1 if newline and text[newline - 1] == "\r" else newline
    spaced = left_end > 0 and text[left_end - 1] in " \t"
    while left_end > 0 and text[left_end - 1] in " \t":
        left_end -= 1
    hyphen = left_end > 0 and text[left_end - 1] in _HYPHENS
    if hyphen:
        left_end -= 1
    right_start = newline + 1
    while right_start < len(text) and text[right_start] in " \t":
        right_start += 1
    spaced = spaced or right_start > newline + 1
    digits_around = hyphen and left_end > 0 and text[left_end - 1].isdigit() and \
        right_start < len(text) and text[right_start].isdigit()
    joiner = "-" if digits_around else (" " if spaced and not hyphen else "")
    return Break(left_end, right_start, joiner, hyphen and not digits_around)


def _touched(text: str, kept: Spans, starts: list[int], brk: Break) -> bool:
    """A value already found ends line 1 or starts line 2 (perhaps with a full stop or a
    bracket between): "jo@example.com." ending a line is whole, not broken.
    `kept` is disjoint and in text order; `starts` are its starts."""
    if text.startswith(".", brk.right_start):
        return False  # no sentence starts with a full stop: "j.smith@northshire.gov" / ".uk"
    index = bisect.bisect_left(starts, brk.left_end)
    if index:
        end = kept[index - 1][2]
        if end <= brk.left_end and not text[end:brk.left_end].strip(_CLOSING):
            return True
    index = bisect.bisect_left(starts, brk.right_start)
    if index < len(kept):
        start = kept[index][1]
        if not text[brk.right_start:start].strip(_OPENING):
            return True
    return False


def _window(text: str, brk: Break) -> tuple[int, str, int]:
    """(offset of the window in text, the rejoined window, length of its line-1 part)."""
    low = max(0, brk.left_end - _REACH_BEFORE)
    for _ in range(40):  # never cut a value at either end of the window
        if low == 0 or text[low - 1].isspace() or text[low - 1] == CELL_SEPARATOR:
            break
        low -= 1
    high = min(len(text), brk.right_start + _REACH_AFTER)
    high = _TOKEN_END.match(text, high).end()
    left = text[low:brk.left_end]
    return low, left + brk.joiner + text[brk.right_start:high], len(left)


def wrapped_values(text: str, context: str, kept: Spans,
                   spans_of: Callable[[str, str], Spans],
                   resolve: Callable[[Spans], Spans]) -> list[tuple[str, int, int, str]]:
    """(code, start, end, value as rejoined) for values running across a line break."""
    windows = []
    kept_starts = [start for _, start, _ in kept]
    for newline in _breaks(text):
        brk = _describe(text, newline)
        if brk.left_end > 0 and brk.right_start < len(text) and \
                (brk.hyphen or not _touched(text, kept, kept_starts, brk)):
            windows.append((brk, *_window(text, brk)))
    if not windows:
        return []
    joined = CELL_SEPARATOR.join(window for _, _, window, _ in windows)
    starts = [0]
    for _, _, window, _ in windows[:-1]:
        starts.append(starts[-1] + len(window) + 1)
    results = {}
    for code, start, end in resolve(spans_of(joined, context)):
        index = bisect.bisect_right(starts, start) - 1
        brk, low, window, left_length = windows[index]
        begin, finish = start - starts[index], end - starts[index]
        if begin < left_length and finish > left_length + len(brk.joiner):
            value = window[begin:finish]
            if code != EMAIL or _plausible_address(value):
                span = (code, low + begin, brk.right_start + finish - left_length - len(brk.joiner))
                results[span] = value
    return [(*span, results[span]) for span in resolve(list(results))
            if not _cuts_into(span, kept, kept_starts)]


def _plausible_address(value: str) -> bool:
    """A rejoined address must end in a real-looking top-level domain, so that a line
    ending 'needs_real' and one starting '@pytest.mark' do not make an address."""
    tld = value.rpartition(".")[2]
    if not (tld.islower() or tld.isupper()):
        return False
    tld = tld.lower()
    return tld in _GENERIC_TLDS or (len(tld) == 2 and tld not in _FILE_SUFFIXES)


def _cuts_into(span: tuple[str, int, int], kept: Spans, starts: list[int]) -> bool:
    """The rejoined value overlaps a value found on one line without holding it whole (a
    value it holds whole was a piece of it, and is replaced)."""
    _, start, end = span
    index = bisect.bisect_left(starts, start)
    if index and kept[index - 1][2] > start:
        return True  # a value found earlier runs into this one
    while index < len(kept) and kept[index][1] < end:
        if kept[index][2] > end:
            return True
        index += 1
    return False
