"""Partial dates: parsing, precision, windows, display and order."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dates import DateError, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "iso", "precision", "human"),
    [
        ("2025", "2025", Precision.YEAR, "2025"),
        ("2025-03", "2025-03", Precision.MONTH, "Mar 2025"),
        ("2025-03-18", "2025-03-18", Precision.DAY, "Tue 18 Mar 2025"),
        ("2025-03-17", "2025-03-17", Precision.DAY, "Mon 17 Mar 2025"),
        ("2025-03~", "2025-03~", Precision.MONTH, "Mar 2025 (approx.)"),
        ("2025-03-18~", "2025-03-18~", Precision.DAY, "Tue 18 Mar 2025 (approx.)"),
        ("2024-02-29", "2024-02-29", Precision.DAY, "Thu 29 Feb 2024"),
        ("2025-03-18T10:30Z", "2025-03-18T10:30Z", Precision.MINUTE, "Tue 18 Mar 2025 10:30 UTC"),
        (
            "2025-03-18T10:30:15+03:00",
            "2025-03-18T10:30:15+03:00",
            Precision.SECOND,
            "Tue 18 Mar 2025 10:30:15 UTC+03:00",
        ),
        (
            "2025-03-18T10:30+00:00",
            "2025-03-18T10:30Z",
            Precision.MINUTE,
            "Tue 18 Mar 2025 10:30 UTC",
        ),
    ],
    ids=lambda value: str(value),
)
def test_parse_keeps_precision(text: str, iso: str, precision: Precision, human: str) -> None:
    date = PartialDate.parse(text)
    assert date.iso() == iso
    assert date.precision is precision
    assert date.human() == human


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
        ("2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
        ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
        ("2025-00", "'2025-00' is not a date: month 0 does not exist"),
        ("0000", "'0000' is not a date: the year must be between 1 and 9999"),
        (
            "2025-03-18T10:00",
            "'2025-03-18T10:00' is not a date: a time needs a zone, add Z or ±HH:MM",
        ),
        ("2025-03-18T25:00Z", "'2025-03-18T25:00Z' is not a date: the time of day is out of range"),
        (
            "2025-03-18T10:00+15:00",
            "'2025-03-18T10:00+15:00' is not a date: the zone +15:00 is out of range",
        ),
        (
            "March 2025",
            "'March 2025' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate",
        ),
        (
            "18/03/2025",
            "'18/03/2025' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate",
        ),
    ],
    ids=lambda value: str(value)[:30],
)
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        PartialDate.parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (2025, "2025"),
        (dt.date(2025, 3, 18), "2025-03-18"),
        (dt.datetime(2025, 3, 18, 9, 5, tzinfo=dt.UTC), "2025-03-18T09:05Z"),
        ("2025-03", "2025-03"),
    ],
    ids=["int-year", "date", "aware-datetime", "string"],
)
def test_coerce_accepts_what_yaml_makes(value: object, iso: str) -> None:
    assert PartialDate.coerce(value).iso() == iso


@pytest.mark.parametrize("value", [True, 0, 10000, 3.5, dt.datetime(2025, 3, 18)])
def test_coerce_rejects(value: object) -> None:
    with pytest.raises(DateError):
        PartialDate.coerce(value)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025", dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1)),
        ("2025-03", dt.datetime(2025, 3, 1), dt.datetime(2025, 4, 1)),
        ("2025-12", dt.datetime(2025, 12, 1), dt.datetime(2026, 1, 1)),
        ("2024-02-29", dt.datetime(2024, 2, 29), dt.datetime(2024, 3, 1)),
        (
            "2025-03-18T01:00+03:00",
            dt.datetime(2025, 3, 17, 22, 0),
            dt.datetime(2025, 3, 17, 22, 1),
        ),
    ],
)
def test_window(text: str, earliest: dt.datetime, latest: dt.datetime) -> None:
    date = PartialDate.parse(text)
    assert (date.earliest(), date.latest()) == (earliest, latest)


def test_sort_key_puts_coarser_dates_after_finer_ones_at_the_same_instant() -> None:
    texts = ["2025-03", "2025", "2025-03-01", "2025-03-01T00:00Z", "2025-02-28"]
    ordered = sorted((PartialDate.parse(t) for t in texts), key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == [
        "2025",
        "2025-02-28",
        "2025-03-01T00:00Z",
        "2025-03-01",
        "2025-03",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
        ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
        (
            "2025-03-18T10:30",
            "'2025-03-18T10:30' is not a date: a time needs a zone, add Z or ±HH:MM",
        ),
    ],
)
def test_a_bad_date_is_refused_every_time(text: str, message: str) -> None:
    for _ in range(3):
        with pytest.raises(DateError) as caught:
            PartialDate.parse(text)
        assert str(caught.value) == message


def test_a_date_read_again_is_the_same_date() -> None:
    for text in ["2025", "2025-03~", " 2025-03-18 ", "2025-03-18T10:30:15+03:00"]:
        first, again = PartialDate.parse(text), PartialDate.parse(text)
        assert first == again == PartialDate._parse(text)
        assert again.iso() == text.strip()
