"""Benchmarks: timeline side by side with the tools people would use instead.

Usage:
    python benchmarks/run.py              # 100 to 10,000 events, medians of several runs
    python benchmarks/run.py --full       # also 100,000 events, and 50,000 in one list file
    python benchmarks/run.py --quick      # fewer runs: a few minutes
    python benchmarks/run.py --machinery  # also what the cache, plain records and pool save

Needs the benchmark extra (pandas, for the naive pipeline), the npm packages of the peers
(``npm ci --prefix benchmarks/js``) and Chromium at /usr/bin/chromium. Prints Markdown tables
(docs/performance.md quotes them) and, with ``--json FILE``, the raw numbers.

Measured in one run, side by side, then printed against every target of the performance
issue, met or not met:
1. CLI latency of ``list``, ``validate`` and ``add`` on the sample folder (9 events) and on
   100 events, against ``import typer``.
2. Build time (load, validate, draw, write) at each size, against the naive pipeline
   (``benchmarks/naive.py``: PyYAML + ``plotly.express.timeline`` + ``write_html``); a cold
   build has no parse cache, a rebuild follows one ``timeline add``.
3. Time until the chart is drawn in headless Chromium, for our page, the naive page, and
   vis-timeline and TimelineJS pages made from the same events.
4. Page size, also of a 2,000-event page (the largest that must stay under 1.5 MB).
5. ``timeline serve``, when there is one: from saving an event file to the page showing it.
Each figure is the median of several runs; the ratios compare numbers from the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "events"
NODE_MODULES = HERE / "js" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The console script beside this Python, as a virtual environment puts it: a version manager's
# shim found first on PATH (pyenv's is a shell script) adds ~45 ms no user of a venv pays.
TIMELINE = (
    shutil.which("timeline", path=str(Path(sys.executable).parent))
    or shutil.which("timeline")
    or "timeline"
)
# A page that takes longer than this is given up on (the naive page at 100,000 events).
PAGE_TIMEOUT = 60.0
# A page that takes longer than this on its first load is not loaded again.
SLOW_PAGE = 15.0


@dataclass
class Plan:
    """What a run measures."""

    sizes: tuple[int, ...]
    cli_runs: int
    runs: int
    work: Path
    browser: bool = True
    naive_max: int = 10_000  # the naive pipeline takes minutes above this: one run only
    peers_max: int = 10_000  # vis-timeline and TimelineJS pages above this are not tried
    list_file: int | None = None  # also build this many events from one list file


@dataclass
class Results:
    """Every number measured, in seconds or bytes, by name."""

    machine: dict[str, str] = field(default_factory=dict)
    cli: dict[str, float] = field(default_factory=dict)
    build: dict[str, dict[str, float | None]] = field(default_factory=dict)
    browser: dict[str, dict[str, float | str | None]] = field(default_factory=dict)
    size: dict[str, dict[str, int]] = field(default_factory=dict)
    serve: dict[str, float | str] = field(default_factory=dict)
    machinery: dict[str, dict[str, float]] = field(default_factory=dict)
    layout: dict[str, float] = field(default_factory=dict)  # list's table, ours against rich
    runs: dict[str, int] = field(default_factory=dict)


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the tables."""
    print(message, file=sys.stderr, flush=True)


def timed(command: Sequence[str | Path], **kwargs: Any) -> float:
    """Wall time of a command, which must succeed."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, **kwargs
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{done.stderr[-2000:]}")
    return elapsed


def median_of(runs: int, measure: Callable[[], float]) -> float:
    """The median of ``runs`` measurements."""
    return statistics.median(measure() for _ in range(runs))


# --- machine and data ------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    import plotly
    import pydantic
    import yaml

    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "chromium": chromium.strip(),
        "plotly": plotly.__version__,
        "pydantic": pydantic.VERSION,
        "pyyaml": f"{yaml.__version__}{' with libyaml' if hasattr(yaml, 'CSafeLoader') else ''}",
        "vis-timeline": _npm_version("vis-timeline"),
        "timelinejs": _npm_version("@knight-lab/timelinejs"),
    }


def _npm_version(name: str) -> str:
    try:
        return str(json.loads((NODE_MODULES / name / "package.json").read_text())["version"])
    except OSError:
        return "not installed"


def dataset(work: Path, count: int, *, as_list: bool = False) -> Path:
    """The generated folder of ``count`` events (made once, kept in ``work``)."""
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]
    folder = work / f"{'list' if as_list else 'files'}-{count}-{stamp}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        log(f"generating {count:,} events{' in one list file' if as_list else ''} ...")
        generate = [sys.executable, HERE / "generate.py", str(count), folder]
        timed([*generate, "--list"] if as_list else generate)
        (folder / ".complete").touch()
    return folder


def warm_files(folder: Path) -> None:
    """Read every file of ``folder`` once, untimed, so that the system holds them in memory
    as after any earlier command: a build then measures the tool, not the first read from
    disk (a folder of 100,000 files not read since it was made took 5.5 s more to read,
    and built twice, one build of two paid it)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            path.read_bytes()


