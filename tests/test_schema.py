"""The JSON Schema for editors: it is valid draft-07, every sample file passes it, and files
that `timeline validate` rejects are rejected by the schema too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import TIMELINEJS

from timeline.files import find_files
from timeline.interop import table
from timeline.loading import load
from timeline.schema import SCHEMA_FILE, build_schema, schema_header, schema_json
from timeline.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "events"


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as yaml-language-server does (YAML 1.2): dates stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12Loader)  # a safe loader subclass


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = build_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_schema_is_draft_07_and_the_same_bytes_every_time() -> None:
    assert build_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"
    # The same bytes in a fresh interpreter with another string hash seed (which reorders
    # sets and nothing else).
    for seed in ("0", "4242"):
        again = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from timeline.schema import schema_json; "
                "sys.stdout.write(schema_json())",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert again.returncode == 0, again.stderr
        assert again.stdout == schema_json()
    assert json.loads(schema_json()) == build_schema()


def test_schema_lists_types_statuses_and_descriptions() -> None:
    event = build_schema()["definitions"]["Event"]["properties"]
    assert event["type"]["enum"] == [
        "statement", "call", "visit", "meeting", "talks", "mediation", "proposal",
        "agreement", "ceasefire", "demand", "rejection", "violation", "aid", "sanction",
        "other",
    ]  # fmt: skip
    assert "call (041)" in event["type"]["description"]
    assert event["status"]["anyOf"][0]["enum"] == [
        "proposed", "agreed", "in-force", "violated", "suspended", "collapsed", "rejected",
    ]  # fmt: skip
    assert event["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    missing = [name for name, field in event.items() if not field.get("description")]
    assert missing == []


@pytest.mark.parametrize("path", find_files(SAMPLE), ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_sample_file_validates(path: Path, validator: jsonschema.Draft7Validator) -> None:
    errors = [e.message for e in validator.iter_errors(as_editor_reads(path.read_text("utf-8")))]
    assert errors == []


def test_settings_list_and_exported_json_validate(validator: jsonschema.Draft7Validator) -> None:
    assert list(validator.iter_errors({"timeline": {"title": "US\u2013Russia talks"}})) == []
    exported = json.loads(table.to_json(load(SAMPLE).timeline.events))
    assert list(validator.iter_errors(exported)) == []


def test_imported_files_validate(
    tmp_path: Path, validator: jsonschema.Draft7Validator, run_timeline: Callable[..., Any]
) -> None:
    folder = tmp_path / "events"
    for name in ("twain-marktwain.json", "women_in_computing.csv", "eras.json"):
        assert run_timeline("import", TIMELINEJS / name, "-e", folder).returncode == 0
    for path in find_files(folder):
        errors = [e.message for e in validator.iter_errors(as_editor_reads(path.read_text()))]
        assert errors == [], path


EVENT = "title: T\ndate: 2025-03-18\ntype: call\nactors: [A]\n"
INVALID = [
    ("missing-title", "date: 2025-03-18\ntype: call\nactors: [A]\n",
     "1:1: error: missing required field 'title'"),
    ("empty-title", 'title: "  "\ndate: 2025-03-18\ntype: call\nactors: [A]\n',
     "1:8: error: title: must not be empty"),
    ("unknown-type", EVENT.replace("call", "phone"),
     "3:7: error: type: 'phone' is not allowed; use 'statement', 'call', 'visit', 'meeting', "
     "'talks', 'mediation', 'proposal', 'agreement', 'ceasefire', 'demand', 'rejection', "
     "'violation', 'aid', 'sanction' or 'other'"),
    ("unknown-status", EVENT + "status: done\n",
     "5:9: error: status: 'done' is not allowed; use 'proposed', 'agreed', 'in-force', "
     "'violated', 'suspended', 'collapsed' or 'rejected'"),
    ("misspelt-field", EVENT.replace("title", "titel"),
     "1:1: error: unknown field 'titel'; did you mean 'title'?"),
    ("date-in-words", EVENT.replace("2025-03-18", "18 March 2025"),
     "2:7: error: date: '18 March 2025' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
     "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM; add ~ if approximate"),
    ("time-without-zone", EVENT.replace("2025-03-18", "2025-03-18T10:00"),
     "2:7: error: date: '2025-03-18T10:00' is not a date: a time needs a zone, add Z or ±HH:MM"),
    ("no-actors", EVENT.replace("[A]", "[]"),
     "4:9: error: actors: must not be empty: name at least one"),
    ("track-not-an-id", EVENT + "track: US Russia\n",
     "5:8: error: track: 'US Russia' is not an id: use lowercase letters, digits and -"),
    ("stage-without-plan", EVENT + "stage: energy\n",
     "5:8: error: stage: 'energy' is not a stage: write PLAN-ID/STAGE-ID"),
    ("source-without-outlet", EVENT + "sources:\n  - title: x\n",
     "6:5: error: missing required field 'sources[0].outlet'"),
    ("ftp-source", EVENT + "sources:\n  - outlet: X\n    url: ftp://x.org/a\n",
     "7:10: error: sources[0].url: 'ftp://x.org/a' is not a web address: use an http:// or "
     "https:// URL"),
    ("stance", EVENT + "claims:\n  - by: K\n    says: x\n    stance: maybe\n",
     "8:13: error: claims[0].stance: 'maybe' is not allowed; use 'asserts' or 'denies'"),
    ("list-uppercase-id",
     "events:\n  - id: Bad-Id\n    title: T\n    date: 2025-03-18\n    type: call\n"
     "    actors: [A]\n",
     "2:9: error: id: 'Bad-Id' is not an id: use lowercase letters, digits and -"),
    ("list-without-id",
     "events:\n  - title: T\n    date: 2025-03-18\n    type: call\n    actors: [A]\n",
     "2:5: error: events[0]: missing required field 'id' (events in a list file need one)"),
    ("plan-without-stages", "plan:\n  title: P\n  parties: [A]\n",
     "2:3: error: missing required field 'stages'"),
    ("settings-unknown-key", "timeline:\n  title: T\n  subtitle: S\n",
     "3:3: error: unknown field 'subtitle'; did you mean 'title'?"),
    ("settings-not-a-mapping", "timeline: Title\n",
     "1:11: error: 'timeline' must be a mapping, found text"),
    ("empty-file", "", "1:1: error: empty file: write an event, a 'plan:' or an 'events:' list"),
    ("place-latitude-out-of-range", EVENT + "place: {name: Riyadh, lat: 100, lon: 46.7}\n",
     "5:28: error: place.lat: 100 is out of range: use -90 to 90 degrees"),
    ("place-longitude-out-of-range", EVENT + "place: {name: Riyadh, lat: 24.7, lon: -181}\n",
     "5:39: error: place.lon: -181 is out of range: use -180 to 180 degrees"),
    ("place-latitude-only", EVENT + "place: {name: Riyadh, lat: 24.7}\n",
     "5:8: error: place: give both lat and lon, or neither"),
    ("place-misspelt-field", EVENT + "place: {nam: Riyadh}\n",
     "5:9: error: place: unknown field 'nam'; did you mean 'name'?"),
    ("place-list", EVENT + "place: [Riyadh]\n",
     "5:8: error: place: write a name, or {name: Riyadh, lat: 24.71, lon: 46.68}"),
    ("place-latitude-in-words", EVENT + "place: {name: Riyadh, lat: north, lon: 46.7}\n",
     "5:28: error: place.lat: 'north' is not a number"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_file_is_rejected_by_schema_and_validate(
    text: str,
    message: str,
    validator: jsonschema.Draft7Validator,
    make_tree: Callable[[dict[str, str]], Path],
) -> None:
    assert list(validator.iter_errors(as_editor_reads(text))) != []
    folder = make_tree({"bad.yaml": text})
    _, problems = validate(folder)
    errors = [str(p) for p in problems if p.level == "error"]
    assert f"{folder / 'bad.yaml'}:{message}" in errors


def test_schema_header_only_when_the_folder_has_the_schema(tmp_path: Path) -> None:
    assert schema_header(tmp_path) == ""
    (tmp_path / SCHEMA_FILE).write_text(schema_json(), encoding="utf-8")
    assert schema_header(tmp_path) == "# yaml-language-server: $schema=timeline.schema.json\n"
    assert re.fullmatch(r"# yaml-language-server: \$schema=\S+\n", schema_header(tmp_path))
