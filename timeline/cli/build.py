"""The ``build`` command: the events drawn as a web page, an HTML fragment, an image, figure
JSON or a briefing document, into one file or several from one drawing."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.choices import Format, LabelMode, LaneMode, Paper, PlotlyJs, View
from timeline.cli.app import (
    DEFAULT_EVENTS,
    STDOUT,
    ActorOption,
    AsOfOption,
    EventsOption,
    HighlightOption,
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
    from timeline.publish import DrawKeywords

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
        list[Path] | None,
        typer.Option(
            "-o",
            "--output",
            help="The file to write (replaced atomically), - for standard output; default "
            "output/timeline.html, or output/<view>.<format>. Repeat it to write several "
            "files from one drawing, e.g. -o timeline.html -o timeline.png -o brief.docx.",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="html: a page; fragment: a <div> to paste into a page; png, svg, pdf: an "
            "image (drawn by Chrome or Chromium; set BROWSER_PATH if it is not found); json: "
            "the Plotly figure; docx, pptx: a Word or PowerPoint brief. Default: from the "
            "output's suffix (.html, .htm, .png, .svg, .pdf, .json, .docx, .pptx), html "
            "without one.",
        ),
    ] = None,
    view: Annotated[
        View,
        typer.Option("--view", help="timeline: the events; plan: where each plan stands."),
    ] = "timeline",
    lanes: Annotated[
        LaneMode,
        typer.Option(
            "--lanes",
            help="Lanes on the y axis: by track, actor, group (of actors.yaml), type, or none.",
        ),
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
            help="inline: plotly.js in the file, opens offline (about 1.2 MB; default for html); "
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
            help="List the plans and events under the chart (html, fragment; default: yes; "
            "pdf: printed after the chart on pages of --paper, default: no).",
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
    paper: Annotated[
        Paper | None,
        typer.Option("--paper", help="Paper of a Word brief or a pdf with --table (default: a4)."),
    ] = None,
    landscape: Annotated[
        bool | None,
        typer.Option(
            "--landscape/--portrait",
            help="Orientation of a Word brief or a pdf with --table (default: portrait).",
        ),
    ] = None,
    per_slide: Annotated[
        int | None,
        typer.Option(
            "--per-slide",
            min=1,
            max=50,
            metavar="N",
            help="PowerPoint brief: N events a slide, all of them (pptx; default: one slide "
            "per key event).",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actor: ActorOption = None,
    track: TrackOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    as_of: AsOfOption = None,
    highlight_since: HighlightOption = None,
    quiet: QuietOption = False,
) -> None:
    """Draw the events as an interactive timeline: one HTML page that opens offline, a
    fragment for a report, an image for print, the figure as JSON, or a Word or PowerPoint
    brief. Several -o write several files from one drawing."""
    from timeline.publish import build_all, check_options, output_format

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
        "as_of": as_of,
        "highlight_since": highlight_since,
        "paper": paper,
        "landscape": landscape,
        "per_slide": per_slide,
    }
    outputs: list[Path | None] = list(output) if output else [None]
    if len(outputs) > 1 and STDOUT in outputs:
        raise typer.BadParameter("-o - writes one file to standard output; give it alone")
    if len(outputs) > 1 and format is not None:
        raise typer.BadParameter(
            "--format names the format of one file; with several -o each takes its suffix's"
        )
    try:
        chosen = [output_format(format, target) for target in outputs]
        check_options(chosen, **options)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None

    if outputs == [STDOUT]:
        from timeline.piping import drawn_bytes

        with user_errors():
            data, built = drawn_bytes(
                lambda target: build_all(events, [target], format=chosen[0], **options)[0]
            )
        echo_problems(built.warnings)
        typer.get_binary_stream("stdout").write(data)
        return
    with user_errors():
        if outputs == [None]:
            from timeline.publish import default_output

            targets = [default_output(chosen[0], view)]
        else:
            targets = [target for target in outputs if target is not None]
        written = build_all(events, targets, format=format, **options)
    echo_problems(written[0].warnings)
    if not quiet:
        for built in written:
            wrote(built.path, built.describe())
