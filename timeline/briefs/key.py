"""The chart's numbered key: which number each event carries.

One function, so that the chart's own numbering can take its place: the numbers of the key
must be those drawn on the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline.model import Event
from timeline.query import ordered

__all__ = ["numbered"]


def numbered(events: Sequence[Event]) -> list[tuple[int, Event]]:
    """Each event with its number, 1 to N, in the order the chart and its table show them
    (timeline order: by date, the coarser date first when two start together)."""
    return list(enumerate(ordered(events), start=1))