def drop_cache(folder: Path) -> None:
    """Remove the parse cache (in the user's cache folder): the next build is cold."""
    from timeline.cache import cache_path

    cache_path(folder).unlink(missing_ok=True)


def add_command(folder: Path, title: str) -> list[str | Path]:
    """``timeline add`` of one talks event titled ``title`` to ``folder``, without prompts."""
    return [
        TIMELINE,
        "add",
        "-e",
        folder,
        "--yes",
        "--title",
        title,
        "--date",
        "2025-03-18",
        "--type",
        "talks",
        "--actor",
        "United States",
        "--outlet",
        "Reuters",
    ]


# --- 1. CLI latency -----------------------------------------------------------------------


def cli_latency(plan: Plan, results: Results) -> None:
    """``list``, ``validate`` and ``add`` on the sample folder (9 events, what most users
    have) and on 100 events, against ``import typer``."""
    sample = plan.work / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    shutil.copytree(SAMPLE, sample)
    folders = {"sample": sample, "100": dataset(plan.work, 100)}
    for folder in folders.values():
        subprocess.run([TIMELINE, "validate", "-e", folder], capture_output=True)  # warm cache
    runs = plan.cli_runs
    results.runs["cli"] = runs
    log("CLI latency ...")

    def floor() -> float:
        return timed([sys.executable, "-c", "import typer"])

    add_copy = plan.work / "cli-add"
    counter = iter(range(10**6))

    def add(folder: Path) -> float:
        shutil.rmtree(add_copy, ignore_errors=True)
        shutil.copytree(folder, add_copy)
        number = next(counter)
        return timed(add_command(add_copy, f"Benchmark talks {number}"))

    # Interleaved, so that a slow spell of the machine touches every command alike.
    samples: dict[str, list[float]] = {"floor": []}
    for _ in range(runs):
        samples["floor"].append(floor())
        for name, folder in folders.items():
            for command in ("list", "validate"):
                samples.setdefault(f"{name} {command}", []).append(
                    timed([TIMELINE, command, "-e", folder])
                )
            samples.setdefault(f"{name} add", []).append(add(folder))
    for name, values in samples.items():
        results.cli[name] = statistics.median(values)

    def cold_list(folder: Path = folders["100"]) -> float:
        drop_cache(folder)
        return timed([TIMELINE, "list", "-e", folder])

    results.cli["100 list (no cache)"] = median_of(runs, cold_list)
    subprocess.run([TIMELINE, "validate", "-e", folders["100"]], capture_output=True)
    shutil.rmtree(add_copy, ignore_errors=True)


# --- 2. build time ------------------------------------------------------------------------


def builds(plan: Plan, results: Results) -> dict[str, Path]:
    """Build every size with ``timeline build`` (cold) and the naive pipeline; returns the
    pages made, by name, for the browser."""
    out = plan.work / "pages"
    out.mkdir(exist_ok=True)
    pages: dict[str, Path] = {}
    results.runs["build"] = plan.runs
    for count in plan.sizes:
        folder = dataset(plan.work, count)
        warm_files(folder)
        ours = out / f"ours-{count}.html"
        row: dict[str, float | None] = {}
        runs = plan.runs if count < 100_000 else max(1, min(plan.runs, 2))
        log(f"building {count:,} events: ours x{runs} ...")

        def cold(folder: Path = folder, ours: Path = ours) -> float:
            drop_cache(folder)
            return timed([TIMELINE, "build", "-e", folder, "-o", ours])

        row["ours"] = median_of(runs, cold)
        pages[f"ours-{count}"] = ours
        naive = out / f"naive-{count}.html"
        naive_command = [sys.executable, HERE / "naive.py", folder, naive]
        naive_runs = runs if count <= plan.naive_max else 1
        log(f"building {count:,} events: naive x{naive_runs} ...")
        row["naive"] = median_of(naive_runs, lambda c=naive_command: timed(c))
        pages[f"naive-{count}"] = naive
        if count == 10_000:
            rebuilt, beside, identical = rebuild_after_add(plan, folder, out)
            row["rebuild after add"] = rebuilt
            row["cold build beside the rebuilds"] = beside
            row["rebuild identical"] = float(identical)
        # Leave the cache warm for later sections.
        subprocess.run([TIMELINE, "validate", "-e", folder], capture_output=True)
        results.build[str(count)] = row
    if plan.list_file:
        folder = dataset(plan.work, plan.list_file, as_list=True)
        warm_files(folder)
        log(f"building {plan.list_file:,} events from one list file ...")
        page = out / f"ours-list-{plan.list_file}.html"

        def cold_list() -> float:
            drop_cache(folder)
            return timed([TIMELINE, "build", "-e", folder, "-o", page])

        row = {"ours": cold_list()}
        row["rebuild, no change"] = timed([TIMELINE, "build", "-e", folder, "-o", page])
        results.build[f"{plan.list_file} in one file"] = row
    return pages


