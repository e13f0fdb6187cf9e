"""The progress bar on stderr while a command parses many event files."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["PROGRESS_MIN_BYTES", "PROGRESS_MIN_FILES", "ProgressBar"]

# Parsing fewer files, and fewer bytes, than this takes about a second: no progress bar.
PROGRESS_MIN_FILES = 2000
PROGRESS_MIN_BYTES = 4 * 1024 * 1024


class ProgressBar:
    """A load's progress callback (:data:`timeline.reporting.Progress`) that shows a bar on
    stderr when that is a terminal and there are many files or megabytes to parse (one big
    list file shows the time it has taken so far), and does nothing otherwise."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int, size: int) -> None:
        if self._bar is None:
            if done != 1 or not _worth_showing(total, size):
                return
            self._start(total)
        assert self._bar is not None and self._task is not None
        self._bar.update(self._task, completed=done)
        if done >= total:
            self.stop()

    def _start(self, total: int) -> None:
        # Started at the first file parsed: any worker processes have been forked by then,
        # so the bar's refresh thread never runs while they fork.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        columns = ("Reading events", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        # On stderr, so that output piped from stdout (list, export) stays clean.
        console = Console(stderr=True)
        self._bar = Progress(*columns, console=console, transient=True, redirect_stdout=False)
        self._bar.start()
        self._task = self._bar.add_task("read", total=total)

    def stop(self) -> None:
        """Take the bar away (it is transient), if one shows."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None


def _worth_showing(total: int, size: int) -> bool:
    return (total >= PROGRESS_MIN_FILES or size >= PROGRESS_MIN_BYTES) and sys.stderr.isatty()
