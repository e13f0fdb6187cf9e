"""``-o -``: what a command would write to a file, as bytes for standard output.

The writers write files (atomically, under the output's folder); for standard output the
file is written into a private temporary folder and read back, so every format, images
included, goes through the one tested writer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.export import Built

__all__ = ["build_bytes"]


def build_bytes(root: Path, **options: Any) -> tuple[bytes, Built]:
    """:func:`timeline.export.build` into memory: the file's bytes, and what was built."""
    from timeline.export import build

    with tempfile.TemporaryDirectory(prefix="timeline-") as folder:
        built = build(root, Path(folder) / "out", **options)
        return built.path.read_bytes(), built
