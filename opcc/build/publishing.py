"""Writing a build's outputs into site/: the whole site at once (a first or clean build),
or only the files whose bytes changed; then the search index, now or later (serve)."""

from __future__ import annotations

from pathlib import Path

from opcc.build.result import BuildResult, timed
from opcc.diagnostics import Diagnostic, error
from opcc.write import search, writer
from opcc.write.writer import OUTPUT_DIR, WriteError, write_site


def search_problem(exc: Exception) -> Diagnostic:
    return error("config.search", str(exc), hint="reinstall the generator: pip install -e . "
                 "brings pagefind[bin]")


def search_step(root: Path, pages_changed: bool, defer: bool, output_dir: str = OUTPUT_DIR):
    """What to run on site/ (or preview/) after an incremental write: refresh the search
    index if pages changed or it is stale, or leave that for later (`defer`)."""
    if defer and pages_changed:
        search.mark_stale(root, output_dir)
        return None
    if pages_changed or not search.is_current(root, root / output_dir):
        return lambda folder: search.refresh(root, folder)
    return None


def write_whole(root: Path, result: BuildResult, output_dir: str = OUTPUT_DIR) -> None:
    """Replace site/ (or preview/) with the result's outputs, indexed for search."""
    try:
        write_site(root, result.outputs, output_dir,
                   finish=timed(result, "search index", search.index_site))
        search.stale_marker(root, output_dir).unlink(missing_ok=True)
    except search.SearchIndexError as exc:
        result.diagnostics.append(search_problem(exc))
    except WriteError as exc:  # a full disk, a read-only site/, another build
        result.diagnostics.append(exc.diagnostic)


def write_changes(root: Path, result: BuildResult, changed: dict, removed: list[str],
                  defer_search: bool, output_dir: str = OUTPUT_DIR) -> bool:
    """Write the changed files and delete the removed ones in site/ (or preview/), then
    bring the search index up to date; False (with a diagnostic) if that failed."""
    finish = search_step(root, any(p.endswith(".html") for p in [*changed, *removed]),
                         defer_search, output_dir)
    if changed or removed or finish is not None:
        try:
            writer.update_site(root, changed, removed, output_dir,
                               finish=timed(result, "search index", finish))
        except search.SearchIndexError as exc:
            result.diagnostics.append(search_problem(exc))
            return False
        except WriteError as exc:
            result.diagnostics.append(exc.diagnostic)
            return False
    result.written = len(changed) + len(removed)
    return True
