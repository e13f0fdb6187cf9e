"""One day within a range, a date of its own and not a span: an ISO 8601 week (``2025-W11``)
or EDTF's one of a range of days (``[2025-03-11..2025-03-20]``). Read, written back, ordered,
listed, exported, imported, drawn as a faint window with an open marker, and shown in the
page's table. Expected values come from a printed calendar: 2025-W11 runs from Monday 10 to
Sunday 16 March 2025, 2025-W01 from Monday 30 December 2024, 2020-W53 from Monday 28
December 2020 to Sunday 3 January 2021."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from timeline.dates import DateError, PartialDate, Precision
from timeline.ids import event_id
from timeline.schema import build_schema

Run = Callable[..., subprocess.CompletedProcess[str]]

# (text, written back, precision, first instant, end (exclusive), as a person reads it)
FORMS = [
    ("2025-W11", "2025-W11", Precision.WEEK, "2025-03-10 00:00:00", "2025-03-17 00:00:00",
     "one day, week of 10 Mar 2025"),
    ("2025-W01", "2025-W01", Precision.WEEK, "2024-12-30 00:00:00", "2025-01-06 00:00:00",
     "one day, week of 30 Dec 2024"),
    ("2020-W53", "2020-W53", Precision.WEEK, "2020-12-28 00:00:00", "2021-01-04 00:00:00",
     "one day, week of 28 Dec 2020"),
    ("2025-W11~", "2025-W11~", Precision.WEEK, "2025-03-10 00:00:00", "2025-03-17 00:00:00",
     "one day, week of 10 Mar 2025 (approx.)"),
    (" 2025-W11 ", "2025-W11", Precision.WEEK, "2025-03-10 00:00:00", "2025-03-17 00:00:00",
     "one day, week of 10 Mar 2025"),
    ("[2025-03-10..2025-03-16]", "[2025-03-10..2025-03-16]", Precision.RANGE,
     "2025-03-10 00:00:00", "2025-03-17 00:00:00", "one day, 10\u201316 Mar 2025"),
    ("[2025-03-11..2025-03-20]", "[2025-03-11..2025-03-20]", Precision.RANGE,
     "2025-03-11 00:00:00", "2025-03-21 00:00:00", "one day, 11\u201320 Mar 2025"),
    ("[2024-02-26..2024-03-01]", "[2024-02-26..2024-03-01]", Precision.RANGE,
     "2024-02-26 00:00:00", "2024-03-02 00:00:00", "one day, 26 Feb \u2013 1 Mar 2024"),
    ("[2024-12-30..2025-01-05]~", "[2024-12-30..2025-01-05]~", Precision.RANGE,
     "2024-12-30 00:00:00", "2025-01-06 00:00:00",
     "one day, 30 Dec 2024 \u2013 5 Jan 2025 (approx.)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "iso", "precision", "earliest", "latest", "human"), FORMS, ids=[f[0] for f in FORMS]
)
def test_a_form_is_read_and_written_back(
    text: str, iso: str, precision: Precision, earliest: str, latest: str, human: str
) -> None:
    date = PartialDate.parse(text)
    assert (date.iso(), date.precision, str(date.earliest()), str(date.latest()), date.human()) == (
        iso,
        precision,
        earliest,
        latest,
        human,
    )
    # Code that reads only the month and the day sees something coarser, never a day.
    assert (date.month, date.day) == (None, None)
    assert PartialDate.parse(date.iso()) == date


REFUSED = [
    ("2025-W53", "'2025-W53' is not a date: the ISO weeks of 2025 run from W01 to W52"),
    ("2025-W00", "'2025-W00' is not a date: the ISO weeks of 2025 run from W01 to W52"),
    ("2025-W1", "'2025-W1' is not a date: a week is written YYYY-Www, e.g. 2025-W11"),
    ("2025-w11", "'2025-w11' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
     "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"),
    ("[2025-03-16..2025-03-10]",
     "'[2025-03-16..2025-03-10]' is not a date: the first day must come before the last"),
    ("[2025-03-16..2025-03-16]",
     "'[2025-03-16..2025-03-16]' is not a date: the first day must come before the last "
     "(one day is written 2025-03-16)"),
    ("[2025-02-27..2025-02-30]",
     "'[2025-02-27..2025-02-30]' is not a date: February 2025 has 28 days"),
    ("[2025-03..2025-04]", "'[2025-03..2025-04]' is not a date: one day within a range is "
     "written [YYYY-MM-DD..YYYY-MM-DD], e.g. [2025-03-11..2025-03-20]"),
    ("[2025-03-10,2025-03-16]", "'[2025-03-10,2025-03-16]' is not a date: one day within a "
     "range is written [YYYY-MM-DD..YYYY-MM-DD], e.g. [2025-03-11..2025-03-20]"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_malformed_form_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        PartialDate.parse(text)
    assert str(raised.value) == message


def test_an_unquoted_range_in_yaml_is_read() -> None:
    # YAML reads [a..b] as a list of one string: the date is the same as the quoted form.
    value = yaml.safe_load("date: [2025-03-10..2025-03-16]\n")["date"]
    assert value == ["2025-03-10..2025-03-16"]
    assert PartialDate.coerce(value).iso() == "[2025-03-10..2025-03-16]"
    with pytest.raises(DateError):
        PartialDate.coerce(["2025-03-10", "2025-03-16"])


def test_ids_name_the_week_or_what_the_days_share() -> None:
    assert event_id(PartialDate.parse("2025-W11"), "Talks") == "2025-w11-talks"
    assert event_id(PartialDate.parse("[2025-03-11..2025-03-20]"), "Talks") == "2025-03-talks"
    assert event_id(PartialDate.parse("[2025-02-28..2025-03-02]"), "Talks") == "2025-talks"


def test_order_is_by_earliest_instant_then_finer_first() -> None:
    texts = [
        "2025-03-11",
        "[2025-03-10..2025-03-12]",
        "2025-W11",
        "2025-03-10",
        "2025-03",
        "2025-W10",
    ]
    ordered = sorted((PartialDate.parse(t) for t in texts), key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == [
        "2025-03",  # starts on 1 March
        "2025-W10",  # 3 March
        "2025-03-10",  # 10 March: the day, then the week, then the range
        "2025-W11",
        "[2025-03-10..2025-03-12]",
        "2025-03-11",
    ]


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors' YAML language server does (YAML 1.2): dates stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

EVENT = """title: {title}
date: {date}
type: talks
actors: [Steve Witkoff]
track: us-russia
sources:
  - outlet: The Independent
    published: 2025-03-18
    date_text: {text}
