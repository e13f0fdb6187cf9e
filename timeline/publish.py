"""Charts of the events written as a web page, an HTML fragment, an image, figure JSON or a
briefing document (Word, PowerPoint).

:func:`chart` chooses what to draw (the filtered events as a timeline, or where the plans
stand); :func:`to_html`, :func:`to_json` and :func:`to_image` turn it into text or bytes;
:func:`write` writes any of them atomically, the format taken from the file's suffix;
:func:`write_all` writes several from one drawing, their images drawn in one browser; and
:func:`build` and :func:`build_all` are ``timeline build``: load, check, draw, write. The
same events and options give the same bytes (PNG and PDF aside, which depend on the
browser). The HTML itself is
written by :mod:`timeline.pages`; :class:`DrawOptions` holds the options of all of them.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, Unpack, cast

from timeline import pages
from timeline.choices import FORMATS, VIEWS, Format, LabelMode, LaneMode, Paper, PlotlyJs, View
from timeline.dates import PartialDate
from timeline.drawing import (
    as_figure,
    figure_dict,
    plan_spec,
    plotly_dict,
    timeline_spec,
)
from timeline.errors import CannotWrite, NoActors, NothingToDraw
from timeline.files import ACTORS_FILE
from timeline.model import Event, Plan, Timeline
from timeline.pages import (
    PAGE_NEEDS_PLOTLYJS,
    PLOTLYJS_MODES,
    check_div_id,
    check_social_image,
    fragment_html,
)
from timeline.problems import Problem
from timeline.progress import StageProgress, ordered_progress
from timeline.query import EventFilter, check_filter, ordered
from timeline.safefile import NotAFile, atomic_write, check_output
from timeline.validate import load_checked

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from timeline.changes import Changes
    from timeline.following import Followed
    from timeline.images import ImageRequest, PrintRequest

__all__ = [
    "FORMATS",
    "PLOTLYJS_MODES",
    "VIEWS",
    "Built",
    "Chart",
    "DrawOptions",
    "Format",
    "PlotlyJs",
    "Source",
    "View",
    "build",
    "build_all",
    "build_page",
    "chart",
    "check_options",
    "default_output",
    "format_for",
    "output_format",
    "page_html",
    "to_html",
    "to_image",
    "to_json",
    "write",
    "write_all",
    "write_page",
]

IMAGES = ("png", "svg", "pdf")
SUFFIXES: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".png": "png",
    ".svg": "svg",
    ".pdf": "pdf",
    ".json": "json",
    ".docx": "docx",
    ".pptx": "pptx",
}
OUTPUT_FOLDER = Path("output")
NOUNS = {"html": "page", "fragment": "fragment", "json": "JSON", "png": "image", "svg": "image"}
NOUNS.update(pdf="PDF", docx="Word document", pptx="PowerPoint deck")
BRIEFS = ("docx", "pptx")
# A brief's chart: a PNG at twice the default width, sharp at a page's or slide's width.
BRIEF_SCALE = 2


class Chart:
    """A figure, with the events and plan stages it shows, which its HTML lists as text.

    ``figure`` is a plotly figure, or the spec :func:`chart` draws (see
    :func:`timeline.drawing.timeline_spec`), of which plotly makes a figure only when
    :attr:`figure` is asked for: a page, a fragment or JSON do not need one.
    """

    def __init__(
        self,
        figure: go.Figure | dict[str, Any],
        events: tuple[Event, ...] = (),
        progress: tuple[StageProgress, ...] = (),
        followed: Followed | None = None,
    ) -> None:
        self._drawn = figure
        self.events = events
        self.progress = progress
        # As of a day, or with changes marked: what the page adds (timeline.following).
        self.followed = followed

    def __repr__(self) -> str:
        return f"Chart({len(self.events)} events, {len(self.progress)} plan stages)"

    @cached_property
    def figure(self) -> go.Figure:
        """The plotly figure."""
        if isinstance(self._drawn, dict):
            return as_figure(self._drawn)
        return self._drawn

    def to_dict(self) -> dict[str, Any]:
        """The figure as plotly's ``Figure.to_dict()`` gives it (new dicts at each call)."""
        if isinstance(self._drawn, dict):
            return plotly_dict(self._drawn)
        return figure_dict(self._drawn)

    @property
    def meta(self) -> dict[str, Any]:
        """The figure's ``layout.meta``: title, subtitle, view; ``{}`` when it has none."""
        if isinstance(self._drawn, dict):
            meta = self._drawn["layout"].get("meta")
        else:
            meta = self._drawn.layout.meta
        return meta if isinstance(meta, dict) else {}

    def _repr_html_(self) -> str:
        """The chart in Jupyter, its plans and events in a list under it, plotly.js sent to
        the notebook once (:mod:`timeline.notebook`)."""
        from timeline.notebook import notebook_html

        return notebook_html(self.to_dict(), self.events, self.progress)

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        """What Jupyter shows: :meth:`_repr_html_`, and the repr where HTML is not shown."""
        from timeline.notebook import mimebundle

        return mimebundle(self.to_dict(), self.events, self.progress, repr(self))


