"""Labels beside the events: which event gets its title, which its number, on which side.

A placement pass over measured text widths (:func:`timeline.drawing.text.text_width`), on a
plot of known width: a label goes on the side of its marks with room for it inside the plot,
and the lanes' row packing (:func:`timeline.drawing.rows.pack`) then keeps it clear of every
other label, marker and bar. A title with no room on either side, or too many titles for the
chart to stay readable, gives way to the event's number, which the chart's key explains
(:func:`timeline.drawing.key.numbered` gives the numbers).

Labels are the text of scatter traces (:func:`label_traces`), which plotly.js draws many times
sooner than one annotation each. On a page the chart is as wide as the screen: the page's
script checks the labels as drawn and shows an event's number instead of any title that
overlaps something or leaves the plot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from timeline.choices import LabelMode
from timeline.drawing.rows import LABEL_GAP, Item, by_type
from timeline.drawing.styles import LABEL_SIZE, NUMBER_SIZE
from timeline.drawing.svg import KEY_LABEL
from timeline.drawing.text import key_label, markup
from timeline.drawing.windows import x_value

__all__ = ["NUMBER_LABEL", "PAGE_PLOT_PX", "label_traces", "place_labels"]

NUMBER_LABEL = "event-number"  # the name of events' number annotations
# The plot width a page's labels are placed for: a 600 px report column less the margins.
# Wider screens have more room; on narrower ones the page's script swaps titles for numbers.
PAGE_PLOT_PX = 576.0
# In "auto", titles are given up for numbers when they would make the events' rows taller
# than this many times (and this many pixels more than) the rows without labels.
AUTO_GROWTH = 2.5
AUTO_EXTRA_PX = 320.0
EDGE_PX = 2.0  # labels keep this far inside the plot's edges
LABEL_COLOUR = "#1F2328"
HALO = "0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff"
# plotly.js sets a scatter trace's text off its point by the marker's radius / 0.8 + 1 px, and
# not at all without markers: an invisible marker this size starts the text where an
# annotation's (shifted LABEL_GAP px, then its border and padding) did.
TEXT_MARKER_SIZE = 2 * 0.8 * (LABEL_GAP + 2 - 1)


def place_labels(
    by_lane: dict[str, list[Item]],
    mode: LabelMode,
    numbers: dict[str, int],
    view: tuple[dt.datetime, dt.datetime],
    plot_px: float,
    height: Callable[[dict[str, list[Item]]], float],
) -> None:
    """Set each item's label and side for ``mode``. ``numbers`` are the events' numbers by
    id; ``view`` the range the chart opens on, ``plot_px`` wide; ``height`` packs the lanes
    and gives the events' height, which "auto" compares with and without titles."""
    for items in by_lane.values():
        for item in items:
            item.number = numbers[item.event.id]
    # Each event is labelled once, in its first lane.
    firsts = sorted(
        (i for items in by_lane.values() for i in items if i.lane == i.lanes[0]),
        key=lambda i: i.number,
    )

    def assign(titled: Callable[[Item], bool], numbered: bool) -> None:
        for item in (i for items in by_lane.values() for i in items):
            item.label, item.labelled, item.numbered = "", False, False
        for item in firsts:
            if titled(item) and _try(item, key_label(item.event.title), False, view, plot_px):
                continue
            if numbered:
                _try(item, str(item.number), True, view, plot_px, force=True)

    if mode == "none":
        assign(lambda item: False, False)
    elif mode == "key":
        assign(lambda item: item.event.key, False)
    elif mode == "numbers":
        assign(lambda item: False, True)
    elif mode == "all":
        assign(lambda item: True, True)
    else:
        assign(lambda item: False, False)
        bare = height(by_lane)
        assign(lambda item: True, True)
        titled = height(by_lane)
        if titled > max(bare * AUTO_GROWTH, bare + AUTO_EXTRA_PX):
            assign(lambda item: item.event.key, True)


