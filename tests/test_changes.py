"""``timeline changes`` on a real git repository of three commits, and by publication day;
``build --highlight-since`` marking the same events on the chart and in the table. The
expected changes are written by hand from the edits each commit makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE

Run = Callable[..., Any]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Desk",
    "GIT_AUTHOR_EMAIL": "desk@example.org",
    "GIT_COMMITTER_NAME": "Desk",
    "GIT_COMMITTER_EMAIL": "desk@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
ZELENSKY_CALL = """title: Zelensky and Trump speak by phone
date: 2025-03-19
type: call
actors: [Volodymyr Zelensky, Donald Trump]
track: us-ukraine
sources:
  - outlet: The Independent
    published: 2025-03-20
"""
BBC = """  - outlet: BBC
    published: 2025-03-19
    url: https://www.bbc.co.uk/news/x
"""


def git(repository: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """Commit 1: the sample. Commit 2: the Black Sea talks agreed, the coalition dated to
    11 March, a call added, the "dividing assets" event removed. Commit 3: a BBC source on
    the Starmer call."""
    root = tmp_path / "desk"
    events = root / "events"
    shutil.copytree(SAMPLE, events)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the sample")
    edit(events / "2025-03-18-black-sea-talks.yaml", "status: proposed", "status: agreed")
    edit(events / "2025-03-coalition-of-the-willing.yaml", "date: 2025-03\n", "date: 2025-03-11\n")
    (events / "2025-03-19-zelensky-trump-call.yaml").write_text(ZELENSKY_CALL, encoding="utf-8")
    (events / "2025-03-trump-dividing-assets.yaml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the next morning")
    edit(
        events / "2025-03-17-starmer-trump-call.yaml",
        "    date_text: Sir Keir Starmer spoke to Mr Trump on Monday\n",
        "    date_text: Sir Keir Starmer spoke to Mr Trump on Monday\n" + BBC,
    )
    git(root, "commit", "-q", "-am", "a new source")
    return root


TEXT_SINCE_FIRST = """\
removed  2025-03~     Trump says Washington and Moscow are discussing "dividing up certain assets" [2025-03-trump-dividing-assets]
changed  2025-03-11   Starmer and Macron lead efforts to form a "coalition of the willing" [2025-03-coalition-of-the-willing]
                      date 2025-03 → 2025-03-11
changed  2025-03-17   Starmer and Trump speak by phone [2025-03-17-starmer-trump-call]
                      new source: BBC, 2025-03-19, https://www.bbc.co.uk/news/x
changed  2025-03-18   Technical talks on a Black Sea ceasefire to begin in the Middle East [2025-03-18-black-sea-talks]
                      status proposed → agreed
added    2025-03-19   Zelensky and Trump speak by phone [2025-03-19-zelensky-trump-call]
stage    us-russia-ceasefire-path/black-sea-ceasefire: Maritime ceasefire in the Black Sea: proposed → agreed
Since HEAD~2: 1 added, 3 changed, 1 removed; 1 plan stage moved
"""
MARKDOWN_SINCE_FIRST = """\
## Changes since HEAD\\~2

### New events

- **Zelensky and Trump speak by phone** (2025-03-19)

### Changed events

- **Starmer and Macron lead efforts to form a "coalition of the willing"** (2025-03-11)
    - date: 2025-03 → 2025-03-11
- **Starmer and Trump speak by phone** (2025-03-17)
    - new source: BBC, 2025-03-19, https://www.bbc.co.uk/news/x
- **Technical talks on a Black Sea ceasefire to begin in the Middle East** (2025-03-18)
    - status: proposed → agreed

### Removed events

- **Trump says Washington and Moscow are discussing "dividing up certain assets"** (2025-03\\~)

### Plan stages

- Maritime ceasefire in the Black Sea: proposed → agreed

