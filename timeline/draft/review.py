"""The review walk: each candidate shown in turn, to accept, edit, merge or skip.

The walk holds the decisions; the terminal (prompts, the editor) is the caller's, given as a
:class:`Terminal`, so the library prints nothing. Accepted events are checked as ``validate``
checks files (the same parser, then the folder's plans) and written by
:func:`timeline.add.write_event`, atomically and under the folder's lock; merged ones add
the article as another source of the recorded event (:mod:`timeline.curate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from timeline.add import write_event
from timeline.curate import add_claim, add_source
from timeline.dates import PartialDate
from timeline.draft.reviewfile import Review, ReviewItem, read_review, review_files, save_review
from timeline.errors import EventExists, TimelineError
from timeline.ids import event_id
from timeline.loading import load
from timeline.model import Claim, Event, Source, Timeline
from timeline.parsing import parse_bytes
from timeline.problems import Problem
from timeline.schema import schema_header
from timeline.validate import check
from timeline.yaml_read import YamlError, parse_yaml

__all__ = ["EVENT_FIELDS", "Outcome", "Terminal", "candidate_event_text", "review_folder"]

EVENT_FIELDS = ("title", "date", "end", "type", "actors", "track", "summary", "sources", "claims")
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Terminal(Protocol):
    """What the walk needs from the person at the terminal."""

    def show(self, text: str) -> None: ...

    def choose(self, prompt: str, choices: list[str]) -> str: ...

    def edit(self, text: str) -> str | None: ...


@dataclass
class Outcome:
    """What a review did: files written, and counts of each decision."""

    written: list[Path] = field(default_factory=list)
    accepted: int = 0
    merged: int = 0
    skipped: int = 0
    left: int = 0


def candidate_event_text(data: dict[str, Any], notes: bool = True) -> str:
    """The candidate as an event file's text (what the editor opens), its notes as comments."""
    event = {name: data[name] for name in EVENT_FIELDS if data.get(name) not in (None, [], "")}
    head = ""
    if notes:
        lines = [f"# {note}" for note in data.get("notes") or []]
        if data.get("merge_into"):
            lines.append(f"# matches the recorded event {data['merge_into']}: {data.get('match')}")
        if data.get("date") is None:
            lines.append(
                "# give the date: date: YYYY-MM-DD (or YYYY-MM, YYYY, with ~ if approximate)"
            )
        head = "\n".join(" ".join(line.split()) for line in lines) + ("\n" if lines else "")
    body: str = yaml.dump(event, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    return head + body


def review_folder(events: Path, terminal: Terminal) -> Outcome:
    """Walk every undecided candidate of the folder's review files."""
    outcome = Outcome()
    files = review_files(events)
    if not files:
        raise TimelineError(
            f"no drafts to review in {events}/.drafts: run timeline draft ARTICLE -e {events} first"
        )
    for path in files:
        review = read_review(path)
        for number, item in enumerate(review.items, 1):
            if item.decision is not None:
                continue
            done = _walk(events, review, number, item, terminal, outcome)
            if not done:
                outcome.left = sum(1 for i in review.items if i.decision is None)
                return outcome
            save_review(review, events)
    return outcome


def _walk(
    events: Path,
    review: Review,
    number: int,
    item: ReviewItem,
    terminal: Terminal,
    outcome: Outcome,
) -> bool:
    """Decide one candidate; False when the person quits."""
    data = item.data
    terminal.show(_summary(review, number, data))
    while True:
        choices = ["a", "e", "s", "q"]
        if data.get("merge_into"):
            choices.insert(0, "m")
        answer = terminal.choose(_menu(choices), choices)
        if answer == "q":
            return False
        if answer == "s":
            data["decision"] = "skipped"
            outcome.skipped += 1
            return True
        if answer == "m":
            path = _merge(events, data)
            terminal.show(f"Added the source to {data['merge_into']} in {path}")
            data["decision"] = "merged"
            outcome.written.append(path)
            outcome.merged += 1
            return True
        text = candidate_event_text(data)
        if answer == "a" and data.get("date") is None:
            terminal.show("This candidate has no date: edit it to give one (e), or skip it (s).")
            continue
        while True:
            if answer == "e":
                edited = terminal.edit(text)
                if edited is None:
                    break  # the editor was closed without saving: back to the menu
                text = edited
            event, problems = _event(events, text, data)
            if event is not None:
                path = _write(events, event)
                terminal.show(f"Wrote {path}")
                data["decision"] = "accepted"
                data["written"] = str(path)
                outcome.written.append(path)
                outcome.accepted += 1
                return True
            terminal.show("\n".join(str(problem) for problem in problems))
            again = terminal.choose("[e]dit again, [s]kip? ", ["e", "s"])
            if again == "s":
                data["decision"] = "skipped"
                outcome.skipped += 1
                return True
            answer = "e"


def _summary(review: Review, number: int, data: dict[str, Any]) -> str:
    total = len(review.items)
    source = (data.get("sources") or [{}])[0]
    lines = [
        "",
        f"Candidate {number} of {total} from {review.article.get('source', review.path.name)}",
        f"  title:  {data.get('title')}",
        f"  date:   {data.get('date') or 'undated'}"
        + (f" to {data['end']}" if data.get("end") else "")
        + (f"   ('{source.get('date_text')}')" if source.get("date_text") else ""),
        f"  type:   {data.get('type')} (CAMEO {data.get('cameo') or '-'})",
        f"  actors: {', '.join(data.get('actors') or [])}",
    ]
    if data.get("track"):
        lines.append(f"  track:  {data['track']}")
    for claim in data.get("claims") or []:
        lines.append(f"  claim:  {claim.get('by')} {claim.get('stance')}")
    lines.append(f"  quote:  {source.get('quote')}")
    for note in data.get("notes") or []:
        lines.append(f"  check:  {note}")
    if data.get("merge_into"):
        lines.append(f"  same as: {data['merge_into']} ({data.get('match')})")
    return "\n".join(lines)


def _menu(choices: list[str]) -> str:
    words = {
        "m": "[m]erge as another source",
        "a": "[a]ccept",
        "e": "[e]dit",
        "s": "[s]kip",
        "q": "[q]uit",
    }
    return ", ".join(words[c] for c in choices) + "? "


def _event(events: Path, text: str, data: dict[str, Any]) -> tuple[Event | None, list[Problem]]:
    """The event the text describes, checked as ``validate`` checks a file and against the
    folder's plans; or the problems."""
    try:
        parsed = parse_yaml(text).data
    except YamlError:
        parsed = None
    title = parsed.get("title") if isinstance(parsed, dict) else None
    date = parsed.get("date") if isinstance(parsed, dict) else None
    wanted = _id(events, date, title) if isinstance(title, str) else "draft"
    found, _, problems = parse_bytes(f"{wanted}.yaml", wanted, text.encode("utf-8"), None)
    if problems or not found:
        return None, problems or [Problem(f"{wanted}.yaml", 1, 1, "error", "no event")]
    timeline = load(events).timeline
    checked = check(Timeline(events=[found[0]], plans=timeline.plans))
    errors = [p for p in checked if p.level == "error"]
    return (None, errors) if errors else (found[0], [])


def _id(events: Path, date: Any, title: str) -> str:
    try:
        day = PartialDate.coerce(date)
    except (ValueError, TypeError):
        return "draft"
    base = event_id(day, title)
    taken = {event.id for event in load(events).timeline.events}
    candidate, number = base, 1
    while candidate in taken or (events / f"{candidate}.yaml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _write(events: Path, event: Event) -> Path:
    try:
        return write_event(events, event, header=schema_header(events))
    except EventExists:
        raise TimelineError(
            f"{event.id} was written by someone else meanwhile; review again"
        ) from None


def _merge(events: Path, data: dict[str, Any]) -> Path:
    """Add the candidate's source, and its claims the event does not have yet, to the
    recorded event, in place (:mod:`timeline.curate`: only new lines, under the lock)."""
    event_id = str(data["merge_into"])
    sources = data.get("sources") or []
    source = Source.model_validate(sources[0])
    added = add_source(
        events, event_id, source.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    )
    recorded = next((e for e in load(events).timeline.events if e.id == event_id), None)
    known = recorded.claims if recorded is not None else []
    for claim in (Claim.model_validate(item) for item in data.get("claims") or []):
        if claim not in known:
            add_claim(events, event_id, claim.by, claim.says, denies=claim.stance == "denies")
    return added.path
