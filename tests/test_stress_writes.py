"""Writes under stress lose nothing: 50 parallel writers, writers killed at random moments,
a disk that refuses the write, readers running while writers write, modes, and symlinks.

Extends ``test_add_concurrency.py`` (20 writers, 16 kills, one crash point each) to the
figures docs/reliability.md states. Every writer and reader is the installed ``timeline`` command
as a real process on real files; kills are real SIGKILLs; a full disk is a real write
failing under the process's file size limit (RLIMIT_FSIZE), not a mock. The 200-kill run
is behind ``--run-slow``; the default run kills 20 writers.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import timeline_executable
from test_add_concurrency import (
    EVENT,
    add_command,
    big_list,
    check_old_or_old_plus_new,
    event_ids,
    start_all,
    temp_files,
)

from timeline.loading import read_file
from timeline.validate import validate

Run = Callable[..., subprocess.CompletedProcess[str]]
WRITERS = 50


def test_fifty_parallel_appends_to_one_list_keep_all(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(200), encoding="utf-8")
    before = archive.read_bytes()
    commands = [
        add_command(folder, "--to", str(archive), "--title", f"Writer {n}", *EVENT)
        for n in range(WRITERS)
    ]
    results = start_all(commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    after = archive.read_bytes()
    assert after.startswith(before)  # every byte that was there is still there
    ids = event_ids(archive)
    assert ids[:200] == [f"archived-{n}" for n in range(200)]
    assert sorted(ids[200:]) == sorted(f"2025-03-18-writer-{n}" for n in range(WRITERS))
    assert temp_files(folder) == []
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.stderr == f"{200 + WRITERS} events, 0 plans: 0 errors, 0 warnings\n"


def test_fifty_parallel_new_files_keep_all(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    # Half the writers want the same id (recording the same talks again, on purpose:
    # --force); the other half each have their own.
    commands = [
        add_command(
            folder,
            *(("--title", "Same talks", "--force") if n % 2 else ("--title", f"Own talks {n}")),
            *EVENT,
        )
        for n in range(WRITERS)
    ]
    results = start_all(commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    written = sorted(r.stdout.splitlines()[0].removeprefix("Wrote ") for r in results)
    on_disk = sorted(str(p) for p in folder.glob("*.yaml"))
    assert written == on_disk and len(set(written)) == WRITERS
    same = [p for p in on_disk if "same-talks" in p]
    assert len(same) == WRITERS // 2
    assert temp_files(folder) == []
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.stderr == f"{WRITERS} events, 0 plans: 0 errors, 0 warnings\n"


# --- writers killed at random moments -----------------------------------------------------


def writing(folder: Path, target: Path, before: os.stat_result | None) -> bool:
    """A write has begun: a temp file exists, or the target changed or appeared."""
    if any(name.endswith(".tmp") for name in os.listdir(folder)):
        return True
    try:
        now = target.stat()
    except FileNotFoundError:
        return False
    if before is None:
        return True
    return (now.st_ino, now.st_size, now.st_mtime_ns) != (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def kill_writers(tmp_path: Path, rounds: int, seed: int) -> dict[str, int]:
    """Start a writer ``rounds`` times and SIGKILL it at a random moment: half the time at a
    random point of its life, half the time a random few milliseconds after its write
    began. Writers alternate between appending to a list and writing a new file. After each
    kill the list holds exactly the old events or the old plus the new one, and a new file
    is absent or whole."""
    rng = random.Random(seed)
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(1500), encoding="utf-8")
    started = time.monotonic()
    baseline = subprocess.run(
        add_command(folder, "--to", str(archive), "--title", "Baseline", *EVENT),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    lifetime = time.monotonic() - started
    assert baseline.returncode == 0, baseline.stderr

    counts = {"old": 0, "new": 0, "mid-write": 0, "new file": 0, "no file": 0}
    for n in range(rounds):
        to_list = n % 2 == 0
        title = f"Killed {n}"
        new_id = f"2025-03-18-killed-{n}"
        target = archive if to_list else folder / f"{new_id}.yaml"
        args = ["--to", str(archive)] if to_list else []
        before = archive.read_bytes()
        before_stat = target.stat() if target.exists() else None
        process = subprocess.Popen(
            add_command(folder, *args, "--title", title, *EVENT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, lifetime * 1.1))
        else:
            while process.poll() is None and not writing(folder, target, before_stat):
                pass
            time.sleep(rng.uniform(0, 0.004))
        if any(name.endswith(".tmp") for name in os.listdir(folder)):
            counts["mid-write"] += 1  # killed with its temp file written, not yet renamed
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        # Whatever the moment, the list is the old file or the old file plus the event.
        counts[check_old_or_old_plus_new(before, archive.read_bytes(), new_id)] += 1
        if not to_list:
            if target.exists():
                events, _, problems = read_file(target)
                assert problems == [] and [e.title for e in events] == [title]
                counts["new file"] += 1
            else:
                counts["no file"] += 1
    # The folder reads as the events that were written, whatever the kills left behind.
    total = 1501 + counts["new"] + counts["new file"]
    checked = subprocess.run(
        [timeline_executable(), "validate", "-e", str(folder), "--strict"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.stderr == f"{total} events, 0 plans: 0 errors, 0 warnings\n", checked.stdout
    print(f"{rounds} kills: {counts}")
    return counts


def test_twenty_writers_killed_at_random_lose_nothing(tmp_path: Path) -> None:
    counts = kill_writers(tmp_path, rounds=20, seed=20)
    # The 10 writers of new files never touch the list: it stays old in each of their rounds.
    assert counts["old"] >= 10
    assert counts["new"] <= 10


@pytest.mark.slow
def test_two_hundred_writers_killed_at_random_lose_nothing(tmp_path: Path) -> None:
    counts = kill_writers(tmp_path, rounds=200, seed=200)
    # The 100 writers of new files never touch the list: it stays old in each of their rounds.
    assert counts["old"] >= 100
    assert counts["new"] <= 100
    # Enough kills landed inside the write for the run to prove something.
    assert counts["mid-write"] >= 10


# --- a disk that refuses the write ----------------------------------------------------------


def limited(limit: int) -> Callable[[], None]:
    """Run the child with a file size limit: a write past ``limit`` bytes fails (EFBIG),
    as on a full disk. Python ignores SIGXFSZ, so the write returns an error."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_limited(args: list[str | Path], limit: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [timeline_executable(), *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        preexec_fn=limited(limit),
    )


