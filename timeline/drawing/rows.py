"""Lanes and rows: which lanes an event goes in, and the row of each event in its lane, so
that no two markers, bars or labels overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

from timeline.actors import NO_GROUP, ActorIndex
from timeline.choices import LaneMode
from timeline.drawing.styles import LABEL_CHAR_FRACTION, LABEL_LINE, POINT_FRACTION, ROW
from timeline.vocabulary import EVENT_TYPES

if TYPE_CHECKING:
    from timeline.drawing.windows import Window
    from timeline.model import Event

__all__ = [
    "ALL_EVENTS",
    "LANE_MODES",
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
class Row:
    """A row of a lane: the spans its items take (fractions of the initial range), and its
    height in pixels."""

    spans: list[tuple[float, float]]
    height: float = ROW

    def fits(self, span: tuple[float, float]) -> bool:
        """Whether ``span`` overlaps none of the row's spans."""
        return all(span[1] <= start or span[0] >= end for start, end in self.spans)


def pack(items: list[Item], origin: dt.datetime, extent: dt.timedelta) -> list[Row]:
    """Give each item of a lane a row so that no two markers, bars or labels overlap.

    Events known to the day go first, key events first among them, so they take the top
    rows; uncertain windows below. Overlap is judged in fractions of the initial range.
    """

    def fraction(value: dt.datetime) -> float:
        return (value - origin) / extent

    rows: list[Row] = []
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
