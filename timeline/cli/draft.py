"""The ``draft`` command: candidate events from news articles, then a review on the terminal."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.app import DEFAULT_EVENTS, QuietOption, app, user_errors, wrote


class _Terminal:
    """The review's prompts and editor, on this terminal."""

    def show(self, text: str) -> None:
        typer.echo(text)

    def choose(self, prompt: str, choices: list[str]) -> str:
        while True:
            answer = str(typer.prompt(prompt.rstrip("? "))).strip().lower()[:1]
            if answer in choices:
                return answer
            typer.echo(f"Answer one of: {', '.join(choices)}")

    def edit(self, text: str) -> str | None:
        from timeline.draft.editor import edit_text

        return edit_text(text)


@app.command("draft")
def draft_command(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles: a .txt or .md file (front matter allowed), a saved .html page, "
            "an http(s) address, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    events: Annotated[
        Path, typer.Option("-e", "--events", help="Events folder the drafts are for.")
    ] = DEFAULT_EVENTS,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD); relative dates count from it."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published it.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's http(s) address.")] = None,
    title: Annotated[str | None, typer.Option(help="The article's headline.")] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the candidates; write no review file."),
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Print the candidates as yaml or json (implies --dry-run)."
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="Walk the drafts on the terminal: accept, edit, merge or skip."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Draft candidate events from news articles into EVENTS/.drafts/, for review."""
    from timeline.draft.command import draft_sources
    from timeline.draft.review import review_folder
    from timeline.draft.sources import Overrides

    if format_ is not None and format_ not in ("yaml", "json"):
        raise typer.BadParameter("use yaml or json", param_hint="--format")
    if not sources and not review:
        raise typer.BadParameter("give an article (or - for standard input), or --review")
    if review and not sys.stdin.isatty():
        typer.echo(
            "Error: --review asks on a terminal, and standard input is not one: run it in a "
            "terminal, or leave out --review to write the review file only",
            err=True,
        )
        raise typer.Exit(1)
    with user_errors():
        if sources:
            results = draft_sources(
                sources,
                events,
                Overrides(published=published, outlet=outlet, url=url, title=title),
                stdin=sys.stdin.buffer,
                write=not (dry_run or format_),
                fmt=format_ or "yaml",
            )
            for result in results:
                if result.path is None:
                    typer.echo(result.text, nl=False)
                    continue
                if not quiet:
                    found = len(result.candidates)
                    wrote(
                        result.path,
                        f"{found} candidate{'' if found == 1 else 's'}, "
                        f"{result.merges} matching recorded events, {result.undated} undated",
                    )
        if review:
            outcome = review_folder(events, _Terminal())
            typer.echo(
                f"{outcome.accepted} accepted, {outcome.merged} merged, "
                f"{outcome.skipped} skipped, {outcome.left} left for later",
                err=True,
            )
