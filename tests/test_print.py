"""Print: the page printed to PDF by Chromium keeps the chart at the page's width without its
buttons, and the whole table with every source's address written out; ``-o chart.pdf
--table`` puts the plans and the events table after the chart. The PDFs' text is read with
pypdf."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
ARTIFACTS = ROOT / "test-artifacts"
Run = Callable[..., subprocess.CompletedProcess[str]]
URL = "https://news.example/2025/03/19/energy-pause?ref=print&page=2"
EXTRA = f"""\
title: Kyiv and Moscow trade blame over strikes during the energy pause
date: 2025-03-19
type: statement
actors: [Ukraine, Russia]
track: us-ukraine
sources:
  - outlet: Example Wire
    title: Both sides accuse each other of breaking the energy pause
    url: {URL}
    published: 2025-03-19
"""


@pytest.fixture
def events(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    shutil.copytree(SAMPLE, folder)
    (folder / "2025-03-19-blame.yaml").write_text(EXTRA, encoding="utf-8")
    return folder


def titles(folder: Path) -> list[str]:
    """The events' titles as their files give them, read without the tool."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        for path in sorted(folder.glob("*.yaml"))
    ]


def pdf_text(data: bytes) -> tuple[int, str, tuple[float, float]]:
    """Pages, text (runs of white space made one space) and the first page's size in points."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    # NFKC turns the fonts' ligatures (the "ﬁ" of "ceasefire") back into letters.
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    box = reader.pages[0].mediabox
    return len(reader.pages), " ".join(text.split()), (float(box.width), float(box.height))


def check_whole(text: str, folder: Path) -> None:
    for title in titles(folder):
        assert " ".join(title.split()) in text, title
    # A long address may wrap anywhere: it is compared without the breaks.
    assert URL in text.replace(" ", "")
    assert "Example Wire" in text


@pytest.mark.browser
def test_the_page_prints_the_chart_without_its_buttons_and_the_whole_table_with_addresses(
    page: Any, events: Path, run_timeline: Run
) -> None:
    output = events.parent / "timeline.html"
    result = run_timeline("build", "-e", events, "-o", output)
    assert result.returncode == 0, result.stderr
    page.goto(output.as_uri())
    page.wait_for_selector("[data-ready=true]")
    data = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-printed.pdf").write_bytes(data)
    _, text, _ = pdf_text(data)
    check_whole(text, events)
    # The chart is there: its lanes and legend are text in the PDF ...
    assert "us-russia" in text
    assert "Event types" in text
    # ... without the range buttons, which do nothing on paper.
    assert " 1w " not in f" {text} "
    assert page.problems == []
    # At the page's width: drawn 1176 pixels wide on a screen of 1280 (1200 less padding),
    # the chart is scaled to the full width of the printed text.
    drawn = page.evaluate("document.querySelector('.main-svg').getAttribute('width')")
    page.emulate_media(media="print")
    widths = page.evaluate(
        "[document.querySelector('.main-svg').getBoundingClientRect().width,"
        " document.querySelector('main').getBoundingClientRect().width]"
    )
    assert (drawn, widths) == ("1176", [1280, 1280])


@pytest.mark.browser
def test_a_pdf_with_the_table_has_the_chart_then_plans_and_events(
    events: Path, run_timeline: Run
) -> None:
    output = events.parent / "chart.pdf"
    result = run_timeline("build", "-e", events, "-o", output, "--table")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {output} (10 events, ")
    data = output.read_bytes()
    pages, text, size = pdf_text(data)
    assert pages >= 2
    assert (round(size[0]), round(size[1])) == (595, 842)  # A4 in points
    check_whole(text, events)
    chart = text.index("Event types")  # the chart's legend ...
    assert chart < text.index("Plans") < text.index("Events ")  # ... then the lists
    assert "Energy and infrastructure ceasefire: agreed on Tue 18 Mar 2025" in text
    # The same events give the same bytes.
    again = events.parent / "again.pdf"
    assert run_timeline("build", "-e", events, "-o", again, "--table", "-q").returncode == 0
    assert again.read_bytes() == data


@pytest.mark.browser
def test_a_pdf_with_the_table_takes_the_paper_and_orientation(
    events: Path, run_timeline: Run
) -> None:
    output = events.parent / "chart.pdf"
    result = run_timeline(
        "build", "-e", events, "-o", output, "--table", "--paper", "letter", "--landscape"
    )
    assert result.returncode == 0, result.stderr
    _, _, size = pdf_text(output.read_bytes())
    assert (round(size[0]), round(size[1])) == (792, 612)  # letter, landscape


def test_paper_is_refused_for_a_pdf_without_the_table(events: Path, run_timeline: Run) -> None:
    result = run_timeline("build", "-e", events, "-o", events.parent / "c.pdf", "--paper", "a4")
    assert result.returncode == 2
    assert "the paper option is only for docx and pdf with the table, not pdf" in " ".join(
        result.stderr.split()
    )
