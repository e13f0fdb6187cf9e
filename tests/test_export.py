"""The web page: structure, escaping, plotly.js inline or from the CDN, same bytes every
build, and atomic writes that keep the old page when a build fails."""

from __future__ import annotations

import base64
import hashlib
import re
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PLOTLY_BASIC_CDN, plotly_basic

from timeline import load_events
from timeline.dates import PartialDate
from timeline.drawing import build_figure
from timeline.errors import CannotWrite, NothingToDraw, UnknownFilter
from timeline.publish import build_page, chart, page_html, to_html, write_page
from timeline.query import EventFilter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
# The sample in timeline order, by the README's rule: the three events of March 2025 (a month
# starts on 1 March; "~" does not move one) by id, then the 17th, then the 18th by id.
SAMPLE_ORDER = [
    "2025-03-coalition-of-the-willing",
    "2025-03-kremlin-denies-energy-strikes",
    "2025-03-trump-dividing-assets",
    "2025-03-17-starmer-trump-call",
    "2025-03-18-black-sea-talks",
    "2025-03-18-downing-street-statement",
    "2025-03-18-lammy-arms-shipments",
    "2025-03-18-trump-putin-call",
    "2025-03-18-zelensky-response",
]
Run = Callable[..., subprocess.CompletedProcess[str]]
EVENT = """\
title: {title}
date: 2025-03-18
type: talks
actors: [United States, Russia]
sources:
  - outlet: Wire
    url: {url}
"""


def chart_json(page: str) -> str:
    return page.split("var figure = ", 1)[1].split(";\n", 1)[0]


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    output = tmp_path_factory.mktemp("page") / "timeline.html"
    build_page(SAMPLE, output)
    return output.read_text(encoding="utf-8")


def test_page_has_title_chart_plans_and_every_event_in_order(sample_page: str) -> None:
    assert sample_page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in sample_page
    assert "<title>Negotiation timeline</title>" in sample_page
    assert "<h1>Negotiation timeline</h1>" in sample_page
    assert (
        '<p class="subtitle">9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources</p>'
        in sample_page
    )
    assert len(re.findall(r'class="plotly-graph-div"', sample_page)) == 1
    ids = re.findall(r'<tr id="event-([a-z0-9-]+)">', sample_page)
    assert ids == SAMPLE_ORDER
    assert '<time datetime="2025-03">Mar 2025 (approx.)</time>' in sample_page
    assert '<time datetime="2025-03-18">Tue 18 Mar 2025</time>' in sample_page
    assert (
        "Energy and infrastructure ceasefire: <span class='status'>agreed</span> on " in sample_page
    )
    assert "Full ceasefire: <span class='status'>not started</span>" in sample_page
    assert '<span class="contested">Claims (the parties disagree):</span>' in sample_page
    assert (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Events table"><table>'
        in sample_page
    )


def test_the_table_order_does_not_depend_on_the_files_order(tmp_path: Path) -> None:
    # The sample with each event in a file whose name sorts in the opposite order to its id:
    # events of one day read in that order must still be listed by id.
    folder = tmp_path / "events"
    shutil.copytree(SAMPLE / "plans", folder / "plans")
    for number, path in enumerate(sorted(SAMPLE.glob("*.yaml"))):
        text = f"id: {path.stem}\n" + path.read_text(encoding="utf-8")
        (folder / f"{99 - number:02d}.yaml").write_text(text, encoding="utf-8")
    output = tmp_path / "timeline.html"
    build_page(folder, output)
    page = output.read_text(encoding="utf-8")
    assert re.findall(r'<tr id="event-([a-z0-9-]+)">', page) == SAMPLE_ORDER


def test_inline_page_carries_plotlyjs_and_loads_nothing(sample_page: str) -> None:
    assert plotly_basic() in sample_page
    assert "<script src=" not in sample_page
    assert "<link" not in sample_page


