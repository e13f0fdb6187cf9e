"""YAML text → plain data: hostile input is refused cleanly under both loaders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from timeline.yamltext import Location, YamlError, parse_yaml


def _bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = [
    ("flow-seq-50000", "a: " + "[" * 50000 + "]" * 50000, "nested more than 200 levels deep"),
    (
        "flow-map-50000",
        "a: " + "{a: " * 50000 + "1" + "}" * 50000,
        "nested more than 200 levels deep",
    ),
    (
        "block-3000",
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 3000)),
        "nested more than 200 levels deep",
    ),
    (
        "alias-bomb",
        _bomb(14),
        "anchors and aliases (&name, *name) are not allowed in event files; write the value out",
    ),
    (
        "merge-key",
        "a: &a {x: 1}\nb:\n  <<: *a\n",
        "merge keys (<<) are not allowed in event files",
    ),
    (
        "python-object",
        "!!python/object/apply:os.system ['true']",
        "the tag '!!python/object/apply:os.system' is not allowed in event files (only plain data is read)",
    ),
    (
        "custom-tag",
        "title: !shout hello",
        "the tag '!shout' is not allowed in event files (only plain data is read)",
    ),
    (
        "set",
        "!!set {a, b}",
        "the tag '!!set' is not allowed in event files (only plain data is read)",
    ),
    ("nul", "title: a\x00b", "control character U+0000 is not allowed in event files; remove it"),
    (
        "escape",
        "title: a\x1b[31m",
        "control character U+001B is not allowed in event files; remove it",
    ),
    (
        "two-documents",
        "a: 1\n---\nb: 2\n",
        "invalid YAML: a file holds one YAML document; put several events under 'events:'",
    ),
]


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("text", "message"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_text_is_a_clean_error(text: str, message: str, pure: bool) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, pure=pure)
    assert caught.value.message == message


def test_a_crafted_file_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    event = tmp_path / "x.yaml"
    event.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", "-e", str(event)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_50000_brackets_do_not_crash_the_process(tmp_path: Path) -> None:
    event = tmp_path / "deep.yaml"
    event.write_text("a: " + "[" * 50000 + "]" * 50000 + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", "-e", str(event)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1  # not -11 (SIGSEGV)
    assert result.stdout == f"{event}:1:1: error: nested more than 200 levels deep\n"


def test_locations_are_one_based() -> None:
    document = parse_yaml("title: T\nactors:\n  - A\n  - B\n")
    assert document.data == {"title": "T", "actors": ["A", "B"]}
    assert document.values[("actors", 1)] == Location(4, 5)
    assert document.keys[("actors",)] == Location(2, 1)


def test_yaml_1_1_scalars_keep_their_text() -> None:
    document = parse_yaml("a: NO\nb: 12:30\nc: 2025-03-18\nd: 2025\n")
    assert document.data == {"a": False, "b": 750, "c": "2025-03-18", "d": 2025}
    assert document.raw == {("a",): "NO", ("b",): "12:30", ("d",): "2025"}


def test_brackets_inside_quotes_only_slow_things_down() -> None:
    text = "title: '" + "[" * 300 + "'\n"
    assert parse_yaml(text).data == {"title": "[" * 300}
