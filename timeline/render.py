"""Events and plans drawn as a Plotly figure: lanes, uncertain dates as windows, the plan band.

Pure: the same events give the same figure, and nothing is read or written. The helpers
(:func:`event_window`, :func:`event_lanes`, :func:`hover_text`, :func:`plan_progress`,
:func:`summary_line`) do not need plotly; plotly is imported only when a figure is built, so
commands that do not draw stay fast. A figure is drawn first as plain data (a spec:
:func:`timeline_spec`, :func:`plan_spec`), which a page writes as it is (:func:`plotly_dict`)
and :func:`as_figure` makes a plotly figure of: plotly checks and copies every point, which
costs more than drawing a large timeline.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import pkgutil
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from dateutil.relativedelta import relativedelta

from timeline.choices import LaneMode
from timeline.dates import MONTH_ABBR, PartialDate, Precision
from timeline.large import WEBGL_MIN_EVENTS, deal_rows, draw_webgl
from timeline.model import EVENT_TYPES, Event, Plan, Stage, Timeline
from timeline.query import ordered

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "ALL_EVENTS",
    "DEFAULT_TITLE",
    "KEY_LABEL",
    "LANE_MODES",
    "NOT_STARTED",
    "NO_TRACK",
    "STATUS_STYLE",
    "TYPE_STYLE",
    "LaneMode",
    "StageChange",
    "StageProgress",
    "Window",
    "as_figure",
    "build_figure",
    "build_plan_figure",
    "event_lanes",
    "event_window",
    "figure_dict",
    "hover_text",
    "markup",
    "ordered_progress",
    "plan_progress",
    "plan_spec",
    "plotly_dict",
    "static_figure",
    "summary_line",
    "timeline_spec",
]

LANE_MODES: tuple[str, ...] = get_args(LaneMode)
DEFAULT_TITLE = "Negotiation timeline"
NO_TRACK = "no track"
KEY_LABEL = "key-label"  # the name of key events' label annotations
ALL_EVENTS = "all events"

# Okabe & Ito, "Color Universal Design" (2008): told apart with every common colour-vision
# deficiency. Types share a colour only when their marker symbols differ, so every type stays
# distinguishable in black and white too.
ORANGE, SKY, GREEN, BLUE = "#E69F00", "#56B4E9", "#009E73", "#0072B2"
VERMILLION, PURPLE, BLACK, GREY = "#D55E00", "#CC79A7", "#000000", "#7F7F7F"
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "statement": (BLUE, "circle"),
    "call": (ORANGE, "diamond"),
    "visit": (SKY, "triangle-up"),
    "meeting": (PURPLE, "square"),
    "talks": (SKY, "square"),
    "mediation": (PURPLE, "triangle-up"),
    "proposal": (GREEN, "pentagon"),
    "agreement": (GREEN, "star"),
    "ceasefire": (GREEN, "hexagon"),
    "demand": (VERMILLION, "triangle-down"),
    "rejection": (VERMILLION, "x"),
    "violation": (VERMILLION, "cross"),
    "aid": (ORANGE, "square"),
    "sanction": (BLACK, "square"),
    "other": (GREY, "circle"),
}
# Fill and text colour of each plan-stage status; text colours keep 4.5:1 contrast or more.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "proposed": (ORANGE, "#111111"),
    "agreed": (GREEN, "#111111"),
    "in-force": (BLUE, "#FFFFFF"),
    "violated": (VERMILLION, "#111111"),
    "suspended": (PURPLE, "#111111"),
    "collapsed": (BLACK, "#FFFFFF"),
    "rejected": ("#5E5E5E", "#FFFFFF"),
}
NOT_STARTED = "not started"

DAY = dt.timedelta(days=1)
MS_PER_DAY = 86_400_000
HOVER_WIDTH = 42  # characters per hover line: fits a phone's screen, reads well on a desktop
LABEL_WIDTH = 26  # characters per line of a key event's label on the chart
LABEL_LINES = 3
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Vertical layout, in pixels: the y axis counts pixels from the top, so rows keep their size.
PLAN_HEADER = 24
STAGE_TEXT = 19
STAGE_BAR = 20
STAGE_GAP = 5
LANE_HEADER = 20
ROW = 26
LABEL_LINE = 17
BAND_GAP = 10
MARGIN_TOP = 112  # title, subtitle and range buttons (the page shows its title in HTML)
AXIS_PX = 34  # date tick labels under the plot
SLIDER_PX = 44
SLIDER_GAP = 16
LEGEND_WIDTH = 340  # the legend is measured for a phone, where it wraps first

# How much of the visible range a marker occupies when rows are packed; points closer than
# this go to separate rows so their markers never overlap, even on a phone.
POINT_FRACTION = 0.03
# Label width in characters → fraction of the range, assuming a plot about 600 px wide.
LABEL_CHAR_FRACTION = 7.0 / 600


def markup(text: str) -> str:
    """User text as plotly.js markup: escaped, ``$`` made inert, newlines as ``<br>``.

    Only ``&``, ``<`` and ``>`` are escaped: plotly.js decodes numeric entities but would show
    ``&quot;`` literally, and quotes cannot open a tag once ``<`` is escaped. ``$`` becomes an
    entity so a page that loads MathJax does not typeset it (REFERENCE §7).
    """
    escaped = html.escape(text, quote=False).replace("$", "&#36;")
    return "<br>".join(escaped.splitlines())


def _wrapped(text: str, width: int) -> str:
    """Wrap plain text to ``width`` characters, then escape each line and join with <br>.

    Escaping after wrapping keeps entities such as ``&amp;`` from counting as characters.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap(paragraph, width) or [""])
    if any(special in text for special in _MARKUP_SPECIAL):
        return "<br>".join(markup(line) for line in lines)
    return "<br>".join(lines)  # what markup would leave as it is, sooner


