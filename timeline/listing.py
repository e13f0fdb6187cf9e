"""The event list as a terminal table, JSON or CSV (the output of ``timeline list``)."""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Sequence
from typing import Any

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
    # Imported here: the table, the default, needs neither.
    import csv

    from timeline.csvcells import neutralise_row

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


# The table's columns: header, and whether its cells wrap (Actors and Title) or stay on one
# line (Date and Type).
_COLUMNS = (("Date", False), ("Type", False), ("Actors", True), ("Title", True))
# Cells whose every character takes one terminal cell, as rich measures them: the ranges
# rich itself counts one cell each without looking them up (Latin, Greek, Cyrillic, box
# drawing), and the dashes, quotes and ellipsis of news text (a test checks them with rich).
_PLAIN_CELL = re.compile(
    "[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e"
    "\u2500-\u25fc\u2800-\u28ff]*"
)
# What rich takes as a word when it wraps: the word and the spaces after it.
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def _table(events: Sequence[EventLike], width: int) -> str:
    rows = []
    for event in events:
        when = event.date.human()
        if event.end is not None:
            when += f" to {event.end.human()}"
        # Invisible characters are shown escaped: a bidirectional override would reorder
        # the line.
        rows.append((when, event.type, visible(", ".join(event.actors)), visible(event.title)))
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    table = _plain_table(rows, width)
    if table is not None and len(count) <= width:
        return f"{table}{count}\n"
    return _rich_table(rows, count, width)


def _rich_table(rows: list[tuple[str, str, str, str]], count: str, width: int) -> str:
    # rich is imported here so the JSON and CSV paths, and the tables _plain_table lays out,
    # stay as light as possible.
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Actors", ratio=1)
    table.add_column("Title", ratio=2)
    for row in rows:
        # As Text, so that what the user wrote shows as written: a plain string would be
        # read as rich markup ("[draft]" dropped) and emoji codes (":flag_ua:").
        table.add_row(*(Text(cell) for cell in row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    console.print(table)
    console.print(count)
    return buffer.getvalue()


def _plain_table(rows: list[tuple[str, str, str, str]], width: int) -> str | None:
    """The table exactly as :func:`_rich_table` lays it out, without importing rich (25 ms)
    and its layout (as much again for 100 events), for the usual case: cells of printable
    one-cell characters (Latin, Greek, Cyrillic, news punctuation), and a width where
    narrowing Actors and Title is enough. None otherwise: rich
    then lays it out (wide characters, a very narrow terminal).

    rich's rules, for this table (``box=None``, no edge padding, not expanded): a column is
    as wide as its longest cell plus its padding (one space between columns); when the
    table is too wide, the widest of the wrapping columns is narrowed, then the widest two
    together, and so on, until it fits. A wrapping cell breaks before the word that does
    not fit (a word longer than the line stands alone, cut with "…"); lines are padded with
    spaces to the column's width.
    """
    cells = [tuple(name for name, _ in _COLUMNS), *rows]
    if width < 1 or not all(_PLAIN_CELL.fullmatch(cell) for row in rows for cell in row):
        return None
    last = len(_COLUMNS) - 1
    pads = [(0 if index == 0 else 1, 0 if index == last else 1) for index in range(last + 1)]
    widths = [
        min(max(len(row[index]) for row in cells) + sum(pads[index]), width) or 1
        for index in range(last + 1)
    ]
    if sum(widths) > width:
        widths = _narrowed(widths, [wraps for _, wraps in _COLUMNS], width)
        if sum(widths) > width:
            return None  # rich then narrows every column: left to rich
    if any(size - sum(pad) < 1 for size, pad in zip(widths, pads, strict=True)):
        return None
    lines = []
    for row in cells:
        columns = []
        for cell, size, (left, right), (_, wraps) in zip(row, widths, pads, _COLUMNS, strict=True):
            inner = size - left - right
            parts = _wrapped(cell, inner) if wraps else [cell]
            columns.append([f"{' ' * left}{_fitted(part, inner)}{' ' * right}" for part in parts])
        for number in range(max(len(column) for column in columns)):
            lines.append(
                "".join(
                    column[number] if number < len(column) else " " * size
                    for column, size in zip(columns, widths, strict=True)
                )
            )
    return "".join(f"{line}\n" for line in lines)


def _narrowed(widths: list[int], wraps: list[bool], width: int) -> list[int]:
    """rich's ``Table._collapse_widths``: narrow the widest wrapping columns until the
    table fits in ``width`` or they are as narrow as the next widest."""
    total = sum(widths)
    excess = total - width
    while total and excess > 0:
        widest = max(size for size, wrap in zip(widths, wraps, strict=True) if wrap)
        second = max(
            size if wrap and size != widest else 0 for size, wrap in zip(widths, wraps, strict=True)
        )
        ratios = [
            1 if (size == widest and wrap) else 0 for size, wrap in zip(widths, wraps, strict=True)
        ]
        if not any(ratios) or not widest - second:
            break
        widths = _reduced(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        total = sum(widths)
        excess = total - width
    return widths


def _reduced(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ``ratio_reduce``: take ``total`` off ``values`` in proportion to ``ratios``,
    at most ``maximums`` each."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _wrapped(text: str, width: int) -> list[str]:
    """rich's ``divide_line`` without folding: break before each word that does not fit."""
    breaks = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if start:
                breaks.append(start)
            offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(text)]
    return [text[begin:end] for begin, end in itertools.pairwise(bounds)]


def _fitted(line: str, width: int) -> str:
    """A line as rich sets it in a cell ``width`` wide: spaces past the edge dropped, cut
    with "…" when still too long, padded with spaces when short."""
    if len(line) > width:
        spaces = _TRAILING_SPACE.search(line)
        if spaces is not None:
            line = line[: len(line) - min(len(spaces.group(0)), len(line) - width)]
    if len(line) > width:
        return line[: width - 1] + "…"
    return line + " " * (width - len(line))
