"""How well ``timeline draft`` reads the fixture articles, against an editor's events.

Usage: python benchmarks/draft.py [ARTICLES_FOLDER] [--aliases FILE] [--show]

The articles are drafted into an empty events folder holding only the alias file, as its
``actors.yaml``.

For each article (``*.md``, ``*.txt``) that has an expected-events file beside it
(``NAME.expected.yaml``, written by hand), this drafts the article the way the command does,
in a fresh process, and pairs each expected event with the candidate that fits it best (an
actor in common, then the same date and the same type). It prints, per article and overall:

- right date: the candidate's date is the editor's, to the same precision ("~" ignored);
- phrase dates: the same, counted only for events the article dates with a phrase;
- right type, right actors (the same set of names);
- spurious: candidates paired with no expected event;
- seconds: the whole command, start-up and model load included.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
CPU: list[float] = []  # processor seconds of each draft: the machine's load left out
ALIASES = ROOT / "tests" / "fixtures" / "draft" / "actors.yaml"


def draft(
    article: Path, expected: dict[str, Any], folder: Path
) -> tuple[list[dict[str, Any]], float]:
    command = [sys.executable, "-m", "timeline", "draft", str(article), "-e", str(folder)]
    command += ["--format", "json"]
    for option in ("published", "outlet"):
        if option in expected:
            command += [f"--{option}", str(expected[option])]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"{article}: {result.stderr.strip()}")
    candidates: list[dict[str, Any]] = json.loads(result.stdout)["candidates"]
    return candidates, seconds


def plain(date: Any) -> str | None:
    return None if date is None else str(date).rstrip("~")


def pair(
    expected: list[dict[str, Any]], candidates: list[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """For each expected event, the best unused candidate with an actor in common."""
    scored = []
    for e, event in enumerate(expected):
        for c, candidate in enumerate(candidates):
            common = set(event["actors"]) & set(candidate["actors"])
            if not common:
                continue
            score = (
                len(common)
                + 2 * (plain(candidate["date"]) == plain(event["date"]))
                + 2 * (candidate["type"] == event["type"])
            )
            scored.append((-score, e, c))
    paired: list[dict[str, Any] | None] = [None] * len(expected)
    used: set[int] = set()
    for _, e, c in sorted(scored):
        if paired[e] is None and c not in used:
            paired[e] = candidates[c]
            used.add(c)
    return paired


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=ARTICLES)
    parser.add_argument("--aliases", type=Path, default=ALIASES)
    parser.add_argument("--show", action="store_true", help="print each pairing")
    options = parser.parse_args()
    folder = Path(subprocess.check_output(["mktemp", "-d"], text=True).strip())
    shutil.copy(options.aliases, folder / "actors.yaml")
    totals = dict.fromkeys(
        ("events", "date", "phrases", "phrase_date", "type", "actors", "candidates", "spurious"), 0
    )
    times = []
    row = "{:<44} {:>6} {:>6} {:>9} {:>6} {:>7} {:>6} {:>9} {:>6}"
    print(
        row.format(
            "article", "events", "date", "phrase", "type", "actors", "cands", "spurious", "s"
        )
    )
    for expected_file in sorted(options.articles.glob("*.expected.yaml")):
        name = expected_file.name.removesuffix(".expected.yaml")
        article = next(
            p for p in options.articles.iterdir() if p.stem == name and p.suffix in (".md", ".txt")
        )
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        events = expected["events"]
        candidates, seconds = draft(article, expected, folder)
        paired = pair(events, candidates)
        if options.show:
            for e, c in zip(events, paired, strict=True):
                got = (c["date"], c["type"], c["actors"]) if c else None
                print(f"   want {e['date']} {e['type']} {e['actors']}  got {got}")
            for c in candidates:
                if not any(c is p for p in paired):
                    quote = c["sources"][0]["quote"][:70]
                    print(f"   spurious {c['date']} {c['type']} {c['actors']} {quote}")
        pairs = list(zip(events, paired, strict=True))
        dated = [(e, c) for e, c in pairs if not str(e.get("phrase", "(")).startswith("(")]
        counts = {
            "events": len(events),
            "date": sum(1 for e, c in pairs if c and plain(c["date"]) == plain(e["date"])),
            "phrases": len(dated),
            "phrase_date": sum(1 for e, c in dated if c and plain(c["date"]) == plain(e["date"])),
            "type": sum(1 for e, c in pairs if c and c["type"] == e["type"]),
            "actors": sum(1 for e, c in pairs if c and set(c["actors"]) == set(e["actors"])),
            "candidates": len(candidates),
            "spurious": len(candidates) - sum(1 for c in paired if c is not None),
        }
        for key, value in counts.items():
            totals[key] += value
        times.append(seconds)
        print(
            row.format(
                name[:44],
                counts["events"],
                counts["date"],
                f"{counts['phrase_date']}/{counts['phrases']}",
                counts["type"],
                counts["actors"],
                counts["candidates"],
                counts["spurious"],
                f"{seconds:.1f}",
            )
        )
    n = totals["events"]
    print(
        row.format(
            "overall",
            n,
            totals["date"],
            f"{totals['phrase_date']}/{totals['phrases']}",
            totals["type"],
            totals["actors"],
            totals["candidates"],
            totals["spurious"],
            f"{max(times):.1f} max",
        )
    )
    real = totals["candidates"] - totals["spurious"]
    phrases = totals["phrase_date"] / max(totals["phrases"], 1)
    print(
        f"right date {totals['date'] / n:.0%}, phrase dates {phrases:.0%}, "
        f"right type {totals['type'] / n:.0%}, right actors {totals['actors'] / n:.0%}, "
        f"spurious {totals['spurious']} for {real} real "
        f"({totals['spurious'] / max(real, 1):.2f} per real one), "
        f"{sum(times) / len(times):.1f} s an article on average, {max(CPU):.1f} s of "
        f"processor time at most (start-up and model load included)"
    )


if __name__ == "__main__":
    main()
