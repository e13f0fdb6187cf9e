"""The ``import``, ``export`` and ``schema`` commands, in process and as the installed command."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TIMELINEJS
from typer.testing import CliRunner

from timeline.cli import app
from timeline.loading import load

SAMPLE = Path(__file__).resolve().parent.parent / "events"

runner = CliRunner()

BCE = json.dumps(
    {
        "events": [
            {"start_date": {"year": "1815", "month": "12"}, "text": {"headline": "Kept"}},
            {"start_date": {"year": "-490"}, "text": {"headline": "Marathon"}},
        ]
    }
)


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_dry_run_prints_the_files_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    result = invoke("import", TIMELINEJS / "women_in_computing.csv", "-e", folder, "--dry-run")
    assert result.exit_code == 0, result.output
    assert not folder.exists()
    assert result.stdout.startswith(
        f"# {folder}/1815-12-10-ada-lovelace.yaml\ntitle: Ada Lovelace\ndate: '1815-12-10'\n"
    )
    assert f"# {folder}/timeline.yaml\ntimeline:\n  title: Women in Computing\n" in result.stdout
    assert result.stdout.count("\n# ") == 10
    assert result.stderr.endswith(
        f"Would import 10 events into {folder} (timelinejs-csv); 0 rejected, 0 already there\n"
    )


def test_import_never_replaces_an_event(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    first = invoke("import", TIMELINEJS / "eras.json", "-e", folder)
    assert first.exit_code == 0
    assert first.stdout.splitlines()[0] == f"Wrote {folder}/0602-last-great-roman-persian-war.yaml"
    edited = folder / "0602-last-great-roman-persian-war.yaml"
    edited.write_text(edited.read_text() + "key: true\n")
    again = invoke("import", TIMELINEJS / "eras.json", "-e", folder)
    assert again.exit_code == 1
    assert again.stdout == ""
    assert (
        f"{edited}:1:1: error: event '0602-last-great-roman-persian-war' from "
        f"{TIMELINEJS / 'eras.json'} not imported: this id is taken here\n"
    ) in again.stderr
    assert again.stderr.endswith("0 rejected, 23 already there\n")
    assert edited.read_text().endswith("key: true\n")


def test_rejected_slides_are_reported_and_the_rest_written(tmp_path: Path) -> None:
    source = tmp_path / "bce.json"
    source.write_text(BCE)
    folder = tmp_path / "events"
    result = invoke(
        "import", source, "-e", folder, "--type", "talks", "--actor", "Britain", "--actor", "France"
    )
    assert result.exit_code == 1
    assert result.stdout == f"Wrote {folder}/1815-12-kept.yaml\n"
    assert result.stderr == (
        f'{source}:1:116: error: slide 2 "Marathon": year -490 is BCE: dates before year 1 '
        "are not supported\n"
        f"Imported 1 event into {folder} (timelinejs-json); 1 rejected, 0 already there\n"
    )
    kept = load(folder).timeline.events[0]
    assert (kept.type, kept.actors) == ("talks", ["Britain", "France"])


USAGE = [
    (("import", "x.json", "--format", "xml"), "Invalid value for '--format' / '-f'"),
    (("import", "x.json", "--type", "phone"), "Invalid value for '--type'"),
    (("export", "--format", "pdf"), "Invalid value for '--format' / '-f'"),
    (("export", "--since", "March"), "Invalid value"),
    (("import",), "Missing argument 'FILE'"),
]


@pytest.mark.parametrize(("args", "message"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [')
    cases = [
        (("import", tmp_path / "none.json"), f"Error: {tmp_path / 'none.json'}: no such file\n"),
        (("import", broken), f"Error: {broken}:1:13: not JSON: Expecting value\n"),
        (("export", "-e", SAMPLE, "--track", "europe", "--type", "ceasefire"),
         "Error: no events to export: the filters leave none\n"),
        (("export", "-e", SAMPLE, "--track", "nowhere"),
         "Error: --track nowhere: no such track (tracks: europe, us-russia, us-ukraine)\n"),
        (("export", "-e", SAMPLE, "-o", tmp_path / "missing" / "t.json"),
         f"Error: {tmp_path / 'missing' / 't.json'}: cannot write: No such file or directory\n"),
    ]  # fmt: skip
    for args, message in cases:
        result = invoke(*args)
        assert (result.exit_code, result.stderr) == (1, message), args
        assert "Traceback" not in result.output


def test_export_filters_like_list() -> None:
    result = invoke("export", "-e", SAMPLE, "--track", "europe", "--since", "2025-03-18")
    assert result.exit_code == 0
    slides = json.loads(result.stdout)["events"]
    assert [s["unique_id"] for s in slides] == [
        "2025-03-coalition-of-the-willing",
        "2025-03-18-downing-street-statement",
        "2025-03-18-lammy-arms-shipments",
    ]


def test_export_of_invalid_events_points_at_validate(make_tree: Callable[..., Path]) -> None:
    folder = make_tree({"bad.yaml": "title: T\n"})
    result = invoke("export", "-e", folder)
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: the events have 3 errors; nothing was done\n")


def test_every_command_has_help() -> None:
    for command in ("import", "export", "schema"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Usage: timeline" in result.stdout


# The installed command ----------------------------------------------------------------------


def test_schema_then_import_writes_the_editor_header(
    tmp_path: Path, run_timeline: Callable[..., Any]
) -> None:
    folder = tmp_path / "events"
    shutil.copytree(SAMPLE, folder)
    printed = run_timeline("schema")
    assert printed.returncode == 0
    assert json.loads(printed.stdout)["title"] == "Negotiation timeline file"
    written = run_timeline("schema", "-o", folder / "timeline.schema.json")
    assert (written.returncode, written.stdout) == (0, f"Wrote {folder}/timeline.schema.json\n")
    assert (folder / "timeline.schema.json").read_text() == printed.stdout
    done = run_timeline("import", TIMELINEJS / "women_in_computing.json", "-e", folder)
    assert done.returncode == 0, done.stderr
    new = folder / "1951-rozsa-peter-writes-recursion.yaml"
    assert new.read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=timeline.schema.json"
    )
    assert (folder / "timeline.yaml").read_text().startswith("# yaml-language-server:")
    checked = run_timeline("validate", "-e", folder)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.endswith("19 events, 1 plan: 0 errors, 1 warning\n")


def test_export_to_file_then_list(tmp_path: Path, run_timeline: Callable[..., Any]) -> None:
    out = tmp_path / "sheet.csv"
    done = run_timeline("export", "-e", SAMPLE, "-f", "timelinejs-csv", "-o", out)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Wrote {out} (9 events, timelinejs-csv)\n"
    assert out.read_bytes().startswith(b"Year,Month,Day,Time,End Year,")
    folder = tmp_path / "events"
    assert run_timeline("import", out, "-e", folder).returncode == 0
    listed = run_timeline("list", "-e", folder, "--format", "json")
    assert listed.returncode == 0
    titles = sorted(e["title"] for e in json.loads(listed.stdout))
    assert titles == sorted(e.title for e in load(SAMPLE).timeline.events)
