"""News phrases → dates, counted from the publication date, by the news convention (as
HeidelTime's news mode and SUTime read them): a bare weekday is the most recent such day on or
before publication, "last" is strictly before, "next" strictly after; a week, a month or a
year stays one, with no day made up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import phrases
from timeline.phrases import AnchorNeeded, PhraseError, needs_anchor, resolve

# Weekdays of the publication dates used below, checked against a printed calendar:
# 2025-03-18 Tue, 2025-03-19 Wed, 2025-03-16 Sun, 2025-03-17 Mon, 2025-03-31 Mon,
# 2024-03-01 Fri, 2024-02-29 Thu, 2023-03-01 Wed, 2025-01-01 Wed, 2024-12-31 Tue,
# 2028-02-29 Tue, 2021-01-03 Sun. ISO weeks: 2025-W01 runs Mon 30 Dec 2024 to Sun 5 Jan 2025,
# 2025-W11 Mon 10 to Sun 16 Mar 2025, 2024-W09 Mon 26 Feb to Sun 3 Mar 2024, 2024-W52
# Mon 23 to Sun 29 Dec 2024, 2020-W53 Mon 28 Dec 2020 to Sun 3 Jan 2021.
TUE = dt.date(2025, 3, 18)
WED = dt.date(2025, 3, 19)
SUN = dt.date(2025, 3, 16)
MON = dt.date(2025, 3, 17)
MON31 = dt.date(2025, 3, 31)
FRI_LEAP = dt.date(2024, 3, 1)
LEAP_DAY = dt.date(2024, 2, 29)
NEW_YEAR = dt.date(2025, 1, 1)
NEW_YEARS_EVE = dt.date(2024, 12, 31)
SUN_WEEK_53 = dt.date(2021, 1, 3)

# (publication date, phrase, the date written in the event format, its precision).
TABLE = [
    # Bare weekday: the most recent such day on or before publication.
    (TUE, "Monday", "2025-03-17", "day"),
    (TUE, "Tuesday", "2025-03-18", "day"),
    (TUE, "Tuesday's", "2025-03-18", "day"),
    (TUE, "on Wednesday", "2025-03-12", "day"),
    (TUE, "Sunday", "2025-03-16", "day"),
    (TUE, "FRIDAY", "2025-03-14", "day"),
    (TUE, "mon", "2025-03-17", "day"),
    (TUE, "on Monday", "2025-03-17", "day"),
    (TUE, "Wednesday", "2025-03-12", "day"),
    # The news abbreviations.
    (TUE, "Tues", "2025-03-18", "day"),
    (TUE, "Tues.", "2025-03-18", "day"),
    (TUE, "Thurs", "2025-03-13", "day"),
    (TUE, "Thur", "2025-03-13", "day"),
    (TUE, "Weds", "2025-03-12", "day"),
    (TUE, "last Thurs", "2025-03-13", "day"),
    # Parts of the day keep the day, exactly.
    (TUE, "Monday night", "2025-03-17", "day"),
    (TUE, "Tuesday evening", "2025-03-18", "day"),
    (TUE, "Monday morning", "2025-03-17", "day"),
    (TUE, "Sunday afternoon", "2025-03-16", "day"),
    (TUE, "late Monday", "2025-03-17", "day"),
    (TUE, "early Monday", "2025-03-17", "day"),
    (TUE, "late on Monday", "2025-03-17", "day"),
    (TUE, "late Monday night", "2025-03-17", "day"),
    (TUE, "yesterday morning", "2025-03-17", "day"),
    (TUE, "last night", "2025-03-17", "day"),
    (TUE, "late last night", "2025-03-17", "day"),
    (TUE, "tonight", "2025-03-18", "day"),
    (TUE, "this morning", "2025-03-18", "day"),
    (TUE, "this afternoon", "2025-03-18", "day"),
    (TUE, "this evening", "2025-03-18", "day"),
    # "this": that day of the publication week; "last": of the week before; "next": the
    # first after.
    (TUE, "this Monday", "2025-03-17", "day"),
    (TUE, "this Tuesday", "2025-03-18", "day"),
    (TUE, "this Friday", "2025-03-21", "day"),
    (TUE, "this Sunday", "2025-03-23", "day"),
    (TUE, "last Tuesday", "2025-03-11", "day"),
    (TUE, "last Monday", "2025-03-10", "day"),
    (TUE, "last Wednesday", "2025-03-12", "day"),
    (TUE, "last Sunday", "2025-03-16", "day"),
    (TUE, "next Tuesday", "2025-03-25", "day"),
    (TUE, "next Wednesday", "2025-03-19", "day"),
    (TUE, "next Monday", "2025-03-24", "day"),
    # A Wednesday article: "last Tuesday" is not yesterday.
    (WED, "Tuesday", "2025-03-18", "day"),
    (WED, "on Tuesday", "2025-03-18", "day"),
    (WED, "last Tuesday", "2025-03-11", "day"),
    (WED, "this Tuesday", "2025-03-18", "day"),
    (WED, "next Tuesday", "2025-03-25", "day"),
    (WED, "Wednesday", "2025-03-19", "day"),
    (WED, "last Wednesday", "2025-03-12", "day"),
    (WED, "earlier this week", "[2025-03-17..2025-03-19]", "range"),
    (WED, "last week", "2025-W11", "week"),
    (WED, "over the weekend", "[2025-03-15..2025-03-16]", "range"),
    # Plain offsets.
    (TUE, "yesterday", "2025-03-17", "day"),
    (TUE, "today", "2025-03-18", "day"),
    (TUE, "Tomorrow", "2025-03-19", "day"),
    (TUE, "3 days ago", "2025-03-15", "day"),
    (TUE, "two weeks ago", "2025-03-04", "day"),
    (TUE, "a week ago", "2025-03-11", "day"),
    (TUE, "in 10 days", "2025-03-28", "day"),
    (TUE, "in 2 weeks", "2025-04-01", "day"),
    # A week named is one day of that ISO week; months and years keep their precision.
    (TUE, "last week", "2025-W11", "week"),
    (TUE, "this week", "2025-W12", "week"),
    (TUE, "next week", "2025-W13", "week"),
    (TUE, "last month", "2025-02", "month"),
    (TUE, "next month", "2025-04", "month"),
    (TUE, "this month", "2025-03", "month"),
    (TUE, "a month ago", "2025-02", "month"),
    (TUE, "2 months ago", "2025-01", "month"),
    (TUE, "last year", "2024", "year"),
    (TUE, "this year", "2025", "year"),
    (TUE, "in 2 years", "2027", "year"),
    # A few days named are one day of a range.
    (TUE, "over the weekend", "[2025-03-15..2025-03-16]", "range"),
    (TUE, "at the weekend", "[2025-03-15..2025-03-16]", "range"),
    (TUE, "the weekend", "[2025-03-15..2025-03-16]", "range"),
    (TUE, "this weekend", "[2025-03-22..2025-03-23]", "range"),
    (TUE, "last weekend", "[2025-03-15..2025-03-16]", "range"),
    (TUE, "next weekend", "[2025-03-22..2025-03-23]", "range"),
    (TUE, "earlier this week", "[2025-03-17..2025-03-18]", "range"),
    (TUE, "later this week", "[2025-03-18..2025-03-23]", "range"),
    (TUE, "earlier this month", "[2025-03-01..2025-03-18]", "range"),
    (TUE, "later this month", "[2025-03-18..2025-03-31]", "range"),
    (TUE, "earlier this year", "[2025-01-01..2025-03-18]", "range"),
    (TUE, "later this year", "[2025-03-18..2025-12-31]", "range"),
    (TUE, "mid-March 2025", "[2025-03-11..2025-03-20]", "range"),
    (TUE, "mid March 2025", "[2025-03-11..2025-03-20]", "range"),
    (TUE, "in mid-March", "[2025-03-11..2025-03-20]", "range"),
    (TUE, "mid-April", "[2024-04-11..2024-04-20]", "range"),
    (TUE, "mid-February 2024", "[2024-02-11..2024-02-20]", "range"),
    # Absolute forms.
    (TUE, "18 March 2025", "2025-03-18", "day"),
    (TUE, "on 3rd March 2025", "2025-03-03", "day"),
    (TUE, "3rd March 2025", "2025-03-03", "day"),
    (TUE, "March 18, 2025", "2025-03-18", "day"),
    (TUE, "Sept 3, 2024", "2024-09-03", "day"),
    (TUE, "March 2025", "2025-03", "month"),
    (TUE, "in March 2025", "2025-03", "month"),
    (TUE, "in 2025", "2025", "year"),
    (TUE, "2025-03-18", "2025-03-18", "day"),
    (TUE, "2025-03", "2025-03", "month"),
    (TUE, "2025", "2025", "year"),
    (TUE, "2025-W11", "2025-W11", "week"),
    (TUE, "[2025-03-11..2025-03-20]", "[2025-03-11..2025-03-20]", "range"),
    # A weekday with a date is checked against it.
    (TUE, "on Tuesday 11 March 2025", "2025-03-11", "day"),
    (TUE, "Tuesday, 11 March 2025", "2025-03-11", "day"),
    (TUE, "Tue 11 Mar 2025", "2025-03-11", "day"),
    (TUE, "Friday, March 14, 2025", "2025-03-14", "day"),
    (TUE, "Tuesday, March 11", "2025-03-11", "day"),
    (TUE, "Tuesday 11 March", "2025-03-11", "day"),
    (TUE, "Monday 17 March", "2025-03-17", "day"),
    # No year: the most recent such day or month on or before publication.
    (TUE, "11 March", "2025-03-11", "day"),
    (TUE, "March 11", "2025-03-11", "day"),
    (TUE, "on 11 March", "2025-03-11", "day"),
    (TUE, "the 11th of March", "2025-03-11", "day"),
    (TUE, "18 March", "2025-03-18", "day"),
    (TUE, "19 March", "2024-03-19", "day"),
    (TUE, "March", "2025-03", "month"),
    (TUE, "in March", "2025-03", "month"),
    (TUE, "February", "2025-02", "month"),
    (TUE, "April", "2024-04", "month"),
    (TUE, "December", "2024-12", "month"),
    # Approximate: around, about, ~; early and late before more than a day.
    (TUE, "2025-03-18~", "2025-03-18~", "day"),
    (TUE, "around 18 March 2025", "2025-03-18~", "day"),
    (TUE, "About 2025-03-18", "2025-03-18~", "day"),
    (TUE, "around Monday", "2025-03-17~", "day"),
    (TUE, "March 2025~", "2025-03~", "month"),
    (TUE, "early March 2025", "2025-03~", "month"),
    (TUE, "late March", "2025-03~", "month"),
    (TUE, "late 2024", "2024~", "year"),
    (TUE, "about last month", "2025-02~", "month"),
    (TUE, "late last month", "2025-02~", "month"),
    (TUE, "around last week", "2025-W11~", "week"),
    (TUE, "late last week", "2025-W11~", "week"),
    (TUE, "early next week", "2025-W13~", "week"),
    (TUE, "around 2025-W11", "2025-W11~", "week"),
    # A Sunday article: the weekend is the one it falls in, the week the one it ends.
    (SUN, "Sunday", "2025-03-16", "day"),
    (SUN, "Saturday", "2025-03-15", "day"),
    (SUN, "Monday", "2025-03-10", "day"),
    (SUN, "last Saturday", "2025-03-08", "day"),
    (SUN, "last Sunday", "2025-03-09", "day"),
    (SUN, "next Monday", "2025-03-17", "day"),
    (SUN, "yesterday", "2025-03-15", "day"),
    (SUN, "last night", "2025-03-15", "day"),
    (SUN, "over the weekend", "[2025-03-15..2025-03-16]", "range"),
    (SUN, "this weekend", "[2025-03-15..2025-03-16]", "range"),
    (SUN, "last weekend", "[2025-03-08..2025-03-09]", "range"),
    (SUN, "next weekend", "[2025-03-22..2025-03-23]", "range"),
    (SUN, "earlier this week", "[2025-03-10..2025-03-16]", "range"),
    (SUN, "this week", "2025-W11", "week"),
    (SUN, "last week", "2025-W10", "week"),
    (SUN, "next week", "2025-W12", "week"),
    # A Monday article: the week has just begun.
    (MON, "Monday", "2025-03-17", "day"),
    (MON, "Sunday", "2025-03-16", "day"),
    (MON, "last Monday", "2025-03-10", "day"),
    (MON, "last Sunday", "2025-03-16", "day"),
    (MON, "this Friday", "2025-03-21", "day"),
    (MON, "next Friday", "2025-03-21", "day"),
    (MON, "over the weekend", "[2025-03-15..2025-03-16]", "range"),
    (MON, "last weekend", "[2025-03-15..2025-03-16]", "range"),
    (MON, "earlier this week", "2025-03-17", "day"),
    (MON, "later this week", "[2025-03-17..2025-03-23]", "range"),
    (MON, "this week", "2025-W12", "week"),
    (MON, "last week", "2025-W11", "week"),
    # Month ends: "last month" from the 31st is February, not March 3.
    (MON31, "last month", "2025-02", "month"),
    (MON31, "Monday", "2025-03-31", "day"),
    (MON31, "last Monday", "2025-03-24", "day"),
    (MON31, "later this month", "2025-03-31", "day"),
    # Leap day, from 1 March 2024 (a Friday).
    (FRI_LEAP, "yesterday", "2024-02-29", "day"),
    (FRI_LEAP, "Thursday", "2024-02-29", "day"),
    (FRI_LEAP, "2 days ago", "2024-02-28", "day"),
    (FRI_LEAP, "last Friday", "2024-02-23", "day"),
    (FRI_LEAP, "Friday", "2024-03-01", "day"),
    (FRI_LEAP, "Saturday", "2024-02-24", "day"),
    (FRI_LEAP, "this week", "2024-W09", "week"),
    (FRI_LEAP, "last week", "2024-W08", "week"),
    (FRI_LEAP, "last month", "2024-02", "month"),
    (FRI_LEAP, "29 February 2024", "2024-02-29", "day"),
    (FRI_LEAP, "29 February", "2024-02-29", "day"),
    (FRI_LEAP, "February", "2024-02", "month"),
    (FRI_LEAP, "mid-February", "[2024-02-11..2024-02-20]", "range"),
    (FRI_LEAP, "earlier this week", "[2024-02-26..2024-03-01]", "range"),
    (FRI_LEAP, "earlier this month", "2024-03-01", "day"),
    (FRI_LEAP, "over the weekend", "[2024-02-24..2024-02-25]", "range"),
    (FRI_LEAP, "last weekend", "[2024-02-24..2024-02-25]", "range"),
    # From the leap day itself (a Thursday).
    (LEAP_DAY, "tomorrow", "2024-03-01", "day"),
    (LEAP_DAY, "in 1 week", "2024-03-07", "day"),
    (LEAP_DAY, "next Thursday", "2024-03-07", "day"),
    (LEAP_DAY, "next year", "2025", "year"),
    (LEAP_DAY, "a year ago", "2023", "year"),
    (LEAP_DAY, "last month", "2024-01", "month"),
    (LEAP_DAY, "29 February", "2024-02-29", "day"),
    (LEAP_DAY, "28 February", "2024-02-28", "day"),
    (LEAP_DAY, "1 March", "2023-03-01", "day"),
    (LEAP_DAY, "earlier this month", "[2024-02-01..2024-02-29]", "range"),
    (LEAP_DAY, "later this month", "2024-02-29", "day"),
    (LEAP_DAY, "this week", "2024-W09", "week"),
    # A year without a leap day.
    (dt.date(2023, 3, 1), "yesterday", "2023-02-28", "day"),
    (dt.date(2023, 3, 1), "Tuesday", "2023-02-28", "day"),
    # Across New Year, from 1 January 2025 (a Wednesday)...
    (NEW_YEAR, "yesterday", "2024-12-31", "day"),
    (NEW_YEAR, "Monday", "2024-12-30", "day"),
    (NEW_YEAR, "Sunday", "2024-12-29", "day"),
    (NEW_YEAR, "last week", "2024-W52", "week"),
    (NEW_YEAR, "this week", "2025-W01", "week"),
    (NEW_YEAR, "last month", "2024-12", "month"),
    (NEW_YEAR, "last year", "2024", "year"),
    (NEW_YEAR, "earlier this year", "2025-01-01", "day"),
    (NEW_YEAR, "31 December", "2024-12-31", "day"),
    (NEW_YEAR, "December", "2024-12", "month"),
    (NEW_YEAR, "1 January", "2025-01-01", "day"),
    (NEW_YEAR, "2 January", "2024-01-02", "day"),
    (NEW_YEAR, "earlier this week", "[2024-12-30..2025-01-01]", "range"),
    # ...and from 31 December 2024 (a Tuesday), in ISO week 2025-W01.
    (NEW_YEARS_EVE, "tomorrow", "2025-01-01", "day"),
    (NEW_YEARS_EVE, "next Friday", "2025-01-03", "day"),
    (NEW_YEARS_EVE, "next week", "2025-W02", "week"),
    (NEW_YEARS_EVE, "this week", "2025-W01", "week"),
    (NEW_YEARS_EVE, "last week", "2024-W52", "week"),
    (NEW_YEARS_EVE, "next month", "2025-01", "month"),
    (NEW_YEARS_EVE, "in 3 weeks", "2025-01-21", "day"),
    (NEW_YEARS_EVE, "later this year", "2024-12-31", "day"),
    (NEW_YEARS_EVE, "1 January", "2024-01-01", "day"),
    (NEW_YEARS_EVE, "earlier this week", "[2024-12-30..2024-12-31]", "range"),
    # A Sunday that ends a 53-week year.
    (SUN_WEEK_53, "this week", "2020-W53", "week"),
    (SUN_WEEK_53, "last week", "2020-W52", "week"),
    (SUN_WEEK_53, "next week", "2021-W01", "week"),
    (SUN_WEEK_53, "yesterday", "2021-01-02", "day"),
    (SUN_WEEK_53, "Monday", "2020-12-28", "day"),
    (SUN_WEEK_53, "earlier this week", "[2020-12-28..2021-01-03]", "range"),
    (SUN_WEEK_53, "earlier this month", "[2021-01-01..2021-01-03]", "range"),
    (SUN_WEEK_53, "over the weekend", "[2021-01-02..2021-01-03]", "range"),
    (SUN_WEEK_53, "December", "2020-12", "month"),
    (SUN_WEEK_53, "31 December", "2020-12-31", "day"),
    (SUN_WEEK_53, "mid-December", "[2020-12-11..2020-12-20]", "range"),
    (SUN_WEEK_53, "last month", "2020-12", "month"),
    # From 29 February 2028 (a Tuesday).
    (dt.date(2028, 2, 29), "1 day ago", "2028-02-28", "day"),
    (dt.date(2028, 2, 29), "in 1 day", "2028-03-01", "day"),
    (dt.date(2028, 2, 29), "next Monday", "2028-03-06", "day"),
    (dt.date(2028, 2, 29), "4 years ago", "2024", "year"),
]


def test_the_table_is_large() -> None:
    assert len(TABLE) >= 120
    assert len({(published, phrase) for published, phrase, _, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(
    ("published", "phrase", "date", "precision"),
    TABLE,
    ids=[f"{p.isoformat()} {phrase}" for p, phrase, _, _ in TABLE],
)
def test_phrase_resolves(published: dt.date, phrase: str, date: str, precision: str) -> None:
    resolved = resolve(phrase, published)
    assert (resolved.date.iso(), resolved.date.precision.value) == (date, precision)
    # No phrase makes a span: one day within a week or a range is not an event that lasts.
    assert resolved.end is None


DATES_PAGE = Path(__file__).resolve().parent.parent / "docs" / "dates.md"


def docs_rows() -> list[list[str]]:
    """The rows of the docs' table of every form (published Tue 18 Mar 2025), as cells."""
    text = DATES_PAGE.read_text(encoding="utf-8")
    table = text.split("## Every form, published Tuesday 18 March 2025", 1)[1]
    lines = [line for line in table.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def test_every_phrase_the_docs_show_is_in_the_table() -> None:
    shown = [
        p for row in docs_rows() if row[1] != "refused" for p in re.findall(r"`([^`]+)`", row[0])
    ]
    assert len(shown) >= 90
    tested = {phrase.casefold() for published, phrase, _, _ in TABLE if published == TUE}
    assert [p for p in shown if p.casefold() not in tested] == []


@pytest.mark.parametrize("row", docs_rows(), ids=lambda row: row[0][:40])
def test_the_docs_table_says_what_add_does(row: list[str]) -> None:
    phrases = re.findall(r"`([^`]+)`", row[0])
    if row[1] == "refused":
        with pytest.raises(PhraseError) as caught:
            resolve(phrases[0], TUE)
        assert row[2].strip("'") in str(caught.value)
        return
    written = re.findall(r"`([^`]+)`", row[1])
    expected = written * len(phrases) if len(written) == 1 else written
    assert len(expected) == len(phrases)
    results = [resolve(phrase, TUE) for phrase in phrases]
    assert [r.date.iso() for r in results] == expected
    assert results[0].date.human() == row[2]
    if row[3]:
        assert results[0].note is not None and row[3] in results[0].note
    else:
        assert [r.note for r in results] == [None] * len(results)


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

ERRORS = [
    ("Mundane", f"'Mundane' is not a date: use {ACCEPTED}"),
    ("last March", f"'last March' is not a date: use {ACCEPTED}"),
    ("Smarch 2025", f"'Smarch 2025' is not a date: use {ACCEPTED}"),
    ("the Monday before", f"'the Monday before' is not a date: use {ACCEPTED}"),
    ("", f"no date given: use {ACCEPTED}"),
    ("~", f"no date given: use {ACCEPTED}"),
    ("03/04/2025", "'03/04/2025' is ambiguous (day/month or month/day?): write it as YYYY-MM-DD"),
    ("29 February 2023", "'29 February 2023' is not a date: February 2023 has 28 days"),
    ("April 31, 2025", "'April 31, 2025' is not a date: April 2025 has 30 days"),
    ("31 April", "'31 April' is not a date: April 2024 has 30 days"),
    # The year the rule gives (2025) has no 29 February: an error, not a leap year back.
    ("29 February", "'29 February' is not a date: the year taken from the publication date, "
     "2025, has no 29 February; write the year"),
    ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
    ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
    ("2025-W53", "'2025-W53' is not a date: the ISO weeks of 2025 run from W01 to W52"),
    ("2025-W1", "'2025-W1' is not a date: a week is written YYYY-Www, e.g. 2025-W11"),
    ("[2025-03-20..2025-03-11]",
     "'[2025-03-20..2025-03-11]' is not a date: the first day must come before the last"),
    ("in 20000 years", "'in 20000 years' is out of range: years run from 1 to 9999"),
    # A weekday that is not the date's: both are shown.
    ("Tuesday 12 March 2025", "'Tuesday 12 March 2025': 12 March 2025 is a Wednesday, not a Tuesday"),
    ("on Friday, March 18, 2025",
     "'on Friday, March 18, 2025': 18 March 2025 is a Tuesday, not a Friday"),
    ("Monday, March 11",
     "'Monday, March 11': 11 March 2025 (its year taken from the publication date) is a "
     "Tuesday, not a Monday"),
    ("Tuesday, March 2025", "'Tuesday, March 2025' is not a date: a weekday goes with a day of "
     "the month"),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "message"), ERRORS, ids=[p or "empty" for p, _ in ERRORS])
