"""Pages carry the smallest plotly.js that draws their traces."""

from __future__ import annotations

import gzip
import hashlib
import re

import plotly.graph_objects as go
from conftest import PLOTLY_WEBGL_FILE, inline_plotlyjs, plotly_basic, plotly_webgl
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from timeline import pages
from timeline.model import Event

FULL_CDN = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"


def _event() -> Event:
    return Event.model_validate(
        {
            "id": "talks",
            "date": "2025-03-11",
            "type": "talks",
            "title": "Talks",
            "actors": ["Marco Rubio"],
            "sources": [{"outlet": "Reuters", "url": "https://example.org/a"}],
        }
    )


def _banner(source: str) -> tuple[str, str]:
    """The bundle's name and version from its licence banner."""
    found = re.search(r"\* plotly\.js \((\S+) - minified\) v(\S+)\n", source[:200])
    assert found is not None, source[:200]
    return found[1], found[2]


def test_the_basic_bundle_is_the_plotlyjs_the_installed_plotly_writes_for() -> None:
    # A figure is written for one plotly.js; the copy in the package must be that version.
    assert _banner(plotly_basic()) == ("basic", get_plotlyjs_version())
    assert "Licensed under the MIT license" in plotly_basic()[:200]


def test_the_webgl_bundle_is_the_plotlyjs_the_installed_plotly_writes_for() -> None:
    assert _banner(plotly_webgl()) == ("bar-scattergl", get_plotlyjs_version())
    assert "Licensed under the MIT license" in plotly_webgl()[:200]
    # The bundle sets window.Plotly (plotly.js's own UMD wrapper) and never ends the script
    # element it is inlined in.
    assert plotly_webgl().endswith("\nwindow.Plotly = Plotly;\nreturn Plotly;\n}));")
    assert "</script" not in plotly_webgl().lower()


def test_origin_records_the_webgl_bundles_checksum_and_size() -> None:
    origin = (PLOTLY_WEBGL_FILE.parent / "ORIGIN.md").read_text(encoding="utf-8")
    data = PLOTLY_WEBGL_FILE.read_bytes()
    assert f"sha256 `{hashlib.sha256(data).hexdigest()}`" in origin
    assert f"{len(data):,} bytes" in origin
    # The compressed copy pages carry is of this very file (a rebuilt bundle with a stale
    # copy beside it would put the old plotly.js in every WebGL page).
    packed = PLOTLY_WEBGL_FILE.with_name(PLOTLY_WEBGL_FILE.name + ".gz").read_bytes()
    assert gzip.decompress(packed) == data
    assert f"sha256\n`{hashlib.sha256(packed).hexdigest()}`" in origin
    assert f"{len(packed):,} bytes" in origin


def test_a_timeline_page_carries_the_basic_bundle_not_the_full_one() -> None:
    figure = go.Figure([go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])])
    html = pages.page_html(figure, [_event()], div_id="c")
    # As it is, not packed: see test_pages.py.
    assert f"<script>{plotly_basic()}</script>" in html
    assert get_plotlyjs() not in html
    assert 1_100_000 < len(html) < 1_400_000


def test_a_webgl_page_carries_the_webgl_bundle_inline_and_the_full_one_from_the_cdn() -> None:
    figure = go.Figure([go.Bar(x=[1], y=[1]), go.Scattergl(x=[1], y=[1]), go.Scatter(x=[1])])
    inline = pages.page_html(figure, [_event()], div_id="c")
    assert inline_plotlyjs(inline)[0] == plotly_webgl()
    assert 450_000 < len(inline) < 700_000
    # cdn.plot.ly serves no such bundle: a page from the CDN names the full one there.
    cdn = pages.page_html(figure, [_event()], div_id="c", plotlyjs="cdn")
    assert f'<script src="{FULL_CDN}" integrity="sha256-' in cdn
    assert "plotly.js (bar-scattergl" not in cdn


def test_traces_outside_both_bundles_get_the_full_plotlyjs() -> None:
    for extra in (go.Heatmap(z=[[1]]), go.Pie(values=[1])):
        figure = go.Figure([go.Scattergl(x=[1], y=[1]), extra])
        html = pages.page_html(figure, [_event()], div_id="c")
        assert inline_plotlyjs(html)[0] == get_plotlyjs()
