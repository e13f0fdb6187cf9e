"""Commands that read the records: ``validate`` and ``list``."""

import shutil
from typing import Annotated

import typer

from timeline.cli.app import (
    DEFAULT_EVENTS,
    ActorOption,
    AsOfOption,
    EventsOption,
    RawCsvOption,
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
from timeline.problems import format_problems
from timeline.query import select
from timeline.validate import review, review_checked


@app.command("validate")
def validate_command(
    events: EventsOption = DEFAULT_EVENTS,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, json or github.")
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check every event and plan file and report all problems at once."""
    if format not in ("text", "json", "github"):
        raise typer.BadParameter("use text, json or github", param_hint="--format")
    with user_errors():
        timeline, problems = review(events, strict=strict)
    typer.echo(format_problems(problems, format), nl=False)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if format == "text":
        counts = (
            (len(timeline.events), "event"),
            (len(timeline.plans), "plan"),
            (errors, "error"),
            (warnings, "warning"),
        )
        events_, plans_, errors_, warnings_ = (
            f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts
        )
        typer.echo(f"{events_}, {plans_}: {errors_}, {warnings_}", err=True)
    if errors:
        raise typer.Exit(1)


@app.command("list")
def list_command(
    events: EventsOption = DEFAULT_EVENTS,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output: table, json or csv.")
    ] = "table",
    since: SinceOption = None,
    until: UntilOption = None,
    actor: ActorOption = None,
    track: TrackOption = None,
    type_: TypeOption = None,
    tag: TagOption = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Only events whose title or summary has TEXT.")
    ] = None,
    raw_csv: RawCsvOption = False,
    as_of: AsOfOption = None,
) -> None:
    """List the events in timeline order."""
    if format not in ("table", "json", "csv"):
        raise typer.BadParameter("use table, json or csv", param_hint="--format")
    from timeline.listing import format_events

    where = make_filter(since, until, actor, track, type_, tag, search)
    with user_errors():
        if as_of is None:
            timeline, warnings = review_checked(events)
        else:
            from timeline.as_of import load_as_of

            known, warnings = load_as_of(events, as_of)
            timeline = known.timeline
        echo_problems(warnings)
        selected = select(timeline.events, where, timeline.actors)
    if as_of is not None and known.unknown:
        count = known.unknown
        typer.echo(
            f"Note: {count} event{' has' if count == 1 else 's have'} no publication date, "
            "so cannot be placed before or after the day: listed",
            err=True,
        )
    width = shutil.get_terminal_size((100, 24)).columns
    typer.echo(format_events(selected, format, width=width, raw_csv=raw_csv), nl=False)