def test_unreadable_phrase_is_an_error(phrase: str, message: str) -> None:
    with pytest.raises(PhraseError) as caught:
        resolve(phrase, TUE)
    assert str(caught.value) == message


def test_the_help_text_is_the_one_documented() -> None:
    assert phrases.ACCEPTED == ACCEPTED


# (publication date, phrase, the note: the reading the rule did not pick).
NOTES = [
    (WED, "last Tuesday",
     "'last Tuesday' read as Tue 11 Mar 2025, the Tuesday of the week before publication; "
     "it may mean the most recent Tuesday, Tue 18 Mar 2025"),
    (TUE, "last Monday",
     "'last Monday' read as Mon 10 Mar 2025, the Monday of the week before publication; "
     "it may mean the most recent Monday, Mon 17 Mar 2025"),
    (TUE, "this Monday",
     "'this Monday' read as Mon 17 Mar 2025, the Monday of the week of publication; "
     "it may mean the coming Monday, Mon 24 Mar 2025"),
    (TUE, "next Wednesday",
     "'next Wednesday' read as Wed 19 Mar 2025, the first Wednesday after publication; "
     "it may mean the Wednesday of the following week, Wed 26 Mar 2025"),
    (TUE, "next weekend",
     "'next weekend' read as one day, 22\u201323 Mar 2025, the first weekend after "
     "publication; it may mean the weekend of the following week, one day, 29\u201330 Mar 2025"),
    (SUN, "last weekend",
     "'last weekend' read as one day, 8\u20139 Mar 2025, the weekend of the week before "
     "publication; it may mean the weekend publication falls in, one day, 15\u201316 Mar 2025"),
    (TUE, "19 March",
     "'19 March' read as Tue 19 Mar 2024, the most recent on or before publication; "
     "if it was still to come, it is Wed 19 Mar 2025"),
    (TUE, "mid-April",
     "'mid-April' read as one day, 11\u201320 Apr 2024, the most recent on or before "
     "publication; if it was still to come, it is one day, 11\u201320 Apr 2025"),
    # The year after the leap day has no 29 February to offer as the other reading.
    (dt.date(2025, 2, 28), "29 February",
     "'29 February' read as Thu 29 Feb 2024, the most recent on or before publication"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("published", "phrase", "note"), NOTES, ids=[f"{p} {phrase}" for p, phrase, _ in NOTES]
)
def test_a_phrase_with_two_readings_names_the_other(
    published: dt.date, phrase: str, note: str
) -> None:
    assert resolve(phrase, published).note == note


@pytest.mark.parametrize(
    ("published", "phrase"),
    [
        (TUE, "Tuesday"),
        (TUE, "last Tuesday"),  # in a Tuesday article both readings are 11 March
        (MON, "last Sunday"),
        (MON, "last Monday"),
        (TUE, "next Tuesday"),
        (TUE, "this Friday"),
        (TUE, "last week"),
        (TUE, "11 March"),
        (NEW_YEAR, "December"),
        (TUE, "18 March 2025"),
    ],
)
def test_a_phrase_with_one_reading_has_no_note(published: dt.date, phrase: str) -> None:
    assert resolve(phrase, published).note is None


def test_29_february_with_no_year_in_a_year_without_one_is_an_error() -> None:
    # The rule gives 2023 (29 February is after publication): that year has none, and a
    # leap year further back would be a guess.
    with pytest.raises(PhraseError) as caught:
        resolve("29 February", dt.date(2024, 2, 28))
    assert str(caught.value) == (
        "'29 February' is not a date: the year taken from the publication date, 2023, "
        "has no 29 February; write the year"
    )


def test_relative_phrase_needs_the_publication_date() -> None:
    with pytest.raises(AnchorNeeded) as caught:
        resolve("last Monday", None)
    assert str(caught.value) == (
        "'last Monday' is counted from the publication date: give the day it was published"
    )


def test_absolute_phrase_needs_no_publication_date() -> None:
    resolved = resolve("18 March 2025", None)
    assert resolved.date.iso() == "2025-03-18"
    assert not resolved.relative


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Monday", True),
        ("last week", True),
        ("in 3 days", True),
        ("18 March 2025", False),
        ("2025-03-18", False),
        ("Mundane", False),
    ],
)
def test_needs_anchor(phrase: str, expected: bool) -> None:
    assert needs_anchor(phrase) is expected