def rebuild_after_add(plan: Plan, folder: Path, out: Path) -> tuple[float, float, bool]:
    """Median times of ``timeline build`` right after one ``timeline add`` (cache warm) and
    of a cold build of the same folder, taken in turns so that a slow spell of the machine
    touches both alike; and whether every rebuilt page is byte-identical to the cold one."""
    copy = plan.work / "rebuild"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    page = out / "rebuild.html"
    cold_page = out / "rebuild-cold.html"
    timed([TIMELINE, "build", "-e", copy, "-o", page])  # the cache, as after any build
    log("rebuilding 10,000 events after one add ...")
    rebuilds = []
    colds = []
    identical = True
    for number in range(max(plan.runs, 3)):
        timed(add_command(copy, f"One more round of talks {number}"))
        rebuilds.append(timed([TIMELINE, "build", "-e", copy, "-o", page]))
        drop_cache(copy)
        # The cold build leaves the cache warm for the next rebuild.
        colds.append(timed([TIMELINE, "build", "-e", copy, "-o", cold_page]))
        identical = identical and page.read_bytes() == cold_page.read_bytes()
    shutil.rmtree(copy, ignore_errors=True)
    page.unlink(missing_ok=True)
    cold_page.unlink(missing_ok=True)
    return statistics.median(rebuilds), statistics.median(colds), identical


# --- 3. browser -----------------------------------------------------------------------------

# Wraps Plotly.newPlot on both plotly pages: the chart is drawn when its promise resolves and
# two frames have been painted after it.
PLOTLY_HOOK = """
(() => {
  let plotly;
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return plotly; },
    set(value) {
      plotly = value;
      const newPlot = value.newPlot;
      value.newPlot = function () {
        const drawing = newPlot.apply(this, arguments);
        drawing.then(() => window.__drawn());
        return drawing;
      };
    },
  });
})();
"""
DRAWN = """
window.__drawn = () => requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__drawnAt = performance.now();
}));
"""

VIS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>vis-timeline</title>
<link rel="stylesheet" href="/node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css">
<script src="/node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js"></script>
</head><body><div id="timeline"></div>
<script>
  var data = DATA;
  var timeline = new vis.Timeline(document.getElementById("timeline"),
      new vis.DataSet(data.items), new vis.DataSet(data.groups), {});
  timeline.once("changed", window.__drawn);
</script></body></html>
"""

TIMELINEJS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/node_modules/@knight-lab/timelinejs/dist/css/timeline.css">
<script src="/node_modules/@knight-lab/timelinejs/dist/js/timeline.js"></script></head>
<body style="margin:0"><div id="timeline-embed" style="width:100%;height:600px"></div>
<script>
  // font: null, since the default font sheet loads Google Fonts and this page is offline.
  var tl = new TL.Timeline("timeline-embed", DATA,
      {script_path: "ORIGIN/node_modules/@knight-lab/timelinejs/dist/js/", font: null});
  tl.on("loaded", window.__drawn);
</script></body></html>
"""


