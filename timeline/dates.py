"""Partial and approximate dates: parsing, precision, ordering and display.

A date keeps the precision it was written with (EDTF, Library of Congress): ``2025-03`` is
"March 2025", never the 1st of March. A trailing ``~`` marks it approximate.

Two forms say "one day, we do not know which, within these days" (not a span, which lasts from
``date`` to ``end``): an ISO 8601 week, ``2025-W11`` (Monday 10 to Sunday 16 March 2025, as
ISO 8601 numbers weeks and HeidelTime writes "last week"), and EDTF's "one of a set" written as
a range of days, ``[2025-03-11..2025-03-20]``. Neither has a month or a day of its own
(``month`` and ``day`` are ``None``), so code that reads only those fields sees a coarser date,
never an invented day.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["DateError", "PartialDate", "Precision"]

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Fixed English names rather than strftime("%a"), whose output depends on the locale.
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

FORMATS_HINT = (
    "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"
)

_WEEK_RE = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})(?P<approx>~)?")
_DAYS_RE = re.compile(
    r"\[(?P<first>\d{4}-\d{2}-\d{2})\.\.(?P<last>\d{4}-\d{2}-\d{2})\](?P<approx>~)?"
)
# The part of a one-of-range written unquoted in YAML, which reads "[a..b]" as a list of "a..b".
_DAYS_ITEM_RE = re.compile(r"\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}")

_DATE_RE = re.compile(
    r"""
    (?P<year>\d{4})
    (?:-(?P<month>\d{2})
      (?:-(?P<day>\d{2})
        (?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?
           (?P<tz>Z|[+-]\d{2}:\d{2})?
        )?
      )?
    )?
    (?P<approx>~)?
    """,
    re.VERBOSE,
)


class DateError(ValueError):
    """A value that is not a date in the event format."""


class Precision(enum.Enum):
    """How much of a date is known, finest first."""

    SECOND = "second"
    MINUTE = "minute"
    DAY = "day"
    WEEK = "week"  # one day of an ISO 8601 week: 2025-W11
    RANGE = "range"  # one day of a range of days: [2025-03-11..2025-03-20]
    MONTH = "month"
    YEAR = "year"

    @property
    def rank(self) -> int:
        """0 for the finest precision; used to put finer dates first when instants tie."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Precision)}


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a year, a month, a day or a time of day, possibly approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset_minutes: int | None = None  # UTC offset of a time of day
    approximate: bool = False
    week: int | None = None  # ISO 8601 week of ``year`` (an ISO week-numbering year)
    days: tuple[dt.date, dt.date] | None = None  # one day from the first to the last, inclusive

    @classmethod
    def of_week(cls, year: int, week: int, approximate: bool = False) -> PartialDate:
        """One day of ISO week ``week`` of ``year``; :class:`DateError` if it has no such week."""
        text = f"{year:04d}-W{week:02d}"
        if not 1 <= year <= 9999:
            raise DateError(f"'{text}' is not a date: the year must be between 1 and 9999")
        weeks = _weeks_in(year)
        if not 1 <= week <= weeks:
            raise DateError(
                f"'{text}' is not a date: the ISO weeks of {year} run from W01 to W{weeks}"
            )
        return cls(year, week=week, approximate=approximate)

    @classmethod
    def within(cls, first: dt.date, last: dt.date, approximate: bool = False) -> PartialDate:
        """One day from ``first`` to ``last`` (inclusive): a plain day when they are the same
        day, since a range of one day is that day."""
        if first == last:
            return cls(first.year, first.month, first.day, approximate=approximate)
        if last < first:
            raise DateError(
                f"'[{first.isoformat()}..{last.isoformat()}]' is not a date: "
                "the first day must come before the last"
            )
        return cls(first.year, days=(first, last), approximate=approximate)

    @property
    def first_day(self) -> dt.date | None:
        """The first day a week or a range of days can mean (``None`` for other dates)."""
        if self.days is not None:
            return self.days[0]
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 1)
        return None

    @property
    def last_day(self) -> dt.date | None:
        """The last day a week or a range of days can mean (``None`` for other dates)."""
        if self.days is not None:
            return self.days[1]
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 7)
        return None

    @property
    def precision(self) -> Precision:
        """The finest unit this date states."""
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.week is not None:
            return Precision.WEEK
        if self.days is not None:
            return Precision.RANGE
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the event format (``2025``, ``2025-03``, ``2025-03-18``, times, ``~``)."""
        # Dates are immutable and a large timeline repeats the same few thousand, so each
        # text is parsed once; errors are not kept and are raised afresh each time.
        if cls is not PartialDate:
            return cls._parse(text)
        parsed = _PARSED.get(text)
        if parsed is None:
            parsed = cls._parse(text)
            if len(_PARSED) < _PARSED_MAX:
                _PARSED[text] = parsed
        return parsed

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        stripped = text.strip()
        match = _DATE_RE.fullmatch(stripped)
        if match is None:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?~?", stripped):
                raise DateError(f"'{text}' is not a date: a time needs a zone, add Z or ±HH:MM")
            if re.match(r"[+-]\d|\d{5}", stripped):
                raise DateError(f"'{text}' is not a date: the year must be between 1 and 9999")
            return cls._parse_one_of(stripped, text)
        g = match.groupdict()
        year = int(g["year"])
        month = int(g["month"]) if g["month"] else None
        day = int(g["day"]) if g["day"] else None
        if year < 1:
            raise DateError(f"'{text}' is not a date: the year must be between 1 and 9999")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' is not a date: month {month} does not exist")
        # Every month has 28 days: the calendar (and its import, a few per cent of a
        # command answered from the parse cache) is asked only about the days after.
        if day is not None and month is not None and not 1 <= day <= 28:
            import calendar

            days_in_month = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days_in_month:
                raise DateError(
                    f"'{text}' is not a date: {MONTH_NAMES[month - 1]} {year} "
                    f"has {days_in_month} days"
                )
        hour = minute = second = offset = None
        if g["hour"] is not None:
            hour, minute = int(g["hour"]), int(g["minute"])
            second = int(g["second"]) if g["second"] else None
            if hour > 23 or minute > 59 or (second is not None and second > 59):
                raise DateError(f"'{text}' is not a date: the time of day is out of range")
            offset = _parse_offset(g["tz"], text)
        return cls(year, month, day, hour, minute, second, offset, bool(g["approx"]))

    @classmethod
    def _parse_one_of(cls, stripped: str, text: str) -> PartialDate:
        """``2025-W11`` or ``[2025-03-10..2025-03-16]``, with an optional trailing ``~``."""
        if match := _WEEK_RE.fullmatch(stripped):
            year, week = int(match["year"]), int(match["week"])
            try:
                return cls.of_week(year, week, bool(match["approx"]))
            except DateError as exc:
                raise DateError(f"'{text}' is not a date: {_reason(exc)}") from None
        if match := _DAYS_RE.fullmatch(stripped):
            try:
                first, last = (cls._parse(match[name]) for name in ("first", "last"))
            except DateError as exc:
                raise DateError(f"'{text}' is not a date: {_reason(exc)}") from None
            assert first.month is not None and first.day is not None
            assert last.month is not None and last.day is not None
            start = dt.date(first.year, first.month, first.day)
            end = dt.date(last.year, last.month, last.day)
            if start >= end:
                raise DateError(
                    f"'{text}' is not a date: the first day must come before the last"
                    + (f" (one day is written {first.iso()})" if start == end else "")
                )
            return cls.within(start, end, bool(match["approx"]))
        if re.fullmatch(r"\d{4}-W.*", stripped):
            raise DateError(f"'{text}' is not a date: a week is written YYYY-Www, e.g. 2025-W11")
        if stripped.startswith("["):
            raise DateError(
                f"'{text}' is not a date: one day within a range is written "
                "[YYYY-MM-DD..YYYY-MM-DD], e.g. [2025-03-11..2025-03-20]"
            )
        raise DateError(f"'{text}' is not a date: {FORMATS_HINT}")

    @classmethod
    def coerce(cls, value: Any) -> PartialDate:
        """Accept what YAML makes of a date: a string, an ``int`` year or a ``datetime.date``,
        and ``[2025-03-10..2025-03-16]`` written unquoted, which YAML reads as a list of one."""
        if isinstance(value, PartialDate):
            return value
        if (
            isinstance(value, list)
            and len(value) == 1
            and isinstance(value[0], str)
            and _DAYS_ITEM_RE.fullmatch(value[0].strip())
        ):
            return cls.parse(f"[{value[0].strip()}]")
        if isinstance(value, bool):
            raise DateError(f"{value!r} is not a date: {FORMATS_HINT}")
        if isinstance(value, int):
            if not 1 <= value <= 9999:
                raise DateError(f"'{value}' is not a date: the year must be between 1 and 9999")
            return cls(value)
        if isinstance(value, dt.datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise DateError(f"'{value.isoformat()}' is not a date: a time needs a zone")
            offset = value.utcoffset()
            assert offset is not None
            return cls(
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second or None,
                int(offset.total_seconds() // 60),
            )
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            return cls.parse(value)
        raise DateError(f"{value!r} is not a date: {FORMATS_HINT}")

    def earliest(self) -> dt.datetime:
        """The first instant this date can mean, as a naive UTC datetime."""
        if self.week is not None or self.days is not None:
            first = self.first_day
            assert first is not None
            return dt.datetime(first.year, first.month, first.day)
        start = dt.datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
        )
        if self.offset_minutes:
            start = _shifted(start, -dt.timedelta(minutes=self.offset_minutes))
        return start

    def latest(self) -> dt.datetime:
        """The instant just after the last one this date can mean (exclusive), naive UTC."""
        start = self.earliest()
        precision = self.precision
        if self.week is not None or self.days is not None:
            last = self.last_day
            assert last is not None
            return _shifted(dt.datetime(last.year, last.month, last.day), dt.timedelta(days=1))
        if precision is Precision.SECOND:
            return _shifted(start, dt.timedelta(seconds=1))
        if precision is Precision.MINUTE:
            return _shifted(start, dt.timedelta(minutes=1))
        if precision is Precision.DAY:
            return _shifted(start, dt.timedelta(days=1))
        if precision is Precision.MONTH:
            assert self.month is not None
            if self.month == 12:
                return dt.datetime(self.year + 1, 1, 1) if self.year < 9999 else dt.datetime.max
            return dt.datetime(self.year, self.month + 1, 1)
        return dt.datetime(self.year + 1, 1, 1) if self.year < 9999 else dt.datetime.max

    def sort_key(self) -> tuple[dt.datetime, int]:
        """Earliest instant first, then finer precision first."""
        return (self.earliest(), self.precision.rank)

    def iso(self) -> str:
        """The date as written in the event format (EDTF), e.g. ``2025-03~``, ``2025-W11``,
        ``[2025-03-11..2025-03-20]``."""
        if self.week is not None:
            return f"{self.year:04d}-W{self.week:02d}" + ("~" if self.approximate else "")
        if self.days is not None:
            first, last = self.days
            text = f"[{first.isoformat()}..{last.isoformat()}]"
            return text + ("~" if self.approximate else "")
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute or 0:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += _format_offset(self.offset_minutes or 0)
        if self.approximate:
            text += "~"
        return text

    def human(self) -> str:
        """The date as a person reads it: ``Tue 18 Mar 2025``, ``Mar 2025 (approx.)``,
        ``one day, week of 10 Mar 2025``, ``one day, 11\u201320 Mar 2025``."""
        first, last = self.first_day, self.last_day
        if first is not None and last is not None:
            if self.week is not None:
                text = f"one day, week of {_day_month(first)} {first.year}"
            else:
                text = f"one day, {_day_range(first, last)}"
        elif self.month is None:
            text = f"{self.year}"
        elif self.day is None:
            text = f"{MONTH_ABBR[self.month - 1]} {self.year}"
        else:
            weekday = WEEKDAY_ABBR[dt.date(self.year, self.month, self.day).weekday()]
            text = f"{weekday} {self.day} {MONTH_ABBR[self.month - 1]} {self.year}"
            if self.hour is not None:
                text += f" {self.hour:02d}:{self.minute or 0:02d}"
                if self.second is not None:
                    text += f":{self.second:02d}"
                offset = self.offset_minutes or 0
                text += " UTC" if offset == 0 else f" UTC{_format_offset(offset)}"
        if self.approximate:
            text += " (approx.)"
        return text

    def __str__(self) -> str:
        return self.iso()


def _day_month(day: dt.date) -> str:
    return f"{day.day} {MONTH_ABBR[day.month - 1]}"


def _day_range(first: dt.date, last: dt.date) -> str:
    """``11\u201320 Mar 2025``, ``28 Feb \u2013 3 Mar 2025``, ``30 Dec 2024 \u2013 5 Jan 2025``."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{_day_month(last)} {last.year}"
    if first.year == last.year:
        return f"{_day_month(first)} \u2013 {_day_month(last)} {last.year}"
    return f"{_day_month(first)} {first.year} \u2013 {_day_month(last)} {last.year}"


