"""Both cores: run a task over contiguous chunks of a list in forked worker processes.

Workers are forked, so they inherit the build's state (the site index, the renderer)
instead of receiving it pickled; only the chunk's items go out and results come back.
Results are returned in the order of the items, so the output never depends on how
the work was split. Small jobs, and systems without fork, run in this process.

`OPCC_WORKERS=1` makes every build serial (for debugging and profiling).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 64  # below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 4  # smaller chunks even out uneven pages

_task: Callable | None = None


def worker_count() -> int:
    configured = os.environ.get("OPCC_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # forking while other threads run (the dev server) can inherit a held lock
    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


def _run_chunk(chunk: list) -> list:
    return _task(chunk)


def _chunks(items: Sequence[Item], count: int) -> list[list[Item]]:
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        if end > start:
            chunks.append(list(items[start:end]))
        start = end
    return chunks


def map_chunks(task: Callable[[list[Item]], list[Result]], items: Sequence[Item],
               workers: int | None = None) -> list[Result]:
    """task(chunk) -> one result per item; returns every item's result, in order."""
    global _task
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(items) < MIN_ITEMS or not _can_fork():
        return task(list(items))
    _task = task
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results: list[Result] = []
            for part in pool.map(_run_chunk, _chunks(items, workers * CHUNKS_PER_WORKER)):
                results.extend(part)
            return results
    finally:
        _task = None
