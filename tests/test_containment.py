"""Containment: the build reads only inside the site root, writes only inside site/ and its
temporary folder, follows no link out of the site, and makes no network connection.

The build runs in a subprocess under a Python audit hook (PEP 578) that records every
file opened, created, renamed or removed, every program started, and every socket
address looked up or connected to; non-loopback network calls are refused there. Where
the system allows it the build also runs with no network at all (`unshare -rn`), which
covers the Pagefind binary too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import tree_hashes

TODAY = "2026-11-25"
SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"

AUDITED_BUILD = r'''
import json, os, socket, sys

log = {"read": [], "write": [], "network": [], "programs": []}
LOOPBACK = {"127.0.0.1", "::1", "localhost", None, ""}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int):
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
            (mode is None and flags is not None and flags & WRITE_FLAGS)
        log["write" if writing else "read"].append(os.path.abspath(os.fsdecode(path)))
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree", "os.truncate",
                   "os.chmod", "os.symlink", "os.link", "os.utime"):
        if not isinstance(args[0], int):
            log["write"].append(os.path.abspath(os.fsdecode(args[0])))
    elif event == "os.rename":
        log["write"] += [os.path.abspath(os.fsdecode(a)) for a in args[:2]]
    elif event == "shutil.copyfile":
        log["read"].append(os.path.abspath(os.fsdecode(args[0])))
        log["write"].append(os.path.abspath(os.fsdecode(args[1])))
    elif event == "subprocess.Popen":
        log["programs"].append([os.fsdecode(a) for a in (args[1] or [])][:3])
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(address, tuple) and host not in LOOPBACK:
            log["network"].append(f"{event} {address}")
            raise OSError("network use refused by the test")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        if host not in LOOPBACK:
            log["network"].append(f"{event} {host}")
            raise socket.gaierror("name lookup refused by the test")
    elif event == "urllib.Request":
        log["network"].append(f"{event} {args[0]}")
        raise OSError("network use refused by the test")


sys.addaudithook(hook)
from opcc.cli.main import main  # noqa: E402

try:
    main(sys.argv[2:])
except SystemExit as exc:
    log["exit"] = exc.code
with open(sys.argv[1], "w") as out:
    json.dump(log, out)
'''


def audited(root: Path, log: Path, *args: str) -> dict:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(
        [sys.executable, "-c", AUDITED_BUILD, str(log), *args, "--root", str(root),
         "--today", TODAY, "--quiet"], capture_output=True, text=True, timeout=300, env=env,
        cwd=root)
    assert log.is_file(), completed.stderr
    found = json.loads(log.read_text())
    found["write"] = [p for p in found["write"] if p != str(log)]  # the hook's own log
    return {**found, "stdout": completed.stdout,
            "output": completed.stdout + completed.stderr}


def library_folders() -> tuple[str, ...]:
    """Where Python and the installed packages (the generator included) live."""
    paths = sysconfig.get_paths()
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
               paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"],
               str(Path(__file__).resolve().parent.parent / "opcc")}
    return tuple(os.path.realpath(f) + os.sep for f in folders) + (
        "/usr/", "/etc/", "/dev/", "/proc/", "/sys/", "/lib/", "/lib64/")


def inside(path: str, *folders: Path | str) -> bool:
    real = os.path.realpath(path)
    return any(real == os.path.realpath(f).rstrip(os.sep) or
               real.startswith(os.path.realpath(f).rstrip(os.sep) + os.sep) for f in folders)


@pytest.fixture
def secret(tmp_path) -> Path:
    """A private file beside the site, which links in the site point at."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\nsummary: x\nclass: who-we-are\n"
                                      f"published: 2024-01-01\n---\n{SECRET}\n", "utf-8")
    (folder / "secret.csv").write_text(f"id\n{SECRET}\n", "utf-8")
    (folder / "secret.css").write_text(f"/* {SECRET} */", "utf-8")
    (folder / "data").mkdir()
    return folder


