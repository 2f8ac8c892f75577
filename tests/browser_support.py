"""Shared by the browser, accessibility and HTML-validity tests.

Not a test module: it builds the example site, serves it on 127.0.0.1, launches
Debian's Chromium through playwright and locates the npm test tools (axe-core and
the Nu Html Checker, installed by `npm --prefix tests ci`).

The convention for missing tools: a test module calls `unavailable(reason)` at import
time. Locally that skips the module with the reason; in CI, where
OPCC_REQUIRE_BROWSER=1, it fails instead, so a missing tool can never pass silently.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from opcc.cli.main import main

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
ARTIFACTS = TESTS / "_artifacts"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

# Installed from tests/package.json by `npm --prefix tests ci` (.ci/run does it).
NODE_MODULES = TESTS / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_HINT = "run `npm --prefix tests ci`"

# CI sets OPCC_REQUIRE_BROWSER=1: there a missing browser or tool is a failure, never a skip.
REQUIRED = os.environ.get("OPCC_REQUIRE_BROWSER") == "1"

def unavailable(reason: str) -> None:
    """Skip the calling test module with `reason`, or fail it when OPCC_REQUIRE_BROWSER=1."""
    if REQUIRED:
        pytest.fail(f"{reason}, and OPCC_REQUIRE_BROWSER=1", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_chromium():
    """`sync_playwright`, after checking Chromium and playwright are installed."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


def record_timing(name: str, **figures) -> None:
    """Keep a run's figures in tests/_artifacts/timings.json (pages checked, seconds)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "timings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[name] = figures
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# --- the example site --------------------------------------------------------------

_built: dict[str, Path] = {}


def build_example_site(tmp_path_factory) -> Path:
    """The repository's example site, copied like the example_site fixture and built.

    Built once per test session and shared by every module that asks (it is only read).
    """
    if "site" not in _built:
        root = tmp_path_factory.mktemp("example-build") / "example"
        root.mkdir()
        for name in ("content", "templates", "datasets"):
            if (REPO / name).exists():
                shutil.copytree(REPO / name, root / name,
                                ignore=shutil.ignore_patterns("node_modules", "theme"))
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        result = CliRunner().invoke(main, ["build", "--root", str(root)])
        assert result.exit_code == 0, result.output
        assert (root / "site" / "index.html").is_file()
        _built["site"] = root / "site"
    return _built["site"]


def html_pages(site: Path) -> list[Path]:
    """Every built HTML page, in a stable order."""
    return sorted(site.rglob("*.html"))


_KIND = re.compile(r'<body\b[^>]*\bclass="[^"]*\bapp-page--([a-z0-9-]+)')


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind (the body's `app-page--KIND` class): kind -> URL path.

    Of each kind, the biggest page: the most content, so the likeliest to overflow a
    small screen or to hold the rarest markup. Kinds added later are picked up as they
    come (FOI responses, the disclosure log, search…).
    """
    biggest: dict[str, tuple[int, str]] = {}
    for page in html_pages(site):
        found = _KIND.search(page.read_text(encoding="utf-8"))
        kind = found.group(1) if found else "unknown"
        size = page.stat().st_size
        if kind not in biggest or size > biggest[kind][0]:
            biggest[kind] = (size, site_path(site, page))
    return {kind: biggest[kind][1] for kind in sorted(biggest)}


def site_path(site: Path, page: Path) -> str:
    """The URL path a built file is served at: `a/b/index.html` is `/a/b/`."""
    relative = page.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the stdlib's parameter name
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def launch_chromium(sync_playwright):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- pages -------------------------------------------------------------------------

def open_page(browser, url: str, **context_options):
    """A new page at `url`, with its console errors, page errors and requests recorded."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    record = {"errors": [], "requests": [], "failed": []}
    page.on("console", lambda m: m.type == "error" and record["errors"].append(
        f"{m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda exc: record["errors"].append(f"uncaught: {exc}"))
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("requestfailed", lambda r: record["failed"].append(f"{r.url}: {r.failure}"))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    return context, page, record


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def not_local(record) -> list[str]:
    """Recorded requests that went anywhere but the local test server."""
    return [u for u in record["requests"] if not is_local(u)]


def settle(page) -> None:
    """Wait for the layout after a viewport change (two animation frames, no fixed sleep)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