# The characters :func:`markup` changes in a line.
_MARKUP_SPECIAL = ("&", "<", ">", "$")


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, break_on_hyphens=False)``, three times sooner for the usual
    text: printable (so its only space is " "), words no longer than ``width`` between single
    spaces, which filling each line greedily wraps exactly as textwrap does (a test compares
    them). Anything else goes to textwrap."""
    words = text.split(" ")
    if not text.isprintable() or "" in words or max(map(len, words)) > width:
        return textwrap.wrap(text, width, break_on_hyphens=False)
    lines = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


# --- time ---------------------------------------------------------------------------------


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


def _shift(value: dt.datetime, delta: dt.timedelta) -> dt.datetime:
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
        start = _shift(start, -_approximate_pad(first))
    if last.approximate:
        end = _shift(end, _approximate_pad(last))
    exact = (
        not first.approximate
        and not last.approximate
        and first.precision in _DAY_OR_FINER
        and (last is first or last.precision in _DAY_OR_FINER)
    )
    return Window(start, end, exact)


_DAY_OR_FINER = frozenset(p for p in Precision if p.rank <= Precision.DAY.rank)


def _marker_x(event: Event, window: Window) -> dt.datetime:
    """A day event sits at noon, in the middle of its day; a time of day sits at its instant."""
    if window.exact and event.end is None and event.date.precision is not Precision.DAY:
        return window.start
    return window.middle


def _x(value: dt.datetime) -> str:
    """A plotly.js date string (no ``T``, no zone: values are naive UTC)."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    return text


def _milliseconds(delta: dt.timedelta) -> int:
    return round(delta / dt.timedelta(milliseconds=1))


def _short_date(date: PartialDate, with_year: bool) -> str:
    """``18 Mar``, ``18 Mar 2025``, ``Mar 2025``: for labels where space is short."""
    if date.month is None:
        text = f"{date.year}"
    elif date.day is None:
        text = f"{MONTH_ABBR[date.month - 1]} {date.year}"
    else:
        text = f"{date.day} {MONTH_ABBR[date.month - 1]}" + (f" {date.year}" if with_year else "")
    return text + ("~" if date.approximate else "")


# --- lanes --------------------------------------------------------------------------------


def event_lanes(event: Event, mode: LaneMode) -> list[str]:
    """The lanes an event is drawn in: one, or one per actor with ``actor`` lanes."""
    if mode == "track":
        return [event.track or NO_TRACK]
    if mode == "actor":
        return list(dict.fromkeys(event.actors))
    if mode == "type":
        return [event.type]
    return [ALL_EVENTS]


def _lane_order(events: Sequence[Event], mode: LaneMode) -> list[str]:
    """Lanes in the order the story reaches them; the lane of events without a track last."""
    lanes: dict[str, None] = {}
    for event in events:
        for lane in event_lanes(event, mode):
            lanes.setdefault(lane)
    names = list(lanes)
    if NO_TRACK in lanes and mode == "track":
        names.remove(NO_TRACK)
        names.append(NO_TRACK)
    return names


# --- text ---------------------------------------------------------------------------------


def _date_text(event: Event) -> str:
    if event.end is None:
        return event.date.human()
    return f"{event.date.human()} to {event.end.human()}"


def hover_text(event: Event, lanes: Sequence[str] = ()) -> str:
    """The hover of an event as plotly.js markup: title, date, type, actors, summary, sources,
    claims (marked when they disagree), and the lanes it is drawn in when more than one."""
    cameo = f" (CAMEO {event.cameo})" if event.cameo else ""
    lines = [
        f"<b>{_wrapped(event.title, HOVER_WIDTH)}</b>",
        f"{markup(_date_text(event))} · {markup(event.type)}{cameo}",
        _wrapped(", ".join(event.actors), HOVER_WIDTH),
    ]
    if event.summary:
        lines += ["", _wrapped(_shortened(event.summary, HOVER_SUMMARY_CHARS), HOVER_WIDTH)]
    if event.sources:
        lines += ["", "<b>Sources</b>"]
        for source in event.sources:
            text = source.outlet
            if source.published is not None:
                text += f", {source.published.human()}"
            if source.title:
                text += f": {source.title}"
            lines.append(_wrapped(f"• {text}", HOVER_WIDTH))
    if event.claims:
        heading = "Claims: the parties disagree" if event.contested() else "Claims"
        lines += ["", f"<b>{'⚠ ' if event.contested() else ''}{heading}</b>"]
        for claim in event.claims:
            says = _shortened(claim.says, HOVER_CLAIM_CHARS)
            lines.append(_wrapped(f"• {claim.by} {claim.stance}: {says}", HOVER_WIDTH))
    if len(lanes) > 1:
        lines += ["", _wrapped(f"Shown in {len(lanes)} lanes: {', '.join(lanes)}", HOVER_WIDTH)]
    if _source_url(event):
        lines += ["", "<i>Click to open the source</i>"]
    return "<br>".join(lines)


