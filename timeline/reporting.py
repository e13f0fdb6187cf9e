"""How a long load tells whoever runs it how far it has got, without printing anything.

A load calls its ``on_progress`` argument once per file parsed with three numbers: the files
parsed so far, the files it has to parse, and their size in bytes. A caller that starts the
load through other functions (``build``, ``validate``) hands its callback down with
:func:`reporting` instead: the command line shows a progress bar that way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

__all__ = ["Progress", "current", "reporting"]

# (files parsed so far, files to parse, bytes to parse)
Progress = Callable[[int, int, int], None]

_CURRENT: ContextVar[Progress | None] = ContextVar("timeline_reporting", default=None)


def current() -> Progress | None:
    """The callback given to :func:`reporting` around this call, if any."""
    return _CURRENT.get()


@contextlib.contextmanager
def reporting(on_progress: Progress) -> Iterator[None]:
    """Loads started inside this block report their progress to ``on_progress``."""
    token = _CURRENT.set(on_progress)
    try:
        yield
    finally:
        _CURRENT.reset(token)
