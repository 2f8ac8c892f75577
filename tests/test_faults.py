"""Faults: a killed build, a full disk, a read-only site/ and two builds at once.

- A build killed with SIGKILL at any moment (checking, writing the temporary tree,
  indexing, just before and just after the swap, or at a random time) leaves the
  previous site/ intact (or the complete new one, once swapped), and the next build
  cleans up whatever the killed one left.
- A full disk and a read-only site/ are real (a small tmpfs and a read-only bind mount
  in a user namespace, where the system allows one) and give a clear error, with
  site/ unchanged and no temporary folder left.
- Two builds at once do not corrupt each other: the second waits for the first's lock,
  and stops with a clear message if it waits too long.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.write import writer
from opcc.write.writer import WriteError, write_site
from tests.conftest import tree_hashes

TODAY = "2026-11-25"
PAGE = "content/who-we-are/commissioner.md"


def page(version: str) -> str:
    return (f"---\ntitle: Commissioner\nsummary: The role.\nclass: who-we-are\n"
            f"published: 2024-01-01\n---\n{version}\n")


def build(root: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY,
                                       "--quiet", *extra])
    assert result.exit_code == 0, result.output


def hashes(folder: Path) -> dict[str, str]:
    """File hashes, without Pagefind's index (its file names change from build to build)."""
    return {name: digest for name, digest in tree_hashes(folder).items()
            if not name.startswith("pagefind/")}


def hashes_of(tree: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in tree.items() if not name.startswith("pagefind/")}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


# --------------------------------------------------------------------------- SIGKILL

KILLABLE_BUILD = r'''
import sys, time
from pathlib import Path

from opcc.kinds import pages as content
from opcc.write import search, writer

moment, marker = sys.argv[1], Path(sys.argv[2])


def pause():
    marker.write_text(moment)
    time.sleep(120)


def wrap(module, name, before=True):
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        if before:
            pause()
        result = real(*args, **kwargs)
        pause()
        return result
    setattr(module, name, wrapper)


if moment == "checking":
    wrap(content, "load_content")
elif moment == "writing":  # half the files written to the temporary folder
    real_tree = writer._write_tree

    def half(folder, outputs):
        names = sorted(outputs)
        real_tree(folder, {name: outputs[name] for name in names[:len(names) // 2]})
        pause()
    writer._write_tree = half
elif moment == "indexing":
    wrap(search, "index_site")
elif moment == "swapping":
    wrap(writer, "_swap")
elif moment == "swapped":
    wrap(writer, "_swap", before=False)
elif moment == "updating":  # an incremental build, replacing its first file in site/
    wrap(writer, "_replace_file")

from opcc.cli.main import main  # noqa: E402

main(sys.argv[3:])
'''


def killed_build(root: Path, moment: str, marker: Path, *extra: str) -> None:
    """Start a build, wait for `moment`, then SIGKILL it (and Pagefind, if running)."""
    process = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_BUILD, moment, str(marker), "build", "--root",
         str(root), "--today", TODAY, "--quiet", *extra], start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    if moment.startswith("after "):
        time.sleep(float(moment.split()[1]))
    else:
        while not marker.exists():
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, f"the build never reached {moment}"
            time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL or moment.startswith("after ")


@pytest.mark.parametrize("moment", ["checking", "writing", "indexing", "swapping", "swapped",
                                    "after 0.8"])
def test_a_killed_build_leaves_a_whole_site(make_site, tmp_path, moment):
    root = make_site({PAGE: page("Version one.")})
    build(root)
    before = tree_hashes(root / "site")
    (root / PAGE).write_text(page("Version two."), "utf-8")

    killed_build(root, moment, tmp_path / "reached", "--clean")  # the whole site is written

    now = tree_hashes(root / "site")
    assert (root / "site/pagefind/pagefind-ui.js").is_file()
    commissioner = (root / "site/who-we-are/commissioner/index.html").read_text("utf-8")
    if moment == "swapped":
        assert "Version two." in commissioner
        assert set(hashes(root / "site")) == set(hashes_of(before))
    elif "Version two." not in commissioner:  # a timed kill may land after the swap
        assert now == before
    if moment in ("writing", "indexing", "swapping", "swapped"):
        assert leftovers(root) != []  # the killed build's temporary folder is still there
    build(root)  # the next build cleans up after the killed one
    assert leftovers(root) == []
    assert "Version two." in (root / "site/who-we-are/commissioner/index.html").read_text()


