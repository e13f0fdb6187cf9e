"""The one place where text becomes markup (timeline/pages.py and its templates), called in
this process, as docs/reliability.md states the rules: every value a template shows is
escaped (quotes too, except in the element text of TimelineJS slides), user text keeps its
line breaks as <br>, text reaches the chart's script only as JSON in which "<", U+2028 and
U+2029 are escapes, and ids and preview addresses are checked before they go into markup.
Every expected value is written out."""

from __future__ import annotations

import base64
import gzip
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PLOTLY_BASIC_CDN, PLOTLY_WEBGL_FILE, inline_plotlyjs, plotly_basic

from timeline import pages
from timeline.model import Event, Plan, Source
from timeline.progress import plan_progress
from timeline.validate import load_events

CONFIG_JSON = (
    '"config":{"responsive":true,"displaylogo":false,"scrollZoom":false,'
    '"modeBarButtonsToRemove":["select2d","lasso2d","autoScale2d","zoomIn2d","zoomOut2d"],'
    '"toImageButtonOptions":{"filename":"timeline","scale":2}}'
)
# The figure of figure() once the page has taken its title out: 500 - 80 + 44 pixels high.
FIGURE_JSON = (
    '{"data":[{"type":"scatter","x":[1],"y":[2]}],"layout":{"height":464,"margin":{"t":44},'
    '"meta":{"title":"T \\u003c1>","subtitle":"S & s"},"title":{"text":""}},' + CONFIG_JSON + "}"
)
MISSING = "The chart needs plotly.js, which could not be loaded."


def figure(**meta: Any) -> dict[str, Any]:
    return {
        "data": [{"type": "scatter", "x": [1], "y": [2]}],
        "layout": {"height": 500, "margin": {"t": 80}, "meta": meta},
    }


def event(number: int = 1, **fields: Any) -> Event:
    record = {
        "id": f"talks-{number}",
        "title": "Talks",
        "date": f"2025-03-{number:02}",
        "type": "talks",
        "actors": ["A", "B"],
        "sources": [{"outlet": "Reuters"}],
    }
    return Event.model_validate({**record, **fields})


# --- checks before anything goes into markup ------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://example.org/chart.png", "http://example.org:8080/a/b.png?size=2"]
)
def test_a_web_address_can_be_the_social_image(url: str) -> None:
    assert pages.check_social_image(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/chart.png",
        "javascript:alert(1)",
        "/chart.png",
        "chart.png",
        "https:///chart.png",
        "https://user@example.org/chart.png",
        "https://example.org/a chart.png",
        "https://example.org/a\tchart.png",
        "https://example.org/a\x00.png",
        "https://example.org/a\x1f.png",
        "https://example.org/a\x7f.png",
        'https://example.org/"onerror="x.png',
        "https://example.org/'.png",
        "https://example.org/\\evil.org/a.png",
        "https://example.org/<b>.png",
        "https://example.org/`.png",
    ],
)
def test_anything_else_is_refused_as_the_social_image(url: str) -> None:
    with pytest.raises(ValueError) as refused:
        pages.check_social_image(url)
    assert str(refused.value) == (
        f"the social image must be an absolute http:// or https:// address, not {url!r}"
    )


def test_a_div_id_is_letters_digits_hyphens_and_underscores() -> None:
    assert pages.check_div_id("chart_2-B") == "chart_2-B"
    for value in ("", "a b", "a.b", "a\n", "caf\u00e9", '"><script>'):
        with pytest.raises(ValueError) as refused:
            pages.check_div_id(value)
        assert str(refused.value) == (
            f"{value!r} cannot be a div id: use only letters, digits, '-' and '_'"
        )


# --- JSON inside a script --------------------------------------------------------------------


def test_script_json_escapes_what_could_end_the_script() -> None:
    assert pages.script_json("</script>\u2028\u2029") == '"\\u003c/script>\\u2028\\u2029"'
    # Text stays UTF-8, and nothing but these three is escaped.
    assert pages.script_json({"a": ["\u00e9 & >", 1]}) == '{"a":["\u00e9 & >",1]}'


