"""Word and PowerPoint briefs, written by the installed command with the other outputs in one
run: opened again with python-docx and python-pptx (chart image, every event's title and
date, every source's outlet and reference, the plans), converted to PDF by LibreOffice and
rendered by poppler; the same events give the same bytes; clear errors."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import require_all

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
ARTIFACTS = ROOT / "test-artifacts"
Run = Callable[..., subprocess.CompletedProcess[str]]

# An event beyond the sample's: a source with a headline and a link, and claims that disagree.
EXTRA = """\
title: Kyiv and Moscow trade blame over strikes during the energy pause
date: 2025-03-19
type: statement
actors: [Ukraine, Russia]
track: us-ukraine
key: true
claims:
  - by: Ukraine
    says: Russian drones hit a hospital's power supply.
    stance: asserts
  - by: Russia
    says: Its forces struck energy sites after the pause began.
    stance: denies
sources:
  - outlet: Example Wire
    title: Both sides accuse each other of breaking the energy pause
    url: https://news.example/2025/03/19/energy-pause?ref=brief&x=1
    published: 2025-03-19
"""
# The dates as the sample's articles give them, written as the page's table writes them.
DATES = {
    "Starmer and Trump speak by phone": "Mon 17 Mar 2025",
    "Lammy signals faster UK and EU arms shipments to Ukraine": "Tue 18 Mar 2025 (approx.)",
    "Kremlin denies strikes on Ukraine's energy facilities": "Mar 2025 (approx.)",
    "Trump and Putin agree an energy ceasefire as the first step": "Tue 18 Mar 2025",
    "Kyiv and Moscow trade blame over strikes during the energy pause": "Wed 19 Mar 2025",
}


def records(folder: Path) -> list[dict[str, Any]]:
    """The events as their YAML files say, read without the tool."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        found.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample and the extra event, built into six formats by one command."""
    root = tmp_path_factory.mktemp("briefs")
    events = root / "events"
    shutil.copytree(SAMPLE, events)
    (events / "2025-03-19-blame.yaml").write_text(EXTRA, encoding="utf-8")
    names = ["t.html", "t.png", "t.svg", "t.pdf", "brief.docx", "brief.pptx"]
    args = [a for name in names for a in ("-o", str(root / name))]
    from conftest import timeline_executable

    result = subprocess.run(
        [timeline_executable(), "build", "-e", str(events), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {"root": root, "events": events, "stdout": result.stdout, "names": names}


def docx_text(document: Any) -> tuple[list[str], list[list[list[str]]]]:
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_one_run_writes_each_file_and_says_so(built: dict[str, Any]) -> None:
    lines = built["stdout"].splitlines()
    assert [line.split(" ")[1] for line in lines] == [
        str(built["root"] / name) for name in built["names"]
    ]
    assert lines[4].startswith(f"Wrote {built['root'] / 'brief.docx'} (10 events, ")
    for name in built["names"]:
        assert (built["root"] / name).stat().st_size > 1000


def test_the_word_brief_has_the_chart_key_plans_events_and_numbered_sources(
    built: dict[str, Any],
) -> None:
    import docx
    from docx.shared import Mm

    document = docx.Document(str(built["root"] / "brief.docx"))
    paragraphs, tables = docx_text(document)
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "List Number"} <= styles
    assert paragraphs[0] == "Negotiation timeline"
    assert paragraphs[1] == "10 events, from Mar 2025 to Wed 19 Mar 2025, from 3 sources"
    # The chart: one picture, a PNG twice the default width, at the text's width on A4.
    assert len(document.inline_shapes) == 1
    blobs = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(blobs) == 1
    assert blobs[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(blobs[0][16:20], "big") == 2400
    section = document.sections[0]
    # Word keeps page sizes in twentieths of a point: compared to a tenth of a millimetre.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    assert document.inline_shapes[0].width == Mm(170)
    # The key under the chart: every event numbered 1..10 with its date and title.
    key, events = tables
    assert key[0] == ["No.", "Date", "Event"]
    assert [row[0] for row in key[1:]] == [str(n) for n in range(1, 11)]
    titles = {record["title"] for record in records(built["events"])}
    assert {row[2] for row in key[1:]} == titles
    for title, date in DATES.items():
        assert [row[1] for row in key[1:] if row[2] == title] == [date]
    # The events table, in the key's order: date as written, numbered title, actors, type.
    assert events[0] == ["Date", "Event", "Actors", "Type", "Sources"]
    assert len(events) == 11
    for row, (number, date, title) in zip(events[1:], key[1:], strict=True):
        assert row[0] == date
        assert row[1].startswith(f"{number}. {title}")
    blame = next(row for row in events if "Kyiv and Moscow trade blame" in row[1])
    assert blame[2:4] == ["Ukraine, Russia", "statement"]
    assert "The parties disagree:" in blame[1]
    assert "Russia denies: Its forces struck energy sites after the pause began." in blame[1]
    # Each source a numbered reference; each row cites its sources by number.
    start = paragraphs.index("Sources")
    references = paragraphs[start + 1 :]
    outlets = {s["outlet"] for r in records(built["events"]) for s in r.get("sources", [])}
    assert outlets == {"The Independent", "Bloomberg", "Example Wire"}
    for outlet in outlets:
        assert any(re.match(rf"\[\d+\] {re.escape(outlet)}\b", line) for line in references)
    wire = next(line for line in references if "Example Wire" in line)
    number = wire[1 : wire.index("]")]
    assert wire == (
        f"[{number}] Example Wire, \u201cBoth sides accuse each other of breaking the energy "
        "pause\u201d, Wed 19 Mar 2025: https://news.example/2025/03/19/energy-pause?ref=brief&x=1"
    )
    assert blame[4] == f"[{number}]"
    for row in events[1:]:
        assert re.fullmatch(r"(\[\d+\] ?)+", row[4]), row
    links = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert links == ["https://news.example/2025/03/19/energy-pause?ref=brief&x=1"]
    # Where the plan stands.
    assert "US\u2013Russia path to peace in Ukraine" in paragraphs
    assert (
        "Energy and infrastructure ceasefire: agreed on Tue 18 Mar 2025 (Trump and Putin "
        "agree an energy ceasefire as the first step)"
    ) in paragraphs
    assert "Full ceasefire: not started" in paragraphs


def test_the_word_brief_is_dated_by_its_sources_and_the_same_events_give_the_same_bytes(
    built: dict[str, Any], tmp_path: Path
) -> None:
    import docx

    from timeline import load_events
    from timeline.briefs.content import brief
    from timeline.briefs.word import docx_bytes
    from timeline.publish import chart

    path = built["root"] / "brief.docx"
    core = docx.Document(str(path)).core_properties
    # python-docx reads one back with the UTC zone and the other without.
    stamps = [stamp.replace(tzinfo=None) for stamp in (core.created, core.modified)]
    assert stamps == [dt.datetime(2025, 3, 19)] * 2
    assert (core.title, core.revision) == ("Negotiation timeline", 1)
    with zipfile.ZipFile(path) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2025, 3, 19, 0, 0, 0)}
        png = next(archive.read(n) for n in archive.namelist() if n.endswith(".png"))
    drawn = chart(load_events(built["events"]))
    content = brief(drawn.events, drawn.progress)
    assert docx_bytes(content, png) == docx_bytes(content, png)
    assert docx_bytes(content, png) == path.read_bytes()


