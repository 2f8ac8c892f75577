"""The scanner: runs every registered detector over a text, drops allowed values, and
reports each value once as a `Finding` (masked, safe to print).

`scan(text, context)` takes an optional context, such as a CSV column name, which is read
as if it came just before the text: a "date_of_birth" column makes every date in it fire.
After the detectors have read the text, values broken over two lines (layout.py) are found
too. A finding's severity is its detector's: WARNING_CODES are reported but need no
exception to publish.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from opcc.redaction import layout
from opcc.redaction.detectors import BY_CODE, DETECTORS, PRIORITY, WARNING
from opcc.redaction.detectors.base import CELL_SEPARATOR, compact, mask_chars
from opcc.redaction.detectors.protected_name import CODE as PROTECTED_NAME
from opcc.redaction.detectors.protected_name import NameMatcher
from opcc.redaction.names_file import load_protected_names_file

LABELS = {detector.code: detector.label for detector in DETECTORS}
CODES = tuple(LABELS)
WARNING_CODES = frozenset(d.code for d in DETECTORS if d.severity == WARNING)
_PATTERN_DETECTORS = tuple(d for d in DETECTORS if d.find is not None)


@dataclass(frozen=True)
class Finding:
    code: str  # "redaction.email" …
    label: str  # "email address"
    masked: str  # safe to print
    start: int  # offsets into the scanned text (a value broken over two lines spans the break)
    end: int
    value: str  # the full value as read (rejoined if broken over lines): NEVER put it in a message
    severity: str = "error"  # "warning" for WARNING_CODES: reported, no exception needed

    def describe(self) -> str:
        """A plain-English sentence that never holds the full value."""
        return f"{self.label} {self.masked} found"


def mask(value: str, code: str) -> str:
    """A form of the value that is safe to print: at most about a third of it shows."""
    detector = BY_CODE[code]
    if detector.mask is not None:
        return detector.mask(value)
    return mask_chars(compact(value).upper(), *detector.keep)


def canonical(value: str, code: str) -> str:
    """The form compared with allow-list values: national digits for phones, else folded."""
    detector = BY_CODE[code]
    if detector.canonical is not None:
        return detector.canonical(value)
    return compact(value).upper()


class AllowList:
    """Allow-list items (from site.yaml `redaction.allow`) are `{"value": ..., "reason": ...}`,
    compared after normalising (`canonical`), or `{"pattern": ..., "reason": ...}`, a regular
    expression that must match the whole value as found, or as written plainly (case ignored)."""

    def __init__(self, items: Sequence[dict]):
        self.values: list[str] = []
        self.patterns: list[re.Pattern] = []
        for number, item in enumerate(items, 1):
            self._add(number, item)
        self._canon: dict[str, set[str]] = {}

    def _add(self, number: int, item: dict) -> None:
        if not isinstance(item, dict) or not ({"value", "pattern"} & set(item)):
            raise ValueError(f"redaction allow item {number} needs a 'value' or a 'pattern'")
        if "value" in item:
            self.values.append(str(item["value"]))
        if "pattern" in item:
            try:
                self.patterns.append(re.compile(str(item["pattern"]), re.IGNORECASE))
            except re.error as exc:
                raise ValueError(f"redaction allow item {number}: the pattern is not a valid "
                                 f"regular expression ({exc})") from None

    def allows(self, finding: Finding) -> bool:
        canon = self._canon.get(finding.code)
        if canon is None:
            canon = self._canon[finding.code] = {canonical(v, finding.code) for v in self.values}
        if canonical(finding.value, finding.code) in canon:
            return True
        if not self.patterns:
            return False
        plain = BY_CODE[finding.code].plain
        forms = (finding.value, plain(finding.value)) if plain else (finding.value,)
        return any(p.fullmatch(form) for p in self.patterns for form in forms)


_DIGIT = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"[-+]?[\d,]*\.\d+|[-+]?\d{1,7}")  # amounts, counts: never personal
_SHORT = 200


def _digit_count(text: str) -> int:
    """Digits in a short text; long texts are assumed to hold enough for every detector."""
    return len(_DIGIT.findall(text)) if len(text) <= _SHORT else 1_000


def pattern_spans(text: str, context: str) -> list[tuple[str, int, int]]:
    """(code, start, end) from every pattern detector (all but protected names)."""
    if _PLAIN_NUMBER.fullmatch(text):
        return []
    digits = _digit_count(text)
    spans = []
    for detector in _PATTERN_DETECTORS:
        if digits >= detector.fewest_digits:
            spans.extend((detector.code, s, e) for s, e in detector.find(text, context))
    return spans


def without_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One finding per stretch of text: errors before warnings (a warning never hides an
    error), then the longest span, then the detector priority."""
    ordered = sorted(set(spans), key=lambda s: (s[0] in WARNING_CODES, -(s[2] - s[1]),
                                                PRIORITY[s[0]], s[1]))
    kept: list[tuple[int, int, str]] = []  # disjoint, sorted by start
    for code, start, end in ordered:
        index = bisect.bisect_left(kept, (start, end, code))
        if index and kept[index - 1][1] > start:
            continue
        if index < len(kept) and kept[index][0] < end:
            continue
        kept.insert(index, (start, end, code))
    return [(code, start, end) for start, end, code in kept]


