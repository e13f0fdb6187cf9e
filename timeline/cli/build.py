"""The ``build`` command: the events drawn as a web page, an HTML fragment, an image or
figure JSON."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.choices import Format, LabelMode, LaneMode, PlotlyJs, View
from timeline.cli.app import (
    DEFAULT_EVENTS,
    STDOUT,
    ActorOption,
    EventsOption,
    QuietOption,
    SinceOption,
    TagOption,
    TrackOption,
    TypeOption,
    UntilOption,
    app,
    echo_problems,
    make_filter,
    user_errors,
    wrote,
)

if TYPE_CHECKING:
    from timeline.publish import Built, DrawKeywords

# The page, drawing and image code (plotly) is imported when build runs: the other commands
# start without it.


def _div_id(value: str | None) -> str | None:
    if value is None:
        return None
    from timeline.pages import check_div_id

    try:
        return check_div_id(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command("build")
def build_command(
    events: EventsOption = DEFAULT_EVENTS,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The file to write (replaced atomically), - for standard output; default "
            "output/timeline.html, or output/<view>.<format>.",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="html: a page; fragment: a <div> to paste into a page; png, svg, pdf: an "
            "image (drawn by Chrome or Chromium; set BROWSER_PATH if it is not found); json: "
            "the Plotly figure. Default: from the output's suffix, html otherwise.",
        ),
    ] = None,
    view: Annotated[
        View,
        typer.Option("--view", help="timeline: the events; plan: where each plan stands."),
    ] = "timeline",
    lanes: Annotated[
        LaneMode,
        typer.Option("--lanes", help="Lanes on the y axis: by track, actor, type, or none."),
    ] = "track",
    title: Annotated[str | None, typer.Option("--title", help="Title of the chart.")] = None,
    labels: Annotated[
        LabelMode,
        typer.Option(
            "--labels",
            help="Beside each event: auto: its title where it fits, else its number, "
            "explained in a key under the chart; all: every title; key: key events' titles "
            "only; numbers: numbers and the key; none.",
        ),
    ] = "auto",
    plotlyjs: Annotated[
        PlotlyJs | None,
        typer.Option(
            "--plotlyjs",
            help="inline: plotly.js in the file, opens offline (about 5 MB; default for html); "
            "cdn: load it from cdn.plot.ly (default for fragment); none: the page that "
            "takes the fragment loads it.",
        ),
    ] = None,
    div_id: Annotated[
        str | None,
        typer.Option(
            "--div-id",
            help="HTML id of the chart (letters, digits, - and _); default: from its content.",
            callback=_div_id,
        ),
    ] = None,
    table: Annotated[
        bool | None,
        typer.Option(
            "--table/--no-table",
            help="List the plans and events under the chart (html, fragment; default: yes).",
        ),
    ] = None,
    social_image: Annotated[
        str | None,
        typer.Option(
            "--social-image",
            metavar="URL",
            help="Web address of a picture of the chart (e.g. the PNG published beside the "
            "page): the page's link-preview card (html).",
        ),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option("--width", min=100, max=10_000, help="Image width in pixels (1200)."),
    ] = None,
    height: Annotated[
        int | None,
        typer.Option(
            "--height", min=100, max=10_000, help="Image height in pixels (the chart's own)."
        ),
    ] = None,
    scale: Annotated[
        float | None,
        typer.Option(
            "--scale", min=0.1, max=10, help="Multiplies a PNG's pixels, e.g. 2 for print (1)."
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actor: ActorOption = None,
    track: TrackOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    quiet: QuietOption = False,
) -> None:
    """Draw the events as an interactive timeline: one HTML page that opens offline, a
    fragment for a report, an image for print, or the figure as JSON."""
    from timeline.publish import build, check_options, output_format

    options: DrawKeywords = {
        "where": make_filter(since, until, actor, track, type_, tag),
        "view": view,
        "lanes": lanes,
        "title": title,
        "labels": labels,
        "plotlyjs": plotlyjs,
        "div_id": div_id,
        "table": table,
        "social_image": social_image,
        "width": width,
        "height": height,
        "scale": scale,
    }
    chosen = output_format(format, output)
    try:
        check_options(chosen, **options)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None

    def draw(target: Path | None) -> "Built":
        return build(events, target, format=chosen, **options)

    if output == STDOUT:
        from timeline.piping import drawn_bytes

        with user_errors():
            data, built = drawn_bytes(draw)
        echo_problems(built.warnings)
        typer.get_binary_stream("stdout").write(data)
        return
    with user_errors():
        built = draw(output)
    echo_problems(built.warnings)
    if not quiet:
        wrote(built.path, built.describe())
