"""Static images through kaleido and Debian's Chromium: PNG, SVG and PDF by their headers,
sizes and content; the same figure gives the same SVG and PDF bytes; the print version of the
figure; and clear errors without a browser or without kaleido."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from conftest import chromium_path

from timeline import load_events, to_image, write
from timeline.drawing import build_figure, build_plan_figure, static_figure
from timeline.drawing.static import RANGE_BUTTONS_PX
from timeline.drawing.styles import AXIS_PX

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
ARTIFACTS = ROOT / "test-artifacts"
Run = Callable[..., subprocess.CompletedProcess[str]]
PAGE_ID = re.compile(r'<defs id="defs-([0-9a-z]+)"')
INSTALL = (
    "install one (Debian or Ubuntu: sudo apt-get install chromium; elsewhere Google Chrome, "
    "or run kaleido_get_chrome) or set BROWSER_PATH to the browser's path"
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def browser_path() -> Iterator[str]:
    """Point kaleido at Debian's Chromium (a missing one fails where every test
    must run, skips elsewhere)."""
    path = chromium_path()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BROWSER_PATH", path)
        yield path


@pytest.fixture(scope="module")
def sample_figure() -> go.Figure:
    return build_figure(load_events(SAMPLE))


@pytest.fixture(scope="module")
def svgs(sample_figure: go.Figure, browser_path: str) -> list[str]:
    return [to_image(sample_figure, "svg").decode() for _ in range(2)]


def test_png_has_the_asked_size_and_scale(
    tmp_path: Path, run_timeline: Run, browser_path: str
) -> None:
    output = tmp_path / "chart.png"
    result = run_timeline(
        "build", "-e", SAMPLE, "-o", output, "--width", "1200", "--height", "1100", "--scale", "2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Wrote {output} (9 events, 2400x2200 px, {output.stat().st_size:,} bytes)\n"
    )
    data = output.read_bytes()
    assert png_size(data) == (2400, 2200)
    assert 30_000 < len(data) < 2_000_000


def test_a_height_that_would_squeeze_the_chart_is_refused(
    tmp_path: Path, run_timeline: Run, browser_path: str
) -> None:
    # The sample needs 1023 px at 1200 px wide (see below); 600 would draw text over text.
    output = tmp_path / "chart.png"
    result = run_timeline("build", "-e", SAMPLE, "-o", output, "--width", "1200", "--height", "600")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: an image 600 px high is too short for this chart at 1200 px wide: its labels "
        "and rows need 1023 px; give --height 1023 or more, or leave --height out (the image "
        "then takes the chart's own height)\n"
    )
    assert not output.exists()


def test_png_takes_the_charts_own_height_by_default(browser_path: str) -> None:
    data = to_image(load_events(SAMPLE))
    # The README's figure for the sample at the default width: 1200x1023 (2400x2046 at
    # --scale 2), the chart's own height, which keeps its rows at their size.
    assert png_size(data) == (1200, 1023)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "timeline-static.png").write_bytes(data)


def test_an_images_labels_are_drawn_as_the_text_of_traces(
    tmp_path: Path, run_timeline: Run, browser_path: str
) -> None:
    output = tmp_path / "chart.svg"
    result = run_timeline("build", "-e", SAMPLE, "-o", output)
    assert result.returncode == 0, result.stderr
    svg = output.read_text()
    # Each event's title at 1200 px, as one text point of a trace, none as an annotation.
    points = re.findall(r'<g class="textpoint"[^>]*><text[^>]*>(.*?)</text>', svg, flags=re.S)
    titles = [re.sub(r"<[^>]+>", " ", point) for point in points]
    assert len(titles) == 9
    assert any(" ".join(t.split()).startswith("Trump and Putin agree an energy") for t in titles)
    notes = re.findall(r'<g class="annotation"[^>]*>.*?</g>', svg, flags=re.S)
    assert not any("Trump and Putin agree" in note for note in notes)


def test_a_tall_images_title_stays_at_the_top(
    tmp_path: Path, run_timeline: Run, browser_path: str
) -> None:
    # A thousand events make an image tens of thousands of pixels tall: a title placed at a
    # share of the height landed over the chart's first rows.
    output = tmp_path / "tall.svg"
    result = run_timeline("build", "-e", SAMPLE, "-o", output, "--height", "6000")
    assert result.returncode == 0, result.stderr
    svg = output.read_text()
    assert 'height="6000"' in svg
    [title_y] = re.findall(r'<text class="gtitle" x="[^"]*" y="([^"]*)"', svg)
    assert float(title_y) == 14  # its top 14 px from the image's, as on any other image


def test_svg_reads_without_hover(svgs: list[str]) -> None:
    svg = svgs[0]
    assert svg.startswith("<svg")
    assert 'width="1200"' in svg
    text = " ".join(re.findall(r">([^<>]+)</t(?:ext|span)>", svg))
    assert "Negotiation timeline" in text  # the title
    assert "9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources" in text
    for label in ("Trump and Putin agree", "Starmer and Trump", "Zelensky backs a halt to"):
        assert label in text  # key events, labelled
    for item in ("Event types", "statement", "call", "proposal"):
        assert item in text  # the legend
    assert "16 Mar" in text and "23 Mar" in text  # the date axis
    assert "Filled marker: an event known to the day." in text
    assert "agreed since 18 Mar" in text and "not started" in text  # the plan band
    # Nothing a reader of paper cannot use.
    assert "click" not in text and "1w" not in text.split()
    assert "rangeslider-bg" not in svg and "updatemenu" not in svg


def test_the_same_figure_gives_the_same_svg_bytes(svgs: list[str]) -> None:
    assert svgs[0] == svgs[1]
    [page_id] = set(PAGE_ID.findall(svgs[0]))
    assert re.fullmatch(r"[0-9a-f]{8}", page_id)
    # Every clip path and pattern refers to an id the SVG defines.
    defined = set(re.findall(r' id="([^"]+)"', svgs[0]))
    used = set(re.findall(r"url\(['\"]?#([^'\")]+)['\"]?\)", svgs[0]))
    assert used and used <= defined


def test_different_figures_get_different_svg_page_ids(svgs: list[str]) -> None:
    plan = to_image(load_events(SAMPLE), "svg", view="plan").decode()
    assert PAGE_ID.findall(plan)[0] != PAGE_ID.findall(svgs[0])[0]
    assert "Where the plan stands" in plan


def test_pdf_has_the_page_size_and_the_same_bytes_every_time(
    tmp_path: Path, browser_path: str
) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for output in (first, second):
        built = write(load_events(SAMPLE), output, width=1000, height=1400)
        assert built.pixels == (1000, 1400)
    data = first.read_bytes()
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    # Chromium prints 96 pixels to the inch, 72 points: 0.75 points a pixel.
    [(width, height)] = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    # (Chromium rounds the page to its own units, a fraction of a point either way.)
    assert (float(width), float(height)) == (pytest.approx(750, abs=1), pytest.approx(1050, abs=1))
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    assert b"Kaleido-fier" not in data
    assert second.read_bytes() == data


def test_pdf_cross_references_still_point_at_their_objects(browser_path: str) -> None:
    data = to_image(load_events(SAMPLE), "pdf")
    table = data[data.rindex(b"\nxref\n") + 1 :].split(b"\n")
    first, count = map(int, table[1].split())
    entries = table[2 : 2 + count]
    for number, entry in enumerate(entries, start=first):
        if entry.rstrip().endswith(b"n"):
            assert data[int(entry[:10]) :].startswith(b"%d 0 obj" % number)
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    assert data[start:].startswith(b"xref")


def test_a_missing_browser_is_a_clear_error(tmp_path: Path, run_timeline: Run) -> None:
    output = tmp_path / "chart.png"
    missing = tmp_path / "no-chromium"
    env = os.environ | {"BROWSER_PATH": str(missing)}
    result = run_timeline("build", "-e", SAMPLE, "-o", output, env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: no browser at BROWSER_PATH={missing}; png, svg and pdf are drawn by Chrome "
        f"or Chromium: {INSTALL}\n"
    )
    assert not output.exists()


def test_a_failed_image_keeps_the_old_file(tmp_path: Path, run_timeline: Run) -> None:
    output = tmp_path / "chart.pdf"
    output.write_bytes(b"the good old chart")
    env = os.environ | {"BROWSER_PATH": str(tmp_path / "no-chromium")}
    result = run_timeline("build", "-e", SAMPLE, "-o", output, env=env)
    assert result.returncode == 1
    assert output.read_bytes() == b"the good old chart"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chart.pdf"]


def test_a_program_that_is_not_a_browser_is_a_clear_error(
    tmp_path: Path, run_timeline: Run
) -> None:
    output = tmp_path / "chart.svg"
    env = os.environ | {"BROWSER_PATH": "/bin/true"}
    result = run_timeline("build", "-e", SAMPLE, "-o", output, env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: /bin/true closed right after starting, so no svg was drawn: check that it is "
        f"Chrome or Chromium, or {INSTALL}\n"
    )
    assert not output.exists()


def test_without_kaleido_the_error_says_how_to_install_it(tmp_path: Path) -> None:
    # None in sys.modules makes "import kaleido" fail as it does when it is not installed.
    code = (
        "import sys\n"
        "sys.modules['kaleido'] = None\n"
        "from timeline.cli import main\n"
        f"sys.argv = ['timeline', 'build', '-e', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'c.png')!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: png, svg and pdf need kaleido: pip install 'negotiation-timeline[export]'\n"
    )


def test_the_print_figure_drops_what_needs_a_mouse(sample_figure: go.Figure) -> None:
    before = sample_figure.to_dict()
    static = static_figure(sample_figure, 1200)
    assert sample_figure.to_dict() == before  # a copy
    layout = static.layout
    assert layout.updatemenus == ()
    assert layout.xaxis.rangeslider.visible is False
    assert layout.legend.title.text == "Event types"
    assert layout.hovermode is False and layout.dragmode is False
    assert [trace.uid for trace in static.data] == [f"trace{i}" for i in range(len(static.data))]
    assert layout.margin.t == sample_figure.layout.margin.t - RANGE_BUTTONS_PX
    [note] = [a for a in layout.annotations if a.text.startswith("Filled marker")]
    assert note.yshift == -AXIS_PX
    # The plot keeps its height in pixels, so the rows keep theirs.
    plot = (
        sample_figure.layout.height - sample_figure.layout.margin.t - sample_figure.layout.margin.b
    )
    assert layout.height - layout.margin.t - layout.margin.b == plot


def test_the_note_wraps_on_a_narrow_image(sample_figure: go.Figure) -> None:
    wide = static_figure(sample_figure, 1200)
    narrow = static_figure(sample_figure, 500)
    note = next(a.text for a in narrow.layout.annotations if a.text.startswith("Filled"))
    assert note.count("<br>") >= 2
    assert narrow.layout.margin.b > wide.layout.margin.b


def test_figures_drawn_elsewhere_only_get_fixed_trace_ids() -> None:
    foreign = go.Figure(go.Scatter(y=[1, 3, 2]), layout={"updatemenus": [{"buttons": []}]})
    static = static_figure(foreign, 800)
    assert static.data[0].uid == "trace0"
    assert len(static.layout.updatemenus) == 1
    plan = static_figure(build_plan_figure(load_events(SAMPLE)), 800)
    assert plan.layout.legend.title.text == "Status"
    assert plan.layout.hovermode is False


CROWDED = ROOT / "tests" / "fixtures" / "crowded-week"


def svg_texts(svg: str) -> list[str]:
    """The texts of an SVG, element by element, entities decoded."""
    import html as html_module

    found = []
    for element in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.S):
        found.append(html_module.unescape(re.sub(r"<[^>]+>", "", element)))
    return found


@pytest.mark.parametrize(
    ("width", "labels"), [(1200, "auto"), (600, "auto"), (390, "auto"), (1200, "numbers")]
)
def test_a_crowded_week_in_print_names_every_event(
    tmp_path: Path, run_timeline: Run, browser_path: str, width: int, labels: str
) -> None:
    output = tmp_path / "week.svg"
    result = run_timeline(
        "build", "-e", CROWDED, "-o", output, "--width", str(width), "--labels", labels
    )
    assert result.returncode == 0, result.stderr
    texts = svg_texts(output.read_text())
    squeezed = re.sub(r"\s+", "", "".join(texts))
    # The fixture's files are named by date and then the order of the day, so their sorted
    # names give the events' numbers.
    files = sorted(CROWDED.glob("*.yaml"))
    assert len(files) == 20
    numbers_drawn = [text for text in texts if text.strip().isdigit()]
    for number, path in enumerate(files, start=1):
        title = re.search(r"^title: (.*)$", path.read_text(), flags=re.M)
        assert title is not None
        # Each title is printed whole, beside its marker or in the key under the chart.
        whole = re.sub(r"\s+", "", title[1])
        assert whole in squeezed, (number, title[1])
        if f"{number}" in numbers_drawn:
            # A number on the chart is explained in the key: number, day, title.
            key_line = rf"(?<!\d){number}1[0-6]Mar:{re.escape(whole)}"
            assert re.search(key_line, squeezed), number
    if labels == "numbers":
        assert sorted(int(text) for text in numbers_drawn) == list(range(1, 21))
        assert any(text.startswith("Key to the numbers on the chart") for text in texts)
