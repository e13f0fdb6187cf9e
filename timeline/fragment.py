"""A chart as HTML to paste into a page: the chart's ``<div>`` and the script that draws it,
plotly.js (inline, from its CDN, or left to the page), and the events as a table. The full
page (:mod:`timeline.export`) is made of the same pieces.

Fragments have no blank line, so Markdown keeps one as a single raw HTML block (CommonMark
ends an HTML block at the first blank line), and their ids come from their content, so two
different charts on one page do not collide and the same chart gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, get_args

from timeline.choices import PlotlyJs
from timeline.drawing import DEFAULT_TITLE, KEY_LABEL, WEBGL_MIN_EVENTS, figure_dict
from timeline.large_table import table_events, table_note
from timeline.model import Event
from timeline.progress import NOT_STARTED, StageProgress

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "CONFIG",
    "PLOTLYJS_MODES",
    "PlotlyJs",
    "chart_script",
    "check_div_id",
    "events_table",
    "figure_json",
    "fragment_html",
    "plans_section",
    "plotlyjs_tag",
    "with_chart_id",
]

PLOTLYJS_MODES: tuple[str, ...] = get_args(PlotlyJs)

CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
    "toImageButtonOptions": {"filename": "timeline", "scale": 2},
}
_DIV_ID = re.compile(r"[A-Za-z0-9_-]+")
HTML_MARGIN_TOP = 44  # above the plot, once the title is in HTML: range buttons, "as of"
# Stands for the chart's id until the markup is complete and the id can be derived from it.
# Letters only, so escaping for HTML or JSON leaves it as it is.
ID_PLACEHOLDER = "timeline-chart-id-placeholder-7c1f"

# Draws the chart once plotly.js is there, and opens an event's source on click (http and
# https only), which plotly.js cannot do by itself. When plotly.js comes in a script tag
# just before, it is there or it failed; a fragment for a page that loads plotly.js itself
# may run first, so it waits until the page has loaded, and ten seconds more for scripts
# added later, before saying the chart cannot be drawn.
SCRIPT = """\
(function () {
  "use strict";
  var gd = document.getElementById(%(id)s);
  var figure = %(figure)s;
  function draw() {
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
  }
  var waited = %(patience)s;
  (function start() {
    if (window.Plotly) {
      draw();
    } else if (waited > 10000) {
      gd.textContent = %(missing)s;
    } else {
      if (document.readyState === "complete") { waited += 100; }
      setTimeout(start, 100);
    }
  })();
})();
"""

FRAGMENT_STYLE = (
    ".negotiation-timeline .chart-title { margin: 0; font-size: 1.05em; line-height: 1.3; }"
    " .negotiation-timeline .chart-subtitle { font-size: 0.85em; color: #4a5560; }"
    " .negotiation-timeline details { margin: 4px 0 16px; }"
    " .negotiation-timeline summary { cursor: pointer; color: #0b5cad; }"
    " .negotiation-timeline .table-scroll { overflow-x: auto; }"
    " .negotiation-timeline table { border-collapse: collapse; width: 100%; font-size: 0.9em; }"
    " .negotiation-timeline th, .negotiation-timeline td { text-align: left;"
    " vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e4e7eb; }"
    " .negotiation-timeline .note, .negotiation-timeline .summary { color: #4a5560; }"
    " .negotiation-timeline .contested { color: #9a3412; font-weight: 600; }"
    " .negotiation-timeline td ul { margin: 2px 0 0; padding-left: 1.1em; }"
)


def check_div_id(value: str) -> str:
    """``value`` if it can be the chart's HTML id (letters, digits, ``-``, ``_``), else
    :class:`ValueError`: the id goes into the page's markup and script."""
    if not _DIV_ID.fullmatch(value) or not value.isascii():
        raise ValueError(f"{value!r} cannot be a div id: use only letters, digits, '-' and '_'")
    return value


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    """User text as HTML content: escaped, line breaks kept as ``<br>`` (and no blank line
    in the markup)."""
    return "<br>".join(html.escape(line, quote=True) for line in value.splitlines())


def _link(url: str | None, text: str) -> str:
    """A link for http(s) URLs only; anything else stays plain text."""
    if url and urllib.parse.urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{_attr(url)}" rel="noopener noreferrer">{_text(text)}</a>'
    return _text(text)


def _time(event: Event) -> str:
    def one(date: Any) -> str:
        # The datetime attribute takes a valid date string: EDTF's "~" is not part of it.
        machine = date.iso().rstrip("~")
        return f'<time datetime="{_attr(machine)}">{_text(date.human())}</time>'

    if event.end is None:
        return one(event.date)
    return f"{one(event.date)} to {one(event.end)}"


