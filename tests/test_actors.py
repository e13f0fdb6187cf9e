"""actors.yaml: one name per actor, its aliases and its group, read by validate (warnings for
spellings it does not know), the filters (``--actor`` matches aliases and groups), the lanes
(``--lanes group``) and the Python API; its own problems at their line and column. The
installed ``timeline`` runs as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline.actors import load_actors
from timeline.errors import InvalidEvents

Run = Callable[..., subprocess.CompletedProcess[str]]

ACTORS = """\
groups:
  - id: russia
    name: Russia
    aliases: [Kremlin, Moscow]
  - id: us
    name: United States
actors:
  - name: Vladimir Putin
    aliases: [Putin, the Russian president]
    group: russia
  - name: Donald Trump
    aliases: [Trump]
    group: us
  - name: Marco Rubio
    group: us
"""

# file: (title, date, type, actors)
EVENTS = {
    "a": ("Trump and Putin speak", "2025-03-18", "call", "Donald Trump, Vladimir Putin"),
    "b": ("The Kremlin comments", "2025-03-19", "statement", "Kremlin"),
    "c": ("Rubio comments", "2025-03-20", "statement", "Marko Rubio"),
    "d": ("Starmer meets", "2025-03-21", "meeting", "Keir Starmer"),
    "e": ("Putin comments", "2025-03-22", "statement", "Putin"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    events = tmp_path / "events"
    events.mkdir()
    (events / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    for name, (title, date, kind, actors) in EVENTS.items():
        (events / f"{name}.yaml").write_text(
            f"title: {title}\ndate: {date}\ntype: {kind}\nactors: [{actors}]\n"
            "sources: [{outlet: Reuters}]\n",
            encoding="utf-8",
        )
    return events


WARNINGS = [
    "events/b.yaml:4:1: warning: actors[0]: 'Kremlin' is an alias of 'Russia' in actors.yaml; "
    "write 'Russia'",
    "events/c.yaml:4:1: warning: actors[0]: 'Marko Rubio' is not in actors.yaml; did you mean "
    "'Marco Rubio'?",
    "events/d.yaml:4:1: warning: actors[0]: 'Keir Starmer' is not in actors.yaml; add it there",
    "events/e.yaml:4:1: warning: actors[0]: 'Putin' is an alias of 'Vladimir Putin' in "
    "actors.yaml; write 'Vladimir Putin'",
]


def test_validate_warns_of_aliases_and_unknown_spellings(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("validate", cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == WARNINGS
    # actors.yaml is not an event file.
    assert result.stderr == "5 events, 0 plans: 0 errors, 4 warnings\n"
    strict = run_timeline("validate", "--strict", cwd=folder.parent)
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == [w.replace(": warning: ", ": error: ") for w in WARNINGS]


def test_without_actors_yaml_no_spelling_is_checked(folder: Path, run_timeline: Run) -> None:
    (folder / "actors.yaml").unlink()
    result = run_timeline("validate", "--strict", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_warnings_come_from_the_parse_cache_too(folder: Path, run_timeline: Run) -> None:
    first = run_timeline("validate", cwd=folder.parent)
    second = run_timeline("validate", cwd=folder.parent)
    assert first.stdout == second.stdout
    assert second.stdout.splitlines() == WARNINGS


def listed(run_timeline: Run, folder: Path, *args: str) -> list[str]:
    result = run_timeline("list", "-f", "json", *args, cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    return [event["id"] for event in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("actor", "ids"),
    [
        ("Putin", ["a", "e"]),  # the alias, and the name the alias stands for
        ("the russian president", ["a", "e"]),
        ("Vladimir Putin", ["a", "e"]),
        ("Kremlin", ["a", "b", "e"]),  # a group's alias: every actor of the group
        ("russia", ["a", "b", "e"]),  # the group's id
        ("United States", ["a"]),  # Marko Rubio is not Marco Rubio
        ("rubio", ["c"]),  # a whole word of a name
        ("starmer", ["d"]),
        ("Starm", []),  # part of a word is not a word
    ],
)
def test_actor_matches_aliases_groups_and_words(
    folder: Path, run_timeline: Run, actor: str, ids: list[str]
) -> None:
    assert listed(run_timeline, folder, "--actor", actor) == ids


def test_lanes_by_group(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("build", "--lanes", "group", "-f", "json", "-o", "-", cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    figure = json.loads(result.stdout)
    headers = [note["text"] for note in figure["layout"]["annotations"]]
    # In the order the story reaches them (Trump comes first in the first event); actors
    # without a group last.
    assert headers == ["<b>United States</b>", "<b>Russia</b>", "<b>no group</b>"]


def test_lanes_by_group_need_actors_yaml(folder: Path, run_timeline: Run) -> None:
    (folder / "actors.yaml").unlink()
    result = run_timeline("build", "--lanes", "group", "-o", "page.html", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stderr.endswith(
        "Error: --lanes group needs actors.yaml in events: it names each actor's group "
        "(see docs/events.md)\n"
    )
    assert "Traceback" not in result.stderr
    assert not (folder.parent / "page.html").exists()


BROKEN = """\
groups:
  - {id: russia, name: Russia}
  - {id: Big Group}