# plotly.js draws no hover at all when the box is taller than the chart (plotly.js #5459), so
# long texts are shortened there; the events table below the chart keeps them whole.
HOVER_SUMMARY_CHARS = 280
HOVER_CLAIM_CHARS = 160


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked when cut."""
    if len(text) <= limit:
        return text
    return textwrap.shorten(text, width=limit, placeholder=" … (more in the events table)")


def _source_url(event: Event) -> str:
    """The first http(s) source link of the event, or ``""``."""
    for source in event.sources:
        if source.url and source.url.lower().startswith(("http://", "https://")):
            return source.url
    return ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(events: Sequence[Event]) -> str:
    """Plain text: ``9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources``.

    The first date is the first event's; the last is the latest date written on any event (its
    end if it has one), the finer and exact one when several start at the same instant. Sources
    are counted by outlet.
    """
    if not events:
        return "No events"
    first = min((event.date for event in events), key=PartialDate.sort_key)
    last = max(
        (event.end or event.date for event in events),
        key=lambda d: (d.earliest(), -d.precision.rank, not d.approximate),
    )
    outlets = {source.outlet.strip().casefold() for event in events for source in event.sources}
    when = f"on {first.human()}" if first == last else f"from {first.human()} to {last.human()}"
    sources = f"from {_plural(len(outlets), 'source')}" if outlets else "no sources cited"
    return f"{_plural(len(events), 'event')}, {when}, {sources}"


# --- plans --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageChange:
    """A status a stage took on a date, and the event that says so."""

    date: PartialDate
    status: str
    event: Event


@dataclass(frozen=True)
class StageProgress:
    """One stage of a plan with its dated status history, oldest first."""

    plan: Plan
    stage: Stage
    number: int  # 1-based position in the plan
    changes: tuple[StageChange, ...]

    @property
    def status(self) -> str:
        """The latest status, or ``not started`` when no event names the stage."""
        return self.changes[-1].status if self.changes else NOT_STARTED

    @property
    def since(self) -> PartialDate | None:
        """When the latest status began."""
        return self.changes[-1].date if self.changes else None


def plan_progress(plan: Plan, events: Iterable[Event]) -> list[StageProgress]:
    """Each stage of ``plan`` in order, with the statuses the events give it over time."""
    return ordered_progress(plan, ordered(events))


def ordered_progress(plan: Plan, events: Iterable[Event]) -> list[StageProgress]:
    """:func:`plan_progress` of events already in timeline order (sorting them again costs
    more than the rest on a large timeline)."""
    history: dict[str, list[StageChange]] = {stage.id: [] for stage in plan.stages}
    for event in events:
        if event.stage is None or event.status is None:
            continue
        plan_id, _, stage_id = event.stage.partition("/")
        if plan_id == plan.id and stage_id in history:
            history[stage_id].append(StageChange(event.date, event.status, event))
    return [
        StageProgress(plan, stage, number, tuple(history[stage.id]))
        for number, stage in enumerate(plan.stages, start=1)
    ]


# --- layout -------------------------------------------------------------------------------


@dataclass
class _Item:
    """One event drawn in one lane."""

    event: Event
    lane: str
    lanes: tuple[str, ...]
    window: Window
    x: dt.datetime
    labelled: bool
    label: str = ""
    label_left: bool = False
    row: int = 0
    y: float = 0.0

    @property
    def label_x(self) -> dt.datetime:
        """Where the label starts: beside the marker of a dated point, or beyond the edge of
        a window or span so it does not cover the bar."""
        if self.window.exact and self.event.end is None:
            return self.x
        return self.window.start if self.label_left else self.window.end


@dataclass
class _Row:
    spans: list[tuple[float, float]]
    height: float = ROW

    def fits(self, span: tuple[float, float]) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in self.spans)


def _pack(items: list[_Item], origin: dt.datetime, extent: dt.timedelta) -> list[_Row]:
    """Give each item of a lane a row so that no two markers, bars or labels overlap.

    Events known to the day go first, key events first among them, so they take the top
    rows; uncertain windows below. Overlap is judged in fractions of the initial range.
    """

    def fraction(value: dt.datetime) -> float:
        return (value - origin) / extent

    rows: list[_Row] = []
    for item in sorted(
        items, key=lambda i: (not i.window.exact, not i.labelled, i.event.sort_key())
    ):
        centre = fraction(item.x)
        low = min(fraction(item.window.start), centre - POINT_FRACTION / 2)
        high = max(fraction(item.window.end), centre + POINT_FRACTION / 2)
        if item.labelled:
            width = max(len(line) for line in item.label.split("\n")) * LABEL_CHAR_FRACTION
            anchor = fraction(item.label_x)
            if item.label_left:
                low = min(low, anchor - POINT_FRACTION - width)
            else:
                high = max(high, anchor + POINT_FRACTION + width)
        span = (low, high)
        index = next((i for i, row in enumerate(rows) if row.fits(span)), None)
        if index is None:
            rows.append(_Row([]))
            index = len(rows) - 1
        rows[index].spans.append(span)
        item.row = index
        if item.labelled:
            lines = item.label.count("\n") + 1
            rows[index].height = max(rows[index].height, lines * LABEL_LINE + 8)
    return rows


def _label(title: str) -> str:
    """A key event's on-chart label: its title in at most three lines of even length."""
    lines = textwrap.wrap(title, LABEL_WIDTH, break_on_hyphens=False)
    if len(lines) > LABEL_LINES:
        kept = lines[:LABEL_LINES]
        kept[-1] = textwrap.shorten(f"{kept[-1]} …", LABEL_WIDTH, placeholder=" …")
        return "\n".join(kept)
    # The narrowest width that needs no more lines evens them out ("Starmer and Trump
    # speak / by phone", not "Starmer and Trump speak by / phone").
    for width in range(max(1, len(title) // len(lines)), LABEL_WIDTH):
        balanced = textwrap.wrap(title, width, break_on_hyphens=False, break_long_words=False)
        if len(balanced) == len(lines):
            return "\n".join(balanced)
    return "\n".join(lines)


def _data_range(
    windows: Sequence[Window], progress: Sequence[StageProgress]
) -> tuple[dt.datetime, dt.datetime]:
    starts = [w.start for w in windows] + [c.date.earliest() for p in progress for c in p.changes]
    ends = [w.end for w in windows] + [c.date.latest() for p in progress for c in p.changes]
    announced = [p.plan.announced for p in progress if p.plan.announced is not None]
    starts += [a.earliest() for a in announced]
    ends += [a.latest() for a in announced]
    if not starts:
        return dt.datetime(2000, 1, 1), dt.datetime(2000, 1, 2)
    return min(starts), max(ends)


def _view(first: dt.datetime, last: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The range at open: every event, with a margin of 4% and at least a day either side."""
    margin = max((last - first) * 0.04, DAY)
    if margin >= DAY:
        margin = dt.timedelta(days=round(margin / DAY))
    return _shift(first, -margin), _shift(last, margin)


def _tick_stops(date_only: bool) -> list[dict[str, Any]]:
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


def build_figure(
    source: Timeline | Sequence[Event],
    plans: Sequence[Plan] | None = None,
    *,
    lanes: LaneMode = "track",
    title: str | None = None,
    history: Sequence[Event] | None = None,
) -> go.Figure:
    """Draw events and plans as an interactive timeline figure.

    ``source`` is a :class:`Timeline` (its plans are used unless ``plans`` is given) or a list
    of events. Events go in lanes on the y axis (``lanes``: track, actor, type or none), each
    plan in a band above them. ``history`` are the events that date the plans' stages (all
    events by default), so a filtered view still shows where each plan stands.
    """
    if isinstance(source, Timeline):
        events = ordered(source.events)
        plans = source.plans if plans is None else plans
        title = title or source.title
    else:
        events = ordered(source)
    dating = ordered(history) if history else events
    return as_figure(timeline_spec(events, plans or (), lanes=lanes, title=title, history=dating))


def as_figure(spec: dict[str, Any]) -> go.Figure:
    """The plotly figure of a spec from :func:`timeline_spec` or :func:`plan_spec`, checked by
    plotly, traces then layout as plotly orders them."""
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.add_traces(spec["data"])
    figure.update_layout(spec["layout"])
    return figure


# Values plotly keeps as given (free-form data), rather than reading them as its own objects.
_AS_GIVEN = frozenset({"meta", "args"})


def plotly_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """What :func:`figure_dict` gives for ``as_figure(spec)``, without plotly's checks and
    copies of every point, or its classes: every key where plotly puts it, and the template
    from plotly's package data (tests compare the two). New dicts for plotly's objects; the
    lists of values and ``meta`` are the spec's own."""
    layout = _updated(spec["layout"])
    template = layout.get("template")
    if isinstance(template, str):
        layout["template"] = _template(template)
    return {"data": [_constructed(trace, trace=True) for trace in spec["data"]], "layout": layout}


def figure_dict(figure: go.Figure) -> dict[str, Any]:
    """``figure.to_dict()`` with its template's keys sorted at every level, as
    :func:`plotly_dict` gives them.

    plotly reorders a template's keys in the order of its own classes when it builds a
    figure; sorted, a figure gives the same bytes whether plotly built it or not, and a page
    needs no plotly classes (a tenth of a second to import).
    """
    data: dict[str, Any] = figure.to_dict()
    layout = data.get("layout", {})
    if isinstance(layout.get("template"), dict):
        layout["template"] = _sorted_keys(layout["template"])
    return data


@functools.cache
def _template_json(name: str) -> str:
    # What plotly.io.templates reads for a template plotly ships.
    text = pkgutil.get_data("plotly", f"package_data/templates/{name}.json")
    if text is None:  # pragma: no cover - plotly ships its templates as files
        raise LookupError(f"plotly has no template {name!r}")
    return json.dumps(_sorted_keys(json.loads(text)))


def _template(name: str) -> dict[str, Any]:
    """A template plotly ships, its keys sorted at every level (a new copy each time)."""
    template: dict[str, Any] = json.loads(_template_json(name))
    return template


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


def _constructed(value: dict[str, Any], *, trace: bool = False) -> dict[str, Any]:
    """Keys as a plotly object built from ``value`` holds them: in the order of its class's
    properties, which is alphabetical, and a trace's type last."""
    names = sorted(key for key in value if not (trace and key == "type"))
    result = {key: _value(key, value[key], _constructed) for key in names}
    if trace and "type" in value:
        result["type"] = value["type"]
    return result


def _updated(value: dict[str, Any]) -> dict[str, Any]:
    """Keys as a plotly object updated with ``value`` holds them: its own objects first, then
    the other properties, each group in the order given."""
    objects = [
        key
        for key, item in value.items()
        if key == "template" or (isinstance(item, dict) and key not in _AS_GIVEN)
    ]
    result = {key: _value(key, value[key], _updated) for key in objects}
    # An empty array of plotly objects (shapes=[]) leaves the property unset.
    result.update(
        (key, _value(key, item, _updated))
        for key, item in value.items()
        if key not in result and item != []
    )
    return result


def _value(key: str, value: Any, order: Any) -> Any:
    if key in _AS_GIVEN or not isinstance(value, (dict, list)):
        return value
    if isinstance(value, dict):
        # A typed array (dtype and base64 data) is data, kept as given.
        return dict(value) if "bdata" in value else order(value)
    if value and isinstance(value[0], dict):
        # Items of an array of objects are built, whatever sets the array.
        return [_constructed(item) for item in value]
    return value


def timeline_spec(
    events: Sequence[Event],
    plans: Sequence[Plan] = (),
    *,
    lanes: LaneMode = "track",
    title: str | None = None,
    history: Sequence[Event] | None = None,
) -> dict[str, Any]:
    """:func:`build_figure` as plain ``{"data": [...], "layout": {...}}`` for plotly.js, from
    events (and ``history``) already in timeline order: what a page needs, without plotly's
    checks of every point (:func:`as_figure` makes the figure, :func:`plotly_dict` the page's
    data)."""
    title = title or DEFAULT_TITLE
    progress = [p for plan in plans for p in ordered_progress(plan, history or events)]

    windows = [event_window(event) for event in events]
    first, last = _data_range(windows, progress)
    view_start, view_end = _view(first, last)
    extent = view_end - view_start
    date_only = all(
        d.precision.rank >= Precision.DAY.rank
        for event in events
        for d in (event.date, event.end)
        if d is not None
    )
    with_year = first.year != (last - dt.timedelta(microseconds=1)).year
    # Large timelines are drawn with WebGL, rows dealt rather than packed (timeline.large).
    webgl = len(events) >= WEBGL_MIN_EVENTS
    subtitle = summary_line(events)

    traces: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []

    # Plans on the upper y axis, events on the lower one: the range slider then shows the
    # events only (the plans' axis is given an empty range there).
    plan_height = 0.0
    axis = "y"
    if progress:
        plan_height = _draw_plans(
            traces, annotations, shapes, progress, (first, last), extent, with_year
        )
        axis = "y2"

    items_by_lane: dict[str, list[_Item]] = {}
    lane_names = _lane_order(events, lanes)
    for event, window in zip(events, windows, strict=True):
        names = tuple(event_lanes(event, lanes))
        for position, lane in enumerate(names):
            labelled = event.key and position == 0 and not webgl
            x = _marker_x(event, window)
            item = _Item(event, lane, names, window, x, labelled)
            if labelled:
                item.label = _label(event.title)
                # The label goes on the side with more room.
                item.label_left = (x - view_start) / extent > 0.5
            items_by_lane.setdefault(lane, []).append(item)

    items: list[_Item] = []
    top = 0.0
    for index, lane in enumerate(lane_names):
        lane_items = items_by_lane[lane]
        rows = deal_rows(lane_items) if webgl else _pack(lane_items, view_start, extent)
        lane_top = top
        if lanes != "none":
            annotations.append(_lane_header(lane, lane_top, axis))
            top += LANE_HEADER
        offsets = []
        for row in rows:
            offsets.append(top + row.height / 2)
            top += row.height
        for item in lane_items:
            item.y = offsets[item.row]
        items.extend(lane_items)
        top += 4
        shapes.append(_band(lane_top, top, axis, shaded=index % 2 == 0))

    (draw_webgl if webgl else _draw_events)(traces, items, axis)
    annotations.extend(_key_labels(items, axis))
    if not events and not progress:
        annotations.append(
            {
                "text": "No events to show",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16, "color": GREY},
            }
        )

    events_height = max(top, 120.0)
    gap = BAND_GAP if progress else 0.0
    plot_height = plan_height + gap + events_height
    types = [t for t in EVENT_TYPES if any(event.type == t for event in events)]
    bottom = round(AXIS_PX + SLIDER_PX + SLIDER_GAP + _legend_height(types))
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
    if progress:
        axes = {
            "yaxis": event_axis
            | {"range": [plan_height, 0], "domain": [1 - plan_height / plot_height, 1]},
            "yaxis2": event_axis | {"anchor": "x"},
        }
        slider["yaxis"] = {"rangemode": "fixed", "range": [-2, -1]}
    layout = _base_layout(
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
            "range": [_x(view_start), _x(view_end)],
            "tickformatstops": _tick_stops(date_only),
            "ticklabelmode": "period",
            "showgrid": True,
            "gridcolor": "#E4E7EB",
            "ticks": "outside",
            "ticklen": 4,
            "linecolor": "#9AA0A6",
            "showline": True,
            "rangeslider": slider,
            "autorangeoptions": {"include": [_x(view_start), _x(view_end)]},
        },
        updatemenus=[_range_buttons(events, (view_start, view_end))],
        annotations=annotations,
        shapes=shapes,
        **axes,
    )
    return {"data": traces, "layout": layout}


