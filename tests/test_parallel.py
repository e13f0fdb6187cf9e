"""Parsing on every core: the same results as parsing file by file, in order, whatever happens.

Each check runs in a fresh Python process (a worker may only be forked while no other thread
runs, which a test process cannot promise) that parses the same files both ways and compares
every record, its origin, every problem and every timeline setting. Whether workers really
ran is read from the kernel: the CPU time of reaped child processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from timeline.parallel import MIN_FILES, parse_many, parse_one

ROOT = Path(__file__).resolve().parent.parent

# Files whose every kind of result must come back: problems of each stage, settings, plans,
# list files, and good events.
HOSTILE = {
    "not-utf8.yaml": b"title: caf\xe9\n",
    "tab.yaml": b"title: T\n\tdate: 2025\n",
    "alias.yaml": b"a: &x [1]\nb: *x\n",
    "tag.yaml": b"!!python/object/apply:os.system ['true']\n",
    "merge.yaml": b"<<: {a: 1}\n",
    "duplicate.yaml": b"title: A\ntitle: B\n",
    "deep.yaml": b"a: " + b"[" * 400 + b"]" * 400 + b"\n",  # read by the Python loader
    "control.yaml": b"title: a\x1b[2J\n",
    "empty.yaml": b"",
    "scalar.yaml": b"just text\n",
    "wrong.yaml": b"title: T\ndate: 12:30\ntype: talk\nactors: NO\nsources: [{outlet: O, url: 'javascript:x'}]\n",
    "timeline.yaml": b"timeline:\n  title: Talks\n",
    "timeline-2.yaml": b"timeline:\n  title: Again\n",
    "plan.yaml": (
        b"plan:\n  id: p\n  title: P\n  parties: [A, B]\n  announced: 2025-03\n"
        b"  stages:\n    - {id: one, title: One, duration: P30D}\n"
    ),
    "list.yaml": (
        b"events:\n  - {id: a, title: A, date: 2025-03-18, type: call, actors: [X]}\n"
        b"  - {title: no id}\n  - 7\n"
    ),
    "good.yaml": (
        b"title: Talks in Riyadh\ndate: '2025-03-18~'\nend: 2025-03-20\ntype: talks\n"
        b"actors: [United States, Russia]\ntrack: us-russia\nkey: yes\n"
        b"sources:\n  - outlet: Reuters\n    url: https://news.example.org/a?b=1#c\n"
        b"    published: 2025-03-19\n"
        b"claims:\n  - {by: Kremlin, says: Talks went well}\n"
        b"  - {by: Kyiv, says: Talks went well, stance: denies}\n"
    ),
}

# Parses the files of a folder sequentially and in parallel (MODE: how), compares them, and
# prints what it found as JSON.
SCRIPT = """
import json, os, signal, sys, threading, multiprocessing
from pathlib import Path
from timeline.parallel import parse_many, parse_one
from timeline.files import find_files

folder, mode = Path(sys.argv[1]), sys.argv[2]
items = [(str(p), p.stem, p.read_bytes()) for p in find_files(folder)]
advanced = 0
killed = []
reported = []

def advance(done, total, size):
    global advanced
    advanced += 1
    reported.append((done, total, size))
    if mode == "kill" and advanced == 1:
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)

if mode == "thread":
    stop = threading.Event()
    threading.Thread(target=stop.wait).start()
before = os.times()
parallel = parse_many(items, advance, workers=int(sys.argv[3]))
after = os.times()
if mode == "thread":
    stop.set()
