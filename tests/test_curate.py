"""``timeline source add`` and ``timeline claim add``: only the new lines are inserted, under
the folder's lock, and only when the event stays valid. Run as the installed command."""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import timeline_executable

from timeline.loading import load

Run = Callable[..., subprocess.CompletedProcess[str]]
MakeTree = Callable[..., Path]

LIST_FILE = """\
# Talks in Riyadh, as reported
events:
  - id: riyadh-talks   # first round
    title: "Talks in Riyadh"
    date: 2025-03-24
    type: talks
    actors: [United States, Russia]
    sources:
      - outlet: Reuters   # the wire
        published: 2025-03-24

  - id: jeddah-talks
    title: 'Talks in Jeddah'
    date: 2025-03-11
    type: talks
    actors: [United States, Ukraine]
    summary: |
      Nine hours of talks.

# the end of the list
"""


def inserted_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line was removed or changed."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    removed = [line for line in diff if line.startswith("- ")]
    assert removed == [], removed
    return [line[2:] for line in diff if line.startswith("+ ")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".timeline.lock"
    }


def test_source_add_to_a_single_file_inserts_only_its_lines(
    sample: Path, run_timeline: Run
) -> None:
    path = sample / "2025-03-18-trump-putin-call.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_timeline(
        "source", "add", "2025-03-18-trump-putin-call", "-e", sample,
        "--outlet", "Reuters", "--url", "https://www.reuters.com/world/call",
        "--published", "2025-03-19", "--title", "Putin agrees to halt energy strikes",
        "--quote", "a complete ceasefire", "--date-text", "on Tuesday",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Added a source to 2025-03-18-trump-putin-call in {path}:17\n")
    after = path.read_text(encoding="utf-8")
    assert inserted_lines(before, after) == [
        "  - outlet: Reuters\n",
        "    title: Putin agrees to halt energy strikes\n",
        "    url: https://www.reuters.com/world/call\n",
        "    published: 2025-03-19\n",
        "    quote: a complete ceasefire\n",
        "    date_text: on Tuesday\n",
    ]
    # Inserted after the last source, before the claims.
    assert after.splitlines()[16] == "  - outlet: Reuters"
    assert after.splitlines()[22] == "claims:"
    checked = run_timeline("validate", "-e", sample, "--strict")
    assert checked.returncode == 0, checked.stderr


def test_claim_add_without_claims_starts_the_list(sample: Path, run_timeline: Run) -> None:
    path = sample / "2025-03-17-starmer-trump-call.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_timeline(
        "claim", "add", "2025-03-17-starmer-trump-call", "-e", sample,
        "--by", "Kremlin", "--says", "The call was about Ukraine's weapons", "--denies",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after == before + (
        "claims:\n"
        "  - by: Kremlin\n"
        "    says: The call was about Ukraine's weapons\n"
        "    stance: denies\n"
    )
    [event] = [e for e in load(sample).timeline.events if e.id == "2025-03-17-starmer-trump-call"]
    assert [(c.by, c.stance) for c in event.claims] == [("Kremlin", "denies")]


