"""Negotiation timelines: dated, sourced events in YAML, checked, ordered and drawn."""

from __future__ import annotations

from timeline.dates import PartialDate, Precision
from timeline.errors import EventsNotFound, InvalidEvents, TimelineError
from timeline.model import Claim, Event, Plan, Source, Stage, Timeline
from timeline.problems import Problem
from timeline.query import EventFilter, ordered, select
from timeline.render import build_figure
from timeline.validate import load_events, validate

__all__ = [
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
    "load_events",
    "ordered",
    "select",
    "validate",
]
