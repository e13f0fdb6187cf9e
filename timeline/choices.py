"""The values that ``build``'s options take, as plain types.

The command line declares its options from these without importing the drawing and page
code (plotly, the renderer), which only ``build`` needs, when it runs.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "DEFAULT_ACTOR",
    "FORMATS",
    "LABEL_MODES",
    "PAPERS",
    "VIEWS",
    "Format",
    "LabelMode",
    "LaneMode",
    "Paper",
    "PlotlyJs",
    "View",
]

Format = Literal["html", "fragment", "png", "svg", "pdf", "json", "docx", "pptx"]
FORMATS: tuple[str, ...] = get_args(Format)
View = Literal["timeline", "plan"]
VIEWS: tuple[str, ...] = get_args(View)
PlotlyJs = Literal["inline", "cdn", "none"]
# The paper of a Word brief.
Paper = Literal["a4", "letter"]
PAPERS: tuple[str, ...] = get_args(Paper)
LaneMode = Literal["track", "actor", "group", "type", "none"]
# What the timeline writes beside its markers: every title that fits and numbers for the rest
# (auto), every title (all), key events' titles only (key), numbers only, or nothing.
LabelMode = Literal["auto", "all", "key", "numbers", "none"]
LABEL_MODES: tuple[str, ...] = get_args(LabelMode)
# The actor of imported events whose format names none (``timeline import --actor``).
DEFAULT_ACTOR = "unknown"
