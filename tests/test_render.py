"""The figure builder: lanes, x values and precision windows, hover text, plan statuses."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import load_events
from timeline.drawing import (
    KEY_LABEL,
    NUMBER_LABEL,
    WEBGL_MIN_EVENTS,
    as_figure,
    build_figure,
    build_plan_figure,
    event_lanes,
    event_window,
    figure_dict,
    hover_text,
    markup,
    plan_spec,
    plotly_dict,
    summary_line,
    timeline_spec,
)
from timeline.drawing.labels import PAGE_PLOT_PX
from timeline.drawing.rows import ALL_EVENTS, NO_TRACK
from timeline.drawing.styles import STATUS_STYLE, TYPE_STYLE
from timeline.drawing.text import _wrap
from timeline.model import EVENT_TYPES, STATUSES, Event, Plan, Timeline
from timeline.progress import plan_progress
from timeline.query import ordered

ROOT = Path(__file__).resolve().parent.parent
CALL = "2025-03-18-trump-putin-call"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def event(**fields: Any) -> Event:
    """An event with defaults for the fields a test does not care about."""
    data: dict[str, Any] = {
        "id": "e",
        "title": "Talks",
        "date": "2025-03-18",
        "type": "talks",
        "actors": ["A"],
    }
    data.update(fields)
    return Event.model_validate(data)


def plan(stages: tuple[str, ...] = ("first", "second", "third")) -> Plan:
    return Plan.model_validate(
        {
            "id": "path",
            "title": "Path to peace",
            "parties": ["A", "B"],
            "stages": [{"id": stage, "title": stage.title()} for stage in stages],
        }
    )


@pytest.fixture(scope="module")
def sample() -> Any:
    return load_events(ROOT / "events")


def point(figure: Any, event_id: str) -> tuple[Any, int]:
    """The marker trace and index of an event (its first lane)."""
    for trace in figure.data:
        if trace.type == "scatter" and trace.customdata is not None:
            for index, data in enumerate(trace.customdata):
                if data[1] == event_id:
                    return trace, index
    raise AssertionError(f"no marker for {event_id}")


def bars(figure: Any, event_id: str) -> list[tuple[Any, int]]:
    found = []
    for trace in figure.data:
        if trace.type == "bar" and trace.legendgroup:
            for index, data in enumerate(trace.customdata):
                if data[1] == event_id:
                    found.append((trace, index))
    return found


def notes(figure: Any, name: str | None = None) -> list[Any]:
    """The annotations named ``name``; for the events' labels (text traces), each shown
    label's text and place, key events first, then in number order."""
    if name not in (KEY_LABEL, NUMBER_LABEL):
        return [a for a in figure.layout.annotations if name is None or a.name == name]
    found = []
    for trace in figure.data:
        if trace.name != name:
            continue
        meta = trace.meta or {}
        numbers = meta.get("numbers") or [0] * len(trace.x)
        keys = meta.get("key") or [False] * len(trace.x)
        for x, y, text, number, key in zip(
            trace.x, trace.y, trace.text, numbers, keys, strict=True
        ):
            if text:
                found.append(((not key, number), SimpleNamespace(text=text, x=x, y=y)))
    return [label for _, label in sorted(found, key=lambda pair: pair[0])]


def marks(figure: Any) -> list[Any]:
    """The events' marks: every trace but the labels'."""
    return [t for t in figure.data if t.name not in (KEY_LABEL, NUMBER_LABEL)]


# --- markup -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("$5bn for $x$", "&#36;5bn for &#36;x&#36;"),
        ("AT&T", "AT&amp;T"),
        ('he said "no"', 'he said "no"'),
        ("it's", "it's"),
        ("one\ntwo", "one<br>two"),
        ("<a href='javascript:x'>", "&lt;a href='javascript:x'&gt;"),
    ],
    ids=["script", "tag", "dollar", "ampersand", "double-quote", "apostrophe", "newline", "link"],
)
def test_markup_escapes_user_text(text: str, expected: str) -> None:
    assert markup(text) == expected


def test_markup_decodes_only_to_entities_plotly_understands() -> None:
    # plotly.js shows &quot; and &#x27; literally; markup must never produce them.
    assert "&quot;" not in markup('"') and "&#x27;" not in markup("'")


# --- windows ------------------------------------------------------------------------------

D = dt.datetime


@pytest.mark.parametrize(
    ("date", "end", "start_at", "end_at", "exact"),
    [
        ("2025-03-18", None, D(2025, 3, 18), D(2025, 3, 19), True),
        ("2025-03", None, D(2025, 3, 1), D(2025, 4, 1), False),
        ("2025-03~", None, D(2025, 2, 26), D(2025, 4, 4), False),
        ("2025-03-18~", None, D(2025, 3, 17), D(2025, 3, 20), False),
        ("2025", None, D(2025, 1, 1), D(2026, 1, 1), False),
        ("2025~", None, D(2024, 11, 26), D(2026, 2, 6), False),
        ("2025-03-18T14:30Z", None, D(2025, 3, 18, 14, 30), D(2025, 3, 18, 14, 31), True),
        ("2025-03-18T14:30+02:00", None, D(2025, 3, 18, 12, 30), D(2025, 3, 18, 12, 31), True),
        ("2025-03-18", "2025-03-20", D(2025, 3, 18), D(2025, 3, 21), True),
        ("2025-03", "2025-04-02", D(2025, 3, 1), D(2025, 4, 3), False),
        ("2025-03-18", "2025-03-20~", D(2025, 3, 18), D(2025, 3, 22), False),
    ],
    ids=[
        "day",
        "month",
        "approximate-month",
        "approximate-day",
        "year",
        "approximate-year",
        "time",
        "time-with-zone",
        "span",
        "month-to-day",
        "approximate-end",
    ],
)
def test_event_window_keeps_the_precision(
    date: str, end: str | None, start_at: D, end_at: D, exact: bool
) -> None:
    window = event_window(event(date=date, end=end))
    assert (window.start, window.end, window.exact) == (start_at, end_at, exact)


