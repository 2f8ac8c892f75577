"""redaction.obfuscated-email (a warning): an address written out to dodge harvesters,
"jo at example dot com", "jo [at] example [dot] com", "jo(at)example(dot)org",
"JO AT EXAMPLE DOT CO DOT UK" or spaced "jo @ example . com".

Ordinary prose has "at" everywhere, so a hit needs a domain-like tail ending in a known
top-level domain (KNOWN_SUFFIXES), and a bare "at" also needs a written-out "dot" (or a
spaced " ." ) or a local part that only an address has ("jo.bloggs at example.com").
The tail's first word may not be "the", "www"…, nor the local part "us", "me"…, so "find
us at example dot com" (a web site) and "launched at the dot com boom" do not fire.
Its canonical form is the plain address, so an allow-list value "foi@example.org" also
allows "foi at example dot org".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opcc.redaction.detectors.base import WARNING, Detector, Span
from opcc.redaction.detectors.email import LOCAL, local_start, mask_email

CODE = "redaction.obfuscated-email"

# Top-level domains an address is likely to end in; English words ("at", "in", "it", "me",
# "no", "to", "us") are left out on purpose, as "... dot it" is more often prose.
KNOWN_SUFFIXES = frozenset(["com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name",
                            "pro", "io", "co", "uk", "ie", "eu", "de", "fr", "es", "nl", "ch", "se",
                            "dk", "fi", "pl", "pt", "ca", "au", "nz", "za", "scot", "wales",
                            "cymru", "london", "email", "online", "tv", "cc", "ai", "app", "dev",
                            "gg", "je", "im", "ac", "nhs"])
_NOT_A_LOCAL_PART = frozenset(["us", "me", "you", "him", "her", "them", "it", "this", "that",
                               "here", "there", "we", "they", "find", "visit", "see", "look", "go",
                               "online", "found", "available", "published", "hosted", "based",
                               "located", "live", "is", "are", "was", "be", "or", "and", "also",
                               "email", "e-mail", "write", "contact", "www"])
_NOT_A_DOMAIN_START = frozenset(["the", "a", "an", "this", "that", "our", "your", "my", "his",
                                 "her", "their", "its", "www"])

# Each pattern starts with a literal, which the regex engine finds fast: "at" written as a
# word ("jo at example") or closed by a bracket ("jo [at] example", opening checked after).
_AT_MARKS = (re.compile(r"at(?:[ \t]*[\])}>]|(?=\s)(?<=\sat))"),
             re.compile(r"AT(?:[ \t]*[\])}>]|(?=\s)(?<=\sAT))"),
             re.compile(r"At(?:[ \t]*[\])}>]|(?=\s)(?<=\sAt))"))
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_SEPARATOR = re.compile(
    r"[ \t]*[\[({<][ \t]*(?:dot|DOT|Dot)[ \t]*[\])}>][ \t]*(?P<bracket>)"
    r"|\s+(?:dot|DOT|Dot)\s+(?P<word>)"
    r"|[ \t]+\.[ \t]*(?P<spaced>)"
    r"|\.(?P<plain>)")
_SPACE = " \t\u00a0\r\n"
_SPACES = tuple(_SPACE)  # `in` a tuple: an empty string is not a space
_ADDRESS_ONLY = re.compile(r"[A-Za-z].*[._%+-]|[._%+-].*[A-Za-z]")  # "jo.bloggs", "j_smith"


@dataclass(frozen=True)
class Written:
    """An address as written: where it starts and ends, and its parts read plainly."""
    start: int
    end: int
    local: str
    labels: tuple[str, ...]
    at: str  # "bracket", "word", "spaced" (an '@' with a space beside it) or "plain"
    written_dots: bool  # some dot is written out, bracketed or spaced

    @property
    def address(self) -> str:
        return f"{self.local}@{'.'.join(self.labels)}"


@dataclass(frozen=True)
class Mark:
    """Where an 'at' is written, and how: "bracket", "word", "spaced" or "plain" ('@')."""
    start: int
    end: int
    kind: str


def _marks(text: str) -> Iterator[Mark]:
    for pattern in _AT_MARKS:
        for match in pattern.finditer(text):
            if match.end() - match.start() == 2:
                yield Mark(match.start(), match.end(), "word")
                continue
            opening = match.start()
            while opening > 0 and text[opening - 1] in " \t":
                opening -= 1
            if opening > 0 and text[opening - 1] in "[({<":
                yield Mark(opening - 1, match.end(), "bracket")
    at = text.find("@")
    while at != -1:
        spaced = text[at - 1:at] in _SPACES or text[at + 1:at + 2] in _SPACES
        yield Mark(at, at + 1, "spaced" if spaced else "plain")
        at = text.find("@", at + 1)


def _skip_space(text: str, pos: int, step: int, limit: int = 3) -> int:
    """Move over up to `limit` spaces (forwards or backwards) from pos."""
    for _ in range(limit):
        probe = pos if step > 0 else pos - 1
        if not 0 <= probe < len(text) or text[probe] not in _SPACE:
            break
        pos += step
    return pos


def _labels(text: str, pos: int) -> tuple[list[str], list[str], list[int]]:
    """The domain's labels from pos, the separator kind before each label after the
    first, and each label's end."""
    first = _LABEL.match(text, pos)
    if not first:
        return [], [], []
    labels, kinds, ends = [first.group()], [], [first.end()]
    while len(labels) < 8:
        separator = _SEPARATOR.match(text, ends[-1])
        label = separator and _LABEL.match(text, separator.end())
        if not label:
            break
        labels.append(label.group())
        kinds.append(separator.lastgroup)
        ends.append(label.end())
    return labels, kinds, ends


