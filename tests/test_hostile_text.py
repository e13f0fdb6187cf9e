"""Hostile text reaches every output as text: plotly.js's template syntax (``%{meta.title}``)
stays literal in the chart, the chart-id placeholder typed into a record stays as typed,
invisible characters show in the terminal, file names cannot forge CI annotations, and CSV
cells cannot run as spreadsheet formulas.

Each attack is tried in several spellings; everything runs the installed ``timeline`` command.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
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

# The events' labels: the text of the chart's text traces.
LABELS_JS = """() => Array.from(
  document.querySelectorAll('.plotly-graph-div .cartesianlayer .textpoint text'),
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
    assert f"Talks {spelling}" in page.evaluate(LABELS_JS)
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


# --- Text in the terminal ----------------------------------------------------------------

INVISIBLE = {
    "rlo": ("\u202e", "\\u202e"),
    "lre": ("\u202a", "\\u202a"),
    "pdf": ("\u202c", "\\u202c"),
    "lri": ("\u2066", "\\u2066"),
    "pdi": ("\u2069", "\\u2069"),
    "zero-width-space": ("\u200b", "\\u200b"),
    "line-separator": ("\u2028", "\\u2028"),
    "soft-hyphen": ("\u00ad", "\\xad"),
}


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_list_shows_invisible_characters_escaped(
    tmp_path: Path, run_timeline: Any, name: str
) -> None:
    char, shown = INVISIBLE[name]
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "one.yaml").write_text(
        f"title: {quote(f'Invoice{char}fdp.exe')}\ndate: 2025-03-18\ntype: talks\n"
        f"actors: [{quote(f'Actor{char}One')}]\nsources: [{{outlet: O}}]\n",
        encoding="utf-8",
    )
    table = run_timeline("list", "-e", folder)
    assert table.returncode == 0, table.stderr
    assert f"Invoice{shown}fdp.exe" in table.stdout and f"Actor{shown}One" in table.stdout
    assert char not in table.stdout
    assert len(table.stdout.splitlines()) == 3
    # JSON stays exact: the same characters, read back by any JSON reader.
    listed = run_timeline("list", "-e", folder, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    [record] = json.loads(listed.stdout)
    assert record["title"] == f"Invoice{char}fdp.exe"
    assert record["actors"] == [f"Actor{char}One"]


# --- Annotations in GitHub Actions -------------------------------------------------------

# A file whose name forges another annotation, moves this one, or smuggles an encoded line
# break; each holds the same refused type, so each gives one error at line 3, column 7.
GITHUB_NAMES = {
    "newline": (
        "a\n::warning file=README.md,line=1::gotcha.yaml",
        "a%0A%3A%3Awarning file=README.md%2Cline=1%3A%3Agotcha.yaml",
    ),
    "carriage-return": ("b\r::error::x.yaml", "b%0D%3A%3Aerror%3A%3Ax.yaml"),
    "comma": ("c,line=99,col=1.yaml", "c%2Cline=99%2Ccol=1.yaml"),
    "colon": ("d::notice title=x::y.yaml", "d%3A%3Anotice title=x%3A%3Ay.yaml"),
    "encoded-newline": ("e%0A::warning::x.yaml", "e%250A%3A%3Awarning%3A%3Ax.yaml"),
}
TYPE_ERROR = (
    "type: 'nope' is not allowed; use 'statement', 'call', 'visit', 'meeting', 'talks', "
    "'mediation', 'proposal', 'agreement', 'ceasefire', 'demand', 'rejection', 'violation', "
    "'aid', 'sanction' or 'other'"
)


@pytest.mark.parametrize("name", list(GITHUB_NAMES))
def test_github_annotations_escape_file_names(tmp_path: Path, run_timeline: Any, name: str) -> None:
    file_name, escaped = GITHUB_NAMES[name]
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / file_name).write_text(
        "id: one\ntitle: T\ntype: nope\ndate: 2025-03-18\nactors: [A]\nsources: [{outlet: O}]\n",
        encoding="utf-8",
    )
    result = run_timeline("validate", "-e", folder, "--format", "github")
    assert result.returncode == 1
    where = str(folder).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert result.stdout.split("\n") == [
        f"::error file={where}/{escaped},line=3,col=7::{TYPE_ERROR}",
        "",
    ]


