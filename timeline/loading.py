"""Load a folder of event files: find them, read them, take unchanged ones from the parse
cache and parse the others (on every core when there are many), reporting progress through a
callback; the library prints nothing."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from timeline.cache import MIN_BYTES as CACHE_MIN_BYTES
from timeline.cache import FileKey, ParseCache, Parsed, file_key
from timeline.files import find_files, max_file_bytes, read_bytes, relative_names
from timeline.model import Event, Plan, Timeline, TimelineSettings
from timeline.problems import Problem
from timeline.records import Unchecked
from timeline.reporting import Progress, current

__all__ = [
    "CACHE_MIN_BYTES",
    "Loaded",
    "Remembered",
    "load",
    "read_file",
    "remembering",
]


@dataclass
class Loaded:
    """Records read from files, and the problems met reading them."""

    timeline: Timeline
    problems: list[Problem] = field(default_factory=list)
    # What can still be checked across files of the records that have errors.
    unchecked: list[Unchecked] = field(default_factory=list)


class Remembered:
    """The records of a folder's files kept in memory between loads by a process that loads
    the same folder again and again (``timeline serve``, on every save): a file read again
    with the same key as the parse cache's (size, modification time and SHA-256 of its
    bytes), under the same path, gives the same records without the cache file being read
    and decoded again. Only what the parse cache would hold is kept: records of files read
    without problems. Records are frozen models, shared by the loads that return them."""

    def __init__(self) -> None:
        # name in the folder -> (key, path shown in messages, records)
        self._files: dict[str, tuple[FileKey, str, Parsed]] = {}

    def lookup(self, wanted: dict[str, tuple[FileKey, str]]) -> dict[str, Parsed]:
        """The records of each file of ``wanted`` (as :meth:`ParseCache.lookup` takes it)
        whose key and shown path match."""
        found = {}
        for name, (key, shown) in wanted.items():
            kept = self._files.get(name)
            if kept is not None and kept[0] == key and kept[1] == shown:
                found[name] = kept[2]
        return found

    def hold(self, files: dict[str, tuple[FileKey, str, Parsed]]) -> None:
        """Hold the records of ``files`` (name -> key, shown path, records) and nothing
        else: files changed since, with problems, or gone are dropped."""
        self._files = files

    def __len__(self) -> int:
        return len(self._files)


_REMEMBERED: ContextVar[Remembered | None] = ContextVar("timeline_remembered", default=None)


@contextlib.contextmanager
def remembering(memory: Remembered) -> Iterator[None]:
    """Loads within take unchanged files' records from ``memory`` and keep them there."""
    token = _REMEMBERED.set(memory)
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def load(root: Path, *, on_progress: Progress | None = None) -> Loaded:
    """Read every event file under ``root`` into records, collecting per-file problems.

    Files read before and unchanged since come from the parse cache (:mod:`timeline.cache`),
    or from memory within :func:`remembering`.
    ``on_progress`` (by default the one given to :func:`timeline.reporting.reporting`) is
    called once per file parsed, as :data:`timeline.reporting.Progress` describes.
    """
    files = find_files(root)
    base = root if root.is_dir() else root.parent
    with _collector_paused():
        return _load(files, base, on_progress or current())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while records are made: they hold no reference
    cycles, and its passes over the growing heap cost about a tenth of a large load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(files: list[Path], base: Path, on_progress: Progress | None) -> Loaded:
    limit = max_file_bytes() if files else 0  # asked once, not once a file
    read = [read_bytes(path, limit) for path in files]
    names = relative_names(files, base)
    total = sum(len(item[1]) for item in read if isinstance(item[1], bytes))
    keys = {
        name: (file_key(stat, raw), str(path))
        for name, path, (stat, raw) in zip(names, files, read, strict=True)
        if stat is not None and isinstance(raw, bytes)
    }
    memory = _REMEMBERED.get()
    cached = memory.lookup(keys) if memory is not None else {}
    # The cache file is read only for what memory does not hold: a file it holds was taken
    # from the cache or written to it by the load that kept it.
    rest = {name: key for name, key in keys.items() if name not in cached}
    cache = ParseCache(base) if total >= CACHE_MIN_BYTES and (rest or memory is None) else None
    if cache is not None:
        cached.update(cache.lookup(rest))

    settings: list[tuple[str, TimelineSettings]] = []
    unchecked: list[Unchecked] = []
    results: list[tuple[list[Event], list[Plan], list[Problem]]] = []
    to_parse = [
        (str(path), path.stem, raw)
        for name, path, (_, raw) in zip(names, files, read, strict=True)
        if name not in cached and isinstance(raw, bytes)
    ]
    if to_parse:
        # The YAML reader comes in only when a file must be parsed.
        from timeline.parallel import parse_many

        parsed = iter(parse_many(to_parse, on_progress))
    for name, (_, raw) in zip(names, read, strict=True):
        if name in cached:
            hit = cached[name]
            results.append((hit.events, hit.plans, []))
            continue
        if isinstance(raw, Problem):
            results.append(([], [], [raw]))
            continue
        events, plans, problems, found, entry, left = next(parsed)
        settings.extend(found)
        unchecked.extend(left)
        if cache is not None and name in keys:
            if entry is None:
                cache.forget(name)
            else:
                cache.keep(name, keys[name][0], entry)
        if memory is not None and name in keys and entry is not None:
            cached[name] = Parsed(events, plans)
        results.append((events, plans, problems))
    if cache is not None:
        cache.keep_only(set(keys))
        cache.save()
    if memory is not None:
        memory.hold({name: (*keys[name], parsed) for name, parsed in cached.items()})

    loaded = Loaded(Timeline(events=[], plans=[]), unchecked=unchecked)
    for events, plans, problems in results:
        loaded.timeline.events.extend(events)
        loaded.timeline.plans.extend(plans)
        loaded.problems.extend(problems)
    if settings:
        loaded.timeline.title = settings[0][1].title
    for shown, _ in settings[1:]:
        message = f"timeline settings are already in {settings[0][0]}; keep one timeline: file"
        loaded.problems.append(Problem(shown, 1, 1, "error", message))
    return loaded


def read_file(
    path: Path, *, settings: list[tuple[str, TimelineSettings]] | None = None
) -> tuple[list[Event], list[Plan], list[Problem]]:
    """Read one file: its events and plans, and every problem found in it. Timeline
    settings found in it (a ``timeline:`` file) are appended to ``settings``."""
    from timeline.parsing import parse_bytes

    _, raw = read_bytes(path)
    if isinstance(raw, Problem):
        return [], [], [raw]
    return parse_bytes(str(path), path.stem, raw, settings)
