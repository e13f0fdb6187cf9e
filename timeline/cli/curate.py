"""The ``source add`` and ``claim add`` commands: add to an event that is already written."""

from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.app import DEFAULT_EVENTS, QuietOption, app, user_errors
from timeline.errors import InvalidInput

source_app = typer.Typer(
    help="Add a source to an event that is already written.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
claim_app = typer.Typer(
    help="Add a claim to an event that is already written.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(source_app, name="source")
app.add_typer(claim_app, name="claim")

EventIdArgument = Annotated[
    str, typer.Argument(help="The event's id, as 'timeline list' shows it.")
]
FolderOption = Annotated[
    Path, typer.Option("-e", "--events", help="Events folder that holds the event.")
]


def _report(lines: list[str], quiet: bool) -> None:
    if not quiet:
        for line in lines:
            typer.echo(line)


def _fail(exc: InvalidInput) -> None:
    for message in exc.messages:
        typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


@source_app.command("add")
def source_add_command(
    event_id: EventIdArgument,
    outlet: Annotated[str, typer.Option(help="The outlet that reports it.")],
    events: FolderOption = DEFAULT_EVENTS,
    url: Annotated[str | None, typer.Option(help="http(s) link to the article.")] = None,
    title: Annotated[str | None, typer.Option(help="Headline of the article.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    quote: Annotated[str | None, typer.Option(help="A short quote.")] = None,
    date_text: Annotated[
        str | None, typer.Option("--date-text", help="How the article states the date.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Add a source to event EVENT_ID in place: only its lines are inserted in the file."""
    from timeline.curate import add_source

    fields = {
        "outlet": outlet,
        "url": url,
        "title": title,
        "published": published,
        "quote": quote,
        "date_text": date_text,
    }
    with user_errors():
        try:
            added = add_source(events, event_id, fields)
        except InvalidInput as exc:
            _fail(exc)
    _report(added.lines(), quiet)


@claim_app.command("add")
def claim_add_command(
    event_id: EventIdArgument,
    by: Annotated[str, typer.Option(help="Who says it.")],
    says: Annotated[str, typer.Option(help="What they say, in your words.")],
    denies: Annotated[
        bool, typer.Option("--denies", help="They deny it (stance: denies), not assert it.")
    ] = False,
    events: FolderOption = DEFAULT_EVENTS,
    quiet: QuietOption = False,
) -> None:
    """Add a claim to event EVENT_ID in place: only its lines are inserted in the file."""
    from timeline.curate import add_claim

    with user_errors():
        try:
            added = add_claim(events, event_id, by, says, denies=denies)
        except InvalidInput as exc:
            _fail(exc)
    _report(added.lines(), quiet)
