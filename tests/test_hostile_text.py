"""Hostile text reaches every output as text: plotly.js's template syntax (``%{meta.title}``)
stays literal in the chart, the chart-id placeholder typed into a record stays as typed,
invisible characters show in the terminal, file names cannot forge CI annotations, and CSV
cells cannot run as spreadsheet formulas.

Each attack is tried in several spellings; everything runs the installed ``timeline`` command.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import recording_page, timeline_executable
from test_browser_build import MARKER_JS, hover_lines

EVIL = "https://evil.example/phish"
TITLE = f'<a href="{EVIL}">Phish</a> and <b>bold</b>'
# plotly.js replaces %{...} in titles, annotations and legend names with values of the
# figure's meta (and in hover templates with the point's data).
SPELLINGS = {
    "meta-title": "%{meta.title}",
    "meta": "%{meta}",
    "x": "%{x}",
    "customdata": "%{customdata[0]}",
    "meta-index": "%{meta[0]}",
    "formatted": "%{meta.title:>10}",
}
READY = ".plotly-graph-div[data-ready=true]"


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [timeline_executable(), *map(str, args)], capture_output=True, text=True, timeout=300
    )


def write_event(folder: Path, name: str, title: str, day: int, **more: str) -> None:
    lines = [
        f"title: {quote(title)}",
        f"date: 2025-03-{day:02d}",
        "type: talks",
        "key: true",
        "actors: [A, B]",
        *(f"{key}: {value}" for key, value in more.items()),
        "sources: [{outlet: O, url: 'https://example.org/a'}]",
    ]
    (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Text in the chart -------------------------------------------------------------------


@pytest.fixture(scope="module")
def templated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Key events titled with each spelling, a plan and a stage titled with them too."""
    folder = tmp_path_factory.mktemp("templates") / "events"
    (folder / "plans").mkdir(parents=True)
    for day, (name, spelling) in enumerate(SPELLINGS.items(), start=1):
        write_event(
            folder,
            name,
            f"Talks {spelling}",
            day * 3,
            summary=quote(f"Summary {spelling}"),
            stage="the-plan/first",
            status="proposed",
        )
    (folder / "plans" / "the-plan.yaml").write_text(
        "plan:\n"
        f"  title: {quote('Plan %{meta.title}')}\n"
        "  parties: [A, B]\n"
        "  stages:\n"
        f"    - {{id: first, title: {quote('Stage %{meta.title}')}}}\n"
        f"    - {{id: second, title: {quote('Stage %{meta}')}}}\n",
        encoding="utf-8",
    )
    return folder


def build(events: Path, output: Path, *args: str) -> Path:
    result = run("build", "-e", events, "-o", output, "--title", TITLE, *args)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def timeline_page(templated: Path) -> Path:
    return build(templated, templated.parent / "page.html")


@pytest.fixture(scope="module")
def plan_page(templated: Path) -> Path:
    return build(templated, templated.parent / "plan.html", "--view", "plan")


@pytest.fixture(scope="module")
def chart(browser: Any) -> Iterator[Any]:
    page = recording_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


