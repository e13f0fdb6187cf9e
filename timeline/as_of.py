"""The timeline as the sources had told it by the end of a day ("as of"): only what was
published by then, and the plan stages as those events set them.

An event is known on a day when one of its sources was surely published by the end of that
day: a source dated only to the month (``published: 2025-03``) counts once the month is over,
since the day inside it is not known. Sources published later are left off the events that
stay. Events none of whose sources gives a ``published`` date cannot be placed in time: they
are kept, and counted as "publication date unknown", never dropped in silence.

Claims name no source of their own in the event format (a claim is who says what, under the
event's sources), so a claim is shown when its event is. Plans are kept as they are: a
stage's status comes from the events, so a stage no known event has moved is "not started".
Nothing here reads or writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from timeline.dates import DateError, PartialDate, Precision
from timeline.model import Event, Source, Timeline
from timeline.problems import Problem

__all__ = [
    "AsOf",
    "as_of",
    "as_of_day",
    "first_published",
    "load_as_of",
    "publication_days",
    "title_line",
]


@dataclass(frozen=True)
class AsOf:
    """A timeline as of ``day``: the events known by then, and how many of them have no
    publication date (they are shown, as nothing says they were not known)."""

    day: PartialDate
    timeline: Timeline
    unknown: int

    def note(self) -> str:
        """``2 with publication date unknown``, or ``""`` when every event has one."""
        if not self.unknown:
            return ""
        return f"{self.unknown} with publication date unknown"


def as_of_day(value: str | PartialDate) -> PartialDate:
    """The day an "as of" names, as a day: ``2025-03-20``. :class:`ValueError` for anything
    else, as a month or a time would leave "published by then" unclear."""
    try:
        day = value if isinstance(value, PartialDate) else PartialDate.parse(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    if day.precision is not Precision.DAY or day.approximate:
        raise ValueError(f"as of takes a day, YYYY-MM-DD, not {day.iso()!r}")
    return day


def _end_of(day: PartialDate) -> dt.datetime:
    return day.latest()


def _published_by(source: Source, end: dt.datetime) -> bool:
    return source.published is not None and source.published.latest() <= end


def first_published(event: Event) -> PartialDate | None:
    """The earliest ``published`` date of the event's sources (the one whose last possible
    instant comes first), or ``None`` when none gives one."""
    dates = [source.published for source in event.sources if source.published is not None]
    return min(dates, key=lambda d: (d.latest(), d.earliest()), default=None)


def publication_days(events: Sequence[Event], until: PartialDate | None = None) -> list[str]:
    """The distinct days (``YYYY-MM-DD``) by whose end a new event or source became known, in
    order, up to ``until``: the steps of the page's replay control."""
    days: set[dt.date] = set()
    limit = _end_of(until) if until is not None else None
    for event in events:
        for source in event.sources:
            if source.published is None:
                continue
            latest = source.published.latest()
            if limit is not None and latest > limit:
                continue
            # The day by whose end the source is surely out (a month: its last day).
            days.add((latest - dt.timedelta(microseconds=1)).date())
    return [day.isoformat() for day in sorted(days)]


def as_of(timeline: Timeline, day: PartialDate) -> AsOf:
    """``timeline`` as the sources had told it by the end of ``day`` (see the module)."""
    end = _end_of(as_of_day(day))
    kept: list[Event] = []
    unknown = 0
    for event in timeline.events:
        if all(source.published is None for source in event.sources):
            unknown += 1
            kept.append(event)
            continue
        if not any(_published_by(source, end) for source in event.sources):
            continue
        sources = [
            source
            for source in event.sources
            if source.published is None or _published_by(source, end)
        ]
        kept.append(_with_sources(event, sources))
    return AsOf(day, Timeline(kept, list(timeline.plans), timeline.title), unknown)


def _with_sources(event: Event, sources: list[Source]) -> Event:
    if len(sources) == len(event.sources):
        return event
    # model_copy keeps the private origin: problems and links still name the event's file.
    return event.model_copy(update={"sources": sources})


def title_line(title: str, day: PartialDate) -> str:
    """The chart's title with its day: ``Ceasefire talks, as of Thu 20 Mar 2025``."""
    return f"{title}, as of {day.human()}"


def load_as_of(root: Path, day: PartialDate | str) -> tuple[AsOf, list[Problem]]:
    """Load and check the events under ``root`` (:class:`~timeline.errors.InvalidEvents` on an
    error) as of ``day``; with the warnings of loading them."""
    from timeline.validate import load_checked

    timeline, warnings = load_checked(root)
    return as_of(timeline, as_of_day(day)), warnings
