"""The add library: events built from option values, checked, written to a folder or a list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline.add import (
    EventInput,
    Missing,
    add_event,
    build_event,
    default_id,
    missing_fields,
    missing_message,
    resolve_dates,
)
from timeline.dates import PartialDate
from timeline.errors import CannotAppend, EventExists, EventsNotFound, InvalidInput
from timeline.loading import read_file
from timeline.schema import SCHEMA_FILE, write_schema
from timeline.validate import validate
from timeline.yaml_read import YamlError, parse_yaml

TODAY = dt.date(2025, 3, 20)  # a Thursday
STARMER = EventInput(
    title="Starmer and Trump speak by phone",
    date="Monday",
    published="2025-03-18",
    type="call",
    actors=("Keir Starmer", "Donald Trump"),
    outlet="The Independent",
)
PLAIN = EventInput(title="Talks", date="2025-03-18", type="talks", actors=("A",), outlet="X")

MakeTree = Callable[[dict[str, str | bytes]], Path]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, except the lock file writers leave."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".timeline.lock"
    }


def test_starmer_call_from_the_article() -> None:
    draft = build_event(STARMER, TODAY)
    event = draft.event
    assert event.id == "2025-03-17-starmer-and-trump-speak-by-phone"
    assert event.date.iso() == "2025-03-17"
    assert event.end is None
    [source] = event.sources
    assert source.outlet == "The Independent"
    assert source.date_text == "Monday"
    assert source.published is not None and source.published.iso() == "2025-03-18"
    assert draft.dates.lines() == [
        "date: Monday → Mon 17 Mar 2025 (counted from --published Tue 18 Mar 2025)"
    ]


def test_without_published_phrases_count_from_today_and_say_so() -> None:
    values = dataclasses.replace(STARMER, published=None)
    draft = build_event(values, TODAY)
    assert draft.event.date.iso() == "2025-03-17"
    # Today is where the phrase was counted from, not a fact about the article.
    assert draft.event.sources[0].published is None
    assert draft.event.sources[0].date_text == "Monday"
    assert draft.dates.lines() == [
        "date: Monday → Mon 17 Mar 2025 (counted from today, Thu 20 Mar 2025: "
        "no --published date was given)"
    ]


def test_last_week_writes_one_day_of_that_week() -> None:
    # One meeting on an unknown day of the week, not a week-long event: no end.
    values = dataclasses.replace(STARMER, date="last week")
    event = build_event(values, TODAY).event
    assert (event.date.iso(), event.end) == ("2025-W11", None)
    assert event.sources[0].date_text == "last week"


def test_end_phrase_and_date_text_of_both() -> None:
    values = dataclasses.replace(STARMER, date="Monday", end="tomorrow")
    draft = build_event(values, TODAY)
    assert draft.event.end is not None and draft.event.end.iso() == "2025-03-19"
    assert draft.event.sources[0].date_text == "Monday to tomorrow"
    assert draft.dates.lines()[1] == (
        "end: tomorrow → Wed 19 Mar 2025 (counted from --published Tue 18 Mar 2025)"
    )


def test_end_phrase_naming_a_week_ends_some_day_that_week() -> None:
    values = dataclasses.replace(PLAIN, end="next week", published="2025-03-18")
    event = build_event(values, TODAY).event
    assert event.end is not None and event.end.iso() == "2025-W13"


def test_event_format_dates_keep_no_date_text() -> None:
    event = build_event(dataclasses.replace(PLAIN, date="2025-03~"), TODAY).event
    assert event.date.iso() == "2025-03~"
    assert event.sources[0].date_text is None


def test_published_may_be_a_phrase() -> None:
    values = dataclasses.replace(STARMER, published="18 March 2025", date="yesterday")
    event = build_event(values, TODAY).event
    assert event.date.iso() == "2025-03-17"
    assert event.sources[0].published == PartialDate(2025, 3, 18)


def test_every_field_is_set() -> None:
    values = EventInput(
        title="Energy ceasefire agreed",
        date="2025-03-18T16:00Z",
        end="2025-04-17",
        type="ceasefire",
        actors=("Donald Trump", "Vladimir Putin"),
        track="us-russia",
        summary="A 30-day pause on strikes against energy infrastructure.",
        status="agreed",
        stage="plan/energy",
        tags=("energy", "black-sea"),
        key=True,
        outlet="The Independent",
        source_title="Trump and Putin agree energy ceasefire",
        url="https://www.independent.co.uk/news/world",
        published="2025-03-18",
        quote="These negotiations will begin immediately.",
        id="energy-ceasefire",
    )
    event = build_event(values, TODAY).event
    assert event.model_dump(mode="json", exclude_defaults=True) == {
        "id": "energy-ceasefire",
        "title": "Energy ceasefire agreed",
        "date": "2025-03-18T16:00Z",
        "end": "2025-04-17",
        "type": "ceasefire",
        "actors": ["Donald Trump", "Vladimir Putin"],
        "track": "us-russia",
        "summary": "A 30-day pause on strikes against energy infrastructure.",
        "status": "agreed",
        "stage": "plan/energy",
        "tags": ["energy", "black-sea"],
        "key": True,
        "sources": [
            {
                "outlet": "The Independent",
                "title": "Trump and Putin agree energy ceasefire",
                "url": "https://www.independent.co.uk/news/world",
                "published": "2025-03-18",
                "quote": "These negotiations will begin immediately.",
            }
        ],
    }


TYPES = (
    "'statement', 'call', 'visit', 'meeting', 'talks', 'mediation', 'proposal', "
    "'agreement', 'ceasefire', 'demand', 'rejection', 'violation', 'aid', 'sanction' or 'other'"
)
# The forms the date options take, as their error messages list them.
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

INVALID = [
    ("type", {"type": "phone"}, [f"--type: 'phone' is not allowed; use {TYPES}"]),
    ("title", {"title": "  "}, ["--title: must not be empty"]),
    ("actor", {"actors": ("A", " ")}, ["--actor: must not be empty"]),
    ("tag", {"tags": ("",)}, ["--tag: must not be empty"]),
    ("id", {"id": "Bad Id"}, ["--id: 'Bad Id' is not an id: use lowercase letters, digits and -"]),
    (
        "track",
        {"track": "Europe"},
        ["--track: 'Europe' is not an id: use lowercase letters, digits and -"],
    ),
    (
        "status",
        {"status": "done"},
        [
            "--status: 'done' is not allowed; use 'proposed', 'agreed', 'in-force', "
            "'violated', 'suspended', 'collapsed' or 'rejected'"
        ],
    ),
    ("stage", {"stage": "energy"}, ["--stage: 'energy' is not a stage: write PLAN-ID/STAGE-ID"]),
    (
        "url",
        {"url": "javascript:alert(1)"},
        ["--url: 'javascript:alert(1)' is not a web address: use an http:// or https:// URL"],
    ),
    ("quote", {"quote": " "}, ["--quote: must not be empty"]),
    ("outlet", {"outlet": " "}, ["--outlet: must not be empty"]),
    (
        "date",
        {"date": "2025-02-30"},
        ["--date: '2025-02-30' is not a date: February 2025 has 28 days"],
    ),
    (
        "end-before-date",
        {"end": "2025-03-01"},
        ["--end: 2025-03-01 is before the date 2025-03-18"],
    ),
    (
        "published",
        {"published": "someday"},
        [f"--published: 'someday' is not a date: use {ACCEPTED}"],
    ),
    (
        "published-week",
        {"published": "last week"},
        [
            "--published: 'last week' is a phrase counted from a date; the publication date "
            "must be a calendar date, e.g. 2025-03-18"
        ],
    ),
    (
        "published-yesterday",
        {"published": "yesterday"},
        [
            "--published: 'yesterday' is a phrase counted from a date; the publication date "
            "must be a calendar date, e.g. 2025-03-18"
        ],
    ),
    (
        "published-no-year",
        {"published": "18 March"},
        [
            "--published: '18 March' is a phrase counted from a date; the publication date "
            "must be a calendar date, e.g. 2025-03-18"
        ],
    ),
    (
        "published-one-of-a-week",
        {"published": "2025-W11"},
        [
            "--published: '2025-W11' is one day of several; the publication date must be a "
            "calendar date, e.g. 2025-03-18"
        ],
    ),
    (
        "published-month",
        {"published": "2025-03", "date": "Monday"},
        [
            "--date: 'Monday' is counted from the publication date, but --published 2025-03 "
            "is not a day; give it as YYYY-MM-DD"
        ],
    ),
    (
        "several",
        {"type": "phone", "date": "Mundy", "url": "ftp://example.org"},
        [
            f"--date: 'Mundy' is not a date: use {ACCEPTED}",
            f"--type: 'phone' is not allowed; use {TYPES}",
            "--url: 'ftp://example.org' is not a web address: use an http:// or https:// URL",
        ],
    ),
]


@pytest.mark.parametrize(
    ("change", "messages"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_values_name_the_option(change: dict[str, object], messages: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        build_event(dataclasses.replace(PLAIN, **change), TODAY)  # type: ignore[arg-type]
    assert caught.value.messages == messages


MISSING = [
    ("nothing", EventInput(), ["--title", "--type", "--actor", "--date"]),
    ("date", dataclasses.replace(PLAIN, date=None), ["--date"]),
    ("actors", dataclasses.replace(PLAIN, actors=()), ["--actor"]),
    ("outlet-for-phrase", dataclasses.replace(STARMER, outlet=None), ["--outlet"]),
    (
        "outlet-for-end-phrase",
        dataclasses.replace(PLAIN, outlet=None, end="tomorrow"),
        ["--outlet"],
    ),
    ("outlet-for-url", dataclasses.replace(PLAIN, outlet=None, url="https://x.org"), ["--outlet"]),
    ("none", dataclasses.replace(PLAIN, outlet=None), []),
    ("absolute-phrase", dataclasses.replace(PLAIN, outlet=None, date="18 March 2025"), []),
]


@pytest.mark.parametrize(("values", "flags"), [m[1:] for m in MISSING], ids=[m[0] for m in MISSING])
def test_missing_fields(values: EventInput, flags: list[str]) -> None:
    assert [m.flag for m in missing_fields(values)] == flags


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ([Missing("--title", "title")], "Missing option '--title'"),
        (
            [Missing("--title", "title"), Missing("--date", "date")],
            "Missing options '--title', '--date'",
        ),
        (
            [Missing("--type", "type"), Missing("--outlet", "outlet", "--url belongs to a source")],
            "Missing option '--type'; Missing option '--outlet': --url belongs to a source",
        ),
    ],
)
def test_missing_message(missing: list[Missing], message: str) -> None:
    assert missing_message(missing) == message


def test_missing_outlet_reason_names_the_phrase() -> None:
    [missing] = missing_fields(dataclasses.replace(STARMER, outlet=None))
    assert str(missing) == (
        "Missing option '--outlet': 'Monday' is kept as the source's date_text, "
        "which needs its outlet"
    )


def test_build_event_refuses_missing_values() -> None:
    with pytest.raises(InvalidInput) as caught:
        build_event(EventInput(title="T"), TODAY)
    assert caught.value.messages == ["--type: missing", "--actor: missing", "--date: missing"]


@pytest.mark.parametrize(
    ("date", "title", "expected"),
    [
        (
            "2025-03-17",
            "Starmer and Trump speak by phone",
            "2025-03-17-starmer-and-trump-speak-by-phone",
        ),
        ("2025-03", "Coalition of the willing", "2025-03-coalition-of-the-willing"),
        ("2025~", "Talks", "2025-talks"),
        ("2025-03-18T16:00Z", "Call", "2025-03-18-call"),
        (
            "2025-03-18",
            "Trump\u2013Putin call: 'energy first'!",
            "2025-03-18-trump-putin-call-energy-first",
        ),
        (
            "2025-03-18",
            "Erdoğan hosts talks in İstanbul",
            "2025-03-18-erdogan-hosts-talks-in-istanbul",
        ),
        ("2025-03-18", "Переговори в Ер-Ріяді", "2025-03-18"),  # noqa: RUF001  (Cyrillic)
        (
            "2025-03-18",
            "US and Russian delegations hold technical talks on a maritime ceasefire in Riyadh",
            "2025-03-18-us-and-russian-delegations-hold-technical-talks-on-a",
        ),
    ],
)
def test_default_id(date: str, title: str, expected: str) -> None:
    assert default_id(PartialDate.parse(date), title) == expected


def test_resolve_dates_for_a_prompt() -> None:
    dates = resolve_dates(EventInput(date="next Monday", published="2025-03-18"), TODAY)
    assert dates.lines() == [
        "date: next Monday → Mon 24 Mar 2025 (counted from --published Tue 18 Mar 2025)"
    ]


# Writing to a folder ------------------------------------------------------------------------


def test_add_writes_a_new_file_that_reads_back(sample: Path) -> None:
    # The sample has this call already, under another id: --force records it again.
    added = add_event(sample, STARMER, today=TODAY, force=True)
    assert added.path == sample / "2025-03-17-starmer-and-trump-speak-by-phone.yaml"
    assert not added.appended
    assert added.lines()[0] == f"Wrote {added.path}"
    [event], _, problems = read_file(added.path)
    assert problems == []
    assert event.model_dump() == added.event.model_dump()
    timeline, problems = validate(sample, strict=True)
    assert problems == []
    assert len(timeline.events) == 10


def test_no_schema_line_without_a_schema_file(tmp_path: Path) -> None:
    added = add_event(tmp_path, PLAIN, today=TODAY)
    assert added.path.read_text(encoding="utf-8").startswith("title: Talks\n")


def test_schema_line_when_the_folder_publishes_the_schema(tmp_path: Path) -> None:
    write_schema(tmp_path / SCHEMA_FILE)
    added = add_event(tmp_path, PLAIN, today=TODAY)
    assert added.path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=timeline.schema.json\ntitle: Talks\n"
    )
    [event], _, problems = read_file(added.path)
    assert problems == []
    assert event.title == "Talks"


def test_same_title_and_date_is_refused_naming_the_first(tmp_path: Path) -> None:
    first = add_event(tmp_path, PLAIN, today=TODAY)
    before = snapshot(tmp_path)
    again = dataclasses.replace(PLAIN, title="  talks ")  # case and spaces aside, the same
    with pytest.raises(EventExists) as caught:
        add_event(tmp_path, again, today=TODAY)
    assert str(caught.value) == (
        f"'Talks' on 2025-03-18 is already recorded at {first.path}:1 (id 2025-03-18-talks); "
        "nothing was written: add sources to it with 'timeline source add 2025-03-18-talks "
        "...', or pass --force to record a second event"
    )
    assert snapshot(tmp_path) == before
    # Another date, or another title, is another event.
    assert add_event(tmp_path, dataclasses.replace(PLAIN, date="2025-03-19"), today=TODAY)
    assert add_event(tmp_path, dataclasses.replace(PLAIN, title="Talks resume"), today=TODAY)


def test_same_title_and_date_with_force_get_numbered_ids(tmp_path: Path) -> None:
    paths = [add_event(tmp_path, PLAIN, today=TODAY, force=True).path.name for _ in range(3)]
    assert paths == ["2025-03-18-talks.yaml", "2025-03-18-talks-2.yaml", "2025-03-18-talks-3.yaml"]


def test_default_id_avoids_ids_used_inside_list_files(make_tree: MakeTree) -> None:
    folder = make_tree(
        {
            "list.yaml": "events:\n  - id: 2025-03-18-talks\n    title: T\n    date: 2025-03-18\n"
            "    type: talks\n    actors: [A]\n"
        }
    )
    assert add_event(folder, PLAIN, today=TODAY).event.id == "2025-03-18-talks-2"


def test_explicit_id_that_is_taken_is_refused(sample: Path) -> None:
    before = snapshot(sample)
    values = dataclasses.replace(PLAIN, id="2025-03-18-trump-putin-call")
    with pytest.raises(EventExists) as caught:
        add_event(sample, values, today=TODAY)
    assert str(caught.value) == (
        f"--id: '2025-03-18-trump-putin-call' is already used at "
        f"{sample / '2025-03-18-trump-putin-call.yaml'}:1; choose another id"
    )
    assert snapshot(sample) == before


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ("nope/energy", "--stage: no plan 'nope' (plans: us-russia-ceasefire-path)"),
        (
            "us-russia-ceasefire-path/nope",
            "--stage: plan 'us-russia-ceasefire-path' has no stage 'nope' (stages: "
            "energy-ceasefire, black-sea-ceasefire, full-ceasefire, permanent-peace)",
        ),
    ],
)
def test_stage_must_exist_in_the_folder(sample: Path, stage: str, message: str) -> None:
    values = dataclasses.replace(PLAIN, stage=stage, status="agreed")
    with pytest.raises(InvalidInput) as caught:
        add_event(sample, values, today=TODAY)
    assert caught.value.messages == [message]
    assert not list(sample.glob("2025-03-18-talks*"))


def test_warnings_are_returned_not_raised(tmp_path: Path) -> None:
    added = add_event(tmp_path, dataclasses.replace(PLAIN, outlet=None), today=TODAY)
    assert added.warnings == ["event has no source; add sources:"]
    assert added.path.exists()


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    added = add_event(tmp_path / "missing", PLAIN, today=TODAY)
    assert added.created == tmp_path / "missing"
    assert added.path == tmp_path / "missing" / "2025-03-18-talks.yaml"
    assert add_event(tmp_path / "missing", PLAIN, today=TODAY, force=True).created is None


def test_an_invalid_event_creates_no_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        add_event(tmp_path / "missing", dataclasses.replace(PLAIN, type="chat"), today=TODAY)
    assert not (tmp_path / "missing").exists()


def test_a_file_where_the_folder_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "events").write_text("x", encoding="utf-8")
    with pytest.raises(EventsNotFound) as caught:
        add_event(tmp_path / "events" / "inner", PLAIN, today=TODAY)
    assert f"{tmp_path / 'events'} is a file, not a folder; pass the events folder with -e" in (
        str(caught.value)
    )


# Appending to a list file -------------------------------------------------------------------

BROKEN = "events:\n  - id: a\n    title: [unclosed\n"


def _yaml_error(text: str) -> tuple[int, int, str]:
    # The YAML reader words its own errors; the append adds where and what to do.
    try:
        parse_yaml(text)
    except YamlError as exc:
        return exc.location.line, exc.location.column, exc.message
    raise AssertionError("the broken YAML parsed")


BROKEN_ERROR = _yaml_error(BROKEN)
ITEM = "  - id: first\n    title: First\n    date: 2025-03-10\n    type: talks\n    actors: [A]\n"


@pytest.mark.parametrize(
    ("text", "appended"),
    [
        pytest.param(
            "events:\n" + ITEM,
            "  - id: 2025-03-18-talks\n    title: Talks\n",
            id="indented",
        ),
        pytest.param(
            "events:\n- id: first\n  title: First\n  date: 2025-03-10\n  type: talks\n"
            "  actors: [A]\n",
            "- id: 2025-03-18-talks\n  title: Talks\n",
            id="indentless",
        ),
        pytest.param("events:\n", "  - id: 2025-03-18-talks\n    title: Talks\n", id="bare"),
        pytest.param(
            ("events:\n" + ITEM).rstrip("\n"),
            "\n  - id: 2025-03-18-talks\n",
            id="no-final-newline",
        ),
    ],
)
def test_append_keeps_the_text_and_lines_up(make_tree: MakeTree, text: str, appended: str) -> None:
    folder = make_tree({"list.yaml": text})
    added = add_event(folder, PLAIN, to=folder / "list.yaml", today=TODAY)
    assert added.appended
    assert added.lines()[0] == f"Appended 2025-03-18-talks to {folder / 'list.yaml'}"
    written = (folder / "list.yaml").read_text(encoding="utf-8")
    assert written.startswith(text + appended)
    events, _, problems = read_file(folder / "list.yaml")
    assert problems == []
    assert events[-1].id == "2025-03-18-talks"


def test_append_to_crlf_file_uses_crlf(make_tree: MakeTree) -> None:
    text = ("events:\n" + ITEM).replace("\n", "\r\n").encode()
    folder = make_tree({"list.yaml": text})
    add_event(folder, PLAIN, to=folder / "list.yaml", today=TODAY)
    raw = (folder / "list.yaml").read_bytes()
    assert raw.startswith(text)
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_append_finds_the_file_inside_the_folder(make_tree: MakeTree) -> None:
    folder = make_tree({"2025/list.yaml": "events:\n" + ITEM})
    added = add_event(folder, PLAIN, to=Path("2025/list.yaml"), today=TODAY)
    assert added.path == folder / "2025/list.yaml"


@pytest.mark.parametrize(
    ("files", "to", "message"),
    [
        pytest.param(
            {"one.yaml": "title: T\n"},
            "one.yaml",
            "{f}/one.yaml is not a list file ('events:' and a list of events); "
            "leave out --to to write the event to its own file",
            id="single-event-file",
        ),
        pytest.param(
            {"list.yaml": "events: [{id: a}]\n"},
            "list.yaml",
            "{f}/list.yaml:1:9: the events list is written in brackets [...]; write 'events:' "
            "and one '- ' item per line so items can be appended",
            id="flow-list",
        ),
        pytest.param(
            {"list.yaml": "events: []\n"},
            "list.yaml",
            "{f}/list.yaml:1:9: the events list is written in brackets [...]; write 'events:' "
            "and one '- ' item per line so items can be appended",
            id="empty-flow-list",
        ),
        pytest.param(
            {"list.yaml": "events: {a: 1}\n"},
            "list.yaml",
            "{f}/list.yaml:1:9: 'events' is not a list",
            id="mapping",
        ),
        pytest.param(
            {"list.yaml": BROKEN},
            "list.yaml",
            "{{f}}/list.yaml:{}:{}: {}; fix the file first (timeline validate)".format(
                *BROKEN_ERROR
            ),
            id="broken-yaml",
        ),
        pytest.param(
            {"list.yaml": "events:\n" + ITEM + "...\n"},
            "list.yaml",
            "{f}/list.yaml: the event cannot be appended as text without changing what the "
            "file says (does something other than the events list end it?); leave out --to "
            "to write the event to its own file",
            id="document-end",
        ),
        pytest.param(
            {"list.yaml": "events:\n" + ITEM},
            "missing.yaml",
            "--to: missing.yaml: no such file; start a list file with the line 'events:', "
            "or leave out --to to write the event to its own file",
            id="no-such-file",
        ),
        pytest.param(
            {".hidden.yaml": "events:\n" + ITEM},
            ".hidden.yaml",
            "--to: .hidden.yaml is not an events file of {f} (a .yaml or .yml file, not "
            "hidden, inside the folder): events written there would not be read",
            id="hidden",
        ),
        pytest.param(
            {"notes.txt": "events:\n" + ITEM},
            "notes.txt",
            "--to: notes.txt is not an events file of {f} (a .yaml or .yml file, not "
            "hidden, inside the folder): events written there would not be read",
            id="not-yaml",
        ),
    ],
)
def test_append_refuses_what_it_cannot_append_to(
    make_tree: MakeTree, files: dict[str, str | bytes], to: str, message: str
) -> None:
    folder = make_tree(files)
    before = snapshot(folder)
    with pytest.raises(CannotAppend) as caught:
        add_event(folder, PLAIN, to=Path(to), today=TODAY)
    assert str(caught.value) == message.format(f=folder)
    assert snapshot(folder) == before


def test_append_outside_the_folder_is_refused(make_tree: MakeTree, tmp_path: Path) -> None:
    folder = make_tree({"a.yaml": "title: T\n"})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("events:\n" + ITEM, encoding="utf-8")
    with pytest.raises(CannotAppend):
        add_event(folder, PLAIN, to=outside, today=TODAY)
    assert outside.read_text(encoding="utf-8") == "events:\n" + ITEM
