"""Which files of a folder are event files, and how large a file may be read.

Light on purpose (no YAML reader, no pydantic): commands that answer from the parse cache
find and key the files with it before deciding whether anything must be parsed.
"""

from __future__ import annotations

import os
from pathlib import Path

from timeline.errors import EventsNotFound, InvalidSetting
from timeline.problems import Problem
from timeline.safefile import file_kind

__all__ = [
    "ACTORS_FILE",
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "find_files",
    "max_file_bytes",
    "read_bytes",
    "relative_names",
]

# Large enough for a 100,000-event archive in one list file; settable for bigger ones
# with the environment variable TIMELINE_MAX_FILE_BYTES (see max_file_bytes).
MAX_FILE_BYTES = 512 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")
# Who is who (timeline.actors), at the top of an events folder: not an event file.
ACTORS_FILE = "actors.yaml"


def find_files(root: Path) -> list[Path]:
    """The event files under ``root`` (a folder, searched recursively, or one file), sorted.

    Hidden files and folders are skipped: they hold temp files of writes in progress, the
    lock and caches, none of which are events; so is the folder's ``actors.yaml``, read by
    :mod:`timeline.actors`. Linked folders are not followed.
    """
    if root.is_file():
        return [root]
    if not root.is_dir():
        kind = _special_kind(root)
        if kind is not None:
            raise EventsNotFound(
                f"{root} is {kind}, not an events file or folder; pass the events folder with -e"
            )
        raise EventsNotFound(f"{root}: no such file or folder; pass the events folder with -e")
    found: list[tuple[str, Path]] = []
    _walk(root, "", found)
    return [path for _, path in sorted(found, key=lambda item: item[0])]


def _special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists but is neither a file nor a folder (a FIFO, a device,
    a socket); ``None`` when nothing is there."""
    try:
        return file_kind(os.stat(path))
    except OSError:
        return None


def _walk(folder: Path, prefix: str, found: list[tuple[str, Path]]) -> None:
    """Collect (relative name, path) of the event files under ``folder``.

    os.scandir, unlike Path.rglob, tells files from folders without a stat call per entry:
    ten times faster on a folder of 100,000 events.
    """
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except (PermissionError, NotADirectoryError, FileNotFoundError):
        return  # as rglob does: an unreadable or vanished subfolder holds no events
    for entry in listed:
        name = entry.name
        if name.startswith(".") or (not prefix and name == ACTORS_FILE):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(folder / name, f"{prefix}{name}/", found)
            elif name.lower().endswith(SUFFIXES) and entry.is_file():
                found.append((prefix + name, folder / name))
        except OSError:
            continue


def max_file_bytes() -> int:
    """The largest event file read: ``TIMELINE_MAX_FILE_BYTES``, else :data:`MAX_FILE_BYTES`.

    Checked before a file is read, so a huge file costs nothing; :class:`InvalidSetting`
    when the variable is not a whole number.
    """
    text = os.environ.get("TIMELINE_MAX_FILE_BYTES", "").strip()
    if not text:
        return MAX_FILE_BYTES
    try:
        return int(text)
    except ValueError:
        raise InvalidSetting(
            f"TIMELINE_MAX_FILE_BYTES={text!r} is not a number of bytes; "
            f"give one (e.g. {2 * MAX_FILE_BYTES}) or unset it for {MAX_FILE_BYTES:,}"
        ) from None


def relative_names(files: list[Path], base: Path) -> list[str]:
    """Each file's path in the folder, with "/" between its parts: the cache's name for it.
    Cut from the path's text when it starts with the folder's (as every path that
    find_files gives does), which costs a tenth of ``Path.relative_to`` per file."""
    prefix = os.path.join(str(base), "")
    start = len(prefix)
    names = []
    for path in files:
        text = str(path)
        if text.startswith(prefix):
            names.append(text[start:].replace(os.sep, "/"))
        else:
            names.append(path.relative_to(base).as_posix())
    return names


def read_bytes(
    path: Path, limit: int | None = None
) -> tuple[os.stat_result | None, bytes | Problem]:
    """The file's stat (taken before reading, for the cache key) and bytes, or the problem;
    ``limit`` is :func:`max_file_bytes`, when the caller has it already."""
    shown = str(path)
    limit = max_file_bytes() if limit is None else limit
    try:
        # os.open, fstat and read: half the cost of Path.stat and Path.read_bytes, which
        # on 10,000 files is a tenth of a rebuild's load.
        fd = os.open(shown, _READ_FLAGS)
        try:
            stat = os.fstat(fd)
            if stat.st_size > limit:
                return None, Problem(shown, 1, 1, "error", _too_big(stat.st_size, limit))
            first = os.read(fd, stat.st_size + 1)
            if len(first) == stat.st_size:
                # Exactly the size fstat gave: the whole file, without a read more to find
                # its end (a quarter of the cost of reading 10,000 small files).
                return stat, first
            # Fewer bytes (a short read) or more (it grew since fstat): on to the end, as
            # Path.read_bytes reads.
            chunks = [first]
            while chunk := os.read(fd, 1 << 20) if first else b"":
                chunks.append(chunk)
            return stat, first if len(chunks) == 1 else b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        return None, Problem(shown, 1, 1, "error", f"cannot read: {exc.strerror}")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _too_big(size: int, limit: int) -> str:
    return (
        f"file is {size:,} bytes, over the {limit:,}-byte limit; "
        "split it or raise TIMELINE_MAX_FILE_BYTES"
    )
