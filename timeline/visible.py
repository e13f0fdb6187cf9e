"""Text for a terminal or a log line: every invisible character shown as its escape.

What users wrote reaches the terminal (``timeline list``, the problems ``validate`` prints),
and some characters there do more than show: a line break starts what reads as another line
or another problem, and the bidirectional controls (U+202A to U+202E, U+2066 to U+2069)
reorder what follows, so ``exe.txt`` can be made to read ``txt.exe``. Zero-width and other
format characters hide text between what shows. Each is written as Python writes it in a
string (``\\n``, ``\\u202e``), which shows where it is and what it is.
"""

from __future__ import annotations

__all__ = ["visible"]


def visible(text: str) -> str:
    """``text`` with every character Python does not call printable escaped (``\\u202e``).

    Printable means neither a control, format, surrogate, private-use or unassigned character,
    nor a separator other than the space: letters, marks, digits, punctuation and symbols of
    every script show as they are.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
