"""Plans drawn as stage rows: each stage's title over a bar per status it has had, coloured
by status. Shared by the timeline's plan band (:func:`draw_plan_band`) and the plan view."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from dateutil.relativedelta import relativedelta

from timeline.dates import PartialDate
from timeline.drawing.layout import Canvas, band
from timeline.drawing.styles import (
    HATCH,
    LABEL_CHAR_FRACTION,
    PLAN_HEADER,
    POINT_FRACTION,
    STAGE_BAR,
    STAGE_GAP,
    STAGE_TEXT,
    STATUS_STYLE,
)
from timeline.drawing.text import (
    customdata,
    fit_lines,
    markup,
    short_date,
    stage_hover,
    text_width,
)
from timeline.drawing.windows import milliseconds, shift, view, x_value
from timeline.progress import NOT_STARTED, StageChange, StageProgress

if TYPE_CHECKING:
    from timeline.model import Plan

__all__ = [
    "STATUS_ORDER",
    "Segment",
    "StageBar",
    "current_status",
    "draw_plan_band",
    "draw_stage_rows",
    "expiry",
    "expiry_marks",
    "last_label",
    "room_for",
    "split",
    "stage_bars",
]

# The legend's order of statuses, and the order their bars are drawn in.
STATUS_ORDER = (NOT_STARTED, *STATUS_STYLE)


class Segment(NamedTuple):
    """A stretch of a stage's history: one status from ``start`` to ``end``, and the text
    written on its bar (``""`` when it does not fit). ``share`` is (part, parts) of the row's
    height it takes: a status two parties state differently is drawn as a split bar, one
    part each."""

    start: dt.datetime
    end: dt.datetime
    status: str
    label: str
    share: tuple[int, int] = (0, 1)


class StageBar(NamedTuple):
    """A :class:`Segment` placed in its stage's row (``y``, in pixels)."""

    y: float
    start: dt.datetime
    end: dt.datetime
    status: str
    label: str
    share: tuple[int, int]
    progress: StageProgress


def split(segment: Segment, change: StageChange) -> list[Segment]:
    """``segment`` as one part per party when the parties state the change's status
    differently (:attr:`StageChange.stated`), each in its party's status; else as it is."""
    stated = change.stated
    if not stated:
        return [segment]
    return [
        segment._replace(status=status, label="", share=(index, len(stated)))
        for index, (_, status) in enumerate(stated)
    ]


# The widest a plan's texts may be: a phone's plot (390 px less the page's and the chart's
# margins), so that they are whole at every width.
PHONE_TEXT_PX = 340.0


def draw_stage_rows(
    canvas: Canvas,
    plan: Plan,
    stages: Sequence[StageProgress],
    top: float,
    segments: Callable[[StageProgress], list[Segment]],
    *,
    with_status: bool = False,
    with_year: bool = False,
) -> tuple[list[StageBar], float]:
    """Draw a plan's band from ``top`` down: its title, then each stage's title over the row
    its ``segments`` go in; ``with_status``, the stage's current status after its title (in
    full at any width and range, where a bar may be too short or off the chart to hold it).
    Texts wrap to fit a phone. Returns the bars of those rows, to be drawn by status, and
    the band's bottom."""
    band_top = top
    title = fit_lines(f"Plan: {plan.title}", 13, PHONE_TEXT_PX, bold=True)
    canvas.annotations.append(
        _plan_text("<br>".join(f"<b>{markup(line)}</b>" for line in title), top + 4, 13)
    )
    top += PLAN_HEADER + (len(title) - 1) * LINE_12
    bars: list[StageBar] = []
    for stage in stages:
        lines = fit_lines(f"{stage.number}. {stage.stage.title}", 12, PHONE_TEXT_PX)
        text = [markup(line) for line in lines]
        if with_status:
            status = current_status(stage, with_year)
            if text_width(f"{lines[-1]} · {status}", 12, bold=True) <= PHONE_TEXT_PX:
                text[-1] += f" · <b>{markup(status)}</b>"
            else:
                text.append(f"<b>{markup(status)}</b>")
        canvas.annotations.append(_plan_text("<br>".join(text), top + 2, 12))
        top += STAGE_TEXT + (len(text) - 1) * LINE_12
        y = top + STAGE_BAR / 2
        bars.extend(StageBar(y, *segment, stage) for segment in segments(stage))
        top += STAGE_BAR + STAGE_GAP
    top += 4
    canvas.shapes.append(band(band_top, top, "y", shaded=True) | {"fillcolor": "#EAF2F8"})
    return bars, top


