"""The file body beyond the newest revision: earlier revisions kept by incremental saves,
each read on its own with what only it holds reported, and objects that no
cross-reference table lists."""

from __future__ import annotations

import itertools
import re

from opcc.redaction.inspectors.inspection import WARNING, Inspection
from opcc.redaction.inspectors.pdf.reader import Reader, Seen

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*%%EOF")
_UPDATE = re.compile(rb"\d+\s+\d+\s+obj\b|\bxref\b")
_PREV = re.compile(rb"/Prev\s+(\d+)")


def earlier_revision_ends(data: bytes) -> list[int]:
    """Where each earlier revision kept by incremental saves ends (just after its %%EOF).

    The first-page trailer of a linearized file (its startxref is 0, or its /Prev points
    forward) and an %%EOF followed by nothing new are not revisions."""
    matches = list(_STARTXREF.finditer(data))
    ends = []
    for match, following in itertools.pairwise(matches):
        offset, end = int(match.group(1)), match.end()
        if not 0 < offset < match.start():
            continue
        prev = _PREV.search(data, offset, match.start())
        if prev and int(prev.group(1)) >= end:
            continue
        if _UPDATE.search(data, end, following.start()):
            ends.append(end)
    return ends


def has_previous_section(data: bytes) -> bool:
    """The last cross-reference section points back (/Prev) though no earlier %%EOF was
    found: an update written without one. Linearized files point forward instead."""
    matches = list(_STARTXREF.finditer(data))
    if not matches or b"/Linearized" in data[:2048]:
        return False
    last = matches[-1]
    offset = int(last.group(1))
    return 0 < offset < last.start() and bool(_PREV.search(data, offset, last.start()))


def report_revisions(inspection: Inspection, count: int) -> None:
    kept = f"{count} earlier version(s)" if count else "an earlier version"
    inspection.add("attachment.earlier-revision",
                   f"The PDF keeps {kept} of itself from incremental saves: anything "
                   "changed or deleted since can still be recovered from the file.",
                   "whole file")


def read_earlier(inspection: Inspection, prefix: bytes, seen: Seen) -> set[int]:
    """Read one earlier revision; report what only it holds. Returns its object numbers."""
    earlier = Inspection(inspection.path, inspection.scanner, inspection.organisation)
    try:
        reader = Reader(earlier, prefix, seen)
        reader.read()
    except Exception:  # noqa: BLE001 - the revision finding already refuses the file
        inspection.add("attachment.earlier-revision", "An earlier version kept in the PDF "
                       "could not be read, so what it holds can't be checked.", "whole file")
        return set()
    _merge_earlier(inspection, earlier)
    return set(reader.numbers)


def _merge_earlier(inspection: Inspection, earlier: Inspection) -> None:
    for key, seen in earlier.values.items():
        if key in inspection.values:
            continue
        for place in seen.places:
            inspection.personal(seen.finding, place, "in an earlier revision")
    messages = {f.message for f in inspection.findings}
    for finding in earlier.findings:
        if finding.code == "attachment.metadata" and finding.message not in messages:
            inspection.add(finding.code, finding.message,
                           f"{finding.location} (earlier revision)", WARNING)


_OBJ_HEADER = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_LAST_STARTXREF = re.compile(rb"startxref\s+\d+")


def read_unlisted(inspection: Inspection, data: bytes, known: set[int]) -> None:
    """Objects in the file body that no cross-reference table lists: recovered by making
    qpdf rebuild the table from the body, then read like any other object."""
    missing = {int(m.group(1)) for m in _OBJ_HEADER.finditer(data)} - known
    if not missing:
        return
    last = list(_LAST_STARTXREF.finditer(data))
    if not last:
        return
    broken = data[:last[-1].start()] + b"startxref\n0\n%%EOF\n"
    reader = Reader(inspection, broken, Seen(track=False))
    reader.read_objects(only=missing, where="in an object the PDF's index leaves out")
