"""The frame both charts share: the layout (title block, font, margins, hover style, legend),
the legend's height, the shaded bands behind lanes and plans, and the marks being drawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from timeline.drawing.styles import FONT, GREY, LEGEND_WIDTH
from timeline.drawing.text import markup, text_width

__all__ = ["Canvas", "band", "base_layout", "centred_note", "legend_height"]


@dataclass
class Canvas:
    """What a chart draws, in plotly.js's terms and in drawing order: traces, annotations
    (texts) and shapes."""

    traces: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    shapes: list[dict[str, Any]] = field(default_factory=list)


def base_layout(
    title: str,
    subtitle: str,
    *,
    plot_height: float,
    top: int,
    bottom: int,
    legend_title: str,
) -> dict[str, Any]:
    """The layout the timeline and the plan view share: the title block, the font, margins
    in pixels, the hover style and a horizontal legend at the bottom."""
    return {
        "template": "plotly_white",
        "title": {
            "text": f"<b>{markup(title)}</b>",
            "subtitle": {"text": markup(subtitle), "font": {"size": 13}},
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            # Pixels from the top, not a share of the height: 2% of a 20,000-pixel image
            # of 1,000 events put the title over the chart's first rows.
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
        },
        "font": {"family": FONT, "size": 13, "color": "#1F2328"},
        "height": round(plot_height + top + bottom),
        "autosize": True,
        # Margins are computed, not pushed by plotly.js: a pushed margin would shrink the
        # plot and the rows, which are laid out in pixels, would overlap.
        "margin": {"l": 12, "r": 12, "t": top, "b": bottom, "autoexpand": False},
        "barmode": "overlay",
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "white",
            "font": {"size": 13, "family": FONT, "color": "#1F2328"},
            "align": "left",
        },
        "dragmode": "pan",
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "title": {"text": legend_title, "side": "top"},
        },
    }


def legend_height(types: Sequence[str], width: float = LEGEND_WIDTH) -> float:
    """Pixels the legend takes: its title and as many rows as the types need in ``width``
    pixels (a phone's, unless the width is known, as it is for an image)."""
    if not types:
        return 0.0
    rows, used = 1, 0.0
    for name in types:
        # A symbol, the name and the gap before the next, as Chromium draws them (measured).
        item = 42 + text_width(name, 13)
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return 30 + rows * 30


def band(top: float, bottom: float, axis: str, *, shaded: bool) -> dict[str, Any]:
    """A band across the plot from ``top`` to ``bottom`` pixels of ``axis``, behind the
    marks: shaded or clear, so neighbouring lanes are told apart."""
    return {
        "type": "rect",
        "xref": "paper",
        "yref": axis,
        "x0": 0,
        "x1": 1,
        "y0": top,
        "y1": bottom,
        "fillcolor": "#F4F6F8" if shaded else "rgba(0,0,0,0)",
        "line": {"width": 0},
        "layer": "below",
    }


def centred_note(text: str) -> dict[str, Any]:
    """Large grey text in the middle of an empty chart, saying why it is empty."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
        "showarrow": False,
        "font": {"size": 16, "color": GREY},
    }
