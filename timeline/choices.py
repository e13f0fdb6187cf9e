"""The values that ``build``'s options take, as plain types.

The command line declares its options from these without importing the drawing and page
code (plotly, the renderer), which only ``build`` needs, when it runs.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "DEFAULT_ACTOR",
    "FORMATS",
    "PAPERS",
    "VIEWS",
    "Format",
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
# The actor of imported events whose format names none (``timeline import --actor``).
DEFAULT_ACTOR = "unknown"