def _base_layout(
    title: str,
    subtitle: str,
    *,
    plot_height: float,
    top: int,
    bottom: int,
    legend_title: str,
) -> dict[str, Any]:
    """The layout the timeline and the plan view share: the title block, the font, margins
    in pixels, the hover style and a horizontal legend at the bottom."""
    return {
        "template": "plotly_white",
        "title": {
            "text": f"<b>{markup(title)}</b>",
            "subtitle": {"text": markup(subtitle), "font": {"size": 13}},
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
        },
        "font": {"family": FONT, "size": 13, "color": "#1F2328"},
        "height": round(plot_height + top + bottom),
        "autosize": True,
        # Margins are computed, not pushed by plotly.js: a pushed margin would shrink the
        # plot and the rows, which are laid out in pixels, would overlap.
        "margin": {"l": 12, "r": 12, "t": top, "b": bottom, "autoexpand": False},
        "barmode": "overlay",
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "white",
            "font": {"size": 13, "family": FONT, "color": "#1F2328"},
            "align": "left",
        },
        "dragmode": "pan",
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "title": {"text": legend_title, "side": "top"},
        },
    }


def _story_end(events: Sequence[Event]) -> dt.datetime | None:
    """The end of the last day the story dates: month-only or approximate dates, which can
    stretch weeks past it, are left out unless nothing else is known."""
    ends = [(event.end or event.date) for event in events]
    exact = [
        d.latest() for d in ends if d.precision.rank <= Precision.DAY.rank and not d.approximate
    ]
    return max(exact or [d.latest() for d in ends], default=None)


