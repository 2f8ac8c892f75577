"""`opcc clean`: a copy of a document without what can be removed safely.

`clean_file(path)` writes `NAME.clean.EXT` next to the file (the original is never
touched) and returns a `CleanReport` listing, one plain-English line each, what it
removed: people in the document properties, custom properties, comments, earlier PDF
revisions, XMP, and picture metadata (EXIF, XMP, IPTC, text chunks). What needs a
person's decision (hidden sheets, rows and columns, hidden or covered text, hidden
layers, tracked changes, personal data in the visible text) is left in place; the
command then inspects the copy and lists it.

To add a format: write `cleaning/NAME.py` with `clean(source, target) -> list[str]` and
add it to `CLEANERS`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from opcc.redaction.cleaning import image, odf, ooxml, pdf

Cleaner = Callable[[Path, Path], list[str]]

CLEANERS: dict[str, Cleaner] = {
    ".pdf": pdf.clean,
    ".docx": ooxml.clean, ".docm": ooxml.clean,
    ".xlsx": ooxml.clean, ".xlsm": ooxml.clean,
    ".pptx": ooxml.clean, ".pptm": ooxml.clean,
    ".odt": odf.clean, ".ods": odf.clean, ".odp": odf.clean,
    ".jpg": image.clean, ".jpeg": image.clean, ".png": image.clean,
}

__all__ = ["CLEANERS", "CleanError", "CleanReport", "clean_file", "cleaned_path"]


class CleanError(Exception):
    """The file can't be cleaned: `code` is the diagnostic code, `hint` what to do."""

    def __init__(self, code: str, message: str, hint: str):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class CleanReport:
    source: Path
    cleaned: Path
    removed: tuple[str, ...]  # one plain-English line per thing removed


def cleaned_path(path: Path) -> Path:
    """report.pdf -> report.clean.pdf, in the same folder."""
    return path.with_name(f"{path.stem}.clean{path.suffix}")


def clean_file(path: Path | str) -> CleanReport:
    """Write the cleaned copy and say what was removed; raises CleanError."""
    path = Path(path)
    if not path.is_file():
        raise CleanError("clean.not-a-file", f"{path} is not a file",
                         "give the path of a document, spreadsheet, presentation, PDF or photo")
    cleaner = CLEANERS.get(path.suffix.lower())
    if cleaner is None:
        kinds = ", ".join(sorted(CLEANERS))
        raise CleanError("clean.unsupported-type",
                         f"{path.suffix or 'a file without an extension'} files can't be "
                         "cleaned", f"opcc clean reads {kinds}; save the file in one of "
                         "those formats first")
    target = cleaned_path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".opcc-clean-", suffix=path.suffix,
                                             dir=path.parent)
    except OSError as exc:
        raise CleanError("clean.cannot-write", f"can't write the cleaned copy next to "
                         f"{path.name} ({exc.strerror or exc})",
                         "copy the file to a folder you can write to and clean it there") \
            from None
    os.close(handle)
    try:
        removed = cleaner(path, Path(temporary))
        os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, target)
    except Exception as exc:  # a file the readers reject is a diagnostic, not a traceback
        raise CleanError("clean.unreadable", f"{path.name} could not be read in full "
                         f"({_reason(exc)})", "open it in the application that made it, "
                         "save a copy (unprotected) and clean that") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return CleanReport(path, target, tuple(removed))


def _reason(exc: Exception) -> str:
    words = f"{type(exc).__name__} {exc}".lower()
    if "password" in words or "encrypt" in words:
        return "it is password-protected or encrypted"
    return f"{type(exc).__name__}: it may be damaged or not the format its name says"
