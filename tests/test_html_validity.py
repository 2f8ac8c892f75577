"""Every built page of the example site is valid HTML (issue 7, item 6).

The Nu Html Checker (vnu-jar, pinned in tests/package.json) checks all the pages in one
run: Java's start-up dominates, so one call over the whole site costs about as much as
one page. Needs Java and `npm --prefix tests ci`; skipped with a reason without them,
failed instead when OPCC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from browser_support import (
    NPM_HINT,
    REPO,
    VNU_JAR,
    html_pages,
    record_timing,
    unavailable,
)

MAX_SHOWN = 200  # errors listed in full; the summary counts them all

JAVA = shutil.which("java")
if JAVA is None:
    unavailable("java is not installed (apt-get install default-jre-headless)")
if not VNU_JAR.is_file():
    unavailable(f"{VNU_JAR.relative_to(REPO)} is missing ({NPM_HINT})")


def test_every_page_is_valid_html(built_site):
    pages = html_pages(built_site)
    assert len(pages) >= 7, pages
    assert any(p.match("policies/information-management-strategy/index.html")
               for p in pages)  # a governance block (issue 19)
    assert any(p.match("decisions/register/index.html") for p in pages)  # issue 19
    # Our own stylesheets (not the search library's, which we do not write).
    css = sorted((built_site / "static").rglob("*.css"))
    started = time.perf_counter()
    # Relative paths keep the command line short however many pages there are. The JVM
    # options halve the run: a short run gains nothing from the optimising compiler
    # (TieredStopAtLevel=1), which in turn needs a bigger stack than vnu's 512k minimum.
    result = subprocess.run(
        [JAVA, "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR),
         "--errors-only", "--format", "json", "--stdout", "--also-check-css",
         *[str(p.relative_to(built_site)) for p in [*pages, *css]]],
        check=False, cwd=built_site, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    record_timing("vnu", pages=len(pages), css_files=len(css), seconds=round(elapsed, 2))
    print(f"vnu: {len(pages)} pages and {len(css)} stylesheets in {elapsed:.1f} s")
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    problems = []
    by_message: Counter[str] = Counter()
    for m in messages:
        # "error", and "non-document-error" (a file it could not read or parse).
        if m.get("type") == "info":
            continue
        where = m.get("url", "?").removeprefix("file:")
        try:
            where = str(Path(where).resolve().relative_to(built_site.resolve()))
        except ValueError:
            pass
        line = m.get("lastLine", m.get("firstLine", "?"))
        column = m.get("firstColumn", m.get("lastColumn", "?"))
        extract = " ".join(m.get("extract", "").split())
        problems.append(f"{where}:{line}:{column}: {m.get('message')}\n    {extract}")
        by_message[m.get("message", "?")] += 1
    if problems:
        summary = [f"  {count} x {message}" for message, count in by_message.most_common()]
        shown = problems[:MAX_SHOWN]
        more = [f"… and {len(problems) - MAX_SHOWN} more"] if len(problems) > MAX_SHOWN else []
        pytest.fail(f"vnu found {len(problems)} errors in {len(pages)} pages; by message:\n"
                    + "\n".join(summary) + "\n\n" + "\n".join(shown + more), pytrace=False)
    # With no errors to report vnu exits 0; anything else is a failure to run.
    assert result.returncode == 0, result.stderr[-2000:]
