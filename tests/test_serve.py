"""``timeline serve`` as a reader meets it: the real command on a copy of the sample, a real
Chromium on its page. Saves update the open page in place (no reload) within 2 s, keep its
zoom and scroll, and leave it as a fresh load of the new page would be; a broken file shows
a banner with its place, fixing it removes the banner; a page with no chart yet reloads once
there is one; the server listens on loopback only; Ctrl-C (SIGINT) stops it cleanly; the page
passes axe-core."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from conftest import SAMPLE, axe_violations, recording_page, timeline_executable

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
STARMER = "2025-03-17-starmer-trump-call.yaml"
RANGE_JS = "() => document.querySelector('.plotly-graph-div').layout.xaxis.range.slice(0, 2)"
ZOOM = ["2025-03-16 12:00", "2025-03-19 06:00"]
ZOOM_JS = (
    "(range) => Plotly.relayout(document.querySelector('.plotly-graph-div'),"
    " {'xaxis.range': range})"
)
READY = ".plotly-graph-div[data-ready=true]"


def drawn_with(text: str) -> str:
    """A wait for ``text`` on the page and its chart drawn (labels settled)."""
    return (
        f"() => document.body.innerText.includes({text!r})"
        f" && document.querySelector({READY!r}) !== null"
    )


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str, lines: list[str]) -> None:
        self.process = process
        self.url = url
        self.lines = lines


def start_serve(events: Path, *extra: str) -> Served:
    process = subprocess.Popen(
        [timeline_executable(), "serve", "-e", str(events), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    lines: list[str] = []
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r" at (http://\S+) \(Ctrl-C stops\)", line)
        if found:
            return Served(process, found.group(1), lines)
    process.kill()
    pytest.fail(f"timeline serve did not start: {''.join(lines)}")


def stop(served: Served) -> tuple[int, str]:
    served.process.send_signal(signal.SIGINT)
    try:
        _, rest = served.process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.communicate()
        pytest.fail("timeline serve did not stop within 10 s of SIGINT")
    return served.process.returncode, "".join(served.lines) + rest


@pytest.fixture
def served(sample: Path) -> Iterator[Served]:
    running = start_serve(sample)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.communicate()


def save(path: Path, text: str) -> None:
    # As an editor saves: a new file renamed over the old one.
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_serve_updates_the_open_page_and_shows_problems(
    served: Served, sample: Path, page: Any
) -> None:
    process = psutil.Process(served.process.pid)
    listening = [c for c in process.net_connections(kind="inet") if c.status == "LISTEN"]
    assert listening, "the server listens on no socket"
    assert {c.laddr.ip for c in listening} == {"127.0.0.1"}

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served.url)
    page.wait_for_selector(".plotly-graph-div[data-ready=true]")
    assert page.locator("#timeline-live-banner").is_hidden()
    assert axe_violations(page) == []
    page.evaluate(ZOOM_JS, ZOOM)
    page.wait_for_selector(READY)
    assert page.evaluate(RANGE_JS) == ZOOM
    # Anything the reader's page holds lives on: the page is updated, not reloaded.
    page.evaluate("() => { window.readerMark = 'kept'; }")

    starmer = sample / STARMER
    text = starmer.read_text(encoding="utf-8")
    edited = text.replace(
        "title: Starmer and Trump speak by phone", "title: Starmer and Trump talk by phone"
    )
    saved_at = time.monotonic()
    save(starmer, edited)
    page.wait_for_function(drawn_with("Starmer and Trump talk by phone"), timeout=2000)
    took = time.monotonic() - saved_at
    print(f"the open page showed the save {took:.2f} s after it")
    assert took < 2.0
    assert page.evaluate(RANGE_JS) == ZOOM
    assert page.evaluate("() => window.readerMark") == "kept"

    # A save that breaks the file: the last good chart stays, the banner names the place.
    save(starmer, edited.replace("date: 2025-03-17", "date: 2025-03-32"))
    banner = page.locator("#timeline-live-banner")
    banner.wait_for(state="visible", timeout=2000)
    problems = page.locator("#timeline-live-problems li").all_text_contents()
    assert problems == [
        f"{sample / STARMER}:2:7: error: date: '2025-03-32' is not a date: March 2025 has 31 days"
    ]
    assert page.locator(".plotly-graph-div[data-ready=true]").count() == 1
    assert "Starmer and Trump talk by phone" in page.inner_text("body")
    assert axe_violations(page) == []

    # Fixed: the page updates without the banner, at the same zoom.
    save(starmer, edited.replace("Starmer and Trump talk", "Starmer and Trump speak"))
    page.wait_for_function(drawn_with("Starmer and Trump speak by phone"), timeout=2000)
    assert page.locator("#timeline-live-banner").is_hidden()
    assert page.evaluate(RANGE_JS) == ZOOM
    assert page.evaluate("() => window.readerMark") == "kept"
    assert axe_violations(page) == []
    assert page.problems == []
    # Everything from the server, plotly.js too: nothing from outside.
    assert all(url.startswith(served.url) for url in requests), requests
    assert any(re.search(r"/plotly-basic-[0-9.]+\.min\.js$", url) for url in requests)

    status, output = stop(served)
    assert status == 0, output
    assert "Traceback" not in output
    assert output.rstrip().endswith("Stopped")


# What a reader sees, to compare an updated page with a fresh load of the same build: the
# figure as plotly.js holds it, the labels drawn, the page's markup (the chart's drawing
# aside: plotly.js names its clip paths afresh each time) and the text it shows.
SNAPSHOT_JS = """() => {
  const gd = document.querySelector('.plotly-graph-div');
  const main = document.querySelector('main').cloneNode(true);
  main.querySelector('.plotly-graph-div').replaceChildren();
  return {
    data: JSON.stringify(gd.data),
    layout: JSON.stringify(gd.layout),
    labels: Array.from(gd.querySelectorAll('g.annotation'), (note) => note.textContent),
    points: gd.querySelectorAll('.scatterlayer .point').length,
    main: main.outerHTML,
    text: document.querySelector('main').innerText,
    title: document.title,
  };
}"""
BLACK_SEA = """title: Black Sea talks resume in Riyadh
date: 2025-03-24
type: meeting
actors: [United States, Russia]
track: black-sea
sources:
  - outlet: Reuters
    published: 2025-03-24