def test_figure_json_is_the_figure_and_the_config() -> None:
    data = [{"type": "scatter", "x": [1], "y": [2]}]
    layout = {"title": {"text": "</script><!-- \u2028\u2029 \u00e9"}}
    assert pages.figure_json(data, layout) == (  # type: ignore[arg-type]
        '{"data":[{"type":"scatter","x":[1],"y":[2]}],'
        '"layout":{"title":{"text":"\\u003c/script>\\u003c!-- \\u2028\\u2029 \u00e9"}},'
        + CONFIG_JSON
        + "}"
    )


def test_figure_json_writes_what_json_cannot_hold_as_plotly_does() -> None:
    import numpy

    data = [{"y": [math.nan, math.inf, 1.5], "x": numpy.array([1, 2, 3])}]
    assert pages.figure_json(data, {"t": "<"}) == (  # type: ignore[arg-type]
        '{"data":[{"y":[null,null,1.5],"x":[1,2,3]}],"layout":{"t":"\\u003c"},' + CONFIG_JSON + "}"
    )
    # Text that merely mentions NaN or Infinity is written as the stdlib writes it.
    assert pages.figure_json([{"name": "NaN Infinity"}], {}) == (  # type: ignore[arg-type]
        '{"data":[{"name":"NaN Infinity"}],"layout":{},' + CONFIG_JSON + "}"
    )


def test_the_chart_script_fills_in_its_slots_once() -> None:
    script = pages.chart_script("chart-1", '{"FIGURE":"MISSING"}', missing="Gone </b>")
    assert 'var gd = document.getElementById("chart-1");' in script
    assert 'var figure = {"FIGURE":"MISSING"};' in script
    assert 'if (trace.name === "key-label")' in script
    assert 'gd.textContent = "Gone \\u003c/b>";' in script
    assert "var waited = 10001;" in script
    waiting = pages.chart_script("chart-1", "{}", missing="Gone", wait=True)
    assert "var waited = 0;" in waiting


def test_the_chart_id_comes_from_the_markup() -> None:
    # The id hashes the markup with the fixed placeholder in place of the one given (a random
    # one must give the same id every time):
    # printf %s "<div id=timeline-chart-id-placeholder-7c1f></div>" | sha256sum: 7d1d0de77ea8...
    assert pages.with_chart_id("<div id=X></div>", "X") == (
        "timeline-7d1d0de77ea8",
        "<div id=timeline-7d1d0de77ea8></div>",
    )
    assert pages.with_chart_id("<div id=Y></div>", "Y")[0] == "timeline-7d1d0de77ea8"
    assert pages.with_chart_id(f"<p>{pages.ID_PLACEHOLDER}</p>")[1].startswith("<p>timeline-")


def test_untitled_leaves_room_for_the_buttons_only() -> None:
    layout: dict[str, Any] = {"title": {"text": "T"}, "margin": {"t": 100, "l": 5}, "height": 700}
    assert pages.untitled(layout) == 644
    assert layout == {"title": {"text": ""}, "margin": {"t": 44, "l": 5}, "height": 644}
    bare: dict[str, Any] = {}
    assert pages.untitled(bare) == 600
    assert bare == {"title": {"text": ""}, "margin": {"t": 44}, "height": 600}


# --- escaping in the templates ---------------------------------------------------------------


def test_the_slides_html_keeps_quotes_in_text_and_escapes_the_rest() -> None:
    assert pages.slide_headline("\"Q\" & <A> 'b'") == "\"Q\" &amp; &lt;A&gt; 'b'"
    source = Source(outlet='O & "P"', url="https://x.org/?a=1&b=2", title='T "q"')
    assert pages.slide_text("one\ntwo <b>\n\nthree", [source], "tl-sources") == (
        '<p>one<br>two &lt;b&gt;</p><p>three</p><ul class="tl-sources"><li>'
        '<cite>O &amp; "P"</cite>: <a href="https://x.org/?a=1&amp;b=2">T "q"</a></li></ul>'
    )
    assert pages.slide_text(None, [], "tl-sources") == ""


