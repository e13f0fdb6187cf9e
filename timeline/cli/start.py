"""Commands around the tool itself: ``init`` (a new timeline repository) and ``version``."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from timeline.cli.app import QuietOption, app, user_errors, wrote


@app.command("init")
def init_command(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder of the new timeline (made if missing; default: here)."),
    ] = Path("."),
    title: Annotated[
        str, typer.Option("--title", help="Title of the timeline.")
    ] = "A new negotiation",
    ci: Annotated[
        Literal["github", "gitlab"] | None,
        typer.Option(
            "--ci",
            help="Also write a CI workflow that validates the events on each change and "
            "publishes the page from the default branch: github (Actions and Pages) or "
            "gitlab (CI and Pages).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Start a timeline: the events folder with its title, the schema editors check against,
    an example plan and event, a README and a .gitignore. Replaces nothing: when any of
    these files exists, it lists them all and writes none."""
    from timeline.starting import create_project

    if "\n" in title:
        raise typer.BadParameter("one line, please", param_hint="--title")
    with user_errors():
        written = create_project(folder, title, ci)
    if not quiet:
        for path in written:
            wrote(path)


@app.command("version")
def version_command() -> None:
    """Print the versions of the tool, plotly.js, kaleido and the optional extras."""
    from timeline.versions import versions

    for name, number in versions():
        typer.echo(f"{name} {number}")