# Every attribute in the page that names the evil address: a link plotly.js made from a title.
LINKS_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      if (/href$/i.test(name) && (el.getAttribute(name) || '').includes('evil.example')) {
        found.push(el.outerHTML);
      }
    }
  }
  for (const el of document.querySelectorAll('.plotly-graph-div svg a')) found.push(el.outerHTML);
  return found;
}"""
ANNOTATIONS_JS = """() => Array.from(
  document.querySelectorAll('.plotly-graph-div .annotation-text'),
  (text) => Array.from(text.querySelectorAll('tspan.line'), (l) => l.textContent).join(' ')
    || text.textContent)"""


def opened(page: Any, path: Path) -> Any:
    if page.url != path.as_uri():
        page.goto(path.as_uri())
        page.wait_for_selector(READY)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("name", list(SPELLINGS))
def test_a_key_label_shows_template_syntax_as_typed(
    chart: Any, timeline_page: Path, name: str
) -> None:
    spelling = SPELLINGS[name]
    page = opened(chart, timeline_page)
    assert page.evaluate(LINKS_JS) == []
    assert f"Talks {spelling}" in page.evaluate(ANNOTATIONS_JS)
    # The hover and the events table show the title and summary as typed too.
    where = page.evaluate(MARKER_JS, name)  # the event's id is its file's name
    assert where is not None
    page.mouse.move(where["x"], where["y"])
    hover = hover_lines(page)
    page.mouse.move(5, 5)
    page.locator(".hoverlayer .hovertext").wait_for(state="detached")
    assert f"Talks {spelling}" in hover and f"Summary {spelling}" in hover, hover
    table = page.locator("tbody").inner_text()
    assert f"Talks {spelling}" in table and f"Summary {spelling}" in table
    assert page.problems == []


@pytest.mark.browser
def test_plan_and_stage_titles_show_template_syntax_as_typed(chart: Any, plan_page: Path) -> None:
    page = opened(chart, plan_page)
    assert page.evaluate(LINKS_JS) == []
    shown = page.evaluate(ANNOTATIONS_JS)
    for text in ("Plan: Plan %{meta.title}", "1. Stage %{meta.title}", "2. Stage %{meta}"):
        assert text in shown, shown
    assert page.problems == []


@pytest.mark.browser
def test_the_page_title_is_text_not_a_link(chart: Any, timeline_page: Path) -> None:
    page = opened(chart, timeline_page)
    assert page.locator("h1").text_content() == TITLE
    assert page.evaluate(LINKS_JS) == []


@pytest.mark.parametrize("view", ["timeline", "plan"])
def test_a_static_svg_holds_no_link_and_shows_templates_as_typed(
    templated: Path, view: str
) -> None:
    svg = build(templated, templated.parent / f"{view}.svg", "--view", view).read_text("utf-8")
    tree = ElementTree.fromstring(svg)
    links = [el.attrib for el in tree.iter() if any(k.endswith("href") for k in el.attrib)]
    assert [link for link in links if "evil.example" in str(link)] == []
    assert not any(el.tag.endswith("}a") for el in tree.iter())
    assert TITLE in "".join(tree.itertext())  # the title, as text
    expected = (
        ["Talks %{meta.title}", "Talks %{meta}", "Talks %{x}", "Talks %{customdata[0]}"]
        if view == "timeline"
        else ["Plan: Plan %{meta.title}", "1. Stage %{meta.title}", "2. Stage %{meta}"]
    )
    for text in expected:
        assert text in svg, text


# --- The chart-id placeholder typed into a record ----------------------------------------

PLACEHOLDER = "timeline-chart-id-placeholder-7c1f"


@pytest.mark.parametrize("form", ["html", "fragment"])
@pytest.mark.parametrize("where", ["title", "summary", "claim"])
def test_the_chart_id_placeholder_in_a_record_stays_as_typed(
    tmp_path: Path, form: str, where: str
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    text = f"Look: {PLACEHOLDER} here"
    title = text if where == "title" else "A title"
    more = {"summary": quote(text if where == "summary" else "A summary")}
    if where == "claim":
        more["claims"] = f"[{{by: A, says: {quote(text)}, stance: denies}}]"
    write_event(folder, "one", title, 18, **more)
    output = tmp_path / "out.html"
    result = run("build", "-e", folder, "-o", output, "-f", form, "--table")
    assert result.returncode == 0, result.stderr
    html = output.read_text("utf-8")
    chart_id = re.search(r'<div id="([^"]+)" class="plotly-graph-div"', html)
    assert chart_id is not None and chart_id.group(1).startswith("timeline-")
    assert chart_id.group(1) != PLACEHOLDER
    # In the events table (HTML) as typed, and in the figure's JSON (its hover).
    assert text in html
    assert html.count(PLACEHOLDER) >= 2
    # The same records give the same bytes.
    again = tmp_path / "again.html"
    assert run("build", "-e", folder, "-o", again, "-f", form, "--table").returncode == 0
    assert again.read_bytes() == output.read_bytes()
