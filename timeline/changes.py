"""What changed in a timeline since a reference: events added, removed and changed field by
field, plan stages whose status moved, new sources on events that were already there.

The reference is a git revision of the events folder (read with git itself: ``git ls-tree``
and ``git cat-file``, no checkout, nothing in the working tree touched), or a day, by the
sources' publication dates: ``since 2025-03-24`` compares the timeline as of the end of
23 March (:mod:`timeline.as_of`) with the timeline now, so what was published on the 24th is
new. A reference of the form ``YYYY-MM-DD`` is a day; anything else is a git revision.

The changes come as records (:class:`Changes`) and as text, Markdown or JSON; nothing here
prints.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from timeline.as_of import as_of, as_of_day
from timeline.dates import PartialDate
from timeline.errors import InvalidEvents, TimelineError
from timeline.files import SUFFIXES
from timeline.model import Claim, Event, Plan, Source, Timeline, TimelineSettings
from timeline.problems import Problem
from timeline.progress import ordered_progress
from timeline.query import ordered
from timeline.visible import visible

__all__ = [
    "ChangeFormat",
    "Changes",
    "EventChange",
    "FieldChange",
    "StageMove",
    "changes_since",
    "compare",
    "format_changes",
    "is_day",
    "timeline_at",
]

ChangeFormat = Literal["text", "markdown", "json"]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The fields compared, in the order a reader meets them in an event file.
_FIELDS = (
    "title",
    "date",
    "end",
    "type",
    "actors",
    "track",
    "stage",
    "status",
    "summary",
    "claims",
    "tags",
    "key",
)
NONE = "none"


class GitError(TimelineError):
    """git could not read the events folder at a revision."""


@dataclass(frozen=True)
class FieldChange:
    """One field of an event, before and after, as text: ``date 2025-03 → 2025-03-11``."""

    field: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.field} {self.before} → {self.after}"


@dataclass(frozen=True)
class EventChange:
    """An event added, removed or changed, with its changed fields and new sources."""

    kind: Literal["added", "removed", "changed"]
    id: str
    title: str
    date: str
    fields: tuple[FieldChange, ...] = ()
    new_sources: tuple[str, ...] = ()
    removed_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageMove:
    """A plan stage whose status is not what it was."""

    plan: str
    stage: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Changes:
    """Everything that changed since ``since``."""

    since: str
    events: tuple[EventChange, ...] = ()
    stages: tuple[StageMove, ...] = ()
    warnings: list[Problem] = field(default_factory=list)

    def marks(self) -> dict[str, str]:
        """Each added or changed event's id, with ``new`` or ``changed``: what a chart marks."""
        return {
            change.id: "new" if change.kind == "added" else "changed"
            for change in self.events
            if change.kind != "removed"
        }

    def counts(self) -> dict[str, int]:
        """How many events were added, removed and changed, and how many stages moved."""
        kinds = [change.kind for change in self.events]
        return {
            "added": kinds.count("added"),
            "removed": kinds.count("removed"),
            "changed": kinds.count("changed"),
            "stages": len(self.stages),
        }


def _value(name: str, value: Any) -> str:
    if value is None:
        return NONE
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "claims":
        return "; ".join(_claim(claim) for claim in value) or NONE
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or NONE
    return str(value)


def _claim(claim: Claim) -> str:
    return f"{claim.by} {claim.stance}: {claim.says}"


def _source(source: Source) -> str:
    parts = [source.outlet]
    if source.published is not None:
        parts.append(source.published.iso())
    if source.title:
        parts.append(source.title)
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def _field_changes(before: Event, after: Event) -> tuple[FieldChange, ...]:
    changed = []
    for name in _FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changed.append(FieldChange(name, _value(name, old), _value(name, new)))
    return tuple(changed)


