"""Large timelines drawn with WebGL.

From :data:`WEBGL_MIN_EVENTS` events on, SVG markers with full hovers make a page that takes
many seconds to open and megabytes per thousand events. Such timelines are drawn instead as
``Scattergl`` traces (one draw call per trace, whatever the number of points) with a short
hover: title, date, type and actors. Event coordinates go into the page as typed arrays
(plotly.js's base64 ``bdata``), about 16 bytes an event. Rows in a lane are dealt round-robin in
time order instead of packed, so that layout stays linear in the number of events.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
import sys
from array import array
from collections.abc import Sequence
from typing import Any, TypeGuard

from timeline.dates import Precision
from timeline.drawing.rows import Item, Row, by_type
from timeline.drawing.styles import TYPE_STYLE
from timeline.drawing.text import HOVER_WIDTH, date_text, markup, source_url, wrapped
from timeline.vocabulary import CAMEO

__all__ = [
    "DENSE_ROWS",
    "WEBGL_MIN_EVENTS",
    "deal_rows",
    "draw_webgl",
    "page_columns",
    "webgl_note",
]

# Up to about 2,000 events the SVG drawing opens in a second or two; past it, WebGL.
WEBGL_MIN_EVENTS = 2000
# Rows of markers per lane, and their height in pixels, when drawn with WebGL.
DENSE_ROWS = 8
DENSE_ROW = 10  # even: rows then sit on whole pixels, stored in 2 bytes
MARKER_SIZE = 7
# Past this many events, smaller markers: they overlap anyway, and a browser without a GPU
# paints every pixel of every marker in software.
SMALL_MARKERS_FROM = 20_000
SMALL_MARKER_SIZE = 5
# Windows of uncertain dates per trace (see _window_lines).
WINDOWS_PER_TRACE = 256

_EPOCH = dt.datetime(1970, 1, 1)
_MS = dt.timedelta(milliseconds=1)


def deal_rows(items: list[Item]) -> list[Row]:
    """Give a lane's items rows round-robin in time order: neighbours in time go to different
    rows, so a busy day shows as a column of markers rather than one blot."""
    count = min(DENSE_ROWS, len(items))
    for index, item in enumerate(sorted(items, key=lambda i: (i.x, i.event.id))):
        item.row = index % count
    return [Row([], DENSE_ROW) for _ in range(count)]


def _typed(values: Sequence[float], code: str) -> dict[str, str]:
    """Numbers as a plotly.js typed array: little-endian bytes, base64 (``f8``, ``f4`` or
    ``i2``)."""
    kinds = {"f8": "d", "f4": "f", "i2": "h"}
    numbers = array(kinds[code], [int(v) for v in values] if code == "i2" else values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return {"dtype": code, "bdata": base64.b64encode(numbers.tobytes()).decode("ascii")}


def _coordinates(values: Sequence[float]) -> dict[str, str]:
    """Pixel rows as 16-bit integers when they all are (2 bytes each), else 32-bit floats
    (which also hold the NaN that breaks a line)."""
    if all(v.is_integer() and -32768 <= v <= 32767 for v in values):
        return _typed(values, "i2")
    return _typed(values, "f4")


def _ms(value: dt.datetime) -> float:
    """Milliseconds since 1970 (naive UTC): how plotly.js reads a number on a date axis."""
    return (value - _EPOCH) / _MS


def _plain_day(item: Item) -> bool:
    """A single day known exactly: its hover date can be written from the marker's x."""
    date = item.event.date
    return item.event.end is None and date.precision is Precision.DAY and not date.approximate


def draw_webgl(traces: list[dict[str, Any]], items: list[Item], axis: str) -> None:
    """Events as WebGL circles in their type's colour, one legend entry per type: filled for a
    day known exactly, filled with a line over its span for a span, open with a line over
    its window for an uncertain date. Hover shows title, date, type and actors;
    customdata[0] is the source link that a click opens, as on the SVG drawing."""
    size = MARKER_SIZE if len(items) < SMALL_MARKERS_FROM else SMALL_MARKER_SIZE
    for rank, event_type, group in by_type(items):
        plain = [_plain_day(i) for i in group]
        days = [i for i, day in zip(group, plain, strict=True) if day]
        others = [i for i, day in zip(group, plain, strict=True) if not day]
        if others:
            traces += _window_lines(others, event_type, axis)
        first = True
        for chosen, with_date in ((days, False), (others, True)):
            if chosen:
                traces.append(
                    _markers(chosen, event_type, rank, size, axis, with_date, showlegend=first)
                )
                first = False


