"""``--as-of``: the sample and a copy of it with later sources, drawn as the sources had
told the story by the end of a day; expectations written by hand from the files. The replay
control in the page, offline in Chromium."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE

Run = Callable[..., Any]

SAMPLE_IDS = {
    "2025-03-17-starmer-trump-call",
    "2025-03-18-black-sea-talks",
    "2025-03-18-downing-street-statement",
    "2025-03-18-lammy-arms-shipments",
    "2025-03-18-trump-putin-call",
    "2025-03-18-zelensky-response",
    "2025-03-coalition-of-the-willing",
    "2025-03-kremlin-denies-energy-strikes",
    "2025-03-trump-dividing-assets",
}
ZELENSKY_CALL = """title: Zelensky and Trump speak by phone
date: 2025-03-19
type: call
actors: [Volodymyr Zelensky, Donald Trump]
track: us-ukraine
stage: us-russia-ceasefire-path/black-sea-ceasefire
status: agreed
sources:
  - outlet: The Independent
    published: 2025-03-20
    date_text: Wednesday
"""
UNDATED = """title: Talks about talks are rumoured
date: 2025-03
type: statement
actors: [Kremlin]
track: us-russia
sources:
  - outlet: A rumour with no date
"""
MONTH_PUBLISHED = """title: A monthly review names a new envoy
date: 2025-03-20
type: statement
actors: [United States]
track: us-russia
sources:
  - outlet: Monthly Review
    published: 2025-03
"""
LATE_SOURCE = """  - outlet: Reuters
    published: 2025-03-21
    title: A later analysis of the call
