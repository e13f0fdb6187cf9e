"""``timeline draft`` as a user runs it: the seed article drafted, reviewed on a real terminal
and accepted into a folder that validates; drafted twice, it proposes merges; HTML, address
and standard input; clear one-line errors for articles that cannot be drafted."""

from __future__ import annotations

import datetime as dt
import difflib
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import timeline_executable

from timeline.curate import add_claim, add_source
from timeline.dates import PartialDate
from timeline.draft.dates_found import find_phrases
from timeline.draft.matching import dates_overlap
from timeline.draft.needs import DraftUnavailable, module
from timeline.draft.sources import SourceError, parse_published

Run = Callable[..., subprocess.CompletedProcess[str]]

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "articles" / "2025-03-18-independent-trump-putin-call.txt"
ALIASES = FIXTURES / "draft" / "actors.yaml"
SEED_OPTIONS = ["--published", "2025-03-18", "--outlet", "The Independent"]


def events_folder(parent: Path) -> Path:
    """An empty events folder whose ``actors.yaml`` names the fixture articles' parties."""
    events = parent / "events"
    events.mkdir()
    shutil.copy(ALIASES, events / "actors.yaml")
    return events


def drafted(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def the(candidates: list[dict[str, Any]], date: str, actors: set[str]) -> dict[str, Any]:
    found = [c for c in candidates if c["date"] == date and set(c["actors"]) == actors]
    assert len(found) == 1, [(c["date"], c["actors"]) for c in candidates]
    return found[0]


def test_seed_article_drafts_both_calls(tmp_path: Path, run_timeline: Run) -> None:
    events = events_folder(tmp_path)
    result = run_timeline("draft", SEED, "-e", events, *SEED_OPTIONS, "--format", "json")
    data = drafted(result)
    assert data["article"]["published"] == "2025-03-18"
    candidates = data["candidates"]
    starmer = the(candidates, "2025-03-17", {"Keir Starmer", "Donald Trump"})
    assert (starmer["type"], starmer["cameo"]) == ("call", "041")
    source = starmer["sources"][0]
    assert source["date_text"] == "on Monday"
    assert "Sir Keir Starmer spoke to Mr Trump on Monday" in source["quote"]
    assert (source["outlet"], source["published"]) == ("The Independent", "2025-03-18")
    putin = the(candidates, "2025-03-18", {"Donald Trump", "Vladimir Putin"})
    assert (putin["type"], putin["cameo"]) == ("call", "041")
    assert putin["sources"][0]["date_text"] == "Tuesday\u2019s"
    assert "agreed during Tuesday\u2019s phone call" in putin["sources"][0]["quote"]
    # The Kremlin's readout of the same call is its claim on that event, not a new event.
    assert {"by": "Kremlin", "stance": "asserts"}.items() <= next(
        c for c in putin["claims"] if c["by"] == "Kremlin"
    ).items()
    # --format prints; nothing is written.
    assert not (events / ".drafts").exists()


def test_undated_sentences_stay_undated(tmp_path: Path, run_timeline: Run) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\noutlet: Wire\npublished: 2025-03-18\n---\n"
        "Marco Rubio met Andriy Yermak in Jeddah.\n\n"
        "Talks resumed on 11 March, officials said.\n",
        encoding="utf-8",
    )
    events = tmp_path / "events"
    events.mkdir()
    data = drafted(run_timeline("draft", article, "-e", events, "-f", "json"))
    meeting = data["candidates"][0]
    assert (meeting["type"], meeting["date"]) == ("meeting", None)
    assert any(note.startswith("undated: the sentence states no date") for note in meeting["notes"])


