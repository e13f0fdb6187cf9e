"""The events table of a large timeline: which events it lists, and what the page says.

A timeline drawn with WebGL (:data:`timeline.drawing.webgl.WEBGL_MIN_EVENTS` events or more)
would make a table of megabytes; its page lists :data:`TABLE_ROWS` events instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.model import Event

__all__ = ["TABLE_ROWS", "table_events", "table_note"]

# Rows of the events table of a large timeline: its key events, then the latest ones.
TABLE_ROWS = 100


def table_events(events: Sequence[Event]) -> list[Event]:
    """The events a large timeline's table lists, in timeline order, :data:`TABLE_ROWS` in
    all: those that move a plan stage (the plans section links to them), the key events,
    then the latest others."""
    moving = [event for event in events if event.stage and event.status]
    key = [event for event in events if event.key and not (event.stage and event.status)]
    chosen = {id(event) for event in (moving + key)[:TABLE_ROWS]}
    for event in reversed(events):
        if len(chosen) >= TABLE_ROWS:
            break
        chosen.add(id(event))
    return [event for event in events if id(event) in chosen]


def table_note(count: int, listed: int) -> str:
    """What the page says above the capped events table of a large timeline (plain text)."""
    return (
        f"The table lists {listed:,} of the {count:,} events: those that move a plan stage, "
        "the key events, then the latest. `timeline list` or `timeline export --format csv` "
        "gives them all."
    )
