"""The models' refusals (pydantic's validation errors) in the words the user reads.

One wording for every place that checks records: event files (``validate``, ``build``),
``timeline add`` (naming the option instead of the field) and imports. Each caller says how
a field is named where the user wrote it; the rest of the message is the same everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Worded", "field_path", "word_error", "word_errors"]

# Where a field is, as pydantic gives it: ("sources", 0, "url").
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Worded:
    """One error in words, and the field it is about (to point at where it is written)."""

    loc: Loc
    message: str
    key: bool = False  # point at the field's name rather than its value


def field_path(loc: Sequence[Any]) -> str:
    """A field's path as a person writes it: ``sources[0].url``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def word_error(
    error: Any,
    *,
    name: Callable[[Loc], str] = field_path,
    raw: str | None = None,
    known: Sequence[str] = (),
) -> Worded:
    """One of pydantic's ``errors()`` in words.

    ``name`` names a field (a path in a file, an option of ``add``); ``raw`` is the value's
    text as written, when known (a YAML value that was read as a number or a boolean);
    ``known`` are the field names allowed where an unknown field was written, for a hint.
    """
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "end_before_date":
        # The model checks the pair; the end is what to fix.
        return Worded(("end",), f"{name(('end',))}: {error['msg']}")
    if kind == "extra_forbidden":
        field = str(loc[-1])
        hint = difflib.get_close_matches(field, known, n=1)
        message = f"unknown field '{field}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
        if len(loc) > 1:
            message = f"{name(loc[:-1])}: {message}"
        return Worded(loc, message, key=True)
    label = name(loc)
    if kind == "missing":
        return Worded(loc[:-1], f"missing required field '{label}'")
    value = error.get("input")
    if (shape := _shape(kind, label, value if raw is None else raw, error)) is not None:
        return Worded(loc, shape)
    if (
        kind in ("string_type", "list_type")
        and raw is not None
        and not isinstance(value, (list, dict))
    ):
        read_as = "a boolean" if isinstance(value, bool) else "a number"
        if value is None:
            read_as = "empty (null)"
        return Worded(loc, f'{label}: {raw} was read as {read_as}; quote it: "{raw}"')
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Worded(loc, f"{label}: {value!r} is not allowed; use {expected}")
    return Worded(loc, f"{label}: {error['msg']}" if label else error["msg"])


# What a model wants where pydantic says "Input should be a valid dictionary or instance of
# Source": an example of the mapping, by the model's name.
_MAPPING_EXAMPLES = {
    "Source": "{outlet: Reuters}",
    "Claim": "{by: Kremlin, says: ...}",
    "Stage": "{id: energy, title: Energy ceasefire}",
    "Place": "{name: Riyadh, lat: 24.71, lon: 46.68}",
}


# The fields that are lists of plain text, where "[value]" is the fix.
_PLAIN_LISTS = ("actors", "tags", "parties")


def _shape(kind: str, label: str, value: Any, error: Any) -> str | None:
    """The common shape mistakes of hand-written YAML, with what to write instead; None for
    any other error."""
    if kind == "list_type" and label == "sources" and isinstance(value, str):
        return f"sources: must be a list: write [{{outlet: {value}}}]"
    if kind == "list_type" and isinstance(value, (str, int, float)) and label in _PLAIN_LISTS:
        # "actors: Marco Rubio": one value where a list belongs.
        return f"{label}: must be a list: write [{value}]"
    if kind == "list_type" and isinstance(value, (dict, str, int, float)):
        return f"{label}: must be a list: put '- ' before each item, one per line"
    if kind == "too_short" and isinstance(value, list) and not value:
        return f"{label}: must not be empty: name at least one"
    if kind == "string_type" and isinstance(value, (list, dict)):
        found = "a list" if isinstance(value, list) else "a mapping"
        return f"{label}: must be text, found {found}"
    if kind == "model_type" and label == "place":
        return "place: write a name, or {name: Riyadh, lat: 24.71, lon: 46.68}"
    if kind in ("float_parsing", "float_type"):
        return f"{label}: {value!r} is not a number"
    if kind == "model_type":
        example = _MAPPING_EXAMPLES.get(error.get("ctx", {}).get("class_name", ""), "")
        hint = f", e.g. {example}" if example else ""
        return f"{label}: must be a mapping of fields{hint}"
    if kind in ("less_than_equal", "greater_than_equal") and label.endswith((".lat", ".lon")):
        most = 90 if label.endswith(".lat") else 180
        return f"{label}: {value} is out of range: use -{most} to {most} degrees"
    if kind in ("bool_type", "bool_parsing"):
        return f"{label}: must be true or false, not {value!r}"
    return None


def word_errors(errors: Sequence[Any]) -> str:
    """Every error in words, joined by ``; ``: one line for an imported row or slide."""
    return "; ".join(word_error(error).message for error in errors)