def test_a_fragment_escapes_its_text_and_carries_the_figure() -> None:
    fragment = pages.fragment_html(
        figure(title="T <1>", subtitle="S & s"),
        [
            event(
                title='Talks <b>"x"</b>',
                sources=[{"outlet": "R & Co", "url": "HTTPS://e.org/?b=1&c=2"}],
            )
        ],
        div_id="chart",
    )
    assert (
        '<p class="chart-title"><b>T &lt;1&gt;</b><br><span class="chart-subtitle">S &amp; s</span></p>\n'
        in fragment
    )
    assert '<div id="chart" class="plotly-graph-div" style="height:464px; width:100%;"' in fragment
    assert (
        ' aria-label="Interactive chart: T &lt;1&gt;. The same information is listed below."'
        in fragment
    )
    assert "<details><summary>The 1 event in this chart, as a list</summary>" in fragment
    assert "<strong>Talks &lt;b&gt;&quot;x&quot;&lt;/b&gt;</strong>" in fragment
    # An http(s) address in any case is a link, its "&" escaped in the attribute.
    assert (
        '<a href="HTTPS://e.org/?b=1&amp;c=2" rel="noopener noreferrer">R &amp; Co</a>' in fragment
    )
    assert f"  var figure = {FIGURE_JSON};\n" in fragment
    assert f'gd.textContent = "{MISSING} The same information is listed below.";' in fragment
    # plotly.js from its CDN by default.
    assert f'<script src="{PLOTLY_BASIC_CDN}"' in fragment


def test_a_fragment_without_a_title_or_a_list() -> None:
    fragment = pages.fragment_html(figure(), [event(1), event(2)], div_id="c", table=False)
    assert '<p class="chart-title"><b>Negotiation timeline</b></p>\n' in fragment
    assert "<details>" not in fragment
    assert f'gd.textContent = "{MISSING}";' in fragment
    listed = pages.fragment_html(figure(), [event(1), event(2)], div_id="c")
    assert "<details><summary>The 2 events in this chart, as a list</summary>" in listed
    plan = pages.fragment_html(figure(view="plan"), [event(1)], div_id="c")
    assert (
        "<summary>Each stage&#x27;s status and the events that set it, as a list</summary>" in plan
    )


def test_user_text_keeps_its_line_breaks_and_no_markup() -> None:
    fragment = pages.fragment_html(figure(subtitle="one\n<two> \"3\" '4'"), div_id="c")
    assert (
        '<span class="chart-subtitle">one<br>&lt;two&gt; &quot;3&quot; &#x27;4&#x27;</span>'
        in fragment
    )


def test_a_page_escapes_its_title_everywhere_and_takes_the_preview_card() -> None:
    page = pages.page_html(
        figure(title="ignored"),
        [event(summary="a\nb <i>")],
        title="<b>\"x\" & 'y'</b>",
        plotlyjs="cdn",
        div_id="chart",
        social_image="https://example.org/c.png",
    )
    escaped = "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
    assert f"<title>{escaped}</title>" in page
    assert f'<meta property="og:title" content="{escaped}">' in page
    assert '<meta property="og:image" content="https://example.org/c.png">' in page
    assert f"<h1>{escaped}</h1>" in page
    assert '<p class="summary">a<br>b &lt;i&gt;</p>' in page
    assert f'gd.textContent = "{MISSING} The events are listed below.";' in page
    assert '<tr id="event-talks-1">' in page
    assert (
        '  var figure = {"data":[{"type":"scatter","x":[1],"y":[2]}],'
        '"layout":{"height":464,"margin":{"t":44},"meta":{"title":"ignored"},'
        '"title":{"text":""}},' + CONFIG_JSON + "};\n"
    ) in page


def test_a_pages_title_comes_from_the_figure_then_the_default() -> None:
    titled = pages.page_html(
        figure(title="From <meta>", subtitle="Sub"), [event()], div_id="c", plotlyjs="cdn"
    )
    assert "<title>From &lt;meta&gt;</title>" in titled
    assert '<p class="subtitle">Sub</p>' in titled
    assert "og:image" not in titled
    bare = pages.page_html(figure(), [event()], div_id="c", table=False, plotlyjs="cdn")
    assert "<title>Negotiation timeline</title>" in bare
    assert "<figcaption>Filled markers are events known to the day;" in bare
    assert f'<script src="{PLOTLY_BASIC_CDN}"' in bare
    # Without a subtitle the page says what the events cover.
    assert '<p class="subtitle">1 event, on Sat 1 Mar 2025, from 1 source</p>' in bare
    assert f'gd.textContent = "{MISSING}";' in bare
    assert "<h2>Events</h2>" not in bare