def _weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return dt.date(year, 12, 28).isocalendar().week


def _reason(exc: DateError) -> str:
    return str(exc).partition(": ")[2]


_PARSED: dict[str, PartialDate] = {}
_PARSED_MAX = 20_000


def _shifted(value: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``value + delta``, held at the ends of ``datetime``'s range (years 1 and 9999), as
    ``latest()`` already is for a month or year in 9999: an event on 9999-12-31 or at
    0001-01-01T00:00+05:00 must sort and draw, not crash."""
    try:
        return value + delta
    except OverflowError:
        return dt.datetime.max if delta > dt.timedelta(0) else dt.datetime.min


def _parse_offset(tz: str | None, text: str) -> int:
    if tz is None:
        raise DateError(f"'{text}' is not a date: a time needs a zone, add Z or ±HH:MM")
    if tz == "Z":
        return 0
    sign = -1 if tz[0] == "-" else 1
    hours, minutes = int(tz[1:3]), int(tz[4:6])
    # Real UTC offsets run from -12:00 to +14:00.
    limit = 14 if sign > 0 else 12
    if hours > limit or minutes > 59 or (hours == limit and minutes):
        raise DateError(f"'{text}' is not a date: the zone {tz} is out of range")
    return sign * (hours * 60 + minutes)


def _format_offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"
