"""Commands that move events between formats: ``import``, ``export`` and ``schema``."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from timeline.choices import DEFAULT_ACTOR
from timeline.cli.app import (
    DEFAULT_EVENTS,
    STDOUT,
    ActorOption,
    EventsOption,
    QuietOption,
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
    wrote,
)
from timeline.vocabulary import EventType

# The readers and writers of each format are imported when their command runs, so that the
# other commands do not pay for them at start-up.

Format = Literal["timelinejs-json", "timelinejs-csv", "csv", "json"]


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="TimelineJS JSON or Google Sheets CSV, or our CSV or JSON."
        ),
    ],
    events: EventsOption = DEFAULT_EVENTS,
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="The file's format; guessed from its content."),
    ] = None,
    type_: Annotated[
        EventType,
        typer.Option("--type", help="Type of events whose format has none (TimelineJS)."),
    ] = "other",
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            help=f"Actor of events whose format has none (repeatable; default '{DEFAULT_ACTOR}').",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the files it would write; write nothing.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Import events from another format: one new event file each, never replacing one."""
    from timeline.interop.importer import import_file
    from timeline.interop.reading import Defaults

    defaults = Defaults(type=type_, actors=tuple(actor) if actor else (DEFAULT_ACTOR,))
    with user_errors():
        result = import_file(file, events, format=format, defaults=defaults, dry_run=dry_run)
    echo_problems(result.problems)
    if dry_run:
        typer.echo(result.preview, nl=False)
    elif not quiet:
        for path in result.written:
            wrote(path)
    typer.echo(result.summary(), err=True)
    if not result.complete:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    events: EventsOption = DEFAULT_EVENTS,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="timelinejs-json or timelinejs-csv (for TimelineJS), csv or json (every field).",
        ),
    ] = "timelinejs-json",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write (replaced atomically), - for standard output (the default).",
        ),
    ] = None,
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
    quiet: QuietOption = False,
) -> None:
    """Export the events, filtered as list filters them, for TimelineJS or a spreadsheet."""
    where = make_filter(since, until, actor, track, type_, tag, search)
    if output == STDOUT:
        output = None
    with user_errors():
        from timeline.interop.exporter import export

        exported = export(events, format, where, output, raw_csv)
    echo_problems(exported.warnings)
    if output is None:
        typer.echo(exported.text, nl=False)
    elif not quiet:
        if exported.plans_path is not None:
            plural = "s" if exported.plans != 1 else ""
            wrote(exported.plans_path, f"{exported.plans} plan{plural}, csv")
        plural = "s" if exported.count != 1 else ""
        wrote(output, f"{exported.count} event{plural}, {format}")


@app.command("schema")
def schema_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write, e.g. events/timeline.schema.json; - for standard output "
            "(the default).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Print the JSON Schema of event and plan files, for editors that check YAML."""
    from timeline.schema import schema_json, write_schema

    if output is None or output == STDOUT:
        typer.echo(schema_json(), nl=False)
        return
    with user_errors():
        write_schema(output)
    if not quiet:
        wrote(output)