def _event_row(event: Event, row_id: str) -> str:
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
        f'<tr id="{_attr(row_id)}">'
        f'<td class="date">{_time(event)}</td>'
        f'<td class="event">{"".join(cells)}</td>'
        f"<td>{_text(event.type)}{stage}</td>"
        f"<td>{_text(', '.join(event.actors))}</td>"
        f"<td>{_text(event.track or '')}</td>"
        f"<td>{f'<ul>{sources}</ul>' if sources else ''}</td>"
        "</tr>"
    )


def events_table(events: Sequence[Event], row_prefix: str = "event-") -> str:
    """The events as an HTML table, one row each with the id ``row_prefix`` + event id; a
    large timeline's lists only some, and says so (:mod:`timeline.large`)."""
    note = ""
    if len(events) >= WEBGL_MIN_EVENTS:
        listed = table_events(events)
        note = f'<p class="note">{_text(table_note(len(events), len(listed)))}</p>\n'
        events = listed
    rows = "\n".join(_event_row(event, f"{row_prefix}{event.id}") for event in events)
    return note + (
        '<div class="table-scroll"><table>\n'
        "<thead><tr><th scope='col'>Date</th><th scope='col'>Event</th>"
        "<th scope='col'>Type</th><th scope='col'>Actors</th><th scope='col'>Track</th>"
        "<th scope='col'>Sources</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table></div>"
    )


def plans_section(
    progress: Sequence[StageProgress],
    row_prefix: str = "event-",
    *,
    headings: bool = True,
    linked: Sequence[Event] | None = None,
) -> str:
    """Where each plan stands, as a list of its stages: a ``Plans`` section with headings
    for a page, or without headings inside a fragment. A stage's latest event is linked to
    its row when ``linked`` (default: every event) has it."""
    if not progress:
        return ""
    rows = None if linked is None else {event.id for event in linked}
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    parts = ["<section><h2>Plans</h2>" if headings else "<div class='plans'>"]
    for stages in plans.values():
        plan = stages[0].plan
        parties = f"Parties: {_text(', '.join(plan.parties))}"
        if headings:
            parts.append(f"<h3>{_text(plan.title)}</h3><p class='note'>{parties}</p><ol>")
        else:
            parts.append(
                f"<p><b>{_text(plan.title)}</b><br><span class='note'>{parties}</span></p><ol>"
            )
        for stage in stages:
            if stage.since is None:
                state = f"<span class='status'>{NOT_STARTED}</span>"
            else:
                last = stage.changes[-1]
                title = _text(last.event.title)
                if rows is None or last.event.id in rows:
                    title = f'<a href="#{_attr(row_prefix + last.event.id)}">{title}</a>'
                state = (
                    f"<span class='status'>{_text(last.status)}</span> on "
                    f"{_text(last.date.human())} ({title})"
                )
            parts.append(f"<li>{_text(stage.stage.title)}: {state}</li>")
        parts.append("</ol>")
    parts.append("</section>" if headings else "</div>")
    return "\n".join(parts)


def plotlyjs_tag(mode: PlotlyJs, *, single_block: bool = False) -> str:
    """The script tag that loads plotly.js: ``inline`` (in the page, opens offline), ``cdn``
    (from cdn.plot.ly with an integrity hash) or ``none`` (the page loads it).

    plotly.js has blank lines in its source; with ``single_block`` an inline copy goes in a
    ``data:`` URL, which has none, so Markdown keeps the fragment in one piece.
    """
    if mode == "none":
        return ""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    source = get_plotlyjs()
    if mode == "cdn":
        digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
        url = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
        return (
            f'<script src="{url}" integrity="sha256-{digest}" crossorigin="anonymous" '
            'charset="utf-8"></script>'
        )
    if single_block:
        encoded = base64.b64encode(source.encode("utf-8")).decode("ascii")
        return f'<script src="data:text/javascript;base64,{encoded}"></script>'
    # The bundle never contains "</script"; plotly's own to_html inlines it the same way.
    return f"<script>{source}</script>"


def untitled(layout: dict[str, Any]) -> int:
    """Take the title out of a figure's ``layout`` (a dict) for a page that shows it as HTML,
    which wraps on a phone where plotly.js would cut it; the chart keeps only the room its
    range buttons or "as of" line need. Returns the chart's new height in pixels."""
    old_top = layout.get("margin", {}).get("t", HTML_MARGIN_TOP)
    layout["title"] = {"text": ""}
    layout.setdefault("margin", {})["t"] = HTML_MARGIN_TOP
    height = int(layout.get("height", 600) - old_top + HTML_MARGIN_TOP)
    layout["height"] = height
    return height


