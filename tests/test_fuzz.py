"""Fuzzing load + validate: whatever a file holds, problems come out, never an exception.

Three sources of input: YAML-like text built from the tokens that break parsers (brackets,
anchors, tags, implicit types, control characters, odd indentation), event-shaped data with
wrong types and hostile values dumped as YAML, and the sample files mutated as text (lines
cut, doubled or swapped, bytes flipped, files truncated) and as data (fields dropped, retyped,
nested). For every input, ``validate`` returns problems with real locations, ``load_checked``
raises nothing but :class:`InvalidEvents`, and whatever validates is ordered, listed,
hovered and written back as YAML that reads as the same event.

The default run tries a few hundred inputs per source; ``--run-slow`` tries tens of thousands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.drawing import event_window, hover_text, summary_line
from timeline.errors import InvalidEvents
from timeline.listing import format_events
from timeline.model import EVENT_TYPES, Event
from timeline.problems import Problem
from timeline.query import EventFilter, select
from timeline.validate import load_checked, validate
from timeline.vocabulary import TYPE_NAMES
from timeline.yaml_read import parse_yaml
from timeline.yaml_write import event_yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "events").glob("*.yaml"))
PLAN = ROOT / "events" / "plans" / "us-russia-ceasefire-path.yaml"
PLAN_COPY = Path("plans") / PLAN.name
BREAKS = (b"\n", b"\r", "\x85".encode(), "\u2028".encode(), "\u2029".encode())
SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in [*SAMPLES, PLAN]]
SAMPLE_DATA = [yaml.safe_load(text) for text in SAMPLE_TEXTS]

# Inputs per source: a quick pass in every run, a long one behind --run-slow.
QUICK = 300
LONG = 5_000

# Scalars that YAML 1.1 types implicitly, dates at the edges, markup and control characters.
TRICKY_SCALARS = [
    "2025-03-18", '"2025-03-18"', "2025-03", "2025", "2025-03-18T10:00:00Z", "2025-02-30",
    "2025-13", "0000", "0001-01-01T00:00+14:00", "9999-12-31", "9999-12-31T23:59-12:00",
    "10000-01-01", "2025-03-18T25:00Z", "2025-03-18T10:00+15:00", "2025-03~", "~", "12:30",
    "190:20:30", "NO", "yes", "on", "Off", "null", "~", "", ".inf", "-.nan", "0x1F", "0o17",
    "1_000", "1e400", "-0", "[]", "{}", "'", '"', "\\", "&a x", "*a", "!!str x",
    "!!python/object/apply:os.system ['true']", "!custom x", "<<: {}", "? complex",
    "<script>alert(1)</script>", "$\\href{javascript:alert(1)}{x}$", "javascript:alert(1)",
    "https://example.org/a?b=<c>", "\u2028", "\u202e", "\ufeff", "x\x00y", "\x1b[31m", "\x7f",
    "a\tb", "- - -", ": :", "# not a comment", "|", ">-",
]  # fmt: skip
FIELDS = [*Event.model_fields, "plan", "events", "timeline", "stages", "by", "says", "outlet"]
FIELDS += ["url", "published", "quote", "date_text", "stance", "parties", "announced", "<<"]


def fuzz(scratch: Path, examples: int, strategy: st.SearchStrategy[str | bytes]) -> None:
    """Check ``examples`` files drawn from ``strategy`` with Hypothesis."""

    def one(content: str | bytes) -> None:
        check_file(scratch, content)

    settings(
        max_examples=examples,
        deadline=None,  # a slow example on a busy machine is not a failure here
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )(given(strategy)(one))()


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder reused by every example (Hypothesis runs many per test)."""
    with tempfile.TemporaryDirectory() as folder:
        # The sample plan stays beside every fuzzed file, so stage references resolve.
        (Path(folder) / PLAN_COPY.parent).mkdir()
        shutil.copyfile(PLAN, Path(folder) / PLAN_COPY)
        yield Path(folder)


