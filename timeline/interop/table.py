"""Our own formats outside YAML, which carry every field: a spreadsheet CSV (one row per
event, and the plans in a second CSV, ``NAME.plans.csv`` beside ``NAME.csv``, one row per
plan) and JSON (an ``events:`` list, the shape of a list file, and a ``plans:`` list).

In the CSV, actors and tags are written ``a; b`` (a JSON list when a name holds a ``;``),
``key`` is ``yes`` or empty, sources and claims are JSON lists, and ``place`` is its name (a
JSON object when it has coordinates). A cell that a spreadsheet
would run as a formula is written with a quote in front, which reading takes off again (the
rule is in :mod:`timeline.csvcells`). A ``sources`` cell of
``timeline list --format csv`` (``Outlet https://...; Outlet``) is read too, so that output
can be imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from timeline.csvcells import neutralise_row, restore
from timeline.dates import DateError, PartialDate
from timeline.errors import ImportFailed
from timeline.interop.reading import (
    Defaults,
    IdMaker,
    JsonError,
    Reading,
    Reporter,
    csv_problem,
    event_id,
    events_json,
    json_locator,
    kind_of,
    load_json,
    read_plans,
    validation_message,
)
from timeline.model import Event, Plan
from timeline.yaml_read import Location
from timeline.yaml_write import event_data, plan_data

__all__ = [
    "COLUMNS",
    "PLAN_COLUMNS",
    "plans_file",
    "plans_to_csv",
    "read_csv",
    "read_json",
    "read_plans_csv",
    "to_csv",
    "to_json",
]

COLUMNS = (
    "id",
    "date",
    "end",
    "type",
    "title",
    "actors",
    "track",
    "status",
    "stage",
    "key",
    "tags",
    "summary",
    "sources",
    "claims",
    "place",
)
# The columns of the plans' CSV (NAME.plans.csv).
PLAN_COLUMNS = ("id", "title", "parties", "announced", "stages", "sources")
# Columns of `timeline list --format csv` that are worked out from the others.
_DERIVED = frozenset({"cameo", "file", "line"})
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"", "no", "n", "false", "0"})


class _Rejected(Exception):
    """A row that cannot become an event."""


def to_csv(events: Sequence[Event], raw: bool = False) -> str:
    """The events as our spreadsheet CSV, one row per event, every field kept; cells a
    spreadsheet would take for a formula get a quote in front (:mod:`timeline.csvcells`)
    unless ``raw``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, lineterminator="\r\n"
    )  # RFC 4180; quotes a bare \r too
    writer.writeheader()
    for event in events:
        data = event_data(event)
        row = {
            "id": event.id,
            "date": data["date"],
            "end": data.get("end", ""),
            "type": event.type,
            "title": event.title,
            "actors": _join(event.actors),
            "track": event.track or "",
            "status": event.status or "",
            "stage": event.stage or "",
            "key": "yes" if event.key else "",
            "tags": _join(event.tags),
            "summary": event.summary or "",
            "sources": _json_cell(data.get("sources")),
            "claims": _json_cell(data.get("claims")),
            "place": _place_cell(data.get("place")),
        }
        writer.writerow(row if raw else neutralise_row(row))
    return buffer.getvalue()


def to_json(events: Sequence[Event], plans: Sequence[Plan] = ()) -> str:
    """The events as JSON in the shape of a list file: ``{"events": [...]}``, and the plans
    their stages belong to as ``"plans": [...]`` when there are any."""
    data: dict[str, Any] = {"events": [event_data(event) for event in events]}
    if plans:
        data["plans"] = [plan_data(plan) for plan in plans]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plans_file(path: Path) -> Path:
    """The plans' CSV that goes with the events' CSV ``path``: ``NAME.plans.csv``."""
    return path.with_name(f"{path.stem}.plans.csv")


