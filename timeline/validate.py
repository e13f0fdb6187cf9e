"""Checks across records: unique ids, stages that exist, events that cite a source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.errors import InvalidEvents
from timeline.problems import Problem
from timeline.records import EventLike, Origin, PlanLike, TimelineLike

# The models and the YAML reader are imported when files must be parsed: ``review`` answers
# from the parse cache without them.
if TYPE_CHECKING:
    from timeline.model import Timeline

__all__ = ["check", "load_checked", "load_events", "review", "review_checked", "validate"]


def validate(root: Path, *, strict: bool = False) -> tuple[Timeline, list[Problem]]:
    """Load ``root`` and return its records with every problem, sorted (warnings as errors
    when ``strict``)."""
    from timeline.loading import load

    loaded = load(root)
    return loaded.timeline, _all_problems(loaded.timeline, loaded.problems, strict)


def review(root: Path, *, strict: bool = False) -> tuple[TimelineLike, list[Problem]]:
    """As :func:`validate`, for reading only: when every file of ``root`` is in the parse
    cache and unchanged, its records come back as plain read-only records (without loading
    pydantic or the YAML reader); otherwise as :func:`validate` gives them. The problems are
    the same either way."""
    from timeline.cache import load_plain

    plain = load_plain(root)
    if plain is None:
        return validate(root, strict=strict)
    # Only files read without problems are cached: the cross-record checks are all there is.
    return plain, _all_problems(plain, [], strict)


def _all_problems(timeline: TimelineLike, found: list[Problem], strict: bool) -> list[Problem]:
    problems = found + check(timeline)
    if strict:
        problems = [p.as_error() for p in problems]
    return sorted(problems)


def check(timeline: TimelineLike) -> list[Problem]:
    """Problems that only show across records (each record is already valid on its own)."""
    problems: list[Problem] = []
    problems += _duplicates(timeline.events, "event")
    problems += _duplicates(timeline.plans, "plan")
    plans = {plan.id: plan for plan in timeline.plans}
    for plan in timeline.plans:
        problems += _plan_problems(plan)
    for event in timeline.events:
        problems += _event_problems(event, plans)
    return problems


def _at(origin: Origin | None, field: str, level: str, message: str) -> Problem:
    if origin is None:
        return Problem("<memory>", 1, 1, "warning" if level == "warning" else "error", message)
    line, column = origin.field(field)
    return Problem(origin.path, line, column, "warning" if level == "warning" else "error", message)


def _where(origin: Origin | None, field: str) -> str:
    if origin is None:
        return "<memory>"
    line, column = origin.field(field)
    return f"{origin.path}:{line}:{column}"


def _duplicates(records: Sequence[EventLike | PlanLike], kind: str) -> list[Problem]:
    first: dict[str, EventLike | PlanLike] = {}
    problems = []
    for record in records:
        if record.id in first:
            other = first[record.id]
            problems.append(
                _at(
                    record.origin,
                    "id",
                    "error",
                    f"duplicate {kind} id '{record.id}': also at {_where(other.origin, 'id')}",
                )
            )
        else:
            first[record.id] = record
    return problems


def _plan_problems(plan: PlanLike) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for stage in plan.stages:
        if stage.id in seen:
            problems.append(
                _at(plan.origin, "stages", "error", f"duplicate stage id '{stage.id}' in plan")
            )
        seen.add(stage.id)
    if not plan.sources:
        problems.append(_at(plan.origin, "id", "warning", "plan has no source; add sources:"))
    return problems


def _event_problems(event: EventLike, plans: dict[str, PlanLike]) -> list[Problem]:
    problems = []
    origin = event.origin
    if event.stage is not None:
        plan_id, _, stage_id = event.stage.partition("/")
        plan = plans.get(plan_id)
        if plan is None:
            known = ", ".join(sorted(plans)) or "none"
            problems.append(
                _at(origin, "stage", "error", f"stage: no plan '{plan_id}' (plans: {known})")
            )
        elif plan.stage(stage_id) is None:
            stages = ", ".join(stage.id for stage in plan.stages)
            problems.append(
                _at(
                    origin,
                    "stage",
                    "error",
                    f"stage: plan '{plan_id}' has no stage '{stage_id}' (stages: {stages})",
                )
            )
        if event.status is None:
            problems.append(
                _at(
                    origin,
                    "stage",
                    "warning",
                    "stage without status: add status: so the stage's history shows this event",
                )
            )
    elif event.status is not None:
        problems.append(
            _at(
                origin,
                "status",
                "warning",
                f"status '{event.status}' without stage: name the plan stage it applies to "
                "(stage: PLAN-ID/STAGE-ID)",
            )
        )
    if not event.sources:
        problems.append(_at(origin, "id", "warning", "event has no source; add sources:"))
    if len(event.sources) > 1:
        problems += _sources_disagree(event)
    return problems


def _sources_disagree(event: EventLike) -> list[Problem]:
    """A warning for each source whose stated date ("on Monday", counted from the day it was
    published) falls outside the event's date: a second source that disagrees on the day."""
    from timeline.dates import DateError
    from timeline.phrases import resolve

    problems = []
    start, stop = event.date.earliest(), (event.end or event.date).latest()
    for index, source in enumerate(event.sources):
        published = source.published
        if source.date_text is None or published is None or published.day is None:
            continue
        assert published.month is not None
        try:
            said = resolve(
                source.date_text, dt.date(published.year, published.month, published.day)
            )
        except DateError:
            continue  # a description ("Following the call"), not a date phrase
        if said.date.latest() <= start or stop <= said.date.earliest():
            problems.append(
                _at(
                    event.origin,
                    "sources",
                    "warning",
                    f"the sources disagree on the date: {source.outlet}'s "
                    f"'{source.date_text}' is {said.date.human()} (source {index + 1}), "
                    f"the event is dated {event.date.iso()}",
                )
            )
    return problems


def load_checked(root: Path) -> tuple[Timeline, list[Problem]]:
    """Load ``root`` for use: its records and warnings; :class:`InvalidEvents` on any error."""
    timeline, problems = validate(root)
    _raise_errors(problems)
    return timeline, problems


def review_checked(root: Path) -> tuple[TimelineLike, list[Problem]]:
    """As :func:`load_checked`, for reading only (plain records from the cache, see
    :func:`review`)."""
    timeline, problems = review(root)
    _raise_errors(problems)
    return timeline, problems


def _raise_errors(problems: list[Problem]) -> None:
    if any(problem.level == "error" for problem in problems):
        raise InvalidEvents(problems)


def load_events(root: Path | str) -> Timeline:
    """Load and check the events under ``root``; :class:`InvalidEvents` if any has an error."""
    timeline, _warnings = load_checked(Path(root))
    return timeline