def review(events: Path, decide: Callable[[str, str], str], *extra: str | Path) -> str:
    """Run ``timeline draft --review`` on a pseudo-terminal, answering each candidate with
    ``decide(title, menu)``; returns what the terminal showed."""
    env = dict(os.environ, NO_COLOR="1", EDITOR="true", COLUMNS="200")
    child = pexpect.spawn(
        timeline_executable(),
        ["draft", *map(str, extra), "-e", str(events), "--review"],
        env=env,
        encoding="utf-8",
        timeout=90,
    )
    shown = []
    while child.expect([r"title:  (.*?)\r\n", pexpect.EOF]) == 0:
        title = child.match.group(1)
        child.expect(r"(\[.*\]uit): ")
        menu = child.match.group(1)
        shown.append(child.before)
        child.sendline(decide(title, menu))
    shown.append(child.before)
    child.close()
    assert child.exitstatus == 0, "".join(shown)
    return "".join(shown)


def accept_calls(title: str, menu: str) -> str:
    return "a" if title.endswith("speak by phone") else "s"


def test_review_accepts_into_an_empty_folder_that_validates(
    tmp_path: Path, run_timeline: Run
) -> None:
    events = events_folder(tmp_path)
    shown = review(events, accept_calls, SEED, *SEED_OPTIONS)
    assert "2 accepted, 0 merged" in shown
    written = sorted(p.name for p in events.glob("2025-*.yaml"))
    assert written == [
        "2025-03-17-starmer-and-trump-speak-by-phone.yaml",
        "2025-03-18-trump-and-putin-speak-by-phone.yaml",
    ]
    check = run_timeline("validate", "--strict", "-e", events)
    assert (check.returncode, check.stderr) == (0, "2 events, 0 plans: 0 errors, 0 warnings\n")
    listed = run_timeline("list", "-e", events, "--format", "json")
    calls = json.loads(listed.stdout)
    assert [(e["date"], e["type"], e["actors"]) for e in calls] == [
        ("2025-03-17", "call", ["Keir Starmer", "Donald Trump"]),
        ("2025-03-18", "call", ["Donald Trump", "Vladimir Putin"]),
    ]
    # The decisions are kept: a second review has nothing left to ask.
    again = review(events, accept_calls)
    assert "0 accepted, 0 merged, 0 skipped, 0 left for later" in again


def test_drafting_twice_proposes_merges(tmp_path: Path, run_timeline: Run) -> None:
    events = events_folder(tmp_path)
    review(events, accept_calls, SEED, *SEED_OPTIONS)
    before = {p.name: p.read_bytes() for p in events.glob("*.yaml")}
    data = drafted(run_timeline("draft", SEED, "-e", events, *SEED_OPTIONS, "-f", "json"))
    merges = {c["merge_into"] for c in data["candidates"] if c.get("merge_into")}
    assert merges == {
        "2025-03-17-starmer-and-trump-speak-by-phone",
        "2025-03-18-trump-and-putin-speak-by-phone",
    }
    # Merging adds the article as a second source of each call, in place.
    second = tmp_path / "second.md"
    second.write_text(
        "---\noutlet: Wire Service\npublished: 2025-03-19\ntitle: Leaders' calls\n---\n"
        "Keir Starmer spoke to Donald Trump by phone on Monday, Downing Street said.\n",
        encoding="utf-8",
    )

    def merge(title: str, menu: str) -> str:
        return "m" if "[m]erge" in menu else "s"

    shown = review(events, merge, second)
    assert "0 accepted, 1 merged" in shown
    path = events / "2025-03-17-starmer-and-trump-speak-by-phone.yaml"
    old = before[path.name].decode("utf-8").splitlines(keepends=True)
    new = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Lines are only added: every byte that was there is kept, in order.
    changes = [line for line in difflib.ndiff(old, new) if line[:2] in ("- ", "+ ")]
    assert all(line.startswith("+ ") for line in changes)
    added = "".join(line[2:] for line in changes)
    assert "- outlet: Wire Service\n  title: Leaders' calls\n  published: 2025-03-19\n" in added
    assert "  date_text: on Monday\n" in added
    check = run_timeline("validate", "--strict", "-e", events)
    assert check.returncode == 0, check.stderr


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    (root / "2025" / "03" / "18").mkdir(parents=True)
    shutil.copy(FIXTURES / "draft" / "page-modified.html", root / "2025/03/18/call.html")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_saved_page_gives_the_original_date_not_the_modified_one(
    tmp_path: Path, run_timeline: Run
) -> None:
    page = FIXTURES / "draft" / "page-modified.html"
    data = drafted(run_timeline("draft", page, "-e", tmp_path, "-f", "json"))
    assert data["article"] == {
        "source": str(page),
        "outlet": "The Example Herald",
        "title": "Trump and Putin agree energy truce in phone call",
        "url": "https://herald.example/world/trump-putin-call",
        "published": "2025-03-18",
    }
    call = the(data["candidates"], "2025-03-18", {"Donald Trump", "Vladimir Putin"})
    assert call["type"] == "call"
    # Navigation and footer are not article text.
    assert not any("newsletter" in c["sources"][0]["quote"] for c in data["candidates"])


