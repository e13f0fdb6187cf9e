"""Events and plans drawn as plotly charts: the timeline (:func:`build_figure`) and the plan
view (:func:`build_plan_figure`).

Pure: the same events give the same figure, and nothing is read or written. Plotly itself
is imported only when a figure is built, so commands that do not draw stay fast. A chart is
drawn first as plain data (a spec: :func:`timeline_spec`, :func:`plan_spec`), which a page
writes as it is (:func:`plotly_dict`) and :func:`as_figure` makes a plotly figure of.

One job per module: ``styles`` (colours, sizes), ``text`` (markup, hovers, labels, text
widths), ``windows`` (time), ``rows`` (lanes and rows), ``labels`` (what is written beside
the events), ``key`` (the events' numbers), ``layout`` and ``stages`` (what both charts
share), ``svg`` and ``webgl`` (the events' marks), ``timeline_view`` and ``plan_view`` (the
charts), ``plotly_dict`` (a spec as plotly sees it) and ``static`` (charts as images).
"""

from __future__ import annotations

from timeline.drawing.key import numbered
from timeline.drawing.labels import NUMBER_LABEL
from timeline.drawing.plan_view import build_plan_figure, plan_spec
from timeline.drawing.plotly_dict import as_figure, figure_dict, plotly_dict
from timeline.drawing.rows import event_lanes
from timeline.drawing.static import static_figure
from timeline.drawing.svg import KEY_LABEL
from timeline.drawing.text import hover_text, markup, summary_line
from timeline.drawing.timeline_view import DEFAULT_TITLE, build_figure, timeline_spec
from timeline.drawing.webgl import WEBGL_MIN_EVENTS, webgl_note
from timeline.drawing.windows import Window, event_window

__all__ = [
    "DEFAULT_TITLE",
    "KEY_LABEL",
    "NUMBER_LABEL",
    "WEBGL_MIN_EVENTS",
    "Window",
    "as_figure",
    "build_figure",
    "build_plan_figure",
    "event_lanes",
    "event_window",
    "figure_dict",
    "hover_text",
    "markup",
    "numbered",
    "plan_spec",
    "plotly_dict",
    "static_figure",
    "summary_line",
    "timeline_spec",
    "webgl_note",
]
