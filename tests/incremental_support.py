"""Helpers for tests/build/test_incremental.py: builds as real `opcc` processes, snapshots of
site/, and comparisons that name the files that differ instead of dumping their bytes.

Every build runs as its own process (`python -m opcc build`), as a user or CI runs
it: an incremental build may rely only on what the previous build left on disk
(`SITE/.opcc-cache/` and `site/`), never on anything kept in memory by a test process.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-25"
SEARCH_INDEX = "pagefind/"
BUILD_TIMEOUT = 300

Change = Callable[[Path], None]


# --------------------------------------------------------------------------- builds

@dataclass
class Run:
    args: list[str]
    exit_code: int
    output: str

    def describe(self) -> str:
        tail = self.output[-4000:]
        return f"`opcc {' '.join(self.args)}` exited {self.exit_code}; output ends:\n{tail}"


def _command(root: Path, today: str, extra: tuple[str, ...]) -> tuple[list[str], list[str]]:
    args = ["build", "--root", str(root), "--today", today, *extra]
    return args, [sys.executable, "-m", "opcc", *args]


def build(root: Path, *extra: str, today: str = TODAY, expect: int | None = 0) -> Run:
    """`opcc build` in a fresh process; `expect` is the exit code required (None: any)."""
    args, command = _command(root, today, extra)
    completed = subprocess.run(command, cwd=root.parent, capture_output=True, text=True,
                               timeout=BUILD_TIMEOUT, check=False)
    run = Run(args, completed.returncode, completed.stdout + completed.stderr)
    if expect is not None:
        assert run.exit_code == expect, run.describe()
    return run


class Background:
    """A build started in the background (the clean reference build), so that it runs on
    the second core while the test drives the incremental builds."""

    def __init__(self, root: Path, extra: tuple[str, ...], today: str):
        self.root = root
        self.args, command = _command(root, today, extra)
        self.log = root.parent / f"{root.name}.build.log"
        with self.log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(command, cwd=root.parent, stdout=out,
                                            stderr=subprocess.STDOUT, text=True,
                                            start_new_session=True)

    def finish(self, expect: int | None = 0) -> Run:
        try:
            code = self.process.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        run = Run(self.args, code, self.log.read_text("utf-8", errors="replace"))
        if expect is not None:
            assert run.exit_code == expect, run.describe()
        return run

    def stop(self) -> None:
        """End this build (and the Pagefind process it started), if it is still running."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()


# --------------------------------------------------------------------------- folders

def copy_tree(source: Path, destination: Path) -> Path:
    """A copy of a site folder, built state included (site/ and .opcc-cache/), with file
    times preserved (shutil.copy2)."""
    shutil.copytree(source, destination, symlinks=True)
    return destination


def leftovers(root: Path) -> list[str]:
    """Temporary folders a build left beside site/."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


# --------------------------------------------------------------------------- snapshots

@dataclass
class Snapshot:
    """Every file under site/: its bytes, and (inode, mtime) to tell whether it was written."""
    files: dict[str, bytes]
    stats: dict[str, tuple[int, int]]
    folder_inode: int

    def __repr__(self) -> str:  # failures show this, not megabytes of bytes
        return f"<site/ snapshot: {len(self.files)} files>"

    @classmethod
    def of(cls, root: Path) -> Snapshot:
        site = root / "site"
        assert site.is_dir(), f"{site} does not exist"
        files, stats = {}, {}
        for path in sorted(site.rglob("*")):
            if path.is_file():
                relative = path.relative_to(site).as_posix()
                files[relative] = path.read_bytes()
                status = path.stat()
                stats[relative] = (status.st_ino, status.st_mtime_ns)
        return cls(files, stats, site.stat().st_ino)

    @property
    def published(self) -> dict[str, bytes]:
        """Everything but Pagefind's index, whose bytes are not deterministic."""
        return {k: v for k, v in self.files.items() if not k.startswith(SEARCH_INDEX)}

    def text(self, relative: str) -> str:
        assert relative in self.files, f"site/{relative} was not written"
        return self.files[relative].decode("utf-8")

    def search_page_counts(self) -> list[str]:
        entry = self.files.get(SEARCH_INDEX + "pagefind-entry.json")
        assert entry is not None, "site/pagefind/pagefind-entry.json is missing"
        return re.findall(r'"page_count":\s*(\d+)', entry.decode("utf-8"))


