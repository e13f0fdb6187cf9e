"""Date phrases in a sentence ("on Monday", "Tuesday's phone call", "11 March", "last week"),
resolved against the article's publication date by :func:`timeline.phrases.resolve`, the same
rules ``timeline add`` uses.

The finder only finds: it knows the shapes date phrases take in news text and hands the words
to ``resolve`` as written. A phrase ``resolve`` refuses is reported as such, and the
candidate stays undated for the reviewer: a day is never guessed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from timeline.dates import DateError
from timeline.phrases import Resolved, resolve

__all__ = ["Found", "find_phrases", "first_date"]

_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:\.|(?=\b))"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_MONTH = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+\d{4})"
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_PERIOD = r"(?:week|weekend|month|year)"
_DAY_MONTH = rf"(?:{_DAY}\s+(?:of\s+)?(?:{_MONTH}){_YEAR}?|(?:{_MONTH})\s+{_DAY}\b{_YEAR}?)"

# Longest shapes first, so "Tuesday, March 11, 2025" is one phrase, not three.
_SHAPES = [
    # ISO dates, as wire copy and datelines write them.
    r"\d{4}-\d{2}-\d{2}",
    # A weekday with its date: "Tuesday, March 11", "Tuesday 11 March 2025".
    rf"(?:on\s+)?(?:{_WEEKDAY}),?\s+{_DAY_MONTH}",
    rf"(?:on\s+)?{_DAY_MONTH}",
    rf"(?:(?:early|mid|late)-?\s*)?(?:{_MONTH}){_YEAR}",
    rf"(?:in\s+)?(?:(?:early|mid|late)-?\s*)?(?:{_MONTH})(?=\s*(?:[,.;:)]|$|\s+(?:when|as|after|before|and|but|that|to|the|talks|meeting|summit)))",
    rf"(?:{_NUMBER})\s+{_UNIT}\s+ago",
    rf"in\s+(?:{_NUMBER})\s+{_UNIT}\b",
    rf"(?:earlier|later)\s+(?:this|that)\s+{_PERIOD}",
    rf"(?:over\s+)?(?:the\s+)?(?:last|this|next|past)\s+{_PERIOD}",
    rf"(?:over\s+)?the\s+{_PERIOD}(?=\b)(?!\s+(?:before|after))",
    rf"(?:yesterday|today|tomorrow){_PART}",
    r"last\s+night|tonight|overnight",
    rf"(?:on\s+)?(?:(?:last|next|this)\s+)?(?:{_WEEKDAY})(?:'s|\u2019s)?{_PART}",
]
_FINDER = re.compile(r"\b(?:" + "|".join(f"(?:{shape})" for shape in _SHAPES) + r")", re.I)
# "May" is a month and a verb: only as a date when a day or a year stands beside it.
_MODAL_MAY = re.compile(r"(?:in\s+)?may", re.I)
# Words the finder matches that are not dates in this sentence: "the weekend" alone, "today's".
_NOT_A_DATE = re.compile(r"(?:over\s+)?the\s+(?:week|month|year)", re.I)


@dataclass(frozen=True)
class Found:
    """A date phrase as written, and what it resolved to (or why it did not)."""

    phrase: str
    resolved: Resolved | None
    problem: str | None = None
    at: int = 0  # where the phrase starts in the text searched


def find_phrases(sentence: str, published: dt.date) -> list[Found]:
    """Every date phrase in ``sentence``, in order, each resolved or with its problem."""
    found = []
    for match in _FINDER.finditer(sentence):
        phrase = " ".join(match.group().split())
        if _MODAL_MAY.fullmatch(phrase) or _NOT_A_DATE.fullmatch(phrase):
            continue
        # "Tuesday's phone call": the possessive is the call's, not part of the date.
        wanted = re.sub(r"(?:'s|\u2019s)$", "", phrase)
        try:
            found.append(Found(phrase, resolve(wanted, published), at=match.start()))
        except DateError as exc:
            found.append(Found(phrase, None, str(exc), at=match.start()))
    return found


def first_date(found: list[Found]) -> Found | None:
    """The phrase that dates the sentence: the first one resolved, else the first found."""
    resolved = [item for item in found if item.resolved is not None]
    if resolved:
        return resolved[0]
    return found[0] if found else None
