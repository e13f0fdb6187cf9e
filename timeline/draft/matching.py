"""Is a candidate an event the folder already has? Dates that overlap within their
precision, actors in common, and a title or type alike: then the article is another source
for that event, not a new event."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from timeline.dates import PartialDate
from timeline.model import Event

__all__ = ["Match", "dates_overlap", "find_match", "title_likeness"]

# Titles this alike (difflib's ratio, on lowercased words) are the same event's titles
# written twice; below it, the same type has to say so.
_ALIKE = 0.6
# An approximate date ("2025-03-18~") may be a day off either way.
_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Match:
    """The recorded event a candidate is, and why it was taken to be it."""

    event: Event
    reason: str
    same_date: bool


def find_match(
    date: PartialDate | None,
    end: PartialDate | None,
    kind: str,
    actors: Sequence[str],
    title: str,
    events: Iterable[Event],
) -> Match | None:
    """The best recorded event the candidate matches, if any."""
    best: tuple[float, Match] | None = None
    for event in events:
        common = [actor for actor in actors if actor in event.actors]
        if not common:
            continue
        alike = title_likeness(title, event.title)
        if date is not None and not dates_overlap(date, end, event.date, event.end):
            continue
        if event.type != kind and alike < _ALIKE:
            continue
        same_date = date is not None and date.iso() == event.date.iso()
        parts = [f"actors {', '.join(common)} in common"]
        parts.append(f"both {kind}" if event.type == kind else f"titles {alike:.0%} alike")
        parts.append(
            "same date"
            if same_date
            else ("no date of its own" if date is None else f"dates overlap ({event.date.iso()})")
        )
        score = len(common) + alike + (event.type == kind) + same_date
        if best is None or score > best[0]:
            best = (score, Match(event, "; ".join(parts), same_date))
    return best[1] if best else None


def dates_overlap(
    first: PartialDate,
    first_end: PartialDate | None,
    second: PartialDate,
    second_end: PartialDate | None,
) -> bool:
    """Whether the two dates (each a span from its earliest to its latest instant, as its
    precision allows, widened a day when approximate) share an instant."""
    a0, a1 = _bounds(first, first_end)
    b0, b1 = _bounds(second, second_end)
    return a0 < b1 and b0 < a1  # latest() is exclusive


def _bounds(date: PartialDate, end: PartialDate | None) -> tuple[dt.datetime, dt.datetime]:
    start = date.earliest()
    stop = (end or date).latest()
    if date.approximate:
        start -= _SLACK
    if (end or date).approximate:
        stop += _SLACK
    return start, stop


def title_likeness(first: str, second: str) -> float:
    """How alike two titles read, from 0 to 1 (word sequences, case ignored)."""
    return difflib.SequenceMatcher(None, first.lower().split(), second.lower().split()).ratio()
