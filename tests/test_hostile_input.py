"""Hostile and broken event files: a clear error at file:line:col, exit 1, no traceback,
within 2 s of CPU and 200 MB of memory, and nothing run.

Every file here goes through the installed ``timeline validate`` as a real process, whose
CPU time and peak memory come from the kernel (``wait4``). Tags, bombs, deep nesting and
control characters are also checked per loader in ``test_yamltext.py``; single-field
messages in ``test_validate.py``. This file adds the process-level bounds, the size cap,
the date limits and the one table of what YAML's implicit typing makes of a value.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import timeline_executable
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from timeline.model import _http_url
from timeline.validate import validate

Tree = Callable[..., Path]

# The bounds for a hostile input; the command itself takes about 0.4 s and 45 MB.
MAX_CPU_SECONDS = 2.0
MAX_RSS_MB = 200
MARKER = "ran-by-yaml"  # the file a payload would create if it ran


@dataclass
class Measured:
    """A finished process: exit status, output, and what it cost."""

    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float
    max_rss_mb: float


# Runs the command as its child and reports that child's CPU time and peak memory. Linux
# counts the memory a process had before exec in its peak, so the child must come from
# this small process, not from the test process, whose own size would be measured instead.
WRAPPER = """
import json, os, resource, sys
stack = int(sys.argv[1])
pid = os.fork()
if pid == 0:
    if stack:
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["MEASURED_TO"], "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024], out)
"""


def measured(args: list[str], *, env: dict[str, str] | None = None, stack: int = 0) -> Measured:
    """Run ``args`` and measure its CPU time and peak memory; ``stack`` limits its C stack
    (bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        result = subprocess.run(
            [sys.executable, "-c", WRAPPER, str(stack), *args],
            capture_output=True,
            text=True,
            errors="replace",
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {}), "MEASURED_TO": report.name},
            timeout=120,  # a hang fails here; the CPU bound below is the real limit
        )
        assert result.returncode == 0, result.stderr
        returncode, cpu, rss = json.loads(Path(report.name).read_text())
    return Measured(returncode, result.stdout, result.stderr, cpu, rss)


def validate_file(path: Path, **kwargs: Any) -> Measured:
    """``timeline validate -e path``, measured, with the bounds every hostile file must keep."""
    result = measured([timeline_executable(), "validate", "-e", str(path)], **kwargs)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    assert result.cpu_seconds <= MAX_CPU_SECONDS, result
    assert result.max_rss_mb <= MAX_RSS_MB, result
    print(f"{path.name}: {result.cpu_seconds:.2f} s CPU, {result.max_rss_mb:.0f} MB")
    return result


# --- YAML that tries to run code, expand, or crash the parser ---------------------------------


