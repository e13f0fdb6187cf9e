"""Hostile input aimed at the readers: links two parsers read differently, scalars and lists
that cost more than their size, JSON nested or numbered past what Python reads, imports that
stop half-way, an import racing ``add``, and date ranges that are back to front.

Every test runs the real parts: the installed ``timeline`` as a subprocess on real files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import timeline_executable

import timeline.yaml_read as yaml_read

Run = Callable[..., subprocess.CompletedProcess[str]]

EVENT = """\
title: Talks in Riyadh
date: 2025-03-24
type: meeting
actors: [United States, Russia]
sources:
  - outlet: Reuters
    url: "{url}"
"""


def names(folder: Path) -> list[str]:
    """The files of ``folder`` a user sees (the hidden lock file left out)."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert "Error" not in result.stderr.replace("Error: ", "").replace("error: ", "")


# --- Web addresses: judged as a browser reads them --------------------------------------

# Each is an http(s) address whose host, read by Python's urlsplit, is not the host a
# browser opens (or that a browser refuses); each must be refused.
TWO_READINGS = [
    pytest.param("https://attacker.example\\@www.reuters.com/world/", id="backslash-at"),
    pytest.param("https://attacker.example%5C@www.reuters.com/world/", id="percent-5c-at"),
    pytest.param("https://user:pw@www.reuters.com/world/", id="user-password"),
    pytest.param("https://attacker.example@www.reuters.com/world/", id="user"),
    pytest.param("https://attacker.example\uff20www.reuters.com/world/", id="fullwidth-at"),
    pytest.param("https://www.reuters\uff0ecom/world/", id="fullwidth-dot"),
    pytest.param("https://www.reuters.com\\world\\", id="backslash-path"),
    pytest.param("https://attacker.example\t@www.reuters.com/", id="tab"),
    pytest.param("https://www.reuters%2Ecom/world/", id="percent-in-host"),
]


