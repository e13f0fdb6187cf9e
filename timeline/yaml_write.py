"""Records → YAML text in the event format, as a person would write it."""

from __future__ import annotations

from typing import Any

import yaml

from timeline.model import Event, Plan

__all__ = ["event_data", "event_yaml", "plan_data", "plan_yaml"]

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def event_data(event: Event, *, include_id: bool = True) -> dict[str, Any]:
    """The event as plain data with the format's field names, leaving out empty fields."""
    return _record_data(event, include_id)


def plan_data(plan: Plan, *, include_id: bool = True) -> dict[str, Any]:
    """The plan as plain data with the format's field names, leaving out empty fields."""
    return _record_data(plan, include_id)


def _record_data(record: Event | Plan, include_id: bool) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    # Field order of the model, and id first when written, so files read top-down.
    data = {"id": record.id, **{k: v for k, v in data.items() if k != "id"}}
    if not include_id:
        del data["id"]
    return data


def plan_yaml(plan: Plan) -> str:
    """YAML text of a plan file (``plan:`` and the plan; its id is the file's name)."""
    text: str = yaml.dump(
        {"plan": plan_data(plan, include_id=False)},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return text


def event_yaml(event: Event, *, include_id: bool = True) -> str:
    """YAML text for one event (a mapping), safe to read back with a safe loader."""
    text: str = yaml.dump(
        event_data(event, include_id=include_id),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return text