def test_events_in_a_list_file_keep_every_other_byte(
    make_tree: MakeTree, run_timeline: Run
) -> None:
    folder = make_tree({"rounds.yaml": LIST_FILE})
    path = folder / "rounds.yaml"
    result = run_timeline(
        "source", "add", "riyadh-talks", "-e", folder, "--outlet", "AP", "--published", "2025-03-25"
    )
    assert result.returncode == 0, result.stderr
    first = path.read_text(encoding="utf-8")
    assert first == LIST_FILE.replace(
        "        published: 2025-03-24\n",
        "        published: 2025-03-24\n      - outlet: AP\n        published: 2025-03-25\n",
    )
    result = run_timeline("claim", "add", "jeddah-talks", "-e", folder, "--by", "Ukraine",
                          "--says", "It accepts a 30-day ceasefire")  # fmt: skip
    assert result.returncode == 0, result.stderr
    second = path.read_text(encoding="utf-8")
    # After the block scalar (and its kept line break), before the blank line and comment.
    assert second == first.replace(
        "      Nine hours of talks.\n",
        "      Nine hours of talks.\n    claims:\n      - by: Ukraine\n"
        "        says: It accepts a 30-day ceasefire\n",
    )
    assert result.stdout == f"Added a claim to jeddah-talks in {path}:21\n"
    events = {e.id: e for e in load(folder).timeline.events}
    assert events["jeddah-talks"].summary == "Nine hours of talks.\n"
    assert [s.outlet for s in events["riyadh-talks"].sources] == ["Reuters", "AP"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsources: []\n",
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsources: [{outlet: AP}]\n",
        ),
        (
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsources: [{outlet: X}]  # c\n",
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"
            "sources: [{outlet: X}, {outlet: AP}]  # c\n",
        ),
        (  # no line break at the end
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]",
            "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\nsources:\n  - outlet: AP\n",
        ),
        (  # Windows line breaks stay Windows line breaks
            "title: T\r\ndate: 2025-03-18\r\ntype: talks\r\nactors: [A]\r\nsources:\r\n- outlet: X\r\n",
            "title: T\r\ndate: 2025-03-18\r\ntype: talks\r\nactors: [A]\r\nsources:\r\n"
            "- outlet: X\r\n- outlet: AP\r\n",
        ),
    ],
)
def test_other_shapes(make_tree: MakeTree, run_timeline: Run, text: str, expected: str) -> None:
    folder = make_tree({"e.yaml": text.encode("utf-8")})
    result = run_timeline("source", "add", "e", "-e", folder, "--outlet", "AP")
    assert result.returncode == 0, result.stderr
    assert (folder / "e.yaml").read_bytes() == expected.encode("utf-8")


def test_unknown_id_suggests_the_close_one(sample: Path, run_timeline: Run) -> None:
    before = snapshot(sample)
    result = run_timeline("claim", "add", "2025-03-18-trump-putin-cal", "-e", sample,
                          "--by", "A", "--says", "B")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: no event '2025-03-18-trump-putin-cal' in {sample}; did you mean "
        "'2025-03-18-trump-putin-call'?\n"
    )
    assert snapshot(sample) == before


def test_invalid_values_write_nothing(sample: Path, run_timeline: Run) -> None:
    before = snapshot(sample)
    result = run_timeline("source", "add", "2025-03-18-trump-putin-call", "-e", sample,
                          "--outlet", "Reuters", "--url", "javascript:alert(1)",
                          "--published", "yesterday")  # fmt: skip
    assert result.returncode == 1
    assert "Error: --url: 'javascript:alert(1)' is not a web address" in result.stderr
    assert "Error: --published: 'yesterday' is not a date" in result.stderr
    assert snapshot(sample) == before


def test_the_same_source_twice_is_refused(sample: Path, run_timeline: Run) -> None:
    args = ("source", "add", "2025-03-18-trump-putin-call", "-e", sample, "--outlet", "Reuters")
    assert run_timeline(*args).returncode == 0
    before = snapshot(sample)
    again = run_timeline(*args)
    assert again.returncode == 1
    assert again.stderr == (
        "Error: 2025-03-18-trump-putin-call already has this source; nothing was written\n"
    )
    assert snapshot(sample) == before


def test_an_event_in_braces_is_refused_with_the_fix(make_tree: MakeTree, run_timeline: Run) -> None:
    text = "events:\n  - {id: a, title: T, date: 2025-03-18, type: talks, actors: [A]}\n"
    folder = make_tree({"l.yaml": text})
    result = run_timeline("source", "add", "a", "-e", folder, "--outlet", "AP")
    assert result.returncode == 1
    assert "is written in braces {...}; write it one field per line" in result.stderr
    assert (folder / "l.yaml").read_text(encoding="utf-8") == text