@pytest.mark.parametrize(
    ("phrase", "shown"),
    [
        ("Monday", "Monday → Mon 17 Mar 2025"),
        ("  last   week ", "last week → one day, week of 10 Mar 2025"),
        ("over the weekend", "over the weekend → one day, 15\u201316 Mar 2025"),
        ("last month", "last month → Feb 2025"),
        ("around 18 March 2025", "around 18 March 2025 → Tue 18 Mar 2025 (approx.)"),
        ("2025-03", "2025-03 → Mar 2025"),
    ],
)
def test_display(phrase: str, shown: str) -> None:
    assert resolve(phrase, TUE).display() == shown


@pytest.mark.parametrize(
    ("phrase", "is_phrase"),
    [
        ("2025-03-18", False),
        ("2025-03-18~", False),
        ("2025-03-18T10:30Z", False),
        ("around 2025-03-18", True),
        ("18 March 2025", True),
        ("Monday", True),
    ],
)
def test_event_format_is_not_a_phrase(phrase: str, is_phrase: bool) -> None:
    # Only phrases are worth keeping as the source's date_text.
    assert resolve(phrase, TUE).phrase is is_phrase


def test_relative_phrase_records_what_it_counted_from() -> None:
    resolved = resolve("Monday", TUE)
    assert resolved.relative
    assert resolved.published == TUE


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
dates = st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 1))