LINE_12 = 16  # pixels a further line of 12 px text takes
_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)
# The status a stage's duration runs from: the day it came into force, else the day it was
# agreed.
_DURATION_FROM = ("in-force", "agreed")


def expiry(stage: StageProgress) -> tuple[dt.datetime, StageChange] | None:
    """When a stage with a ``duration`` expires, and the change its duration runs from: its
    first "in-force", else its first "agreed". None without a duration, without such a
    change, or when that change is not known to the day (an expiry is never given a day the
    records do not give)."""
    match = _DURATION.match(stage.stage.duration or "")
    if match is None:
        return None
    for status in _DURATION_FROM:
        change = next((c for c in stage.changes if c.status == status), None)
        if change is not None:
            break
    else:
        return None
    if change.date.day is None or change.date.approximate:
        return None
    years, months, weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    span = relativedelta(
        years=years,
        months=months,
        weeks=weeks,
        days=days,
        hours=hours,
        minutes=minutes,
        seconds=seconds,
    )
    try:
        end: dt.datetime = change.date.earliest() + span
    except (OverflowError, ValueError):
        return None
    return end, change


def expiry_marks(bars: Sequence[StageBar], with_year: bool) -> dict[str, Any] | None:
    """A dated mark on each stage row at the day the stage's ``duration`` ends, its hover
    saying from what; None when no stage has one."""
    rows: dict[int, StageBar] = {}
    for bar in bars:
        rows.setdefault(id(bar.progress), bar)
    found = [(bar, expiry(bar.progress)) for bar in rows.values()]
    marks = [(bar, found) for bar, found in found if found is not None]
    if not marks:
        return None
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [x_value(end) for _, (end, _) in marks],
        "y": [bar.y for bar, _ in marks],
        "marker": {"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#1F2328"}},
        "hovertext": [
            markup(
                f"{bar.progress.stage.title}: expires {_day(end, with_year)}, "
                f"{bar.progress.stage.duration} from {change.status} on {change.date.human()}"
            )
            for bar, (end, change) in marks
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "name": "expires",
        "showlegend": False,
        "cliponaxis": True,
    }


def _day(value: dt.datetime, with_year: bool) -> str:
    return short_date(PartialDate.coerce(value.date().isoformat()), with_year)


def current_status(stage: StageProgress, with_year: bool) -> str:
    """Where a stage stands: its latest status and since when, or "not started"; and when
    its duration ends, if it has one."""
    if not stage.changes:
        return NOT_STARTED
    change = stage.changes[-1]
    stated = "; ".join(f"{status} per {party}" for party, status in change.stated)
    text = f"{stated or change.status} since {short_date(change.date, with_year)}"
    ends = expiry(stage)
    if ends is not None:
        text += f" · expires {_day(ends[0], with_year)}"
    return text


def _plan_text(text: str, y: float, size: int) -> dict[str, Any]:
    return {
        "text": text,
        "xref": "paper",
        "yref": "y",
        "x": 0,
        "y": y,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": size},
    }


def draw_plan_band(
    canvas: Canvas,
    progress: list[StageProgress],
    data: tuple[dt.datetime, dt.datetime],
    extent: dt.timedelta,
    with_year: bool,
) -> float:
    """The timeline's plan band: each plan's stages, each with a bar per status (from the
    date the status began to the next change or the end of the data), and hatched bars for
    stages no event has dated yet, from the plan's announcement as in the plan view (after
    the last dated stage when the plan gives no date). Each stage's current status is
    written after its title, not on its bars: a bar can be too short for it, or out of the
    range a reader has chosen. Returns the band's bottom."""
    top = 0.0
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    history = _BandHistory(
        data_end=data[1],
        minimum=extent * POINT_FRACTION * 3,
        view_end=view(*data)[1],
        extent=extent,
        with_year=with_year,
    )
    for stages in plans.values():
        plan = stages[0].plan
        dated = [s for s in stages if s.changes]
        after = max((s.changes[0].date.latest() for s in dated), default=data[0])
        if plan.announced is not None:
            after = plan.announced.earliest()

        def unlabelled(stage: StageProgress, after: dt.datetime = after) -> list[Segment]:
            return [s._replace(label="") for s in history.segments(stage, after=after)]

        bars, top = draw_stage_rows(
            canvas, plan, stages, top, unlabelled, with_status=True, with_year=with_year
        )
        for status in STATUS_ORDER:
            chosen = [bar for bar in bars if bar.status == status]
            if chosen:
                canvas.traces.append(stage_bars(chosen, status, showlegend=False))
        marks = expiry_marks(bars, with_year)
        if marks is not None:
            canvas.traces.append(marks)
    return top


