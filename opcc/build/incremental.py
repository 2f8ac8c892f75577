"""Incremental builds: what the last good build saw and wrote, and what changed since.

After every successful write, the build saves a `BuildState` in the build cache:
- every input file (site.yaml, content/, datasets/, templates/ and the protected-names
  file) with its size, modification time and content hash;
- every output file with the hash of what was written, so the next build writes only
  the files whose bytes changed and deletes those no longer made;
- the site index and each page's links, anchors and diagnostics, so that an edit to
  the body of one page (the commonest save) is rebuilt without reading the others.

A changed input is found by its content hash. File times only spare re-hashing files
that were not touched: same size, modification time and change time (which no tool
can set back). Files changed within two seconds of the last build are hashed anyway,
as a time stamp cannot tell two edits in the same tick apart. The generator's own
version (and source) is part of the state: a new generator always builds in full.
"""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from opcc.build.cache import CACHE_DIR, digest, file_digest, version
from opcc.checks.site_index import SiteIndex
from opcc.diagnostics import Diagnostic
from opcc.kinds.pages import Page
from opcc.render.markdown import LinkRef
from opcc.write.writer import OUTPUT_DIR

STATE_FILE = "state.pickle"
INPUT_FOLDERS = ("content", "datasets", "templates")
SKIPPED_FOLDERS = {"node_modules", "__pycache__"}
RACY_SECONDS = 2.0


@dataclass(frozen=True)
class InputFile:
    mtime_ns: int
    ctime_ns: int  # changes on every write, even one that puts the old mtime back
    size: int
    digest: str


@dataclass
class PageRecord:
    """What the last build knew of one published content page, apart from its body."""
    page: Page | None  # body left out; None for a record of a registered kind
    url: str
    links: tuple[LinkRef, ...]
    anchors: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]  # reading, markdown and redaction of its text
    link_diagnostics: tuple[Diagnostic, ...]
    files: dict  # output path -> content file its body links to (published with it)


@dataclass
class BuildState:
    version: str
    options: tuple  # what a build was asked for: drafts, strict, scheduled
    today: str  # the date it was built for (statuses and due dates depend on it)
    saved_at: float
    inputs: dict[str, InputFile]
    outputs: dict[str, str]  # output path -> hash of its bytes
    page_count: int
    file_count: int
    site_diagnostics: tuple[Diagnostic, ...]  # everything not in a PageRecord
    index: SiteIndex | None = None  # pages without bodies
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by source, records too


def _own(name: str, output_dir: str) -> str:
    """A record's file name for one output folder: site/'s plain, preview/'s its own, so
    a preview build never touches the record site/'s next plan is made from."""
    return name if output_dir == OUTPUT_DIR else f"{output_dir}-{name}"


def state_path(root: Path, output_dir: str = OUTPUT_DIR) -> Path:
    return root / CACHE_DIR / _own(STATE_FILE, output_dir)


# the state this process last saved or read, by file: `opcc serve` keeps the site model
# in memory instead of reading it back after every save (states are never modified)
_IN_MEMORY: dict[Path, tuple[tuple, BuildState]] = {}


def _signature(path: Path) -> tuple | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def load_state(root: Path, output_dir: str = OUTPUT_DIR) -> BuildState | None:
    path = state_path(root, output_dir)
    signature = _signature(path)
    remembered = _IN_MEMORY.get(path)
    if remembered and signature and remembered[0] == signature:
        state = remembered[1]
    else:
        try:
            with open(path, "rb") as handle:
                state = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            return None
    if not isinstance(state, BuildState) or state.version != version():
        return None
    _IN_MEMORY[path] = (signature, state)
    return state


def save_state(root: Path, state: BuildState, output_dir: str = OUTPUT_DIR) -> None:
    path = state_path(root, output_dir)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
        _IN_MEMORY[path] = (_signature(path), state)
    except OSError:
        temporary.unlink(missing_ok=True)  # the next build is a full one; nothing is lost


BODIES_FILE = "bodies.pickle"


