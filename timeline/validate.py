"""Checks across records: unique ids, stages that exist, events that cite a source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.actors import actor_problems, read_actors
from timeline.errors import InvalidEvents
from timeline.problems import Problem
from timeline.records import (
    EventLike,
    Origin,
    PlainTimeline,
    PlanLike,
    TimelineLike,
    Unchecked,
    stage_refs,
)

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
    found = loaded.problems + _read_actors(root, loaded.timeline, loaded.unchecked)
    problems = _all_problems(loaded.timeline, found, strict, loaded.unchecked)
    return loaded.timeline, problems


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
    return plain, _all_problems(plain, _read_actors(root, plain), strict)


def _read_actors(
    root: Path, timeline: Timeline | PlainTimeline, unchecked: Sequence[Unchecked] = ()
) -> list[Problem]:
    """Read ``root``'s actors.yaml into ``timeline.actors``: its own problems, and a warning
    for each actor of an event (with errors of its own or not) that it does not name as
    written."""
    index, problems = read_actors(root)
    timeline.actors = index
    events = [*timeline.events, *(record for record in unchecked if record.kind == "event")]
    return problems + actor_problems(events, index)


def _all_problems(
    timeline: TimelineLike,
    found: list[Problem],
    strict: bool,
    unchecked: Sequence[Unchecked] = (),
) -> list[Problem]:
    problems = found + check(timeline, unchecked)
    if strict:
        problems = [p.as_error() for p in problems]
    return sorted(problems)


def check(timeline: TimelineLike, unchecked: Sequence[Unchecked] = ()) -> list[Problem]:
    """Problems that only show across records (each record is already valid on its own).

    ``unchecked`` are the records with errors of their own: what is valid in them is checked
    too (their ids, the stages they name, their sources), so that one mistake does not hide
    another.
    """
    events: list[EventLike | Unchecked] = list(timeline.events)
    plans: list[PlanLike | Unchecked] = list(timeline.plans)
    for record in unchecked:
        (events if record.kind == "event" else plans).append(record)
    if unchecked:
        # In the order of the files, as they were read.
        events.sort(key=_place)
        plans.sort(key=_place)
    problems: list[Problem] = []
    problems += _duplicates(events, "event")
    problems += _duplicates(plans, "plan")
    stages = {plan.id: _stage_ids(plan) for plan in plans if plan.id is not None}
    for plan in timeline.plans:
        problems += _plan_problems(plan)
    for record in unchecked:
        if record.kind == "plan" and not record.has_sources:
            problems.append(_source_missing(record.origin, "plan"))
    for event in events:
        problems += _event_problems(event, stages)
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


def _place(record: EventLike | PlanLike | Unchecked) -> tuple[str, int, int]:
    origin = record.origin
    return ("", 0, 0) if origin is None else (origin.path, origin.line, origin.column)


def _stage_ids(plan: PlanLike | Unchecked) -> tuple[str, ...]:
    if isinstance(plan, Unchecked):
        return plan.stages
    return tuple(stage.id for stage in plan.stages)


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


def _duplicates(records: Sequence[EventLike | PlanLike | Unchecked], kind: str) -> list[Problem]:
    first: dict[str, EventLike | PlanLike | Unchecked] = {}
    problems = []
    for record in records:
        if record.id is None:
            continue
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
        problems.append(_source_missing(plan.origin, "plan"))
    return problems


def _source_missing(origin: Origin | None, kind: str) -> Problem:
    return _at(origin, "id", "warning", f"{kind} has no source; add sources:")


def _stage_problems(
    origin: Origin | None, reference: str, plans: dict[str, tuple[str, ...]]
) -> list[Problem]:
    """A stage reference names a plan and one of its stages."""
    plan_id, _, stage_id = reference.partition("/")
    plan = plans.get(plan_id)
    if plan is None:
        known = ", ".join(sorted(plans)) or "none"
        return [_at(origin, "stage", "error", f"stage: no plan '{plan_id}' (plans: {known})")]
    if stage_id not in plan:
        message = f"stage: plan '{plan_id}' has no stage '{stage_id}' (stages: {', '.join(plan)})"
        return [_at(origin, "stage", "error", message)]
    return []


def _event_problems(
    event: EventLike | Unchecked, plans: dict[str, tuple[str, ...]]
) -> list[Problem]:
    problems = []
    origin = event.origin
    references = stage_refs(event.stage) if isinstance(event, Unchecked) else event.stages
    if references:
        for reference in references:
            problems += _stage_problems(origin, reference, plans)
        if len(set(references)) < len(references):
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
    cited = event.has_sources if isinstance(event, Unchecked) else bool(event.sources)
    if not cited:
        problems.append(_source_missing(origin, "event"))
    if not isinstance(event, Unchecked) and len(event.sources) > 1:
        problems += _sources_disagree(event)
    return problems


def _sources_disagree(event: EventLike) -> list[Problem]:
    """A warning for each source whose stated date ("on Monday", counted from the day it was
    published) falls outside the event's date: a second source that disagrees on the day."""
    from timeline.dates import DateError

    problems = []
    start, stop = event.date.earliest(), (event.end or event.date).latest()
    for index, source in enumerate(event.sources):
        published = source.published
        if source.date_text is None or published is None or published.day is None:
            continue
        assert published.month is not None
        # Imported only for a stated date: most sources state none, and the phrase reader
        # (with dateutil) is the slowest import of a cached ``validate``.
        from timeline.phrases import resolve

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