def _range_buttons(
    events: Sequence[Event], view: tuple[dt.datetime, dt.datetime]
) -> dict[str, Any]:
    """Buttons 1w, 1m, 6m and all. The first three show the last week, month or six months
    of the story, up to a day after its last dated day, so "1w" lands on the latest news
    rather than on the end of a month-long window; "all" goes back to the opening view."""
    end = _story_end(events) or view[1]
    shown_end = _shift(end, DAY)
    spans = (
        ("1w", relativedelta(days=7)),
        ("1m", relativedelta(months=1)),
        ("6m", relativedelta(months=6)),
    )
    buttons = [
        {
            "label": label,
            "method": "relayout",
            "args": [{"xaxis.range": [_x(_shift_back(end, span)), _x(shown_end)]}],
        }
        for label, span in spans
    ]
    buttons.append(
        {
            "label": "all",
            "method": "relayout",
            "args": [{"xaxis.range": [_x(view[0]), _x(view[1])]}],
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


def _shift_back(value: dt.datetime, span: relativedelta) -> dt.datetime:
    try:
        result: dt.datetime = value - span
    except (OverflowError, ValueError):
        return dt.datetime.min
    return result


def _legend_height(types: Sequence[str], width: float = LEGEND_WIDTH) -> float:
    """Pixels the legend takes: its title and as many rows as the types need in ``width``
    pixels (a phone's, unless the width is known, as it is for an image)."""
    if not types:
        return 0.0
    rows, used = 1, 0.0
    for name in types:
        item = 44 + 7.5 * len(name)
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return 24 + rows * 22


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


def _band(top: float, bottom: float, axis: str, *, shaded: bool) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": "paper",
        "yref": axis,
        "x0": 0,
        "x1": 1,
        "y0": top,
        "y1": bottom,
        "fillcolor": "#F4F6F8" if shaded else "rgba(0,0,0,0)",
        "line": {"width": 0},
        "layer": "below",
    }


def _customdata(event: Event) -> list[str]:
    return [_source_url(event), event.id]


def _by_type(items: Sequence[_Item]) -> list[tuple[int, str, list[_Item]]]:
    """The items of each event type that has any, in the legend's order: (rank, type, items)."""
    groups: dict[str, list[_Item]] = {}
    for item in items:
        groups.setdefault(item.event.type, []).append(item)
    return [(rank, name, groups[name]) for rank, name in enumerate(EVENT_TYPES) if name in groups]


def _draw_events(traces: list[dict[str, Any]], items: list[_Item], axis: str) -> None:
    """Markers for dated points, bars for spans, faint windows with open markers for
    uncertain dates; one legend entry per type, which toggles all of that type's traces."""
    for rank, event_type, group in _by_type(items):
        colour, symbol = TYPE_STYLE[event_type]
        common: dict[str, Any] = {
            "legendgroup": event_type,
            "legendrank": rank,
            "name": event_type,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "hoverlabel": {"bordercolor": colour},
            "yaxis": axis,
        }
        points = [i for i in group if i.window.exact and i.event.end is None]
        spans = [i for i in group if i.window.exact and i.event.end is not None]
        vague = [i for i in group if not i.window.exact]
        shown = False

        def legend() -> bool:
            nonlocal shown
            first, shown = not shown, True
            return first

        for bars, opacity, thickness in ((vague, 0.22, 16), (spans, 0.85, 12)):
            if bars:
                traces.append(
                    {
                        "type": "bar",
                        "orientation": "h",
                        "y": [i.y for i in bars],
                        "base": [_x(i.window.start) for i in bars],
                        "x": [_milliseconds(i.window.end - i.window.start) for i in bars],
                        "width": thickness,
                        "marker": {"color": colour, "line": {"width": 0}},
                        "opacity": opacity,
                        "hovertext": [hover_text(i.event, i.lanes) for i in bars],
                        "customdata": [_customdata(i.event) for i in bars],
                        "showlegend": False,
                        **common,
                    }
                )
        for markers, open_ in ((points, False), (vague, True)):
            if markers:
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "markers",
                        "x": [_x(i.x) for i in markers],
                        "y": [i.y for i in markers],
                        "marker": {
                            "symbol": f"{symbol}-open" if open_ else symbol,
                            "size": 13 if open_ else 14,
                            "color": colour,
                            "line": {
                                "width": 2 if open_ else 1,
                                "color": colour if open_ else "white",
                            },
                        },
                        "hovertext": [hover_text(i.event, i.lanes) for i in markers],
                        "customdata": [_customdata(i.event) for i in markers],
                        "showlegend": legend(),
                        **common,
                    }
                )
        if not shown:
            # Spans only: a marker-less legend entry would show nothing to click.
            traces[-1]["showlegend"] = True


