"""Find, read and write event files: records with their locations, atomic and locked writes."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from timeline.cache import MIN_BYTES as CACHE_MIN_BYTES
from timeline.cache import ParseCache, file_key
from timeline.errors import EventExists
from timeline.files import MAX_FILE_BYTES, find_files, max_file_bytes
from timeline.model import Claim, Event, Origin, Plan, Source, Stage, Timeline, TimelineSettings
from timeline.parallel import parse_many
from timeline.problems import Problem

# The YAML reader (PyYAML) and filelock are imported when first needed: a load whose files
# all come from the parse cache, or that writes nothing, starts faster without them.
if TYPE_CHECKING:
    from filelock import FileLock

    from timeline.yamltext import Document, Location

__all__ = [
    "LOCK_NAME",
    "MAX_FILE_BYTES",
    "Loaded",
    "atomic_write",
    "create_exclusive",
    "find_files",
    "load",
    "lock",
    "max_file_bytes",
    "read_file",
    "remove_stale_temps",
    "write_event",
]

LOCK_NAME = ".timeline.lock"

_EVENT_FIELDS = tuple(Event.model_fields)
_PLAN_FIELDS = tuple(Plan.model_fields)
_DATE_FIELDS = ("date", "end", "announced")
_NESTED: dict[str, type[BaseModel]] = {"sources": Source, "claims": Claim, "stages": Stage}


@dataclass
class Loaded:
    """Records read from files, and the problems met reading them."""

    timeline: Timeline
    problems: list[Problem] = field(default_factory=list)


def load(root: Path) -> Loaded:
    """Read every event file under ``root`` into records, collecting per-file problems.

    Files read before and unchanged since come from the parse cache (:mod:`timeline.cache`);
    on a terminal, a progress bar shows while thousands of files are parsed.
    """
    files = find_files(root)
    base = root if root.is_dir() else root.parent
    with _collector_paused():
        return _load(files, base)


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


def _load(files: list[Path], base: Path) -> Loaded:
    read = [_read_bytes(path) for path in files]
    names = [path.relative_to(base).as_posix() for path in files]
    total = sum(len(item[1]) for item in read if isinstance(item[1], bytes))
    cache = ParseCache(base) if total >= CACHE_MIN_BYTES else None
    keys = {
        name: (file_key(stat, raw), str(path))
        for name, path, (stat, raw) in zip(names, files, read, strict=True)
        if stat is not None and isinstance(raw, bytes)
    }
    cached = cache.lookup(keys) if cache is not None else {}

    settings: list[tuple[str, TimelineSettings]] = []
    results: list[tuple[list[Event], list[Plan], list[Problem]]] = []
    to_parse = [
        (str(path), path.stem, raw)
        for name, path, (_, raw) in zip(names, files, read, strict=True)
        if name not in cached and isinstance(raw, bytes)
    ]
    size = sum(len(raw) for _, _, raw in to_parse)
    # Entered by parse_many once its workers are forked: no progress thread runs at fork.
    parsed = iter(parse_many(to_parse, _progress(len(to_parse), size)))
    for name, (_, raw) in zip(names, read, strict=True):
        if name in cached:
            hit = cached[name]
            results.append((hit.events, hit.plans, []))
            continue
        if isinstance(raw, Problem):
            results.append(([], [], [raw]))
            continue
        events, plans, problems, found, entry = next(parsed)
        settings.extend(found)
        if cache is not None and name in keys:
            if entry is None:
                cache.forget(name)
            else:
                cache.keep(name, keys[name][0], entry)
        results.append((events, plans, problems))
    if cache is not None:
        cache.keep_only(set(keys))
        cache.save()

    loaded = Loaded(Timeline(events=[], plans=[]))
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


# Parsing fewer files, and fewer bytes, than this takes about a second: no progress bar.
PROGRESS_MIN_FILES = 2000
PROGRESS_MIN_BYTES = 4 * 1024 * 1024


@contextlib.contextmanager
def _progress(total: int, size: int) -> Iterator[Callable[[], None]]:
    """A function to call after each file; it moves a progress bar on stderr when that is a
    terminal and there are many files or megabytes to parse (one big list file shows the
    time it has taken so far), and does nothing otherwise."""
    if (total < PROGRESS_MIN_FILES and size < PROGRESS_MIN_BYTES) or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("Reading events", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # On stderr, so that output piped from stdout (list, export) stays clean.
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True, redirect_stdout=False) as bar:
        task = bar.add_task("read", total=total)
        yield lambda: bar.advance(task)


def read_file(
    path: Path, *, settings: list[tuple[str, TimelineSettings]] | None = None
) -> tuple[list[Event], list[Plan], list[Problem]]:
    """Read one file: its events and plans, and every problem found in it. Timeline
    settings found in it (a ``timeline:`` file) are appended to ``settings``."""
    _, raw = _read_bytes(path)
    if isinstance(raw, Problem):
        return [], [], [raw]
    return _parse(str(path), path.stem, raw, settings)


def _read_bytes(path: Path) -> tuple[os.stat_result | None, bytes | Problem]:
    """The file's stat (taken before reading, for the cache key) and bytes, or the problem."""
    shown = str(path)
    try:
        stat = path.stat()
        if stat.st_size > max_file_bytes():
            return None, Problem(shown, 1, 1, "error", _too_big(stat.st_size))
        return stat, path.read_bytes()
    except OSError as exc:
        return None, Problem(shown, 1, 1, "error", f"cannot read: {exc.strerror}")