"""


@pytest.mark.parametrize(
    "options",
    [(), ("--view", "plan"), ("--as-of", "2025-03-25")],
    ids=["timeline", "plan", "replay"],
)
def test_an_update_in_place_leaves_the_page_as_a_fresh_load_draws_it(
    sample: Path, page: Any, browser: Any, options: tuple[str, ...]
) -> None:
    running = start_serve(sample, *options)
    try:
        # The plan view draws stages: an event with none is not on it.
        check_update_in_place(running, sample, page, browser, charted="plan" not in options)
    finally:
        status, output = stop(running)
    assert status == 0, output


def fresh_snapshot(browser: Any, url: str) -> Any:
    """What a fresh load of the page shows, zoomed as the reader's page is."""
    fresh = recording_page(browser, viewport={"width": 1280, "height": 900})
    try:
        fresh.goto(url)
        fresh.wait_for_selector(READY)
        fresh.evaluate(ZOOM_JS, ZOOM)
        fresh.wait_for_selector(READY)
        loaded = fresh.evaluate(SNAPSHOT_JS)
        assert fresh.problems == []
    finally:
        fresh.context.close()
    return loaded


def check_update_in_place(
    served: Served, sample: Path, page: Any, browser: Any, *, charted: bool
) -> None:
    page.goto(served.url)
    page.wait_for_selector(READY)
    page.evaluate(ZOOM_JS, ZOOM)
    page.wait_for_selector(READY)
    page.evaluate("() => { window.scrollTo(0, 200); window.readerMark = 'kept'; }")

    # An event added, then one renamed (a plan's stage comes from it): new rows, a new
    # marker, new labels. The page shows the rename once a build has both.
    save(sample / "2025-03-24-black-sea-riyadh.yaml", BLACK_SEA)
    call = sample / "2025-03-18-trump-putin-call.yaml"
    save(
        call,
        call.read_text(encoding="utf-8").replace(
            "Trump and Putin agree an energy ceasefire", "Trump and Putin agree to spare power"
        ),
    )
    page.wait_for_function(drawn_with("Trump and Putin agree to spare power"), timeout=10_000)
    assert page.evaluate("() => window.readerMark") == "kept"
    assert page.evaluate("() => window.scrollY") == 200
    assert page.evaluate(RANGE_JS) == ZOOM
    assert page.locator("#timeline-live-banner").is_hidden()
    updated = page.evaluate(SNAPSHOT_JS)
    assert ("Black Sea talks resume in Riyadh" in updated["data"]) is charted

    loaded = fresh_snapshot(browser, served.url)
    for part in ("data", "layout", "labels", "points", "main", "text", "title"):
        assert updated[part] == loaded[part], part
    assert axe_violations(page) == []
    if page.locator("#timeline-replay").count():
        # The replay's control, new with the update, replays the new build: its first day
        # (the call was published on it) has the new title, not the old.
        page.select_option("#timeline-replay", index=0)
        page.wait_for_selector(".plotly-graph-div[data-replay]")
        first_day = page.evaluate(
            "() => JSON.stringify(document.querySelector('.plotly-graph-div').data)"
        )
        assert first_day != updated["data"]
        assert "Trump and Putin agree to spare power" in first_day
        assert "Trump and Putin agree an energy ceasefire" not in first_day
    assert page.problems == []


