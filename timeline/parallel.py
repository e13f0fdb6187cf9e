"""Parse many event files on every core: the same records, in the same order, sooner.

The files are cut into chunks. Forked workers of the standard library's process pool take
chunks from the front, a few submitted at a time; this process takes chunks from the back and
parses them itself, so every core parses and only the workers' results are sent back (a
file's records as its cache entry, made into models here as the cache's are). Results
come back in the order of the files, and a progress callback moves as each file or chunk is
done. Few files, a platform without fork, or a process that already runs threads are parsed
here, one after another; so are the chunks of a worker that fails or is killed, so no file is
ever lost.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from timeline.cache import entry_models, entry_payload
from timeline.model import Event, Plan, TimelineSettings
from timeline.parsing import parse_bytes
from timeline.problems import Problem
from timeline.records import Unchecked
from timeline.reporting import Progress

__all__ = ["CHUNK_FILES", "MIN_FILES", "FileResult", "Item", "parse_many", "parse_one", "processes"]

# One file to parse: the path shown in messages, its stem (an event's default id), its bytes.
Item = tuple[str, str, bytes]
# What parse_bytes gives for one file, the timeline settings found in it, and the file's
# parse cache entry when it can have one (no problem, no settings), and what is left to
# check across files of its records with errors.
FileResult = tuple[
    list[Event],
    list[Plan],
    list[Problem],
    list[tuple[str, TimelineSettings]],
    bytes | None,
    list[Unchecked],
]

# Below this many files, starting workers costs more than it saves.
MIN_FILES = 300
# Files per chunk: small enough to share the work evenly and to move a progress bar often,
# large enough that sending a chunk back costs little next to parsing it.
CHUNK_FILES = 64


def parse_one(shown: str, stem: str, raw: bytes) -> FileResult:
    """Parse one file as :func:`timeline.loading.load` does, and make its cache entry."""
    settings: list[tuple[str, TimelineSettings]] = []
    unchecked: list[Unchecked] = []
    events, plans, problems = parse_bytes(shown, stem, raw, settings, unchecked)
    # The cache entry is made where the file is parsed: in a worker, that work is shared too.
    entry = None if problems or settings else entry_payload(events, plans)
    return events, plans, problems, settings, entry, unchecked


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

    ``on_progress`` is called once per file with the files done so far, the files in all
    and their size in bytes (only once every worker has been forked, so no thread of the
    caller's runs while they fork). ``workers`` is how many worker processes to fork besides
    this one; by default one fewer than :func:`processes`; with none, all is parsed here.
    """
    size = sum(len(item[2]) for item in items)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        for _ in range(count):
            done += 1
            if on_progress is not None:
                on_progress(done, len(items), size)

    if workers is None:
        workers = processes() - 1
    if workers < 1 or len(items) < MIN_FILES or not _can_fork():
        results = []
        for item in items:
            results.append(parse_one(*item))
            advance(1)
        return results
    return _Run(items, workers, advance).run()


class _Run:
    """One parse shared between a process pool and this process."""

    def __init__(self, items: Sequence[Item], workers: int, advance: Callable[[int], None]):
        self.items = items
        self.workers = workers
        self.advance = advance
        self.chunks = [
            (start, min(start + CHUNK_FILES, len(items)))
            for start in range(0, len(items), CHUNK_FILES)
        ]
        self.results: list[list[FileResult] | None] = [None] * len(self.chunks)
        self.front = 0  # the next chunk for the workers
        self.back = len(self.chunks)  # the chunks from here on are this process's
        self.sent: collections.deque[tuple[int, Future[list[FileResult]]]] = collections.deque()
        self.broken = False

    def run(self) -> list[FileResult]:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(
            self.workers, context, initializer=_take_items, initargs=(self.items,)
        )
        try:
            # The first submit forks every worker, before any thread of ours can run.
            self._send(pool)
            while self.front < self.back:
                self.back -= 1
                self.results[self.back] = self._parse_here(self.back, pool)
            while self.sent:
                self._take_back(block=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return [result for chunk in self.results if chunk is not None for result in chunk]

    def _send(self, pool: ProcessPoolExecutor) -> None:
        """Keep two chunks a worker waiting, so that none runs out while this one parses."""
        while not self.broken and self.front < self.back and len(self.sent) < 2 * self.workers:
            start, stop = self.chunks[self.front]
            try:
                self.sent.append((self.front, pool.submit(_parse_range, start, stop)))
            except Exception:  # the pool broke (BrokenProcessPool): no more for it
                self.broken = True
                return
            self.front += 1

    def _take_back(self, *, block: bool) -> None:
        """Take in the chunks the workers are done with, in order (waiting for the first one
        when ``block``); a chunk a worker failed on is parsed here."""
        while self.sent and (block or self.sent[0][1].done()):
            index, future = self.sent.popleft()
            try:
                self.results[index] = [
                    _unpacked(result, item[0])
                    for result, item in zip(
                        future.result(), self.items[slice(*self.chunks[index])], strict=True
                    )
                ]
            except Exception:
                # A worker died (BrokenProcessPool) or its result could not be sent back.
                self.broken = True
                self.results[index] = self._parse_here(index, None)
            else:
                start, stop = self.chunks[index]
                self.advance(stop - start)

    def _parse_here(self, index: int, pool: ProcessPoolExecutor | None) -> list[FileResult]:
        start, stop = self.chunks[index]
        parsed = []
        for item in self.items[start:stop]:
            parsed.append(parse_one(*item))
            self.advance(1)
            if pool is not None:
                self._take_back(block=False)
                self._send(pool)
        return parsed


# The files of the current parse, in a worker: given at fork, so never pickled.
_ITEMS: list[Sequence[Item]] = []


def _take_items(items: Sequence[Item]) -> None:
    _ITEMS.append(items)


def _parse_range(start: int, stop: int) -> list[FileResult]:
    return [_packed(parse_one(*item)) for item in _ITEMS[-1][start:stop]]


def _packed(result: FileResult) -> FileResult:
    """A worker's result as sent back: records that have a cache entry travel as that entry
    alone (JSON bytes the pickle only copies), not as pickled models."""
    _, _, problems, settings, entry, unchecked = result
    if entry is None:
        return result
    return [], [], problems, settings, entry, unchecked


def _unpacked(result: FileResult, shown: str) -> FileResult:
    """A worker's result with its records made again from its cache entry."""
    _, _, problems, settings, entry, unchecked = result
    if entry is None:
        return result
    parsed = entry_models(entry, shown)
    return parsed.events, parsed.plans, problems, settings, entry, unchecked


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