def _short_diff(name: str, first: bytes, second: bytes, label: tuple[str, str]) -> str:
    try:
        a, b = first.decode("utf-8"), second.decode("utf-8")
    except UnicodeDecodeError:
        return f"  {name}: binary, {len(first)} bytes vs {len(second)} bytes"
    lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), label[0], label[1],
                                      n=0, lineterm=""))
    shown = [line if len(line) <= 160 else line[:160] + "…" for line in lines[2:14]]
    more = f"\n    … {len(lines) - 14} more diff lines" if len(lines) > 14 else ""
    return f"  {name}:\n" + "\n".join("    " + line for line in shown) + more


def tree_difference(incremental: dict[str, bytes], clean: dict[str, bytes]) -> str:
    """'' when equal, else which files are missing, extra or different (with a short diff
    of the first few), never the whole bytes."""
    missing = sorted(clean.keys() - incremental.keys())
    extra = sorted(incremental.keys() - clean.keys())
    differing = sorted(k for k in clean.keys() & incremental.keys()
                       if clean[k] != incremental[k])
    if not (missing or extra or differing):
        return ""
    parts = ["the incremental build differs from the clean build of the same inputs:"]
    if missing:
        parts.append(f"- {len(missing)} missing from the incremental site/ (a clean build "
                     f"writes them): {', '.join(missing[:20])}")
    if extra:
        parts.append(f"- {len(extra)} extra in the incremental site/ (a clean build does not "
                     f"write them; stale outputs?): {', '.join(extra[:20])}")
    if differing:
        parts.append(f"- {len(differing)} with different content: {', '.join(differing[:20])}")
        for name in differing[:3]:
            parts.append(_short_diff(name, clean[name], incremental[name],
                                     ("clean", "incremental")))
    return "\n".join(parts)


def assert_same_site(incremental: Snapshot, clean: Snapshot) -> None:
    difference = tree_difference(incremental.published, clean.published)
    assert not difference, difference
    assert incremental.search_page_counts() == clean.search_page_counts(), (
        "the search index covers a different number of pages after the incremental build "
        f"({incremental.search_page_counts()}) than after a clean one "
        f"({clean.search_page_counts()})")


def rewritten_unchanged(before: Snapshot, after: Snapshot) -> list[str]:
    """Files of site/ (not the search index) whose bytes did not change but which were
    written again (new inode or new modification time)."""
    return sorted(name for name, data in before.published.items()
                  if after.files.get(name) == data and after.stats[name] != before.stats[name])


def assert_only_changed_files_written(before: Snapshot, after: Snapshot) -> None:
    rewritten = rewritten_unchanged(before, after)
    assert not rewritten, (
        f"the output is correct, but the incremental build wrote {len(rewritten)} of "
        f"{len(before.published)} files whose content did not change (it should write only "
        f"the files that changed into site/): "
        f"{', '.join(rewritten[:15])}{' …' if len(rewritten) > 15 else ''}")


def assert_untouched(before: Snapshot, after: Snapshot, what: str) -> None:
    """site/ exactly as it was: same files, same bytes, none written again, same folder."""
    difference = tree_difference(after.files, before.files)
    assert not difference, f"{what} changed site/:\n{difference}"
    written = sorted(k for k in before.stats if after.stats.get(k) != before.stats[k])
    assert not written, f"{what} wrote into site/: {', '.join(written[:15])}"
    assert after.folder_inode == before.folder_inode, f"{what} replaced the site/ folder"


# --------------------------------------------------------------------------- scenarios