ROW_JS = "(id) => document.getElementById(id)"


def test_an_update_changes_only_what_changed(
    served: Served, sample: Path, page: Any, browser: Any
) -> None:
    # An event deleted, one moved to another day (its row moves up the table), one renamed:
    # the rows the saves did not touch are the same elements (the browser lays out only what
    # changed, and a reader's selection in them stays), and the page is as a fresh load.
    page.goto(served.url)
    page.wait_for_selector(READY)
    page.evaluate(ZOOM_JS, ZOOM)
    page.wait_for_selector(READY)
    untouched = ["event-2025-03-18-downing-street-statement", "event-2025-03-17-starmer-trump-call"]
    page.evaluate(
        "(ids) => { window.keptRows = ids.map((id) => document.getElementById(id)); }", untouched
    )
    (sample / "2025-03-trump-dividing-assets.yaml").unlink()
    moved = sample / "2025-03-18-zelensky-response.yaml"
    save(moved, moved.read_text(encoding="utf-8").replace("date: 2025-03-18~", "date: 2025-03-16"))
    renamed = sample / "2025-03-18-lammy-arms-shipments.yaml"
    save(
        renamed,
        renamed.read_text(encoding="utf-8").replace(
            "Lammy signals faster UK and EU arms shipments", "Lammy promises faster arms shipments"
        ),
    )
    page.wait_for_function(
        drawn_with("Lammy promises faster arms shipments")
        + " && !document.body.innerText.includes('dividing up certain assets')"
        + " && document.getElementById('event-2025-03-18-zelensky-response')"
        + ".previousElementSibling.id === 'event-2025-03-kremlin-denies-energy-strikes'",
        timeout=10_000,
    )
    assert page.evaluate(
        "(ids) => ids.every((id, i) => document.getElementById(id) === window.keptRows[i])",
        untouched,
    )
    rows = page.evaluate("() => Array.from(document.querySelectorAll('tr[id]'), (row) => row.id)")
    assert rows == [
        "event-2025-03-coalition-of-the-willing",
        "event-2025-03-kremlin-denies-energy-strikes",
        "event-2025-03-18-zelensky-response",
        "event-2025-03-17-starmer-trump-call",
        "event-2025-03-18-black-sea-talks",
        "event-2025-03-18-downing-street-statement",
        "event-2025-03-18-lammy-arms-shipments",
        "event-2025-03-18-trump-putin-call",
    ]
    assert page.evaluate(RANGE_JS) == ZOOM
    updated = page.evaluate(SNAPSHOT_JS)
    loaded = fresh_snapshot(browser, served.url)
    for part in ("data", "layout", "labels", "points", "main", "text", "title"):
        assert updated[part] == loaded[part], part
    assert axe_violations(page) == []
    assert page.problems == []


