"""``timeline init``: the files of a new timeline repository, written only where none exists.

The files come from the templates in ``timeline/starter/`` (package data): the events folder
with its title (``timeline.yaml``), the JSON Schema editors check the YAML against, one
example plan and one example event, a README, a ``.gitignore``, and on request a CI workflow
that checks the events and publishes the page (GitHub Actions or GitLab CI).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from timeline.errors import TimelineError
from timeline.safefile import check_folder, create_exclusive
from timeline.schema import SCHEMA_FILE, schema_json
from timeline.versions import package_version

__all__ = ["CI", "DEFAULT_TITLE", "ProjectExists", "StarterFile", "create_project", "starter_files"]

CI = Literal["github", "gitlab"]
DEFAULT_TITLE = "A new negotiation"
EVENTS = "events"
# Where each CI service looks for its workflow.
CI_FILES: dict[str, tuple[str, str]] = {
    "github": (".github/workflows/timeline.yml", "github-workflow.yml"),
    "gitlab": (".gitlab-ci.yml", "gitlab-ci.yml"),
}


class ProjectExists(TimelineError):
    """Some of the files ``init`` would write exist already; nothing was written."""

    def __init__(self, clashes: list[Path]) -> None:
        self.clashes = clashes
        listed = "\n".join(f"  {path}" for path in clashes)
        super().__init__(
            f"{len(clashes)} of the files to create exist already, nothing was written:\n{listed}"
        )


@dataclass(frozen=True)
class StarterFile:
    """One file of the new repository: its path relative to the folder, and its text."""

    path: str
    text: str


def _template(name: str) -> str:
    return (resources.files("timeline") / "starter" / name).read_text(encoding="utf-8")


def _header(schema_path: str) -> str:
    # The line yaml-language-server (VS Code's YAML extension and others) reads, with the
    # schema's path relative to the file, as `timeline add` and `timeline import` write it.
    return f"# yaml-language-server: $schema={schema_path}\n"


def starter_files(title: str = DEFAULT_TITLE, ci: CI | None = None) -> list[StarterFile]:
    """Every file ``init`` writes, in the order it writes them."""
    # A YAML scalar that reads back as exactly this title, quoted only where it must be.
    title_yaml = (
        yaml.safe_dump(title, allow_unicode=True, width=10_000).removesuffix("\n...\n").rstrip("\n")
    )
    in_events = _header(SCHEMA_FILE)
    in_plans = _header(f"../{SCHEMA_FILE}")
    files = [
        StarterFile("README.md", _template("README.md").replace("__TITLE__", title)),
        StarterFile(".gitignore", _template("gitignore")),
        StarterFile(f"{EVENTS}/{SCHEMA_FILE}", schema_json()),
        StarterFile(
            f"{EVENTS}/timeline.yaml",
            _template("timeline.yaml")
            .replace("__HEADER__", in_events)
            .replace("__TITLE_YAML__", title_yaml),
        ),
        StarterFile(
            f"{EVENTS}/plans/example-plan.yaml",
            _template("example-plan.yaml").replace("__HEADER__", in_plans),
        ),
        StarterFile(
            f"{EVENTS}/2025-01-15-example-event.yaml",
            _template("example-event.yaml").replace("__HEADER__", in_events),
        ),
    ]
    if ci is not None:
        target, template = CI_FILES[ci]
        files.append(
            StarterFile(target, _template(template).replace("__VERSION__", package_version()))
        )
    return files


def create_project(folder: Path, title: str = DEFAULT_TITLE, ci: CI | None = None) -> list[Path]:
    """Write the starter files into ``folder`` (made if missing) and return their paths.

    Nothing is replaced: when any of the files exists (or a file stands where a folder must
    be), :class:`ProjectExists` lists every clash and nothing is written. Each file is
    created exclusively, so a file that appears meanwhile is not overwritten either.
    """
    files = starter_files(title, ci)
    check_folder(folder)  # a FIFO or a file where the folder goes is named, not "File exists"
    clashes = [folder / f.path for f in files if _clashes(folder, f.path)]
    if clashes:
        raise ProjectExists(clashes)
    written: list[Path] = []
    try:
        for f in files:
            target = folder / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            # Encoded here, not through a text file: "\n" on every system, as the files go
            # into git.
            try:
                create_exclusive(target, f.text.encode("utf-8"))
            except FileExistsError:
                # Another process made it between the check and now.
                raise ProjectExists([target]) from None
            written.append(target)
    except ProjectExists:
        # Take back what this run wrote.
        for path in written:
            path.unlink()
        raise
    except OSError as exc:
        for path in written:
            path.unlink()
        raise TimelineError(f"{exc.filename}: cannot write: {exc.strerror}") from None
    return written


def _clashes(folder: Path, relative: str) -> bool:
    target = folder / relative
    if os.path.lexists(target):
        return True
    # A file where one of its folders should be.
    return folder.is_file() or any(
        (folder / parent).is_file() for parent in Path(relative).parents if parent != Path(".")
    )