def test_a_good_build_reads_and_writes_only_where_it_should(make_site, tmp_path):
    root = make_site({"content/who-we-are/commissioner.md": (
        "---\ntitle: Commissioner\nsummary: The role.\nclass: who-we-are\npublished: "
        "2024-01-01\nattachments:\n  - {file: plan.txt, title: The plan}\n---\nText.\n"),
        "content/who-we-are/plan.txt": "The plan.\n"})
    log = audited(root, tmp_path / "audit.json", "build")
    assert log["exit"] == 0, log["output"]
    site_folders = (root / "site", *root.glob(".site.*"), root / ".opcc-cache")
    temporary = [str(root / ".site.new-"), str(root / ".site.old-")]
    stray_writes = [p for p in log["write"] if not inside(p, *site_folders)
                    and not any(p.startswith(t) for t in temporary)]
    assert stray_writes == []
    stray_reads = [p for p in log["read"] if not inside(p, root)
                   and not p.startswith(library_folders())]
    assert stray_reads == []
    assert any(inside(p, root / "content") for p in log["read"])  # the hook does see reads
    assert log["network"] == []
    assert [program[1:3] for program in log["programs"]] == [["-m", "pagefind"]]


def test_links_out_of_the_site_are_refused_and_never_read(make_site, secret, tmp_path):
    root = make_site({
        "content/who-we-are/commissioner.md": (
            "---\ntitle: Commissioner\nsummary: The role.\nclass: who-we-are\npublished: "
            "2024-01-01\nattachments:\n  - {file: secret.md, title: Secret}\n---\n"
            "[the secret](secret.md) and [data](../../../private/secret.csv)\n"),
        "datasets/spend/datapackage.yaml": (
            "title: Spending\nclass: what-we-spend\npublished: 2025-06-01\nresources:\n"
            "  - {name: data, path: data.csv, schema: {fields: [{name: id, type: string}]}}\n"
            "  - {name: more, path: ../../../private/secret.csv, schema: {fields: "
            "[{name: id, type: string}]}}\n")})
    (root / "content/who-we-are/secret.md").symlink_to(secret / "secret.md")
    (root / "content/who-we-are/private").symlink_to(secret)
    (root / "datasets/spend/data.csv").symlink_to(secret / "secret.csv")
    (root / "datasets/linked").symlink_to(secret / "data")
    (root / "templates/static/secret.css").symlink_to(secret / "secret.css")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site", "utf-8")
    before = tree_hashes(root / "site")
    log = audited(root, tmp_path / "audit.json", "build", "--format", "json")
    assert log["exit"] == 1, log["output"]
    assert "internal error" not in log["output"]
    assert [p for p in log["read"] if inside(p, secret)] == []
    assert tree_hashes(root / "site") == before
    problems = {(d["code"], d["path"]) for d in json.loads(log["stdout"])["diagnostics"]
                if d["severity"] == "error"}
    assert {("content.symlink", "content/who-we-are/secret.md"),
            ("content.symlink", "content/who-we-are/private"),
            ("dataset.path", "datasets/spend/data.csv"),
            ("dataset.path", "datasets/linked"),
            ("dataset.path", "datasets/spend/datapackage.yaml")} <= problems


def test_a_static_file_linked_out_of_the_site_is_not_published(make_site, secret):
    from click.testing import CliRunner

    from opcc.cli.main import main

    root = make_site()
    (root / "templates/static/secret.css").symlink_to(secret / "secret.css")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code in (0, 1), result.output
    assert not (root / "site/static/secret.css").exists()
    assert SECRET not in "".join(p.read_text("utf-8", "replace")
                                 for p in (root / "site").rglob("*.css")) \
        if (root / "site").exists() else True


def test_a_template_linked_out_of_the_site_is_an_error(make_site, secret):
    from click.testing import CliRunner

    from opcc.cli.main import main

    root = make_site()
    (root / "templates/static/secret.css").symlink_to(secret / "secret.css")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json",
                                       "--today", TODAY])
    errors = [(d["code"], d["path"]) for d in json.loads(result.stdout)["diagnostics"]
              if d["severity"] == "error"]
    assert errors == [("config.template", "templates/static/secret.css")]
    assert result.exit_code == 1


def test_output_paths_cannot_leave_site(tmp_path):
    from opcc.write.writer import WriteError, write_site

    with pytest.raises(WriteError) as caught:
        write_site(tmp_path, {"index.html": b"ok", "../escaped.html": b"no"})
    assert caught.value.diagnostic.code == "config.write"
    assert not (tmp_path / "escaped.html").exists()
    assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def can_unshare_network() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not can_unshare_network(), reason="unshare -rn is not available here")
def test_the_build_works_with_no_network_at_all(make_site):
    """No network namespace: any connection, the Pagefind binary's included, would fail."""
    root = make_site()
    completed = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "opcc", "build", "--root", str(root),
         "--today", TODAY, "--quiet"], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "pagefind" / "pagefind-ui.js").is_file()
