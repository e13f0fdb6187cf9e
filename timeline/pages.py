"""A chart as HTML: the full page, the fragment to paste into a page, and the HTML of a
TimelineJS slide; the one place where text becomes markup.

Markup comes from the Jinja2 templates in ``timeline/templates/``, rendered with autoescaping
on, so that every value a template shows is escaped unless the template says otherwise; the
page and the fragment take their styles from ``timeline/static/timeline.css`` and the script
that draws the chart from ``timeline/static/timeline.js``. Text reaches a script only as JSON,
through :func:`script_json`.

The same chart gives the same bytes: the chart's id, unless given, is derived from the markup
(:func:`with_chart_id`), so two different charts on one page do not collide.

Jinja2 is imported on first render: the commands that only read records start without it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import struct
import urllib.parse
import zlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, get_args

# MarkupSafe (Jinja2's own escaping types) is light; Jinja2 itself is imported on first render.
from markupsafe import Markup

from timeline.choices import PlotlyJs
from timeline.dates import PartialDate
from timeline.drawing import (
    DEFAULT_TITLE,
    KEY_LABEL,
    NUMBER_LABEL,
    WEBGL_MIN_EVENTS,
    figure_dict,
    summary_line,
    webgl_note,
)
from timeline.drawing.webgl import page_columns
from timeline.large_table import table_events, table_note
from timeline.model import Event, Plan, Source
from timeline.plotly_bundle import Bundle, bundle_for
from timeline.progress import NOT_STARTED, StageProgress
from timeline.vocabulary import TYPE_NAMES

if TYPE_CHECKING:
    import jinja2
    import plotly.graph_objects as go

__all__ = [
    "CONFIG",
    "ID_PLACEHOLDER",
    "PACK_FIGURE_BYTES",
    "PAGE_NEEDS_PLOTLYJS",
    "PLOTLYJS_MODES",
    "PlotlyJs",
    "chart_placeholder",
    "chart_script",
    "check_div_id",
    "figure_json",
    "fragment_html",
    "packed_figure",
    "page_html",
    "print_html",
    "script_json",
    "slide_headline",
    "slide_text",
    "stylesheet",
    "untitled",
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
# Stands for the chart's id until the markup is complete and the id can be derived from it
# (see chart_placeholder, which makes it unique). Letters, digits and "-" only, so escaping
# for HTML or JSON leaves it as it is.
ID_PLACEHOLDER = "timeline-chart-id-placeholder-7c1f"
# The names timeline.js leaves for the values of one chart (see chart_script).
_SCRIPT_SLOTS = re.compile(r"\b(CHART_ID|FIGURE|KEY_LABEL|NUMBER_LABEL|MISSING|PATIENCE)\b")
_SECTION = "/* @section "
PAGE_NEEDS_PLOTLYJS = "plotlyjs none is for fragments: a page must load plotly.js (inline or cdn)"


def check_social_image(url: str) -> str:
    """``url`` if a link preview may load it: an absolute http(s) address without white
    space, quotes, backslashes or user names (a preview card is fetched by other sites'
    crawlers, which must find the same host a browser would); :class:`ValueError` otherwise."""
    parts = urllib.parse.urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or _BAD_URL_CHAR.search(url) is not None
    ):
        raise ValueError(
            f"the social image must be an absolute http:// or https:// address, not {url!r}"
        )
    return url


_BAD_URL_CHAR = re.compile(r"[\s\x00-\x1f\x7f\\\"'<>`]")


def check_div_id(value: str) -> str:
    """``value`` if it can be the chart's HTML id (letters, digits, ``-``, ``_``), else
    :class:`ValueError`: the id goes into the page's markup and script."""
    if not _DIV_ID.fullmatch(value) or not value.isascii():
        raise ValueError(f"{value!r} cannot be a div id: use only letters, digits, '-' and '_'")
    return value