"""


@pytest.fixture
def later(tmp_path: Path) -> Path:
    """The sample, and: a call published on 20 March that moves the Black Sea stage to
    agreed; an event with no publication date; one published in "2025-03" only; a second
    source on the Trump-Putin call published on 21 March."""
    root = tmp_path / "events"
    shutil.copytree(SAMPLE, root)
    (root / "2025-03-19-zelensky-trump-call.yaml").write_text(ZELENSKY_CALL, encoding="utf-8")
    (root / "2025-03-undated.yaml").write_text(UNDATED, encoding="utf-8")
    (root / "2025-03-20-month-published.yaml").write_text(MONTH_PUBLISHED, encoding="utf-8")
    call = root / "2025-03-18-trump-putin-call.yaml"
    text = call.read_text(encoding="utf-8")
    text = text.replace(
        "    date_text: Tuesday's phone call\n",
        "    date_text: Tuesday's phone call\n" + LATE_SOURCE,
    )
    call.write_text(text, encoding="utf-8")
    return root


def page_facts(page: str) -> dict[str, Any]:
    """What the built page says: its heading, subtitle, table rows and stage statuses."""
    heading = re.search(r"<h1>(.*?)</h1>", page)
    subtitle = re.search(r'<p class="subtitle">(.*?)</p>', page)
    assert heading and subtitle
    stages = dict(re.findall(r"<li>([^<:]+): <span class='status'>([^<]+)</span>", page))
    rows = re.findall(r'<tr id="event-([^"]+)"', page)
    return {
        "title": html.unescape(heading.group(1)),
        "subtitle": html.unescape(subtitle.group(1)),
        "rows": set(rows),
        "stages": stages,
    }


def build_as_of(run_timeline: Run, events: Path, day: str, output: Path) -> str:
    done = run_timeline("build", "-e", events, "--as-of", day, "-o", output)
    assert done.returncode == 0, done.stderr
    return output.read_text(encoding="utf-8")


def test_the_sample_before_18_march_has_nothing_published(
    run_timeline: Run, tmp_path: Path
) -> None:
    done = run_timeline("build", "-e", SAMPLE, "--as-of", "2025-03-17", "-o", tmp_path / "t.html")
    assert done.returncode == 1
    assert done.stderr == (
        "Error: no event had been published by Mon 17 Mar 2025; nothing written "
        "(the first publication dates are in the events' sources)\n"
    )
    assert not (tmp_path / "t.html").exists()


def test_the_sample_as_of_18_march(run_timeline: Run, tmp_path: Path) -> None:
    page = build_as_of(run_timeline, SAMPLE, "2025-03-18", tmp_path / "t.html")
    facts = page_facts(page)
    assert facts["title"] == "Negotiation timeline, as of Tue 18 Mar 2025"
    assert facts["rows"] == SAMPLE_IDS
    assert facts["stages"] == {
        "Energy and infrastructure ceasefire": "agreed",
        "Maritime ceasefire in the Black Sea": "proposed",
        "Full ceasefire": "not started",
        "Permanent peace": "not started",
    }
    assert "publication date unknown" not in facts["subtitle"]
    # One publication day: nothing to replay.
    assert 'id="timeline-replay"' not in page


def test_later_sources_before_and_after_18_march(
    run_timeline: Run, later: Path, tmp_path: Path
) -> None:
    on_18 = page_facts(build_as_of(run_timeline, later, "2025-03-18", tmp_path / "18.html"))
    assert on_18["title"] == "Negotiation timeline, as of Tue 18 Mar 2025"
    assert on_18["rows"] == SAMPLE_IDS | {"2025-03-undated"}
    assert on_18["subtitle"].endswith("; 1 with publication date unknown")
    assert on_18["stages"]["Maritime ceasefire in the Black Sea"] == "proposed"

    page_20 = build_as_of(run_timeline, later, "2025-03-20", tmp_path / "20.html")
    on_20 = page_facts(page_20)
    assert on_20["title"] == "Negotiation timeline, as of Thu 20 Mar 2025"
    assert on_20["rows"] == SAMPLE_IDS | {"2025-03-undated", "2025-03-19-zelensky-trump-call"}
    assert on_20["stages"] == {
        "Energy and infrastructure ceasefire": "agreed",
        "Maritime ceasefire in the Black Sea": "agreed",
        "Full ceasefire": "not started",
        "Permanent peace": "not started",
    }
    # The Reuters source of the 21st is not on the call yet; the undated Bloomberg one is.
    assert "Reuters" not in page_20
    assert "Bloomberg" in page_20

    page_21 = build_as_of(run_timeline, later, "2025-03-21", tmp_path / "21.html")
    assert page_facts(page_21)["rows"] == on_20["rows"]
    assert "Reuters" in page_21

    # Published "2025-03": surely out only once March is over.
    on_31 = page_facts(build_as_of(run_timeline, later, "2025-03-31", tmp_path / "31.html"))
    assert on_31["rows"] == on_20["rows"] | {"2025-03-20-month-published"}


def test_as_of_takes_a_day(run_timeline: Run, tmp_path: Path) -> None:
    done = run_timeline("build", "--as-of", "2025-03", "-o", tmp_path / "t.html", cwd=SAMPLE.parent)
    assert done.returncode == 2
    assert "as of takes a day, YYYY-MM-DD, not '2025-03'" in done.stderr


def test_the_api_draws_as_of_a_day(later: Path) -> None:
    import timeline

    events = timeline.load_events(later)
    drawn = timeline.chart(events, as_of="2025-03-18")
    assert {event.id for event in drawn.events} == SAMPLE_IDS | {"2025-03-undated"}
    assert drawn.meta["title"] == "Negotiation timeline, as of Tue 18 Mar 2025"
    statuses = {stage.stage.id: stage.status for stage in drawn.progress}
    assert statuses["black-sea-ceasefire"] == "proposed"
    assert timeline.to_html(events, as_of="2025-03-20").count('<tr id="event-') == 11


@pytest.mark.browser
def test_the_replay_control_works_offline(
    run_timeline: Run, later: Path, tmp_path: Path, page: Any
) -> None:
    from test_serve import axe_violations

    output = tmp_path / "replay.html"
    build_as_of(run_timeline, later, "2025-03-21", output)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(output.as_uri())
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    select = page.locator("#timeline-replay")
    assert select.locator("option").all_text_contents() == [
        "Tue 18 Mar 2025",
        "Thu 20 Mar 2025",
        "Fri 21 Mar 2025",
    ]
    assert select.input_value() == "2"
    ids_js = """() => [...new Set(document.querySelector('.plotly-graph-div').data
        .flatMap(trace => (trace.customdata || []).map(item => item[1])))].filter(Boolean).sort()"""
    all_ids = sorted(SAMPLE_IDS | {"2025-03-undated", "2025-03-19-zelensky-trump-call"})
    assert page.evaluate(ids_js) == all_ids

    select.select_option(label="Tue 18 Mar 2025")
    page.wait_for_selector(".plotly-graph-div[data-replay='Tue 18 Mar 2025']")
    assert page.inner_text("header h1") == "Negotiation timeline, as of Tue 18 Mar 2025"
    assert page.evaluate(ids_js) == sorted(SAMPLE_IDS | {"2025-03-undated"})
    assert page.locator("#event-2025-03-19-zelensky-trump-call").is_hidden()
    assert page.locator("#event-2025-03-18-trump-putin-call").is_visible()
    replayed = page.locator("#timeline-replay-plans li").all_text_contents()
    assert replayed == [
        "Energy and infrastructure ceasefire: agreed since Tue 18 Mar 2025",
        "Maritime ceasefire in the Black Sea: proposed since Tue 18 Mar 2025",
        "Full ceasefire: not started",
        "Permanent peace: not started",
    ]
    assert page.inner_text("#timeline-replay-status") == "10 events known then"
    assert axe_violations(page) == []

    select.select_option(label="Fri 21 Mar 2025")
    page.wait_for_selector(".plotly-graph-div[data-replay='Fri 21 Mar 2025']")
    assert page.inner_text("header h1") == "Negotiation timeline, as of Fri 21 Mar 2025"
    assert page.evaluate(ids_js) == all_ids
    assert page.locator("#event-2025-03-19-zelensky-trump-call").is_visible()
    assert page.locator("#timeline-replay-plans").count() == 0
    assert page.problems == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_a_replay_too_large_is_left_out_and_said(
    later: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline
    from timeline import following

    # Two earlier days (18 and 20 March) know 10 and 11 events: 21 drawn in all.
    monkeypatch.setattr(following, "REPLAY_MAX_EVENTS", 20)
    page = timeline.to_html(later, as_of="2025-03-21")
    assert 'id="timeline-replay"' not in page
    assert (
        "The replay by publication day is left out: its 3 days would draw 21 events, more "
        "than the 20 a page carries; build with an earlier --as-of." in page
    )
    monkeypatch.setattr(following, "REPLAY_MAX_EVENTS", 21)
    assert 'id="timeline-replay"' in timeline.to_html(later, as_of="2025-03-21")


def test_list_as_of_a_day(run_timeline: Run, later: Path) -> None:
    import json

    done = run_timeline("list", "-e", later, "--as-of", "2025-03-18", "-f", "json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert {event["id"] for event in listed} == SAMPLE_IDS | {"2025-03-undated"}
    call = next(event for event in listed if event["id"] == "2025-03-18-trump-putin-call")
    assert [source["outlet"] for source in call["sources"]] == ["The Independent"]
    assert done.stderr == (
        "Note: 1 event has no publication date, so cannot be placed before or after the "
        "day: listed\n"
    )
    later_day = run_timeline("list", "-e", later, "--as-of", "2025-03-21", "-f", "json")
    call = next(
        event
        for event in json.loads(later_day.stdout)
        if event["id"] == "2025-03-18-trump-putin-call"
    )
    assert [source["outlet"] for source in call["sources"]] == ["The Independent", "Reuters"]
