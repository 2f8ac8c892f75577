"""The incremental plan: what changed since the last good build, and so what this build
must do. Every build (clean, incremental, `opcc serve`) starts here:

- `full`: no usable record of the last build (or `--clean`, other options, another day):
  the whole site is made in memory and only the files whose bytes differ are written;
- `replay`: nothing changed: the last build's diagnostics are reported again, nothing is
  read, rendered or written;
- `pages`: only the bodies of content pages changed (front matter, name and everything
  else as before): those pages go through the same stages again, and nothing else can
  differ, as other pages see a page only through its front matter and address.

After a build is written without errors, `record` saves what it saw (incremental.py's
BuildState) for the next plan. tests/build/test_incremental.py holds every kind of change to
the rule that an incremental build equals a clean one, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from opcc.build import incremental
from opcc.build.cache import BuildCache, version
from opcc.build.incremental import BuildState, InputFile, PageRecord
from opcc.build.result import BuildOptions, BuildResult
from opcc.checks import moves
from opcc.config import ConfigError, load_config
from opcc.diagnostics import Diagnostic, promote_warnings
from opcc.kinds import registry
from opcc.write import writer

FULL, REPLAY, PAGES = "full", "replay", "pages"


@dataclass(frozen=True)
class Plan:
    mode: str  # FULL, REPLAY or PAGES
    previous: BuildState | None  # the last good build, if it can be used
    inputs: dict[str, InputFile]  # every input file now
    changed: tuple[str, ...] = ()  # input paths changed since `previous`


def make_plan(options: BuildOptions, clean: bool) -> Plan:
    root = options.root
    today = options.today or date.today()
    key = _options_key(options)
    output_dir = options.output_dir  # site/ and preview/ each keep their own record
    previous = None if clean else incremental.load_state(root, output_dir)
    if previous is not None and (previous.options != key or
                                 writer.needs_full_write(root, output_dir)):
        previous = None
    if clean:
        with moves.kept(root):  # but the addresses published before are still known
            BuildCache(root).clear()  # nothing from earlier builds is used
    if clean or previous is None:
        incremental.forget_state(root, output_dir)
    inputs = incremental.scan_inputs(root, previous, _extra_inputs(root))
    if previous is None or previous.today != today.isoformat() or \
            _goes_live(previous, today):  # else dates, and so what is live, may differ
        return Plan(FULL, previous, inputs)
    changed = incremental.changed_inputs(previous.inputs, inputs)
    if not changed:
        return Plan(REPLAY, previous, inputs)
    if _only_page_bodies(previous, changed, inputs):
        return Plan(PAGES, previous, inputs, tuple(sorted(changed)))
    return Plan(FULL, previous, inputs, tuple(sorted(changed)))


def _options_key(options: BuildOptions) -> tuple:
    return incremental.options_key(options.include_drafts, options.strict,
                                   options.include_scheduled)


def _goes_live(previous: BuildState, today: date) -> bool:
    """Has the day of a page the last build left out as scheduled come? (What is live
    depends on the day: another day is always a full build, and this says why.)"""
    scheduled = previous.index.scheduled if previous.index is not None else {}
    return any(day <= today for day in scheduled.values())


def _extra_inputs(root: Path) -> tuple[str, ...]:
    """Inputs outside the usual folders: the protected-names file site.yaml names."""
    try:
        config = load_config(root)
    except ConfigError:
        return ()
    named = config.redaction.protected_names
    return (named,) if named else ()


def _only_page_bodies(previous: BuildState, changed: set[str],
                      inputs: dict[str, InputFile]) -> bool:
    for path in changed:
        record = previous.pages.get(path)
        if not path.endswith(".md") or registry.is_record_source(path) or path not in inputs \
                or record is None or record.page is None or record.page.url == "/":
            return False
    return True


def replayed_diagnostics(state: BuildState, strict: bool) -> list[Diagnostic]:
    """Every diagnostic of the build `state` records."""
    found = list(state.site_diagnostics)
    for record in state.pages.values():
        found.extend(record.diagnostics)
        found.extend(record.link_diagnostics)
    return promote_warnings(found) if strict else found


def record(options: BuildOptions, result: BuildResult, inputs: dict[str, InputFile],
           digests: dict[str, str]) -> None:
    """Save what a full build that was written without errors saw, for the next plan."""
    details = result.details
    if details is None:
        return
    today = options.today or date.today()
    plain = {id(page): incremental.bodiless(page) for page in details.index.pages}
    index = _bodiless_index(details.index, plain)
    records = {}
    for url, source in details.sources.items():
        page = details.index.by_url.get(url)
        records[source] = PageRecord(
            page=plain[id(page)] if page is not None and page.source == source else None,
            url=url,
            links=details.bodies[url].links,
            anchors=details.bodies[url].anchors,
            diagnostics=tuple(details.text_diagnostics.get(source, ())),
            link_diagnostics=tuple(details.link_diagnostics.get(source, ())),
            files=dict(details.page_files.get(source, {})))
    incremental.save_bodies(options.root, details.remembered, options.output_dir)
    incremental.save_state(options.root, BuildState(
        version(), _options_key(options),
        today.isoformat(), incremental.now(), inputs, digests, result.page_count,
        len(result.outputs), tuple(details.site_diagnostics), index, records),
        options.output_dir)


def _bodiless_index(index, plain: dict):
    def swap(pages):
        return [plain.get(id(page), page) for page in pages]
    return replace(index, pages=swap(index.pages),
                   by_url={url: plain.get(id(page), page) for url, page in index.by_url.items()},
                   by_class={slug: swap(pages) for slug, pages in index.by_class.items()},
                   _children=None)
