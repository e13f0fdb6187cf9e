"""Following a negotiation on its chart: drawn "as of" a day with a control to replay the
story by publication date, and the events new or changed since a reference marked.

:func:`follow` draws a timeline through the caller's ``draw`` (so this module needs nothing
from :mod:`timeline.publish`, which calls it) and returns the figure with what the page adds:
the replay control and its script, and the events to mark in the table.

The replay embeds one figure per publication day (each drawn as the chart itself is, so the
plan band, the lanes and the labels are those of that day), all in the one page, which opens
offline. The sample's figure is about 26 kB; 30 publication days of a 100-event timeline add
about 0.7 MB to the 4.9 MB page (measured: 5.6 MB, built in 1.4 s).
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from timeline.as_of import AsOf, as_of, as_of_day, publication_days, title_line
from timeline.changes import Changes
from timeline.dates import PartialDate
from timeline.errors import NothingToDraw
from timeline.model import Event, Timeline
from timeline.pages import CONFIG, script_json, untitled
from timeline.vocabulary import EVENT_TYPES

__all__ = ["Drawn", "Followed", "follow", "mark_figure", "mark_rows"]

# What the caller's draw returns: the figure as a spec dict, the events it shows, and the
# plan stages (anything; handed back as it is).
Drawn = tuple[dict[str, Any], Sequence[Event], Any]
MARK_COLOUR = "#6D28D9"  # violet: no event type or status uses it (drawing.styles)
MARK_NAME = "change-mark"
# Each day of the replay is a figure of the events known then: about 430 bytes an event
# (measured: 100 events over 32 days add 0.67 MB). Past this many events over all the days
# (about 9 MB), the page leaves the replay out and says so.
REPLAY_MAX_EVENTS = 20_000


@dataclass(frozen=True)
class Followed:
    """A chart drawn as of a day and/or with changes marked, and what its page adds."""

    spec: dict[str, Any]
    events: Sequence[Event]
    progress: Any
    controls: str = ""  # HTML under the chart: the replay control, the marks' legend
    script: str = ""  # the replay's script, at the end of the page
    marks: Mapping[str, str] = field(default_factory=dict)


def follow(
    timeline: Timeline,
    draw: Callable[[Timeline, str | None], Drawn],
    *,
    title: str | None,
    default_title: str,
    day: PartialDate | str | None = None,
    changes: Changes | None = None,
    replay: bool = True,
) -> Followed:
    """Draw ``timeline`` through ``draw(timeline, title)``: as of ``day`` (its title says so,
    its subtitle counts the events with no publication date, and with ``replay`` the page
    can replay it day by day), with the events ``changes`` names marked."""
    known: AsOf | None = None
    shown_title = title
    if day is not None:
        day = as_of_day(day)
        known = as_of(timeline, day)
        if not known.timeline.events:
            raise NothingToDraw(
                f"no event had been published by {day.human()}; nothing written "
                "(the first publication dates are in the events' sources)"
            )
        shown_title = title_line(title or timeline.title or default_title, day)
        timeline = known.timeline
    spec, events, progress = draw(timeline, shown_title)
    if known is not None and known.unknown:
        _add_to_subtitle(spec, known.note())
    marks = changes.marks() if changes is not None else {}
    shown_ids = {event.id for event in events}
    marks = {event_id: mark for event_id, mark in marks.items() if event_id in shown_ids}
    if changes is not None:
        mark_figure(spec, marks)
    controls, script = "", ""
    if known is not None and replay and known.day is not None:
        controls, script = _replay(
            timeline, draw, shown_title or default_title, known, spec, marks, changes
        )
    if changes is not None:
        controls = _marks_note(changes, marks) + controls
    return Followed(spec, events, progress, controls, script, marks)


def _add_to_subtitle(spec: dict[str, Any], note: str) -> None:
    layout = spec["layout"]
    meta = layout.get("meta")
    if isinstance(meta, dict) and meta.get("subtitle"):
        meta["subtitle"] = f"{meta['subtitle']}; {note}"
    title = layout.get("title")
    if isinstance(title, dict) and isinstance(title.get("subtitle"), dict):
        text = title["subtitle"].get("text")
        if text:
            title["subtitle"]["text"] = f"{text}; {html.escape(note)}"


def mark_figure(spec: dict[str, Any], marks: Mapping[str, str]) -> None:
    """Ring each marked event's mark on the chart with its word above it (``new``,
    ``changed``): one more trace of rings, drawn over the events, with no hover and no legend
    entry, and the words as annotations, drawn over the key events' labels (a word in the
    trace would hide under a neighbour's label) and kept out of the range slider."""
    found: dict[tuple[str, Any, str], tuple[Any, str]] = {}
    for trace in spec.get("data", []):
        ids = _trace_ids(trace)
        if not ids:
            continue
        axis = trace.get("yaxis", "y")
        for index, event_id in enumerate(ids):
            if event_id not in marks:
                continue
            x = _point_x(trace, index)
            y = trace.get("y", [None] * len(ids))[index]
            if x is None or y is None:
                continue
            key = (event_id, y, axis)
            # A marker (its own x) wins over a bar's start.
            if key not in found or trace.get("type") != "bar":
                found[key] = (x, marks[event_id])
    by_axis: dict[str, list[tuple[Any, Any, str]]] = {}
    for (_, y, axis), (x, word) in sorted(found.items(), key=lambda item: str(item[0])):
        by_axis.setdefault(axis, []).append((x, y, word))
    for axis, points in by_axis.items():
        spec.setdefault("data", []).append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": MARK_NAME,
                "x": [x for x, _, _ in points],
                "y": [y for _, y, _ in points],
                "text": [word for _, _, word in points],
                "marker": {
                    "symbol": "circle-open",
                    "size": 24,
                    "color": MARK_COLOUR,
                    "line": {"width": 2.5, "color": MARK_COLOUR},
                },
                "hoverinfo": "skip",
                "showlegend": False,
                "yaxis": axis,
            }
        )
        spec["layout"].setdefault("annotations", []).extend(
            {
                "text": word,
                "x": x,
                "y": y,
                "xref": "x",
                "yref": axis,
                "yshift": 18,
                "showarrow": False,
                "font": {"color": MARK_COLOUR, "size": 11},
                "bgcolor": "rgba(255,255,255,0.9)",
                "name": MARK_NAME,
            }
            for x, y, word in points
        )


