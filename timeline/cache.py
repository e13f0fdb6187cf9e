"""Parsed event files kept between runs, so that a rebuild parses again only what changed.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/negotiation-timeline``,
``~/.cache/negotiation-timeline`` by default, as :mod:`platformdirs` says), never in the
events folder: reading events writes nothing next to them. Each events folder has one file
there, ``parsed/<SHA-256 of the folder's real path>.json``, safe to delete at any time. It
keeps, for each event file (by its path in the folder), the file's size, modification time
and SHA-256, and the records read from it, as the models' JSON dump
(``model_dump(mode="json", exclude_none=True)``) with where each field was written. An entry
is used only when all of them match the file as read now, so an edit is seen even when it
keeps the size and the modification time, and a deleted file's entry is dropped.

Records come back in two forms. For commands that only read them (``list``, ``validate``),
as plain read-only records (:mod:`timeline.records`), without loading pydantic or the YAML
reader at all; for the others (``build``), as models made from the JSON dump without
pydantic checking them again (a third of the cost). Neither form is checked again, which is
sound because a cache entry is only ever what this code wrote: it is written only from
records the models have just checked; the file carries the SHA-256 of its contents, so a
cache damaged or edited by hand does not check out and is not read at all (every file is
parsed and checked again, and the cache rewritten); and it carries the fingerprint of the
code that wrote it (the models, the parser, the installed PyYAML and pydantic), so any
change to what the models accept or how they convert makes every entry stale.
No key is needed: only the user (who can edit the event files anyway) can write their own
cache folder, and no cache travels with a folder of events. Where no cache folder can be
made, no cache is used.

Writes replace the file atomically (:mod:`timeline.safefile`), so processes that load the
same folder at once each see a whole cache, old or new; the cache file is never written or
read through a symlink. Only files read without problems are kept (a file with an error is
parsed again each time, so its messages stay exact). Folders of every size are cached: a
handful of files parses in milliseconds, but answering ``list`` and ``validate`` from plain
records spares importing pydantic and the models (about 95 ms), which is most of the time a
small folder costs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir

from timeline.files import find_files, max_file_bytes, read_bytes, relative_names
from timeline.records import Origin, PlainEvent, PlainPlan, PlainTimeline
from timeline.safefile import atomic_write

# pydantic and the models are imported only to make models: commands that read plain
# records from the cache start without them.
if TYPE_CHECKING:
    from pydantic import BaseModel

    from timeline.model import Event, Plan

__all__ = [
    "APP_NAME",
    "MIN_BYTES",
    "FileKey",
    "ParseCache",
    "Parsed",
    "cache_path",
    "digest",
    "entry_models",
    "entry_payload",
    "file_key",
    "load_plain",
]

APP_NAME = "negotiation-timeline"
# Folders with fewer bytes of event files than this keep no cache. 0: every folder is cached,
# since for a small folder the imports that parsing needs cost far more than the parsing.
MIN_BYTES = 0
FORMAT = 3
# The modules whose code decides what a file's records are: a change to any of them (an
# upgrade, or an edit to an editable install) makes every cached entry stale.
_PARSING_MODULES = (
    "cache",
    "dates",
    "messages",
    "model",
    "parsing",
    "records",
    "vocabulary",
    "yaml_read",
)


@dataclass(frozen=True, slots=True)
class FileKey:
    """What identifies one version of a file: size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str


def file_key(stat: os.stat_result, content: bytes) -> FileKey:
    """The key of a file from its ``stat`` (taken before reading) and the bytes read."""
    return FileKey(stat.st_size, stat.st_mtime_ns, hashlib.sha256(content).hexdigest())


@dataclass
class Parsed:
    """The records read from one file, each with where it was written."""

    events: list[Event]
    plans: list[Plan]


# An entry as JSON: {"events": [dump, ...], "plans": [dump, ...], "where": [[line, column,
# [[field, line, column], ...]], ...]}, one "where" per record, events first.
_Entry = dict[str, Any]


def cache_path(folder: Path) -> Path:
    """The cache file of the events folder ``folder``: one per folder, named by a hash of
    its real path, so two checkouts (or a folder reached by two paths) never mix."""
    real = os.path.realpath(folder)
    name = hashlib.sha256(os.fsencode(real)).hexdigest()
    return Path(user_cache_dir(APP_NAME)) / "parsed" / f"{name}.json"


