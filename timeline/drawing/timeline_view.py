"""The timeline chart: events in lanes over time, uncertain dates as windows, each plan in a
band above them, range buttons and a range slider.

Drawn in steps: the time frame (:class:`Frame`), the plan band, the events' lanes and rows,
the marks (SVG, or WebGL for a large timeline), then the layout around them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from timeline.actors import ActorIndex
from timeline.choices import LabelMode, LaneMode
from timeline.dates import Precision
from timeline.drawing.key import numbered
from timeline.drawing.labels import PAGE_PLOT_PX, label_traces, place_labels
from timeline.drawing.layout import Canvas, band, base_layout, centred_note, legend_height
from timeline.drawing.plotly_dict import as_figure
from timeline.drawing.rows import Item, Row, event_lanes, lane_order, pack
from timeline.drawing.stages import draw_plan_band
from timeline.drawing.styles import (
    AXIS_PX,
    BAND_GAP,
    LANE_HEADER,
    MARGIN_TOP,
    SLIDER_GAP,
    SLIDER_PX,
)
from timeline.drawing.svg import draw_events
from timeline.drawing.text import markup, short_date, summary_line
from timeline.drawing.webgl import WEBGL_MIN_EVENTS, deal_rows, draw_webgl
from timeline.drawing.windows import (
    Window,
    data_range,
    event_window,
    marker_x,
    range_buttons,
    tick_stops,
    view,
    x_value,
)
from timeline.model import Event, Plan, Timeline
from timeline.progress import StageProgress, ordered_progress
from timeline.query import ordered
from timeline.vocabulary import EVENT_TYPES

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["DEFAULT_TITLE", "Frame", "build_figure", "timeline_spec"]

DEFAULT_TITLE = "Negotiation timeline"


def build_figure(
    source: Timeline | Sequence[Event],
    plans: Sequence[Plan] | None = None,
    *,
    lanes: LaneMode = "track",
    title: str | None = None,
    history: Sequence[Event] | None = None,
    labels: LabelMode = "auto",
    plot_px: float | None = None,
) -> go.Figure:
    """Draw events and plans as an interactive timeline figure.

    ``source`` is a :class:`Timeline` (its plans are used unless ``plans`` is given) or a list
    of events. Events go in lanes on the y axis (``lanes``: track, actor, group (of the
    Timeline's actors.yaml), type or none), each
    plan in a band above them. ``history`` are the events that date the plans' stages (all
    events by default), so a filtered view still shows where each plan stands. ``labels``
    says what is written beside the events (see :data:`timeline.choices.LabelMode`), placed
    for a plot ``plot_px`` wide (a report column's unless given).
    """
    actors = None
    if isinstance(source, Timeline):
        events = ordered(source.events)
        plans = source.plans if plans is None else plans
        title = title or source.title
        actors = source.actors
    else:
        events = ordered(source)
    dating = ordered(history) if history else events
    spec = timeline_spec(
        events,
        plans or (),
        lanes=lanes,
        title=title,
        history=dating,
        labels=labels,
        plot_px=plot_px,
        actors=actors,
    )
    return as_figure(spec)


@dataclass(frozen=True)
class Frame:
    """The time a timeline chart covers: its data, and the range shown as it opens."""

    first: dt.datetime  # the start of the earliest event, stage change or announcement
    last: dt.datetime  # the end of the latest
    start: dt.datetime  # the range shown as the chart opens
    end: dt.datetime
    date_only: bool  # no event is dated finer than a day
    with_year: bool  # the data runs over more than one year, so short dates need theirs

    @property
    def extent(self) -> dt.timedelta:
        """The length of the range shown as the chart opens."""
        return self.end - self.start

    @classmethod
    def of(
        cls,
        events: Sequence[Event],
        windows: Sequence[Window],
        progress: Sequence[StageProgress],
        bounds: tuple[dt.datetime | None, dt.datetime | None] = (None, None),
    ) -> Frame:
        """The frame of ``events`` (whose windows are ``windows``) and the plans' stages,
        within ``bounds`` (the dates a filter asked for) where given: a plan dated before
        ``--since`` does not pull the axis back to it."""
        first, last = data_range(windows, progress)
        if bounds[0] is not None and bounds[0] < last:
            first = max(first, bounds[0])
        if bounds[1] is not None and bounds[1] > first:
            last = min(last, bounds[1])
        start, end = view(first, last)
        date_only = all(
            d.precision.rank >= Precision.DAY.rank
            for event in events
            for d in (event.date, event.end)
            if d is not None
        )
        with_year = first.year != (last - dt.timedelta(microseconds=1)).year
        return cls(first, last, start, end, date_only, with_year)


def timeline_spec(
    events: Sequence[Event],
    plans: Sequence[Plan] = (),
    *,
    lanes: LaneMode = "track",
    title: str | None = None,
    history: Sequence[Event] | None = None,
    actors: ActorIndex | None = None,
    labels: LabelMode = "auto",
    plot_px: float | None = None,
    bounds: tuple[dt.datetime | None, dt.datetime | None] = (None, None),
) -> dict[str, Any]:
    """:func:`build_figure` as plain ``{"data": [...], "layout": {...}}`` for plotly.js, from
    events (and ``history``) already in timeline order: what a page needs, without plotly's
    checks of every point (:func:`as_figure` makes the figure, :func:`plotly_dict` the page's
    data). ``actors`` (the folder's actors.yaml) gives the lanes of ``lanes="group"``;
    ``bounds``, the start and end a date filter asked for, frame the axis; the plan band is
    cut to them."""
    title = title or DEFAULT_TITLE
    progress = [p for plan in plans for p in ordered_progress(plan, history or events)]
    windows = [event_window(event) for event in events]
    frame = Frame.of(events, windows, progress, bounds)
    # Large timelines are drawn with WebGL, rows dealt rather than packed (drawing.webgl).
    webgl = len(events) >= WEBGL_MIN_EVENTS
    canvas = Canvas()

    # Plans on the upper y axis, events on the lower one: the range slider then shows the
    # events only (the plans' axis is given an empty range there).
    plan_height = 0.0
    axis = "y"
    if progress:
        plan_height = draw_plan_band(
            canvas, progress, (frame.first, frame.last), frame.extent, frame.with_year
        )
        axis = "y2"

    width = plot_px or PAGE_PLOT_PX
    by_lane = _lane_items(events, windows, lanes, actors=actors)
    arrange: Callable[[list[Item]], list[Row]] = (
        deal_rows
        if webgl
        else functools.partial(pack, origin=frame.start, extent=frame.extent, plot_px=width)
    )
    mode: LabelMode = "none" if webgl else labels
    numbers = {event.id: number for number, event in numbered(events)}
    place_labels(
        by_lane,
        mode,
        numbers,
        (frame.start, frame.end),
        width,
        lambda lanes_: sum(row.height for items in lanes_.values() for row in arrange(items)),
    )
    items, lanes_bottom = _stack_lanes(canvas, by_lane, arrange, axis, headed=lanes != "none")
    if webgl:
        draw_webgl(canvas.traces, items, axis)
    else:
        stages = {f"{p.plan.id}/{p.stage.id}": p.stage.title for p in progress}
        draw_events(canvas.traces, items, axis, stages)
    # A page's labels are placed for a report column and checked as drawn by the page's
    # script (timeline/static/timeline.js); an image's width is known, and nothing checks them.
    fallback = mode in ("auto", "all") and plot_px is None
    canvas.traces.extend(
        label_traces(items, axis, fallback=fallback, page=plot_px is None and not webgl)
    )
    # The key to the numbers: every event that shows one, or may (a page shows an event's
    # number when its title does not fit the reader's screen), and whether it does as drawn.
    key = [
        [
            item.number,
            short_date(item.event.date, frame.with_year),
            item.event.title,
            item.numbered,
        ]
        for item in sorted(items, key=lambda i: i.number)
        if item.numbered or (fallback and item.labelled)
    ]
    if not events and not progress:
        canvas.annotations.append(centred_note("No events to show"))

    subtitle = summary_line(events)
    layout = _layout(
        title,
        subtitle,
        events,
        frame,
        canvas,
        axis=axis,
        plan_height=plan_height,
        events_height=max(lanes_bottom, 120.0),
        webgl=webgl,
        extra_meta={
            "labels": mode,
            "key": key,
            "open_markers": not all(window.exact for window in windows),
        },
    )
    return {"data": canvas.traces, "layout": layout}


def _lane_items(
    events: Sequence[Event],
    windows: Sequence[Window],
    mode: LaneMode,
    *,
    actors: ActorIndex | None = None,
) -> dict[str, list[Item]]:
    """Each lane's items, lanes in the order the story reaches them; unlabelled (see
    :func:`timeline.drawing.labels.place_labels`)."""
    by_lane: dict[str, list[Item]] = {}
    for event, window in zip(events, windows, strict=True):
        names = tuple(event_lanes(event, mode, actors))
        for lane in names:
            item = Item(event, lane, names, window, marker_x(event, window), False)
            by_lane.setdefault(lane, []).append(item)
    return {lane: by_lane[lane] for lane in lane_order(events, mode, actors)}


def _stack_lanes(
    canvas: Canvas,
    by_lane: dict[str, list[Item]],
    arrange: Callable[[list[Item]], list[Row]],
    axis: str,
    *,
    headed: bool,
) -> tuple[list[Item], float]:
    """Lay the lanes out from the top of ``axis``, in pixels: a header (when ``headed``), then
    the rows ``arrange`` gives the lane's items, on alternately shaded bands. Sets each item's
    ``y``; returns the items, lane by lane, and the bottom of the last lane."""
    items: list[Item] = []
    top = 0.0
    for index, (lane, lane_items) in enumerate(by_lane.items()):
        rows = arrange(lane_items)
        lane_top = top
        if headed:
            canvas.annotations.append(_lane_header(lane, lane_top, axis))
            top += LANE_HEADER
        offsets = []
        for row in rows:
            offsets.append(top + row.height / 2)
            top += row.height
        for item in lane_items:
            item.y = offsets[item.row]
        items.extend(lane_items)
        top += 4
        canvas.shapes.append(band(lane_top, top, axis, shaded=index % 2 == 0))
    return items, top


def _lane_header(lane: str, top: float, axis: str) -> dict[str, Any]:
    return {
        "text": f"<b>{markup(lane)}</b>",
        "xref": "paper",
        "yref": axis,
        "x": 0,
        "y": top + 3,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 12, "color": "#4A5560"},
    }


def _layout(
    title: str,
    subtitle: str,
    events: Sequence[Event],
    frame: Frame,
    canvas: Canvas,
    *,
    axis: str,
    plan_height: float,
    events_height: float,
    webgl: bool,
    extra_meta: dict[str, Any],
) -> dict[str, Any]:
    """The timeline's layout: the shared frame, an x axis with a range slider under the
    events and range buttons above, the plans' y axis over the events' (``axis``), and the
    legend that toggles event types. ``plan_height`` is 0 when there are no plans."""
    gap = BAND_GAP if plan_height else 0.0
    plot_height = plan_height + gap + events_height
    types = [t for t in EVENT_TYPES if any(event.type == t for event in events)]
    bottom = round(AXIS_PX + SLIDER_PX + SLIDER_GAP + legend_height(types))
    axes, slider = _y_axes(plan_height, events_height, plot_height)
    layout = base_layout(
        title,
        subtitle,
        plot_height=plot_height,
        top=MARGIN_TOP,
        bottom=bottom,
        legend_title="Event types: click one to hide or show it",
    )
    legend = layout.pop("legend")
    # The keys in the order plotly's update_layout is given them, which sets its to_dict order.
    layout.update(
        meta={
            "title": title,
            "subtitle": subtitle,
            "view": "timeline",
            "webgl": webgl,
            **extra_meta,
        },
        showlegend=bool(events),
        legend=legend
        | {
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
            "groupclick": "togglegroup",
        },
        xaxis={
            "type": "date",
            "anchor": axis,
            "range": [x_value(frame.start), x_value(frame.end)],
            "tickformatstops": tick_stops(frame.date_only),
            "ticklabelmode": "period",
            "showgrid": True,
            "gridcolor": "#E4E7EB",
            "ticks": "outside",
            "ticklen": 4,
            "linecolor": "#9AA0A6",
            "showline": True,
            "rangeslider": slider | {"range": [x_value(frame.start), x_value(frame.end)]},
            "autorangeoptions": {"include": [x_value(frame.start), x_value(frame.end)]},
        },
        updatemenus=[range_buttons(events, (frame.start, frame.end))],
        **(
            {"xaxis2": {"matches": "x", "overlaying": "x", "visible": False, "type": "date"}}
            if any(trace.get("xaxis") == "x2" for trace in canvas.traces)
            else {}
        ),
        annotations=canvas.annotations,
        shapes=canvas.shapes,
        **axes,
    )
    return layout


def _y_axes(
    plan_height: float, events_height: float, plot_height: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The y axes, counting pixels down from the top of each: the events' alone, or the
    plans' (``yaxis``) above the events' (``yaxis2``); and the range slider, which shows the
    events only."""
    event_axis: dict[str, Any] = {
        "range": [events_height, 0],
        "domain": [0, events_height / plot_height],
        "fixedrange": True,
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
    }
    axes: dict[str, Any] = {"yaxis": event_axis}
    slider: dict[str, Any] = {"visible": True, "thickness": min(SLIDER_PX / plot_height, 0.5)}
    if plan_height:
        axes = {
            "yaxis": event_axis
            | {"range": [plan_height, 0], "domain": [1 - plan_height / plot_height, 1]},
            "yaxis2": event_axis | {"anchor": "x"},
        }
        slider["yaxis"] = {"rangemode": "fixed", "range": [-2, -1]}
    return axes, slider
