"""The pipeline a Python user would write without this tool, timed against ``timeline build``.

Usage: python benchmarks/naive.py EVENTS_FOLDER OUT.html

PyYAML's ``safe_load`` on every file, a pandas DataFrame, ``plotly.express.timeline`` (one bar
per event, lanes by track, coloured by type, title and actors on hover) and ``write_html`` with
plotly.js inlined, as our page has it. Dates are read the quick way: ``2025-03`` becomes the
1st of March and ``~`` is dropped, which is one of the things the tool does better. This is
the benchmark's baseline only: pandas is not a dependency of the tool.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import yaml


def read_events(folder: Path) -> list[dict[str, Any]]:
    """Every event in the folder's YAML files (plans are skipped)."""
    events: list[dict[str, Any]] = []
    for path in sorted(folder.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "events" in data:
            events.extend(data["events"])
        elif "date" in data:
            events.append({"id": path.stem, **data})
    return events


def main() -> None:
    """Read the folder, draw the timeline, write the page."""
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    frame = pd.DataFrame(read_events(folder))
    frame["start"] = pd.to_datetime(frame["date"].astype(str).str.rstrip("~"), format="mixed")
    end = pd.to_datetime(frame["end"].astype(str).str.rstrip("~"), format="mixed", errors="coerce")
    frame["finish"] = end.fillna(frame["start"]) + pd.Timedelta(days=1)
    frame["track"] = frame["track"].fillna("no track")
    frame["who"] = frame["actors"].str.join(", ")
    figure = px.timeline(
        frame,
        x_start="start",
        x_end="finish",
        y="track",
        color="type",
        hover_name="title",
        hover_data={"who": True, "start": False, "finish": False},
    )
    figure.write_html(out, include_plotlyjs=True)


if __name__ == "__main__":
    main()