def test_a_page_refuses_what_cannot_go_into_it() -> None:
    with pytest.raises(ValueError, match=r"^plotlyjs none is for fragments: a page must load"):
        pages.page_html(figure(), [event()], plotlyjs="none")
    with pytest.raises(ValueError, match="cannot be a div id"):
        pages.page_html(figure(), [event()], div_id="a b", plotlyjs="cdn")
    with pytest.raises(ValueError, match=r"^the social image must be"):
        pages.page_html(figure(), [event()], social_image="file:///c.png", plotlyjs="cdn")


def test_a_figure_without_traces_is_drawn_empty() -> None:
    layout = {"height": 300, "margin": {"t": 44}}
    fragment = pages.fragment_html({"layout": layout}, div_id="c")
    assert '  var figure = {"data":[],"layout":{"height":300,"margin":{"t":44},' in fragment
    page = pages.page_html(
        {"layout": dict(layout, margin={"t": 44})}, [event()], div_id="c", plotlyjs="cdn"
    )
    assert '  var figure = {"data":[],"layout":{"height":300,"margin":{"t":44},' in page


def test_none_leaves_plotlyjs_to_the_page_and_the_script_waits_for_it() -> None:
    waiting = pages.fragment_html(figure(), div_id="c", plotlyjs="none")
    assert "var waited = 0;" in waiting
    assert "<script src=" not in waiting
    for mode in ("cdn", "inline"):
        fragment = pages.fragment_html(figure(), div_id="c", plotlyjs=mode)  # type: ignore[arg-type]
        assert "var waited = 10001;" in fragment


PLAN = {
    "id": "truce",
    "title": "Truce <1>",
    "parties": ["A", "B & C"],
    "stages": [{"id": "energy", "title": "Energy"}, {"id": "sea", "title": "Sea"}],
}


def test_a_stage_links_its_latest_event_only_where_that_event_is_listed() -> None:
    agreed = event(1, stage="truce/energy", status="agreed")
    in_force = event(2, stage="truce/energy", status="in-force")
    progress = plan_progress(Plan.model_validate(PLAN), [agreed, in_force])
    plan_view = figure(view="plan")
    # The fragment lists only the events it is given: event 2 is named, not linked.
    fragment = pages.fragment_html(plan_view, [agreed], progress=progress, div_id="c")
    assert (
        "<div class='plans'>\n"
        "<p><b>Truce &lt;1&gt;</b><br><span class='note'>Parties: A, B &amp; C</span></p><ol>\n"
        "<li>Energy: <span class='status'>in-force</span> on Sun 2 Mar 2025 (Talks)</li>\n"
        "<li>Sea: <span class='status'>not started</span></li>\n"
        "</ol>\n"
        "</div>\n"
    ) in fragment
    assert '<tr id="c-talks-1">' in fragment
    assert '<tr id="c-talks-2">' not in fragment
    # A page links every stage's latest event to its row.
    page = pages.page_html(
        plan_view, [agreed, in_force], progress=progress, div_id="c", plotlyjs="cdn"
    )
    assert (
        "<section><h2>Plans</h2>\n"
        "<h3>Truce &lt;1&gt;</h3><p class='note'>Parties: A, B &amp; C</p><ol>\n"
        "<li>Energy: <span class='status'>in-force</span> on Sun 2 Mar 2025"
        ' (<a href="#event-talks-2">Talks</a>)</li>\n'
        "<li>Sea: <span class='status'>not started</span></li>\n"
        "</ol>\n"
        "</section>"
    ) in page
    assert (
        ' role="figure" aria-label="Interactive chart of where each plan stands;'
        ' each stage is listed below."'
    ) in page


def test_a_page_carries_plotlyjs_inline_by_default_before_its_tables() -> None:
    page = pages.page_html(figure(), [event()], div_id="c")
    assert '<script src="https://cdn.plot.ly' not in page
    inline = page.index(f"<script>{plotly_basic()}</script>")
    assert inline < page.index("<h2>Events</h2>")


