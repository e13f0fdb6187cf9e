"""`timeline build`, through typer's runner and as the installed command."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events"
Run = Callable[..., subprocess.CompletedProcess[str]]
runner = CliRunner()


def build(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_page_and_says_so(tmp_path: Path) -> None:
    output = tmp_path / "timeline.html"
    code, out, err = build("-e", SAMPLE, "-o", output)
    assert (code, err) == (0, "")
    assert out == f"Wrote {output} (9 events, 1.2 MB)\n"
    assert "<h1>Negotiation timeline</h1>" in output.read_text()


def test_build_options_reach_the_page(tmp_path: Path) -> None:
    output = tmp_path / "page.html"
    code, out, _ = build(
        "-e",
        SAMPLE,
        "-o",
        output,
        "--title",
        "Ceasefire talks",
        "--lanes",
        "actor",
        "--plotlyjs",
        "cdn",
        "--actor",
        "Donald Trump",
    )
    assert code == 0
    assert out.startswith(f"Wrote {output} (3 events, ")
    page = output.read_text()
    assert "<h1>Ceasefire talks</h1>" in page
    assert '"text":"\\u003cb>Vladimir Putin\\u003c/b>"' in page
    assert '<script src="https://cdn.plot.ly/' in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--lanes", "sideways"],
            "'sideways' is not one of 'track', 'actor', 'group', 'type', 'none'",
        ),
        (["--plotlyjs", "remote"], "'remote' is not one of 'inline', 'cdn'"),
        (["--since", "2025-13"], "'2025-13' is not a date: month 13 does not exist"),
    ],
    ids=["lanes", "plotlyjs", "since"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = build("-e", SAMPLE, "-o", tmp_path / "page.html", *args)
    assert code == 2
    assert message in " ".join(err.replace("│", " ").split())
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize(
    ("files", "args", "stderr"),
    [
        (
            None,
            ["--track", "europe", "--type", "ceasefire"],
            "Error: none of the 9 events in {events} match the filters; nothing written\n",
        ),
        (
            None,
            ["--track", "us-rusia"],
            "Error: --track us-rusia: no such track; did you mean 'us-russia'?\n",
        ),
        (
            {"bad.yaml": "title: T\ndate: 2025-02-30\ntype: talks\nactors: [A]\n"},
            [],
            # The date's error does not hide the missing source.
            "{events}/bad.yaml:1:1: warning: event has no source; add sources:\n"
            "{events}/bad.yaml:2:7: error: date: '2025-02-30' is not a date: February 2025 has 28 "
            "days\nError: the events have 1 error; nothing was done\n",
        ),
        ({}, [], "Error: {events} has no events to draw; nothing written\n"),
    ],
    ids=["filtered-out", "unknown-track", "invalid", "empty"],
)
def test_errors_exit_1_and_write_nothing(
    tmp_path: Path,
    make_tree: Callable[..., Path],
    files: dict[str, str] | None,
    args: list[str],
    stderr: str,
) -> None:
    events = SAMPLE if files is None else make_tree(files)
    output = tmp_path / "page.html"
    code, out, err = build("-e", events, "-o", output, *args)
    assert (code, out) == (1, "")
    assert err == stderr.format(events=events)
    assert not output.exists()


def test_missing_events_folder(tmp_path: Path) -> None:
    code, _, err = build("-e", tmp_path / "nowhere", "-o", tmp_path / "page.html")
    assert code == 1
    assert (
        err
        == f"Error: {tmp_path / 'nowhere'}: no such file or folder; pass the events folder with -e\n"
    )


def test_warnings_are_shown_and_the_page_is_still_written(
    tmp_path: Path, make_tree: Callable[..., Path]
) -> None:
    events = make_tree({"talks.yaml": "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"})
    code, out, err = build("-e", events, "-o", tmp_path / "page.html")
    assert code == 0
    assert err == f"{events}/talks.yaml:1:1: warning: event has no source; add sources:\n"
    assert out.startswith("Wrote ")


def test_installed_command_builds_the_default_page_twice_with_the_same_bytes(
    sample: Path, run_timeline: Run
) -> None:
    folder = sample.parent
    first = run_timeline("build", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Wrote output/timeline.html (9 events, 1.2 MB)\n"
    page = folder / "output" / "timeline.html"
    before = page.read_bytes()
    second = run_timeline("build", cwd=folder)
    assert second.returncode == 0, second.stderr
    assert (second.stdout, second.stderr) == (first.stdout, "")
    assert page.read_bytes() == before
    # The page is the sample's: its title, its nine events in the table, plotly.js inside.
    html = before.decode("utf-8")
    assert "<title>Negotiation timeline</title>" in html
    assert len(re.findall(r'<tr id="event-[a-z0-9-]+">', html)) == 9
    assert 1_150_000 < len(before) < 1_300_000  # "1.2 MB": plotly.js's basic bundle is inlined


def test_build_is_listed_in_help(run_timeline: Run) -> None:
    result = run_timeline("--help")
    assert "build" in result.stdout
    assert "Draw the events as an interactive timeline" in result.stdout


def test_commands_that_do_not_draw_do_not_import_plotly() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from timeline.cli import app\n"
        f"result = CliRunner().invoke(app, ['list', '-e', {str(SAMPLE)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'plotly'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "written", "start"),
    [
        (
            ["-f", "fragment"],
            "output/timeline.fragment.html",
            b'<div class="negotiation-timeline mathjax_ignore tex2jax_ignore">',
        ),
        (["-f", "json"], "output/timeline.json", b'{\n  "data": ['),
        (["-o", "charts/march.json"], "charts/march.json", b'{\n  "data": ['),
        (["-o", "charts/march"], "charts/march", b"<!DOCTYPE html>"),
        (["-o", "charts/march.txt", "-f", "html"], "charts/march.txt", b"<!DOCTYPE html>"),
    ],
    ids=["fragment", "json", "json-suffix", "no-suffix", "other-suffix-named-format"],
)
def test_the_format_and_the_default_file_name_follow_each_other(
    sample: Path, run_timeline: Run, args: list[str], written: str, start: bytes
) -> None:
    result = run_timeline("build", *args, cwd=sample.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {written} (9 events, ")
    assert (sample.parent / written).read_bytes().startswith(start)


@pytest.mark.parametrize("name", ["brief.xyz", "charts/march.txt"])
def test_an_output_extension_the_tool_does_not_know_is_an_error_that_lists_those_it_does(
    sample: Path, run_timeline: Run, name: str
) -> None:
    result = run_timeline("build", "-o", name, cwd=sample.parent)
    assert result.returncode == 2
    assert "use one of .html, .htm, .png, .svg, .pdf, .json, .docx, .pptx" in result.stderr
    assert not (sample.parent / name).exists()
    assert result.stdout == ""


def test_a_social_image_gives_the_page_a_link_preview_card(
    tmp_path: Path, run_timeline: Run
) -> None:
    output = tmp_path / "index.html"
    url = "https://newsroom.example/ceasefire/timeline.png?v=2&size=large"
    result = run_timeline(
        "build", "-e", SAMPLE, "-o", output, "--title", 'Talks "in" <Riyadh>', "--social-image", url
    )
    assert result.returncode == 0, result.stderr
    head = output.read_text(encoding="utf-8").split("</head>")[0]
    assert (
        '<meta property="og:type" content="website">\n'
        '<meta property="og:title" content="Talks &quot;in&quot; &lt;Riyadh&gt;">\n'
        '<meta property="og:description" content="9 events, from Mar 2025 to Tue 18 Mar 2025,'
        ' from 2 sources">\n'
        '<meta property="og:image" content="https://newsroom.example/ceasefire/timeline.png'
        '?v=2&amp;size=large">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
    ) in head


def test_a_page_without_a_social_image_has_no_preview_tags(tmp_path: Path) -> None:
    output = tmp_path / "index.html"
    code, _, _ = build("-e", SAMPLE, "-o", output)
    assert code == 0
    assert "og:" not in output.read_text(encoding="utf-8").split("</head>")[0]


@pytest.mark.parametrize(
    "url",
    [
        "timeline.png",
        "javascript:alert(1)",
        "https://user@attacker.example/timeline.png",
        "https://attacker.example\\@newsroom.example/timeline.png",
        "https://newsroom.example/a b.png",
        'https://newsroom.example/a".png',
        "ftp://newsroom.example/timeline.png",
    ],
)
def test_a_social_image_must_be_a_plain_web_address(
    tmp_path: Path, run_timeline: Run, url: str
) -> None:
    output = tmp_path / "index.html"
    result = run_timeline("build", "-e", SAMPLE, "-o", output, "--social-image", url)
    assert result.returncode == 2
    assert (
        f"Error: Invalid value: the social image must be an absolute http:// or https://"
        f" address, not {url!r}"
    ) in " ".join(result.stderr.split())
    assert not output.exists()


def test_a_social_image_is_only_for_pages(tmp_path: Path, run_timeline: Run) -> None:
    output = tmp_path / "chart.json"
    result = run_timeline(
        "build", "-e", SAMPLE, "-o", output, "--social-image", "https://a.example/t.png"
    )
    assert result.returncode == 2
    assert "the social image option is only for html, not json" in result.stderr
    assert not output.exists()