def test_event_window_at_the_end_of_time_does_not_overflow() -> None:
    window = event_window(event(date="9999~"))
    assert window.end == dt.datetime.max


def test_day_events_sit_at_noon_and_months_are_windows_not_the_first(sample: Any) -> None:
    figure = build_figure(sample)
    call, index = point(figure, CALL)
    assert call.x[index] == "2025-03-18 12:00"
    assert call.marker.symbol == "diamond"
    assert bars(figure, CALL) == []
    month, index = point(figure, "2025-03-coalition-of-the-willing")
    assert month.x[index] == "2025-03-16 12:00"
    assert month.marker.symbol == "pentagon-open"
    [(window, at)] = bars(figure, "2025-03-coalition-of-the-willing")
    assert window.base[at] == "2025-03-01 00:00"
    assert window.x[at] == 31 * 86_400_000
    assert window.opacity < 0.5
    for trace in figure.data:
        assert all(
            not str(x).startswith("2025-03-01") for x in trace.x or () if trace.type == "scatter"
        )


def test_time_of_day_events_sit_at_their_instant() -> None:
    figure = build_figure([event(date="2025-03-18T14:30Z")])
    trace, index = point(figure, "e")
    assert trace.x[index] == "2025-03-18 14:30"


def test_spans_are_solid_bars_over_their_days() -> None:
    figure = build_figure([event(date="2025-03-10", end="2025-03-12", type="talks")])
    [(bar, index)] = bars(figure, "e")
    assert (bar.base[index], bar.x[index]) == ("2025-03-10 00:00", 3 * 86_400_000)
    assert bar.opacity > 0.5 and bar.orientation == "h"
    # The bar, then its type's symbol at its start, which carries the legend entry.
    assert [t.showlegend for t in marks(figure)] == [False, True]
    start = marks(figure)[1]
    assert (start.x, start.marker.symbol, start.marker.color) == (
        ("2025-03-10 00:00",),
        "hexagon",
        "#0072B2",
    )


def test_every_type_has_its_own_look_and_no_status_shares_a_colour() -> None:
    kinds = ["statement", "call", "visit", "meeting", "talks", "mediation", "proposal"]
    kinds += ["agreement", "ceasefire", "demand", "rejection", "violation", "aid"]
    kinds += ["sanction", "other"]
    events = [
        event(id=f"e{n}", date=f"2025-03-{n + 1:02d}", type=kind, title=f"Event {n}")
        for n, kind in enumerate(kinds)
    ]
    events.append(event(id="span", date="2025-03-20", end="2025-03-22", type="talks"))
    figure = build_figure(events)
    entries = [(t.name, t.marker.color, t.marker.symbol) for t in figure.data if t.showlegend]
    # One legend entry per type, each a colour-and-symbol pair of its own, and every symbol
    # its own too, so shape tells types apart in black and white.
    assert sorted(name for name, _, _ in entries) == sorted(kinds)
    assert len({(colour, symbol) for _, colour, symbol in entries}) == 15
    assert len({symbol for _, _, symbol in entries}) == 15
    # The plan's status colours are none of the types' colours.
    plan_colours = {"#DDCC77", "#44AA99", "#332288", "#CC6677", "#999933", "#882255"}
    assert not plan_colours & {colour for _, colour, _ in entries}


# --- axis ---------------------------------------------------------------------------------


def test_sample_opens_on_every_event_with_a_margin(sample: Any) -> None:
    axis = build_figure(sample).layout.xaxis
    # Events reach from 26 Feb (an approximate March) to 4 Apr; one day of margin each side.
    assert list(axis.range) == ["2025-02-25 00:00", "2025-04-05 00:00"]
    assert axis.type == "date" and axis.rangeslider.visible
    [menu] = build_figure(sample).layout.updatemenus
    ranges = {b.label: list(b.args[0]["xaxis.range"]) for b in menu.buttons}
    # 1w and 1m end a day after the story's last dated day (18 March), not at the end of
    # the month-long windows; "all" is the opening view. No 6m on a story of weeks.
    assert ranges == {
        "1w": ["2025-03-12 00:00", "2025-03-20 00:00"],
        "1m": ["2025-02-19 00:00", "2025-03-20 00:00"],
        "all": ["2025-02-25 00:00", "2025-04-05 00:00"],
    }


