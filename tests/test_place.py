"""An event's place: a name, or a name with latitude and longitude. Checked, in the schema,
shown in the hover and the events table, carried by our CSV and JSON and by TimelineJS's
``location``, and read back by import. The installed ``timeline`` runs as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from timeline.schema import build_schema

Run = Callable[..., subprocess.CompletedProcess[str]]

EVENT = """\
title: {title}
date: 2025-03-{day}
type: talks
actors: [United States, Russia]
sources: [{{outlet: Reuters}}]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    events = tmp_path / "events"
    events.mkdir()
    (events / "riyadh.yaml").write_text(
        EVENT.format(title="Talks in Riyadh", day="24")
        + "place: {name: Riyadh, lat: 24.7136, lon: 46.6753}\n",
        encoding="utf-8",
    )
    (events / "jeddah.yaml").write_text(
        EVENT.format(title="Talks in Jeddah", day="11") + "place: Jeddah\n", encoding="utf-8"
    )
    (events / "nowhere.yaml").write_text(
        EVENT.format(title="A statement", day="12"), encoding="utf-8"
    )
    return events


def test_both_forms_validate(folder: Path, run_timeline: Run) -> None:
    result = run_timeline("validate", "--strict", "-e", folder)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_list_json_gives_the_place(folder: Path, run_timeline: Run) -> None:
    # Twice: the second answer comes from the parse cache's plain records.
    for _ in range(2):
        result = run_timeline("list", "-f", "json", "-e", folder)
        places = {event["id"]: event.get("place") for event in json.loads(result.stdout)}
        assert places == {
            "jeddah": {"name": "Jeddah"},
            "nowhere": None,
            "riyadh": {"name": "Riyadh", "lat": 24.7136, "lon": 46.6753},
        }


def test_the_schema_takes_a_name_or_a_mapping() -> None:
    validator = jsonschema.Draft7Validator(build_schema())
    base: dict[str, Any] = {"title": "T", "date": "2025-03-18", "type": "call", "actors": ["A"]}

    def errors(place: object) -> int:
        return len(list(validator.iter_errors({**base, "place": place})))

    assert errors("Riyadh") == 0
    assert errors({"name": "Riyadh"}) == 0
    assert errors({"name": "Riyadh", "lat": -90, "lon": 180}) == 0
    assert errors({"name": "Riyadh", "lat": 90.5, "lon": 0}) > 0
    assert errors({"name": "Riyadh", "lat": 1}) > 0
    assert errors({"lat": 1, "lon": 1}) > 0
    assert errors(["Riyadh"]) > 0


def test_hover_and_table_show_the_place(folder: Path, run_timeline: Run) -> None:
    page = folder.parent / "page.html"
    result = run_timeline("build", "-e", folder, "-o", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert '<p class="place">Place: Riyadh (24.7136, 46.6753)</p>' in html
    assert '<p class="place">Place: Jeddah</p>' in html
    assert html.count('<p class="place">') == 2
    figure = json.loads(run_timeline("build", "-e", folder, "-f", "json", "-o", "-").stdout)
    hovers = [text for trace in figure["data"] for text in trace.get("hovertext") or ()]
    riyadh = next(text for text in hovers if "Talks in Riyadh" in text)
    assert "<br>Place: Riyadh (24.7136, 46.6753)<br>" in riyadh
    jeddah = next(text for text in hovers if "Talks in Jeddah" in text)
    assert "<br>Place: Jeddah<br>" in jeddah
    other = next(text for text in hovers if "A statement" in text)
    assert "Place:" not in other


def test_csv_has_a_place_column_and_reads_it_back(folder: Path, run_timeline: Run) -> None:
    exported = run_timeline("export", "-e", folder, "-f", "csv")
    assert exported.returncode == 0, exported.stderr
    rows = {row["id"]: row["place"] for row in csv.DictReader(io.StringIO(exported.stdout))}
    assert rows == {
        "jeddah": "Jeddah",
        "nowhere": "",
        "riyadh": '{"name": "Riyadh", "lat": 24.7136, "lon": 46.6753}',
    }
    sheet = folder.parent / "events.csv"
    sheet.write_text(exported.stdout, encoding="utf-8", newline="")
    imported = folder.parent / "imported"
    result = run_timeline("import", sheet, "-e", imported)
    assert result.returncode == 0, result.stderr
    assert (
        (imported / "riyadh.yaml")
        .read_text(encoding="utf-8")
        .endswith("place:\n  name: Riyadh\n  lat: 24.7136\n  lon: 46.6753\n")
    )
    again = run_timeline("export", "-e", imported, "-f", "csv")
    assert again.stdout == exported.stdout


def test_json_carries_the_place_both_ways(folder: Path, run_timeline: Run) -> None:
    exported = run_timeline("export", "-e", folder, "-f", "json")
    events = {event["id"]: event for event in json.loads(exported.stdout)["events"]}
    assert events["riyadh"]["place"] == {"name": "Riyadh", "lat": 24.7136, "lon": 46.6753}
    assert events["jeddah"]["place"] == {"name": "Jeddah"}
    assert "place" not in events["nowhere"]
    data = folder.parent / "events.json"
    data.write_text(exported.stdout, encoding="utf-8")
    imported = folder.parent / "imported"
    assert run_timeline("import", data, "-e", imported).returncode == 0
    assert run_timeline("export", "-e", imported, "-f", "json").stdout == exported.stdout


def test_timelinejs_location_both_ways(folder: Path, run_timeline: Run) -> None:
    exported = run_timeline("export", "-e", folder, "-f", "timelinejs-json")
    assert exported.returncode == 0, exported.stderr
    slides = {slide["unique_id"]: slide for slide in json.loads(exported.stdout)["events"]}
    assert slides["riyadh"]["location"] == {"name": "Riyadh", "lat": 24.7136, "lon": 46.6753}
    assert slides["jeddah"]["location"] == {"name": "Jeddah"}
    assert "location" not in slides["nowhere"]
    data = folder.parent / "timeline.json"
    data.write_text(exported.stdout, encoding="utf-8")
    imported = folder.parent / "imported"
    result = run_timeline("import", data, "-e", imported, "--type", "talks")
    assert result.returncode == 0, result.stderr
    listed = run_timeline("list", "-f", "json", "-e", imported)
    places = {event["id"]: event.get("place") for event in json.loads(listed.stdout)}
    assert places == {
        "jeddah": {"name": "Jeddah"},
        "nowhere": None,
        "riyadh": {"name": "Riyadh", "lat": 24.7136, "lon": 46.6753},
    }


def test_a_storymap_location_without_a_name_is_no_place(tmp_path: Path, run_timeline: Run) -> None:
    slide = {
        "start_date": {"year": "2025", "month": "3", "day": "24"},
        "text": {"headline": "Talks"},
        "location": {"lat": 24.7, "lon": 46.7, "zoom": 12, "line": True},
    }
    data = tmp_path / "timeline.json"
    data.write_text(json.dumps({"events": [slide]}), encoding="utf-8")
    result = run_timeline("import", data, "-e", tmp_path / "imported")
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "imported" / "2025-03-24-talks.yaml").read_text(encoding="utf-8")
    assert "place" not in written
