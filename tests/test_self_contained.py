"""The suite reads nothing from beside the repository, so a fresh clone runs every test: the
watch in conftest.py records such reads and fails the run. These tests show that it catches
one, in a folder layout of their own, and lets reads inside the repository or elsewhere be.
Also: where every test must run (TIMELINE_REQUIRE_ALL, set by ./scripts/test and CI), a skip
is a failure and the long tests are left out, not skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REQUIRE_ALL_VARIABLE, ROOT, WATCHES, OutsideReads, main_checkout_parent


def layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """``parent/repo`` with a file inside, ``parent/sibling/data.txt`` beside it, and a file
    outside ``parent`` altogether."""
    repository = tmp_path / "parent" / "repo"
    (repository / "tests").mkdir(parents=True)
    (repository / "inside.txt").write_text("inside\n", encoding="utf-8")
    sibling = tmp_path / "parent" / "sibling"
    sibling.mkdir()
    (sibling / "data.txt").write_text("beside\n", encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text("elsewhere\n", encoding="utf-8")
    return repository, sibling, tmp_path / "elsewhere.txt"


def test_the_watch_records_reads_beside_the_repository_only(tmp_path: Path) -> None:
    repository, sibling, elsewhere = layout(tmp_path)
    watch = OutsideReads(repository)
    WATCHES.append(watch)
    try:
        (repository / "inside.txt").read_text(encoding="utf-8")
        elsewhere.read_text(encoding="utf-8")
        assert watch.seen == []
        # A relative path that climbs out of the repository, as a sibling folder would.
        (repository / ".." / "sibling" / "data.txt").read_bytes()
        sorted(sibling.iterdir())
        (sibling / "data.txt").read_text(encoding="utf-8")
        # A command started in the repository, given a path relative to it.
        (sibling / "other.txt").write_text("other\n", encoding="utf-8")
        subprocess.run(
            ["cat", "../sibling/other.txt"], cwd=repository, check=True, capture_output=True
        )
    finally:
        WATCHES.remove(watch)
    # Each path is recorded once, however often it is read.
    assert watch.seen == [str(sibling / "data.txt"), str(sibling), str(sibling / "other.txt")]


def test_the_watch_does_not_mistake_a_name_that_starts_like_the_repository(
    tmp_path: Path,
) -> None:
    repository, _, _ = layout(tmp_path)
    twin = tmp_path / "parent" / "repo-old"
    twin.mkdir()
    (twin / "file.txt").write_text("x\n", encoding="utf-8")
    watch = OutsideReads(repository)
    WATCHES.append(watch)
    try:
        (twin / "file.txt").read_text(encoding="utf-8")
    finally:
        WATCHES.remove(watch)
    assert watch.seen == [str(twin / "file.txt")]


def run_suite(
    repository: Path, test: str, require_all: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run pytest with this repository's conftest.py on one test file in ``repository``."""
    shutil.copy(ROOT / "tests" / "conftest.py", repository / "tests" / "conftest.py")
    (repository / "tests" / "test_reading.py").write_text(test, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", REQUIRE_ALL_VARIABLE)}
    if require_all:
        environment[REQUIRE_ALL_VARIABLE] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests"],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


def test_a_run_that_reads_beside_the_repository_fails(tmp_path: Path) -> None:
    repository, sibling, _ = layout(tmp_path)
    result = run_suite(
        repository,
        "from pathlib import Path\n"
        "def test_reads_a_sibling():\n"
        "    here = Path(__file__).resolve().parent.parent\n"
        "    assert (here / '..' / 'sibling' / 'data.txt').read_text() == 'beside\\n'\n",
    )
    # The test itself passes; the run fails, and says which file and why.
    assert "1 passed" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1, result.stdout
    assert "read from outside the repository" in result.stdout
    assert f"{sibling / 'data.txt'}: outside {repository}; a fresh clone does not have it" in (
        result.stdout
    )


def test_a_run_that_reads_only_its_own_files_passes(tmp_path: Path) -> None:
    repository, _, _ = layout(tmp_path)
    result = run_suite(
        repository,
        "from pathlib import Path\n"
        "def test_reads_its_own_file():\n"
        "    here = Path(__file__).resolve().parent.parent\n"
        "    assert (here / 'inside.txt').read_text() == 'inside\\n'\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read from outside the repository" not in result.stdout


def test_a_linked_worktree_also_watches_beside_its_main_checkout(tmp_path: Path) -> None:
    # main/.git is the repository; wt/tests is a worktree of it, whose .git file names
    # main/.git/worktrees/tests, which holds commondir "../..".
    worktree_gitdir = tmp_path / "main" / ".git" / "worktrees" / "tests"
    worktree_gitdir.mkdir(parents=True)
    (worktree_gitdir / "commondir").write_text("../..\n", encoding="utf-8")
    worktree = tmp_path / "wt" / "tests"
    worktree.mkdir(parents=True)
    (worktree / ".git").write_text(f"gitdir: {worktree_gitdir}\n", encoding="utf-8")
    assert main_checkout_parent(worktree) == (tmp_path,)
    assert main_checkout_parent(tmp_path / "main") == ()
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "data.txt").write_text("beside\n", encoding="utf-8")
    watch = OutsideReads(worktree, also=main_checkout_parent(worktree))
    WATCHES.append(watch)
    try:
        (worktree / ".." / ".." / "sibling" / "data.txt").read_text(encoding="utf-8")
    finally:
        WATCHES.remove(watch)
    assert watch.seen == [str(sibling / "data.txt")]


SKIPPING = """import pytest

def test_needs_a_browser():
    pytest.skip("Chromium is not installed")

@pytest.mark.slow
def test_long():
    pass
"""


def test_a_skip_fails_where_every_test_must_run(tmp_path: Path) -> None:
    repository, _, _ = layout(tmp_path)
    (repository / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: long\n")
    result = run_suite(repository, SKIPPING, require_all=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "skipped where every test must run (TIMELINE_REQUIRE_ALL or CI is set): "
        "Skipped: Chromium is not installed"
    ) in result.stdout
    # The long test is left out (CI runs it in a step of its own), not skipped.
    assert "1 failed, 1 deselected" in result.stdout, result.stdout


def test_elsewhere_a_skip_is_a_skip_with_its_reason(tmp_path: Path) -> None:
    repository, _, _ = layout(tmp_path)
    (repository / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: long\n")
    result = run_suite(repository, SKIPPING)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED [1] tests/test_reading.py:4: Chromium is not installed" in result.stdout
    assert "long-running: pass --run-slow" in result.stdout
    assert "2 skipped" in result.stdout