def _key_labels(items: list[_Item], axis: str) -> list[dict[str, Any]]:
    labels = []
    for item in items:
        if not item.labelled:
            continue
        labels.append(
            {
                "text": "<br>".join(markup(line) for line in item.label.split("\n")),
                "x": _x(item.label_x),
                "y": item.y,
                "xref": "x",
                "yref": axis,
                "xanchor": "right" if item.label_left else "left",
                "xshift": -10 if item.label_left else 10,
                "yanchor": "middle",
                "align": "right" if item.label_left else "left",
                "showarrow": False,
                "font": {"size": 12, "color": "#1F2328"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "name": KEY_LABEL,
            }
        )
    return labels


def _draw_plans(
    traces: list[dict[str, Any]],
    annotations: list[dict[str, Any]],
    shapes: list[dict[str, Any]],
    progress: list[StageProgress],
    data: tuple[dt.datetime, dt.datetime],
    extent: dt.timedelta,
    with_year: bool,
) -> float:
    """Each plan as a band: its title, then each stage's title over a bar per status (from the
    date the status began to the next change or the end of the data), and hatched bars marked
    "not started" for stages no event has dated yet, after the last dated stage. Returns the
    band's bottom."""

    top = 0.0
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    minimum = extent * POINT_FRACTION * 3
    view_end = _view(*data)[1]
    for stages in plans.values():
        plan = stages[0].plan
        band_top = top
        annotations.append(
            {
                "text": f"<b>Plan: {markup(plan.title)}</b>",
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": top + 4,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
        top += PLAN_HEADER
        dated = [s for s in stages if s.changes]
        after = max((s.changes[0].date.latest() for s in dated), default=None)
        if after is None:
            after = plan.announced.earliest() if plan.announced else data[0]
        segments: list[tuple[float, dt.datetime, dt.datetime, str, str, StageProgress]] = []
        for stage in stages:
            annotations.append(
                {
                    "text": f"{stage.number}. {markup(stage.stage.title)}",
                    "xref": "paper",
                    "yref": "y",
                    "x": 0,
                    "y": top + 2,
                    "xanchor": "left",
                    "yanchor": "top",
                    "showarrow": False,
                    "font": {"size": 12},
                }
            )
            top += STAGE_TEXT
            y = top + STAGE_BAR / 2
            if stage.changes:
                for index, change in enumerate(stage.changes):
                    start = change.date.earliest()
                    following = stage.changes[index + 1 :]
                    text = f"{change.status} {_short_date(change.date, with_year)}"
                    if following:
                        # Up to the next status, never over it (nor over its text).
                        end = following[0].date.earliest()
                        if not _room_for(text, start, end, extent):
                            text = ""
                    else:
                        end = max(data[1], _shift(start, minimum))
                        text = _last_label(change, text, start, view_end, extent)
                    segments.append((y, start, end, change.status, text, stage))
            else:
                end = max(data[1], _shift(after, minimum))
                segments.append((y, after, end, NOT_STARTED, NOT_STARTED, stage))
            top += STAGE_BAR + STAGE_GAP
        top += 4
        shapes.append(_band(band_top, top, "y", shaded=True) | {"fillcolor": "#EAF2F8"})

        statuses = [NOT_STARTED, *STATUS_STYLE]
        for status in statuses:
            chosen = [s for s in segments if s[3] == status]
            if not chosen:
                continue
            traces.append(_stage_bars(chosen, status, showlegend=False))
    return top


def _stage_bars(chosen: Sequence[Any], status: str, **extra: Any) -> dict[str, Any]:
    """The bars of one status in a plan's stage rows, shared by the timeline's plan band and
    the plan view: coloured by status (hatched when not started), the status written inside,
    the stage's history in the hover, and a click opening the source of its latest change.
    Each bar is ``(row, start, end, status, text, progress)``."""
    fill, ink = STATUS_STYLE.get(status, ("#FFFFFF", "#333333"))
    marker: dict[str, Any] = {"color": fill, "line": {"width": 1, "color": "#9AA0A6"}}
    if status == NOT_STARTED:
        marker["pattern"] = dict(HATCH)
    return {
        "type": "bar",
        "orientation": "h",
        "y": [bar[0] for bar in chosen],
        "base": [_x(bar[1]) for bar in chosen],
        "x": [_milliseconds(bar[2] - bar[1]) for bar in chosen],
        "width": STAGE_BAR - 4,
        "marker": marker,
        "text": [f"<b>{markup(bar[4])}</b>" if bar[4] else "" for bar in chosen],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": ink, "size": 12},
        "constraintext": "none",
        "cliponaxis": True,
        "hovertext": [_stage_hover(bar[5]) for bar in chosen],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": [
            _customdata(bar[5].changes[-1].event) if bar[5].changes else ["", ""] for bar in chosen
        ],
        "name": status,
        **extra,
    }


def _stage_hover(progress: StageProgress) -> str:
    stage = progress.stage
    total = len(progress.plan.stages)
    lines = [
        f"<b>{_wrapped(stage.title, HOVER_WIDTH)}</b>",
        _wrapped(f"Stage {progress.number} of {total}: {progress.plan.title}", HOVER_WIDTH),
        _wrapped(f"Parties: {', '.join(progress.plan.parties)}", HOVER_WIDTH),
    ]
    if stage.scope:
        lines.append(_wrapped(f"Scope: {stage.scope}", HOVER_WIDTH))
    if stage.duration:
        lines.append(markup(f"Duration: {stage.duration}"))
    if not progress.changes:
        lines += ["", "<b>Not started</b>: no event has dated this stage yet"]
    else:
        lines += ["", "<b>Status</b>"]
        for change in progress.changes:
            lines.append(
                _wrapped(
                    f"• {change.status}, {change.date.human()}: {change.event.title}", HOVER_WIDTH
                )
            )
    return "<br>".join(lines)


# --- plan view ----------------------------------------------------------------------------

PLAN_MARGIN_TOP = 76  # title and subtitle; the plan view has no range buttons
STATUS_ORDER = (NOT_STARTED, *STATUS_STYLE)
HATCH = {"shape": "/", "fgcolor": "#B8BEC4", "size": 8}


def _last_dated(events: Sequence[Event]) -> PartialDate | None:
    """The latest date written on an event, preferring dates known to the day: the day the
    story is told up to ("as of"). Month-only or approximate dates count only when nothing
    else is known, as in :func:`_story_end`."""
    written = [event.end or event.date for event in events]
    exact = [d for d in written if d.precision.rank <= Precision.DAY.rank and not d.approximate]
    return max(exact or written, key=lambda d: (d.latest(), -d.precision.rank), default=None)


def _stage_segments(
    stage: StageProgress,
    start: dt.datetime,
    as_of: dt.datetime,
    view: tuple[dt.datetime, dt.datetime],
    with_year: bool,
) -> list[tuple[dt.datetime, dt.datetime, str, str]]:
    """A stage's history as ``(start, end, status, label)`` bars: not started from the plan's
    start to its first status, then each status until the next one or ``as_of``. A status
    replaced on the day it was given has no length and is left to the hover."""
    first = stage.changes[0].date.earliest() if stage.changes else as_of
    view_end = view[1]
    extent = view_end - view[0]
    shortest = extent * POINT_FRACTION  # of the range shown at first
    segments = []
    if first > start:
        segments.append((start, first, NOT_STARTED, "" if stage.changes else NOT_STARTED))
    for index, change in enumerate(stage.changes):
        begin = change.date.earliest()
        following = stage.changes[index + 1 :]
        label = f"{change.status} {_short_date(change.date, with_year)}"
        if following:
            # Up to the next status, never over it (nor over its text).
            end = following[0].date.earliest()
            if end <= begin:
                continue
            if not _room_for(label, begin, end, extent):
                label = ""
        else:
            end = max(as_of, _shift(begin, shortest))
            label = _last_label(change, label, begin, view_end, extent)
        segments.append((begin, end, change.status, label))
    return segments


def _last_label(
    change: StageChange, label: str, start: dt.datetime, view_end: dt.datetime, extent: dt.timedelta
) -> str:
    """The text of a stage's latest status: with its date if that fits before the chart's
    right edge, else the status alone (where the stage stands), else nothing (the hover).
    A status that begins past the edge is off the chart as it opens: it keeps its text for
    whoever pans to it."""
    if start >= view_end:
        return label
    for text in (label, change.status):
        if _room_for(text, start, view_end, extent):
            return text
    return ""


def _room_for(text: str, start: dt.datetime, until: dt.datetime, extent: dt.timedelta) -> bool:
    """Whether a status written from ``start`` ends before ``until`` (the next status of its
    stage, or the right edge of the chart as it opens), measured as key labels are (about
    7 px a character on a plot 600 px wide). In a long history changes come close together
    and their texts would run into each other, and the last one can run off the chart; the
    bar's hover still tells them."""
    return (until - start) / extent >= (len(text) + 1) * LABEL_CHAR_FRACTION


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
    announced = [plan.announced for plan in plans if plan.announced is not None]
    as_of = last.latest() if last else max((a.latest() for a in announced), default=None)
    if as_of is None:
        as_of = dt.datetime(2000, 1, 2)

    def plan_start(stages: list[StageProgress]) -> dt.datetime:
        plan = stages[0].plan
        dates = [change.date.earliest() for stage in stages for change in stage.changes]
        if plan.announced is not None:
            dates.append(plan.announced.earliest())
        return min(min(dates, default=as_of), _shift(as_of, -DAY))

    starts = {plan_id: plan_start(stages) for plan_id, stages in progress.items()}
    first = min(starts.values(), default=_shift(as_of, -DAY))
    view_start, view_end = _view(first, as_of)
    with_year = first.year != (as_of - dt.timedelta(microseconds=1)).year

    traces: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    bars: list[tuple[float, dt.datetime, dt.datetime, str, str, StageProgress]] = []
    top = 0.0
    for plan in plans:
        band_top = top
        annotations.append(_plan_text(f"<b>Plan: {markup(plan.title)}</b>", top + 4, 13))
        top += PLAN_HEADER
        for stage in progress[plan.id]:
            annotations.append(
                _plan_text(f"{stage.number}. {markup(stage.stage.title)}", top + 2, 12)
            )
            top += STAGE_TEXT
            y = top + STAGE_BAR / 2
            segments = _stage_segments(
                stage, starts[plan.id], as_of, (view_start, view_end), with_year
            )
            bars.extend(
                (y, begin, end, status, label, stage) for begin, end, status, label in segments
            )
            top += STAGE_BAR + STAGE_GAP
        top += 4
        shapes.append(_band(band_top, top, "y", shaded=True) | {"fillcolor": "#EAF2F8"})
    _draw_status_bars(traces, bars)

    if plans:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": _x(as_of),
                "x1": _x(as_of),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#4A5560", "width": 1.5, "dash": "dot"},
            }
        )
        as_of_text = f"as of {_short_date(last, with_year)}" if last else "as announced"
        annotations.append(
            {
                "text": markup(as_of_text),
                "xref": "x",
                "yref": "paper",
                "x": _x(as_of),
                "y": 1,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": "#4A5560"},
            }
        )
    else:
        annotations.append(
            {
                "text": "No plans to show",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16, "color": GREY},
            }
        )

    subtitle = (
        f"Each stage's status over time, from the events, as of {last.human()}"
        if last
        else "Each stage's status, from the events"
    )
    statuses = [s for s in STATUS_ORDER if any(bar[3] == s for bar in bars)]
    plot_height = max(top, 120.0)
    bottom = round(AXIS_PX + _legend_height(statuses))
    layout = _base_layout(
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
            "range": [_x(view_start), _x(view_end)],
            "tickformatstops": _tick_stops(date_only=True),
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
        annotations=annotations,
        shapes=shapes,
    )
    return {"data": traces, "layout": layout}


