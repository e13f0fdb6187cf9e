"""The built page in a real headless Chromium: drawn without errors, hover, legend, range
buttons, phone width, events table, key labels, day ticks, source links, no network."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import axe_violations, inline_plotlyjs, plotly_webgl, recording_page

from timeline.drawing import WEBGL_MIN_EVENTS
from timeline.large_table import TABLE_ROWS
from timeline.publish import build_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
ARTIFACTS = ROOT / "test-artifacts"
CALL = "2025-03-18-trump-putin-call"
DAY_MS = 86_400_000

# The pixel position of an event's marker, from plotly.js's own axis mapping.
MARKER_JS = """(eventId) => {
  const gd = document.querySelector('.plotly-graph-div');
  const box = gd.getBoundingClientRect();
  const layout = gd._fullLayout;
  for (const trace of gd._fullData) {
    if (trace.type !== 'scatter' || trace.visible !== true) continue;
    const data = trace.customdata || [];
    for (let i = 0; i < data.length; i++) {
      if (data[i][1] === eventId) {
        const xa = layout.xaxis, ya = layout[trace.yaxis === 'y2' ? 'yaxis2' : 'yaxis'];
        return {x: box.left + xa._offset + xa.d2p(trace.x[i]),
                y: box.top + ya._offset + ya.d2p(trace.y[i])};
      }
    }
  }
  return null;
}"""
RANGE_JS = """() => {
  const xa = document.querySelector('.plotly-graph-div')._fullLayout.xaxis;
  return [xa.r2l(xa.range[0]), xa.r2l(xa.range[1])];
}"""
KEY_LABELS_JS = """() => {
  // Event titles: the text points of the traces named 'key-label', as drawn.
  const gd = document.querySelector('.plotly-graph-div');
  return [...gd.querySelectorAll('.cartesianlayer .scatterlayer .trace')]
    .filter((group) => group.__data__[0].trace.name === 'key-label')
    .flatMap((group) => [...group.querySelectorAll('.textpoint')])
    .map((point) => {
      const box = point.getBoundingClientRect();
      const text = point.querySelector('text');
      return {text: text.textContent, left: box.left, right: box.right, top: box.top,
              bottom: box.bottom, size: parseFloat(getComputedStyle(text).fontSize)};
    });
}"""
# Markers as drawn; the invisible ones that set each label off its point have opacity 0.
POINTS = '.cartesianlayer .scatterlayer .point:not([style*="opacity: 0;"])'


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("browser") / "timeline.html"
    build_page(SAMPLE, output)
    return output


def hover_lines(page: Any) -> str:
    """The hover label's text with its line breaks as spaces."""
    hover = page.locator(".hoverlayer .hovertext")
    hover.wait_for()
    lines = hover.locator("text tspan.line").all_text_contents()
    return " ".join(lines) if lines else str(hover.text_content())


def open_page(page: Any, path: Path) -> list[str]:
    """Open a built page, wait until the chart is drawn; returns the requests it made."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    return requests


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at an iPhone-sized viewport that records errors like ``page``."""
    new_page = recording_page(browser, viewport={"width": 390, "height": 844}, has_touch=True)
    yield new_page
    new_page.context.close()


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def test_sample_page_draws_without_errors_or_network(page: Any, sample_page: Path) -> None:
    requests = open_page(page, sample_page)
    page.wait_for_timeout(300)  # let any late request or error surface
    assert page.problems == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert page.locator(".main-svg").count() >= 1
    # Every event has a marker on the chart (the slider below draws its own copies).
    assert page.locator(POINTS).count() == 9
    assert page.locator("g.legend .traces").all_text_contents() == [
        "statement",
        "call",
        "proposal",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))


def test_hovering_the_trump_putin_call_shows_its_date_and_title(
    page: Any, sample_page: Path
) -> None:
    open_page(page, sample_page)
    where = page.evaluate(MARKER_JS, CALL)
    page.mouse.move(where["x"], where["y"])
    text = hover_lines(page)
    assert "Trump and Putin agree an energy ceasefire as the first step" in text
    assert "Tue 18 Mar 2025 · Phone call (CAMEO 041)" in text
    assert "Donald Trump, Vladimir Putin" in text
    assert page.problems == []


