#!/usr/bin/env python3
"""Build the worked report from the sample events: a short page with two charts and a PNG
of the first for print.

Usage: python examples/report/build.py [OUTPUT_FOLDER]   (default: examples/report/output)

Writes OUTPUT_FOLDER/report.html and OUTPUT_FOLDER/timeline.png. The first chart carries
plotly.js inline, so the report opens offline; the second is built with plotlyjs="none" and
uses the same copy. The same events give the same report.html.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import timeline
from timeline.safefile import atomic_write

HERE = Path(__file__).resolve().parent
EVENTS = HERE.parent.parent / "events"
US_RUSSIA = timeline.EventFilter(tracks=("us-russia",))
TITLE = "The US–Russia track, March 2025"  # noqa: RUF001  (an en dash, as in the plan title)
PLAN_TITLE = "The four stages of the ceasefire path"


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "output"
    try:
        events = timeline.load_events(EVENTS)
        # The same as: timeline build --track us-russia --format fragment --plotlyjs inline
        main_chart = timeline.to_html(
            events, fragment=True, plotlyjs="inline", where=US_RUSSIA, title=TITLE
        )
        # The same as: timeline build --view plan --format fragment --plotlyjs none --no-table
        plan_chart = timeline.to_html(
            events, fragment=True, plotlyjs="none", view="plan", table=False, title=PLAN_TITLE
        )
        # The same as: timeline build --track us-russia -o timeline.png --scale 2
        image = timeline.write(
            events, output / "timeline.png", where=US_RUSSIA, title=TITLE, scale=2
        )
    except timeline.TimelineError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    template = string.Template((HERE / "template.html").read_text(encoding="utf-8"))
    page = template.substitute(
        timeline_chart=main_chart.rstrip("\n"),
        plan_chart=plan_chart.rstrip("\n"),
        print_image=image.path.name,
    )
    report = output / "report.html"
    atomic_write(report, page.encode("utf-8"))
    print(f"Wrote {_shown(report)} and {_shown(image.path)} ({image.describe()})")
    return 0


def _shown(path: Path) -> Path:
    """The path relative to the current folder when it is inside it."""
    here = Path.cwd()
    return path.relative_to(here) if path.is_relative_to(here) else path


if __name__ == "__main__":
    sys.exit(main())