@pytest.mark.parametrize(
    ("last", "labels"),
    [
        ("2025-03-10", ["all"]),  # a day: nothing shorter to show
        ("2025-04-07", ["1w", "all"]),  # four weeks
        ("2025-12-01", ["1w", "1m", "6m", "all"]),
        ("2035-03-01", ["6m", "1y", "5y", "all"]),  # ten years
    ],
)
def test_range_buttons_fit_the_story_s_length(last: str, labels: list[str]) -> None:
    events = [event(date="2025-03-10"), event(id="f", date=last)]
    [menu] = build_figure(events).layout.updatemenus
    assert [b.label for b in menu.buttons] == labels


def test_range_buttons_for_month_only_stories_use_the_months() -> None:
    [menu] = build_figure([event(date="2025-03"), event(id="f", date="2025-05")]).layout.updatemenus
    assert list(menu.buttons[0].args[0]["xaxis.range"]) == ["2025-05-25 00:00", "2025-06-02 00:00"]


def test_date_only_data_never_gets_hour_ticks(sample: Any) -> None:
    stops = build_figure(sample).layout.xaxis.tickformatstops
    assert all("%H" not in stop.value and "%M" not in stop.value for stop in stops)
    assert stops[0].value == "%e %b"


def test_time_of_day_data_may_get_hour_ticks() -> None:
    stops = build_figure([event(date="2025-03-18T14:30Z")]).layout.xaxis.tickformatstops
    assert stops[0].value.startswith("%H:%M")


# --- lanes --------------------------------------------------------------------------------


def lane_names(figure: Any) -> list[str]:
    lanes = {a.text for a in notes(figure) if a.xref == "paper" and a.yref == "y2"}
    ordered = [a.text for a in notes(figure) if a.text in lanes]
    return [text.removeprefix("<b>").removesuffix("</b>") for text in ordered]


def test_sample_lanes_are_tracks_in_story_order(sample: Any) -> None:
    assert lane_names(build_figure(sample)) == ["europe", "us-russia", "us-ukraine"]


def test_events_without_a_track_share_a_lane_placed_last() -> None:
    events = [event(id="a", track=None, date="2025-03-01"), event(id="b", track="x")]
    assert lane_names(build_figure(events, [plan()])) == ["x", NO_TRACK]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("track", ["us-russia"]),
        ("actor", ["Donald Trump", "Vladimir Putin"]),
        ("type", ["call"]),
        ("none", [ALL_EVENTS]),
    ],
)
def test_event_lanes(sample: Any, mode: Any, expected: list[str]) -> None:
    call = next(e for e in sample.events if e.id == CALL)
    assert event_lanes(call, mode) == expected


def test_actor_lanes_draw_an_event_in_each_actors_lane_and_say_so(sample: Any) -> None:
    figure = build_figure(sample, lanes="actor")
    ys = [
        trace.y[index]
        for trace in marks(figure)
        if trace.type == "scatter"
        for index, data in enumerate(trace.customdata)
        if data[1] == CALL
    ]
    assert len(ys) == 2 and ys[0] != ys[1]
    trace, index = point(figure, CALL)
    hover = trace.hovertext[index].replace("<br>", " ")
    assert "Shown in 2 lanes: Donald Trump, Vladimir Putin" in hover
    assert "Vladimir Putin" in lane_names(figure)
    # The label is drawn once, in the first actor's lane.
    assert sum(a.text.startswith("Trump and Putin") for a in notes(figure, KEY_LABEL)) == 1


def test_no_lanes_means_no_lane_headers(sample: Any) -> None:
    assert lane_names(build_figure(sample, lanes="none")) == []


def test_events_on_the_same_day_in_a_lane_get_separate_rows() -> None:
    events = [
        event(id="a", track="t"),
        event(id="b", track="t"),
        event(id="c", track="t", date="2025-05-30"),
    ]
    figure = build_figure(events)
    ys = {data[1]: trace.y[i] for trace in marks(figure) for i, data in enumerate(trace.customdata)}
    assert ys["a"] != ys["b"]
    assert ys["c"] == ys["a"]


# --- hover --------------------------------------------------------------------------------


def test_hover_has_title_date_type_actors_sources_and_claims(sample: Any) -> None:
    call = next(e for e in sample.events if e.id == CALL)
    text = hover_text(call)
    assert text.startswith(
        "<b>Trump and Putin agree an energy ceasefire<br>as the first step</b><br>"
        "Tue 18 Mar 2025 · Phone call (CAMEO 041)<br>"
        "Donald Trump, Vladimir Putin<br>"
        # Without the plan's titles at hand, the stage is named by its reference.
        "Stage agreed:<br>us-russia-ceasefire-path/energy-ceasefire<br><br>"
        "The US and Russian presidents agreed that<br>"
    )
    lines = text.split("<br>")
    assert "• The Independent, Tue 18 Mar 2025" in lines
    assert "<b>Claims</b>" in lines
    assert any(line.startswith("• Kremlin asserts: Putin told Trump") for line in lines)
    # Wrapped to fit a phone.
    assert all(len(line) <= 42 for line in lines if not line.startswith("<b>"))


def test_hover_marks_claims_that_disagree(sample: Any) -> None:
    denial = next(e for e in sample.events if e.id == "2025-03-kremlin-denies-energy-strikes")
    assert "<b>⚠ Claims: the parties disagree</b>" in hover_text(denial)
    assert "Mar 2025 (approx.) · Statement" in hover_text(denial)


def test_hover_escapes_user_text() -> None:
    text = hover_text(event(title="<img src=x onerror=alert(1)> $5bn", summary="a & b\nc"))
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; &#36;5bn" in text
    assert "a &amp; b<br>c" in text


