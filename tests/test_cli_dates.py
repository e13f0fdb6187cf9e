"""`timeline add` with dates as articles write them, through the installed command: what it
prints, what it writes, and what it refuses (writing nothing)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]

COMMON = ["--type", "talks", "--actor", "Steve Witkoff", "--outlet", "The Independent", "--yes"]


def add(
    run_timeline: Run, folder: Path, date: str, published: str, title: str = "Talks"
) -> subprocess.CompletedProcess[str]:
    return run_timeline(
        "add", "-e", folder, "--title", title, "--date", date, "--published", published, *COMMON
    )


# (phrase, publication date, file written, its date line, the line add prints)
WRITTEN = [
    ("11 March", "2025-03-18", "2025-03-11-talks.yaml", "date: '2025-03-11'",
     "date: 11 March → Tue 11 Mar 2025 (counted from --published Tue 18 Mar 2025)"),
    ("Tuesday, March 11", "2025-03-18", "2025-03-11-talks.yaml", "date: '2025-03-11'",
     "date: Tuesday, March 11 → Tue 11 Mar 2025 (counted from --published Tue 18 Mar 2025)"),
    ("on Tuesday 11 March 2025", "2025-03-18", "2025-03-11-talks.yaml", "date: '2025-03-11'",
     "date: on Tuesday 11 March 2025 → Tue 11 Mar 2025"),
    ("late Monday", "2025-03-18", "2025-03-17-talks.yaml", "date: '2025-03-17'",
     "date: late Monday → Mon 17 Mar 2025 (counted from --published Tue 18 Mar 2025)"),
    ("last night", "2025-03-18", "2025-03-17-talks.yaml", "date: '2025-03-17'",
     "date: last night → Mon 17 Mar 2025 (counted from --published Tue 18 Mar 2025)"),
    ("over the weekend", "2025-03-18", "2025-03-talks.yaml", "date: '[2025-03-15..2025-03-16]'",
     "date: over the weekend → one day, 15\u201316 Mar 2025 (counted from --published Tue 18 "
     "Mar 2025)"),
    ("mid-March 2025", "2025-03-18", "2025-03-talks.yaml", "date: '[2025-03-11..2025-03-20]'",
     "date: mid-March 2025 → one day, 11\u201320 Mar 2025"),
    ("earlier this week", "2025-03-19", "2025-03-talks.yaml", "date: '[2025-03-17..2025-03-19]'",
     "date: earlier this week → one day, 17\u201319 Mar 2025 (counted from --published Wed 19 "
     "Mar 2025)"),
    ("last week", "2025-03-18", "2025-w11-talks.yaml", "date: 2025-W11",
     "date: last week → one day, week of 10 Mar 2025 (counted from --published Tue 18 Mar "
     "2025)"),
    ("Thurs", "2025-03-18", "2025-03-13-talks.yaml", "date: '2025-03-13'",
     "date: Thurs → Thu 13 Mar 2025 (counted from --published Tue 18 Mar 2025)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("phrase", "published", "name", "date_line", "printed"), WRITTEN, ids=[w[0] for w in WRITTEN]
)
def test_a_phrase_is_written_as_its_date_and_kept_as_date_text(
    tmp_path: Path,
    run_timeline: Run,
    phrase: str,
    published: str,
    name: str,
    date_line: str,
    printed: str,
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = add(run_timeline, folder, phrase, published)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Wrote {folder / name}", printed]
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    assert date_line in lines
    assert f"  date_text: {phrase}" in lines or f"  date_text: '{phrase}'" in lines
    assert not any(line.startswith("end:") for line in lines)
    listed = run_timeline("validate", "-e", folder)
    assert listed.returncode == 0, listed.stderr


def test_last_tuesday_in_a_wednesday_article_says_what_else_it_may_mean(
    tmp_path: Path, run_timeline: Run
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = add(run_timeline, folder, "last Tuesday", "2025-03-19")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "date: last Tuesday → Tue 11 Mar 2025 (counted from --published Wed 19 Mar 2025)",
        "note: 'last Tuesday' read as Tue 11 Mar 2025, the Tuesday of the week before "
        "publication; it may mean the most recent Tuesday, Tue 18 Mar 2025",
    ]
    assert (folder / "2025-03-11-talks.yaml").exists()


REFUSED = [
    ("Monday", "yesterday",
     "Error: --published: 'yesterday' is a phrase counted from a date; the publication date "
     "must be a calendar date, e.g. 2025-03-18\n"),
    ("Monday", "Tuesday",
     "Error: --published: 'Tuesday' is a phrase counted from a date; the publication date "
     "must be a calendar date, e.g. 2025-03-18\n"),
    ("Tuesday 12 March 2025", "2025-03-18",
     "Error: --date: 'Tuesday 12 March 2025': 12 March 2025 is a Wednesday, not a Tuesday\n"),
    ("Monday, March 11", "2025-03-18",
     "Error: --date: 'Monday, March 11': 11 March 2025 (its year taken from the publication "
     "date) is a Tuesday, not a Monday\n"),
    ("29 February", "2025-03-18",
     "Error: --date: '29 February' is not a date: the year taken from the publication date, "
     "2025, has no 29 February; write the year\n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("date", "published", "message"), REFUSED, ids=[f"{d} / {p}" for d, p, _ in REFUSED]
)
def test_a_bad_date_is_refused_and_nothing_written(
    tmp_path: Path, run_timeline: Run, date: str, published: str, message: str
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = add(run_timeline, folder, date, published)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert list(folder.iterdir()) == []


def test_published_may_be_written_out_as_a_calendar_date(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    result = add(run_timeline, folder, "Monday", "18 March 2025")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "date: Monday → Mon 17 Mar 2025 (counted from --published Tue 18 Mar 2025)"
    )
    lines = (folder / "2025-03-17-talks.yaml").read_text(encoding="utf-8").splitlines()
    assert "  published: '2025-03-18'" in lines
