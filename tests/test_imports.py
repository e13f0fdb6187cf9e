"""What each command imports: the commands that only read records start without the models
(pydantic), the YAML reader or plotly when the parse cache answers; nothing that does not draw
imports plotly. Checked on the installed command with ``python -X importtime``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, timeline_executable

import timeline
from timeline.cache import cache_path

SUMMARY = "Delegations met again on the energy and maritime ceasefire, with mediators. " * 6


def event_text(number: int) -> str:
    return (
        f"title: Round {number:03d} of talks\n"
        f"date: 2025-03-{number % 28 + 1:02d}\n"
        "type: talks\n"
        "actors: [United States, Russia]\n"
        f"summary: {SUMMARY}\n"
        + (
            "sources: [{outlet: Reuters, url: 'https://news.example.org/1'}]\n"
            if number % 3
            else ""
        )
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """60 events (some with warnings), big enough to be cached."""
    root = tmp_path / "events"
    root.mkdir()
    for number in range(60):
        (root / f"talks-{number:03d}.yaml").write_text(event_text(number))
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}


def imported(args: list[str], env: dict[str, str]) -> list[tuple[int, str]]:
    """The modules a run of the installed command imports: (depth, name), in import order."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", timeline_executable(), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1]
            modules.append((len(name) - len(name.lstrip()), name.strip()))
    assert modules, "no import times: was -X importtime honoured?"
    return modules


def importer_of(modules: list[tuple[int, str]], top: str) -> str | None:
    """The outermost module whose import first imported package ``top`` (importtime prints
    a module after the ones it imports, one level deeper)."""
    for position, (depth, name) in enumerate(modules):
        if name == top or name.startswith(top + "."):
            if depth == 1:
                return name
            for outer_depth, outer in modules[position + 1 :]:
                if outer_depth == 1:
                    return outer
    return None


def names(modules: list[tuple[int, str]]) -> set[str]:
    return {name for _, name in modules}


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--format", "json"], ["validate"], ["validate", "--format", "github"]],
    ids=["list", "list json", "validate", "validate github"],
)
def test_reading_commands_answer_from_the_cache_without_models_yaml_or_plotly(
    folder: Path, env: dict[str, str], args: list[str]
) -> None:
    warm = subprocess.run(
        [timeline_executable(), "validate", "-e", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert warm.returncode == 0, warm.stderr
    modules = imported([*args, "-e", str(folder)], env)
    found = names(modules)
    for heavy in ("timeline.model", "timeline.loading", "timeline.yaml_read", "yaml", "plotly"):
        assert heavy not in found, f"{heavy} imported"
    assert not {name for name in found if name.startswith(("plotly", "timeline.publish", "jinja2"))}
    # pydantic: never by our code. Typer 0.29 and later import it themselves to convert
    # option values; then it must come in through typer alone.
    if "pydantic" in found:
        assert (importer_of(modules, "pydantic") or "").startswith("typer"), importer_of(
            modules, "pydantic"
        )
    if args == ["list", "--format", "json"]:
        assert "rich.table" not in found  # only the table prints with rich


def test_the_sample_folder_is_answered_from_the_cache_without_models_or_yaml(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """A folder of a few events, the common case, is cached like a large one."""
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample)
    for args in (["validate"], ["list"]):
        modules = imported([*args, "-e", str(sample)], env)
    found = names(modules)
    for heavy in ("timeline.model", "timeline.loading", "timeline.yaml_read", "yaml"):
        assert heavy not in found, f"{heavy} imported"


def test_reading_commands_without_a_cache_still_do_not_import_plotly(
    folder: Path, env: dict[str, str]
) -> None:
    for command in ("list", "validate"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
            cache_path(folder).unlink(missing_ok=True)
        found = names(imported([command, "-e", str(folder)], env))
        assert "timeline.model" in found  # parsed: the models check the files
        assert not {name for name in found if name.startswith(("plotly", "jinja2"))}


def test_adding_an_event_imports_neither_the_drawing_nor_the_templates(
    folder: Path, env: dict[str, str]
) -> None:
    args = ["add", "-e", str(folder), "--title", "Call", "--date", "2025-03-18"]
    args += ["--type", "call", "--actor", "A", "--outlet", "O", "--yes"]
    found = names(imported(args, env))
    assert "timeline.add" in found  # the command ran
    assert not {name for name in found if name.startswith(("plotly", "jinja2"))}
    assert not {"timeline.pages", "timeline.publish", "timeline.drawing"} & found


def test_adding_to_a_cached_folder_reads_its_records_from_the_cache(
    folder: Path, env: dict[str, str]
) -> None:
    subprocess.run([timeline_executable(), "validate", "-e", str(folder)], env=env, check=False)
    args = ["add", "-e", str(folder), "--title", "Call", "--date", "2025-03-18"]
    args += ["--type", "call", "--actor", "A", "--outlet", "O", "--yes"]
    found = names(imported(args, env))
    assert "timeline.model" in found  # the new event is checked by the models
    # The folder's 60 events come from the cache as plain records: no file is parsed.
    assert not {"timeline.loading", "timeline.parsing", "timeline.yaml_read"} & found
    assert (folder / "2025-03-18-call.yaml").is_file()


def test_importing_the_package_imports_no_models_yaml_or_plotly() -> None:
    code = (
        "import sys, timeline, timeline.cli\n"
        "heavy = [m for m in sys.modules"
        " if m.split('.')[0] in ('pydantic', 'plotly', 'yaml', 'jinja2')"
        " or m in ('timeline.model', 'timeline.loading', 'timeline.publish', 'timeline.drawing')]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "[]\n", "")


def test_the_library_reads_a_cached_folder_without_pydantic(
    folder: Path, env: dict[str, str]
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from timeline.validate import review\n"
        "from timeline.records import PlainTimeline\n"
        "records, problems = review(Path(sys.argv[1]))\n"
        "assert isinstance(records, PlainTimeline), type(records)\n"
        "print(len(records.events), len(problems),"
        " sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml', 'plotly')))\n"
    )
    run = [sys.executable, "-c", code, str(folder)]
    subprocess.run(
        [timeline_executable(), "validate", "-e", str(folder)], env=env, capture_output=True
    )
    result = subprocess.run(run, capture_output=True, text=True, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "60 20 []\n", "")


def test_every_name_of_the_api_is_there() -> None:
    for name in timeline.__all__:
        assert getattr(timeline, name) is not None
        assert name in dir(timeline)
    from timeline import Event, build_figure, validate

    assert callable(validate) and callable(build_figure)
    assert Event.__module__ == "timeline.model"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = timeline.nothing  # type: ignore[attr-defined]


def test_validate_stays_the_function_when_its_module_is_imported_first() -> None:
    code = (
        "import timeline.validate, timeline\n"
        "from timeline import validate\n"
        "print(callable(timeline.validate), callable(validate))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "True True\n")
