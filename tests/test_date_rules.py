"""The event format's dates at their limits, from the README: years 1 to 9999; months 1 to 12;
days that exist (29 February only in a leap year); times from 00:00 to 23:59(:59), always
with a zone (Z or ±HH:MM) from -12:00 to +14:00; a trailing ~ marks a date approximate. The
first and last instants there are (0001-01-01T00:00+14:00, 9999-12-31)
sort, list and draw like any other date. Values YAML has
already read (a number, a date, a date-time) follow the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dates import DateError, PartialDate
from timeline.phrases import PhraseError, resolve

HINT = (
    "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"
)

# text, (written back, first instant in UTC, instant after the last, as shown)
VALID: list[tuple[str, tuple[str, str, str, str]]] = [
    ("0001", ("0001", "0001-01-01 00:00:00", "0002-01-01 00:00:00", "1")),
    ("9998", ("9998", "9998-01-01 00:00:00", "9999-01-01 00:00:00", "9998")),
    ("9999", ("9999", "9999-01-01 00:00:00", "9999-12-31 23:59:59.999999", "9999")),
    ("9999-12", ("9999-12", "9999-12-01 00:00:00", "9999-12-31 23:59:59.999999", "Dec 9999")),
    ("9999-12-31", ("9999-12-31", "9999-12-31 00:00:00", "9999-12-31 23:59:59.999999",
                    "Fri 31 Dec 9999")),
    ("2024-02-29", ("2024-02-29", "2024-02-29 00:00:00", "2024-03-01 00:00:00",
                    "Thu 29 Feb 2024")),
    ("2025-01-31", ("2025-01-31", "2025-01-31 00:00:00", "2025-02-01 00:00:00",
                    "Fri 31 Jan 2025")),
    ("2025-12-01", ("2025-12-01", "2025-12-01 00:00:00", "2025-12-02 00:00:00",
                    "Mon 1 Dec 2025")),
    ("2025-03-18T00:00Z", ("2025-03-18T00:00Z", "2025-03-18 00:00:00", "2025-03-18 00:01:00",
                           "Tue 18 Mar 2025 00:00 UTC")),
    ("2025-03-18T10:00Z", ("2025-03-18T10:00Z", "2025-03-18 10:00:00", "2025-03-18 10:01:00",
                           "Tue 18 Mar 2025 10:00 UTC")),
    ("2025-03-18T23:59:59Z", ("2025-03-18T23:59:59Z", "2025-03-18 23:59:59",
                              "2025-03-19 00:00:00", "Tue 18 Mar 2025 23:59:59 UTC")),
    ("2025-03-18T10:00:05Z", ("2025-03-18T10:00:05Z", "2025-03-18 10:00:05",
                              "2025-03-18 10:00:06", "Tue 18 Mar 2025 10:00:05 UTC")),
    ("2025-03-18T10:00+14:00", ("2025-03-18T10:00+14:00", "2025-03-17 20:00:00",
                                "2025-03-17 20:01:00", "Tue 18 Mar 2025 10:00 UTC+14:00")),
    ("2025-03-18T10:00+13:59", ("2025-03-18T10:00+13:59", "2025-03-17 20:01:00",
                                "2025-03-17 20:02:00", "Tue 18 Mar 2025 10:00 UTC+13:59")),
    ("2025-03-18T10:00-12:00", ("2025-03-18T10:00-12:00", "2025-03-18 22:00:00",
                                "2025-03-18 22:01:00", "Tue 18 Mar 2025 10:00 UTC-12:00")),
    ("2025-03-18T10:00-11:59", ("2025-03-18T10:00-11:59", "2025-03-18 21:59:00",
                                "2025-03-18 22:00:00", "Tue 18 Mar 2025 10:00 UTC-11:59")),
    ("2025-03-18T10:00+05:45", ("2025-03-18T10:00+05:45", "2025-03-18 04:15:00",
                                "2025-03-18 04:16:00", "Tue 18 Mar 2025 10:00 UTC+05:45")),
    ("2025-03-18T10:00-03:30", ("2025-03-18T10:00-03:30", "2025-03-18 13:30:00",
                                "2025-03-18 13:31:00", "Tue 18 Mar 2025 10:00 UTC-03:30")),
    # The first instant there is: 1 January of year 1 at +14:00 would fall before year 1 in
    # UTC, so it starts at the first instant Python knows.
    ("0001-01-01T00:00+14:00", ("0001-01-01T00:00+14:00", "0001-01-01 00:00:00",
                                "0001-01-01 00:01:00", "Mon 1 Jan 1 00:00 UTC+14:00")),
]  # fmt: skip

INVALID: list[tuple[str, str]] = [
    ("0000", "'0000' is not a date: the year must be between 1 and 9999"),
    ("10000", "'10000' is not a date: the year must be between 1 and 9999"),
    ("2025-00", "'2025-00' is not a date: month 0 does not exist"),
    ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
    ("2025-01-00", "'2025-01-00' is not a date: January 2025 has 31 days"),
    ("2025-01-32", "'2025-01-32' is not a date: January 2025 has 31 days"),
    ("2025-12-32", "'2025-12-32' is not a date: December 2025 has 31 days"),
    ("2025-02-29", "'2025-02-29' is not a date: February 2025 has 28 days"),
    ("2025-04-31", "'2025-04-31' is not a date: April 2025 has 30 days"),
    ("2025-03-18T24:00Z", "'2025-03-18T24:00Z' is not a date: the time of day is out of range"),
    ("2025-03-18T23:60Z", "'2025-03-18T23:60Z' is not a date: the time of day is out of range"),
    ("2025-03-18T23:59:60Z",
     "'2025-03-18T23:59:60Z' is not a date: the time of day is out of range"),
    ("2025-03-18T10:00+14:01", "'2025-03-18T10:00+14:01' is not a date: the zone +14:01 is out of range"),
    ("2025-03-18T10:00+15:00", "'2025-03-18T10:00+15:00' is not a date: the zone +15:00 is out of range"),
    ("2025-03-18T10:00-12:01", "'2025-03-18T10:00-12:01' is not a date: the zone -12:01 is out of range"),
    ("2025-03-18T10:00-13:00", "'2025-03-18T10:00-13:00' is not a date: the zone -13:00 is out of range"),
    ("2025-03-18T10:00+05:60", "'2025-03-18T10:00+05:60' is not a date: the zone +05:60 is out of range"),
    ("2025-03-18T10:00", "'2025-03-18T10:00' is not a date: a time needs a zone, add Z or ±HH:MM"),
    ("2025-03-18T10:00~", "'2025-03-18T10:00~' is not a date: a time needs a zone, add Z or ±HH:MM"),
    ("2025-03-18T10:00z", f"'2025-03-18T10:00z' is not a date: {HINT}"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[row[0] for row in VALID])
def test_a_date_at_the_limits(text: str, expected: tuple[str, str, str, str]) -> None:
    date = PartialDate.parse(text)
    assert (date.iso(), str(date.earliest()), str(date.latest()), date.human()) == expected


@pytest.mark.parametrize(("text", "message"), INVALID, ids=[row[0] for row in INVALID])
def test_a_date_past_the_limits(text: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        PartialDate.parse(text)
    assert str(raised.value) == message


UTC = dt.UTC
# What YAML hands over (a number, a date, a date-time) and what it becomes.
COERCED: list[tuple[object, str]] = [
    (1, "0001"),
    (9999, "9999"),
    (dt.date(2025, 3, 18), "2025-03-18"),
    (dt.datetime(2025, 3, 18, 10, 0, tzinfo=UTC), "2025-03-18T10:00Z"),
    (dt.datetime(2025, 3, 18, 10, 0, 5, tzinfo=UTC), "2025-03-18T10:00:05Z"),
    (dt.datetime(2025, 3, 18, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=45))),
     "2025-03-18T10:00+05:45"),
    (dt.datetime(2025, 3, 18, 10, 0, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30))),
     "2025-03-18T10:00-03:30"),
]  # fmt: skip

NOT_COERCED: list[tuple[object, str]] = [
    (0, "'0' is not a date: the year must be between 1 and 9999"),
    (10000, "'10000' is not a date: the year must be between 1 and 9999"),
    (dt.datetime(2025, 3, 18, 10, 0), "'2025-03-18T10:00:00' is not a date: a time needs a zone"),
    (3.5, f"3.5 is not a date: {HINT}"),
    (True, f"True is not a date: {HINT}"),
]


@pytest.mark.parametrize(("value", "iso"), COERCED, ids=[row[1] for row in COERCED])
def test_a_value_yaml_read(value: object, iso: str) -> None:
    assert PartialDate.coerce(value).iso() == iso


@pytest.mark.parametrize(("value", "message"), NOT_COERCED, ids=[repr(r[0]) for r in NOT_COERCED])
def test_a_value_yaml_read_that_is_not_a_date(value: object, message: str) -> None:
    with pytest.raises(DateError) as raised:
        PartialDate.coerce(value)
    assert str(raised.value) == message


def test_a_seconds_precise_value_keeps_its_seconds_and_a_minute_its_minute() -> None:
    seconds = PartialDate.coerce(dt.datetime(2025, 3, 18, 10, 0, 5, tzinfo=UTC))
    minute = PartialDate.coerce(dt.datetime(2025, 3, 18, 10, 0, tzinfo=UTC))
    assert (seconds.precision.value, minute.precision.value) == ("second", "minute")


def test_a_spaced_tilde_still_marks_the_phrase_approximate() -> None:
    assert resolve("March 2025 ~", dt.date(2025, 3, 18)).date.iso() == "2025-03~"
    assert resolve("March 2025", dt.date(2025, 3, 18)).date.approximate is False


def test_a_month_without_a_year_takes_it_from_publication() -> None:
    # With the publication date, the most recent such month; without, ask for one or the other.
    assert resolve("March", dt.date(2025, 3, 18)).date.iso() == "2025-03"
    with pytest.raises(PhraseError) as raised:
        resolve("March", None)
    assert str(raised.value) == (
        "'March' has no year: it is taken from the publication date; give the day it was "
        "published, or write the year, e.g. 'March YYYY'"
    )