def test_hover_offers_a_click_only_for_web_sources() -> None:
    linked = event(sources=[{"outlet": "Wire", "url": "https://example.org/a"}])
    assert "Click to open the source" in hover_text(linked)
    assert "Click to open" not in hover_text(event(sources=[{"outlet": "Wire"}]))
    figure = build_figure([linked])
    trace, index = point(figure, "e")
    assert list(trace.customdata[index]) == ["https://example.org/a", "e"]


# --- colours and legend -------------------------------------------------------------------


def test_every_type_and_status_has_a_colour_blind_safe_style() -> None:
    assert set(TYPE_STYLE) == set(EVENT_TYPES)
    assert set(STATUS_STYLE) == set(STATUSES)
    assert len(set(TYPE_STYLE.values())) == len(TYPE_STYLE)
    assert {colour for colour, _ in TYPE_STYLE.values()} <= OKABE_ITO | {"#7F7F7F"}


def test_legend_has_one_entry_per_type_that_toggles_its_group(sample: Any) -> None:
    figure = build_figure(sample)
    shown = [trace.name for trace in figure.data if trace.showlegend]
    assert shown == ["statement", "call", "proposal"]
    assert all(trace.legendgroup == trace.name for trace in marks(figure) if trace.legendgroup)
    assert figure.layout.legend.groupclick == "togglegroup"
    colours = {trace.name: trace.marker.color for trace in marks(figure) if trace.legendgroup}
    assert colours == {name: TYPE_STYLE[name][0] for name in colours}


# --- plans --------------------------------------------------------------------------------


def stage_bars(figure: Any) -> dict[str, list[tuple[float, str, int]]]:
    return {
        trace.name: list(zip(trace.y, trace.base, trace.x, strict=True))
        for trace in figure.data
        if trace.type == "bar" and trace.yaxis in (None, "y") and trace.legendgroup is None
    }


def test_sample_plan_reads_agreed_proposed_not_started(sample: Any) -> None:
    progress = plan_progress(sample.plans[0], sample.events)
    assert [(p.stage.id, p.status) for p in progress] == [
        ("energy-ceasefire", "agreed"),
        ("black-sea-ceasefire", "proposed"),
        ("full-ceasefire", "not started"),
        ("permanent-peace", "not started"),
    ]
    assert progress[0].since is not None and progress[0].since.iso() == "2025-03-18"
    assert progress[0].changes[0].event.id == CALL

    figure = build_figure(sample)
    drawn = stage_bars(figure)
    assert set(drawn) == {"agreed", "proposed", "not started"}
    assert [base for _, base, _ in drawn["agreed"]] == ["2025-03-18 00:00"]
    # Stages no event dates yet are drawn from the plan's announcement, as the plan view
    # draws them.
    assert [base for _, base, _ in drawn["not started"]] == ["2025-03-18 00:00"] * 2
    # Each stage's current status follows its title, whole at any width or range; the bars
    # carry none (too short for it, or out of the range chosen).
    texts = {t.name: list(t.text) for t in figure.data if t.name in drawn}
    assert texts == {"agreed": [""], "proposed": [""], "not started": ["", ""]}
    titles = [a.text for a in notes(figure) if a.yref == "y" and a.text[0].isdigit()]
    assert titles == [
        "1. Energy and infrastructure ceasefire<br><b>agreed since 18 Mar</b>",
        "2. Maritime ceasefire in the Black Sea<br><b>proposed since 18 Mar</b>",
        "3. Full ceasefire · <b>not started</b>",
        "4. Permanent peace · <b>not started</b>",
    ]


def test_plan_bars_are_coloured_by_status(sample: Any) -> None:
    figure = build_figure(sample)
    colours = {t.name: t.marker.color for t in figure.data if t.name in STATUS_STYLE}
    assert colours == {"agreed": "#44AA99", "proposed": "#DDCC77"}
    hatched = next(t for t in figure.data if t.name == "not started")
    assert hatched.marker.pattern.shape == "/"


def test_a_stage_history_is_drawn_as_consecutive_bars() -> None:
    events = [
        event(id="p", date="2025-03-01", stage="path/first", status="proposed"),
        event(id="a", date="2025-03-10", stage="path/first", status="agreed"),
        event(id="v", date="2025-03-20", stage="path/first", status="violated"),
    ]
    figure = build_figure(events, [plan()])
    drawn = stage_bars(figure)
    day = 86_400_000
    assert drawn["proposed"] == [(drawn["proposed"][0][0], "2025-03-01 00:00", 9 * day)]
    assert drawn["agreed"][0][1:] == ("2025-03-10 00:00", 10 * day)
    assert drawn["violated"][0][1] == "2025-03-20 00:00"
    assert [p.status for p in plan_progress(plan(), events)] == [
        "violated",
        "not started",
        "not started",
    ]


def test_plan_status_comes_from_history_when_the_drawn_events_are_filtered(sample: Any) -> None:
    europe = [e for e in sample.events if e.track == "europe"]
    figure = build_figure(europe, sample.plans, history=sample.events)
    assert "agreed" in stage_bars(figure)


