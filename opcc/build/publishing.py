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


def search_step(root: Path, pages_changed: bool, defer: bool):
    """What to run on site/ after an incremental write: refresh the search index if
    pages changed or it is stale, or leave that for later (`defer`)."""
    if defer and pages_changed:
        search.mark_stale(root)
        return None
    if pages_changed or not search.is_current(root, root / OUTPUT_DIR):
        return lambda folder: search.refresh(root, folder)
    return None


def write_whole(root: Path, result: BuildResult) -> None:
    """Replace site/ with the result's outputs, indexed for search."""
    try:
        write_site(root, result.outputs, finish=timed(result, "search index", search.index_site))
        (root / search.STALE_MARKER).unlink(missing_ok=True)
    except search.SearchIndexError as exc:
        result.diagnostics.append(search_problem(exc))
    except WriteError as exc:  # a full disk, a read-only site/, another build
        result.diagnostics.append(exc.diagnostic)


def write_changes(root: Path, result: BuildResult, changed: dict, removed: list[str],
                  defer_search: bool) -> bool:
    """Write the changed files and delete the removed ones in site/, then bring the
    search index up to date; False (with a diagnostic) if that failed."""
    finish = search_step(root, any(p.endswith(".html") for p in [*changed, *removed]),
                         defer_search)
    if changed or removed or finish is not None:
        try:
            writer.update_site(root, changed, removed,
                               finish=timed(result, "search index", finish))
        except search.SearchIndexError as exc:
            result.diagnostics.append(search_problem(exc))
            return False
        except WriteError as exc:
            result.diagnostics.append(exc.diagnostic)
            return False
    result.written = len(changed) + len(removed)
    return True
