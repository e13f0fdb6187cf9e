"""Pages carry the smallest plotly.js that draws their traces."""

from __future__ import annotations

import re

import plotly.graph_objects as go
from conftest import plotly_basic
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from timeline import pages
from timeline.model import Event


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


def test_the_basic_bundle_is_the_plotlyjs_the_installed_plotly_writes_for() -> None:
    # A figure is written for one plotly.js; the copy in the package must be that version.
    header = plotly_basic()[:200]
    assert re.search(r"plotly\.js \(basic - minified\) v(\S+)", header)[1] == (  # type: ignore[index]
        get_plotlyjs_version()
    )
    assert "Licensed under the MIT license" in header


def test_a_timeline_page_carries_the_basic_bundle_not_the_full_one() -> None:
    figure = go.Figure([go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])])
    html = pages.page_html(figure, [_event()], div_id="c")
    assert plotly_basic() in html
    assert get_plotlyjs() not in html
    assert 1_100_000 < len(html) < 1_400_000


def test_traces_outside_the_basic_bundle_get_the_full_plotlyjs() -> None:
    for trace in (go.Heatmap(z=[[1]]), go.Scattergl(x=[1], y=[1])):
        html = pages.page_html(go.Figure([go.Scatter(x=[1], y=[1]), trace]), [_event()], div_id="c")
        assert get_plotlyjs() in html
        assert "plotly.js (basic - minified)" not in html
