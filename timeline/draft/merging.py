"""Another source (and its claims) for an event already recorded, added in place.

The event's file is changed as text: the new items are inserted at the end of its ``sources:``
(``claims:``) list, or the list is started at the end of the event, so every byte already
there stays as it was. The result is read back before it replaces the file, under the
folder's lock, and must say exactly what it said before plus the new items; when it cannot
(a list written in brackets, say), nothing is written and the message says what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from timeline.errors import CannotAppend, TimelineError
from timeline.loading import load
from timeline.model import Claim, Source
from timeline.safefile import atomic_write, lock
from timeline.yaml_read import YamlError, parse_yaml

__all__ = ["add_source"]

_Path = tuple[str | int, ...]
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def add_source(folder: Path, event_id: str, source: Source, claims: Sequence[Claim] = ()) -> Path:
    """Add ``source`` (and the ``claims`` not already there) to the event ``event_id`` of the
    events ``folder``; returns the file changed."""
    with lock(folder):
        timeline = load(folder).timeline
        event = next((e for e in timeline.events if e.id == event_id), None)
        if event is None or event.origin is None:
            raise TimelineError(f"no event '{event_id}' in {folder} to add the source to")
        path = Path(event.origin.path)
        if not path.is_absolute():
            path = folder / path if not path.exists() else path
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        where = _event_path(parse_yaml(text).data, event_id)
        new = [c for c in claims if c not in event.claims]
        text = _append(path, text, where, "sources", [_plain(source)])
        if new:
            text = _append(path, text, where, "claims", [_plain(claim) for claim in new])
        atomic_write(path, text.encode("utf-8"))
    return path


def _plain(record: Source | Claim) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if isinstance(record, Claim):
        data.setdefault("stance", record.stance)
    return data


def _event_path(data: Any, event_id: str) -> _Path:
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        for index, item in enumerate(data["events"]):
            if isinstance(item, dict) and item.get("id") == event_id:
                return ("events", index)
    return ()


def _append(path: Path, text: str, where: _Path, key: str, items: list[dict[str, Any]]) -> str:
    """``text`` with ``items`` added to the list ``key`` of the mapping at ``where``."""
    document = parse_yaml(text)
    before = document.data
    mapping = _at(before, where)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    fields = document.field_locations(where)
    if key in fields:
        value = document.values.get((*where, key))
        key_line = fields[key].line
        if value is None or (value.line == key_line and lines[key_line - 1].rstrip().endswith("]")):
            raise CannotAppend(
                f"{path}:{key_line}: '{key}' is written in brackets [...]: write one '- ' item "
                f"per line, then draft again (or add the source by hand)"
            )
        indent = value.column - 1
        stop = _next_line(fields, key_line, document, where, len(lines))
        block = _items(items, indent, newline)
    else:
        base = fields[next(iter(fields))].column - 1 if fields else 0
        stop = _mapping_end(document, where, len(lines))
        block = " " * base + f"{key}:{newline}" + _items(items, base + 2, newline)
    # After the last line that holds something, so blank lines and comments that lead into
    # the next field stay with it.
    while stop > 0 and not lines[stop - 1].strip():
        stop -= 1
    if stop > 0 and not lines[stop - 1].endswith(("\n", "\r")):
        lines[stop - 1] += newline
    changed = "".join([*lines[:stop], block, *lines[stop:]])
    expected = dict(mapping)
    expected[key] = [*(mapping.get(key) or []), *items]
    try:
        after = _at(parse_yaml(changed).data, where)
    except (YamlError, KeyError, IndexError, TypeError):
        after = None
    if after != expected:
        raise CannotAppend(
            f"{path}: the source cannot be added as text without changing what the file says; "
            "nothing was written: add it by hand"
        )
    return changed


def _at(data: Any, where: _Path) -> dict[str, Any]:
    for part in where:
        data = data[part]
    if not isinstance(data, dict):
        raise TypeError("not a mapping")
    return data


def _next_line(
    fields: dict[str, Any], key_line: int, document: Any, where: _Path, total: int
) -> int:
    """The 0-based line where the field after the one on ``key_line`` starts (or the event ends)."""
    later = sorted(location.line for location in fields.values() if location.line > key_line)
    if later:
        return int(later[0]) - 1
    return _mapping_end(document, where, total)


def _mapping_end(document: Any, where: _Path, total: int) -> int:
    """The 0-based line after the event's mapping: the next list item's line, or the file's end."""
    if where:
        parent, index = where[:-1], where[-1]
        following = document.values.get((*parent, int(index) + 1))
        if following is not None:
            return int(following.line) - 1
    return total


def _items(items: list[dict[str, Any]], indent: int, newline: str) -> str:
    dumped: str = yaml.dump(
        items,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    pad = " " * indent
    return "".join(pad + line + newline if line else newline for line in dumped.splitlines())
