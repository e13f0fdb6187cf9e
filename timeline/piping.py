"""``-o -``: what a command would write to a file, as bytes for standard output.

The writers write files (atomically, beside their target); for standard output the file is
written into a private temporary folder and read back, so every format, images included,
goes through the one tested writer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.publish import Built

__all__ = ["drawn_bytes"]


def drawn_bytes(draw: Callable[[Path], Built]) -> tuple[bytes, Built]:
    """Run ``draw`` (a build into the path it is given) into a temporary file: the file's
    bytes, and what was built."""
    with tempfile.TemporaryDirectory(prefix="timeline-") as folder:
        built = draw(Path(folder) / "drawn")
        return built.path.read_bytes(), built
