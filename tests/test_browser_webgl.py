"""A WebGL page (2,000 events or more) in a real headless Chromium: its figure comes packed,
with its markers' hover texts in columns that the page's script puts back; the hover an
event shows, the source its click opens and the replay of a followed page are as built."""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import axe_violations
from test_browser_build import write_many_events

from timeline.drawing import WEBGL_MIN_EVENTS

pytestmark = pytest.mark.browser

MARKUP_TITLE = "Talks on <b>grain</b> & the $5bn {deal} %{x} in Jeddah, a title longer than a line"
MARKUP_URL = "https://news.example.org/special/a?x=1&y=%7B"
MONTH_URL = "https://other.example.com/b"

# The pixel position of the marker whose source link is ``url``, from plotly.js's own axis
# mapping of the trace as drawn.
MARKER_JS = """(url) => {
  const gd = document.querySelector('.plotly-graph-div');
  const box = gd.getBoundingClientRect();
  const layout = gd._fullLayout;
  for (const trace of gd._fullData) {
    if (trace.type !== 'scattergl' || trace.visible !== true || !trace.customdata) continue;
    for (let i = 0; i < trace.customdata.length; i++) {
      if (trace.customdata[i][0] === url) {
        const xa = layout.xaxis, ya = layout[trace.yaxis === 'y2' ? 'yaxis2' : 'yaxis'];
        return {x: box.left + xa._offset + xa.d2p(trace.x[i]),
                y: box.top + ya._offset + ya.d2p(trace.y[i])};
      }
    }
  }
  return null;
}"""
HOVER_JS = """() => [...document.querySelectorAll('.hoverlayer .hovertext text.nums tspan.line')]
  .map((line) => line.textContent)"""


# Enough events for WebGL, and for a figure the page packs (PACK_FIGURE_BYTES).
COUNT = 3000


def write_events(folder: Path, published: str | None = None) -> None:
    """``COUNT`` events: rounds of talks, one a day from 2022, and two set apart
    in 2027 (nothing near them on the chart): one whose title holds markup, one dated only
    by its month (its hover writes the date as text)."""
    write_many_events(folder, COUNT - 2, tracks=False, published=published)
    (folder / "markup.yaml").write_text(
        f"title: {json.dumps(MARKUP_TITLE)}\n"
        "date: '2027-06-15'\n"
        "type: talks\n"
        "actors: [Turkey, Saudi Arabia]\n"
        "sources:\n"
        "  - outlet: Reuters\n"
        f"    url: {json.dumps(MARKUP_URL)}\n"
        "    published: '2027-06-15'\n",
        encoding="utf-8",
    )
    (folder / "month.yaml").write_text(
        "title: Call in September\n"
        "date: '2027-09'\n"
        "type: call\n"
        "actors: [Russia]\n"
        "sources:\n"
        "  - outlet: TASS\n"
        f"    url: {MONTH_URL}\n"
        "    published: '2027-06-15'\n",
        encoding="utf-8",
    )


def packed_figure(html: str) -> dict[str, Any]:
    [packed] = re.findall(r'window\.timelineUnpack\("([A-Za-z0-9+/=]+)"\)', html)
    figure: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(packed)))
    return figure


def hover(page: Any, url: str) -> list[str]:
    """The lines of the hover shown with the mouse on the marker of the event sourced at
    ``url``."""
    at = page.evaluate(MARKER_JS, url)
    assert at is not None
    page.mouse.move(1, 1)  # off the chart: no hover
    page.wait_for_selector(".hoverlayer .hovertext", state="detached")
    page.mouse.move(at["x"], at["y"])
    page.wait_for_selector(".hoverlayer .hovertext")
    lines: list[str] = page.evaluate(HOVER_JS)
    return lines


def opened_by_click(page: Any, url: str) -> Any:
    """The links opened by a click on the marker of the event sourced at ``url``."""
    hover(page, url)  # plotly.js clicks the point its hover found
    at = page.evaluate(MARKER_JS, url)
    page.evaluate("() => { window.__opened = []; }")
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function("() => window.__opened.length > 0")
    return page.evaluate("() => window.__opened")


