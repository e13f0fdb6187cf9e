"""Our TimelineJS exports load in the real TimelineJS (the npm package ``@knight-lab/timelinejs``,
installed into tests/js by ``npm ci --prefix tests/js``) in headless Chromium: one slide per
event, with the right headline and date, and no page errors."""

from __future__ import annotations

import json
import mimetypes
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import TIMELINEJS, require_all

from timeline.interop.exporter import export
from timeline.loading import load
from timeline.model import Event

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
BUNDLE = ROOT / "tests" / "js" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
# A made-up origin: Playwright answers its requests from disk, so the page loads our export
# over HTTP (as a newsroom's page would) without a server, and nothing leaves the machine.
ORIGIN = "http://timeline.test"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css">
<script src="/timelinejs/js/timeline.js"></script></head>
<body style="margin:0"><div id="timeline-embed" style="width:100%;height:600px"></div>
<script>
  window.timelineLoaded = false;
  // font: null, since the default font sheet loads Google Fonts and this page is offline.
  window.tl = new TL.Timeline("timeline-embed", "DATA_URL",
      {script_path: "ORIGIN/timelinejs/js/", font: null});
  window.tl.on("loaded", function () { window.timelineLoaded = true; });
</script></body></html>
"""


def bundle() -> Path:
    """The installed TimelineJS; missing fails where every test must run (./scripts/test, CI)
    and skips elsewhere."""
    if (BUNDLE / "js" / "timeline.js").is_file():
        return BUNDLE
    if require_all():
        pytest.fail("TimelineJS is not installed: run npm ci --prefix tests/js")
    pytest.skip("TimelineJS is not installed (npm ci --prefix tests/js)")


def open_timeline(page: Any, data: Path) -> list[dict[str, Any]]:
    """Open a page that loads ``data`` with TimelineJS; the slides as TimelineJS drew them."""
    dist = bundle()
    elsewhere: list[str] = []
    html = PAGE.replace("DATA_URL", f"/{data.name}").replace("ORIGIN", ORIGIN)

    def answer(route: Any) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            elsewhere.append(url)
            route.abort()
            return
        path = url[len(ORIGIN) :].split("?")[0]
        if path == "/":
            route.fulfill(body=html, content_type="text/html")
            return
        if path.startswith("/timelinejs/"):
            file = dist / path[len("/timelinejs/") :]
        else:
            file = data.parent / path.lstrip("/")
        if file.is_file():
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(body=file.read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body="not found")

    page.route("**/*", answer)
    page.goto(ORIGIN + "/")
    page.wait_for_function("window.timelineLoaded === true", timeout=20_000)
    errors = page.evaluate("window.tl.config.getErrors()")
    slides: list[dict[str, Any]] = page.eval_on_selector_all(
        ".tl-storyslider .tl-slide",
        """slides => slides.map(slide => ({
            title: slide.classList.contains("tl-slide-titleslide"),
            headline: (slide.querySelector(".tl-headline") || {}).textContent || "",
            date: (slide.querySelector(".tl-headline-date") || {}).textContent || "",
            text: (slide.querySelector(".tl-text-content") || {}).textContent || "",
        }))""",
    )
    assert errors == []
    assert page.problems == []
    assert elsewhere == []
    return slides


def shown_date(event: Event) -> str:
    date = event.date.human()
    return date if event.end is None else f"{date} \u2013 {event.end.human()}"


def expected(events: list[Event]) -> list[tuple[str, str]]:
    return sorted((e.title, shown_date(e)) for e in events)


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("timelinejs-json", "json"), ("timelinejs-csv", "csv")]
)
def test_sample_export_renders_one_slide_per_event(
    page: Any, tmp_path: Path, fmt: str, suffix: str
) -> None:
    output = tmp_path / f"timeline.{suffix}"
    export(SAMPLE, fmt, output=output)
    if fmt == "timelinejs-json":
        # Our records ride along, under a key TimelineJS does not read: it still loads.
        data = json.loads(output.read_text(encoding="utf-8"))
        assert all(slide["negotiation_timeline"]["actors"] for slide in data["events"])
        assert data["negotiation_timeline"]["plans"][0]["id"] == "us-russia-ceasefire-path"
    slides = open_timeline(page, output)
    events = load(SAMPLE).timeline.events
    assert len(slides) == len(events) == 9
    assert sorted((s["headline"], s["date"]) for s in slides) == expected(events)
    call = next(s for s in slides if s["headline"].startswith("Trump and Putin agree"))
    assert call["date"] == "Tue 18 Mar 2025"
    assert "The Independent, Tue 18 Mar 2025" in call["text"]
    page.screenshot(path=str(tmp_path / f"sample-{suffix}.png"))


def test_titled_timeline_has_a_title_slide_and_markup_stays_text(page: Any, tmp_path: Path) -> None:
    folder = tmp_path / "events"
    shutil.copytree(SAMPLE, folder)
    (folder / "timeline.yaml").write_text("timeline:\n  title: US\u2013Russia <b>talks</b>\n")
    (folder / "hostile.yaml").write_text(
        "title: <img src=x onerror=window.hacked=1> & <script>window.hacked=2</script>\n"
        "date: 2025-03-19T09:30+01:00\ntype: statement\nactors: [Somebody]\n"
        "summary: a < b\nsources:\n  - outlet: <i>Wire</i>\n    url: https://wire.example/a?x=1&y=2\n"
    )
    output = tmp_path / "timeline.json"
    export(folder, "timelinejs-json", output=output)
    slides = open_timeline(page, output)
    assert slides[0] == {
        "title": True,
        "headline": "US\u2013Russia <b>talks</b>",
        "date": "",
        "text": "",
    }
    hostile = next(s for s in slides if "onerror" in s["headline"])
    assert hostile["headline"] == (
        "<img src=x onerror=window.hacked=1> & <script>window.hacked=2</script>"
    )
    assert hostile["date"] == "Wed 19 Mar 2025 08:30 UTC"
    assert page.evaluate("window.hacked === undefined")
    assert len(slides) == 1 + 10
    page.screenshot(path=str(tmp_path / "titled.png"))


def test_imported_timelinejs_file_exports_and_renders_with_eras(page: Any, tmp_path: Path) -> None:
    from timeline.interop.importer import import_file

    folder = tmp_path / "events"
    import_file(TIMELINEJS / "eras.json", folder)
    output = tmp_path / "eras-again.json"
    export(folder, "timelinejs-json", output=output)
    slides = open_timeline(page, output)
    events = [e for e in load(folder).timeline.events if "era" not in e.tags]
    assert slides[0]["title"] and slides[0]["headline"] == "Eras Test"
    assert sorted((s["headline"], s["date"]) for s in slides[1:]) == expected(events)
    eras = page.eval_on_selector_all(".tl-timeera .tl-timeera-text", "els => els.length")
    assert eras == 3
    page.screenshot(path=str(tmp_path / "eras.png"))
