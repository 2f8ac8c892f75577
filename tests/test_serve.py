"""`opcc serve` for real: a subprocess on a free port, edited content, broken and fixed again."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PAGE = "/who-we-are/commissioner/"
SOURCE = "content/who-we-are/commissioner.md"
TITLE = "The commissioner and deputy commissioner"

START_TIMEOUT = 20.0
CHANGE_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 5.0) -> tuple[int, str]:
    """(status, body) for any HTTP answer, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = condition()
        except (OSError, urllib.error.URLError) as exc:  # not listening yet, reset, ...
            last = exc
        else:
            if last:
                return last
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; last: {last!r}")
        time.sleep(interval)


class Server:
    """`python -m opcc serve` in a subprocess, its output in files (no pipe deadlock)."""

    def __init__(self, root: Path, port: int, logs: Path):
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}"
        self.out_path, self.err_path = logs / "serve.out", logs / "serve.err"
        # the child keeps its own copies of these descriptors; the parent closes its own
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "opcc", "serve", "--port", str(port),
                 "--root", str(root)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=root,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def output(self) -> str:
        return (self.out_path.read_text("utf-8", "replace")
                + self.err_path.read_text("utf-8", "replace"))

    def wait_until_ready(self) -> None:
        banner = f"Serving on http://127.0.0.1:{self.port}/"

        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"opcc serve exited with {self.process.returncode}:\n"
                            f"{self.output()}")
            return banner in self.output() and fetch(self.url + "/", timeout=2)[0] < 600
        wait_for(ready, START_TIMEOUT, f"'{banner}' and an HTTP answer")

    def stop(self) -> None:
        """SIGTERM by pid, then SIGKILL if it has not gone within 10 s."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def serves(url: str, text: str) -> bool:
    status, body = fetch(url)
    return status == 200 and text in html.unescape(body)


def title_of(body: str) -> str:
    match = re.search(r"<title>(.*?)</title>", body, re.DOTALL)
    return html.unescape(match.group(1)).strip() if match else ""


def test_serve_rebuilds_on_save_and_shows_build_errors(example_site, tmp_path):
    source = example_site / SOURCE
    original = source.read_text(encoding="utf-8")
    server = Server(example_site, free_port(), tmp_path)
    try:
        server.wait_until_ready()
        page_url = server.url + PAGE

        status, body = fetch(page_url)
        assert status == 200, body[:2000]
        assert TITLE in title_of(body)
        assert TITLE in html.unescape(body)
        # the live-reload client is injected into every served HTML page
        assert "livereload.js" in body
        assert "</html>" in body

        # 1. a saved edit is rebuilt and served
        sentence = f"Unique sentence {os.getpid()}-{time.time_ns()} added by the serve test."
        edit(source, "Both are fictional people", f"{sentence}\n\nBoth are fictional people")
        wait_for(lambda: serves(page_url, sentence), CHANGE_TIMEOUT,
                 "the edited sentence to be served")

        # 2. a broken front matter turns every page into the build-error page
        edit(source, "class: who-we-are", "class: who-we-r")

        def error_page():
            got = fetch(page_url)
            return got if got[0] == 500 else None
        status, body = wait_for(error_page, CHANGE_TIMEOUT, "the build-error page (500)")
        text = html.unescape(body)
        assert SOURCE in text
        assert "content.class" in text
        assert "did you mean" in text
        assert "who-we-are" in text  # the suggestion
        assert "livereload.js" in body  # so the page reloads itself once fixed
        # other pages get the error page too; the old site/ stays on disk
        assert fetch(server.url + "/")[0] == 500
        # (opcc serve writes a preview, preview/: site/ is never written by it)
        assert (example_site / "preview" / "who-we-are" / "commissioner" /
                "index.html").is_file()
        assert not (example_site / "site").exists()
        assert "build failed" in server.output()

        # 3. fixing the file brings the page back, edited sentence included
        edit(source, "class: who-we-r", "class: who-we-are")

        def recovered():
            got = fetch(page_url)
            return got if got[0] == 200 else None
        status, body = wait_for(recovered, CHANGE_TIMEOUT, "the page to recover")
        assert TITLE in title_of(body)
        assert sentence in body
        assert "livereload.js" in body

        # 4. restoring the original removes the sentence again
        source.write_text(original, encoding="utf-8")
        wait_for(lambda: serves(page_url, TITLE) and not serves(page_url, sentence),
                 CHANGE_TIMEOUT, "the original page to be served again")
    finally:
        server.stop()
    assert server.process.returncode is not None


@pytest.fixture
def running(example_site, tmp_path):
    """A running `opcc serve` of the example site, stopped afterwards."""
    server = Server(example_site, free_port(), tmp_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_serve_answers_missing_pages_with_404_and_stays_inside_site(running):
    status, body = fetch(running.url + "/no-such-page/")
    assert status == 404
    assert "<h1" in body
    status, body = fetch(running.url + "/static/no-such-file.css")
    assert status == 404
    # a path outside site/ is never served
    status, body = fetch(running.url + "/../site.yaml")
    assert "base_url" not in body
    status, body = fetch(running.url + "/%2e%2e/site.yaml")
    assert "base_url" not in body


def test_serve_redirects_a_folder_url_without_its_slash(running):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(running.url + PAGE.rstrip("/"), timeout=5) as response:
            status, location = response.status, None
    except urllib.error.HTTPError as exc:
        with exc:
            status, location = exc.code, exc.headers["Location"]
    assert (status, location) == (301, PAGE)


def test_serve_starts_with_an_unusable_site_yaml_and_recovers(example_site, tmp_path):
    """A first build that fails (no site/ at all yet) still serves the diagnostics."""
    config = example_site / "site.yaml"
    edit(config, "\nnavigation:", "\nnavigaton:")
    server = Server(example_site, free_port(), tmp_path)
    try:
        server.wait_until_ready()
        assert not (example_site / "preview").exists()
        status, body = fetch(server.url + "/")
        assert status == 500
        text = html.unescape(body)
        assert "site.yaml" in text
        assert "config.unknown-key" in text
        assert "did you mean 'navigation'?" in text
        assert body.count("<script") == 1 and "livereload.js" in body  # live reload only
        assert fetch(server.url + "/static/css/site.css")[0] == 404

        edit(config, "\nnavigaton:", "\nnavigation:")

        def recovered():
            got = fetch(server.url + "/")
            return got if got[0] == 200 else None
        status, body = wait_for(recovered, CHANGE_TIMEOUT, "the home page after the fix")
        assert "Northshire" in body
        assert fetch(server.url + "/static/css/site.css")[0] == 200
        assert "rebuilt" in server.output()
    finally:
        server.stop()


def test_serve_on_a_port_in_use_exits_with_2(example_site, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "opcc", "serve", "--port", str(port),
             "--root", str(example_site)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=example_site)
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate(timeout=10)
            pytest.fail(f"opcc serve did not exit on a busy port:\n{out!r}\n{err!r}")
    err_text = err.decode("utf-8", "replace")
    assert process.returncode == 2, (out, err)
    assert f"cannot serve on port {port}" in err_text
    assert "--port" in err_text
    assert "Traceback" not in err_text


# --- warnings: in the console after every build, and in a panel on every served page ---

LEVEL_ONE = "# A second level-one heading\n\n"
HEADING = "## What the commissioner does"
PANEL_ID = "opcc-build-warnings"


def add_level_one_heading(source: Path) -> int:
    """Put a '# ' heading in the page's body (a content.heading warning); its line."""
    text = source.read_text(encoding="utf-8")
    assert HEADING in text
    source.write_text(text.replace(HEADING, LEVEL_ONE + HEADING, 1), encoding="utf-8")
    return text[:text.index(HEADING)].count("\n") + 1