def load_bodies(root: Path, output_dir: str = OUTPUT_DIR) -> dict | None:
    """The converted page bodies the last full build kept (see markup.RememberedMarkdown)."""
    try:
        with open(root / CACHE_DIR / _own(BODIES_FILE, output_dir), "rb") as handle:
            found = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def save_bodies(root: Path, bodies: dict, output_dir: str = OUTPUT_DIR) -> None:
    path = root / CACHE_DIR / _own(BODIES_FILE, output_dir)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(bodies, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def forget_state(root: Path, output_dir: str = OUTPUT_DIR) -> None:
    _IN_MEMORY.pop(state_path(root, output_dir), None)
    state_path(root, output_dir).unlink(missing_ok=True)


def _input_paths(root: Path, extra: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(files, symbolic links to folders) under the input folders; links are not followed."""
    found, linked = ["site.yaml", *extra], []
    for folder in INPUT_FOLDERS:
        for parent, folders, files in os.walk(root / folder):
            folders[:] = sorted(f for f in folders
                                if f not in SKIPPED_FOLDERS and not f.startswith("."))
            relative = Path(parent).relative_to(root).as_posix()
            found.extend(f"{relative}/{name}" for name in files)
            linked.extend(f"{relative}/{name}" for name in folders
                          if os.path.islink(os.path.join(parent, name)))
    return found, linked


def _content_digest(root: Path, relative: str) -> str:
    """The hash of a file's content; a link is never followed out of the site."""
    path = root / relative
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            return digest("link", os.readlink(path))
        path = target
    return file_digest(path)


def scan_inputs(root: Path, previous: BuildState | None,
                extra: tuple[str, ...] = ()) -> dict[str, InputFile]:
    """Every input file with its content hash (re-hashed only when it may have changed)."""
    known = previous.inputs if previous else {}
    racy_after = (previous.saved_at - RACY_SECONDS) * 1e9 if previous else 0
    inputs: dict[str, InputFile] = {}
    files, linked_folders = _input_paths(root, extra)
    for relative in linked_folders:  # not followed, so never taken as unchanged
        inputs[relative] = InputFile(0, 0, 0, digest("linked folder", relative, time.time()))
    for relative in files:
        try:
            stat = os.stat(root / relative)
        except OSError:
            inputs[relative] = InputFile(0, 0, 0, digest("dangling link", relative))
            continue
        if not os.path.isfile(root / relative):
            continue
        old = known.get(relative)
        if old and (old.mtime_ns, old.ctime_ns, old.size) == (
                stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size) and stat.st_ctime_ns < racy_after:
            inputs[relative] = old
            continue
        try:
            inputs[relative] = InputFile(stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size,
                                         _content_digest(root, relative))
        except OSError:
            continue
    return inputs


def changed_inputs(old: dict[str, InputFile], new: dict[str, InputFile]) -> set[str]:
    """Inputs added, removed or with different content."""
    changed = {path for path, found in new.items()
               if path not in old or old[path].digest != found.digest}
    return changed | (old.keys() - new.keys())


def options_key(include_drafts: bool, strict: bool, include_scheduled: bool = False) -> tuple:
    return (include_drafts, strict, include_scheduled)


def output_digest(data: "bytes | Path", cache_folder: Path,
                  inputs: dict[str, InputFile], root: Path) -> str:
    """The hash of an output: of its bytes, or of the file it is copied from."""
    if isinstance(data, bytes):
        return digest(data)
    if data.is_relative_to(cache_folder):
        return f"cached:{data.name}"  # cached files are named by the hash of their inputs
    try:
        relative = data.relative_to(root).as_posix()
    except ValueError:
        relative = None
    if relative in inputs:
        return inputs[relative].digest
    return file_digest(data)


def bodiless(page: Page) -> Page:
    return replace(page, body="")


def same_outside_body(old: Page, new: Page) -> bool:
    """Do two versions of a page differ only in their body (as everything else sees it)?"""
    return bodiless(new) == old and new.key_lines == old.key_lines


def now() -> float:
    return time.time()
