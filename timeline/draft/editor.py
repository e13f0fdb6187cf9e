"""Open text in the user's editor ($VISUAL, then $EDITOR, then vi) and read it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from timeline.errors import TimelineError

__all__ = ["edit_text"]


def edit_text(text: str, suffix: str = ".yaml") -> str | None:
    """The text as the user saved it, or None when they left it unchanged.

    The file is a private temp file (mode 0600), removed afterwards.
    """
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="timeline-draft-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        before = path.stat().st_mtime_ns
        try:
            subprocess.run([*shlex.split(command), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise TimelineError(f"the editor '{command}' failed: {exc}; set $EDITOR") from None
        edited = path.read_text(encoding="utf-8")
        if path.stat().st_mtime_ns == before and edited == text:
            return None
        return edited
    finally:
        path.unlink(missing_ok=True)
