"""Timeline order and the filters of ``list``, ``build`` and ``export``, from the README's rules.

Order: "by the earliest instant their date can mean, then by precision (finer first), then by
id. ``2025`` starts on 1 January, so it comes before ``2025-02-28``; ``2025-03-01`` and
``2025-03`` both start on 1 March, so the day comes first and the month after it; two events
on the same day are ordered by id. A ``~`` does not move an event."

Filters: ``--since``, ``--until`` (partial dates; an event is kept when it may overlap the
range), ``--actor`` (repeatable, case-insensitive), ``--track``, ``--type``, ``--tag``,
``--search TEXT`` (title and summary). Values of one option are alternatives; different
options must all hold.
"""

from __future__ import annotations

from typing import Any

import pytest

from timeline.dates import PartialDate
from timeline.model import Event
from timeline.query import EventFilter, ordered, select


def event(id: str, date: str = "2025-03-18", **fields: Any) -> Event:
    data: dict[str, Any] = {"id": id, "title": "Talks", "date": date, "type": "talks"}
    data["actors"] = ["A"]
    data.update(fields)
    return Event.model_validate(data)


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


# Order ----------------------------------------------------------------------------------------


def test_a_year_starts_on_1_january_and_comes_before_a_day_in_february() -> None:
    assert ids(ordered([event("b", "2025-02-28"), event("a", "2025")])) == ["a", "b"]
    assert ids(ordered([event("a", "2025-02-28"), event("b", "2025")])) == ["b", "a"]


def test_a_day_comes_before_its_month_when_both_start_on_the_1st() -> None:
    assert ids(ordered([event("a", "2025-03"), event("b", "2025-03-01")])) == ["b", "a"]
    # ... and the month before every later day of it.
    assert ids(ordered([event("a", "2025-03-02"), event("b", "2025-03")])) == ["b", "a"]


def test_precision_finest_first_when_instants_tie() -> None:
    # All start at 2025-01-01T00:00 UTC: second, minute, day, month, year.
    dates = {
        "year": "2025",
        "month": "2025-01",
        "day": "2025-01-01",
        "minute": "2025-01-01T00:00Z",
        "second": "2025-01-01T00:00:00Z",
    }
    events = [event(name, date) for name, date in dates.items()]
    assert ids(ordered(events)) == ["second", "minute", "day", "month", "year"]


def test_the_same_day_is_ordered_by_id() -> None:
    events = [event("c"), event("a"), event("b")]
    assert ids(ordered(events)) == ["a", "b", "c"]


def test_approximate_does_not_move_an_event() -> None:
    events = [event("b", "2025-03-18~"), event("a", "2025-03-18"), event("c", "2025-03-17~")]
    assert ids(ordered(events)) == ["c", "a", "b"]


def test_times_order_by_the_instant_across_zones() -> None:
    # 10:00+03:00 is 07:00 UTC, before 08:00Z.
    events = [event("a", "2025-03-18T08:00Z"), event("b", "2025-03-18T10:00+03:00")]
    assert ids(ordered(events)) == ["b", "a"]


def test_order_is_total_and_stable_whatever_the_input_order() -> None:
    events = [
        event("d", "2025-03-18"),
        event("a", "2025-03"),
        event("c", "2025-03-18"),
        event("b", "2024"),
    ]
    expected = ["b", "a", "c", "d"]
    assert ids(ordered(events)) == expected
    assert ids(ordered(reversed(events))) == expected


# Filters ---------------------------------------------------------------------------------------


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def test_no_filter_keeps_everything_in_order() -> None:
    events = [event("b", "2025-03-19"), event("a", "2025-03-18")]
    assert ids(select(events)) == ["a", "b"]
    assert ids(select(events, EventFilter())) == ["a", "b"]


@pytest.mark.parametrize(
    ("since", "until", "kept"),
    [
        # A year may overlap any range inside it; a month its days.
        ("2025-03-18", None, ["year", "march", "day-18", "day-19", "span"]),
        ("2025-03-19", None, ["year", "march", "day-19", "span"]),
        ("2025-04", None, ["year", "span"]),
        (None, "2025-03-18", ["year", "march", "day-17", "day-18", "span"]),
        (None, "2025-03-17", ["year", "march", "day-17"]),
        (None, "2025-02", ["year"]),
        ("2025-03-18", "2025-03-18", ["year", "march", "day-18", "span"]),
        ("2026", None, []),
    ],
)
def test_since_and_until_keep_what_may_overlap(
    since: str | None, until: str | None, kept: list[str]
) -> None:
    events = [
        event("year", "2025"),
        event("march", "2025-03"),
        event("day-17", "2025-03-17"),
        event("day-18", "2025-03-18"),
        event("day-19", "2025-03-19"),
        event("span", "2025-03-18", end="2025-04-02"),
    ]
    where = EventFilter(since=day(since) if since else None, until=day(until) if until else None)
    assert sorted(ids(select(events, where))) == sorted(kept)