def test_page_date_wins_over_a_date_in_its_address(tmp_path: Path, run_timeline: Run) -> None:
    page = FIXTURES / "draft" / "page-url-date.html"
    data = drafted(run_timeline("draft", page, "-e", tmp_path, "-f", "json"))
    assert data["article"]["published"] == "2025-03-18"
    assert "/2025/03/21/" in data["article"]["url"]
    # With no date of its own, the address's date is what there is.
    bare = tmp_path / "bare.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace('<time datetime="2025-03-18T19:40:00Z">18 March 2025</time>', "")
    bare.write_text(text.replace("Updated 20 March 2025.", ""), encoding="utf-8")
    data = drafted(run_timeline("draft", bare, "-e", tmp_path, "-f", "json"))
    assert data["article"]["published"] == "2025-03-21"


def test_address_is_fetched(tmp_path: Path, run_timeline: Run, server: str) -> None:
    url = f"{server}/2025/03/18/call.html"
    data = drafted(run_timeline("draft", url, "-e", tmp_path, "-f", "json"))
    assert data["article"]["source"] == url
    assert data["article"]["published"] == "2025-03-18"
    the(data["candidates"], "2025-03-18", {"Donald Trump", "Vladimir Putin"})
    missing = run_timeline("draft", f"{server}/nothing.html", "-e", tmp_path, "--dry-run")
    assert missing.returncode == 1
    assert (
        missing.stderr == f"Error: {server}/nothing.html: the server answered 404 File not found\n"
    )


def test_standard_input(tmp_path: Path, run_timeline: Run) -> None:
    text = "Emmanuel Macron met Keir Starmer in Paris on Monday.\n"
    result = run_timeline(
        "draft",
        "-",
        "-e",
        tmp_path,
        "--published",
        "2025-03-18",
        "--outlet",
        "Le Wire",
        "-f",
        "yaml",
        input=text,
    )
    assert result.returncode == 0, result.stderr
    assert "date: '2025-03-17'" in result.stdout
    assert "type: meeting" in result.stdout
    assert "- Emmanuel Macron\n  - Keir Starmer\n" in result.stdout


def test_review_file_is_written_to_the_drafts_folder(tmp_path: Path, run_timeline: Run) -> None:
    result = run_timeline("draft", SEED, "-e", tmp_path, *SEED_OPTIONS)
    assert result.returncode == 0, result.stderr
    path = tmp_path / ".drafts" / "2025-03-18-independent-trump-putin-call.yaml"
    assert result.stdout.startswith(f"Wrote {path} (")
    assert path.read_text(encoding="utf-8").startswith("# Candidate events drafted by")
    # Drafts are never events: the folder still has none.
    check = run_timeline("validate", "--strict", "-e", tmp_path)
    assert check.stderr == "0 events, 0 plans: 0 errors, 0 warnings\n"


