"""Add a source or a claim to an event that is already written, in place.

Only the new lines are inserted: every byte already in the file (comments, quoting, key
order, blank lines, other events of a list file) stays as it was. The work happens under the
events folder's lock, on the file as it is then; the new text is read back before it replaces
the file, and must say exactly what the file said plus the new item, and the event must still
pass the checks, or nothing is written.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from timeline.errors import CannotAppend, CannotWrite, EventsNotFound, InvalidInput
from timeline.loading import load
from timeline.messages import word_error
from timeline.model import Claim, Event, Source, Timeline
from timeline.parsing import parse_bytes
from timeline.safefile import atomic_write, lock, remove_stale_temps
from timeline.validate import check
from timeline.yaml_read import YamlError, parse_yaml

__all__ = ["Curated", "add_claim", "add_source", "unknown_id_message"]

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BARE_DAY = re.compile(r"^(published: )'(\d{4}-\d{2}-\d{2})'$")

# The option that sets each field of a source or claim, so messages name what was typed.
_OPTIONS = {
    "outlet": "--outlet",
    "title": "--title",
    "url": "--url",
    "published": "--published",
    "quote": "--quote",
    "date_text": "--date-text",
    "by": "--by",
    "says": "--says",
    "stance": "--denies",
}


@dataclass(frozen=True)
class Curated:
    """What was added: the file changed, the event's id, and the line the new item starts on."""

    path: Path
    event_id: str
    line: int
    what: str

    def lines(self) -> list[str]:
        """What to tell the user."""
        return [f"Added a {self.what} to {self.event_id} in {self.path}:{self.line}"]


def add_source(folder: Path, event_id: str, fields: dict[str, Any]) -> Curated:
    """Add a source with ``fields`` (outlet, url, title, published, quote, date_text) to the
    event ``event_id`` of the events ``folder``, in place."""
    item = _checked(Source, fields)
    return _add(folder, event_id, "sources", item, "source")


def add_claim(folder: Path, event_id: str, by: str, says: str, *, denies: bool = False) -> Curated:
    """Add the claim "``by`` says ``says``" (or denies it) to the event ``event_id``."""
    fields: dict[str, Any] = {"by": by, "says": says}
    if denies:
        fields["stance"] = "denies"
    item = _checked(Claim, fields)
    return _add(folder, event_id, "claims", item, "claim")


def unknown_id_message(event_id: str, ids: list[str], folder: Path) -> str:
    """``no event 'x' in events; did you mean 'y'?``"""
    close = difflib.get_close_matches(event_id, ids, n=3, cutoff=0.85)
    hint = ""
    if close:
        hint = "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    elif ids:
        hint = "; 'timeline list --format csv' shows every event's id"
    return f"no event '{event_id}' in {folder}{hint}"


def _checked(model: type[BaseModel], fields: dict[str, Any]) -> dict[str, Any]:
    """The item as plain data, in the model's field order, once the model accepts it."""
    given = {name: value for name, value in fields.items() if value is not None}
    try:
        record = model.model_validate(given)
    except ValidationError as exc:
        raise InvalidInput(
            [
                word_error(error, name=lambda loc: _OPTIONS.get(str(loc[-1]), str(loc[-1]))).message
                for error in exc.errors(include_url=False)
            ]
        ) from None
    data: dict[str, Any] = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return data