def test_paper_and_orientation(built: dict[str, Any], tmp_path: Path, run_timeline: Run) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    output = tmp_path / "letter.docx"
    result = run_timeline(
        "build", "-e", built["events"], "-o", output, "--paper", "letter", "--landscape"
    )
    assert result.returncode == 0, result.stderr
    section = docx.Document(str(output)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (279.4, 215.9)
    assert docx.Document(str(output)).inline_shapes[0].width == Mm(279.4 - 40)


def test_a_chart_with_titles_instead_of_numbers_gets_no_key(
    built: dict[str, Any], tmp_path: Path, run_timeline: Run
) -> None:
    import docx

    numbered = docx.Document(str(built["root"] / "brief.docx"))
    assert "Key to the numbered events on the chart" in docx_text(numbered)[0]
    output = tmp_path / "titles.docx"
    result = run_timeline("build", "-e", built["events"], "-o", output, "--labels", "all")
    assert result.returncode == 0, result.stderr
    paragraphs, tables = docx_text(docx.Document(str(output)))
    assert "Key to the numbered events on the chart" not in paragraphs
    # The events table is the only one left.
    [events] = tables
    assert events[0] == ["Date", "Event", "Actors", "Type", "Sources"]


def slide_texts(slide: Any) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_deck_has_a_title_the_chart_with_its_key_the_plan_and_each_key_event(
    built: dict[str, Any],
) -> None:
    import pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = pptx.Presentation(str(built["root"] / "brief.pptx"))
    assert deck.slide_width * 9 == deck.slide_height * 16
    slides = list(deck.slides)
    key_titles = [r["title"] for r in records(built["events"]) if r.get("key")]
    assert len(slides) == 3 + len(key_titles)
    assert slide_texts(slides[0]) == [
        "Negotiation timeline",
        "10 events, from Mar 2025 to Wed 19 Mar 2025, from 3 sources",
    ]
    pictures = [s for s in slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0].image.content_type == "image/png"
    assert pictures[0].left + pictures[0].width <= deck.slide_width
    assert pictures[0].top + pictures[0].height <= deck.slide_height
    key = slide_texts(slides[1])[1]
    for title in (r["title"] for r in records(built["events"])):
        assert title in key
    for title, date in DATES.items():
        assert f"{date}: {title}" in key
    assert slide_texts(slides[2])[0] == "US\u2013Russia path to peace in Ukraine"
    assert sorted(slide_texts(s)[0] for s in slides[3:]) == sorted(key_titles)
    wire = next(s for s in slides[3:] if "Kyiv and Moscow" in slide_texts(s)[0])
    assert "The parties disagree:" in slide_texts(wire)[1]
    assert wire.notes_slide.notes_text_frame.text.endswith(
        "Example Wire, \u201cBoth sides accuse each other of breaking the energy pause\u201d, "
        "Wed 19 Mar 2025: https://news.example/2025/03/19/energy-pause?ref=brief&x=1"
    )
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in slides[3:])
    assert "The Independent" in notes


