"""``timeline add`` as a user runs it: the installed command, flags, usage errors and prompts."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import timeline_executable

from timeline.dates import PartialDate

Run = Callable[..., subprocess.CompletedProcess[str]]

DONE_WHEN = [
    "add",
    "--title",
    "Starmer and Trump speak by phone",
    "--date",
    "Monday",
    "--published",
    "2025-03-18",
    "--type",
    "call",
    "--actor",
    "Keir Starmer",
    "--actor",
    "Donald Trump",
    "--outlet",
    "The Independent",
    "--yes",
]
NEW_ID = "2025-03-17-starmer-and-trump-speak-by-phone"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, except the lock file writers leave."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".timeline.lock"
    }


def panel(stderr: str) -> str:
    """The text of typer's boxed error message, on one line."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", stderr).split())


def test_done_when_command_on_a_copy_of_the_sample(sample: Path, run_timeline: Run) -> None:
    # The command, run where ./events is a copy of the sample. The sample already
    # has this call, with this title and date: refused, naming it, unless --force.
    before = snapshot(sample)
    refused = run_timeline(*DONE_WHEN, cwd=sample.parent, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: 'Starmer and Trump speak by phone' on 2025-03-17 is already recorded at "
        "events/2025-03-17-starmer-trump-call.yaml:1 (id 2025-03-17-starmer-trump-call); "
        "nothing was written: add sources to it with 'timeline source add "
        "2025-03-17-starmer-trump-call ...', or pass --force to record a second event\n"
    )
    assert snapshot(sample) == before
    result = run_timeline(*DONE_WHEN, "--force", cwd=sample.parent, stdin=subprocess.DEVNULL)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"Wrote events/{NEW_ID}.yaml\n"
        "date: Monday → Mon 17 Mar 2025 (counted from --published Tue 18 Mar 2025)\n"
    )
    written = (sample / f"{NEW_ID}.yaml").read_text(encoding="utf-8")
    assert "date: '2025-03-17'" in written or "date: 2025-03-17" in written

    checked = run_timeline("validate", "--strict", cwd=sample.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == "10 events, 1 plan: 0 errors, 0 warnings\n"

    listed = run_timeline("list", "--format", "json", cwd=sample.parent)
    assert listed.returncode == 0, listed.stderr
    ids = [record["id"] for record in json.loads(listed.stdout)]
    assert ids == [
        "2025-03-coalition-of-the-willing",
        "2025-03-kremlin-denies-energy-strikes",
        "2025-03-trump-dividing-assets",
        NEW_ID,
        "2025-03-17-starmer-trump-call",
        "2025-03-18-black-sea-talks",
        "2025-03-18-downing-street-statement",
        "2025-03-18-lammy-arms-shipments",
        "2025-03-18-trump-putin-call",
        "2025-03-18-zelensky-response",
    ]
    [record] = [r for r in json.loads(listed.stdout) if r["id"] == NEW_ID]
    assert record["date"] == "2025-03-17"
    assert record["sources"] == [
        {"outlet": "The Independent", "published": "2025-03-18", "date_text": "Monday"}
    ]
    wide = {**os.environ, "COLUMNS": "200"}
    table = run_timeline("list", cwd=sample.parent, env=wide).stdout
    assert re.search(
        r"^Mon 17 Mar 2025 +call +Keir Starmer, Donald Trump +Starmer and Trump speak by phone",
        table,
        re.M,
    )


def test_every_flag_is_documented(run_timeline: Run) -> None:
    result = run_timeline("add", "--help", env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0
    for flag in [
        "--events",
        "--title",
        "--date",
        "--end",
        "--type",
        "--actor",
        "--track",
        "--summary",
        "--status",
        "--stage",
        "--tag",
        "--key",
        "--outlet",
        "--source-title",
        "--url",
        "--published",
        "--quote",
        "--id",
        "--to",
        "--yes",
    ]:
        assert flag in result.stdout, flag


def test_all_flags_reach_the_file(sample: Path, run_timeline: Run) -> None:
    result = run_timeline(
        "add",
        "-e",
        sample,
        "--title",
        "Energy ceasefire agreed",
        "--date",
        "Tuesday",
        "--end",
        "in 30 days",
        "--type",
        "ceasefire",
        "--actor",
        "Donald Trump",
        "--actor",
        "Vladimir Putin",
        "--track",
        "us-russia",
        "--summary",
        "A 30-day pause on strikes against energy infrastructure.",
        "--status",
        "agreed",
        "--stage",
        "us-russia-ceasefire-path/energy-ceasefire",
        "--tag",
        "energy",
        "--tag",
        "ceasefire",
        "--key",
        "--outlet",
        "The Independent",
        "--source-title",
        "Trump and Putin agree energy ceasefire",
        "--url",
        "https://www.independent.co.uk/news/world/trump-putin-call",
        "--published",
        "2025-03-18",
        "--quote",
        "These negotiations will begin immediately.",
        "--id",
        "energy-ceasefire-agreed",
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Wrote {sample}/energy-ceasefire-agreed.yaml\n"
        "date: Tuesday → Tue 18 Mar 2025 (counted from --published Tue 18 Mar 2025)\n"
        "end: in 30 days → Thu 17 Apr 2025 (counted from --published Tue 18 Mar 2025)\n"
    )
    listed = run_timeline("list", "-e", sample, "--format", "json")
    [record] = [r for r in json.loads(listed.stdout) if r["id"] == "energy-ceasefire-agreed"]
    del record["file"], record["line"]
    assert record == {
        "id": "energy-ceasefire-agreed",
        "title": "Energy ceasefire agreed",
        "date": "2025-03-18",
        "end": "2025-04-17",
        "type": "ceasefire",
        "cameo": "0871",
        "actors": ["Donald Trump", "Vladimir Putin"],
        "track": "us-russia",
        "summary": "A 30-day pause on strikes against energy infrastructure.",
        "status": "agreed",
        "stage": "us-russia-ceasefire-path/energy-ceasefire",
        "tags": ["energy", "ceasefire"],
        "key": True,
        "sources": [
            {
                "outlet": "The Independent",
                "title": "Trump and Putin agree energy ceasefire",
                "url": "https://www.independent.co.uk/news/world/trump-putin-call",
                "published": "2025-03-18",
                "quote": "These negotiations will begin immediately.",
                "date_text": "Tuesday to in 30 days",
            }
        ],
        "claims": [],
    }
    assert run_timeline("validate", "-e", sample, "--strict").returncode == 0


def test_without_published_the_output_says_today(sample: Path, run_timeline: Run) -> None:
    before = dt.date.today()
    result = run_timeline(
        "add", "-e", sample, "--title", "Call", "--date", "yesterday", "--type", "call",
        "--actor", "A", "--outlet", "O", stdin=subprocess.DEVNULL,
    )  # fmt: skip
    after = dt.date.today()
    assert result.returncode == 0, result.stderr
    # The run may cross midnight; the date it counted from is one of the two days.
    expected = {
        f"date: yesterday → {PartialDate.coerce(day - dt.timedelta(days=1)).human()} "
        f"(counted from today, {PartialDate.coerce(day).human()}: no --published date was given)"
        for day in (before, after)
    }
    assert result.stdout.splitlines()[1] in expected


def test_last_week_writes_one_day_of_that_week(sample: Path, run_timeline: Run) -> None:
    result = run_timeline(
        "add", "-e", sample, "--title", "Shuttle diplomacy", "--date", "last week",
        "--published", "2025-03-18", "--type", "mediation", "--actor", "Steve Witkoff",
        "--outlet", "The Independent", "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "date: last week → one day, week of 10 Mar 2025 (counted from --published Tue 18 Mar 2025)"
    )
    text = (sample / "2025-w11-shuttle-diplomacy.yaml").read_text(encoding="utf-8")
    assert re.search(r"^date: '?2025-W11'?$", text, re.M)
    assert not re.search(r"^end:", text, re.M)


USAGE = [
    pytest.param(
        [],
        "Missing options '--title', '--type', '--actor', '--date' "
        "(nothing is asked: input is not a terminal)",
        id="nothing",
    ),
    pytest.param(
        ["--title", "T", "--type", "call", "--actor", "A"],
        "Missing option '--date' (nothing is asked: input is not a terminal)",
        id="date",
    ),
    pytest.param(
        ["--title", "T", "--type", "call", "--date", "2025-03-18", "--yes"],
        "Missing option '--actor' (nothing is asked: --yes was given)",
        id="actor-with-yes",
    ),
    pytest.param(
        ["--title", "T", "--type", "call", "--actor", "A", "--date", "Monday"],
        "Missing option '--outlet': 'Monday' is kept as the source's date_text, which needs "
        "its outlet (nothing is asked: input is not a terminal)",
        id="outlet-for-phrase",
    ),
    pytest.param(
        [
            "--title",
            "T",
            "--type",
            "call",
            "--actor",
            "A",
            "--date",
            "2025-03-18",
            "--published",
            "2025-03-18",
        ],
        "Missing option '--outlet': --published belongs to a source "
        "(nothing is asked: input is not a terminal)",
        id="outlet-for-published",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE)
def test_missing_values_are_usage_errors(
    sample: Path, run_timeline: Run, args: list[str], message: str
) -> None:
    before = snapshot(sample)
    result = run_timeline("add", "-e", sample, *args, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: timeline add [OPTIONS]\n")
    assert message in panel(result.stderr)
    assert "Traceback" not in result.stderr
    assert snapshot(sample) == before


BASE = ["--title", "T", "--date", "2025-03-18", "--type", "call", "--actor", "A", "--outlet", "O"]
INVALID = [
    pytest.param(
        ["--type", "phone"],
        "Error: --type: 'phone' is not allowed; use 'statement', 'call', 'visit', 'meeting', "
        "'talks', 'mediation', 'proposal', 'agreement', 'ceasefire', 'demand', 'rejection', "
        "'violation', 'aid', 'sanction' or 'other'\n",
        id="type",
    ),
    pytest.param(
        ["--date", "Smarch 2025"],
        "Error: --date: 'Smarch 2025' is not a date: use 2025-03-18, 2025-03, 2025, 2025-W11 "
        "or [2025-03-11..2025-03-20]; 18 March 2025, March 18, 2025, March 2025 or mid-March "
        "2025, with or without the year; a weekday before a date (Tuesday, March 18); Monday, "
        "on Monday, this Monday, last Monday or next Monday (Tues, Thurs, Weds too); "
        "yesterday, today, tomorrow, last night or tonight; a part of the day after or before "
        "any of these (Monday night, late Monday); N days, weeks, months or years ago; in N "
        "days, weeks, months or years; this, last or next week, month or year; over the "
        "weekend, this, last or next weekend; earlier or later this week, month or year; a "
        "trailing ~ or a leading around or about marks it approximate, and so does early or "
        "late before a week, month or year\n",
        id="date",
    ),
    pytest.param(
        ["--date", "Tuesday 12 March 2025"],
        "Error: --date: 'Tuesday 12 March 2025': 12 March 2025 is a Wednesday, not a Tuesday\n",
        id="weekday-mismatch",
    ),
    pytest.param(
        ["--date", "Monday", "--published", "yesterday"],
        "Error: --published: 'yesterday' is a phrase counted from a date; the publication "
        "date must be a calendar date, e.g. 2025-03-18\n",
        id="published-yesterday",
    ),
    pytest.param(
        ["--end", "2025-03-01"],
        "Error: --end: 2025-03-01 is before the date 2025-03-18\n",
        id="end-before-date",
    ),
    pytest.param(
        ["--track", "US Russia", "--url", "file:///etc/passwd"],
        "Error: --track: 'US Russia' is not an id: use lowercase letters, digits and -\n"
        "Error: --url: 'file:///etc/passwd' is not a web address: use an http:// or https:// "
        "URL\n",
        id="two-errors",
    ),
    pytest.param(
        ["--stage", "nope/energy", "--status", "agreed"],
        "Error: --stage: no plan 'nope' (plans: us-russia-ceasefire-path)\n",
        id="stage",
    ),
    pytest.param(
        ["--id", "2025-03-18-trump-putin-call"],
        "Error: --id: '2025-03-18-trump-putin-call' is already used at "
        "{events}/2025-03-18-trump-putin-call.yaml:1; choose another id\n",
        id="id-taken",
    ),
    pytest.param(
        ["--to", "2025-03-18-trump-putin-call.yaml"],
        "Error: {events}/2025-03-18-trump-putin-call.yaml is not a list file ('events:' and a "
        "list of events); leave out --to to write the event to its own file\n",
        id="to-single-event-file",
    ),
]


@pytest.mark.parametrize(("args", "message"), INVALID)
def test_invalid_events_write_nothing(
    sample: Path, run_timeline: Run, args: list[str], message: str
) -> None:
    before = snapshot(sample)
    result = run_timeline("add", "-e", sample, *BASE, *args, "--yes")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == message.format(events=sample)
    assert snapshot(sample) == before


def test_events_folder_must_be_a_folder(sample: Path, run_timeline: Run) -> None:
    one = sample / "2025-03-18-trump-putin-call.yaml"
    result = run_timeline("add", "-e", one, *BASE, "--yes")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {one} is a file: add writes into the events folder; "
        "use --to FILE to append to a list file\n"
    )


def test_warnings_go_to_stderr(sample: Path, run_timeline: Run) -> None:
    result = run_timeline("add", "-e", sample, *BASE[:-2], "--yes")
    assert result.returncode == 0
    assert result.stderr == "Warning: event has no source; add sources:\n"


def test_to_appends_to_a_list_file(sample: Path, run_timeline: Run) -> None:
    archive = sample / "archive.yaml"
    archive.write_text("# kept by hand\nevents:\n", encoding="utf-8")
    result = run_timeline(
        "add", "-e", sample, "--to", "archive.yaml", *BASE[:2], "--date", "2025-03-19",
        *BASE[4:], "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Appended 2025-03-19-t to {archive}\ndate: 2025-03-19 → Wed 19 Mar 2025\n"
    )
    assert archive.read_text(encoding="utf-8").startswith("# kept by hand\nevents:\n  - id: ")
    assert run_timeline("validate", "-e", sample, "--strict").returncode == 0


# A real terminal ---------------------------------------------------------------------------


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    return pexpect.spawn(
        timeline_executable(),
        list(args),
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )


def finish(child: pexpect.spawn) -> tuple[int | None, str]:
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    return child.exitstatus, output


def test_prompts_ask_for_what_is_missing(sample: Path) -> None:
    child = spawn("add", cwd=sample.parent)
    child.expect_exact("Title:")
    child.sendline("Zelensky asks to speak to Trump")
    # The allowed types are listed, wrapped at spaces, before the prompt.
    child.expect_exact("Types: statement, call, visit, meeting, talks, mediation, proposal,")
    child.expect_exact("Type (or the start of one):")
    child.sendline("phone call")
    child.expect_exact("'phone call' is not a type; choose one of: statement, call")
    child.expect_exact("Type (or the start of one):")
    child.sendline("S")  # the start of two types: asked again, naming them
    child.expect_exact("'s' starts statement, sanction: type more of it")
    child.expect_exact("Type (or the start of one):")
    child.sendline("Stat")
    child.expect_exact("Actor:")
    child.sendline("Volodymyr Zelensky")
    child.expect_exact("Another actor (Enter when done):")
    child.sendline("Ukraine")
    child.expect_exact("Another actor (Enter when done):")
    child.sendline("")
    child.expect_exact("Date (")
    child.sendline("last Munday")
    child.expect_exact("Error: --date: 'last Munday' is not a date")
    child.expect_exact("Date (")
    child.sendline("Monday")
    child.expect_exact("Published (the article's date; 'Monday' counts from it)")
    child.sendline("2025-03-19")
    # The resolved date is shown for confirmation; "n" asks again.
    child.expect_exact("Monday → Mon 17 Mar 2025 (counted from --published Wed 19 Mar 2025).")
    child.expect_exact("Right?")
    child.sendline("n")
    # Asked again with the earlier answers as defaults: Enter keeps one.
    child.expect_exact("Date (2025-03-18, Monday, last week, March 2025, ...) (Monday):")
    child.sendline("Tuesday")
    child.expect_exact("Published (the article's date; 'Tuesday' counts from it) (2025-03-19):")
    child.sendline("")
    child.expect_exact("Tuesday → Tue 18 Mar 2025 (counted from --published Wed 19 Mar 2025).")
    child.sendline("y")
    child.expect_exact("'Tuesday' is kept as the source's date_text, which needs its outlet")
    child.expect_exact("Outlet (who reports it):")
    child.sendline("The Independent")
    status, output = finish(child)
    assert status == 0, output
    path = sample / "2025-03-18-zelensky-asks-to-speak-to-trump.yaml"
    assert f"Wrote events/{path.name}" in output
    text = path.read_text(encoding="utf-8")
    assert "type: statement\n" in text
    assert "- Volodymyr Zelensky\n- Ukraine\n" in text
    assert "date_text: Tuesday\n" in text
    assert re.search(r"published: '?2025-03-19'?\n", text)


def test_terminal_with_every_value_asks_nothing(sample: Path) -> None:
    child = spawn(*DONE_WHEN[:-1], "--force", cwd=sample.parent)  # without --yes
    status, output = finish(child)
    assert status == 0, output
    assert output.splitlines()[0] == f"Wrote events/{NEW_ID}.yaml"


def test_yes_on_a_terminal_never_asks(sample: Path) -> None:
    before = snapshot(sample)
    child = spawn("add", "--title", "T", "--yes", cwd=sample.parent)
    status, output = finish(child)
    assert status == 2
    assert "Missing options '--type', '--actor', '--date' (nothing is asked: --yes was given)" in (
        panel(output)
    )
    assert snapshot(sample) == before


def test_end_of_input_at_a_prompt_aborts(sample: Path) -> None:
    before = snapshot(sample)
    child = spawn("add", cwd=sample.parent)
    child.expect_exact("Title:")
    child.sendeof()
    status, output = finish(child)
    assert status == 1
    assert "Aborted" in output
    assert "Traceback" not in output
    assert snapshot(sample) == before


def test_prompts_ask_for_an_outlet_after_an_absolute_date(sample: Path) -> None:
    child = spawn("add", "--title", "Talks in Jeddah", "--actor", "Marco Rubio", cwd=sample.parent)
    child.expect_exact("Type (or the start of one):")
    child.sendline("tal")  # the start of one type only
    child.expect_exact("Date (")
    child.sendline("2025-03-11")
    child.expect_exact("Tue 11 Mar 2025. Right?")
    child.sendline("n")
    child.expect_exact("Date (2025-03-18, Monday, last week, March 2025, ...) (2025-03-11):")
    child.sendline("")
    child.expect_exact("Right?")
    child.sendline("y")
    child.expect_exact("Outlet (who reports it; Enter for none):")
    child.sendline("Reuters")
    status, output = finish(child)
    assert status == 0, output
    text = (sample / "2025-03-11-talks-in-jeddah.yaml").read_text(encoding="utf-8")
    assert "type: talks\n" in text
    assert "sources:\n- outlet: Reuters\n" in text
    assert "Warning" not in output


def test_the_type_list_wraps_between_words(sample: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "40", "TERM": "dumb"}
    child = pexpect.spawn(
        timeline_executable(),
        ["add", "--title", "T", "--actor", "A"],
        cwd=str(sample.parent),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 40),
    )
    child.expect_exact("Type (or the start of one):")
    shown = child.before.replace("\r\n", "\n")
    words = set(shown.replace(",", " ").split())
    # Every type is shown whole on some line: no line break inside a word.
    types = ("statement", "call", "visit", "meeting", "talks", "mediation", "proposal",
             "agreement", "ceasefire", "demand", "rejection", "violation", "aid", "sanction",
             "other")  # fmt: skip
    assert set(types) <= words, shown
    assert all(len(line) <= 40 for line in shown.splitlines()), shown
    child.sendeof()
    finish(child)


def test_claims_denials_and_several_sources(tmp_path: Path, run_timeline: Run) -> None:
    folder = tmp_path / "new" / "events"
    result = run_timeline(
        "add", "-e", folder, "--title", "Energy strikes halted", "--date", "Tuesday",
        "--published", "2025-03-19", "--type", "ceasefire", "--actor", "Vladimir Putin",
        "--outlet", "The Independent", "--url", "https://www.independent.co.uk/a",
        "--source", "Reuters|https://www.reuters.com/b|2025-03-18",
        "--source", "AP||2025-03|title=Putin agrees|quote=a first step",
        "--claim", "Kremlin: Putin ordered a halt to strikes on energy sites",
        "--denial", "Ukraine: Russia halted its strikes: drones hit Sloviansk",
        "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Created events folder {folder}\n"
    assert result.stdout.splitlines()[0] == (
        f"Wrote {folder}/2025-03-18-energy-strikes-halted.yaml"
    )
    listed = run_timeline("list", "-e", folder, "--format", "json")
    [record] = json.loads(listed.stdout)
    assert record["sources"] == [
        {
            "outlet": "The Independent",
            "url": "https://www.independent.co.uk/a",
            "published": "2025-03-19",
            "date_text": "Tuesday",
        },
        {"outlet": "Reuters", "url": "https://www.reuters.com/b", "published": "2025-03-18"},
        {"outlet": "AP", "title": "Putin agrees", "published": "2025-03", "quote": "a first step"},
    ]
    assert record["claims"] == [
        {"by": "Kremlin", "says": "Putin ordered a halt to strikes on energy sites",
         "stance": "asserts"},
        # Only the first ":" parts who from what.
        {"by": "Ukraine", "says": "Russia halted its strikes: drones hit Sloviansk",
         "stance": "denies"},
    ]  # fmt: skip


def test_bad_sources_and_claims_are_all_named(tmp_path: Path, run_timeline: Run) -> None:
    result = run_timeline(
        "add", "-e", tmp_path / "events", "--title", "T", "--date", "2025-03-18", "--type", "talks",
        "--actor", "A", "--source", "|https://a.example", "--source", "X|ftp://a|2025-03-18",
        "--source", "X|https://a.example|2025-03-18|more", "--claim", "nobody says",
        "--yes",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: --source '|https://a.example': the outlet is missing: write OUTLET|URL|PUBLISHED",
        "Error: --source 'X|ftp://a|2025-03-18': url: 'ftp://a' is not a web address: use an "
        "http:// or https:// URL",
        "Error: --source 'X|https://a.example|2025-03-18|more': 'more' is a fourth unnamed part; "
        "after OUTLET|URL|PUBLISHED name each part: title=..., quote=..., date_text=...",
        "Error: --claim 'nobody says': write WHO: WHAT THEY SAY, e.g. 'Kremlin: no strikes on "
        "energy sites'",
    ]
    assert not (tmp_path / "events").exists()


def test_a_refused_add_still_says_it_created_the_folder(tmp_path: Path, run_timeline: Run) -> None:
    # The folder is made before the event is checked against the folder's plans: a refusal
    # then leaves a new folder on disk, and the user is told of it as of a success.
    folder = tmp_path / "new" / "events"
    result = run_timeline(
        "add", "-e", folder, "--title", "Talks", "--date", "2025-03-18", "--type", "meeting",
        "--actor", "US", "--stage", "peace-plan/stage-one", "--yes",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Created events folder {folder}",
        "Error: --stage: no plan 'peace-plan' (plans: none)",
    ]
    assert folder.is_dir() and list(folder.glob("*.yaml")) == []


def test_pydantic_plugins_installed_beside_it_do_not_run_in_add(
    tmp_path: Path, sample: Path, run_timeline: Run
) -> None:
    """A third-party pydantic plugin (an entry point in the ``pydantic`` group) neither
    observes nor changes how ``add`` checks the event, and add does not look for one; the
    library, imported by a user's own program, still loads it."""
    site = tmp_path / "site"
    (site / "fakeplugin-1.0.dist-info").mkdir(parents=True)
    (site / "fakeplugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n"
    )
    (site / "fakeplugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[pydantic]\nfake = fakeplugin:plugin\n"
    )
    marker = tmp_path / "plugin-loaded"
    (site / "fakeplugin.py").write_text(
        "import os\n"
        "open(os.environ['PLUGIN_MARKER'], 'w').close()\n"
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n"
    )
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "PLUGIN_MARKER": str(marker)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    library = subprocess.run(
        [
            sys.executable,
            "-c",
            "from timeline.model import Source; Source.model_validate({'outlet': 'Reuters'})",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (library.returncode, library.stderr) == (0, "")
    assert marker.exists()  # the plugin is seen where pydantic looks for plugins
    marker.unlink()
    args = ["add", "-e", sample, "--title", "Talks in Jeddah", "--date", "2025-03-11"]
    args += ["--type", "talks", "--actor", "US", "--outlet", "Reuters", "--yes"]
    result = run_timeline(*args, env=env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("Wrote ")
    assert not marker.exists()