def _add(folder: Path, event_id: str, key: str, item: dict[str, Any], what: str) -> Curated:
    if not folder.is_dir():
        raise EventsNotFound(f"{folder}: no such folder; pass the events folder with -e")
    try:
        with lock(folder):
            loaded = load(folder)
            timeline = loaded.timeline
            event = next((e for e in timeline.events if e.id == event_id), None)
            if event is None or event.origin is None:
                ids = sorted(e.id for e in timeline.events)
                message = unknown_id_message(event_id, ids, folder)
                broken = sorted({p.path for p in loaded.problems if p.level == "error"})
                if broken:
                    # An event with errors is not read, so its id is not known either.
                    files = "1 file has" if len(broken) == 1 else f"{len(broken)} files have"
                    message += f" ({files} errors: {', '.join(broken)}; see timeline validate)"
                raise InvalidInput([message])
            _refuse_repeat(event, key, item, what)
            path = Path(event.origin.path)
            remove_stale_temps(path.parent)
            line = _insert(path, event, key, item, timeline)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write to {folder}: {reason}; the file is unchanged") from None
    return Curated(path, event_id, line, what)


def _refuse_repeat(event: Event, key: str, item: dict[str, Any], what: str) -> None:
    existing = [
        entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        for entry in getattr(event, key)
    ]
    if item in existing:
        raise InvalidInput([f"{event.id} already has this {what}; nothing was written"])


