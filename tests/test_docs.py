"""The README and the docs site: every command has help text and a page, the command reference
is the one the command gives, the README stays short and its links lead somewhere."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import typer.main
from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = ROOT / "docs"
PAGES = {
    path.relative_to(DOCS).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted(DOCS.rglob("*.md"))
}
REFERENCE_PAGE = DOCS / "reference" / "cli.md"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _cli_reference() -> ModuleType:
    """scripts/cli_reference.py, loaded as a module: scripts/ is not a package."""
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_commands_users_rely_on_exist() -> None:
    assert {
        "add",
        "build",
        "export",
        "import",
        "init",
        "list",
        "schema",
        "validate",
        "version",
    } <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_documented(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 20
    page = PAGES.get(f"commands/{name}.md")
    assert page is not None, f"docs/commands/{name}.md is missing"
    assert page.startswith(f"# `timeline {name}`\n")
    assert f"timeline {name}" in PAGES["commands/index.md"]
    assert f"timeline {name}" in README


def test_readme_starts_with_the_two_commands() -> None:
    blocks = README.split("```console\n")
    assert blocks[1].startswith("$ ./scripts/run build\n")
    assert blocks[2].startswith("$ ./scripts/test\n")


def test_readme_is_at_most_8_kb() -> None:
    size = len(README_PATH.read_bytes())
    assert size <= 8192, (
        f"README.md is {size} bytes; move detail into docs/ to keep it at most 8192"
    )


def test_readme_links_into_docs_lead_to_files_that_exist() -> None:
    targets = re.findall(r"\]\((docs/[^)#\s]*)(?:#[^)\s]*)?\)", README)
    assert "docs/timeline.png" in targets
    assert "docs/reference/cli.md" in targets
    missing = [target for target in targets if not (ROOT / target).is_file()]
    assert missing == []


def test_the_cli_reference_is_the_one_the_command_gives() -> None:
    committed = REFERENCE_PAGE.read_text(encoding="utf-8")
    regenerated = _cli_reference().render()
    assert regenerated == committed, (
        "docs/reference/cli.md differs from the command's options and help: "
        "run `python scripts/cli_reference.py` and commit the page"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_the_cli_reference_has_every_command_and_option(name: str) -> None:
    reference = REFERENCE_PAGE.read_text(encoding="utf-8")
    assert f"\n## timeline {name}\n" in reference
    section = reference.split(f"\n## timeline {name}\n", 1)[1].split("\n## ", 1)[0]
    assert f"Usage: timeline {name} " in section
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        for option in [*param.opts, *param.secondary_opts]:
            shown = option.upper() if param.param_type_name == "argument" else option
            assert f"<code>{shown}</code>" in section, f"{option} of timeline {name}"
        if param.help:
            # The help text is there word for word, once Markdown's escapes are undone.
            text = html.unescape(re.sub(r"\\(.)", r"\1", section))
            assert " ".join(param.help.split()) in " ".join(text.split())


def test_the_cli_reference_shows_types_and_defaults() -> None:
    reference = REFERENCE_PAGE.read_text(encoding="utf-8")
    lanes = next(
        line for line in reference.splitlines() if line.startswith("| <code>--lanes</code>")
    )
    assert lanes == (
        "| <code>--lanes</code> | one of <code>track</code>, <code>actor</code>, <code>group</code>,"
        " <code>type</code>, <code>none</code> | <code>track</code> | Lanes on the y axis: by "
        "track, actor, group (of actors.yaml), type, or none. |"
    )
    assert "| <code>--width</code> | integer from 100 to 10000 |" in reference
    assert "| <code>-y</code>, <code>--yes</code> | flag | off |" in reference
    assert "| <code>FILE</code> | path | required |" in reference


def test_every_page_is_in_the_site_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^theme:\n  name: material$", nav, re.MULTILINE)
    for page in PAGES:
        assert page in nav, f"docs/{page} is not in mkdocs.yml's nav"


def test_the_docs_cite_nothing_outside_the_repository() -> None:
    for name, text in [
        ("README.md", README),
        *((f"docs/{page}", text) for page, text in PAGES.items()),
    ]:
        assert "REFERENCE" not in text, name
        # Every relative link (and any "../" path written out) stays inside the repository.
        here = (ROOT / name).parent
        targets = re.findall(r"\]\(([^)\s#]+)", text) + re.findall(
            r"(?<![\w/.])((?:\.\./)+[\w.-]+)", text
        )
        for target in targets:
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # a web address
            assert (here / target).resolve().is_relative_to(ROOT), (name, target)


def test_the_site_builds_with_no_warning(tmp_path: Path) -> None:
    # --strict makes a broken link, a missing anchor or a page left out of the nav an error.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reference" / "cli" / "index.html").is_file()
    assert (tmp_path / "timeline.png").is_file()