@dataclass(frozen=True)
class Built:
    """What a build wrote: the file, its format, how many events it shows, its size in
    bytes, its size in pixels (images), and the warnings from loading the events."""

    path: Path
    events: int
    size: int
    warnings: list[Problem] = field(default_factory=list)
    format: Format = "html"
    plans: int = 0
    stages: int = 0
    pixels: tuple[int, int] | None = None

    def describe(self) -> str:
        """``9 events, 1200x770 px, 98,765 bytes`` or ``1 plan, 4 stages, 18,002 bytes``:
        what the file holds, for a person."""
        if self.plans:
            parts = [_count(self.plans, "plan"), _count(self.stages, "stage")]
        else:  # a figure given as it is lists no events
            parts = [_count(self.events, "event")] if self.events else []
        if self.pixels:
            parts.append(f"{self.pixels[0]}x{self.pixels[1]} px")
        size = self.size
        parts.append(f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size:,} bytes")
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


Source: TypeAlias = "go.Figure | Chart | Timeline | Sequence[Event] | Path | str"


def format_for(path: Path | str) -> Format:
    """The format a file name asks for by its suffix; ``html`` for a name without one.
    :class:`ValueError`, naming the known suffixes, for a suffix the tool does not write:
    ``brief.xyz`` must not quietly become a web page."""
    suffix = Path(path).suffix
    if not suffix or suffix == ".":
        return "html"
    known = SUFFIXES.get(suffix.lower())
    if known is None:
        names = ", ".join(SUFFIXES)
        # A slip of one letter (.docs, .ppts) is named, as unknown filter values are.
        close = difflib.get_close_matches(suffix.lower(), list(SUFFIXES), n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(
            f"{path}: the tool does not know the extension {suffix}{hint}; use one of {names}, "
            "or name the format with --format"
        )
    return known


def output_format(format: Format | None, output: Path | None) -> Format:
    """``format`` if given, else the one ``output``'s suffix names, else ``html``."""
    return format or (format_for(output) if output is not None else "html")


def default_output(format: Format, view: View = "timeline") -> Path:
    """Where ``timeline build`` writes when no file is named: ``output/timeline.html``,
    ``output/plan.png``, ``output/timeline.fragment.html``..."""
    suffix = ".fragment.html" if format == "fragment" else f".{format}"
    return OUTPUT_FOLDER / f"{view}{suffix}"


@dataclass(frozen=True)
class DrawOptions:
    """What to draw and how to write it: the options of :func:`chart`, :func:`to_html`,
    :func:`to_json`, :func:`to_image`, :func:`write` and :func:`build`, declared once.

    ``None`` is "the format's default". Each API function takes them as keywords and makes
    one of these: :meth:`check` tells the options a format cannot use.
    """

    where: EventFilter | None = None
    view: View = "timeline"
    lanes: LaneMode = "track"
    title: str | None = None
    labels: LabelMode = "auto"
    # Pages and fragments.
    plotlyjs: PlotlyJs | None = None
    div_id: str | None = None
    table: bool | None = None
    social_image: str | None = None  # pages only: the link-preview picture's address
    # Images.
    width: int | None = None
    height: int | None = None
    scale: float | None = None
    # Following a negotiation (timeline.as_of, timeline.changes): drawn as the sources had
    # told it by the end of a day; events new or changed since a git revision or day marked.
    as_of: PartialDate | str | None = None
    highlight_since: str | None = None
    # Briefs: a Word document's paper and orientation, a deck's events a slide.
    paper: Paper | None = None
    landscape: bool | None = None
    per_slide: int | None = None

    def _uses(self) -> list[tuple[str, str, Any, tuple[tuple[str, ...], str]]]:
        """(name, field, value, (formats that use it, their names)) of each option."""
        pages = (("html", "fragment"), "html and fragment")
        images = (IMAGES, "png, svg and pdf")
        # A PDF has pages only when the table comes with its chart.
        papers = (("docx", "pdf") if self.table else ("docx",), "docx and pdf with the table")
        return [
            ("plotlyjs", "plotlyjs", self.plotlyjs, pages),
            ("div id", "div_id", self.div_id, pages),
            ("table", "table", self.table, (("html", "fragment", "pdf"), "html, fragment and pdf")),
            ("social image", "social_image", self.social_image, (("html",), "html")),
            ("width", "width", self.width, images),
            ("height", "height", self.height, images),
            ("scale", "scale", self.scale, images),
            ("paper", "paper", self.paper, papers),
            ("landscape", "landscape", self.landscape, papers),
            ("per-slide", "per_slide", self.per_slide, (("pptx",), "pptx")),
        ]

    def only_for(self, format: Format) -> DrawOptions:
        """These options without those ``format`` has no use for: in a run that writes
        several formats, ``--width`` sizes the PNG and leaves the page alone."""
        unused = {
            field: None
            for _, field, value, (formats, _) in self._uses()
            if value is not None and format not in formats
        }
        return replace(self, **cast("dict[str, Any]", unused))

    def check(self, format: Format) -> None:
        """:class:`ValueError` for an option ``format`` has no use for, or a bad value: a
        page must load plotly.js; pixels are for images; a div id must be letters, digits,
        - or _."""
        self.check_all((format,))

    def check_all(self, formats: Sequence[Format]) -> None:
        """:meth:`check` for a run that writes each of ``formats``: an option is wrong when
        none of them uses it."""
        for name, _, given, (accepted, named) in self._uses():
            if given is not None and not any(format in accepted for format in formats):
                written = ", ".join(dict.fromkeys(formats))
                raise ValueError(f"the {name} option is only for {named}, not {written}")
        if "html" in formats and self.plotlyjs == "none":
            raise ValueError(PAGE_NEEDS_PLOTLYJS)
        if self.div_id is not None:
            check_div_id(self.div_id)
        if self.social_image is not None:
            check_social_image(self.social_image)
        if self.as_of is not None:
            from timeline.as_of import as_of_day

            as_of_day(self.as_of)
        for name, value in (("width", self.width), ("height", self.height), ("scale", self.scale)):
            # nan passes every comparison, so it is named before the range is checked.
            if value is not None and not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, not {value}")
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be more than 0, not {value}")
        if self.per_slide is not None and self.per_slide < 1:
            raise ValueError(f"per-slide must be 1 or more, not {self.per_slide}")


class DrawKeywords(TypedDict, total=False):
    """The keywords of :class:`DrawOptions`, for the functions that take every option
    (:func:`write`, :func:`build`, :func:`check_options`): each is declared once, there."""

    where: EventFilter | None
    view: View
    lanes: LaneMode
    title: str | None
    labels: LabelMode
    plotlyjs: PlotlyJs | None
    div_id: str | None
    table: bool | None
    social_image: str | None
    width: int | None
    height: int | None
    scale: float | None
    as_of: PartialDate | str | None
    highlight_since: str | None
    paper: Paper | None
    landscape: bool | None
    per_slide: int | None


def check_options(format: Format | Sequence[Format], **options: Unpack[DrawKeywords]) -> None:
    """:class:`ValueError` for an option the format (or none of the formats, for a run that
    writes several) has a use for, or a bad value (:meth:`DrawOptions.check_all`)."""
    DrawOptions(**options).check_all([format] if isinstance(format, str) else format)


def _shown_plans(
    plans: Sequence[Plan], selected: Sequence[Event], where: EventFilter
) -> list[Plan]:
    """Every plan when only dates filter the events; otherwise the plans the selected events
    move, so ``--track europe`` does not show a US-Russia plan band."""
    if not (where.actors or where.tracks or where.types or where.tags or where.search):
        return list(plans)
    named = {ref.partition("/")[0] for event in selected for ref in event.stages}
    return [plan for plan in plans if plan.id in named]


def chart(
    source: Timeline | Sequence[Event],
    *,
    where: EventFilter | None = None,
    view: View = "timeline",
    lanes: LaneMode = "track",
    title: str | None = None,
    origin: str | Path | None = None,
    as_of: PartialDate | str | None = None,
    highlight: Changes | None = None,
    labels: LabelMode = "auto",
    plot_px: float | None = None,
) -> Chart:
    """What to draw: the events ``where`` selects as a timeline (``view="timeline"``), or
    where the plans stand (``view="plan"``). Plans come only with a :class:`Timeline`.

    Plan stages take their status from every event up to ``where.until``, not only the
    selected ones: a stage agreed before ``--since`` is still agreed. With other filters,
    only the plans a selected event moves are drawn. :class:`NothingToDraw` when the filters
    leave nothing; ``origin`` names the events' folder in its message. ``labels`` says what
    the timeline writes beside its events (auto: every title that fits, numbers and a key
    for the rest; all; key: key events' titles; numbers; none), placed for a plot ``plot_px``
    wide (an image's; a page's is placed for a report column and adjusted as it is drawn).

    ``as_of`` (a day) draws what the sources had published by its end, and the page can
    replay the story day by day (:mod:`timeline.as_of`); ``highlight`` marks the events it
    names as new or changed (:func:`timeline.changes.changes_since`).
    """
    timeline = source if isinstance(source, Timeline) else Timeline(list(source), [])
    if as_of is None and highlight is None:
        return _chart(timeline, where, view, lanes, title, origin, labels, plot_px)
    from timeline.drawing import DEFAULT_TITLE
    from timeline.following import follow

    def draw(shown: Timeline, heading: str | None) -> tuple[dict[str, Any], Any, Any]:
        drawn = _chart(shown, where, view, lanes, heading, origin, labels, plot_px)
        spec = drawn._drawn if isinstance(drawn._drawn, dict) else drawn.to_dict()
        return spec, drawn.events, drawn.progress

    followed = follow(
        timeline,
        draw,
        title=title,
        default_title=DEFAULT_TITLE,
        day=as_of,
        changes=highlight,
        replay=view == "timeline",
    )
    return Chart(followed.spec, tuple(followed.events), followed.progress, followed)


def _chart(
    timeline: Timeline,
    where: EventFilter | None,
    view: View,
    lanes: LaneMode,
    title: str | None,
    origin: str | Path | None,
    labels: LabelMode = "auto",
    plot_px: float | None = None,
) -> Chart:
    where = where or EventFilter()
    place = f" in {origin}" if origin is not None else ""
    # Sorted once: a filter keeps the order of what it filters.
    in_order = ordered(timeline.events)
    check_filter(where, in_order)
    selected = [event for event in in_order if where.matches(event, timeline.actors)]
    if not selected:
        if timeline.events:
            raise NothingToDraw(
                f"none of the {len(timeline.events)} events{place} match the filters; "
                "nothing written"
            )
        raise NothingToDraw(f"{origin or 'the timeline'} has no events to draw; nothing written")
    until = EventFilter(until=where.until)
    history = [event for event in in_order if until.matches(event)]
    plans = _shown_plans(timeline.plans, selected, where)
    progress = tuple(stage for plan in plans for stage in ordered_progress(plan, history))
    if view == "plan":
        if not plans:
            reason = "has no plans" if not timeline.plans else "has no plan the filters select"
            raise NothingToDraw(f"{origin or 'the timeline'} {reason}; nothing written")
        spec = plan_spec(history, plans, title=title)
        moved = {change.event.id: change.event for stage in progress for change in stage.changes}
        return Chart(spec, tuple(ordered(moved.values())), progress)
    if lanes == "group" and not timeline.actors:
        raise NoActors(
            f"--lanes group needs {ACTORS_FILE} in {origin or 'the events folder'}: "
            "it names each actor's group (see docs/events.md)"
        )
    spec = timeline_spec(
        selected,
        plans,
        lanes=lanes,
        title=title or timeline.title,
        history=history,
        actors=timeline.actors,
        labels=labels,
        plot_px=plot_px,
        bounds=(
            where.since.earliest() if where.since else None,
            where.until.latest() if where.until else None,
        ),
    )
    return Chart(spec, tuple(selected), progress)


def _as_chart(source: Source, options: DrawOptions, format: Format = "html") -> Chart:
    if isinstance(source, Chart):
        return source
    if isinstance(source, (str, Path)):
        timeline, _warnings = load_checked(Path(source))
        return _drawn(timeline, options, format, origin=source, root=Path(source))
    if isinstance(source, Timeline):
        return _drawn(source, options, format)
    if isinstance(source, Sequence) and not isinstance(source, str):
        events = cast("list[Event]", list(source))  # plotly's Figure is untyped here
        return _drawn(events, options, format)
    return Chart(source)


# An image's plot is its width less the margins (timeline.drawing.layout.base_layout).
IMAGE_MARGINS_PX = 24
IMAGE_WIDTH = 1200


def _drawn(
    source: Timeline | Sequence[Event],
    options: DrawOptions,
    format: Format,
    origin: str | Path | None = None,
    root: Path | None = None,
) -> Chart:
    plot_px = None
    labels = options.labels
    if format in IMAGES or format in BRIEFS:
        # An image's width is known: its labels are placed for it, with nothing to adjust.
        plot_px = float((options.width or IMAGE_WIDTH) - IMAGE_MARGINS_PX)
    if format in BRIEFS and labels == "auto":
        # A brief's chart is small on the page or slide: its events are numbered, and the
        # brief's key beside it names them.
        labels = "numbers"
    highlight = None
    if options.highlight_since is not None:
        from timeline.changes import changes_since

        timeline = source if isinstance(source, Timeline) else Timeline(list(source), [])
        highlight = changes_since(root, timeline, options.highlight_since)
    return chart(
        source,
        where=options.where,
        view=options.view,
        lanes=options.lanes,
        title=options.title,
        origin=origin,
        as_of=options.as_of,
        highlight=highlight,
        labels=labels,
        plot_px=plot_px,
    )


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
    hash (``cdn``); see :func:`timeline.pages.page_html`."""
    check_options("html", plotlyjs=plotlyjs, div_id=div_id, social_image=social_image)
    return pages.page_html(
        figure,
        events,
        progress=progress,
        plotlyjs=plotlyjs,
        title=title,
        table=table,
        div_id=div_id,
        social_image=social_image,
        controls=controls,
        script_after=script_after,
    )


def _html(drawn: Chart, fragment: bool, options: DrawOptions) -> str:
    followed = drawn.followed
    if followed is None:
        return _plain_html(drawn, fragment, options)
    from timeline.following import mark_rows

    if fragment:
        markup = _plain_html(drawn, fragment, options)
        chart_id = re.search(r'<div id="([^"]+)" class="plotly-graph-div"', markup)
        prefixes = [f"{chart_id.group(1)}-"] if chart_id else []
        return mark_rows(markup, followed.marks, prefixes)
    page = page_html(
        drawn.to_dict(),
        drawn.events,
        progress=drawn.progress,
        plotlyjs=options.plotlyjs or "inline",
        table=options.table is not False,
        div_id=options.div_id,
        social_image=options.social_image,
        controls=followed.controls,
        script_after=followed.script,
    )
    return mark_rows(page, followed.marks, ["event-"])


def _plain_html(drawn: Chart, fragment: bool, options: DrawOptions) -> str:
    if fragment:
        options.check("fragment")
        return fragment_html(
            drawn.to_dict(),
            drawn.events,
            progress=drawn.progress,
            plotlyjs=options.plotlyjs or "cdn",
            div_id=options.div_id,
            table=options.table is not False,
        )
    return page_html(
        drawn.to_dict(),
        drawn.events,
        progress=drawn.progress,
        plotlyjs=options.plotlyjs or "inline",
        table=options.table is not False,
        div_id=options.div_id,
        social_image=options.social_image,
    )


def to_html(
    source: Source,
    *,
    fragment: bool = False,
    plotlyjs: PlotlyJs | None = None,
    div_id: str | None = None,
    table: bool = True,
    social_image: str | None = None,
    where: EventFilter | None = None,
    view: View = "timeline",
    lanes: LaneMode = "track",
    title: str | None = None,
    as_of: PartialDate | str | None = None,
    highlight_since: str | None = None,
    labels: LabelMode = "auto",
) -> str:
    """The chart as a full page (plotly.js ``inline`` by default) or, with ``fragment``, as
    a ``<div>`` to paste into a page (plotly.js from the ``cdn`` by default, or ``none`` for
    a page that loads it). ``source`` is a :class:`Timeline`, a list of events (drawn as
    :func:`chart` draws them with ``where``, ``view``, ``lanes``, ``title``, ``as_of`` and
    ``highlight_since``) or a figure.
    """
    options = DrawOptions(
        where=where,
        view=view,
        lanes=lanes,
        title=title,
        labels=labels,
        plotlyjs=plotlyjs,
        div_id=div_id,
        table=table,
        social_image=social_image,
        as_of=as_of,
        highlight_since=highlight_since,
    )
    return _html(_as_chart(source, options), fragment, options)


def _json(drawn: Chart) -> str:
    from plotly.io.json import to_json_plotly

    # The stdlib engine, not orjson: bytes must not depend on which JSON library is installed.
    text: str = to_json_plotly(drawn.to_dict(), pretty=True, engine="json")
    return text + "\n"


def to_json(
    source: Source,
    *,
    where: EventFilter | None = None,
    view: View = "timeline",
    lanes: LaneMode = "track",
    title: str | None = None,
    labels: LabelMode = "auto",
) -> str:
    """The Plotly figure as JSON (``data`` and ``layout``), for plotly.js, Dash or Observable:
    ``Plotly.newPlot(div, figure.data, figure.layout)``, or ``go.Figure(json.loads(text))``.
    """
    options = DrawOptions(where=where, view=view, lanes=lanes, title=title, labels=labels)
    return _json(_as_chart(source, options, "json"))


def to_image(
    source: Source,
    format: Literal["png", "svg", "pdf"] = "png",
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
    where: EventFilter | None = None,
    view: View = "timeline",
    lanes: LaneMode = "track",
    title: str | None = None,
    labels: LabelMode = "auto",
) -> bytes:
    """The chart as a PNG, SVG or PDF for print: no buttons or slider, a note on uncertain
    dates, ``width`` 1200 pixels and the chart's own height unless given; needs kaleido and
    Chrome or Chromium (see :mod:`timeline.images`)."""
    from timeline.images import image_bytes

    options = DrawOptions(
        where=where,
        view=view,
        lanes=lanes,
        title=title,
        labels=labels,
        width=width,
        height=height,
        scale=scale,
    )
    options.check(format)
    drawn = _as_chart(source, options, format)
    return image_bytes(drawn.figure, format, width=width, height=height, scale=scale)


def _check_target(path: Path, what: str) -> None:
    # Only a regular file is replaced: a device, FIFO or socket would be destroyed or hang.
    if path.is_dir():
        raise CannotWrite(f"{path} is a folder; give the {what} a file name with -o")
    try:
        check_output(path)
    except NotAFile as exc:
        raise CannotWrite(f"{exc}; give the {what} a file name with -o") from None


def _save(path: Path, data: bytes, what: str) -> None:
    _check_target(path, what)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotWrite(
            f"cannot write {path}: cannot create folder {path.parent}: {reason}"
        ) from None
    try:
        atomic_write(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write {path}: {reason}") from None


def write(
    source: Source,
    path: Path | str,
    *,
    format: Format | None = None,
    **options: Unpack[DrawKeywords],
) -> Built:
    """Write the chart of ``source`` to ``path`` atomically (a failed write leaves the old
    file as it was), in ``format`` or the one its suffix names (``html`` otherwise).

    The options are those of :func:`to_html`, :func:`to_json` and :func:`to_image`;
    :class:`ValueError` for one the format cannot use.
    """
    return _write(source, Path(path), format, DrawOptions(**options))


def _write(source: Source, path: Path, format: Format | None, options: DrawOptions) -> Built:
    return _write_all(source, [(path, format or format_for(path))], options)[0]


def write_all(
    source: Source,
    paths: Sequence[Path | str],
    *,
    format: Format | None = None,
    **options: Unpack[DrawKeywords],
) -> list[Built]:
    """:func:`write` the chart of ``source`` to each of ``paths``, drawn once, every image
    (and each brief's chart) drawn in one browser started once. Each file takes its format
    from its suffix, or ``format``; an option is applied to the files whose format uses it
    and is a :class:`ValueError` when none does."""
    targets = [(Path(path), format or format_for(path)) for path in paths]
    return _write_all(source, targets, DrawOptions(**options))


def _image_request(
    format: Format, options: DrawOptions, drawn: Chart
) -> ImageRequest | PrintRequest | None:
    """The image a file of ``format`` needs drawn by the browser, if any; a PDF with the
    table is the chart and its table printed by the browser."""
    if format not in IMAGES and format not in BRIEFS:
        # A page, a fragment or JSON: no image, and no import of the image module (with
        # asyncio, ssl and logging: 14 ms of every build of a page).
        return None
    from timeline.images import ImageRequest, PrintRequest

    if format == "pdf" and options.table:
        size = "letter" if options.paper == "letter" else "A4"
        size += " landscape" if options.landscape else ""

        def document(svg: bytes) -> str:
            title = drawn.meta.get("title")
            return pages.print_html(
                svg, drawn.events, progress=drawn.progress, title=title, page_size=size
            )

        return PrintRequest(document, ImageRequest("svg", options.width, options.height))
    if format == "png" or format == "svg" or format == "pdf":
        return ImageRequest(format, options.width, options.height, options.scale)
    if format in BRIEFS:
        # The brief sets the chart's key as a table (docx) or a list beside it (pptx).
        return ImageRequest("png", scale=BRIEF_SCALE, key=False)
    return None


def _write_all(
    source: Source,
    targets: Sequence[tuple[Path, Format]],
    options: DrawOptions,
    draw: Callable[[Format], Chart] | None = None,
) -> list[Built]:
    options.check_all([format for _, format in targets])
    for path, format in targets:
        _check_target(path, NOUNS[format])  # before drawing, which can take seconds
        if format in BRIEFS:
            from timeline.briefs import require

            require(format)
    draw = draw or _drawer(source, options)
    # A page places its labels as it is drawn; an image for its own width; a brief's picture
    # numbers its events for the key beside it: at most three drawings, each made once.
    drawings: dict[Format, Chart] = {}

    def drawn_for(format: Format) -> Chart:
        kind: Format = "docx" if format in BRIEFS else "png" if format in IMAGES else "html"
        if kind not in drawings:
            drawings[kind] = draw(kind)
        return drawings[kind]

    wanted = [
        _image_request(format, options.only_for(format), drawn_for(format)) for _, format in targets
    ]
    jobs = list(
        dict.fromkeys(
            (request, drawn_for(format))
            for (_, format), request in zip(targets, wanted, strict=True)
            if request is not None
        )
    )
    images: dict[tuple[ImageRequest | PrintRequest, Chart], bytes] = {}
    if jobs:
        from timeline.images import images_bytes

        drawn_images = images_bytes(
            [chart.figure for _, chart in jobs], [request for request, _ in jobs]
        )
        images = dict(zip(jobs, drawn_images, strict=True))
    written = []
    for (path, format), request in zip(targets, wanted, strict=True):
        drawn = drawn_for(format)
        plans, stages = 0, 0
        if drawn.meta.get("view") == "plan":
            plans, stages = len({stage.plan.id for stage in drawn.progress}), len(drawn.progress)
        chosen = options.only_for(format)
        pixels = None
        if format in ("html", "fragment"):
            data = _html(drawn, format == "fragment", chosen).encode("utf-8")
        elif format == "json":
            data = _json(drawn).encode("utf-8")
        elif format in BRIEFS:
            assert request is not None
            data = _brief(drawn, format, images[request, drawn], chosen)
        else:
            from timeline.images import image_size

            assert request is not None
            data = images[request, drawn]
            width, height, scale = chosen.width, chosen.height, chosen.scale
            if not chosen.table:
                pixels = image_size(drawn.figure, width=width, height=height, scale=scale)
        _save(path, data, NOUNS[format])
        written.append(Built(path, len(drawn.events), len(data), [], format, plans, stages, pixels))
    return written


def _drawer(source: Source, options: DrawOptions) -> Callable[[Format], Chart]:
    """Draws ``source`` for a format, a folder loaded once however many drawings it takes."""
    if isinstance(source, (str, Path)):
        root = Path(source)
        timeline, _warnings = load_checked(root)
        return lambda format: _drawn(timeline, options, format, origin=source, root=root)
    return lambda format: _as_chart(source, options, format)


def _brief(drawn: Chart, format: Format, chart_png: bytes, options: DrawOptions) -> bytes:
    from timeline.briefs.content import brief

    content = brief(
        drawn.events,
        drawn.progress,
        title=drawn.meta.get("title"),
        subtitle=drawn.meta.get("subtitle"),
        # The chart numbers its events unless --labels asked for titles or nothing.
        numbers=drawn.meta.get("labels") in ("auto", "numbers"),
    )
    if format == "docx":
        from timeline.briefs.word import docx_bytes

        paper = options.paper or "a4"
        return docx_bytes(content, chart_png, paper=paper, landscape=bool(options.landscape))
    from timeline.briefs.slides import pptx_bytes

    return pptx_bytes(content, chart_png, per_slide=options.per_slide)


def build(
    root: Path,
    output: Path | None = None,
    *,
    format: Format | None = None,
    **keywords: Unpack[DrawKeywords],
) -> Built:
    """Load and check the events under ``root``, draw them as :func:`chart` does, and
    :func:`write` the result to ``output`` (default: ``output/<view>.<format>``)."""
    options = DrawOptions(**keywords)
    format = output_format(format, output)
    output = output if output is not None else default_output(format, options.view)
    timeline, warnings = load_checked(root)
    built = _write(
        _drawn(timeline, options, format, origin=root, root=root), output, format, options
    )
    return replace(built, warnings=warnings)


def build_all(
    root: Path,
    outputs: Sequence[Path],
    *,
    format: Format | None = None,
    **keywords: Unpack[DrawKeywords],
) -> list[Built]:
    """:func:`build` into each of ``outputs`` from one load and one drawing
    (:func:`write_all`); the loading warnings come with the first."""
    options = DrawOptions(**keywords)
    targets = [(output, format or format_for(output)) for output in outputs]
    options.check_all([chosen for _, chosen in targets])
    timeline, warnings = load_checked(root)
    built = _write_all(
        timeline,
        targets,
        options,
        lambda format: _drawn(timeline, options, format, origin=root, root=root),
    )
    return [replace(built[0], warnings=warnings), *built[1:]]


def write_page(
    path: Path,
    figure: go.Figure | dict[str, Any],
    events: Sequence[Event],
    *,
    progress: Sequence[StageProgress] = (),
    plotlyjs: PlotlyJs = "inline",
    title: str | None = None,
) -> int:
    """Write the page to ``path`` atomically (a failed write leaves the old file); returns
    its size in bytes. :class:`CannotWrite` when the file cannot be written."""
    data = page_html(figure, events, progress=progress, plotlyjs=plotlyjs, title=title)
    encoded = data.encode("utf-8")
    _save(path, encoded, "page")
    return len(encoded)


def build_page(
    root: Path,
    output: Path,
    *,
    where: EventFilter | None = None,
    lanes: LaneMode = "track",
    title: str | None = None,
    plotlyjs: PlotlyJs = "inline",
) -> Built:
    """The full HTML page of the events under ``root``: :func:`build` with ``format="html"``."""
    return build(
        root, output, format="html", where=where, lanes=lanes, title=title, plotlyjs=plotlyjs
    )
