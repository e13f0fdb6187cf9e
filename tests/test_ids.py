"""One id for one title: ``timeline add`` and ``timeline import`` (our CSV, TimelineJS JSON)
make the same id from the same date and title, dashes and accents included."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from timeline.add import EventInput, add_event
from timeline.interop.importer import import_file

TITLES = {
    "Kyiv\u2013Moscow talks": "2025-03-18-kyiv-moscow-talks",  # en dash
    "Talks in Jeddah \u2014 day 2": "2025-03-18-talks-in-jeddah-day-2",  # em dash
    "\u00dc\u00e7l\u00fc g\u00f6r\u00fc\u015fme": "2025-03-18-uclu-gorusme",  # Üçlü görüşme
}


def added_id(folder: Path, title: str) -> str:
    values = EventInput(title=title, date="2025-03-18", type="talks", actors=("A",), outlet="X")
    return add_event(folder, values).event.id


def imported_ids(folder: Path, source: Path) -> list[str]:
    result = import_file(source, folder)
    assert result.problems == []
    return [path.stem for path in result.written]


@pytest.mark.parametrize("title", list(TITLES))
def test_add_and_import_give_the_same_id(tmp_path: Path, title: str) -> None:
    expected = TITLES[title]
    (tmp_path / "added").mkdir()
    assert added_id(tmp_path / "added", title) == expected

    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["date", "title", "type", "actors"])
    writer.writerow(["2025-03-18", title, "talks", "A"])
    source = tmp_path / "events.csv"
    source.write_text(table.getvalue(), encoding="utf-8")
    assert imported_ids(tmp_path / "from-csv", source) == [expected]

    slides = {
        "events": [
            {"start_date": {"year": "2025", "month": "3", "day": "18"}, "text": {"headline": title}}
        ]
    }
    shared = tmp_path / "timeline.json"
    shared.write_text(json.dumps(slides), encoding="utf-8")
    assert imported_ids(tmp_path / "from-timelinejs", shared) == [expected]
