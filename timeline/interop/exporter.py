"""``timeline export``: the checked events, filtered as ``list`` filters them, as TimelineJS
JSON or CSV, our spreadsheet CSV or JSON; to a file (atomically) or as text.

The folder's plans go along, so that the events' ``stage:`` references still point somewhere
once imported: in our JSON as a ``plans`` list, in TimelineJS JSON under the top-level
``negotiation_timeline`` key, and with our CSV as a second file, ``NAME.plans.csv`` beside
``-o NAME.csv`` (CSV on standard output has room for one table only: the plans are left out,
with a warning when an event names a stage)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from timeline.errors import CannotWrite, NothingToExport, TimelineError
from timeline.interop import EXPORT_FORMATS, table, timelinejs
from timeline.model import Event, Plan
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
    # The plans' CSV written beside a CSV file, and how many plans it holds.
    plans_path: Path | None = None
    plans: int = 0


def render(
    events: list[Event],
    format: str,
    title: str | None = None,
    raw_csv: bool = False,
    plans: Sequence[Plan] = (),
) -> str:
    """``events`` (already ordered) as text in ``format``, with ``plans`` where the format
    has room for them (our JSON, TimelineJS JSON; for our CSV see :func:`table.plans_to_csv`).
    In the CSV formats, cells a spreadsheet would run as formulas get a quote in front
    (:mod:`timeline.csvcells`) unless ``raw_csv``."""
    if format == "timelinejs-json":
        return timelinejs.to_json(events, title, plans)
    if format == "timelinejs-csv":
        return timelinejs.to_csv(events, title, raw=raw_csv)
    if format == "csv":
        return table.to_csv(events, raw=raw_csv)
    if format == "json":
        return table.to_json(events, plans)
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
    plans = timeline.plans
    text = render(events, format, timeline.title, raw_csv, plans)
    exported = Exported(text, len(events), warnings)
    if format == "csv" and plans:
        if output is None:
            if any(event.stage for event in events):
                message = (
                    "the plans are not exported: CSV on standard output holds the events "
                    "only; export with -o NAME.csv to write NAME.plans.csv beside it"
                )
                exported.warnings = [*warnings, Problem(str(root), 1, 1, "warning", message)]
        else:
            exported.plans_path = table.plans_file(output)
            exported.plans = len(plans)
    if output is not None:
        written = output
        try:
            if exported.plans_path is not None:
                # The plans first: a CSV of events never stands without the plans it names.
                written = exported.plans_path
                check_output(written)
                atomic_write(exported.plans_path, table.plans_to_csv(plans, raw=raw_csv))
            written = output
            atomic_write(output, text)
        except OSError as exc:
            raise CannotWrite(f"{written}: cannot write: {exc.strerror}") from None
    return exported
