"""The conventions every command keeps, checked on the installed command as a user runs it:
--version and `timeline version`, -h, shell completion, plain output off a terminal and with
NO_COLOR, `-o -` for standard output, one `Wrote PATH` line on stdout, --quiet, the exit
codes of docs/conventions.md, and `python -m timeline`."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import ROOT, SAMPLE, chromium_path, timeline_executable

Run = Callable[..., subprocess.CompletedProcess[str]]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def run_bytes(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [timeline_executable(), *map(str, args)], capture_output=True, timeout=120, **kwargs
    )  # type: ignore[call-overload]


def test_version_option_and_python_m(run_timeline: Run) -> None:
    done = run_timeline("--version")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"negotiation-timeline {VERSION}\n",
        "",
    )
    module = subprocess.run(
        [sys.executable, "-m", "timeline", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (module.returncode, module.stdout) == (0, done.stdout)


def test_version_command_lists_plotly_js_and_extras(run_timeline: Run) -> None:
    from plotly.offline import get_plotlyjs_version

    done = run_timeline("version")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["negotiation-timeline"] == VERSION
    assert lines["plotly.js"] == get_plotlyjs_version()
    assert lines["plotly"] == importlib.metadata.version("plotly")
    assert lines["kaleido"] == importlib.metadata.version("kaleido")
    assert lines["python"] == ".".join(map(str, sys.version_info[:3]))


def test_every_command_in_the_help_runs_on_its_own(run_timeline: Run) -> None:
    # A run imports only the module of the command it names: each command listed must
    # still be found, and its help be the same as when every command is registered first.
    from timeline.cli import app

    section = run_timeline("--help").stdout.split("Commands:\n", 1)[1]
    listed = [line.split()[0] for line in section.splitlines() if line[2:3].isalpha()]
    commands = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert sorted(listed) == sorted(commands)
    everything = (
        "import sys\nfrom timeline.cli import app, main\nsys.argv[0] = 'timeline'\nmain()\n"
    )
    env = {**os.environ, "COLUMNS": "100"}
    for name in listed:
        alone = run_timeline(name, "--help", env=env)
        together = subprocess.run(
            [sys.executable, "-c", everything, name, "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert alone.returncode == 0, alone.stderr
        assert alone.stdout.startswith(f"Usage: timeline {name} ")
        assert (alone.stdout, alone.stderr) == (together.stdout, together.stderr)


@pytest.mark.parametrize("command", [[], ["build"], ["init"], ["validate"]])
def test_dash_h_is_help(run_timeline: Run, command: list[str]) -> None:
    short = run_timeline(*command, "-h")
    assert short.returncode == 0, short.stderr
    assert short.stdout == run_timeline(*command, "--help").stdout
    assert short.stdout.startswith(f"Usage: timeline {' '.join(command)}".rstrip() + " [OPTIONS]")


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F"),
        ("zsh", "compdef"),
        ("fish", "complete --command timeline"),
    ],
)
def test_shell_completion_scripts(run_timeline: Run, shell: str, marker: str) -> None:
    # Without the variable, typer asks the running shell which it is.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = run_timeline("--show-completion", shell, env=env)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    assert "_TIMELINE_COMPLETE" in done.stdout


def test_completion_answers_commands_and_choices(run_timeline: Run) -> None:
    commands = run_timeline(
        env={
            **os.environ,
            "_TIMELINE_COMPLETE": "complete_bash",
            "COMP_WORDS": "timeline bu",
            "COMP_CWORD": "1",
        }
    )
    assert commands.stdout.split() == ["build"]
    views = run_timeline(
        env={
            **os.environ,
            "_TIMELINE_COMPLETE": "complete_bash",
            "COMP_WORDS": "timeline build --view ",
            "COMP_CWORD": "3",
        }
    )
    assert views.stdout.split() == ["timeline", "plan"]


BOX = ("╭", "│", "╰", "\x1b[")


def test_errors_and_help_are_plain_text_off_a_terminal(run_timeline: Run) -> None:
    error = run_timeline("build", "--width", "50", "-f", "png")
    assert error.returncode == 2
    assert error.stderr == (
        "Usage: timeline build [OPTIONS]\nTry 'timeline build -h' for help.\n\n"
        "Error: Invalid value for '--width': 50 is not in the range 100<=x<=10000.\n"
    )
    helped = run_timeline("-h")
    assert not any(mark in helped.stdout for mark in BOX)


@pytest.mark.parametrize(("no_color", "boxed"), [(None, True), ("1", False)])
def test_no_color_on_a_terminal(no_color: str | None, boxed: bool) -> None:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = no_color
    child = pexpect.spawn(
        timeline_executable(), ["build", "--width", "50"], env=env, encoding="utf-8", timeout=60
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before
    assert "50 is not in the range" in screen
    assert ("╭" in screen) is boxed
    assert ("\x1b[" in screen) is boxed
    assert child.exitstatus == 2


def test_dash_o_dash_writes_to_stdout(tmp_path: Path, run_timeline: Run) -> None:
    # The figure, the same bytes as in a file; nothing else on stdout and no Wrote line.
    as_file = tmp_path / "figure.json"
    assert run_timeline("build", "-e", SAMPLE, "-f", "json", "-o", as_file).returncode == 0
    piped = run_bytes("build", "-e", SAMPLE, "-f", "json", "-o", "-")
    assert (piped.returncode, piped.stderr) == (0, b"")
    assert piped.stdout == as_file.read_bytes()
    assert json.loads(piped.stdout)["data"]
    for format, start in [("html", b"<!DOCTYPE html>"), ("fragment", b"<div")]:
        out = run_bytes("build", "-e", SAMPLE, "-f", format, "-o", "-")
        assert out.returncode == 0, out.stderr
        assert out.stdout.lstrip().startswith(start), out.stdout[:80]
        assert not list(tmp_path.glob("*.html"))
    exported = run_bytes("export", "-e", SAMPLE, "-f", "csv", "-o", "-")
    assert exported.stdout == run_bytes("export", "-e", SAMPLE, "-f", "csv").stdout
    assert exported.stdout.startswith(b"id,")
    schema = run_bytes("schema", "-o", "-")
    assert schema.stdout == run_bytes("schema").stdout
    assert not Path("-").exists()


def test_dash_o_dash_writes_an_image_as_bytes(tmp_path: Path) -> None:
    env = {**os.environ, "BROWSER_PATH": chromium_path()}
    png = run_bytes("build", "-e", SAMPLE, "-f", "png", "-o", "-", "--width", "400", env=env)
    assert png.returncode == 0, png.stderr
    assert png.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png.stdout[16:20], "big") == 400  # IHDR width


def writing_commands(tmp_path: Path) -> list[tuple[list[str], list[Path]]]:
    """Each command that writes files, with the files it writes."""
    events = tmp_path / "events"
    import_file = tmp_path / "in.csv"
    import_file.write_text(
        "id,title,date,type,actors\nround-1,Round one,2025-03-01,talks,United States\n"
    )
    return [
        (["build", "-e", SAMPLE, "-o", tmp_path / "t.html"], [tmp_path / "t.html"]),
        (["export", "-e", SAMPLE, "-o", tmp_path / "t.csv", "-f", "csv"], [tmp_path / "t.csv"]),
        (["schema", "-o", tmp_path / "s.json"], [tmp_path / "s.json"]),
        (["init", tmp_path / "new"], [tmp_path / "new/events/timeline.yaml"]),
        (["import", import_file, "-e", events], [events / "round-1.yaml"]),
        (
            [
                "add",
                "-e",
                events,
                "--title",
                "Round two",
                "--date",
                "2025-03-02",
                "--type",
                "talks",
                "--actor",
                "Russia",
                "--yes",
            ],
            [events / "2025-03-02-round-two.yaml"],
        ),
    ]


def test_every_writing_command_says_wrote_on_stdout(tmp_path: Path, run_timeline: Run) -> None:
    for args, files in writing_commands(tmp_path):
        done = run_timeline(*args)
        assert done.returncode == 0, (args, done.stderr)
        first = done.stdout.splitlines()[0]
        assert first.startswith("Wrote "), (args, done.stdout)
        for path in files:
            assert path.exists()
            assert f"Wrote {path}" in done.stdout, (args, done.stdout)
        assert "wrote" not in done.stderr.lower(), (args, done.stderr)


def test_quiet_drops_the_wrote_line_but_not_the_errors(tmp_path: Path, run_timeline: Run) -> None:
    for args, files in writing_commands(tmp_path):
        done = run_timeline(*args, "--quiet")
        assert done.returncode == 0, (args, done.stderr)
        assert "Wrote" not in done.stdout, (args, done.stdout)
        assert all(path.exists() for path in files)
    shorter = run_timeline("schema", "-q", "-o", tmp_path / "again.json")
    assert (shorter.returncode, shorter.stdout) == (0, "")
    failed = run_timeline("build", "-q", "-e", tmp_path / "missing")
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: ")


def test_exit_codes_are_the_documented_ones(tmp_path: Path, run_timeline: Run) -> None:
    table = (ROOT / "docs/conventions.md").read_text()
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in table
    assert run_timeline("validate", "-e", SAMPLE).returncode == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: x\n")
    assert run_timeline("validate", "-e", broken).returncode == 1
    assert run_timeline("build", "--no-such-option").returncode == 2
    assert run_timeline("no-such-command").returncode == 2
