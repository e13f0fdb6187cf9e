"""Lanes and rows: which lanes an event goes in, and the row of each event in its lane, so
that no two markers, bars or labels overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

from timeline.actors import NO_GROUP, ActorIndex
from timeline.choices import LaneMode
from timeline.drawing.styles import LABEL_LINE, LABEL_SIZE, NUMBER_SIZE, POINT_FRACTION, ROW
from timeline.drawing.text import text_width
from timeline.vocabulary import EVENT_TYPES

if TYPE_CHECKING:
    from timeline.drawing.windows import Window
    from timeline.model import Event

__all__ = [
    "ALL_EVENTS",
    "LABEL_GAP",
    "LABEL_PAD",
    "LANE_MODES",
    "MARKER_PX",
    "NO_TRACK",
    "Item",
    "LaneMode",
    "Row",
    "by_type",
    "event_lanes",
    "lane_order",
    "pack",
]

LANE_MODES: tuple[str, ...] = get_args(LaneMode)
NO_TRACK = "no track"
LABEL_GAP = 10  # pixels from a marker's centre, or a bar's end, to its label
LABEL_PAD = 4  # pixels of a label's background beyond its text, each side
MARKER_PX = 18  # a marker's width with its outline and a little air
ROW_GAP = 4  # pixels kept clear between two marks or labels in a row
ALL_EVENTS = "all events"


def event_lanes(event: Event, mode: LaneMode, actors: ActorIndex | None = None) -> list[str]:
    """The lanes an event is drawn in: one, or one per actor with ``actor`` lanes, one per
    group of its actors (``actors``: the folder's actors.yaml) with ``group`` lanes."""
    if mode == "track":
        return [event.track or NO_TRACK]
    if mode == "actor":
        return list(dict.fromkeys(event.actors))
    if mode == "group":
        return list(dict.fromkeys(_group_lane(actor, actors) for actor in event.actors))
    if mode == "type":
        return [event.type]
    return [ALL_EVENTS]


def _group_lane(actor: str, actors: ActorIndex | None) -> str:
    return actors.lane(actor) if actors else NO_GROUP


def lane_order(
    events: Sequence[Event], mode: LaneMode, actors: ActorIndex | None = None
) -> list[str]:
    """Lanes in the order the story reaches them; the lane of events without a track (or
    of actors without a group) last."""
    lanes: dict[str, None] = {}
    for event in events:
        for lane in event_lanes(event, mode, actors):
            lanes.setdefault(lane)
    names = list(lanes)
    last = {"track": NO_TRACK, "group": NO_GROUP}.get(mode)
    if last is not None and last in lanes:
        names.remove(last)
        names.append(last)
    return names


@dataclass
class Item:
    """One event drawn in one lane. ``label`` is what is written beside it: its title
    (``numbered`` false) or its number (``numbered`` true), or nothing."""

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
    number: int = 0
    numbered: bool = False

    @property
    def label_x(self) -> dt.datetime:
        """Where the label starts: beside the marker of a dated point or an uncertain date
        (over its own faint window, which text reads over), or beyond the end of a span so
        it does not cover the bar."""
        return self.anchor(left=self.label_left)

    def anchor(self, *, left: bool) -> dt.datetime:
        """Where a label on the ``left`` (or right) side of the marks starts."""
        if not self.window.exact or self.event.end is None:
            return self.x
        return self.window.start if left else self.window.end

    @property
    def label_px(self) -> float:
        """The label's width in pixels, with its background."""
        size = NUMBER_SIZE if self.numbered else LABEL_SIZE
        widest = max(text_width(line, size, bold=self.numbered) for line in self.label.split("\n"))
        return widest + 2 * LABEL_PAD


@dataclass
class Row:
    """A row of a lane: the spans its items take (fractions of the initial range), and its
    height in pixels."""

    spans: list[tuple[float, float]]
    height: float = ROW

    def fits(self, span: tuple[float, float]) -> bool:
        """Whether ``span`` overlaps none of the row's spans."""
        return all(span[1] <= start or span[0] >= end for start, end in self.spans)


def pack(
    items: list[Item], origin: dt.datetime, extent: dt.timedelta, plot_px: float = 600.0
) -> list[Row]:
    """Give each item of a lane a row so that no two markers, bars or labels overlap on a
    plot ``plot_px`` pixels wide showing ``extent`` from ``origin``.

    Events known to the day go first, labelled events first among them, so they take the top
    rows; uncertain windows below. A label's side is chosen before (see
    :func:`timeline.drawing.labels.place_labels`).
    """

    def px(value: dt.datetime) -> float:
        return (value - origin) / extent * plot_px

    marker = max(MARKER_PX, POINT_FRACTION * plot_px)
    rows: list[Row] = []
    for item in sorted(
        items, key=lambda i: (not i.window.exact, not i.labelled, i.event.sort_key())
    ):
        centre = px(item.x)
        low = min(px(item.window.start), centre - marker / 2)
        high = max(px(item.window.end), centre + marker / 2)
        if item.labelled:
            anchor = px(item.label_x)
            if item.label_left:
                low = min(low, anchor - LABEL_GAP - item.label_px)
            else:
                high = max(high, anchor + LABEL_GAP + item.label_px)
        span = (low - ROW_GAP / 2, high + ROW_GAP / 2)
        index = next((i for i, row in enumerate(rows) if row.fits(span)), None)
        if index is None:
            rows.append(Row([]))
            index = len(rows) - 1
        rows[index].spans.append(span)
        item.row = index
        if item.labelled:
            lines = item.label.count("\n") + 1
            rows[index].height = max(rows[index].height, lines * LABEL_LINE + 8)
    return rows


def by_type(items: Sequence[Item]) -> list[tuple[int, str, list[Item]]]:
    """The items of each event type that has any, in the legend's order: (rank, type, items)."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.event.type, []).append(item)
    return [(rank, name, groups[name]) for rank, name in enumerate(EVENT_TYPES) if name in groups]
