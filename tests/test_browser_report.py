"""The worked report (examples/report) and fragments in a real headless Chromium: both charts
draw, with different ids, and the page asks the network for nothing; a fragment built for a
page that loads plotly.js later waits for it; the PNG takes the chart's place in print."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import plotly
import pytest
from conftest import chromium_path

from timeline import EventFilter, load_events, to_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
REPORT = ROOT / "examples" / "report" / "build.py"
ARTIFACTS = ROOT / "test-artifacts"
READY = ".plotly-graph-div[data-ready=true]"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report, built by its documented command into a fresh folder."""
    folder = tmp_path_factory.mktemp("report")
    env = os.environ | {"BROWSER_PATH": chromium_path()}
    result = subprocess.run(
        [sys.executable, str(REPORT), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {folder / 'report.html'} and ")
    return folder / "report.html"


def open_recording(page: Any, path: Path) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return requests


def test_both_charts_draw_with_different_ids_and_no_network(page: Any, report: Path) -> None:
    requests = open_recording(page, report)
    page.wait_for_function(f"document.querySelectorAll('{READY}').length === 2")
    page.wait_for_timeout(300)  # let any late request or error surface
    assert page.problems == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    ids = page.eval_on_selector_all(".plotly-graph-div", "divs => divs.map(d => d.id)")
    assert len(ids) == 2 and ids[0] != ids[1]
    # The first chart carries plotly.js, the second uses that copy.
    html = report.read_text()
    assert html.count("data:text/javascript;base64,") == 1
    assert "cdn.plot.ly" not in html
    charts = page.locator(".plotly-graph-div")
    timeline, plan = charts.nth(0), charts.nth(1)
    titles = page.locator(".negotiation-timeline .chart-title b").all_text_contents()
    assert titles == [
        "The US\u2013Russia track, March 2025",
        "The four stages of the ceasefire path",
    ]
    # Four US-Russia events on the first; on the second, four stages with status bars.
    # (Not the invisible markers that set the labels off their points.)
    marks = '.cartesianlayer .scatterlayer .point:not([style*="opacity: 0;"])'
    assert timeline.locator(marks).count() == 4
    assert plan.locator(".cartesianlayer .barlayer .point").count() == 4
    assert "agreed 18 Mar" in plan.locator(".barlayer").text_content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)


def test_the_report_is_the_same_bytes_every_build(report: Path, tmp_path: Path) -> None:
    env = os.environ | {"BROWSER_PATH": chromium_path()}
    subprocess.run([sys.executable, str(REPORT), str(tmp_path)], check=True, timeout=300, env=env)
    assert (tmp_path / "report.html").read_bytes() == report.read_bytes()


def test_in_print_the_png_takes_the_interactive_charts_place(page: Any, report: Path) -> None:
    open_recording(page, report)
    page.wait_for_function(f"document.querySelectorAll('{READY}').length === 2")
    page.emulate_media(media="print")
    image = page.locator(".print-only img")
    assert image.is_visible()
    assert page.evaluate("document.querySelector('.print-only img').naturalWidth") == 2400
    assert not page.locator(".screen-only").first.is_visible()


def test_fragments_without_plotlyjs_wait_for_the_page_to_load_it(page: Any, tmp_path: Path) -> None:
    events = load_events(SAMPLE)
    first = to_html(events, fragment=True, plotlyjs="none", where=EventFilter(tracks=("europe",)))
    second = to_html(events, fragment=True, plotlyjs="none", view="plan")
    # A page that loads plotly.js itself, after the fragments and with defer.
    host = tmp_path / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<script defer src='{PLOTLY_JS.as_uri()}'></script></head><body>"
        f"<h1>Report</h1>\n{first}<p>Text between the charts.</p>\n{second}</body></html>",
        encoding="utf-8",
    )
    requests = open_recording(page, host)
    page.wait_for_function(f"document.querySelectorAll('{READY}').length === 2")
    assert page.problems == []
    assert [url for url in requests if not url.startswith("file:")] == []
    ids = page.eval_on_selector_all(".plotly-graph-div", "divs => divs.map(d => d.id)")
    assert len(set(ids)) == 2
    # Each chart's table rows carry its own id, so the rows are unique on the page.
    rows = page.eval_on_selector_all("tr[id]", "rows => rows.map(r => r.id)")
    assert rows and len(rows) == len(set(rows))
    assert all(row.startswith(tuple(f"{i}-" for i in ids)) for row in rows)


def test_an_inline_fragment_works_after_a_none_fragment(page: Any, tmp_path: Path) -> None:
    events = load_events(SAMPLE)
    waiting = to_html(events, fragment=True, plotlyjs="none", view="plan")
    carrying = to_html(events, fragment=True, plotlyjs="inline", table=False)
    host = tmp_path / "host.html"
    host.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>\n{waiting}{carrying}"
        "</body></html>",
        encoding="utf-8",
    )
    requests = open_recording(page, host)
    page.wait_for_function(f"document.querySelectorAll('{READY}').length === 2")
    assert page.problems == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
