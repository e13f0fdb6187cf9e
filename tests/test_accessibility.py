"""Every kind of page the tool writes passes axe-core in Chromium with no violation: the
timeline page (labelled, numbered, in lanes), the plan view, at phone and desktop widths, and
a report with a fragment. The pages `serve`, `--as-of` and `--highlight-since` make are checked
in their own tests (test_serve, test_as_of, test_changes)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, axe_violations, timeline_executable


def _build(tmp_path: Path, name: str, *arguments: str, events: Path = SAMPLE) -> Path:
    output = tmp_path / name
    done = subprocess.run(
        [timeline_executable(), "build", "-e", str(events), "-o", str(output), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return output


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector(".main-svg", timeout=20_000)


def _check(page: Any) -> None:
    assert axe_violations(page) == []
    assert page.problems == []


@pytest.mark.parametrize(
    "arguments",
    [(), ("--view", "plan"), ("--labels", "numbers"), ("--lanes", "actor")],
    ids=["timeline", "plan", "numbers", "actor-lanes"],
)
def test_pages_pass_axe(page: Any, tmp_path: Path, arguments: tuple[str, ...]) -> None:
    _open(page, _build(tmp_path, "page.html", *arguments))
    _check(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_passes_axe_on_a_phone_and_a_desktop(
    browser: Any, tmp_path: Path, width: int
) -> None:
    from conftest import recording_page

    narrow = recording_page(browser, viewport={"width": width, "height": 844})
    try:
        _open(narrow, _build(tmp_path, "page.html"))
        _check(narrow)
    finally:
        narrow.context.close()


def test_a_report_with_a_fragment_passes_axe(page: Any, tmp_path: Path) -> None:
    fragment = _build(tmp_path, "chart.html", "--format", "fragment", "--plotlyjs", "inline")
    report = tmp_path / "report.html"
    report.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report</title>'
        "</head><body><main><h1>Report</h1><p>The talks so far:</p>"
        + fragment.read_text(encoding="utf-8")
        + "</main></body></html>",
        encoding="utf-8",
    )
    _open(page, report)
    _check(page)
