"""Benchmark: every output of ``timeline build`` in one run against one run per output.

Usage:
    python benchmarks/outputs.py            # the sample events, median of 3 runs each
    python benchmarks/outputs.py --runs 5 --events path/to/events

Writes HTML, PNG, SVG, PDF, DOCX and PPTX six times with one ``-o`` each, then once with all
six ``-o``; and measures what starting the image engine costs (kaleido starting Chromium,
opening its page and closing it, with nothing drawn). One run loads and draws once and
starts the engine once, where the separate runs start it four times (PNG, SVG, PDF and the
briefs' chart): the saving should be at least the three start-ups it avoids. Needs the
export and briefs extras and Chromium. Prints a Markdown table (docs/commands/briefs.md
quotes it).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "events"
NAMES = [
    "timeline.html",
    "timeline.png",
    "timeline.svg",
    "timeline.pdf",
    "brief.docx",
    "brief.pptx",
]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def engine_start() -> float:
    """Seconds to start kaleido's browser and page, and close them, drawing nothing."""
    import kaleido

    async def start_and_stop() -> None:
        async with kaleido.Kaleido(n=1, mathjax=False):
            pass

    start = time.perf_counter()
    asyncio.run(start_and_stop())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", type=Path, default=SAMPLE)
    args = parser.parse_args()
    timeline = shutil.which("timeline") or "timeline"
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as folder:
        out = Path(folder)
        base = [timeline, "build", "-e", str(args.events), "-q"]
        timed([*base, "-o", str(out / "warm.html")])  # the parse cache, as a user has it
        separate: dict[str, list[float]] = {name: [] for name in NAMES}
        together: list[float] = []
        starts: list[float] = []
        for _ in range(args.runs):
            for name in NAMES:
                separate[name].append(timed([*base, "-o", str(out / name)]))
            outputs = [part for name in NAMES for part in ("-o", str(out / f"all-{name}"))]
            together.append(timed([*base, *outputs]))
            starts.append(engine_start())
    medians = {name: statistics.median(times) for name, times in separate.items()}
    total = sum(medians.values())
    one = statistics.median(together)
    start = statistics.median(starts)
    print(f"{args.runs} runs each, medians, events from {args.events}\n")
    print("| run | seconds |")
    print("|---|---:|")
    for name, seconds in medians.items():
        print(f"| `-o {name}` alone | {seconds:.2f} |")
    print(f"| the six alone, summed | {total:.2f} |")
    print(f"| the six in one run | {one:.2f} |")
    print(f"| saved | {total - one:.2f} |")
    print(f"| image engine start-up (kaleido + Chromium, nothing drawn) | {start:.2f} |")
    verdict = "at least" if total - one >= start else "LESS than"
    print(f"\nOne run saves {total - one:.2f} s, {verdict} one engine start-up ({start:.2f} s).")


if __name__ == "__main__":
    main()
