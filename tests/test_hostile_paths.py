"""Paths that are not what they seem: outputs onto devices, FIFOs, sockets and folders (or
symlinks to them), a lock file that points outside, hard-linked list files, names Windows
reserves, events paths that are FIFOs, and image sizes that are not numbers.

Everything runs the installed ``timeline`` on real special files (tests run as root in CI,
so ``mknod`` makes a real character device).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import timeline
from timeline.errors import CannotWrite

Run = Callable[..., subprocess.CompletedProcess[str]]

EVENT = """\
title: Talks in Geneva
date: 2025-03-18
type: talks
actors: [Britain, France]
"""

LIST = """\
events:
  - id: 2025-03-19-first
    title: First
    date: 2025-03-19
    type: call
    actors: [Britain]
"""


@pytest.fixture
def events(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "2025-03-18-talks-in-geneva.yaml").write_text(EVENT, encoding="utf-8")
    return folder


def _make_special(path: Path, kind: str) -> None:
    if kind == "chardev":
        # The same device numbers as /dev/null: what `-o /dev/null` would meet.
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()  # the socket file stays
    elif kind == "folder":
        path.mkdir()
    else:
        raise AssertionError(kind)


KIND_TEST = {
    "chardev": stat.S_ISCHR,
    "fifo": stat.S_ISFIFO,
    "socket": stat.S_ISSOCK,
    "folder": stat.S_ISDIR,
}
KIND_WORDS = {
    "chardev": "a character device",
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "folder": "a folder",
}


def _listing(folder: Path) -> list[str]:
    """The names in ``folder``, but the lock file a command that writes may leave."""
    return sorted(name for name in os.listdir(folder) if name != ".timeline.lock")


def _command(kind_of_output: str, events: Path, output: Path) -> list[str | Path]:
    if kind_of_output == "build":
        return ["build", "-e", events, "-o", output]
    if kind_of_output == "build-json":
        return ["build", "-e", events, "-o", output, "--format", "json"]
    if kind_of_output == "export":
        return ["export", "-e", events, "-f", "csv", "-o", output]
    return ["schema", "-o", output]


# ---------------------------------------------------------------- -o onto special files


@pytest.mark.parametrize("linked", [False, True], ids=["direct", "symlink"])
@pytest.mark.parametrize("kind", list(KIND_TEST))
@pytest.mark.parametrize("command", ["build", "build-json", "export", "schema"])
def test_output_onto_a_special_file_is_refused_and_it_stays(
    run_timeline: Run, events: Path, tmp_path: Path, command: str, kind: str, linked: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    special = out / "special.html"
    _make_special(special, kind)
    before = os.lstat(special)
    target = special
    if linked:
        target = out / "link.html"
        target.symlink_to(special.name)
    listed = _listing(out)

    result = run_timeline(*_command(command, events, target))

    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert KIND_WORDS[kind] in lines[0]
    assert str(target) in lines[0]
    if linked and kind != "folder":
        assert "a symlink to" in lines[0]
    after = os.lstat(special)
    assert KIND_TEST[kind](after.st_mode)
    assert after.st_ino == before.st_ino
    if kind == "chardev":
        assert after.st_rdev == os.makedev(1, 3)
    if linked:
        assert os.path.islink(target) and os.readlink(target) == special.name
    assert _listing(out) == listed  # no temp file left beside it
    if kind == "folder":
        assert os.listdir(special) == []


@pytest.mark.parametrize("command", ["build", "build-json", "export", "schema"])
def test_output_through_a_symlink_to_a_regular_file_replaces_the_target_keeps_the_link(
    run_timeline: Run, events: Path, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = out / "real.html"
    real.write_text("old\n")
    link = out / "link.html"
    link.symlink_to(real.name)

    result = run_timeline(*_command(command, events, link))

    assert result.returncode == 0, result.stderr
    assert os.path.islink(link) and os.readlink(link) == real.name
    text = real.read_text(encoding="utf-8")
    assert text != "old\n"
    if command == "export":
        assert "Talks in Geneva" in text
    if command == "schema":
        assert json.loads(text)["$schema"].startswith("http://json-schema.org/")
    assert _listing(out) == ["link.html", "real.html"]


@pytest.mark.parametrize("command", ["build", "build-json", "export", "schema"])
def test_dash_writes_to_standard_output(run_timeline: Run, events: Path, command: str) -> None:
    result = run_timeline(*_command(command, events, Path("-")))
    assert result.returncode == 0, result.stderr
    if command == "build":
        assert result.stdout.startswith("<!DOCTYPE html>")
    elif command == "export":
        assert "Talks in Geneva" in result.stdout
    else:
        json.loads(result.stdout)
    assert not Path("-").exists()


@pytest.mark.parametrize("below", ["x.html", "sub/x.html", "sub/deeper/x.html"])
@pytest.mark.parametrize("command", ["build", "export", "schema"])
def test_output_below_a_file_names_the_file(
    run_timeline: Run, events: Path, tmp_path: Path, command: str, below: str
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep\n")
    output = blocker / below

    result = run_timeline(*_command(command, events, output))

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot write {output}: {blocker} is a file, not a folder"
        + ("; give the page a file name with -o" if command == "build" else "")
    ]
    assert blocker.read_text() == "keep\n"


@pytest.mark.parametrize("output", ["/proc/nope/x.html", "/sys/nope/x.html", "/proc/self/a/x.html"])
def test_output_whose_folder_cannot_be_made_is_one_line(
    run_timeline: Run, events: Path, output: str
) -> None:
    result = run_timeline("build", "-e", events, "-o", output)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        f"Error: cannot write {output}: cannot create folder {Path(output).parent}: "
    )


@pytest.mark.parametrize("kind", ["chardev", "fifo", "socket"])
def test_the_api_refuses_a_special_file_too(events: Path, tmp_path: Path, kind: str) -> None:
    special = tmp_path / "special.json"
    _make_special(special, kind)
    with pytest.raises(CannotWrite) as caught:
        timeline.write(timeline.load_events(events), special)
    assert str(caught.value).startswith(f"{special} is {KIND_WORDS[kind]}, not a regular file")
    assert KIND_TEST[kind](os.lstat(special).st_mode)
    assert _listing(tmp_path) == ["events", "special.json"]


# ---------------------------------------------------------------- the lock file


def _plant_lock(folder: Path, outside: Path, how: str) -> None:
    lock = folder / ".timeline.lock"
    if how == "symlink":
        lock.symlink_to(outside)
    elif how == "dangling":
        lock.symlink_to(outside.with_name("not-yet.txt"))
    elif how == "hardlink":
        os.link(outside, lock)
    elif how == "fifo":
        os.mkfifo(lock)
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["symlink", "dangling", "hardlink", "fifo"])
@pytest.mark.parametrize("command", ["add", "add-to", "import"])
def test_a_lock_file_that_is_not_our_own_is_refused_and_nothing_outside_changes(
    run_timeline: Run, events: Path, tmp_path: Path, how: str, command: str
) -> None:
    (events / "list.yaml").write_text(LIST, encoding="utf-8")
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"do not touch\n")
    os.utime(outside, (1_000_000_000, 1_000_000_000))
    _plant_lock(events, outside, how)
    listed = _listing(events)
    add = ["add", "-e", events, "--title", "New", "--date", "2025-03-20", "--type", "call"]
    add += ["--actor", "Britain"]
    if command == "add":
        args: list[str | Path] = add
    elif command == "add-to":
        args = [*add, "--to", "list.yaml"]
    else:
        source = tmp_path / "slides.json"
        slide = {"start_date": {"year": "1900"}, "text": {"headline": "H"}}
        source.write_text(json.dumps({"events": [slide]}))
        args = ["import", source, "-e", events, "--type", "talks", "--actor", "Britain"]

    result = run_timeline(*args)

    assert result.returncode == 1, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {events}/.timeline.lock is "), lines
    assert "not the tool's own lock file" in lines[0] and "rm " in lines[0]
    assert outside.read_bytes() == b"do not touch\n"
    assert os.stat(outside).st_mtime == 1_000_000_000
    assert not outside.with_name("not-yet.txt").exists()
    lock = events / ".timeline.lock"
    if how == "hardlink":
        assert os.stat(lock).st_nlink == 2
    elif how == "fifo":
        assert stat.S_ISFIFO(os.lstat(lock).st_mode)
    else:
        assert lock.is_symlink()
    assert _listing(events) == listed
    assert (events / "list.yaml").read_text(encoding="utf-8") == LIST


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder"])
def test_a_cache_file_that_is_not_a_file_is_ignored_not_followed_or_waited_on(
    run_timeline: Run, events: Path, tmp_path: Path, kind: str
) -> None:
    # The parse cache's own name for this folder (the user cache folder is the test's own).
    from timeline.cache import MIN_BYTES, cache_path

    # Enough bytes of events that the cache is kept.
    count = MIN_BYTES // len(EVENT) + 1
    for number in range(count):
        (events / f"2025-03-18-talks-{number}.yaml").write_text(EVENT, encoding="utf-8")
    cached = cache_path(events)
    cached.parent.mkdir(parents=True, exist_ok=True)
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"do not touch\n")
    if kind == "fifo":
        os.mkfifo(cached)
    elif kind == "symlink":
        cached.symlink_to(outside)
    else:
        cached.mkdir()

    result = run_timeline("list", "-e", events)

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Talks in Geneva") == count + 1
    assert outside.read_bytes() == b"do not touch\n"
    if kind != "folder":  # a FIFO or a link at the cache's name is replaced by the cache
        assert stat.S_ISREG(os.lstat(cached).st_mode)


# ---------------------------------------------------------------- hard-linked list files


@pytest.mark.parametrize("links", ["outside", "inside-hidden", "two-more"])
def test_add_to_a_hard_linked_list_file_is_refused(
    run_timeline: Run, events: Path, tmp_path: Path, links: str
) -> None:
    listing = events / "list.yaml"
    listing.write_text(LIST, encoding="utf-8")
    others = {
        "outside": [tmp_path / "copy.yaml"],
        "inside-hidden": [events / ".backup.yaml"],
        "two-more": [tmp_path / "a.yaml", tmp_path / "b.yaml"],
    }[links]
    for other in others:
        os.link(listing, other)

    result = run_timeline(
        "add", "-e", events, "--title", "New", "--date", "2025-03-20", "--type", "call",
        "--actor", "Britain", "--to", "list.yaml",
    )  # fmt: skip

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    count = "1 other hard link" if len(others) == 1 else "2 other hard links"
    assert lines[0].startswith(f"Error: {listing} has {count}, ")
    assert "nothing was written" in lines[0] and f"cp {listing} {listing}.new" in lines[0]
    for name in [listing, *others]:
        assert name.read_text(encoding="utf-8") == LIST
    assert os.stat(listing).st_nlink == 1 + len(others)


# ---------------------------------------------------------------- names Windows reserves


@pytest.mark.parametrize("wanted", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_add_refuses_an_id_windows_reserves(run_timeline: Run, events: Path, wanted: str) -> None:
    listed = _listing(events)
    result = run_timeline(
        "add", "-e", events, "--title", "New", "--date", "2025-03-20", "--type", "call",
        "--actor", "Britain", "--id", wanted,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"--id: '{wanted}' is reserved on Windows as a file name" in result.stderr
    assert f"e.g. {wanted}-event" in result.stderr
    assert "Traceback" not in result.stderr
    assert _listing(events) == listed


def test_import_gives_reserved_ids_a_suffix(run_timeline: Run, tmp_path: Path) -> None:
    wanted = ["CON", "nul.", "Aux ", "com1", "LPT9", "prn!"]
    slides = [
        {"start_date": {"year": "1900"}, "text": {"headline": f"H{n}"}, "unique_id": unique}
        for n, unique in enumerate(wanted)
    ]
    source = tmp_path / "slides.json"
    source.write_text(json.dumps({"events": slides}))
    folder = tmp_path / "events"

    result = run_timeline("import", source, "-e", folder, "--type", "talks", "--actor", "Britain")

    assert result.returncode == 0, result.stderr
    assert _listing(folder) == sorted(
        f"{name}-event.yaml" for name in ["con", "nul", "aux", "com1", "lpt9", "prn"]
    )


@pytest.mark.parametrize(
    ("name", "reserved"),
    [
        ("con.yaml", True),
        ("CON.yaml", True),
        ("nul.yml", True),
        ("COM1.yaml", True),
        ("aux.yaml", True),
        ("lpt9.yaml", True),
        ("con .yaml", True),
        ("con..yaml", True),
        ("nul.tar.yaml", True),
        ("com\u00b9.yaml", True),
        ("conference.yaml", False),
        ("con-talks.yaml", False),
        ("com10.yaml", False),
        ("lpt.yaml", False),
    ],
)
def test_reserved_names(name: str, reserved: bool) -> None:
    from timeline.ids import reserved_on_windows

    assert reserved_on_windows(name) is reserved


# ---------------------------------------------------------------- -e that is not a file


@pytest.mark.parametrize("kind", ["chardev", "fifo", "socket"])
@pytest.mark.parametrize("command", ["list", "build", "validate"])
def test_events_path_that_is_a_special_file_says_what_it_is(
    run_timeline: Run, tmp_path: Path, kind: str, command: str
) -> None:
    special = tmp_path / "events.yaml"
    _make_special(special, kind)
    args: list[str | Path] = [command, "-e", special]
    if command == "build":
        args += ["-o", tmp_path / "out.html"]

    result = run_timeline(*args)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {special} is {KIND_WORDS[kind]}, not an events file or folder; "
        "pass the events folder with -e"
    ]
    assert KIND_TEST[kind](os.lstat(special).st_mode)


def _writing(command: str, folder: Path, tmp_path: Path) -> list[str | Path]:
    if command == "add":
        return ["add", "-e", folder, "--title", "New", "--date", "2025-03-20", "--type", "call",
                "--actor", "Britain"]  # fmt: skip
    if command == "import":
        source = tmp_path / "slides.json"
        slide = {"start_date": {"year": "1900"}, "text": {"headline": "H"}}
        source.write_text(json.dumps({"events": [slide]}))
        return ["import", source, "-e", folder, "--type", "talks", "--actor", "Britain"]
    return ["init", folder]


@pytest.mark.parametrize("kind", ["chardev", "fifo", "socket"])
@pytest.mark.parametrize("command", ["add", "import", "init"])
def test_a_folder_to_write_into_that_is_a_special_file_says_what_it_is(
    run_timeline: Run, tmp_path: Path, kind: str, command: str
) -> None:
    special = tmp_path / "events"
    _make_special(special, kind)

    result = run_timeline(*_writing(command, special, tmp_path))

    assert result.returncode == 1
    hint = "" if command == "init" else "; pass the events folder with -e"
    assert result.stderr.splitlines() == [
        f"Error: {special} is {KIND_WORDS[kind]}, not a folder{hint}"
    ]
    assert KIND_TEST[kind](os.lstat(special).st_mode)


@pytest.mark.parametrize("below", ["events", "deeper/events"])
@pytest.mark.parametrize("command", ["add", "import", "init"])
def test_a_folder_to_write_into_below_a_file_names_the_file(
    run_timeline: Run, tmp_path: Path, command: str, below: str
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep\n")
    folder = blocker / below

    result = run_timeline(*_writing(command, folder, tmp_path))

    assert result.returncode == 1
    hint = "" if command == "init" else "; pass the events folder with -e"
    assert result.stderr.splitlines() == [
        f"Error: cannot write {folder}: {blocker} is a file, not a folder{hint}"
    ]
    assert blocker.read_text() == "keep\n"


# ---------------------------------------------------------------- image sizes


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--scale", "nan"),
        ("--scale", "NaN"),
        ("--scale", "inf"),
        ("--scale", "-1"),
        ("--scale", "1e309"),
        ("--width", "nan"),
        ("--width", "inf"),
        ("--width", "-1"),
        ("--height", "1e309"),
        ("--height", "-1"),
    ],
)
def test_image_sizes_that_are_not_finite_positive_numbers_are_usage_errors(
    run_timeline: Run, events: Path, tmp_path: Path, option: str, value: str
) -> None:
    output = tmp_path / "chart.png"
    result = run_timeline("build", "-e", events, "-o", output, f"{option}={value}")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value")
    assert not output.exists()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e309])
@pytest.mark.parametrize("name", ["scale", "width", "height"])
def test_the_api_names_a_size_that_is_not_finite(
    events: Path, tmp_path: Path, name: str, value: float
) -> None:
    with pytest.raises(ValueError, match=f"^{name} must be a finite number, not -?inf$|nan$"):
        timeline.write(timeline.load_events(events), tmp_path / "chart.png", **{name: value})  # type: ignore[misc]
    assert _listing(tmp_path) == ["events"]
