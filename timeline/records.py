"""What reading a record needs, without pydantic: where a record was written, the shape that
the filters, checks and list formats read, and read-only records made from plain data.

The models of :mod:`timeline.model` check what is written in event files. A command that
only reads records (``list``, ``validate``) can take them from the parse cache instead, as
plain data (the models' JSON dump); :class:`PlainEvent` and :class:`PlainPlan` answer the
same questions as the models from that data, so :mod:`timeline.query`,
:mod:`timeline.listing` and :func:`timeline.validate.check` have one implementation that
serves both (they accept :class:`EventLike` / :class:`PlanLike`). Importing this module does
not import pydantic.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from timeline.actors import ActorIndex
from timeline.dates import PartialDate
from timeline.vocabulary import CAMEO

__all__ = [
    "EventLike",
    "Origin",
    "PlainEvent",
    "PlainPlan",
    "PlainTimeline",
    "PlanLike",
    "SourceLike",
    "StageLike",
    "TimelineLike",
    "Unchecked",
    "stage_refs",
]


def stage_refs(stage: str | Sequence[str] | None) -> tuple[str, ...]:
    """A ``stage:`` value, one PLAN-ID/STAGE-ID or a list of them, as a tuple."""
    if stage is None:
        return ()
    if isinstance(stage, str):
        return (stage,)
    return tuple(stage)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was written: a file, and the line and column of each of its fields."""

    path: str
    line: int
    column: int
    fields: tuple[tuple[str, int, int], ...] = ()

    def field(self, name: str) -> tuple[int, int]:
        """The line and column of field ``name``, or of the record when it is not written."""
        for field_name, line, column in self.fields:
            if field_name == name:
                return line, column
        return self.line, self.column


@dataclass(frozen=True, slots=True)
class Unchecked:
    """What can still be checked across files of a record that has errors of its own.

    A record with a bad field is not loaded, but its other fields still count: its id for
    duplicates, its stage for the plan it names, whether it cites a source, its actors for
    actors.yaml, and a plan's stage ids for the events that name them. ``None`` where the
    field itself is in error.
    """

    kind: Literal["event", "plan"]
    id: str | None
    origin: Origin
    stage: str | None = None
    status: str | None = None
    has_sources: bool = True
    stages: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


# The protocols list what the filters, checks and formats read; the models and the plain
# records both have it. Read-only properties, so that a model's list[Source] fits a
# Sequence[SourceLike].