def peer_pages(plan: Plan, count: int, out: Path, origin: str) -> dict[str, Path]:
    """vis-timeline and TimelineJS pages of the same events."""
    from timeline.drawing import event_window
    from timeline.interop.exporter import export
    from timeline.loading import load
    from timeline.query import EventFilter

    folder = dataset(plan.work, count)
    events = load(folder).timeline.events
    items = []
    for event in events:
        window = event_window(event)
        item: dict[str, Any] = {
            "id": event.id,
            "content": event.title,
            "start": window.start.isoformat(),
            "group": event.track or "no track",
            "title": f"{event.date.human()}: {', '.join(event.actors)}",
        }
        if not (window.exact and event.end is None):
            item["end"] = window.end.isoformat()
        items.append(item)
    groups = [{"id": name, "content": name} for name in sorted({i["group"] for i in items})]
    vis = out / f"vis-{count}.html"
    data = json.dumps({"items": items, "groups": groups}).replace("<", "\\u003c")
    vis.write_text(VIS_PAGE.replace("DATA", data), encoding="utf-8")
    exported = export(folder, "timelinejs-json", EventFilter())
    tljs = out / f"timelinejs-{count}.html"
    tljs.write_text(
        TIMELINEJS_PAGE.replace("DATA", exported.text.replace("<", "\\u003c")).replace(
            "ORIGIN", origin
        ),
        encoding="utf-8",
    )
    return {f"vis-{count}": vis, f"timelinejs-{count}": tljs}


def browser(plan: Plan, results: Results, pages: dict[str, Path]) -> None:
    """Time until each page's chart is drawn, median of several loads."""
    from playwright.sync_api import sync_playwright

    out = plan.work / "pages"
    server = serve(out)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    for count in plan.sizes:
        if count <= plan.peers_max:
            pages.update(peer_pages(plan, count, out, origin))
    results.runs["browser"] = plan.runs
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for count in plan.sizes:
                row: dict[str, float | str | None] = {}
                for tool in ("ours", "naive", "vis", "timelinejs"):
                    page = pages.get(f"{tool}-{count}")
                    if page is None:
                        row[tool] = None
                        continue
                    timeout = 30.0 if tool == "naive" and count >= 100_000 else PAGE_TIMEOUT
                    log(f"drawing {count:,} events: {tool} ...")
                    row[tool] = load_times(chromium, f"{origin}/{page.name}", plan.runs, timeout)
                results.browser[str(count)] = row
        finally:
            chromium.close()
            server.shutdown()


def serve(pages: Path) -> http.server.ThreadingHTTPServer:
    """A web server on loopback for the pages and the peers' npm packages, as a newsroom's
    site would serve them (answering from Playwright instead costs seconds per megabyte)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            relative = urllib.parse.unquote(path.split("?", 1)[0]).lstrip("/")
            root = HERE / "js" if relative.startswith("node_modules/") else pages
            return str(root / relative)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def load_times(chromium: Any, page: str, runs: int, timeout: float) -> float | str:
    """Median seconds from navigation to the drawn chart, or why there is none."""
    times = []
    for _ in range(runs):
        drawn = load_once(chromium, page, timeout)
        if isinstance(drawn, str):
            return drawn
        times.append(drawn)
        if drawn > SLOW_PAGE:
            break
    return statistics.median(times)


def load_once(chromium: Any, page: str, timeout: float) -> float | str:
    """One load in a fresh context: seconds until drawn, or what went wrong."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    try:
        context.add_init_script(DRAWN + PLOTLY_HOOK)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(page, wait_until="commit", timeout=timeout * 1000)
        try:
            tab.wait_for_function(
                "window.__drawnAt !== undefined", timeout=timeout * 1000, polling=50
            )
        except PlaywrightTimeout:
            return f"did not finish in {timeout:.0f} s"
        if errors:
            return f"page error: {errors[0][:80]}"
        return float(tab.evaluate("window.__drawnAt")) / 1000
    finally:
        context.close()


# --- machinery ----------------------------------------------------------------------------------

# Each loads one folder in a fresh Python, the way a command does (imports included).
LOAD_WITH_MODELS = "from pathlib import Path; from timeline.loading import load; load(Path({!r}))"
LOAD_PLAIN = (
    "from pathlib import Path; from timeline.cache import load_plain; "
    "assert load_plain(Path({!r})) is not None"
)
LOAD_ONE_CORE = "import timeline.parallel as p; p.MIN_FILES = 10**9; " + LOAD_WITH_MODELS
# list's table of a folder's cached records, laid out by our code or by rich (imported then).
TABLE = (
    "from pathlib import Path; from timeline.cache import load_plain; "
    "import timeline.listing as l; "
    "t = load_plain(Path({!r})); "
    "rows = [(e.date.human(), e.type, ', '.join(e.actors), e.title) for e in t.events]; "
)
TABLE_OURS = TABLE + "assert l._plain_table(rows, 100) is not None"
TABLE_RICH = TABLE + "l._rich_table(rows, 'events', 100)"


