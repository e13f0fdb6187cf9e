"""The ``build`` command: the events drawn as one interactive HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.app import (
    DEFAULT_EVENTS,
    ActorOption,
    EventsOption,
    SinceOption,
    TagOption,
    TrackOption,
    TypeOption,
    UntilOption,
    app,
    echo_problems,
    make_filter,
    user_errors,
)
from timeline.export import PlotlyJs, build_page
from timeline.render import LaneMode

DEFAULT_OUTPUT = Path("output/timeline.html")


@app.command("build")
def build_command(
    events: EventsOption = DEFAULT_EVENTS,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The HTML page to write (replaced atomically).")
    ] = DEFAULT_OUTPUT,
    lanes: Annotated[
        LaneMode,
        typer.Option("--lanes", help="Lanes on the y axis: by track, actor, type, or none."),
    ] = "track",
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the page and chart.")
    ] = None,
    plotlyjs: Annotated[
        PlotlyJs,
        typer.Option(
            "--plotlyjs",
            help="inline: plotly.js in the page, opens offline (about 5 MB); "
            "cdn: load it from cdn.plot.ly.",
        ),
    ] = "inline",
    since: SinceOption = None,
    until: UntilOption = None,
    actor: ActorOption = None,
    track: TrackOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
) -> None:
    """Draw the events as an interactive timeline: one HTML page that opens offline."""
    where = make_filter(since, until, actor, track, type_, tag)
    with user_errors():
        built = build_page(events, output, where=where, lanes=lanes, title=title, plotlyjs=plotlyjs)
    echo_problems(built.warnings)
    size = f"{built.size / 1_000_000:.1f} MB" if built.size >= 100_000 else f"{built.size:,} bytes"
    typer.echo(f"Wrote {built.path} ({built.events} events, {size})")