def test_per_slide_puts_every_event_on_slides_of_n(built: dict[str, Any], tmp_path: Path) -> None:
    import pptx

    from timeline import write_all

    written = write_all(built["events"], [tmp_path / "deck.pptx"], per_slide=4)
    assert written[0].format == "pptx"
    slides = list(pptx.Presentation(str(tmp_path / "deck.pptx")).slides)
    assert [slide_texts(s)[0] for s in slides[3:]] == [
        "Events 1\u20134",
        "Events 5\u20138",
        "Events 9\u201310",
    ]
    notes = [s.notes_slide.notes_text_frame.text for s in slides[3:]]
    outlets = {s["outlet"] for r in records(built["events"]) for s in r.get("sources", [])}
    for outlet in outlets:
        assert any(outlet in text for text in notes)


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if require_all():
            pytest.fail("LibreOffice is missing: run ./scripts/test, which installs it")
        pytest.skip("LibreOffice is not installed (./scripts/test installs it)")
    return found


@pytest.mark.parametrize("name", ["brief.docx", "brief.pptx"])
def test_libreoffice_converts_the_brief_to_pdf_and_poppler_renders_it(
    built: dict[str, Any], tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    shutil.copy(built["root"] / name, source)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for record in records(built["events"]):
        assert " ".join(record["title"].split()) in flat, record["title"]
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / f"{source.stem}-{source.suffix[1:]}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(stem)], check=True
    )
    first = sorted(ARTIFACTS.glob(f"{stem.name}-*1.png"))
    assert first, "poppler rendered no first page"
    assert first[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_python_docx_the_error_says_how_to_install_it(tmp_path: Path) -> None:
    # None in sys.modules makes "import docx" fail as it does when it is not installed.
    output = tmp_path / "brief.docx"
    code = (
        "import sys\n"
        "sys.modules['docx'] = None\n"
        "from timeline.cli import main\n"
        f"sys.argv = ['timeline', 'build', '-e', {str(SAMPLE)!r}, '-o', {str(output)!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: Word documents need python-docx: pip install 'negotiation-timeline[briefs]'\n"
    )
    assert not output.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "a.html", "--paper", "letter"],
            "the paper option is only for docx and pdf with the table, not html",
        ),
        (["-o", "a.docx", "--per-slide", "3"], "the per-slide option is only for pptx, not docx"),
        (["-o", "a.html", "-o", "-"], "-o - writes one file to standard output; give it alone"),
        (["-o", "a.html", "-o", "b.png", "-f", "png"], "--format names the format of one file"),
        (
            ["-o", "a.html", "-o", "b.json", "--width", "800"],
            "only for png, svg and pdf, not html, json",
        ),
    ],
)
def test_options_no_output_can_use_are_refused(
    sample: Path, run_timeline: Run, args: list[str], message: str
) -> None:
    result = run_timeline("build", *args, cwd=sample.parent)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split())
    assert not (sample.parent / "a.html").exists()


