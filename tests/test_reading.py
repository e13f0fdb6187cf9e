"""Reading an event file's bytes for the loader: the whole file, however the reads come."""

from __future__ import annotations

import os
from pathlib import Path

from timeline.files import read_bytes
from timeline.problems import Problem


def test_a_file_is_read_whole_with_the_stat_taken_before(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    text = b"id: talks\ntitle: Talks in Jeddah\ndate: 2025-03-11\n" * 3
    path.write_bytes(text)
    stat, raw = read_bytes(path)
    assert raw == text
    assert stat is not None and stat.st_size == len(text)


def test_an_empty_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert read_bytes(path)[1] == b""


def test_a_file_larger_than_one_read_is_read_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    text = os.urandom(3 * (1 << 20) + 17)
    path.write_bytes(text)
    assert read_bytes(path)[1] == text


def test_a_file_whose_size_says_nothing_is_read_to_its_end() -> None:
    """/proc files report size 0 and hold text: the first read gets more than the size, and
    reading goes on to the end rather than trusting it."""
    stat, raw = read_bytes(Path("/proc/self/status"))
    assert stat is not None and stat.st_size == 0
    assert isinstance(raw, bytes) and raw.startswith(b"Name:") and raw.endswith(b"\n")
    assert len(raw) > 200


def test_a_file_over_the_limit_is_a_problem_and_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"x" * 1001)
    stat, problem = read_bytes(path, 1000)
    assert stat is None
    assert isinstance(problem, Problem)
    assert "1,001 bytes, over the 1,000-byte limit" in problem.message