def test_an_incremental_build_killed_while_updating_is_followed_by_a_full_one(make_site,
                                                                             tmp_path):
    """Files are replaced whole, but a kill part way leaves a mix of old and new files:
    the mark it leaves makes the next build write the whole site again."""
    root = make_site({PAGE: page("Version one.")})
    build(root)
    (root / PAGE).write_text(page("Version two."), "utf-8")
    killed_build(root, "updating", tmp_path / "reached")
    assert (root / ".opcc-cache/update-in-progress").exists()
    build(root)
    assert not (root / ".opcc-cache/update-in-progress").exists()
    assert "Version two." in (root / "site/who-we-are/commissioner/index.html").read_text()
    incremental = hashes(root / "site")
    build(root, "--clean")
    assert hashes(root / "site") == incremental


def test_a_site_caught_between_two_renames_is_put_back(make_site, monkeypatch):
    """Where the system has no atomic exchange, a kill between the two renames leaves
    site/ as .site.old-PID: the next build puts it back before anything else."""
    root = make_site({PAGE: page("Version one.")})
    build(root)
    before = tree_hashes(root / "site")
    os.replace(root / "site", root / ".site.old-99999")
    (root / ".site.new-99999").mkdir()
    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)

    def fail(folder):
        raise OSError(errno.EIO, "Input/output error")
    with pytest.raises(WriteError):
        write_site(root, {"index.html": b"new"}, finish=fail)
    assert tree_hashes(root / "site") == before
    assert leftovers(root) == []


# --------------------------------------------------------------------------- full disk

def can_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not can_mount(),
                                 reason="unshare -rm with tmpfs mounts is not available here")

SANDBOX = r'''
import errno, json, os, shutil, subprocess, sys
from pathlib import Path

from opcc.write.writer import WriteError, write_site
from tests.conftest import tree_hashes

disk, source, fault = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
root = disk / "site-root"
shutil.copytree(source, root, symlinks=True)


def build(*extra):
    done = subprocess.run([sys.executable, "-m", "opcc", "build", "--root", str(root),
                           "--today", "2026-11-25", "--format", "json", *extra],
                          capture_output=True, text=True)
    return {"exit": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


first = build()
before = tree_hashes(root / "site")
if fault == "full":
    # unbuffered: a buffered file would fail again on close, flushing what did not fit
    with open(disk / "filler", "wb", buffering=0) as filler:  # fill the disk, free a little
        try:
            while True:
                filler.write(bytes(65536))
                filler.flush()
        except OSError:
            pass
    os.truncate(disk / "filler", max(os.path.getsize(disk / "filler") - 65536, 0))
else:
    site = str(root / "site")
    subprocess.run(["mount", "--bind", site, site], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", site], check=True)
second = build("--clean")  # unchanged inputs: only a clean build writes everything again
try:
    write_site(root, {"big.bin": bytes(4 << 20), "index.html": b"x"})
    direct = None
except WriteError as exc:
    direct = [exc.diagnostic.code, exc.diagnostic.message, exc.diagnostic.hint]
print(json.dumps({"first": first, "second": second, "direct": direct,
                  "same": tree_hashes(root / "site") == before,
                  "leftovers": sorted(p.name for p in root.iterdir()
                                      if p.name.startswith(".site"))}))
'''


MOUNT_THEN_RUN = 'mount -t tmpfs -o size=4m tmpfs "$1" && shift && exec "$@"'


