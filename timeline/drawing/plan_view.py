"""The plan view: where each plan stands, its stages in order, each stage's status history
as bars over time up to the last day the events date ("as of").

Drawn in steps: the time the plans cover, the stage rows (:mod:`timeline.drawing.stages`),
the bars by status, the "as of" line, then the layout around them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timeline.dates import PartialDate, Precision
from timeline.drawing.layout import Canvas, base_layout, centred_note, legend_height
from timeline.drawing.plotly_dict import as_figure
from timeline.drawing.stages import (
    STATUS_ORDER,
    Segment,
    StageBar,
    draw_stage_rows,
    expiry_marks,
    last_label,
    room_for,
    split,
    stage_bars,
)
from timeline.drawing.styles import AXIS_PX, PLAN_MARGIN_TOP, POINT_FRACTION
from timeline.drawing.text import markup, short_date
from timeline.drawing.windows import DAY, shift, tick_stops, view, x_value
from timeline.model import Event, Plan, Timeline
from timeline.progress import NOT_STARTED, StageProgress, ordered_progress
from timeline.query import ordered

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["build_plan_figure", "plan_spec"]


def build_plan_figure(
    source: Timeline | Sequence[Event],
    plans: Sequence[Plan] | None = None,
    *,
    title: str | None = None,
) -> go.Figure:
    """Draw where each plan stands: its stages in order, each stage's status history as bars
    over time, up to the last day the events date ("as of"), in the main chart's colours.

    ``source`` is a :class:`Timeline` (its plans are drawn unless ``plans`` is given) or the
    events that date the stages.
    """
    if isinstance(source, Timeline):
        events = ordered(source.events)
        plans = source.plans if plans is None else plans
    else:
        events = ordered(source)
    return as_figure(plan_spec(events, plans or (), title=title))


def plan_spec(
    events: Sequence[Event], plans: Sequence[Plan] = (), *, title: str | None = None
) -> dict[str, Any]:
    """:func:`build_plan_figure` as plain ``{"data": [...], "layout": {...}}``, from events
    already in timeline order (see :func:`timeline_spec`)."""
    plans = list(plans)
    title = title or ("Where the plan stands" if len(plans) <= 1 else "Where the plans stand")
    progress = {plan.id: ordered_progress(plan, events) for plan in plans}

    last = _last_dated(events)
    as_of = _as_of(last, plans)
    starts = {plan_id: _plan_start(stages, as_of) for plan_id, stages in progress.items()}
    first = min(starts.values(), default=shift(as_of, -DAY))
    shown = view(first, as_of)
    with_year = first.year != (as_of - dt.timedelta(microseconds=1)).year

    canvas = Canvas()
    bars: list[StageBar] = []
    top = 0.0
    for plan in plans:
        segments = functools.partial(
            _stage_segments, start=starts[plan.id], as_of=as_of, shown=shown, with_year=with_year
        )
        plan_bars, top = draw_stage_rows(canvas, plan, progress[plan.id], top, segments)
        bars.extend(plan_bars)
    _draw_status_bars(canvas.traces, bars)
    marks = expiry_marks(bars, with_year)
    if marks is not None:
        canvas.traces.append(marks)
    if plans:
        _draw_as_of(
            canvas, as_of, f"as of {short_date(last, with_year)}" if last else "as announced"
        )
    else:
        canvas.annotations.append(centred_note("No plans to show"))

    subtitle = (
        f"Each stage's status over time, from the events, as of {last.human()}"
        if last
        else "Each stage's status, from the events"
    )
    statuses = [s for s in STATUS_ORDER if any(bar.status == s for bar in bars)]
    return {"data": canvas.traces, "layout": _layout(title, subtitle, statuses, shown, top, canvas)}


def _last_dated(events: Sequence[Event]) -> PartialDate | None:
    """The latest date written on an event, preferring dates known to the day: the day the
    story is told up to ("as of"). Month-only or approximate dates count only when nothing
    else is known, as for the timeline's range buttons."""
    written = [event.end or event.date for event in events]
    exact = [d for d in written if d.precision.rank <= Precision.DAY.rank and not d.approximate]
    return max(exact or written, key=lambda d: (d.latest(), -d.precision.rank), default=None)


def _as_of(last: PartialDate | None, plans: Sequence[Plan]) -> dt.datetime:
    """Where the bars end: the end of the last dated day, else of the latest announcement,
    else a day in 2000 (nothing to date)."""
    announced = [plan.announced for plan in plans if plan.announced is not None]
    as_of = last.latest() if last else max((a.latest() for a in announced), default=None)
    if as_of is None:
        as_of = dt.datetime(2000, 1, 2)
    return as_of