def panel_of(body: str) -> str | None:
    found = re.search(rf'<aside id="{PANEL_ID}".*?</aside>', body, re.DOTALL)
    return html.unescape(found.group(0)) if found else None


def on_this_page(panel: str) -> str:
    found = re.search(r'<div class="opcc-bw__here">(.*?)</div>', panel, re.DOTALL)
    return found.group(1) if found else ""


def built_files(root: Path, page: str) -> list[Path]:
    """The page as written on disk, in whichever output folders serve has written."""
    files = [root / folder / page.strip("/") / "index.html" for folder in ("site", "preview")]
    return [file for file in files if file.is_file()]


def test_serve_prints_warnings_and_lists_them_on_served_pages_only(example_site, tmp_path):
    source = example_site / SOURCE
    line = add_level_one_heading(source)
    where = f"{SOURCE}:{line}"
    server = Server(example_site, free_port(), tmp_path)
    try:
        server.wait_until_ready()
        # the console: the warning as `opcc build` prints it, location, code and hint
        output = server.output()
        assert f"{where}:1: warning[content.heading]: " in output, output
        assert "hint: the page title is the only level-1 heading" in output

        # the served page: the panel, this page's warning first, under "On this page"
        status, body = fetch(server.url + PAGE)
        assert status == 200
        panel = panel_of(body)
        assert panel is not None, body[:3000]
        assert 'aria-labelledby="opcc-bw-title"' in panel
        assert re.search(r'<h2 id="opcc-bw-title">\d+ warnings?</h2>', panel)
        here = on_this_page(panel)
        assert "On this page" in here
        assert f"{where}:1</code> — the body uses a level-1 heading" in here
        assert "[<code>content.heading</code>]" in here
        assert "Hint: the page title is the only level-1 heading" in here
        # another page lists it too, but not as its own
        other = panel_of(fetch(server.url + "/")[1])
        assert other is not None and where in other and where not in on_this_page(other)
        assert body.index(PANEL_ID) < body.index('<header')  # at the top of the page

        # nothing of it is written to disk
        files = built_files(example_site, PAGE)
        assert files, "serve wrote the page nowhere"
        for file in files:
            assert PANEL_ID not in file.read_text(encoding="utf-8"), file

        # fixed and saved: the warning leaves the panel, and the console says so
        edit(source, LEVEL_ONE, "")
        wait_for(lambda: where not in (panel_of(fetch(server.url + PAGE)[1]) or ""),
                 CHANGE_TIMEOUT, "the fixed warning to leave the panel")
        wait_for(lambda: "1 fixed" in server.output(), CHANGE_TIMEOUT,
                 "'1 fixed' in the console")

        # a page made wrong again while serving (an incremental build): back, as its own
        line = add_level_one_heading(source)

        def listed_here():
            panel = panel_of(fetch(server.url + PAGE)[1])
            return panel and f"{SOURCE}:{line}" in on_this_page(panel)
        wait_for(listed_here, CHANGE_TIMEOUT, "the new warning under 'On this page'")
        wait_for(lambda: "(1 new)" in server.output(), CHANGE_TIMEOUT, "'(1 new)'")
        assert server.output().count(f"{where}:1: warning[content.heading]") == 2
    finally:
        server.stop()


