"""Problems found in event files: sortable records and the formats that print them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

__all__ = ["FORMATS", "Problem", "format_problems"]

Level = Literal["error", "warning"]
FORMATS = ("text", "json", "github")


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One problem at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message}"

    def as_error(self) -> Problem:
        """The same problem as an error (for --strict)."""
        return Problem(self.path, self.line, self.column, "error", self.message)


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    """Render problems, sorted, as ``text`` lines, a ``json`` array or ``github`` annotations."""
    ordered = sorted(problems)
    if style == "json":
        return json.dumps([asdict(p) for p in ordered], ensure_ascii=False, indent=2) + "\n"
    if style == "github":
        return "".join(
            f"::{p.level} file={p.path},line={p.line},col={p.column}::{_github_escape(p.message)}\n"
            for p in ordered
        )
    return "".join(f"{p}\n" for p in ordered)


def _github_escape(message: str) -> str:
    # GitHub workflow commands end at a newline; %, CR and LF must be percent-encoded.
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
