"""Writing files safely: whole or not at all, never two writers at once.

Every file the tool writes (event files, list files it appends to, outputs, the JSON Schema,
the parse cache) goes through :func:`atomic_write` or :func:`create_exclusive`: the bytes go
to a temp file in the same folder, are flushed and synced to disk, and only then take the
file's name, so a reader sees the old file or the new one, and a crash or a full disk leaves
the old one as it was. Read-modify-write of the event files of a folder happens under
:func:`lock`.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat as stat_module
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

# filelock is imported when a lock is first taken: commands that write nothing start faster.
if TYPE_CHECKING:
    from filelock import FileLock

__all__ = [
    "LOCK_NAME",
    "atomic_write",
    "create_exclusive",
    "lock",
    "remove_stale_temps",
]

LOCK_NAME = ".timeline.lock"

# The names temp files of event files get: ".<name>.yaml." + mkstemp's 8 characters + ".tmp".
_TEMP_RE = re.compile(r"\..+\.(?:yaml|yml)\.[a-z0-9_]{8}\.tmp")


def lock(folder: Path) -> FileLock:
    """The lock that serialises read-modify-write of the files in ``folder``."""
    # One instance per lock file in a process, so a holder can call a function that locks too.
    from filelock import FileLock

    return FileLock(str(folder / LOCK_NAME), is_singleton=True)


def atomic_write(
    path: Path, data: bytes | str, *, follow_symlinks: bool = True, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode; readers see old or new.

    With ``follow_symlinks`` (files the user names), a symlink's target is replaced and the
    link stays a link. Without it (the tool's own files), a symlink at ``path`` is itself
    replaced by the file: nothing is ever written where it points. ``durable`` syncs the
    file and its folder to disk, so that after a crash the file is the old or the new one;
    a file that can be made again and whose damage is detected (the parse cache) skips it.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path)) if follow_symlinks else path
    try:
        stat = os.stat(target, follow_symlinks=follow_symlinks)
        # A link that is replaced gives no mode to keep.
        keep = follow_symlinks or not stat_module.S_ISLNK(stat.st_mode)
        mode = stat.st_mode & 0o7777 if keep else 0o666 & ~_current_umask()
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    temp = _write_temp(target.parent, target.name, payload, mode, durable=durable)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _fsync_dir(target.parent)


def create_exclusive(path: Path, data: bytes | str) -> None:
    """Create ``path`` with ``data``, complete or not at all; ``FileExistsError`` if it exists
    (a dangling symlink counts as existing, so nothing is created through it)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = _write_temp(path.parent, path.name, payload, 0o666 & ~_current_umask())
    try:
        # link() fails if the name exists, so two writers can never both claim one name.
        os.link(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _fsync_dir(path.parent)


def remove_stale_temps(directory: Path) -> list[Path]:
    """Delete temp files of event files that writers killed mid-write left in ``directory``;
    call with :func:`lock` held, when no other writer can be using one. Returns what it
    deleted."""
    removed = []
    for path in directory.iterdir():
        if _TEMP_RE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(
    directory: Path, name: str, data: bytes, mode: int, *, durable: bool = True
) -> Path:
    # mkstemp creates a new file (O_EXCL: never through a symlink). The name is hidden
    # (leading dot) so a concurrent load never reads it as events.
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)


def _fsync_dir(directory: Path) -> None:
    # The rename is durable once the folder's entry is on disk too.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
