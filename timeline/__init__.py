"""Negotiation timelines: dated, sourced events in YAML, checked, ordered and drawn.

The Python API, in a few lines::

    import timeline

    events = timeline.load_events("events")              # checked, or InvalidEvents
    figure = timeline.build_figure(events, lanes="actor")  # a plotly Figure (shows in Jupyter)
    timeline.write(events, "report/chart.png", width=1000) # page, fragment, image or JSON
    html = timeline.to_html(events, fragment=True, plotlyjs="none")

Importing the package does not import plotly; drawing does.
"""

from __future__ import annotations

from timeline.dates import PartialDate, Precision
from timeline.errors import EventsNotFound, InvalidEvents, TimelineError
from timeline.export import (
    FORMATS,
    Built,
    Chart,
    chart,
    to_html,
    to_image,
    to_json,
    write,
)
from timeline.model import Claim, Event, Plan, Source, Stage, Timeline
from timeline.problems import Problem
from timeline.query import EventFilter, ordered, select
from timeline.render import build_figure, build_plan_figure
from timeline.validate import load_events, validate

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
]
