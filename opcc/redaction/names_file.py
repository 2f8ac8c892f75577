"""The protected-names file: salted hashes of names the scanner must find, and no name.

Plain UTF-8 text, written by `write_protected_names`:

    # comment lines start with '#'
    salt: 5f0c…  (32 hex digits, random per file)
    words: 2,3   (the numbers of words in the names, so the scanner knows its windows)
    9b1c…        (one SHA-256 hex digest per line, sorted)

A digest is sha256(salt + normalised name) (detectors/protected_name.py normalises).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from opcc.redaction.detectors.protected_name import (
    NAME_BREAKS,
    hash_name,
    name_words,
    normalise_name,
)


@dataclass(frozen=True)
class ProtectedNames:
    salt: str
    hashes: frozenset[str]
    word_counts: tuple[int, ...]


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def load_protected_names_file(path: str | Path) -> ProtectedNames:
    """Read a protected-names file; ValueError names the line of any mistake."""
    path = Path(path)
    salt, counts, hashes = None, (), set()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: the protected-names file does not exist; make it with "
                         "`opcc redaction hash-names`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: the protected-names file can't be read ({exc})") from None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("salt:"):
            salt = line[5:].strip()
        elif line.startswith("words:"):
            counts = _parse_counts(line[6:], path, number)
        elif _HEX64.match(line.lower()):
            hashes.add(line.lower())
        else:
            raise ValueError(f"{path}:{number}: expected a 64-digit SHA-256 hash, 'salt:' or "
                             "'words:'; write the file with `opcc redaction hash-names`")
    if not salt:
        raise ValueError(f"{path}: no 'salt:' line; write the file with "
                         "`opcc redaction hash-names`")
    return ProtectedNames(salt, frozenset(hashes), counts)


def _parse_counts(text: str, path: Path, number: int) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        counts = ()
    if not counts or any(c < 1 or c > 8 for c in counts):
        raise ValueError(f"{path}:{number}: 'words:' must list word counts from 1 to 8, e.g. 2,3")
    return counts


def load_protected_names(path: str | Path) -> tuple[str, frozenset[str]]:
    names = load_protected_names_file(path)
    return names.salt, names.hashes


def _clean_names(names: Iterable[str]) -> list[str]:
    """Names from a plain list: blank lines and '#' comments skipped; ValueError names the
    first entry holding a common word that the matcher treats as a break."""
    cleaned = [n.strip() for n in names if n.strip() and not n.strip().startswith("#")]
    cleaned = [n for n in cleaned if normalise_name(n)]
    for number, name in enumerate(cleaned, 1):
        breaks = sorted(set(name_words(name)) & NAME_BREAKS)
        if breaks:
            raise ValueError(f"name {number} holds '{breaks[0]}', a common word the matcher "
                             "treats as the end of a name; write the name without it")
    return cleaned


def protected_names_text(names: Iterable[str], salt: str | None = None,
                         existing: ProtectedNames | None = None) -> str:
    """The file text for a list of names, with a fresh random salt unless one is given;
    `existing` (a loaded file) keeps its salt and hashes, so names can be added later."""
    cleaned = _clean_names(names)
    salt = existing.salt if existing else (salt or secrets.token_hex(16))
    counts = {len(name_words(n)) for n in cleaned} | set(existing.word_counts if existing else ())
    hashes = {hash_name(n, salt) for n in cleaned} | set(existing.hashes if existing else ())
    header = ["# Protected names: salted SHA-256 hashes, one per line. No name is stored here.",
              ("# Made by `opcc redaction hash-names`; see opcc/redaction/names_file.py "
               "for the format."),
              f"salt: {salt}", f"words: {','.join(str(c) for c in sorted(counts or {2}))}"]
    return "\n".join(header + sorted(hashes)) + "\n"


def write_protected_names(names: Iterable[str], path: str | Path, salt: str | None = None,
                          add: bool = False) -> None:
    """Write the names file; add=True keeps an existing file's salt and hashes."""
    path = Path(path)
    existing = load_protected_names_file(path) if add and path.exists() else None
    path.write_text(protected_names_text(names, salt, existing), encoding="utf-8")