def _window_lines(items: list[Item], event_type: str, axis: str) -> list[dict[str, Any]]:
    """A line over each span or window an uncertain date may lie in, drawn as a filled
    rectangle two pixels high (a row is :data:`DENSE_ROW` units of the axis, a unit a pixel),
    each rectangle closed by a gap (NaN); not error bars, which plotly.js cannot draw for
    WebGL traces on a date axis.

    Filled, not drawn as plotly.js lines of width 2 (which look the same): plotly.js draws
    each segment of a line, gaps included, as an instance of its own, and a browser without
    a GPU drew the 25,000 windows of a 100,000-event timeline's 75,000 segments in a second,
    two thirds of the time it took to draw all its markers and windows; their rectangles,
    as triangles, in a fifth of it. A trace holds at most :data:`WINDOWS_PER_TRACE` of them:
    plotly.js gathers a trace's shapes one by one, in time that grows with the square of
    their number."""
    colour, _symbol = TYPE_STYLE[event_type]
    traces = []
    for first in range(0, len(items), WINDOWS_PER_TRACE):
        xs: list[float] = []
        ys: list[float] = []
        for i in items[first : first + WINDOWS_PER_TRACE]:
            start, end = _ms(i.window.start), _ms(i.window.end)
            xs += [start, end, end, start, math.nan]
            ys += [i.y - 1, i.y - 1, i.y + 1, i.y + 1, math.nan]
        traces.append(
            {
                "type": "scattergl",
                "mode": "lines",
                "x": _typed(xs, "f8"),
                "y": _coordinates(ys),
                "fill": "toself",
                "fillcolor": colour,
                "line": {"color": colour, "width": 0},
                "opacity": 0.6,
                "hoverinfo": "skip",
                "name": event_type,
                "legendgroup": event_type,
                "showlegend": False,
                "yaxis": axis,
            }
        )
    return traces


def _markers(
    items: list[Item],
    event_type: str,
    rank: int,
    size: int,
    axis: str,
    with_date: bool,
    *,
    showlegend: bool,
) -> dict[str, Any]:
    """The circles of one type's events, with a short hover. A day's date is written from
    the marker's x (noon of that day); other dates (a span, a month, an approximate day),
    ``with_date``, come as text."""
    colour, _symbol = TYPE_STYLE[event_type]
    cameo = CAMEO[event_type]
    kind = f"{event_type} (CAMEO {cameo})" if cameo else event_type
    date = "%{customdata[3]}" if with_date else "%{x|%a %-d %b %Y}"
    # Circles only: WebGL draws any other symbol from a shape it rasterises first,
    # which costs a browser without a GPU a third of a second or more.
    # No outline on filled circles: the ring that draws an open one is all it is for.
    marker: dict[str, Any] = {
        "symbol": "circle",
        "size": size,
        "color": colour,
        "line": {"width": 1.5 if with_date else 0, "color": colour},
    }
    if with_date:
        marker["symbol"] = [0 if i.window.exact else 100 for i in items]  # circle(-open)
    return {
        "type": "scattergl",
        "mode": "markers",
        "x": _typed([_ms(i.x) for i in items], "f8"),
        "y": _coordinates([i.y for i in items]),
        "customdata": [
            [
                source_url(i.event),
                _hover_line(i.event.title),
                _hover_line(", ".join(i.event.actors)),
                *([_hover_line(date_text(i.event))] if with_date else []),
            ]
            for i in items
        ],
        "hovertemplate": (
            f"<b>%{{customdata[1]}}</b><br>{date} · {kind}<br>%{{customdata[2]}}<extra></extra>"
        ),
        "marker": marker,
        "name": event_type,
        "legendgroup": event_type,
        "legendrank": rank,
        "showlegend": showlegend,
        "hoverlabel": {"bordercolor": colour},
        "yaxis": axis,
    }


