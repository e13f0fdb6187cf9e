"""The short hover of a WebGL timeline: each line wrapped and escaped exactly as
:func:`timeline.drawing.text.wrapped` does it, however it is computed."""

from __future__ import annotations

import html
import textwrap
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.drawing.webgl import _hover_line, page_columns

WIDTH = 42  # HOVER_WIDTH, written out: the expected lines do not come from the code


def expected(text: str) -> str:
    """textwrap's lines (no break on hyphens), each escaped as markup() escapes: what a
    hover line must read, from the standard library alone."""
    if len(text) <= WIDTH and "\n" not in text:
        lines = text.splitlines() or [""]
    else:
        lines = []
        for paragraph in text.splitlines() or [""]:
            lines.extend(textwrap.wrap(paragraph, WIDTH, break_on_hyphens=False) or [""])
    escaped = []
    for line in lines:
        safe = html.escape(line, quote=False).replace("$", "&#36;").replace("{", "&#123;")
        escaped.append("<br>".join(safe.splitlines()))
    return "<br>".join(escaped)


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(max_size=140),
        st.text(alphabet="ab -\t\n\x1f\xa0\u2028é", max_size=160),
        st.lists(st.text(alphabet="abcé-&<$", min_size=1, max_size=14), max_size=14).map(" ".join),
        st.lists(st.text(alphabet="abcdefgé-", min_size=1, max_size=50), max_size=12).map(" ".join),
    )
)
def test_a_hover_line_is_wrapped_and_escaped_as_textwrap_and_markup_would(text: str) -> None:
    assert _hover_line(text) == expected(text)


def test_long_titles_and_lists_of_actors_wrap_between_words() -> None:
    title = "Ukraine and the United States agree to a thirty-day ceasefire proposal in Jeddah"
    assert _hover_line(title) == (
        "Ukraine and the United States agree to a<br>thirty-day ceasefire proposal in Jeddah"
    )
    actors = "United States, Russia, Ukraine, Saudi Arabia, European Union, Turkey"
    assert _hover_line(actors) == (
        "United States, Russia, Ukraine, Saudi<br>Arabia, European Union, Turkey"
    )
    assert _hover_line("Talks on the Black Sea & the $5bn {grain} deal, with <b>Turkey</b>") == (
        "Talks on the Black Sea &amp; the &#36;5bn &#123;grain}<br>"
        "deal, with &lt;b&gt;Turkey&lt;/b&gt;"
    )


def joined(columns: list[list[Any]]) -> list[list[str]]:
    """Rows from a page's columns, as the page's script joins them: each column's parts
    joined point by point, a part a list of texts or a table and each point's place in it."""

    def text(part: Any, point: int) -> str:
        return str(part[point] if isinstance(part, list) else part["table"][part["index"][point]])

    first = columns[0][0]
    count = len(first) if isinstance(first, list) else len(first["index"])
    return [["".join(text(p, point) for p in parts) for parts in columns] for point in range(count)]


def test_a_page_carries_the_markers_customdata_in_columns_that_join_back() -> None:
    rows = [
        ["https://news.example.org/2025/1", "Talks &amp; more", "Russia, Ukraine", "Mar 2025"],
        ["https://news.example.org/2025/2", "A call", "Russia, Ukraine", "Mar 2025"],
        ["https://other.example.com/b", "Talks &amp; more", "Turkey", "Apr 2025"],
        ["", "No link", "Russia, Ukraine", "Mar 2025"],
    ]
    bar = {"type": "bar", "x": [1], "customdata": [["https://a.example/", "stage"]]}
    markers = {"type": "scattergl", "mode": "markers", "customdata": rows, "name": "talks"}
    lines = {"type": "scattergl", "mode": "lines", "x": [1, 2]}
    traces, columns = page_columns([bar, markers, lines])
    assert traces[0] is bar and traces[2] is lines
    assert traces[1] == {"type": "scattergl", "mode": "markers", "name": "talks"}
    assert markers["customdata"] is rows  # the figure itself is left as it is
    assert list(columns) == ["1"]
    assert joined(columns["1"]) == rows
    link, title, actors, date = columns["1"]
    # A link's beginning, up to its last "/", written once; actors and dates that repeat too.
    assert link == [
        {
            "table": ["https://news.example.org/2025/", "https://other.example.com/", ""],
            "index": [0, 0, 1, 2],
        },
        ["1", "2", "b", ""],
    ]
    assert actors == [{"table": ["Russia, Ukraine", "Turkey"], "index": [0, 0, 1, 0]}]
    assert date == [{"table": ["Mar 2025", "Apr 2025"], "index": [0, 0, 1, 0]}]
    assert title == [["Talks &amp; more", "A call", "Talks &amp; more", "No link"]]
    assert page_columns([bar, markers, lines]) == (traces, columns)
