"""``after:``: the author's order for events of the same day, in list, exports, the chart's
numbers and the page's table; unknown ids and cycles are errors naming the files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from timeline.drawing import numbered
from timeline.validate import load_events

Run = Callable[..., Any]


def event_file(title: str, after: str | None = None) -> str:
    text = f"title: {title}\ndate: 2025-03-11\ntype: statement\nactors: [Someone]\n"
    text += "sources:\n  - outlet: Example Wire\n"
    return text + (f"after: {after}\n" if after else "")


def test_after_orders_the_same_day_everywhere(make_tree: Any, run_timeline: Run) -> None:
    # By id, "a-ukraine-accepts" would come first; it follows the talks that produced it.
    root = make_tree(
        {
            "a-ukraine-accepts.yaml": event_file("Ukraine accepts", after="b-jeddah-talks"),
            "b-jeddah-talks.yaml": event_file("Jeddah talks"),
            "c-rubio.yaml": event_file("Rubio speaks", after="a-ukraine-accepts"),
            "d-other.yaml": event_file("Something else"),
        }
    )
    expected = ["Jeddah talks", "Ukraine accepts", "Rubio speaks", "Something else"]
    listed = run_timeline("list", "-e", root, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [e["title"] for e in json.loads(listed.stdout)] == expected
    exported = run_timeline("export", "-e", root, "-f", "json")
    assert exported.returncode == 0, exported.stderr
    assert [e["title"] for e in json.loads(exported.stdout)["events"]] == expected
    assert [e.title for _, e in numbered(load_events(root).events)] == expected
    page = root.parent / "page.html"
    built = run_timeline("build", "-e", root, "-o", page)
    assert built.returncode == 0, built.stderr
    html = page.read_text()
    table = html[html.index("<h2>Events</h2>") :]
    positions = [table.index(title) for title in expected]
    assert positions == sorted(positions)


def test_a_cycle_is_an_error_naming_both_files(make_tree: Any, run_timeline: Run) -> None:
    root = make_tree(
        {
            "one.yaml": event_file("One", after="two"),
            "two.yaml": event_file("Two", after="one"),
            "three.yaml": event_file("Three", after="nowhere"),
        }
    )
    result = run_timeline("validate", "-e", root)
    assert result.returncode == 1
    lines = result.stdout + result.stderr
    one, two = root / "one.yaml", root / "two.yaml"
    assert re.search(
        rf"{re.escape(str(one))}:7:\d+: error: after: a cycle.*{re.escape(str(two))}", lines
    )
    assert re.search(
        rf"{re.escape(str(two))}:7:\d+: error: after: a cycle.*{re.escape(str(one))}", lines
    )
    assert "three.yaml:7:" in lines and "after: no event 'nowhere'" in lines
    assert "Traceback" not in lines
