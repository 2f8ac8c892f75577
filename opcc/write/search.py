"""Search stage: Pagefind indexes the finished site, offline.

Only pages marked `data-pagefind-body` (content pages, datasets, FOI responses) are
indexed, and only their published, redacted text: Pagefind reads the built HTML.
A clean build indexes the new tree before it replaces site/; an incremental build
indexes site/ into a new folder that then replaces site/pagefind/ in one rename.
Pagefind has no incremental mode: it always reads every page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

INDEX_DIR = "pagefind"


class SearchIndexError(Exception):
    pass


def _run_pagefind(folder: Path, output: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path",
         str(output), "--silent"],
        check=False, capture_output=True, text=True, timeout=600)
    if completed.returncode != 0 or not (output / "pagefind.js").is_file():
        detail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"Pagefind could not index the site: {detail[0]}")


def index_site(folder: Path) -> None:
    """Run the Pagefind binary (from the pagefind[bin] package) over a built site."""
    _run_pagefind(folder, folder / INDEX_DIR)


def reindex_site(folder: Path) -> None:
    """Index site/ again, replacing site/pagefind/ only once the new index is complete."""
    fresh = folder.parent / f".{INDEX_DIR}.new-{os.getpid()}"
    stale = folder.parent / f".{INDEX_DIR}.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _run_pagefind(folder, fresh)
        current = folder / INDEX_DIR
        if current.exists():
            os.replace(current, stale)
        os.replace(fresh, current)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)


STALE_MARKER = ".opcc-cache/search-index-stale"


def stale_marker(root: Path, folder_name: str = "site") -> Path:
    """The stale mark of one output folder's index (site/ and preview/ each have one)."""
    return root / (STALE_MARKER if folder_name == "site" else f"{STALE_MARKER}-{folder_name}")


def mark_stale(root: Path, folder_name: str = "site") -> None:
    """The pages changed but the index was left for later (`opcc serve`)."""
    marker = stale_marker(root, folder_name)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_bytes(b"")


def is_current(root: Path, folder: Path) -> bool:
    return (folder / INDEX_DIR).is_dir() and not stale_marker(root, folder.name).exists()


def refresh(root: Path, folder: Path) -> None:
    """Index site/ again and clear the stale mark (a later edit marks it again)."""
    stale_marker(root, folder.name).unlink(missing_ok=True)
    reindex_site(folder)
