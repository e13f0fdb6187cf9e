"""Parse many event files on every core: the same records, in the same order, sooner.

The files are cut into chunks; forked worker processes and this process take chunks in turn
until none are left, and each worker sends the records of every chunk back, pickled, as soon
as it is done, so a progress bar moves while they work. Few files, a platform without fork,
or a process that already runs threads are parsed here, one after another; so are the chunks
of a worker that fails or is killed, so no file is ever lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from timeline.model import Event, Plan, TimelineSettings
from timeline.problems import Problem

__all__ = ["MIN_FILES", "FileResult", "Item", "parse_many", "parse_one", "processes"]

# One file to parse: the path shown in messages, its stem (an event's default id), its bytes.
Item = tuple[str, str, bytes]
# What store._parse gives for one file, the timeline settings found in it, and the file's
# parse cache entry when it can have one (no problem, no settings).
FileResult = tuple[
    list[Event], list[Plan], list[Problem], list[tuple[str, TimelineSettings]], bytes | None
]
Advance = Callable[[], None]

# Below this many files, starting a worker costs more than it saves (see parse_many).
MIN_FILES = 300
# Files per chunk: small enough to share the work evenly and to move a progress bar often,
# large enough that sending a chunk back costs little next to parsing it.
CHUNK_FILES = 64
# Chunk numbers wait in a pipe, 4 bytes each; they must all fit in its buffer (64 KiB on Linux).
_MAX_CHUNKS = 16384
# The parent looks for workers' chunks every this many of its own files, so a worker never
# waits long for the pipe to drain.
_POLL_EVERY = 16
_CHUNK_NUMBER = struct.Struct("=I")


def parse_one(shown: str, stem: str, raw: bytes) -> FileResult:
    """Parse one file as :func:`timeline.store.load` does, and make its cache entry."""
    from timeline.cache import entry_payload
    from timeline.store import _parse

    settings: list[tuple[str, TimelineSettings]] = []
    events, plans, problems = _parse(shown, stem, raw, settings)
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
    progress: AbstractContextManager[Advance] | None = None,
    *,
    workers: int | None = None,
) -> list[FileResult]:
    """Parse every file of ``items``; the results are in the order of ``items``.

    ``progress`` is entered (after any worker has started, so no thread runs while they
    fork) and gives a function to call once per file parsed. ``workers`` is how many
    processes to fork besides this one; by default one fewer than :func:`processes`.
    """
    if progress is None:
        progress = contextlib.nullcontext(_nothing)
    if workers is None:
        workers = processes() - 1
    if workers < 1 or len(items) < MIN_FILES or not _can_fork():
        with progress as advance:
            return [_parse_and_advance(item, advance) for item in items]
    return _Run(items, workers).run(progress)


def _nothing() -> None:
    pass


def _parse_and_advance(item: Item, advance: Advance) -> FileResult:
    result = parse_one(*item)
    advance()
    return result


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


class _Run:
    """One parallel parse: the chunks, the results so far and the workers' pipes."""

    def __init__(self, items: Sequence[Item], workers: int) -> None:
        self.items = items
        self.workers = workers
        size = max(CHUNK_FILES, -(-len(items) // _MAX_CHUNKS))
        self.chunks = [
            (start, min(start + size, len(items))) for start in range(0, len(items), size)
        ]
        self.results: list[FileResult | None] = [None] * len(items)
        self.pipes: list[Connection] = []
        self.advance: Advance = _nothing

    def run(self, progress: AbstractContextManager[Advance]) -> list[FileResult]:
        tasks = self._task_pipe()
        processes: list[BaseProcess] = []
        try:
            processes = self._start(tasks)
            with progress as advance:
                self.advance = advance
                self._work(tasks)
                while self.pipes:
                    self._collect(block=True)
                # A worker that failed or was killed left its chunks undone: parse them here.
                for index, result in enumerate(self.results):
                    if result is None:
                        self.results[index] = _parse_and_advance(self.items[index], advance)
        finally:
            os.close(tasks)
            for pipe in self.pipes:
                pipe.close()
            for process in processes:
                if process.is_alive():
                    process.terminate()
                process.join()
        return [result for result in self.results if result is not None]

    def _task_pipe(self) -> int:
        """A pipe holding every chunk number; a read of 4 bytes takes the next one.

        Reads from a pipe are atomic, so the processes share out the chunks without a lock
        that a killed worker could leave held.
        """
        read, write = os.pipe()
        try:
            data = b"".join(_CHUNK_NUMBER.pack(index) for index in range(len(self.chunks)))
            view = memoryview(data)
            while view:
                view = view[os.write(write, view) :]
        finally:
            os.close(write)  # once the numbers are read, a read returns nothing
        return read

    def _start(self, tasks: int) -> list[BaseProcess]:
        context = multiprocessing.get_context("fork")
        started: list[BaseProcess] = []
        for _ in range(self.workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(self.items, self.chunks, tasks, send), daemon=True
            )
            try:
                process.start()
            except OSError:
                # No more processes (fork refused): the ones running and this one share it all.
                receive.close()
                send.close()
                break
            send.close()
            started.append(process)
            self.pipes.append(receive)
        return started

    def _work(self, tasks: int) -> None:
        """Take chunks and parse them here until none are left."""
        while (index := _next_chunk(tasks)) is not None:
            start, stop = self.chunks[index]
            for number in range(start, stop):
                self.results[number] = _parse_and_advance(self.items[number], self.advance)
                if number % _POLL_EVERY == 0 and self.pipes:
                    self._collect(block=False)

    def _collect(self, *, block: bool) -> None:
        """Take in the chunks the workers have sent back; forget the pipes they closed."""
        ready = multiprocessing.connection.wait(self.pipes, timeout=None if block else 0)
        for pipe in ready:
            assert isinstance(pipe, Connection)
            try:
                index, results = pickle.loads(pipe.recv_bytes())
            except Exception:
                # Closed (the worker is done, failed or was killed) or cut short.
                self.pipes.remove(pipe)
                pipe.close()
                continue
            start, stop = self.chunks[index]
            self.results[start:stop] = results
            for _ in range(stop - start):
                self.advance()


def _next_chunk(tasks: int) -> int | None:
    data = os.read(tasks, _CHUNK_NUMBER.size)
    if len(data) < _CHUNK_NUMBER.size:
        return None
    index: int = _CHUNK_NUMBER.unpack(data)[0]
    return index


def _worker(
    items: Sequence[Item], chunks: list[tuple[int, int]], tasks: int, send: Connection
) -> None:
    """In a forked process: parse chunks and send each one's results back, until none are left."""
    try:
        while (index := _next_chunk(tasks)) is not None:
            start, stop = chunks[index]
            results: list[Any] = [parse_one(*item) for item in items[start:stop]]
            send.send_bytes(pickle.dumps((index, results), protocol=pickle.HIGHEST_PROTOCOL))
        send.close()
    except BaseException:
        # Quietly: the parent parses every chunk this worker did not send back.
        os._exit(1)