def check_file(scratch: Path, content: str | bytes, name: str = "fuzzed.yaml") -> list[Problem]:
    """Validate one file holding ``content``; assert the invariants; return its problems."""
    for old in scratch.glob("*.yaml"):
        old.unlink()
    path = scratch / name
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    path.write_bytes(raw)
    _, problems = validate(scratch)  # must not raise, whatever the file holds
    # YAML counts NEL, LS and PS as line breaks too.
    lines = sum(raw.count(mark) for mark in BREAKS) + 1
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path in (str(path), str(scratch / PLAN_COPY)), problem
        assert 1 <= problem.line <= lines + 1, problem
        assert problem.column >= 1, problem
        assert problem.message, problem
        assert len(str(problem).splitlines()) == 1, problem  # one problem, one line
    try:
        checked, _warnings = load_checked(scratch)
    except InvalidEvents as exc:  # the only exception a bad file may cause
        assert any(p.level == "error" for p in exc.problems)
        assert [p for p in problems if p.level == "error"]
        return problems
    assert not [p for p in problems if p.level == "error"]
    use(checked.events)
    return problems


def use(events: list[Event]) -> None:
    """Everything downstream of a clean load works on these events (no figure: too slow), and
    gives what the README says it gives."""
    ordered = select(events)
    ids = [event.id for event in ordered]
    assert sorted(ids) == sorted(event.id for event in events)
    listed = json.loads(format_events(ordered, "json"))
    assert [(record["id"], record["type"]) for record in listed] == [
        (event.id, event.type) for event in ordered
    ]
    rows = list(csv.DictReader(io.StringIO(format_events(ordered, "csv"))))
    assert [row["id"] for row in rows] == ids
    table = format_events(ordered, "table")
    # Nothing in a listing can drive the terminal: no control character but line breaks.
    assert not [ch for ch in table if (ord(ch) < 32 and ch != "\n") or 127 <= ord(ch) < 160]
    if ordered:
        count = f"{len(ordered):,} event{'s' if len(ordered) != 1 else ''}"
        assert summary_line(ordered).startswith(count)
    first = ordered[0].date if ordered else None
    kept = select(events, EventFilter(since=first, until=first, search="a", actors=("A",)))
    for event in kept:
        # --actor A names an actor called "A" or with "a" as a whole word of its name
        # ("K&a Starmer": words are runs of letters and digits).
        words = {word for actor in event.actors for word in re.split(r"[^\w]+|_", actor.casefold())}
        assert "a" in words
        assert "a" in f"{event.title}\n{event.summary or ''}".casefold()
    for event in ordered:
        window = event_window(event)
        assert window.start <= window.end
        hover = hover_text(event, ["a", "b"])
        # One line of plotly text: breaks are <br>, and the type is named after the date.
        assert hover.startswith("<b>") and "\n" not in hover
        assert f" · {TYPE_NAMES[event.type]}" in hover
        assert "<script" not in hover.lower()
        # What the tool writes for an event reads back as the same event.
        again = Event.model_validate({**parse_yaml(event_yaml(event)).data})
        assert again.model_dump() == event.model_dump()


# --- YAML-like text ---------------------------------------------------------------------

TOKENS = [
    "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "!!str ", "!!map ", "!x ",
    "!!python/name:os.system ", "<<", "'", '"', "#", "|", ">", "\n", "\n  ", "\n    ", "\t",
    "---\n", "...\n", "%YAML 1.1\n", "\\", "\ufeff", "\x00", "\x85", "\u2028", " ", "~",
]  # fmt: skip
token = st.sampled_from(TOKENS) | st.sampled_from(TRICKY_SCALARS) | st.sampled_from(FIELDS)
yaml_like = st.lists(token | st.text(max_size=6), max_size=60).map("".join)


# --- event-shaped data --------------------------------------------------------------------

leaf = st.one_of(
    st.sampled_from(TRICKY_SCALARS),
    st.sampled_from(EVENT_TYPES),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(timezones=st.timezones() | st.none()),
    st.text(max_size=20),
)
value = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=25,
)
event_like = st.fixed_dictionaries(
    {},
    optional={name: value for name in FIELDS},
)
document = st.one_of(
    event_like,
    st.builds(lambda events: {"events": events}, st.lists(event_like, max_size=4)),
    st.builds(lambda plan: {"plan": plan}, event_like),
    value,
)


def dumped(data: Any, flow: bool | None) -> str:
    """``data`` as YAML text; shared objects come out as anchors and aliases."""
    return yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)


shaped = st.builds(dumped, document, st.sampled_from([False, True, None]))


# --- dates at the edges -------------------------------------------------------------------


# Calendar points at the limits, valid or not; a drawn date keeps some prefix of one.
EDGES = [
    "0001-01-01", "9999-12-31", "0000-01-01", "10000-01-01", "2024-02-29", "2025-02-29",
    "2025-12-31", "2025-13-01", "2025-00-10", "2025-04-31",
]  # fmt: skip


