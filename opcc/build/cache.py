"""Build cache: results of the slow, pure stages, kept in `SITE/.opcc-cache/` by content hash.

Every entry is found by a key made from the content (never the modification time) of
everything the result depends on, plus the generator's version, so a stale entry can
never be found: a changed input gives a new key. `opcc build --clean` starts an empty
cache. Modification times are used only to avoid re-hashing files that have not been
touched (`Fingerprints`), and a file whose size or time changed is always hashed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR = ".opcc-cache"
_FORMAT = "1"  # bump when the layout of cached records changes


def generator_version() -> str:
    """The installed version plus a hash of the generator's own source files, so that an
    edited generator (an editable install) never reuses results made by the old code."""
    try:
        version = metadata.version("opcc")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        version = "0"
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]  # the whole opcc package
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{version}-{digest.hexdigest()}"


_VERSION: str | None = None


def version() -> str:
    global _VERSION
    if _VERSION is None:
        _VERSION = generator_version()
    return _VERSION


def digest(*parts: Any) -> str:
    """A hex key over bytes, text and anything with a stable repr (tuples of those)."""
    found = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = repr(part).encode("utf-8", "surrogatepass")
        found.update(len(data).to_bytes(8, "little"))
        found.update(data)
    return found.hexdigest()


def file_digest(path: Path) -> str:
    found = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            found.update(block)
    return found.hexdigest()


class BuildCache:
    """Pickled results by (namespace, key), and files (cached downloads) by the same keys."""

    def __init__(self, root: Path, enabled: bool = True):
        self.folder = root / CACHE_DIR
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def _path(self, namespace: str, key: str, suffix: str = ".pickle") -> Path:
        return self.folder / _FORMAT / namespace / key[:2] / f"{key}{suffix}"

    def get(self, namespace: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(namespace, key), "rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        self._atomic_write(self._path(namespace, key),
                           pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def file(self, namespace: str, key: str, suffix: str) -> Path:
        """Where a cached file for this key lives (it may not exist yet)."""
        return self._path(namespace, key, suffix)

    def new_file(self, namespace: str, key: str, suffix: str) -> tuple[Path, Path]:
        """(temporary path to write, final path): call `keep` to move it into place."""
        final = self.file(namespace, key, suffix)
        final.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=final.parent, prefix=".tmp-")
        os.close(handle)
        return Path(temporary), final

    @staticmethod
    def keep(temporary: Path, final: Path) -> None:
        os.replace(temporary, final)

    def _atomic_write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