def _plan_start(stages: list[StageProgress], as_of: dt.datetime) -> dt.datetime:
    """Where a plan's bars start: its first status change or its announcement, and at least
    a day before ``as_of``."""
    plan = stages[0].plan
    dates = [change.date.earliest() for stage in stages for change in stage.changes]
    if plan.announced is not None:
        dates.append(plan.announced.earliest())
    return min(min(dates, default=as_of), shift(as_of, -DAY))


def _stage_segments(
    stage: StageProgress,
    start: dt.datetime,
    as_of: dt.datetime,
    shown: tuple[dt.datetime, dt.datetime],
    with_year: bool,
) -> list[Segment]:
    """A stage's history as bars: not started from the plan's start to its first status, then
    each status until the next one or ``as_of``. A status replaced on the day it was given
    has no length and is left to the hover."""
    first = stage.changes[0].date.earliest() if stage.changes else as_of
    view_end = shown[1]
    extent = view_end - shown[0]
    shortest = extent * POINT_FRACTION  # of the range shown at first
    segments = []
    if first > start:
        segments.append(Segment(start, first, NOT_STARTED, "" if stage.changes else NOT_STARTED))
    for index, change in enumerate(stage.changes):
        begin = change.date.earliest()
        following = stage.changes[index + 1 :]
        label = f"{change.status} {short_date(change.date, with_year)}"
        if following:
            # Up to the next status, never over it (nor over its text).
            end = following[0].date.earliest()
            if end <= begin:
                continue
            if not room_for(label, begin, end, extent):
                label = ""
        else:
            end = max(as_of, shift(begin, shortest))
            label = last_label(change, label, begin, view_end, extent)
        segments.extend(split(Segment(begin, end, change.status, label), change))
    return segments


def _draw_status_bars(traces: list[dict[str, Any]], bars: list[StageBar]) -> None:
    """One trace per status, so the legend names each colour once, in the order statuses
    are reached; "not started" is hatched, as in the main chart's plan band."""
    for rank, status in enumerate(STATUS_ORDER):
        chosen = [bar for bar in bars if bar.status == status]
        if not chosen:
            continue
        traces.append(stage_bars(chosen, status, legendrank=rank, showlegend=True))


def _draw_as_of(canvas: Canvas, as_of: dt.datetime, text: str) -> None:
    """A dotted line down the chart at ``as_of``, with ``text`` at its top."""
    canvas.shapes.append(
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": x_value(as_of),
            "x1": x_value(as_of),
            "y0": 0,
            "y1": 1,
            "line": {"color": "#4A5560", "width": 1.5, "dash": "dot"},
        }
    )
    canvas.annotations.append(
        {
            "text": markup(text),
            "xref": "x",
            "yref": "paper",
            "x": x_value(as_of),
            "y": 1,
            "xanchor": "right",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 12, "color": "#4A5560"},
        }
    )


def _layout(
    title: str,
    subtitle: str,
    statuses: list[str],
    shown: tuple[dt.datetime, dt.datetime],
    rows_bottom: float,
    canvas: Canvas,
) -> dict[str, Any]:
    """The plan view's layout: the shared frame, a legend of the ``statuses`` drawn, which
    does not hide or show them, and a y axis of the stage rows down to ``rows_bottom``."""
    plot_height = max(rows_bottom, 120.0)
    bottom = round(AXIS_PX + legend_height(statuses))
    layout = base_layout(
        title,
        subtitle,
        plot_height=plot_height,
        top=PLAN_MARGIN_TOP,
        bottom=bottom,
        legend_title="Status",
    )
    legend = layout.pop("legend")
    layout.update(
        meta={"title": title, "subtitle": subtitle, "view": "plan"},
        showlegend=bool(statuses),
        legend=legend
        | {
            "itemclick": False,
            "itemdoubleclick": False,
        },
        xaxis={
            "type": "date",
            "range": [x_value(shown[0]), x_value(shown[1])],
            "tickformatstops": tick_stops(date_only=True),
            "ticklabelmode": "period",
            "showgrid": True,
            "gridcolor": "#E4E7EB",
            "ticks": "outside",
            "ticklen": 4,
            "linecolor": "#9AA0A6",
            "showline": True,
        },
        yaxis={
            "range": [plot_height, 0],
            "fixedrange": True,
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
        },
        annotations=canvas.annotations,
        shapes=canvas.shapes,
    )
    return layout