def _sources_diff(before: Event, after: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
    old = [_source(source) for source in before.sources]
    new = [_source(source) for source in after.sources]
    return (
        tuple(text for text in new if text not in old),
        tuple(text for text in old if text not in new),
    )


def compare(before: Timeline, after: Timeline, since: str) -> Changes:
    """The changes from ``before`` to ``after``: events in timeline order (removed ones where
    they were), then the stages whose status moved, plan by plan."""
    old = {event.id: event for event in before.events}
    new = {event.id: event for event in after.events}
    found: list[tuple[Event, EventChange]] = []
    for event in after.events:
        if event.id not in old:
            found.append((event, _change("added", event)))
            continue
        fields = _field_changes(old[event.id], event)
        added, removed = _sources_diff(old[event.id], event)
        if fields or added or removed:
            found.append((event, _change("changed", event, fields, added, removed)))
    for event in before.events:
        if event.id not in new:
            found.append((event, _change("removed", event)))
    by_event = {id(event): change for event, change in found}
    events = tuple(by_event[id(event)] for event in ordered(event for event, _ in found))
    return Changes(since, events, _stage_moves(before, after))


def _change(
    kind: Literal["added", "removed", "changed"],
    event: Event,
    fields: tuple[FieldChange, ...] = (),
    new_sources: tuple[str, ...] = (),
    removed_sources: tuple[str, ...] = (),
) -> EventChange:
    return EventChange(
        kind, event.id, event.title, event.date.iso(), fields, new_sources, removed_sources
    )


def _stage_moves(before: Timeline, after: Timeline) -> tuple[StageMove, ...]:
    old_plans = {plan.id: plan for plan in before.plans}
    old_events, new_events = ordered(before.events), ordered(after.events)
    moves = []
    for plan in after.plans:
        old_status = {
            stage.stage.id: stage.status
            for stage in ordered_progress(old_plans.get(plan.id, plan), old_events)
        }
        for stage in ordered_progress(plan, new_events):
            before_status = old_status.get(stage.stage.id, "none")
            if before_status != stage.status:
                moves.append(
                    StageMove(
                        plan.id, stage.stage.id, stage.stage.title, before_status, stage.status
                    )
                )
    return tuple(moves)


def is_day(reference: str) -> bool:
    """Whether ``reference`` names a day (``YYYY-MM-DD``) rather than a git revision."""
    return _DAY.fullmatch(reference) is not None


def changes_since(root: Path | None, timeline: Timeline, reference: str) -> Changes:
    """What changed in ``timeline`` (read from ``root``) since ``reference``: a day, by the
    sources' publication dates, or a git revision of ``root`` (:class:`ValueError` without
    one)."""
    if is_day(reference):
        try:
            day = as_of_day(reference)
        except ValueError as exc:
            raise TimelineError(f"--since {reference}: {exc}") from None
        before = as_of(timeline, _day_before(day))
        return compare(before.timeline, timeline, reference)
    if root is None:
        raise ValueError(
            f"{reference!r} is not a day (YYYY-MM-DD); a git revision needs the events folder"
        )
    return compare(timeline_at(root, reference), timeline, reference)


def _day_before(day: PartialDate) -> PartialDate:
    previous = dt.date(day.year, day.month or 1, day.day or 1) - dt.timedelta(days=1)
    return PartialDate.parse(previous.isoformat())


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed; --since REF needs git, or a date") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {reason[-1] if reason else 'failed'}")
    return done.stdout


def timeline_at(root: Path, revision: str) -> Timeline:
    """The events folder ``root`` as it was at git ``revision``, read with ``git ls-tree``
    and ``git cat-file`` (no checkout). :class:`GitError` when git cannot read it;
    :class:`InvalidEvents` when a file had an error then (named ``REVISION:path``)."""
    from timeline.parsing import parse_bytes

    folder = root if root.is_dir() else root.parent
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a git revision")
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    sha = commit.decode().strip()
    prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    target = prefix + (root.name if root.is_file() else "")
    listing = _git(folder, "ls-tree", "-r", "-z", "--full-tree", sha, "--", target or ".")
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        _mode, kind, blob = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        relative = path[len(prefix) :]
        hidden = any(part.startswith(".") for part in relative.split("/"))
        if kind == "blob" and path.lower().endswith(SUFFIXES) and not hidden:
            blobs.append((path, blob))
    contents = _cat_blobs(folder, [blob for _, blob in blobs])
    events: list[Event] = []
    plans: list[Plan] = []
    problems: list[Problem] = []
    settings: list[tuple[str, TimelineSettings]] = []
    for (path, _), raw in zip(sorted(blobs), contents, strict=True):
        stem = Path(path).stem
        found_events, found_plans, found = parse_bytes(f"{revision}:{path}", stem, raw, settings)
        events.extend(found_events)
        plans.extend(found_plans)
        problems.extend(found)
    errors = [problem for problem in problems if problem.level == "error"]
    if errors:
        raise InvalidEvents(errors)
    return Timeline(events, plans, settings[0][1].title if settings else None)


