"""Negotiation timelines: dated, sourced events in YAML, checked, ordered and drawn.

The Python API, in a few lines::

    import timeline

    events = timeline.load_events("events")              # checked, or InvalidEvents
    figure = timeline.build_figure(events, lanes="actor")  # a plotly Figure (shows in Jupyter)
    timeline.write(events, "report/chart.png", width=1000) # page, fragment, image or JSON
    html = timeline.to_html(events, fragment=True, plotlyjs="none")

Importing the package imports neither pydantic nor plotly: the names that need them
import them on first use.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

# The light part of the API is imported here; the rest (the models, pydantic, plotly) on
# first use (PEP 562): ``import timeline``, and the command line that imports this package,
# start without them, and ``timeline.X`` or ``from timeline import X`` imports what X needs.
# ``validate`` is bound here because it is also the name of a submodule: importing that
# submodule first would otherwise leave ``timeline.validate`` a module, not the function.
from timeline.dates import PartialDate, Precision
from timeline.errors import EventsNotFound, InvalidEvents, TimelineError
from timeline.problems import Problem
from timeline.query import EventFilter, ordered, select
from timeline.validate import load_events, validate

if TYPE_CHECKING:
    from timeline.drawing import build_figure, build_plan_figure
    from timeline.model import Claim, Event, Place, Plan, Source, Stage, Timeline
    from timeline.publish import (
        FORMATS,
        Built,
        Chart,
        chart,
        to_html,
        to_image,
        to_json,
        write,
        write_all,
    )

# Where each name of the API imported on first use is defined.
_MODULES = {
    "FORMATS": "publish",
    "Built": "publish",
    "Chart": "publish",
    "chart": "publish",
    "to_html": "publish",
    "to_image": "publish",
    "to_json": "publish",
    "write": "publish",
    "write_all": "publish",
    "Claim": "model",
    "Event": "model",
    "Place": "model",
    "Plan": "model",
    "Source": "model",
    "Stage": "model",
    "Timeline": "model",
    "build_figure": "drawing",
    "build_plan_figure": "drawing",
}


def __getattr__(name: str) -> Any:
    """Import an API name on first use, and keep it as an attribute of the package."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"timeline.{module}"), name)
    globals()[name] = value
    return value


def _timeline_bundle(value: Any, include: Any = None, exclude: Any = None) -> Any:
    """A :class:`Timeline` in Jupyter: its chart, as :class:`Chart` shows itself; ``None``
    (IPython's plain repr) when it has nothing to draw."""
    from timeline.errors import NothingToDraw
    from timeline.publish import chart

    try:
        return chart(value)._repr_mimebundle_(include, exclude)
    except NothingToDraw:
        return None


def _show_timelines_in_jupyter() -> None:
    """In a Jupyter kernel (IPython running), a :class:`Timeline` shows as its chart. The
    records do not draw themselves (the model stays below the drawing), so the display is
    registered with IPython here, by the type's name: nothing is imported until one shows."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    if shell is None:
        return
    formatter = shell.display_formatter.mimebundle_formatter
    formatter.for_type_by_name("timeline.model", "Timeline", _timeline_bundle)


_show_timelines_in_jupyter()


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "FORMATS",
    "Built",
    "Chart",
    "Claim",
    "Event",
    "EventFilter",
    "EventsNotFound",
    "InvalidEvents",
    "PartialDate",
    "Place",
    "Plan",
    "Precision",
    "Problem",
    "Source",
    "Stage",
    "Timeline",
    "TimelineError",
    "build_figure",
    "build_plan_figure",
    "chart",
    "load_events",
    "ordered",
    "select",
    "to_html",
    "to_image",
    "to_json",
    "validate",
    "write",
    "write_all",
]
