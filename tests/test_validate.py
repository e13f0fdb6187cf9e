"""Loading and validation: every problem, with its file, line and column, and exact message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from timeline.errors import InvalidEvents
from timeline.model import Event, Plan, Timeline
from timeline.problems import format_problems
from timeline.validate import check, load_events, review, validate

GOOD = """\
title: Talks in Riyadh
date: 2025-03-24
type: talks
actors: [United States, Russia]
sources: [{outlet: Reuters}]
"""

PLAN = """\
plan:
  title: Path to peace
  parties: [United States, Russia]
  stages:
    - {id: energy, title: Energy ceasefire}
    - {id: black-sea, title: Black Sea ceasefire}
  sources: [{outlet: Reuters}]
"""

Tree = Callable[[dict[str, str | bytes]], Path]

CASES: list[tuple[str, str | bytes, list[str]]] = [
    ("good", GOOD, []),
    (
        "bad-yaml",
        "title: Talks\nactors: [Trump\n",
        [
            "x.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' "
            "(parsing a flow sequence that starts on line 2)"
        ],
    ),
    (
        "unknown-field",
        GOOD + "summmary: typo\n",
        ["x.yaml:6:1: error: unknown field 'summmary'; did you mean 'summary'?"],
    ),
    (
        "unknown-source-field",
        GOOD.replace("{outlet: Reuters}", "{outlet: Reuters, urll: x}"),
        ["x.yaml:5:29: error: sources[0]: unknown field 'urll'; did you mean 'url'?"],
    ),
    (
        "impossible-day",
        GOOD.replace("2025-03-24", "2025-02-30"),
        ["x.yaml:2:7: error: date: '2025-02-30' is not a date: February 2025 has 28 days"],
    ),
    (
        "month-13",
        GOOD.replace("2025-03-24", "2025-13"),
        ["x.yaml:2:7: error: date: '2025-13' is not a date: month 13 does not exist"],
    ),
    (
        "end-before-date",
        GOOD + "end: 2025-03-10\n",
        ["x.yaml:6:6: error: end: 2025-03-10 is before the date 2025-03-24"],
    ),
    (
        "unquoted-no",
        GOOD.replace("[United States, Russia]", "[NO, Russia]"),
        ['x.yaml:4:10: error: actors[0]: NO was read as a boolean; quote it: "NO"'],
    ),
    (
        "sexagesimal-date",
        GOOD.replace("2025-03-24", "12:30"),
        [
            "x.yaml:2:7: error: date: '12:30' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"
        ],
    ),
    (
        "missing-title",
        GOOD.replace("title: Talks in Riyadh\n", ""),
        ["x.yaml:1:1: error: missing required field 'title'"],
    ),
    (
        "bad-type",
        GOOD.replace("type: talks", "type: phone"),
        [
            "x.yaml:3:7: error: type: 'phone' is not allowed; use 'statement', 'call', 'visit', "
            "'meeting', 'talks', 'mediation', 'proposal', 'agreement', 'ceasefire', 'demand', "
            "'rejection', 'violation', 'aid', 'sanction' or 'other'"
        ],
    ),
    (
        "javascript-url",
        GOOD.replace("{outlet: Reuters}", '{outlet: Reuters, url: "JaVaScRiPt:alert(1)"}'),
        [
            "x.yaml:5:34: error: sources[0].url: 'JaVaScRiPt:alert(1)' is not a web address: "
            "use an http:// or https:// URL"
        ],
    ),
    (
        "no-source",
        GOOD.replace("sources: [{outlet: Reuters}]\n", ""),
        ["x.yaml:1:1: warning: event has no source; add sources:"],
    ),
    (
        "duplicate-key",
        GOOD + "title: Again\n",
        [
            "x.yaml:6:1: error: duplicate key 'title' (first on line 1); "
            "YAML would keep only the last value"
        ],
    ),
    (
        "empty",
        "",
        ["x.yaml:1:1: error: empty file: write an event, a 'plan:' or an 'events:' list"],
    ),
    (
        "scalar",
        "hello\n",
        ["x.yaml:1:1: error: expected a mapping (an event, 'plan:' or 'events:'), found text"],
    ),
    (
        "python-tag",
        '!!python/object/apply:os.system ["echo pwned"]\n',
        [
            "x.yaml:1:1: error: the tag '!!python/object/apply:os.system' is not allowed in "
            "event files (only plain data is read)"
        ],
    ),
    (
        "alias",
        GOOD.replace("actors: [United States, Russia]", "actors: &a [United States]\ntags: *a"),
        [
            "x.yaml:4:9: error: anchors and aliases (&name, *name) are not allowed in event "
            "files; write the value out"
        ],
    ),
    (
        "merge-key",
        "base: &b {title: x}\nevent:\n  <<: *b\n",
        ["x.yaml:3:3: error: merge keys (<<) are not allowed in event files"],
    ),
    (
        "latin-1",
        b"title: caf\xe9\n",
        ["x.yaml:1:11: error: not UTF-8 text; save the file as UTF-8"],
    ),
    (
        "status-without-stage",
        GOOD + "status: agreed\n",
        [
            "x.yaml:6:1: warning: status 'agreed' without stage: name the plan stage it applies "
            "to (stage: PLAN-ID/STAGE-ID)"
        ],
    ),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_single_file(make_tree: Tree, content: str | bytes, expected: list[str]) -> None:
    root = make_tree({"x.yaml": content})
    _, problems = validate(root)
    prefix = f"{root}/"
    assert [str(p).removeprefix(prefix) for p in problems] == expected


def test_file_name_that_is_not_an_id(make_tree: Tree) -> None:
    root = make_tree({"Talks In Riyadh.yaml": GOOD})
    _, problems = validate(root)
    assert [p.message for p in problems] == [
        "the file name 'Talks In Riyadh' is not a valid id: rename the file or add an 'id:' "
        "field (lowercase letters, digits and -)"
    ]


def test_an_id_field_rescues_a_file_name_that_is_not_an_id(make_tree: Tree) -> None:
    # The message above says to rename the file or add an 'id:' field; the field works.
    root = make_tree({"Talks In Riyadh.yaml": "id: talks-in-riyadh\n" + GOOD})
    timeline, problems = validate(root)
    assert problems == []
    assert [event.id for event in timeline.events] == ["talks-in-riyadh"]


def test_problems_across_files(make_tree: Tree) -> None:
    root = make_tree(
        {
            "plan.yaml": PLAN,
            "a.yaml": "id: same\n" + GOOD,
            "sub/list.yaml": "events:\n  - id: same\n"
            + "".join(f"    {line}\n" for line in GOOD.splitlines())
            + "  - id: staged\n"
            + "".join(f"    {line}\n" for line in GOOD.splitlines())
            + "    stage: peace/energy\n    status: agreed\n"
            + "  - id: wrong-stage\n"
            + "".join(f"    {line}\n" for line in GOOD.splitlines())
            + "    stage: plan/ceasefire\n    status: agreed\n",
            "unknown-plan.yaml": GOOD + "stage: peace-plan/ceasefire\nstatus: agreed\n",
        }
    )
    _, problems = validate(root)
    text = format_problems(problems).replace(f"{root}/", "")
    assert text == (
        "sub/list.yaml:2:5: error: duplicate event id 'same': also at a.yaml:1:1\n"
        "sub/list.yaml:14:5: error: stage: no plan 'peace' (plans: plan)\n"
        "sub/list.yaml:22:5: error: stage: plan 'plan' has no stage 'ceasefire' "
        "(stages: energy, black-sea)\n"
        "unknown-plan.yaml:6:1: error: stage: no plan 'peace-plan' (plans: plan)\n"
    )


def test_strict_turns_warnings_into_errors(make_tree: Tree) -> None:
    root = make_tree({"x.yaml": GOOD.replace("sources: [{outlet: Reuters}]\n", "")})
    _, problems = validate(root, strict=True)
    assert [p.level for p in problems] == ["error"]


def test_list_file_needs_ids(make_tree: Tree) -> None:
    root = make_tree({"list.yaml": "events:\n  - title: x\n"})
    _, problems = validate(root)
    assert [str(p).removeprefix(f"{root}/") for p in problems] == [
        "list.yaml:2:5: error: events[0]: missing required field 'id' "
        "(events in a list file need one)"
    ]


def test_hidden_files_and_other_suffixes_are_not_events(make_tree: Tree) -> None:
    root = make_tree(
        {
            "a.yaml": GOOD,
            ".a.yaml.x1.tmp": "garbage: [",
            ".cache/b.yaml": "garbage: [",
            "notes.txt": "garbage",
            "b.yml": GOOD,
        }
    )
    timeline, problems = validate(root)
    assert problems == []
    assert sorted(e.id for e in timeline.events) == ["a", "b"]


def test_sample_is_clean_under_strict() -> None:
    timeline, problems = validate(Path(__file__).parent.parent / "events", strict=True)
    assert problems == []
    assert len(timeline.events) >= 8
    assert [p.id for p in timeline.plans] == ["us-russia-ceasefire-path"]


# Checks on records made in memory (the Python API, and add's check of a new event): there is
# no file, so each problem is placed at <memory>:1:1.


def in_memory(*events: dict[str, object], plans: tuple[dict[str, object], ...] = ()) -> Timeline:
    return Timeline(
        events=[Event.model_validate(e) for e in events],
        plans=[Plan.model_validate(p) for p in plans],
    )


MEMORY_EVENT = {"id": "a", "title": "T", "date": "2025-03-18", "type": "talks", "actors": ["A"]}
MEMORY_PLAN = {
    "id": "peace",
    "title": "P",
    "parties": ["A"],
    "stages": [{"id": "one", "title": "O"}],
}


def test_problems_of_records_made_in_memory() -> None:
    timeline = in_memory(
        MEMORY_EVENT,
        {**MEMORY_EVENT, "sources": [{"outlet": "X"}]},
        {**MEMORY_EVENT, "id": "b", "stage": "peace/two", "status": "agreed"},
        plans=(
            MEMORY_PLAN,
            MEMORY_PLAN,
            {**MEMORY_PLAN, "id": "other", "stages": [{"id": "x", "title": "X"}] * 2},
        ),
    )
    assert [(p.path, p.line, p.column, p.level, p.message) for p in sorted(check(timeline))] == [
        ("<memory>", 1, 1, "error", "duplicate event id 'a': also at <memory>"),
        ("<memory>", 1, 1, "error", "duplicate plan id 'peace': also at <memory>"),
        ("<memory>", 1, 1, "error", "duplicate stage id 'x' in plan"),
        ("<memory>", 1, 1, "error", "stage: plan 'peace' has no stage 'two' (stages: one)"),
        ("<memory>", 1, 1, "warning", "event has no source; add sources:"),
        ("<memory>", 1, 1, "warning", "event has no source; add sources:"),
        ("<memory>", 1, 1, "warning", "plan has no source; add sources:"),
        ("<memory>", 1, 1, "warning", "plan has no source; add sources:"),
        ("<memory>", 1, 1, "warning", "plan has no source; add sources:"),
    ]


def test_load_events_refuses_errors_and_keeps_warnings(make_tree: Tree) -> None:
    warned = make_tree({"x.yaml": GOOD.replace("sources: [{outlet: Reuters}]\n", "")})
    assert [e.id for e in load_events(warned).events] == ["x"]
    broken = make_tree({"x.yaml": GOOD.replace("type: talks", "type: phone")}, name="broken")
    with pytest.raises(InvalidEvents) as raised:
        load_events(broken)
    assert [(p.line, p.column, p.level) for p in raised.value.problems] == [(3, 7, "error")]
    assert str(raised.value) == "the events have 1 error; nothing was done"


@pytest.mark.parametrize(
    ("plans", "listed"),
    [({}, "none"), ({"b-plan.yaml": PLAN, "a-plan.yaml": PLAN}, "a-plan, b-plan")],
    ids=["no plans", "two plans"],
)
def test_an_unknown_plan_names_the_plans_there_are(
    make_tree: Tree, plans: dict[str, str], listed: str
) -> None:
    root = make_tree({**plans, "x.yaml": GOOD + "stage: truce/energy\nstatus: agreed\n"})
    _, problems = validate(root)
    assert [str(p).removeprefix(f"{root}/") for p in problems] == [
        f"x.yaml:6:1: error: stage: no plan 'truce' (plans: {listed})"
    ]


def test_problems_about_an_id_point_at_its_id_field(make_tree: Tree) -> None:
    # The id on the third line: duplicates and a missing source are placed there.
    later = GOOD.replace("type: talks\n", "type: talks\nid: same\n")
    plan = PLAN.replace("  title: Path to peace\n", "  title: Path to peace\n  id: peace\n")
    root = make_tree(
        {
            "a.yaml": later,
            "b.yaml": later.replace("sources: [{outlet: Reuters}]\n", ""),
            "plan.yaml": plan.replace("  sources: [{outlet: Reuters}]\n", ""),
        }
    )
    _, problems = validate(root)
    assert [str(p).replace(f"{root}/", "") for p in problems] == [
        "b.yaml:4:1: error: duplicate event id 'same': also at a.yaml:4:1",
        "b.yaml:4:1: warning: event has no source; add sources:",
        "plan.yaml:3:3: warning: plan has no source; add sources:",
    ]


def test_review_reports_warnings_as_warnings_unless_strict(make_tree: Tree) -> None:
    root = make_tree({"x.yaml": GOOD.replace("sources: [{outlet: Reuters}]\n", "")})
    for _ in range(2):  # the second time from the parse cache
        _, problems = review(root)
        assert [(p.level, p.message) for p in problems] == [
            ("warning", "event has no source; add sources:")
        ]
        _, problems = review(root, strict=True)
        assert [(p.level, p.message) for p in problems] == [
            ("error", "event has no source; add sources:")
        ]


def test_each_stage_of_a_list_is_checked(make_tree: Any, run_timeline: Any) -> None:
    root = make_tree(
        {
            "plans/path.yaml": "plan:\n  title: Path\n  parties: [A]\n  stages:\n"
            "    - id: one\n      title: One\n  sources:\n    - outlet: W\n",
            "e.yaml": "title: E\ndate: 2025-03-18\ntype: agreement\nactors: [A]\n"
            "stage: [path/one, path/two]\nstatus: agreed\nsources:\n  - outlet: W\n",
        }
    )
    result = run_timeline("validate", "-e", root)
    assert result.returncode == 1
    assert "stage: plan 'path' has no stage 'two' (stages: one)" in result.stdout + result.stderr
