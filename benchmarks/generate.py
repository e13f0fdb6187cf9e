"""Generate realistic synthetic event folders for the benchmarks.

Usage: python benchmarks/generate.py COUNT OUT [--list]

Writes COUNT events under OUT, one file each (or all in one list file ``events.yaml`` with
--list), plus a staged plan that some events move. The same COUNT always gives the same files.

The events look like an archive of a long negotiation: they come in bursts (rounds of talks,
a crisis) over four years, have one to four actors, a track most of the time, a summary, one
to three sources, and some have claims, tags, a span (``end``), a month-only date or an
approximate one (``~``), as the sample events do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

from timeline.model import EVENT_TYPES

# libyaml's emitter when installed: writing 100,000 files takes seconds, not minutes.
DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

START = dt.date(2022, 2, 24)
DAYS = 1400
PLAN_ID = "synthetic-ceasefire-path"
STAGES = ("energy-ceasefire", "black-sea", "full-ceasefire", "peace-agreement")
STATUSES = ("proposed", "agreed", "in-force", "violated", "suspended")

ACTORS = (
    "Donald Trump",
    "Vladimir Putin",
    "Volodymyr Zelensky",
    "Keir Starmer",
    "Emmanuel Macron",
    "Marco Rubio",
    "Sergei Lavrov",
    "Andrii Sybiha",
    "Steve Witkoff",
    "Kirill Dmitriev",
    "United States",
    "Russia",
    "Ukraine",
    "European Union",
    "Saudi Arabia",
    "Turkey",
    "NATO",
)
TRACKS = ("us-russia", "us-ukraine", "europe", "black-sea", "humanitarian", None)
# Every type but "other", so each event has a CAMEO code.
TYPES = tuple(t for t in EVENT_TYPES if t != "other")
OUTLETS = ("Reuters", "AP", "The Independent", "BBC", "Kyiv Independent", "TASS", "Bloomberg")
WORDS = (
    "ceasefire",
    "energy",
    "infrastructure",
    "talks",
    "delegation",
    "maritime",
    "corridor",
    "prisoners",
    "exchange",
    "sanctions",
    "guarantees",
    "monitoring",
    "withdrawal",
    "frontline",
    "strikes",
    "grid",
    "ports",
    "grain",
    "negotiators",
    "readout",
    "spokesman",
    "agreed",
    "proposal",
    "conditions",
)


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _day(rng: random.Random, rounds: list[int]) -> dt.date:
    """Most events cluster within days of a round of talks; the rest are spread out."""
    if rng.random() < 0.8:
        offset = rounds[rng.randrange(len(rounds))] + round(rng.gauss(0, 3))
    else:
        offset = rng.randrange(DAYS)
    return START + dt.timedelta(days=min(max(offset, 0), DAYS - 1))


def make_event(index: int, rng: random.Random, rounds: list[int]) -> dict[str, Any]:
    """One synthetic event as it would be written in YAML."""
    day = _day(rng, rounds)
    kind = rng.random()
    date = day.isoformat()
    if kind < 0.08:
        date = f"{day:%Y-%m}"  # known only to the month
    elif kind < 0.15:
        date += "~"  # approximate
    event_type = rng.choice(TYPES)
    event: dict[str, Any] = {
        "id": f"{day.isoformat()}-{event_type}-{index:06d}",
        "title": _words(rng, 4, 9).capitalize(),
        "date": date,
        "type": event_type,
        "actors": rng.sample(ACTORS, rng.randint(1, 4)),
    }
    if kind > 0.9:
        event["end"] = (day + dt.timedelta(days=rng.randint(1, 30))).isoformat()
    track = rng.choice(TRACKS)
    if track:
        event["track"] = track
    event["summary"] = _words(rng, 15, 40).capitalize() + "."
    event["sources"] = [
        {
            "outlet": rng.choice(OUTLETS),
            **({"title": _words(rng, 5, 10).capitalize()} if rng.random() < 0.3 else {}),
            "url": f"https://news.example.org/{day.year}/{index}-{n}",
            "published": (day + dt.timedelta(days=rng.randint(0, 2))).isoformat(),
        }
        for n in range(rng.randint(1, 3))
    ]
    if rng.random() < 0.05:
        parties = rng.sample(ACTORS[:10], 2)
        event["claims"] = [
            {"by": parties[0], "says": _words(rng, 6, 12) + "."},
            {"by": parties[1], "says": _words(rng, 6, 12) + ".", "stance": "denies"},
        ]
    if rng.random() < 0.2:
        event["tags"] = rng.sample(WORDS, 2)
    if rng.random() < 0.01:
        event["key"] = True
    return event


def make_plan() -> dict[str, Any]:
    """The staged plan that some events move."""
    return {
        "plan": {
            "id": PLAN_ID,
            "title": "Synthetic ceasefire path",
            "parties": ["United States", "Russia", "Ukraine"],
            "announced": START.isoformat(),
            "stages": [
                {"id": stage, "title": stage.replace("-", " ").capitalize()} for stage in STAGES
            ],
            "sources": [{"outlet": "Reuters", "url": "https://news.example.org/plan"}],
        }
    }


def events(count: int) -> list[dict[str, Any]]:
    """``count`` synthetic events, the same for the same ``count``. A plan moves through a
    few dozen statuses however long the archive, so at most 40 events name a plan stage."""
    rng = random.Random(count)
    rounds = [rng.randrange(DAYS) for _ in range(max(1, count // 25))]
    made = [make_event(index, rng, rounds) for index in range(count)]
    for event in rng.sample(made, min(40, count // 50)):
        event["stage"] = f"{PLAN_ID}/{rng.choice(STAGES)}"
        event["status"] = rng.choice(STATUSES)
    return made


def _dump(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=88)
    return text


def generate(count: int, out: Path, *, as_list: bool = False) -> None:
    """Write ``count`` events and the plan under ``out`` (which must not hold events yet)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "plans").mkdir(exist_ok=True)
    (out / "plans" / f"{PLAN_ID}.yaml").write_text(_dump(make_plan()), encoding="utf-8")
    made = events(count)
    if as_list:
        (out / "events.yaml").write_text(_dump({"events": made}), encoding="utf-8")
        return
    for event in made:
        name = event.pop("id")  # one-event files take their id from the file name
        (out / f"{name}.yaml").write_text(_dump(event), encoding="utf-8")


def main() -> None:
    """Command line: ``python benchmarks/generate.py COUNT OUT [--list]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many events")
    parser.add_argument("out", type=Path, help="folder to write them to")
    parser.add_argument(
        "--list", action="store_true", help="one list file instead of one file per event"
    )
    args = parser.parse_args()
    generate(args.count, args.out, as_list=args.list)


if __name__ == "__main__":
    main()
