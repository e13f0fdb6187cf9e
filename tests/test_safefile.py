"""The write path (timeline/safefile.py), called in this process, rule by rule as
docs/reliability.md states them: a write goes to a hidden temp file in the same folder and
then replaces the file, keeping its mode (a new file follows the umask); a new event file is
linked into place, so it never replaces one; a link the user names is followed, a link where
the tool keeps its own file is replaced, never written through; the temp files writers killed
mid-write left are removed, and nothing else is. Modes and bytes are written out."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline import safefile


@pytest.fixture
def umask_027() -> Iterator[None]:
    """A umask that takes away group write and every right of others: a new file is 0640."""
    before = os.umask(0o027)
    yield
    os.umask(before)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_lock_is_the_folders_lock_file_and_one_per_process(tmp_path: Path) -> None:
    lock = safefile.lock(tmp_path)
    assert lock.lock_file == str(tmp_path / ".timeline.lock")
    assert safefile.lock(tmp_path) is lock
    with lock:
        assert (tmp_path / ".timeline.lock").exists()
        with safefile.lock(tmp_path):  # a holder may call a function that locks too
            pass


def test_atomic_write_replaces_the_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")
    safefile.atomic_write(target, "new \u00fc\n")
    assert target.read_bytes() == b"new \xc3\xbc\n"
    safefile.atomic_write(target, b"bytes\n", durable=False)
    assert target.read_bytes() == b"bytes\n"
    assert names(tmp_path) == ["a.yaml"]


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664, 0o444, 0o2750])
def test_atomic_write_keeps_the_files_mode(tmp_path: Path, kept: int, umask_027: None) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")
    os.chmod(target, kept)
    safefile.atomic_write(target, b"new\n")
    assert mode(target) == kept
    safefile.atomic_write(target, b"newer\n", follow_symlinks=False)
    assert mode(target) == kept
    assert target.read_bytes() == b"newer\n"


@pytest.mark.parametrize(("umask", "expected"), [(0o027, 0o640), (0o002, 0o664), (0o000, 0o666)])
def test_a_new_file_follows_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    before = os.umask(umask)
    try:
        safefile.atomic_write(tmp_path / "a.html", "<p>\n")
        safefile.atomic_write(tmp_path / "b.html", "<p>\n", follow_symlinks=False)
        safefile.create_exclusive(tmp_path / "c.yaml", "title: C\n")
        assert os.umask(umask) == umask  # the umask read to compute a mode is put back
    finally:
        os.umask(before)
    assert [mode(tmp_path / name) for name in ("a.html", "b.html", "c.yaml")] == [expected] * 3


def test_a_link_the_user_names_is_followed_and_stays_a_link(
    tmp_path: Path, umask_027: None
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "list.yaml"
    real.write_bytes(b"old\n")
    os.chmod(real, 0o600)
    events = tmp_path / "events"
    events.mkdir()
    link = events / "list.yaml"
    link.symlink_to(real)
    safefile.atomic_write(link, b"new\n")
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new\n"
    assert mode(real) == 0o600
    # The temp file went beside the target, where the rename is atomic, and is gone.
    assert names(elsewhere) == ["list.yaml"]
    assert names(events) == ["list.yaml"]


def test_the_tools_own_file_replaces_a_link_and_never_writes_through_it(
    tmp_path: Path,
) -> None:
    before = os.umask(0o002)
    try:
        replace_links(tmp_path)
    finally:
        os.umask(before)


def replace_links(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    os.chmod(victim, 0o600)
    own = tmp_path / "schema.json"
    own.symlink_to(victim)
    safefile.atomic_write(own, b"{}\n", follow_symlinks=False)
    assert victim.read_bytes() == b"precious\n"
    assert not own.is_symlink()
    assert own.read_bytes() == b"{}\n"
    # A link gives no mode to keep: the new file follows the umask (002), not the link's 0777.
    assert mode(own) == 0o664
    dangling = tmp_path / "cache.json"
    dangling.symlink_to(tmp_path / "nowhere")
    safefile.atomic_write(dangling, b"[]\n", follow_symlinks=False)
    assert not (tmp_path / "nowhere").exists()
    assert dangling.read_bytes() == b"[]\n"
    assert names(tmp_path) == ["cache.json", "schema.json", "victim"]


def test_a_folder_at_the_path_is_refused_and_leaves_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "page.html"
    folder.mkdir()
    with pytest.raises(safefile.NotAFile, match="is a folder, not a regular file"):
        safefile.atomic_write(folder, b"<p>\n")
    assert names(tmp_path) == ["page.html"]
    assert names(folder) == []


def test_create_exclusive_writes_a_new_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    safefile.create_exclusive(tmp_path / "a.yaml", "title: \u00e9\n")
    assert (tmp_path / "a.yaml").read_bytes() == b"title: \xc3\xa9\n"
    assert stat.S_ISREG(os.lstat(tmp_path / "a.yaml").st_mode)
    assert os.stat(tmp_path / "a.yaml").st_nlink == 1
    assert names(tmp_path) == ["a.yaml"]


def test_create_exclusive_refuses_a_name_that_exists(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")
    with pytest.raises(FileExistsError):
        safefile.create_exclusive(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert names(tmp_path) == ["a.yaml"]


def test_create_exclusive_never_creates_through_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "a.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(FileExistsError):
        safefile.create_exclusive(link, b"new\n")
    assert not (tmp_path / "elsewhere.yaml").exists()
    assert names(tmp_path) == ["a.yaml"]


def test_stale_temp_files_of_event_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    stale = [".a.yaml.abcd_123.tmp", ".list.yml.0z9y8x7w.tmp"]
    kept = [
        "a.yaml",
        ".a.yaml.ABCD1234.tmp",  # mkstemp's letters are lower case
        ".a.yaml.abc123.tmp",  # and eight of them
        ".a.json.abcd1234.tmp",  # not an event file's
        "a.yaml.abcd1234.tmp",  # not hidden
        ".a.yaml.abcd1234.tmp.bak",
    ]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".d.yaml.abcd1234.tmp").mkdir()  # a folder is never removed
    (tmp_path / ".l.yaml.abcd1234.tmp").symlink_to(tmp_path / "a.yaml")  # nor a link
    removed = safefile.remove_stale_temps(tmp_path)
    assert sorted(removed) == sorted(tmp_path / name for name in stale)
    assert names(tmp_path) == sorted([*kept, ".d.yaml.abcd1234.tmp", ".l.yaml.abcd1234.tmp"])
    assert (tmp_path / "a.yaml").read_bytes() == b"x"
    assert safefile.remove_stale_temps(tmp_path) == []


def test_a_temp_file_gone_meanwhile_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".a.yaml.abcd1234.tmp").write_bytes(b"x")
    (tmp_path / ".b.yaml.abcd1234.tmp").write_bytes(b"x")
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        # Another cleaner removes .a's temp file just before this one does.
        real_unlink(path, missing_ok)
        if path.name.startswith(".a."):
            raise FileNotFoundError(path)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert safefile.remove_stale_temps(tmp_path) == [tmp_path / ".b.yaml.abcd1234.tmp"]
    assert names(tmp_path) == []


def test_a_temp_file_that_cannot_be_removed_leaves_the_new_file_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new file is linked into place before its temp name is removed; failing to remove
    # that name (left for remove_stale_temps) does not undo or hide the creation.
    def unlink(path: object) -> None:
        raise PermissionError(path)

    monkeypatch.setattr(os, "unlink", unlink)
    safefile.create_exclusive(tmp_path / "a.yaml", b"title: A\n")
    monkeypatch.undo()
    assert (tmp_path / "a.yaml").read_bytes() == b"title: A\n"
    left, created = names(tmp_path)
    assert created == "a.yaml"
    assert left.startswith(".a.yaml.") and left.endswith(".tmp")


def test_the_temp_file_is_named_so_a_later_writer_can_remove_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A writer killed between writing its temp file and renaming it leaves that file; its
    # name must be one remove_stale_temps recognises: ".<name>." + 8 characters + ".tmp".
    temps: list[str] = []
    real_replace = os.replace

    def replace(source: str, target: object) -> None:
        temps.append(os.path.basename(source))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    safefile.atomic_write(tmp_path / "list.yaml", b"events: []\n")
    monkeypatch.undo()
    (temp,) = temps
    assert re.fullmatch(r"\.list\.yaml\.[a-z0-9_]{8}\.tmp", temp)
    (tmp_path / temp).write_bytes(b"events: [half")  # as a killed writer leaves it
    assert safefile.remove_stale_temps(tmp_path) == [tmp_path / temp]


def test_a_folder_that_cannot_be_synced_does_not_fail_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some file systems refuse fsync on a folder (EINVAL); the file is written all the same.
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    safefile.atomic_write(tmp_path / "a.yaml", b"new\n")
    safefile.create_exclusive(tmp_path / "b.yaml", b"new\n")
    monkeypatch.undo()
    assert (tmp_path / "a.yaml").read_bytes() == b"new\n"
    assert (tmp_path / "b.yaml").read_bytes() == b"new\n"
    assert names(tmp_path) == ["a.yaml", "b.yaml"]


def test_a_file_that_can_be_made_again_is_not_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    safefile.atomic_write(tmp_path / "cache.json", b"{}", durable=False)
    assert synced == []
    safefile.atomic_write(tmp_path / "a.yaml", b"new\n")
    assert len(synced) == 2  # the temp file, then the folder


def fail_to_remove(path: object) -> None:
    raise PermissionError(13, "Permission denied", str(path))


@pytest.mark.parametrize("removable", [True, False])
def test_a_failed_write_raises_its_own_error_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, removable: bool
) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    if not removable:  # the temp file cannot even be removed: still the disk's error
        monkeypatch.setattr(os, "unlink", fail_to_remove)
    with pytest.raises(OSError) as failed:
        safefile.atomic_write(target, b"new\n")
    monkeypatch.undo()
    assert (failed.value.errno, failed.value.strerror) == (28, "No space left on device")
    assert target.read_bytes() == b"old\n"
    assert len(names(tmp_path)) == (1 if removable else 2)


@pytest.mark.parametrize("removable", [True, False])
def test_a_failed_replace_raises_its_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, removable: bool
) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old\n")

    def refuse(source: object, target: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    if not removable:
        monkeypatch.setattr(os, "unlink", fail_to_remove)
    with pytest.raises(OSError) as failed:
        safefile.atomic_write(target, b"new\n")
    monkeypatch.undo()
    assert (failed.value.errno, failed.value.strerror) == (30, "Read-only file system")
    assert target.read_bytes() == b"old\n"
    assert len(names(tmp_path)) == (1 if removable else 2)