def _domain_length(text: str, labels: list[str], ends: list[int]) -> int:
    """How many labels make the domain: the most that end in a known suffix at a word end."""
    for count in range(len(labels), 1, -1):
        end = ends[count - 1]
        following = text[end:end + 1]
        if labels[count - 1].lower() in KNOWN_SUFFIXES and not (
                following and (following.isalnum() or following in "-_@")):
            return count
    return 0


def read_written(text: str, mark: Mark) -> Written | None:
    """The address around an 'at' mark, read plainly, or None if there is none."""
    local_end = _skip_space(text, mark.start, -1)
    start = local_start(text, local_end)
    if start == local_end or local_end - start > 64 or not LOCAL.fullmatch(text, start, local_end):
        return None
    labels, kinds, ends = _labels(text, _skip_space(text, mark.end, 1))
    count = _domain_length(text, labels, ends)
    if not count:
        return None
    written_dots = any(kind != "plain" for kind in kinds[:count - 1])
    return Written(start, ends[count - 1], text[start:local_end], tuple(labels[:count]),
                   mark.kind, written_dots)


def _looks_deliberate(written: Written) -> bool:
    """Written out to hide an address, rather than prose or an ordinary address."""
    if written.at == "plain":
        return written.written_dots  # an ordinary address is redaction.email's
    if written.local.lower() in _NOT_A_LOCAL_PART or \
            written.labels[0].lower() in _NOT_A_DOMAIN_START:
        return False
    if written.at == "word":
        return written.written_dots or bool(_ADDRESS_ONLY.search(written.local))
    return True


def find_obfuscated_emails(text: str, context: str = "") -> Iterator[Span]:
    for mark in _marks(text):
        written = read_written(text, mark)
        if written is not None and _looks_deliberate(written):
            yield written.start, written.end


def plain_address(value: str) -> str:
    """'jo [at] example [dot] com' -> 'jo@example.com'; the value itself if unreadable."""
    for mark in _marks(value):
        written = read_written(value, mark)
        if written is not None:
            return written.address
    return value


def _mask(value: str) -> str:
    address = plain_address(value)
    return mask_email(address) if "@" in address else "…"


DETECTOR = Detector(CODE, "email address written out", find_obfuscated_emails, fewest_digits=0,
                    mask=_mask, canonical=lambda value: plain_address(value).strip().casefold(),
                    plain=plain_address, severity=WARNING)
