"""The event list as a terminal table, JSON or CSV (the output of ``timeline list``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from timeline.csvcells import neutralise_row
from timeline.records import EventLike
from timeline.visible import visible

__all__ = ["LIST_FORMATS", "event_record", "format_events"]

LIST_FORMATS = ("table", "json", "csv")
CSV_COLUMNS = (
    "id",
    "date",
    "end",
    "type",
    "cameo",
    "title",
    "actors",
    "track",
    "status",
    "stage",
    "key",
    "tags",
    "summary",
    "sources",
    "file",
    "line",
)


def event_record(event: EventLike) -> dict[str, Any]:
    """The event as JSON-ready data: its YAML fields, dates as written, plus cameo and origin."""
    record = event.model_dump(mode="json", exclude_none=True)
    record["cameo"] = event.cameo
    origin = event.origin
    record["file"] = origin.path if origin else None
    record["line"] = origin.line if origin else None
    return record


def format_events(
    events: Sequence[EventLike], style: str = "table", width: int = 100, raw_csv: bool = False
) -> str:
    """Render events (already ordered) as ``table``, ``json`` or ``csv`` text. CSV cells a
    spreadsheet would run as formulas get a quote in front (:mod:`timeline.csvcells`) unless
    ``raw_csv``."""
    if style == "json":
        return json.dumps([event_record(e) for e in events], ensure_ascii=False, indent=2) + "\n"
    if style == "csv":
        return _csv(events, raw_csv)
    return _table(events, width)


def _csv(events: Sequence[EventLike], raw: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        origin = event.origin
        row = {
            "id": event.id,
            "date": event.date.iso(),
            "end": event.end.iso() if event.end else "",
            "type": event.type,
            "cameo": event.cameo or "",
            "title": event.title,
            "actors": "; ".join(event.actors),
            "track": event.track or "",
            "status": event.status or "",
            "stage": "; ".join(event.stages),
            "key": "yes" if event.key else "",
            "tags": "; ".join(event.tags),
            "summary": event.summary or "",
            "sources": "; ".join(" ".join(filter(None, (s.outlet, s.url))) for s in event.sources),
            "file": origin.path if origin else "",
            "line": origin.line if origin else "",
        }
        writer.writerow(row if raw else neutralise_row(row))
    return buffer.getvalue()


def _table(events: Sequence[EventLike], width: int) -> str:
    # rich is imported here so the JSON and CSV paths stay as light as possible.
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Actors", ratio=1)
    table.add_column("Title", ratio=2)
    for event in events:
        when = event.date.human()
        if event.end is not None:
            when += f" to {event.end.human()}"
        # As Text, so that what the user wrote shows as written: a plain string would be
        # read as rich markup ("[draft]" dropped) and emoji codes (":flag_ua:"). Invisible
        # characters are shown escaped: a bidirectional override would reorder the line.
        table.add_row(
            Text(when),
            Text(event.type),
            Text(visible(", ".join(event.actors))),
            Text(visible(event.title)),
        )
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    console.print(table)
    console.print(f"{len(events)} event{'s' if len(events) != 1 else ''}")
    return buffer.getvalue()
