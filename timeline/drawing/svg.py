"""Events drawn as SVG marks, for timelines small enough to open quickly that way: a marker
per dated point, a bar per span, a faint window with an open marker per uncertain date, full
hovers, and labels beside key events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeline.drawing.rows import Item, by_type
from timeline.drawing.styles import TYPE_STYLE
from timeline.drawing.text import customdata, hover_text, markup
from timeline.drawing.windows import milliseconds, x_value

__all__ = ["KEY_LABEL", "draw_events", "key_labels"]

KEY_LABEL = "key-label"  # the name of key events' label annotations


def draw_events(
    traces: list[dict[str, Any]],
    items: list[Item],
    axis: str,
    stages: Mapping[str, str] | None = None,
) -> None:
    """Markers for dated points, bars for spans (with their type's symbol at their start),
    faint windows with open markers for uncertain dates; one legend entry per type, which
    toggles all of that type's traces. ``stages`` are the plan stages' titles by reference,
    for the hovers."""
    for rank, event_type, group in by_type(items):
        colour, symbol = TYPE_STYLE[event_type]
        common: dict[str, Any] = {
            "legendgroup": event_type,
            "legendrank": rank,
            "name": event_type,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "hoverlabel": {"bordercolor": colour},
            "yaxis": axis,
        }
        points = [i for i in group if i.window.exact and i.event.end is None]
        spans = [i for i in group if i.window.exact and i.event.end is not None]
        vague = [i for i in group if not i.window.exact]
        shown = False

        def legend() -> bool:
            nonlocal shown
            first, shown = not shown, True
            return first

        for bars, opacity, thickness in ((vague, 0.22, 16), (spans, 0.85, 12)):
            if bars:
                traces.append(
                    {
                        "type": "bar",
                        "orientation": "h",
                        "y": [i.y for i in bars],
                        "base": [x_value(i.window.start) for i in bars],
                        "x": [milliseconds(i.window.end - i.window.start) for i in bars],
                        "width": thickness,
                        "marker": {"color": colour, "line": {"width": 0}},
                        "opacity": opacity,
                        "hovertext": [hover_text(i.event, i.lanes, stages) for i in bars],
                        "customdata": [customdata(i.event) for i in bars],
                        "showlegend": False,
                        **common,
                    }
                )
        # A span shows its type's symbol at its start, so its bar reads as its type.
        for markers, open_, at_start in (
            (points, False, False),
            (spans, False, True),
            (vague, True, False),
        ):
            if markers:
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "markers",
                        "x": [x_value(i.window.start if at_start else i.x) for i in markers],
                        "y": [i.y for i in markers],
                        "marker": {
                            "symbol": f"{symbol}-open" if open_ else symbol,
                            "size": 13 if open_ else 14,
                            "color": colour,
                            "line": {
                                "width": 2 if open_ else 1,
                                "color": colour if open_ else "white",
                            },
                        },
                        "hovertext": [hover_text(i.event, i.lanes, stages) for i in markers],
                        "customdata": [customdata(i.event) for i in markers],
                        "showlegend": legend(),
                        **common,
                    }
                )


def key_labels(items: list[Item], axis: str) -> list[dict[str, Any]]:
    """The labels of key events, beside their marks on the side with more room."""
    labels = []
    for item in items:
        if not item.labelled:
            continue
        labels.append(
            {
                "text": "<br>".join(markup(line) for line in item.label.split("\n")),
                "x": x_value(item.label_x),
                "y": item.y,
                "xref": "x",
                "yref": axis,
                "xanchor": "right" if item.label_left else "left",
                "xshift": -10 if item.label_left else 10,
                "yanchor": "middle",
                "align": "right" if item.label_left else "left",
                "showarrow": False,
                "font": {"size": 12, "color": "#1F2328"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "name": KEY_LABEL,
            }
        )
    return labels
