"""Both cores: the build's one worker pool, in forked processes.

Workers are forked, so they inherit the build's state (the site index, the renderer,
the dataset units) instead of receiving it pickled; only the items go out and results
come back. Results come in the order of the items, so the output never depends on how
the work was split. Small jobs, systems without fork, and a pool that breaks (a worker
killed) run in this process.

- `map_chunks`: many small items (pages) in contiguous chunks;
- `each`: a few large items (dataset files), one at a time, as they finish.

`OPCC_WORKERS=1` makes every build serial (for debugging and profiling).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

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


def _run(item):
    return _task(item)


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
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(items) < MIN_ITEMS or not _can_fork():
        return task(list(items))
    results: list[Result] = []
    for part in each(task, _chunks(items, workers * CHUNKS_PER_WORKER), workers):
        results.extend(part)
    return results


def each(task: Callable[[Item], Result], items: Sequence[Item],
         workers: int | None = None) -> Iterator[Result]:
    """task(item) for every item, yielded in the items' order as the workers finish."""
    global _task
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(items) <= 1 or not _can_fork():
        yield from (task(item) for item in items)
        return
    done = 0
    _task = task
    gc.freeze()  # the workers' collections then skip what they inherit (and do not copy it)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(items)), mp_context=context) as pool:
            for result in pool.map(_run, items):
                done += 1
                yield result
        return
    except (BrokenProcessPool, OSError):
        pass  # finish here what the pool did not
    finally:
        _task = None
        gc.unfreeze()
    yield from (task(item) for item in items[done:])