def _hover_line(text: str) -> str:
    """A line of the short hover as markup, wrapped only when long, as :func:`wrapped` wraps
    it and :func:`markup` escapes it. A hover per event makes this the most of what drawing
    a large timeline costs; the usual line is taken on a shorter way."""
    if text.isprintable() and _PLAIN.fullmatch(text) is not None:
        # Words between single spaces, nothing markup would change: a short line is as it
        # is, and a long one fills greedily, as wrapped() does, each line the longest run of
        # at most HOVER_WIDTH characters before a space or the end (one regular expression
        # instead of a loop per word), unless a word is longer than a line.
        if len(text) <= HOVER_WIDTH:
            return text
        lines = _LINE.findall(text)
        if len(lines) - 1 + sum(map(len, lines)) == len(text):
            return "<br>".join(lines)
    if len(text) <= HOVER_WIDTH and "\n" not in text:
        return markup(text)
    return wrapped(text, HOVER_WIDTH)


# Printable text with nothing markup escapes, words between single spaces.
_PLAIN = re.compile(r"[^\s&<>${]+(?: [^\s&<>${]+)*")
_LINE = re.compile(rf"(.{{1,{HOVER_WIDTH}}})(?: |\Z)")


def page_columns(
    traces: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[str, list[list[Any]]]]:
    """The traces as a page carries them, and the customdata of the WebGL markers in columns.

    Each marker's customdata is a small list of texts (source link, title, actors, and the
    date where it is not the marker's day), 80% of a 100,000-event figure. A page carries
    them instead by trace (its index in the returned traces, as text) and by column: each
    column a list of parts whose texts, joined, make the column's text for each point; a
    part is a list of texts, one a point, or ``{"table": [...], "index": [...]}`` where a few
    texts repeat (actors, uncertain dates, a link's beginning up to its last ``/``), each
    written once and named by its place in the table. The page's script
    (``timeline.js``) puts the same lists back in each trace's customdata before plotly.js
    reads it. The returned traces are copies; ``traces`` is left as it is.
    """
    shown: list[dict[str, Any]] = []
    columns: dict[str, list[list[Any]]] = {}
    for index, trace in enumerate(traces):
        rows = trace.get("customdata")
        if trace.get("type") != "scattergl" or not _text_rows(rows):
            shown.append(trace)
            continue
        shown.append({key: value for key, value in trace.items() if key != "customdata"})
        width = len(rows[0])
        coded = []
        for column in range(width):
            texts = [row[column] for row in rows]
            if column == 0:  # the source link: its beginning repeats, the rest does not
                cuts = [text.rfind("/") + 1 for text in texts]
                beginnings = [text[:cut] for text, cut in zip(texts, cuts, strict=True)]
                rests = [text[cut:] for text, cut in zip(texts, cuts, strict=True)]
                coded.append([_tabled(beginnings), rests])
            else:
                coded.append([_tabled(texts) if _repeats(texts) else texts])
        columns[str(index)] = coded
    return shown, columns


def _text_rows(rows: Any) -> TypeGuard[list[list[str]]]:
    """Rows of texts, all as long (customdata as :func:`draw_webgl` writes it)."""
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], list) or not rows[0]:
        return False
    width = len(rows[0])
    return all(
        isinstance(row, list) and len(row) == width and all(isinstance(t, str) for t in row)
        for row in rows
    )


def _repeats(texts: list[str]) -> bool:
    """Whether a table of the distinct texts makes the column shorter: at most half as many."""
    return 2 * len(set(texts)) <= len(texts)


def _tabled(texts: list[str]) -> dict[str, list[Any]]:
    """Each distinct text once, in the order first met, and each point's place in that list."""
    places: dict[str, int] = {}
    index = [places.setdefault(text, len(places)) for text in texts]
    return {"table": list(places), "index": index}


def webgl_note(count: int) -> str:
    """What the page says under a chart drawn with WebGL (plain text)."""
    return (
        f"This timeline has {count:,} events, so the chart draws them with WebGL: each event "
        "is a circle in its type's colour, open when its date is uncertain, with a line "
        "through it for a span or for the window an uncertain date may lie in. Zoom in with "
        "the buttons or the slider under the chart; hover or tap an event for its title, "
        "date, type and actors; click it to open its source. Click a type in the legend to "
        "hide or show it, double-click to show it alone."
    )