def _escape(value: Any) -> Markup:
    """How the templates escape a value: in full, quotes too, spelt ``&quot;`` and ``&#x27;``
    as the pages always have (the standard library's spelling; MarkupSafe's is ``&#34;``),
    so a rebuild of the same events gives the same bytes and the same chart id.

    It is the environment's ``finalize``, which Jinja2 applies to every ``{{ }}`` before
    autoescaping: what it returns is Markup, which autoescaping leaves as it is. Markup a
    template made (a macro's output, a value marked ``safe``) is left alone."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def _lines(value: str) -> Markup:
    """User text as HTML content: escaped as :func:`_escape` does, its line breaks kept as
    ``<br>``."""
    return Markup("<br>".join([html.escape(line, quote=True) for line in value.splitlines()]))


def _readable_quotes(value: str) -> Markup:
    """Text for an element's content (never an attribute) with its quotes left as they are:
    ``&``, ``<`` and ``>`` are all that can make markup there."""
    return Markup(html.escape(value, quote=False))


def _web_url(url: str | None) -> bool:
    """Whether ``url`` is http(s), the only links a page makes."""
    return bool(url) and urllib.parse.urlsplit(url or "").scheme.lower() in ("http", "https")


def _machine_date(date: PartialDate) -> str | None:
    """A ``<time>``'s datetime: HTML's year, month, week or date strings, with no ``~``. HTML
    has no range of days: one gives the month its days share, else ``None`` (no ``<time>``)."""
    first, last = date.first_day, date.last_day
    if date.week is None and first is not None and last is not None:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}"
        return None
    return date.iso().rstrip("~")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("timeline", "templates"),
        autoescape=True,
        finalize=_escape,
        # Block tags on their own lines leave no trace, and a file's last newline is kept:
        # the templates are laid out for reading, the output byte for byte as it has been.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["web_url"] = _web_url
    environment.filters["lines"] = _lines
    environment.filters["readable_quotes"] = _readable_quotes
    environment.filters["machine_date"] = _machine_date
    environment.globals["not_started"] = NOT_STARTED
    environment.filters["type_name"] = lambda name: TYPE_NAMES.get(name, name)
    return environment


@cache
def _static(name: str) -> str:
    return (resources.files("timeline") / "static" / name).read_text(encoding="utf-8")


@cache
def stylesheet(section: str) -> str:
    """The rules of ``section`` of ``timeline.css``: ``page`` as they are written, one a line;
    ``fragment`` on one line, since a fragment has no blank line."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _static("timeline.css").splitlines():
        if line.startswith(_SECTION):
            current = sections.setdefault(line.removeprefix(_SECTION).split()[0], [])
        elif current is not None:
            current.append(line)
    if section == "fragment":
        return " ".join(line.strip() for line in sections[section])
    return "".join(f"{line}\n" for line in sections[section])


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