def test_a_webgl_pages_plotlyjs_is_packed_the_same_way_every_time() -> None:
    """gzip at level 9 with no time and no file name in its header: the same page twice
    gives the same bytes, and the page is about a third of plotly.js's size. The packed copy
    comes before the tables too, as does the chart's script."""

    def webgl() -> dict[str, Any]:
        drawn = figure()
        drawn["data"] += [{"type": "scattergl", "x": [1], "y": [1]}, {"type": "bar", "x": [1]}]
        return drawn

    first = pages.page_html(webgl(), [event()], div_id="c")
    assert first == pages.page_html(webgl(), [event()], div_id="c")
    inline = first.index("\n  var packed = ")
    assert first.index("</figure>") < inline < first.index("<h2>Events</h2>")
    source, packed = inline_plotlyjs(first)
    # RFC 1952: ID1 ID2 CM FLG, then MTIME (4 bytes), XFL (2: the slowest, best compression)
    # and OS; FLG 0 says no name, comment or extra field follows. It is the compressed copy
    # made when the bundle was built, whatever machine builds the page.
    assert packed[:9] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02"
    assert packed == PLOTLY_WEBGL_FILE.with_name(PLOTLY_WEBGL_FILE.name + ".gz").read_bytes()
    assert len(first) < len(source) * 0.5


def test_http_and_https_sources_are_links_and_a_source_without_an_address_is_text() -> None:
    sources = [
        {"outlet": "Plain", "url": "http://e.org/a"},
        {"outlet": "Secure", "url": "https://e.org/b"},
        {"outlet": "Paper"},
    ]
    fragment = pages.fragment_html(figure(), [event(sources=sources)], div_id="c")
    assert (
        '<ul><li><a href="http://e.org/a" rel="noopener noreferrer">Plain</a></li>'
        '<li><a href="https://e.org/b" rel="noopener noreferrer">Secure</a></li>'
        "<li>Paper</li></ul>"
    ) in fragment


def test_nan_or_infinity_alone_is_written_as_null() -> None:
    # plotly's encoder writes the figure again once it has turned NaN into null, with its
    # own defaults: non-ASCII text comes out as \u escapes there, which is the same JSON.
    nan = pages.figure_json([{"y": [math.nan], "name": "caf\u00e9 <"}], {})  # type: ignore[list-item]
    assert nan == (
        '{"data":[{"y":[null],"name":"caf\\u00e9 \\u003c"}],"layout":{},' + CONFIG_JSON + "}"
    )
    for infinity in (math.inf, -math.inf):
        written = pages.figure_json([{"y": [infinity, 2]}], {})  # type: ignore[list-item]
        assert written == '{"data":[{"y":[null,2]}],"layout":{},' + CONFIG_JSON + "}"


def test_a_figure_of_numpy_values_keeps_its_text_utf8() -> None:
    import numpy

    data = [{"x": numpy.array([1, 2]), "name": "caf\u00e9"}]
    assert pages.figure_json(data, {}) == (  # type: ignore[arg-type]
        '{"data":[{"x":[1,2],"name":"caf\u00e9"}],"layout":{},' + CONFIG_JSON + "}"
    )


def test_the_plans_come_in_the_order_they_first_appear_each_with_its_stages() -> None:
    truce = plan_progress(Plan.model_validate(PLAN), [])
    single = {
        "id": "talks",
        "title": "Talks",
        "parties": ["A"],
        "stages": [{"id": "one", "title": "One"}],
    }
    talks = plan_progress(Plan.model_validate(single), [])
    fragment = pages.fragment_html(
        figure(view="plan"), [event()], progress=[truce[0], *talks, truce[1]], div_id="c"
    )
    assert (
        "<p><b>Truce &lt;1&gt;</b><br><span class='note'>Parties: A, B &amp; C</span></p><ol>\n"
        "<li>Energy: <span class='status'>not started</span></li>\n"
        "<li>Sea: <span class='status'>not started</span></li>\n"
        "</ol>\n"
        "<p><b>Talks</b><br><span class='note'>Parties: A</span></p><ol>\n"
        "<li>One: <span class='status'>not started</span></li>\n"
        "</ol>\n"
    ) in fragment