@given(published=dates, index=st.integers(0, 6))
def test_weekday_rules_hold_for_any_date(published: dt.date, index: int) -> None:
    name = WEEKDAYS[index]
    results = {
        side: dt.date.fromisoformat(resolve(f"{side} {name}".strip(), published).date.iso())
        for side in ("", "this", "last", "next")
    }
    for day in results.values():
        assert day.weekday() == index
    monday = published - dt.timedelta(days=published.weekday())
    assert 0 <= (published - results[""]).days <= 6
    assert results["this"] - monday == dt.timedelta(days=index)
    assert results["last"] - monday == dt.timedelta(days=index - 7)
    assert 1 <= (results["next"] - published).days <= 7


@given(published=dates, step=st.sampled_from(["last", "this", "next"]))
def test_weeks_are_one_day_of_an_iso_week(published: dt.date, step: str) -> None:
    resolved = resolve(f"{step} week", published)
    assert resolved.end is None
    this_monday = published - dt.timedelta(days=published.weekday())
    offset = {"last": -7, "this": 0, "next": 7}[step]
    year, week, _ = (this_monday + dt.timedelta(days=offset)).isocalendar()
    assert resolved.date.iso() == f"{year:04d}-W{week:02d}"


@given(published=dates)
def test_the_weekend_has_begun_by_publication(published: dt.date) -> None:
    date = resolve("over the weekend", published).date
    first, last = date.first_day, date.last_day
    assert first is not None and last is not None
    assert (first.weekday(), (last - first).days) == (5, 1)
    assert 0 <= (published - first).days <= 6


