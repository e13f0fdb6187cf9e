"""Partial and approximate dates: parsing, precision, ordering and display.

A date keeps the precision it was written with (EDTF, Library of Congress): ``2025-03`` is
"March 2025", never the 1st of March. A trailing ``~`` marks it approximate.
"""

from __future__ import annotations

import calendar
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

    @property
    def precision(self) -> Precision:
        """The finest unit this date states."""
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
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
            raise DateError(f"'{text}' is not a date: {FORMATS_HINT}")
        g = match.groupdict()
        year = int(g["year"])
        month = int(g["month"]) if g["month"] else None
        day = int(g["day"]) if g["day"] else None
        if year < 1:
            raise DateError(f"'{text}' is not a date: the year must be between 1 and 9999")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' is not a date: month {month} does not exist")
        if day is not None and month is not None:
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
    def coerce(cls, value: Any) -> PartialDate:
        """Accept what YAML makes of a date: a string, an ``int`` year or a ``datetime.date``."""
        if isinstance(value, PartialDate):
            return value
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
        """The date as written in the event format (EDTF), e.g. ``2025-03~``."""
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
        """The date as a person reads it: ``Tue 18 Mar 2025``, ``Mar 2025 (approx.)``."""
        if self.month is None:
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