def test_plans_sit_on_their_own_axis_hidden_in_the_range_slider(sample: Any) -> None:
    figure = build_figure(sample)
    assert figure.layout.xaxis.rangeslider.yaxis.rangemode == "fixed"
    assert {t.yaxis for t in figure.data if t.legendgroup} == {"y2"}
    top, bottom = figure.layout.yaxis.domain, figure.layout.yaxis2.domain
    assert bottom[1] < top[0]


# --- labels, title, edge cases ------------------------------------------------------------


def test_key_events_carry_a_label(sample: Any) -> None:
    labels = notes(build_figure(sample, labels="key"), KEY_LABEL)
    assert [a.text for a in labels] == [
        "Starmer and Trump<br>speak by phone",
        "Trump and Putin agree<br>an energy ceasefire<br>as the first step",
        "Zelensky backs a halt to<br>strikes on the energy grid<br>and asks to speak to Trump",
    ]
    assert len({a.y for a in labels}) == 3


def label_points(spec: dict[str, Any], name: str) -> dict[str, tuple[str, Any, Any, str]]:
    """The text traces' labels named ``name``: text -> (type, x, y, text position)."""
    found = {}
    for trace in spec["data"]:
        if trace.get("name") != name:
            continue
        # Text only: no hover, no legend entry, an invisible marker that sets the text off.
        assert trace["mode"] == "markers+text" and trace["hoverinfo"] == "skip"
        assert trace["showlegend"] is False and trace["marker"]["opacity"] == 0
        assert trace["cliponaxis"] is False
        for x, y, text, side in zip(
            trace["x"], trace["y"], trace["text"], trace["textposition"], strict=True
        ):
            found[text] = (trace["legendgroup"], x, y, side)
    return found


def test_an_images_labels_are_the_text_of_traces_in_their_types_group(sample: Any) -> None:
    events = ordered(sample.events)
    spec = timeline_spec(events, sample.plans, labels="key", plot_px=1176.0)
    assert not [a for a in spec["layout"]["annotations"] if a.get("name") == KEY_LABEL]
    labels = label_points(spec, KEY_LABEL)
    assert labels == {
        "Starmer and Trump<br>speak by phone": ("call", "2025-03-17 12:00", 41.0, "middle left"),
        "Trump and Putin agree<br>an energy ceasefire<br>as the first step": (
            "call",
            "2025-03-18 12:00",
            193.5,
            "middle left",
        ),
        "Zelensky backs a halt to<br>strikes on the energy grid<br>and asks to speak to Trump": (
            "statement",
            "2025-03-18 12:00",
            354.5,
            "middle left",
        ),
    }
    # Each beside its event's marker: the same type, x and row.
    marks = {
        (t["legendgroup"], x, y)
        for t in spec["data"]
        if t.get("mode") == "markers" and t.get("legendgroup")
        for x, y in zip(t["x"], t["y"], strict=True)
    }
    assert all(label[:3] in marks for label in labels.values())
    fonts = [t["textfont"] for t in spec["data"] if t.get("name") == KEY_LABEL]
    assert all(f["size"] == 12 and f["color"] == "#1F2328" for f in fonts)
    # Numbers: bold, a size smaller, beside the marks of every event.
    spec = timeline_spec(events, sample.plans, labels="numbers", plot_px=1176.0)
    numbers = label_points(spec, NUMBER_LABEL)
    assert sorted(numbers) == sorted(f"<b>{n}</b>" for n in range(1, 10))
    assert numbers["<b>8</b>"][:2] == ("call", "2025-03-18 12:00")  # Trump and Putin agree
    assert numbers["<b>4</b>"][:2] == ("call", "2025-03-17 12:00")  # Starmer and Trump speak
    fonts = [t["textfont"] for t in spec["data"] if t.get("name") == NUMBER_LABEL]
    assert fonts and all(f["size"] == 11 and f["color"] == "#1F2328" for f in fonts)
    assert not label_points(spec, KEY_LABEL)


def test_long_labels_are_cut_to_four_lines() -> None:
    title = "A very long title that goes on and on about talks, talks and more talks in Geneva"
    title += " and then in Riyadh, and in Istanbul"
    [label] = notes(build_figure([event(title=title, key=True)]), KEY_LABEL)
    assert label.text.count("<br>") == 3 and label.text.endswith("…")
    # A title of four lines is whole.
    title = 'Trump says Washington and Moscow are discussing "dividing up certain assets"'
    [label] = notes(build_figure([event(title=title, key=True)]), KEY_LABEL)
    assert label.text.replace("<br>", " ") == title


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ("sample", "9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources"),
        ([], "No events"),
        ([event(sources=[{"outlet": "Reuters"}])], "1 event, on Tue 18 Mar 2025, from 1 source"),
        (
            [event(), event(id="f", date="2025-04")],
            "2 events, from Tue 18 Mar 2025 to Apr 2025, no sources cited",
        ),
        (
            [
                event(
                    date="2025-03-18", end="2025-03-20~", sources=[{"outlet": "A"}, {"outlet": "a"}]
                )
            ],
            "1 event, from Tue 18 Mar 2025 to Thu 20 Mar 2025 (approx.), from 1 source",
        ),
    ],
    ids=["sample", "empty", "one", "no-sources", "span"],
)
def test_summary_line(sample: Any, events: Any, expected: str) -> None:
    assert summary_line(sample.events if events == "sample" else events) == expected