def _cat_blobs(folder: Path, blobs: Sequence[str]) -> list[bytes]:
    """The contents of ``blobs``, in one ``git cat-file --batch``."""
    if not blobs:
        return []
    out = _git(folder, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    contents = []
    position = 0
    for _ in blobs:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1
    return contents


# Output ------------------------------------------------------------------------------------


def format_changes(changes: Changes, format: ChangeFormat = "text") -> str:
    """The changes as a terminal listing, Markdown (for a briefing email) or JSON."""
    if format == "json":
        return _json(changes)
    if format == "markdown":
        return _markdown(changes)
    return _text(changes)


def _summary(changes: Changes) -> str:
    counts = changes.counts()
    plural = "" if counts["stages"] == 1 else "s"
    return (
        f"since {changes.since}: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed; {counts['stages']} plan stage{plural} moved"
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text(changes: Changes) -> str:
    # What the records say is shown with its invisible characters escaped (timeline.visible):
    # a line break or a bidirectional control in a title must not rewrite the listing.
    lines = []
    for change in changes.events:
        lines.append(f"{change.kind:<8} {change.date:<12} {change.title} [{change.id}]")
        for moved in change.fields:
            lines.append(f"{'':22}{moved}")
        for source in change.new_sources:
            lines.append(f"{'':22}new source: {source}")
        for source in change.removed_sources:
            lines.append(f"{'':22}source removed: {source}")
    for stage in changes.stages:
        lines.append(
            f"{'stage':<8} {stage.plan}/{stage.stage}: {stage.title}: "
            f"{stage.before} → {stage.after}"
        )
    lines.append(_sentence(_summary(changes)))
    return "".join(f"{visible(line)}\n" for line in lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Record text as Markdown text: on one line, its markup characters and invisible
    characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))


def _markdown(changes: Changes) -> str:
    lines = [f"## Changes since {_md(changes.since)}", ""]
    sections = (
        ("added", "New events"),
        ("changed", "Changed events"),
        ("removed", "Removed events"),
    )
    for kind, heading in sections:
        listed = [change for change in changes.events if change.kind == kind]
        if not listed:
            continue
        lines += [f"### {heading}", ""]
        for change in listed:
            lines.append(f"- **{_md(change.title)}** ({_md(change.date)})")
            for moved in change.fields:
                lines.append(f"    - {_md(moved.field)}: {_md(moved.before)} → {_md(moved.after)}")
            for source in change.new_sources:
                lines.append(f"    - new source: {_md(source)}")
            for source in change.removed_sources:
                lines.append(f"    - source removed: {_md(source)}")
        lines.append("")
    if changes.stages:
        lines += ["### Plan stages", ""]
        for stage in changes.stages:
            lines.append(f"- {_md(stage.title)}: {_md(stage.before)} → {_md(stage.after)}")
        lines.append("")
    lines.append(_md(_sentence(_summary(changes))) + ".")
    return "\n".join(lines) + "\n"


def _json(changes: Changes) -> str:
    data = {
        "since": changes.since,
        "counts": changes.counts(),
        "events": [
            {
                "change": change.kind,
                "id": change.id,
                "title": change.title,
                "date": change.date,
                "fields": [
                    {"field": moved.field, "before": moved.before, "after": moved.after}
                    for moved in change.fields
                ],
                "new_sources": list(change.new_sources),
                "removed_sources": list(change.removed_sources),
            }
            for change in changes.events
        ],
        "stages": [
            {
                "plan": stage.plan,
                "stage": stage.stage,
                "title": stage.title,
                "before": stage.before,
                "after": stage.after,
            }
            for stage in changes.stages
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
