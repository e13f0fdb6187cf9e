"""Checks across records: unique ids, stages that exist, events that cite a source."""

from __future__ import annotations

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
    problems += _after_problems(timeline.events)
    return problems


def _after_problems(events: Sequence[EventLike]) -> list[Problem]:
    """``after:`` names an event that exists, has the same date, and does not come after
    this one in turn (a cycle, reported at each of its events with the next one's place)."""
    problems = []
    by_id = {event.id: event for event in events}
    for event in events:
        if event.after is None:
            continue
        target = by_id.get(event.after)
        if event.after == event.id:
            problems.append(_at(event.origin, "after", "error", "after: names the event itself"))
        elif target is None:
            problems.append(_at(event.origin, "after", "error", f"after: no event '{event.after}'"))
        elif target.date != event.date:
            problems.append(
                _at(
                    event.origin,
                    "after",
                    "warning",
                    f"after: '{target.id}' is dated {target.date.iso()}, not "
                    f"{event.date.iso()}; after orders events of the same date only",
                )
            )
    in_cycle: set[str] = set()
    for event in events:
        path = [event.id]
        current = event
        while current.after in by_id and current.after != current.id:
            following = by_id[current.after]
            if following.date != current.date:
                break
            if following.id in path:
                cycle = path[path.index(following.id) :]
                if not in_cycle & set(cycle):
                    in_cycle.update(cycle)
                    problems += _cycle_problems([by_id[i] for i in cycle])
                break
            path.append(following.id)
            current = following
    return problems


def _cycle_problems(cycle: list[EventLike]) -> list[Problem]:
    """An error at each ``after:`` of a cycle, naming the event it follows and where that
    event's own ``after:`` is."""
    names = " → ".join(f"'{event.id}'" for event in [*cycle, cycle[0]])
    problems = []
    for event in cycle:
        target = next(e for e in cycle if e.id == event.after)
        problems.append(
            _at(
                event.origin,
                "after",
                "error",
                f"after: a cycle, {names}: '{target.id}' comes after this event in turn "
                f"(its after: is at {_where(target.origin, 'after')})",
            )
        )
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


def _stage_problems(
    origin: Origin | None, reference: str, plans: dict[str, PlanLike]
) -> list[Problem]:
    """A stage reference names a plan and one of its stages."""
    plan_id, _, stage_id = reference.partition("/")
    plan = plans.get(plan_id)
    if plan is None:
        known = ", ".join(sorted(plans)) or "none"
        return [_at(origin, "stage", "error", f"stage: no plan '{plan_id}' (plans: {known})")]
    if plan.stage(stage_id) is None:
        stages = ", ".join(stage.id for stage in plan.stages)
        message = f"stage: plan '{plan_id}' has no stage '{stage_id}' (stages: {stages})"
        return [_at(origin, "stage", "error", message)]
    return []


def _event_problems(event: EventLike, plans: dict[str, PlanLike]) -> list[Problem]:
    problems = []
    origin = event.origin
    if event.stages:
        for reference in event.stages:
            problems += _stage_problems(origin, reference, plans)
        if len(set(event.stages)) < len(event.stages):
            problems.append(_at(origin, "stage", "error", "stage: the same stage twice"))
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