@pytest.mark.parametrize("url", TWO_READINGS)
def test_validate_refuses_an_address_two_parsers_read_differently(
    tmp_path: Path, run_timeline: Run, url: str
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    # Written with an escape for the tab, so YAML keeps it inside the quoted text.
    written = url.replace("\\", "\\\\").replace("\t", "\\t")
    (folder / "riyadh.yaml").write_text(EVENT.format(url=written), encoding="utf-8")
    result = run_timeline("validate", "-e", folder)
    assert result.returncode == 1
    assert f"{folder / 'riyadh.yaml'}:7:10: error: sources[0].url: '" in result.stdout
    assert "is not a web address: use an http:// or https:// URL" in result.stdout
    no_traceback(result)


@pytest.mark.parametrize(
    "url",
    [
        # A percent-encoded backslash or "@" after the host is path data to a browser.
        "https://www.reuters.com/world/%5C@attacker.example",
        "https://www.reuters.com/search?q=a@b",
        "https://xn--bcher-kva.example/",
    ],
)
def test_validate_keeps_addresses_a_browser_reads_as_written(
    tmp_path: Path, run_timeline: Run, url: str
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "riyadh.yaml").write_text(EVENT.format(url=url), encoding="utf-8")
    result = run_timeline("validate", "-e", folder)
    assert (result.returncode, result.stdout) == (0, "")


def timelinejs(slides: list[dict[str, Any]]) -> str:
    return json.dumps({"events": slides})


def slide(headline: str, day: int, **extra: Any) -> dict[str, Any]:
    return {
        "start_date": {"year": "2025", "month": "3", "day": str(day)},
        "text": {"headline": headline, "text": extra.pop("text", "")},
        **extra,
    }


@pytest.mark.parametrize("url", TWO_READINGS)
def test_import_keeps_no_source_whose_address_misleads(
    tmp_path: Path, run_timeline: Run, url: str
) -> None:
    source = tmp_path / "slides.json"
    link = url.replace('"', "")
    source.write_text(
        timelinejs(
            [
                slide("Media", 1, media={"url": url}),
                slide("Linked", 2, text=f'<p>See <a href="{link}">the report</a></p>'),
                slide("Plain", 3, media={"url": "https://www.reuters.com/world/"}),
            ]
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{source}:1:")
    assert 'slide 1 "Media": media ' in warnings[0]
    assert "not kept as a source" in warnings[0]
    assert 'slide 2 "Linked": link ' in warnings[1]
    assert "not kept as a source" in warnings[1]
    written = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml")}
    assert len(written) == 3
    every = "".join(written.values())
    assert "attacker" not in every
    assert every.count("outlet:") == 1
    assert "outlet: reuters.com\n" in every  # the host a browser opens, www. dropped


@pytest.mark.parametrize("url", TWO_READINGS[:4])
def test_import_of_our_json_rejects_the_record_and_names_it(
    tmp_path: Path, run_timeline: Run, url: str
) -> None:
    source = tmp_path / "events.json"
    good = {"id": "good", "title": "Good", "date": "2025-03-01", "actors": ["A"]}
    bad = {**good, "id": "bad", "sources": [{"outlet": "Reuters", "url": url}]}
    source.write_text(json.dumps({"events": [good, bad]}), encoding="utf-8")
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    assert result.returncode == 1
    assert "events[1]: sources[0].url: '" in result.stderr
    assert "is not a web address" in result.stderr
    assert names(folder) == ["good.yaml"]
    assert "Imported 1 event into" in result.stdout + result.stderr
    assert "1 rejected" in result.stdout + result.stderr


def test_the_outlet_is_the_host_a_browser_opens(tmp_path: Path, run_timeline: Run) -> None:
    source = tmp_path / "slides.json"
    source.write_text(
        timelinejs(
            [
                # Fullwidth letters are the plain ones to a browser; case and port do not
                # change the host.
                slide("One", 1, media={"url": "https://\uff57\uff57\uff57.reuters.com/a"}),
                slide("Two", 2, media={"url": "HTTPS://WWW.Reuters.COM:443/b"}),
            ]
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    assert result.returncode == 0, result.stderr
    for path in folder.glob("*.yaml"):
        assert "outlet: reuters.com\n" in path.read_text(encoding="utf-8")


# --- Reading cost: linear in the file's size ----------------------------------------------

LONG_SCALARS = [
    pytest.param("title: {}\n", "1:0", 31, id="sexagesimal-int"),
    pytest.param("title: -{}.5\n", "1:0", 32, id="sexagesimal-float"),
    pytest.param("tags: [{}, x]\n", "1:0", 33, id="in-a-flow-list"),
    pytest.param("tags:\n  - {}\n", "1:", 34, id="colons-in-a-block-list"),
    pytest.param("title: {}\n", "1_", 35, id="underscores"),
]


@pytest.mark.parametrize(("shape", "unit", "seconds"), LONG_SCALARS)
def test_long_plain_scalars_never_reach_the_typed_patterns(
    monkeypatch: pytest.MonkeyPatch, shape: str, unit: str, seconds: int
) -> None:
    # PyYAML's patterns for numbers, booleans and dates backtrack; they may only see short
    # texts. Record the length of every text they are tried on while 1 MB is read.
    seen: list[int] = []

    class Counting:
        def __init__(self, pattern: Any) -> None:
            self.pattern = pattern

        def match(self, value: str) -> Any:
            seen.append(len(value))
            return self.pattern.match(value)

    patterns = yaml.resolver.Resolver.yaml_implicit_resolvers
    counted = {
        first: [(tag, Counting(pattern)) for tag, pattern in entries]
        for first, entries in patterns.items()
    }
    monkeypatch.setattr(yaml.resolver.Resolver, "yaml_implicit_resolvers", counted)
    text = shape.format(unit * (1024 * 1024 // len(unit)) + "1") + f"n: 1:{seconds}\n"
    document = yaml_read.parse_yaml(text)
    assert seen  # the patterns were asked about the short texts ("1:31" is one)
    assert max(seen) <= yaml_read.MAX_TYPED_LENGTH
    assert document.data["n"] == 60 + seconds
    long = next(iter(document.data.values()))
    if isinstance(long, list):
        long = long[0]
    assert isinstance(long, str)
    assert len(long) > 1024 * 1024 - 3


def test_short_sexagesimal_numbers_stay_numbers() -> None:
    # YAML 1.1 reads 1:30 as 90; that stays (a date field still sees the text as written).
    assert yaml_read.parse_yaml("n: 1:30\n").data == {"n": 90}
    assert yaml_read.parse_yaml("n: 190:20:30\n").data == {"n": 685230}


# --- Memory: bounded, and never a traceback ----------------------------------------------

MEASURE = textwrap.dedent(
    """\
    import resource, subprocess, sys
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(result.returncode, peak // 1024)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    """
)

CAP = 8 * 1024 * 1024
# The bound docs/reliability.md states for reading a file: 6 times its size plus 1 GB.
BOUND_MB = 6 * 8 + 1024


def many_values(kind: str) -> str:
    if kind == "flow-list":
        return "tags: [" + "a," * ((CAP - 10) // 2) + "a]\n"
    if kind == "block-list":
        return "tags:\n" + "- a\n" * ((CAP - 6) // 4)
    return "tags: [" + "{}," * ((CAP - 10) // 3) + "{}]\n"


@pytest.mark.parametrize("kind", ["flow-list", "block-list", "flow-maps"])
def test_a_file_at_the_cap_stays_under_the_stated_memory(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(many_values(kind), encoding="utf-8")
    assert path.stat().st_size <= CAP
    monkeypatch.setenv("TIMELINE_MAX_FILE_BYTES", str(CAP))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, timeline_executable(), "validate", "-e", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    code, peak = map(int, measured.stdout.splitlines()[0].split())
    assert code == 1
    assert peak < BOUND_MB
    assert measured.stdout.splitlines()[1] == (
        f"{path}:1:1: error: more than 2,000,000 values in one file; split it into several files"
    )
    no_traceback(measured)


@pytest.mark.parametrize("megabytes", [120, 400])
def test_running_out_of_memory_is_an_error_not_a_traceback(tmp_path: Path, megabytes: int) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("tags: [" + "a," * 1_500_000 + "a]\n", encoding="utf-8")
    limit = textwrap.dedent(
        f"""\
        import resource, subprocess, sys
        def cap():
            resource.setrlimit(resource.RLIMIT_AS, ({megabytes} << 20, {megabytes} << 20))
        result = subprocess.run({[timeline_executable(), "validate", "-e", str(path)]!r},
                                capture_output=True, text=True, preexec_fn=cap)
        print(result.returncode)
        sys.stdout.write(result.stdout + result.stderr)
        """
    )
    measured = subprocess.run(
        [sys.executable, "-c", limit], capture_output=True, text=True, timeout=600
    )
    assert measured.stdout.splitlines()[0] == "1"
    assert "Traceback" not in measured.stdout
    assert measured.stdout.splitlines()[1] == (
        f"{path}:1:1: error: not enough memory to read this file; split it into several files"
    )


# --- JSON of any depth or number size: one located error ---------------------------------

DEEP_JSON = [
    pytest.param('{"events": ' + "[" * 3000 + "]" * 3000 + "}", 1, 211, id="brackets-3000"),
    pytest.param("[" * 100_000, 1, 201, id="open-brackets-100000"),
    pytest.param('{"a":' * 3000 + "1" + "}" * 3000, 1, 1001, id="objects-3000"),
    pytest.param('{"a":' * 100_000, 1, 1001, id="open-objects-100000"),
    pytest.param('{"events": [\n' + '{"a": [' * 150 + "]}" * 150 + "]}", 2, 694, id="mixed"),
]


@pytest.mark.parametrize(("text", "line", "column"), DEEP_JSON)
@pytest.mark.parametrize("format", [None, "timelinejs-json", "json"])
def test_deep_json_is_one_located_error(
    tmp_path: Path, run_timeline: Run, text: str, line: int, column: int, format: str | None
) -> None:
    source = tmp_path / "deep.json"
    source.write_text(text, encoding="utf-8")
    options = ["--format", format] if format else []
    result = run_timeline("import", source, "-e", tmp_path / "events", *options)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {source}:{line}:{column}: not JSON: nested more than 200 levels deep\n"
    )
    assert not (tmp_path / "events").exists()


BIG_NUMBERS = [
    pytest.param('{"events": [{"id": "a", "n": ' + "9" * 4301 + "}]}", 1, 30, 4301, id="4301"),
    pytest.param('{"events": [\n  -' + "1" * 100_000 + "]}", 2, 3, 100_000, id="negative"),
    pytest.param('{"title": {}, "events": [], "x": [' + "7" * 5000 + "]}", 1, 35, 5000, id="x"),
]


@pytest.mark.parametrize(("text", "line", "column", "digits"), BIG_NUMBERS)
def test_a_huge_json_number_is_one_located_error(
    tmp_path: Path, run_timeline: Run, text: str, line: int, column: int, digits: int
) -> None:
    source = tmp_path / "big.json"
    source.write_text(text, encoding="utf-8")
    result = run_timeline("import", source, "-e", tmp_path / "events")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {source}:{line}:{column}: not JSON: a number of {digits:,} digits; "
        "numbers may have at most 4,300\n"
    )


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("claims", '[{"by": ' + "1" * 5000 + "}]"),
        ("sources", '[{"outlet": "A", "n": -' + "2" * 4301 + "}]"),
        ("tags", "[" + "3" * 10_000 + "]"),
        ("claims", "[" * 3000),
    ],
)
def test_a_huge_number_in_a_csv_json_cell_rejects_only_its_row(
    tmp_path: Path, run_timeline: Run, column: str, cell: str
) -> None:
    source = tmp_path / "table.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    source.write_text(
        f"id,date,title,{column}\nfirst,2025-03-01,First,{quoted}\nsecond,2025-03-02,Second,\n",
        encoding="utf-8",
    )
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    no_traceback(result)
    if column == "tags":
        # A tags cell that is not a JSON list of text is read as "a; b" text: one long tag.
        assert result.returncode == 0, result.stderr
        assert names(folder) == ["first.yaml", "second.yaml"]
        return
    assert result.returncode == 1
    assert f'{source}:2:1: error: row 2 "First": {column}: not a JSON list: ' in result.stderr
    assert names(folder) == ["second.yaml"]
    assert "1 rejected" in result.stdout + result.stderr


# --- Imports that keep going ---------------------------------------------------------------

LONG_ID = "a" * 300


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        (
            "table.csv",
            f"id,date,title\nfirst,2025-03-01,First\n{LONG_ID},2025-03-02,Long\n"
            "third,2025-03-03,Third\n",
            'table.csv:3:1: error: row 3 "Long": id: an id of 300 characters is too long',
        ),
        (
            "events.json",
            json.dumps(
                {
                    "events": [
                        {"id": "first", "date": "2025-03-01", "title": "First"},
                        {"id": LONG_ID, "date": "2025-03-02", "title": "Long"},
                        {"id": "third", "date": "2025-03-03", "title": "Third"},
                    ]
                }
            ),
            "events.json:1:",
        ),
        (
            "slides.json",
            timelinejs(
                [
                    slide("First", 1, unique_id="first"),
                    slide("Long", 2, unique_id=LONG_ID),
                    slide("Third", 3, unique_id="third"),
                ]
            ),
            "slides.json:1:",
        ),
    ],
)
def test_a_record_with_an_id_too_long_for_a_file_name_is_skipped(
    tmp_path: Path, run_timeline: Run, name: str, text: str, label: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    assert result.returncode == 1
    no_traceback(result)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path}/{label}")
    assert "an id of 300 characters is too long: use at most 200" in errors[0]
    assert names(folder) == ["first.yaml", "third.yaml"]
    assert f"Imported 2 events into {folder}" in result.stdout + result.stderr
    assert "1 rejected" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("table.csv", "id,date,title\ntimeline,2025-03-01,Named timeline\n"),
        (
            "events.json",
            json.dumps({"events": [{"id": "timeline", "date": "2025-03-01", "title": "T"}]}),
        ),
        ("slides.json", timelinejs([slide("T", 1, unique_id="timeline")])),
        ("slides2.json", timelinejs([slide("T", 1, unique_id="Timeline")])),
    ],
)
def test_an_event_is_never_written_as_the_title_file(
    tmp_path: Path, run_timeline: Run, name: str, text: str
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    title = "timeline:\n  title: Ceasefire talks\n"
    (folder / "timeline.yaml").write_text(title, encoding="utf-8")
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run_timeline("import", source, "-e", folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "timeline.yaml").read_text(encoding="utf-8") == title
    assert names(folder) == ["timeline-2.yaml", "timeline.yaml"]
    assert f"Imported 1 event into {folder}" in result.stdout + result.stderr
    validated = run_timeline("validate", "-e", folder)
    assert validated.returncode == 0, validated.stdout


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("table.csv", 'id,date,title\nok,2025-03-01,"First\nok2,2025-03-02,Second\n', 2),
        ("table2.csv", 'date,title,summary\n2025-03-01,A,\n2025-03-02,B,"open\n\n', 3),
        ("sheet.csv", 'Year,Month,Day,Headline\n2025,3,1,"Open\n2025,3,2,Two\n', 2),
    ],
)
def test_an_unclosed_csv_quote_is_a_located_error(
    tmp_path: Path, run_timeline: Run, name: str, text: str, line: int
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    folder = tmp_path / "events"
    result = run_timeline("import", source, "-e", folder)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {source}:{line}: not CSV: a quoted cell of the row on line {line} is never "
        'closed (a " is missing)\n'
    )
    assert not folder.exists()


@pytest.mark.parametrize(
    ("value", "words"),
    [(None, "null"), (7, "a number"), ("text", "text"), ([1], "a list"), (True, "true or false")],
)
@pytest.mark.parametrize("key", ["events", "eras"])
def test_import_errors_name_no_python_types(
    tmp_path: Path, run_timeline: Run, value: Any, words: str, key: str
) -> None:
    source = tmp_path / "slides.json"
    data: dict[str, Any] = {"events": [slide("Good", 1)]}
    data[key] = [*data.get(key, []), value]
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run_timeline("import", source, "-e", tmp_path / "events")
    assert result.returncode == 1
    for name in ("NoneType", "int", "str", "list", "bool"):
        assert f"found {name}" not in result.stderr
    assert f"expected an object, found {words}\n" in result.stderr


# --- An import and `add` at once: the folder lock ----------------------------------------


@pytest.mark.parametrize("way", ["list-file", "own-file"])
def test_an_add_during_an_import_cannot_duplicate_an_id(tmp_path: Path, way: str) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "list.yaml").write_text(
        "events:\n  - id: seed\n    title: Seed\n    date: 2025-01-01\n"
        "    type: other\n    actors: [A]\n",
        encoding="utf-8",
    )
    rows = 3000
    source = tmp_path / "table.csv"
    source.write_text(
        "id,date,title\n"
        + "".join(f"imp-{n},2025-02-{n % 28 + 1:02d},Row {n}\n" for n in range(rows)),
        encoding="utf-8",
    )
    wanted = f"imp-{rows - 1}"
    importing = subprocess.Popen(
        [timeline_executable(), "import", str(source), "-e", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Start `add` once the import is writing, so the two overlap.
    deadline = time.monotonic() + 120
    while not (folder / "imp-0.yaml").exists() and importing.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    to = ["--to", "list.yaml"] if way == "list-file" else []
    added = subprocess.run(
        [
            timeline_executable(),
            "add",
            "-e",
            str(folder),
            "--id",
            wanted,
            "--title",
            "Added",
            "--date",
            "2025-03-01",
            "--type",
            "other",
            "--actor",
            "B",
            *to,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out, err = importing.communicate(timeout=300)
    validated = subprocess.run(
        [timeline_executable(), "validate", "-e", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout
    assert ": error: " not in validated.stdout
    assert "Traceback" not in err + added.stderr
    if added.returncode == 0:
        # The add came first: the import reports the id as taken and skips that row.
        assert f"event '{wanted}' from {source} not imported: this id is taken here" in err
        assert f"Imported {rows - 1} events" in out + err
    else:
        assert added.returncode == 1
        assert wanted in added.stderr
        assert added.stderr.startswith("Error: ")
        assert f"Imported {rows} events" in out + err


# --- --since after --until ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "until"),
    [("2025-04", "2025-03"), ("2025-03-02", "2025-03-01"), ("2026", "2025-12-31")],
)
@pytest.mark.parametrize(
    "command", [["list"], ["build", "-o", "out.html"], ["export", "-o", "out.csv"]]
)
def test_since_after_until_is_a_usage_error(
    tmp_path: Path, run_timeline: Run, since: str, until: str, command: list[str]
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "riyadh.yaml").write_text(
        EVENT.format(url="https://www.reuters.com/"), encoding="utf-8"
    )
    result = run_timeline(*command, "-e", folder, "--since", since, "--until", until, cwd=tmp_path)
    assert result.returncode == 2
    assert f"--since {since} is after --until {until}" in " ".join(result.stderr.split())
    assert not (tmp_path / "out.html").exists()
    assert not (tmp_path / "out.csv").exists()


def test_a_range_of_one_month_is_still_allowed(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "riyadh.yaml").write_text(
        EVENT.format(url="https://www.reuters.com/"), encoding="utf-8"
    )
    result = run_timeline("list", "-e", folder, "--since", "2025-03", "--until", "2025-03")
    assert result.returncode == 0
    assert "Talks in Riyadh" in result.stdout