def plans_to_csv(plans: Sequence[Plan], raw: bool = False) -> str:
    """The plans as CSV, one row per plan; stages and sources as JSON lists."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PLAN_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for plan in plans:
        data = plan_data(plan)
        row = {
            "id": plan.id,
            "title": plan.title,
            "parties": _join(plan.parties),
            "announced": data.get("announced", ""),
            "stages": _json_cell(data.get("stages")),
            "sources": _json_cell(data.get("sources")),
        }
        writer.writerow(row if raw else neutralise_row(row))
    return buffer.getvalue()


def read_plans_csv(text: str, shown: str, reading: Reading) -> None:
    """Read a plans' CSV (:func:`plans_to_csv`) into ``reading``: its plans, and a problem
    for each row that cannot become a plan."""
    reporter = Reporter(shown, lambda path: Location(path[0], 1) if path else Location(1, 1))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: dict[str, int] | None = None
    last_line = 0
    items: list[Any] = []
    lines: list[int] = []
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = {}
                for index, cell in enumerate(record):
                    name = cell.strip().casefold()
                    if name in PLAN_COLUMNS:
                        header.setdefault(name, index)
                    elif name:
                        reporter.unknown(cell.strip(), (first_line,), kind="column")
                continue
            cells = {
                name: restore(record[index]).strip() if index < len(record) else ""
                for name, index in header.items()
            }
            try:
                item: dict[str, Any] = {
                    "id": cells.get("id", ""),
                    "title": cells.get("title", ""),
                    "parties": _split(cells.get("parties", "")),
                    "stages": _list_of_objects(cells.get("stages", ""), "stages"),
                    "sources": _list_of_objects(cells.get("sources", ""), "sources"),
                }
            except _Rejected as exc:
                reporter.error((first_line,), f"plan on line {first_line}: {exc}")
                reading.rejected += 1
                continue
            if cells.get("announced"):
                item["announced"] = cells["announced"]
            items.append(item)
            lines.append(first_line)
    except csv.Error as exc:
        raise csv_problem(shown, exc, last_line + 1, reader.line_num) from None
    # Each plan's problems point at its row.
    by_row = Reporter(shown, lambda path: Location(lines[path[0]], 1) if path else Location(1, 1))
    read_plans(items, by_row, (), "plan", reading)
    reading.problems += reporter.finish() + by_row.finish()


def _join(items: Sequence[str]) -> str:
    joined = "; ".join(items)
    if _split(joined) == list(items):
        return joined
    return json.dumps(list(items), ensure_ascii=False)


def _split(cell: str) -> list[str]:
    if cell.startswith("["):
        try:
            items = load_json(cell)
        except JsonError:
            items = None
        if isinstance(items, list) and all(isinstance(item, str) for item in items):
            return items
    return [part.strip() for part in cell.split(";") if part.strip()]


def _place_cell(place: dict[str, Any] | None) -> str:
    # A place with only a name is its name; one with coordinates, a JSON object.
    if not place:
        return ""
    return place["name"] if set(place) == {"name"} else _json_cell(place)


def _read_place(cell: str) -> Any:
    if not cell.strip():
        return None
    if cell.strip().startswith("{"):
        try:
            return load_json(cell)
        except JsonError as exc:
            raise _Rejected(f"place: not a JSON object: {exc.message}") from None
    return cell.strip()


def _json_cell(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def read_csv(text: str, shown: str, defaults: Defaults) -> Reading:
    """Read our spreadsheet CSV (columns by name; ``date`` and ``title`` are required)."""
    reporter = Reporter(shown, lambda path: Location(path[0], 1) if path else Location(1, 1))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    reading = Reading()
    ids = IdMaker()
    header: dict[str, int] | None = None
    last_line = 0
    row_number = 1
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = _header(record, shown, first_line, reporter)
                continue
            row_number += 1
            # Undo what our export did to cells a spreadsheet would run (csvcells).
            cells = {
                name: restore(record[index]) if index < len(record) else ""
                for name, index in header.items()
            }
            label = f"row {row_number}"
            if cells.get("title", "").strip():
                label += f' "{cells["title"].strip()}"'
            try:
                event = _row_event(cells, defaults, ids)
                reading.events.append(event)
                reading.places[event.id] = (Location(first_line, 1), label)
            except _Rejected as exc:
                reporter.error((first_line,), f"{label}: {exc}")
                reading.rejected += 1
    except csv.Error as exc:
        raise csv_problem(shown, exc, last_line + 1, reader.line_num) from None
    if header is None:
        raise ImportFailed(f"{shown}: empty: the first row must name the columns")
    reading.problems = reporter.finish()
    return reading


def _header(record: list[str], shown: str, line: int, reporter: Reporter) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, cell in enumerate(record):
        name = cell.strip().casefold()
        if name in COLUMNS:
            header.setdefault(name, index)
        elif name and name not in _DERIVED:
            reporter.unknown(cell.strip(), (line,), kind="column")
    missing = [name for name in ("date", "title") if name not in header]
    if missing:
        raise ImportFailed(
            f"{shown}:{line}: the header has no {' or '.join(missing)} column; "
            f"columns are {', '.join(COLUMNS)}"
        )
    return header


def _row_event(cells: dict[str, str], defaults: Defaults, ids: IdMaker) -> Event:
    def cell(name: str) -> str | None:
        value = cells.get(name, "").strip()
        return value or None

    values: dict[str, Any] = {
        "title": cells.get("title", "").strip(),
        "date": cell("date"),
        "end": cell("end"),
        "type": cell("type") or defaults.type,
        "actors": _split(cells.get("actors", "")) or list(defaults.actors),
        "track": cell("track"),
        "status": cell("status"),
        "stage": cell("stage"),
        "key": _yes(cells.get("key", "")),
        "tags": _split(cells.get("tags", "")),
        # The summary keeps its line breaks and inner spacing as written.
        "summary": cells.get("summary") if (cells.get("summary") or "").strip() else None,
        "sources": _sources(cells.get("sources", "")),
        "claims": _list_of_objects(cells.get("claims", ""), "claims"),
        "place": _read_place(cells.get("place", "")),
    }
    values["id"] = ids.take(cell("id") or _generated_id(values))
    try:
        return Event.model_validate(values)
    except ValidationError as exc:
        raise _Rejected(validation_message(exc)) from None


def _generated_id(values: dict[str, Any]) -> str:
    try:
        date = PartialDate.coerce(values["date"])
    except DateError:
        return "event"  # the date's own error rejects the row
    return event_id(date, values["title"])


def _yes(cell: str) -> bool:
    value = cell.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise _Rejected(f"key: '{cell.strip()}' is not yes or no")


def _list_of_objects(cell: str, name: str) -> list[Any]:
    if not cell.strip():
        return []
    try:
        value = load_json(cell)
    except JsonError as exc:
        raise _Rejected(f"{name}: not a JSON list: {exc.message}") from None
    if not isinstance(value, list):
        raise _Rejected(f"{name}: not a JSON list")
    return value


def _sources(cell: str) -> list[Any]:
    if cell.strip().startswith("["):
        return _list_of_objects(cell, "sources")
    # `timeline list --format csv` writes "Outlet https://...; Outlet".
    sources: list[Any] = []
    for part in _split(cell):
        outlet, _, last = part.rpartition(" ")
        if outlet and last.lower().startswith(("http://", "https://")):
            sources.append({"outlet": outlet.strip(), "url": last})
        else:
            sources.append({"outlet": part})
    return sources


def read_json(text: str, shown: str, defaults: Defaults) -> Reading:
    """Read our JSON (``{"events": [...]}``); keys outside the format are warned about and
    dropped, events that fail their checks are rejected one by one."""
    data = events_json(text, shown, "an events file")
    reporter = Reporter(shown, json_locator(text))
    for key in data:
        if key not in ("events", "plans"):
            reporter.unknown(key, (key,))
    reading = Reading()
    if "plans" in data:
        read_plans(data["plans"], reporter, ("plans",), "plans", reading)
    ids = IdMaker()
    fields = set(Event.model_fields)
    for index, item in enumerate(data["events"]):
        where = ("events", index)
        label = f"events[{index}]"
        if not isinstance(item, dict):
            reporter.error(where, f"{label}: expected an object, found {kind_of(item)}")
            reading.rejected += 1
            continue
        values = {}
        for key, value in item.items():
            if key in fields:
                values[key] = value
            else:
                reporter.unknown(f"events[].{key}", (*where, key))
        values.setdefault("type", defaults.type)
        values.setdefault("actors", list(defaults.actors))
        if "id" not in values:
            values["id"] = _generated_id(values) if "title" in values else "event"
        if isinstance(values["id"], (str, int)) and not isinstance(values["id"], bool):
            values["id"] = ids.take(str(values["id"]))
        try:
            event = Event.model_validate(values)
        except ValidationError as exc:
            reporter.error(where, f"{label}: {validation_message(exc)}")
            reading.rejected += 1
            continue
        reading.events.append(event)
        reading.places[event.id] = (reporter.locate(where), label)
    reading.problems = reporter.finish()
    return reading
