"""Time on the charts: the window each event can lie in, x values, the range shown at first,
date ticks, and the range buttons.

Times are naive UTC throughout, as :meth:`PartialDate.earliest` gives them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from timeline.dates import PartialDate, Precision

if TYPE_CHECKING:
    from timeline.model import Event
    from timeline.progress import StageProgress

__all__ = [
    "DAY",
    "MS_PER_DAY",
    "Window",
    "data_range",
    "event_window",
    "marker_x",
    "milliseconds",
    "range_buttons",
    "shift",
    "tick_stops",
    "view",
    "x_value",
]

DAY = dt.timedelta(days=1)
MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class Window:
    """Where an event can lie on the time axis: ``[start, end)``, naive UTC."""

    start: dt.datetime
    end: dt.datetime
    exact: bool  # known to the day or finer, and not approximate

    @property
    def middle(self) -> dt.datetime:
        """The centre of the window, where its marker is drawn."""
        return self.start + (self.end - self.start) / 2


def shift(value: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``value + delta``, held at the ends of the calendar rather than overflowing."""
    try:
        return value + delta
    except OverflowError:
        return dt.datetime.max if delta > dt.timedelta(0) else dt.datetime.min


def _approximate_pad(date: PartialDate) -> dt.timedelta:
    """How far an approximate date may stray: a tenth of its length, at least a day.

    EDTF's ``~`` says only "about"; a tenth keeps ``2025-03~`` within a few days of March and
    ``2025-03-18~`` within a day either side, and whole days keep window edges at midnight.
    """
    length = date.latest() - date.earliest()
    if date.precision in (Precision.SECOND, Precision.MINUTE):
        return max(length / 10, dt.timedelta(hours=1))
    return dt.timedelta(days=max(1, round(length / DAY / 10)))


def event_window(event: Event) -> Window:
    """The window an event can lie in: its dates' precision, widened when approximate."""
    first, last = event.date, event.end or event.date
    start, end = first.earliest(), last.latest()
    if first.approximate:
        start = shift(start, -_approximate_pad(first))
    if last.approximate:
        end = shift(end, _approximate_pad(last))
    exact = (
        not first.approximate
        and not last.approximate
        and first.precision in _DAY_OR_FINER
        and (last is first or last.precision in _DAY_OR_FINER)
    )
    return Window(start, end, exact)


_DAY_OR_FINER = frozenset(p for p in Precision if p.rank <= Precision.DAY.rank)


def marker_x(event: Event, window: Window) -> dt.datetime:
    """A day event sits at noon, in the middle of its day; a time of day sits at its instant."""
    if window.exact and event.end is None and event.date.precision is not Precision.DAY:
        return window.start
    return window.middle


def x_value(value: dt.datetime) -> str:
    """A plotly.js date string (no ``T``, no zone: values are naive UTC)."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    return text


def milliseconds(delta: dt.timedelta) -> int:
    """A length of time as plotly.js reads one on a date axis (a bar's length)."""
    return round(delta / dt.timedelta(milliseconds=1))


def data_range(
    windows: Sequence[Window], progress: Sequence[StageProgress]
) -> tuple[dt.datetime, dt.datetime]:
    """From the start of the first event, stage change or plan announcement to the end of the
    last; a day in 2000 when there is nothing."""
    starts = [w.start for w in windows] + [c.date.earliest() for p in progress for c in p.changes]
    ends = [w.end for w in windows] + [c.date.latest() for p in progress for c in p.changes]
    announced = [p.plan.announced for p in progress if p.plan.announced is not None]
    starts += [a.earliest() for a in announced]
    ends += [a.latest() for a in announced]
    if not starts:
        return dt.datetime(2000, 1, 1), dt.datetime(2000, 1, 2)
    return min(starts), max(ends)


def view(first: dt.datetime, last: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The range at open: every event, with a margin of 4% and at least a day either side."""
    margin = max((last - first) * 0.04, DAY)
    if margin >= DAY:
        margin = dt.timedelta(days=round(margin / DAY))
    return shift(first, -margin), shift(last, margin)


def tick_stops(date_only: bool) -> list[dict[str, Any]]:
    """Date tick labels per zoom level, day first ("18 Mar") as in the hover dates."""
    # In "period" label mode plotly.js reads the format to find the smallest period: a day
    # format below one day keeps date-only data on day ticks however far a reader zooms in.
    # "%e", not "%-d", which it does not recognise as a day (it would fall back to months).
    hours = "%H:%M<br>%e %b" if not date_only else "%e %b"
    return [
        {"dtickrange": [None, MS_PER_DAY], "value": hours},
        {"dtickrange": [MS_PER_DAY, "M1"], "value": "%e %b"},
        {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
        {"dtickrange": ["M12", None], "value": "%Y"},
    ]


def _story_end(events: Sequence[Event]) -> dt.datetime | None:
    """The end of the last day the story dates: month-only or approximate dates, which can
    stretch weeks past it, are left out unless nothing else is known."""
    ends = [(event.end or event.date) for event in events]
    exact = [
        d.latest() for d in ends if d.precision.rank <= Precision.DAY.rank and not d.approximate
    ]
    return max(exact or [d.latest() for d in ends], default=None)


def range_buttons(
    events: Sequence[Event], shown: tuple[dt.datetime, dt.datetime]
) -> dict[str, Any]:
    """Buttons for the last week, month, six months, year or five years of the story, as
    many as are shorter than the opening view (``shown``) and at most the three longest of
    them, so a four-week story gets 1w only and a ten-year one 6m, 1y and 5y; then "all".
    Each shows the story up to a day after its last dated day, so "1w" lands on the latest
    news rather than on the end of a month-long window; "all" goes back to the opening
    view."""
    end = _story_end(events) or shown[1]
    shown_end = shift(end, DAY)
    opening = (shown[1] - shown[0]) / DAY
    spans = [(label, span) for label, span, days in _SPANS if days < 0.9 * opening][-3:]
    buttons = [
        {
            "label": label,
            "method": "relayout",
            "args": [{"xaxis.range": [x_value(_shift_back(end, span)), x_value(shown_end)]}],
        }
        for label, span in spans
    ]
    buttons.append(
        {
            "label": "all",
            "method": "relayout",
            "args": [{"xaxis.range": [x_value(shown[0]), x_value(shown[1])]}],
        }
    )
    return {
        "type": "buttons",
        "direction": "right",
        "buttons": buttons,
        "active": len(buttons) - 1,
        "showactive": True,
        "x": 0,
        "xanchor": "left",
        "y": 1,
        "yanchor": "bottom",
        "pad": {"t": 0, "r": 0, "b": 6, "l": 0},
        "bgcolor": "#EEF1F4",
        "bordercolor": "#C9D3DD",
        "font": {"size": 13},
    }


# The range buttons' spans, with their length in days (about, for months and years).
_SPANS = (
    ("1w", relativedelta(days=7), 7.0),
    ("1m", relativedelta(months=1), 30.4),
    ("6m", relativedelta(months=6), 182.6),
    ("1y", relativedelta(years=1), 365.2),
    ("5y", relativedelta(years=5), 1826.2),
)


def _shift_back(value: dt.datetime, span: relativedelta) -> dt.datetime:
    try:
        result: dt.datetime = value - span
    except (OverflowError, ValueError):
        return dt.datetime.min
    return result
