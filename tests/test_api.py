"""The Python API in `timeline/__init__.py`: what it exports, that importing it stays light,
that it and the CLI give the same bytes for the same options, figure JSON that loads back
into a Figure, formats from suffixes, and options a format cannot use."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from conftest import chromium_path
from typer.testing import CliRunner

import timeline
from timeline.cli import app
from timeline.errors import CannotWrite
from timeline.publish import check_options, format_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
Run = Callable[..., subprocess.CompletedProcess[str]]
US_RUSSIA = timeline.EventFilter(tracks=("us-russia",))


def cli(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["build", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_every_public_name_exists_and_is_documented() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), name
    for name in ("load_events", "build_figure", "build_plan_figure", "to_html", "to_json"):
        assert name in timeline.__all__
    assert {"to_image", "write", "chart"} <= set(timeline.__all__)


def test_importing_the_package_does_not_import_plotly_or_kaleido() -> None:
    code = (
        "import sys, timeline\n"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('plotly', 'kaleido', 'choreographer', 'pandas')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "api"),
    [
        (
            ["-f", "fragment", "--track", "us-russia", "--plotlyjs", "none", "--no-table"],
            {"format": "fragment", "where": US_RUSSIA, "plotlyjs": "none", "table": False},
        ),
        (
            ["-f", "fragment", "--lanes", "actor", "--title", "Talks", "--div-id", "talks"],
            {"format": "fragment", "lanes": "actor", "title": "Talks", "div_id": "talks"},
        ),
        (["-f", "html", "--plotlyjs", "cdn"], {"format": "html", "plotlyjs": "cdn"}),
        (["-f", "json", "--since", "2025-03-18"], {"format": "json", "where": "since"}),
        (["--view", "plan", "-f", "fragment"], {"format": "fragment", "view": "plan"}),
    ],
    ids=["fragment-filtered", "fragment-options", "page", "json", "plan"],
)
def test_the_cli_and_the_api_write_the_same_bytes(
    tmp_path: Path, args: list[str], api: dict[str, Any]
) -> None:
    if api.get("where") == "since":
        api["where"] = timeline.EventFilter(since=timeline.PartialDate.parse("2025-03-18"))
    by_cli, by_api = tmp_path / "cli.out", tmp_path / "api.out"
    code, _, err = cli("-e", SAMPLE, "-o", by_cli, *args)
    assert (code, err) == (0, "")
    timeline.write(timeline.load_events(SAMPLE), by_api, **api)
    assert by_cli.read_bytes() == by_api.read_bytes()
    # And to_html / to_json return what write writes.
    options = {k: v for k, v in api.items() if k != "format"}
    if api["format"] == "json":
        assert timeline.to_json(timeline.load_events(SAMPLE), **options).encode() == (
            by_api.read_bytes()
        )
    else:
        fragment = api["format"] == "fragment"
        text = timeline.to_html(timeline.load_events(SAMPLE), fragment=fragment, **options)
        assert text.encode() == by_api.read_bytes()


def test_the_installed_cli_and_the_api_draw_the_same_svg(
    tmp_path: Path, run_timeline: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", chromium_path())
    by_cli = tmp_path / "cli.svg"
    result = run_timeline("build", "-e", SAMPLE, "-o", by_cli, "--view", "plan", "--width", "900")
    assert result.returncode == 0, result.stderr
    svg = timeline.to_image(timeline.load_events(SAMPLE), "svg", view="plan", width=900)
    assert by_cli.read_bytes() == svg


def test_figure_json_loads_back_into_a_figure(tmp_path: Path) -> None:
    events = timeline.load_events(SAMPLE)
    output = tmp_path / "figure.json"
    built = timeline.write(events, output)
    assert built.format == "json"
    text = output.read_text()
    loaded = go.Figure(json.loads(text))
    original = timeline.build_figure(events)
    assert loaded.to_dict() == json.loads(original.to_json())
    assert loaded.layout.meta["view"] == "timeline"
    assert len(loaded.data) == len(original.data)
    assert {"data", "layout"} == set(json.loads(text))
    # Same events, same bytes.
    timeline.write(events, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("chart.html", "html"),
        ("chart.HTM", "html"),
        ("chart.json", "json"),
        ("chart.svg", "svg"),
        ("chart.png", "png"),
        ("chart.PDF", "pdf"),
        ("chart", "html"),
        ("brief.DOCX", "docx"),
        ("deck.pptx", "pptx"),
        ("chart.fragment.html", "html"),
    ],
)
def test_the_format_comes_from_the_suffix(name: str, expected: str) -> None:
    assert format_for(name) == expected


@pytest.mark.parametrize("name", ["chart.md", "brief.xyz", "notes.txt"])
def test_a_suffix_the_tool_does_not_write_is_an_error_naming_those_it_does(name: str) -> None:
    with pytest.raises(ValueError, match="use one of") as raised:
        format_for(name)
    assert str(raised.value) == (
        f"{name}: the tool does not know the extension {name[name.rindex('.') :]}; use one of "
        ".html, .htm, .png, .svg, .pdf, .json, .docx, .pptx, or name the format with --format"
    )


@pytest.mark.parametrize(("name", "meant"), [("brief.docs", ".docx"), ("deck.ppts", ".pptx")])
def test_a_suffix_one_slip_from_a_known_one_is_named(name: str, meant: str) -> None:
    with pytest.raises(ValueError) as raised:
        format_for(name)
    assert (
        f"the tool does not know the extension {name[name.index('.') :]} (did you mean {meant}?); use one of"
        in str(raised.value)
    )


def test_write_takes_a_folder_of_events_a_timeline_a_list_or_a_figure(tmp_path: Path) -> None:
    events = timeline.load_events(SAMPLE)
    from_folder = timeline.write(str(SAMPLE), tmp_path / "a.json")
    from_timeline = timeline.write(events, tmp_path / "b.json")
    from_list = timeline.write(events.events, tmp_path / "c.json")
    from_figure = timeline.write(timeline.build_figure(events), tmp_path / "d.json")
    assert (from_folder.events, from_timeline.events, from_list.events) == (9, 9, 9)
    assert from_figure.events == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "d.json").read_bytes()
    # A list has no plans: no plan band.
    assert (tmp_path / "c.json").read_bytes() != (tmp_path / "b.json").read_bytes()
    page = timeline.to_html(timeline.build_figure(events), plotlyjs="cdn")
    assert "<h2>Events</h2>" not in page  # a bare figure has no events to list
    assert "<h1>Negotiation timeline</h1>" in page


@pytest.mark.parametrize(
    ("format", "options", "message"),
    [
        ("png", {"plotlyjs": "cdn"}, "the plotlyjs option is only for html and fragment, not png"),
        ("json", {"table": False}, "the table option is only for html, fragment and pdf, not json"),
        ("svg", {"div_id": "x"}, "the div id option is only for html and fragment, not svg"),
        ("html", {"width": 800}, "the width option is only for png, svg and pdf, not html"),
        ("fragment", {"scale": 2}, "the scale option is only for png, svg and pdf, not fragment"),
        (
            "html",
            {"plotlyjs": "none"},
            "plotlyjs none is for fragments: a page must load plotly.js (inline or cdn)",
        ),
        ("png", {"height": 0}, "height must be more than 0, not 0"),
        (
            "fragment",
            {"div_id": "a<b"},
            "'a<b' cannot be a div id: use only letters, digits, '-' and '_'",
        ),
    ],
)
def test_options_a_format_cannot_use_are_refused(
    format: Any, options: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError) as caught:
        check_options(format, **options)
    assert str(caught.value) == message
    with pytest.raises(ValueError):
        timeline.write(SAMPLE, tmp_path / "out", format=format, **options)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--width", "800"], "Invalid value: the width option is only for png, svg and pdf, not"),
        (["--plotlyjs", "none"], "Invalid value: plotlyjs none is for fragments: a page must"),
        (
            ["-f", "json", "--no-table"],
            "Invalid value: the table option is only for html, fragment and",
        ),
        (
            ["-f", "png", "--width", "50"],
            "Invalid value for '--width': 50 is not in the range 100<=x<=10000",
        ),
        (["-f", "gif"], "Invalid value for '--format'"),
        (["--view", "gantt"], "Invalid value for '--view'"),
    ],
    ids=["width-html", "none-page", "table-json", "tiny", "gif", "view"],
)
def test_wrong_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    output = tmp_path / "chart.html"
    code, out, err = cli("-e", SAMPLE, "-o", output, *args)
    assert (code, out) == (2, "")
    assert message in " ".join(err.replace("│", " ").split())
    assert not output.exists()


@pytest.mark.parametrize(
    ("format", "noun"),
    [("html", "page"), ("fragment", "fragment"), ("json", "JSON"), ("png", "image")],
)
def test_writing_over_a_folder_says_what_to_do(tmp_path: Path, format: Any, noun: str) -> None:
    with pytest.raises(CannotWrite) as caught:
        timeline.write(SAMPLE, tmp_path, format=format)
    assert str(caught.value) == f"{tmp_path} is a folder; give the {noun} a file name with -o"


def test_a_chart_shows_in_jupyter_as_its_chart_and_list() -> None:
    # Jupyter shows the chart with its list under it (tests/test_notebook.py runs a kernel).
    drawn = timeline.chart(timeline.load_events(SAMPLE), view="plan")
    bundle = drawn._repr_mimebundle_()
    # The plan view lists the two events that set a stage: the call and the Black Sea talks.
    assert bundle["text/plain"] == "Chart(2 events, 4 plan stages)"
    assert '"view":"plan"' in bundle["text/html"]
    assert bundle["text/html"].count('class="plotly-graph-div"') == 1
    assert drawn._repr_html_().count('class="plotly-graph-div"') == 1


@pytest.mark.parametrize(
    ("labels", "titles", "numbers"),
    [("auto", 9, 0), ("all", 9, 0), ("key", 3, 0), ("numbers", 0, 9), ("none", 0, 0)],
)
def test_labels_choose_what_is_written_beside_the_events(
    labels: Any, titles: int, numbers: int
) -> None:
    figure = json.loads(timeline.to_json(timeline.load_events(SAMPLE), labels=labels))

    # Labels are the text of traces; a number with no text waits for its title to give way.
    def shown(name: str) -> int:
        return sum(bool(text) for t in figure["data"] if t["name"] == name for text in t["text"])

    assert shown("key-label") == titles
    assert shown("event-number") == numbers
    assert figure["layout"]["meta"]["labels"] == labels