def alias_bomb(levels: int) -> str:
    """Billion laughs: each level lists the one before nine times (9**levels strings)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int) -> str:
    """Each level merges the one before twice: PyYAML copies 2**levels keys. At 22 levels
    (758 bytes) safe_load took 4 s and 142 MB here; this test uses 24."""
    lines = ["l0: &l0 {k0: 0}"]
    lines += [f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}], k{i}: {i}}}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def indented(levels: int, newline: str) -> str:
    """A block list nested ``levels`` deep, one more space per line, lines ended by ``newline``."""
    return "".join(" " * i + "-" + newline for i in range(levels))


TAG = "the tag '!!python/object/apply:os.system' is not allowed in event files (only plain data is read)"
DEEP = "nested more than 200 levels deep"
ALIASES = "anchors and aliases (&name, *name) are not allowed in event files; write the value out"

# (id, file content, the line validate prints after "x.yaml:"); {marker} is a path the
# payload would create.
CODE: list[tuple[str, str, str]] = [
    ("apply", '!!python/object/apply:os.system ["touch {marker}"]\n', f"1:1: error: {TAG}"),
    (
        "new",
        "!!python/object/new:subprocess.Popen [[touch, {marker}]]\n",
        "1:1: error: the tag '!!python/object/new:subprocess.Popen' is not allowed in event files (only plain data is read)",
    ),
    (
        "in-a-field",
        'title: T\nsummary: !!python/object/apply:os.system ["touch {marker}"]\n',
        f"2:10: error: {TAG}",
    ),
    (
        "tag-directive",
        '%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n!p!os.system ["touch {marker}"]\n',
        f"3:1: error: {TAG}",
    ),
    (
        "verbatim-tag",
        '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]\n',
        f"1:1: error: {TAG}",
    ),
    (
        "as-a-key",
        '? !!python/object/apply:os.system ["touch {marker}"]\n: x\n',
        "1:3: error: a key must be plain text",
    ),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in CODE], ids=[c[0] for c in CODE])
def test_yaml_that_would_run_code_runs_nothing(tmp_path: Path, content: str, expected: str) -> None:
    marker = tmp_path / MARKER
    path = tmp_path / "x.yaml"
    path.write_text(content.format(marker=marker), encoding="utf-8")
    result = validate_file(path)
    assert result.stdout == f"{path}:{expected}\n"
    # yaml.unsafe_load would have run `touch`; the marker file proves it did not happen.
    assert not marker.exists()


# (id, file content, expected line after "x.yaml:", C stack limit in bytes or 0)
# libyaml's composer recurses in C: with the default 8 MB stack it crashes the process at
# about 25,000 levels of "? " and 50,000 of "["; with 1 MB (a thread's stack on many
# systems) at about 3,000. The indented cases run under 1 MB so that a file of a few MB
# proves the parser never reaches libyaml with such text.
PARSER: list[tuple[str, str, str, int]] = [
    ("alias-bomb-14", alias_bomb(14), f"1:5: error: {ALIASES}", 0),
    (
        "merge-bomb-24",
        merge_bomb(24),
        "2:10: error: merge keys (<<) are not allowed in event files",
        0,
    ),
    ("flow-lists-50000", "a: " + "[" * 50_000 + "]" * 50_000, f"1:1: error: {DEEP}", 0),
    ("flow-maps-50000", "a: " + "{a: " * 50_000 + "1" + "}" * 50_000, f"1:1: error: {DEEP}", 0),
    ("dashes-50000", "- " * 50_000 + "a\n", f"1:1: error: {DEEP}", 0),
    ("keys-50000", "? " * 50_000 + "a\n", f"1:1: error: {DEEP}", 0),
    ("key-dash-50000", "? - " * 25_000 + "a\n", f"1:1: error: {DEEP}", 0),
    ("indent-lf-3500", indented(3500, "\n"), f"1:1: error: {DEEP}", 1 << 20),
    ("indent-cr-3500", indented(3500, "\r"), f"1:1: error: {DEEP}", 1 << 20),
    ("indent-u2028-3500", indented(3500, "\u2028"), f"1:1: error: {DEEP}", 1 << 20),
]


@pytest.mark.parametrize(
    ("content", "expected", "stack"), [c[1:] for c in PARSER], ids=[c[0] for c in PARSER]
)
def test_bombs_and_deep_nesting_are_refused_cleanly(
    tmp_path: Path, content: str, expected: str, stack: int
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    result = validate_file(path, stack=stack)  # exit 1, not -11 (SIGSEGV)
    assert result.stdout == f"{path}:{expected}\n"


# --- files that are not event text ------------------------------------------------------

UTF8 = "not UTF-8 text; save the file as UTF-8"
CONTROL = "control character U+{:04X} is not allowed in event files; remove it"
EMPTY = "empty file: write an event, a 'plan:' or an 'events:' list"
GOOD = "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsources: [{outlet: O}]\n"

FILES: list[tuple[str, bytes, str]] = [
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", f"1:1: error: {UTF8}"),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", f"1:2: error: {UTF8}"),
    ("elf", b"\x7fELF\x02\x01\x01\x00", f"1:1: error: {CONTROL.format(0x7F)}"),
    ("utf-16", "title: T\n".encode("utf-16"), f"1:1: error: {UTF8}"),
    ("latin-1-line-3", b"title: T\ndate: 2025\nsummary: caf\xe9\n", f"3:13: error: {UTF8}"),
    ("nul", b"title: a\x00b\n", f"1:9: error: {CONTROL.format(0)}"),
    ("escape", b"title: T\nsummary: \x1b[2J\n", f"2:10: error: {CONTROL.format(0x1B)}"),
    ("c1-csi", "title: a\x9b31m\n".encode(), f"1:9: error: {CONTROL.format(0x9B)}"),
    (
        "escaped-escape",
        b'title: T\ndate: 2025-03-18\ntype: talks\nactors: ["A\\e]0;owned\\a"]\n'
        b"sources: [{outlet: X}]\n",
        "4:10: error: actors[0]: control character U+001B is not allowed; remove it",
    ),
    ("empty", b"", f"1:1: error: {EMPTY}"),
    ("comments-only", b"# nothing yet\n\n", f"1:1: error: {EMPTY}"),
    ("null", b"~\n", f"1:1: error: {EMPTY}"),
    (
        "scalar",
        b"just a sentence\n",
        "1:1: error: expected a mapping (an event, 'plan:' or 'events:'), found text",
    ),
    (
        "list",
        b"- title: a\n- title: b\n",
        "1:1: error: expected a mapping (an event, 'plan:' or 'events:'), found a list",
    ),
    (
        "events-not-a-list",
        b"events: {id: a}\n",
        "1:9: error: 'events' must be a list, found a mapping",
    ),
    (
        "event-not-a-mapping",
        b"events:\n  - just text\n",
        "2:5: error: events[0]: expected an event mapping, found text",
    ),
    (
        "duplicate-in-a-source",
        (GOOD.replace("[{outlet: O}]", "\n  - outlet: A\n    outlet: B") + "\n").encode(),
        "7:5: error: duplicate key 'outlet' (first on line 6); YAML would keep only the last value",
    ),
    (
        "duplicate-in-a-list-file",
        b"events:\n  - id: a\n    title: T\n    date: 2025\n    title: U\n",
        "5:5: error: duplicate key 'title' (first on line 3); YAML would keep only the last value",
    ),
    (
        "unclosed-quote",
        b'title: "Talks\ndate: 2025\n',
        "3:1: error: invalid YAML: found unexpected end of stream (scanning a quoted scalar that starts on line 1)",
    ),
    (
        "tab-indent",
        b"title: T\n\tdate: 2025\n",
        "2:1: error: invalid YAML: found a tab character that violates indentation (scanning a plain scalar that starts on line 1)",
    ),
    (
        "two-documents",
        GOOD.encode() + b"---\n" + GOOD.encode(),
        "6:1: error: invalid YAML: a file holds one YAML document; put several events under 'events:'",
    ),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_broken_files_give_one_clear_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    result = validate_file(path)
    assert result.stdout == f"{path}:{expected}\n"


def test_a_byte_order_mark_is_fine(make_tree: Tree) -> None:
    root = make_tree({"x.yaml": "\ufeff" + GOOD})
    timeline, problems = validate(root)
    assert problems == []
    assert [event.title for event in timeline.events] == ["T"]


def test_a_name_with_a_line_break_stays_on_its_line(make_tree: Tree, run_timeline: Any) -> None:
    # One problem, one line: a file name or a value quoted in a message cannot forge another.
    root = make_tree({"a\nb.yaml": "title: T\ndate: '2025\n\nx: 1'\n"})
    result = run_timeline("validate", "-e", root)
    assert result.stdout.splitlines() == [
        f"{root}/a\\nb.yaml:1:1: error: missing required field 'actors'",
        f"{root}/a\\nb.yaml:1:1: error: missing required field 'type'",
        f"{root}/a\\nb.yaml:1:1: error: the file name 'a\\nb' is not a valid id: rename the file "
        "or add an 'id:' field (lowercase letters, digits and -)",
        f"{root}/a\\nb.yaml:1:1: warning: event has no source; add sources:",
        f"{root}/a\\nb.yaml:2:7: error: date: '2025\\nx: 1' is not a date: use YYYY, YYYY-MM, "
        "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate",
    ]


# --- the size cap -------------------------------------------------------------------------


def test_a_file_over_the_cap_set_in_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "at-the-cap.yaml").write_text(GOOD.ljust(1000 - 1) + "\n", encoding="utf-8")
    (folder / "over-the-cap.yaml").write_text(GOOD.ljust(1001 - 1) + "\n", encoding="utf-8")
    result = validate_file(folder, env={"TIMELINE_MAX_FILE_BYTES": "1000"})
    assert result.stdout == (
        f"{folder}/over-the-cap.yaml:1:1: error: file is 1,001 bytes, over the 1,000-byte "
        "limit; split it or raise TIMELINE_MAX_FILE_BYTES\n"
    )
    assert result.stderr == "1 event, 0 plans: 1 error, 0 warnings\n"


def test_the_default_cap_is_checked_before_reading(tmp_path: Path) -> None:
    # 512 MiB admits the benchmark's 256 MB archive; one byte more is refused from its size
    # alone. The file is sparse (it takes no disk), and a reader that read it first would
    # need 512 MB of memory: the bound below catches that.
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(512 * 1024 * 1024 + 1)
    env = {"TIMELINE_MAX_FILE_BYTES": ""}  # unset: the default
    result = validate_file(path, env=env)
    assert result.stdout == (
        f"{path}:1:1: error: file is 536,870,913 bytes, over the 536,870,912-byte limit; "
        "split it or raise TIMELINE_MAX_FILE_BYTES\n"
    )


@pytest.mark.parametrize("value", ["abc", "1e9", "512MB"])
def test_a_cap_that_is_not_a_number_is_an_error(run_timeline: Any, value: str) -> None:
    result = run_timeline("validate", env={**os.environ, "TIMELINE_MAX_FILE_BYTES": value})
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: TIMELINE_MAX_FILE_BYTES='{value}' is not a number of bytes; give one "
        "(e.g. 1073741824) or unset it for 536,870,912\n"
    )


# --- dates ----------------------------------------------------------------------------------

HINT = (
    "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"
)
YEARS = "the year must be between 1 and 9999"

# (the event's date lines, the problem or the dates as read)
# fmt: off
DATES: list[tuple[str, str]] = [
    ("date: 2025-02-29", "2:7: date: '2025-02-29' is not a date: February 2025 has 28 days"),
    ("date: 2024-02-29", "2024-02-29"),
    ("date: 2024-02-30", "2:7: date: '2024-02-30' is not a date: February 2024 has 29 days"),
    ("date: 2025-04-31", "2:7: date: '2025-04-31' is not a date: April 2025 has 30 days"),
    ("date: 2025-03-00", "2:7: date: '2025-03-00' is not a date: March 2025 has 31 days"),
    ("date: 2025-13", "2:7: date: '2025-13' is not a date: month 13 does not exist"),
    ("date: 2025-00", "2:7: date: '2025-00' is not a date: month 0 does not exist"),
    ("date: 0000", f"2:7: date: '0000' is not a date: {YEARS}"),
    ("date: '0000'", f"2:7: date: '0000' is not a date: {YEARS}"),
    ("date: 0000-01-01", f"2:7: date: '0000-01-01' is not a date: {YEARS}"),
    ("date: 10000", f"2:7: date: '10000' is not a date: {YEARS}"),
    ("date: 10000-01-01", f"2:7: date: '10000-01-01' is not a date: {YEARS}"),
    ("date: -0044-03-15", f"2:7: date: '-0044-03-15' is not a date: {YEARS}"),
    ("date: 0001", "0001"),
    ("date: 9999", "9999"),
    ("date: 2025-03-18T24:00Z", "2:7: date: '2025-03-18T24:00Z' is not a date: the time of day is out of range"),
    ("date: 2025-03-18T10:60Z", "2:7: date: '2025-03-18T10:60Z' is not a date: the time of day is out of range"),
    ("date: 2025-03-18T10:00", "2:7: date: '2025-03-18T10:00' is not a date: a time needs a zone, add Z or ±HH:MM"),
    ("date: 2025-03-18T10:00+14:00", "2025-03-18T10:00+14:00"),
    ("date: 2025-03-18T10:00+14:30", "2:7: date: '2025-03-18T10:00+14:30' is not a date: the zone +14:30 is out of range"),
    ("date: 2025-03-18T10:00+15:00", "2:7: date: '2025-03-18T10:00+15:00' is not a date: the zone +15:00 is out of range"),
    ("date: 2025-03-18T10:00-12:00", "2025-03-18T10:00-12:00"),
    ("date: 2025-03-18T10:00-13:00", "2:7: date: '2025-03-18T10:00-13:00' is not a date: the zone -13:00 is out of range"),
    ("date: 2025-03-18T10:00+05:60", "2:7: date: '2025-03-18T10:00+05:60' is not a date: the zone +05:60 is out of range"),
    ("date: 2025-03-18\nend: 2025-03-17", "3:6: end: 2025-03-17 is before the date 2025-03-18"),
    ("date: 2025-03-18\nend: 2025-03-18", "2025-03-18 to 2025-03-18"),
    ("date: 2025-03-18\nend: 2025-03", "2025-03-18 to 2025-03"),
    ("date: 2025-03\nend: 2025-02", "3:6: end: 2025-02 is before the date 2025-03"),
    # The first and last instants a date can name: they sort, list and draw like any other.
    ("date: 0001-01-01T00:00+14:00", "0001-01-01T00:00+14:00"),
    ("date: 9999-12-31\nend: 9999-12-31T23:59-12:00", "9999-12-31 to 9999-12-31T23:59-12:00"),
]
# fmt: on


@pytest.mark.parametrize(("lines", "expected"), DATES, ids=[d[0] for d in DATES])
def test_date_limits(make_tree: Tree, lines: str, expected: str) -> None:
    root = make_tree(
        {"x.yaml": f"title: T\n{lines}\ntype: talks\nactors: [A]\nsources: [{{outlet: O}}]\n"}
    )
    timeline, problems = validate(root)
    if problems:
        assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [expected]
        return
    [event] = timeline.events
    assert event.date.iso() + (f" to {event.end.iso()}" if event.end else "") == expected


def test_dates_at_the_limits_build_a_page(make_tree: Tree, run_timeline: Any) -> None:
    root = make_tree(
        {
            "first.yaml": GOOD.replace("2025-03-18", "0001-01-01T00:00+14:00"),
            "last.yaml": GOOD.replace("2025-03-18", "9999-12-31") + "end: 9999-12-31\n",
        }
    )
    listed = run_timeline("list", "-e", root, "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert [line.split(",")[1] for line in listed.stdout.splitlines()[1:]] == [
        "0001-01-01T00:00+14:00",
        "9999-12-31",
    ]
    output = root.parent / "page.html"
    built = run_timeline("build", "-e", root, "-o", output)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"Wrote {output} (2 events, ")
    page = output.read_text(encoding="utf-8")
    assert re.findall(r'<tr id="event-([a-z0-9-]+)">', page) == ["first", "last"]
    assert '<time datetime="0001-01-01T00:00+14:00">Mon 1 Jan 1 00:00 UTC+14:00</time>' in page
    assert '<time datetime="9999-12-31">Fri 31 Dec 9999</time>' in page


# --- YAML's implicit typing -----------------------------------------------------------------

# One table fixes what a value written without quotes becomes. YAML 1.1, which PyYAML reads,
# turns unquoted 2025-03-18 into a date, 2025 into a number, NO, on and yes into booleans and
# 12:30 into 750 (base 60):
# dates keep the text and precision as written; words YAML would turn into booleans, and
# numbers, are refused where text is expected, with the quoted form to write instead.
TYPING: list[tuple[str, str]] = [
    ("date: 2025-03-18", "date 2025-03-18 (day)"),
    ('date: "2025-03-18"', "date 2025-03-18 (day)"),
    ("date: 2025-03", "date 2025-03 (month)"),
    ("date: 2025", "date 2025 (year)"),
    ("date: 2025-03-18T10:00:00Z", "date 2025-03-18T10:00:00Z (second)"),
    ("date: 2025-03-18T10:00Z", "date 2025-03-18T10:00Z (minute)"),
    ("date: 2025-03~", "date 2025-03~ (month)"),
    ("date: 12:30", f"2:7: date: '12:30' is not a date: {HINT}"),
    ("date: 1_000", f"2:7: date: '1_000' is not a date: {HINT}"),
    ("actors: [NO]", '4:10: actors[0]: NO was read as a boolean; quote it: "NO"'),
    ("actors: [yes]", '4:10: actors[0]: yes was read as a boolean; quote it: "yes"'),
    ("actors: [on]", '4:10: actors[0]: on was read as a boolean; quote it: "on"'),
    ("actors: [Off]", '4:10: actors[0]: Off was read as a boolean; quote it: "Off"'),
    ('actors: ["NO"]', "actors ['NO']"),
    ("actors: [Norway, 'no']", "actors ['Norway', 'no']"),
    ("tags: [NO]", '6:8: tags[0]: NO was read as a boolean; quote it: "NO"'),
    ("tags: [yes]", '6:8: tags[0]: yes was read as a boolean; quote it: "yes"'),
    ("tags: [on]", '6:8: tags[0]: on was read as a boolean; quote it: "on"'),
    ("tags: [2025]", '6:8: tags[0]: 2025 was read as a number; quote it: "2025"'),
    ("tags: [12:30]", '6:8: tags[0]: 12:30 was read as a number; quote it: "12:30"'),
    ("tags: ['on', '2025']", "tags ['on', '2025']"),
    ("track: no", '6:8: track: no was read as a boolean; quote it: "no"'),
    ("summary: 12:30", '6:10: summary: 12:30 was read as a number; quote it: "12:30"'),
    ("summary: ~", "summary None"),
    ("key: yes", "key True"),
    ("key: on", "key True"),
    ("key: NO", "key False"),
]


def _read_as(timeline: Any, line: str) -> str:
    [event] = timeline.events
    name = line.split(":")[0]
    if name == "date":
        return f"date {event.date.iso()} ({event.date.precision.value})"
    return f"{name} {getattr(event, name)!r}"


@pytest.mark.parametrize(("line", "expected"), TYPING, ids=[t[0] for t in TYPING])
def test_implicit_typing(make_tree: Tree, line: str, expected: str) -> None:
    fields = {"title": "T", "date": "2025-03-18", "type": "talks", "actors": "[A]"}
    fields["sources"] = "[{outlet: O}]"
    name, _, value = line.partition(": ")
    fields[name] = value
    text = "".join(f"{key}: {text}\n" for key, text in fields.items())
    root = make_tree({"x.yaml": text})
    timeline, problems = validate(root)
    if problems:
        assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [expected]
    else:
        assert _read_as(timeline, line) == expected


# --- source addresses -------------------------------------------------------------------------

URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java%0ascript:alert(1)",
    "java\\nscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "http:alert(1)",
    "https://",
    "https://exa mple.org/",
]


@pytest.mark.parametrize("url", URLS)
def test_only_web_addresses_are_sources(make_tree: Tree, url: str) -> None:
    root = make_tree({"x.yaml": GOOD.replace("{outlet: O}", f'{{outlet: O, url: "{url}"}}')})
    _, problems = validate(root)
    shown = url.replace("\\n", "\n")
    assert [p.message for p in problems] == [
        f"sources[0].url: '{shown}' is not a web address: use an http:// or https:// URL"
    ]


@pytest.fixture
def url_folder(make_tree: Tree) -> Iterator[Path]:
    yield make_tree({"ok.yaml": GOOD})


@pytest.mark.parametrize("url", ["JaVaScRiPt:alert(1)", "data:text/html,x", "java%0ascript:x"])
def test_add_and_build_refuse_other_addresses(
    url_folder: Path, run_timeline: Any, url: str
) -> None:
    added = run_timeline(
        "add", "-e", url_folder, "--title", "T", "--date", "2025-03-18", "--type", "talks",
        "--actor", "A", "--outlet", "O", "--url", url, "--yes",
    )  # fmt: skip
    assert added.returncode == 1
    assert added.stderr == (
        f"Error: --url: '{url}' is not a web address: use an http:// or https:// URL\n"
    )
    (url_folder / "bad.yaml").write_text(
        GOOD.replace("{outlet: O}", f'{{outlet: O, url: "{url}"}}'), encoding="utf-8"
    )
    output = url_folder.parent / "page.html"
    built = run_timeline("build", "-e", url_folder, "-o", output)
    assert built.returncode == 1
    assert not output.exists()  # an address that is not http(s) never reaches a page
    assert sorted(p.name for p in url_folder.iterdir()) == ["bad.yaml", "ok.yaml"]


def is_web_address(value: str) -> bool:
    try:
        _http_url(value)
    except (PydanticCustomError, ValueError):  # ValueError: not even a URL ("[" unclosed)
        return False
    return True


# The rule for a source's link (README): http:// or https:// (in any case) with a host, no
# user name, no backslash before the path, and no whitespace or control character anywhere. Each link with its verdict, written out.
LINKS: list[tuple[str, bool]] = [
    *((url, False) for url in URLS),
    ("https://news.example.org/2022/3334-0", True),
    ("HTTP://EXAMPLE.ORG", True),
    ("http://example.org:8080/a?b=c#d", True),
    ("http://example.org:/x", True),
    ("https://example.org?q", True),
    ("https://example.org#top", True),
    # A user name hides the host a browser opens (docs/reliability.md, "Web addresses").
    ("https://user:pass@example.org/", False),
    ("https://[::1]/", True),
    ("https://bücher.example/", True),
    # The host is what stands between // and the path; its spelling is not checked.
    ("https://-/x", True),
    ("https://example.org/\u00a0x", False),
    ("https://example.org/\u2028", False),
    ("https://example.org/\x7f", False),
    ("https://example.org/\x85", False),
    ("https://example.org/\t", False),
    ("https://example.org\n", False),
    ("\x00https://example.org", False),
    ("https:///path", False),
    ("https:example.org", False),
    ("httpss://example.org", False),
    ("", False),
]


@pytest.mark.parametrize(("link", "accepted"), LINKS)
def test_the_link_check_follows_the_rule(link: str, accepted: bool) -> None:
    assert is_web_address(link) == accepted


def host_of(link: str) -> str:
    """What follows ``scheme://`` up to the path, query or fragment."""
    rest = link.split("://", 1)[1]
    for stop in "/?#":
        rest = rest.split(stop, 1)[0]
    return rest


@settings(max_examples=500, deadline=None)
@given(
    st.tuples(
        st.sampled_from(["http://", "https://", "HtTpS://", "ftp://", "http:", "", "//"]),
        st.text(alphabet=st.sampled_from("ab.-:@[]/?#%1 \t\n\x00\x7f\x85\u3000é"), max_size=12),
        st.text(max_size=8),
    )
)
def test_any_link_accepted_keeps_the_rule(parts: tuple[str, str, str]) -> None:
    link = "".join(parts)
    if not is_web_address(link):
        return
    assert link.lower().startswith(("http://", "https://"))
    assert host_of(link) != ""
    assert not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTPS://", "Http://"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]{1,10}){0,3}", fullmatch=True),
    st.from_regex(
        r"(:[0-9]{1,5})?(/[A-Za-z0-9._~%-]{0,10}){0,3}(\?[a-z0-9=&]{0,10})?", fullmatch=True
    ),
)
def test_any_plain_web_address_is_accepted(scheme: str, host: str, rest: str) -> None:
    assert is_web_address(scheme + host + rest)
