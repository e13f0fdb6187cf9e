"""What reading another format gives back, and the rules every reader shares: ids made
from dates and titles, defaults for what the other format does not carry, located problems."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from timeline.choices import DEFAULT_ACTOR
from timeline.errors import ImportFailed
from timeline.ids import event_id, file_safe_id, slugify
from timeline.messages import word_errors
from timeline.model import Event
from timeline.problems import Problem
from timeline.yaml_read import Location, YamlError, parse_yaml

__all__ = [
    "DEFAULT_ACTOR",
    "Defaults",
    "IdMaker",
    "Reading",
    "Reporter",
    "event_id",
    "events_json",
    "json_locator",
    "slugify",
    "validation_message",
]

# TimelineJS and spreadsheets have no actors, and every event needs one: this placeholder
# shows plainly in `list` until someone fills it in (or passes --actor).


@dataclass(frozen=True)
class Defaults:
    """Values for the fields another format does not carry."""

    type: str = "other"
    actors: tuple[str, ...] = (DEFAULT_ACTOR,)


@dataclass
class Reading:
    """The events read from a file, the timeline's title if it has one, and the problems.

    ``rejected`` counts the records that could not become events (each has an error)."""

    events: list[Event] = field(default_factory=list)
    title: str | None = None
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0


class Reporter:
    """Collects problems for one file; ``locate`` turns a path in the data into a place."""

    def __init__(self, shown: str, locate: Callable[[tuple[Any, ...]], Location]) -> None:
        self.shown = shown
        self.locate = locate
        self.problems: list[Problem] = []
        self._unknown: dict[str, tuple[Location, int, str]] = {}

    def error(self, where: tuple[Any, ...], message: str) -> None:
        """Record an error at ``where``."""
        self._add(where, "error", message)

    def warning(self, where: tuple[Any, ...], message: str) -> None:
        """Record a warning at ``where``."""
        self._add(where, "warning", message)

    def unknown(self, name: str, where: tuple[Any, ...], kind: str = "key") -> None:
        """Note a key (or column) outside the format: one warning per name, however often."""
        seen = self._unknown.get(name)
        if seen is None:
            self._unknown[name] = (self.locate(where), 1, kind)
        else:
            self._unknown[name] = (seen[0], seen[1] + 1, kind)

    def finish(self) -> list[Problem]:
        """All problems, sorted, with one warning per unknown key."""
        for name, (location, count, kind) in self._unknown.items():
            times = f" ({count} times)" if count > 1 else ""
            message = f"unknown {kind} '{name}' ignored{times}"
            self.problems.append(
                Problem(self.shown, location.line, location.column, "warning", message)
            )
        self._unknown.clear()
        return sorted(self.problems)

    def _add(self, where: tuple[Any, ...], level: str, message: str) -> None:
        location = self.locate(where)
        self.problems.append(
            Problem(
                self.shown,
                location.line,
                location.column,
                "warning" if level == "warning" else "error",
                message,
            )
        )


class IdMaker:
    """Hands out ids unique within one import: a taken id gets ``-2``, ``-3``..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        """``wanted`` if free, else the first free ``wanted-N``; ``wanted-event`` instead of
        a name Windows reserves (:func:`file_safe_id`)."""
        wanted = file_safe_id(wanted)
        candidate, number = wanted, 2
        while candidate in self._taken:
            candidate, number = f"{wanted}-{number}", number + 1
        self._taken.add(candidate)
        return candidate


def validation_message(exc: ValidationError) -> str:
    """The models' refusal as ``validate`` words it, every error joined by ``; ``."""
    return word_errors(exc.errors(include_url=False))


def events_json(text: str, shown: str, kind: str) -> dict[str, Any]:
    """The JSON object of ``text``, which holds an ``events`` list; :class:`ImportFailed`
    saying where it is not JSON, or that it is not ``kind`` (file ``shown``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{shown}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed(f"{shown}: not {kind}: it needs an 'events' list")
    return data


def json_locator(text: str) -> Callable[[tuple[Any, ...]], Location]:
    """Where each value of a JSON text was written, for messages.

    JSON is YAML, so the YAML reader knows every value's line and column; where it cannot
    read the text (YAML 1.1 and JSON differ in corners), problems point at the start."""
    try:
        document = parse_yaml(text)
    except (YamlError, RecursionError):
        return lambda path: Location(1, 1)
    return document.locate
