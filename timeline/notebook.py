"""Charts in Jupyter: the chart, and its plans and events as a list that opens under it
(the fragment of :func:`timeline.pages.fragment_html`), with plotly.js sent to the notebook
once.

The first chart a kernel shows carries plotly.js in its output, run only where the page has
no ``window.Plotly`` yet; later ones carry none and draw with it, so a notebook of twenty
charts holds one copy of plotly.js (4.8 MB), not twenty, and opens offline, as plotly's own
``notebook`` renderer does. plotly.js is run with ``define`` hidden, so that where the
classic notebook has RequireJS it still becomes ``window.Plotly`` rather than an AMD module
no one asks for. A notebook whose first chart's output was cleared, then reopened, loads
plotly.js again when it is run again: a fresh kernel sends it with its first chart.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timeline.pages import fragment_html

if TYPE_CHECKING:
    from timeline.model import Event
    from timeline.progress import StageProgress

__all__ = ["mimebundle", "notebook_html", "plotlyjs_once"]

_sent = threading.Event()


def plotlyjs_once() -> str:
    """A script that runs plotly.js where the page has none yet, the first time it is asked
    for in this process; ``""`` afterwards."""
    if _sent.is_set():
        return ""
    _sent.set()
    from plotly.offline import get_plotlyjs

    source: str = get_plotlyjs()
    return (
        '<script type="text/javascript">\n'
        "if (!window.Plotly) {\n"
        "(function (define, module, exports) {\n"
        f"{source}\n"
        "}).call(window);\n"
        "}\n"
        "</script>\n"
    )


def notebook_html(
    figure: dict[str, Any],
    events: Sequence[Event] = (),
    progress: Sequence[StageProgress] = (),
) -> str:
    """The chart for a notebook's output: plotly.js (once, see :func:`plotlyjs_once`), then
    the chart with its plans and events in a ``<details>`` under it."""
    fragment = fragment_html(figure, events, progress=progress, plotlyjs="none", table=True)
    return plotlyjs_once() + fragment


def mimebundle(
    figure: dict[str, Any],
    events: Sequence[Event],
    progress: Sequence[StageProgress],
    text: str,
) -> dict[str, str]:
    """What Jupyter shows: the chart as HTML, and ``text`` where HTML is not shown."""
    return {"text/html": notebook_html(figure, events, progress), "text/plain": text}
