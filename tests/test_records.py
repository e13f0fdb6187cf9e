"""Plain records from the parse cache: ``list`` and ``validate`` give the same bytes from them
as from the files, and a cache that does not check out is never trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from timeline import cache
from timeline.cache import cache_path, digest, load_plain
from timeline.listing import LIST_FORMATS, format_events
from timeline.loading import load
from timeline.model import Event, Plan
from timeline.problems import FORMATS, format_problems
from timeline.query import EventFilter, select
from timeline.records import PlainEvent, PlainPlan, PlainTimeline
from timeline.validate import review, validate

MakeTree = Callable[[dict[str, str | bytes]], Path]
Run = Callable[..., subprocess.CompletedProcess[str]]
SAMPLE = Path(__file__).resolve().parent.parent / "events"

SUMMARY = "Delegations met again on the energy and maritime ceasefire, with mediators. " * 6


def varied_event(number: int) -> str:
    """Events of every shape the checks and formats treat apart: spans, month and approximate
    dates, times, claims, tags, key events, stages with and without status, no source."""
    lines = [f"title: Round {number:03d} — talks, “quoted” & <b>marked</b>"]
    if number % 5 == 0:
        lines.append(f"date: 2025-{number % 12 + 1:02d}")
    elif number % 7 == 0:
        lines.append(f"date: 2025-03-{number % 28 + 1:02d}~")
    elif number % 11 == 0:
        lines.append("date: 2025-03-18T14:30+03:00")
    else:
        lines.append(f"date: 2025-03-{number % 28 + 1:02d}")
    if number % 6 == 0:
        lines.append("end: 2025-12-31")
    lines += [
        f"type: {('talks', 'call', 'ceasefire', 'statement', 'other')[number % 5]}",
        "actors: [United States, Russia, Ukraine]",
        f"track: {'us-russia' if number % 2 else 'europe'}",
        f"summary: {SUMMARY}",
    ]
    if number % 4 == 0:
        lines.append("stage: path/energy")
        if number % 8 == 0:
            lines.append("status: agreed")
    elif number % 9 == 0:
        lines.append("status: proposed")  # a status without stage: a warning
    if number % 3:
        lines += [
            "sources:",
            "  - outlet: Reuters",
            f"    url: https://news.example.org/{number}?a=1&b=2",
            "    published: 2025-03",
            f"    quote: 'They said “{number}”.'",
        ]
    if number % 10 == 1:
        lines += [
            "claims:",
            "  - {by: Kremlin, says: agreed, stance: asserts}",
            "  - {by: Kyiv, says: agreed, stance: denies}",
        ]
    if number % 4 == 1:
        lines += ["tags: [energy, Black Sea]", "key: true"]
    return "\n".join(lines) + "\n"


PLAN = (
    "plan:\n  id: path\n  title: Path\n  parties: [United States, Russia]\n"
    "  announced: 2025-03~\n"
    "  stages:\n    - id: energy\n      title: Energy ceasefire\n      duration: P30D\n"
    "    - {id: sea, title: Black Sea, scope: Black Sea}\n"
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test with a fresh user cache folder of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture
def varied(make_tree: MakeTree) -> Path:
    """60 varied events (with warnings) and a plan, big enough to be cached."""
    files: dict[str, str | bytes] = {f"e/ev-{n:03d}.yaml": varied_event(n) for n in range(60)}
    files["plans/path.yaml"] = PLAN
    return make_tree(files)


@pytest.fixture
def cached_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample, cached (patched to be, should the smallest cached folder grow)."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    monkeypatch.setattr("timeline.loading.CACHE_MIN_BYTES", 0)
    return target


def outputs(timeline: object, problems: list[object], where: EventFilter) -> dict[str, str]:
    events = select(timeline.events, where)  # type: ignore[attr-defined]
    found = {f"list {style}": format_events(events, style, width=100) for style in LIST_FORMATS}
    for style in FORMATS:
        found[f"validate {style}"] = format_problems(problems, style)  # type: ignore[arg-type]
    return found


FILTERS = [
    EventFilter(),
    EventFilter(since=None, actors=("russia",), types=("talks", "ceasefire")),
    EventFilter(tags=("ENERGY",), search="round"),
]


@pytest.mark.parametrize("folder_name", ["varied", "cached_sample"])
@pytest.mark.parametrize("where", FILTERS, ids=["all", "actor-type", "tag-search"])
def test_cached_and_parsed_records_give_the_same_output(
    folder_name: str, where: EventFilter, request: pytest.FixtureRequest
) -> None:
    folder: Path = request.getfixturevalue(folder_name)
    assert load_plain(folder) is None  # nothing cached yet
    parsed, parsed_problems = validate(folder)
    assert cache_path(folder).is_file()
    plain, plain_problems = review(folder)
    assert isinstance(plain, PlainTimeline)
    assert plain_problems == parsed_problems
    if folder_name == "varied":
        assert any(p.level == "warning" for p in plain_problems)
    assert outputs(plain, plain_problems, where) == outputs(parsed, parsed_problems, where)
    assert [e.origin for e in plain.events] == [e.origin for e in parsed.events]
    assert [p.origin for p in plain.plans] == [p.origin for p in parsed.plans]


def test_plain_records_have_every_field_of_the_models() -> None:
    """A field added to the models must be added to the plain records too."""
    assert set(Event.model_fields) <= set(PlainEvent.__slots__)
    assert set(Plan.model_fields) <= set(PlainPlan.__slots__)


def test_records_restored_for_build_equal_the_parsed_ones(varied: Path) -> None:
    fresh = load(varied)
    again = load(varied)
    assert again.timeline.events == fresh.timeline.events
    assert again.timeline.plans == fresh.timeline.plans
    assert [e.origin for e in again.timeline.events] == [e.origin for e in fresh.timeline.events]
    assert [list(e.__dict__) for e in again.timeline.events] == [
        list(e.__dict__) for e in fresh.timeline.events
    ]
    # Every record is the model, with nested models, not plain data.
    assert all(isinstance(e, Event) for e in again.timeline.events)
    assert all(type(s).__name__ == "Source" for e in again.timeline.events for s in e.sources)


def test_every_file_must_be_cached_for_the_plain_path(varied: Path) -> None:
    validate(varied)
    assert load_plain(varied) is not None
    (varied / "e" / "new.yaml").write_text(varied_event(99))
    assert load_plain(varied) is None
    timeline, _ = review(varied)
    assert not isinstance(timeline, PlainTimeline)
    assert isinstance(review(varied)[0], PlainTimeline)  # the load cached the new file


def test_another_users_cache_is_not_read(
    varied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user (another cache folder) parses the folder again, and keeps their own."""
    validate(varied)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert load_plain(varied) is None
    validate(varied)  # parsed, and cached in this user's folder
    assert isinstance(review(varied)[0], PlainTimeline)


