"""What a build is asked to do (`BuildOptions`) and what it gives back (`BuildResult`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from opcc import scheme
from opcc.checks import site_index
from opcc.config import SiteConfig
from opcc.diagnostics import Diagnostic, has_errors
from opcc.render.markdown import RenderedBody
from opcc.write.writer import OUTPUT_DIR, PREVIEW_DIR


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    include_drafts: bool = False
    strict: bool = False
    today: date | None = None
    include_scheduled: bool = False  # pages published after today (opcc serve, --drafts)

    @property
    def preview(self) -> bool:
        """Does this build show what is not published? Then it goes to preview/, never
        to site/, and keeps its own record for the incremental plan."""
        return self.include_drafts or self.include_scheduled

    @property
    def output_dir(self) -> str:
        return PREVIEW_DIR if self.preview else OUTPUT_DIR


@dataclass
class BuildDetails:
    """What an incremental build needs from a full one (see plan.py)."""
    index: site_index.SiteIndex
    bodies: dict[str, RenderedBody]  # by URL: content pages and records
    sources: dict[str, str]  # URL -> source file
    text_diagnostics: dict[str, list[Diagnostic]]  # by source: reading, markdown, redaction
    link_diagnostics: dict[str, list[Diagnostic]]  # by source
    page_files: dict[str, dict]  # by source: files its body links to
    site_diagnostics: list[Diagnostic]  # all the others
    remembered: dict  # converted bodies, for the next build (RememberedMarkdown)


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    outputs: dict = field(default_factory=dict)
    page_count: int = 0
    seconds: float = 0.0
    config: SiteConfig | None = None
    compliance: list[scheme.ItemStatus] = field(default_factory=list)
    external_links: list[tuple[str, str, int | None]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    file_count: int = 0
    written: int | None = None  # files written or deleted in site/ (None: nothing built)
    scheduled: list[tuple[date, str, str, str]] = field(default_factory=list)  # pages not
    # yet live: (the day they go live, URL, title, source), soonest first
    details: BuildDetails | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class Stopwatch:
    """Seconds spent in each stage, for `opcc build --timings` and the benchmark."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


def timed(result: BuildResult, stage: str, step):
    """`step`, recording the seconds it takes in result.timings."""
    if step is None:
        return None

    def run(*args):
        started = time.perf_counter()
        try:
            return step(*args)
        finally:
            result.timings[stage] = result.timings.get(stage, 0.0) + \
                time.perf_counter() - started
    return run