class Scanner:
    """Runs every detector over a text and drops allowed values."""

    def __init__(self, allow: Sequence[dict] = (), protected_hashes: frozenset[str] = frozenset(),
                 salt: str = "", word_counts: Sequence[int] = ()):
        self.allow = AllowList(allow)
        self.names = NameMatcher(frozenset(protected_hashes), salt, word_counts) \
            if protected_hashes else None
        # what the settings make of a scan, for build-cache keys (the detectors themselves
        # are the generator's code, which the cache keys by its own hash)
        settings = repr(([sorted((str(k), str(v)) for k, v in item.items())
                          if isinstance(item, dict) else str(item) for item in allow],
                         sorted(protected_hashes), salt, sorted(word_counts)))
        self.fingerprint = hashlib.blake2b(settings.encode("utf-8", "surrogatepass"),
                                           digest_size=16).hexdigest()

    @classmethod
    def from_settings(cls, allow: Sequence[dict] = (), protected_names: str | Path | None = None,
                      root: Path | None = None) -> Scanner:
        """A scanner from site.yaml's redaction settings (the names file relative to root)."""
        if not protected_names:
            return cls(allow)
        path = Path(protected_names)
        if root is not None and not path.is_absolute():
            path = root / path
        names = load_protected_names_file(path)
        return cls(allow, names.hashes, names.salt, names.word_counts)

    def scan(self, text: str, context: str = "") -> list[Finding]:
        if not text:
            return []
        spans: list[tuple[str, int, int]] = []
        if self.names is not None:
            spans.extend((PROTECTED_NAME, s, e) for s, e in self.names.find(text))
        spans.extend(pattern_spans(text, context))
        kept = without_overlaps(spans)
        findings = [_finding(code, s, e, text[s:e]) for code, s, e in kept]
        if "\n" in text:
            wrapped = layout.wrapped_values(text, context, kept, pattern_spans, without_overlaps)
            if wrapped:
                findings = _merge(findings, [_finding(*item) for item in wrapped])
        return [f for f in findings if not self.allow.allows(f)]

    def scan_cells(self, cells: Sequence[str], context: str = "") -> list[tuple[int, Finding]]:
        """Scan many short texts (a column of a table) in one pass: (cell index, finding),
        offsets relative to the cell. Much faster than one `scan` per cell."""
        joined = CELL_SEPARATOR.join(cells)
        if joined.count(CELL_SEPARATOR) >= len(cells):
            joined = CELL_SEPARATOR.join(c.replace(CELL_SEPARATOR, " ") for c in cells)
        findings = self.scan(joined, context)
        if not findings:
            return []
        starts = list(itertools.accumulate((len(c) + 1 for c in cells), initial=0))
        results = []
        for finding in findings:
            index = bisect.bisect_right(starts, finding.start) - 1
            shift = starts[index]
            results.append((index, replace(finding, start=finding.start - shift,
                                           end=finding.end - shift)))
        return results


def _finding(code: str, start: int, end: int, value: str) -> Finding:
    return Finding(code, LABELS[code], mask(value, code), start, end, value,
                   BY_CODE[code].severity)


def _merge(found: list[Finding], wrapped: list[Finding]) -> list[Finding]:
    """Wrapped values replace the pieces of them found on one line; in text order."""
    covered = [(w.start, w.end) for w in wrapped]
    kept = [f for f in found if not any(s <= f.start and f.end <= e for s, e in covered)]
    return sorted(kept + wrapped, key=lambda f: f.start)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, for diagnostics."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