def test_a_full_disk_leaves_the_list_file_intact_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(300), encoding="utf-8")
    archive.chmod(0o640)
    before = archive.read_bytes()
    # The new file would be about 90 KB; writes stop at 10 KB.
    result = run_limited(["add", "-e", folder, "--to", archive, "--title", "Full", *EVENT], 10_000)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot write {archive}: File too large; the file is unchanged\n"
    )
    assert archive.read_bytes() == before
    assert stat.S_IMODE(archive.stat().st_mode) == 0o640
    assert temp_files(folder) == []  # the half-written temp file is gone too


def test_a_full_disk_writes_no_partial_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = run_limited(
        ["add", "-e", folder, "--title", "Full", "--summary", "x" * 500, *EVENT], 100
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot write to {folder}: File too large; nothing was written\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [".timeline.lock"]


def test_a_full_disk_keeps_the_old_page(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "a.yaml").write_text(big_list(3), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><title>The page published yesterday</title>\n")
    before = page.read_bytes()
    result = run_limited(["build", "-e", folder, "-o", page, "--plotlyjs", "cdn"], 5_000)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: cannot write {page}: File too large")
    assert "Traceback" not in result.stderr
    assert page.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- readers while writers write ----------------------------------------------------------


def test_readers_never_see_a_half_written_file(tmp_path: Path) -> None:
    # Appends rewrite a 400 KB list file over and over while validate, list and build read
    # the folder; every reader must see a whole file, old or new, never an error.
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(1500), encoding="utf-8")
    appends = 8
    readers: list[subprocess.CompletedProcess[str]] = []
    done = threading.Event()

    def write() -> None:
        try:
            for n in range(appends):
                result = subprocess.run(
                    add_command(folder, "--to", str(archive), "--title", f"Live {n}", *EVENT),
                    capture_output=True,
                    text=True,
                    stdin=subprocess.DEVNULL,
                    timeout=300,
                )
                assert result.returncode == 0, result.stderr
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    reads = [
        ["validate", "-e", str(folder), "--strict"],
        ["list", "-e", str(folder), "--format", "csv"],
        ["build", "-e", str(folder), "-o", str(tmp_path / "page.html"), "--plotlyjs", "cdn"],
    ]
    n = 0
    while not done.is_set():
        readers.append(
            subprocess.run(
                [timeline_executable(), *reads[n % len(reads)]],
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=300,
            )
        )
        n += 1
    writer.join()
    failed = [
        (r.args[1], r.returncode, r.stdout[-300:], r.stderr[-300:]) for r in readers if r.returncode
    ]
    assert failed == []
    counts = []
    for result in readers:
        if result.args[1] == "validate":
            counts.append(int(result.stderr.split()[0]))
        elif result.args[1] == "list":
            counts.append(len(result.stdout.splitlines()) - 1)
        else:
            counts.append(int(result.stdout.split("(")[1].split()[0]))
    # Each reader saw the folder at one moment: between the first and the last count.
    assert all(1500 <= c <= 1500 + appends for c in counts), counts
    assert len(event_ids(archive)) == 1500 + appends
    assert len(readers) >= 3
    print(f"{len(readers)} reads during {appends} appends, counts {sorted(set(counts))}")


# --- modes and links ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444, 0o2664])
def test_appending_keeps_the_mode(tmp_path: Path, run_timeline: Run, mode: int) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text("events:\n", encoding="utf-8")
    archive.chmod(mode)
    result = run_timeline("add", "-e", folder, "--to", archive, "--title", "Mode", *EVENT)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == mode
    assert event_ids(archive) == ["2025-03-18-mode"]


def test_a_linked_list_file_is_written_through_the_link(tmp_path: Path, run_timeline: Run) -> None:
    # The rule: a link is followed. Its target is replaced (atomically, keeping its mode)
    # and the link stays a link to it, so a list kept elsewhere and linked into the events
    # folder gets the event, and the folder keeps its link.
    kept = tmp_path / "archive"
    kept.mkdir()
    target = kept / "2025.yaml"
    target.write_text("# kept by the desk\nevents:\n", encoding="utf-8")
    target.chmod(0o640)
    folder = tmp_path / "events"
    folder.mkdir()
    link = folder / "current.yaml"
    link.symlink_to(Path("..") / "archive" / "2025.yaml")
    result = run_timeline("add", "-e", folder, "--to", link, "--title", "Linked", *EVENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Appended 2025-03-18-linked to {link}\n")
    assert link.is_symlink() and os.readlink(link) == "../archive/2025.yaml"
    assert target.read_text(encoding="utf-8").startswith("# kept by the desk\nevents:\n  - id: ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert event_ids(link) == ["2025-03-18-linked"]
    assert temp_files(kept) == [] and temp_files(folder) == []


def test_a_linked_page_is_replaced_through_the_link(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "a.yaml").write_text(big_list(2), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    published = site / "timeline.html"
    published.write_text("old page\n")
    published.chmod(0o644)
    link = tmp_path / "latest.html"
    link.symlink_to(published)
    result = run_timeline("build", "-e", folder, "-o", link, "--plotlyjs", "cdn")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == published
    assert published.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(published.stat().st_mode) == 0o644


def test_a_file_linked_twice_into_a_folder_is_reported(make_tree: Any) -> None:
    # A link inside the folder to a file also in it would read its events twice: validate
    # says so (duplicate ids) instead of silently counting them twice.
    root = make_tree({"a.yaml": big_list(1)})
    (root / "b.yaml").symlink_to("a.yaml")
    _, problems = validate(root)
    assert [p.message for p in problems] == [
        f"duplicate event id 'archived-0': also at {root / 'a.yaml'}:3:5"
    ]
