"""Where each stage of a plan stands: the statuses the events give it, oldest first.

Domain logic shared by the charts (the plan band, the plan view) and the page's plans
section; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from timeline.query import ordered

if TYPE_CHECKING:
    from timeline.dates import PartialDate
    from timeline.model import Event, Plan, Stage

__all__ = ["NOT_STARTED", "StageChange", "StageProgress", "ordered_progress", "plan_progress"]

# The status of a stage no event has dated yet.
NOT_STARTED = "not started"


@dataclass(frozen=True)
class StageChange:
    """A status a stage took on a date, and the event that says so."""

    date: PartialDate
    status: str
    event: Event

    @property
    def stated(self) -> tuple[tuple[str, str], ...]:
        """``(party, status)`` for each party whose claim on the event states the stage's
        status, when they state it differently (empty when they agree, or none does)."""
        found = tuple((c.by, c.status) for c in self.event.claims if c.status is not None)
        return found if len({status for _, status in found}) > 1 else ()


@dataclass(frozen=True)
class StageProgress:
    """One stage of a plan with its dated status history, oldest first."""

    plan: Plan
    stage: Stage
    number: int  # 1-based position in the plan
    changes: tuple[StageChange, ...]

    @property
    def status(self) -> str:
        """The latest status, or ``not started`` when no event names the stage."""
        return self.changes[-1].status if self.changes else NOT_STARTED

    @property
    def since(self) -> PartialDate | None:
        """When the latest status began."""
        return self.changes[-1].date if self.changes else None


def plan_progress(plan: Plan, events: Iterable[Event]) -> list[StageProgress]:
    """Each stage of ``plan`` in order, with the statuses the events give it over time."""
    return ordered_progress(plan, ordered(events))


def ordered_progress(plan: Plan, events: Iterable[Event]) -> list[StageProgress]:
    """:func:`plan_progress` of events already in timeline order (sorting them again costs
    more than the rest on a large timeline)."""
    history: dict[str, list[StageChange]] = {stage.id: [] for stage in plan.stages}
    for event in events:
        if event.status is None:
            continue
        for reference in event.stages:
            plan_id, _, stage_id = reference.partition("/")
            if plan_id == plan.id and stage_id in history:
                history[stage_id].append(StageChange(event.date, event.status, event))
    return [
        StageProgress(plan, stage, number, tuple(history[stage.id]))
        for number, stage in enumerate(plan.stages, start=1)
    ]
