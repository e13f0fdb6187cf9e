"""What reading another format gives back, and the rules every reader shares: ids made
from dates and titles, defaults for what the other format does not carry, located problems."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from timeline.choices import DEFAULT_ACTOR
from timeline.errors import ImportFailed
from timeline.ids import event_id, file_safe_id, slugify
from timeline.messages import word_errors
from timeline.model import Event, Plan
from timeline.problems import Problem
from timeline.yaml_read import Location, YamlError, parse_yaml

__all__ = [
    "DEFAULT_ACTOR",
    "Defaults",
    "IdMaker",
    "JsonError",
    "Reading",
    "Reporter",
    "csv_problem",
    "event_id",
    "events_json",
    "json_locator",
    "kind_of",
    "load_json",
    "read_plans",
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
    plans: list[Plan] = field(default_factory=list)
    # Where each event was read (by id): the line and column, and the record as messages
    # name it ("row 3", "events[2]"), for problems found after reading.
    places: dict[str, tuple[Location, str]] = field(default_factory=dict)


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


# An event with this id would be written to timeline.yaml, the file of the folder's title.
RESERVED_IDS = frozenset({"timeline"})


class IdMaker:
    """Hands out ids unique within one import: a taken id gets ``-2``, ``-3``...; so does
    a reserved one (:data:`RESERVED_IDS`)."""

    def __init__(self) -> None:
        self._taken: set[str] = set(RESERVED_IDS)

    def take(self, wanted: str) -> str:
        """``wanted`` if free, else the first free ``wanted-N``; ``wanted-event`` instead of
        a name Windows reserves (:func:`file_safe_id`)."""
        wanted = file_safe_id(wanted)
        candidate, number = wanted, 2
        while candidate in self._taken:
            candidate, number = f"{wanted}-{number}", number + 1
        self._taken.add(candidate)
        return candidate


def csv_problem(shown: str, exc: Exception, start: int, end: int) -> ImportFailed:
    """The error for CSV text Python's reader refused (it reads in strict mode, so a quote
    left open is an error rather than a cell that swallows the rest of the file); ``start``
    is the line where the broken row begins, ``end`` where the reader stopped."""
    if str(exc) == "unexpected end of data":
        return ImportFailed(
            f"{shown}:{start}: not CSV: a quoted cell of the row on line {start} is never "
            'closed (a " is missing)'
        )
    return ImportFailed(f"{shown}:{end}: not CSV: {exc}")


def kind_of(value: Any) -> str:
    """What a JSON value is, in plain words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def validation_message(exc: ValidationError) -> str:
    """The models' refusal as ``validate`` words it, every error joined by ``; ``."""
    return word_errors(exc.errors(include_url=False))


def read_plans(
    items: Any, reporter: Reporter, where: tuple[Any, ...], label: str, reading: Reading
) -> None:
    """Read the plans in ``items`` (a list of plan objects, as our exports write them) into
    ``reading``; each one that fails its checks is an error, and rejected."""
    if not isinstance(items, list):
        reporter.error(where, f"{label}: expected a list of plans, found {kind_of(items)}")
        reading.rejected += 1
        return
    taken: set[str] = set()
    for index, item in enumerate(items):
        at = (*where, index)
        named = f"{label}[{index}]"
        if not isinstance(item, dict):
            reporter.error(at, f"{named}: expected an object, found {kind_of(item)}")
            reading.rejected += 1
            continue
        try:
            plan = Plan.model_validate(item)
        except ValidationError as exc:
            reporter.error(at, f"{named}: {validation_message(exc)}")
            reading.rejected += 1
            continue
        if plan.id in taken:
            reporter.error(at, f"{named}: plan '{plan.id}' is given twice")
            reading.rejected += 1
            continue
        taken.add(plan.id)
        reading.plans.append(plan)


# Far beyond any export's nesting (TimelineJS nests three levels), and far below the depth
# where Python's JSON reader runs out of stack.
MAX_JSON_DEPTH = 200
# Python refuses to turn longer digit strings into numbers (a guard against slow
# conversions); no date or count needs a fraction of this.
MAX_JSON_DIGITS = sys.get_int_max_str_digits() or 4300
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class JsonError(ValueError):
    """Text that is not JSON (or not JSON this tool reads): what is wrong, and where."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class _BigNumber(Exception):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise _BigNumber(digits)
    return int(digits)


def load_json(text: str) -> Any:
    """The value of the JSON ``text``; :class:`JsonError` with the line and column when it is
    not JSON, nests deeper than :data:`MAX_JSON_DEPTH` or holds a number of more than
    :data:`MAX_JSON_DIGITS` digits (Python's reader would fail on those with no place named)."""
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH:
        _check_depth(text)
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise JsonError(exc.msg, exc.lineno, exc.colno) from None
    except _BigNumber as exc:
        line, column = _line_column(text, max(text.find(exc.digits), 0))
        raise JsonError(
            f"a number of {len(exc.digits.lstrip('-')):,} digits; "
            f"numbers may have at most {MAX_JSON_DIGITS:,}",
            line,
            column,
        ) from None
    except (RecursionError, MemoryError):
        raise JsonError("too large or too deeply nested to read", 1, 1) from None


def _check_depth(text: str) -> None:
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line, column = _line_column(text, match.start())
                raise JsonError(f"nested more than {MAX_JSON_DEPTH} levels deep", line, column)
        elif token in "]}":
            depth -= 1


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def events_json(text: str, shown: str, kind: str) -> dict[str, Any]:
    """The JSON object of ``text``, which holds an ``events`` list; :class:`ImportFailed`
    saying where it is not JSON, or that it is not ``kind`` (file ``shown``)."""
    try:
        data = load_json(text)
    except JsonError as exc:
        raise ImportFailed(f"{shown}:{exc.line}:{exc.column}: not JSON: {exc.message}") from None
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
