"""Writes reach the disk before they count: the README's rule is "written to a hidden temp file
in the same folder, flushed and fsynced, and then ``os.replace``d" (or, for a new event file,
linked into place), and the folder that now names the file is synced after, so the rename
itself survives a power cut.

How this is checked, and why it is honest: ``os.fsync`` (and ``os.fdatasync``, as good for a
file's data), ``os.replace`` and ``os.link`` are wrapped by spies that record each call and
then make the real call, so nothing about the write changes. For each fsync the spy asks the
kernel what the descriptor is (``/proc/self/fd`` and ``fstat``), not the code under test, and
reads the file's bytes at that moment. The tests then check the order: the temp file, holding
every byte of the new content, is synced before it takes the file's place, and the folder
after. What no test here can show is that the disk honours fsync; that is the kernel's and
the drive's part. The write path is entered only through ``add_event``, the library call
behind ``timeline add``, so the tests hold wherever the write helpers live.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from timeline.add import EventInput, add_event

TODAY = dt.date(2025, 3, 20)
TALKS = EventInput(
    title="Talks resume", date="2025-03-24", type="talks", actors=("A", "B"), outlet="Reuters"
)
LIST = "# Riyadh round\nevents:\n  - id: opening\n    title: Opening\n    date: 2025-03-23\n    type: talks\n    actors: [A]\n    sources: [{outlet: X}]\n"

Call = tuple[Any, ...]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """The file-system calls a write makes, in order, each made for real after it is noted."""
    recorded: list[Call] = []
    real = {name: getattr(os, name) for name in ("fsync", "fdatasync", "replace", "link")}
    # The parse cache's own atomic writes, in the user's cache folder, are not the event's.
    cache = os.environ["XDG_CACHE_HOME"] + os.sep

    def synced(name: str) -> Any:
        def spy(fd: int) -> None:
            where = os.readlink(f"/proc/self/fd/{fd}")
            if where.startswith(cache):
                real[name](fd)
                return
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                recorded.append(("sync folder", where))
            else:
                recorded.append(("sync file", where, Path(where).read_bytes()))
            real[name](fd)

        return spy

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        if not os.fspath(target).startswith(cache):
            recorded.append(("replace", os.fspath(source), os.fspath(target)))
        real["replace"](source, target, **kwargs)

    def link(source: Any, target: Any, **kwargs: Any) -> None:
        recorded.append(("link", os.fspath(source), os.fspath(target)))
        real["link"](source, target, **kwargs)

    monkeypatch.setattr(os, "fsync", synced("fsync"))
    monkeypatch.setattr(os, "fdatasync", synced("fdatasync"))
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    return recorded


def is_temp_for(path: str, target: Path) -> bool:
    """A hidden file in the target's own folder (a rename across folders is not atomic)."""
    name = os.path.basename(path)
    return os.path.dirname(path) == str(target.parent) and name.startswith(f".{target.name}.")


def test_appending_syncs_the_temp_file_then_replaces_then_syncs_the_folder(
    tmp_path: Path, calls: list[Call]
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    target = folder / "riyadh.yaml"
    target.write_text(LIST, encoding="utf-8")
    added = add_event(folder, TALKS, to=target, today=TODAY)
    assert added.appended
    final = target.read_bytes()
    assert final.startswith(LIST.encode()) and b"title: Talks resume" in final

    [sync_file, replace, sync_folder] = calls
    assert sync_file[0] == "sync file" and is_temp_for(sync_file[1], target)
    # Every byte of the new file was on its way to the disk before the rename.
    assert sync_file[2] == final
    assert replace == ("replace", sync_file[1], str(target))
    assert sync_folder == ("sync folder", str(folder))


def test_a_new_event_file_syncs_the_temp_file_then_links_then_syncs_the_folder(
    tmp_path: Path, calls: list[Call]
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    added = add_event(folder, TALKS, today=TODAY)
    target = folder / "2025-03-24-talks-resume.yaml"
    assert added.path == target and not added.appended

    [sync_file, link, sync_folder] = calls
    assert sync_file[0] == "sync file" and is_temp_for(sync_file[1], target)
    assert sync_file[2] == target.read_bytes()
    assert sync_file[2].startswith(b"title: Talks resume\ndate: '2025-03-24'\n")
    assert link == ("link", sync_file[1], str(target))
    assert sync_folder == ("sync folder", str(folder))


def test_through_a_symbolic_link_the_targets_folder_is_synced(
    tmp_path: Path, calls: list[Call]
) -> None:
    # The link is followed: the file it names is replaced, so its folder is the one to sync.
    folder = tmp_path / "events"
    folder.mkdir()
    elsewhere = tmp_path / "kept"
    elsewhere.mkdir()
    (elsewhere / "2025.yaml").write_text(LIST, encoding="utf-8")
    (folder / "current.yaml").symlink_to(elsewhere / "2025.yaml")
    add_event(folder, TALKS, to=folder / "current.yaml", today=TODAY)

    [sync_file, replace, sync_folder] = calls
    assert is_temp_for(sync_file[1], elsewhere / "2025.yaml")
    assert replace == ("replace", sync_file[1], str(elsewhere / "2025.yaml"))
    assert sync_folder == ("sync folder", str(elsewhere))
    assert (folder / "current.yaml").is_symlink()