@dataclass
class Outcome:
    before: Snapshot        # the incremental folder's site/ before the change
    incremental: Snapshot   # ... after the incremental build
    clean: Snapshot         # the clean build of the same inputs
    run: Run                # the incremental build's run


class Workspace:
    """One test's folders: `work`, a copy of the built base site that is settled (built
    once in place, so that a copy that rebuilt everything is not mistaken for an
    incremental build that wrote too much) and then changed and rebuilt incrementally;
    and `reference`, a second copy with the same change, built with --clean in the
    background."""

    def __init__(self, base: Path, tmp_path: Path):
        self.base, self.tmp_path = base, tmp_path
        self.reference_build: Background | None = None
        self.reference = tmp_path / "clean" / "example"
        self.work = tmp_path / "incremental" / "example"

    def start_reference(self, change: Change | None, today: str = TODAY) -> Snapshot:
        copy_tree(self.base, self.reference)
        if change is not None:
            change(self.reference)
        before = Snapshot.of(self.reference)
        self.reference_build = Background(self.reference, ("--clean",), today)
        return before

    def finish_reference(self, expect: int = 0) -> Run:
        assert self.reference_build is not None
        return self.reference_build.finish(expect)

    def settled_work(self) -> Path:
        copy_tree(self.base, self.work)
        build(self.work)
        return self.work

    def close(self) -> None:
        if self.reference_build is not None:
            self.reference_build.stop()


def incremental_equals_clean(workspace: Workspace, change: Change, *,
                             today: str = TODAY) -> Outcome:
    """The pattern of most tests: the incremental build after `change` writes exactly
    what a clean build of the same inputs writes, and writes only the files that
    changed."""
    workspace.start_reference(change, today)
    work = workspace.settled_work()
    before = Snapshot.of(work)
    change(work)
    run = build(work, today=today)
    incremental = Snapshot.of(work)
    workspace.finish_reference()
    clean = Snapshot.of(workspace.reference)
    assert_same_site(incremental, clean)
    assert_only_changed_files_written(before, incremental)
    return Outcome(before, incremental, clean, run)


def fails_in_both_modes(workspace: Workspace, change: Change, code: str) -> Run:
    """After `change` (an error), both the incremental and the clean build exit 1 with
    the diagnostic `code` and leave site/ exactly as it was."""
    reference_before = workspace.start_reference(change)
    work = workspace.settled_work()
    before = Snapshot.of(work)
    change(work)
    run = build(work, expect=None)
    after = Snapshot.of(work)
    reference = workspace.finish_reference(expect=None)
    reference_after = Snapshot.of(workspace.reference)

    assert run.exit_code == 1, run.describe()
    assert f"error[{code}]" in run.output, run.describe()
    assert_untouched(before, after, "a failed incremental build")
    assert not leftovers(work), leftovers(work)
    assert reference.exit_code == 1, reference.describe()
    assert f"error[{code}]" in reference.output, reference.describe()
    assert_untouched(reference_before, reference_after, "a failed clean build")
    assert not leftovers(workspace.reference), leftovers(workspace.reference)
    return run


# --------------------------------------------------------------------------- edits

def read(root: Path, relative: str) -> str:
    return (root / relative).read_text("utf-8")


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace one occurrence of `old`, which must be there exactly once (so that an edit
    never silently does nothing when the example site changes)."""
    text = read(root, relative)
    assert text.count(old) == 1, f"{relative}: expected {old!r} exactly once"
    write(root, relative, text.replace(old, new))


def append(root: Path, relative: str, addition: str) -> None:
    text = read(root, relative)
    write(root, relative, text.rstrip("\n") + "\n" + addition)


def remove(root: Path, relative: str) -> None:
    path = root / relative
    assert path.is_file(), f"{relative} does not exist"
    path.unlink()


def rename(root: Path, old: str, new: str) -> None:
    assert (root / old).is_file() and not (root / new).exists()
    (root / old).rename(root / new)
