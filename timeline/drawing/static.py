"""A chart made into a still image: nothing to hover or click, a note on uncertain dates, and
the same SVG for the same figure."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from timeline.drawing.layout import legend_height
from timeline.drawing.styles import AXIS_PX
from timeline.drawing.text import markup

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["KEY_NOTE", "STATIC_NOTE", "STATIC_NOTE_WEBGL", "static_figure"]

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
KEY_NOTE = "chart-note"  # the name of the note and key under an image
LEGEND_TITLE_PX = 110  # "Event types" beside a one-row legend


def static_figure(figure: go.Figure, width: int, *, key: bool = True) -> go.Figure:
    """A copy of ``figure`` for an image ``width`` pixels wide, which nobody can hover or
    click: no range buttons or slider, a legend that does not say "click", a note on how
    uncertain dates are drawn (the page says it in a caption), and fixed trace ids so the
    same figure gives the same SVG. Figures these charts did not draw (no "view" in their
    meta) only get the ids."""
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
    chars = max(30, int((width - 24) / NOTE_CHAR_PX))
    # The note explains open markers: a chart without any has nothing to explain.
    note = [markup(line) for line in textwrap.wrap(text, chars)]
    if not meta.get("open_markers", True):
        note = []
    key_lines = _key_lines(meta.get("key") or [], chars) if key else []
    names = [trace.name for trace in static.data if trace.showlegend]
    layout.legend.title.text = "Event types"
    # The title goes beside a legend of one row, above one that wraps: plotly.js wraps a
    # legend as if a title beside it took no room, and would cut its last entries.
    beside = legend_height(names, width - 24 - LEGEND_TITLE_PX)
    if beside <= 30 + 30:
        layout.legend.title.side = "left"
        legend = beside - 30 + 8 if names else 0
    else:
        layout.legend.title.side = "top"
        legend = legend_height(names, width - 24) + 4
    bottom = round(AXIS_PX + (len(note) + len(key_lines)) * NOTE_LINE_PX + 10 + legend)
    top = max(layout.margin.t - RANGE_BUTTONS_PX, 0)
    plot = layout.height - layout.margin.t - layout.margin.b
    layout.height = round(plot + top + bottom)
    layout.margin.t = top
    layout.margin.b = bottom
    if not note and not key_lines:
        return static
    static.add_annotation(
        text="<br>".join(note + key_lines),
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
        name=KEY_NOTE,
    )
    return static


def _key_lines(key: list[list[Any]], chars: int) -> list[str]:
    """The numbered key as markup lines: "Key to the numbers", then each number in bold with
    its event's date and title, wrapped to ``chars`` characters."""
    if not key:
        return []
    shown = [entry[:3] for entry in key if entry[3]]
    if not shown:
        return []
    lines = ["<b>Key to the numbers on the chart</b>"]
    for number, date, title in shown:
        wrapped = textwrap.wrap(f"{number} {date}: {title}", chars - 2) or [""]
        first = wrapped[0][len(str(number)) :]
        lines.append(f"<b>{number}</b>{markup(first)}")
        lines.extend(f"   {markup(rest)}" for rest in wrapped[1:])
    return lines