def _parse(
    shown: str, stem: str, raw: bytes, settings: list[tuple[str, TimelineSettings]] | None
) -> tuple[list[Event], list[Plan], list[Problem]]:
    from timeline.yamltext import Location, YamlError, parse_yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "not UTF-8 text; save the file as UTF-8"
        return [], [], [_problem(shown, Location(line, column), message)]
    try:
        document = parse_yaml(text)
    except YamlError as exc:
        return [], [], [_problem(shown, exc.location, exc.message)]
    return _FileReader(shown, stem, document, settings).read()


def _too_big(size: int) -> str:
    return (
        f"file is {size:,} bytes, over the {max_file_bytes():,}-byte limit; "
        "split it or raise TIMELINE_MAX_FILE_BYTES"
    )


def _problem(path: str, where: Location, message: str, level: str = "error") -> Problem:
    return Problem(
        path, where.line, where.column, "warning" if level == "warning" else "error", message
    )


class _FileReader:
    def __init__(
        self,
        shown: str,
        stem: str,
        document: Document,
        settings: list[tuple[str, TimelineSettings]] | None = None,
    ) -> None:
        self.shown = shown
        self.stem = stem
        self.document = document
        self.settings = settings if settings is not None else []
        self.events: list[Event] = []
        self.plans: list[Plan] = []
        self.problems: list[Problem] = []

    def read(self) -> tuple[list[Event], list[Plan], list[Problem]]:
        data = self.document.data
        if data is None:
            self._error((), "empty file: write an event, a 'plan:' or an 'events:' list")
        elif not isinstance(data, dict):
            self._error(
                (), f"expected a mapping (an event, 'plan:' or 'events:'), found {_kind(data)}"
            )
        elif "plan" in data:
            self._read_plan(data)
        elif "events" in data:
            self._read_list(data)
        elif "timeline" in data:
            self._read_settings(data)
        else:
            self._read_record(Event, data, (), default_id=self.stem)
        return self.events, self.plans, self.problems

    def _read_plan(self, data: dict[str, Any]) -> None:
        for extra in data:
            if extra != "plan":
                self._error((extra,), f"unknown top-level key '{extra}' in a plan file", key=True)
        if not isinstance(data["plan"], dict):
            self._error(("plan",), f"'plan' must be a mapping, found {_kind(data['plan'])}")
            return
        self._read_record(Plan, data["plan"], ("plan",), default_id=self.stem)

    def _read_settings(self, data: dict[str, Any]) -> None:
        # A `timeline:` file (timeline.yaml) holds what belongs to the whole timeline.
        for extra in data:
            if extra != "timeline":
                self._error(
                    (extra,), f"unknown top-level key '{extra}' in a timeline file", key=True
                )
        if not isinstance(data["timeline"], dict):
            self._error(
                ("timeline",), f"'timeline' must be a mapping, found {_kind(data['timeline'])}"
            )
            return
        try:
            settings = TimelineSettings.model_validate(data["timeline"])
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self._report_validation(error, ("timeline",), implicit_id=False)
            return
        self.settings.append((self.shown, settings))

    def _read_list(self, data: dict[str, Any]) -> None:
        for extra in data:
            if extra != "events":
                self._error(
                    (extra,),
                    f"unknown top-level key '{extra}' in a list file; "
                    "put each event under 'events:'",
                    key=True,
                )
        items = data["events"]
        if not isinstance(items, list):
            self._error(("events",), f"'events' must be a list, found {_kind(items)}")
            return
        for index, item in enumerate(items):
            path = ("events", index)
            if not isinstance(item, dict):
                self._error(
                    path, f"events[{index}]: expected an event mapping, found {_kind(item)}"
                )
                continue
            if "id" not in item:
                self._error(
                    path,
                    f"events[{index}]: missing required field 'id' "
                    "(events in a list file need one)",
                )
                continue
            self._read_record(Event, item, path, default_id=None)

    def _read_record(
        self,
        model: type[Event] | type[Plan],
        data: dict[str, Any],
        base: tuple[str | int, ...],
        default_id: str | None,
    ) -> None:
        values = self._dates_as_written(data, base)
        if "id" not in values and default_id is not None:
            values["id"] = default_id
        try:
            record = model.model_validate(values)
        except ValidationError as exc:
            implicit_id = "id" not in data
            for error in exc.errors(include_url=False):
                self._report_validation(error, base, implicit_id)
            return
        where = self.document.locate(base)
        written = self.document.field_locations(base)
        fields = tuple(
            (name, loc.line, loc.column)
            for name in (data if isinstance(data, dict) else {})
            if (loc := written.get(name)) is not None
        )
        record._origin = Origin(self.shown, where.line, where.column, fields)
        if isinstance(record, Event):
            self.events.append(record)
        else:
            self.plans.append(record)

    def _dates_as_written(
        self, data: dict[str, Any], base: tuple[str | int, ...]
    ) -> dict[str, Any]:
        """A copy of ``data`` whose date fields hold the text as written.

        YAML 1.1 reads ``12:30`` as the number 750 and ``2025`` as a number; a date field
        must see what the user typed, so ``12:30`` is refused rather than taken as year 750.
        """
        values = dict(data)
        for name in _DATE_FIELDS:
            if (raw := self.document.raw.get((*base, name))) is not None:
                values[name] = raw
        sources = values.get("sources")
        if isinstance(sources, list):
            patched = []
            for index, source in enumerate(sources):
                raw = self.document.raw.get((*base, "sources", index, "published"))
                if isinstance(source, dict) and raw is not None:
                    source = {**source, "published": raw}
                patched.append(source)
            values["sources"] = patched
        return values

    def _report_validation(
        self, error: Any, base: tuple[str | int, ...], implicit_id: bool
    ) -> None:
        loc = tuple(error["loc"])
        kind = error["type"]
        prefix = _field_path(base, loc)
        if kind == "end_before_date":
            loc = ("end",)
            self._error((*base, *loc), f"end: {error['msg']}")
            return
        if loc == ("id",) and implicit_id:
            self._error(
                base,
                f"the file name '{self.stem}' is not a valid id: "
                "rename the file or add an 'id:' field "
                "(lowercase letters, digits and -)",
            )
            return
        if kind == "extra_forbidden":
            name = str(loc[-1])
            hint = difflib.get_close_matches(name, _known_fields(base, loc), n=1)
            message = f"unknown field '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
            if len(loc) > 1:
                message = f"{_field_path(base, loc[:-1])}: {message}"
            self._error((*base, *loc), message, key=True)
            return
        if kind == "missing":
            self._error((*base, *loc[:-1]), f"missing required field '{prefix}'")
            return
        raw = self.document.raw.get((*base, *loc))
        value = error.get("input")
        if (
            kind in ("string_type", "list_type")
            and raw is not None
            and not isinstance(value, (list, dict))
        ):
            read_as = "a boolean" if isinstance(value, bool) else "a number"
            if value is None:
                read_as = "empty (null)"
            self._error((*base, *loc), f'{prefix}: {raw} was read as {read_as}; quote it: "{raw}"')
            return
        if kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            self._error((*base, *loc), f"{prefix}: {value!r} is not allowed; use {expected}")
            return
        self._error((*base, *loc), f"{prefix}: {error['msg']}" if prefix else error["msg"])

    def _error(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        where = self.document.locate(path, key=key)
        self.problems.append(_problem(self.shown, where, message))


def _known_fields(base: tuple[str | int, ...], loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The field names allowed where an unknown field ``loc`` was written."""
    parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    if parent is not None:
        return tuple(_NESTED[parent].model_fields) if parent in _NESTED else ()
    if base[:1] == ("timeline",):
        return tuple(TimelineSettings.model_fields)
    return _PLAN_FIELDS if base[:1] == ("plan",) else _EVENT_FIELDS


def _field_path(base: tuple[str | int, ...], loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


# Writing -------------------------------------------------------------------------------------


def lock(folder: Path) -> FileLock:
    """The lock that serialises read-modify-write of the files in ``folder``."""
    # One instance per lock file in a process, so a holder can call a function that locks too.
    from filelock import FileLock

    return FileLock(str(folder / LOCK_NAME), is_singleton=True)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(directory: Path, name: str, data: bytes, mode: int) -> Path:
    # The temp file is hidden (leading dot) so a concurrent load never reads it as events.
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)


# The names _write_temp gives event files: ".<name>.yaml." + mkstemp's 8 characters + ".tmp".
_TEMP_RE = re.compile(r"\..+\.(?:yaml|yml)\.[a-z0-9_]{8}\.tmp")


def remove_stale_temps(directory: Path) -> list[Path]:
    """Delete temp files that writers killed mid-write left in ``directory``; call with
    ``lock`` held, when no other writer can be using one. Returns what it deleted."""
    removed = []
    for path in directory.iterdir():
        if _TEMP_RE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode; readers see old or new.

    A symlink is followed: its target is replaced and the link stays a link.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    temp = _write_temp(target.parent, target.name, payload, mode)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(target.parent)


def write_event(folder: Path, event: Event, *, header: str = "") -> Path:
    """Write ``event`` to a new file ``folder/<id>.yaml``; :class:`EventExists` if taken."""
    from timeline.emit import event_yaml

    path = folder / f"{event.id}.yaml"
    text = header + event_yaml(event, include_id=False)
    with lock(folder):
        try:
            create_exclusive(path, text)
        except FileExistsError:
            raise EventExists(f"{path} already exists; choose another id with --id") from None
    return path


def create_exclusive(path: Path, data: bytes | str) -> None:
    """Create ``path`` with ``data``, complete or not at all; ``FileExistsError`` if it exists."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = _write_temp(path.parent, path.name, payload, 0o666 & ~_current_umask())
    try:
        # link() fails if the name exists, so two writers can never both claim one id.
        os.link(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _fsync_dir(path.parent)