def big_page(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"<html><body><p>")
        chunk = b"Talks went on. " * 70_000  # about 1 MB
        for _ in range(50):
            handle.write(chunk)
        handle.write(b"</p></body></html>")


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "no-date.html",
            lambda p: shutil.copy(FIXTURES / "draft" / "page-no-date.html", p),
            "no publication date found: give it with --published YYYY-MM-DD (every relative "
            "date in the article is counted from it)",
        ),
        ("empty.html", lambda p: p.write_bytes(b""), "the article is empty"),
        ("blank.txt", lambda p: p.write_bytes(b"\n  \n"), "the article is empty"),
        (
            "big.html",
            big_page,
            "the article is too big (50 MB; at most 10 MB): save the article's own page or its text",
        ),
        (
            "image.png",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
            "not text (a binary file?): give a text, Markdown or HTML file",
        ),
        (
            "latin1.txt",
            lambda p: p.write_bytes("Gespr\u00e4che in Genf".encode("latin-1")),
            "not UTF-8 text (byte 0xe4 at offset 5): save it as UTF-8",
        ),
        ("missing.txt", lambda p: None, "no such file"),
        (
            "long.txt",
            lambda p: p.write_text("Talks went on. " * 30_000, encoding="utf-8"),
            "the article's text is too long (450,000 characters; at most 300,000): "
            "give one article at a time",
        ),
    ],
)
def test_articles_that_cannot_be_drafted(
    tmp_path: Path, run_timeline: Run, name: str, make: Callable[[Path], Any], message: str
) -> None:
    path = tmp_path / name
    make(path)
    events = tmp_path / "events"
    events.mkdir()
    result = run_timeline("draft", path, "-e", events)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: {path}: {message}\n"
    assert not (events / ".drafts").exists()


def test_no_article_and_no_review_is_a_usage_error(run_timeline: Run, tmp_path: Path) -> None:
    result = run_timeline("draft", "-e", tmp_path)
    assert result.returncode == 2
    assert "give an article (or - for standard input), or --review" in result.stderr


def test_missing_extra_says_what_to_install() -> None:
    with pytest.raises(DraftUnavailable) as caught:
        module("a_library_that_is_not_installed")
    assert str(caught.value) == (
        "timeline draft needs a_library_that_is_not_installed, which is not installed: "
        "pip install 'negotiation-timeline[draft]'"
    )


PUBLISHED = dt.date(2025, 3, 18)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "phrase", "date"),
    [
        ("the two agreed during Tuesday\u2019s phone call, before", "Tuesday\u2019s", "2025-03-18"),
        ("Starmer spoke to Mr Trump on Monday and", "on Monday", "2025-03-17"),
        ("talks were held yesterday in Riyadh", "yesterday", "2025-03-17"),
        ("as he said three years ago", "three years ago", "2022"),
        ("it was signed on March 11, 2025 in Jeddah", "on March 11, 2025", "2025-03-11"),
        ("since February 2025, officials said", "February 2025", "2025-02"),
        ("the envoy arrives on Wednesday evening", "on Wednesday evening", "2025-03-12"),
    ],
)
def test_date_phrases_found_and_resolved(sentence: str, phrase: str, date: str) -> None:
    found = find_phrases(sentence, PUBLISHED)
    assert [(f.phrase, f.resolved.date.iso() if f.resolved else None) for f in found] == [
        (phrase, date)
    ]


@pytest.mark.parametrize(
    "sentence",
    ["The deal may hold", "Over the years, talks have failed", "A 30-day pause was agreed"],
)
def test_words_that_are_not_dates(sentence: str) -> None:
    assert find_phrases(sentence, PUBLISHED) == []


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ("2025-03-18", "2025-03-18", True),
        ("2025-03-18", "2025-03", True),
        ("2025-03-18", "2025-03-17", False),
        ("2025-03-18~", "2025-03-17", True),
        ("2025-03", "2025-04-01", False),
        ("2025", "2025-12-31", True),
    ],
)
def test_dates_overlap_within_their_precision(first: str, second: str, overlap: bool) -> None:
    a, b = PartialDate.parse(first), PartialDate.parse(second)
    assert dates_overlap(a, None, b, None) is overlap
    assert dates_overlap(b, None, a, None) is overlap


