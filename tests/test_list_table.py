"""`timeline list`'s table is laid out as rich lays it out, byte for byte, whether or not
rich does the layout: the table rich draws from the same cells is the expected output."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from timeline.listing import format_events
from timeline.records import PlainEvent
from timeline.visible import visible

WORDS = ["a", "US", "talks", "ceasefire", "Black", "Sea", "energy-infrastructure", "(approx.)"]
WORDS += ["x" * 25, "Saudi-Arabia-hosted-technical-negotiations", "[draft]", ":flag_ua:"]
WORDS += ["Zelenskyy", "Kyiv", "Jeddah", "Washington,", "Moscow.", "Київ", "Šefčovič", "Erdoğan"]
WORDS += ["US\u2013Russia", "\u201cceasefire\u201d", "Zelensky\u2019s", "\u2014", "talks\u2026"]
WORDS += ["\u0395\u03bb\u03bb\u03ac\u03b4\u03b1"]
ODD = ["Київ", "東京", "e\u0301te", "\u202eevil", "tab\there", "emoji \U0001f1fa\U0001f1e6"]
TYPES = ["talks", "call", "statement", "proposal", "humanitarian-aid", "x"]
DATES = ["2025-03-18", "2025-03", "2025", "2022-11-01", "[2025-03-10..2025-03-14]"]


def text(rng: random.Random, odd: bool) -> str:
    words = [rng.choice(WORDS + ODD if odd else WORDS) for _ in range(rng.randint(0, 14))]
    spaces = [rng.choice([" ", " ", " ", "  ", "   "]) for _ in words]
    joined = "".join(word + space for word, space in zip(words, spaces, strict=True))
    return joined if rng.random() < 0.3 else joined.strip()


def event(rng: random.Random, number: int, odd: bool) -> PlainEvent:
    data = {
        "id": f"e{number}",
        "title": text(rng, odd) or "T",
        "date": rng.choice(DATES),
        "type": rng.choice(TYPES),
        "actors": [text(rng, odd) or "A" for _ in range(rng.randint(1, 4))],
    }
    if rng.random() < 0.2:
        data["end"] = "2025-04-02"
    return PlainEvent(data)


def rich_table(events: list[PlainEvent], width: int) -> str:
    """The table as rich draws it, from the same cells."""
    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Actors", ratio=1)
    table.add_column("Title", ratio=2)
    for item in events:
        when = item.date.human() + (f" to {item.end.human()}" if item.end else "")
        cells = (when, item.type, visible(", ".join(item.actors)), visible(item.title))
        table.add_row(*(Text(cell) for cell in cells))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    console.print(table)
    console.print(f"{len(events)} event{'s' if len(events) != 1 else ''}")
    return buffer.getvalue()


@pytest.mark.parametrize("odd", [False, True])
def test_the_table_is_the_one_rich_draws(odd: bool) -> None:
    rng = random.Random(20250318 + odd)
    for _ in range(400):
        events = [event(rng, number, odd) for number in range(rng.randint(0, 12))]
        width = rng.choice([rng.randint(1, 40), rng.randint(40, 160), rng.randint(60, 160), 100])
        assert format_events(events, "table", width=width) == rich_table(events, width), width


def test_the_sample_table_at_the_usual_widths() -> None:
    rng = random.Random(7)
    events = [event(rng, number, False) for number in range(100)]
    for width in (60, 80, 100, 120, 200):
        assert format_events(events, "table", width=width) == rich_table(events, width)


def news_letters() -> list[str]:
    """Every printable Latin, Greek and Cyrillic letter, dash, quote and box-drawing
    character, in chunks of up to 30."""
    ranges = [(0x21, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E)]
    ranges += [(0x2500, 0x25FC), (0x2800, 0x28FF)]
    letters = "".join(
        chr(code)
        for start, end in ranges
        for code in range(start, end + 1)
        if chr(code).isprintable()
    )
    rng = random.Random(5)
    return [letters[start : start + rng.randint(1, 30)] for start in range(0, len(letters), 30)]


def news_data() -> list[dict[str, Any]]:
    chunks = news_letters()
    rng = random.Random(6)
    return [
        {
            "id": f"e{number}",
            "title": " ".join(rng.sample(chunks, 3)),
            "date": "2025-03-18",
            "type": "talks",
            "actors": [chunk],
        }
        for number, chunk in enumerate(chunks)
    ]


def test_letters_and_punctuation_of_news_text_are_measured_as_rich_measures_them() -> None:
    events = [PlainEvent(data) for data in news_data()]
    for width in (30, 60, 100, 140):
        assert format_events(events, "table", width=width) == rich_table(events, width), width


def test_a_table_of_news_text_is_laid_out_without_rich() -> None:
    # Importing rich and its layout cost more than the rest of `timeline list`.
    code = (
        "import json, sys\n"
        "from timeline.listing import format_events\n"
        "from timeline.records import PlainEvent\n"
        "events = [PlainEvent(data) for data in json.load(sys.stdin)]\n"
        "format_events(events, 'table', width=100)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'rich'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(news_data()),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