def test_the_legend_toggles_a_type(page: Any, sample_page: Path) -> None:
    open_page(page, sample_page)
    statement = page.locator("g.legend .traces", has_text="statement")
    statement.click()
    page.wait_for_function(
        """() => document.querySelector('.plotly-graph-div')._fullData
             .filter(t => t.legendgroup === 'statement')
             .every(t => t.visible === 'legendonly')"""
    )
    # Five of the nine events are statements.
    assert page.locator(POINTS).count() == 4
    statement.click()
    page.wait_for_function(f"() => document.querySelectorAll('{POINTS}').length === 9", polling=100)
    assert page.problems == []


def span_is(days: int) -> str:
    """A wait condition: the visible range is ``days`` long."""
    return f"() => {{ const r = ({RANGE_JS})(); return r[1] - r[0] === {days} * {DAY_MS}; }}"


def test_range_buttons_change_the_axis_range(page: Any, sample_page: Path) -> None:
    open_page(page, sample_page)
    start, end = page.evaluate(RANGE_JS)
    assert end - start == 39 * DAY_MS
    utc = "(y, m, d) => Date.UTC(y, m - 1, d)"
    page.locator(".updatemenu-button", has_text="1w").click()
    page.wait_for_function(span_is(8))
    # The last week of the story (to 18 March) and the day after it.
    assert page.evaluate(RANGE_JS) == [
        page.evaluate(f"({utc})(2025, 3, 12)"),
        page.evaluate(f"({utc})(2025, 3, 20)"),
    ]
    page.locator(".updatemenu-button", has_text="1m").click()
    page.wait_for_function(span_is(29))
    # A story of weeks has no 6m button.
    assert page.locator(".updatemenu-button", has_text="6m").count() == 0
    page.locator(".updatemenu-button", has_text="all").click()
    page.wait_for_function(span_is(39))
    assert page.evaluate(RANGE_JS) == [start, end]
    # The slider moves with the buttons and covers every possible day of every event.
    slider = page.evaluate(
        "document.querySelector('.plotly-graph-div')._fullLayout.xaxis.rangeslider.range"
    )
    assert slider[0] <= "2025-02-26" and slider[1] >= "2025-04-04"
    assert page.problems == []


def test_date_only_data_keeps_day_ticks_when_zoomed_in(page: Any, sample_page: Path) -> None:
    open_page(page, sample_page)
    ticks = page.locator(".xtick text")
    assert all(":" not in text for text in ticks.all_text_contents())
    page.evaluate(
        """() => Plotly.relayout(document.querySelector('.plotly-graph-div'),
             {'xaxis.range': ['2025-03-17 20:00', '2025-03-19 04:00']})"""
    )
    page.wait_for_function(
        "() => document.querySelector('.plotly-graph-div')._fullLayout.xaxis.dtick === 864e5"
    )
    labels = ticks.all_text_contents()
    assert labels and all(":" not in text for text in labels)
    assert "18 Mar" in [label.strip() for label in labels]
    assert page.problems == []


def test_the_events_table_lists_every_event_in_order(page: Any, sample_page: Path) -> None:
    open_page(page, sample_page)
    titles = page.locator("tbody tr td.event strong").all_text_contents()
    # The sample in timeline order (the README's rule): March 2025's three events by id, then
    # the 17th, then the 18th by id.
    assert titles == [
        'Starmer and Macron lead efforts to form a "coalition of the willing"',
        "Kremlin denies strikes on Ukraine's energy facilities",
        'Trump says Washington and Moscow are discussing "dividing up certain assets"',
        "Starmer and Trump speak by phone",
        "Technical talks on a Black Sea ceasefire to begin in the Middle East",
        "Downing Street welcomes progress towards a ceasefire",
        "Lammy signals faster UK and EU arms shipments to Ukraine",
        "Trump and Putin agree an energy ceasefire as the first step",
        "Zelensky backs a halt to strikes on the energy grid and asks to speak to Trump",
    ]


