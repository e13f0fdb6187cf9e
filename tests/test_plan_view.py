"""The plan-progress chart (`timeline build --view plan`): each plan's stages in order, each
stage's status history as bars over time up to the last dated day, in the main chart's
colours, and its page, fragment and errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from timeline import chart, load_events
from timeline.cli import app
from timeline.dates import PartialDate
from timeline.drawing import build_figure, build_plan_figure
from timeline.drawing.styles import HATCH, STATUS_STYLE
from timeline.progress import NOT_STARTED
from timeline.query import EventFilter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
PLAN = "us-russia-ceasefire-path"
STATUS_EVENT = """\
title: {title}
date: {date}
type: {type}
actors: [United States, Russia]
track: us-russia
stage: {plan}/{stage}
status: {status}
sources: [{{outlet: Wire}}]
"""


def status_event(title: str, date: str, stage: str, status: str, type_: str = "agreement") -> str:
    return STATUS_EVENT.format(
        title=title, date=date, type=type_, plan=PLAN, stage=stage, status=status
    )


@pytest.fixture
def history(sample: Path) -> Path:
    """The sample and three later changes: the energy ceasefire in force then violated,
    the Black Sea ceasefire agreed."""
    extra = {
        "in-force.yaml": status_event(
            "Energy ceasefire takes effect", "2025-03-25", "energy-ceasefire", "in-force"
        ),
        "violated.yaml": status_event(
            "Strikes on energy sites", "2025-04-02", "energy-ceasefire", "violated", "violation"
        ),
        "black-sea.yaml": status_event(
            "Black Sea deal agreed", "2025-03-25", "black-sea-ceasefire", "agreed"
        ),
    }
    for name, text in extra.items():
        (sample / name).write_text(text, encoding="utf-8")
    return sample


def bars(figure: Any) -> dict[str, list[tuple[float, str, int]]]:
    """Bars by status: (row, start, length in days)."""
    found: dict[str, list[tuple[float, str, int]]] = {}
    for trace in figure.data:
        found[trace.name] = [
            (y, base, round(x / 86_400_000))
            for y, base, x in zip(trace.y, trace.base, trace.x, strict=True)
        ]
    return found


def texts(figure: Any) -> list[str]:
    return [note.text for note in figure.layout.annotations]


def test_stages_come_in_the_plans_order(history: Path) -> None:
    figure = build_plan_figure(load_events(history))
    stages = [text for text in texts(figure) if text[:2] in ("1.", "2.", "3.", "4.")]
    assert stages == [
        "1. Energy and infrastructure ceasefire",
        "2. Maritime ceasefire in the Black Sea",
        "3. Full ceasefire",
        "4. Permanent peace",
    ]
    assert texts(figure)[0] == "<b>Plan: US\u2013Russia path to peace in Ukraine</b>"
    rows = [note.y for note in figure.layout.annotations][1:5]
    assert rows == sorted(rows)


def test_each_stage_has_its_status_history_as_bars_up_to_the_last_dated_day(
    history: Path,
) -> None:
    figure = build_plan_figure(load_events(history))
    found = bars(figure)
    energy, black_sea, full, peace = sorted({row for b in found.values() for row, _, _ in b})
    assert found["agreed"] == [
        (energy, "2025-03-18 00:00", 7),
        (black_sea, "2025-03-25 00:00", 9),
    ]
    assert found["proposed"] == [(black_sea, "2025-03-18 00:00", 7)]
    assert found["in-force"] == [(energy, "2025-03-25 00:00", 8)]
    # Violated on 2 April, the last day the events date: drawn to its end, at least.
    [(row, start, _)] = found["violated"]
    assert (row, start) == (energy, "2025-04-02 00:00")
    # Not started from the plan's announcement to the last dated day.
    assert found[NOT_STARTED] == [
        (full, "2025-03-18 00:00", 16),
        (peace, "2025-03-18 00:00", 16),
    ]
    labels = [t for trace in figure.data for t in trace.text if t]
    assert labels == [
        "<b>not started</b>",
        "<b>not started</b>",
        "<b>proposed 18 Mar</b>",
        "<b>agreed 18 Mar</b>",
        "<b>agreed 25 Mar</b>",
        "<b>in-force 25 Mar</b>",
        # On the last dated day, its date would run off the chart: the status alone fits.
        "<b>violated</b>",
    ]


def test_the_as_of_line_and_subtitle_name_the_last_dated_day(history: Path) -> None:
    figure = build_plan_figure(load_events(history))
    [line] = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert (line.x0, line.x1) == ("2025-04-03 00:00", "2025-04-03 00:00")
    assert "as of 2 Apr" in texts(figure)
    assert figure.layout.meta["subtitle"] == (
        "Each stage's status over time, from the events, as of Wed 2 Apr 2025"
    )
    assert figure.layout.title.text == "<b>Where the plan stands</b>"


def test_colours_are_the_main_charts(history: Path) -> None:
    timeline = load_events(history)
    plan = {trace.name: trace.marker for trace in build_plan_figure(timeline).data}
    main = {
        trace.name: trace.marker
        for trace in build_figure(timeline).data
        if trace.name in plan and trace.type == "bar" and trace.yaxis in (None, "y")
    }
    for status, marker in plan.items():
        expected = STATUS_STYLE.get(status, ("#FFFFFF", ""))[0]
        assert marker.color == expected == main[status].color
    assert plan[NOT_STARTED].pattern.shape == HATCH["shape"] == main[NOT_STARTED].pattern.shape
    legend = [trace.name for trace in build_plan_figure(timeline).data if trace.showlegend]
    assert legend == [NOT_STARTED, "proposed", "agreed", "in-force", "violated"]


def test_a_status_replaced_the_same_day_leaves_only_the_later_bar(
    make_tree: Callable[..., Path],
) -> None:
    root = make_tree(
        {
            "plans/plan.yaml": f"plan:\n  id: {PLAN}\n  title: P\n  parties: [A]\n"
            "  stages:\n    - {id: truce, title: Truce}\n",
            "a.yaml": status_event("Proposed", "2025-03-18", "truce", "proposed", "proposal"),
            "b.yaml": status_event("Agreed", "2025-03-18", "truce", "agreed"),
            "c.yaml": status_event("Suspended", "2025-04", "truce", "suspended", "statement"),
        }
    )
    figure = build_plan_figure(load_events(root))
    found = bars(figure)
    assert "proposed" not in found
    assert [start for _, start, _ in found["agreed"]] == ["2025-03-18 00:00"]
    # A month-only change starts where its month does, and says it is a month.
    assert [start for _, start, _ in found["suspended"]] == ["2025-04-01 00:00"]
    assert "<b>suspended Apr 2025</b>" in [t for trace in figure.data for t in trace.text]
    assert "Proposed" in figure.data[0].hovertext[0]  # the history keeps it


def test_until_shows_the_plan_as_it_stood(sample: Path) -> None:
    drawn = chart(
        load_events(sample), view="plan", where=EventFilter(until=PartialDate.parse("2025-03-17"))
    )
    assert [trace.name for trace in drawn.figure.data] == [NOT_STARTED]
    assert "as of 17 Mar" in texts(drawn.figure)
    assert drawn.events == ()


def test_without_plans_the_figure_says_so() -> None:
    figure = build_plan_figure(load_events(SAMPLE).events, [])
    assert "No plans to show" in texts(figure)
    assert list(figure.data) == []


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["build", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_the_plan_page_lists_the_stages_and_the_events_that_set_them(tmp_path: Path) -> None:
    output = tmp_path / "plan.html"
    code, out, err = run("-e", SAMPLE, "--view", "plan", "--plotlyjs", "cdn", "-o", output)
    assert (code, err) == (0, "")
    assert out == f"Wrote {output} (1 plan, 4 stages, {output.stat().st_size:,} bytes)\n"
    page = output.read_text()
    assert "<h1>Where the plan stands</h1>" in page
    assert "Each bar is a stage's status, from the day an event gave it" in page
    assert 'aria-label="Interactive chart of where each plan stands; each stage is listed' in page
    assert "Full ceasefire: <span class='status'>not started</span>" in page
    rows = [line for line in page.splitlines() if line.startswith("<tr id=")]
    assert [row.split('"')[1] for row in rows] == [
        "event-2025-03-18-black-sea-talks",
        "event-2025-03-18-trump-putin-call",
    ]


def test_the_plan_fragment_uses_its_own_summary(tmp_path: Path) -> None:
    output = tmp_path / "plan.html"
    code, _, err = run("-e", SAMPLE, "--view", "plan", "-f", "fragment", "-o", output)
    assert (code, err) == (0, "")
    fragment = output.read_text()
    assert "<summary>Each stage&#x27;s status and the events that set it, as a list</summary>" in (
        fragment
    )


@pytest.mark.parametrize(
    ("args", "files", "message"),
    [
        (
            [],
            {
                "a.yaml": "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"
                "sources: [{outlet: W}]\n"
            },
            "Error: {events} has no plans; nothing written\n",
        ),
        (
            ["--track", "europe"],
            None,
            "Error: {events} has no plan the filters select; nothing written\n",
        ),
    ],
    ids=["no-plans", "filtered-out"],
)
def test_nothing_to_draw(
    tmp_path: Path,
    make_tree: Callable[..., Path],
    args: list[str],
    files: dict[str, str] | None,
    message: str,
) -> None:
    events = SAMPLE if files is None else make_tree(files)
    output = tmp_path / "plan.png"
    code, out, err = run("-e", events, "--view", "plan", "-o", output, *args)
    assert (code, out) == (1, "")
    assert err == message.format(events=events)
    assert not output.exists()


def test_default_output_is_named_after_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SAMPLE, tmp_path / "events")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--view", "plan", "-f", "json")
    assert (code, err) == (0, "")
    written = Path("output/plan.json")
    assert out == f"Wrote {written} (1 plan, 4 stages, {written.stat().st_size:,} bytes)\n"