def test_title_and_subtitle(sample: Any) -> None:
    figure = build_figure(sample, title="Talks <in> $Riyadh")
    assert figure.layout.title.text == "<b>Talks &lt;in&gt; &#36;Riyadh</b>"
    assert figure.layout.title.subtitle.text.startswith("9 events, from Mar 2025")
    assert figure.layout.meta["title"] == "Talks <in> $Riyadh"
    assert build_figure(sample).layout.title.text == "<b>Negotiation timeline</b>"


def test_no_events_draws_an_empty_chart_that_says_so() -> None:
    figure = build_figure([])
    assert figure.data == ()
    assert [a.text for a in notes(figure)] == ["No events to show"]


def test_same_events_give_the_same_figure(sample: Any) -> None:
    first = pio.to_json(build_figure(sample), engine="json")
    shuffled = type(sample)(list(reversed(sample.events)), sample.plans)
    assert pio.to_json(build_figure(shuffled), engine="json") == first
    assert json.loads(first)["layout"]["height"] > 500


def test_the_figure_builder_uses_neither_pandas_nor_plotly_express() -> None:
    source = "".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "timeline" / "drawing").glob("*.py")
    )
    assert "pandas" not in source and "plotly.express" not in source


def test_stage_hover_tells_the_plan_scope_and_history(sample: Any) -> None:
    figure = build_figure(sample)
    agreed = next(t for t in figure.data if t.name == "agreed")
    text = agreed.hovertext[0].replace("<br>", " ")
    assert text.startswith("<b>Energy and infrastructure ceasefire</b> Stage 1 of 4: US")
    assert "Parties: United States, Russia" in text
    assert "Scope: energy and infrastructure" in text
    assert "• agreed, Tue 18 Mar 2025: Trump and Putin agree" in text
    hatched = next(t for t in figure.data if t.name == "not started")
    assert "<b>Not started</b>: no event has dated this stage yet" in hatched.hovertext[0]


def test_type_lanes_follow_the_types_in_story_order(sample: Any) -> None:
    assert lane_names(build_figure(sample, lanes="type")) == ["proposal", "statement", "call"]


def test_long_texts_are_shortened_in_the_hover_so_plotly_still_draws_it() -> None:
    long_text = " ".join(["negotiators met again to discuss the corridor"] * 40)
    event = Event.model_validate(
        {
            "id": "long",
            "title": "Long",
            "date": "2025-03-18",
            "type": "talks",
            "actors": ["A"],
            "summary": long_text,
            "claims": [{"by": "B", "says": long_text}],
        }
    )
    hover = hover_text(event)
    assert hover.count("<br>") < 25
    assert "… (more in the events table)" in hover
    assert long_text not in hover


# --- the figure as plain data -----------------------------------------------------------


def large_timeline(count: int) -> Timeline:
    """``count`` events of every type and kind of date (days, months, approximate days,
    spans, times of day), some moving the stages of a plan, some without a source."""
    path = plan(("first", "second", "third", "fourth"))
    events = []
    for number in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=(number * 7919) % 1200)
        date: str = day.isoformat()
        fields: dict[str, Any] = {}
        if number % 13 == 0:
            date = f"{day:%Y-%m}"
        elif number % 11 == 0:
            date = f"{date}~"
        elif number % 17 == 0:
            fields["end"] = (day + dt.timedelta(days=3)).isoformat()
        elif number % 19 == 0:
            date = f"{date}T09:30+02:00"
        if number % 97 == 0:
            fields |= {"stage": f"path/{path.stages[number % 4].id}", "status": "agreed"}
        events.append(
            event(
                id=f"e-{number:05d}",
                title=f"Round {number} of talks on the <corridor> & {'grain ' * (number % 9)}",
                date=date,
                type=EVENT_TYPES[number % len(EVENT_TYPES)],
                actors=[f"Delegation of the Republic {number % 7}", f"Party {number % 5}"],
                track=f"track-{number % 4}" if number % 23 else None,
                key=number % 31 == 0,
                sources=[{"outlet": "Reuters", "url": f"https://news.example.org/{number}"}]
                if number % 5
                else [],
                **fields,
            )
        )
    return Timeline(events, [path])


def same_bytes(spec: dict[str, Any]) -> None:
    """The page's data for a spec, made without plotly's classes, is what plotly makes."""
    assert json.dumps(plotly_dict(spec)) == json.dumps(figure_dict(as_figure(spec)))


@pytest.mark.parametrize("lanes", ["track", "actor", "type", "none"])
def test_the_figure_data_without_plotly_is_plotlys_to_the_byte(sample: Any, lanes: Any) -> None:
    events = ordered(sample.events)
    same_bytes(timeline_spec(events, sample.plans, lanes=lanes, title="T"))
    same_bytes(timeline_spec(events[2:5], sample.plans, history=events, lanes=lanes))
    same_bytes(timeline_spec(events, (), lanes=lanes))
    # An image's labels: text traces.
    same_bytes(timeline_spec(events, sample.plans, lanes=lanes, plot_px=1176.0))
    same_bytes(timeline_spec(events, sample.plans, lanes=lanes, plot_px=576.0, labels="numbers"))


@pytest.mark.parametrize("count", [300, WEBGL_MIN_EVENTS])
def test_large_figure_data_without_plotly_is_plotlys_to_the_byte(count: int) -> None:
    big = large_timeline(count)
    events = ordered(big.events)
    spec = timeline_spec(events, big.plans)
    assert spec["layout"]["meta"]["webgl"] is (count >= WEBGL_MIN_EVENTS)
    same_bytes(spec)
    same_bytes(plan_spec(events, big.plans))