def test_without_a_place_for_the_cache_no_cache_is_used(
    varied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the user's cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    before = sorted(varied.rglob("*"))
    first, problems = validate(varied)
    assert not cache_path(varied).exists()
    assert sorted(varied.rglob("*")) == before
    second, again = review(varied)
    assert not isinstance(second, PlainTimeline)
    assert (second.events, again) == (first.events, problems)


def test_the_cache_is_the_users_alone(varied: Path) -> None:
    before = sorted(varied.rglob("*"))
    validate(varied)
    path = cache_path(varied)
    assert path.parent == Path(os.environ["XDG_CACHE_HOME"]) / "negotiation-timeline" / "parsed"
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(varied.rglob("*")) == before  # nothing written in the events folder


def resign(folder: Path, change: Callable[[dict[str, object]], None]) -> None:
    """Change one cached entry's data and give the cache the checksum a save would."""
    path = cache_path(folder)
    header, line, blob = path.read_bytes().split(b"\n", 2)
    index = json.loads(line)
    parts = []
    offset = 0
    for number, (name, (size, mtime, sha, start, end)) in enumerate(index.items()):
        entry = json.loads(blob[start:end])
        if number == 0:
            change(entry)
        payload = json.dumps(entry).encode()
        index[name] = [size, mtime, sha, offset, offset + len(payload)]
        parts.append(payload)
        offset += len(payload)
    fields = json.loads(header)
    new_line = json.dumps(index).encode()
    new_blob = b"".join(parts)
    fields["sha256"] = digest(fields["code"], new_line, new_blob)
    path.write_bytes(json.dumps(fields).encode() + b"\n" + new_line + b"\n" + new_blob)


SIGNED_DAMAGE: list[tuple[str, Callable[[dict[str, object]], None]]] = [
    ("no title", lambda entry: entry["events"][0].pop("title")),  # type: ignore[index,attr-defined]
    ("bad date", lambda entry: entry["events"][0].update(date="2025-02-30")),  # type: ignore[index,attr-defined]
    ("not a list", lambda entry: entry.update(events="talks")),
    ("where too short", lambda entry: entry.update(where=[])),
    ("bad where", lambda entry: entry.update(where=[["x", 1, []]])),
]


@pytest.mark.parametrize("damage", [c[1] for c in SIGNED_DAMAGE], ids=[c[0] for c in SIGNED_DAMAGE])
def test_a_signed_entry_that_cannot_be_read_is_parsed_again(
    varied: Path, damage: Callable[[dict[str, object]], None]
) -> None:
    """Even an entry that checks out but that this code cannot read crashes nothing: that
    file is parsed again."""
    expected, problems = validate(varied)
    resign(varied, damage)
    assert load_plain(varied) is None
    timeline, found = review(varied)
    assert (timeline.events, found) == (expected.events, problems)
    assert load(varied).timeline.events == expected.events


def test_the_command_gives_the_same_bytes_from_the_cache(varied: Path, run_timeline: Run) -> None:
    """The installed command, before and after the cache is made: same output, byte for
    byte, in every format."""
    runs = [
        ("list", "--format", "table"),
        ("list", "--format", "json"),
        ("list", "--format", "csv", "--actor", "ukraine"),
        ("validate", "--format", "text"),
        ("validate", "--format", "json", "--strict"),
        ("validate", "--format", "github"),
    ]
    env = {
        "COLUMNS": "100",
        "PATH": "/usr/bin:/bin",
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    first = []
    for args in runs:
        cache_path(varied).unlink(missing_ok=True)
        result = run_timeline(args[0], "-e", varied, *args[1:], env=env)
        first.append((result.returncode, result.stdout, result.stderr))
        assert cache_path(varied).is_file()
    assert load_plain(varied) is not None
    second = []
    for args in runs:
        result = run_timeline(args[0], "-e", varied, *args[1:], env=env)
        second.append((result.returncode, result.stdout, result.stderr))
    assert second == first
    assert "warning" in first[3][1] + first[3][2]
    assert first[4][0] == 1  # --strict: the warnings are errors
