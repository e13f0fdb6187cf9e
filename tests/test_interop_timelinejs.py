"""TimelineJS JSON and Google Sheets CSV: the real files import, and each mapping rule, each
rejection and each export detail, as tables of exact expectations."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import TIMELINEJS

from timeline.dates import PartialDate
from timeline.errors import ImportFailed
from timeline.interop import timelinejs
from timeline.interop.importer import detect_format, import_file, read_import
from timeline.interop.reading import Defaults, Reading
from timeline.loading import load
from timeline.model import Event, Source
from timeline.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "events"

# Every TimelineJS file in tests/fixtures/timelinejs, the format it is read as, the events it
# holds, and its title. TimelineJS JSON is {title?, events: [slide], eras?: [era]}: the title
# slide gives the title, each other slide and each era an event; a Google Sheets CSV is matched
# by its header names, with Type "title" or "era" marking those rows.
FIXTURE_FILES = [
    ("eras.json", "timelinejs-json", 23, "Eras Test"),
    ("houston-timeline3.json", "timelinejs-json", 18, "Whitney Houston 1963 - 2012"),
    ("my-own-timeline.csv", "timelinejs-csv", 10, "MY OWN CSV"),
    ("twain-marktwain.json", "timelinejs-json", 17, None),
    ("women_in_computing.csv", "timelinejs-csv", 10, "Women in Computing"),
    ("women_in_computing.json", "timelinejs-json", 10, "Women in Computing"),
]


def read_slides(*slides: dict[str, Any], defaults: Defaults | None = None, **top: Any) -> Reading:
    text = json.dumps({**top, "events": list(slides)})
    return timelinejs.read_json(text, "in.json", defaults or Defaults(), "in")


def only_event(slide: dict[str, Any]) -> Event:
    reading = read_slides(slide)
    assert reading.rejected == 0, reading.problems
    assert len(reading.events) == 1
    return reading.events[0]


def messages(reading: Reading) -> list[str]:
    return [str(problem) for problem in reading.problems]


def dump(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json", exclude_defaults=True)


# The real files -------------------------------------------------------------------------------


def test_every_fixture_file_is_tested() -> None:
    data = [p.name for p in TIMELINEJS.iterdir() if p.suffix in (".json", ".csv")]
    assert sorted(data) == sorted(row[0] for row in FIXTURE_FILES)
    # The files are MPL-2.0: their licence and origin travel with them.
    assert sorted(p.name for p in TIMELINEJS.iterdir() if p.name not in data) == [
        "LICENSE",
        "README.md",
    ]
    assert (
        (TIMELINEJS / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("Mozilla Public License Version 2.0")
    )
    assert "NUKnightLab/TimelineJS3" in (TIMELINEJS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "fmt", "count", "title"), FIXTURE_FILES, ids=lambda v: str(v))
def test_fixture_file_imports(
    name: str, fmt: str, count: int, title: str | None, tmp_path: Path
) -> None:
    folder = tmp_path / "events"
    result = import_file(TIMELINEJS / name, folder)
    assert result.format == fmt
    assert result.rejected == 0 and result.skipped == 0
    assert [p for p in result.problems if p.level == "error"] == []
    timeline, problems = validate(folder)
    assert [p for p in problems if p.level == "error"] == []
    assert len(timeline.events) == count
    assert timeline.title == title


def test_women_in_computing_csv_and_json_give_the_same_events() -> None:
    _, from_csv = read_import(TIMELINEJS / "women_in_computing.csv", None, Defaults())
    _, from_json = read_import(TIMELINEJS / "women_in_computing.json", None, Defaults())
    assert [dump(e) for e in from_csv.events] == [dump(e) for e in from_json.events]
    assert from_csv.title == from_json.title == "Women in Computing"


def test_women_in_computing_first_slide_in_full() -> None:
    _, reading = read_import(TIMELINEJS / "women_in_computing.json", None, Defaults())
    assert dump(reading.events[0]) == {
        "id": "1815-12-10-ada-lovelace",
        "title": "Ada Lovelace",
        "date": "1815-12-10",
        "end": "1852-11-27",
        "type": "other",
        "actors": ["unknown"],
        "summary": "Women have been programming since before it was a thing. Take Ada "
        "Lovelace: Daughter of Lord Byron, she's often credited as the first computer "
        "programmer. Her work on Charles Babbage's Analytical Engine contains notes of the "
        "first machine-implemented algorithm.\n\n"
        'This slide demonstrates a simple "image" media type.',
        "sources": [
            {
                "outlet": "Wikimedia Commons",
                "title": "Portrait by Alfred Edward Chalon",
                "url": "https://upload.wikimedia.org/wikipedia/commons/thumb/a/a4/"
                "Ada_Lovelace_portrait.jpg/713px-Ada_Lovelace_portrait.jpg",
            },
            {
                "outlet": "en.wikipedia.org",
                "title": "Ada Lovelace",
                "url": "https://en.wikipedia.org/wiki/Ada_Lovelace",
            },
            {
                "outlet": "en.wikipedia.org",
                "title": "Charles Babbage's Analytical Engine",
                "url": "https://en.wikipedia.org/wiki/Analytical_Engine",
            },
        ],
    }


def test_twain_empty_strings_and_extra_keys_warn_once_per_key() -> None:
    _, reading = read_import(TIMELINEJS / "twain-marktwain.json", None, Defaults())
    assert reading.rejected == 0
    assert len(reading.events) == 17
    shown = str(TIMELINEJS / "twain-marktwain.json")
    assert messages(reading) == [
        f"{shown}:2:14: warning: title slide has no headline, so the timeline gets no title",
        f"{shown}:24:21: warning: slide 1: no headline; the title is taken from its text",
        f"{shown}:27:21: warning: unknown key 'events[].type' ignored",
        f"{shown}:38:29: warning: unknown key 'events[].start_date.format' ignored (16 times)",
        f"{shown}:78:29: warning: unknown key 'events[].end_date.format' ignored",
        f"{shown}:122:21: warning: slide 4: no headline; the title is taken from its media caption",
        f"{shown}:144:21: warning: slide 5: no headline; the title is taken from its media caption",
        f"{shown}:166:21: warning: slide 6: no headline; the title is taken from its media caption",
        f"{shown}:233:28: warning: unknown key 'events[].background.opacity' ignored (6 times)",
        f"{shown}:492:31: warning: unknown key 'events[].start_date.thumbnail' ignored",
    ]
    last = reading.events[-1]
    assert (last.title, last.date.iso()) == ("Get started!", "2014")
    # Empty strings are absent values: "month": "" leaves a year.
    hannibal = next(e for e in reading.events if e.title == "Hannibal, Missouri")
    assert (hannibal.date.iso(), hannibal.end and hannibal.end.iso()) == (
        "1920-01-05T06:45:56Z",
        "1923-01-05T06:45:56Z",
    )


def test_eras_become_events_tagged_era() -> None:
    _, reading = read_import(TIMELINEJS / "eras.json", None, Defaults())
    eras = [e for e in reading.events if "era" in e.tags]
    assert [(e.id, e.title, e.date.iso(), e.end and e.end.iso()) for e in eras] == [
        ("0650-era-test-650-700", "Era Test 650-700", "0650", "0700"),
        ("0600-era-test-600-650", "Era Test 600-650", "0600", "0650"),
        ("0700-era-test-700-720", "Era Test 700-720", "0700", "0720"),
    ]


# Per-slide rejections: the rest still import ----------------------------------------------


def test_bce_and_cosmological_slides_are_rejected_and_the_rest_imported() -> None:
    reading = read_slides(
        {"start_date": {"year": "1815"}, "text": {"headline": "Kept"}},
        {"start_date": {"year": "-500"}, "text": {"headline": "Marathon"}},
        {"start_date": {"year": -13800000000}, "text": {"headline": "Big Bang"}},
        {"start_date": {"year": 2000}, "text": {"headline": "Also kept"}},
    )
    assert [e.title for e in reading.events] == ["Kept", "Also kept"]
    assert reading.rejected == 2
    assert messages(reading) == [
        'in.json:1:101: error: slide 2 "Marathon": year -500 is BCE: dates before year 1 '
        "are not supported",
        'in.json:1:169: error: slide 3 "Big Bang": year -13800000000 is BCE: dates before '
        "year 1 are not supported",
    ]


REJECTIONS = [
    ({"start_date": {"year": "0"}}, "year 0 is BCE: dates before year 1 are not supported"),
    (
        {"start_date": {"year": "13800000000"}},
        "year 13800000000 is beyond 9999: cosmological dates are not supported",
    ),
    (
        {"start_date": {"year": "1900", "month": "13"}},
        "start_date: '1900-13' is not a date: month 13 does not exist",
    ),
    (
        {"start_date": {"year": "1900", "month": "2", "day": "30"}},
        "start_date: '1900-02-30' is not a date: February 1900 has 28 days",
    ),
    ({"start_date": {"year": "1900", "month": "May"}}, "start_date.month: 'May' is not a number"),
    ({"start_date": {"year": "1900", "day": "3"}}, "start_date has a day but no month"),
    (
        {"start_date": {"year": "1900", "month": "3", "hour": "6"}},
        "start_date has a time but no day",
    ),
    (
        {"start_date": {"year": "1900", "month": "3", "day": "3", "hour": "24"}},
        "start_date: '1900-03-03T24:00Z' is not a date: the time of day is out of range",
    ),
    ({}, "no start_date: a slide needs at least a year"),
    ({"start_date": {"year": ""}}, "no start_date: a slide needs at least a year"),
    ({"start_date": "1900"}, "start_date must be an object with a year"),
    (
        {"start_date": {"year": "1900"}, "end_date": {"year": "1850"}},
        "end: 1850 is before the date 1900",
    ),
]


@pytest.mark.parametrize(("fields", "message"), REJECTIONS, ids=[m for _, m in REJECTIONS])
def test_rejected_slide(fields: dict[str, Any], message: str) -> None:
    reading = read_slides({"text": {"headline": "H"}, **fields})
    assert reading.events == []
    assert reading.rejected == 1
    assert [(p.level, p.message) for p in reading.problems] == [
        ("error", f'slide 1 "H": {message}')
    ]


def test_slide_without_any_text_is_rejected() -> None:
    reading = read_slides({"start_date": {"year": "1900"}, "text": {"headline": "", "text": ""}})
    assert [p.message for p in reading.problems] == [
        "slide 1: no headline, text or media caption to title it with"
    ]


# Mapping rules --------------------------------------------------------------------------------

DATES = [
    ({"year": "1951"}, "1951"),
    ({"year": 1951}, "1951"),
    ({"year": "1951", "month": "", "day": ""}, "1951"),
    ({"year": " 1,951 "}, "1951"),
    ({"year": "1943", "month": "7"}, "1943-07"),
    ({"year": "1943", "month": "07", "day": "05"}, "1943-07-05"),
    ({"year": 1943.0, "month": 7.0, "day": 5}, "1943-07-05"),
    ({"year": "2000", "month": "1", "day": "5", "hour": "6"}, "2000-01-05T06:00Z"),
    (
        {
            "year": "2000",
            "month": "1",
            "day": "5",
            "hour": "6",
            "minute": "45",
            "second": "56",
            "millisecond": "",
        },
        "2000-01-05T06:45:56Z",
    ),
    ({"year": "2000", "month": "1", "day": "5", "hour": "18", "minute": "5"}, "2000-01-05T18:05Z"),
]


@pytest.mark.parametrize(("date", "iso"), DATES, ids=[iso for _, iso in DATES])
def test_date_keeps_the_precision_given(date: dict[str, Any], iso: str) -> None:
    assert only_event({"start_date": date, "text": {"headline": "H"}}).date.iso() == iso


def test_empty_end_date_is_no_end() -> None:
    event = only_event(
        {
            "start_date": {"year": "1958"},
            "end_date": {"year": "", "month": ""},
            "text": {"headline": "H"},
        }
    )
    assert event.end is None


SUMMARIES = [
    ("<p>One</p><p>Two &amp; three</p>", "One\n\nTwo & three"),
    ("line one<br>line two", "line one\nline two"),
    ("  spaced \n  out\ttext  ", "spaced out text"),
    ("<script>alert(1)</script>kept<style>p{}</style>", "kept"),
    ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
    ('<span class="tl-note">note</span> &lt;b&gt; is text', "note <b> is text"),
    ("plain text, no markup", "plain text, no markup"),
    ("", None),
]


@pytest.mark.parametrize(("text", "summary"), SUMMARIES, ids=[t or "empty" for t, _ in SUMMARIES])
def test_text_becomes_a_plain_summary(text: str, summary: str | None) -> None:
    event = only_event({"start_date": {"year": "1900"}, "text": {"headline": "H", "text": text}})
    assert event.summary == summary


HEADLINES = [
    ("Whitney Houston<br/> 1963 - 2012", "Whitney Houston 1963 - 2012"),
    ("<b>Bold</b> &amp; <i>plain</i>", "Bold & plain"),
    ("<p>Two</p><p>paragraphs</p>", "Two paragraphs"),
    ("R&oacute;zsa P&eacute;ter", "Rózsa Péter"),
]


@pytest.mark.parametrize(("headline", "title"), HEADLINES, ids=[t for _, t in HEADLINES])
def test_headline_becomes_a_plain_title(headline: str, title: str) -> None:
    event = only_event({"start_date": {"year": "1900"}, "text": {"headline": headline}})
    assert event.title == title


SOURCES = [
    (
        {"text": {"text": 'See <a href="https://example.org/a?x=1&amp;y=2">the report</a>.'}},
        [{"outlet": "example.org", "title": "the report", "url": "https://example.org/a?x=1&y=2"}],
    ),
    (
        {"text": {"text": '<a href="https://www.example.org/">https://www.example.org/</a>'}},
        [{"outlet": "example.org", "url": "https://www.example.org/"}],
    ),
    ({"text": {"text": '<a href="mailto:a@b.org">mail</a> <a href="#x">x</a>'}}, []),
    (
        {
            "media": {
                "url": "https://vimeo.com/1",
                "credit": "National Archives",
                "caption": "Training <i>footage</i>",
            }
        },
        [
            {
                "outlet": "National Archives",
                "title": "Training footage",
                "url": "https://vimeo.com/1",
            }
        ],
    ),
    (
        {"media": {"url": "https://youtu.be/x", "credit": '<a href="http://u.com">Unidisc</a>'}},
        [{"outlet": "Unidisc", "url": "https://youtu.be/x"}],
    ),
    (
        {"media": {"url": "//www.flickr.com/photos/1/", "credit": "one<br/>two"}},
        [{"outlet": "flickr.com", "url": "https://www.flickr.com/photos/1/"}],
    ),
    (
        {"media": {"url": "https://x.org/p.jpg", "credit": None, "caption": None}},
        [{"outlet": "x.org", "url": "https://x.org/p.jpg"}],
    ),
    (
        {
            "media": {"url": "https://x.org/p.jpg"},
            "text": {"text": '<a href="https://x.org/p.jpg">same</a>'},
        },
        [{"outlet": "x.org", "url": "https://x.org/p.jpg"}],
    ),
    ({"display_date": "Spring 1943"}, [{"outlet": "in", "date_text": "Spring 1943"}]),
    (
        {"start_date": {"year": "1943", "display_date": "c. 1943"}},
        [{"outlet": "in", "date_text": "c. 1943"}],
    ),
]


@pytest.mark.parametrize(("fields", "sources"), SOURCES, ids=[str(i) for i in range(len(SOURCES))])
def test_links_media_and_display_dates_become_sources(
    fields: dict[str, Any], sources: list[dict[str, Any]]
) -> None:
    text = {"headline": "H", **fields.get("text", {})}
    slide = {"start_date": {"year": "1943"}, **fields, "text": text}
    event = only_event(slide)
    assert [s.model_dump(mode="json", exclude_none=True) for s in event.sources] == sources


def test_display_date_cites_the_timeline_by_its_title() -> None:
    reading = read_slides(
        {"start_date": {"year": "1943"}, "display_date": "Spring", "text": {"headline": "H"}},
        title={"text": {"headline": "Women in Computing"}},
    )
    assert reading.events[0].sources == [Source(outlet="Women in Computing", date_text="Spring")]


APPROXIMATE = [
    ({"year": "2025", "month": "3"}, None, "Mar 2025 (approx.)", ("2025-03~", None)),
    ({"year": "2025", "month": "3", "day": "18"}, None, "Tue 18 Mar 2025", ("2025-03-18", None)),
    ({"year": "1956"}, {"year": "1962"}, "1956 \u2013 1962 (approx.)", ("1956", "1962~")),
    ({"year": "1956"}, {"year": "1962"}, "1956 (approx.) \u2013 1962", ("1956~", "1962")),
]


@pytest.mark.parametrize(
    ("start", "end", "shown", "dates"), APPROXIMATE, ids=[a[2] for a in APPROXIMATE]
)
def test_display_date_that_shows_the_date_is_not_a_source(
    start: dict[str, Any], end: dict[str, Any] | None, shown: str, dates: tuple[str, str | None]
) -> None:
    slide: dict[str, Any] = {"start_date": start, "display_date": shown, "text": {"headline": "H"}}
    if end is not None:
        slide["end_date"] = end
    event = only_event(slide)
    assert (event.date.iso(), event.end.iso() if event.end else None) == dates
    assert event.sources == []


def test_media_blockquote_is_kept_in_the_summary() -> None:
    event = only_event(
        {
            "start_date": {"year": "1948"},
            "text": {"headline": "Edith Clarke", "text": "Intro"},
            "media": {
                "url": "<blockquote>There is no demand <cite>Edith Clarke</cite></blockquote>"
            },
        }
    )
    assert event.summary == "Intro\n\nThere is no demand Edith Clarke"
    assert event.sources == []


def test_relative_media_is_not_a_source_and_says_so() -> None:
    reading = read_slides(
        {
            "start_date": {"year": "1963"},
            "text": {"headline": "H"},
            "media": {"url": "/static/img/family.jpg"},
        }
    )
    assert reading.events[0].sources == []
    assert [p.message for p in reading.problems] == [
        "slide 1 \"H\": media '/static/img/family.jpg' is not a web address; not kept as a source"
    ]


FIELDS = [
    ({"group": "Women in Computing"}, "track", "women-in-computing"),
    ({"group": ""}, "track", None),
    ({"unique_id": "My Slide!"}, "id", "my-slide"),
    (
        {"unique_id": "an-id-longer-than-sixty-characters-stays-as-it-was-written-in-full"},
        "id",
        "an-id-longer-than-sixty-characters-stays-as-it-was-written-in-full",
    ),
    ({"unique_id": ""}, "id", "1900-03-h"),
    ({}, "type", "other"),
    ({}, "actors", ["unknown"]),
    ({}, "tags", []),
]


@pytest.mark.parametrize(
    ("fields", "name", "value"), FIELDS, ids=[f"{n}={v}" for _, n, v in FIELDS]
)
def test_field_mapping(fields: dict[str, Any], name: str, value: Any) -> None:
    slide = {"start_date": {"year": "1900", "month": "3"}, "text": {"headline": "H"}, **fields}
    assert getattr(only_event(slide), name) == value


def test_defaults_give_type_and_actors() -> None:
    reading = read_slides(
        {"start_date": {"year": "1900"}, "text": {"headline": "H"}},
        defaults=Defaults(type="talks", actors=("United States", "Russia")),
    )
    assert (reading.events[0].type, reading.events[0].actors) == (
        "talks",
        ["United States", "Russia"],
    )


def test_same_headline_and_date_get_distinct_ids() -> None:
    slide = {"start_date": {"year": "1978"}, "text": {"headline": "Early years"}}
    reading = read_slides(slide, slide, slide)
    assert [e.id for e in reading.events] == [
        "1978-early-years",
        "1978-early-years-2",
        "1978-early-years-3",
    ]


def test_unknown_top_level_keys_and_cosmological_scale_warn() -> None:
    reading = read_slides(
        {"start_date": {"year": "1900"}, "text": {"headline": "H"}},
        scale="cosmological",
        theme="dark",
    )
    assert len(reading.events) == 1
    assert [p.message for p in reading.problems] == [
        "cosmological scale is not supported: only slides dated in years 1 to 9999 import",
        "unknown key 'theme' ignored",
    ]


# The Google Sheets CSV ----------------------------------------------------------------------

HEADER = ",".join(timelinejs.SHEET_COLUMNS)


def read_sheet(*rows: dict[str, str], header: str = HEADER) -> Reading:
    buffer = io.StringIO()
    columns = header.split(",")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    buffer.write(header + "\n")
    for row in rows:
        writer.writerow(row)
    return timelinejs.read_csv(buffer.getvalue(), "in.csv", Defaults(), "in")


TIMES = [
    ("14:30", "2025-03-18T14:30Z"),
    ("2:30 PM", "2025-03-18T14:30Z"),
    ("2:30 p.m.", "2025-03-18T14:30Z"),
    ("12:05 am", "2025-03-18T00:05Z"),
    ("1430", "2025-03-18T14:30Z"),
    ("14.30", "2025-03-18T14:30Z"),
    ("14:30:05", "2025-03-18T14:30:05Z"),
    ("14:30:05.250", "2025-03-18T14:30:05Z"),
    ("9", "2025-03-18T09:00Z"),
]


@pytest.mark.parametrize(("time", "iso"), TIMES, ids=[t for t, _ in TIMES])
def test_sheet_time_is_read_as_timelinejs_reads_it(time: str, iso: str) -> None:
    reading = read_sheet({"Year": "2025", "Month": "3", "Day": "18", "Time": time, "Headline": "H"})
    assert [e.date.iso() for e in reading.events] == [iso]


SHEET_REJECTIONS = [
    (
        {"Year": "2025", "Month": "3", "Day": "18", "Time": "25:00"},
        "Time '25:00' is not a time of day (out of range)",
    ),
    (
        {"Year": "2025", "Month": "3", "Day": "18", "Time": "noon"},
        "Time 'noon' is not a time of day (use HH:MM or HH:MM:SS)",
    ),
    ({"Time": "10:00"}, "Time is given without a Year"),
    ({"Year": "2025", "End Time": "10:00"}, "End Time is given without a End Year"),
    (
        {"Year": "-44", "Month": "3", "Day": "15"},
        "year -44 is BCE: dates before year 1 are not supported",
    ),
]


@pytest.mark.parametrize(
    ("cells", "message"), SHEET_REJECTIONS, ids=[m for _, m in SHEET_REJECTIONS]
)
def test_sheet_row_rejected(cells: dict[str, str], message: str) -> None:
    reading = read_sheet({"Year": "1900", "Headline": "Kept"}, {"Headline": "H", **cells})
    assert [e.title for e in reading.events] == ["Kept"]
    assert [str(p) for p in reading.problems] == [f'in.csv:3:1: error: row 3 "H": {message}']


def test_sheet_title_era_and_group_rows() -> None:
    reading = read_sheet(
        {"Headline": "The timeline", "Text": "About it", "Type": "title"},
        {"Year": "1943", "End Year": "1946", "Headline": "War years", "Type": "era"},
        {"Year": "1944", "Headline": "Slide", "Group": "Europe Desk"},
        {"Headline": "Second title", "Type": "title", "Year": "1945"},
    )
    assert reading.title == "The timeline"
    assert [(e.title, e.tags, e.track) for e in reading.events] == [
        ("War years", ["era"], None),
        ("Slide", [], "europe-desk"),
        ("Second title", [], None),
    ]
    assert [str(p) for p in reading.problems] == [
        "in.csv:2:1: warning: title slide: only its headline is kept, as the timeline's title",
        "in.csv:5:1: warning: row 5: a second title row is read as a slide",
    ]


def test_sheet_columns_match_by_name_in_any_order_and_case() -> None:
    reading = read_sheet(
        {"headline": "H", "YEAR": "1999", "Notes": "x"}, header="headline,YEAR,Notes"
    )
    assert [(e.title, e.date.iso()) for e in reading.events] == [("H", "1999")]
    assert [str(p) for p in reading.problems] == [
        "in.csv:1:1: warning: unknown column 'Notes' ignored"
    ]


SHEET_FAILURES = [
    (
        "Date,Headline\n2025,H\n",
        "in.csv:1: not a TimelineJS sheet: the header needs Year and Headline columns",
    ),
    (
        "Start Date,End Date,Headline\n",
        "in.csv:1: an old TimelineJS sheet (a 'Start Date' "
        "column): copy it into the current template, with Year, Month and Day columns",
    ),
    ("", "in.csv:1: not a TimelineJS sheet: the header needs Year and Headline columns"),
]


@pytest.mark.parametrize(("text", "message"), SHEET_FAILURES, ids=["no-year", "v1", "empty"])
def test_sheet_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        timelinejs.read_csv(text, "in.csv", Defaults(), "in")
    assert str(caught.value) == message


JSON_FAILURES = [
    ("{", "in.json:1:2: not JSON: Expecting property name enclosed in double quotes"),
    ("[]", "in.json: not TimelineJS JSON: it needs an 'events' list"),
    ('{"events": {}}', "in.json: not TimelineJS JSON: it needs an 'events' list"),
]


@pytest.mark.parametrize(("text", "message"), JSON_FAILURES, ids=["broken", "list", "no-list"])
def test_json_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        timelinejs.read_json(text, "in.json", Defaults(), "in")
    assert str(caught.value) == message


DETECT = [
    ("a.json", '{"events": [{"start_date": {"year": "1"}}]}', "timelinejs-json"),
    ("a.json", '{"title": {"text": {}}, "events": []}', "timelinejs-json"),
    ("a.json", '{"events": [{"id": "x", "date": "2025", "title": "t"}]}', "json"),
    ("a.txt", "Year,Month,Headline\n", "timelinejs-csv"),
    ("a.csv", "id,date,title\n", "csv"),
]


@pytest.mark.parametrize(("name", "text", "fmt"), DETECT, ids=[f for *_, f in DETECT])
def test_format_is_detected_from_content(name: str, text: str, fmt: str) -> None:
    assert detect_format(Path(name), text) == fmt


def test_unknown_format_says_how_to_choose() -> None:
    with pytest.raises(ImportFailed) as caught:
        detect_format(Path("notes.txt"), "just some text\n")
    assert str(caught.value) == (
        "notes.txt: cannot tell its format: pass --format with one of timelinejs-json, "
        "timelinejs-csv, csv, json"
    )


# Writing ------------------------------------------------------------------------------------


def event(**fields: Any) -> Event:
    values: dict[str, Any] = {
        "id": "e",
        "title": "T",
        "date": "2025-03-18",
        "type": "call",
        "actors": ["A"],
    }
    return Event.model_validate({**values, **fields})


def test_sample_exports_one_slide_per_event() -> None:
    timeline, _ = validate(SAMPLE)
    data = json.loads(timelinejs.to_json(timeline.events))
    assert "title" not in data and "eras" not in data
    assert sorted(s["unique_id"] for s in data["events"]) == sorted(e.id for e in timeline.events)
    call = next(s for s in data["events"] if s["unique_id"] == "2025-03-18-trump-putin-call")
    assert call["start_date"] == {"year": "2025", "month": "3", "day": "18"}
    assert call["display_date"] == "Tue 18 Mar 2025"
    assert call["group"] == "us-russia"
    assert call["text"]["headline"] == "Trump and Putin agree an energy ceasefire as the first step"
    assert call["text"]["text"].endswith(
        '<ul class="timeline-sources"><li><cite>The Independent</cite>, '
        '<time datetime="2025-03-18">Tue 18 Mar 2025</time></li></ul>'
    )


def test_export_escapes_markup_so_no_script_gets_into_the_page() -> None:
    hostile = event(
        title="<script>alert(1)</script>",
        summary="a < b & <img src=x onerror=alert(1)>",
        sources=[{"outlet": "<b>O</b>", "url": 'https://x.org/"><script>', "title": "t"}],
    )
    slide = json.loads(timelinejs.to_json([hostile], title="<i>T</i>"))
    text = slide["events"][0]["text"]
    assert text["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<img" not in text["text"] and "<script" not in text["text"]
    assert 'href="https://x.org/&quot;&gt;&lt;script&gt;"' in text["text"]
    assert slide["title"]["text"]["headline"] == "&lt;i&gt;T&lt;/i&gt;"


def test_export_writes_times_in_utc_and_says_so() -> None:
    slide = json.loads(timelinejs.to_json([event(date="2025-03-18T01:30+02:00")]))["events"][0]
    assert slide["start_date"] == {
        "year": "2025",
        "month": "3",
        "day": "17",
        "hour": "23",
        "minute": "30",
    }
    assert slide["display_date"] == "Mon 17 Mar 2025 23:30 UTC"


def test_export_eras_and_title() -> None:
    era = event(id="war", title="War years", date="1943", end="1946", tags=["era"])
    no_end = event(id="tagged", tags=["era"])
    data = json.loads(timelinejs.to_json([era, no_end], title="Women in Computing"))
    assert data["title"] == {"text": {"headline": "Women in Computing", "text": ""}}
    assert [s["unique_id"] for s in data["events"]] == ["tagged"]
    assert data["eras"] == [
        {
            "unique_id": "war",
            "start_date": {"year": "1943"},
            "end_date": {"year": "1946"},
            "text": {"headline": "War years", "text": ""},
            # The event itself, under a key TimelineJS does not read.
            "negotiation_timeline": {
                "id": "war",
                "title": "War years",
                "date": "1943",
                "end": "1946",
                "type": "call",
                "actors": ["A"],
                "tags": ["era"],
            },
        }
    ]


def test_sheet_export_uses_the_template_header() -> None:
    text = timelinejs.to_csv(
        [event(date="2025-03-18T14:30Z", end="2025-03-19~", track="us-russia")], title="T"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == HEADER
    assert rows[0]["Type"] == "title" and rows[0]["Headline"] == "T"
    assert {k: v for k, v in rows[1].items() if v} == {
        "Year": "2025",
        "Month": "3",
        "Day": "18",
        "Time": "14:30",
        "End Year": "2025",
        "End Month": "3",
        "End Day": "19",
        "Display Date": "Tue 18 Mar 2025 14:30 UTC \u2013 Wed 19 Mar 2025 (approx.)",
        "Headline": "T",
        "Group": "us-russia",
    }


EXPORT_IN_A_NEW_PROCESS = """\
import sys
from pathlib import Path
from timeline.interop import timelinejs
from timeline.validate import validate
timeline, _ = validate(Path(sys.argv[1]))
sys.stdout.buffer.write(getattr(timelinejs, sys.argv[2])(timeline.events).encode())
"""


@pytest.mark.parametrize("writer", ["to_json", "to_csv"])
def test_export_is_the_same_bytes_every_time(writer: str) -> None:
    # Every run, in a fresh interpreter with another string hash seed (which reorders sets
    # and nothing else), gives the bytes this process gives.
    timeline, _ = validate(SAMPLE)
    here = getattr(timelinejs, writer)(timeline.events)
    assert here.startswith("{" if writer == "to_json" else "Year,Month,Day,")
    for seed in ("0", "4242"):
        again = subprocess.run(
            [sys.executable, "-c", EXPORT_IN_A_NEW_PROCESS, str(SAMPLE), writer],
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert again.returncode == 0, again.stderr
        assert again.stdout == here.encode()


def test_html_to_text_reads_our_source_list_back() -> None:
    markup = (
        '<p>x</p><ul class="timeline-sources">'
        '<li><cite>The Independent</cite>: <a href="https://i.co/a">Trump, Putin</a>, '
        '<time datetime="2025-03-18">Tue 18 Mar 2025</time></li>'
        "<li><cite>Bloomberg</cite>: Interview, with Lammy</li>"
        '<li><a href="https://r.org/"><cite>Reuters</cite></a></li></ul>'
    )
    content = timelinejs.html_to_text(markup)
    assert content.text == "x"
    assert content.sources == [
        Source(
            outlet="The Independent",
            title="Trump, Putin",
            url="https://i.co/a",
            published=PartialDate.parse("2025-03-18"),
        ),
        Source(outlet="Bloomberg", title="Interview, with Lammy"),
        Source(outlet="Reuters", url="https://r.org/"),
    ]


def test_imported_title_goes_to_timeline_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    import_file(TIMELINEJS / "women_in_computing.csv", folder)
    assert (folder / "timeline.yaml").read_text(encoding="utf-8") == (
        "timeline:\n  title: Women in Computing\n"
    )
    assert load(folder).timeline.title == "Women in Computing"
    # A second import with another title keeps the first and says so.
    result = import_file(TIMELINEJS / "eras.json", folder)
    assert [str(p) for p in result.problems if "title" in p.message][-1] == (
        f"{folder / 'timeline.yaml'}:1:1: warning: the timeline keeps its title "
        "'Women in Computing'; the imported title was 'Eras Test'"
    )


def test_two_timeline_settings_files_are_an_error(make_tree: Any) -> None:
    folder = make_tree(
        {"timeline.yaml": "timeline:\n  title: One\n", "more/t.yaml": "timeline:\n  title: Two\n"}
    )
    timeline, problems = validate(folder)
    assert timeline.title == "Two"  # files are read in path order: more/t.yaml first
    assert [str(p) for p in problems] == [
        f"{folder / 'timeline.yaml'}:1:1: error: timeline settings are already in "
        f"{folder / 'more' / 't.yaml'}; keep one timeline: file"
    ]