"""


@pytest.fixture
def folder(make_tree: Callable[[dict[str, str]], Path]) -> Path:
    return make_tree(
        {
            "week.yaml": EVENT.format(title="Shuttle talks", date="2025-W11", text="last week"),
            "weekend.yaml": EVENT.format(
                title="Weekend talks", date="[2025-03-15..2025-03-16]", text="over the weekend"
            ),
            "day.yaml": EVENT.format(title="Monday talks", date="2025-03-10", text="Monday"),
            "month.yaml": EVENT.format(title="March talks", date="2025-03", text="in March"),
        }
    )


def test_the_schema_takes_both_forms_as_editors_write_them() -> None:
    validator = jsonschema.Draft7Validator(build_schema())
    for date in ("2025-W11", "'[2025-03-10..2025-03-16]'", "[2025-03-10..2025-03-16]"):
        data = yaml.load(EVENT.format(title="T", date=date, text="x"), Loader=_Yaml12Loader)
        assert list(validator.iter_errors(data)) == [], date
    for date in ("2025-W1", "'[2025-03-10,2025-03-16]'", "[2025-03-10, 2025-03-16]"):
        data = yaml.load(EVENT.format(title="T", date=date, text="x"), Loader=_Yaml12Loader)
        assert list(validator.iter_errors(data)) != [], date


def test_list_shows_one_day_in_timeline_order(folder: Path, run_timeline: Run) -> None:
    listed = run_timeline("list", "-e", folder, env={**os.environ, "COLUMNS": "200"})
    assert listed.returncode == 0, listed.stderr
    dates = [line[:30].rstrip() for line in listed.stdout.splitlines()[1:-1]]
    assert dates == [
        "Mar 2025",
        "Mon 10 Mar 2025",
        "one day, week of 10 Mar 2025",
        "one day, 15\u201316 Mar 2025",
    ]


def test_json_and_csv_exports_carry_the_form_and_import_back(
    folder: Path, tmp_path: Path, run_timeline: Run
) -> None:
    exported = run_timeline("export", "-e", folder, "-f", "json")
    assert exported.returncode == 0, exported.stderr
    dates = {e["title"]: (e["date"], e.get("end")) for e in json.loads(exported.stdout)["events"]}
    assert dates["Shuttle talks"] == ("2025-W11", None)
    assert dates["Weekend talks"] == ("[2025-03-15..2025-03-16]", None)
    for kind in ("json", "csv"):
        out = tmp_path / f"events.{kind}"
        assert run_timeline("export", "-e", folder, "-f", kind, "-o", out).returncode == 0
        target = tmp_path / f"imported-{kind}"
        imported = run_timeline("import", out, "-e", target)
        assert imported.returncode == 0, imported.stderr
        again = run_timeline("export", "-e", target, "-f", kind)
        assert again.stdout == out.read_text(encoding="utf-8"), kind
    csv_rows = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    assert any(",2025-W11,," in row for row in csv_rows)
    assert any(",[2025-03-15..2025-03-16],," in row for row in csv_rows)


def test_timelinejs_gets_the_first_and_last_day_and_says_one_day(
    folder: Path, run_timeline: Run
) -> None:
    exported = run_timeline("export", "-e", folder, "-f", "timelinejs-json")
    assert exported.returncode == 0, exported.stderr
    slides = {s["text"]["headline"]: s for s in json.loads(exported.stdout)["events"]}
    week = slides["Shuttle talks"]
    assert (week["start_date"], week["end_date"], week["display_date"]) == (
        {"year": "2025", "month": "3", "day": "10"},
        {"year": "2025", "month": "3", "day": "16"},
        "one day, week of 10 Mar 2025",
    )
    weekend = slides["Weekend talks"]
    assert (weekend["start_date"], weekend["end_date"], weekend["display_date"]) == (
        {"year": "2025", "month": "3", "day": "15"},
        {"year": "2025", "month": "3", "day": "16"},
        "one day, 15\u201316 Mar 2025",
    )
    assert "end_date" not in slides["Monday talks"]


def test_timelinejs_json_brings_one_day_within_back(
    folder: Path, tmp_path: Path, run_timeline: Run
) -> None:
    out = tmp_path / "timeline.json"
    assert run_timeline("export", "-e", folder, "-f", "timelinejs-json", "-o", out).returncode == 0
    target = tmp_path / "imported"
    imported = run_timeline("import", out, "-e", target)
    assert imported.returncode == 0, imported.stderr
    dates = {}
    for path in target.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dates[data["title"]] = (str(data["date"]), data.get("end"))
    assert dates["Shuttle talks"] == ("2025-W11", None)
    assert dates["Weekend talks"] == ("[2025-03-15..2025-03-16]", None)
    assert dates["Monday talks"] == ("2025-03-10", None)


def test_drawn_as_a_faint_window_with_an_open_marker_like_a_month(folder: Path) -> None:
    from timeline import build_figure, load_events

    figure = build_figure(load_events(folder)).to_plotly_json()

    def marks(title: str, kind: str) -> list[dict[str, object]]:
        """What each trace of ``kind`` draws for the event titled ``title``."""
        found = []
        for trace in figure["data"]:
            texts = trace.get("hovertext")
            if trace["type"] != kind or texts is None:
                continue
            texts = [texts] if isinstance(texts, str) else list(texts)
            for i, text in enumerate(texts):
                if title in text:
                    found.append(
                        {
                            key: (value[i] if isinstance(value, (list, tuple)) else value)
                            for key, value in (
                                ("base", list(trace.get("base") or [None] * len(texts))),
                                ("x", list(trace["x"])),
                                ("opacity", trace.get("opacity")),
                                ("symbol", trace.get("marker", {}).get("symbol")),
                            )
                        }
                    )
        return found

    (month_bar,) = marks("March talks", "bar")
    for title, start, days in (
        ("Shuttle talks", "2025-03-10 00:00", 7),
        ("Weekend talks", "2025-03-15 00:00", 2),
    ):
        (bar,) = marks(title, "bar")
        (point,) = marks(title, "scatter")
        assert (bar["base"], bar["x"]) == (start, days * 86_400_000)
        assert bar["opacity"] == month_bar["opacity"]
        assert isinstance(bar["opacity"], float) and bar["opacity"] < 0.5
        assert str(point["symbol"]).endswith("-open")
    # The day is drawn as a solid point, not a window.
    assert marks("Monday talks", "bar") == []
    (day,) = marks("Monday talks", "scatter")
    assert not str(day["symbol"]).endswith("-open")


def test_the_page_table_gives_html_dates(folder: Path, tmp_path: Path, run_timeline: Run) -> None:
    out = tmp_path / "fragment.html"
    built = run_timeline(
        "build", "-e", folder, "-f", "fragment", "--plotlyjs", "none", "-o", out, "-q"
    )
    assert built.returncode == 0, built.stderr
    cells = re.findall(r'<td class="date">(.*?)</td>', out.read_text(encoding="utf-8"))
    # HTML has week strings; a range of days gives the month its days share.
    assert '<time datetime="2025-W11">one day, week of 10 Mar 2025</time>' in cells
    assert '<time datetime="2025-03">one day, 15\u201316 Mar 2025</time>' in cells


@pytest.mark.parametrize(
    ("text", "with_year", "label"),
    [
        ("2025-W11", False, "week of 10 Mar"),
        ("2025-W01", True, "week of 30 Dec 2024"),
        ("[2025-03-11..2025-03-20]", False, "11\u201320 Mar"),
        ("[2025-02-28..2025-03-02]", True, "28 Feb \u2013 2 Mar 2025"),
        ("2025-W11~", False, "week of 10 Mar~"),
    ],
)
def test_short_labels_of_the_plan_band(text: str, with_year: bool, label: str) -> None:
    from timeline.drawing.text import short_date

    assert short_date(PartialDate.parse(text), with_year) == label
