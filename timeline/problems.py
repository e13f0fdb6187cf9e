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
        where = f"{_one_line(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.level}: {_one_line(self.message)}"

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


def _one_line(text: str) -> str:
    """``text`` with line breaks and other invisible characters escaped (``\\n``, ``\\x85``).

    Messages quote what the user wrote, and file names are the user's too; a line break in
    either must not start a line of its own, which tools (and people) would read as another
    problem.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def _github_escape(message: str) -> str:
    # GitHub workflow commands end at a newline; %, CR and LF must be percent-encoded.
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
