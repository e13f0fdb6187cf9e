"""Following a negotiation day by day: ``serve`` (a live preview while editing), ``changes``
(what changed since a git revision or a day), and the ``--as-of`` and ``--highlight-since``
options of ``build`` and ``serve``."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from timeline.choices import LaneMode, View
from timeline.cli.app import (
    DEFAULT_EVENTS,
    AsOfOption,
    EventsOption,
    HighlightOption,
    app,
    echo_problems,
    user_errors,
)


@app.command("serve")
def serve_command(
    events: EventsOption = DEFAULT_EVENTS,
    port: Annotated[
        int,
        typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on (0: any free)."),
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Default 127.0.0.1, this machine only; any other "
            "lets others on the network read the page.",
        ),
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in the web browser.")
    ] = False,
    view: Annotated[
        View, typer.Option("--view", help="timeline: the events; plan: where each plan stands.")
    ] = "timeline",
    lanes: Annotated[
        LaneMode,
        typer.Option("--lanes", help="Lanes on the y axis: by track, actor, type, or none."),
    ] = "track",
    title: Annotated[str | None, typer.Option("--title", help="Title of the chart.")] = None,
    as_of: AsOfOption = None,
    highlight_since: HighlightOption = None,
) -> None:
    """Serve the timeline page on this machine and rebuild it on every save in the events
    folder: open pages update by themselves, keep their zoom, and show a file's problems in a
    banner until it is fixed. Ctrl-C stops it."""
    from timeline.serving import LOOPBACK, Server, is_loopback, missing_watchfiles

    missing = missing_watchfiles()
    if missing:
        typer.echo(f"Error: {missing}", err=True)
        raise typer.Exit(1)
    from timeline.publish import to_html

    def render() -> str:
        # plotly.js from the CDN's address, which the server answers itself (serving.py).
        return to_html(
            events,
            plotlyjs="cdn",
            view=view,
            lanes=lanes,
            title=title,
            as_of=as_of,
            highlight_since=highlight_since,
        )

    if not is_loopback(host):
        typer.echo(
            f"Warning: listening on {host}, not {LOOPBACK}: anyone who can reach this "
            "machine on the network can read the timeline",
            err=True,
        )
    try:
        server = Server(events, render, host=host, port=port)
    except KeyboardInterrupt:  # during the first build
        typer.echo("Stopped", err=True)
        return
    except OSError as exc:
        typer.echo(f"Error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    _, _, problems = server.preview.snapshot()
    for line in problems:
        typer.echo(line, err=True)
    # Ctrl-C may come at any moment from here on: it stops the server, never a traceback.
    try:
        typer.echo(f"Serving {events} at {server.url} (Ctrl-C stops)", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    typer.echo("Stopped", err=True)


ChangeFormatOption = Annotated[
    Literal["text", "markdown", "json"],
    typer.Option(
        "--format",
        "-f",
        help="text: for the terminal; markdown: to paste into a briefing; json: for programs.",
    ),
]


@app.command("changes")
def changes_command(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar="REF",
            help="A git revision of the events folder (HEAD~3, a tag, a commit), read with "
            "git without touching the working tree; or a day (YYYY-MM-DD), by the sources' "
            "publication dates: what was published on it or later is new.",
        ),
    ],
    events: EventsOption = DEFAULT_EVENTS,
    format: ChangeFormatOption = "text",
) -> None:
    """List what changed since a git revision or a day: events added, removed and changed
    field by field, new sources, plan stages whose status moved."""
    from timeline.changes import changes_since, format_changes
    from timeline.validate import load_checked

    with user_errors():
        timeline, warnings = load_checked(Path(events))
        found = changes_since(Path(events), timeline, since)
    echo_problems(warnings)
    typer.echo(format_changes(found, format), nl=False)