@given(published=dates, unit=st.sampled_from(["week", "month", "year"]))
def test_earlier_this_ends_on_publication(published: dt.date, unit: str) -> None:
    date = resolve(f"earlier this {unit}", published).date
    first = date.first_day or published  # one day (the first of the unit) when it is today
    assert (date.last_day or published) == published
    start = {
        "week": published - dt.timedelta(days=published.weekday()),
        "month": published.replace(day=1),
        "year": published.replace(month=1, day=1),
    }[unit]
    assert first == start


def test_every_weekday_and_month_name_of_dateutil_is_read() -> None:
    # The names are written out in timeline.phrases (importing dateutil's parser for them
    # is slow): each of dateutil's names, in any case, must read as its day or month.
    from dateutil.parser import parserinfo

    thursday = dt.date(2025, 3, 20)
    for index, names in enumerate(parserinfo.WEEKDAYS):
        for name in names:
            for written in (name, name.lower(), name.upper()):
                said = resolve(f"last {written}", thursday).date
                assert said.day is not None and said.month is not None
                assert dt.date(said.year, said.month, said.day).weekday() == index, written
    for number, names in enumerate(parserinfo.MONTHS, start=1):
        for name in names:
            for written in (name, name.lower(), name.upper()):
                assert resolve(f"18 {written} 2024", None).date.iso() == f"2024-{number:02d}-18"
                assert resolve(f"{written} 2024", None).date.iso() == f"2024-{number:02d}"
