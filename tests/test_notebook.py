"""Charts in Jupyter: a real notebook run by a real kernel (nbclient, ipykernel), its
outputs checked, then opened in Chromium, where every chart draws with the one copy of
plotly.js the first output carried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import SAMPLE
from nbclient import NotebookClient

LOADER = "if (!window.Plotly) {"


def run_notebook(cells: list[str], folder: Path) -> list[dict[str, Any]]:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return [cell.outputs for cell in notebook.cells]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    folder = tmp_path_factory.mktemp("notebook")
    return run_notebook(
        [
            f"import timeline\nevents = timeline.load_events({str(SAMPLE)!r})\nevents",
            "timeline.chart(events, view='plan')",
            "timeline.chart(events, as_of='2025-03-18')",
        ],
        folder,
    )


def html_of(cell_outputs: list[Any]) -> str:
    (shown,) = [output for output in cell_outputs if output.get("output_type") == "execute_result"]
    return str(shown["data"]["text/html"])


def test_a_timeline_a_chart_and_the_plan_view_show_as_charts(outputs: list[Any]) -> None:
    first, plan, as_of = (html_of(cell) for cell in outputs)
    # The timeline: plotly.js once, the chart, and its events in a list that opens under it.
    assert first.count(LOADER) == 1
    assert 'class="plotly-graph-div"' in first
    assert "<details><summary>The 9 events in this chart, as a list</summary>" in first
    assert "Trump and Putin agree an energy ceasefire as the first step" in first
    # Later charts carry no plotly.js: the notebook has it.
    for later in (plan, as_of):
        assert LOADER not in later
        assert len(later) < 200_000
        assert 'class="plotly-graph-div"' in later
    assert "Each stage&#x27;s status and the events that set it, as a list" in plan
    assert "Negotiation timeline, as of Tue 18 Mar 2025" in as_of


@pytest.mark.browser
def test_the_outputs_draw_in_a_browser(outputs: list[Any], tmp_path: Path, page: Any) -> None:
    body = "\n".join(html_of(cell) for cell in outputs)
    notebook_page = tmp_path / "notebook.html"
    notebook_page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Notebook</title>'
        f"</head><body><main>{body}</main></body></html>\n",
        encoding="utf-8",
    )
    page.goto(notebook_page.as_uri())
    page.wait_for_function(
        "() => document.querySelectorAll('.plotly-graph-div[data-ready=true]').length === 3"
    )
    assert page.evaluate("() => document.querySelectorAll('.main-svg').length") >= 3
    assert page.problems == []