def test_parallel_source_adds_to_one_event_all_land(sample: Path) -> None:
    count = 12
    commands = [
        [timeline_executable(), "source", "add", "2025-03-18-trump-putin-call", "-e", str(sample),
         "--outlet", f"Outlet {n}", "--url", f"https://example.org/{n}"]
        for n in range(count)
    ]  # fmt: skip
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * count, outputs
    [event] = [e for e in load(sample).timeline.events if e.id == "2025-03-18-trump-putin-call"]
    assert sorted(s.outlet for s in event.sources) == sorted(
        ["The Independent", *(f"Outlet {n}" for n in range(count))]
    )
    text = (sample / "2025-03-18-trump-putin-call.yaml").read_text(encoding="utf-8")
    original = Path(__file__).parent.parent / "events" / "2025-03-18-trump-putin-call.yaml"
    added = inserted_lines(original.read_text(encoding="utf-8"), text)
    assert len(added) == 2 * count
    assert not list(sample.rglob(".*.tmp"))


def test_an_event_with_errors_is_not_known_and_the_file_is_named(
    make_tree: MakeTree, run_timeline: Run
) -> None:
    folder = make_tree({"e.yaml": "title: T\ndate: 2025-03-18\ntype: chat\nactors: [A]\n"})
    result = run_timeline("source", "add", "e", "-e", folder, "--outlet", "AP")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: no event 'e' in {folder} (1 file has errors: {folder / 'e.yaml'}; "
        "see timeline validate)\n"
    )


def test_the_schema_line_and_hard_links(make_tree: MakeTree, run_timeline: Run) -> None:
    header = "# yaml-language-server: $schema=timeline.schema.json\n"
    text = header + "title: T\ndate: 2025-03-18\ntype: talks\nactors: [A]\n"
    folder = make_tree({"e.yaml": text})
    result = run_timeline("claim", "add", "e", "-e", folder, "--by", "A", "--says", "yes")
    assert result.returncode == 0, result.stderr
    assert (folder / "e.yaml").read_text(encoding="utf-8") == (
        text + "claims:\n  - by: A\n    says: 'yes'\n"
    )
    (folder.parent / "other-name.yaml").hardlink_to(folder / "e.yaml")
    before = (folder / "e.yaml").read_bytes()
    result = run_timeline("claim", "add", "e", "-e", folder, "--by", "B", "--says", "no")
    assert result.returncode == 1
    assert "has other hard links, which would keep the old text" in result.stderr
    assert (folder / "e.yaml").read_bytes() == before


def test_parallel_sources_and_claims_in_one_list_file_all_land(make_tree: MakeTree) -> None:
    folder = make_tree({"rounds.yaml": LIST_FILE})
    base = [timeline_executable()]
    commands = [
        [*base, "source", "add", "riyadh-talks", "-e", str(folder), "--outlet", f"Wire {n}"]
        for n in range(6)
    ] + [
        [*base, "claim", "add", "jeddah-talks", "-e", str(folder), "--by", f"Party {n}",
         "--says", "It agrees", *(["--denies"] if n % 2 else [])]
        for n in range(6)
    ]  # fmt: skip
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * 12, outputs
    events = {e.id: e for e in load(folder).timeline.events}
    assert sorted(s.outlet for s in events["riyadh-talks"].sources) == sorted(
        ["Reuters", *(f"Wire {n}" for n in range(6))]
    )
    assert sorted((c.by, c.stance) for c in events["jeddah-talks"].claims) == [
        (f"Party {n}", "denies" if n % 2 else "asserts") for n in range(6)
    ]
    after = (folder / "rounds.yaml").read_text(encoding="utf-8")
    assert len(inserted_lines(LIST_FILE, after)) == 6 + 1 + 6 * 2 + 3
    assert after.startswith("# Talks in Riyadh, as reported\nevents:\n")
    assert after.endswith("\n# the end of the list\n")
