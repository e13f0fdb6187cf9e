"""The ``timeline`` command line: parses options, calls the library, reports its errors.

The command modules do not use ``from __future__ import annotations``: typer reads every
command's annotations on every run, and string annotations cost it an ``eval`` each (about
7 ms a command line).
"""

from __future__ import annotations

import gc
import os
import sys

from timeline.cli import (  # noqa: F401  (register their commands)
    add,
    build,
    curate,
    draft,
    follow,
    interop,
    records,
    start,
)
from timeline.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``timeline`` console script."""
    # One command runs, then the process ends: Python's cycle collector would only walk the
    # records again and again as they grow (80 ms at 10,000 events, seconds at 100,000), and
    # they hold no reference cycles; memory is freed when the process exits.
    gc.disable()
    # Help and usage errors in boxes and colour only on a terminal: piped, logged, or with
    # NO_COLOR set (https://no-color.org), they are plain text that reads well anywhere.
    if os.environ.get("NO_COLOR") or not (sys.stdout.isatty() and sys.stderr.isatty()):
        app.rich_markup_mode = None
    try:
        app(prog_name="timeline")
    except MemoryError:
        # Out of memory outside a command's own error handling (while starting up, say):
        # still one line, never a traceback.
        sys.stderr.write("Error: not enough memory for this command; split large files\n")
        sys.exit(1)
