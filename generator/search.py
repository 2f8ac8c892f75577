"""Search stage: Pagefind indexes the finished site, offline, before it replaces site/.

Only pages marked `data-pagefind-body` (content pages, datasets, FOI responses) are
indexed, and only their published, redacted text: Pagefind reads the built HTML.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INDEX_DIR = "pagefind"


class SearchIndexError(Exception):
    pass


def index_site(folder: Path) -> None:
    """Run the Pagefind binary (from the pagefind[bin] package) over a built site."""
    completed = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir",
         INDEX_DIR, "--silent"],
        capture_output=True, text=True, timeout=600)
    if completed.returncode != 0 or not (folder / INDEX_DIR / "pagefind-ui.js").is_file():
        detail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"Pagefind could not index the site: {detail[0]}")
