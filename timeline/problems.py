"""Problems found in event files: sortable records and the formats that print them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from timeline.visible import visible

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
            f"::{p.level} file={_github_property(p.path)},line={p.line},col={p.column}"
            f"::{_github_message(p.message)}\n"
            for p in ordered
        )
    return "".join(f"{p}\n" for p in ordered)


def _one_line(text: str) -> str:
    """``text`` with line breaks and other invisible characters escaped (``\\n``, ``\\x85``).

    Messages quote what the user wrote, and file names are the user's too; a line break in
    either must not start a line of its own, which tools (and people) would read as another
    problem.
    """
    return visible(text)


def _github_message(message: str) -> str:
    # A GitHub workflow command ends at a line break: %, CR and LF in its message must be
    # percent-encoded (GitHub decodes them back).
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    # A property (the file name) also ends at "," (the next property) and ":" (the end of
    # the properties): a file named "a,line=1::x" would move the annotation and change its
    # message, one holding a line break would start a command of its own.
    return _github_message(value).replace(":", "%3A").replace(",", "%2C")
