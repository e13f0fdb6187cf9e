"""What a brief says, as plain text, whatever file it is written to: the title and summary
line, the chart's key, where each plan stands, the events in date order and their sources
as numbered references.

Word and PowerPoint lay out the same :class:`Brief`, so both say the same thing; the dates
are written as the page's table writes them (:meth:`PartialDate.human`), at the precision
the article gave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from timeline.dates import PartialDate
from timeline.drawing import DEFAULT_TITLE, WEBGL_MIN_EVENTS, summary_line
from timeline.drawing.key import numbered
from timeline.large_table import table_events, table_note
from timeline.model import Event, Source
from timeline.progress import NOT_STARTED, StageProgress

__all__ = [
    "Brief",
    "EventRow",
    "KeyRow",
    "PlanPart",
    "Reference",
    "brief",
    "date_text",
    "document_time",
    "stamp",
]

CONTESTED = "The parties disagree:"


@dataclass(frozen=True)
class KeyRow:
    """One line of the chart's key: the event's number on the chart, its date, its title."""

    number: int
    date: str
    title: str


@dataclass(frozen=True)
class Reference:
    """A numbered source: cited as ``[number]`` wherever an event rests on it."""

    number: int
    outlet: str
    title: str | None
    published: str | None
    url: str | None

    def text(self) -> str:
        """``The Independent, "Headline", Tue 18 Mar 2025``: everything but the link."""
        parts = [self.outlet]
        if self.title:
            parts.append(f"\u201c{self.title}\u201d")
        if self.published:
            parts.append(self.published)
        return ", ".join(parts)


@dataclass(frozen=True)
class EventRow:
    """One event of the table: date as written, title, actors, type, summary, claims (with
    ``contested`` when the parties disagree), and the numbers of its references."""

    number: int
    date: str
    title: str
    actors: str
    type: str
    key: bool
    summary: str | None
    claims: tuple[str, ...]
    contested: bool
    references: tuple[Reference, ...]

    def marks(self) -> str:
        """``[1] [2]``: the reference marks of the event's sources."""
        return " ".join(f"[{reference.number}]" for reference in self.references)


@dataclass(frozen=True)
class PlanPart:
    """A plan: its title, its parties, and one line per stage with its status."""

    title: str
    parties: str
    stages: tuple[tuple[str, str], ...]  # (stage title, "agreed on Tue 18 Mar 2025 (…)")


@dataclass(frozen=True)
class Brief:
    """Everything a brief says, in the order it says it."""

    title: str
    summary: str
    key: tuple[KeyRow, ...]
    plans: tuple[PlanPart, ...]
    events: tuple[EventRow, ...]
    references: tuple[Reference, ...]
    time: dt.datetime  # the document's creation time: see document_time
    note: str = ""  # what a large timeline's table leaves out, as the page says it


def date_text(event: Event) -> str:
    """The event's date as the page's table writes it: ``Tue 18 Mar 2025``, ``Mar 2025``,
    ``about Tue 18 Mar 2025``, ``Mon 17 Mar 2025 to Wed 19 Mar 2025``."""
    dates = [event.date] if event.end is None else [event.date, event.end]
    return " to ".join(date.human() for date in dates)


def document_time(events: Sequence[Event]) -> dt.datetime:
    """The time a brief says it was made: midnight UTC of the latest day any source was
    published (else the latest event's), so the same events give the same file, and the
    document is not dated before what it reports."""
    published = [s.published for e in events for s in e.sources if s.published is not None]
    dates: list[PartialDate] = published or [event.end or event.date for event in events]
    latest = max(date.earliest() for date in dates)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def _source_key(source: Source) -> tuple[str, str, str, str]:
    published = source.published.iso() if source.published else ""
    return (source.outlet.strip(), source.title or "", source.url or "", published)


def _stage_line(stage: StageProgress) -> str:
    if stage.since is None:
        return NOT_STARTED
    last = stage.changes[-1]
    return f"{last.status} on {last.date.human()} ({last.event.title})"


def brief(
    events: Sequence[Event],
    progress: Sequence[StageProgress] = (),
    *,
    title: str | None = None,
    subtitle: str | None = None,
    numbers: bool = True,
) -> Brief:
    """The brief of ``events`` (drawn in the chart) and ``progress`` (its plans' stages).

    A source cited by several events (same outlet, title, link and publication date) is one
    reference, numbered where it is first cited in date order. A large timeline's brief
    lists the events its page's table lists (:mod:`timeline.large_table`), with their
    numbers among all the events, and says so in ``note``. Without ``numbers`` (a chart that
    shows its events' titles instead) the brief has no key.
    """
    everything = numbered(events)
    rows, note = everything, ""
    if len(everything) >= WEBGL_MIN_EVENTS:
        listed = {id(event) for event in table_events([event for _, event in everything])}
        rows = [(number, event) for number, event in everything if id(event) in listed]
        note = table_note(len(everything), len(rows))
    references: dict[tuple[str, str, str, str], Reference] = {}
    table: list[EventRow] = []
    for number, event in rows:
        cited: list[Reference] = []
        for source in event.sources:
            found = references.get(_source_key(source))
            if found is None:
                found = Reference(
                    len(references) + 1,
                    source.outlet,
                    source.title,
                    source.published.human() if source.published else None,
                    source.url,
                )
                references[_source_key(source)] = found
            if found not in cited:
                cited.append(found)
        claims = tuple(f"{claim.by} {claim.stance}: {claim.says}" for claim in event.claims)
        table.append(
            EventRow(
                number,
                date_text(event),
                event.title,
                ", ".join(event.actors),
                event.type,
                event.key,
                event.summary,
                claims,
                event.contested(),
                tuple(cited),
            )
        )
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    parts = tuple(
        PlanPart(
            stages[0].plan.title,
            ", ".join(stages[0].plan.parties),
            tuple((stage.stage.title, _stage_line(stage)) for stage in stages),
        )
        for stages in plans.values()
    )
    return Brief(
        title or DEFAULT_TITLE,
        subtitle or summary_line([event for _, event in everything]),
        tuple(KeyRow(number, date_text(event), event.title) for number, event in rows)
        if numbers
        else (),
        parts,
        tuple(table),
        tuple(references.values()),
        document_time(events),
        note,
    )


def stamp(core: Any, brief: Brief) -> None:
    """Set a Word or PowerPoint file's document properties (python-docx and python-pptx give
    them the same names): the brief's title and summary, the tool as author, and the brief's
    own time (:func:`document_time`), so the same events give the same bytes; the libraries'
    templates would say they were written by the library, years ago."""
    core.title = brief.title
    core.subject = brief.summary
    core.author = "negotiation-timeline"
    core.last_modified_by = "negotiation-timeline"
    core.created = core.modified = core.last_printed = brief.time.replace(tzinfo=None)
    core.revision = 1
