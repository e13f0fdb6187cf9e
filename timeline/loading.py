"""Load a folder of event files: find them, read them, take unchanged ones from the parse
cache and parse the others (on every core when there are many), reporting progress through a
callback; the library prints nothing."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from timeline.cache import MIN_BYTES as CACHE_MIN_BYTES
from timeline.cache import ParseCache, file_key
from timeline.files import find_files, max_file_bytes, read_bytes, relative_names
from timeline.model import Event, Plan, Timeline, TimelineSettings
from timeline.problems import Problem
from timeline.records import Unchecked
from timeline.reporting import Progress, current

__all__ = ["CACHE_MIN_BYTES", "Loaded", "load", "read_bytes", "read_file"]


@dataclass
class Loaded:
    """Records read from files, and the problems met reading them."""

    timeline: Timeline
    problems: list[Problem] = field(default_factory=list)
    # What can still be checked across files of the records that have errors.
    unchecked: list[Unchecked] = field(default_factory=list)


def load(root: Path, *, on_progress: Progress | None = None) -> Loaded:
    """Read every event file under ``root`` into records, collecting per-file problems.

    Files read before and unchanged since come from the parse cache (:mod:`timeline.cache`).
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
    cache = ParseCache(base) if total >= CACHE_MIN_BYTES else None
    keys = {
        name: (file_key(stat, raw), str(path))
        for name, path, (stat, raw) in zip(names, files, read, strict=True)
        if stat is not None and isinstance(raw, bytes)
    }
    cached = cache.lookup(keys) if cache is not None else {}

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
        results.append((events, plans, problems))
    if cache is not None:
        cache.keep_only(set(keys))
        cache.save()

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