def test_since_includes_its_own_day_and_until_its_own_day() -> None:
    # "--since 2025-03-18" keeps the 18th; "--until 2025-03-18" keeps the 18th.
    events = [event("on", "2025-03-18")]
    assert ids(select(events, EventFilter(since=day("2025-03-18")))) == ["on"]
    assert ids(select(events, EventFilter(until=day("2025-03-18")))) == ["on"]
    assert ids(select(events, EventFilter(since=day("2025-03-19")))) == []
    assert ids(select(events, EventFilter(until=day("2025-03-17")))) == []


def test_actor_is_case_insensitive_and_values_are_alternatives() -> None:
    events = [
        event("a", actors=["Donald Trump", "Vladimir Putin"]),
        event("b", actors=["Keir Starmer"]),
        event("c", actors=["Volodymyr Zelensky"]),
    ]
    assert ids(select(events, EventFilter(actors=["donald TRUMP"]))) == ["a"]
    assert ids(select(events, EventFilter(actors=["keir starmer", "Vladimir Putin"]))) == [
        "a",
        "b",
    ]
    # Whole words of a name match; part of a word does not.
    assert ids(select(events, EventFilter(actors=["Trump"]))) == ["a"]
    assert ids(select(events, EventFilter(actors=["trump"]))) == ["a"]
    assert ids(select(events, EventFilter(actors=["Trum"]))) == []
    assert ids(select(events, EventFilter(actors=["Putin Vladimir"]))) == []


def test_track_and_type_match_exactly() -> None:
    events = [
        event("a", track="us-russia", type="call"),
        event("b", track="europe", type="talks"),
        event("c", type="call"),
    ]
    assert ids(select(events, EventFilter(tracks=["us-russia"]))) == ["a"]
    assert ids(select(events, EventFilter(tracks=["europe", "us-russia"]))) == ["a", "b"]
    assert ids(select(events, EventFilter(types=["call"]))) == ["a", "c"]
    assert ids(select(events, EventFilter(types=["call", "talks"]))) == ["a", "b", "c"]


def test_tag_is_case_insensitive() -> None:
    events = [event("a", tags=["Energy", "black-sea"]), event("b", tags=["aid"]), event("c")]
    assert ids(select(events, EventFilter(tags=["energy"]))) == ["a"]
    assert ids(select(events, EventFilter(tags=["AID", "BLACK-SEA"]))) == ["a", "b"]


def test_search_reads_title_and_summary_without_regard_to_case() -> None:
    events = [
        event("a", title="Energy ceasefire agreed"),
        event("b", summary="Technical talks on the Black Sea"),
        event("c", title="Other"),
    ]
    assert ids(select(events, EventFilter(search="CEASEFIRE"))) == ["a"]
    assert ids(select(events, EventFilter(search="black sea"))) == ["b"]
    assert ids(select(events, EventFilter(search="e"))) == ["a", "b", "c"]
    assert ids(select(events, EventFilter(search="nowhere"))) == []


def test_different_options_must_all_hold() -> None:
    events = [
        event("a", track="europe", type="call", actors=["Keir Starmer"], tags=["x"]),
        event("b", track="europe", type="talks", actors=["Keir Starmer"], tags=["x"]),
        event("c", track="us-russia", type="call", actors=["Keir Starmer"], tags=["x"]),
        event("d", track="europe", type="call", actors=["Emmanuel Macron"], tags=["x"]),
        event("e", track="europe", type="call", actors=["Keir Starmer"], tags=["y"]),
        event("f", "2025-02-01", track="europe", type="call", actors=["Keir Starmer"], tags=["x"]),
        event("g", track="europe", type="call", actors=["Keir Starmer"], tags=["x"], title="No"),
    ]
    where = EventFilter(
        since=day("2025-03"),
        tracks=["europe"],
        types=["call"],
        actors=["keir starmer"],
        tags=["X"],
        search="talks",
    )
    assert ids(select(events, where)) == ["a"]


def test_search_does_not_match_an_event_without_the_text() -> None:
    # An event with no summary is searched in its title alone.
    events = [event("a", title="Talks"), event("b", title="Talks", summary="Energy grid")]
    assert ids(select(events, EventFilter(search="xx"))) == []
    assert ids(select(events, EventFilter(search="grid"))) == ["b"]
