"""The tool's exceptions: one class per condition, each caught once, in the CLI."""

from __future__ import annotations

from timeline.problems import Problem

__all__ = ["EventExists", "EventsNotFound", "InvalidEvents", "TimelineError"]


class TimelineError(Exception):
    """Base class for errors the user can fix; the CLI prints the message and exits 1."""


class EventsNotFound(TimelineError):
    """The events path does not exist."""


class EventExists(TimelineError):
    """A new event's file or id is already taken."""


class InvalidEvents(TimelineError):
    """The events have errors; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = sum(p.level == "error" for p in problems)
        super().__init__(f"{errors} error(s) in the events; run 'timeline validate' for details")
        self.problems = problems
