"""Shared fixtures: throwaway sites on disk, built with the real templates."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MINIMAL_CONFIG = """\
organisation:
  name: Office of the Police and Crime Commissioner for Testshire
  short_name: Testshire OPCC
  foi_email: foi@example.org
base_url: https://opcc.example.org/
navigation:
  - {title: Who we are, url: /who-we-are/}
"""

HOME = """\
---
title: Testshire OPCC
summary: The transparency site of a test office.
---
Welcome.
"""

WHO_INDEX = """\
---
title: Who we are
summary: About the office.
---
The office.
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data) if data.startswith("\n") else data,
                            encoding="utf-8")


@pytest.fixture
def make_site(tmp_path):
    """A minimal valid site with the real templates; `files` adds or replaces files."""
    def make(files: dict[str, str | bytes] | None = None, config: str = MINIMAL_CONFIG) -> Path:
        root = tmp_path / "site-root"
        if not root.exists():
            shutil.copytree(REPO / "templates", root / "templates",
                            ignore=shutil.ignore_patterns("node_modules", "theme"))
            write_files(root, {"site.yaml": config, "content/index.md": HOME,
                               "content/who-we-are/index.md": WHO_INDEX})
        write_files(root, files or {})
        return root
    return make


def copy_example(root: Path) -> Path:
    """Copy the repository's example site (without the theme's Node modules) to `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates", "datasets"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name,
                            ignore=shutil.ignore_patterns("node_modules", "theme"))
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return root


@pytest.fixture
def example_site(tmp_path) -> Path:
    """A private copy of the repository's example site, to change."""
    return copy_example(tmp_path / "example")


EXAMPLE_TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example site built once for the whole run (its root); tests only read it."""
    from opcc.build.pipeline import BuildOptions, build_site

    root = copy_example(tmp_path_factory.mktemp("built") / "example")
    result = build_site(BuildOptions(root, today=EXAMPLE_TODAY))
    assert result.ok, [(d.location, d.message) for d in result.diagnostics
                       if d.severity == "error"]
    return root


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the built example site in Chromium, shared by the browser test modules ----------

@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The example site, built once per session (browser_support keeps it) and only read."""
    from browser_support import build_example_site
    return build_example_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(built_site):
    """`built_site` served on 127.0.0.1 for the module's tests."""
    from browser_support import serve
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through playwright (skipped, or failed in CI, when missing)."""
    from browser_support import launch_chromium, require_chromium
    with launch_chromium(require_chromium()) as chromium:
        yield chromium
