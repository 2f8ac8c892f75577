"""Attachment inspectors: one module per format, registered below.

`inspect_attachment(path, scanner)` publishes nothing itself: it reads one file in full
with the inspector registered for its suffix and returns `AttachmentFinding`s (hidden data,
personal data with its places, and metadata naming a person). A suffix with no inspector
is `attachment.unchecked-type`, an error whose hint says what to publish instead: the
gate fails closed. A file that can't be read in full (corrupt, encrypted, a legacy binary
behind a modern name, a zip bomb) is one `attachment.unreadable` error, never a traceback.

To add a format: write `inspectors/NAME.py` with `inspect(inspection)` and add one line to
`INSPECTORS`.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from opcc.redaction import Scanner
from opcc.redaction.inspectors import docx, image, odf, pdf, pptx, text, xlsx
from opcc.redaction.inspectors.inspection import (
    ERROR,
    HINTS,
    AttachmentFinding,
    Inspection,
    looks_like_person,
)
from opcc.redaction.inspectors.refused import SCRIPT_CAPABLE, instead

Inspector = Callable[[Inspection], None]

INSPECTORS: dict[str, Inspector] = {
    ".pdf": pdf.inspect,
    ".docx": docx.inspect,
    ".docm": docx.inspect,
    ".pptx": pptx.inspect,
    ".pptm": pptx.inspect,
    ".xlsx": xlsx.inspect,
    ".xlsm": xlsx.inspect,
    ".csv": text.inspect_csv,
    ".txt": text.inspect_text,
    ".md": text.inspect_text,
    ".json": text.inspect_text,
    ".jpg": image.inspect,
    ".jpeg": image.inspect,
    ".png": image.inspect,
    ".odt": odf.inspect,
    ".ods": odf.inspect,
    ".odp": odf.inspect,
}

QUIET_LOGGERS = ("pypdf", "pdfminer", "openpyxl", "docx", "pikepdf", "PIL", "fontTools")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_FORMATS = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp")

__all__ = ["AttachmentFinding", "INSPECTORS", "OLE_MAGIC", "checked", "inspect_attachment",
           "looks_like_person", "script_capable"]


def checked(path: Path | str) -> bool:
    """True when an inspector reads this kind of file in full."""
    return Path(path).suffix.lower() in INSPECTORS


def script_capable(path: Path | str) -> bool:
    return Path(path).suffix.lower() in SCRIPT_CAPABLE


def inspect_attachment(path: Path, scanner: Scanner,
                       organisation: Sequence[str] = ()) -> list[AttachmentFinding]:
    """Every hidden-data and personal-data finding in one file; see the module docstring.

    organisation: the office's names: metadata set to one of them does not name a person."""
    path = Path(path)
    inspector = INSPECTORS.get(path.suffix.lower())
    if inspector is None:
        return [unchecked(path)]
    inspection = Inspection(path, scanner, tuple(organisation))
    try:
        problem = format_problem(path)
        if problem:
            inspection.add("attachment.unreadable", problem, "whole file")
        else:
            with warnings.catch_warnings(), _quiet_loggers():
                warnings.simplefilter("ignore")
                inspector(inspection)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding, never a traceback
        return [AttachmentFinding(
            "attachment.unreadable", ERROR,
            f"The file could not be read in full ({describe_error(exc)}), so it can't be "
            "checked for hidden or personal data.", HINTS["attachment.unreadable"],
            "whole file")]
    return inspection.result()


def unchecked(path: Path) -> AttachmentFinding:
    suffix = path.suffix.lower() or "(no extension)"
    if script_capable(path):
        why = (f"A {suffix} file can carry script that would run on the office's own site, "
               "so it is never published")
        hint = f"{instead(suffix)}; no exception can publish a {suffix} file"
    else:
        why = (f"No inspector can read {suffix} files in full, so the file can't be checked "
               "for hidden or personal data")
        hint = (f"{instead(suffix)}; if this exact file must be published as it is, add "
                f"{{file: {path.name}, reason: ...}} to the page's redaction: list")
    return AttachmentFinding("attachment.unchecked-type", ERROR, why + ".", hint, "whole file")


@contextlib.contextmanager
def _quiet_loggers():
    """The readers log complaints about damaged files to stderr; the finding says it."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def describe_error(exc: Exception) -> str:
    name = type(exc).__name__
    chain = [exc, exc.__cause__, exc.__context__,
             *[a for a in exc.args if isinstance(a, Exception)]]
    words = " ".join(f"{type(e).__name__} {e}" for e in chain if e is not None).lower()
    if "password" in words or "crypt" in words:
        return "it is password-protected or encrypted"
    if "zip bomb" in words or "inflates" in words:
        return "it inflates to far more than its size, as a zip bomb does"
    return f"{name}: it may be damaged or not the format its name says"


def format_problem(path: Path) -> str | None:
    """A plain-English reason the file is not what its extension says, or None."""
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if suffix in ZIP_FORMATS:
        if head.startswith(OLE_MAGIC):
            return ("The file is password-protected (encrypted Office files are stored this "
                    "way) or is an old binary .doc/.xls/.ppt renamed, so it can't be checked.")
        if not head.startswith(b"PK"):
            return "The file is not a valid Office document (it is not a zip package)."
    if suffix == ".pdf" and b"%PDF" not in head:
        return "The file is not a valid PDF (no %PDF header)."
    return None
