"""No event text can run in a published page: every payload in every text field, and in
``--title``, shows as text in the hover and the events table of the full page and of a
fragment embedded in a host page, in a real headless Chromium, with no dialog, no error,
no element or handler the page did not make, and nothing handed to MathJax.

Each payload gets one event whose every text field holds it, tagged with the field's name
("<svg onload=alert(1)> [summary]"), so a failure says which field let it through.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
import pytest
from conftest import recording_page
from test_browser_build import MARKER_JS, hover_lines

from timeline.validate import validate

pytestmark = pytest.mark.browser

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "svg": "<svg onload=alert(1)>",
    "close-script": "</script><script>alert(1)</script>",
    "attribute": '"><script>alert(1)</script>',
    "line-separators": "a\u2028b\u2029c",
    "mathjax": "$\\href{javascript:alert(1)}{x}$",
}
TITLE = "</script><script>alert(1)</script> $x$ [--title]"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
READY = ".plotly-graph-div[data-ready=true]"

# Defined before the page's scripts run: records any use of MathJax, which plotly.js makes
# only for text it takes for TeX ($...$). A page that loads MathJax would typeset it, and
# TeX's \href can hold a javascript: link.
MATHJAX_PROBE = """
window.__mathjax = [];
window.MathJax = new Proxy({}, {
  get(target, name) { window.__mathjax.push(String(name)); return undefined; },
});
"""

# Everything in the page that could run: event-handler attributes, links and sources that
# are not http(s) (file: is the test's own copy of plotly.js), and elements the payloads
# try to make.
FOREIGN_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) || '';
      if (name.toLowerCase().startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (/(^|:)(href|src|action|formaction)$/i.test(name)
          && !/^(https?:|file:|#|data:image\\/|$)/i.test(value.trim())) {
        found.push(`${el.tagName} ${name}=${value}`);
      }
    }
  }
  for (const el of document.querySelectorAll('img, iframe, object, embed')) {
    found.push(el.outerHTML.slice(0, 80));
  }
  return found;
}"""


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    import json

    return json.dumps(text)


def field(payload: str, name: str) -> str:
    return f"{payload} [{name}]"


def url_for(payload: str) -> str:
    # An http(s) address can carry the payload in its path and query, spaces encoded.
    return "https://example.org/" + "".join("%20" if c.isspace() else c for c in payload)


def event_file(number: int, payload: str) -> str:
    shown = {name: quote(field(payload, name)) for name in ("title", "summary", "actor")}
    shown |= {name: quote(field(payload, name)) for name in ("tag", "by", "says", "outlet")}
    shown |= {name: quote(field(payload, name)) for name in ("source-title", "quote")}
    return (
        f"title: {shown['title']}\n"
        f"date: 2025-03-{1 + 4 * number:02d}\n"
        "type: talks\n"
        f"actors: [{shown['actor']}, Second actor]\n"
        f"summary: {shown['summary']}\n"
        f"tags: [{shown['tag']}]\n"
        f"claims:\n  - by: {shown['by']}\n    says: {shown['says']}\n    stance: denies\n"
        f"sources:\n  - outlet: {shown['outlet']}\n    title: {shown['source-title']}\n"
        f"    quote: {shown['quote']}\n    url: {quote(url_for(payload))}\n"
    )


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("injection") / "events"
    folder.mkdir()
    for number, (name, payload) in enumerate(PAYLOADS.items()):
        (folder / f"{name}.yaml").write_text(event_file(number, payload), encoding="utf-8")
    _, problems = validate(folder, strict=True)
    assert problems == []
    return folder