def test_a_page_opened_while_a_file_is_broken_shows_the_banner_as_text(
    sample: Path, page: Any
) -> None:
    broken = sample / STARMER
    good = broken.read_text(encoding="utf-8")
    broken.write_text("title: <b>bold</b>\ndate: [\n", encoding="utf-8")
    running = start_serve(sample)
    try:
        page.goto(running.url)
        banner = page.locator("#timeline-live-banner")
        banner.wait_for(state="visible")
        (line,) = page.locator("#timeline-live-problems li").all_text_contents()
        assert line.startswith(f"{broken}:")
        assert ": error: " in line
        assert page.locator("#timeline-live-banner b").count() == 0
        assert page.locator(".plotly-graph-div").count() == 0

        # The first good build: a page with no chart yet reloads to show it.
        page.evaluate("() => { window.readerMark = 'lost on reload'; }")
        save(broken, good)
        page.wait_for_function(drawn_with("Starmer and Trump speak by phone"), timeout=10_000)
        assert page.evaluate("() => window.readerMark") is None
        assert page.locator("#timeline-live-banner").is_hidden()
        assert page.problems == []
    finally:
        status, output = stop(running)
    assert status == 0, output
    assert f"{broken}:" in output


def test_serve_refuses_other_host_names(served: Served) -> None:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(served.url, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    with urllib.request.urlopen(served.url, timeout=10) as response:
        assert response.status == 200
        assert b"Starmer and Trump speak by phone" in response.read()


def test_a_save_that_changes_nothing_drawn_is_no_new_build(served: Served, sample: Path) -> None:
    # A file saved as it was, or with only a comment added, draws the same page: open pages
    # are not sent it again. The next real change is the next build.
    import urllib.request

    def page() -> tuple[int, str]:
        with urllib.request.urlopen(served.url, timeout=10) as response:
            text = response.read().decode("utf-8")
        found = re.search(r'<script id="timeline-live" data-version="([0-9]+)">', text)
        assert found, "the page has no live script"
        return int(found.group(1)), text

    first, _ = page()
    starmer = sample / STARMER
    text = starmer.read_text(encoding="utf-8")
    save(starmer, text)
    time.sleep(0.5)
    save(starmer, text + "# checked against the Downing Street readout\n")
    time.sleep(0.5)
    talks = sample / "2025-03-18-black-sea-talks.yaml"
    save(talks, talks.read_text(encoding="utf-8").replace("Technical talks", "Expert talks", 1))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        version, shown = page()
        if "Expert talks on a Black Sea ceasefire" in shown:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the page did not change after the save")
    assert version == first + 1


def test_serve_on_another_host_warns(sample: Path) -> None:
    running = start_serve(sample, "--host", "0.0.0.0")
    try:
        assert any(line.startswith("Warning: listening on 0.0.0.0") for line in running.lines)
    finally:
        status, _ = stop(running)
    assert status == 0


def test_a_port_in_use_is_one_line(run_timeline: Any, sample: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_timeline("serve", "-e", sample, "--port", str(port))
    assert done.returncode == 1
    assert done.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_serve_without_watchfiles_says_what_to_install(
    run_timeline: Any, sample: Path, tmp_path: Path
) -> None:
    # A watchfiles that cannot be imported, first on the path.
    blocker = tmp_path / "blocked" / "watchfiles"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    path = os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")])
    done = run_timeline("serve", "-e", sample, env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 1
    assert done.stderr == (
        "Error: timeline serve needs watchfiles: install negotiation-timeline[serve] "
        "(pip install 'negotiation-timeline[serve]')\n"
    )


def test_a_folder_below_a_hidden_one_is_watched(tmp_path: Path) -> None:
    # Hidden files inside the events folder are not events; the folders above it may be
    # hidden all the same (a checkout in ~/.work, a benchmark's .data).
    import urllib.request

    events = tmp_path / ".work" / "events"
    shutil.copytree(SAMPLE, events)
    running = start_serve(events)
    try:
        event = events / "2025-03-17-starmer-trump-call.yaml"
        text = event.read_text(encoding="utf-8")
        save(event, text.replace("Starmer and Trump speak by phone", "Starmer rings Trump", 1))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with urllib.request.urlopen(running.url, timeout=10) as response:
                if b"Starmer rings Trump" in response.read():
                    break
            time.sleep(0.2)
        else:
            pytest.fail("the page did not change after the save")
    finally:
        status, output = stop(running)
    assert status == 0, output