@pytest.mark.parametrize(
    ("message", "escaped"),
    [
        ("line one\nline two", "line one%0Aline two"),
        ("100% sure\r\n::warning::x", "100%25 sure%0D%0A::warning::x"),
        ("already %0A encoded", "already %250A encoded"),
    ],
)
def test_github_annotation_messages_are_escaped(message: str, escaped: str) -> None:
    from timeline.problems import Problem, format_problems

    text = format_problems([Problem("a,b:c.yaml", 2, 3, "warning", message)], "github")
    assert text == f"::warning file=a%2Cb%3Ac.yaml,line=2,col=3::{escaped}\n"


# --- Spreadsheet formulas ----------------------------------------------------------------

FORMULAS = {
    "equals": '=HYPERLINK("https://evil.example","click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "quoted-equals": "'=1+1",
    "two-quotes-plus": "''+1",
}


@pytest.fixture(scope="module")
def formulas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample events, and one event per formula: title, summary and actor."""
    folder = tmp_path_factory.mktemp("formulas") / "events"
    shutil.copytree(Path(__file__).resolve().parent.parent / "events", folder)
    for day, (name, formula) in enumerate(FORMULAS.items(), start=1):
        (folder / f"formula-{name}.yaml").write_text(
            f"title: {quote(formula)}\ndate: 2024-01-{day:02d}\ntype: talks\n"
            f"actors: [{quote(formula)}, B]\nsummary: {quote(formula)}\n"
            "sources: [{outlet: O}]\n",
            encoding="utf-8",
        )
    return folder


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def cells_starting_a_formula(text: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text, newline=""))
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]


@pytest.mark.parametrize(
    "command",
    [
        ("export", "-f", "csv"),
        ("export", "-f", "timelinejs-csv"),
        ("list", "--format", "csv"),
    ],
    ids=["export-csv", "export-timelinejs-csv", "list-csv"],
)
def test_csv_cells_cannot_start_a_formula(
    formulas: Path, run_timeline: Any, command: tuple[str, ...]
) -> None:
    result = run_timeline(*command, "-e", formulas)
    assert result.returncode == 0, result.stderr
    assert cells_starting_a_formula(result.stdout) == []
    title = "Headline" if "timelinejs-csv" in command else "title"
    titles = [row[title] for row in csv_rows(result.stdout)]
    for name, formula in FORMULAS.items():
        assert f"'{formula}" in titles, name
    # --raw-csv writes them as they are.
    raw = run_timeline(*command, "-e", formulas, "--raw-csv")
    assert raw.returncode == 0, raw.stderr
    raw_titles = [row[title] for row in csv_rows(raw.stdout)]
    assert set(FORMULAS.values()) <= set(raw_titles)


def test_the_sample_csv_has_nothing_to_neutralise(run_timeline: Any) -> None:
    # Dates never start with "-" (years are 1 to 9999), nor do ids or the sample's text: the
    # export is the same with and without --raw-csv.
    sample = Path(__file__).resolve().parent.parent / "events"
    for command in (
        ("export", "-f", "csv"),
        ("export", "-f", "timelinejs-csv"),
        ("list", "-f", "csv"),
    ):
        quoted = run_timeline(*command, "-e", sample)
        raw = run_timeline(*command, "-e", sample, "--raw-csv")
        assert quoted.returncode == raw.returncode == 0
        assert quoted.stdout == raw.stdout


@pytest.mark.parametrize("form", ["csv", "list-csv"])
def test_a_csv_export_imports_back_record_identical(
    formulas: Path, run_timeline: Any, tmp_path: Path, form: str
) -> None:
    exported = tmp_path / "out.csv"
    if form == "csv":
        result = run_timeline("export", "-f", "csv", "-e", formulas, "-o", exported)
    else:
        result = run_timeline("list", "-f", "csv", "-e", formulas)
        exported.write_text(result.stdout, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    target = tmp_path / "imported"
    shutil.copytree(formulas / "plans", target / "plans")  # the stages the events name
    imported = run_timeline("import", exported, "-e", target, "--format", "csv")
    assert imported.returncode == 0, imported.stderr
    before = json.loads(run_timeline("list", "-e", formulas, "-f", "json").stdout)
    after = json.loads(run_timeline("list", "-e", target, "-f", "json").stdout)
    fields = ("id", "date", "title", "actors", "summary") if form == "list-csv" else None

    def kept(record: dict[str, Any]) -> dict[str, Any]:
        dropped = {"file", "line"}
        if fields is not None:
            return {k: v for k, v in record.items() if k in fields}
        return {k: v for k, v in record.items() if k not in dropped}

    assert [kept(r) for r in after] == [kept(r) for r in before]
    by_title = {r["title"] for r in after}
    assert set(FORMULAS.values()) <= by_title
