"""Dates as news articles state them ("Monday", "last week") → dates, counted from publication.

The rules follow the news convention (HeidelTime's news mode, SUTime, wire
style): a bare weekday is the most recent such day on or before the publication date, "last"
is strictly before it, "next" strictly after. Phrases that name a week, a month or a year keep
that precision: no day is ever invented. The arithmetic is python-dateutil's ``relativedelta``;
weekday and month names are dateutil's ``parserinfo`` tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from dateutil.parser import parserinfo
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta, weekday

from timeline.dates import DateError, PartialDate

__all__ = ["ACCEPTED", "AnchorNeeded", "PhraseError", "Resolved", "needs_anchor", "resolve"]

ACCEPTED = (
    "2025-03-18, 2025-03 or 2025; 18 March 2025, March 18, 2025 or March 2025; "
    "Monday, on Monday, last Monday or next Monday; yesterday, today or tomorrow; "
    "N days, weeks, months or years ago; in N days, weeks, months or years; "
    "this, last or next week, month or year; "
    "a trailing ~ or a leading around, about, early or late marks it approximate"
)

_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_NAMES = parserinfo()
_APPROXIMATE_WORDS = ("around", "about", "early", "late")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# "Monday night" is still Monday: the part of the day says nothing about the date.
_PART = r"(?: (?:morning|afternoon|evening|night))?"
_COUNT = r"(\d+|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(day|week|month|year)s?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

_ISO = re.compile(r"\d{4}(?:-.*)?")
_OFFSET_DAY = re.compile(r"(yesterday|today|tomorrow)" + _PART)
_AGO = re.compile(_COUNT + " " + _UNIT + " ago")
_IN = re.compile("in " + _COUNT + " " + _UNIT)
_PERIOD = re.compile(r"(this|last|next) (week|month|year)")
_WEEKDAY = re.compile(r"(?:on )?(?:(last|next) )?([a-z]+?)(?:'s|\u2019s)?" + _PART)
_DAY_MONTH_YEAR = re.compile(r"(?:on )?" + _ORDINAL + r" (?:of )?([a-z]+),? (\d{4})")
_MONTH_DAY_YEAR = re.compile(r"(?:on )?([a-z]+)\.? " + _ORDINAL + r",? (\d{4})")
_MONTH_YEAR = re.compile(r"(?:in )?([a-z]+)\.?,? (\d{4})")
_NO_YEAR = re.compile(
    r"(?:on |in )?(?:" + _ORDINAL + r" (?:of )?([a-z]+)|([a-z]+)\.?(?: " + _ORDINAL + r")?)"
)

# Turns the publication date into the date (and the end of a span) a phrase means.
_Rule = Callable[[dt.date], tuple[PartialDate, PartialDate | None]]
_NUMERIC = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


class PhraseError(DateError):
    """A date phrase that cannot be read, or names a date that does not exist."""


class AnchorNeeded(PhraseError):
    """A phrase counted from the publication date, with no publication day to count from."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a phrase means: a date (and the end of a span), and what it was counted from."""

    text: str
    date: PartialDate
    end: PartialDate | None = None  # the last day of a span phrase ("last week")
    published: dt.date | None = None  # the day a relative phrase was counted from
    phrase: bool = True  # False when the text is already in the event format

    @property
    def relative(self) -> bool:
        """Whether the phrase was counted from the publication date."""
        return self.published is not None

    def display(self) -> str:
        """The phrase and what it resolved to: ``Monday → Mon 17 Mar 2025``."""
        shown = f"{self.text} → {self.date.human()}"
        if self.end is not None:
            shown += f" \u2013 {self.end.human()}"
        return shown


def resolve(text: str, published: dt.date | None) -> Resolved:
    """Resolve a date as an article states it, counting relative phrases from ``published``.

    Raises :class:`AnchorNeeded` when the phrase is relative and ``published`` is ``None``,
    and :class:`PhraseError` when the phrase cannot be read or names no real date.
    """
    shown = " ".join(text.split())
    body = shown
    approximate = False
    if body.endswith("~"):
        approximate, body = True, body[:-1].rstrip()
    first, _, rest = body.partition(" ")
    if first.lower() in _APPROXIMATE_WORDS and rest:
        approximate, body = True, rest
    if not body:
        raise PhraseError(f"no date given: use {ACCEPTED}")
    if _ISO.fullmatch(body):
        # The event format, read by the same parser as event files (times and zones too).
        try:
            date = PartialDate.parse(body)
        except DateError as exc:
            raise PhraseError(str(exc)) from None
        in_format = body == shown or (shown == body + "~")
        result = Resolved(shown, date, phrase=not in_format)
    else:
        result = _read(body.lower(), shown, published)
    if approximate:
        result = replace(
            result,
            date=replace(result.date, approximate=True),
            end=replace(result.end, approximate=True) if result.end else None,
        )
    return result


