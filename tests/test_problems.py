"""Every problem ``timeline validate`` reports, one broken file (or folder) each in
tests/fixtures/problems/, with the exact ``path:line:col: level: message`` line it prints.
The README's rules: a file that cannot be read as an event, a field that breaks the event
format, and, across files, duplicate ids, a stage of an unknown plan or stage, and duplicate
stage ids are errors; an event or plan with no source, a status with no stage and a stage
with no status are warnings. ``--strict`` makes the warnings errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app

PROBLEMS = Path(__file__).resolve().parent / "fixtures" / "problems"
runner = CliRunner()

HINT = (
    "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"
)
TYPES = (
    "'statement', 'call', 'visit', 'meeting', 'talks', 'mediation', 'proposal', 'agreement', "
    "'ceasefire', 'demand', 'rejection', 'violation', 'aid', 'sanction' or 'other'"
)

# (fixture, the lines validate prints, its summary line)
ERRORS: list[tuple[str, list[str], str]] = [
    # Files that are not event text.
    (
        "invalid-yaml.yaml",
        [
            "invalid-yaml.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' "
            "(parsing a flow sequence that starts on line 2)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "unclosed-quote.yaml",
        [
            "unclosed-quote.yaml:3:1: error: invalid YAML: found unexpected end of stream "
            "(scanning a quoted scalar that starts on line 1)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "tab-indent.yaml",
        [
            "tab-indent.yaml:2:1: error: invalid YAML: found character that cannot start any "
            "token (scanning for the next token that starts on line 2)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "two-documents.yaml",
        [
            "two-documents.yaml:6:1: error: invalid YAML: a file holds one YAML document; put "
            "several events under 'events:'"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "not-utf8.yaml",
        ["not-utf8.yaml:1:11: error: not UTF-8 text; save the file as UTF-8"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "control-character.yaml",
        [
            "control-character.yaml:1:8: error: title: control character U+001B is not allowed; remove it"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "empty.yaml",
        ["empty.yaml:1:1: error: empty file: write an event, a 'plan:' or an 'events:' list"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "comments-only.yaml",
        [
            "comments-only.yaml:1:1: error: empty file: write an event, a 'plan:' or an 'events:' list"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "scalar.yaml",
        ["scalar.yaml:1:1: error: expected a mapping (an event, 'plan:' or 'events:'), found text"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "list-at-top.yaml",
        [
            "list-at-top.yaml:1:1: error: expected a mapping (an event, 'plan:' or 'events:'), found a list"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    # Plain data only: no tags, no anchors or aliases, no merge keys, no deep nesting,
    # no duplicate keys.
    (
        "python-tag.yaml",
        [
            "python-tag.yaml:1:1: error: the tag '!!python/object/apply:os.system' is not allowed "
            "in event files (only plain data is read)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "anchors.yaml",
        [
            "anchors.yaml:4:9: error: anchors and aliases (&name, *name) are not allowed in event "
            "files; write the value out"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "merge-key.yaml",
        ["merge-key.yaml:3:3: error: merge keys (<<) are not allowed in event files"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "duplicate-key.yaml",
        [
            "duplicate-key.yaml:6:1: error: duplicate key 'title' (first on line 1); YAML would "
            "keep only the last value"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    # The event format: fields, ids, dates, values YAML reads as something else, links.
    (
        "unknown-field.yaml",
        ["unknown-field.yaml:6:1: error: unknown field 'summmary'; did you mean 'summary'?"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "missing-field.yaml",
        ["missing-field.yaml:1:1: error: missing required field 'type'"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "unknown-type.yaml",
        [f"unknown-type.yaml:3:7: error: type: 'phone' is not allowed; use {TYPES}"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "no-actors.yaml",
        ["no-actors.yaml:4:9: error: actors: must not be empty: name at least one"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "unknown-status.yaml",
        [
            "unknown-status.yaml:6:9: error: status: 'signed' is not allowed; use 'proposed', "
            "'agreed', 'in-force', 'violated', 'suspended', 'collapsed' or 'rejected'"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "unknown-stance.yaml",
        [
            "unknown-stance.yaml:7:45: error: claims[0].stance: 'maybe' is not allowed; use "
            "'asserts' or 'denies'"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "bad-stage.yaml",
        ["bad-stage.yaml:6:8: error: stage: 'energy' is not a stage: write PLAN-ID/STAGE-ID"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "bad-id.yaml",
        ["bad-id.yaml:1:5: error: id: 'Talks_1' is not an id: use lowercase letters, digits and -"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "Riyadh_Talks.yaml",
        [
            "Riyadh_Talks.yaml:1:1: error: the file name 'Riyadh_Talks' is not a valid id: rename "
            "the file or add an 'id:' field (lowercase letters, digits and -)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "list-without-ids.yaml",
        [
            "list-without-ids.yaml:2:5: error: events[0]: missing required field 'id' (events in "
            "a list file need one)"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "impossible-day.yaml",
        [
            "impossible-day.yaml:2:7: error: date: '2025-02-30' is not a date: February 2025 has "
            "28 days"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "impossible-month.yaml",
        ["impossible-month.yaml:6:6: error: end: '2025-13' is not a date: month 13 does not exist"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "year-out-of-range.yaml",
        [
            "year-out-of-range.yaml:2:7: error: date: '10000' is not a date: the year must be "
            "between 1 and 9999"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "time-out-of-range.yaml",
        [
            "time-out-of-range.yaml:2:7: error: date: '2025-03-24T24:30Z' is not a date: the time "
            "of day is out of range"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "zone-out-of-range.yaml",
        [
            "zone-out-of-range.yaml:2:7: error: date: '2025-03-24T10:00+15:00' is not a date: the "
            "zone +15:00 is out of range"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "time-without-zone.yaml",
        [
            "time-without-zone.yaml:2:7: error: date: '2025-03-24T10:00' is not a date: a time "
            "needs a zone, add Z or ±HH:MM"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "sexagesimal-date.yaml",
        [f"sexagesimal-date.yaml:2:7: error: date: '12:30' is not a date: {HINT}"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "end-before-date.yaml",
        ["end-before-date.yaml:6:6: error: end: 2025-03-10 is before the date 2025-03-24"],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "boolean-for-text.yaml",
        ['boolean-for-text.yaml:4:10: error: actors[0]: NO was read as a boolean; quote it: "NO"'],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "number-for-text.yaml",
        ['number-for-text.yaml:6:8: error: tags[0]: 2025 was read as a number; quote it: "2025"'],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "javascript-url.yaml",
        [
            "javascript-url.yaml:5:34: error: sources[0].url: 'javascript:alert(1)' is not a web "
            "address: use an http:// or https:// URL"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "url-without-host.yaml",
        [
            "url-without-host.yaml:5:34: error: sources[0].url: 'https://' is not a web address: "
            "use an http:// or https:// URL"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    ),
    # Across files.
    (
        "duplicate-id",
        [
            "duplicate-id/b.yaml:1:1: error: duplicate event id 'same': also at duplicate-id/a.yaml:1:1"
        ],
        "2 events, 0 plans: 1 error, 0 warnings",
    ),
    (
        "duplicate-plan-id",
        [
            "duplicate-plan-id/second.yaml:2:3: error: duplicate plan id 'peace': also at "
            "duplicate-plan-id/first.yaml:2:3"
        ],
        "0 events, 2 plans: 1 error, 0 warnings",
    ),
    (
        "unknown-plan",
        ["unknown-plan/event.yaml:6:1: error: stage: no plan 'truce' (plans: peace)"],
        "1 event, 1 plan: 1 error, 0 warnings",
    ),
    (
        "unknown-stage",
        [
            "unknown-stage/event.yaml:6:1: error: stage: plan 'peace' has no stage "
            "'full-ceasefire' (stages: energy, black-sea)"
        ],
        "1 event, 1 plan: 1 error, 0 warnings",
    ),
    (
        "duplicate-stage-id",
        ["duplicate-stage-id/peace.yaml:4:3: error: duplicate stage id 'energy' in plan"],
        "0 events, 1 plan: 1 error, 0 warnings",
    ),
]

WARNINGS: list[tuple[str, list[str], str]] = [
    (
        "no-source.yaml",
        ["no-source.yaml:1:1: warning: event has no source; add sources:"],
        "1 event, 0 plans: 0 errors, 1 warning",
    ),
    (
        "plan-without-source",
        ["plan-without-source/peace.yaml:2:3: warning: plan has no source; add sources:"],
        "0 events, 1 plan: 0 errors, 1 warning",
    ),
    (
        "status-without-stage.yaml",
        [
            "status-without-stage.yaml:6:1: warning: status 'agreed' without stage: name the plan "
            "stage it applies to (stage: PLAN-ID/STAGE-ID)"
        ],
        "1 event, 0 plans: 0 errors, 1 warning",
    ),
    (
        "stage-without-status",
        [
            "stage-without-status/event.yaml:6:1: warning: stage without status: add status: so "
            "the stage's history shows this event"
        ],
        "1 event, 1 plan: 0 errors, 1 warning",
    ),
]


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixtures, as the working folder (validate names files as given, and a
    clean folder gets a parse cache, which must not land in the repository)."""
    copy = tmp_path / "problems"
    shutil.copytree(PROBLEMS, copy)
    monkeypatch.chdir(copy)
    return copy