def _try(
    item: Item,
    text: str,
    numbered: bool,
    view: tuple[dt.datetime, dt.datetime],
    plot_px: float,
    *,
    force: bool = False,
) -> bool:
    """Give ``item`` the label ``text`` on a side with room for it inside the plot, the side
    with more room first; with ``force`` on the side with more room even when it has too
    little (a number is better than nothing). Whether it was given."""
    item.label, item.labelled, item.numbered = text, True, numbered
    width = item.label_px
    extent = view[1] - view[0]

    def px(value: dt.datetime) -> float:
        return (value - view[0]) / extent * plot_px

    right_room = plot_px - EDGE_PX - (px(item.anchor(left=False)) + LABEL_GAP)
    left_room = px(item.anchor(left=True)) - LABEL_GAP - EDGE_PX
    sides = sorted(((right_room, False), (left_room, True)), reverse=True)
    for room, left in sides:
        if room >= width:
            item.label_left = left
            return True
    if force:
        item.label_left = sides[0][1]
        return True
    item.label, item.labelled, item.numbered = "", False, False
    return False


def label_traces(
    items: Sequence[Item], axis: str, *, fallback: bool = False, page: bool = False
) -> list[dict[str, Any]]:
    """The labels as the text of scatter traces: for each event type, one trace of titles
    (named :data:`KEY_LABEL`) and one of numbers (:data:`NUMBER_LABEL`), in the type's
    legend group, so that hiding a type hides its labels too. Each text starts beside its
    marks, on the side chosen for it, where an annotation's text would; a halo of the
    background's colour keeps it legible over grid lines and faint windows. Nothing to hover
    or click, and no legend entry.

    With ``fallback`` the numbers' trace also holds, with no text, the number of each
    titled event, which the page shows when the title does not fit. On a ``page`` the
    traces go on a second x axis that follows the first, so the range slider (which draws
    the first axis's traces again) leaves them out; each trace's ``meta`` gives its points'
    numbers and whether they are key events, the order in which the page checks them."""
    traces: list[dict[str, Any]] = []
    for _rank, event_type, group in by_type([i for i in items if i.labelled]):
        group = sorted(group, key=lambda i: i.number)
        for numbered, name, size in (
            (False, KEY_LABEL, LABEL_SIZE),
            (True, NUMBER_LABEL, NUMBER_SIZE),
        ):
            chosen = [i for i in group if i.numbered == numbered or (numbered and fallback)]
            if not chosen:
                continue
            trace: dict[str, Any] = {
                "type": "scatter",
                "mode": "markers+text",
                "name": name,
                "legendgroup": event_type,
                "showlegend": False,
                "hoverinfo": "skip",
                "cliponaxis": False,
                "x": [x_value(i.label_x) for i in chosen],
                "y": [i.y for i in chosen],
                "text": [
                    _label_text(i, plain=page) if i.numbered == numbered else "" for i in chosen
                ],
                "textposition": ["middle left" if i.label_left else "middle right" for i in chosen],
                "textfont": {"size": size, "color": LABEL_COLOUR, "shadow": HALO},
                "marker": {"size": TEXT_MARKER_SIZE, "opacity": 0},
                "yaxis": axis,
            }
            if page:
                if numbered:
                    # Bold set once for the trace: plotly.js then writes each number as
                    # it is, where "<b>12</b>" made it parse markup and add a tspan for
                    # each of up to a thousand numbers (about 60 ms of the browser's main
                    # thread on a 1,000-event page). It looks the same, to the pixel.
                    trace["textfont"]["weight"] = "bold"
                trace["xaxis"] = "x2"
                trace["meta"] = {
                    "numbers": [i.number for i in chosen],
                    "key": [i.event.key for i in chosen],
                }
            traces.append(trace)
    return traces


def _label_text(item: Item, *, plain: bool = False) -> str:
    """An item's label as plotly.js text: its number in bold (``plain``: the number alone,
    its trace being bold), or its title's lines."""
    if item.numbered:
        return str(item.number) if plain else f"<b>{item.number}</b>"
    return "<br>".join(markup(line) for line in item.label.split("\n"))