@pytest.fixture(scope="module")
def faulty_builds(tmp_path_factory):
    """Build once, then fill the disk (or make site/ read-only) and build again."""
    from tests.conftest import HOME, MINIMAL_CONFIG, REPO, WHO_INDEX, write_files

    results = {}
    for fault in ("full", "read-only"):
        folder = tmp_path_factory.mktemp(fault)
        source = folder / "source"
        shutil.copytree(REPO / "templates", source / "templates",
                        ignore=shutil.ignore_patterns("node_modules", "theme"))
        write_files(source, {"site.yaml": MINIMAL_CONFIG, "content/index.md": HOME,
                             "content/who-we-are/index.md": WHO_INDEX})
        disk = folder / "disk"
        disk.mkdir()
        script = folder / "sandbox.py"
        script.write_text(SANDBOX, "utf-8")
        completed = subprocess.run(
            ["unshare", "-rm", "sh", "-c", MOUNT_THEN_RUN, "sh", str(disk), sys.executable,
             str(script), str(disk), str(source), fault], capture_output=True, text=True,
            timeout=600,
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
        assert completed.returncode == 0, completed.stderr
        results[fault] = json.loads(completed.stdout.splitlines()[-1])
    return results


@needs_mount
@pytest.mark.parametrize("fault,words", [("full", "the disk is full"),
                                         ("read-only", "read-only")])
def test_a_full_disk_or_read_only_site_is_a_clear_error(faulty_builds, fault, words):
    result = faulty_builds[fault]
    assert result["first"]["exit"] == 0, result["first"]
    code, message, hint = result["direct"]
    assert code == "config.write" and words in message and "build again" in hint
    assert result["same"]  # site/ unchanged
    assert result["leftovers"] == []
    assert "Traceback" not in result["second"]["stderr"]


@needs_mount
@pytest.mark.parametrize("fault,words", [("full", "the disk is full"),
                                         ("read-only", "read-only")])
def test_the_command_line_reports_a_write_error(faulty_builds, fault, words):
    second = faulty_builds[fault]["second"]
    assert second["exit"] == 1, second
    [error] = [d for d in json.loads(second["stdout"])["diagnostics"]
               if d["severity"] == "error"]
    assert error["code"] == "config.write" and words in error["message"]


@pytest.mark.parametrize("number,words", [(errno.ENOSPC, "the disk is full"),
                                          (errno.EROFS, "read-only disk"),
                                          (errno.EACCES, "may not be written"),
                                          (errno.EIO, "could not be written")])
def test_system_errors_become_plain_english(tmp_path, monkeypatch, number, words):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_bytes(b"previous")

    def broken(folder, outputs):
        (folder / "partial").mkdir(parents=True)
        raise OSError(number, os.strerror(number), str(folder / "partial" / "x"))
    monkeypatch.setattr(writer, "_write_tree", broken)
    with pytest.raises(WriteError) as caught:
        write_site(tmp_path, {"index.html": b"new"})
    assert words in caught.value.diagnostic.message
    assert caught.value.diagnostic.hint
    assert (tmp_path / "site" / "index.html").read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- two builds

def test_a_second_build_waits_for_the_lock_then_says_so(tmp_path):
    import fcntl

    holder = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        with pytest.raises(WriteError) as caught:
            write_site(tmp_path, {"index.html": b"x"}, wait=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        os.close(holder)
    assert caught.value.diagnostic.code == "config.lock"
    assert "another build" in caught.value.diagnostic.message
    assert not (tmp_path / "site").exists() and leftovers(tmp_path) == []
    write_site(tmp_path, {"index.html": b"x"}, wait=0.3)  # free again
    assert (tmp_path / "site" / "index.html").read_bytes() == b"x"


def test_two_builds_at_once_do_not_corrupt_each_other(make_site):
    root = make_site({PAGE: page("Version one.")})
    command = [sys.executable, "-m", "opcc", "build", "--root", str(root), "--today",
               TODAY, "--quiet"]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True) for _ in range(2)]
    outputs = [b.communicate(timeout=300)[0] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert leftovers(root) == []
    once = hashes(root / "site")
    build(root)
    assert hashes(root / "site") == once  # whole and the same as a lone build's