def _plan_text(text: str, y: float, size: int) -> dict[str, Any]:
    return {
        "text": text,
        "xref": "paper",
        "yref": "y",
        "x": 0,
        "y": y,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": size},
    }


def _draw_status_bars(
    traces: list[dict[str, Any]],
    bars: list[tuple[float, dt.datetime, dt.datetime, str, str, StageProgress]],
) -> None:
    """One trace per status, so the legend names each colour once, in the order statuses
    are reached; "not started" is hatched, as in the main chart's plan band."""

    for rank, status in enumerate(STATUS_ORDER):
        chosen = [bar for bar in bars if bar[3] == status]
        if not chosen:
            continue
        traces.append(_stage_bars(chosen, status, legendrank=rank, showlegend=True))


# --- static images ------------------------------------------------------------------------

RANGE_BUTTONS_PX = 36  # what the range buttons take above the plot
NOTE_LINE_PX = 16
NOTE_CHAR_PX = 6.8  # average width of a character of the 12 px note
STATIC_NOTE = (
    "Filled marker: an event known to the day. Open marker on a faint band: an event known "
    "only to the month, or approximately; the band covers every day it may have been."
)
STATIC_NOTE_WEBGL = (
    "Filled marker: an event known to the day; a line through it, a span. Open marker: an "
    "event known only to the month, or approximately; its line covers every day it may have been."
)
LEGEND_TITLE_PX = 110  # "Event types" beside a one-row legend