def test_serve_without_warnings_adds_no_panel(example_site, tmp_path):
    """The panel only when there are warnings: here, none at all (the example's
    date-dependent warnings are taken away by fixing today's date and the scheme)."""
    from opcc.build.pipeline import BuildOptions
    from opcc.serve import LiveSite

    printed: list[str] = []
    site = LiveSite(BuildOptions(example_site), printed.append)
    site.rebuild()
    assert printed and printed[0].startswith("rebuilt: 0 errors")
    site.warnings = type(site.warnings)()  # as a build without warnings leaves it
    answer: list[str] = []
    body = b"".join(site({"PATH_INFO": PAGE}, lambda status, headers: answer.append(status)))
    assert answer == ["200 OK"]
    assert PANEL_ID.encode() not in body and b"</html>" in body


def test_rebuild_prints_new_warnings_and_those_of_the_saved_page(example_site):
    """On a rebuild, the console repeats only what is new and what is about a file just
    saved; the rest is counted."""
    from opcc.build.pipeline import BuildOptions
    from opcc.serve import LiveSite

    printed: list[str] = []
    site = LiveSite(BuildOptions(example_site), printed.append)
    source = example_site / SOURCE
    line = add_level_one_heading(source)
    site.rebuild()
    first = "\n".join(printed)
    total = len(site.warnings.items)
    assert f"{SOURCE}:{line}:1: warning[content.heading]" in first
    assert first.count(": warning[") == total  # the first build prints every one

    def rebuild() -> str:
        printed.clear()
        site.rebuild()
        return "\n".join(printed)

    # nothing saved: only the count
    again = rebuild()
    assert ": warning[" not in again
    assert f"{total} warning{'s' if total != 1 else ''} unchanged since the last build" in again

    # the page saved, its warning not fixed: that page's warning again, the others counted
    edit(source, "Both are fictional people", "Both are fictional people, invented")
    saved = rebuild()
    assert saved.count(": warning[") == 1
    assert f"{SOURCE}:{line + 2}:1: warning[content.heading]" not in saved  # same line
    assert f"{SOURCE}:{line}:1: warning[content.heading]" in saved
    if total > 1:
        assert f"{total - 1} other warning" in saved

    # fixed: counted as fixed, nothing printed
    edit(source, LEVEL_ONE, "")
    fixed = rebuild()
    assert fixed.startswith(f"rebuilt: 0 errors, {total - 1} warning")
    assert "(1 fixed)" in fixed.splitlines()[0]
    assert "content.heading" not in fixed


