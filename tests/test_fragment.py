"""HTML fragments: a <div> with its script and no page around it, plotly.js inline, from the
CDN or left to the page, ids from the content or --div-id, the table, no blank line, and
user text that stays text."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PLOTLY_BASIC_CDN, plotly_basic
from typer.testing import CliRunner

from timeline import load_events, to_html
from timeline.cli import app
from timeline.drawing import build_figure
from timeline.pages import check_div_id, fragment_html

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
Run = Callable[..., subprocess.CompletedProcess[str]]
ID = re.compile(r'<div id="(timeline-[0-9a-f]{12})" class="plotly-graph-div"')


@pytest.fixture(scope="module")
def fragments() -> dict[str, str]:
    events = load_events(SAMPLE)
    return {
        mode: to_html(events, fragment=True, plotlyjs=mode)  # type: ignore[arg-type]
        for mode in ("inline", "cdn", "none")
    }


def test_a_fragment_is_one_div_with_its_script_and_no_page(fragments: dict[str, str]) -> None:
    for fragment in fragments.values():
        assert fragment.startswith(
            '<div class="negotiation-timeline mathjax_ignore tex2jax_ignore">\n'
        )
        assert fragment.endswith("</script>\n</div>\n")
        for tag in ("<!DOCTYPE", "<html", "<head", "<body", "<title", "<meta"):
            assert tag.lower() not in fragment.lower()
        assert len(ID.findall(fragment)) == 1
        assert fragment.count('class="plotly-graph-div"') == 1


def test_the_title_is_html_that_wraps_and_the_figure_keeps_none(
    fragments: dict[str, str],
) -> None:
    cdn = fragments["cdn"]
    assert (
        '<p class="chart-title"><b>Negotiation timeline</b><br><span class="chart-subtitle">'
        "9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources</span></p>"
    ) in cdn
    assert '"title":{"text":""}' in cdn
    assert '"margin":{"l":12,"r":12,"t":44,"b":166,"autoexpand":false}' in cdn


def test_the_default_fragment_loads_plotlyjs_from_the_cdn_with_its_hash() -> None:
    fragment = to_html(load_events(SAMPLE), fragment=True)
    digest = base64.b64encode(hashlib.sha256(plotly_basic().encode()).digest()).decode()
    assert (
        f'<script src="{PLOTLY_BASIC_CDN}" '
        f'integrity="sha256-{digest}" crossorigin="anonymous" charset="utf-8"></script>'
    ) in fragment
    assert fragment.count("<script") == 2


def test_inline_carries_plotlyjs_in_a_data_url_that_decodes_to_the_bundle(
    fragments: dict[str, str],
) -> None:
    [encoded] = re.findall(
        r'<script src="data:text/javascript;base64,([A-Za-z0-9+/=]+)">', fragments["inline"]
    )
    assert base64.b64decode(encoded).decode() == plotly_basic()
    assert "cdn.plot.ly" not in fragments["inline"]


def test_none_leaves_plotlyjs_to_the_page_and_waits_for_it(fragments: dict[str, str]) -> None:
    none = fragments["none"]
    assert none.count("<script") == 1
    assert "cdn.plot.ly" not in none and "base64" not in none
    assert "var waited = 0;" in none  # counts from the page's load, up to ten seconds
    assert "var waited = 10001;" in fragments["cdn"]  # plotly.js is there, or it failed


def test_no_fragment_has_a_blank_line_even_when_user_text_has_one(
    make_tree: Callable[..., Path], fragments: dict[str, str]
) -> None:
    # CommonMark ends a raw HTML block at the first blank line: the rest would be Markdown.
    root = make_tree(
        {
            "talks.yaml": "title: Talks\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"
            "summary: |\n  First paragraph.\n\n  Second paragraph.\n"
            "sources: [{outlet: Wire}]\n"
        }
    )
    with_paragraphs = to_html(load_events(root), fragment=True, plotlyjs="inline")
    assert "First paragraph.<br><br>Second paragraph." in with_paragraphs
    for fragment in [*fragments.values(), with_paragraphs]:
        assert not re.search(r"\n[ \t]*\n", fragment)


def test_the_id_comes_from_the_content(fragments: dict[str, str]) -> None:
    events = load_events(SAMPLE)
    ids = {mode: ID.findall(fragment)[0] for mode, fragment in fragments.items()}
    assert len(set(ids.values())) == 3
    again = to_html(events, fragment=True, plotlyjs="cdn")
    assert again == fragments["cdn"]
    other = to_html(events, fragment=True, plotlyjs="cdn", title="Another title")
    assert ID.findall(other)[0] != ids["cdn"]
    # The script and the table rows use the same id.
    div_id = ids["cdn"]
    assert f'var gd = document.getElementById("{div_id}");' in fragments["cdn"]
    assert f'<tr id="{div_id}-2025-03-18-trump-putin-call">' in fragments["cdn"]
    assert f'<a href="#{div_id}-2025-03-18-trump-putin-call">' in fragments["cdn"]


def test_div_id_sets_the_id_of_the_chart_and_rows() -> None:
    fragment = to_html(load_events(SAMPLE), fragment=True, div_id="ceasefire_chart-2")
    assert '<div id="ceasefire_chart-2" class="plotly-graph-div"' in fragment
    assert 'document.getElementById("ceasefire_chart-2")' in fragment
    assert '<tr id="ceasefire_chart-2-2025-03-17-starmer-trump-call">' in fragment
    assert "timeline-chart-id-placeholder" not in fragment


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "'' cannot be a div id: use only letters, digits, '-' and '_'"),
        ("a b", "'a b' cannot be a div id: use only letters, digits, '-' and '_'"),
        (
            'x"><script>alert(1)</script>',
            "'x\"><script>alert(1)</script>' cannot be a div id: use only letters, digits, "
            "'-' and '_'",
        ),
        ("chart\n", "'chart\\n' cannot be a div id: use only letters, digits, '-' and '_'"),
        ("carte-é", "'carte-é' cannot be a div id: use only letters, digits, '-' and '_'"),
        ("a.b", "'a.b' cannot be a div id: use only letters, digits, '-' and '_'"),
    ],
    ids=["empty", "space", "markup", "newline", "non-ascii", "dot"],
)
def test_a_crafted_div_id_is_refused(value: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_div_id(value)
    assert str(caught.value) == message
    with pytest.raises(ValueError):
        fragment_html(build_figure(load_events(SAMPLE)), div_id=value)


def test_a_crafted_div_id_is_a_usage_error_on_the_command_line(tmp_path: Path) -> None:
    output = tmp_path / "chart.html"
    result = CliRunner().invoke(
        app,
        ["build", "-e", str(SAMPLE), "-f", "fragment", "-o", str(output), "--div-id", "a'b"],
    )
    assert result.exit_code == 2
    assert "Invalid value for '--div-id': \"a'b\" cannot be a div id" in result.stderr
    assert not output.exists()


def test_table_lists_plans_and_events_in_a_details_box_and_no_table_leaves_it_out(
    fragments: dict[str, str],
) -> None:
    cdn = fragments["cdn"]
    assert "<details><summary>The 9 events in this chart, as a list</summary>" in cdn
    assert "<p><b>US\u2013Russia path to peace in Ukraine</b>" in cdn
    assert " .negotiation-timeline details { margin: 4px 0 16px; }" in cdn
    assert 'aria-label="Interactive chart: Negotiation timeline. The same information is ' in cdn
    bare = to_html(load_events(SAMPLE), fragment=True, table=False)
    assert "<details" not in bare and "<table" not in bare
    assert 'aria-label="Interactive chart: Negotiation timeline."' in bare


def test_user_text_cannot_put_a_script_in_a_fragment(make_tree: Callable[..., Path]) -> None:
    root = make_tree(
        {
            "evil.yaml": "title: '</script><script>alert(1)</script><img src=x onerror=alert(2)>'\n"
            "date: 2025-03-18\ntype: talks\nactors: ['<b>A</b>']\n"
            "sources: [{outlet: '<i>Wire</i>', url: 'https://example.org/?a=\"b\"&c=<d>'}]\n"
        }
    )
    fragment = to_html(load_events(root), fragment=True, plotlyjs="none")
    assert fragment.count("<script") == 1
    assert "<img" not in fragment and "<i>Wire" not in fragment and "<b>A</b>" not in fragment
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert '<a href="https://example.org/?a=&quot;b&quot;&amp;c=&lt;d&gt;"' in fragment
    # Inside the script, the figure's JSON escapes "<" and ">", so no tag can close it.
    script = fragment.split("<script>", 1)[1]
    assert "</script>" not in script.removesuffix("</script>\n</div>\n")


def test_the_installed_command_writes_a_fragment_with_the_same_bytes_twice(
    tmp_path: Path, run_timeline: Run
) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for output in (first, second):
        result = run_timeline("build", "-e", SAMPLE, "--format", "fragment", "-o", output)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"Wrote {output} (9 events, {output.stat().st_size:,} bytes)\n"
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text().startswith(
        '<div class="negotiation-timeline mathjax_ignore tex2jax_ignore">'
    )
