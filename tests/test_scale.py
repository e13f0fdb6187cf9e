"""Correctness at scale: every one of 10,000 (and, with --run-slow, 100,000) events is read,
listed in timeline order and drawn; long loads show progress on a terminal only."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import timeline_executable

from timeline.cache import cache_path
from timeline.cli.progress import PROGRESS_MIN_FILES
from timeline.drawing import WEBGL_MIN_EVENTS
from timeline.large_table import TABLE_ROWS

Run = Callable[..., subprocess.CompletedProcess[str]]

START = dt.date(2020, 1, 1)
TYPES = ("talks", "call", "statement", "meeting")


def event_date(number: int) -> tuple[str, tuple[dt.date, int]]:
    """The date written for event ``number`` and its place in timeline order (earliest day,
    then finer precision first). Days repeat, so ties are common and ids must break them."""
    day = START + dt.timedelta(days=(number * 7919) % 1500)
    if number % 13 == 0:
        return f"{day:%Y-%m}", (day.replace(day=1), 1)  # a month: sorts after its 1st day
    if number % 11 == 0:
        return f"{day.isoformat()}~", (day, 0)  # approximate: same instant, same precision
    return day.isoformat(), (day, 0)


def write_events(folder: Path, count: int) -> list[str]:
    """``count`` one-event files in ten subfolders; returns the ids in timeline order."""
    folder.mkdir()
    keys = []
    for sub in range(10):
        (folder / f"part-{sub}").mkdir()
    for number in range(count):
        written, order = event_date(number)
        event_id = f"event-{number:06d}"
        end = ""
        if number % 17 == 0 and len(written) == 10:
            end = f"end: {START + dt.timedelta(days=(number * 7919) % 1500 + 3)}\n"
        (folder / f"part-{number % 10}" / f"{event_id}.yaml").write_text(
            f"title: Round {number} of talks\n"
            f"date: '{written}'\n{end}"
            f"type: {TYPES[number % len(TYPES)]}\n"
            f"actors: [Delegation {number % 7}, Delegation {number % 5}]\n"
            f"track: track-{number % 6}\n"
            "sources:\n"
            "  - outlet: Reuters\n"
            f"    url: https://news.example.org/{number}\n",
            encoding="utf-8",
        )
        keys.append((order, event_id))
    return [event_id for _, event_id in sorted(keys)]


def markers_at(figure: dict[str, Any]) -> list[int]:
    return [i for i, t in enumerate(figure["data"]) if t.get("mode") == "markers"]


def page_customdata(figure: dict[str, Any], index: int) -> list[list[str]]:
    """Trace ``index``'s customdata as a page carries it: its own, or from the figure's
    columns, each a list of parts joined point by point (a part: a list of texts, or a
    table and each point's place in it)."""
    if "customdata" in figure["data"][index]:
        return list(figure["data"][index]["customdata"])
    columns = figure["columns"][str(index)]

    def text(part: Any, point: int) -> str:
        return str(part[point] if isinstance(part, list) else part["table"][part["index"][point]])

    first = columns[0][0]
    count = len(first) if isinstance(first, list) else len(first["index"])
    return [
        ["".join(text(part, point) for part in parts) for parts in columns]
        for point in range(count)
    ]


def check_at_scale(tmp_path: Path, run_timeline: Run, count: int) -> None:
    folder = tmp_path / "events"
    expected = write_events(folder, count)

    validated = run_timeline("validate", "-e", folder)
    assert (validated.returncode, validated.stdout) == (0, "")
    assert validated.stderr == f"{count} events, 0 plans: 0 errors, 0 warnings\n"

    listed = run_timeline("list", "-e", folder, "--format", "csv")
    assert listed.returncode == 0
    rows = listed.stdout.splitlines()[1:]
    assert len(rows) == count
    assert [row.split(",", 1)[0] for row in rows] == expected

    page = tmp_path / "timeline.html"
    built = run_timeline("build", "-e", folder, "-o", page)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"Wrote {page} ({count} events")
    html = page.read_text(encoding="utf-8")
    # An inline page carries a figure this long packed: base64, then gzip.
    [packed] = re.findall(
        r'var figure = JSON\.parse\(window\.timelineUnpack\("([A-Za-z0-9+/=]+)"\)\);', html
    )
    figure = json.loads(gzip.decompress(base64.b64decode(packed, validate=True)))
    markers = [t for t in figure["data"] if t.get("mode") == "markers"]
    assert {t["type"] for t in markers} == {"scattergl"}
    drawn = sum(len(base64.b64decode(t["x"]["bdata"])) // 8 for t in markers)
    assert drawn == count
    # Each marker's hover texts come in columns, which the page's script joins again.
    links = [row[0] for index in markers_at(figure) for row in page_customdata(figure, index)]
    assert sorted(links) == sorted(f"https://news.example.org/{n}" for n in range(count))
    assert f"This timeline has {count:,} events, so the chart draws them with WebGL" in html
    table = re.findall(r'<tr id="event-(event-\d{6})">', html)
    assert len(table) == TABLE_ROWS
    assert table == expected[-TABLE_ROWS:]
    assert f"The table lists {TABLE_ROWS:,} of the {count:,} events" in html


def test_ten_thousand_events(tmp_path: Path, run_timeline: Run) -> None:
    assert WEBGL_MIN_EVENTS <= 10_000
    check_at_scale(tmp_path, run_timeline, 10_000)


@pytest.mark.slow
def test_a_hundred_thousand_events(tmp_path: Path, run_timeline: Run) -> None:
    check_at_scale(tmp_path, run_timeline, 100_000)


def test_progress_shows_on_a_terminal_only(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    write_events(folder, PROGRESS_MIN_FILES)
    summary = f"{PROGRESS_MIN_FILES} events, 0 plans: 0 errors, 0 warnings"
    piped = run_timeline("validate", "-e", folder)
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, "", summary + "\n")

    cache_path(folder).write_text("")  # parse everything again
    terminal = pexpect.spawn(
        timeline_executable(),
        ["validate", "-e", str(folder)],
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 100),
    )
    terminal.expect(r"Reading events.*?\d+/2000")
    terminal.expect(re.escape(summary))
    terminal.expect(pexpect.EOF)
    terminal.close()
    assert terminal.exitstatus == 0
