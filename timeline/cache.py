"""Parsed event files kept between runs, so that a rebuild parses again only what changed.

The cache is the hidden folder ``.timeline-cache`` in the events folder: never read as events,
ignored by git (it holds its own ``.gitignore``), and safe to delete at any time. Its file
``parsed.json`` keeps, for each event file (by its path in the folder), the file's size,
modification time and SHA-256, and the records read from it. An entry is used only when all
of them match the file as read now, so an edit is seen even when it keeps the size and the
modification time, and a deleted file's entry is dropped.

Records come back through the same pydantic models that checked them when they were parsed:
a damaged or hand-edited cache cannot bring in a record that the event files could not. A
cache that cannot be read is ignored and written again. Writes replace the file atomically,
so processes that load the same folder at once each see a whole cache, old or new.

Only files read without problems are kept (a file with an error is parsed again each time,
so its messages stay exact), and only for folders of :data:`MIN_BYTES` or more: smaller
ones parse in milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import VERSION as pydantic_version
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from timeline.model import Event, Origin, Plan

__all__ = ["CACHE_DIR", "MIN_BYTES", "FileKey", "ParseCache", "Parsed", "file_key"]

CACHE_DIR = ".timeline-cache"
CACHE_FILE = "parsed.json"
# Below this many bytes of event files, parsing takes a few milliseconds: no cache is kept.
MIN_BYTES = 32 * 1024
FORMAT = 1
# The modules whose code decides what a file's records are: a change to any of them (an
# upgrade, or an edit to an editable install) makes every cached entry stale.
_PARSING_MODULES = ("cache", "dates", "model", "store", "yamltext")
# Marks the folder as a cache for backup tools (https://bford.info/cachedir/).
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache of parsed event files made by negotiation-timeline.\n"
    "# It is safe to delete.\n"
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


# Line, column, and the (name, line, column) of each field, as in Origin.
_Where = tuple[int, int, tuple[tuple[str, int, int], ...]]


class _Entry(BaseModel):
    """The records of one file as the cache keeps them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    events: list[Event] = []
    plans: list[Plan] = []
    where: list[_Where]


# Built on first use: a command that finds nothing cached does not pay for it.
_ENTRIES = TypeAdapter(list[_Entry], config=ConfigDict(defer_build=True))


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {pydantic_version}".encode())
    # PyYAML without importing it (a load from the cache does not need it): where it is
    # installed and when, which an upgrade changes.
    spec = importlib.util.find_spec("yaml")
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


class ParseCache:
    """The cached records of the event files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CACHE_DIR / CACHE_FILE
        self.code = _fingerprint()
        # name -> (key, the entry's JSON bytes as read or as made)
        self._entries: dict[str, tuple[FileKey, bytes]] = {}
        self._changed = False
        self._read()

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        try:
            header, index_line, blob = data.split(b"\n", 2)
            if json.loads(header) != {"format": FORMAT, "code": self.code}:
                self._changed = True
                return
            index = json.loads(index_line)
            entries = {}
            for name, (size, mtime_ns, sha256, start, end) in index.items():
                key = FileKey(int(size), int(mtime_ns), str(sha256))
                entries[str(name)] = (key, blob[int(start) : int(end)])
        except (ValueError, TypeError, AttributeError):
            # Damaged (a crash while writing on a filesystem that allows it, or an edit):
            # start again; the next save replaces it.
            self._changed = True
            return
        self._entries = entries

    def lookup(self, wanted: dict[str, tuple[FileKey, str]]) -> dict[str, Parsed]:
        """The cached records of each file in ``wanted`` (name -> (key, path shown in
        messages)) whose key matches, with their origins set to the shown path."""
        names = [
            name
            for name, (key, _) in wanted.items()
            if name in self._entries and self._entries[name][0] == key
        ]
        if not names:
            return {}
        payload = b"[" + b",".join(self._entries[name][1] for name in names) + b"]"
        try:
            entries = _ENTRIES.validate_json(payload)
        except ValidationError:
            # A damaged cache: everything is parsed again, and the cache rewritten.
            self._entries.clear()
            self._changed = True
            return {}
        found = {}
        for name, entry in zip(names, entries, strict=True):
            records: list[Event | Plan] = [*entry.events, *entry.plans]
            if len(entry.where) != len(records):
                self._entries.pop(name)
                self._changed = True
                continue
            shown = wanted[name][1]
            for record, (line, column, fields) in zip(records, entry.where, strict=True):
                record._origin = Origin(shown, line, column, fields)
            found[name] = Parsed(entry.events, entry.plans)
        return found

    def store(self, name: str, key: FileKey, parsed: Parsed) -> None:
        """Keep the records read from file ``name`` at version ``key``."""
        where = []
        records: list[Event | Plan] = [*parsed.events, *parsed.plans]
        for record in records:
            origin = record.origin
            if origin is None:
                return
            where.append((origin.line, origin.column, origin.fields))
        entry = _Entry(events=parsed.events, plans=parsed.plans, where=where)
        try:
            payload = entry.model_dump_json(exclude_defaults=True).encode()
        except ValueError:
            # Text JSON cannot hold (a lone surrogate, say): that file is just not cached.
            self.forget(name)
            return
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
        header = json.dumps({"format": FORMAT, "code": self.code}).encode()
        index_line = json.dumps(index, separators=(",", ":")).encode()
        data = b"".join([header, b"\n", index_line, b"\n", *parts])
        with contextlib.suppress(OSError):
            _replace(self.path, data)
            self._changed = False


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` through a temp file and a rename: readers see the old or the new file.

    No fsync: a cache lost in a crash is only rebuilt, and a damaged one is detected.
    """
    folder = path.parent
    if not folder.is_dir():
        folder.mkdir()
        (folder / ".gitignore").write_text("# Made by negotiation-timeline; safe to delete.\n*\n")
        (folder / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG)
    fd, temp = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