def test_plan_and_empty_figure_data_without_plotly_is_plotlys_to_the_byte(sample: Any) -> None:
    events = ordered(sample.events)
    for spec in (
        plan_spec(events, sample.plans),
        plan_spec(events, ()),
        plan_spec([], sample.plans, title="Plans"),
        timeline_spec([], sample.plans),
        timeline_spec([], ()),
    ):
        same_bytes(spec)


def test_build_figure_is_the_spec_of_ordered_events(sample: Any) -> None:
    shuffled = list(reversed(sample.events))
    assert build_figure(shuffled).to_dict() == as_figure(timeline_spec(ordered(shuffled))).to_dict()
    assert build_plan_figure(sample).to_dict() == (
        as_figure(plan_spec(ordered(shuffled), sample.plans)).to_dict()
    )


def test_figure_dict_sorts_only_the_templates_keys(sample: Any) -> None:
    figure = build_figure(sample)
    data = figure_dict(figure)
    assert data == figure.to_dict()
    template = data["layout"]["template"]
    assert list(template) == ["data", "layout"]
    assert list(template["data"]) == sorted(template["data"])
    assert list(data["layout"])[:3] == ["template", "title", "font"]  # plotly's order elsewhere


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(max_size=90),
        st.text(alphabet="ab -\t\n\x1f\xa0\u2028é", max_size=120),
        st.lists(st.text(alphabet="abcé-&<$", min_size=1, max_size=14), max_size=12).map(" ".join),
    ),
    st.integers(min_value=1, max_value=50),
)
def test_wrap_is_textwrap_sooner(text: str, width: int) -> None:
    assert _wrap(text, width) == textwrap.wrap(text, width, break_on_hyphens=False)


# --- status texts in a long history ---------------------------------------------------------


def long_history() -> list[Event]:
    """Four changes of one stage, the first three days apart, in two and a half years."""
    changes = [
        ("2023-01-02", "proposed"),
        ("2023-01-05", "agreed"),
        ("2023-01-09", "violated"),
        ("2024-06-01", "in-force"),
    ]
    events = [
        event(id=f"s{number}", date=date, stage="path/first", status=status)
        for number, (date, status) in enumerate(changes)
    ]
    return [*events, event(id="later", date="2025-06-01")]


def status_texts(figure: Any) -> dict[str, list[tuple[str, str, int]]]:
    """Bars of the stage's statuses: (start, text, length in days)."""
    return {
        trace.name: [
            (base, text, round(x / 86_400_000))
            for base, text, x in zip(trace.base, trace.text, trace.x, strict=True)
        ]
        for trace in figure.data
        if trace.name in STATUS_STYLE
    }


def test_close_status_changes_leave_their_texts_to_the_hover_not_on_each_other() -> None:
    figure = build_figure(long_history(), [plan()])
    assert status_texts(figure) == {
        # Not lengthened over the next status; the band's bars carry no text, the stage's
        # line says where it stands.
        "proposed": [("2023-01-02 00:00", "", 3)],
        "agreed": [("2023-01-05 00:00", "", 4)],
        "violated": [("2023-01-09 00:00", "", 509)],
        "in-force": [("2024-06-01 00:00", "", 366)],
    }
    assert any("<b>in-force since 1 Jun 2024</b>" in a.text for a in notes(figure))
    hover = next(t for t in figure.data if t.name == "proposed").hovertext[0]
    assert "• proposed, Mon 2 Jan 2023" in hover and "• agreed, Thu 5 Jan 2023" in hover


def test_the_plan_view_writes_only_the_status_texts_that_fit_too() -> None:
    figure = build_plan_figure(long_history(), [plan()])
    drawn = status_texts(figure)
    assert drawn["proposed"] == [("2023-01-02 00:00", "", 3)]
    assert drawn["agreed"] == [("2023-01-05 00:00", "", 4)]
    assert drawn["violated"] == [("2023-01-09 00:00", "<b>violated 9 Jan 2023</b>", 509)]
    assert drawn["in-force"][0][:2] == ("2024-06-01 00:00", "<b>in-force 1 Jun 2024</b>")


def test_a_last_status_too_near_the_right_edge_leaves_its_text_to_the_hover() -> None:
    """Written from its start, "violated 20 May 2025" would run off the chart's right edge,
    twelve days on in two and a half years; the first status has room."""
    history = [
        event(id="s0", date="2023-01-02", stage="path/first", status="proposed"),
        event(id="s1", date="2025-05-20", stage="path/first", status="violated"),
        event(id="later", date="2025-06-01"),
    ]
    for figure in (build_plan_figure(history, [plan()]),):
        drawn = status_texts(figure)
        assert drawn["proposed"][0][:2] == ("2023-01-02 00:00", "<b>proposed 2 Jan 2023</b>")
        assert drawn["violated"][0][:2] == ("2025-05-20 00:00", "")
        hover = next(t for t in figure.data if t.name == "violated").hovertext[0]
        assert "• violated, Tue 20 May 2025" in hover


