"""Serving stage: `opcc serve` builds a preview (preview/: scheduled pages, and drafts with
--drafts, each with a banner), serves it with live reload, and rebuilds on save. site/,
the public site, is never written by it.

A failed rebuild does not stop the server: the previous preview/ stays on disk, and
every page request is answered with the build's diagnostics until a save fixes them.
"""

from __future__ import annotations

import mimetypes
import re
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import jinja2

from opcc import serve_warnings
from opcc.build.pipeline import BuildOptions, build_site
from opcc.config import ConfigError
from opcc.diagnostics import Diagnostic, error, format_text, summary_line
from opcc.write import search

WATCHED = ("content", "datasets", "templates", "site.yaml")
_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')

ERROR_PAGE = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {{ summary }}</title>
<style>
body { font-family: arial, sans-serif; margin: 2rem; color: #0b0c0c; max-width: 60rem; }
h1 { color: #942514; } li { margin-bottom: 1rem; } code { font-size: 1rem; }
.where { font-weight: bold; } .hint { color: #484949; }
</style>
</head>
<body>
<main>
<h1>The site did not build</h1>
<p>{{ summary }}. Fix the problems below and save: this page reloads by itself.
The public site is unchanged.</p>
<ol>
{% for d in diagnostics %}
<li><span class="where">{{ d.location }}</span>: {{ d.severity }} [<code>{{ d.code }}</code>]
{{ d.message }}{% if d.hint %}<br><span class="hint">Hint: {{ d.hint }}</span>{% endif %}</li>
{% endfor %}
</ol>
</main>
</body>
</html>
""")


class LiveSite:
    """Rebuilds on demand and answers HTTP requests from preview/ or with the build
    errors."""

    def __init__(self, options: BuildOptions, say: Callable[[str], None]):
        self.options = options
        self.say = say
        self.failure: list[Diagnostic] | None = None
        # the last good build's warnings (a failed build keeps them, to compare with later)
        self.warnings: serve_warnings.Warnings | None = None
        self.lock = threading.Lock()
        self.search_lock = threading.Lock()
        self.output = options.root / options.output_dir  # preview/ when drafts or
        # scheduled pages are shown (opcc serve shows scheduled ones): never site/

    def rebuild(self) -> None:
        with self.lock:
            started = time.time()
            try:
                # the page first, the search index after the browser has reloaded
                result = build_site(self.options, defer_search=True)
                diagnostics = result.diagnostics
                failed = not result.ok
            except ConfigError as exc:
                diagnostics, failed = exc.diagnostics, True
            except Exception as exc:  # the server must survive anything a save can cause
                diagnostics = [error("config.internal", f"internal error: "
                                     f"{type(exc).__name__}: {exc}",
                                     hint="this is a bug in the generator; please report it")]
                failed = True
            self.failure = [d for d in diagnostics if d.severity == "error"] if failed else None
            if failed:
                self.say(f"build failed: {summary_line(diagnostics)}")
                for diagnostic in self.failure:
                    self.say(format_text(diagnostic))
            else:
                self.report_warnings(result, diagnostics, started)
        if not failed:
            threading.Thread(target=self.refresh_search, daemon=True).start()

    def report_warnings(self, result, diagnostics: list[Diagnostic], started: float) -> None:
        """Keep the build's warnings for the panel, and print them (serve_warnings.py
        says which)."""
        before = self.warnings
        self.warnings = serve_warnings.of_build(result, self.options.root, self.output.name,
                                                started)
        changes, lines = serve_warnings.console_lines(before, self.warnings, self.options.root)
        self.say(f"rebuilt: {summary_line(diagnostics)}{changes}")
        for line in lines:
            self.say(line)

    def refresh_search(self) -> None:
        """Bring a stale search index up to date, between saves."""
        with self.search_lock:
            if search.is_current(self.options.root, self.output):
                return
            try:  # a save meanwhile marks the index stale again, for the next refresh
                search.refresh(self.options.root, self.output)
            except (search.SearchIndexError, OSError) as exc:
                self.say(f"search index not refreshed: {exc}")

    def error_page(self) -> bytes:
        return ERROR_PAGE.render(diagnostics=self.failure,
                                 summary=summary_line(self.failure)).encode("utf-8")

    def resolve(self, url_path: str) -> Path | None:
        relative = url_path.split("?", 1)[0].lstrip("/")
        candidate = (self.output / relative).resolve()
        if not candidate.is_relative_to(self.output.resolve()):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def is_folder(self, url_path: str) -> bool:
        candidate = (self.output / url_path.lstrip("/")).resolve()
        return candidate.is_relative_to(self.output.resolve()) and candidate.is_dir()

    def __call__(self, environ, start_response):
        """The WSGI application."""
        path = environ.get("PATH_INFO", "/")
        if not path.endswith("/") and self.is_folder(path):
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        is_page = path.endswith("/") or path.endswith(".html")
        if self.failure and is_page:
            body = self.error_page()
            start_response("500 Build Failed", [("Content-Type", "text/html; charset=utf-8"),
                                                ("Cache-Control", "no-store")])
            return [body]
        target = self.resolve(path)
        status = "200 OK"
        if target is None:
            status, target = "404 Not Found", self.resolve("/404.html")
            if target is None:
                start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
                return [b"Not found"]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/json", "application/xml"):
            kind += "; charset=utf-8"
        body = target.read_bytes()
        if kind.startswith("text/html"):
            # livereload injects an inline script, which the site's CSP rightly forbids
            body = _CSP.sub(b"", body, count=1)
            warnings = self.warnings
            if warnings is not None and warnings.items:  # in the answer, never in site/
                body = serve_warnings.inject(body, serve_warnings.panel(warnings, path))
        start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [body]


def _port_is_free(port: int) -> str | None:
    """None if 127.0.0.1:port can be bound, else the reason it cannot."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def serve_site(options: BuildOptions, port: int, say: Callable[[str], None]) -> None:
    from livereload import Server

    busy = _port_is_free(port)
    if busy:
        print(f"opcc: cannot serve on port {port}: {busy}; try --port N", file=sys.stderr)
        raise SystemExit(2)
    site = LiveSite(options, say)
    site.rebuild()
    server = Server(app=site)
    for name in WATCHED:
        path = options.root / name
        if path.exists():
            server.watch(str(path), site.rebuild)
    print(f"Serving on http://127.0.0.1:{port}/", flush=True)
    try:
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    except OSError as exc:
        print(f"opcc: cannot serve on port {port}: {exc.strerror}; try --port N", file=sys.stderr)
        raise SystemExit(2) from None
