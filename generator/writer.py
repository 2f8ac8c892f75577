"""Writing stage: the whole site goes into a temporary folder, then replaces `site/`.

A build that fails before this stage writes nothing, and one that fails during it
removes its temporary folder, so the previous `site/` is left exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable, Mapping

OUTPUT_DIR = "site"


def _write_tree(folder: Path, outputs: Mapping[str, "bytes | Path"]) -> None:
    for relative in sorted(outputs):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = outputs[relative]
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            shutil.copyfile(data, target)


def write_site(root: Path, outputs: Mapping[str, "bytes | Path"],
               output_dir: str = OUTPUT_DIR,
               finish: Callable[[Path], None] | None = None) -> Path:
    """Write `outputs` (relative path -> bytes or a file to copy) to root/site atomically.

    `finish(folder)` runs on the complete new tree before it replaces site/ (the search
    index is made there); if it raises, site/ is left as it was."""
    destination = root / output_dir
    temporary = root / f".{output_dir}.new-{os.getpid()}"
    previous = root / f".{output_dir}.old-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        _write_tree(temporary, outputs)
        if finish is not None:
            finish(temporary)
        if destination.exists():
            os.replace(destination, previous)
        try:
            os.replace(temporary, destination)
        except OSError:
            if previous.exists():
                os.replace(previous, destination)
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)
    return destination
