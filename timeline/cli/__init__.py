"""The ``timeline`` command line: parses options, calls the library, reports its errors.

The command modules do not use ``from __future__ import annotations``: typer reads every
command's annotations on every run, and string annotations cost it an ``eval`` each (about
7 ms a command line).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

from timeline.cli.app import app as application

# Importing the submodule bound the package's name ``app`` to it: the name is the
# application instead, which __getattr__ below gives with every command registered.
del globals()["app"]

__all__ = ["app", "application", "main"]

# The modules that register the commands, in the order the help lists them.
_MODULES = ("add", "follow", "build", "curate", "draft", "interop", "records", "start")
# The module of each command. A run of one command imports only its module, and typer builds
# only its commands: building all of them (reading every option of every command) costs
# about as much as the command itself on a small folder.
_COMMANDS = {
    "add": "add",
    "build": "build",
    "source": "curate",
    "claim": "curate",
    "draft": "draft",
    "serve": "follow",
    "changes": "follow",
    "import": "interop",
    "export": "interop",
    "schema": "interop",
    "validate": "records",
    "list": "records",
    "init": "start",
    "version": "start",
}


def _register(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(f"timeline.cli.{module}")


def __getattr__(name: str) -> Any:
    """``timeline.cli.app``: the application with every command registered."""
    if name == "app":
        _register(_MODULES)
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``timeline`` console script."""
    # One command runs, then the process ends: Python's cycle collector would only walk the
    # records again and again as they grow (80 ms at 10,000 events, seconds at 100,000), and
    # they hold no reference cycles; memory is freed when the process exits.
    gc.disable()
    # "timeline COMMAND ...": only that command; anything else (help, --version, a typo,
    # shell completion) sees them all.
    command = _COMMANDS.get(sys.argv[1]) if len(sys.argv) > 1 else None
    _register((command,) if command is not None else _MODULES)
    app = application
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