sequential = [parse_one(*item) for item in items]
different = [
    item[0] for item, one, other in zip(items, parallel, sequential)
    if one != other
    or [r.origin for r in (*one[0], *one[1])] != [r.origin for r in (*other[0], *other[1])]
    or [repr(r) + r.model_dump_json() for r in (*one[0], *one[1])]
    != [repr(r) + r.model_dump_json() for r in (*other[0], *other[1])]
]
print(json.dumps({
    "files": len(items),
    "results": len(parallel),
    "different": different,
    "advanced": advanced,
    "counted": [done for done, _, _ in reported] == list(range(1, len(items) + 1)),
    "sizes": {(total, size) for _, total, size in reported}
        == {(len(items), sum(len(item[2]) for item in items))},
    "killed": len(killed),
    "children_cpu": after.children_user + after.children_system
        - before.children_user - before.children_system,
    "events": sum(len(r[0]) for r in parallel),
    "plans": sum(len(r[1]) for r in parallel),
    "problems": sum(len(r[2]) for r in parallel),
    "settings": sum(len(r[3]) for r in parallel),
}))
"""


def compare(folder: Path, mode: str, workers: int = 1) -> dict[str, Any]:
    """Run SCRIPT on ``folder``; what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), mode, str(workers)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # a killed worker leaves no traceback behind
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's folder of 10,000 realistic events (and its plan)."""
    folder = tmp_path_factory.mktemp("parallel") / "events"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "10000", str(folder)],
        check=True,
    )
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hostile file many times over, between good ones: more than MIN_FILES in all."""
    folder = tmp_path_factory.mktemp("parallel") / "events"
    folder.mkdir()
    for copy in range(MIN_FILES // len(HOSTILE) + 2):
        for name, content in HOSTILE.items():
            (folder / f"{copy:03d}-{name}").write_bytes(content)
    return folder


def test_two_processes_read_10000_files_as_one_does(ten_thousand: Path) -> None:
    found = compare(ten_thousand, "plain")
    assert found["files"] == found["results"] == found["advanced"] == 10_001
    assert found["different"] == []
    assert found["events"] == 10_000
    assert found["counted"] and found["sizes"]  # one call per file, in order, with the size
    assert found["children_cpu"] > 0  # a worker parsed some of them


def test_hostile_files_give_the_same_problems_in_parallel(hostile: Path) -> None:
    found = compare(hostile, "plain")
    assert found["files"] == found["results"] == found["advanced"] > MIN_FILES
    assert found["different"] == []
    copies = found["files"] // len(HOSTILE)
    assert (found["events"], found["plans"], found["settings"]) == (2 * copies, copies, 2 * copies)
    assert found["problems"] == 20 * copies
    assert found["children_cpu"] > 0


def test_three_workers_on_two_cores_agree_too(hostile: Path) -> None:
    found = compare(hostile, "plain", workers=3)
    assert found["different"] == []
    assert found["files"] == found["results"] == found["advanced"]


def test_a_killed_worker_loses_no_file(ten_thousand: Path) -> None:
    found = compare(ten_thousand, "kill")
    assert found["killed"] == 1
    assert found["files"] == found["results"] == found["advanced"] == 10_001
    assert found["counted"]
    assert found["different"] == []


@pytest.mark.parametrize(
    ("mode", "workers"),
    [("thread", 1), ("plain", 0)],
    ids=["another-thread-runs", "no-workers"],
)
def test_without_workers_this_process_parses_all(hostile: Path, mode: str, workers: int) -> None:
    found = compare(hostile, mode, workers)
    assert found["different"] == []
    assert found["files"] == found["results"] == found["advanced"]
    assert found["children_cpu"] == 0


def test_few_files_are_parsed_here(make_tree: Any) -> None:
    folder = make_tree({name: content for name, content in HOSTILE.items()})
    found = compare(folder, "plain")
    assert found["files"] == found["results"] == found["advanced"] == len(HOSTILE) < MIN_FILES
    assert found["different"] == []
    assert found["children_cpu"] == 0


def test_results_are_those_of_one_file_each() -> None:
    items = [(f"{name}", Path(name).stem, content) for name, content in HOSTILE.items()]
    assert parse_many(items, workers=0) == [parse_one(*item) for item in items]
    events, plans, problems, settings, entry, _unchecked = parse_one(
        "x/timeline.yaml", "timeline", HOSTILE["timeline.yaml"]
    )
    assert (events, plans, problems, entry) == ([], [], [], None)
    assert [(shown, found.title) for shown, found in settings] == [("x/timeline.yaml", "Talks")]