def _trace_ids(trace: dict[str, Any]) -> list[str]:
    data = trace.get("customdata")
    # Events' marks only: their legend group is their type (the plan band's bars also name
    # an event, the one that set a stage's status, and are not marked).
    if not isinstance(data, list) or trace.get("legendgroup") not in EVENT_TYPES:
        return []
    ids = []
    for item in data:
        ids.append(item[1] if isinstance(item, (list, tuple)) and len(item) > 1 else "")
    return ids


def _point_x(trace: dict[str, Any], index: int) -> Any:
    if trace.get("type") == "bar":
        base = trace.get("base")
        return base[index] if isinstance(base, list) else None
    xs = trace.get("x")
    return xs[index] if isinstance(xs, list) and index < len(xs) else None


def _marks_note(changes: Changes, marks: Mapping[str, str]) -> str:
    counts = {word: list(marks.values()).count(word) for word in ("new", "changed")}
    return (
        '<p class="note change-note"><span class="mark">new</span> and '
        '<span class="mark">changed</span> mark the events added '
        f"({counts['new']}) or changed ({counts['changed']}) since "
        f"{html.escape(changes.since)}, on the chart and in the table.</p>\n"
    )


_ROW = re.compile(r'<tr id="([^"]+)"><td class="date">(.*?)</td><td class="event"><strong>')


def mark_rows(markup: str, marks: Mapping[str, str], prefixes: Sequence[str]) -> str:
    """The page or fragment ``markup`` with a word (``new``, ``changed``) after the title of
    each marked event's row; rows are ``prefix + event id`` for one of ``prefixes``."""
    if not marks:
        return markup

    def badge(match: re.Match[str]) -> str:
        row_id = match.group(1)
        for prefix in prefixes:
            if row_id.startswith(prefix) and row_id[len(prefix) :] in marks:
                word = marks[row_id[len(prefix) :]]
                return (
                    f'<tr id="{row_id}" data-mark="{word}"><td class="date">{match.group(2)}'
                    f'</td><td class="event"><span class="mark">{word}</span> <strong>'
                )
        return match.group(0)

    return _ROW.sub(badge, markup)


# The replay control ---------------------------------------------------------------------


def _replay(
    timeline: Timeline,
    draw: Callable[[Timeline, str | None], Drawn],
    title: str,
    known: AsOf,
    spec: dict[str, Any],
    marks: Mapping[str, str],
    changes: Changes | None,
) -> tuple[str, str]:
    """The replay control (a labelled select of publication days) and its script, with one
    figure per day before ``known.day``; the last choice is the chart as drawn."""
    base_title = title.rsplit(", as of ", 1)[0]
    steps: list[dict[str, Any]] = []
    days = [
        day
        for day in map(PartialDate.parse, publication_days(timeline.events, known.day))
        if day != known.day
    ]
    known_then = [as_of(timeline, day) for day in days]
    drawn = sum(len(then.timeline.events) for then in known_then)
    if drawn > REPLAY_MAX_EVENTS:
        return (
            '<p class="note">The replay by publication day is left out: its '
            f"{len(days) + 1} days would draw {drawn:,} events, more than the "
            f"{REPLAY_MAX_EVENTS:,} a page carries; build with an earlier --as-of.</p>\n",
            "",
        )
    for day, then in zip(days, known_then, strict=True):
        try:
            day_spec, day_events, day_progress = draw(then.timeline, title_line(base_title, day))
        except NothingToDraw:  # the filters leave nothing of that day
            continue
        if then.unknown:
            _add_to_subtitle(day_spec, then.note())
        if changes is not None:
            mark_figure(day_spec, {k: v for k, v in marks.items() if k in _ids(day_events)})
        step = _step(day, day_spec, [event.id for event in day_events])
        step["plans"] = _plans(day_progress)
        steps.append(step)
    if not steps:
        return "", ""
    steps.append(_step(known.day, spec, None))
    options = "".join(
        f'<option value="{index}"{" selected" if index == len(steps) - 1 else ""}>'
        f"{html.escape(step['label'])}</option>"
        for index, step in enumerate(steps)
    )
    controls = (
        '<div class="replay"><label for="timeline-replay">Replay the story as it was '
        f'published: as of</label> <select id="timeline-replay">{options}</select> '
        f'<span class="note" id="timeline-replay-status" aria-live="polite"></span></div>\n'
    )
    data = script_json({"steps": steps, "config": CONFIG})
    script = f"<script>\n{_REPLAY_JS.replace('REPLAY', data)}</script>\n"
    return controls, script


