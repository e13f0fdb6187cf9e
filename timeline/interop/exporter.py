"""``timeline export``: the checked events, filtered as ``list`` filters them, as TimelineJS
JSON or CSV, our spreadsheet CSV or JSON; to a file (atomically) or as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from timeline.errors import CannotWrite, NothingToExport, TimelineError
from timeline.interop import EXPORT_FORMATS, table, timelinejs
from timeline.model import Event
from timeline.problems import Problem
from timeline.query import EventFilter, select
from timeline.safefile import atomic_write, check_output
from timeline.validate import load_checked

__all__ = ["Exported", "export", "render"]


@dataclass
class Exported:
    """The exported text, how many events it holds, and the warnings met loading them."""

    text: str
    count: int
    warnings: list[Problem]


def render(
    events: list[Event], format: str, title: str | None = None, raw_csv: bool = False
) -> str:
    """``events`` (already ordered) as text in ``format``. In the CSV formats, cells a
    spreadsheet would run as formulas get a quote in front (:mod:`timeline.csvcells`) unless
    ``raw_csv``."""
    if format == "timelinejs-json":
        return timelinejs.to_json(events, title)
    if format == "timelinejs-csv":
        return timelinejs.to_csv(events, title, raw=raw_csv)
    if format == "csv":
        return table.to_csv(events, raw=raw_csv)
    if format == "json":
        return table.to_json(events)
    raise TimelineError(f"unknown format '{format}': use one of {', '.join(EXPORT_FORMATS)}")


def export(
    root: Path,
    format: str,
    where: EventFilter | None = None,
    output: Path | None = None,
    raw_csv: bool = False,
) -> Exported:
    """Load and check the events under ``root``, keep those ``where`` selects, and render them
    in ``format`` (see :func:`render` for ``raw_csv``); write the text to ``output`` when
    given."""
    if output is not None:
        check_output(output)  # before loading, which can take seconds
    timeline, warnings = load_checked(root)
    events = select(timeline.events, where, timeline.actors)
    if not events and format.startswith("timelinejs"):
        # TimelineJS shows an error page for a timeline without slides.
        raise NothingToExport("no events to export: the filters leave none")
    text = render(events, format, timeline.title, raw_csv)
    if output is not None:
        try:
            atomic_write(output, text)
        except OSError as exc:
            raise CannotWrite(f"{output}: cannot write: {exc.strerror}") from None
    return Exported(text, len(events), warnings)
