"""Shared fixtures: event folders built from {path: text}, the CLI, and headless Chromium;
and two guards for every run: nothing is read from beside the repository, and where
everything must run (CI, ./scripts/test) a skip is a failure."""

from __future__ import annotations

import base64
import functools
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
# Real TimelineJS files (MPL-2.0, from NUKnightLab/TimelineJS3), kept in the repository so a
# fresh clone runs every test.
TIMELINEJS = ROOT / "tests" / "fixtures" / "timelinejs"
# The plotly.js pages that draw only scatter and bar traces carry: the published basic bundle.
PLOTLY_BASIC_FILE = ROOT / "timeline" / "static" / "plotlyjs" / "plotly-basic.min.js"


@functools.cache
def plotly_basic() -> str:
    """The basic bundle's text, read once when a test asks for it."""
    return PLOTLY_BASIC_FILE.read_text(encoding="utf-8")


PLOTLY_BASIC_CDN = "https://cdn.plot.ly/plotly-basic-4.1.1.min.js"
# The plotly.js large (WebGL) timeline pages carry inline: scatter, bar and scattergl, built
# by scripts/plotly_bundle.sh.
PLOTLY_WEBGL_FILE = ROOT / "timeline" / "static" / "plotlyjs" / "plotly-bar-scattergl.min.js"


def inline_plotlyjs(page: str) -> tuple[str, bytes]:
    """The plotly.js a page carries inline, unpacked as a browser does (base64, then gzip),
    and the gzip bytes as they are in the page."""
    found = re.findall(r'\n  var packed = "([A-Za-z0-9+/=]+)";\n', page)
    assert len(found) == 1, "the page should carry plotly.js packed, once"
    packed = base64.b64decode(found[0], validate=True)
    return gzip.decompress(packed).decode("utf-8"), packed


@functools.cache
def plotly_webgl() -> str:
    """The WebGL pages' bundle's text, read once when a test asks for it."""
    return PLOTLY_WEBGL_FILE.read_text(encoding="utf-8")


# Set by ./scripts/test and .ci/run, which install every browser and bundle the tests use:
# there a test that skips for want of one is a failure, not a pass. CI is honoured too.
REQUIRE_ALL_VARIABLE = "TIMELINE_REQUIRE_ALL"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True, scope="session")
def _own_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The parse cache goes to a folder of this test run, not the user's ~/.cache; the
    commands the tests start inherit it."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run long stress tests too")


def require_all() -> bool:
    """True where every test must run: a missing browser or bundle fails instead of skipping."""
    return os.environ.get(REQUIRE_ALL_VARIABLE, "") not in ("", "0") or bool(os.environ.get("CI"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    slow = [item for item in items if "slow" in item.keywords]
    if require_all():
        # Left out, not skipped: CI runs them in a step of their own (.ci/run), and in such a
        # run every skip is a failure.
        items[:] = [item for item in items if "slow" not in item.keywords]
        config.hook.pytest_deselected(items=slow)
        return
    skip = pytest.mark.skip(reason="long-running: pass --run-slow")
    for item in slow:
        item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Where everything must run, a skip (a missing Chromium, kaleido, TimelineJS bundle, or
    any other) becomes a failure that gives the skip's reason."""
    report = yield
    if report.skipped and require_all() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"skipped where every test must run ({REQUIRE_ALL_VARIABLE} or CI is set): {reason}"
        )
    return report


# Nothing is read from beside the repository ---------------------------------------------------


class OutsideReads:
    """Records every file or folder the test process opens, lists, or hands to a command it
    starts, that lies in ``repository``'s parent folder (or in one of ``also``) but outside
    ``repository``: a sibling folder, which a fresh clone does not have, so a test that reads
    one cannot pass there. Paths are made absolute without touching the disk, so the watch
    itself opens nothing."""

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "subprocess.Popen"})

    def __init__(self, repository: Path, also: tuple[Path, ...] = ()) -> None:
        self.repository = os.path.abspath(repository)
        self.parents = tuple(
            dict.fromkeys([os.path.dirname(self.repository), *map(os.path.abspath, also)])
        )
        self.seen: list[str] = []

    def outside(self, value: object, base: object = None) -> str | None:
        """``value`` made absolute (from ``base`` when given) if it lies beside the repository."""
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, bytes):
            value = os.fsdecode(value)
        if not isinstance(value, str) or not value:
            return None
        if isinstance(base, os.PathLike | str | bytes) and not os.path.isabs(value):
            value = os.path.join(os.fsdecode(os.fspath(base)), value)
        path = os.path.abspath(value)
        inside_parent = any(path.startswith(parent + os.sep) for parent in self.parents)
        inside_repository = path == self.repository or path.startswith(self.repository + os.sep)
        return path if inside_parent and not inside_repository else None

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in self.EVENTS or not args:
            return
        base: object = None
        candidates: Sequence[object] = [args[0]]
        if event == "subprocess.Popen":
            # (executable, args, cwd, env): every word of the command line may be a path the
            # command will read, relative to the folder it starts in.
            words = args[1]
            candidates = [words] if isinstance(words, str | bytes | os.PathLike) else words or []
            base = args[2]
        for candidate in candidates:
            path = self.outside(candidate, base)
            if path is not None and path not in self.seen:
                self.seen.append(path)


