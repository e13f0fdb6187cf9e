"""The README's set-up command, copied verbatim, on a fresh copy of the repository with the
system's Python as the only one on the path (on Debian and Ubuntu it refuses `pip install`
outside a virtual environment: PEP 668). Takes about half a minute: pip installs the
dependencies into a new .venv, from pip's cache when it has them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from conftest import ROOT

SYSTEM_PYTHON = Path("/usr/bin/python3")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def fresh_copy(target: Path) -> Path:
    """The repository's files as a clone of this working tree would have them (committed or
    not, less what .gitignore leaves out: no .venv, no output)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def readme_command() -> str:
    first = (ROOT / "README.md").read_text().split("```console\n")[1].splitlines()[0]
    assert first.startswith("$ ")
    return first[2:]


def test_readme_set_up_command_with_only_the_system_python(tmp_path: Path) -> None:
    assert SYSTEM_PYTHON.exists(), "this test needs the system's /usr/bin/python3"
    repo = fresh_copy(tmp_path / "clone")
    assert not (repo / ".venv").exists()
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHON", "VENV", "PYTHONHOME"}
    }
    env["PATH"] = "/usr/bin:/bin"
    command = readme_command()
    assert command == "./scripts/run build"

    first = subprocess.run(
        ["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert first.returncode == 0, first.stderr[-3000:]
    assert re.fullmatch(r"Wrote output/timeline\.html \(9 events, [\d.]+ MB\)\n", first.stdout)
    assert "installing . into" in first.stderr
    page = (repo / "output/timeline.html").read_text()
    assert "Trump and Putin agree an energy ceasefire" in page

    # The environment is the system Python's, and runs this copy's code.
    config = (repo / ".venv/pyvenv.cfg").read_text()
    assert re.search(r"^home = /usr/bin$", config, re.MULTILINE), config
    where = subprocess.run(
        [repo / ".venv/bin/python", "-c", "import timeline; print(timeline.__file__)"],
        cwd=tmp_path,  # not a folder that has a timeline/ of its own
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where == f"{repo}/timeline/__init__.py\n"

    # Once made, it is reused: nothing is installed again while pyproject.toml is unchanged.
    again = subprocess.run(
        ["./scripts/run", "--version"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert (again.returncode, again.stdout, again.stderr) == (
        0,
        f"negotiation-timeline {VERSION}\n",
        "",
    )


def test_a_python_without_ensurepip_gets_its_venv_package_from_apt(tmp_path: Path) -> None:
    """Debian's python3 without python3.X-venv: `-m venv` fails for want of ensurepip; the
    scripts install the package with apt-get, then make the environment. apt-get (and sudo)
    are stand-ins that record what they were asked; the package "arrives" as a marker file."""
    assert SYSTEM_PYTHON.exists(), "this test needs the system's /usr/bin/python3"
    marker = tmp_path / "venv-package-installed"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python3"
    python.write_text(
        "#!/bin/bash\n"
        f'if [ ! -e "{marker}" ]; then\n'
        '  case "$*" in\n'
        '    "-m venv "*) echo "ensurepip is not available" >&2; exit 1 ;;\n'
        '    "-c import ensurepip") exit 1 ;;\n'
        "  esac\n"
        "fi\n"
        f'exec {SYSTEM_PYTHON} "$@"\n'
    )
    apt_log = tmp_path / "apt-get.log"
    (bin_dir / "apt-get").write_text(
        f'#!/bin/bash\necho "$*" >> "{apt_log}"\n'
        f'if [ "$1" = install ] || [ "$2" = install ]; then touch "{marker}"; fi\n'
    )
    (bin_dir / "sudo").write_text('#!/bin/bash\nexec "$@"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    venv = tmp_path / "venv"
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PYTHON": str(python),
        "VENV": str(venv),
    }
    made = subprocess.run(
        ["bash", "-c", ". scripts/venv.sh && make_venv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    version = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert made.stderr == (
        f"scripts: '{python} -m venv' needs Debian's python{version}-venv (ensurepip);"
        " installing it with apt-get\n"
    )
    assert apt_log.read_text().splitlines() == [
        "update -qq",
        f"install -y -qq python{version}-venv",
    ]
    assert (venv / "bin/python").exists()
    assert (venv / "bin/pip").exists()
