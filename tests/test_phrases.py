"""News phrases → dates, counted from the publication date, by the news convention (as
HeidelTime's news mode and SUTime read them): a bare weekday is the most recent such day on or
before publication, "last" is strictly before, "next" strictly after; a week, a month or a
year stays one, with no day made up."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.phrases import AnchorNeeded, PhraseError, needs_anchor, resolve

# Weekdays of the publication dates used below, checked against a calendar:
# 2025-03-18 Tue, 2025-03-31 Mon, 2024-03-01 Fri, 2024-02-29 Thu, 2023-03-01 Wed,
# 2025-01-01 Wed, 2024-12-31 Tue, 2028-02-29 Tue.
TUE = dt.date(2025, 3, 18)

# (publication date, phrase, date, end or None); dates in the event format.
TABLE = [
    # Bare weekday: the most recent such day on or before publication.
    (TUE, "Monday", "2025-03-17", None),
    (TUE, "Tuesday", "2025-03-18", None),
    (TUE, "Tuesday's", "2025-03-18", None),
    (TUE, "on Wednesday", "2025-03-12", None),
    (TUE, "Sunday", "2025-03-16", None),
    (TUE, "FRIDAY", "2025-03-14", None),
    (TUE, "mon", "2025-03-17", None),
    (TUE, "Monday night", "2025-03-17", None),
    # "last" is strictly before, "next" strictly after.
    (TUE, "last Tuesday", "2025-03-11", None),
    (TUE, "last Monday", "2025-03-17", None),
    (TUE, "next Tuesday", "2025-03-25", None),
    (TUE, "next Wednesday", "2025-03-19", None),
    # Plain offsets.
    (TUE, "yesterday", "2025-03-17", None),
    (TUE, "today", "2025-03-18", None),
    (TUE, "Tomorrow", "2025-03-19", None),
    (TUE, "yesterday morning", "2025-03-17", None),
    (TUE, "3 days ago", "2025-03-15", None),
    (TUE, "two weeks ago", "2025-03-04", None),
    (TUE, "a week ago", "2025-03-11", None),
    (TUE, "in 10 days", "2025-03-28", None),
    (TUE, "in 2 weeks", "2025-04-01", None),
    # Weeks are Monday to Sunday spans; months and years keep their precision.
    (TUE, "last week", "2025-03-10", "2025-03-16"),
    (TUE, "this week", "2025-03-17", "2025-03-23"),
    (TUE, "next week", "2025-03-24", "2025-03-30"),
    (TUE, "last month", "2025-02", None),
    (TUE, "next month", "2025-04", None),
    (TUE, "a month ago", "2025-02", None),
    (TUE, "last year", "2024", None),
    (TUE, "in 2 years", "2027", None),
    # Absolute forms, and approximate ones.
    (TUE, "18 March 2025", "2025-03-18", None),
    (TUE, "on 3rd March 2025", "2025-03-03", None),
    (TUE, "March 18, 2025", "2025-03-18", None),
    (TUE, "Sept 3, 2024", "2024-09-03", None),
    (TUE, "March 2025", "2025-03", None),
    (TUE, "in March 2025", "2025-03", None),
    (TUE, "2025-03-18", "2025-03-18", None),
    (TUE, "2025-03-18~", "2025-03-18~", None),
    (TUE, "around 18 March 2025", "2025-03-18~", None),
    (TUE, "About 2025-03-18", "2025-03-18~", None),
    (TUE, "March 2025~", "2025-03~", None),
    (TUE, "early March 2025", "2025-03~", None),
    (TUE, "late 2024", "2024~", None),
    (TUE, "around last week", "2025-03-10~", "2025-03-16~"),
    # Month ends: "last month" from the 31st is February, not March 3.
    (dt.date(2025, 3, 31), "last month", "2025-02", None),
    (dt.date(2025, 3, 31), "Monday", "2025-03-31", None),
    (dt.date(2025, 3, 31), "last Monday", "2025-03-24", None),
    # Leap day, from 1 March 2024 (a Friday).
    (dt.date(2024, 3, 1), "yesterday", "2024-02-29", None),
    (dt.date(2024, 3, 1), "Thursday", "2024-02-29", None),
    (dt.date(2024, 3, 1), "2 days ago", "2024-02-28", None),
    (dt.date(2024, 3, 1), "last Friday", "2024-02-23", None),
    (dt.date(2024, 3, 1), "Friday", "2024-03-01", None),
    (dt.date(2024, 3, 1), "Saturday", "2024-02-24", None),
    (dt.date(2024, 3, 1), "this week", "2024-02-26", "2024-03-03"),
    (dt.date(2024, 3, 1), "last week", "2024-02-19", "2024-02-25"),
    (dt.date(2024, 3, 1), "last month", "2024-02", None),
    (dt.date(2024, 3, 1), "29 February 2024", "2024-02-29", None),
    # From the leap day itself (a Thursday).
    (dt.date(2024, 2, 29), "tomorrow", "2024-03-01", None),
    (dt.date(2024, 2, 29), "in 1 week", "2024-03-07", None),
    (dt.date(2024, 2, 29), "next Thursday", "2024-03-07", None),
    (dt.date(2024, 2, 29), "next year", "2025", None),
    (dt.date(2024, 2, 29), "a year ago", "2023", None),
    (dt.date(2024, 2, 29), "last month", "2024-01", None),
    # A year without a leap day.
    (dt.date(2023, 3, 1), "yesterday", "2023-02-28", None),
    (dt.date(2023, 3, 1), "Tuesday", "2023-02-28", None),
    # Across New Year, from 1 January 2025 (a Wednesday)...
    (dt.date(2025, 1, 1), "yesterday", "2024-12-31", None),
    (dt.date(2025, 1, 1), "Monday", "2024-12-30", None),
    (dt.date(2025, 1, 1), "Sunday", "2024-12-29", None),
    (dt.date(2025, 1, 1), "last week", "2024-12-23", "2024-12-29"),
    (dt.date(2025, 1, 1), "this week", "2024-12-30", "2025-01-05"),
    (dt.date(2025, 1, 1), "last month", "2024-12", None),
    (dt.date(2025, 1, 1), "last year", "2024", None),
    # ...and from 31 December 2024 (a Tuesday).
    (dt.date(2024, 12, 31), "tomorrow", "2025-01-01", None),
    (dt.date(2024, 12, 31), "next Friday", "2025-01-03", None),
    (dt.date(2024, 12, 31), "next week", "2025-01-06", "2025-01-12"),
    (dt.date(2024, 12, 31), "next month", "2025-01", None),
    (dt.date(2024, 12, 31), "in 3 weeks", "2025-01-21", None),
    # From 29 February 2028 (a Tuesday).
    (dt.date(2028, 2, 29), "1 day ago", "2028-02-28", None),
    (dt.date(2028, 2, 29), "in 1 day", "2028-03-01", None),
    (dt.date(2028, 2, 29), "next Monday", "2028-03-06", None),
    (dt.date(2028, 2, 29), "4 years ago", "2024", None),
    # The README's rows not written above (published Tue 18 Mar 2025).
    (TUE, "on Monday", "2025-03-17", None),
    (TUE, "Wednesday", "2025-03-12", None),
    (TUE, "this month", "2025-03", None),
    (TUE, "2 months ago", "2025-01", None),
    (TUE, "this year", "2025", None),
    (TUE, "3rd March 2025", "2025-03-03", None),
]


@pytest.mark.parametrize(
    ("published", "phrase", "date", "end"),
    TABLE,
    ids=[f"{p.isoformat()} {phrase}" for p, phrase, _, _ in TABLE],
)
def test_phrase_resolves(published: dt.date, phrase: str, date: str, end: str | None) -> None:
    resolved = resolve(phrase, published)
    assert resolved.date.iso() == date
    assert (resolved.end.iso() if resolved.end else None) == end


# Every phrase of the README's table "Dates as articles state them".
README_PHRASES = [
    "Monday", "on Monday", "Monday night", "Tuesday's", "Wednesday", "last Tuesday",
    "next Tuesday", "yesterday", "today", "tomorrow", "3 days ago", "two weeks ago",
    "in 2 weeks", "last week", "this week", "next week", "next month", "last month",
    "this month", "2 months ago", "last year", "next year", "this year", "in 2 years",
    "18 March 2025", "March 18, 2025", "3rd March 2025", "Sept 3, 2024", "March 2025",
    "in March 2025", "2025-03-18~", "around 18 March 2025", "early March 2025", "late 2024",
    "March 2025~",
]  # fmt: skip


def test_every_phrase_the_readme_shows_is_in_the_table() -> None:
    tested = {phrase.casefold() for _, phrase, _, _ in TABLE}
    assert [p for p in README_PHRASES if p.casefold() not in tested] == []


ACCEPTED = (
    "2025-03-18, 2025-03 or 2025; 18 March 2025, March 18, 2025 or March 2025; "
    "Monday, on Monday, last Monday or next Monday; yesterday, today or tomorrow; "
    "N days, weeks, months or years ago; in N days, weeks, months or years; "
    "this, last or next week, month or year; "
    "a trailing ~ or a leading around, about, early or late marks it approximate"
)

ERRORS = [
    ("Mundane", f"'Mundane' is not a date: use {ACCEPTED}"),
    ("this Monday", f"'this Monday' is not a date: use {ACCEPTED}"),
    ("last March", f"'last March' is not a date: use {ACCEPTED}"),
    ("Smarch 2025", f"'Smarch 2025' is not a date: use {ACCEPTED}"),
    ("", f"no date given: use {ACCEPTED}"),
    ("~", f"no date given: use {ACCEPTED}"),
    ("March", "'March' has no year: write it with one, e.g. 'March 2025'"),
    ("18 March", "'18 March' has no year: write it with one, e.g. '18 March 2025'"),
    ("on March 18", "'on March 18' has no year: write it with one, e.g. 'on March 18 2025'"),
    ("03/04/2025", "'03/04/2025' is ambiguous (day/month or month/day?): write it as YYYY-MM-DD"),
    ("29 February 2023", "'29 February 2023' is not a date: February 2023 has 28 days"),
    ("April 31, 2025", "'April 31, 2025' is not a date: April 2025 has 30 days"),
    ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
    ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
    ("in 20000 years", "'in 20000 years' is out of range: years run from 1 to 9999"),
]


@pytest.mark.parametrize(("phrase", "message"), ERRORS, ids=[p or "empty" for p, _ in ERRORS])
def test_unreadable_phrase_is_an_error(phrase: str, message: str) -> None:
    with pytest.raises(PhraseError) as caught:
        resolve(phrase, TUE)
    assert str(caught.value) == message


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
        ("  last   week ", "last week → Mon 10 Mar 2025 \u2013 Sun 16 Mar 2025"),
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
        for side in ("", "last", "next")
    }
    for day in results.values():
        assert day.weekday() == index
    assert 0 <= (published - results[""]).days <= 6
    assert 1 <= (published - results["last"]).days <= 7
    assert 1 <= (results["next"] - published).days <= 7


@given(published=dates, step=st.sampled_from(["last", "this", "next"]))
def test_weeks_are_monday_to_sunday_spans(published: dt.date, step: str) -> None:
    resolved = resolve(f"{step} week", published)
    assert resolved.end is not None
    start = dt.date.fromisoformat(resolved.date.iso())
    end = dt.date.fromisoformat(resolved.end.iso())
    assert (start.weekday(), (end - start).days) == (0, 6)
    this_monday = published - dt.timedelta(days=published.weekday())
    offset = {"last": -7, "this": 0, "next": 7}[step]
    assert start == this_monday + dt.timedelta(days=offset)