PANEL_AXE = """(tags) => axe.run({include: [['#opcc-build-warnings']]}, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
}).then(r => r.violations.map(v => v.id + ': ' + v.help + ' at '
    + v.nodes.map(n => n.target.join(' ')).join(', ')))"""
PANEL_OPEN = "document.querySelector('#opcc-build-warnings details').open"


@pytest.mark.browser
def test_warnings_panel_at_375px_dismissed_by_keyboard_and_accessible(example_site, tmp_path):
    from browser_support import (
        AXE_JS,
        NPM_HINT,
        REPO,
        launch_chromium,
        open_page,
        require_chromium,
        settle,
        unavailable,
    )

    sync_playwright = require_chromium()
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS.relative_to(REPO)} is missing ({NPM_HINT})")
    source = example_site / SOURCE
    add_level_one_heading(source)
    server = Server(example_site, free_port(), tmp_path)
    try:
        server.wait_until_ready()
        with launch_chromium(sync_playwright) as browser:
            context, page, record = open_page(browser, server.url + PAGE,
                                              viewport={"width": 375, "height": 800})
            settle(page)
            panel = page.get_by_role("complementary", name=re.compile(r"^\d+ warnings?$"))
            assert panel.count() == 1 and panel.is_visible()
            box = panel.bounding_box()
            assert box["y"] < 10 and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            own = panel.locator(".opcc-bw__here li").first
            assert own.is_visible() and f"{SOURCE}:" in own.inner_text()
            overflowing = panel.locator("li").evaluate_all(
                "items => items.filter(li => li.scrollWidth > li.clientWidth).length")
            assert overflowing == 0

            page.add_script_tag(path=str(AXE_JS))
            tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
            assert page.evaluate(PANEL_AXE, tags) == []

            # the keyboard: Tab (past the skip link) to the summary, Enter hides the list
            for _ in range(4):
                page.keyboard.press("Tab")
                if page.evaluate("!!document.activeElement.closest('#opcc-build-warnings')"):
                    break
            assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") \
                in (None, "true")
            page.keyboard.press("Enter")
            assert page.evaluate(PANEL_OPEN) is False
            assert not own.is_visible()
            assert page.evaluate(PANEL_AXE, tags) == []  # closed, too

            # a reload (live reload after a save) keeps it hidden while the list is the same
            page.reload(wait_until="load")
            assert page.evaluate(PANEL_OPEN) is False
            assert panel.get_by_text("Show warnings").is_visible()

            # the warnings change: the panel opens again. The page is left first, so that
            # the live reload the save triggers cannot race the navigation below.
            page.goto("about:blank")
            before = re.search(r'data-key="(\w+)"', fetch(server.url + PAGE)[1]).group(1)
            edit(source, "Both are fictional people", "# Another\n\nBoth are fictional people")
            wait_for(lambda: before not in fetch(server.url + PAGE)[1], CHANGE_TIMEOUT,
                     "a new list of warnings")
            page.goto(server.url + PAGE, wait_until="load")
            assert page.evaluate(PANEL_OPEN) is True
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.press("Space")  # Space works as well as Enter
            assert page.evaluate(PANEL_OPEN) is False
            assert record["errors"] == []
            context.close()
    finally:
        server.stop()