actors:
  - name: Vladimir Putin
    aliases: Putin
    group: rusia
  - {name: Putin}
  - {nam: Donald Trump}
  - {name: Russian President, aliases: [Vladimir Putin]}
  - Marco Rubio
  - {name: Russian President}
people: []
"""


def test_its_own_problems_at_their_place(folder: Path, run_timeline: Run) -> None:
    (folder / "actors.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_timeline("validate", cwd=folder.parent)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [
        "events/actors.yaml:3:10: error: id: 'Big Group' is not an id: use lowercase letters, "
        "digits and -",
        # A list of aliases written as one name is refused, so "Putin" below is a name.
        "events/actors.yaml:6:14: error: aliases: must be a list: write [Putin]",
        "events/actors.yaml:7:12: error: group: no group 'rusia'; did you mean 'russia'?",
        "events/actors.yaml:9:5: error: missing required field 'actors[2].name'",
        "events/actors.yaml:9:6: error: actors[2]: unknown field 'nam'; did you mean 'name'?",
        "events/actors.yaml:10:5: error: 'Vladimir Putin' already stands for 'Vladimir Putin' "
        "(line 5)",
        "events/actors.yaml:11:5: error: actors[4]: must be a mapping, e.g. {name: Vladimir Putin}",
        "events/actors.yaml:12:5: error: 'Russian President' is already listed (line 10): "
        "list it once",
        "events/actors.yaml:13:1: error: unknown field 'people'",
    ]
    assert "Traceback" not in result.stderr


def test_the_python_api(folder: Path) -> None:
    index = load_actors(folder)
    assert index.canonical("putin") == "Vladimir Putin"
    assert index.canonical("THE RUSSIAN PRESIDENT") == "Vladimir Putin"
    assert index.canonical("Moscow") == "Russia"
    assert index.canonical("Keir Starmer") is None
    assert index.group("Trump") == "us"
    assert index.group("Kremlin") == "russia"
    assert index.group("Keir Starmer") is None
    (folder / "actors.yaml").unlink()
    assert not load_actors(folder)
    (folder / "actors.yaml").write_text("actors: [{nam: X}]\n", encoding="utf-8")
    with pytest.raises(InvalidEvents) as caught:
        load_actors(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}/actors.yaml:1:10: error: missing required field 'actors[0].name'",
        f"{folder}/actors.yaml:1:11: error: actors[0]: unknown field 'nam'; did you mean 'name'?",
    ]


def test_a_control_character_in_a_name_is_refused(folder: Path, run_timeline: Run) -> None:
    (folder / "actors.yaml").write_text(
        'actors:\n  - name: "Putin\\e[2J"\n  - name: Trump\n    aliases: ["T\\a"]\n',
        encoding="utf-8",
    )
    result = run_timeline("validate", cwd=folder.parent)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == [
        "events/actors.yaml:2:11: error: name: control character U+001B is not allowed; remove it",
        "events/actors.yaml:4:14: error: aliases: must be a list of names",
    ]


def test_an_actors_file_over_the_size_cap(folder: Path, run_timeline: Run) -> None:
    size = (folder / "actors.yaml").stat().st_size
    env = {**os.environ, "TIMELINE_MAX_FILE_BYTES": str(size - 1)}
    result = run_timeline("validate", cwd=folder.parent, env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"events/actors.yaml:1:1: error: file is {size:,} bytes, over the {size - 1:,}-byte limit"
    )
