"""The events table of a large page. The README: from 2,000 events on, "the events table of
such a page lists 100 events (those that move a plan stage, the key events, then the latest)
and says so". A stage is moved by an event that names it and gives it a status; an event
with only one of the two moves nothing. The table keeps timeline order."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import timeline

COUNT = 2000  # the first size drawn with WebGL and a capped table
MOVES = {5: "proposed", 10: "agreed", 500: "in-force"}  # stage and status: they move a stage
KEY = {3, 7, 1000, 1990}  # key: true (1990 is also among the latest)
STAGE_ONLY = 20  # names a stage without a status: moves nothing
STATUS_ONLY = 40  # gives a status without a stage: moves nothing
PLAN = """\
plan:
  title: Path to peace
  parties: [A, B]
  stages:
    - {id: energy, title: Energy ceasefire}
  sources: [{outlet: X}]
"""


def event_text(number: int) -> str:
    # One event a day from 1 January 2020: timeline order is number order.
    day = dt.date(2020, 1, 1) + dt.timedelta(days=number)
    lines = [
        f"  - id: e-{number:04d}",
        f"    title: Round {number}",
        f"    date: {day.isoformat()}",
        "    type: talks",
        "    actors: [A, B]",
        "    sources: [{outlet: X}]",
    ]
    if number in MOVES or number == STAGE_ONLY:
        lines.append("    stage: peace/energy")
    if number in MOVES:
        lines.append(f"    status: {MOVES[number]}")
    if number == STATUS_ONLY:
        lines.append("    status: agreed")
    if number in KEY:
        lines.append("    key: true")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("large") / "events"
    folder.mkdir()
    (folder / "peace.yaml").write_text(PLAN, encoding="utf-8")
    (folder / "rounds.yaml").write_text(
        "events:\n" + "".join(event_text(n) for n in range(COUNT)), encoding="utf-8"
    )
    return timeline.to_html(timeline.load_events(folder), plotlyjs="cdn")


def test_the_table_lists_stage_moves_and_key_events_then_the_latest(page: str) -> None:
    listed = re.findall(r'<tr id="event-(e-\d{4})">', page)
    # Stage moves (5, 10, 500) and key events (3, 7, 1000) from early on, in timeline order,
    # then the latest 94 (1906 to 1999, which hold key event 1990): 100 rows.
    assert listed == [
        "e-0003",
        "e-0005",
        "e-0007",
        "e-0010",
        "e-0500",
        "e-1000",
        *(f"e-{n:04d}" for n in range(1906, 2000)),
    ]
    assert "e-0020" not in listed and "e-0040" not in listed


def test_the_page_says_the_table_is_capped(page: str) -> None:
    assert "The table lists 100 of the 2,000 events: those that move a plan stage" in page
    assert "This timeline has 2,000 events, so the chart draws them with WebGL" in page