def test_cdn_page_links_plotlyjs_with_its_integrity_hash(sample_page: str) -> None:
    timeline = load_events(SAMPLE)
    page = page_html(build_figure(timeline), timeline.events, plotlyjs="cdn")
    digest = base64.b64encode(hashlib.sha256(plotly_basic().encode()).digest()).decode()
    assert (
        f'<script src="{PLOTLY_BASIC_CDN}" integrity="sha256-{digest}" crossorigin="anonymous"'
    ) in page
    assert len(page) < 200_000 < len(sample_page)


def test_an_inline_chart_is_drawn_before_the_tables_are_read(sample_page: str) -> None:
    """The browser runs the chart's scripts as soon as it reaches them: inline, before the
    tables; from the CDN, after them, so a slow CDN never holds the tables back."""
    scripts = sample_page.index("<script>")
    assert sample_page.index("</figure>") < scripts < sample_page.index("<h2>Events</h2>")
    timeline = load_events(SAMPLE)
    page = page_html(build_figure(timeline), timeline.events, plotlyjs="cdn")
    assert page.index("<h2>Events</h2>") < page.index("</main>") < page.index("<script")


def test_page_chart_takes_the_figure_without_its_title(sample_page: str) -> None:
    figure = chart_json(sample_page)
    assert '"title":{"text":""}' in figure
    assert '"responsive":true' in figure


def test_the_chart_id_comes_from_the_content(tmp_path: Path, sample_page: str) -> None:
    [chart_id] = re.findall(r'id="(timeline-[0-9a-f]{12})"', sample_page)
    output = tmp_path / "titled.html"
    build_page(SAMPLE, output, title="Other")
    [other_id] = re.findall(r'id="(timeline-[0-9a-f]{12})"', output.read_text())
    assert chart_id != other_id


def test_building_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    build_page(SAMPLE, first)
    build_page(SAMPLE, second)
    assert first.read_bytes() == second.read_bytes()
    build_page(SAMPLE, first)
    assert first.read_bytes() == second.read_bytes()


def test_a_page_and_a_fragment_need_no_plotly_figure(tmp_path: Path) -> None:
    """plotly's figure classes take a tenth of a second to import and check every point;
    the page takes the figure as plain data."""
    code = (
        "import sys, timeline\n"
        f"timeline.write({str(SAMPLE)!r}, {str(tmp_path / 'page.html')!r})\n"
        f"timeline.write({str(SAMPLE)!r}, {str(tmp_path / 'part.html')!r}, format='fragment')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('plotly.graph_objs', "
        "'plotly.basedatatypes', '_plotly_utils.basevalidators'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    assert (tmp_path / "page.html").read_bytes() == to_html(load_events(SAMPLE)).encode()


def test_a_chart_and_its_plotly_figure_give_the_same_page() -> None:
    drawn = chart(load_events(SAMPLE))
    assert drawn.to_dict() == drawn.figure.to_dict()
    by_chart = to_html(drawn, table=False, plotlyjs="cdn")
    assert to_html(drawn.figure, table=False, plotlyjs="cdn") == by_chart
    assert '"template":{"data":{"bar":[' in by_chart  # the template's keys sorted, both ways


def test_user_text_cannot_put_a_script_in_the_page(make_tree: Callable[..., Path]) -> None:
    root = make_tree(
        {
            "evil.yaml": EVENT.format(
                title="'</script><script>alert(1)</script> <img src=x onerror=alert(2)>'",
                url="'https://example.org/?a=\"b\"&c=<d>'",
            )
        }
    )
    output = root.parent / "page.html"
    build_page(root, output)
    page = output.read_text()
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script") == 2  # plotly.js and the page's own script
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/?a=&quot;b&quot;&amp;c=&lt;d&gt;"' in page


def test_only_web_links_become_links(tmp_path: Path) -> None:
    build_page(SAMPLE, tmp_path / "page.html", plotlyjs="cdn")
    page = (tmp_path / "page.html").read_text()
    assert '<a href="#event-2025-03-18-trump-putin-call">' in page  # plans link to the rows
    assert not re.search(r"<a href=[\"'](?!#|https?://)", page)


def test_the_click_script_opens_only_http_links(sample_page: str) -> None:
    assert "/^https?:\\/\\//i.test(url)" in sample_page
    assert 'window.open(url, "_blank", "noopener,noreferrer")' in sample_page


def test_date_filters_keep_every_plan_with_its_status_as_of_until(tmp_path: Path) -> None:
    output = tmp_path / "page.html"
    build_page(SAMPLE, output, where=EventFilter(until=PartialDate.parse("2025-03-17")))
    page = output.read_text()
    assert "Energy and infrastructure ceasefire: <span class='status'>not started</span>" in page

    build_page(SAMPLE, output, where=EventFilter(since=PartialDate.parse("2025-03-18")))
    page = output.read_text()
    assert "Energy and infrastructure ceasefire: <span class='status'>agreed</span>" in page


def test_other_filters_drop_plans_no_selected_event_moves(tmp_path: Path) -> None:
    output = tmp_path / "page.html"
    built = build_page(SAMPLE, output, where=EventFilter(tracks=("europe",)))
    assert built.events == 4
    assert "<h2>Plans</h2>" not in output.read_text()
    build_page(SAMPLE, output, where=EventFilter(tracks=("us-russia",)))
    assert "<h2>Plans</h2>" in output.read_text()


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            # A track and a type that exist, but no event has both.
            EventFilter(tracks=("europe",), types=("ceasefire",)),
            "none of the 9 events in {root} match the filters; nothing written",
        ),
        (
            EventFilter(since=PartialDate.parse("2030")),
            "none of the 9 events in {root} match the filters; nothing written",
        ),
    ],
    ids=["track", "since"],
)
def test_nothing_to_draw(tmp_path: Path, where: EventFilter, message: str) -> None:
    output = tmp_path / "page.html"
    with pytest.raises(NothingToDraw) as caught:
        build_page(SAMPLE, output, where=where)
    assert str(caught.value) == message.format(root=SAMPLE)
    assert not output.exists()


