"""The tool's exceptions: one class per condition, each caught once, in the CLI."""

from __future__ import annotations

from pathlib import Path

from timeline.problems import Problem

__all__ = [
    "BriefsUnavailable",
    "BrowserNotFound",
    "CannotAppend",
    "CannotWrite",
    "EventExists",
    "EventsNotFound",
    "ImageFailed",
    "ImagesUnavailable",
    "ImportFailed",
    "InvalidEvents",
    "InvalidInput",
    "InvalidSetting",
    "NoActors",
    "NothingToDraw",
    "NothingToExport",
    "TimelineError",
    "UnknownFilter",
]


class TimelineError(Exception):
    """Base class for errors the user can fix; the CLI prints the message and exits 1."""

    # A folder the failed call had already made (``timeline add`` into a new folder, refused
    # after another add filled it): the disk changed, so the user is told even of a refusal.
    created: Path | None = None


class EventsNotFound(TimelineError):
    """The events path does not exist."""


class EventExists(TimelineError):
    """A new event's file or id is already taken."""


class InvalidEvents(TimelineError):
    """The events have errors; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = sum(p.level == "error" for p in problems)
        noun = "error" if errors == 1 else "errors"
        super().__init__(f"the events have {errors} {noun}; nothing was done")
        self.problems = problems


class InvalidInput(TimelineError):
    """Values given for a new event are invalid; ``messages`` has one ``--flag: ...`` each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class InvalidSetting(TimelineError):
    """An environment variable that sets a limit holds a value that is not one."""


class CannotAppend(TimelineError):
    """A list file cannot take a new event as appended text without changing what it says."""


class NothingToDraw(TimelineError):
    """No events are left to draw (none written, or the filters leave none)."""


class CannotWrite(TimelineError):
    """An output file cannot be written."""


class ImportFailed(TimelineError):
    """A file to import cannot be read in the format it was given or guessed to be in."""


class NothingToExport(TimelineError):
    """A TimelineJS export would have no slides (no events, or the filters leave none)."""


class NoActors(TimelineError):
    """Something needs the events folder's actors.yaml (``--lanes group``), and it has none."""


class UnknownFilter(TimelineError):
    """A filter names a type that does not exist or a track that no event has."""


class ImagesUnavailable(TimelineError):
    """Static images need kaleido, which is not installed."""


class ImageTooShort(TimelineError):
    """An image asked for fewer pixels of height than the chart needs to stay legible."""


class BrowserNotFound(TimelineError):
    """Static images need Chrome or Chromium, and none was found."""


class ImageFailed(TimelineError):
    """The browser could not draw a static image."""


class BriefsUnavailable(TimelineError):
    """python-docx or python-pptx, which write briefs, is not installed."""