def test_the_hover_gives_quotes_dates_as_stated_type_names_and_stage_titles(
    sample: Any,
) -> None:
    figure = build_figure(sample)
    trace, index = point(figure, "2025-03-18-black-sea-talks")
    hover = trace.hovertext[index].replace("<br>", " ")
    assert "· Proposal (CAMEO 036)" in hover
    # The stage by its title, not PLAN-ID/STAGE-ID.
    assert "Stage proposed: Maritime ceasefire in the Black Sea" in hover
    assert "us-russia-ceasefire-path/" not in hover
    assert "“These negotiations will begin immediately in the Middle East.”" in hover
    assert "Dated as: “These negotiations will begin immediately”" in hover
    trace, index = point(figure, CALL)
    assert "· Phone call (CAMEO 041)" in trace.hovertext[index]


def test_a_stage_duration_draws_its_expiry_as_a_dated_mark() -> None:
    path = Plan.model_validate(
        {
            "id": "path",
            "title": "Path to peace",
            "parties": ["A", "B"],
            "stages": [
                {"id": "truce", "title": "Interim truce", "duration": "P30D"},
                {"id": "vague", "title": "Vague truce", "duration": "P30D"},
            ],
        }
    )
    history = [
        event(id="p", date="2025-03-11", stage="path/truce", status="proposed"),
        event(id="a", date="2025-03-18", stage="path/truce", status="agreed"),
        # Agreed some time in March: no day to count thirty days from.
        event(id="v", date="2025-03", stage="path/vague", status="agreed"),
    ]
    for figure in (build_figure(history, [path]), build_plan_figure(history, [path])):
        [mark] = [t for t in figure.data if t.name == "expires"]
        # 18 March and thirty days: 17 April.
        assert mark.x == ("2025-04-17 00:00",)
        assert mark.hovertext == (
            "Interim truce: expires 17 Apr, P30D from agreed on Tue 18 Mar 2025",
        )
    texts = [a.text for a in build_figure(history, [path]).layout.annotations]
    assert any("agreed since 18 Mar · expires 17 Apr" in text for text in texts)
    assert not any("Vague truce" in text and "expires" in text for text in texts)


def test_an_event_can_move_several_stages_at_once() -> None:
    both = event(id="both", date="2025-03-18", stage=["path/first", "path/second"], status="agreed")
    progress = plan_progress(plan(), [both])
    assert [(p.stage.id, p.status) for p in progress] == [
        ("first", "agreed"),
        ("second", "agreed"),
        ("third", "not started"),
    ]
    figure = build_figure([both], [plan()])
    trace, index = point(figure, "both")
    hover = trace.hovertext[index]
    assert "Stage agreed: First" in hover and "Stage agreed: Second" in hover


def test_a_status_two_parties_state_differently_is_a_split_bar() -> None:
    # The White House says the Black Sea ceasefire is agreed; the Kremlin, that it takes
    # effect only after sanctions relief: still a proposal.
    disputed = event(
        id="black-sea",
        date="2025-03-25",
        stage="path/first",
        status="agreed",
        claims=[
            {"by": "White House", "says": "A Black Sea ceasefire is agreed.", "status": "agreed"},
            {"by": "Kremlin", "says": "Only after sanctions relief.", "status": "proposed"},
        ],
    )
    for figure in (build_figure([disputed], [plan()]), build_plan_figure([disputed], [plan()])):
        parts = {
            t.name: (list(t.y), list(t.width) if isinstance(t.width, tuple) else t.width)
            for t in figure.data
            if t.name in ("agreed", "proposed")
        }
        # Each party's status in half the row: the White House's above the Kremlin's.
        (agreed_y, agreed_width), (proposed_y, proposed_width) = (
            parts["agreed"],
            parts["proposed"],
        )
        assert agreed_width == [8.0] and proposed_width == [8.0]
        assert proposed_y[0] - agreed_y[0] == 8.0
        hover = next(t for t in figure.data if t.name == "agreed").hovertext[0]
        assert "agreed per White House; proposed per Kremlin, Tue 25 Mar 2025" in hover.replace(
            "<br>", " "
        )
    texts = " ".join(a.text for a in build_figure([disputed], [plan()]).layout.annotations)
    assert "agreed per White House; proposed per Kremlin since 25 Mar" in texts.replace("<br>", " ")


def test_a_pages_numbers_are_plain_text_in_a_bold_trace_at_the_same_places(sample: Any) -> None:
    """On a page (no plot width given) a number is written as it is, in a trace drawn bold,
    which plotly.js draws without parsing markup; an image's numbers keep <b>."""
    events = list(sample.events)
    image = label_points(
        timeline_spec(events, sample.plans, labels="numbers", plot_px=PAGE_PLOT_PX), NUMBER_LABEL
    )
    spec = timeline_spec(events, sample.plans, labels="numbers")
    page = label_points(spec, NUMBER_LABEL)
    assert sorted(page) == sorted(str(n) for n in range(1, 10))
    assert {f"<b>{text}</b>": place[:2] for text, place in page.items()} == {
        text: place[:2] for text, place in image.items()
    }
    fonts = [t["textfont"] for t in spec["data"] if t.get("name") == NUMBER_LABEL]
    assert fonts and all(f["weight"] == "bold" and f["size"] == 11 for f in fonts)
    titles = [t["textfont"] for t in spec["data"] if t.get("name") == KEY_LABEL]
    assert all("weight" not in f for f in titles)