def build(events: Path, output: Path, *args: str) -> Path:
    from conftest import timeline_executable

    # One lane per actor makes the chart tall enough for these long hovers: plotly.js draws
    # no hover at all when it is taller than the chart (plotly.js#5459).
    command = ["build", "-e", str(events), "-o", str(output), "--lanes", "actor", *args]
    result = subprocess.run(
        [timeline_executable(), *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def full_page(events: Path) -> Path:
    return build(events, events.parent / "page.html", "--title", TITLE)


@pytest.fixture(scope="module")
def host_page(events: Path) -> Path:
    """A fragment in someone else's page, which loads plotly.js itself."""
    fragment = build(
        events, events.parent / "chart.fragment.html", "-f", "fragment", "--plotlyjs", "none",
        "--title", TITLE,
    )  # fmt: skip
    host = events.parent / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Host</title>"
        f"<script src='{PLOTLY_JS.as_uri()}'></script></head><body>"
        "<h1>A newsroom page</h1><p>Our reporting, with the chart below.</p>\n"
        f"{fragment.read_text(encoding='utf-8')}<p>More reporting.</p></body></html>",
        encoding="utf-8",
    )
    return host


@pytest.fixture
def probed(browser: Any) -> Iterator[Any]:
    """A desktop page that records errors, dialogs and any use of MathJax."""
    page = recording_page(browser, viewport={"width": 1280, "height": 900})
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(MATHJAX_PROBE)
    yield page
    page.context.close()


def words(text: str) -> str:
    """Text with every run of white space (U+2028 and U+2029 included) as one space."""
    return " ".join(text.split())


def check_page(page: Any, path: Path, scripts: int) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector(READY)
    assert page.evaluate(FOREIGN_JS) == []
    assert page.evaluate("document.scripts.length") == scripts  # none but the page's own
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    table = words(page.locator("tbody").inner_text())  # as shown: <br> is a line break
    for name, payload in PAYLOADS.items():
        where = page.evaluate(MARKER_JS, name)
        assert where is not None, name
        page.mouse.move(where["x"], where["y"])
        hover = words(hover_lines(page))
        shown = {
            "title": field(payload, "title"),
            "summary": field(payload, "summary"),
            "actors": f"{field(payload, 'actor')}, Second actor",
            "source": f"• {field(payload, 'outlet')}: {field(payload, 'source-title')}",
            "claim": f"• {field(payload, 'by')} denies: {field(payload, 'says')}",
        }
        for part, text in shown.items():
            assert words(text) in hover, (name, part, hover)
        for part in ("title", "summary", "actor", "outlet", "source-title", "by", "says"):
            assert words(field(payload, part)) in table, (name, part)
        page.mouse.move(5, 5)  # leave the marker so the next hover is a new label
        page.locator(".hoverlayer .hovertext").wait_for(state="detached")
    # Each source links its own http(s) address, exactly as written.
    hrefs = page.eval_on_selector_all("tbody a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted(url_for(payload) for payload in PAYLOADS.values())
    assert page.dialogs == []
    assert page.evaluate("window.__mathjax") == []
    assert page.problems == []


def test_the_full_page_shows_every_payload_as_text(probed: Any, full_page: Path) -> None:
    check_page(probed, full_page, scripts=2)  # plotly.js and the chart's script
    assert probed.title() == TITLE
    assert probed.locator("h1").text_content() == TITLE


def test_a_fragment_in_a_host_page_shows_every_payload_as_text(
    probed: Any, host_page: Path
) -> None:
    check_page(probed, host_page, scripts=2)  # the host's plotly.js and the chart's script
    assert probed.title() == "Host"
    assert probed.locator("h1").all_text_contents() == ["A newsroom page"]


def test_the_page_source_never_holds_a_payload_as_markup(full_page: Path, host_page: Path) -> None:
    # The browser checks above see the parsed page; this looks at the bytes, where a
    # "</script>" in the figure's JSON would have ended the chart's script early.
    for path in (full_page, host_page):
        text = path.read_text(encoding="utf-8")
        for name, payload in PAYLOADS.items():
            if "<" in payload:  # the others are not markup in HTML
                assert payload not in text, (path.name, name)
        assert text.count("</script>") == text.count("<script")
        assert "\u2028" not in text.split("<script")[-1]  # raw inside a script: a syntax risk


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_track_is_an_id_and_cannot_hold_markup(tmp_path: Path, payload: str) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        f"title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\ntrack: {quote(payload)}\n"
        "sources: [{outlet: O}]\n",
        encoding="utf-8",
    )
    _, problems = validate(folder)
    assert [p.message for p in problems] == [
        f"track: '{payload}' is not an id: use lowercase letters, digits and -"
    ]


@pytest.mark.parametrize(
    "div_id", ['"><script>alert(1)</script>', "</script>", "a b", "x' onload='alert(1)", "é"]
)
def test_a_crafted_div_id_is_refused(events: Path, run_timeline: Any, div_id: str) -> None:
    output = events.parent / "crafted.fragment.html"
    result = run_timeline("build", "-e", events, "-f", "fragment", "--div-id", div_id, "-o", output)
    assert result.returncode == 2
    message = words(result.stderr.replace("│", " "))  # the text inside rich's box
    assert "cannot be a div id: use only letters, digits, '-' and '_'" in message
    assert not output.exists()
