"""Ids made from what people write: the one slug of a title, and an event's default id.

``timeline add`` and every import make ids here, so the same title on the same day gives
the same id whichever way the event came in.
"""

from __future__ import annotations

import re
import unicodedata

from timeline.dates import PartialDate

__all__ = ["MAX_SLUG", "event_id", "slugify"]

# Characters of a title kept in an id: enough to tell events apart, short enough to read.
MAX_SLUG = 60


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
    title (``2025-03-17-starmer-...``)."""
    day = f"{date.year:04d}"
    if date.month is not None:
        day += f"-{date.month:02d}"
    if date.day is not None:
        day += f"-{date.day:02d}"
    slug = slugify(title)
    return f"{day}-{slug}" if slug else day