def test_edit_is_checked_on_save(tmp_path: Path, run_timeline: Run) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\noutlet: Wire\npublished: 2025-03-18\n---\nMarco Rubio met Andriy Yermak in Jeddah.\n",
        encoding="utf-8",
    )
    events = tmp_path / "events"
    events.mkdir()
    # The editor: the first save forgets the date, the second gives it.
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f'if [ -e "{tmp_path}/once" ]; then echo "date: 2025-03-11~" >> "$1"; fi\n'
        f'touch "{tmp_path}/once"; echo "# seen" >> "$1"\n',
        encoding="utf-8",
    )
    editor.chmod(0o755)
    env = dict(os.environ, NO_COLOR="1", EDITOR=str(editor))
    child = pexpect.spawn(
        timeline_executable(),
        ["draft", str(article), "-e", str(events), "--review"],
        env=env,
        encoding="utf-8",
        timeout=90,
    )
    child.expect(r"date:   undated")
    child.expect(r"\[q\]uit: ")
    child.sendline("a")
    child.expect("This candidate has no date: edit it to give one")
    child.expect(r"\[q\]uit: ")
    child.sendline("e")
    child.expect(r"draft.yaml:4:1: error: missing required field 'date'\r\n")
    child.expect(r"\[s\]kip: ")
    child.sendline("e")
    child.expect(r"Wrote (.*\.yaml)\r\n")
    written = Path(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert written.name == "2025-03-11-rubio-and-yermak-meet.yaml"
    text = written.read_text(encoding="utf-8")
    assert "date: 2025-03-11~\n" in text
    assert "- Marco Rubio\n- Andriy Yermak\n" in text
    check = run_timeline("validate", "--strict", "-e", events)
    assert check.returncode == 0, check.stderr


def test_validate_warns_when_sources_disagree_on_the_date(
    make_tree: Callable[[dict[str, str | bytes]], Path], run_timeline: Run
) -> None:
    events = make_tree(
        {
            "call.yaml": (
                "title: Starmer and Trump speak by phone\n"
                "date: 2025-03-17\n"
                "type: call\n"
                "actors: [Keir Starmer, Donald Trump]\n"
                "sources:\n"
                "  - outlet: The Independent\n"
                "    published: 2025-03-18\n"
                "    date_text: on Monday\n"
                "  - outlet: Wire Service\n"
                "    published: 2025-03-20\n"
                "    date_text: on Tuesday\n"
                "  - outlet: Weekly\n"
                "    published: 2025-03-21\n"
                "    date_text: Following the call\n"
            )
        }
    )
    result = run_timeline("validate", "-e", events)
    assert result.returncode == 0
    assert result.stdout == (
        f"{events}/call.yaml:5:1: warning: the sources disagree on the date: Wire Service's "
        "'on Tuesday' is Tue 18 Mar 2025 (source 2), the event is dated 2025-03-17\n"
    )
    assert result.stderr == "1 event, 0 plans: 0 errors, 1 warning\n"
    assert run_timeline("validate", "--strict", "-e", events).returncode == 1


def test_drafting_against_the_sample_finds_its_events(sample: Path, run_timeline: Run) -> None:
    shutil.copy(ALIASES, sample / "actors.yaml")
    data = drafted(run_timeline("draft", SEED, "-e", sample, *SEED_OPTIONS, "-f", "json"))
    starmer = the(data["candidates"], "2025-03-17", {"Keir Starmer", "Donald Trump"})
    assert starmer["merge_into"] == "2025-03-17-starmer-trump-call"
    assert starmer["track"] == "europe"
    putin = the(data["candidates"], "2025-03-18", {"Donald Trump", "Vladimir Putin"})
    assert putin["merge_into"] == "2025-03-18-trump-putin-call"
    assert putin["track"] == "us-russia"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-03-18", "2025-03-18"),
        ("2025-03-18T23:30:00-05:00", "2025-03-18"),
        ("Tuesday 18 March 2025 09:12 GMT", "2025-03-18"),
        ("March 18, 2025", "2025-03-18"),
    ],
)
def test_publication_dates_as_newspapers_print_them(text: str, day: str) -> None:
    assert parse_published(text, "--published").isoformat() == day


