"""Writing files safely: whole or not at all, never two writers at once.

Every file the tool writes (event files, list files it appends to, outputs, the JSON Schema,
the parse cache) goes through :func:`atomic_write` or :func:`create_exclusive`: the bytes go
to a temp file in the same folder, are flushed and synced to disk, and only then take the
file's name, so a reader sees the old file or the new one, and a crash or a full disk leaves
the old one as it was. Read-modify-write of the event files of a folder happens under
:func:`lock`.

A file the user names is replaced only when it is a regular file (or a symlink to one, whose
target is replaced and the link kept): a device, a FIFO, a socket or a folder at that name,
or a symlink to one, is refused before anything is written (:func:`check_output`), because
replacing it would destroy it (``/dev/null``) or leave its reader waiting (a FIFO). Temp
files are created with ``O_EXCL`` and ``O_NOFOLLOW`` (:func:`tempfile.mkstemp`), and the
lock file is used only when it is a plain file with no other links: nothing the tool writes
for itself goes where a symlink points.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat as stat_module
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.errors import CannotWrite

# filelock is imported when a lock is first taken: commands that write nothing start faster.
if TYPE_CHECKING:
    from filelock import FileLock

__all__ = [
    "LOCK_NAME",
    "NotAFile",
    "atomic_write",
    "check_folder",
    "check_output",
    "create_exclusive",
    "file_kind",
    "lock",
    "remove_stale_temps",
]

LOCK_NAME = ".timeline.lock"

# The names temp files of event files get: ".<name>.yaml." + mkstemp's 8 characters + ".tmp".
_TEMP_RE = re.compile(r"\..+\.(?:yaml|yml)\.[a-z0-9_]{8}\.tmp")


class NotAFile(CannotWrite):
    """A path the tool would write is not a regular file (or a folder on the way is not a
    folder). Not an :class:`OSError` on purpose: callers that word a disk's refusal let it
    through with its own message, which names the path and what it is."""


def lock(folder: Path) -> FileLock:
    """The lock that serialises read-modify-write of the files in ``folder``.

    :class:`NotAFile` when the lock file is there but is not a plain file of its own (a
    symlink, a hard link, a FIFO...): opening it could create or truncate a file elsewhere.
    """
    # One instance per lock file in a process, so a holder can call a function that locks too.
    from filelock import FileLock

    path = folder / LOCK_NAME
    try:
        stat = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat_module.S_ISREG(stat.st_mode) or stat.st_nlink > 1:
            kind = file_kind(stat) if not stat_module.S_ISREG(stat.st_mode) else "a hard link"
            raise NotAFile(
                f"{path} is {kind}, not the tool's own lock file; nothing was written: "
                f"remove it (rm {path}) and run again"
            )
    return FileLock(str(path), is_singleton=True)


def _existing(path: Path) -> os.stat_result | None:
    """What ``path`` is (links followed), or ``None`` when nothing is there yet and every
    existing path above it is a folder; :class:`NotAFile` names a file standing in the way."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        _check_parents(path)
        return None
    except NotADirectoryError:
        _check_parents(path)
        raise


def check_output(path: Path) -> None:
    """:class:`NotAFile` unless writing ``path`` would create or replace a regular file.

    Refused: a folder, a character or block device, a FIFO, a socket, a symlink to any of
    these, and a path whose parent (or a folder above it) is a file. A symlink to a regular
    file, or one that points nowhere, is followed: its target is written.
    """
    stat = _existing(path)
    if stat is None or stat_module.S_ISREG(stat.st_mode):
        return
    kind = file_kind(stat)
    if os.path.islink(path):
        kind = f"a symlink to {kind} ({os.path.realpath(path)})"
    raise NotAFile(f"{path} is {kind}, not a regular file; nothing was written to it")


def check_folder(path: Path) -> None:
    """:class:`NotAFile` unless ``path`` is a folder, or is missing and can be made: every
    existing path above it a folder. The message says what stands there instead."""
    stat = _existing(path)
    if stat is not None and not stat_module.S_ISDIR(stat.st_mode):
        raise NotAFile(f"{path} is {file_kind(stat)}, not a folder")


def _check_parents(path: Path) -> None:
    # The nearest existing folder above: a file there would give "File exists" or "Not a
    # directory", which name neither the file nor the fix.
    for parent in path.parents:
        if os.path.lexists(parent):
            if not parent.is_dir():
                raise NotAFile(f"cannot write {path}: {parent} is a file, not a folder")
            return


def file_kind(stat: os.stat_result) -> str:
    """What a path is, as a message names it: "a file", "a FIFO (named pipe)", "a character
    device", ..."""
    mode = stat.st_mode
    for test, kind in (
        (stat_module.S_ISREG, "a file"),
        (stat_module.S_ISDIR, "a folder"),
        (stat_module.S_ISCHR, "a character device"),
        (stat_module.S_ISBLK, "a block device"),
        (stat_module.S_ISFIFO, "a FIFO (named pipe)"),
        (stat_module.S_ISSOCK, "a socket"),
        (stat_module.S_ISLNK, "a symlink"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def atomic_write(
    path: Path, data: bytes | str, *, follow_symlinks: bool = True, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode; readers see old or new.

    With ``follow_symlinks`` (files the user names), a symlink's target is replaced and the
    link stays a link. Without it (the tool's own files), a symlink at ``path`` is itself
    replaced by the file: nothing is ever written where it points. ``durable`` syncs the
    file and its folder to disk, so that after a crash the file is the old or the new one;
    a file that can be made again and whose damage is detected (the parse cache) skips it.
    With ``follow_symlinks``, :class:`NotAFile` (before anything is written) when ``path``
    is not a regular file (:func:`check_output`).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if follow_symlinks:
        check_output(path)  # before the temp file: a refused write leaves nothing behind
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
        if follow_symlinks:
            check_output(target)  # again: a FIFO may have taken the name while we wrote
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
