"""CSV cells that a spreadsheet cannot run: formulas neutralised on the way out, restored on
the way in.

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``, ``-`` or ``@``
for a formula, and some also after a tab or a carriage return; a formula can fetch
addresses, run commands through DDE or send the sheet's data away when the file is opened
(OWASP, "CSV Injection"). Event titles and summaries are the user's or an importer's text, so
every CSV we write puts a single quote before such a cell, which spreadsheets read as "this
is text" and do not show.

The rule, exactly (so that :func:`restore` undoes :func:`neutralise`, and nothing else):

* a cell that is a plain number (``-5``, ``+1.5``, ``1,000``) is left as it is: it cannot be
  a formula, and stays a number in a spreadsheet;
* otherwise a cell made of any number of single quotes (none included) and then one of
  ``= + - @``, tab or carriage return gets one more single quote in front;
* :func:`restore` removes one leading single quote from a cell made of one or more single
  quotes and then one of those characters, and leaves every other cell as it is.

A cell the user began with a quote that is not followed by a formula character (``'90s
talks``) is written and read back as it is; one that is (``'=x``) gets a second quote, so it
too reads back as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["FORMULA_START", "neutralise", "neutralise_row", "restore"]

FORMULA_START = "=+-@\t\r"
_NEUTRALISE = re.compile(r"'*[=+\-@\t\r]")
_RESTORE = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")


def neutralise(cell: str) -> str:
    """``cell`` as written to a CSV: a quote in front if a spreadsheet could run it."""
    if _NEUTRALISE.match(cell) is None or _NUMBER.fullmatch(cell) is not None:
        return cell
    return "'" + cell


def neutralise_row(row: Mapping[str, object]) -> dict[str, object]:
    """A row for :class:`csv.DictWriter` with every text cell neutralised (numbers, which
    cannot be formulas, as they are)."""
    return {
        name: neutralise(value) if isinstance(value, str) else value for name, value in row.items()
    }


def restore(cell: str) -> str:
    """A cell read from a CSV we wrote, as it was before :func:`neutralise`."""
    if _RESTORE.match(cell) is None:
        return cell
    return cell[1:]