# Written out: the title wrapped at 42 characters between words, and shown as it is written
# (the markup, the dollar and the braces are text); the day from the marker's x.
MARKUP_HOVER = [
    "Talks on <b>grain</b> & the $5bn {deal}",
    "%{x} in Jeddah, a title longer than a line",
    "Tue 15 Jun 2027 · talks (CAMEO 046)",
    "Turkey, Saudi Arabia",
]
MONTH_HOVER = ["Call in September", "Sep 2027 · call (CAMEO 041)", "Russia"]


def test_a_webgl_page_shows_each_hover_and_opens_each_source_as_built(
    page: Any, tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    assert COUNT >= WEBGL_MIN_EVENTS
    folder = tmp_path / "events"
    write_events(folder)
    output = tmp_path / "large.html"
    built = run_timeline("build", "-e", folder, "-o", output)
    assert built.returncode == 0, built.stderr
    html = output.read_text(encoding="utf-8")
    figure = packed_figure(html)
    # The page carries its markers' hover texts in columns, not as customdata.
    markers = [t for t in figure["data"] if t.get("mode") == "markers"]
    assert markers and all("customdata" not in t for t in markers)
    assert MARKUP_URL not in html  # packed, and its beginning written once

    page.add_init_script(
        "window.__opened = []; window.open = (url) => { window.__opened.push(url); return null; };"
    )
    page.goto(output.as_uri())
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    assert page.problems == []
    points = page.evaluate(
        """() => document.querySelector('.plotly-graph-div').data
            .filter((t) => t.mode === 'markers')
            .reduce((n, t) => n + t.customdata.length, 0)"""
    )
    assert points == COUNT
    links = page.evaluate(
        """() => document.querySelector('.plotly-graph-div').data
            .filter((t) => t.mode === 'markers').flatMap((t) => t.customdata.map((d) => d[0]))"""
    )
    assert sorted(links) == sorted(
        [f"https://news.example.org/{n}" for n in range(COUNT - 2)] + [MARKUP_URL, MONTH_URL]
    )
    assert hover(page, MARKUP_URL) == MARKUP_HOVER
    assert hover(page, MONTH_URL) == MONTH_HOVER
    assert opened_by_click(page, MARKUP_URL) == [MARKUP_URL]
    # Drawn at the screen's resolution: one device pixel per CSS pixel here.
    widths = page.evaluate(
        """() => [document.querySelector('.gl-canvas-context').width,
                  document.querySelector('.plotly-graph-div')._fullLayout.width]"""
    )
    assert widths[0] == widths[1]
    assert axe_violations(page) == []
    assert page.problems == []


def test_a_followed_webgl_page_replays_and_comes_back_with_its_hovers(
    page: Any, tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    """The replay copies the chart as drawn (with its hover texts put back) before showing an
    earlier day, and draws that copy again for the last day."""
    folder = tmp_path / "events"
    write_events(folder, published="2027-12-01")
    output = tmp_path / "followed.html"
    built = run_timeline("build", "-e", folder, "--as-of", "2027-12-01", "-o", output)
    assert built.returncode == 0, built.stderr
    assert "columns" in packed_figure(output.read_text(encoding="utf-8"))
    page.add_init_script(
        "window.__opened = []; window.open = (url) => { window.__opened.push(url); return null; };"
    )
    page.goto(output.as_uri())
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    select = page.locator("#timeline-replay")
    assert select.locator("option").all_text_contents() == ["Tue 15 Jun 2027", "Wed 1 Dec 2027"]
    select.select_option(label="Tue 15 Jun 2027")
    page.wait_for_selector(".plotly-graph-div[data-replay='Tue 15 Jun 2027']")
    assert page.inner_text("#timeline-replay-status") == "2 events known then"
    select.select_option(label="Wed 1 Dec 2027")
    page.wait_for_selector(".plotly-graph-div[data-replay='Wed 1 Dec 2027']")
    assert hover(page, MARKUP_URL) == MARKUP_HOVER
    assert opened_by_click(page, MONTH_URL) == [MONTH_URL]
    # Redrawn at the screen's resolution too, as the page first drew it.
    widths = page.evaluate(
        """() => [document.querySelector('.gl-canvas-context').width,
                  document.querySelector('.plotly-graph-div')._fullLayout.width]"""
    )
    assert widths[0] == widths[1]
    assert page.problems == []
