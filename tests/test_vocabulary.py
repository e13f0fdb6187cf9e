"""The record format's words: the fifteen event types with their CAMEO codes, and the plan
statuses, as the README documents them. The codes are CAMEO's (the event codebook GDELT and
ICEWS use): 01 make public statement, 03 express intent to cooperate, 04 consult (041 by
telephone, 042 make a visit, 043 host a visit, 044 meet at a third location, 045 mediate, 046
engage in negotiation), 05 diplomatic cooperation (057 sign formal agreement), 07 provide aid,
08 yield (0871 declare truce, ceasefire), 10 demand, 12 reject, 16 reduce relations, 19 fight
(196 violate ceasefire). Where CAMEO has no code as broad as the type, its root's "not
specified" code (x0) stands in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.vocabulary import CAMEO, EVENT_TYPES, STATUSES

runner = CliRunner()

# The README's table "Types and their CAMEO codes", written out: type, code, CAMEO's label.
CAMEO_TABLE: list[tuple[str, str | None, str]] = [
    ("statement", "010", "make public statement"),
    ("call", "041", "discuss by telephone"),
    ("visit", "042", "make a visit"),
    ("meeting", "044", "meet at a third location"),
    ("talks", "046", "engage in negotiation"),
    ("mediation", "045", "engage in mediation"),
    ("proposal", "036", "express intent to meet or negotiate"),
    ("agreement", "057", "sign formal agreement"),
    ("ceasefire", "0871", "declare truce, ceasefire"),
    ("demand", "100", "make demand"),
    ("rejection", "120", "reject"),
    ("violation", "196", "violate ceasefire"),
    ("aid", "070", "provide aid"),
    ("sanction", "160", "reduce relations"),
    ("other", None, "none"),
]


def test_the_types_are_the_documented_fifteen_in_order() -> None:
    assert tuple(row[0] for row in CAMEO_TABLE) == EVENT_TYPES
    assert len(EVENT_TYPES) == 15


def test_every_type_has_its_documented_cameo_code() -> None:
    assert {name: code for name, code, _ in CAMEO_TABLE} == CAMEO


def test_the_statuses_are_the_documented_seven_in_order() -> None:
    assert STATUSES == (
        "proposed",
        "agreed",
        "in-force",
        "violated",
        "suspended",
        "collapsed",
        "rejected",
    )


@pytest.fixture
def one_of_each(make_tree: Callable[[dict[str, str]], Path]) -> Path:
    """One event per type, each on its own day, so the listing order is the table's."""
    return make_tree(
        {
            f"{number:02d}-{name}.yaml": (
                f"title: A {name}\ndate: 2025-03-{number:02d}\ntype: {name}\nactors: [A]\n"
                "sources: [{outlet: X}]\n"
            )
            for number, (name, _, _) in enumerate(CAMEO_TABLE, start=1)
        }
    )


def test_list_json_shows_each_types_cameo_code(one_of_each: Path) -> None:
    result = runner.invoke(app, ["list", "-e", str(one_of_each), "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = [(record["type"], record["cameo"]) for record in json.loads(result.stdout)]
    assert listed == [(name, code) for name, code, _ in CAMEO_TABLE]


def test_list_csv_shows_each_types_cameo_code_and_none_as_empty(one_of_each: Path) -> None:
    result = runner.invoke(app, ["list", "-e", str(one_of_each), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["type"], row["cameo"]) for row in rows] == [
        (name, code or "") for name, code, _ in CAMEO_TABLE
    ]


def test_the_hover_names_the_code_and_other_has_none(one_of_each: Path) -> None:
    import timeline

    figure = timeline.build_figure(timeline.load_events(one_of_each))
    hovers = "\n".join(
        text for trace in figure.data for text in (trace.hovertext or ()) if isinstance(text, str)
    )
    assert "Sat 1 Mar 2025 · Statement (CAMEO 010)" in hovers
    assert "Wed 5 Mar 2025 · Talks (CAMEO 046)" in hovers
    assert "Sun 9 Mar 2025 · Ceasefire (CAMEO 0871)" in hovers
    assert "Sat 15 Mar 2025 · Other<br>" in hovers
    assert "Other (CAMEO" not in hovers
