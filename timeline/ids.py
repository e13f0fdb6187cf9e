"""Ids made from what people write: the one slug of a title, and an event's default id.

``timeline add`` and every import make ids here, so the same title on the same day gives
the same id whichever way the event came in. An event's id is its file's name, so an id
Windows keeps for a device (``con``, ``nul``, ``com1``...) is never made: ``con.yaml`` could
not be opened there, nor the folder checked out.
"""

from __future__ import annotations

import re
import unicodedata

from timeline.dates import PartialDate

__all__ = ["MAX_SLUG", "event_id", "file_safe_id", "reserved_on_windows", "slugify"]

# Characters of a title kept in an id: enough to tell events apart, short enough to read.
MAX_SLUG = 60

# Device names Windows gives whatever the extension: "con.yaml" is the console there. The
# superscript digits count too (COM¹ is a port).
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789\u00b9\u00b2\u00b3"]
)


def reserved_on_windows(name: str) -> bool:
    """Whether Windows reserves file name ``name`` for a device: its part before the first
    dot, trailing spaces and dots dropped, is one of CON, PRN, AUX, NUL, COM0-9, LPT0-9 in
    any case (``con.yaml``, ``NUL.yml``, ``aux .yaml``, ``com1.tar.yaml``)."""
    return name.split(".", 1)[0].rstrip(" .").lower() in _WINDOWS_DEVICES


def file_safe_id(wanted: str) -> str:
    """``wanted``, or ``wanted-event`` when ``wanted.yaml`` is reserved on Windows: the id
    an import or a generated id takes, so every event file can be opened everywhere."""
    return f"{wanted}-event" if reserved_on_windows(wanted) else wanted


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by ``-``, at most :data:`MAX_SLUG` characters.

    Accents fold to plain letters (``Rózsa Péter`` → ``rozsa-peter``, ``Erdoğan`` →
    ``erdogan``); any other character outside ASCII (an en or em dash, another script)
    separates words, so ``Kyiv\u2013Moscow talks`` → ``kyiv-moscow-talks``.
    """
    ascii_text = "".join(
        char if char.isascii() else " "
        for char in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(char)
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        # Cut at a word boundary so ids read as words.
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def event_id(date: PartialDate, title: str) -> str:
    """An event's id as people write them: its date, as precise as known, and a slug of its
    title (``2025-03-17-starmer-...``). One day of a week is named by the week
    (``2025-w11-...``), one day of a range by what its days share (``2025-03-...``)."""
    day = f"{date.year:04d}"
    first, last = date.first_day, date.last_day
    if date.week is not None:
        day += f"-w{date.week:02d}"
    elif (
        first is not None
        and last is not None
        and (first.year, first.month)
        == (
            last.year,
            last.month,
        )
    ):
        day += f"-{first.month:02d}"
    elif date.month is not None:
        day += f"-{date.month:02d}"
    if date.day is not None:
        day += f"-{date.day:02d}"
    slug = slugify(title)
    return f"{day}-{slug}" if slug else day