def _fingerprint() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    # The libraries that read and check the files, without importing them (a load from the
    # cache needs neither): where each is installed and when, which an upgrade changes.
    for library in ("yaml", "pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin is not None:
            with contextlib.suppress(OSError):
                stat = os.stat(spec.origin)
                digest.update(f"{spec.origin} {stat.st_size} {stat.st_mtime_ns}".encode())
    package = Path(__file__).parent
    for name in _PARSING_MODULES:
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            # Installed without sources (a zip, a frozen build): the version tells instead.
            from importlib.metadata import version

            digest.update(version("negotiation-timeline").encode())
    return digest.hexdigest()


def digest(code: str, index_line: bytes, blob: bytes) -> str:
    """The SHA-256 a cache file made by code ``code`` carries, of its index and records."""
    hashed = hashlib.sha256(code.encode())
    hashed.update(b"\n" + index_line + b"\n")
    hashed.update(blob)
    return hashed.hexdigest()


def entry_payload(events: Sequence[Event], plans: Sequence[Plan]) -> bytes | None:
    """The cache entry of a file's records, as JSON bytes; None when a record does not know
    where it was written (it was not read from a file)."""
    where = []
    records: list[Event | Plan] = [*events, *plans]
    for record in records:
        origin = record.origin
        if origin is None:
            return None
        where.append((origin.line, origin.column, origin.fields))
    # pydantic's own JSON (the data of model_dump(mode="json")) costs a third of dumping
    # the data in Python; the models refuse text that UTF-8 cannot hold.
    dumped = ",".join(e.model_dump_json(exclude_none=True) for e in events)
    plans_dumped = ",".join(p.model_dump_json(exclude_none=True) for p in plans)
    located = json.dumps(where, separators=(",", ":"))
    return f'{{"events":[{dumped}],"plans":[{plans_dumped}],"where":{located}}}'.encode()


class ParseCache:
    """The cached records of the event files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = cache_path(folder)
        self.code = _fingerprint()
        # name -> (key, the entry's JSON bytes as read or as made)
        self._entries: dict[str, tuple[FileKey, bytes]] = {}
        self._changed = False
        self._read()

    def _read(self) -> None:
        data = _read_own(self.path)
        if data is None:
            return
        try:
            header, index_line, blob = data.split(b"\n", 2)
            fields = json.loads(header)
            checksum = digest(self.code, index_line, blob)
            if fields != {"format": FORMAT, "code": self.code, "sha256": checksum}:
                # Another version of the code, or contents that do not check out (damage,
                # an edit by hand): none of it is used.
                self._changed = True
                return
            index = json.loads(index_line)
            entries = {}
            for name, (size, mtime_ns, sha256, start, end) in index.items():
                file = FileKey(int(size), int(mtime_ns), str(sha256))
                entries[str(name)] = (file, blob[int(start) : int(end)])
        except (ValueError, TypeError, AttributeError):
            self._changed = True
            return
        self._entries = entries

    def _matching(self, wanted: dict[str, tuple[FileKey, str]]) -> dict[str, _Entry]:
        """The decoded entries of the files in ``wanted`` whose key matches."""
        names = [
            name
            for name, (file, _) in wanted.items()
            if name in self._entries and self._entries[name][0] == file
        ]
        if not names:
            return {}
        payload = b"[" + b",".join(self._entries[name][1] for name in names) + b"]"
        try:
            entries = json.loads(payload)
        except ValueError:
            return {}
        if not isinstance(entries, list) or len(entries) != len(names):
            return {}
        found = {}
        for name, entry in zip(names, entries, strict=True):
            if not isinstance(entry, dict) or not isinstance(entry.get("where"), list):
                continue
            count = len(entry.get("events", ())) + len(entry.get("plans", ()))
            if len(entry["where"]) == count:
                found[name] = entry
        return found

    def lookup(self, wanted: dict[str, tuple[FileKey, str]]) -> dict[str, Parsed]:
        """The cached records of each file in ``wanted`` (name -> (key, path shown in
        messages)) whose key matches, as models with their origins set to the shown path."""
        found = {}
        for name, entry in self._matching(wanted).items():
            try:
                found[name] = _models(entry, wanted[name][1])
            except (KeyError, TypeError, ValueError, AttributeError):
                # Signed, but not the shape the models have (it cannot come from this
                # code): that file is parsed again.
                self.forget(name)
        return found

    def lookup_plain(
        self, wanted: dict[str, tuple[FileKey, str]]
    ) -> dict[str, tuple[list[PlainEvent], list[PlainPlan]]]:
        """As :meth:`lookup`, but as plain read-only records (no pydantic)."""
        found = {}
        for name, entry in self._matching(wanted).items():
            with contextlib.suppress(KeyError, TypeError, ValueError):
                found[name] = _plain(entry, wanted[name][1])
        return found

    def store(self, name: str, key: FileKey, parsed: Parsed) -> None:
        """Keep the records read from file ``name`` at version ``key``."""
        payload = entry_payload(parsed.events, parsed.plans)
        if payload is not None:
            self.keep(name, key, payload)

    def keep(self, name: str, key: FileKey, payload: bytes) -> None:
        """Keep the entry ``payload`` (from :func:`entry_payload`) for file ``name`` at
        version ``key``."""
        self._entries[name] = (key, payload)
        self._changed = True

    def forget(self, name: str) -> None:
        """Drop the entry of file ``name`` (changed, unreadable or with problems)."""
        if self._entries.pop(name, None) is not None:
            self._changed = True

    def keep_only(self, names: set[str]) -> None:
        """Drop the entries of files that are gone."""
        for name in [name for name in self._entries if name not in names]:
            self.forget(name)

    def save(self) -> None:
        """Write the cache if anything changed; a folder that cannot be written is no error."""
        if not self._changed:
            return
        index = {}
        parts = []
        offset = 0
        for name, (key, payload) in sorted(self._entries.items()):
            index[name] = [key.size, key.mtime_ns, key.sha256, offset, offset + len(payload)]
            parts.append(payload)
            offset += len(payload)
        index_line = json.dumps(index, separators=(",", ":")).encode()
        blob = b"".join(parts)
        checksum = digest(self.code, index_line, blob)
        header = json.dumps({"format": FORMAT, "code": self.code, "sha256": checksum}).encode()
        data = b"".join([header, b"\n", index_line, b"\n", blob])
        with contextlib.suppress(OSError):
            if _own_folder(self.path.parent):
                # Not synced to disk: a cache lost in a crash is made again, and one
                # damaged is detected by its checksum.
                atomic_write(self.path, data, follow_symlinks=False, durable=False)
                self._changed = False


def _origins(entry: _Entry, shown: str) -> list[Origin]:
    # Converted, not taken as written: an entry that checks out but that this code did not
    # write (another version's) must fail here, and its file be parsed again.
    return [
        Origin(
            shown,
            int(line),
            int(column),
            tuple((str(name), int(at_line), int(at_column)) for name, at_line, at_column in fields),
        )
        for line, column, fields in entry["where"]
    ]


def _plain(entry: _Entry, shown: str) -> tuple[list[PlainEvent], list[PlainPlan]]:
    origins = iter(_origins(entry, shown))
    events = [PlainEvent(data, next(origins)) for data in entry.get("events", ())]
    plans = [PlainPlan(data, next(origins)) for data in entry.get("plans", ())]
    return events, plans


def entry_models(payload: bytes, shown: str) -> Parsed:
    """The models of an entry that this code has just made (:func:`entry_payload`), with
    their origins in file ``shown``: how records parsed in a worker process come back to
    the one that forked it, a third cheaper than unpickling the models."""
    return _models(json.loads(payload), shown)


def _models(entry: _Entry, shown: str) -> Parsed:
    """Models from an entry, made without checking them again (see :class:`_Maker`)."""
    makers = _makers()
    origins = iter(_origins(entry, shown))
    events = [makers.event(data, next(origins)) for data in entry.get("events", ())]
    plans = [makers.plan(data, next(origins)) for data in entry.get("plans", ())]
    return Parsed(events, plans)


class _Maker:
    """Makes models of one class from their own JSON dump, without pydantic's checks.

    Only for the parse cache, where this is sound: an entry is written only by this code,
    from records the models have just checked; it is read only when the cache file's
    SHA-256 checks out (no damage, no edit by hand) and when it was written by the same code
    (the fingerprint covers the models, the parser and the installed pydantic), so the dump
    holds exactly what the models accept and convert back to the same values. The fields go
    into the model in its own order, with its defaults; dates and nested records are made as
    the validators make them. A key the model lacks, or a required field missing, is a
    ValueError or KeyError: that file is parsed again. About a third of what
    ``model_validate`` costs, which was 40% of a load from the cache.
    """

    __slots__ = (
        "_convert",
        "_factories",
        "_model",
        "_private",
        "_required",
        "_setters",
        "_template",
    )

    def __init__(self, model: type[BaseModel], convert: dict[str, Callable[[Any], Any]]) -> None:
        from pydantic_core import PydanticUndefined

        fields = model.model_fields
        self._model = model
        self._private = bool(model.__private_attributes__)
        # Every field in the model's order, with its default (None where it is made by a
        # factory or required): merging the data into it keeps that order.
        self._template = {
            name: None if info.default is PydanticUndefined else info.default
            for name, info in fields.items()
        }
        self._required = frozenset(name for name, info in fields.items() if info.is_required())
        self._factories = [
            (name, info.default_factory)
            for name, info in fields.items()
            if info.default_factory is not None
        ]
        self._convert = list(convert.items())
        self._setters = tuple(map(_slot_setter, _SLOTS))

    def __call__(self, data: dict[str, Any], origin: Origin | None = None) -> Any:
        keys = data.keys()
        if not keys <= self._template.keys():
            raise ValueError("a field the model does not have")
        if not self._required <= keys:
            raise KeyError("a required field")
        values = self._template.copy()
        values.update(data)
        for name, factory in self._factories:
            if name not in data:
                values[name] = factory()  # type: ignore[call-arg]
        for name, convert in self._convert:
            if name in data:
                values[name] = convert(values[name])
        record = _new(self._model)
        set_dict, set_fields, set_extra, set_private = self._setters
        set_dict(record, values)
        set_fields(record, set(keys))
        set_extra(record, None)
        set_private(record, {"_origin": origin} if self._private else None)
        return record


_new = object.__new__
# What a pydantic model holds, each set by its own slot's setter.
_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """The setter of a slot of pydantic's BaseModel: straight into the slot, without
    BaseModel.__setattr__ (which refuses a frozen model) or object.__setattr__'s lookup."""
    from pydantic import BaseModel

    setter: Callable[[Any, Any], None] = vars(BaseModel)[name].__set__
    return setter


@dataclass(frozen=True)
class _Makers:
    event: _Maker
    plan: _Maker


@functools.cache
def _makers() -> _Makers:
    from timeline.model import Claim, Event, Place, Plan, Source, Stage, date_value

    date = date_value
    source = _Maker(Source, {"published": date})
    claim = _Maker(Claim, {})
    stage = _Maker(Stage, {})
    place = _Maker(Place, {})
    sources = functools.partial(_each, source)
    return _Makers(
        event=_Maker(
            Event,
            {
                "date": date,
                "end": date,
                "sources": sources,
                "claims": functools.partial(_each, claim),
                "place": place,
            },
        ),
        plan=_Maker(
            Plan,
            {"announced": date, "stages": functools.partial(_each, stage), "sources": sources},
        ),
    )


def _each(maker: _Maker, items: list[dict[str, Any]]) -> list[Any]:
    return [maker(item) for item in items]


def load_plain(root: Path) -> PlainTimeline | None:
    """The records under ``root`` as plain read-only records, from the parse cache alone:
    when every event file is in it, unchanged, and the cache checks out. None otherwise
    (the caller then loads the files; the message of any problem is theirs to give).
    """
    files = find_files(root)
    base = root if root.is_dir() else root.parent
    limit = max_file_bytes()
    wanted: dict[str, tuple[FileKey, str]] = {}
    total = 0
    for name, path in zip(relative_names(files, base), files, strict=True):
        stat, raw = read_bytes(path, limit)
        if stat is None or not isinstance(raw, bytes):
            return None
        total += len(raw)
        wanted[name] = (file_key(stat, raw), str(path))
    if total < MIN_BYTES:
        return None
    cache = ParseCache(base)
    found = cache.lookup_plain(wanted)
    if len(found) != len(wanted):
        return None
    timeline = PlainTimeline()
    for name in wanted:
        events, plans = found[name]
        timeline.events.extend(events)
        timeline.plans.extend(plans)
    return timeline


def _own_folder(folder: Path) -> bool:
    """Make the cache's folder (readable by the user only) if it is not there; whether it
    is a real folder, not a symlink to somewhere else."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return stat.S_ISDIR(os.lstat(folder).st_mode)


def _read_own(path: Path) -> bytes | None:
    """The cache file's bytes; None when it is missing, unreadable, a symlink or not a
    regular file."""
    # O_NONBLOCK: opening a FIFO put at the cache's name would otherwise wait for a writer.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read()
    except OSError:
        return None
