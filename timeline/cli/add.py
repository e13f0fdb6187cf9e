"""The ``add`` command: record one event from options, asking on a terminal for what is missing."""

import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli.app import DEFAULT_EVENTS, QuietOption, app, user_errors
from timeline.errors import InvalidInput, TimelineError
from timeline.vocabulary import EVENT_TYPES, STATUSES

# timeline.add, its date phrases and rich's prompts are imported when add runs, so that the
# other commands do not pay for them at start-up. No ``from __future__ import annotations``
# here, as in the other command modules (see timeline/cli/__init__.py): typer reads the
# command's annotations on every run, and strings would cost it an eval each.
if TYPE_CHECKING:
    from timeline.add import EventInput, Missing

_DATES_HELP = (
    "YYYY-MM-DD, YYYY-MM or YYYY, or as the article says it: Monday, last Monday, "
    "yesterday, 3 days ago, last week, March 2025, around 18 March 2025, ..."
)


@app.command("add")
def add_command(
    ctx: typer.Context,
    events: Annotated[
        Path, typer.Option("-e", "--events", help="Events folder to add the event to.")
    ] = DEFAULT_EVENTS,
    title: Annotated[str | None, typer.Option(help="Plain-text headline of the event.")] = None,
    date: Annotated[str | None, typer.Option(help=f"When it happened: {_DATES_HELP}")] = None,
    end: Annotated[str | None, typer.Option(help="Last day of a span, same forms.")] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help=f"Kind of event: {', '.join(EVENT_TYPES)}."),
    ] = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", help="A person or body (repeatable).")
    ] = None,
    track: Annotated[str | None, typer.Option(help="Negotiation track id, e.g. europe.")] = None,
    summary: Annotated[str | None, typer.Option(help="Plain text, in your own words.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help=f"Status it gives its plan stage: {', '.join(STATUSES)}."),
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="The plan stage it moves: PLAN-ID/STAGE-ID.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A label (repeatable).")] = None,
    key: Annotated[bool, typer.Option("--key", help="Mark it a key event.")] = False,
    outlet: Annotated[str | None, typer.Option(help="Source: the outlet that reports it.")] = None,
    source_title: Annotated[
        str | None, typer.Option("--source-title", help="Source: headline of the article.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Source: http(s) link to the article.")] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Source: publication date; date phrases count from it (default today)."),
    ] = None,
    quote: Annotated[str | None, typer.Option(help="Source: a short quote.")] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="Another source, 'OUTLET|URL|PUBLISHED' (URL and PUBLISHED may be left "
            "empty); more parts as title=..., quote=..., date_text=... (repeatable).",
        ),
    ] = None,
    claim: Annotated[
        list[str] | None,
        typer.Option("--claim", help="What a party asserts, 'WHO: WHAT THEY SAY' (repeatable)."),
    ] = None,
    denial: Annotated[
        list[str] | None,
        typer.Option("--denial", help="What a party denies, 'WHO: WHAT THEY DENY' (repeatable)."),
    ] = None,
    id_: Annotated[
        str | None, typer.Option("--id", help="Event id (default: date and title as a slug).")
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Append to this list file instead of writing a new file."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Never ask: a missing value is an error.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Add it even if an event with this title and date is recorded."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Record one event: write EVENTS/<id>.yaml, or append it to a list file with --to."""
    # Pydantic looks for plugins in the entry points of every installed distribution the
    # first time it builds a model (5 ms with 200 packages installed, more with more). The
    # command checks one event with its own models and wants no third-party plugin observing
    # or changing that check; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from timeline.add import EventInput, add_event, missing_fields, missing_message

    values = EventInput(
        title=title,
        date=date,
        end=end,
        type=type_,
        actors=tuple(actor or ()),
        track=track,
        summary=summary,
        status=status,
        stage=stage,
        tags=tuple(tag or ()),
        key=key,
        outlet=outlet,
        source_title=source_title,
        url=url,
        published=published,
        quote=quote,
        id=id_,
        sources=tuple(source or ()),
        claims=tuple(claim or ()),
        denials=tuple(denial or ()),
    )
    asking = not yes and sys.stdin.isatty()
    if asking:
        values = _ask(values)
    missing = missing_fields(values)
    if missing:
        why = "--yes was given" if yes else "input is not a terminal"
        ctx.fail(f"{missing_message(missing)} (nothing is asked: {why})")
    with user_errors():
        try:
            added = add_event(events, values, to=to, force=force)
        except TimelineError as exc:
            if exc.created is not None:
                typer.echo(f"Created events folder {exc.created}", err=True)
            if not isinstance(exc, InvalidInput):
                raise
            for message in exc.messages:
                typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(1) from None
    if added.created is not None:
        typer.echo(f"Created events folder {added.created}", err=True)
    for line in added.lines()[1 if quiet else 0 :]:
        typer.echo(line)
    for warning in added.warnings:
        typer.echo(f"Warning: {warning}", err=True)


def _ask(values: "EventInput") -> "EventInput":
    """Ask for each missing required value; a typed date is shown resolved for confirmation."""
    from timeline.add import missing_fields

    try:
        # One at a time: an answer can make another value required (a date phrase needs
        # the outlet whose date_text keeps it).
        while missing := missing_fields(values):
            values = _answer(missing[0], values)
        if values.outlet is None and not values.sources:
            # Without it the event would be written with no source, and a warning.
            outlet = _optional("Outlet (who reports it; Enter for none)")
            values = dataclasses.replace(values, outlet=outlet)
    except (EOFError, KeyboardInterrupt):
        raise typer.Abort() from None
    return values


def _answer(missing: "Missing", values: "EventInput") -> "EventInput":
    from rich.prompt import Prompt

    if missing.field == "type":
        return dataclasses.replace(values, type=_ask_type())
    if missing.field == "actors":
        actors = [_required("Actor")]
        while more := Prompt.ask("Another actor (Enter when done)", default="", show_default=False):
            actors.append(more)
        return dataclasses.replace(values, actors=tuple(actors))
    if missing.field == "date":
        return _ask_date(values)
    if missing.field == "outlet":
        typer.echo(missing.reason)
        return dataclasses.replace(values, outlet=_required("Outlet (who reports it)"))
    return dataclasses.replace(values, title=_required("Title"))


def _required(label: str, default: str | None = None) -> str:
    from rich.prompt import Prompt

    while True:
        if default:
            answer = Prompt.ask(label, default=default).strip()
        else:
            answer = Prompt.ask(label).strip()
        if answer:
            return answer


def _optional(label: str) -> str | None:
    from rich.prompt import Prompt

    return Prompt.ask(label, default="", show_default=False).strip() or None


def _ask_type() -> str:
    """Ask for the type until the answer is one, or the start of exactly one."""
    import shutil
    import textwrap

    from timeline.add import matching_types

    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1

    def say(text: str) -> None:
        # Wrapped here, at spaces: the terminal would break a word at its edge.
        typer.echo(textwrap.fill(text, width=width, break_long_words=False))

    say(f"Types: {', '.join(EVENT_TYPES)}")
    while True:
        answer = _required("Type (or the start of one)").casefold()
        matches = matching_types(answer)
        if len(matches) == 1:
            return matches[0]
        if matches:
            say(f"'{answer}' starts {', '.join(matches)}: type more of it")
        else:
            say(f"'{answer}' is not a type; choose one of: {', '.join(EVENT_TYPES)}")


def _ask_date(values: "EventInput") -> "EventInput":
    """Ask for the date (and, for a phrase, the publication date) until the user confirms."""
    from rich.markup import escape
    from rich.prompt import Confirm, Prompt

    from timeline.add import resolve_dates
    from timeline.phrases import needs_anchor

    # Each answer is the default of the next try, so "n" changes one thing, not all.
    text: str | None = None
    published_answer: str | None = None
    while True:
        text = _required("Date (2025-03-18, Monday, last week, March 2025, ...)", text)
        published = values.published
        if published is None and needs_anchor(text):
            label = f"Published (the article's date; '{escape(text)}' counts from it)"
            published_answer = Prompt.ask(
                label, default=published_answer or dt.date.today().isoformat()
            )
            published = published_answer
        asked = dataclasses.replace(values, date=text, published=published)
        try:
            shown = resolve_dates(asked).lines()[0].removeprefix("date: ")
        except InvalidInput as exc:
            for message in exc.messages:
                typer.echo(f"Error: {message}", err=True)
            continue
        if Confirm.ask(f"{escape(shown)}. Right?", default=True):
            return asked
