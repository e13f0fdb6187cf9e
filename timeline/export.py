"""A figure as one self-contained web page: the chart, where each plan stands, and the events
as a table, written atomically. Builds of the same events give the same bytes."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from timeline.errors import CannotWrite, NothingToDraw
from timeline.model import Event, Plan
from timeline.problems import Problem
from timeline.query import EventFilter, select
from timeline.render import (
    DEFAULT_TITLE,
    KEY_LABEL,
    NOT_STARTED,
    LaneMode,
    StageProgress,
    build_figure,
    plan_progress,
    summary_line,
)
from timeline.store import atomic_write
from timeline.validate import load_checked

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["PLOTLYJS_MODES", "Built", "PlotlyJs", "build_page", "page_html", "write_page"]

PlotlyJs = Literal["inline", "cdn"]
PLOTLYJS_MODES: tuple[str, ...] = get_args(PlotlyJs)

# The page shows the title and subtitle as HTML, which wraps on a phone; the chart keeps
# only the room its range buttons need.
PAGE_MARGIN_TOP = 44
CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
    "toImageButtonOptions": {"filename": "timeline", "scale": 2},
}

STYLE = """\
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; color: #1f2328; background: #fff; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 12px 40px; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; }
h3 { font-size: 1rem; margin: 16px 0 4px; }
.subtitle { margin: 0 0 8px; color: #4a5560; }
.chart { margin: 0; }
.chart figcaption, .note { font-size: 0.875rem; color: #4a5560; }
.table-scroll { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; min-width: 720px; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid #e4e7eb; }
th { background: #f4f6f8; }
td.date { min-width: 8em; }
td.event { min-width: 18em; }
td ul { margin: 4px 0 0; padding-left: 1.1em; }
.summary { margin: 2px 0 0; color: #4a5560; }
.contested { color: #9a3412; font-weight: 600; }
.status { font-weight: 600; }
a { color: #0b5cad; }
@media print { .table-scroll { overflow: visible; border: 0; } table { min-width: 0; } }
"""

# Open an event's source on click, http/https only: plotly.js cannot do that by itself.
SCRIPT = """\
(function () {
  "use strict";
  var gd = document.getElementById(%(id)s);
  if (!window.Plotly) {
    gd.textContent = "The chart needs plotly.js, which could not be loaded. "
      + "The events are listed below.";
    return;
  }
  var figure = %(figure)s;
  if (gd.clientWidth < 480) {
    // On a phone, key labels one size smaller keep their full titles on screen, and six
    // date ticks instead of plotly.js's four keep a weekly scale over a month.
    (figure.layout.annotations || []).forEach(function (note) {
      if (note.name === %(key_label)s) { note.font.size = 11; }
    });
    figure.layout.xaxis.nticks = 6;
  }
  Plotly.newPlot(gd, figure.data, figure.layout, figure.config).then(function () {
    gd.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var data = point && point.customdata;
      var url = Array.isArray(data) ? data[0] : "";
      if (typeof url === "string" && /^https?:\\/\\//i.test(url)) {
        window.open(url, "_blank", "noopener,noreferrer");
      }
    });
    gd.setAttribute("data-ready", "true");
  });
})();
"""


@dataclass(frozen=True)
class Built:
    """What a build wrote: the page, how many events it shows, its size, load warnings."""

    path: Path
    events: int
    size: int
    warnings: list[Problem] = field(default_factory=list)


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _link(url: str | None, text: str) -> str:
    """A link for http(s) URLs only; anything else stays plain text."""
    if url and urllib.parse.urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{_text(url)}" rel="noopener noreferrer">{_text(text)}</a>'
    return _text(text)


def _time(event: Event) -> str:
    def one(date: Any) -> str:
        # The datetime attribute takes a valid date string: EDTF's "~" is not part of it.
        machine = date.iso().rstrip("~")
        return f'<time datetime="{_text(machine)}">{_text(date.human())}</time>'

    if event.end is None:
        return one(event.date)
    return f"{one(event.date)} to {one(event.end)}"


def _event_row(event: Event) -> str:
    cells = [f"<strong>{_text(event.title)}</strong>"]
    if event.key:
        cells[0] += " <span class='note'>(key event)</span>"
    if event.summary:
        cells.append(f'<p class="summary">{_text(event.summary)}</p>')
    if event.claims:
        heading = (
            '<span class="contested">Claims (the parties disagree):</span>'
            if event.contested()
            else "Claims:"
        )
        claims = "".join(
            f"<li>{_text(claim.by)} {_text(claim.stance)}: {_text(claim.says)}</li>"
            for claim in event.claims
        )
        cells.append(f"<div>{heading}<ul>{claims}</ul></div>")
    stage = ""
    if event.stage and event.status:
        stage = f"<br><span class='note'>{_text(event.status)}: {_text(event.stage)}</span>"
    sources = "".join(
        "<li>"
        + _link(source.url, source.outlet)
        + (f", {_text(source.published.human())}" if source.published else "")
        + (f": {_text(source.title)}" if source.title else "")
        + "</li>"
        for source in event.sources
    )
    return (
        f'<tr id="event-{_text(event.id)}">'
        f'<td class="date">{_time(event)}</td>'
        f'<td class="event">{"".join(cells)}</td>'
        f"<td>{_text(event.type)}{stage}</td>"
        f"<td>{_text(', '.join(event.actors))}</td>"
        f"<td>{_text(event.track or '')}</td>"
        f"<td>{f'<ul>{sources}</ul>' if sources else ''}</td>"
        "</tr>"
    )


def _events_table(events: Sequence[Event]) -> str:
    rows = "\n".join(_event_row(event) for event in events)
    return (
        '<div class="table-scroll"><table>\n'
        "<thead><tr><th scope='col'>Date</th><th scope='col'>Event</th>"
        "<th scope='col'>Type</th><th scope='col'>Actors</th><th scope='col'>Track</th>"
        "<th scope='col'>Sources</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table></div>"
    )


def _plans_section(progress: Sequence[StageProgress]) -> str:
    if not progress:
        return ""
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    parts = ["<section><h2>Plans</h2>"]
    for stages in plans.values():
        plan = stages[0].plan
        parts.append(
            f"<h3>{_text(plan.title)}</h3><p class='note'>Parties: "
            f"{_text(', '.join(plan.parties))}</p><ol>"
        )
        for stage in stages:
            if stage.since is None:
                state = f"<span class='status'>{NOT_STARTED}</span>"
            else:
                last = stage.changes[-1]
                state = (
                    f"<span class='status'>{_text(last.status)}</span> on "
                    f"{_text(last.date.human())} "
                    f'(<a href="#event-{_text(last.event.id)}">{_text(last.event.title)}</a>)'
                )
            parts.append(f"<li>{_text(stage.stage.title)}: {state}</li>")
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _plotlyjs_tag(mode: PlotlyJs) -> str:
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    source = get_plotlyjs()
    if mode == "cdn":
        digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
        url = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
        return (
            f'<script src="{url}" integrity="sha256-{digest}" crossorigin="anonymous" '
            'charset="utf-8"></script>'
        )
    # The bundle never contains "</script"; plotly's own to_html inlines it the same way.
    return f"<script>{source}</script>"


def page_html(
    figure: go.Figure,
    events: Sequence[Event],
    *,
    progress: Sequence[StageProgress] = (),
    plotlyjs: PlotlyJs = "inline",
    title: str | None = None,
) -> str:
    """The full page: title, chart, plans and the events table, with plotly.js inlined
    (``inline``, opens offline) or linked from its CDN with an integrity hash (``cdn``).

    The chart's id is derived from its content, so the same events give the same bytes.
    """
    from plotly.io.json import to_json_plotly

    data = figure.to_dict()
    layout = data["layout"]
    meta = layout.get("meta") or {}
    title = title or meta.get("title") or DEFAULT_TITLE
    subtitle = meta.get("subtitle") or summary_line(events)
    # The page shows the title as HTML; the figure keeps only room for its range buttons.
    old_top = layout.get("margin", {}).get("t", PAGE_MARGIN_TOP)
    layout["title"] = {"text": ""}
    layout.setdefault("margin", {})["t"] = PAGE_MARGIN_TOP
    height = int(layout.get("height", 600) - old_top + PAGE_MARGIN_TOP)
    layout["height"] = height
    # The stdlib engine, not orjson: bytes must not depend on which JSON library is installed.
    figure_json = to_json_plotly(
        {"data": data.get("data", []), "layout": layout, "config": CONFIG}, engine="json"
    )
    table = _events_table(events)
    plans = _plans_section(progress)
    digest = hashlib.sha256(f"{figure_json}\n{table}\n{plans}".encode()).hexdigest()
    div_id = f"timeline-{digest[:12]}"
    script = SCRIPT % {
        "id": json.dumps(div_id),
        "figure": figure_json,
        "key_label": json.dumps(KEY_LABEL),
    }
    return f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="negotiation-timeline">
<title>{_text(title)}</title>
<style>
{STYLE}</style>
</head>
<body>
<main>
<header>
<h1>{_text(title)}</h1>
<p class="subtitle">{_text(subtitle)}</p>
</header>
<figure class="chart">
<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"
 role="img" aria-label="Interactive timeline chart; the same events are listed in the table below."
></div>
<noscript><p>The interactive chart needs JavaScript; every event is listed below.</p></noscript>
<figcaption>Filled markers are events known to the day; a faint band with an open marker is an
event known only to the month, or approximately, drawn over every day it may have been. Hover or
tap an event for its sources and claims; click it to open its source when it links one. Buttons
1w, 1m, 6m and all, and the slider under the chart, set the time range; click a type in the
legend to hide or show it.</figcaption>
</figure>
{plans}
<section>
<h2>Events</h2>
{table}
</section>
</main>
{_plotlyjs_tag(plotlyjs)}
<script>
{script}</script>
</body>
</html>
"""


def write_page(
    path: Path,
    figure: go.Figure,
    events: Sequence[Event],
    *,
    progress: Sequence[StageProgress] = (),
    plotlyjs: PlotlyJs = "inline",
    title: str | None = None,
) -> int:
    """Write the page to ``path`` atomically (a failed write leaves the old file); returns
    its size in bytes. :class:`CannotWrite` when the file cannot be written."""
    payload = page_html(figure, events, progress=progress, plotlyjs=plotlyjs, title=title)
    data = payload.encode("utf-8")
    if path.is_dir():
        raise CannotWrite(f"{path} is a folder; give the page a file name with -o")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write {path}: {reason}") from None
    return len(data)


def _shown_plans(
    plans: Sequence[Plan], selected: Sequence[Event], where: EventFilter
) -> list[Plan]:
    """Every plan when only dates filter the events; otherwise the plans the selected events
    move, so ``--track europe`` does not show a US-Russia plan band."""
    if not (where.actors or where.tracks or where.types or where.tags or where.search):
        return list(plans)
    named = {event.stage.partition("/")[0] for event in selected if event.stage}
    return [plan for plan in plans if plan.id in named]


def build_page(
    root: Path,
    output: Path,
    *,
    where: EventFilter | None = None,
    lanes: LaneMode = "track",
    title: str | None = None,
    plotlyjs: PlotlyJs = "inline",
) -> Built:
    """Load and check the events under ``root``, draw those ``where`` selects, and write the
    page to ``output``.

    Plan stages take their status from every event up to ``where.until`` (not only the
    selected ones): a stage agreed before ``--since`` is still agreed.
    """
    where = where or EventFilter()
    timeline, warnings = load_checked(root)
    selected = select(timeline.events, where)
    if not selected:
        if timeline.events:
            raise NothingToDraw(
                f"none of the {len(timeline.events)} events in {root} match the filters; "
                "nothing written"
            )
        raise NothingToDraw(f"{root} has no events to draw; nothing written")
    history = select(timeline.events, EventFilter(until=where.until))
    plans = _shown_plans(timeline.plans, selected, where)
    figure = build_figure(selected, plans, lanes=lanes, title=title, history=history)
    progress = [stage for plan in plans for stage in plan_progress(plan, history)]
    size = write_page(output, figure, selected, progress=progress, plotlyjs=plotlyjs)
    return Built(output, len(selected), size, warnings)
