"""Shared fixtures: event folders built from {path: text}, the CLI, and headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
SHARED = ROOT.parent / "shared"
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="long-running: pass --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


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
    """Debian's Chromium; a missing browser fails in CI and skips elsewhere."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.path.exists(candidate):
            return candidate
    if os.environ.get("CI"):
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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized page that records its errors (see :func:`recording_page`)."""
    new_page = recording_page(browser, viewport={"width": 1280, "height": 900})
    yield new_page
    new_page.context.close()
