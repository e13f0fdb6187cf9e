"""``timeline add`` never loses data: parallel writers, killed writers, hand-edited list files.

Every test here runs the installed ``timeline`` command (or the package in a separate Python
process, to stop it at a chosen point) as real processes on real files.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import timeline_executable

from timeline.loading import read_file
from timeline.yaml_read import parse_yaml

Run = Callable[..., subprocess.CompletedProcess[str]]
EVENT = ["--date", "2025-03-18", "--type", "talks", "--actor", "A", "--outlet", "O", "--yes"]


def add_command(folder: Path, *args: str) -> list[str]:
    return [timeline_executable(), "add", "-e", str(folder), *args]


def start_all(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once, then wait for all of them."""
    processes = [
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = []
    for process, command in zip(processes, commands, strict=True):
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*.tmp"))


def event_ids(path: Path) -> list[str]:
    events, _, problems = read_file(path)
    assert problems == []
    return [event.id for event in events]


def test_twenty_parallel_appends_to_one_list_keep_all(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "same.yaml").write_text("# shared by everyone\nevents:\n", encoding="utf-8")
    commands = [
        add_command(folder, "--to", str(folder / "same.yaml"), "--title", f"Round {n}", *EVENT)
        for n in range(20)
    ]
    results = start_all(commands)
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    ids = event_ids(folder / "same.yaml")
    assert sorted(ids) == sorted(f"2025-03-18-round-{n}" for n in range(20))
    assert (
        (folder / "same.yaml")
        .read_text(encoding="utf-8")
        .startswith("# shared by everyone\nevents:\n  - id: ")
    )
    assert temp_files(folder) == []
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.returncode == 0, checked.stdout


def test_the_same_add_run_in_parallel_lands_once(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    commands = [add_command(folder, "--title", "Talks resume", *EVENT) for _ in range(8)]
    results = start_all(commands)
    assert sorted(r.returncode for r in results) == [0] + [1] * 7, [r.stderr for r in results]
    assert [p.name for p in folder.glob("*.yaml")] == ["2025-03-18-talks-resume.yaml"]
    refused = [r.stderr for r in results if r.returncode == 1]
    assert all(
        f"is already recorded at {folder}/2025-03-18-talks-resume.yaml:1" in e for e in refused
    )
    # One of them created the folder, and said so.
    created = [r.stderr for r in results if r.stderr.startswith("Created events folder")]
    assert created == [f"Created events folder {folder}\n"]


def test_twenty_parallel_new_files_keep_all(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    # The same title and date, recorded again on purpose (--force): every writer wants the
    # same id and must get its own.
    commands = [
        add_command(folder, "--title", "Talks resume", "--force", *EVENT) for _ in range(20)
    ]
    results = start_all(commands)
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    names = sorted(p.name for p in folder.glob("*.yaml"))
    expected = ["2025-03-18-talks-resume.yaml"] + [
        f"2025-03-18-talks-resume-{n}.yaml" for n in range(2, 21)
    ]
    assert names == sorted(expected)
    written = sorted(line.split()[-1] for r in results for line in r.stdout.splitlines()[:1])
    assert written == sorted(str(folder / name) for name in expected)
    assert temp_files(folder) == []
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.returncode == 0, checked.stdout
    assert checked.stderr == "20 events, 0 plans: 0 errors, 0 warnings\n"


def big_list(items: int) -> str:
    lines = ["# a long archive, kept by hand\n", "events:\n"]
    for n in range(items):
        lines.append(
            f"  - id: archived-{n}\n"
            f"    title: Archived event number {n}\n"
            "    date: 2025-03-01\n"
            "    type: statement\n"
            "    actors: [Someone]\n"
            "    summary: >-\n"
            "      A summary long enough that writing the whole file takes a moment, so a\n"
            "      writer can be stopped in the middle of it.\n"
            "    sources: [{outlet: Archive}]\n"
        )
    return "".join(lines)


def check_old_or_old_plus_new(before: bytes, after: bytes, new_id: str) -> str:
    """The file is exactly as it was, or as it was plus the new event; never anything else."""
    if after == before:
        return "old"
    assert after.startswith(before), "the existing bytes changed"
    data = parse_yaml(after.decode("utf-8")).data
    old = parse_yaml(before.decode("utf-8")).data
    assert data["events"][:-1] == old["events"]
    assert data["events"][-1]["id"] == new_id
    return "new"


def test_writers_killed_at_any_moment_leave_old_or_new(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(1500), encoding="utf-8")

    # One undisturbed run tells how long a writer lives; some kills are spread over that time.
    started = time.monotonic()
    first = subprocess.run(
        add_command(folder, "--to", str(archive), "--title", "Baseline", *EVENT),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    lifetime = time.monotonic() - started
    assert first.returncode == 0, first.stderr

    def writing(before: os.stat_result) -> bool:
        # A write has begun: a temp file appeared, or the file itself changed.
        now = archive.stat()
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        ):
            return True
        return any(name.endswith(".tmp") for name in os.listdir(folder))

    outcomes = []
    rounds = 16
    for n in range(rounds):
        before = archive.read_bytes()
        before_stat = archive.stat()
        process = subprocess.Popen(
            add_command(folder, "--to", str(archive), "--title", f"Killed {n}", *EVENT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if n % 2:
            time.sleep(lifetime * n / rounds)
        else:
            # Kill in the short window that matters: while the new text is being written.
            # (An in-place write killed here leaves a truncated file; this test catches it.)
            while process.poll() is None and not writing(before_stat):
                pass
            time.sleep(n * 0.001)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        new_id = f"2025-03-18-killed-{n}"
        outcomes.append(check_old_or_old_plus_new(before, archive.read_bytes(), new_id))

    # Whatever the kills left behind, the folder reads as the events that were written:
    # temp files are hidden and never read as events.
    count = len(event_ids(archive))
    assert count == 1501 + outcomes.count("new")
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.returncode == 0, checked.stdout
    assert checked.stderr == f"{count} events, 0 plans: 0 errors, 0 warnings\n"

    # The next writer, holding the lock, removes what killed writers left.
    last = run_timeline("add", "-e", folder, "--to", archive, "--title", "After", *EVENT)
    assert last.returncode == 0, last.stderr
    assert temp_files(folder) == []
    assert len(event_ids(archive)) == count + 1
    print(
        f"{rounds} kills: {outcomes.count('old')} left the old file, {outcomes.count('new')} the new"
    )


CRASH = """
import os, sys
def crash(*args, **kwargs):
    # The temp file is written and synced; the process dies before it takes the file's place.
    os._exit(70)
os.{call} = crash
from timeline.cli import main
sys.argv = ["timeline", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("call", ["replace", "link"])
def test_crash_between_write_and_replace(tmp_path: Path, run_timeline: Run, call: str) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text(big_list(3), encoding="utf-8")
    before = archive.read_bytes()
    args = ["add", "-e", str(folder), "--title", "Crashed", *EVENT]
    if call == "replace":  # appending to a list file replaces it
        args += ["--to", str(archive)]
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH.format(call=call), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert crashed.returncode == 70, crashed.stderr
    assert archive.read_bytes() == before
    assert not (folder / "2025-03-18-crashed.yaml").exists()
    [left] = temp_files(folder)
    assert left.name.startswith((".archive.yaml.", ".2025-03-18-crashed.yaml."))

    # The leftover is not an event: validate still sees exactly the three archived ones.
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.stderr == "3 events, 0 plans: 0 errors, 0 warnings\n"

    again = run_timeline("add", *args[1:])
    assert again.returncode == 0, again.stderr
    assert temp_files(folder) == []


def test_append_keeps_the_file_mode(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "archive.yaml"
    archive.write_text("events:\n", encoding="utf-8")
    archive.chmod(0o640)
    result = run_timeline("add", "-e", folder, "--to", archive, "--title", "Mode", *EVENT)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == 0o640


def test_new_file_mode_follows_the_umask(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = subprocess.run(
        ["sh", "-c", 'umask 027 && exec "$@"', "sh", *add_command(folder, "--title", "U", *EVENT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((folder / "2025-03-18-u.yaml").stat().st_mode) == 0o640


HAND_EDITED = """\
# Events from the Riyadh round, typed in by hand.
# Keep this header.

events:

  # --- day one ---------------------------------------------------
  - id: riyadh-opening   # short id on purpose
    title: 'Delegations meet in Riyadh: "technical" talks'
    date: 2025-03-24
    type: talks
    actors: [ United States,   Russia ]     # odd spacing kept
    track: us-russia
    summary: |
      First line.

      Third line, after a blank one.
    sources:
      - {outlet: "Reuters", date_text: 'on Monday'}


  # --- day two ---------------------------------------------------
  - id: "riyadh-black-sea"
    title: >-
      Black Sea
      navigation discussed
    date: "2025-03-25"
    type: "talks"
    actors:
    - United States
    - 'Russia'
    sources: [{outlet: AP}]
    tags: ['black-sea', "shipping"]

# (append new events above this line -- or below, the tool appends at the end)
"""


def test_append_to_a_hand_edited_list_is_byte_identical(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    archive = folder / "riyadh.yaml"
    archive.write_bytes(HAND_EDITED.encode("utf-8"))
    old_data = parse_yaml(HAND_EDITED).data
    result = run_timeline(
        "add", "-e", folder, "--to", archive, "--title", "Talks end with a joint statement",
        "--date", "Tuesday", "--published", "2025-03-26", "--type", "statement",
        "--actor", "United States", "--actor", "Russia", "--outlet", "Reuters", "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = archive.read_bytes()
    assert after[: len(HAND_EDITED.encode())] == HAND_EDITED.encode("utf-8")
    assert after.decode("utf-8")[len(HAND_EDITED) :].startswith(
        "  - id: 2025-03-25-talks-end-with-a-joint-statement\n"
    )
    data = parse_yaml(after.decode("utf-8")).data
    assert data["events"][:2] == old_data["events"]
    assert event_ids(archive) == [
        "riyadh-opening",
        "riyadh-black-sea",
        "2025-03-25-talks-end-with-a-joint-statement",
    ]
    checked = run_timeline("validate", "-e", folder, "--strict")
    assert checked.returncode == 0, checked.stdout