def test_an_option_goes_to_the_outputs_that_use_it(sample: Path, run_timeline: Run) -> None:
    result = run_timeline(
        "build", "-o", "a.html", "-o", "b.svg", "--width", "800", "-q", cwd=sample.parent
    )
    assert (result.returncode, result.stdout) == (0, "")
    svg = (sample.parent / "b.svg").read_text(encoding="utf-8")
    assert re.search(r'<svg[^>]* width="800"', svg)
    assert (sample.parent / "a.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_large_timelines_brief_lists_what_its_page_lists_and_says_so(
    built: dict[str, Any],
) -> None:
    import docx
    import pptx

    from timeline.briefs.content import brief
    from timeline.briefs.slides import pptx_bytes
    from timeline.briefs.word import docx_bytes
    from timeline.model import Event

    events = [
        Event.model_validate(
            {
                "id": f"e{n:04d}",
                "title": f"Event {n:04d}",
                "date": (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat(),
                "type": "meeting",
                "actors": ["A"],
                "key": n in (5, 1999),
                "sources": [{"outlet": f"Outlet {n % 7}", "published": "2024-12-31"}],
            }
        )
        for n in range(2000)
    ]
    content = brief(events)
    assert len(content.events) == len(content.key) == 100
    assert content.note.startswith("The table lists 100 of the 2,000 events")
    assert content.summary.startswith("2000 events, from Wed 1 Jan 2020 to ")
    # Numbers are those of all the events in date order: the key events keep theirs.
    numbers = {row.title: row.number for row in content.key}
    assert "Event 0005" in numbers and "Event 1999" in numbers
    assert (numbers["Event 0005"], numbers["Event 1999"]) == (6, 2000)  # one a day
    assert [row.number for row in content.events] == sorted(row.number for row in content.events)
    with zipfile.ZipFile(built["root"] / "brief.docx") as archive:
        png = next(archive.read(n) for n in archive.namelist() if n.endswith(".png"))
    document = docx.Document(io.BytesIO(docx_bytes(content, png)))
    assert content.note in [paragraph.text for paragraph in document.paragraphs]
    assert len(document.tables[1].rows) == 101
    # The key does not fit beside the chart: it follows on slides of 20.
    deck = pptx.Presentation(io.BytesIO(pptx_bytes(content, png)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    keys = [title for title in titles if title.startswith("Key ")]
    assert len(keys) == 5
    # Listed: the key events (numbers 6 and 2000) and the 98 latest others (1902 to 1999);
    # the first key slide has the 20 lowest numbers.
    assert keys[0] == "Key 6\u20131920"


def test_one_run_starts_the_image_engine_once_and_draws_what_separate_runs_draw(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kaleido

    from timeline import to_image, write_all

    started: list[dict[str, Any]] = []

    class Counting(kaleido.Kaleido):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(kaleido, "Kaleido", Counting)
    names = ["a.png", "a.svg", "a.pdf", "b.docx", "b.pptx", "a.html"]
    written = write_all(SAMPLE, [tmp_path / name for name in names])
    assert [built.format for built in written] == ["png", "svg", "pdf", "docx", "pptx", "html"]
    assert len(started) == 1
    monkeypatch.undo()
    assert (tmp_path / "a.svg").read_bytes() == to_image(SAMPLE, "svg")
    assert (tmp_path / "a.pdf").read_bytes() == to_image(SAMPLE, "pdf")