def machinery(plan: Plan, results: Results) -> None:
    """What each piece of speed-up machinery saves, each measured against its absence: the
    parse cache (a cold load), the plain-record copy of the models (cached records through
    the models), the pool of parsing processes (parsing on one core), and ``list``'s own
    table layout (rich's, imported)."""
    log("machinery ...")
    for count in (100, 10_000):
        folder = dataset(plan.work, count)
        runs = plan.cli_runs if count <= 1_000 else max(plan.runs, 3)

        def run(code: str, *, cold: bool, folder: Path = folder) -> float:
            if cold:
                drop_cache(folder)
            else:
                subprocess.run([TIMELINE, "validate", "-e", folder], capture_output=True)
            return timed([sys.executable, "-c", code.format(str(folder))])

        row = {
            "plain records from the cache": median_of(runs, lambda: run(LOAD_PLAIN, cold=False)),
            "models from the cache": median_of(runs, lambda: run(LOAD_WITH_MODELS, cold=False)),
            "parsed, every core": median_of(runs, lambda: run(LOAD_WITH_MODELS, cold=True)),
            "parsed, one core": median_of(runs, lambda: run(LOAD_ONE_CORE, cold=True)),
        }
        subprocess.run([TIMELINE, "validate", "-e", folder], capture_output=True)
        results.machinery[str(count)] = row
    folder = dataset(plan.work, 100)
    results.layout = {
        "our layout": median_of(
            plan.cli_runs, lambda: timed([sys.executable, "-c", TABLE_OURS.format(str(folder))])
        ),
        "rich": median_of(
            plan.cli_runs, lambda: timed([sys.executable, "-c", TABLE_RICH.format(str(folder))])
        ),
    }


# --- serve ------------------------------------------------------------------------------------

SERVE_EVENTS = 1_000


