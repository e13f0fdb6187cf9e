"""`timeline validate` and `timeline list`, through typer's runner and the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., subprocess.CompletedProcess[str]]
runner = CliRunner()

BROKEN = {
    "bad-yaml.yaml": "title: Talks\nactors: [Trump\n",
    "unknown-field.yaml": "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsummmary: x\n",
    "bad-day.yaml": "title: T\ndate: 2025-02-30\ntype: talks\nactors: [A]\n",
    "bad-month.yaml": "title: T\ndate: 2025-13\ntype: talks\nactors: [A]\n",
    "dup-a.yaml": "id: same\ntitle: T\ndate: 2025-03-18\ntype: call\nactors: [A]\n"
    "sources: [{outlet: X}]\n",
    "dup-b.yaml": "id: same\ntitle: T\ndate: 2025-03-18\ntype: call\nactors: [A]\n"
    "sources: [{outlet: X}]\n",
    "backwards.yaml": "title: T\ndate: 2025-03-18\nend: 2025-03-01\ntype: talks\nactors: [A]\n",
    "no-actor.yaml": "title: T\ndate: 2025-03-18\ntype: talks\nactors: [NO]\n",
    "stage.yaml": "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"
    "stage: nowhere/first\nstatus: agreed\nsources: [{outlet: X}]\n",
}


def test_validate_sample_strict_is_clean(run_timeline: Run) -> None:
    result = run_timeline("validate", "--strict", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_list_json_orders_the_sample_with_the_right_dates(run_timeline: Run) -> None:
    result = run_timeline("list", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    by_id = {event["id"]: event for event in events}
    assert by_id["2025-03-17-starmer-trump-call"]["date"] == "2025-03-17"
    assert by_id["2025-03-18-trump-putin-call"]["date"] == "2025-03-18"
    assert by_id["2025-03-18-trump-putin-call"]["cameo"] == "041"
    assert by_id["2025-03-coalition-of-the-willing"]["date"] == "2025-03"
    ids = [event["id"] for event in events]
    assert ids.index("2025-03-17-starmer-trump-call") < ids.index("2025-03-18-trump-putin-call")
    # Month precision sorts by its first instant but after finer dates are impossible here:
    # every March date starts on or after 1 March, so months come first.
    assert ids[0] == "2025-03-coalition-of-the-willing"
    assert by_id["2025-03-18-trump-putin-call"]["file"] == "events/2025-03-18-trump-putin-call.yaml"
    assert by_id["2025-03-18-trump-putin-call"]["line"] == 1


def test_broken_folder_reports_every_problem_once(
    run_timeline: Run, make_tree: Callable[..., Path]
) -> None:
    root = make_tree(BROKEN)
    result = run_timeline("validate", "-e", root.name, cwd=root.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Records with errors still count for the checks they pass: these five cite no source.
    no_source = "1:1: warning: event has no source; add sources:"
    assert result.stdout.splitlines() == [
        f"events/backwards.yaml:{no_source}",
        "events/backwards.yaml:3:6: error: end: 2025-03-01 is before the date 2025-03-18",
        f"events/bad-day.yaml:{no_source}",
        "events/bad-day.yaml:2:7: error: date: '2025-02-30' is not a date: February 2025 has 28 days",
        f"events/bad-month.yaml:{no_source}",
        "events/bad-month.yaml:2:7: error: date: '2025-13' is not a date: month 13 does not exist",
        "events/bad-yaml.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' "
        "(parsing a flow sequence that starts on line 2)",
        "events/dup-b.yaml:1:1: error: duplicate event id 'same': also at events/dup-a.yaml:1:1",
        f"events/no-actor.yaml:{no_source}",
        'events/no-actor.yaml:4:10: error: actors[0]: NO was read as a boolean; quote it: "NO"',
        "events/stage.yaml:5:1: error: stage: no plan 'nowhere' (plans: none)",
        f"events/unknown-field.yaml:{no_source}",
        "events/unknown-field.yaml:5:1: error: unknown field 'summmary'; did you mean 'summary'?",
    ]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "json",
            '[\n  {\n    "path": "events/x.yaml",\n    "line": 2,\n    "column": 7,\n'
            '    "level": "error",\n    "message": "date: \'2025-13\' is not a date: month 13 '
            'does not exist"\n  }\n]\n',
        ),
        (
            "github",
            "::error file=events/x.yaml,line=2,col=7::date: '2025-13' is not a date: "
            "month 13 does not exist\n",
        ),
    ],
)
def test_validate_formats(
    make_tree: Callable[..., Path], style: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a source, so that the date's error is the file's only problem.
    root = make_tree({"x.yaml": BROKEN["bad-month.yaml"] + "sources: [{outlet: X}]\n"})
    monkeypatch.chdir(root.parent)
    result = runner.invoke(app, ["validate", "--format", style])
    assert result.exit_code == 1
    assert result.stdout == expected


def test_warnings_pass_unless_strict(
    make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree({"x.yaml": "title: T\ndate: 2025\ntype: other\nactors: [A]\n"})
    monkeypatch.chdir(root.parent)
    relaxed = runner.invoke(app, ["validate"])
    strict = runner.invoke(app, ["validate", "--strict"])
    assert relaxed.exit_code == 0
    assert relaxed.stdout == "events/x.yaml:1:1: warning: event has no source; add sources:\n"
    assert strict.exit_code == 1
    assert strict.stdout == "events/x.yaml:1:1: error: event has no source; add sources:\n"


def test_list_refuses_events_with_errors(make_tree: Callable[..., Path]) -> None:
    root = make_tree({"x.yaml": BROKEN["bad-month.yaml"]})
    result = runner.invoke(app, ["list", "-e", str(root)])
    assert result.exit_code == 1
    assert "is not a date: month 13 does not exist" in result.stderr
    assert "Error: the events have 1 error; nothing was done" in result.stderr
    assert result.stdout == ""


def _ids(*args: str) -> list[str]:
    result = runner.invoke(app, ["list", "-e", str(ROOT / "events"), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [event["id"] for event in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--since", "2025-03-18", "--actor", "keir starmer"),
            ["2025-03-coalition-of-the-willing"],
        ),
        (
            ("--until", "2025-03-17", "--actor", "Keir Starmer"),
            [
                "2025-03-coalition-of-the-willing",
                "2025-03-17-starmer-trump-call",
            ],
        ),
        (("--type", "call"), ["2025-03-17-starmer-trump-call", "2025-03-18-trump-putin-call"]),
        (("--track", "us-ukraine"), ["2025-03-18-zelensky-response"]),
        (("--tag", "FRANCE"), ["2025-03-coalition-of-the-willing"]),
        (
            ("--search", "black sea"),
            [
                "2025-03-18-black-sea-talks",
                "2025-03-18-trump-putin-call",
            ],
        ),
        (("--since", "2026"), []),
    ],
    ids=["since-actor", "until-actor", "type", "track", "tag", "search", "nothing"],
)
def test_list_filters(args: tuple[str, ...], expected: list[str]) -> None:
    assert _ids(*args) == expected


def test_list_table_reads_like_a_person_writes_dates() -> None:
    result = runner.invoke(app, ["list", "-e", str(ROOT / "events")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Date", "Type", "Actors", "Title"]
    assert any(line.startswith("Mon 17 Mar 2025 ") and " call " in line for line in lines)
    assert any(line.startswith("Mar 2025 (approx.) ") for line in lines)
    assert lines[-1] == "9 events"


def test_list_csv() -> None:
    result = runner.invoke(app, ["list", "-e", str(ROOT / "events"), "--format", "csv"])
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.startswith("id,date,end,type,cameo,title,actors,")
    assert any(
        row.startswith("2025-03-17-starmer-trump-call,2025-03-17,,call,041,") for row in rows
    )


def test_list_table_shows_text_as_written(make_tree: Callable[..., Path]) -> None:
    """Brackets and colons in a title or an actor are text, not rich markup or emoji codes."""
    folder = make_tree(
        {
            "a.yaml": 'title: "Talks [bold]x[/bold] :smile: [draft]"\ndate: 2025-03-18\n'
            'type: talks\nactors: ["[red]US"]\nsources: [{outlet: R}]\n'
        }
    )
    result = runner.invoke(app, ["list", "-e", str(folder)], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split("  ")[-2:] == [
        "[red]US",
        "Talks [bold]x[/bold] :smile: [draft]",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--format", "xml"], "use table, json or csv"),
        (["validate", "--format", "xml"], "use text, json or github"),
        (["list", "--since", "2025-13"], "'2025-13' is not a date: month 13 does not exist"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_events_folder(run_timeline: Run, tmp_path: Path) -> None:
    result = run_timeline("list", "-e", "nope", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "Error: nope: no such file or folder; pass the events folder with -e\n"


@pytest.mark.parametrize("command", ["list", "validate"])
def test_commands_that_do_not_draw_do_not_import_plotly(command: str) -> None:
    code = (
        "import sys\n"
        "from timeline.cli import main\n"
        f"sys.argv = ['timeline', '{command}']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('plotly' in sys.modules, 'pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False False"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # What the README shows for the sample.
    assert (result.stdout, result.stderr) == ("", "9 events, 1 plan: 0 errors, 0 warnings\n")