@pytest.mark.parametrize("text", ["March 2025", "yesterday", "Tuesday", "03/04/2025"])
def test_publication_dates_that_are_not_a_day(text: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_published(text, "--published")
    assert str(caught.value) == (
        f"--published: '{text}' is not a publication day: give it as YYYY-MM-DD "
        "(relative dates in the article are counted from it)"
    )


LIST_FILE = """\
# Talks in March, kept by hand.
events:
  - id: jeddah
    title: US and Ukraine talks in Jeddah
    date: 2025-03-11
    type: talks
    actors: [Marco Rubio, Andriy Yermak]
    sources:
      - outlet: Northline Wire   # the first report

  - id: moscow
    title: Witkoff meets Putin
    date: 2025-03-13
    type: meeting
    actors: [Steve Witkoff, Vladimir Putin]
"""


def test_merge_into_a_list_file_keeps_every_byte(
    make_tree: Callable[[dict[str, str | bytes]], Path], run_timeline: Run
) -> None:
    # What a merge does (timeline.curate): the source, then each claim the event lacks.
    events = make_tree({"march.yaml": LIST_FILE})
    source = {"outlet": "Ledger", "published": "2025-03-14", "date_text": "Tuesday"}
    add_source(events, "jeddah", source)
    add_source(events, "moscow", source)
    add_claim(events, "moscow", "Kremlin", "It was not briefed.")
    text = (events / "march.yaml").read_text(encoding="utf-8")
    assert text == LIST_FILE.replace(
        "      - outlet: Northline Wire   # the first report\n",
        "      - outlet: Northline Wire   # the first report\n"
        "      - outlet: Ledger\n"
        "        published: 2025-03-14\n"
        "        date_text: Tuesday\n",
    ) + (
        "    sources:\n"
        "      - outlet: Ledger\n"
        "        published: 2025-03-14\n"
        "        date_text: Tuesday\n"
        "    claims:\n"
        "      - by: Kremlin\n"
        "        says: It was not briefed.\n"
    )
    check = run_timeline("validate", "--strict", "-e", events)
    assert check.returncode == 0, check.stdout + check.stderr


def test_merge_into_a_list_in_brackets_keeps_every_byte(
    make_tree: Callable[[dict[str, str | bytes]], Path],
) -> None:
    original = (
        "title: A call\ndate: 2025-03-17\ntype: call\nactors: [A B]\nsources: [{outlet: Wire}]\n"
    )
    events = make_tree({"call.yaml": original})
    add_source(events, "call", {"outlet": "Ledger"})
    assert (events / "call.yaml").read_text(encoding="utf-8") == original.replace(
        "[{outlet: Wire}]", "[{outlet: Wire}, {outlet: Ledger}]"
    )


def test_review_needs_a_terminal(tmp_path: Path, run_timeline: Run) -> None:
    result = run_timeline(
        "draft", SEED, "-e", tmp_path, *SEED_OPTIONS, "--review", stdin=subprocess.DEVNULL
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: --review asks on a terminal, and standard input is not one: run it in a "
        "terminal, or leave out --review to write the review file only\n"
    )
    assert not (tmp_path / ".drafts").exists()


def test_without_the_extra_the_command_says_what_to_install(
    tmp_path: Path, run_timeline: Run
) -> None:
    # A spacy that cannot be imported, first on the path: as on a machine without the extra.
    stub = tmp_path / "stub" / "spacy"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'spacy'\", name='spacy')\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(stub.parent), env.get("PYTHONPATH")]))
    result = run_timeline("draft", SEED, "-e", tmp_path, *SEED_OPTIONS, env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: timeline draft needs spacy, which is not installed: "
        "pip install 'negotiation-timeline[draft]'\n"
    )


@pytest.mark.parametrize("drip", [False, True])
def test_an_address_that_does_not_answer_in_time(
    tmp_path: Path, run_timeline: Run, drip: bool
) -> None:
    # A server that takes the connection and answers nothing (or a byte at a time).
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        if drip:
            connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n")
        while not stop.wait(0.2):
            if drip:
                connection.sendall(b"<")
        connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/slow.html"
    env = dict(os.environ, TIMELINE_FETCH_TIMEOUT="1.5")
    try:
        result = run_timeline("draft", url, "-e", tmp_path, "--dry-run", env=env)
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: {url}: no answer within 1.5 s\n"


def test_seed_without_aliases_names_people_as_the_article_does(
    tmp_path: Path, run_timeline: Run
) -> None:
    options = ["--published", "2025-03-18", "--outlet", "The Independent"]
    data = drafted(run_timeline("draft", SEED, "-e", tmp_path, *options, "-f", "json"))
    candidates = data["candidates"]
    the(candidates, "2025-03-17", {"Keir Starmer", "Trump"})
    # "following his call with Vladimir Putin" is not dated by Starmer's call with Trump.
    downing = [c for c in candidates if c["actors"][0].startswith("Downing Street")]
    assert [c["date"] for c in downing] == [None, "2025-03-18"]
    assert downing[1]["sources"][0]["date_text"] == "Following the call"


WIRE = """\
---
outlet: Wire
published: 2025-03-25
---
RIYADH, March 25 (Wire) - US and Russian delegations met in Riyadh on Monday, a day after \
the American team held talks with Ukrainian officials on Sunday.

The Kremlin said the truce would wait for sanctions relief.

The Kremlin has said it wants sanctions lifted.

Ukraine accused Russia of attacking a port in Odesa last night.

Volodymyr Zelensky says he will wait for Washington.
"""


def test_wire_story_two_events_in_a_sentence_dateline_and_accusation(
    tmp_path: Path, run_timeline: Run
) -> None:
    article = tmp_path / "wire.md"
    article.write_text(WIRE, encoding="utf-8")
    events = events_folder(tmp_path)
    data = drafted(run_timeline("draft", article, "-e", events, "-f", "json"))
    got = [
        (c["date"], c["type"], c["actors"], c["sources"][0].get("date_text"))
        for c in data["candidates"]
    ]
    assert got == [
        # One sentence, two events: each clause keeps its own day.
        ("2025-03-24", "meeting", ["United States", "Russia"], "on Monday"),
        ("2025-03-23", "talks", ["United States", "Ukraine"], "on Sunday"),
        # No day in the sentence: the dateline's, said so for the reviewer.
        ("2025-03-25", "statement", ["Kremlin"], None),
        # "has said": some time before; left for the reviewer to date.
        (None, "statement", ["Kremlin"], None),
        # What Russia is accused of is Russia's act, on the night before publication.
        ("2025-03-24", "violation", ["Russia"], "last night"),
        # "says": the publication day.
        ("2025-03-25", "statement", ["Volodymyr Zelensky"], None),
    ]
    talks = data["candidates"][1]
    # The quote is the whole sentence, dateline left out.
    assert talks["sources"][0]["quote"].startswith("US and Russian delegations met")
    assert talks["sources"][0]["quote"].endswith("Ukrainian officials on Sunday.")
    notes = [" ".join(c.get("notes", [])) for c in data["candidates"]]
    assert "dated by the dateline ('RIYADH, March 25')" in notes[2]
    assert "present tense" in notes[5]
    assert data["candidates"][4]["claims"][0]["by"] == "Ukraine"
