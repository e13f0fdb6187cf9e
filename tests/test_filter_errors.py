"""Filters that speak: a type that does not exist or a track that no event has is an error
with a did-you-mean, in list, build and export alike (the installed ``timeline`` as a
subprocess, on the sample events). Before, they printed "0 events" and exited 0."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "events"
Run = Callable[..., subprocess.CompletedProcess[str]]

TYPES = (
    "statement, call, visit, meeting, talks, mediation, proposal, agreement, ceasefire, "
    "demand, rejection, violation, aid, sanction, other"
)
COMMANDS = [["list"], ["build", "-o", "out.html"], ["export", "-o", "out.csv", "-f", "csv"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "phone"], f"Error: --type phone: no such type (types: {TYPES})"),
        (["--type", "cal"], "Error: --type cal: no such type; did you mean 'call'?"),
        (
            ["--track", "us-rusia"],
            "Error: --track us-rusia: no such track; did you mean 'us-russia'?",
        ),
        (
            ["--track", "asia"],
            "Error: --track asia: no such track (tracks: europe, us-russia, us-ukraine)",
        ),
        (
            ["--type", "meetng", "--track", "us-ukraine", "--track", "uss-ukraine"],
            "Error: --type meetng: no such type; did you mean 'meeting'?; --track uss-ukraine: "
            "no such track; did you mean 'us-ukraine'?",
        ),
    ],
    ids=["type", "type-typo", "track-typo", "track", "several"],
)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_unknown_values_are_errors(
    tmp_path: Path, run_timeline: Run, command: list[str], args: list[str], message: str
) -> None:
    result = run_timeline(*command, "-e", SAMPLE, *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert list(tmp_path.iterdir()) == []


def test_known_values_still_select(tmp_path: Path, run_timeline: Run) -> None:
    result = run_timeline("list", "-e", SAMPLE, "--type", "call", "--track", "europe")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 event"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_word_of_a_name_selects_the_actor(
    tmp_path: Path, run_timeline: Run, command: list[str]
) -> None:
    # "Putin" is a whole word of "Vladimir Putin"; before, it matched nothing.
    if command[0] == "list":
        command = ["list", "-f", "csv"]
    result = run_timeline(*command, "-e", SAMPLE, "--actor", "putin", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if command[0] == "list":
        rows = result.stdout.splitlines()
        assert len(rows) == 2
        assert "Trump and Putin agree an energy ceasefire as the first step" in rows[1]
    else:
        assert result.stdout.startswith(f"Wrote {command[2]} (1 event")