def test_a_track_no_event_has_is_refused_with_a_hint(tmp_path: Path) -> None:
    output = tmp_path / "page.html"
    with pytest.raises(UnknownFilter) as caught:
        build_page(SAMPLE, output, where=EventFilter(tracks=("us-rusia",)))
    assert str(caught.value) == "--track us-rusia: no such track; did you mean 'us-russia'?"
    assert not output.exists()


def test_an_empty_folder_has_nothing_to_draw(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    with pytest.raises(NothingToDraw) as caught:
        build_page(tmp_path / "events", tmp_path / "page.html")
    assert str(caught.value) == f"{tmp_path / 'events'} has no events to draw; nothing written"


def test_writing_over_a_folder_says_what_to_do(tmp_path: Path) -> None:
    timeline = load_events(SAMPLE)
    with pytest.raises(CannotWrite) as caught:
        write_page(tmp_path, build_figure(timeline), timeline.events)
    assert str(caught.value) == f"{tmp_path} is a folder; give the page a file name with -o"


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    timeline = load_events(SAMPLE)
    target = tmp_path / "site" / "march" / "index.html"
    size = write_page(target, build_figure(timeline), timeline.events, plotlyjs="cdn")
    assert target.stat().st_size == size


def _limit_file_size() -> None:
    # A 1 MB cap on file size makes the ~5 MB write fail half-way, as a full disk would;
    # SIGXFSZ ignored turns that into an OSError the command reports.
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_failed_write_keeps_the_old_page_and_leaves_no_temp_file(
    tmp_path: Path, run_timeline: Run
) -> None:
    output = tmp_path / "out" / "timeline.html"
    output.parent.mkdir()
    output.write_text("the good old page")
    result = run_timeline("build", "-e", SAMPLE, "-o", output, preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert result.stderr == f"Error: cannot write {output}: File too large\n"
    assert output.read_text() == "the good old page"
    assert sorted(p.name for p in output.parent.iterdir()) == ["timeline.html"]
