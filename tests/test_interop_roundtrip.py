"""Export then import gives the same events, for every field each format carries; checked over
generated events with Hypothesis, and on the sample through the installed command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.dates import PartialDate
from timeline.interop import table, timelinejs
from timeline.interop.reading import Defaults
from timeline.loading import load
from timeline.model import EVENT_TYPES, STATUSES, Event

SAMPLE = Path(__file__).resolve().parent.parent / "events"

# Words without white space: markup characters and accents included, since titles and
# summaries go through HTML and back.
WORD = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S")),
    min_size=1,
    max_size=8,
)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
SUMMARY = st.lists(
    st.lists(LINE, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3
).map("\n\n".join)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
URL = st.builds(
    lambda host, path, query: f"https://{host}.org/{path}{query}",
    st.from_regex(r"[a-z]{1,10}", fullmatch=True),
    SLUG,
    st.sampled_from(["", "?a=1&b=2", "?q=%22x%22"]),
)
OFFSETS = st.sampled_from([0, 60, -300, 330])


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1900, max_year: int = 2100) -> PartialDate:
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(["year", "month", "day", "minute", "second"]))
    approximate = draw(st.booleans())
    if precision == "year":
        return PartialDate(year, approximate=approximate)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month, approximate=approximate)
    day = draw(st.integers(1, 28))
    if precision == "day":
        return PartialDate(year, month, day, approximate=approximate)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    second = draw(st.integers(0, 59)) if precision == "second" else None
    return PartialDate(year, month, day, hour, minute, second, draw(OFFSETS), approximate)


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Any]:
    source: dict[str, Any] = {"outlet": draw(LINE)}
    if draw(st.booleans()):
        source["title"] = draw(LINE)
    if draw(st.booleans()):
        source["url"] = draw(URL)
    if draw(st.booleans()):
        source["published"] = draw(partial_dates(max_year=2030)).iso().split("T")[0]
    return source


@st.composite
def events(draw: st.DrawFn, text: st.SearchStrategy[str] = LINE) -> Event:
    date = draw(partial_dates())
    values: dict[str, Any] = {
        "id": draw(SLUG),
        "title": draw(text),
        "date": date,
        "type": draw(st.sampled_from(EVENT_TYPES)),
        "actors": draw(st.lists(text, min_size=1, max_size=3)),
        "sources": draw(st.lists(sources(), max_size=3)),
        "tags": draw(st.lists(WORD.filter(lambda w: w != "era"), max_size=3)),
        "key": draw(st.booleans()),
    }
    if draw(st.booleans()):
        # A later year, so the end is never before the date.
        values["end"] = draw(partial_dates(min_year=date.year + 1, max_year=2101))
    if draw(st.booleans()):
        values["summary"] = draw(SUMMARY)
    if draw(st.booleans()):
        values["track"] = draw(SLUG)
    if draw(st.booleans()):
        values["status"] = draw(st.sampled_from(STATUSES))
        values["stage"] = f"{draw(SLUG)}/{draw(SLUG)}"
    if draw(st.booleans()):
        values["claims"] = [
            {
                "by": draw(text),
                "says": draw(text),
                "stance": draw(st.sampled_from(["asserts", "denies"])),
            }
        ]
    return Event.model_validate(values)


def distinct_ids(items: list[Event]) -> list[Event]:
    seen: set[str] = set()
    return [e for e in items if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]


EVENT_LISTS = st.lists(events(), min_size=1, max_size=5).map(distinct_ids)


def moment(date: PartialDate | None) -> tuple[dt.datetime, str, bool] | None:
    """A date as TimelineJS carries it: the instant (times go out in UTC), precision, ~."""
    if date is None:
        return None
    return (date.earliest(), date.precision.value, date.approximate)


def timelinejs_fields(event: Event) -> tuple[Any, ...]:
    """What TimelineJS carries: title, dates, summary, track, and each source's outlet, title,
    address and publication date."""
    return (
        event.title,
        moment(event.date),
        moment(event.end),
        event.summary,
        event.track,
        [(s.outlet, s.title, s.url, s.published) for s in event.sources],
    )


def by_start(items: list[Event]) -> list[Event]:
    return sorted(items, key=lambda e: (e.date.earliest(), e.title))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(EVENT_LISTS, st.one_of(st.none(), LINE))
def test_timelinejs_json_round_trip(items: list[Event], title: str | None) -> None:
    text = timelinejs.to_json(items, title)
    reading = timelinejs.read_json(text, "out.json", Defaults(), "out")
    assert reading.rejected == 0 and reading.problems == []
    assert reading.title == title
    # Each slide carries its whole event: the records come back as they were.
    assert [full(e) for e in reading.events] == [full(e) for e in items]
    # Without it (a timeline edited in TimelineJS's own tools), TimelineJS's fields still do.
    data = json.loads(text)
    for slide in data["events"]:
        del slide["negotiation_timeline"]
    reading = timelinejs.read_json(json.dumps(data), "out.json", Defaults(), "out")
    assert reading.rejected == 0 and reading.problems == []
    assert [e.id for e in reading.events] == [e.id for e in items]
    assert [timelinejs_fields(e) for e in reading.events] == [timelinejs_fields(e) for e in items]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(EVENT_LISTS, st.one_of(st.none(), LINE))
def test_timelinejs_csv_round_trip(items: list[Event], title: str | None) -> None:
    # The sheet has no column for ids: they are made again from date and title.
    text = timelinejs.to_csv(items, title)
    reading = timelinejs.read_csv(text, "out.csv", Defaults(), "out")
    assert reading.rejected == 0 and reading.problems == []
    assert reading.title == title
    assert [timelinejs_fields(e) for e in reading.events] == [timelinejs_fields(e) for e in items]


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), min_size=1, max_size=4).map(distinct_ids))
def test_timelinejs_eras_round_trip(items: list[Event]) -> None:
    eras = [
        e.model_copy(update={"tags": ["era"], "end": e.end or PartialDate(e.date.year + 1)})
        for e in items
    ]

    def era_fields(event: Event) -> tuple[Any, ...]:
        # Eras carry no display date, so not whether a date is approximate.
        assert event.end is not None
        return (event.id, event.title, event.date.earliest(), event.end.earliest(), event.tags)

    for write, read in (
        (timelinejs.to_json, timelinejs.read_json),
        (timelinejs.to_csv, timelinejs.read_csv),
    ):
        reading = read(write(eras, None), "out", Defaults(), "out")
        got = sorted(era_fields(e)[1:] for e in reading.events)
        assert got == sorted(era_fields(e)[1:] for e in eras)


def full(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")


# Our own formats carry every field, with any text (line breaks, ";", quotes, markup); the
# event format refuses control characters other than tab and line breaks.
ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc",), include_characters="\t\n\r"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.strip() != "")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(text=ANY_TEXT), min_size=1, max_size=5).map(distinct_ids))
def test_our_csv_round_trip(items: list[Event]) -> None:
    reading = table.read_csv(table.to_csv(items), "out.csv", Defaults())
    assert reading.rejected == 0 and reading.problems == []
    assert [full(e) for e in reading.events] == [full(e) for e in items]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(text=ANY_TEXT), min_size=1, max_size=5).map(distinct_ids))
def test_our_json_round_trip(items: list[Event]) -> None:
    reading = table.read_json(table.to_json(items), "out.json", Defaults())
    assert reading.rejected == 0 and reading.problems == []
    assert [full(e) for e in reading.events] == [full(e) for e in items]


FORMATS: dict[str, Callable[[Event], Any]] = {
    "timelinejs-json": full,
    "timelinejs-csv": timelinejs_fields,
    "csv": full,
    "json": full,
}


def test_sample_round_trips_through_the_installed_command(
    tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    original = load(SAMPLE).timeline.events
    for fmt, carried in FORMATS.items():
        exported = tmp_path / f"sample-{fmt}.{'csv' if fmt.endswith('csv') else 'json'}"
        done = run_timeline("export", "-e", SAMPLE, "-f", fmt, "-o", exported)
        assert done.returncode == 0, done.stderr
        folder = tmp_path / f"imported-{fmt}"
        # Our own formats keep the events' plan stages, which need the plan.
        shutil.copytree(SAMPLE / "plans", folder / "plans")
        done = run_timeline("import", exported, "-e", folder)
        assert done.returncode == 0, done.stderr
        checked = run_timeline("validate", "-e", folder)
        assert checked.returncode == 0, checked.stderr
        imported = load(folder).timeline.events
        assert sorted(map(str, map(carried, imported))) == sorted(
            map(str, map(carried, original))
        ), fmt
