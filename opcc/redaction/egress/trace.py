"""Where a published value comes from: the source file and line a comms officer can fix.

A value is looked for in the output's own source first, then in site.yaml, then in every
other text file of the site (content, datasets, templates). Both sides are squeezed
(normalise.squeezed: entities, escapes, markup, spaces and case dropped) and each file is
searched as one run of text, so a value split over folded YAML lines, or written with
`&#64;` or `\\@`, is still found on the line where it starts.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from opcc.redaction.egress.normalise import squeezed

SOURCE_FOLDERS = ("content", "datasets", "templates")
TEXT_SUFFIXES = frozenset({".md", ".yaml", ".yml", ".csv", ".json", ".html", ".txt", ".xml"})


class Tracer:
    def __init__(self, root: Path):
        self.root = root
        self._files: dict[str, tuple[str, list[int]] | None] = {}
        self._others: list[str] | None = None

    def trace(self, value: str, own: str | None) -> tuple[str | None, int | None]:
        needle = squeezed(value)
        if needle:
            for source in self._candidates(own):
                line = self._line_of(source, needle)
                if line is not None:
                    return source, line
        return own, None

    def _candidates(self, own: str | None):
        if own:
            yield own
        yield "site.yaml"
        if self._others is None:
            self._others = sorted(
                path.relative_to(self.root).as_posix()
                for folder in SOURCE_FOLDERS if (self.root / folder).is_dir()
                for path in (self.root / folder).rglob("*")
                if path.suffix.lower() in TEXT_SUFFIXES and path.is_file())
        yield from (source for source in self._others if source != own)

    def _line_of(self, source: str, needle: str) -> int | None:
        if source not in self._files:
            self._files[source] = self._load(source)
        loaded = self._files[source]
        if loaded is None:
            return None
        text, starts = loaded
        index = text.find(needle)
        return None if index < 0 else bisect_right(starts, index)

    def _load(self, source: str) -> tuple[str, list[int]] | None:
        try:
            lines = (self.root / source).read_text("utf-8-sig", errors="replace").splitlines()
        except OSError:
            return None
        squeezed_lines = [squeezed(line) for line in lines]
        starts, offset = [], 0
        for line in squeezed_lines:
            starts.append(offset)
            offset += len(line)
        return "".join(squeezed_lines), starts