def _ids(events: Sequence[Event]) -> set[str]:
    return {event.id for event in events}


def _plans(progress: Any) -> list[dict[str, Any]]:
    """Where each plan stood: its title and each stage's title and status, as plain text
    (the script shows them with textContent)."""
    plans: dict[str, dict[str, Any]] = {}
    for stage in progress or ():
        plan = plans.setdefault(stage.plan.id, {"title": stage.plan.title, "stages": []})
        since = f" since {stage.since.human()}" if stage.since is not None else ""
        plan["stages"].append(f"{stage.stage.title}: {stage.status}{since}")
    return list(plans.values())


def _step(day: PartialDate, spec: dict[str, Any], ids: list[str] | None) -> dict[str, Any]:
    """One choice of the replay: its label, title and subtitle, and (but for the last, which
    is the chart on the page) its figure and the ids of the events it shows."""
    layout = copy.deepcopy(spec["layout"])
    meta = layout.get("meta") or {}
    untitled(layout)  # as the page draws its chart: the title is the page's heading
    return {
        "label": day.human(),
        "title": str(meta.get("title") or ""),
        "subtitle": str(meta.get("subtitle") or ""),
        "figure": {"data": spec.get("data", []), "layout": layout} if ids is not None else None,
        "ids": ids,
    }


_REPLAY_JS = """(function () {
  "use strict";
  var replay = REPLAY;
  var select = document.getElementById("timeline-replay");
  var status = document.getElementById("timeline-replay-status");
  var gd = document.querySelector(".plotly-graph-div");
  var heading = document.querySelector("header h1");
  var subtitle = document.querySelector("header .subtitle");
  var last = replay.steps.length - 1;
  var full = null;
  // WebGL drawn at the screen's own resolution, as the page's script first drew it.
  var config = Object.assign({}, replay.config);
  if (config.plotGlPixelRatio === undefined) {
    config.plotGlPixelRatio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  }
  function plansSection() {
    var found = null;
    document.querySelectorAll("main section > h2").forEach(function (heading2) {
      if (heading2.textContent === "Plans") { found = heading2.parentNode; }
    });
    return found;
  }
  function show(index) {
    var step = replay.steps[index];
    if (full === null) {
      // The chart as the page drew it, copied before the first replay replaces it.
      full = JSON.parse(JSON.stringify({data: gd.data, layout: gd.layout}));
      full.title = heading.textContent;
      full.subtitle = subtitle.textContent;
    }
    var figure = index === last ? full : step.figure;
    Plotly.react(gd, figure.data, figure.layout, config);
    heading.textContent = index === last ? full.title : step.title;
    subtitle.textContent = index === last ? full.subtitle : step.subtitle;
    var shown = step.ids === null ? null : new Set(step.ids);
    document.querySelectorAll("tr[id^='event-']").forEach(function (row) {
      row.hidden = shown !== null && !shown.has(row.id.slice(6));
    });
    // The plans section says where the plans stand on the last day; for an earlier one, a
    // list of that day's stages takes its place.
    var plans = document.getElementById("timeline-replay-plans");
    var section = plansSection();
    if (plans) { plans.remove(); }
    if (section) { section.hidden = step.ids !== null; }
    if (section && step.ids !== null) {
      plans = document.createElement("section");
      plans.id = "timeline-replay-plans";
      var heading2 = document.createElement("h2");
      heading2.textContent = "Plans as of " + step.label;
      plans.appendChild(heading2);
      step.plans.forEach(function (plan) {
        var name = document.createElement("h3");
        name.textContent = plan.title;
        var list = document.createElement("ol");
        plan.stages.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        plans.appendChild(name);
        plans.appendChild(list);
      });
      section.parentNode.insertBefore(plans, section);
    }
    status.textContent = step.ids === null ? "" :
      step.ids.length + (step.ids.length === 1 ? " event" : " events") + " known then";
    gd.setAttribute("data-replay", step.label);
  }
  select.addEventListener("change", function () { show(Number(select.value)); });
})();
"""
