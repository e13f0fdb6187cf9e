"""The parse cache: records come back equal to a fresh parse, and only while the file that
gave them is unchanged, whatever happens to the cache file or however many processes load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline.cache import (
    MIN_BYTES,
    ParseCache,
    Parsed,
    cache_path,
    digest,
    entry_payload,
    file_key,
)
from timeline.files import find_files
from timeline.loading import load, read_file
from timeline.model import Event

MakeTree = Callable[[dict[str, str | bytes]], Path]
Run = Callable[..., subprocess.CompletedProcess[str]]

SUMMARY = "Delegations met for a further round on the energy and maritime ceasefire. " * 8
COUNT = 60


def event_text(number: int, title: str = "") -> str:
    """An event file of about 800 bytes (so that 60 of them are over the cache's minimum)."""
    return (
        f"title: {title or f'Round {number:03d} of talks'}\n"
        f"date: 2025-03-{number % 28 + 1:02d}\n"
        "type: talks\n"
        "actors: [United States, Russia]\n"
        "track: us-russia\n"
        f"summary: {SUMMARY}\n"
        "sources:\n"
        "  - outlet: Reuters\n"
        f"    url: https://news.example.org/{number}\n"
    )


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test with a fresh user cache folder of its own; the commands it runs inherit it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


@pytest.fixture
def folder(make_tree: MakeTree) -> Path:
    """A folder big enough to be cached: 60 events in a subfolder each ten, and a plan."""
    files: dict[str, str | bytes] = {
        f"round-{n // 10}/talks-{n:03d}.yaml": event_text(n) for n in range(COUNT)
    }
    files["plans/path.yaml"] = (
        "plan:\n  id: path\n  title: Path\n  parties: [United States, Russia]\n"
        "  stages:\n    - id: energy\n      title: Energy ceasefire\n"
        "  sources:\n    - outlet: Reuters\n"
    )
    root = make_tree(files)
    assert sum(path.stat().st_size for path in find_files(root)) >= MIN_BYTES
    return root


def cache_file(root: Path) -> Path:
    return cache_path(root)


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` (links not followed) and each file's bytes."""
    return {
        path.relative_to(root).as_posix(): (
            path.read_bytes() if path.is_file() and not path.is_symlink() else None
        )
        for path in sorted(root.rglob("*"))
    }


def index(root: Path) -> dict[str, list[object]]:
    """The cache's index: file name -> [size, mtime_ns, sha256, start, end]."""
    _header, line, _blob = cache_file(root).read_bytes().split(b"\n", 2)
    result: dict[str, list[object]] = json.loads(line)
    return result


def hand_edit(root: Path, old: bytes, new: bytes) -> None:
    """Change the cached records themselves (not the keys), as an edit by hand would."""
    path = cache_file(root)
    data = path.read_bytes()
    assert data.count(old) == 1
    header, line, blob = data.split(b"\n", 2)
    entries = json.loads(line)
    position = blob.index(old)
    shift = len(new) - len(old)
    for entry in entries.values():
        if entry[3] > position:
            entry[3] += shift
        if entry[4] > position:
            entry[4] += shift
    line = json.dumps(entries, separators=(",", ":")).encode()
    path.write_bytes(header + b"\n" + line + b"\n" + blob.replace(old, new))


def tamper(root: Path, old: bytes, new: bytes) -> None:
    """Change the cached records and give the cache the checksum a save would: to see
    whether the cache is what a load reads."""
    hand_edit(root, old, new)
    sign(root)


def sign(root: Path) -> None:
    """Give the cache file the checksum a save would give it."""
    path = cache_file(root)
    header, line, blob = path.read_bytes().split(b"\n", 2)
    fields = json.loads(header)
    fields["sha256"] = digest(fields["code"], line, blob)
    path.write_bytes(json.dumps(fields).encode() + b"\n" + line + b"\n" + blob)


def titles(root: Path) -> dict[str, str]:
    return {event.id: event.title for event in load(root).timeline.events}


def test_a_second_load_gives_the_same_records_from_the_cache(folder: Path) -> None:
    before = tree(folder)
    first = load(folder)
    assert tree(folder) == before  # the cache is in the user's cache folder, not here
    assert cache_file(folder).parent == (
        Path(os.environ["XDG_CACHE_HOME"]) / "negotiation-timeline" / "parsed"
    )
    assert sorted(index(folder)) == sorted(
        path.relative_to(folder).as_posix() for path in find_files(folder)
    )
    second = load(folder)
    assert second.timeline.events == first.timeline.events  # origins included
    assert second.timeline.plans == first.timeline.plans
    assert [e.origin for e in second.timeline.events] == [e.origin for e in first.timeline.events]
    assert len(second.timeline.events) == COUNT
    # The cache is what the second load read: a record changed inside it shows.
    tamper(folder, b"Round 007 of talks", b"Round 007 of talks (cached)")
    assert titles(folder)["talks-007"] == "Round 007 of talks (cached)"


def test_origins_follow_the_folder_as_it_is_named_now(folder: Path) -> None:
    load(folder)
    relative = Path(os.path.relpath(folder))
    event = next(e for e in load(relative).timeline.events if e.id == "talks-012")
    assert event.origin is not None
    assert event.origin.path == str(relative / "round-1" / "talks-012.yaml")
    assert event.origin.field("summary") == (6, 1)


def test_an_edit_that_keeps_size_and_mtime_is_seen(folder: Path) -> None:
    path = folder / "round-0" / "talks-003.yaml"
    load(folder)
    before = path.stat()
    text = path.read_text()
    edited = text.replace("Round 003 of talks", "Round 003 of TALKS")
    assert len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert titles(folder)["talks-003"] == "Round 003 of TALKS"
    # ... and the cache now holds the new version.
    tamper(folder, b"Round 003 of TALKS", b"Round 003 of TALKS (cached)")
    assert titles(folder)["talks-003"] == "Round 003 of TALKS (cached)"


def test_edits_added_and_deleted_files_are_seen(folder: Path) -> None:
    load(folder)
    (folder / "round-2" / "talks-020.yaml").write_text(event_text(20, "Talks moved to Riyadh"))
    (folder / "round-9").mkdir()
    (folder / "round-9" / "extra.yaml").write_text(event_text(99, "A new round"))
    (folder / "round-3" / "talks-031.yaml").unlink()
    found = titles(folder)
    assert found["talks-020"] == "Talks moved to Riyadh"
    assert found["extra"] == "A new round"
    assert "talks-031" not in found
    assert len(found) == COUNT
    assert "round-3/talks-031.yaml" not in index(folder)
    assert "round-9/extra.yaml" in index(folder)


def test_a_renamed_file_gives_its_new_name_as_id(folder: Path) -> None:
    load(folder)
    old = folder / "round-0" / "talks-004.yaml"
    old.rename(old.with_name("riyadh-talks.yaml"))
    found = titles(folder)
    assert "talks-004" not in found
    assert found["riyadh-talks"] == "Round 004 of talks"


CORRUPTIONS: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("garbage", lambda data: b"\x00\xff not a cache \n\n\n"),
    ("empty", lambda data: b""),
    ("truncated", lambda data: data[: len(data) // 2]),
    ("header only", lambda data: data.split(b"\n")[0]),
    ("bad index", lambda data: data.replace(b'":[', b'":{', 1)),
    ("bad record", lambda data: data.replace(b'"Round 005 of talks"', b'"  "', 1)),
    ("bad json in a record", lambda data: data.replace(b'"Round 005 of talks"', b'"Round', 1)),
    ("another version", lambda data: data.replace(b'"code": "', b'"code": "0', 1)),
]


@pytest.mark.parametrize(("damage"), [c[1] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS])
def test_a_damaged_cache_is_ignored_and_rewritten(
    folder: Path, damage: Callable[[bytes], bytes]
) -> None:
    fresh = load(folder)
    path = cache_file(folder)
    path.write_bytes(damage(path.read_bytes()))
    loaded = load(folder)
    assert loaded.timeline.events == fresh.timeline.events
    assert loaded.timeline.plans == fresh.timeline.plans
    assert loaded.problems == fresh.problems == []
    # Rewritten whole: the next load takes everything from it again.
    assert len(index(folder)) == COUNT + 1
    tamper(folder, b"Round 005 of talks", b"Round 005 of talks (cached)")
    assert titles(folder)["talks-005"] == "Round 005 of talks (cached)"


def test_the_cache_folder_is_safe_to_delete(folder: Path) -> None:
    load(folder)
    shutil.rmtree(cache_file(folder).parent.parent)
    assert len(load(folder).timeline.events) == COUNT
    assert cache_file(folder).is_file()


def test_a_folder_where_the_cache_cannot_be_written_still_loads(folder: Path) -> None:
    blocked = cache_file(folder).parent
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the cache folder would go")
    first = load(folder)
    assert len(first.timeline.events) == COUNT
    assert load(folder).timeline.events == first.timeline.events
    assert blocked.read_text() == "a file where the cache folder would go"


def test_small_folders_are_cached_too(sample: Path) -> None:
    # The sample (9 events, a few KB) is what most users have: a second command on it reads
    # the cache instead of importing the models to parse a handful of files.
    assert sum(path.stat().st_size for path in find_files(sample)) < 32 * 1024
    first = load(sample)
    assert cache_file(sample).exists()
    assert load(sample).timeline.events == first.timeline.events


def test_two_checkouts_have_caches_of_their_own(folder: Path, tmp_path: Path) -> None:
    load(folder)
    copy = tmp_path / "checkout-2"
    shutil.copytree(folder, copy)
    assert cache_file(copy) != cache_file(folder)
    assert not cache_file(copy).exists()
    assert len(load(copy).timeline.events) == COUNT
    tamper(copy, b"Round 002 of talks", b"Round 002 of talks (copy)")
    assert titles(copy)["talks-002"] == "Round 002 of talks (copy)"
    assert titles(folder)["talks-002"] == "Round 002 of talks"


def test_a_symlink_in_the_events_folder_is_never_written_through(
    folder: Path, tmp_path: Path, run_timeline: Run
) -> None:
    """The old cache folder's name, linked out of the events folder (as a folder of events
    from someone else might carry it): no command writes through it, nor anywhere in the
    events folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "parsed.json").write_bytes(b"someone else's file\n")
    (folder / ".timeline-cache").symlink_to(outside, target_is_directory=True)
    (folder / "linked.yaml").symlink_to(outside / "parsed.json")
    before, outside_before = tree(folder), tree(outside)
    load(folder)
    env = {**os.environ}
    for command in ("validate", "list"):
        run_timeline(command, "-e", folder, env=env)
    assert tree(outside) == outside_before
    assert tree(folder) == before


def test_a_read_only_command_leaves_the_events_folder_as_it_was(
    folder: Path, run_timeline: Run
) -> None:
    before = tree(folder)
    for command in ("validate", "list", "validate"):
        result = run_timeline(command, "-e", folder)
        assert result.returncode == 0, result.stderr
    assert cache_file(folder).is_file()
    assert tree(folder) == before


def test_the_cache_file_is_never_read_or_written_through_a_symlink(
    folder: Path, tmp_path: Path
) -> None:
    load(folder)
    path = cache_file(folder)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(path.read_bytes())
    tamper(folder, b"Round 008 of talks", b"Round 008 of talks (linked)")
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    kept = elsewhere.read_bytes()
    assert titles(folder)["talks-008"] == "Round 008 of talks"  # the link was not read
    assert elsewhere.read_bytes() == kept  # nor written through
    assert not path.is_symlink() and path.is_file()  # the cache replaced the link


def test_files_with_problems_are_parsed_again_each_time(folder: Path) -> None:
    (folder / "broken.yaml").write_text("title: Broken\ndate: 2025-02-30\ntype: talks\n")
    first = load(folder)
    assert sorted(str(p) for p in first.problems) == [
        f"{folder / 'broken.yaml'}:1:1: error: missing required field 'actors'",
        f"{folder / 'broken.yaml'}:2:7: error: date: '2025-02-30' is not a date: "
        "February 2025 has 28 days",
    ]
    assert "broken.yaml" not in index(folder)
    assert load(folder).problems == first.problems


def test_a_big_list_file_alone_is_cached(make_tree: MakeTree) -> None:
    items = "".join(
        "  - id: talks-{n}\n    {body}".format(
            n=n, body=event_text(n).replace("\n", "\n    ").rstrip()
        )
        + "\n"
        for n in range(COUNT)
    )
    root = make_tree({"archive.yaml": "events:\n" + items})
    file = root / "archive.yaml"
    first = load(file)
    assert len(first.timeline.events) == COUNT
    assert list(index(root)) == ["archive.yaml"]
    assert load(file).timeline.events == first.timeline.events


def test_sample_records_survive_the_cache_unchanged(tmp_path: Path) -> None:
    """Every kind of field the sample uses (claims, stages, month dates, plans) comes back
    equal, through the cache's own store and lookup."""
    sample = Path(__file__).resolve().parent.parent / "events"
    cache = ParseCache(tmp_path)
    expected = {}
    wanted = {}
    for path in find_files(sample):
        events, plans, problems = read_file(path)
        assert problems == []
        name = path.relative_to(sample).as_posix()
        key = file_key(path.stat(), path.read_bytes())
        cache.store(name, key, Parsed(events, plans))
        expected[name] = (events, plans)
        wanted[name] = (key, str(path))
    cache.save()
    found = ParseCache(tmp_path).lookup(wanted)
    assert sorted(found) == sorted(expected)
    for name, (events, plans) in expected.items():
        assert found[name].events == events
        assert found[name].plans == plans
    stale = {name: (key, shown) for name, (key, shown) in wanted.items()}
    first = sorted(stale)[0]
    key, shown = stale[first]
    stale[first] = (type(key)(key.size, key.mtime_ns, "0" * 64), shown)
    assert first not in ParseCache(tmp_path).lookup(stale)


EVERY_FIELD = """\
events:
  - id: talks-riyadh
    title: Talks in Riyadh
    date: 2025-03-11
    end: 2025-03-12
    type: talks
    actors: [United States, Ukraine]
    track: us-ukraine
    summary: Delegations met.
    status: agreed
    stage: [path/energy, path/sea]
    sources:
      - outlet: Reuters
        title: Talks end
        url: https://news.example.org/riyadh
        published: 2025-03-12
        quote: "We agreed."
        date_text: on Tuesday
      - outlet: AP
    claims:
      - by: Kremlin
        says: It has not agreed.
        stance: denies
        status: proposed
      - by: Kyiv
        says: It has agreed.
    tags: [riyadh, ceasefire]
    key: true
    place: {name: Riyadh, lat: 24.7136, lon: 46.6753}
  - id: call-later
    title: A call
    date: 2025-03~
    type: call
    actors: [Russia]
    place: Moscow
    after: talks-riyadh
  - id: week-of-talks
    title: A week
    date: 2025-W11
    type: talks
    actors: [Russia]
"""

EVERY_PLAN_FIELD = """\
plan:
  id: path
  title: Path
  parties: [United States, Russia]
  announced: 2025-03
  stages:
    - id: energy
      title: Energy ceasefire
      scope: Grid
      duration: P30D
    - id: sea
      title: Sea
  sources:
    - outlet: Reuters
      published: 2025-03-11
"""


def test_models_from_the_cache_are_the_parsed_ones_to_the_byte(make_tree: MakeTree) -> None:
    """Every field of events and plans comes back from the cache as the same model: equal,
    with the same JSON dump (field order included), the same repr and the same origin."""
    root = make_tree({"list.yaml": EVERY_FIELD, "plan.yaml": EVERY_PLAN_FIELD})
    parsed = load(root)
    assert parsed.problems == []
    cached = load(root)
    assert len(index(root)) == 2
    records = [*parsed.timeline.events, *parsed.timeline.plans]
    again = [*cached.timeline.events, *cached.timeline.plans]
    assert len(records) == 4
    for fresh, kept in zip(records, again, strict=True):
        assert kept == fresh
        assert kept.model_dump_json() == fresh.model_dump_json()
        assert repr(kept) == repr(fresh)
        assert kept.origin == fresh.origin
    riyadh = cached.timeline.events[0]
    assert isinstance(riyadh.place, type(parsed.timeline.events[0].place))
    assert riyadh.sources[0].published == parsed.timeline.events[0].sources[0].published
    assert riyadh.date.iso() == "2025-03-11"
    assert cached.timeline.events[1].date.iso() == "2025-03~"


@pytest.mark.parametrize(
    "change",
    [
        lambda entry: entry["events"][0].update(colour="red"),
        lambda entry: entry["events"][0].pop("title"),
    ],
    ids=["a field the model lacks", "a required field missing"],
)
def test_a_signed_entry_the_models_would_refuse_is_parsed_again(
    folder: Path, change: Callable[[dict[str, object]], None]
) -> None:
    """An entry that checks out but does not fit the models (it cannot come from this code)
    is not used: that file is parsed again."""
    load(folder)
    name = "round-0/talks-001.yaml"
    path = folder / name
    cache = ParseCache(folder)
    key = file_key(path.stat(), path.read_bytes())
    events, plans, _ = read_file(path)
    entry = json.loads(entry_payload(events, plans) or b"")
    change(entry)
    cache.keep(name, key, json.dumps(entry).encode())
    cache.save()
    loaded = load(folder)
    assert loaded.problems == []
    event = next(e for e in loaded.timeline.events if e.id == "talks-001")
    assert event.title == "Round 001 of talks"
    assert "colour" not in event.model_dump()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"https://news.example.org/9"', b'"javascript:alert(1)"'),
        (b'"Round 009 of talks"', b'"Round 009 of talks (edited)"'),
    ],
    ids=["refused by the models", "valid but not in the file"],
)
def test_a_cache_edited_by_hand_is_not_read(folder: Path, old: bytes, new: bytes) -> None:
    """A record changed in the cache without the user's key (by hand, or in a cache made
    elsewhere) is not used, valid or not: the files are parsed again, the cache rewritten."""
    load(folder)
    hand_edit(folder, old, new)
    event = next(e for e in load(folder).timeline.events if e.id == "talks-009")
    assert isinstance(event, Event)
    assert event.sources[0].url == "https://news.example.org/9"
    assert event.title == "Round 009 of talks"
    assert old in cache_file(folder).read_bytes()
    assert new not in cache_file(folder).read_bytes()


LOADER = """
import sys
from pathlib import Path
from timeline.loading import load
root = Path(sys.argv[1])
for _ in range(int(sys.argv[2])):
    loaded = load(root)
    assert not loaded.problems, loaded.problems
    titles = {e.id: e.title for e in loaded.timeline.events}
    assert len(titles) == int(sys.argv[3]), len(titles)
    assert titles["talks-000"] == "Round 000 of talks"
print("ok")
"""

EDITOR = """
import sys
from pathlib import Path
from timeline.safefile import atomic_write
root = Path(sys.argv[1])
text = (root / "round-0" / "talks-001.yaml").read_text()
for n in range(int(sys.argv[2])):
    atomic_write(root / "round-0" / "talks-001.yaml", text.replace("Round 001", f"Edit {n:03d}"))
print("ok")
"""


def test_processes_loading_at_once_share_the_cache(folder: Path, tmp_path: Path) -> None:
    """Four processes load the folder 15 times each while a fifth edits one file: every load
    is complete and right, and afterwards the cache is whole and the last edit is seen."""
    loader = tmp_path / "loader.py"
    loader.write_text(LOADER)
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    processes = [
        subprocess.Popen(
            [sys.executable, str(loader), str(folder), "15", str(COUNT)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    processes.append(
        subprocess.Popen(
            [sys.executable, str(editor), str(folder), "40"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert (process.returncode, out, err) == (0, "ok\n", "")
    assert titles(folder)["talks-001"] == "Edit 039 of talks"
    assert len(index(folder)) == COUNT + 1
    assert not [p for p in cache_file(folder).parent.iterdir() if p.suffix == ".tmp"]


def test_the_command_uses_the_cache_too(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("validate", "-e", folder)
    assert result.returncode == 0
    assert result.stderr == f"{COUNT} events, 1 plan: 0 errors, 0 warnings\n"
    tamper(folder, b"Round 010 of talks", b"Round 010 of talks, cached")
    listed = run_timeline("list", "-e", folder, "--format", "csv")
    assert listed.returncode == 0
    assert "Round 010 of talks, cached" in listed.stdout
