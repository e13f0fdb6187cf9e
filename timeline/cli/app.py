"""The typer application, the options every command shares, and the one error handler."""

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.progress import ProgressBar
from timeline.dates import DateError, PartialDate
from timeline.errors import InvalidEvents, TimelineError
from timeline.problems import Problem, format_problems
from timeline.query import EventFilter
from timeline.reporting import reporting

app = typer.Typer(
    name="timeline",
    help="Record a negotiation as dated, sourced YAML events and publish it as a timeline.",
    no_args_is_help=True,
    # --install-completion and --show-completion, for bash, zsh, fish and PowerShell.
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from timeline.versions import DISTRIBUTION, package_version

        typer.echo(f"{DISTRIBUTION} {package_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit ('timeline version' lists plotly.js and extras).",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Record a negotiation as dated, sourced YAML events and publish it as a timeline."""


QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Do not print the Wrote line (errors are still printed)."),
]
RawCsvOption = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="In CSV, write cells as they are: without the quote put before a cell that "
        "starts with =, +, -, @, a tab or a carriage return (which spreadsheets run).",
    ),
]
# "-o -": the output goes to standard output.
STDOUT = Path("-")


def wrote(path: Path | str, what: str = "") -> None:
    """The one line every command prints for each file it writes, on stdout:
    ``Wrote PATH`` or ``Wrote PATH (what)``."""
    typer.echo(f"Wrote {path} ({what})" if what else f"Wrote {path}")


EventsOption = Annotated[
    Path,
    typer.Option(
        "-e",
        "--events",
        help="Events folder (read recursively for *.yaml, *.yml) or one file.",
    ),
]
DEFAULT_EVENTS = Path("events")


def _date_option(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None


SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only events on or after this date (YYYY[-MM[-DD]]).")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Only events on or before this date (YYYY[-MM[-DD]]).")
]
ActorOption = Annotated[
    list[str] | None, typer.Option("--actor", help="Only events with this actor (repeatable).")
]
TrackOption = Annotated[
    list[str] | None, typer.Option("--track", help="Only events on this track (repeatable).")
]
TypeOption = Annotated[
    list[str] | None, typer.Option("--type", help="Only events of this type (repeatable).")
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", help="Only events with this tag (repeatable).")
]


def _as_of(value: str | None) -> str | None:
    if value is None:
        return None
    from timeline.as_of import as_of_day

    try:
        return as_of_day(value).iso()
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Draw what the sources had published by the end of this day (events with no "
        "published date are shown and counted); the page can replay the story day by day.",
        callback=_as_of,
    ),
]
HighlightOption = Annotated[
    str | None,
    typer.Option(
        "--highlight-since",
        metavar="REF",
        help="Mark the events new or changed since REF, a git revision of the events folder "
        "or a day (YYYY-MM-DD, by the sources' publication dates), on the chart and in the "
        "table.",
    ),
]


def make_filter(
    since: str | None,
    until: str | None,
    actor: list[str] | None,
    track: list[str] | None,
    type_: list[str] | None,
    tag: list[str] | None,
    search: str | None = None,
) -> EventFilter:
    """Turn the shared filter options into an :class:`EventFilter` (usage error on bad dates,
    and on a ``--since`` after the ``--until``: that range holds no event, surely a typo)."""
    start, end = _date_option(since), _date_option(until)
    if start is not None and end is not None and start.earliest() >= end.latest():
        raise typer.BadParameter(
            f"--since {since} is after --until {until}: no event can be in that range; "
            "swap the two dates",
            param_hint="'--since' / '--until'",
        )
    return EventFilter(
        since=start,
        until=end,
        actors=tuple(actor or ()),
        tracks=tuple(track or ()),
        types=tuple(type_ or ()),
        tags=tuple(tag or ()),
        search=search,
    )


def echo_problems(problems: list[Problem]) -> None:
    """Print problems to stderr, one line each."""
    if problems:
        typer.echo(format_problems(problems), err=True, nl=False)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's errors into a message on stderr and exit status 1, no traceback;
    meanwhile, long loads show a progress bar on a terminal."""
    bar = ProgressBar()
    try:
        with reporting(bar):
            yield
    except InvalidEvents as exc:
        echo_problems(exc.problems)
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except TimelineError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except MemoryError:
        # Reading refuses files with more values than fit (docs/reliability.md); this is
        # what is left: a machine with less memory than those bounds need.
        typer.echo("Error: not enough memory for this command; split large files", err=True)
        raise typer.Exit(1) from None
    finally:
        bar.stop()