def _insert(path: Path, event: Event, key: str, item: dict[str, Any], timeline: Timeline) -> int:
    """Insert ``item`` into the ``key`` list of ``event`` in ``path``; the first new line."""
    assert event.origin is not None
    if os.stat(path).st_nlink > 1:
        # The file is replaced (a new inode): its other names would keep the old text.
        raise CannotAppend(
            f"{path} has other hard links, which would keep the old text (the file is "
            f"replaced); make it a file of its own first: cp {path} {path}.new && "
            f"mv {path}.new {path}"
        )
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    root = yaml.compose(text, Loader=_Loader)
    data = parse_yaml(text).data
    mapping, where = _event_node(root, event.origin.line, event.origin.column)
    if mapping.flow_style:
        raise CannotAppend(
            f"{path}:{event.origin.line}: the event is written in braces {{...}}; write it "
            f"one field per line to add a {key[:-1]} from the command line"
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    offset, addition = _addition(text, mapping, key, item, newline)
    new_text = text[:offset] + addition + text[offset:]
    _check_result(path, new_text, data, where, key, item, event, timeline)
    atomic_write(path, new_text.encode("utf-8"))
    inserted_at = offset + len(addition) - len(addition.lstrip("\r\n"))
    return new_text.count("\n", 0, inserted_at) + 1


def _event_node(root: Node | None, line: int, column: int) -> tuple[MappingNode, tuple[Any, ...]]:
    """The event's mapping node (the file itself, or an item of its ``events:`` list)."""
    if isinstance(root, MappingNode):
        events = next((v for k, v in root.value if k.value == "events"), None)
        if isinstance(events, SequenceNode):
            for index, node in enumerate(events.value):
                mark = node.start_mark
                if (mark.line + 1, mark.column + 1) == (line, column) and isinstance(
                    node, MappingNode
                ):
                    return node, ("events", index)
        else:
            return root, ()
    raise CannotAppend(f"the event at line {line} cannot be found in its file again")


def _last_leaf(node: Node) -> Node:
    """The last value written inside ``node``: where its text ends (a block collection's own
    end comes only at the next token, after any comments that follow it)."""
    while True:
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            node = node.value[-1][1]
        elif isinstance(node, SequenceNode) and not node.flow_style and node.value:
            node = node.value[-1]
        else:
            return node


def _line_after(text: str, node: Node) -> int:
    """The offset of the start of the line after the last line ``node``'s text takes."""
    leaf = _last_leaf(node)
    end = leaf.end_mark
    if end.column == 0 or end.index >= len(text):
        offset = int(end.index)
        if isinstance(leaf, ScalarNode) and leaf.style in ("|", ">"):
            # A block scalar's text takes the blank lines after it too; unless it keeps them
            # ("|+"), they belong to nothing, and the new lines go before them.
            header = text[leaf.start_mark.index : text.find("\n", leaf.start_mark.index)]
            if "+" not in header:
                while offset > 0:
                    start = text.rfind("\n", 0, offset - 1) + 1
                    if text[start:offset].strip():
                        break
                    offset = start
        return offset
    newline = text.find("\n", end.index)
    return len(text) if newline < 0 else newline + 1


def _addition(
    text: str, mapping: MappingNode, key: str, item: dict[str, Any], newline: str
) -> tuple[int, str]:
    """Where to insert, and the text to insert there."""
    found = next(((k, v) for k, v in mapping.value if k.value == key), None)
    if found is None:
        pad = " " * mapping.start_mark.column
        offset = _line_after(text, mapping)
        lead = "" if offset == 0 or text[offset - 1] == "\n" else newline
        return offset, f"{lead}{pad}{key}:{newline}" + _block_item(item, pad + "  ", newline)
    value = found[1]
    if isinstance(value, SequenceNode) and value.flow_style:
        close = value.end_mark.index - 1
        assert text[close] == "]"
        flow = yaml.dump(
            item, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=10**9
        )
        flow = flow.strip()
        separator = ", " if value.value else ""
        return close, separator + flow
    if not isinstance(value, SequenceNode):
        raise CannotAppend(f"'{key}' is not a list")
    pad = " " * value.start_mark.column
    offset = _line_after(text, value)
    lead = "" if offset == 0 or text[offset - 1] == "\n" else newline
    return offset, lead + _block_item(item, pad, newline)


def _block_item(item: dict[str, Any], pad: str, newline: str) -> str:
    """``item`` as a ``- `` item of a block list whose dashes are at ``pad``."""
    lines = yaml.dump(
        item,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    ).splitlines()
    # A day is written bare, as people write it in event files (the reader keeps it as text).
    lines = [_BARE_DAY.sub(r"\1\2", line) for line in lines]
    out = [f"{pad}- {lines[0]}"] + [f"{pad}  {line}" if line else "" for line in lines[1:]]
    return newline.join(out) + newline


def _check_result(
    path: Path,
    new_text: str,
    data: Any,
    where: tuple[Any, ...],
    key: str,
    item: dict[str, Any],
    event: Event,
    timeline: Timeline,
) -> None:
    """Refuse (:class:`CannotAppend`, :class:`InvalidInput`) unless the new text says what the
    old one said plus ``item``, and the event still passes the checks."""
    try:
        after = parse_yaml(new_text).data
    except YamlError:
        after = None
    expected = _with_item(data, where, key, item)
    if after != expected:
        raise CannotAppend(
            f"{path}: the {key[:-1]} cannot be inserted as text without changing what the "
            "file says; add it by hand"
        )
    events, _, problems = parse_bytes(str(path), path.stem, new_text.encode("utf-8"), None)
    _, _, before = parse_bytes(str(path), path.stem, path.read_bytes(), None)
    new_errors = {p.message for p in problems if p.level == "error"} - {
        p.message for p in before if p.level == "error"
    }
    changed = next((e for e in events if e.id == event.id), None)
    if changed is None or new_errors:
        raise InvalidInput(sorted(new_errors) or [f"{event.id} cannot be read back"])
    # The rules across files that a new source or claim can break involve only this event
    # and the plans (its id, the one thing other events are checked against, is unchanged).
    errors = [
        p.message
        for p in check(Timeline(events=[changed], plans=timeline.plans))
        if p.level == "error"
    ]
    if errors:
        raise InvalidInput(errors)


def _with_item(data: Any, where: tuple[Any, ...], key: str, item: dict[str, Any]) -> Any:
    """A copy of ``data`` with ``item`` appended to the ``key`` list of the mapping at
    ``where``."""
    if not where:
        copy = dict(data)
        copy[key] = [*(copy.get(key) or []), item]
        return copy
    head, *rest = where
    if isinstance(data, list):
        return [
            _with_item(v, tuple(rest), key, item) if i == head else v for i, v in enumerate(data)
        ]
    return {k: _with_item(v, tuple(rest), key, item) if k == head else v for k, v in data.items()}
