"""How the charts look: colours and marker symbols, the font, and sizes in pixels."""

from __future__ import annotations

from typing import Any

__all__ = [
    "AXIS_PX",
    "BAND_GAP",
    "BLACK",
    "BLUE",
    "FONT",
    "GREEN",
    "GREY",
    "HATCH",
    "LABEL_CHAR_FRACTION",
    "LABEL_LINE",
    "LABEL_SIZE",
    "LANE_HEADER",
    "LEGEND_WIDTH",
    "MARGIN_TOP",
    "NUMBER_SIZE",
    "ORANGE",
    "PLAN_HEADER",
    "PLAN_MARGIN_TOP",
    "POINT_FRACTION",
    "PURPLE",
    "ROW",
    "SKY",
    "SLIDER_GAP",
    "SLIDER_PX",
    "STAGE_BAR",
    "STAGE_GAP",
    "STAGE_TEXT",
    "STATUS_STYLE",
    "TYPE_STYLE",
    "VERMILLION",
]

# Okabe & Ito, "Color Universal Design" (2008): told apart with every common colour-vision
# deficiency. No two types share a symbol, so shape tells every type apart where colour
# cannot (in black and white, or two types of one colour).
ORANGE, SKY, GREEN, BLUE = "#E69F00", "#56B4E9", "#009E73", "#0072B2"
VERMILLION, PURPLE, BLACK, GREY = "#D55E00", "#CC79A7", "#000000", "#7F7F7F"
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "statement": (BLUE, "circle"),
    "call": (ORANGE, "diamond"),
    "visit": (SKY, "triangle-up"),
    "meeting": (PURPLE, "square"),
    "talks": (BLUE, "hexagon"),
    "mediation": (PURPLE, "hourglass"),
    "proposal": (GREEN, "pentagon"),
    "agreement": (GREEN, "star"),
    "ceasefire": (SKY, "hexagram"),
    "demand": (VERMILLION, "triangle-down"),
    "rejection": (VERMILLION, "x"),
    "violation": (BLACK, "cross"),
    "aid": (ORANGE, "triangle-right"),
    "sanction": (BLACK, "bowtie"),
    "other": (GREY, "diamond-wide"),
}
# Fill and text colour of each plan-stage status; text colours keep 4.5:1 contrast or more.
# From Paul Tol's "muted" scheme (also safe for colour-blind readers), so that no status
# takes the colour of an event type: "agreed" is not the agreement star's green.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "proposed": ("#DDCC77", "#111111"),
    "agreed": ("#44AA99", "#111111"),
    "in-force": ("#332288", "#FFFFFF"),
    "violated": ("#CC6677", "#111111"),
    "suspended": ("#999933", "#111111"),
    "collapsed": ("#882255", "#FFFFFF"),
    "rejected": ("#5E5E5E", "#FFFFFF"),
}
# The hatching of a stage no event has dated yet ("not started").
HATCH: dict[str, Any] = {"shape": "/", "fgcolor": "#B8BEC4", "size": 8}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Vertical layout, in pixels: the y axis counts pixels from the top, so rows keep their size.
PLAN_HEADER = 24
STAGE_TEXT = 19
STAGE_BAR = 20
STAGE_GAP = 5
LANE_HEADER = 20
ROW = 26
LABEL_LINE = 17
LABEL_SIZE = 12  # font size of an event's label
NUMBER_SIZE = 11  # font size of an event's number (bold)
BAND_GAP = 10
MARGIN_TOP = 112  # title, subtitle and range buttons (the page shows its title in HTML)
PLAN_MARGIN_TOP = 76  # title and subtitle; the plan view has no range buttons
AXIS_PX = 34  # date tick labels under the plot
SLIDER_PX = 44
SLIDER_GAP = 28  # between the range slider and the legend, which must not touch on a phone
LEGEND_WIDTH = 320  # the legend is measured for a phone, where it wraps first

# How much of the visible range a marker occupies when rows are packed; points closer than
# this go to separate rows so their markers never overlap, even on a phone.
POINT_FRACTION = 0.03
# Label width in characters → fraction of the range, assuming a plot about 600 px wide.
LABEL_CHAR_FRACTION = 7.0 / 600
