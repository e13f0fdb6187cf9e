"""Timeline order and the filters shared by list, build and export."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from timeline.actors import ActorIndex, name_words
from timeline.dates import PartialDate
from timeline.errors import UnknownFilter
from timeline.records import EventLike
from timeline.vocabulary import EVENT_TYPES

__all__ = ["EventFilter", "check_filter", "ordered", "select"]

# Models or the parse cache's plain records (timeline.records): one filter serves both.
E = TypeVar("E", bound=EventLike)


def _sort_key(event: EventLike) -> tuple[Any, ...]:
    return event.sort_key()


def ordered(events: Iterable[E]) -> list[E]:
    """Events in timeline order: earliest instant, then finer precision, then id."""
    return sorted(events, key=_sort_key)


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

    def matches(self, event: EventLike, actors: ActorIndex | None = None) -> bool:
        """Whether ``event`` passes every part of the filter. An ``--actor`` matches an
        actor's name in any case, whole words of it ("Putin" matches "Vladimir Putin"), and
        with ``actors`` (the folder's actors.yaml) every name of the actor or group it
        names ("Kremlin" matches the actors of that group)."""
        last = event.end or event.date
        # A date range keeps every event that may overlap it: "--since 2025-03" keeps
        # an event of "2025" as well as one of 18 March.
        if self.since is not None and last.latest() <= self.since.earliest():
            return False
        if self.until is not None and event.date.earliest() >= self.until.latest():
            return False
        if self.actors and not any(
            _names(term, actor, actors) for term in self.actors for actor in event.actors
        ):
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


def _names(term: str, actor: str, index: ActorIndex | None) -> bool:
    """Whether the ``--actor`` value ``term`` names the event's ``actor``."""
    if term.casefold() == actor.casefold():
        return True
    if index and actor.casefold() in index.spellings(term):
        return True
    wanted, words = name_words(term), name_words(actor)
    size = len(wanted)
    return size > 0 and any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def check_filter(where: EventFilter, events: Sequence[EventLike]) -> None:
    """:class:`UnknownFilter` when ``where`` asks for a type that does not exist or a track
    no event has: a typo would otherwise select nothing, without a word."""
    tracks = sorted({event.track for event in events if event.track is not None})
    problems = [
        _unknown("type", value, EVENT_TYPES) for value in where.types if value not in EVENT_TYPES
    ]
    problems += [_unknown("track", value, tracks) for value in where.tracks if value not in tracks]
    if problems:
        raise UnknownFilter("; ".join(problems))


def _unknown(option: str, value: str, known: Sequence[str]) -> str:
    hint = difflib.get_close_matches(value, known, n=1)
    listed = ", ".join(known) or "none"
    if hint:
        return f"--{option} {value}: no such {option}; did you mean '{hint[0]}'?"
    return f"--{option} {value}: no such {option} ({option}s: {listed})"


def select(
    events: Iterable[E], where: EventFilter | None = None, actors: ActorIndex | None = None
) -> list[E]:
    """The events that pass ``where``, in timeline order (``actors``: the folder's
    actors.yaml, for ``--actor``); :class:`UnknownFilter` for a type or track that no event
    can have."""
    if where is None:
        return ordered(events)
    events = list(events)
    check_filter(where, events)
    return ordered(event for event in events if where.matches(event, actors))