def test_key_labels_do_not_overlap(page: Any, phone: Any, sample_page: Path) -> None:
    for viewer, width in ((page, 1280), (phone, 390)):
        open_page(viewer, sample_page)
        labels = viewer.evaluate(KEY_LABELS_JS)
        assert len(labels) == 9  # every event titled
        for index, label in enumerate(labels):
            assert label["left"] >= 0 and label["right"] <= width, label
            assert label["size"] >= 11, label
            for other in labels[index + 1 :]:
                assert not overlaps(label, other), (label, other)


def test_phone_viewport_has_no_horizontal_overflow(phone: Any, sample_page: Path) -> None:
    open_page(phone, sample_page)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    chart = phone.locator(".plotly-graph-div").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    svg = phone.locator(".main-svg").first.bounding_box()
    assert svg["x"] + svg["width"] <= 390
    # The table scrolls inside its box instead of widening the page.
    scroll = phone.evaluate(
        "(() => { const box = document.querySelector('.table-scroll');"
        " return [box.scrollWidth, box.clientWidth]; })()"
    )
    assert scroll[0] > scroll[1]
    assert phone.problems == []


@pytest.fixture
def linked_page(make_tree: Callable[..., Path]) -> Path:
    events = make_tree(
        {
            "talks.yaml": "title: <img src=x onerror=alert(1)> costs $5bn\n"
            "date: 2025-03-18\ntype: talks\nactors: [A]\n"
            "sources: [{outlet: Wire, url: 'https://example.org/talks?id=1'}]\n",
            "other.yaml": "title: Earlier talks\ndate: 2025-03-10\ntype: talks\n"
            "actors: [A]\nsources: [{outlet: Wire}]\n",
        }
    )
    output = events.parent / "page.html"
    build_page(events, output)
    return output


def test_clicking_an_event_opens_its_source_in_a_new_tab(page: Any, linked_page: Path) -> None:
    page.context.route(
        "https://example.org/**",
        lambda route: route.fulfill(body="source", content_type="text/plain"),
    )
    open_page(page, linked_page)
    where = page.evaluate(MARKER_JS, "talks")
    with page.context.expect_page() as opened:
        page.mouse.click(where["x"], where["y"])
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == "https://example.org/talks?id=1"
    assert page.url == linked_page.as_uri()


def test_user_text_shows_as_text_and_runs_nothing(page: Any, linked_page: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, linked_page)
    where = page.evaluate(MARKER_JS, "talks")
    page.mouse.move(where["x"], where["y"])
    assert "<img src=x onerror=alert(1)> costs $5bn" in hover_lines(page)
    assert page.locator("img").count() == 0
    assert "<img src=x onerror=alert(1)> costs $5bn" in page.locator("tbody").text_content()
    assert dialogs == []
    assert page.problems == []


def test_cdn_page_without_network_says_the_chart_could_not_load(page: Any, tmp_path: Path) -> None:
    output = tmp_path / "cdn.html"
    build_page(SAMPLE, output, plotlyjs="cdn")
    page.context.route("https://cdn.plot.ly/**", lambda route: route.abort())
    page.goto(output.as_uri())
    page.wait_for_load_state("load")
    assert "could not be loaded" in page.locator(".plotly-graph-div").text_content()
    assert page.locator("tbody tr").count() == 9
    assert [p for p in page.problems if "pageerror" in p] == []


def write_many_events(
    folder: Path, count: int, *, tracks: bool = True, published: str | None = None
) -> None:
    """``count`` events, one a day from 2022, enough for the chart to draw with WebGL: in
    four tracks (or none), their sources ``published`` on that day if given."""
    folder.mkdir()
    start = dt.date(2022, 1, 1)
    when = f"    published: '{published}'\n" if published else ""
    for number in range(count):
        day = start + dt.timedelta(days=number % 1400)
        track = f"track: track-{number % 4}\n" if tracks else ""
        (folder / f"event-{number:05d}.yaml").write_text(
            f"title: Round {number} of talks\n"
            f"date: '{day.isoformat()}'\n"
            f"type: {('talks', 'call', 'statement')[number % 3]}\n"
            f"actors: [Delegation {number % 7}]\n"
            f"{track}"
            "sources:\n"
            "  - outlet: Reuters\n"
            f"    url: https://news.example.org/{number}\n{when}",
            encoding="utf-8",
        )


def test_a_webgl_page_carries_its_own_bundle_and_draws_from_a_file(
    page: Any, tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    folder = tmp_path / "events"
    write_many_events(folder, WEBGL_MIN_EVENTS)
    output = tmp_path / "large.html"
    built = run_timeline("build", "-e", folder, "-o", output)
    assert built.returncode == 0, built.stderr
    html = output.read_text(encoding="utf-8")
    assert inline_plotlyjs(html)[0] == plotly_webgl()
    assert len(html) < 1_500_000
    requests = open_page(page, output)
    assert [url for url in requests if not url.startswith("file:")] == []
    assert page.problems == []
    assert page.evaluate("() => window.Plotly.version") == "4.1.1"
    types = page.evaluate(
        "() => document.querySelector('.plotly-graph-div')._fullData.map(t => t.type)"
    )
    assert set(types) == {"scattergl"}
    assert page.locator(".gl-container canvas").count() > 0
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("count", "shown", "rows"),
    [
        # WebGL: plotly.js comes packed, and cannot be unpacked either.
        (
            WEBGL_MIN_EVENTS,
            "The chart needs plotly.js, which could not be loaded. The events are listed below."
            " This browser cannot unpack it: open the page in a current Chrome, Edge, Firefox"
            " or Safari.",
            TABLE_ROWS,
        ),
        # Drawn in SVG: plotly.js comes as it is, the long chart's figure packed.
        (
            1000,
            "This browser cannot unpack the chart: open the page in a current Chrome, Edge,"
            " Firefox or Safari.",
            1000,
        ),
    ],
)
def test_a_browser_that_cannot_unpack_the_page_says_so_in_the_charts_place(
    page: Any, tmp_path: Path, count: int, shown: str, rows: int
) -> None:
    folder = tmp_path / "events"
    write_many_events(folder, count)
    output = tmp_path / "large.html"
    build_page(folder, output)
    page.add_init_script("delete window.TextDecoder")
    page.goto(output.as_uri())
    page.wait_for_load_state("load")
    chart = page.locator(".plotly-graph-div")
    chart.filter(has_text="cannot unpack").wait_for()
    assert chart.text_content() == shown
    assert page.locator("tbody tr").count() == rows
    assert page.problems == []


def test_a_long_svg_page_unpacks_its_figure_and_draws_every_hover_as_built(
    page: Any, tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    """A 1,000-event page carries its figure packed: the chart drawn from it holds the
    figure's own hovers, its numbers are drawn bold, and the page makes no request."""
    folder = tmp_path / "events"
    write_many_events(folder, 1000)
    output = tmp_path / "long.html"
    built = run_timeline("build", "-e", folder, "-o", output)
    assert built.returncode == 0, built.stderr
    html = output.read_text(encoding="utf-8")
    [packed] = re.findall(r'window\.timelineUnpack\("([A-Za-z0-9+/=]+)"\)', html)
    figure = json.loads(gzip.decompress(base64.b64decode(packed)).decode("utf-8"))
    assert "var figure = {" not in html
    requests = open_page(page, output)
    assert [url for url in requests if not url.startswith("file:")] == []
    assert page.problems == []
    drawn = page.evaluate(
        "() => document.querySelector('.plotly-graph-div').data.map("
        "(t) => [t.name, t.hovertext || null, t.x.length])"
    )
    assert drawn == [[t.get("name"), t.get("hovertext"), len(t["x"])] for t in figure["data"]]
    assert any("Round 999 of talks" in str(hovers) for _, hovers, _ in drawn)
    weights = page.evaluate(
        """() => [...document.querySelectorAll('.cartesianlayer .scatterlayer .textpoint text')]
            .filter((text) => /^[0-9]+$/.test(text.textContent))
            .map((text) => getComputedStyle(text).fontWeight)"""
    )
    assert weights and set(weights) == {"700"}
    assert axe_violations(page) == []