@st.composite
def edge_date(draw: st.DrawFn) -> str:
    """Date text at the limits: the first and last days datetime can hold, impossible days
    and months, hours 23-24, zones out to ±15:00, with or without a zone."""
    edge = draw(st.sampled_from(EDGES))
    year, month, _ = edge.split("-")
    text = draw(st.sampled_from([year, f"{year}-{month}", edge, edge]))
    if text == edge and draw(st.booleans()):
        text += f"T{draw(st.sampled_from(['00', '23', '24']))}:{draw(st.sampled_from(['00', '59', '60']))}"
        hours = draw(st.sampled_from(["00", "01", "12", "13", "14", "15"]))
        minutes = draw(st.sampled_from(["00", "30", "60"]))
        zone = f"{draw(st.sampled_from('+-'))}{hours}:{minutes}"
        text += draw(st.sampled_from(["Z", zone, zone, ""]))
    return text + draw(st.sampled_from(["", "~"]))


dated = st.builds(
    lambda date, end, published, quoted: (
        f"title: T\ndate: {quoted(date)}\n"
        + (f"end: {quoted(end)}\n" if end else "")
        + "type: talks\nactors: [A]\nsources:\n  - outlet: O\n"
        + (f"    published: {quoted(published)}\n" if published else "")
    ),
    edge_date(),
    st.none() | edge_date(),
    st.none() | edge_date(),
    st.sampled_from([str, lambda text: f"'{text}'"]),
)


# --- mutated sample files -------------------------------------------------------------------


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A sample file with a few edits to its text: the damage hands and tools do."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, len(lines)))
        edit = draw(st.sampled_from(["cut", "double", "swap", "truncate", "insert", "indent"]))
        if edit == "cut":
            lines[i:j] = []
        elif edit == "double":
            lines[i:j] = lines[i:j] * 2
        elif edit == "swap" and j < len(lines):
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "truncate":
            joined = "".join(lines)
            text = joined[: draw(st.integers(0, len(joined)))]
            continue
        elif edit == "insert":
            column = draw(st.integers(0, len(lines[i])))
            piece = draw(token)
            lines[i] = lines[i][:column] + piece + lines[i][column:]
        elif edit == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i].lstrip(" ")
        text = "".join(lines)
    return text


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, item in data.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _paths(item, (*prefix, index))


@st.composite
def mutated_data(draw: st.DrawFn) -> str:
    """A sample file read as data, one field dropped, retyped, wrapped or duplicated."""
    data = yaml.safe_load(yaml.safe_dump(draw(st.sampled_from(SAMPLE_DATA))))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        edit = draw(st.sampled_from(["drop", "replace", "wrap", "share", "rename"]))
        if edit == "drop":
            del parent[key]
        elif edit == "replace":
            parent[key] = draw(value)
        elif edit == "wrap":
            parent[key] = draw(st.sampled_from([[parent[key]], {"x": parent[key]}]))
        elif edit == "share":  # one object twice: dumped as an anchor and an alias
            parent[key] = data
            break
        elif edit == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELDS))] = parent.pop(key)
    return dumped(data, draw(st.sampled_from([False, True, None])))


# --- the runs ------------------------------------------------------------------------------

SOURCES: dict[str, st.SearchStrategy[str | bytes]] = {
    "yaml-like-text": yaml_like,
    "any-bytes": st.binary(max_size=400),
    "event-shaped-data": shaped,
    "dates-at-the-edges": dated,
    "mutated-sample-text": mutated_text(),
    "mutated-sample-data": mutated_data(),
}


@pytest.mark.parametrize("source", SOURCES)
def test_any_file_gives_problems_not_exceptions(scratch: Path, source: str) -> None:
    fuzz(scratch, QUICK, SOURCES[source])


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES)
def test_any_file_gives_problems_not_exceptions_long(scratch: Path, source: str) -> None:
    fuzz(scratch, LONG, SOURCES[source])


def test_the_samples_pass_the_same_checks(scratch: Path) -> None:
    # The unmutated files are the control: the checks above accept good input.
    for path, text in zip(SAMPLES, SAMPLE_TEXTS, strict=False):
        assert [p for p in check_file(scratch, text, path.name) if p.level == "error"] == []
