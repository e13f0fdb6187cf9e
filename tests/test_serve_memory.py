"""The records ``timeline serve`` keeps in memory between builds (``timeline.loading.
remembering``): a load within it gives what a load from the files gives after every kind of
change on disk (a new content of the same size and time, a file deleted, a new file, a plan
changed, a file broken and fixed), and takes records of unchanged files from memory; the served page
follows each of these changes."""

from __future__ import annotations

import os
import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE
from test_serve import start_serve, stop

from timeline.loading import Loaded, Remembered, load, remembering

STARMER = "2025-03-17-starmer-trump-call.yaml"
PLAN = "plans/us-russia-ceasefire-path.yaml"
LAMMY = "2025-03-18-lammy-arms-shipments.yaml"
LAMMY_TITLE = "Lammy signals faster UK and EU arms shipments to Ukraine"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the sample folder to change."""
    folder = tmp_path / "events"
    shutil.copytree(SAMPLE, folder)
    return folder


def remembered_load(root: Path, memory: Remembered) -> Loaded:
    with remembering(memory):
        return load(root)


def dumped(loaded: Loaded) -> list[Any]:
    """What a load gave, as plain data, with where each record was written."""
    records = [*loaded.timeline.events, *loaded.timeline.plans]
    return [
        (record.model_dump(mode="json"), record.origin and record.origin.path) for record in records
    ] + [(str(problem), problem.path, problem.line) for problem in loaded.problems]


def titles(loaded: Loaded) -> dict[str, str]:
    return {
        str(event.origin.path).rsplit("/", 1)[1]: event.title
        for event in loaded.timeline.events
        if event.origin
    }


def test_unchanged_files_come_from_memory(root: Path) -> None:
    memory = Remembered()
    first = remembered_load(root, memory)
    # Every file of the sample is read without problems: all are held.
    assert len(memory) == len(list(root.rglob("*.yaml")))
    second = remembered_load(root, memory)
    assert [id(event) for event in second.timeline.events] == [
        id(event) for event in first.timeline.events
    ]
    assert second.timeline.events is not first.timeline.events  # each load its own list
    assert dumped(second) == dumped(load(root))


def test_a_new_content_of_the_same_size_and_time_is_read(root: Path) -> None:
    memory = Remembered()
    path = root / STARMER
    before = path.stat()
    assert titles(remembered_load(root, memory))[STARMER] == "Starmer and Trump speak by phone"
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Starmer and Trump speak by phone", "Starmer and Trump speak by PHONE")
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    loaded = remembered_load(root, memory)
    assert titles(loaded)[STARMER] == "Starmer and Trump speak by PHONE"
    assert dumped(loaded) == dumped(load(root))


def test_deleted_and_new_files_are_seen(root: Path) -> None:
    memory = Remembered()
    count = len(remembered_load(root, memory).timeline.events)
    (root / STARMER).unlink()
    loaded = remembered_load(root, memory)
    assert STARMER not in titles(loaded)
    assert len(loaded.timeline.events) == count - 1
    (root / "2025-03-20-new-talks.yaml").write_text(
        "title: New talks in Riyadh\ndate: 2025-03-20\ntype: meeting\n"
        "actors: [Donald Trump]\ntrack: us-russia\n"
        "sources:\n  - outlet: The Independent\n    published: 2025-03-20\n",
        encoding="utf-8",
    )
    loaded = remembered_load(root, memory)
    assert titles(loaded)["2025-03-20-new-talks.yaml"] == "New talks in Riyadh"
    assert len(loaded.timeline.events) == count
    assert dumped(loaded) == dumped(load(root))


def test_a_changed_plan_is_read(root: Path) -> None:
    memory = Remembered()
    plans = remembered_load(root, memory).timeline.plans
    assert [plan.title for plan in plans] == ["US\u2013Russia path to peace in Ukraine"]
    path = root / PLAN
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: US\u2013Russia path to peace in Ukraine", "title: The path to peace"
        ),
        encoding="utf-8",
    )
    loaded = remembered_load(root, memory)
    assert [plan.title for plan in loaded.timeline.plans] == ["The path to peace"]
    assert dumped(loaded) == dumped(load(root))


def test_a_broken_file_is_a_problem_until_fixed(root: Path) -> None:
    memory = Remembered()
    path = root / STARMER
    good = path.read_text(encoding="utf-8")
    remembered_load(root, memory)
    path.write_text(good.replace("date: 2025-03-17", "date: 2025-13-17"), encoding="utf-8")
    broken = remembered_load(root, memory)
    assert [(problem.path, problem.line) for problem in broken.problems] == [(str(path), 2)]
    assert STARMER not in titles(broken)
    # Read again while still broken: still a problem, never the records it had before.
    again = remembered_load(root, memory)
    assert [(problem.path, problem.line) for problem in again.problems] == [(str(path), 2)]
    path.write_text(good, encoding="utf-8")
    fixed = remembered_load(root, memory)
    assert fixed.problems == []
    assert titles(fixed)[STARMER] == "Starmer and Trump speak by phone"
    assert dumped(fixed) == dumped(load(root))


def test_the_same_folder_by_another_path_names_its_own_files(root: Path, tmp_path: Path) -> None:
    memory = Remembered()
    remembered_load(root, memory)
    other = tmp_path / "link"
    other.symlink_to(root)
    loaded = remembered_load(other, memory)
    # Records and messages name the files as this load reached them.
    assert {str(event.origin.path) for event in loaded.timeline.events if event.origin} == {
        str(other / path.name) for path in root.glob("*.yaml")
    }


def served_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for_page(url: str, shows: str, hides: str | None = None) -> None:
    """Until the served page shows ``shows`` (and no longer ``hides``), within 20 s."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = served_text(url)
        if shows in text and (hides is None or hides not in text):
            return
        time.sleep(0.1)
    pytest.fail(
        f"the served page does not show {shows!r}" + (f" without {hides!r}" if hides else "")
    )


def test_the_served_page_follows_every_change_on_disk(sample: Path) -> None:
    # The real command: its records stay in memory between builds, and every kind of change
    # still reaches the page.
    running = start_serve(sample)
    try:
        first = served_text(running.url)
        assert "Starmer and Trump speak by phone" in first
        assert LAMMY_TITLE in first
        assert "A full and lasting ceasefire" not in first
        # A new content of the same size, the modification time put back.
        path = sample / STARMER
        before = path.stat()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("speak by phone", "speak by PHONE"), encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (
            before.st_size,
            before.st_mtime_ns,
        )
        wait_for_page(running.url, "Starmer and Trump speak by PHONE")
        # A file deleted.
        (sample / LAMMY).unlink()
        wait_for_page(running.url, "Starmer and Trump speak by PHONE", hides=LAMMY_TITLE)
        # A new file.
        (sample / "2025-03-20-new-talks.yaml").write_text(
            "title: New talks in Riyadh\ndate: 2025-03-20\ntype: meeting\n"
            "actors: [Donald Trump]\ntrack: us-russia\n"
            "sources:\n  - outlet: The Independent\n    published: 2025-03-20\n",
            encoding="utf-8",
        )
        wait_for_page(running.url, "New talks in Riyadh")
        # A plan changed.
        plan = sample / PLAN
        plan.write_text(
            plan.read_text(encoding="utf-8").replace(
                "title: Full ceasefire", "title: A full and lasting ceasefire"
            ),
            encoding="utf-8",
        )
        wait_for_page(running.url, "A full and lasting ceasefire")
    finally:
        status, output = stop(running)
    assert status == 0, output
