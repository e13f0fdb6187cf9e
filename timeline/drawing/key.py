"""The numbers a chart gives its events, where a title does not fit beside its marker: one
numbering, in the order the chart and the events table show the events, shared by the chart,
its key and whatever else refers to the chart (a brief that reprints it, for instance)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from timeline.query import ordered
from timeline.records import EventLike

__all__ = ["numbered"]

E = TypeVar("E", bound=EventLike)


def numbered(events: Iterable[E]) -> list[tuple[int, E]]:
    """``(number, event)`` for each event, from 1, in display order (the timeline's order:
    earliest first, then finer dates, then the order the author gave same-day events)."""
    return list(enumerate(ordered(events), start=1))