def static_figure(figure: go.Figure, width: int) -> go.Figure:
    """A copy of ``figure`` for an image ``width`` pixels wide, which nobody can hover or
    click: no range buttons or slider, a legend that does not say "click", a note on how
    uncertain dates are drawn (the page says it in a caption), and fixed trace ids so the
    same figure gives the same SVG. Figures this module did not draw only get the ids."""
    import plotly.graph_objects as go

    static = go.Figure(figure)
    for index, trace in enumerate(static.data):
        # plotly.js names clip paths and patterns after trace uids, random unless set.
        trace.uid = f"trace{index}"
    layout = static.layout
    meta = layout.meta if isinstance(layout.meta, dict) else {}
    view = meta.get("view")
    if view not in ("timeline", "plan"):
        return static
    layout.dragmode = False
    layout.hovermode = False
    if view == "plan":
        return static
    layout.updatemenus = ()
    layout.xaxis.rangeslider.visible = False
    text = STATIC_NOTE_WEBGL if meta.get("webgl") else STATIC_NOTE
    note = textwrap.wrap(text, max(30, int((width - 24) / NOTE_CHAR_PX)))
    names = [trace.name for trace in static.data if trace.showlegend]
    layout.legend.title.text = "Event types"
    # The title goes beside a legend of one row, above one that wraps: plotly.js wraps a
    # legend as if a title beside it took no room, and would cut its last entries.
    beside = _legend_height(names, width - 24 - LEGEND_TITLE_PX)
    if beside <= 24 + 22:
        layout.legend.title.side = "left"
        legend = beside - 24 + 8 if names else 0
    else:
        layout.legend.title.side = "top"
        legend = _legend_height(names, width - 24) + 4
    bottom = round(AXIS_PX + len(note) * NOTE_LINE_PX + 10 + legend)
    top = max(layout.margin.t - RANGE_BUTTONS_PX, 0)
    plot = layout.height - layout.margin.t - layout.margin.b
    layout.height = round(plot + top + bottom)
    layout.margin.t = top
    layout.margin.b = bottom
    static.add_annotation(
        text="<br>".join(markup(line) for line in note),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-AXIS_PX,
        align="left",
        showarrow=False,
        font={"size": 12, "color": "#4A5560"},
    )
    return static