def validate(*args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr.strip()


def test_every_fixture_is_in_a_table() -> None:
    named = {row[0] for row in ERRORS + WARNINGS}
    assert sorted(p.name for p in PROBLEMS.iterdir() if p.name != "README.md") == sorted(named)


@pytest.mark.parametrize(("fixture", "lines", "summary"), ERRORS, ids=[row[0] for row in ERRORS])
def test_each_error(problems: Path, fixture: str, lines: list[str], summary: str) -> None:
    assert validate("-e", fixture) == (1, lines, summary)


@pytest.mark.parametrize(
    ("fixture", "lines", "summary"), WARNINGS, ids=[row[0] for row in WARNINGS]
)
def test_each_warning_passes_and_fails_under_strict(
    problems: Path, fixture: str, lines: list[str], summary: str
) -> None:
    assert validate("-e", fixture) == (0, lines, summary)
    strict_lines = [line.replace(": warning: ", ": error: ") for line in lines]
    strict_summary = summary.replace("0 errors, 1 warning", "1 error, 0 warnings")
    assert validate("-e", fixture, "--strict") == (1, strict_lines, strict_summary)


def test_nesting_far_past_the_limit(problems: Path) -> None:
    # The README's case: 50,000 nested "[" (100 KB). Written here, not kept as a fixture.
    Path("deep-nesting.yaml").write_text("[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert validate("-e", "deep-nesting.yaml") == (
        1,
        ["deep-nesting.yaml:1:1: error: nested more than 200 levels deep"],
        "0 events, 0 plans: 1 error, 0 warnings",
    )


def test_a_file_over_the_size_cap(problems: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_MAX_FILE_BYTES", "50")
    # no-source.yaml is 84 bytes.
    assert validate("-e", "no-source.yaml") == (
        1,
        [
            "no-source.yaml:1:1: error: file is 84 bytes, over the 50-byte limit; split it or "
            "raise TIMELINE_MAX_FILE_BYTES"
        ],
        "0 events, 0 plans: 1 error, 0 warnings",
    )


def test_a_size_cap_that_is_not_a_number(problems: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_MAX_FILE_BYTES", "big")
    assert validate("-e", "no-source.yaml") == (
        1,
        [],
        "Error: TIMELINE_MAX_FILE_BYTES='big' is not a number of bytes; give one (e.g. "
        "1073741824) or unset it for 536,870,912",
    )
