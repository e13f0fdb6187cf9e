"""Timeline order and the filters shared by list, build and export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from timeline.dates import PartialDate
from timeline.records import EventLike

__all__ = ["EventFilter", "ordered", "select"]

# Models or the parse cache's plain records (timeline.records): one filter serves both.
E = TypeVar("E", bound=EventLike)


def _sort_key(event: EventLike) -> tuple[Any, ...]:
    return event.sort_key()


def ordered(events: Iterable[E]) -> list[E]:
    """Events in timeline order: earliest instant, then finer precision, then the order the
    author gave events of the same date (``after:``), then id."""
    in_order = sorted(events, key=_sort_key)
    if not any(event.after for event in in_order):
        return in_order
    result: list[E] = []
    start = 0
    while start < len(in_order):
        date = in_order[start].date
        stop = start
        while stop < len(in_order) and in_order[stop].date == date:
            stop += 1
        result.extend(_after_order(in_order[start:stop]))
        start = stop
    return result


def _after_order(same_date: list[E]) -> list[E]:
    """Events of one date so that each comes after the event its ``after`` names (when that
    has the same date), otherwise in id order. A cycle, which validation reports as an error,
    leaves its events in id order."""
    ids = {event.id for event in same_date}
    waiting = {event.id: event.after for event in same_date if event.after in ids}
    placed: list[E] = []
    done: set[str] = set()
    remaining = list(same_date)
    while remaining:
        ready = [e for e in remaining if waiting.get(e.id) is None or waiting[e.id] in done]
        if not ready:  # a cycle: the rest in id order
            placed.extend(remaining)
            break
        # The earliest ready event by id, then everything that follows it, depth first, so
        # a chain of "after" stays together.
        first = ready[0]
        chain = [first]
        while chain:
            event = chain.pop()
            placed.append(event)
            done.add(event.id)
            remaining.remove(event)
            followers = [e for e in remaining if waiting.get(e.id) == event.id]
            chain.extend(reversed(followers))
    return placed


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep. Empty fields keep everything; values of one field are OR-ed."""

    since: PartialDate | None = None
    until: PartialDate | None = None
    actors: Sequence[str] = ()
    tracks: Sequence[str] = ()
    types: Sequence[str] = ()
    tags: Sequence[str] = ()
    search: str | None = None

    def matches(self, event: EventLike) -> bool:
        """Whether ``event`` passes every part of the filter."""
        last = event.end or event.date
        # A date range keeps every event that may overlap it: "--since 2025-03" keeps
        # an event of "2025" as well as one of 18 March.
        if self.since is not None and last.latest() <= self.since.earliest():
            return False
        if self.until is not None and event.date.earliest() >= self.until.latest():
            return False
        if self.actors:
            wanted = {actor.casefold() for actor in self.actors}
            if not wanted & {actor.casefold() for actor in event.actors}:
                return False
        if self.tracks and event.track not in self.tracks:
            return False
        if self.types and event.type not in self.types:
            return False
        if self.tags:
            wanted = {tag.casefold() for tag in self.tags}
            if not wanted & {tag.casefold() for tag in event.tags}:
                return False
        if self.search:
            needle = self.search.casefold()
            haystack = f"{event.title}\n{event.summary or ''}".casefold()
            if needle not in haystack:
                return False
        return True


def select(events: Iterable[E], where: EventFilter | None = None) -> list[E]:
    """The events that pass ``where``, in timeline order."""
    if where is None:
        return ordered(events)
    return ordered(event for event in events if where.matches(event))
