"""redaction.protected-name: a name from the protected-names file (see names_file.py).

The matcher hashes every run of 1 to N words of the text (N the largest on the file's
`words:` line), in both orders for two words ("Quenby, Avery"); runs never start at or
cross a common word such as "the" or "of" (NAME_BREAKS), and a name holding one is refused
when hashing. Normalising folds case, strips accents and joins the letters of every word,
so "Mary-Jane O'Brien", "MARY JANE OBRIEN" and "mary jane o brien" hash alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence

from opcc.redaction.detectors.base import CELL_SEPARATOR, Detector, Span

CODE = "redaction.protected-name"

NAME_WORD = re.compile(r"[^\W\d_]+")
# Common words that are never part of a personal name: a name window neither starts at nor
# runs across one, which halves the hashing of running text. Names holding one are refused.
NAME_BREAKS = frozenset((
    "the", "and", "of", "to", "in", "for", "is", "on", "that", "by", "with", "as", "at", "this",
    "are", "or", "from", "it", "was", "we", "our", "not", "have", "has", "be", "been", "were",
    "which", "their", "they", "its", "if", "can", "all", "any", "into", "about", "these", "those",
    "than", "there", "where", "when", "what", "your", "you", "he", "she", "his", "her", "them"))
_MAX_CACHE = 200_000


def fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(name: str) -> list[str]:
    """The folded words of a name: letters only, accents and case removed."""
    return [fold(word) for word in NAME_WORD.findall(name)]


def normalise_name(name: str) -> str:
    """Case, accents, spacing and punctuation removed: 'Mary-Jane O'Brien' -> 'maryjaneobrien'."""
    return "".join(name_words(name))


def hash_name(name: str, salt: str) -> str:
    return hashlib.sha256((salt + normalise_name(name)).encode("utf-8")).hexdigest()


class NameMatcher:
    """Slides windows of the file's word counts over the text and hashes each candidate
    (two-word windows in both orders, for "Surname, Forename")."""

    def __init__(self, hashes: frozenset[str], salt: str, word_counts: Sequence[int]):
        self.hashes = hashes
        self.salted = hashlib.sha256(salt.encode("utf-8"))
        # every run length up to the longest name: "MaryJane OBrien" is 2 words of text
        # but "Mary-Jane O'Brien" was 4 when hashed, and both normalise alike
        self.longest = max(word_counts, default=4)
        self._seen: dict[str, bool] = {}

    def _hit(self, candidate: str) -> bool:
        known = self._seen.get(candidate)
        if known is None:
            if len(self._seen) > _MAX_CACHE:
                self._seen.clear()
            digest = self.salted.copy()
            digest.update(candidate.encode("utf-8"))
            known = self._seen[candidate] = digest.hexdigest() in self.hashes
        return known

    def find(self, text: str) -> Iterator[Span]:
        if CELL_SEPARATOR not in text:
            yield from self._find_in(text)
            return
        offset = 0
        for cell in text.split(CELL_SEPARATOR):
            for start, end in self._find_in(cell):
                yield start + offset, end + offset
            offset += len(cell) + 1

    def _find_in(self, text: str) -> Iterator[Span]:
        matches = list(NAME_WORD.finditer(text))
        words = [fold(m.group()) for m in matches]
        total, hit = len(words), self._hit
        for index in range(total):
            if words[index] in NAME_BREAKS:
                continue
            joined = ""
            for size in range(1, min(self.longest, total - index) + 1):
                word = words[index + size - 1]
                if word in NAME_BREAKS:
                    break
                joined += word
                if hit(joined):
                    yield matches[index].start(), matches[index + size - 1].end()
                if size == 2 and hit(word + words[index]):
                    yield matches[index].start(), matches[index + 1].end()


def mask_name(value: str) -> str:
    return " ".join(f"{word[0]}…" for word in NAME_WORD.findall(value)) or "…"


DETECTOR = Detector(CODE, "protected name", None, mask=mask_name, canonical=normalise_name)