def _safe_for_script(text: str) -> str:
    # Only "<" is escaped (\u003c): that alone keeps "</script>" and "<!--" out of the script
    # element. U+2028 and U+2029 end a line in older JavaScript, even inside a string.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script_json(value: Any) -> str:
    """``value`` as JSON to write inside a ``<script>``: text stays UTF-8, and nothing in it
    can end the script element."""
    return _safe_for_script(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def figure_json(
    data: list[dict[str, Any]], layout: dict[str, Any], columns: dict[str, Any] | None = None
) -> str:
    """The figure and the chart's config as JSON for the script (:func:`script_json`): the
    stdlib engine, not orjson, so the bytes do not depend on which JSON library is installed.
    With ``columns``, the customdata the script puts back in the traces
    (:func:`~timeline.drawing.webgl.page_columns`).

    Text stays UTF-8 and ``/`` and ``>`` as they are, which makes the data of a large timeline
    about a sixth smaller than plotly's own escaping.
    """
    figure = {"data": data, "layout": layout, "config": CONFIG}
    if columns:
        figure["columns"] = columns
    try:
        text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    except TypeError:  # numbers or dates of numpy, pandas...: a figure the user made
        text = ""
    # plotly's encoder (40 ms to import) writes what the stdlib writes, unless the figure
    # holds such values, or NaN or infinity, which it writes as null.
    if not text or "NaN" in text or "Infinity" in text:
        from plotly.utils import PlotlyJSONEncoder

        text = json.dumps(figure, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return _safe_for_script(text)


def chart_placeholder() -> str:
    """A stand-in for a chart's id that no record holds: :data:`ID_PLACEHOLDER` and 32 random
    hex digits, new each time.

    A record may hold :data:`ID_PLACEHOLDER` itself (typed into a title, say), which must stay
    as typed; nobody can type digits drawn after the record was written.
    """
    return f"{ID_PLACEHOLDER}-{secrets.token_hex(16)}"


def with_chart_id(markup: str, placeholder: str = ID_PLACEHOLDER) -> tuple[str, str]:
    """Put an id derived from ``markup`` in place of ``placeholder`` (the same markup, the
    same id; two different charts, two ids); returns the id and the markup.

    The id is derived from the markup as it reads with :data:`ID_PLACEHOLDER` in place of
    ``placeholder``, so a random one (:func:`chart_placeholder`) gives the same id every time.
    """
    stable = markup.replace(placeholder, ID_PLACEHOLDER)
    digest = hashlib.sha256(stable.encode("utf-8")).hexdigest()
    div_id = f"timeline-{digest[:12]}"
    return div_id, markup.replace(placeholder, div_id)


def chart_script(
    div_id: str, figure: str, *, missing: str, wait: bool = False, unpacker: bool = False
) -> str:
    """The script that draws ``figure`` (JSON from :func:`figure_json`) into ``div_id``;
    with ``wait``, it waits for plotly.js to be loaded later in the page.

    ``timeline.js`` draws the chart once plotly.js is there, and opens an event's source on
    click (http and https only), which plotly.js cannot do by itself. When plotly.js comes in
    a script tag just before, it is there or it failed; a fragment for a page that loads
    plotly.js itself may run first, so it waits until the page has loaded, and ten seconds
    more for scripts added later, before saying the chart cannot be drawn. Its upper-case
    names (``CHART_ID``, ``FIGURE``...) stand for this chart's values, each written as JSON.
    With ``unpacker`` the script first defines ``timelineUnpack``, which a packed figure
    (:func:`packed_figure`) needs.
    """
    values = {
        "CHART_ID": script_json(div_id),
        "FIGURE": figure,
        "KEY_LABEL": script_json(KEY_LABEL),
        "NUMBER_LABEL": script_json(NUMBER_LABEL),
        "MISSING": script_json(missing),
        "PATIENCE": "0" if wait else "10001",
    }
    # One pass: a value that happens to contain a slot's name is not filled in again.
    script = _SCRIPT_SLOTS.sub(lambda match: values[match[1]], _static("timeline.js"))
    return _unpacker() + script if unpacker else script


def _plotlyjs(
    mode: PlotlyJs, traces: Iterable[Mapping[str, Any]], *, single_block: bool = False
) -> dict[str, str]:
    """What the template needs to load plotly.js: ``inline`` (in the page, opens offline),
    ``cdn`` (from cdn.plot.ly with an integrity hash) or ``none`` (the page loads it); the
    smallest bundle that draws ``traces`` (:mod:`timeline.plotly_bundle`).

    A page carries the basic bundle as it is, and any larger one packed (:func:`_packed`,
    a third of its size), unpacked at once by the script that carries it. Measured in
    headless Chromium (15 loads of each page in turns, medians), the basic bundle packed made
    the sample's page and a 100-event page draw 70 to 90 ms later (the main thread itself
    spent 6 to 15 ms more), so an SVG page keeps it as it is; what a long page packs is its
    figure (:func:`packed_figure`). Unpacking with the browser's own
    ``DecompressionStream``, which is asynchronous, had let the browser lay out the events
    table first, and a 1,000-event page drew 0.6 to 1.4 s later.

    plotly.js has blank lines in its source; with ``single_block`` (a fragment) an inline
    copy goes in a ``data:`` URL, which has none, so Markdown keeps the fragment in one
    piece, and runs before the fragment's own script in any page that takes it.
    """
    tag = dict.fromkeys(("url", "digest", "base64", "packed", "source"), "")
    if mode == "none":
        return tag
    if mode == "cdn":
        served = bundle_for(traces, cdn=True)
        digest = hashlib.sha256(served.source.encode("utf-8")).digest()
        url = served.cdn_url or ""
        return {**tag, "url": url, "digest": base64.b64encode(digest).decode()}
    bundle = bundle_for(traces)
    if single_block:
        return {**tag, "base64": base64.b64encode(bundle.source.encode("utf-8")).decode("ascii")}
    if bundle.name == "basic":
        return {**tag, "source": bundle.source}
    return {**tag, "packed": _packed(bundle)}


# A gzip member's header: magic, deflate, no flags, no time, then the compression (best or
# default, see _gzip_base64), OS unknown.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00%c\xff"
# An inline page packs its chart's figure from this size of its JSON on (about 200 SVG
# events): a 1,000-event figure of 1.2 MB becomes 0.2 MB and is read as soon (unpacking it
# and JSON.parse took as much of the browser's main thread as reading a script's literal,
# 40 to 50 ms); a 100,000-event WebGL figure of 18 MB became 3.9 MB, and the page was drawn
# 5% sooner (with its hover texts in columns, 15 MB becomes 3.6 MB); a small one would
# save little for fflate's 33 kB, and stays readable in the page's source.
PACK_FIGURE_BYTES = 256_000
# The figure is deflated at zlib's default level, not the best: at 100,000 events the best
# takes 0.85 s where the default takes 0.34 s, for 1.4% fewer bytes.
_FIGURE_LEVEL = 6


def _gzip_base64(text: str, level: int = 9) -> str:
    """``text`` as UTF-8, gzip-compressed and in base64, for ``timelineUnpack`` in the page
    (``unpack.js``).

    The gzip member is written here (RFC 1952) rather than by :func:`gzip.compress`, whose
    header names the operating system differently from one Python to another: no time, no
    file name, OS "unknown", deflate at ``level``. The same text gives the same bytes.
    """
    data = text.encode("utf-8")
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = deflate.compress(data) + deflate.flush()
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    header = _GZIP_HEADER % (2 if level == 9 else 0)
    return base64.b64encode(header + body + trailer).decode("ascii")


@cache
def _unpacker() -> str:
    """The script that leaves the page ``timelineUnpack`` (``unpack.js``, with fflate)."""
    return _static("unpack.js").replace("FFLATE\n", _static("fflate/fflate.min.js") + "\n", 1)


@cache
def _packed(bundle: Bundle) -> str:
    """The script that unpacks and runs ``bundle`` in the browser (``inflate.js``, after
    :func:`_unpacker`): its source gzip-compressed and in base64, about a third of its size
    (1.4 MB becomes 0.6 MB); compressed when the bundle was built, if it was."""
    if bundle.gzipped is not None:
        packed = json.dumps(base64.b64encode(bundle.gzipped).decode("ascii"))
    else:
        packed = json.dumps(_gzip_base64(bundle.source))
    return _unpacker() + _static("inflate.js").replace("PACKED", packed, 1)


def packed_figure(figure: str) -> str:
    """The chart script's figure (JSON from :func:`figure_json`) packed: the expression that
    unpacks it with ``timelineUnpack``, which :func:`chart_script` defines before it when
    given ``unpacker``. A sixth of the JSON's size or less."""
    packed = json.dumps(_gzip_base64(figure, _FIGURE_LEVEL))
    return f"JSON.parse(window.timelineUnpack({packed}))"


def _table(events: Sequence[Event], progress: Sequence[StageProgress] = ()) -> dict[str, Any]:
    """The events table's rows, its note (a large timeline's lists only some, see
    :mod:`timeline.drawing.webgl`, and says so), and the titles of the stages the events
    move, which the table shows instead of their ids."""
    stages = {f"{p.plan.id}/{p.stage.id}": p.stage.title for p in progress}
    if len(events) >= WEBGL_MIN_EVENTS:
        listed = table_events(events)
        note = table_note(len(events), len(listed))
        return {"rows": listed, "table_note": note, "stage_titles": stages}
    return {"rows": list(events), "table_note": "", "stage_titles": stages}


def _plan_groups(progress: Sequence[StageProgress]) -> list[tuple[Plan, list[StageProgress]]]:
    """The stages, plan by plan, in the order the plans come."""
    plans: dict[str, list[StageProgress]] = {}
    for stage in progress:
        plans.setdefault(stage.plan.id, []).append(stage)
    return [(stages[0].plan, stages) for stages in plans.values()]


def _render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)


def chart_key(meta: dict[str, Any]) -> list[tuple[int, str, str]]:
    """The key to the numbers a timeline shows, or may show, beside its events: ``(number,
    date, title)`` in the chart's numbering (:func:`timeline.drawing.numbered`), from the
    figure itself, so a chart and its figure give the same page; none when it shows no
    numbers (labels "key" or "none", a plan view, a WebGL timeline)."""
    if meta.get("view") != "timeline":
        return []
    return [(entry[0], entry[1], entry[2]) for entry in meta.get("key") or []]


def page_html(
    figure: go.Figure | dict[str, Any],
    events: Sequence[Event],
    *,
    progress: Sequence[StageProgress] = (),
    plotlyjs: PlotlyJs = "inline",
    title: str | None = None,
    table: bool = True,
    div_id: str | None = None,
    social_image: str | None = None,
    controls: str = "",
    script_after: str = "",
) -> str:
    """The full page: title, chart, and with ``table`` the plans and the events table, with
    plotly.js inlined (``inline``, opens offline) or linked from its CDN with an integrity
    hash (``cdn``). ``social_image``, the web address of a picture of the chart, becomes the
    page's link-preview card (Open Graph and Twitter tags). ``controls`` (markup under the
    chart) and ``script_after`` (at the end of the body) are what :mod:`timeline.following`
    adds: markup made by this package, never record text unescaped.

    ``figure`` is a plotly figure or its :func:`~timeline.drawing.figure_dict` (which the page
    takes over). The chart's id is ``div_id`` or derived from the page's content, so the same
    events give the same bytes.
    """
    if plotlyjs == "none":
        raise ValueError(PAGE_NEEDS_PLOTLYJS)
    if div_id is not None:
        check_div_id(div_id)
    if social_image is not None:
        check_social_image(social_image)
    data = figure if isinstance(figure, dict) else figure_dict(figure)
    layout = data["layout"]
    meta = layout.get("meta") or {}
    height = untitled(layout)
    # A long chart's figure, packed in an inline page (see PACK_FIGURE_BYTES). A WebGL
    # chart's always is, with its events' hover texts in columns, written once where they
    # repeat (a 100,000-event page is drawn sooner: see page_columns): its thousands of
    # events make it long, and its page carries the unpacker for plotly.js anyway.
    if plotlyjs == "inline" and meta.get("webgl"):
        traces, columns = page_columns(data.get("data", []))
        chart_json = packed_figure(figure_json(traces, layout, columns))
        packed = True
    else:
        chart_json = figure_json(data.get("data", []), layout)
        packed = plotlyjs == "inline" and len(chart_json) >= PACK_FIGURE_BYTES
        if packed:
            chart_json = packed_figure(chart_json)
    missing = "The chart needs plotly.js, which could not be loaded." + (
        " The events are listed below." if table else ""
    )
    chart_id = div_id or chart_placeholder()
    bundle_tag = _plotlyjs(plotlyjs, data.get("data", []))
    page = _render(
        "page.html.j2",
        title=title or meta.get("title") or DEFAULT_TITLE,
        subtitle=meta.get("subtitle") or summary_line(events),
        style=stylesheet("page"),
        chart_id=chart_id,
        height=height,
        plan=meta.get("view") == "plan",
        table=table,
        social_image=social_image,
        webgl_note=webgl_note(len(events)) if meta.get("webgl") else "",
        plotlyjs=bundle_tag,
        plotlyjs_first=plotlyjs == "inline",
        # A packed plotly.js brings the unpacker with it: the figure needs no second copy.
        script=chart_script(
            chart_id, chart_json, missing=missing, unpacker=packed and not bundle_tag["packed"]
        ),
        plan_groups=_plan_groups(progress),
        controls=Markup(controls.rstrip("\n")),
        script_after=Markup(script_after.rstrip("\n")),
        key=chart_key(meta),
        key_shown={entry[0] for entry in meta.get("key") or [] if entry[3]},
        **_table(events, progress),
    )
    if div_id is None:
        _, page = with_chart_id(page, chart_id)
    return page


def print_html(
    chart_svg: bytes,
    events: Sequence[Event],
    *,
    progress: Sequence[StageProgress] = (),
    title: str | None = None,
    page_size: str = "A4",
) -> str:
    """The document a browser prints to PDF for a chart with its table: the chart as the
    still picture ``chart_svg`` (which shows the title), the plans and the events table;
    ``title`` is the document's; ``page_size`` a CSS ``@page`` size (``A4``, ``letter
    landscape``)."""
    source = "data:image/svg+xml;base64," + base64.b64encode(chart_svg).decode("ascii")
    return _render(
        "print.html.j2",
        title=title or DEFAULT_TITLE,
        style=stylesheet("page"),
        page_size=page_size,
        chart_src=source,
        chart_alt="Timeline chart; the same events are listed in the table below.",
        plan_groups=_plan_groups(progress),
        **_table(events),
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

    ``figure`` is a plotly figure or its :func:`~timeline.drawing.figure_dict` (which the
    fragment takes over). The div id is ``div_id`` (checked by :func:`check_div_id`) or
    derived from the content.
    """
    data = figure if isinstance(figure, dict) else figure_dict(figure)
    layout = data["layout"]
    meta = layout.get("meta") or {}
    title = str(meta.get("title") or DEFAULT_TITLE)
    height = untitled(layout)
    chart = figure_json(data.get("data", []), layout)
    the_id = chart_placeholder() if div_id is None else check_div_id(div_id)
    listed = ""
    if table and (events or progress):
        if meta.get("view") == "plan":
            listed = "Each stage's status and the events that set it, as a list"
        else:
            count = len(events)
            listed = f"The {count} event{'' if count == 1 else 's'} in this chart, as a list"
    below = " The same information is listed below." if listed else ""
    missing = f"The chart needs plotly.js, which could not be loaded.{below}"
    markup = _render(
        "fragment.html.j2",
        style=stylesheet("fragment"),
        title=title,
        subtitle=str(meta.get("subtitle") or ""),
        chart_id=the_id,
        height=height,
        label=f"Interactive chart: {title}.{below}",
        listed=listed,
        plan_groups=_plan_groups(progress) if listed else [],
        linked={event.id for event in events},
        plotlyjs=_plotlyjs(plotlyjs, data.get("data", []), single_block=True),
        key=chart_key(meta),
        key_shown={entry[0] for entry in meta.get("key") or [] if entry[3]},
        script=chart_script(the_id, chart, missing=missing, wait=plotlyjs == "none"),
        **(_table(events, progress) if listed else {"rows": [], "table_note": ""}),
    )
    if div_id is None:
        _, markup = with_chart_id(markup, the_id)
    return markup


def _slide_macros() -> Any:
    """The macros of ``timelinejs_slide.html.j2`` (its module, which Jinja2 keeps)."""
    return _environment().get_template("timelinejs_slide.html.j2").module


def slide_headline(title: str) -> str:
    """A TimelineJS slide's headline (HTML) for ``title``."""
    return str(_slide_macros().headline(title))


def slide_text(summary: str | None, sources: Sequence[Source], sources_class: str) -> str:
    """A TimelineJS slide's text (HTML): the summary's paragraphs, then its sources in a
    ``<ul class=sources_class>``."""
    return str(_slide_macros().text(summary, sources, sources_class))
