"""Every problem in every file in one run of the installed ``timeline validate``: a field's
error does not hide another field's error, nor the checks across files (tests/fixtures/
problems-all/, several mistakes in each file)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "problems-all"
Run = Callable[..., subprocess.CompletedProcess[str]]

TYPES = (
    "'statement', 'call', 'visit', 'meeting', 'talks', 'mediation', 'proposal', 'agreement', "
    "'ceasefire', 'demand', 'rejection', 'violation', 'aid', 'sanction' or 'other'"
)

EXPECTED = [
    # `actor:` for `actors:` hid the unknown stage and the missing source.
    "actor-key.yaml:1:1: error: missing required field 'actors'",
    "actor-key.yaml:1:1: warning: event has no source; add sources:",
    "actor-key.yaml:4:1: error: unknown field 'actor'; did you mean 'actors'?",
    "actor-key.yaml:5:1: error: stage: plan 'peace' has no stage 'full-ceasefire' "
    "(stages: energy, black-sea)",
    # actors.yaml: the names it does not know as written, and its own problems.
    "actor-spellings.yaml:4:1: warning: actors[0]: 'Rubio' is an alias of 'Marco Rubio' in "
    "actors.yaml; write 'Marco Rubio'",
    "actor-spellings.yaml:4:1: warning: actors[1]: 'David Lamy' is not in actors.yaml; did you "
    "mean 'David Lammy'?",
    # Plain words for the common shapes.
    "actors-text.yaml:4:9: error: actors: must be a list: write [Marco Rubio]",
    "actors-text.yaml:5:10: error: sources: must be a list: write [{outlet: Reuters}]",
    "actors-text.yaml:6:6: error: key: must be true or false, not 'maybe'",
    "actors.yaml:7:26: error: actors[2]: unknown field 'grup'; did you mean 'group'?",
    "bad-values.yaml:1:8: error: title: must be text, found a list",
    "bad-values.yaml:2:7: error: date: '2025-02-30' is not a date: February 2025 has 28 days",
    f"bad-values.yaml:3:7: error: type: 'phone' is not allowed; use {TYPES}",
    "bad-values.yaml:4:9: error: actors: must not be empty: name at least one",
    "bad-values.yaml:7:10: error: sources[0].url: 'javascript:alert(1)' is not a web address: "
    "use an http:// or https:// URL",
    "bad-values.yaml:8:5: error: sources[1]: must be a mapping of fields, e.g. {outlet: Reuters}",
    # A record with an error still counts for the checks across files.
    "duplicate-second.yaml:1:1: error: duplicate event id 'riyadh-talks': also at "
    "duplicate-first.yaml:1:1",
    f"duplicate-second.yaml:4:7: error: type: 'talk' is not allowed; use {TYPES}",
    "duplicate-second.yaml:6:1: error: stage: no plan 'nowhere' (plans: broken, peace)",
    "duplicate-second.yaml:6:1: warning: stage without status: add status: so the stage's "
    "history shows this event",
    "invalid-yaml.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' "
    "(parsing a flow sequence that starts on line 2)",
    "list.yaml:6:5: warning: actors[0]: 'Kremlin' is an alias of 'Russia' in actors.yaml; "
    "write 'Russia'",
    "list.yaml:7:5: warning: status 'agreed' without stage: name the plan stage it applies to "
    "(stage: PLAN-ID/STAGE-ID)",
    "list.yaml:9:5: warning: event has no source; add sources:",
    "list.yaml:12:10: error: end: 2025-03-18 is before the date 2025-03-19",
    "list.yaml:14:5: warning: actors[0]: 'Kremlin' is an alias of 'Russia' in actors.yaml; "
    "write 'Russia'",
    "list.yaml:15:5: error: unknown field 'summmary'; did you mean 'summary'?",
    "place-out-of-range.yaml:5:42: error: place.lon: 246.6753 is out of range: use -180 to 180 "
    "degrees",
    "plans/broken.yaml:2:3: warning: plan has no source; add sources:",
    "plans/broken.yaml:3:12: error: parties: must be a list: write [Europe]",
    "plans/broken.yaml:5:7: error: missing required field 'stages[0].title'",
    # `stance: accuses` hid the end before the date.
    "stance-and-end.yaml:3:6: error: end: 2025-03-10 is before the date 2025-03-20",
    "stance-and-end.yaml:5:1: warning: actors[0]: 'Kremlin' is an alias of 'Russia' in "
    "actors.yaml; write 'Russia'",
    "stance-and-end.yaml:7:62: error: claims[0].stance: 'accuses' is not allowed; "
    "use 'asserts' or 'denies'",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "problems-all"
    shutil.copytree(FIXTURE, copy, ignore=shutil.ignore_patterns("README.md"))
    return copy


def test_every_problem_of_every_file_in_one_run(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("validate", "-e", ".", cwd=folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == "3 events, 1 plan: 24 errors, 10 warnings\n"


def test_json_lists_the_same_problems(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("validate", "-e", ".", "-f", "json", cwd=folder)

    found = json.loads(result.stdout)
    assert result.returncode == 1
    assert [
        f"{p['path']}:{p['line']}:{p['column']}: {p['level']}: {p['message']}" for p in found
    ] == EXPECTED


def test_fixing_one_field_leaves_the_others(folder: Path, run_timeline: Run) -> None:
    path = folder / "stance-and-end.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("accuses", "asserts"), "utf-8")
    result = run_timeline("validate", "-e", "stance-and-end.yaml", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stance-and-end.yaml:3:6: error: end: 2025-03-10 is before the date 2025-03-20"
    ]
