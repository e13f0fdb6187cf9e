"""Every command has help text and a section in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from timeline.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands_users_rely_on_exist() -> None:
    assert {"add", "build", "export", "import", "list", "schema", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_documented(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 20
    assert f"timeline {name}" in README


def test_readme_starts_with_the_two_commands() -> None:
    blocks = README.split("```console\n")
    assert blocks[1].startswith("$ pip install -e . && timeline build\n")
    assert blocks[2].startswith("$ ./scripts/test\n")
