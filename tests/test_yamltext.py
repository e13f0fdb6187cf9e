"""YAML text → plain data: hostile input is refused cleanly under both loaders; types, tags
and locations are those PyYAML gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.yaml_read import (
    Location,
    YamlError,
    _Loader,
    _may_nest_deeply,
    _PureLoader,
    parse_yaml,
)


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


# What decides a plain scalar's type: YAML 1.1's words, numbers, times and dates, the
# indicators, and text around them.
SCALAR_PIECES = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "", "0", "-1",
    "+12", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30", "1.5", "-.inf",
    ".NaN", "1e3", "6.8523015e+5", "2025", "2025-03-18", "2025-3-8", "2025-03-18T10:30Z",
    "2001-12-14 21:59:43.10 -5", "<<", "=", "!", "&", "*", "text", " ", ".", "-", ":",
]  # fmt: skip


def yaml_tags(text: str, loader: type) -> list[tuple[str, str]]:
    """(tag, value) of every node YAML makes of ``text``."""
    found = []
    pending = [yaml.compose(text, Loader=loader)]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        found.append((node.tag, node.value if isinstance(node.value, str) else ""))
        if isinstance(node.value, list):
            for item in node.value:
                pending.extend(item if isinstance(item, tuple) else (item,))
    return found


@pytest.mark.parametrize("piece", SCALAR_PIECES)
@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_tags_are_pyyaml_s(piece: str, quoted: bool) -> None:
    text = f"k: '{piece}'\n" if quoted else f"k: {piece}\n"
    assert_tags_as_pyyaml(text)
    assert_tags_as_pyyaml(text)  # again, now that the tag is remembered


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(SCALAR_PIECES), st.text(max_size=12)), min_size=1, max_size=6
    )
)
def test_any_flow_of_scalars_gets_pyyaml_s_tags(pieces: list[str]) -> None:
    assert_tags_as_pyyaml("[" + ", ".join(pieces) + "]\n")


def assert_tags_as_pyyaml(text: str) -> None:
    """Our loaders (pure and libyaml) tag every node of ``text`` as PyYAML's safe loaders do,
    wherever PyYAML reads the text at all."""
    for ours, theirs in ((_PureLoader, yaml.SafeLoader), (_Loader, yaml.CSafeLoader)):
        try:
            expected = yaml_tags(text, theirs)
        except yaml.YAMLError:
            continue
        assert yaml_tags(text, ours) == expected


def deep_by_the_rule(text: str) -> bool:
    """The depth guess's rule, written out as plain scans (no pattern): more than MAX_DEPTH
    (200) open brackets at once; a line indented by 200 or more spaces before its first
    character (after any of YAML's line breaks: LF, CR, NEL, U+2028, U+2029); or a run of
    100 block indicators ("-", "?" or ":" each followed by blanks, with tags "!x" and anchors
    "&x" allowed between them)."""
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > 200:
                return True
        elif ch in "]}":
            depth -= 1
    for index, ch in enumerate(text):
        if ch in "\r\n\x85\u2028\u2029":
            end = index + 1
            while end < len(text) and text[end] == " ":
                end += 1
            if end - index - 1 >= 200 and end < len(text) and not text[end].isspace():
                return True
    for start in range(len(text)):
        at, run = start, 0
        while at < len(text) and text[at] in "-?:":
            blanks = at + 1
            while blanks < len(text) and text[blanks] in " \t":
                blanks += 1
            if blanks == at + 1:
                break
            at = blanks
            while at < len(text) and text[at] in "!&":
                token = at + 1
                while token < len(text) and text[token] not in " \t\r\n":
                    token += 1
                after = token
                while after < len(text) and text[after] in " \t":
                    after += 1
                if after == token:
                    break
                at = after
            else:
                run += 1
                if run >= 100:
                    return True
                continue
            # A tag or anchor not followed by a blank ends the run here.
            run += 1
            if run >= 100:
                return True
            break
    return False


DEEP_PIECES = ["- ", "-\t", "? ", ": ", ":\t", "[", "]", "{", "}", " ", "\n", "\r", "\u2028",
               "!t ", "&a ", "x", "'", "-", ":"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("- " * 100 + "x", True),
        ("- " * 99 + "x", False),
        (": " * 60 + "- " * 40 + "x", True),
        ("- !t " * 100 + "x", True),
        ("a:\n" + " " * 200 + "b", True),
        ("a:\n" + " " * 199 + "b", False),
        ("a:\r" + " " * 200 + "b", True),
        ("[" * 201, True),
        ("[" * 200, False),
        ("{" * 100 + "[" * 101, True),
        ("- " * 50 + "\n" + "- " * 50, False),
    ],
    ids=lambda value: repr(value[:12]) + f"..{len(value)}" if isinstance(value, str) else "",
)
def test_the_depth_guess(text: str, deep: bool) -> None:
    assert _may_nest_deeply(text) == deep
    assert deep_by_the_rule(text) == deep


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(DEEP_PIECES), st.integers(1, 120)), max_size=8))
def test_any_run_of_indicators_gets_the_rule_s_guess(runs: list[tuple[str, int]]) -> None:
    text = "".join(piece * count for piece, count in runs)
    assert _may_nest_deeply(text) == deep_by_the_rule(text)


NESTED = """\
title: T
actors: [A, {name: B, roles: [x, y]}]
sources:
  - outlet: O
    url: https://example.org
  -
    outlet: P
empty:
"""


def test_locations_found_directly_are_those_of_the_tables() -> None:
    document = parse_yaml(NESTED)
    written = [*document.values, *document.keys]
    paths = {
        *written,
        *((*path, extra) for path in written for extra in (0, 1, 5, -1, "name", "nothing")),
    }
    for path in paths:
        for key in (False, True):
            assert document.locate(path, key=key) == document.locate_in_tables(path, key=key)
        fields = {
            name: where for (*parent, name), where in document.keys.items() if tuple(parent) == path
        }
        assert document.field_locations(path) == fields
    assert document.field_locations(("sources", 1)) == {"outlet": Location(7, 5)}
    assert document.field_locations(("actors", 1)) == {
        "name": Location(2, 14),
        "roles": Location(2, 23),
    }
    assert document.locate(("sources", 5)) == Location(4, 3)


def test_an_empty_file_has_no_locations() -> None:
    document = parse_yaml("")
    assert (document.data, document.values, document.keys, document.raw) == (None, {}, {}, {})
    assert document.locate(("a",)) == Location(1, 1)
    assert document.field_locations(()) == {}