def figure_json(data: dict[str, Any], layout: dict[str, Any]) -> str:
    """The figure and the chart's config as JSON for the script: the stdlib engine, not
    orjson, so the bytes do not depend on which JSON library is installed.

    Only ``<`` is escaped (``\\u003c``): that alone keeps ``</script>`` and ``<!--`` out of
    the script element. Text stays UTF-8 and ``/`` and ``>`` as they are, which makes the
    data of a large timeline about a sixth smaller than plotly's own escaping.
    """
    figure = {"data": data, "layout": layout, "config": CONFIG}
    try:
        text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    except TypeError:  # numbers or dates of numpy, pandas...: a figure the user made
        text = ""
    # plotly's encoder (40 ms to import) writes what the stdlib writes, unless the figure
    # holds such values, or NaN or infinity, which it writes as null.
    if not text or "NaN" in text or "Infinity" in text:
        from plotly.utils import PlotlyJSONEncoder

        text = json.dumps(figure, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # U+2028 and U+2029 end a line in older JavaScript, even inside a string.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def with_chart_id(markup: str, placeholder: str = ID_PLACEHOLDER) -> tuple[str, str]:
    """Put an id derived from ``markup`` in place of ``placeholder`` (the same markup, the
    same id; two different charts, two ids); returns the id and the markup."""
    digest = hashlib.sha256(markup.encode("utf-8")).hexdigest()
    div_id = f"timeline-{digest[:12]}"
    return div_id, markup.replace(placeholder, div_id)


def chart_script(div_id: str, figure: str, *, missing: str, wait: bool = False) -> str:
    """The script that draws ``figure`` (JSON from :func:`figure_json`) into ``div_id``;
    with ``wait``, it waits for plotly.js to be loaded later in the page."""
    return SCRIPT % {
        "id": json.dumps(div_id),
        "figure": figure,
        "key_label": json.dumps(KEY_LABEL),
        "missing": json.dumps(missing),
        "patience": "0" if wait else "10001",
    }


def _chart_div(div_id: str, height: int, label: str) -> str:
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"\n'
        f' role="img" aria-label="{_attr(label)}"\n></div>'
    )


def fragment_html(
    figure: go.Figure | dict[str, Any],
    events: Sequence[Event] = (),
    *,
    progress: Sequence[StageProgress] = (),
    plotlyjs: PlotlyJs = "cdn",
    div_id: str | None = None,
    table: bool = True,
) -> str:
    """The chart as a ``<div>`` to paste into a page: the chart with its title and, with
    ``table``, the plans and ``events`` as a list that opens under it; then plotly.js
    (``plotlyjs``) and the script that draws the chart.

    ``figure`` is a plotly figure or its :func:`~timeline.render.figure_dict` (which the
    fragment takes over). The div id is ``div_id`` (checked by :func:`check_div_id`) or
    derived from the content.
    """
    data = figure if isinstance(figure, dict) else figure_dict(figure)
    layout = data["layout"]
    meta = layout.get("meta") or {}
    title = str(meta.get("title") or DEFAULT_TITLE)
    subtitle = str(meta.get("subtitle") or "")
    height = untitled(layout)
    chart = figure_json(data.get("data", []), layout)
    the_id = ID_PLACEHOLDER if div_id is None else check_div_id(div_id)
    details = ""
    if table and (events or progress):
        if meta.get("view") == "plan":
            what = "Each stage's status and the events that set it, as a list"
        else:
            what = (
                f"The {len(events)} event{'' if len(events) == 1 else 's'} in this chart, as a list"
            )
        prefix = f"{the_id}-"
        body = [
            plans_section(progress, prefix, headings=False, linked=events),
            events_table(events, prefix) if events else "",
        ]
        details = (
            f"<details><summary>{_text(what)}</summary>\n"
            + "".join(f"{part}\n" for part in body if part)
            + "</details>"
        )
    below = " The same information is listed below." if details else ""
    label = f"Interactive chart: {title}.{below}"
    missing = f"The chart needs plotly.js, which could not be loaded.{below}"
    heading = f'<p class="chart-title"><b>{_text(title)}</b>' + (
        f'<br><span class="chart-subtitle">{_text(subtitle)}</span>' if subtitle else ""
    )
    # A host page that typesets TeX with MathJax must leave user text alone: "$...$" in a
    # summary is text, and \href{javascript:...} in it must never become a link.
    parts = [
        '<div class="negotiation-timeline mathjax_ignore tex2jax_ignore">',
        f"<style>{FRAGMENT_STYLE}</style>",
        f"{heading}</p>",
        _chart_div(the_id, height, label),
        "<noscript><p>The interactive chart needs JavaScript.</p></noscript>",
        details,
        plotlyjs_tag(plotlyjs, single_block=True),
        f"<script>\n{chart_script(the_id, chart, missing=missing, wait=plotlyjs == 'none')}"
        "</script>",
        "</div>",
    ]
    markup = "\n".join(part for part in parts if part) + "\n"
    if div_id is None:
        _, markup = with_chart_id(markup)
    return markup