def serve_latency(plan: Plan, results: Results) -> None:
    """Seconds from saving an event file to the served page showing the change, at
    :data:`SERVE_EVENTS` events; "not measured" and why when there is no ``timeline serve``."""
    key = str(SERVE_EVENTS)
    helped = subprocess.run([TIMELINE, "serve", "--help"], capture_output=True, text=True)
    if helped.returncode != 0:
        results.serve[key] = "not measured: no `timeline serve` command"
        return
    copy = plan.work / "serve"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(dataset(plan.work, SERVE_EVENTS), copy)
    command: list[str | Path] = [TIMELINE, "serve", "-e", copy]
    if "--port" in helped.stdout:
        with contextlib.closing(socket.socket()) as probe:
            probe.bind(("127.0.0.1", 0))
            command += ["--port", str(probe.getsockname()[1])]
    log(f"timeline serve at {SERVE_EVENTS:,} events ...")
    server = subprocess.Popen(
        [str(part) for part in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        results.serve[key] = _served_reload(plan, server, copy)
    except Exception as error:  # any failure is a row of the table, not a lost run
        results.serve[key] = f"not measured: {str(error).splitlines()[0][:80]}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(copy, ignore_errors=True)


def _served_reload(plan: Plan, server: subprocess.Popen[str], folder: Path) -> float | str:
    """Median seconds from a save to the page showing it, its chart drawn again (the page
    updates by itself: the event's row in the table shows the new title, and the chart has
    data-ready again).

    The row is read with ``textContent``: ``document.body.innerText``, which this read
    before, makes the browser lay the page out to answer, every 20 ms, in the middle of the
    update it measures (15 to 45 ms of its main thread each time, once 282 ms)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    found: list[str] = []

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            found.extend(re.findall(r"https?://[^\s'\"]+", line))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.perf_counter() + PAGE_TIMEOUT
    while not found:
        if server.poll() is not None or time.perf_counter() > deadline:
            return "not measured: `timeline serve` printed no address"
        time.sleep(0.05)
    # An event file (the plan files sit in plans/, which would sort last).
    event = sorted(folder.glob("*.yaml"))[-1]
    # The row of an event the file does not give an id: "event-" and the file's name.
    row = f"event-{event.stem}"
    times = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = chromium.new_page()
            tab.goto(found[0], timeout=PAGE_TIMEOUT * 1000)
            for number in range(max(plan.runs, 3)):
                marker = f"Served change {number} {time.time_ns()}"
                text = event.read_text(encoding="utf-8")
                saved = re.sub(r"(?m)^title: .*$", f"title: {marker}", text, count=1)
                start = time.perf_counter()
                event.write_text(saved, encoding="utf-8")
                while True:
                    with contextlib.suppress(PlaywrightError):  # the page is reloading
                        if tab.evaluate(
                            f"(document.getElementById({row!r}) || {{}}).textContent"
                            f"?.includes({marker!r}) && document"
                            ".querySelector('.plotly-graph-div[data-ready=true]') !== null"
                        ):
                            break
                    if time.perf_counter() - start > PAGE_TIMEOUT:
                        return f"page not updated in {PAGE_TIMEOUT:.0f} s"
                    time.sleep(0.02)
                times.append(time.perf_counter() - start)
        finally:
            chromium.close()
    return statistics.median(times)


# --- 4. size ----------------------------------------------------------------------------------


# The inline page is at most 1.5 MB up to this many events (the target).
SMALL_PAGE_EVENTS = 2_000


def sizes(plan: Plan, pages: dict[str, Path], results: Results) -> None:
    """Bytes of each page built, and beyond plotly.js per event; also a page of
    :data:`SMALL_PAGE_EVENTS` events, built for its size alone."""
    from plotly.offline import get_plotlyjs

    plotlyjs = len(get_plotlyjs().encode("utf-8"))
    results.size["plotly.js"] = {"bytes": plotlyjs}
    if f"ours-{SMALL_PAGE_EVENTS}" not in pages:
        folder = dataset(plan.work, SMALL_PAGE_EVENTS)
        page = plan.work / "pages" / f"ours-{SMALL_PAGE_EVENTS}.html"
        log(f"building {SMALL_PAGE_EVENTS:,} events for the page size ...")
        timed([TIMELINE, "build", "-e", folder, "-o", page])
        results.size[f"ours-{SMALL_PAGE_EVENTS}"] = {"bytes": page.stat().st_size}
    for name, page in pages.items():
        if name.startswith(("ours-", "naive-")) and page.exists():
            results.size[name] = {"bytes": page.stat().st_size}


# --- report -----------------------------------------------------------------------------------


def seconds(value: float | str | None) -> str:
    """A time for the table: ms under a second, s above, or what happened instead."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(ours: float | str | None, theirs: float | str | None) -> float | None:
    """ours / theirs when both are numbers."""
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and theirs:
        return ours / theirs
    return None


def times(value: float | None) -> str:
    """A ratio for the table."""
    return "—" if value is None else f"{value:.2f}x"


def report(plan: Plan, results: Results) -> str:
    """The Markdown tables, then every target of the issue with the figure measured and
    whether it is met."""
    lines = ["### Machine", ""]
    lines += [f"- {name}: {value}" for name, value in results.machine.items()]
    lines += [
        "",
        f"Medians of {results.runs.get('cli', 0)} runs (CLI) and {plan.runs} runs (builds, "
        "pages); a page slower than 15 s runs once, builds of 100,000 events run twice (ours) "
        "and once (naive).",
        "",
    ]
    targets: list[tuple[str, str, bool | None]] = []
    cli = results.cli
    if cli:
        floor = cli["floor"]
        lines += [
            "### CLI latency",
            "",
            "| folder | command | time | x `import typer` |",
            "|---|---|---|---|",
            f'| | `python -c "import typer"` (the floor) | {seconds(floor)} | 1.00x |',
        ]
        for folder, label in (("sample", "sample (9 events)"), ("100", "100 events")):
            for command, limit in (("list", 1.5), ("validate", 1.5), ("add", 2.0)):
                value = ratio(cli[f"{folder} {command}"], floor)
                lines.append(
                    f"| {label} | `timeline {command}` | {seconds(cli[f'{folder} {command}'])} "
                    f"| {times(value)} |"
                )
                targets.append(
                    (
                        f"`{command}` on the {label} ≤ {limit}x `import typer`",
                        times(value),
                        _le(value, limit),
                    )
                )
        cold = cli.get("100 list (no cache)")
        lines.append(
            f"| 100 events | `timeline list` (no parse cache) | {seconds(cold)} "
            f"| {times(ratio(cold, floor))} |"
        )
        lines.append("")
    if results.browser:
        lines += [
            "### Browser: time until the chart is drawn (headless Chromium)",
            "",
            "| events | ours | naive (`px.timeline`) | vis-timeline | TimelineJS |",
            "|---|---|---|---|---|",
        ]
        for name, row in results.browser.items():
            cells = [seconds(row.get(tool)) for tool in ("ours", "naive", "vis", "timelinejs")]
            lines.append(f"| {int(name):,} | " + " | ".join(cells) + " |")
        lines.append("")
    one = results.browser.get("1000", {})
    value = ratio(one.get("ours"), one.get("vis"))
    targets.append(
        (
            "page of 1,000 drawn faster than vis-timeline (ours ÷ vis)",
            times(value),
            None if value is None else value < 1,
        )
    )
    ten_page = results.browser.get("10000", {})
    peers = [ten_page.get(tool) for tool in ("naive", "vis", "timelinejs")]
    ours = ten_page.get("ours")
    beaten = [ratio(ours, peer) for peer in peers]
    # A peer that did not finish is beaten by a page that did.
    met: bool | None = None
    if isinstance(ours, float):
        met = all(
            (isinstance(peer, str)) or (b is not None and b < 1)
            for peer, b in zip(peers, beaten, strict=True)
        )
    targets.append(
        (
            "page of 10,000 drawn fastest of all four (ours ÷ px, vis, TimelineJS)",
            ", ".join(times(b) for b in beaten),
            met,
        )
    )
    big_page = results.browser.get("100000")
    if big_page:
        value = ratio(big_page.get("ours"), ten_page.get("ours"))
        targets.append(
            ("page of 100,000 drawn in ≤ 2x our 10,000 time", times(value), _le(value, 2))
        )
    else:
        targets.append(("page of 100,000 drawn in ≤ 2x our 10,000 time", FULL_ONLY, None))
    if results.size:
        plotlyjs = results.size["plotly.js"]["bytes"]
        lines += [
            f"### Page size (the full plotly.js: {plotlyjs / 1e6:.2f} MB)",
            "",
            "| events | ours | naive |",
            "|---|---|---|",
        ]
        counts = sorted({*plan.sizes, SMALL_PAGE_EVENTS})
        for count in counts:
            cells = []
            for tool in ("ours", "naive"):
                value_bytes = results.size.get(f"{tool}-{count}", {}).get("bytes")
                cells.append("—" if value_bytes is None else f"{value_bytes / 1e6:.2f} MB")
            lines.append(f"| {count:,} | " + " | ".join(cells) + " |")
        lines.append("")
        for count in (1_000, SMALL_PAGE_EVENTS):
            value_bytes = results.size.get(f"ours-{count}", {}).get("bytes")
            shown = "—" if value_bytes is None else f"{value_bytes / 1e6:.2f} MB"
            targets.append(
                (
                    f"inline page of {count:,} events ≤ 1.5 MB",
                    shown,
                    None if value_bytes is None else value_bytes <= 1.5e6,
                )
            )
    ten = results.build.get("10000", {})
    hundred = results.build.get("100000")
    if results.build:
        lines += [
            "### Build: load, validate, draw, write",
            "",
            "| events | `timeline build` (no cache) | naive pipeline | naive ÷ ours |",
            "|---|---|---|---|",
        ]
        for name, row in results.build.items():
            if name.isdigit():
                label = f"{int(name):,}"
            else:
                label = f"{int(name.split()[0]):,} events in one list file"
            naive = row.get("naive")
            lines.append(
                f"| {label} | {seconds(row['ours'])} | {seconds(naive)} "
                f"| {times(ratio(naive, row['ours']))} |"
            )
        extra = []
        if ten.get("rebuild after add") is not None:
            beside = ten["cold build beside the rebuilds"]
            extra.append(
                f"| 10,000: cold build, in turns with the rebuilds | {seconds(beside)} | |"
            )
            extra.append(
                f"| 10,000: rebuild after one `timeline add` | "
                f"{seconds(ten['rebuild after add'])} | "
                f"{times(ratio(ten['rebuild after add'], beside))} of the cold build |"
            )
        if ten and hundred:
            extra.append(
                f"| 100,000 ÷ 10,000 (cold builds) | "
                f"{times(ratio(hundred['ours'], ten['ours']))} | |"
            )
        for name, row in results.build.items():
            if "rebuild, no change" in row:
                extra.append(
                    f"| {int(name.split()[0]):,} in one list file: rebuild, no change | "
                    f"{seconds(row['rebuild, no change'])} | "
                    f"{times(ratio(row['rebuild, no change'], row['ours']))} of the cold build |"
                )
        if extra:
            lines += ["", "| | time | |", "|---|---|---|", *extra]
        lines.append("")
    share = ratio(ten.get("rebuild after add"), ten.get("cold build beside the rebuilds"))
    targets.append(
        ("rebuild after one add ≤ 0.25x a cold build (10,000)", times(share), _le(share, 0.25))
    )
    identical = ten.get("rebuild identical")
    targets.append(
        (
            "rebuilt page byte-identical to a cold build's (10,000)",
            "—" if identical is None else ("identical" if identical else "different"),
            None if identical is None else bool(identical),
        )
    )
    faster = ratio(ten.get("naive"), ten.get("ours"))
    targets.append(
        ("cold build ≥ 8x faster than the naive pipeline (10,000)", times(faster), _ge(faster, 8))
    )
    if ten and hundred:
        scale = ratio(hundred["ours"], ten["ours"])
        targets.append(("cold build of 100,000 ≤ 10x that of 10,000", times(scale), _le(scale, 10)))
    else:
        targets.append(("cold build of 100,000 ≤ 10x that of 10,000", FULL_ONLY, None))
    served = results.serve.get(str(SERVE_EVENTS))
    targets.append(
        (
            f"`timeline serve`: a save shown in the page ≤ 1 s ({SERVE_EVENTS:,} events)",
            "not measured" if served is None else seconds(served),
            _le(served, 1.0) if isinstance(served, float) else None,
        )
    )
    if results.machinery:
        lines += [
            "### Machinery: loading a folder in a fresh Python, with and without each piece",
            "",
            "| events | plain records from the cache | models from the cache "
            "| parsed, every core | parsed, one core |",
            "|---|---|---|---|---|",
        ]
        for name, loads in results.machinery.items():
            lines.append(
                f"| {int(name):,} | "
                + " | ".join(seconds(value) for value in loads.values())
                + " |"
            )
        lines.append("")
    if results.layout:
        ours, rich = results.layout["our layout"], results.layout["rich"]
        lines += [
            "### Machinery: `list`'s table of 100 cached events in a fresh Python",
            "",
            "| laid out by our code | by rich | saved |",
            "|---|---|---|",
            f"| {seconds(ours)} | {seconds(rich)} | {seconds(rich - ours)} |",
            "",
        ]
    lines += ["### Targets", "", "| target | measured | met |", "|---|---|---|"]
    for name, shown, done in targets:
        mark = "—" if done is None else ("met" if done else "**not met**")
        lines.append(f"| {name} | {shown} | {mark} |")
    lines.append("")
    return "\n".join(lines)


def _le(value: float | str | None, limit: float) -> bool | None:
    return value <= limit if isinstance(value, (int, float)) else None


def _ge(value: float | str | None, limit: float) -> bool | None:
    return value >= limit if isinstance(value, (int, float)) else None


FULL_ONLY = "not measured (needs --full)"


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 to 10,000 events, fewer runs")
    parser.add_argument("--runs", type=int, help="runs per build and page (default 3, quick 1)")
    parser.add_argument(
        "--work", type=Path, default=HERE / ".data", help="where events and pages are kept"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timings")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument(
        "--full", action="store_true", help="also 100,000 events (builds, page): takes long"
    )
    parser.add_argument(
        "--machinery", action="store_true", help="also what the cache, plain records and pool save"
    )
    # An installed package runs from compiled bytecode; with this set, every command of the run
    # would compile an editable install's modules again (about 20 ms each).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    plan = Plan(
        sizes=(100, 1_000, 10_000, 100_000) if args.full else (100, 1_000, 10_000),
        cli_runs=7 if args.quick else 15,
        runs=runs,
        work=args.work.resolve(),
        browser=not args.no_browser,
        # One file holds at most 2,000,000 values (docs/reliability.md): 100,000 generated
        # events are about 2.5 million, so the list file is the largest round size under it.
        list_file=50_000 if args.full else None,
    )
    plan.work.mkdir(parents=True, exist_ok=True)
    # Generated events and pages are not part of the project.
    (plan.work / ".gitignore").write_text("*\n")
    results = Results(machine=machine())
    started = time.perf_counter()
    for count in plan.sizes:
        dataset(plan.work, count)
    cli_latency(plan, results)
    pages = builds(plan, results)
    sizes(plan, pages, results)
    if plan.browser:
        browser(plan, results, pages)
        serve_latency(plan, results)
    if args.machinery:
        machinery(plan, results)
    log(f"done in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results.__dict__, indent=2) + "\n")
    print(report(plan, results))


if __name__ == "__main__":
    main()