def needs_anchor(text: str) -> bool:
    """Whether ``text`` is a phrase counted from the publication date ("Monday", "last week")."""
    try:
        resolve(text, None)
    except AnchorNeeded:
        return True
    except PhraseError:
        return False
    return False


def _read(words: str, shown: str, published: dt.date | None) -> Resolved:
    absolute = _absolute(words, shown)
    if absolute is not None:
        return Resolved(shown, absolute)
    if _NUMERIC.fullmatch(words):
        raise PhraseError(
            f"'{shown}' is ambiguous (day/month or month/day?): write it as YYYY-MM-DD"
        )
    relative = _relative(words)
    if relative is None:
        _refuse_without_year(words, shown, published)
        raise PhraseError(f"'{shown}' is not a date: use {ACCEPTED}")
    if published is None:
        raise AnchorNeeded(
            f"'{shown}' is counted from the publication date: give the day it was published"
        )
    try:
        date, end = relative(published)
    except (ValueError, OverflowError):
        raise PhraseError(f"'{shown}' is out of range: years run from 1 to 9999") from None
    return Resolved(shown, date, end, published)


def _absolute(words: str, shown: str) -> PartialDate | None:
    """'18 March 2025', 'March 18, 2025', 'March 2025' (None if the words are none of these)."""
    year: str
    day: str | None = None
    if match := _DAY_MONTH_YEAR.fullmatch(words):
        day, month_name, year = match.groups()
    elif match := _MONTH_DAY_YEAR.fullmatch(words):
        month_name, day, year = match.groups()
    elif match := _MONTH_YEAR.fullmatch(words):
        month_name, year = match.groups()
    else:
        return None
    month = _NAMES.month(month_name)
    if month is None:
        return None
    iso = f"{year}-{month:02d}" + (f"-{int(day):02d}" if day is not None else "")
    try:
        return PartialDate.parse(iso)
    except DateError as exc:
        # Report the problem against what the user wrote, not the ISO text built from it.
        reason = str(exc).partition(": ")[2]
        raise PhraseError(f"'{shown}' is not a date: {reason}") from None


def _refuse_without_year(words: str, shown: str, published: dt.date | None) -> None:
    """'18 March' or 'March': the year would be a guess, so ask for it."""
    match = _NO_YEAR.fullmatch(words)
    if match is None:
        return
    name = match.group(2) or match.group(3)
    if _NAMES.month(name) is not None:
        year = str(published.year) if published is not None else "YYYY"
        raise PhraseError(f"'{shown}' has no year: write it with one, e.g. '{shown} {year}'")


def _relative(words: str) -> _Rule | None:
    """The rule that turns the publication date into what ``words`` means, if they are one."""
    if match := _OFFSET_DAY.fullmatch(words):
        days = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group(1)]
        return _days(days)
    if match := _AGO.fullmatch(words):
        return _count(-_number(match.group(1)), match.group(2))
    if match := _IN.fullmatch(words):
        return _count(_number(match.group(1)), match.group(2))
    if match := _PERIOD.fullmatch(words):
        step = {"this": 0, "last": -1, "next": 1}[match.group(1)]
        return _count(step, match.group(2), span=True)
    if match := _WEEKDAY.fullmatch(words):
        index = _NAMES.weekday(match.group(2))
        if index is not None:
            return _weekday(_WEEKDAYS[index], match.group(1))
    return None


def _number(word: str) -> int:
    return _NUMBERS[word] if word in _NUMBERS else int(word)


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _days(days: int) -> _Rule:
    return lambda published: (_day(published + relativedelta(days=days)), None)


def _weekday(day: weekday, side: str | None) -> _Rule:
    if side == "last":
        # Strictly before: step back a day first, then to the most recent such weekday.
        step = relativedelta(days=-1, weekday=day(-1))
    elif side == "next":
        step = relativedelta(days=+1, weekday=day(+1))
    else:
        # MO(-1) keeps the publication date itself when it is already a Monday.
        step = relativedelta(weekday=day(-1))
    return lambda published: (_day(published + step), None)


def _count(count: int, unit: str, *, span: bool = False) -> _Rule:
    """``count`` units from publication; a week is a day (a Monday to Sunday span when ``span``),
    a month or a year keeps that precision."""

    def rule(published: dt.date) -> tuple[PartialDate, PartialDate | None]:
        if unit == "day":
            return _day(published + relativedelta(days=count)), None
        if unit == "week":
            if not span:
                return _day(published + relativedelta(weeks=count)), None
            monday = published + relativedelta(weekday=MO(-1), weeks=count)
            return _day(monday), _day(monday + relativedelta(days=6))
        if unit == "month":
            month = published + relativedelta(months=count)
            return PartialDate(month.year, month.month), None
        year = published + relativedelta(years=count)
        return PartialDate(year.year), None

    return rule
