"""Writing stage: the whole site goes into a temporary folder, then replaces `site/`.

A build that fails before this stage writes nothing, and one that fails during it
removes its temporary folder, so the previous `site/` is left exactly as it was.

- One build writes at a time: a lock on the site folder (released by the system even
  when a build is killed). A second build waits up to LOCK_WAIT seconds, then stops
  with a clear message.
- Temporary folders left by a killed build are removed by the next build.
- The new tree and `site/` swap places in one atomic step where the system can do it
  (Linux's renameat2 RENAME_EXCHANGE); elsewhere two renames, and a `site/` caught
  between them is put back by the next build.
- A full disk, a read-only folder or a missing permission is a `WriteError` with a
  diagnostic in plain English, never a traceback.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Mapping

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not locked
    fcntl = None

from opcc.diagnostics import Diagnostic, error

OUTPUT_DIR = "site"
PREVIEW_DIR = "preview"  # drafts and scheduled pages (--drafts, opcc serve): never site/
LOCK_WAIT = 10.0  # seconds a build waits for another to finish writing
DIRTY_MARKER = ".opcc-cache/update-in-progress"  # an in-place update is under way
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def dirty_marker(root: Path, output_dir: str = OUTPUT_DIR) -> Path:
    """The marker of an in-place update of this output folder under way (each folder
    has its own: a preview build never marks, or clears, site/'s)."""
    suffix = "" if output_dir == OUTPUT_DIR else f"-{output_dir}"
    return root / f"{DIRTY_MARKER}{suffix}"


class WriteError(Exception):
    """site/ could not be written; the previous site/ is left as it was."""

    def __init__(self, code: str, message: str, hint: str):
        super().__init__(message)
        self.diagnostic: Diagnostic = error(code, message, path=OUTPUT_DIR, hint=hint)


def _target(folder: Path, relative: str) -> Path:
    """folder/relative, refusing any output path that would leave the folder."""
    target = folder / relative
    if relative.startswith("/") or ".." in Path(relative).parts:
        raise WriteError("config.write", f"refused to write '{relative}': the path leads "
                         "outside site/", "this is a bug in the generator; please report it")
    return target


def _write_tree(folder: Path, outputs: Mapping[str, "bytes | Path"]) -> None:
    for relative in sorted(outputs):
        target = _target(folder, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = outputs[relative]
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            shutil.copyfile(data, target)


def _problem(exc: OSError, root: Path) -> WriteError:
    """A plain-English WriteError for a system error while writing."""
    where = exc.filename or root
    kept = "the previous site/ is unchanged"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteError("config.write", f"the disk is full: the site could not be written "
                          f"in {root}", f"free some disk space, then build again ({kept})")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "is on a read-only disk" if exc.errno == errno.EROFS else \
            "may not be written by this user"
        return WriteError("config.write", f"{where} {reason}", "build where you may write, "
                          f"or change the folder's permissions ({kept})")
    return WriteError("config.write", f"the site could not be written: {exc.strerror} "
                      f"({where})", f"check the disk and the folder, then build again ({kept})")


@contextmanager
def _lock(root: Path, wait: float):
    """Hold the site's write lock (a lock on the site folder itself: no lock file)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    handle = os.open(root, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriteError(
                        "config.lock", "another build is writing site/ at this moment",
                        "wait for the other build (or opcc serve's rebuild) to finish, "
                        "then build again") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)


def _leftovers(root: Path, output_dir: str) -> list[Path]:
    return sorted(p for p in root.glob(f".{output_dir}.*-*") if p.is_dir()
                  and p.name.split("-")[0] in (f".{output_dir}.new", f".{output_dir}.old"))


def _recover(root: Path, destination: Path, output_dir: str) -> None:
    """Undo what a killed build left: put back a site/ caught between two renames, and
    remove temporary folders (only this build holds the lock, so none is in use)."""
    for folder in _leftovers(root, output_dir):
        if not destination.exists() and folder.name.startswith(f".{output_dir}.old-"):
            os.replace(folder, destination)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # not Linux (or an old C library)
        return False
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE) == 0


def _swap(temporary: Path, destination: Path, previous: Path) -> None:
    """Put the new tree in place of site/; the old one ends in `temporary` or `previous`."""
    if destination.exists() and _exchange(temporary, destination):
        return
    if destination.exists():
        os.replace(destination, previous)
    try:
        os.replace(temporary, destination)
    except OSError:
        if previous.exists():
            os.replace(previous, destination)
        raise


def write_site(root: Path, outputs: Mapping[str, "bytes | Path"],
               output_dir: str = OUTPUT_DIR,
               finish: Callable[[Path], None] | None = None,
               wait: float | None = None) -> Path:
    """Write `outputs` (relative path -> bytes or a file to copy) to root/site atomically.

    `finish(folder)` runs on the complete new tree before it replaces site/ (the search
    index is made there); if it raises, site/ is left as it was. Raises WriteError."""
    destination = root / output_dir
    temporary = root / f".{output_dir}.new-{os.getpid()}"
    previous = root / f".{output_dir}.old-{os.getpid()}"
    try:
        with _lock(root, LOCK_WAIT if wait is None else wait):
            _recover(root, destination, output_dir)
            if destination.exists() and not os.access(destination, os.W_OK):
                raise WriteError("config.write", f"{destination} is read-only",
                                 "make site/ writable (or delete it), then build again")
            try:
                _write_tree(temporary, outputs)
                if finish is not None:
                    finish(temporary)
                _swap(temporary, destination, previous)
                dirty_marker(root, output_dir).unlink(missing_ok=True)  # whole again
            finally:
                shutil.rmtree(temporary, ignore_errors=True)
                shutil.rmtree(previous, ignore_errors=True)
    except OSError as exc:
        raise _problem(exc, root) from exc
    return destination



def needs_full_write(root: Path, output_dir: str = OUTPUT_DIR) -> bool:
    """site/ is missing, or an in-place update was interrupted: write it all again."""
    return not (root / output_dir).is_dir() or dirty_marker(root, output_dir).exists()


def _replace_file(target: Path, data: "bytes | Path") -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.new-{os.getpid()}"
    try:
        if isinstance(data, bytes):
            temporary.write_bytes(data)
        else:
            shutil.copyfile(data, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _remove_file(folder: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def update_site(root: Path, changed: Mapping[str, "bytes | Path"], removed: list[str],
                output_dir: str = OUTPUT_DIR,
                finish: Callable[[Path], None] | None = None,
                wait: float | None = None) -> Path:
    """Bring an existing site/ up to date in place: write `changed`, delete `removed`.

    Used only after a build found no errors. Each file is replaced whole (write, then
    rename); a marker kept while files change makes the next build write the whole
    site again if this one is killed half way. `finish(site)` refreshes the search index.
    Raises WriteError."""
    destination = root / output_dir
    marker = dirty_marker(root, output_dir)
    try:
        with _lock(root, LOCK_WAIT if wait is None else wait):
            if not os.access(destination, os.W_OK):
                raise WriteError("config.write", f"{destination} is read-only",
                                 "make site/ writable (or delete it), then build again")
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_bytes(b"")
            for relative in sorted(changed):
                _replace_file(_target(destination, relative), changed[relative])
            for relative in sorted(removed):
                _remove_file(destination, _target(destination, relative))
            if finish is not None:
                finish(destination)
            marker.unlink()
    except OSError as exc:
        raise _problem(exc, root) from exc
    return destination
