"""Parse many event files on every core: the same records, in the same order, sooner.

The standard library's process pool parses chunks of files in worker processes and gives the
results back in order, as each chunk is done, so a progress callback moves while they work.
The workers are forked, so they start at once and get the files' bytes without copying
them. Few files, a platform without fork, or a process that already runs threads are parsed
here, one after another; so are the files left when a worker fails or is killed, so no file
is ever lost.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from timeline.cache import entry_payload
from timeline.model import Event, Plan, TimelineSettings
from timeline.parsing import parse_bytes
from timeline.problems import Problem
from timeline.progress import Progress

__all__ = ["CHUNK_FILES", "MIN_FILES", "FileResult", "Item", "parse_many", "parse_one", "processes"]

# One file to parse: the path shown in messages, its stem (an event's default id), its bytes.
Item = tuple[str, str, bytes]
# What parse_bytes gives for one file, the timeline settings found in it, and the file's
# parse cache entry when it can have one (no problem, no settings).
FileResult = tuple[
    list[Event], list[Plan], list[Problem], list[tuple[str, TimelineSettings]], bytes | None
]

# Below this many files, starting workers costs more than it saves.
MIN_FILES = 300
# Files per chunk: small enough to share the work evenly and to move a progress bar often,
# large enough that sending a chunk back costs little next to parsing it.
CHUNK_FILES = 64


def parse_one(shown: str, stem: str, raw: bytes) -> FileResult:
    """Parse one file as :func:`timeline.loading.load` does, and make its cache entry."""
    settings: list[tuple[str, TimelineSettings]] = []
    events, plans, problems = parse_bytes(shown, stem, raw, settings)
    # The cache entry is made where the file is parsed: in a worker, that work is shared too.
    entry = None if problems or settings else entry_payload(events, plans)
    return events, plans, problems, settings, entry


def processes() -> int:
    """How many processes can parse at once: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - every Linux has sched_getaffinity


def parse_many(
    items: Sequence[Item],
    on_progress: Progress | None = None,
    *,
    workers: int | None = None,
) -> list[FileResult]:
    """Parse every file of ``items``; the results are in the order of ``items``.

    ``on_progress`` is called after each file with the files done, the files in all and
    their size in bytes (only once every worker has started, so no thread of the caller's
    runs while they fork). ``workers`` is how many worker processes to start; by default
    :func:`processes`; with none, every file is parsed here.
    """
    size = sum(len(item[2]) for item in items)

    def advance(done: int) -> None:
        if on_progress is not None:
            on_progress(done, len(items), size)

    if workers is None:
        workers = processes()
    results: list[FileResult] = []
    if workers >= 1 and len(items) >= MIN_FILES and _can_fork():
        _in_pool(items, workers, results, advance)
    # Everything, or what a failed or killed worker left undone.
    for item in items[len(results) :]:
        results.append(parse_one(*item))
        advance(len(results))
    return results


def _in_pool(
    items: Sequence[Item], workers: int, results: list[FileResult], advance: Callable[[int], None]
) -> None:
    """Parse ``items`` in a pool of forked workers, appending to ``results`` in order; stop
    quietly at the first file a worker did not give back."""
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, context, initializer=_take_items, initargs=(items,))
    try:
        # map submits every chunk now: the workers are forked before the first result.
        for result in pool.map(_parse_at, range(len(items)), chunksize=CHUNK_FILES):
            results.append(result)
            advance(len(results))
    except Exception:
        # A worker died (BrokenProcessPool) or a result could not be sent back: the caller
        # parses the files from here on itself.
        pool.shutdown(wait=True, cancel_futures=True)
    else:
        pool.shutdown(wait=True)


# The files of the current parse, in a worker: given at fork, so never pickled.
_ITEMS: list[Sequence[Item]] = []


def _take_items(items: Sequence[Item]) -> None:
    _ITEMS.append(items)


def _parse_at(index: int) -> FileResult:
    return parse_one(*_ITEMS[-1][index])


def _can_fork() -> bool:
    """Whether worker processes may be forked here and now.

    Only on Linux (macOS system libraries are not safe to use after fork) and only while no
    other thread runs: a fork copies just the calling thread, and a lock another one held
    would stay locked for ever in the worker.
    """
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )
