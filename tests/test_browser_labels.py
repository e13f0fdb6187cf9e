"""Labels in a real headless Chromium, measured from the page's own SVG: every text the
chart draws (event labels and numbers, lane and plan texts, legend, range buttons) overlaps
no other text and no marker, and labels stay inside the plotting area, at desktop, phone and
report-column widths and after each range button; a numbered key matches the numbers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import recording_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
CROWDED = ROOT / "tests" / "fixtures" / "crowded-week"
# 1280: a desktop; 390: a phone; 624: a page whose chart is a 600 px column (12 px padding).
WIDTHS = (1280, 390, 624)

# Every text the chart shows, and every marker, as boxes in page pixels; the plotting area.
TEXTS_JS = """() => {
  const gd = document.querySelector('.plotly-graph-div');
  const rect = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const visible = (element) => {
    const r = element.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(element).visibility !== 'hidden'
      && getComputedStyle(element).display !== 'none';
  };
  const notes = gd.layout.annotations || [];
  const texts = [];
  gd.querySelectorAll('g.annotation').forEach((group) => {
    const note = notes[Number(group.getAttribute('data-index'))] || {};
    if (note.visible === false || !visible(group)) return;
    texts.push({kind: note.name || 'annotation', text: group.textContent, ...rect(group)});
  });
  gd.querySelectorAll('.cartesianlayer .scatterlayer .trace').forEach((group) => {
    const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
    if (!trace || (trace.name !== 'key-label' && trace.name !== 'event-number')) return;
    group.querySelectorAll('.textpoint').forEach((point) => {
      if (visible(point)) texts.push({kind: trace.name, text: point.textContent, ...rect(point)});
    });
  });
  gd.querySelectorAll('.legend .legendtext, .legend .legendtitletext').forEach((text) => {
    if (visible(text)) texts.push({kind: 'legend', text: text.textContent, ...rect(text)});
  });
  gd.querySelectorAll('.updatemenu-button').forEach((button) => {
    if (visible(button)) texts.push({kind: 'button', text: button.textContent, ...rect(button)});
  });
  gd.querySelectorAll('.barlayer text').forEach((text) => {
    if (visible(text) && text.textContent)
      texts.push({kind: 'bar-text', text: text.textContent, ...rect(text)});
  });
  // Markers, but for the invisible ones that set a label's text off its point.
  const markers = [...gd.querySelectorAll('.cartesianlayer .scatterlayer .point')]
    .filter((point) => visible(point) && getComputedStyle(point).opacity !== '0').map(rect);
  const size = gd._fullLayout._size, own = gd.getBoundingClientRect();
  const area = {left: own.left + size.l, top: own.top + size.t,
                right: own.left + size.l + size.w, bottom: own.top + size.t + size.h};
  const modebar = gd.querySelector('.modebar');
  const slider = gd.querySelector('.rangeslider-bg');
  return {texts, markers, area, modebar: modebar && visible(modebar) ? rect(modebar) : null,
          slider: slider && visible(slider) ? rect(slider) : null};
}"""
SETTLED_JS = "() => document.querySelector('.plotly-graph-div').dataset.ready === 'true'"


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two boxes share more than a pixel's sliver."""
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    )


def inside(box: dict[str, Any], area: dict[str, Any]) -> bool:
    return (
        box["left"] >= area["left"] - 1
        and box["right"] <= area["right"] + 1
        and box["top"] >= area["top"] - 1
        and box["bottom"] <= area["bottom"] + 1
    )


def check_layout(page: Any, where: str) -> dict[str, Any]:
    """Fail with the offending texts when any text overlaps another text or a marker, or a
    label leaves the plotting area."""
    drawn = page.evaluate(TEXTS_JS)
    texts, markers, area = drawn["texts"], drawn["markers"], drawn["area"]
    problems = []
    for index, text in enumerate(texts):
        for other in texts[index + 1 :]:
            if overlap(text, other):
                problems.append(f"{text['text']!r} overlaps {other['text']!r}")
        if text["kind"] in ("key-label", "event-number") and not inside(text, area):
            problems.append(f"{text['text']!r} leaves the plotting area")
        if text["kind"] != "legend" and any(overlap(text, marker) for marker in markers):
            problems.append(f"{text['text']!r} overlaps a marker")
        if drawn["modebar"] and overlap(text, drawn["modebar"]):
            problems.append(f"{text['text']!r} is under the toolbar")
        if drawn["slider"] and overlap(text, drawn["slider"]):
            problems.append(f"{text['text']!r} is under the range slider")
    assert not problems, f"{where}: " + "; ".join(problems)
    return drawn


def build(folder: Path, output: Path, *extra: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "timeline", "build", "-e", str(folder), "-o", str(output), *extra],
        check=True,
        capture_output=True,
    )
    return output


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("labels")
    large = folder / "two-hundred"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "200", str(large)],
        check=True,
        capture_output=True,
    )
    return {
        "sample": build(SAMPLE, folder / "sample.html"),
        "crowded": build(CROWDED, folder / "crowded.html"),
        "two-hundred": build(large, folder / "large.html"),
    }


def settle(page: Any) -> None:
    page.wait_for_function(SETTLED_JS)
    page.wait_for_timeout(100)
    page.wait_for_function(SETTLED_JS)


@pytest.mark.parametrize("name", ["sample", "crowded", "two-hundred"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_overlaps_at_any_width_or_range(
    browser: Any, pages: dict[str, Path], name: str, width: int
) -> None:
    page = recording_page(browser, viewport={"width": width, "height": 900})
    try:
        page.goto(pages[name].as_uri())
        settle(page)
        drawn = check_layout(page, f"{name} at {width} px")
        labels = [t for t in drawn["texts"] if t["kind"] in ("key-label", "event-number")]
        assert labels, "no event is labelled or numbered"
        buttons = page.locator(".updatemenu-button")
        for index in range(buttons.count()):
            label = buttons.nth(index).text_content()
            buttons.nth(index).click()
            settle(page)
            check_layout(page, f"{name} at {width} px after {label}")
        assert page.problems == []
    finally:
        page.context.close()


def test_numbers_mode_shows_each_number_once_on_the_chart_and_in_the_key(
    browser: Any, tmp_path: Path
) -> None:
    page_path = build(CROWDED, tmp_path / "numbers.html", "--labels", "numbers")
    page = recording_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_path.as_uri())
        settle(page)
        drawn = check_layout(page, "numbers")
        on_chart = sorted(int(t["text"]) for t in drawn["texts"] if t["kind"] == "event-number")
        assert on_chart == list(range(1, 21))
        key = page.locator(".chart-key li:not([hidden])")
        assert key.count() == 20
        assert [key.nth(i).get_attribute("value") for i in range(20)] == [
            str(n) for n in range(1, 21)
        ]
        assert "US and Ukrainian delegations arrive in Jeddah" in key.nth(0).inner_text()
    finally:
        page.context.close()


def test_the_sample_pages_titles_are_drawn_as_svg_text_beside_their_marks(
    browser: Any, pages: dict[str, Path]
) -> None:
    page = recording_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(pages["sample"].as_uri())
        settle(page)
        # The text points of the chart (not of the range slider, which leaves labels out).
        drawn = page.evaluate(
            """() => [...document.querySelectorAll(
                '.cartesianlayer .scatterlayer .textpoint text')].map((text) =>
                [...text.querySelectorAll('tspan.line')].map((l) => l.textContent).join(' ')
                  || text.textContent)"""
        )
        titles = [
            re.search(r"^title: (.*)$", path.read_text(), flags=re.M)
            for path in sorted(SAMPLE.glob("*.yaml"))
        ]
        expected = sorted(t[1] for t in titles if t)
        assert sorted(drawn) == expected
        assert (
            page.evaluate("document.querySelectorAll('.rangeslider-container .textpoint').length")
            == 0
        )
        assert page.evaluate("document.querySelectorAll('g.annotation').length") < 20
        assert page.problems == []
    finally:
        page.context.close()