def test_a_pages_chart_has_its_id_height_styles_and_note() -> None:
    page = pages.page_html(figure(webgl=True), [event()], div_id="c", plotlyjs="cdn")
    assert '<div id="c" class="plotly-graph-div" style="height:464px; width:100%;"' in page
    assert 'var gd = document.getElementById("c");' in page
    assert "<style>\n*, *::before, *::after { box-sizing: border-box; }\n" in page
    assert "<figcaption>This timeline has 1 events, so the chart draws them with WebGL:" in page
    derived = pages.page_html(figure(), [event()], plotlyjs="cdn")
    ids = re.findall(r'<div id="(timeline-[0-9a-f]{12})" class="plotly-graph-div"', derived)
    assert len(ids) == 1
    assert f'var gd = document.getElementById("{ids[0]}");' in derived
    assert pages.ID_PLACEHOLDER not in derived


def test_the_table_gives_quotes_dates_as_stated_type_names_and_stage_titles() -> None:
    timeline = load_events(Path(__file__).resolve().parent.parent / "events")
    progress = plan_progress(timeline.plans[0], timeline.events)
    html = pages.page_html(figure(), timeline.events, progress=progress, plotlyjs="cdn")
    row = html[html.index('id="event-2025-03-18-black-sea-talks"') :]
    row = row[: row.index("</tr>")]
    assert "<td>Proposal<br><span class='note'>proposed: Maritime ceasefire in the Black Sea" in row
    assert "<q>These negotiations will begin immediately in the Middle East.</q>" in row
    assert "Dated as: “These negotiations will begin immediately”" in row
    call = html[html.index('id="event-2025-03-18-trump-putin-call"') :]
    assert "<td>Phone call<br>" in call[: call.index("</tr>")]


def packed_figure_text(page: str) -> str:
    """The figure a page carries packed, unpacked as the browser does (base64, then gzip)."""
    found = re.findall(
        r'var figure = JSON\.parse\(window\.timelineUnpack\("([A-Za-z0-9+/=]+)"\)\);', page
    )
    assert len(found) == 1, "the page should carry its figure packed, once"
    return gzip.decompress(base64.b64decode(found[0], validate=True)).decode("utf-8")


def long_figure() -> dict[str, Any]:
    """A figure whose JSON is past the size from which a page packs it."""
    hovers = [f"Event {n}: talks <b>{'x' * 300}</b> &amp; more" for n in range(1000)]
    return {
        "data": [{"type": "scatter", "x": list(range(1000)), "y": [1] * 1000, "hovertext": hovers}],
        "layout": {"height": 500, "margin": {"t": 80}, "meta": {"title": "T"}},
    }


def test_a_long_charts_figure_is_packed_in_an_inline_page_and_unpacks_to_its_json() -> None:
    first = pages.page_html(long_figure(), [event()], div_id="c")
    assert first == pages.page_html(long_figure(), [event()], div_id="c")
    # The same text as the figure a page from the CDN carries as a script literal.
    linked = pages.page_html(long_figure(), [event()], div_id="c", plotlyjs="cdn")
    expected = linked.split("var figure = ", 1)[1].split(";\n", 1)[0]
    assert packed_figure_text(first) == expected
    assert json.loads(expected)["layout"]["height"] == 464
    assert len(expected) >= pages.PACK_FIGURE_BYTES
    assert "Event 999: talks" not in first  # the hovers are in the packed copy only
    # fflate's unpacker comes once, in the chart's script, before the figure it unpacks; the
    # basic bundle stays as it is.
    script = first.index("window.timelineUnpack = function")
    assert first.count("window.timelineUnpack = function") == 1
    assert first.index(f"<script>{plotly_basic()}</script>") < script
    assert script < first.index("var figure = JSON.parse(") < first.index("<h2>Events</h2>")
    assert len(first) < len(plotly_basic()) + 200_000


def test_a_short_charts_figure_and_every_fragment_and_cdn_page_keep_it_as_a_script_literal() -> (
    None
):
    assert "var figure = {" in pages.page_html(figure(), [event()], div_id="c")
    for text in (
        pages.page_html(long_figure(), [event()], div_id="c", plotlyjs="cdn"),
        pages.fragment_html(long_figure(), [event()], div_id="c", plotlyjs="inline"),
    ):
        assert "var figure = {" in text
        assert "timelineUnpack" not in text