class SourceLike(Protocol):
    """A source as the list formats read it."""

    @property
    def outlet(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def published(self) -> PartialDate | None: ...
    @property
    def date_text(self) -> str | None: ...


class StageLike(Protocol):
    """A plan stage as the checks read it."""

    @property
    def id(self) -> str: ...


class EventLike(Protocol):
    """An event as the filters, checks and list formats read it."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> PartialDate: ...
    @property
    def end(self) -> PartialDate | None: ...
    @property
    def type(self) -> str: ...
    @property
    def actors(self) -> Sequence[str]: ...
    @property
    def track(self) -> str | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def stage(self) -> str | Sequence[str] | None: ...
    @property
    def stages(self) -> tuple[str, ...]: ...
    @property
    def sources(self) -> Sequence[SourceLike]: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def key(self) -> bool: ...
    @property
    def after(self) -> str | None: ...
    @property
    def origin(self) -> Origin | None: ...
    @property
    def cameo(self) -> str | None: ...

    def sort_key(self) -> tuple[Any, ...]:
        """Timeline order: earliest instant, then finer precision, then id."""
        ...

    def model_dump(self, *, mode: Literal["json"], exclude_none: Literal[True]) -> dict[str, Any]:
        """The event's fields as JSON data, without the unset ones (as the models dump)."""
        ...


class PlanLike(Protocol):
    """A plan as the checks read it."""

    @property
    def id(self) -> str: ...
    @property
    def stages(self) -> Sequence[StageLike]: ...
    @property
    def sources(self) -> Sequence[SourceLike]: ...
    @property
    def origin(self) -> Origin | None: ...

    def stage(self, stage_id: str) -> StageLike | None:
        """The stage with this id, if the plan has one."""
        ...


class TimelineLike(Protocol):
    """The records of a folder as the checks read them."""

    @property
    def events(self) -> Sequence[EventLike]: ...
    @property
    def plans(self) -> Sequence[PlanLike]: ...
    @property
    def actors(self) -> ActorIndex: ...


def _date(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.coerce(value)


class PlainSource:
    """A source read from plain data."""

    __slots__ = ("date_text", "outlet", "published", "quote", "title", "url")

    def __init__(self, data: dict[str, Any]) -> None:
        self.outlet: str = data["outlet"]
        self.title: str | None = data.get("title")
        self.url: str | None = data.get("url")
        self.published = _date(data.get("published"))
        self.quote: str | None = data.get("quote")
        self.date_text: str | None = data.get("date_text")


class PlainPlace:
    """A place read from plain data."""

    __slots__ = ("lat", "lon", "name")

    def __init__(self, data: dict[str, Any]) -> None:
        self.name: str = data["name"]
        self.lat: float | None = data.get("lat")
        self.lon: float | None = data.get("lon")

    def text(self) -> str:
        """The place as shown: "Riyadh", or "Riyadh (24.7136, 46.6753)"."""
        if self.lat is None or self.lon is None:
            return self.name
        return f"{self.name} ({self.lat:g}, {self.lon:g})"


class PlainClaim:
    """A claim read from plain data."""

    __slots__ = ("by", "says", "stance", "status")

    def __init__(self, data: dict[str, Any]) -> None:
        self.by: str = data["by"]
        self.says: str = data["says"]
        self.stance: str = data["stance"]
        self.status: str | None = data.get("status")


class PlainStage:
    """A plan stage read from plain data."""

    __slots__ = ("duration", "id", "scope", "title")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.scope: str | None = data.get("scope")
        self.duration: str | None = data.get("duration")


class PlainEvent:
    """A read-only event made from an :class:`~timeline.model.Event`'s JSON dump (as the
    parse cache keeps it), with the model's attributes and the methods the filters, checks
    and list formats call."""

    __slots__ = (
        "_data",
        "actors",
        "after",
        "claims",
        "date",
        "end",
        "id",
        "key",
        "origin",
        "place",
        "sources",
        "stage",
        "status",
        "summary",
        "tags",
        "title",
        "track",
        "type",
    )

    def __init__(self, data: dict[str, Any], origin: Origin | None = None) -> None:
        self._data = data
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.date: PartialDate = PartialDate.coerce(data["date"])
        self.end = _date(data.get("end"))
        self.type: str = data["type"]
        self.actors: list[str] = list(data["actors"])
        self.track: str | None = data.get("track")
        self.summary: str | None = data.get("summary")
        self.status: str | None = data.get("status")
        self.stage: str | list[str] | None = data.get("stage")
        self.sources = [PlainSource(item) for item in data.get("sources", ())]
        self.claims = [PlainClaim(item) for item in data.get("claims", ())]
        self.tags: list[str] = list(data.get("tags", ()))
        self.key: bool = data.get("key", False)
        place = data.get("place")
        self.place = PlainPlace(place) if place is not None else None
        self.after: str | None = data.get("after")
        self.origin = origin

    @property
    def cameo(self) -> str | None:
        """The CAMEO code of the event's type."""
        return CAMEO[self.type]

    def sort_key(self) -> tuple[Any, ...]:
        """Timeline order: earliest instant, then finer precision, then id. An event known
        only to the month sorts before the days of that month."""
        return (*self.date.sort_key(), self.id)

    @property
    def stages(self) -> tuple[str, ...]:
        """Every stage the event moves (``stage:`` one or a list), in the order written."""
        return stage_refs(self.stage)

    def model_dump(
        self, *, mode: Literal["json"] = "json", exclude_none: Literal[True] = True
    ) -> dict[str, Any]:
        """The data the event was made from: what ``Event.model_dump(mode="json",
        exclude_none=True)`` gives (a copy; the only form the parse cache keeps)."""
        return copy.deepcopy(self._data)


class PlainPlan:
    """A read-only plan made from a :class:`~timeline.model.Plan`'s JSON dump."""

    __slots__ = ("announced", "id", "origin", "parties", "sources", "stages", "title")

    def __init__(self, data: dict[str, Any], origin: Origin | None = None) -> None:
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.parties: list[str] = list(data["parties"])
        self.announced = _date(data.get("announced"))
        self.stages = [PlainStage(item) for item in data["stages"]]
        self.sources = [PlainSource(item) for item in data.get("sources", ())]
        self.origin = origin

    def stage(self, stage_id: str) -> PlainStage | None:
        """The stage with this id, if the plan has one."""
        return next((stage for stage in self.stages if stage.id == stage_id), None)


@dataclass
class PlainTimeline:
    """Plain records of a folder, in the order its files are read."""

    events: list[PlainEvent] = field(default_factory=list)
    plans: list[PlainPlan] = field(default_factory=list)
    title: str | None = None
    actors: ActorIndex = field(default_factory=ActorIndex)