def main_checkout_parent(root: Path) -> tuple[Path, ...]:
    """For a linked git worktree (its ``.git`` is a file naming the main repository's
    ``.git/worktrees/NAME``), the folder that holds the main checkout: the siblings that
    matter are the main checkout's, not the worktree's."""
    marker = root / ".git"
    if not marker.is_file():
        return ()
    text = marker.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir:"):
        return ()
    gitdir = (root / text.removeprefix("gitdir:").strip()).resolve()
    common = gitdir / "commondir"
    if common.is_file():
        gitdir = (gitdir / common.read_text(encoding="utf-8").strip()).resolve()
    return (gitdir.parent.parent,)


# An audit hook cannot be removed once added, so one hook serves every watch, and a watch
# stops by leaving this list.
WATCHES: list[OutsideReads] = []
SESSION_WATCH = OutsideReads(ROOT, also=main_checkout_parent(ROOT))


def _dispatch(event: str, args: tuple[Any, ...]) -> None:
    for watch in WATCHES:
        watch.audit(event, args)


def pytest_configure(config: pytest.Config) -> None:
    if not getattr(sys, "_timeline_tests_audit_hook", False):
        sys.addaudithook(_dispatch)
        sys._timeline_tests_audit_hook = True  # type: ignore[attr-defined]
    if SESSION_WATCH not in WATCHES:
        WATCHES.append(SESSION_WATCH)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if SESSION_WATCH in WATCHES:
        WATCHES.remove(SESSION_WATCH)
    if SESSION_WATCH.seen:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SESSION_WATCH.seen:
        terminalreporter.section("read from outside the repository", red=True)
        for path in SESSION_WATCH.seen:
            terminalreporter.line(
                f"{path}: outside {SESSION_WATCH.repository}; a fresh clone does not have it,"
                " so copy what the test needs into tests/fixtures/"
            )


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Build a folder from {relative path: text or bytes}; returns the folder."""

    def build(files: dict[str, str | bytes], name: str = "events") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return build


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample events, safe to modify."""
    target = tmp_path / "events"
    shutil.copytree(SAMPLE, target)
    return target


def timeline_executable() -> str:
    """The installed console script (the one a user runs)."""
    found = shutil.which("timeline", path=str(Path(sys.executable).parent)) or shutil.which(
        "timeline"
    )
    if found is None:
        pytest.fail("the 'timeline' command is not installed: run pip install -e .")
    return found


@pytest.fixture
def run_timeline() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``timeline`` command as a real subprocess."""

    def run(
        *args: str | Path, cwd: Path | None = None, **kwargs: Any
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [timeline_executable(), *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            **kwargs,
        )

    return run


def chromium_path() -> str:
    """Debian's Chromium; a missing browser fails where every test must run, and skips
    elsewhere."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.path.exists(candidate):
            return candidate
    if require_all():
        pytest.fail("Chromium is missing: run ./scripts/test, which installs it")
    pytest.skip("Chromium is not installed (./scripts/test installs it)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def recording_page(browser: Any, **context_options: Any) -> Any:
    """A page in a new context that records page errors and console errors in
    ``page.problems``; close it with ``page.context.close()``."""
    context = browser.new_context(**context_options)
    new_page = context.new_page()
    problems: list[str] = []
    new_page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    new_page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    new_page.problems = problems
    return new_page


AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    """axe-core's violations on the page as it stands: (rule, what it asks, where)."""
    assert AXE.is_file(), "axe-core is missing: run npm ci --prefix tests/js (./scripts/test)"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in result
    ]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized page that records its errors (see :func:`recording_page`)."""
    new_page = recording_page(browser, viewport={"width": 1280, "height": 900})
    yield new_page
    new_page.context.close()
