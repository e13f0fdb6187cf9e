"""Dates as news articles state them ("Monday", "last week") → dates, counted from publication.

The rules follow the news convention (HeidelTime's news mode, SUTime, wire style), written out
in docs/dates.md with a table of every form:

- a bare weekday is the most recent such day on or before the publication date; "this" +
  weekday is that day of the publication week (weeks run Monday to Sunday, as in ISO 8601);
  "last" + weekday is that day of the week before (a writer meaning a day earlier in the same
  week writes "on Tuesday" or "yesterday"); "next" + weekday is the first such day after;
- a day and month without a year ("11 March") is the most recent such day on or before the
  publication date, a month without a year the most recent such month;
- a named weekday next to a full date is checked against it;
- parts of the day ("Monday night", "late Monday", "last night") are the day itself, exact:
  the words stay in the source's ``date_text``;
- phrases that name a week ("last week") are one day of that ISO week (``2025-W11``), and
  phrases that name a few days ("over the weekend", "earlier this week", "mid-March") one day
  of a range (``[2025-03-11..2025-03-20]``): never a span, and never an invented day; a month
  or a year keeps that precision.

Where a phrase has two readings the rule picks one, and :attr:`Resolved.note` names the other
so a person can check it. The arithmetic is python-dateutil's ``relativedelta``; weekday and
month names are those of dateutil's ``parserinfo``, with the news abbreviations added.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from dateutil.relativedelta import MO, SA, relativedelta

from timeline.dates import MONTH_NAMES, DateError, PartialDate, Precision

__all__ = ["ACCEPTED", "AnchorNeeded", "PhraseError", "Resolved", "needs_anchor", "resolve"]

ACCEPTED = (
    "2025-03-18, 2025-03, 2025, 2025-W11 or [2025-03-11..2025-03-20]; "
    "18 March 2025, March 18, 2025, March 2025 or mid-March 2025, with or without the year; "
    "a weekday before a date (Tuesday, March 18); "
    "Monday, on Monday, this Monday, last Monday or next Monday (Tues, Thurs, Weds too); "
    "yesterday, today, tomorrow, last night or tonight; "
    "a part of the day after or before any of these (Monday night, late Monday); "
    "N days, weeks, months or years ago; in N days, weeks, months or years; "
    "this, last or next week, month or year; over the weekend, this, last or next weekend; "
    "earlier or later this week, month or year; "
    "a trailing ~ or a leading around or about marks it approximate, "
    "and so does early or late before a week, month or year"
)

# The names of dateutil's ``parserinfo`` (its WEEKDAYS and MONTHS), written out: importing
# its parser for them costs more than the rest of this module (a test checks they agree).
_WEEKDAY_NAMES = (
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
)
_MONTH_NAMES = (
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
_WEEKDAYS = {name: index for index, names in enumerate(_WEEKDAY_NAMES) for name in names}
_MONTHS = {name: index + 1 for index, names in enumerate(_MONTH_NAMES) for name in names}
# News abbreviations dateutil's table does not have.
_EXTRA_WEEKDAYS = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_APPROXIMATE_WORDS = ("around", "about")
_EDGE_WORDS = ("early", "late")
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
_MONTH = r"([a-z]+)\.?"

_ISO = re.compile(r"\d{4}(?:-.*)?|\[.*")
_OFFSET_DAY = re.compile(r"(yesterday|today|tomorrow)" + _PART)
_SAME_DAY = re.compile(r"tonight|last night|this (?:morning|afternoon|evening)")
_AGO = re.compile(_COUNT + " " + _UNIT + " ago")
_IN = re.compile("in " + _COUNT + " " + _UNIT)
_PERIOD = re.compile(r"(this|last|next) (week|month|year)")
_SIDE = re.compile(r"(earlier|later) this (week|month|year)")
_WEEKEND = re.compile(r"(?:(?:over|at|during|on) )?(?:the|(this|last|next)) weekend")
_WEEKDAY = re.compile(r"(?:on )?(?:(this|last|next) )?([a-z]+?)\.?(?:'s|\u2019s)?" + _PART)
_LEADING_WEEKDAY = re.compile(r"(?:on )?([a-z]+)\.?,? (.+)")
_DAY_MONTH = re.compile(r"(?:on )?(?:the )?" + _ORDINAL + r" (?:of )?" + _MONTH)
_MONTH_DAY = re.compile(r"(?:on )?" + _MONTH + " " + _ORDINAL)
_MID_MONTH = re.compile(r"(?:in )?mid(?:-| |dle of )" + _MONTH)
_ONLY_MONTH = re.compile(r"(?:in )?" + _MONTH)
_YEAR = re.compile(r"(.+?),? (\d{4})")
_YEAR_ONLY = re.compile(r"in (\d{4})")
_NUMERIC = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")

# "mid-March": one day from the 11th to the 20th, the middle third of the month.
_MID_FIRST, _MID_LAST = 11, 20
# A date without a year taken more than half a year back is read with a note: the writer may
# mean the next one (a meeting still to come).
_FAR_BACK = dt.timedelta(days=182)

_Resolution = tuple[PartialDate, PartialDate | None, str | None]  # date, end of a span, note
# Turns the publication date into what a phrase means.
_Rule = Callable[[dt.date], _Resolution]


class PhraseError(DateError):
    """A date phrase that cannot be read, or names a date that does not exist."""


class AnchorNeeded(PhraseError):
    """A phrase counted from the publication date, with no publication day to count from."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a phrase means: a date (and the end of a span), and what it was counted from."""

    text: str
    date: PartialDate
    # The end of a span. No phrase is a span any more ("last week" is one day of that week),
    # so it is None; kept so that callers that read it keep working.
    end: PartialDate | None = None
    published: dt.date | None = None  # the day a relative phrase was counted from
    phrase: bool = True  # False when the text is already in the event format
    note: str | None = None  # the other reading, when the phrase has two

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
    and :class:`PhraseError` when the phrase cannot be read or names no real date (or a
    weekday that is not the date's).
    """
    shown = " ".join(text.split())
    body = shown
    approximate = False
    if body.endswith("~"):
        approximate, body = True, body[:-1].rstrip()
    first, _, rest = body.partition(" ")
    if first.lower() in _APPROXIMATE_WORDS and rest:
        approximate, body = True, rest
    edge = False
    first, _, rest = body.partition(" ")
    if first.lower() in _EDGE_WORDS and rest:
        # "late Monday" is a part of Monday; "late March" is about the end of March.
        edge, body = True, rest
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
    if edge and result.date.precision.rank > Precision.DAY.rank:
        approximate = True
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
    calendar_rule = _calendar(words, shown)
    if isinstance(calendar_rule, PartialDate):
        return Resolved(shown, calendar_rule)
    if _NUMERIC.fullmatch(words):
        raise PhraseError(
            f"'{shown}' is ambiguous (day/month or month/day?): write it as YYYY-MM-DD"
        )
    relative = calendar_rule or _relative(words)
    if relative is None:
        raise PhraseError(f"'{shown}' is not a date: use {ACCEPTED}")
    if published is None:
        if calendar_rule is not None:
            raise AnchorNeeded(
                f"'{shown}' has no year: it is taken from the publication date; give the day "
                f"it was published, or write the year, e.g. '{shown} YYYY'"
            )
        raise AnchorNeeded(
            f"'{shown}' is counted from the publication date: give the day it was published"
        )
    try:
        date, end, note = relative(published)
    except PhraseError:
        raise
    except (ValueError, OverflowError):
        raise PhraseError(f"'{shown}' is out of range: years run from 1 to 9999") from None
    if note is not None:
        note = f"'{shown}' read as {date.human()}, {note}"
    return Resolved(shown, date, end, published, note=note)


# Calendar dates: "18 March 2025", "Tuesday, March 18", "mid-March" ---------------------------


def _calendar(words: str, shown: str) -> PartialDate | _Rule | None:
    """A calendar date, with or without its year and a weekday: the date when the year is
    written, the rule that takes the year from the publication date when it is not, ``None``
    when the words are no calendar date."""
    found = _calendar_date(words, shown)
    if found is not None:
        return found
    match = _LEADING_WEEKDAY.fullmatch(words)
    if match is None or (weekday := _weekday_index(match.group(1))) is None:
        return None
    found = _calendar_date(match.group(2), shown)
    if found is None:
        return None
    if isinstance(found, PartialDate):
        _check_weekday(found, weekday, shown, "")
        return found
    rule = found

    def checked(published: dt.date) -> _Resolution:
        date, end, note = rule(published)
        _check_weekday(date, weekday, shown, " (its year taken from the publication date)")
        return date, end, note

    return checked


def _calendar_date(words: str, shown: str) -> PartialDate | _Rule | None:
    if match := _YEAR_ONLY.fullmatch(words):
        return PartialDate.parse(match.group(1))
    year: int | None = None
    if match := _YEAR.fullmatch(words):
        words, year = match.group(1), int(match.group(2))
    day: int | None = None
    mid = False
    if match := _DAY_MONTH.fullmatch(words):
        day, month = int(match.group(1)), _MONTHS.get(match.group(2).lower())
    elif match := _MONTH_DAY.fullmatch(words):
        month, day = _MONTHS.get(match.group(1).lower()), int(match.group(2))
    elif match := _MID_MONTH.fullmatch(words):
        month, mid = _MONTHS.get(match.group(1).lower()), True
    elif match := _ONLY_MONTH.fullmatch(words):
        month = _MONTHS.get(match.group(1).lower())
    else:
        return None
    if month is None:
        return None
    if year is not None:
        return _calendar_day(year, month, day, mid, shown)

    def rule(published: dt.date) -> _Resolution:
        # The most recent such day (or month) on or before publication.
        this_year = (month, day or 1) <= (published.month, published.day)
        year = published.year - (0 if this_year else 1)
        if (month, day) == (2, 29) and not calendar.isleap(year):
            raise PhraseError(
                f"'{shown}' is not a date: the year taken from the publication date, {year}, "
                "has no 29 February; write the year"
            )
        date = _calendar_day(year, month, day, mid, shown)
        note = None
        if date.latest() < dt.datetime(published.year, published.month, published.day) - _FAR_BACK:
            note = "the most recent on or before publication"
            try:
                later = _calendar_day(date.year + 1, month, day, mid, shown)
            except DateError:  # 29 February, the year after a leap year
                pass
            else:
                note += f"; if it was still to come, it is {later.human()}"
        return date, None, note

    return rule


def _calendar_day(year: int, month: int, day: int | None, mid: bool, shown: str) -> PartialDate:
    if mid:
        return PartialDate.within(dt.date(year, month, _MID_FIRST), dt.date(year, month, _MID_LAST))
    iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    try:
        return PartialDate.parse(iso)
    except DateError as exc:
        # Report the problem against what the user wrote, not the ISO text built from it.
        reason = str(exc).partition(": ")[2]
        raise PhraseError(f"'{shown}' is not a date: {reason}") from None


def _check_weekday(date: PartialDate, weekday: int, shown: str, how: str) -> None:
    if date.precision is not Precision.DAY:
        raise PhraseError(f"'{shown}' is not a date: a weekday goes with a day of the month")
    assert date.month is not None and date.day is not None
    actual = calendar.weekday(date.year, date.month, date.day)
    if actual != weekday:
        named = f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"
        raise PhraseError(
            f"'{shown}': {named}{how} is a {calendar.day_name[actual]}, "
            f"not a {calendar.day_name[weekday]}"
        )


def _weekday_index(word: str) -> int | None:
    word = word.rstrip(".")
    index = _EXTRA_WEEKDAYS.get(word)
    return index if index is not None else _WEEKDAYS.get(word.lower())


# Counted from the publication date -----------------------------------------------------------


def _relative(words: str) -> _Rule | None:
    """The rule that turns the publication date into what ``words`` mean, if they are one."""
    if match := _OFFSET_DAY.fullmatch(words):
        days = {"yesterday": -1, "today": 0, "tomorrow": 1}[match.group(1)]
        return _days(days)
    if _SAME_DAY.fullmatch(words):
        return _days(-1 if words == "last night" else 0)
    if match := _AGO.fullmatch(words):
        return _count(-_number(match.group(1)), match.group(2))
    if match := _IN.fullmatch(words):
        return _count(_number(match.group(1)), match.group(2))
    if match := _PERIOD.fullmatch(words):
        step = {"this": 0, "last": -1, "next": 1}[match.group(1)]
        return _count(step, match.group(2), whole=True)
    if match := _SIDE.fullmatch(words):
        return _side(match.group(1), match.group(2))
    if match := _WEEKEND.fullmatch(words):
        return _weekend(match.group(1))
    if match := _WEEKDAY.fullmatch(words):
        index = _weekday_index(match.group(2))
        if index is not None:
            return _weekday(index, match.group(1))
    return None


def _number(word: str) -> int:
    return _NUMBERS[word] if word in _NUMBERS else int(word)


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _days(days: int) -> _Rule:
    return lambda published: (_day(published + relativedelta(days=days)), None, None)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday(index: int, side: str | None) -> _Rule:
    """Monday is 0. A bare weekday: the most recent on or before publication; "this": that
    day of the publication week; "last": of the week before; "next": the first after."""
    name = calendar.day_name[index]

    def rule(published: dt.date) -> _Resolution:
        this_week = _monday(published) + dt.timedelta(days=index)
        if side is None:
            day = this_week if this_week <= published else this_week - dt.timedelta(days=7)
            return _day(day), None, None
        note = None
        if side == "this":
            day = this_week
            if this_week < published:
                note = (
                    f"the {name} of the week of publication; it may mean the coming "
                    f"{name}, {_day(this_week + dt.timedelta(days=7)).human()}"
                )
        elif side == "last":
            day = this_week - dt.timedelta(days=7)
            if this_week < published:
                note = (
                    f"the {name} of the week before publication; it may mean the most "
                    f"recent {name}, {_day(this_week).human()}"
                )
        else:
            day = this_week if this_week > published else this_week + dt.timedelta(days=7)
            if this_week > published:
                note = (
                    f"the first {name} after publication; it may mean the {name} of the "
                    f"following week, {_day(this_week + dt.timedelta(days=7)).human()}"
                )
        return _day(day), None, note

    return rule


def _weekend(side: str | None) -> _Rule:
    """One day of a Saturday and Sunday: "the weekend" is the most recent that has begun by
    publication; "this", "last" and "next" as for weekdays."""

    def rule(published: dt.date) -> _Resolution:
        saturday = _monday(published) + dt.timedelta(days=5)
        note = None
        if side is None:
            saturday = published + relativedelta(weekday=SA(-1))
        elif side == "last":
            saturday -= dt.timedelta(days=7)
            if published.weekday() == 6:
                note = (
                    "the weekend of the week before publication; it may mean the weekend "
                    f"publication falls in, {_weekend_days(published - dt.timedelta(days=1))}"
                )
        elif side == "next":
            if saturday <= published:
                saturday += dt.timedelta(days=7)
            else:
                note = (
                    "the first weekend after publication; it may mean the weekend of the "
                    f"following week, {_weekend_days(saturday + dt.timedelta(days=7))}"
                )
        return PartialDate.within(saturday, saturday + dt.timedelta(days=1)), None, note

    return rule


def _weekend_days(saturday: dt.date) -> str:
    return PartialDate.within(saturday, saturday + dt.timedelta(days=1)).human()


def _side(side: str, unit: str) -> _Rule:
    """One day from the start of the week, month or year of publication to publication
    ("earlier this week"), or from publication to its end ("later this week")."""

    def rule(published: dt.date) -> _Resolution:
        if unit == "week":
            start = _monday(published)
            end = start + dt.timedelta(days=6)
        elif unit == "month":
            start = published.replace(day=1)
            end = published.replace(day=calendar.monthrange(published.year, published.month)[1])
        else:
            start, end = published.replace(month=1, day=1), published.replace(month=12, day=31)
        if side == "earlier":
            return PartialDate.within(start, published), None, None
        return PartialDate.within(published, end), None, None

    return rule


def _count(count: int, unit: str, *, whole: bool = False) -> _Rule:
    """``count`` units from publication; a week is a day (one day of that ISO week when
    ``whole``), a month or a year keeps that precision."""

    def rule(published: dt.date) -> _Resolution:
        if unit == "day":
            return _day(published + relativedelta(days=count)), None, None
        if unit == "week":
            if not whole:
                return _day(published + relativedelta(weeks=count)), None, None
            monday = published + relativedelta(weekday=MO(-1), weeks=count)
            year, week, _ = monday.isocalendar()
            return PartialDate.of_week(year, week), None, None
        if unit == "month":
            month = published + relativedelta(months=count)
            return PartialDate(month.year, month.month), None, None
        year_date = published + relativedelta(years=count)
        return PartialDate(year_date.year), None, None

    return rule