Since HEAD\\~2: 1 added, 3 changed, 1 removed; 1 plan stage moved.
"""
JSON_SINCE_FIRST = {
    "since": "HEAD~2",
    "counts": {"added": 1, "removed": 1, "changed": 3, "stages": 1},
    "events": [
        {
            "change": "removed",
            "id": "2025-03-trump-dividing-assets",
            "title": 'Trump says Washington and Moscow are discussing "dividing up certain assets"',
            "date": "2025-03~",
            "fields": [],
            "new_sources": [],
            "removed_sources": [],
        },
        {
            "change": "changed",
            "id": "2025-03-coalition-of-the-willing",
            "title": 'Starmer and Macron lead efforts to form a "coalition of the willing"',
            "date": "2025-03-11",
            "fields": [{"field": "date", "before": "2025-03", "after": "2025-03-11"}],
            "new_sources": [],
            "removed_sources": [],
        },
        {
            "change": "changed",
            "id": "2025-03-17-starmer-trump-call",
            "title": "Starmer and Trump speak by phone",
            "date": "2025-03-17",
            "fields": [],
            "new_sources": ["BBC, 2025-03-19, https://www.bbc.co.uk/news/x"],
            "removed_sources": [],
        },
        {
            "change": "changed",
            "id": "2025-03-18-black-sea-talks",
            "title": "Technical talks on a Black Sea ceasefire to begin in the Middle East",
            "date": "2025-03-18",
            "fields": [{"field": "status", "before": "proposed", "after": "agreed"}],
            "new_sources": [],
            "removed_sources": [],
        },
        {
            "change": "added",
            "id": "2025-03-19-zelensky-trump-call",
            "title": "Zelensky and Trump speak by phone",
            "date": "2025-03-19",
            "fields": [],
            "new_sources": [],
            "removed_sources": [],
        },
    ],
    "stages": [
        {
            "plan": "us-russia-ceasefire-path",
            "stage": "black-sea-ceasefire",
            "title": "Maritime ceasefire in the Black Sea",
            "before": "proposed",
            "after": "agreed",
        }
    ],
}


def test_changes_since_a_revision_in_three_formats(run_timeline: Run, repository: Path) -> None:
    status_before = git(repository, "status", "--porcelain")
    head_before = git(repository, "rev-parse", "HEAD")
    text = run_timeline("changes", "--since", "HEAD~2", cwd=repository)
    assert (text.returncode, text.stderr) == (0, "")
    assert text.stdout == TEXT_SINCE_FIRST
    markdown = run_timeline("changes", "--since", "HEAD~2", "-f", "markdown", cwd=repository)
    assert markdown.stdout == MARKDOWN_SINCE_FIRST
    data = run_timeline("changes", "--since", "HEAD~2", "--format", "json", cwd=repository)
    assert json.loads(data.stdout) == JSON_SINCE_FIRST
    # Read with git alone: nothing checked out, the working tree and HEAD as they were.
    assert git(repository, "status", "--porcelain") == status_before == ""
    assert git(repository, "rev-parse", "HEAD") == head_before


def test_changes_since_the_last_commit(run_timeline: Run, repository: Path) -> None:
    done = run_timeline("changes", "--since", "HEAD~1", "-e", repository / "events")
    assert done.stdout == (
        "changed  2025-03-17   Starmer and Trump speak by phone [2025-03-17-starmer-trump-call]\n"
        "                      new source: BBC, 2025-03-19, https://www.bbc.co.uk/news/x\n"
        "Since HEAD~1: 0 added, 1 changed, 0 removed; 0 plan stages moved\n"
    )
    same = run_timeline("changes", "--since", "HEAD", cwd=repository)
    assert same.stdout == "Since HEAD: 0 added, 0 changed, 0 removed; 0 plan stages moved\n"


def test_changes_since_a_working_tree_edit(run_timeline: Run, repository: Path) -> None:
    events = repository / "events"
    edit(events / "2025-03-18-trump-putin-call.yaml", "key: true\n", "")
    done = run_timeline("changes", "--since", "HEAD", "-e", events)
    assert done.stdout == (
        "changed  2025-03-18   Trump and Putin agree an energy ceasefire as the first step "
        "[2025-03-18-trump-putin-call]\n"
        "                      key yes → no\n"
        "Since HEAD: 0 added, 1 changed, 0 removed; 0 plan stages moved\n"
    )


def test_changes_since_a_day_by_publication(run_timeline: Run, repository: Path) -> None:
    done = run_timeline("changes", "--since", "2025-03-19", cwd=repository)
    assert done.stdout == (
        "changed  2025-03-17   Starmer and Trump speak by phone [2025-03-17-starmer-trump-call]\n"
        "                      new source: BBC, 2025-03-19, https://www.bbc.co.uk/news/x\n"
        "added    2025-03-19   Zelensky and Trump speak by phone [2025-03-19-zelensky-trump-call]\n"
        "Since 2025-03-19: 1 added, 1 changed, 0 removed; 0 plan stages moved\n"
    )


def test_a_bad_revision_is_one_line(run_timeline: Run, repository: Path) -> None:
    done = run_timeline("changes", "--since", "no-such-branch", cwd=repository)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: git rev-parse")
    assert "Traceback" not in done.stderr


def test_the_highlight_shows_in_the_page(run_timeline: Run, repository: Path, page: Any) -> None:
    output = repository / "marked.html"
    done = run_timeline("build", "--highlight-since", "HEAD~2", "-o", output, cwd=repository)
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    assert '<tr id="event-2025-03-19-zelensky-trump-call" data-mark="new">' in text
    for changed in (
        "2025-03-coalition-of-the-willing",
        "2025-03-17-starmer-trump-call",
        "2025-03-18-black-sea-talks",
    ):
        assert f'<tr id="event-{changed}" data-mark="changed">' in text
    assert text.count("data-mark=") == 4
    assert "changed (3) since HEAD~2" in text

    page.goto(output.as_uri())
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    words = page.evaluate(
        """() => document.querySelector('.plotly-graph-div').data
            .filter(trace => trace.name === 'change-mark')
            .flatMap(trace => trace.text).sort()"""
    )
    assert words == ["changed", "changed", "changed", "new"]
    drawn = page.evaluate(
        """() => document.querySelector('.plotly-graph-div').layout.annotations
            .map((note, index) => [note, index]).filter(([note]) => note.name === 'change-mark')
            .map(([note, index]) => document.querySelector(
                `.plotly-graph-div g.annotation[data-index="${index}"] text`).textContent)
            .sort()"""
    )
    assert drawn == ["changed", "changed", "changed", "new"]
    badges = page.locator("tr[data-mark] .mark").all_text_contents()
    assert sorted(badges) == ["changed", "changed", "changed", "new"]
    from test_serve import axe_violations

    assert axe_violations(page) == []
    assert page.problems == []


def test_invisible_characters_in_a_title_are_shown_escaped(
    run_timeline: Run, repository: Path
) -> None:
    events = repository / "events"
    edit(
        events / "2025-03-18-trump-putin-call.yaml",
        "title: Trump and Putin agree",
        "title: Trump and Putin \u202eagree",
    )
    done = run_timeline("changes", "--since", "HEAD", "-e", events)
    assert "\u202e" not in done.stdout
    assert (
        "                      title Trump and Putin agree an energy ceasefire as the first "
        "step → Trump and Putin \\u202eagree an energy ceasefire as the first step\n"
    ) in done.stdout
    markdown = run_timeline("changes", "--since", "HEAD", "-e", events, "-f", "markdown")
    assert "\u202e" not in markdown.stdout
    assert "Trump and Putin \\\\u202eagree" in markdown.stdout