@dataclass(frozen=True)
class _BandHistory:
    """How the plan band cuts a stage's history into bars."""

    data_end: dt.datetime  # where the latest status of a stage ends
    minimum: dt.timedelta  # the shortest bar, so that each stays visible
    view_end: dt.datetime  # the right edge of the chart as it opens
    extent: dt.timedelta  # the range shown as it opens
    with_year: bool  # whether dates on the bars need their year

    def segments(self, stage: StageProgress, *, after: dt.datetime) -> list[Segment]:
        """A stage's statuses as bars, or a "not started" bar from ``after`` (the latest
        first change of the plan's stages) when no event has dated it."""
        if not stage.changes:
            end = max(self.data_end, shift(after, self.minimum))
            return [Segment(after, end, NOT_STARTED, NOT_STARTED)]
        found = []
        for index, change in enumerate(stage.changes):
            start = change.date.earliest()
            following = stage.changes[index + 1 :]
            text = f"{change.status} {short_date(change.date, self.with_year)}"
            if following:
                # Up to the next status, never over it (nor over its text).
                end = following[0].date.earliest()
                if not room_for(text, start, end, self.extent):
                    text = ""
            else:
                end = max(self.data_end, shift(start, self.minimum))
                text = last_label(change, text, start, self.view_end, self.extent)
            found.extend(split(Segment(start, end, change.status, text), change))
        return found


def stage_bars(chosen: Sequence[StageBar], status: str, **extra: Any) -> dict[str, Any]:
    """The bars of one status in a plan's stage rows, shared by the timeline's plan band and
    the plan view: coloured by status (hatched when not started), the status written inside,
    the stage's history in the hover, and a click opening the source of its latest change."""
    fill, ink = STATUS_STYLE.get(status, ("#FFFFFF", "#333333"))
    marker: dict[str, Any] = {"color": fill, "line": {"width": 1, "color": "#9AA0A6"}}
    if status == NOT_STARTED:
        marker["pattern"] = dict(HATCH)
    height = STAGE_BAR - 4
    return {
        "type": "bar",
        "orientation": "h",
        # A split bar's parts stack in the row, top to bottom, in the order of the claims.
        "y": [bar.y - height / 2 + height * (bar.share[0] + 0.5) / bar.share[1] for bar in chosen],
        "base": [x_value(bar.start) for bar in chosen],
        "x": [milliseconds(bar.end - bar.start) for bar in chosen],
        "width": [height / bar.share[1] for bar in chosen],
        "marker": marker,
        "text": [f"<b>{markup(bar.label)}</b>" if bar.label else "" for bar in chosen],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": ink, "size": 12},
        "constraintext": "none",
        "cliponaxis": True,
        "hovertext": [stage_hover(bar.progress) for bar in chosen],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": [
            customdata(bar.progress.changes[-1].event) if bar.progress.changes else ["", ""]
            for bar in chosen
        ],
        "name": status,
        **extra,
    }


def last_label(
    change: StageChange, label: str, start: dt.datetime, view_end: dt.datetime, extent: dt.timedelta
) -> str:
    """The text of a stage's latest status: with its date if that fits before the chart's
    right edge, else the status alone (where the stage stands), else nothing (the hover).
    A status that begins past the edge is off the chart as it opens: it keeps its text for
    whoever pans to it."""
    if start >= view_end:
        return label
    for text in (label, change.status):
        if room_for(text, start, view_end, extent):
            return text
    return ""


def room_for(text: str, start: dt.datetime, until: dt.datetime, extent: dt.timedelta) -> bool:
    """Whether a status written from ``start`` ends before ``until`` (the next status of its
    stage, or the right edge of the chart as it opens), measured as key labels are (about
    7 px a character on a plot 600 px wide). In a long history changes come close together
    and their texts would run into each other, and the last one can run off the chart; the
    bar's hover still tells them."""
    return (until - start) / extent >= (len(text) + 1) * LABEL_CHAR_FRACTION
