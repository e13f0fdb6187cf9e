"""Add one event: build it from option values, check it, and write it without losing data.

A new event gets its own file, created exclusively and atomically; with a list file, the
event is appended to it as text, so every byte already there (comments, quoting, key order,
blank lines) stays as it was. Both happen under the events folder's lock, after checking the
event against the folder: unique id, existing plan stage.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from timeline.actors import ActorIndex
from timeline.dates import DateError, PartialDate, Precision
from timeline.errors import (
    CannotAppend,
    CannotWrite,
    EventExists,
    EventsNotFound,
    InvalidInput,
    TimelineError,
)
from timeline.files import find_files
from timeline.ids import event_id as default_id
from timeline.ids import file_safe_id, reserved_on_windows
from timeline.messages import word_error
from timeline.model import EVENT_TYPES, Claim, Event, Source
from timeline.phrases import AnchorNeeded, Resolved, needs_anchor, resolve
from timeline.records import EventLike, PlanLike, TimelineLike
from timeline.safefile import (
    NotAFile,
    atomic_write,
    check_folder,
    create_exclusive,
    lock,
    remove_stale_temps,
)
from timeline.schema import schema_header
from timeline.validate import check
from timeline.yaml_write import event_yaml

__all__ = [
    "SOURCE_PARTS",
    "Added",
    "Dates",
    "Draft",
    "EventInput",
    "Missing",
    "add_event",
    "append_event",
    "build_event",
    "claim_fields",
    "default_id",
    "matching_types",
    "missing_fields",
    "missing_message",
    "publication_date",
    "resolve_dates",
    "source_fields",
    "write_event",
]

# The option that sets each field, so messages name what the user typed.
_FLAGS = {
    "id": "--id",
    "title": "--title",
    "date": "--date",
    "end": "--end",
    "type": "--type",
    "actors": "--actor",
    "track": "--track",
    "summary": "--summary",
    "status": "--status",
    "stage": "--stage",
    "tags": "--tag",
    "key": "--key",
}
_SOURCE_FLAGS = {
    "outlet": "--outlet",
    "title": "--source-title",
    "url": "--url",
    "published": "--published",
    "quote": "--quote",
    "date_text": "--date",
}


@dataclass(frozen=True)
class EventInput:
    """The values of ``timeline add``'s options, as typed; dates may be news phrases."""

    title: str | None = None
    date: str | None = None
    end: str | None = None
    type: str | None = None
    actors: tuple[str, ...] = ()
    track: str | None = None
    summary: str | None = None
    status: str | None = None
    stage: str | None = None
    tags: tuple[str, ...] = ()
    key: bool = False
    outlet: str | None = None
    source_title: str | None = None
    url: str | None = None
    published: str | None = None
    quote: str | None = None
    id: str | None = None
    # More sources, each one "OUTLET|URL|PUBLISHED" or with named parts (see source_fields).
    sources: tuple[str, ...] = ()
    # "BY: SAYS", what a party asserts (claims) or denies (denials).
    claims: tuple[str, ...] = ()
    denials: tuple[str, ...] = ()

    def source_given(self) -> bool:
        """Whether any field of the source is given."""
        return any(
            value is not None
            for value in (self.outlet, self.source_title, self.url, self.published, self.quote)
        )


# The parts of a --source value, in the order they may be given without names.
SOURCE_PARTS = ("outlet", "url", "published")
_NAMED_PARTS = ("outlet", "url", "published", "title", "quote", "date_text")
_NAMED_PART = re.compile(rf"^\s*({'|'.join(_NAMED_PARTS)})\s*=\s*(.*)$", re.S)


def source_fields(text: str) -> dict[str, str]:
    """The fields of one ``--source`` value: ``OUTLET|URL|PUBLISHED``, parts separated by
    ``|``; a part may instead be named (``title=...``, ``quote=...``, ``date_text=...``, and
    ``outlet=``, ``url=``, ``published=``). Empty parts are left out. :class:`ValueError`
    with the reason when the parts do not fit."""
    fields: dict[str, str] = {}
    unnamed = iter(SOURCE_PARTS)
    for part in text.split("|"):
        named = _NAMED_PART.match(part)
        if named is not None:
            name, value = named.group(1), named.group(2).strip()
        else:
            name = next(unnamed, "")
            value = part.strip()
            if not name:
                raise ValueError(
                    f"'{part.strip()}' is a fourth unnamed part; after OUTLET|URL|PUBLISHED "
                    f"name each part: {', '.join(f'{n}=...' for n in _NAMED_PARTS[3:])}"
                )
        if name in fields:
            raise ValueError(f"{name} is given twice")
        if value:
            fields[name] = value
    if "outlet" not in fields:
        raise ValueError("the outlet is missing: write OUTLET|URL|PUBLISHED")
    return fields


def matching_types(answer: str) -> list[str]:
    """The event types ``answer`` names: itself, or every type it is the start of ("neg" is
    negotiation; an empty or unknown answer names none)."""
    answer = answer.strip().casefold()
    if not answer:
        return []
    if answer in EVENT_TYPES:
        return [answer]
    return [kind for kind in EVENT_TYPES if kind.startswith(answer)]


def claim_fields(text: str, *, denies: bool = False) -> dict[str, str]:
    """The fields of one ``--claim`` (or ``--denial``) value, ``BY: SAYS``; :class:`ValueError`
    when there is no ``:`` between who and what."""
    by, colon, says = text.partition(":")
    if not colon or not by.strip() or not says.strip():
        raise ValueError("write WHO: WHAT THEY SAY, e.g. 'Kremlin: no strikes on energy sites'")
    fields = {"by": by.strip(), "says": says.strip()}
    if denies:
        fields["stance"] = "denies"
    return fields


@dataclass(frozen=True)
class Missing:
    """A required value that was not given: its option, and why when it is not always needed."""

    flag: str
    field: str
    reason: str | None = None

    def __str__(self) -> str:
        return f"Missing option '{self.flag}'" + (f": {self.reason}" if self.reason else "")


def missing_message(missing: list[Missing]) -> str:
    """One message naming every missing option: ``Missing options '--title', '--date'``."""
    plain = [f"'{item.flag}'" for item in missing if item.reason is None]
    parts = [f"Missing option{'s' if len(plain) > 1 else ''} {', '.join(plain)}"] if plain else []
    parts += [str(item) for item in missing if item.reason is not None]
    return "; ".join(parts)


def missing_fields(values: EventInput) -> list[Missing]:
    """The required values not given, in the order a form would ask for them."""
    missing = [
        Missing(_FLAGS[name], name)
        for name, value in (
            ("title", values.title),
            ("type", values.type),
            ("actors", values.actors),
            ("date", values.date),
        )
        if not value
    ]
    if values.outlet is None:
        phrase = next(
            (text for text in (values.date, values.end) if text and needs_anchor(text)), None
        )
        if phrase is not None:
            reason = f"'{phrase}' is kept as the source's date_text, which needs its outlet"
            missing.append(Missing("--outlet", "outlet", reason))
        elif values.source_given():
            given = next(
                flag
                for flag, value in (
                    ("--published", values.published),
                    ("--source-title", values.source_title),
                    ("--url", values.url),
                    ("--quote", values.quote),
                )
                if value is not None
            )
            missing.append(Missing("--outlet", "outlet", f"{given} belongs to a source"))
    return missing


@dataclass(frozen=True)
class Dates:
    """The event's dates as resolved from what was typed, and what phrases were counted from."""

    date: Resolved
    end: Resolved | None
    published: PartialDate | None
    today: dt.date
    counted_from_today: bool

    @property
    def end_date(self) -> PartialDate | None:
        """The end of the event, from ``--end``."""
        return self.end.date if self.end is not None else None

    @property
    def date_text(self) -> str | None:
        """How the source stated the date, when it was a phrase (kept so it can be checked)."""
        date_phrase = self.date.text if self.date.phrase else None
        if self.end is None or not self.end.phrase:
            return date_phrase
        return f"{self.date.text} to {self.end.text}"

    def lines(self) -> list[str]:
        """``date: Monday → Mon 17 Mar 2025 (counted from ...)``, the end when given, and a
        note for a phrase with two readings (the one not taken)."""
        shown = [f"date: {self.date.display()}{self._counted(self.date)}"]
        if self.end is not None:
            shown.append(f"end: {self.end.display()}{self._counted(self.end)}")
        shown += [f"note: {r.note}" for r in (self.date, self.end) if r is not None and r.note]
        return shown

    def _counted(self, resolved: Resolved) -> str:
        if not resolved.relative:
            return ""
        if self.counted_from_today:
            return f" (counted from today, {_human(self.today)}: no --published date was given)"
        assert self.published is not None
        return f" (counted from --published {self.published.human()})"


def resolve_dates(values: EventInput, today: dt.date | None = None) -> Dates:
    """Resolve ``--date``, ``--end`` and ``--published``; :class:`InvalidInput` if any is bad.

    Phrases count from ``--published`` or, without it, from ``today`` (the local date).
    ``--published`` itself must be a calendar date: a phrase there is an error.
    """
    today = today or dt.date.today()
    errors: list[str] = []
    published: PartialDate | None = None
    if values.published is not None:
        published = _publication_date(values.published, errors)
    if values.published is None:
        anchor: dt.date | None = today
    elif published is not None and published.precision not in (Precision.MONTH, Precision.YEAR):
        anchor = dt.date(published.year, published.month or 1, published.day or 1)
    else:
        anchor = None
    date = _resolve_flag("--date", values.date or "", anchor, published, errors)
    end = None
    if values.end is not None:
        end = _resolve_flag("--end", values.end, anchor, published, errors)
    if errors:
        raise InvalidInput(errors)
    assert date is not None
    return Dates(date, end, published, today, values.published is None)


def publication_date(text: str) -> PartialDate:
    """``--published`` as a calendar date (``2025-03-18``, ``18 March 2025``, or a month or a
    year when that is all that is known); :class:`DateError` naming the option otherwise.

    A phrase counted from a date ("yesterday", "Monday", "18 March") is refused: it would be
    counted from today, and the source would carry today's idea of its publication date.
    """
    errors: list[str] = []
    published = _publication_date(text, errors)
    if published is None:
        raise DateError(errors[0])
    return published


def _publication_date(text: str, errors: list[str]) -> PartialDate | None:
    shown = " ".join(text.split())
    try:
        stated = resolve(text, None)
    except AnchorNeeded:
        errors.append(
            f"--published: '{shown}' is a phrase counted from a date; the publication date "
            "must be a calendar date, e.g. 2025-03-18"
        )
        return None
    except DateError as exc:
        errors.append(f"--published: {exc}")
        return None
    if stated.date.precision in (Precision.WEEK, Precision.RANGE):
        errors.append(
            f"--published: '{shown}' is one day of several; the publication date must be a "
            "calendar date, e.g. 2025-03-18"
        )
        return None
    return stated.date


def _resolve_flag(
    flag: str,
    text: str,
    anchor: dt.date | None,
    published: PartialDate | None,
    errors: list[str],
) -> Resolved | None:
    try:
        return resolve(text, anchor)
    except AnchorNeeded:
        if published is not None:  # otherwise --published already has its own error
            errors.append(
                f"{flag}: '{' '.join(text.split())}' is counted from the publication date, "
                f"but --published {published.iso()} is not a day; give it as YYYY-MM-DD"
            )
    except DateError as exc:
        errors.append(f"{flag}: {exc}")
    return None


@dataclass(frozen=True)
class Draft:
    """An event built from option values, valid on its own, before it meets the folder."""

    event: Event
    dates: Dates
    id_given: bool


def build_event(values: EventInput, today: dt.date | None = None) -> Draft:
    """Build and validate the event; :class:`InvalidInput` names each bad option."""
    missing = missing_fields(values)
    if missing:
        raise InvalidInput([f"{item.flag}: missing" for item in missing])
    errors: list[str] = []
    try:
        dates: Dates | None = resolve_dates(values, today)
    except InvalidInput as exc:
        errors += exc.messages
        dates = None
    data: dict[str, Any] = {
        "title": values.title,
        "type": values.type,
        "actors": list(values.actors),
        "track": values.track,
        "summary": values.summary,
        "status": values.status,
        "stage": values.stage,
        "tags": list(values.tags),
        "key": values.key,
    }
    # A placeholder date lets the other fields be checked too, so every error shows at once.
    data["date"] = dates.date.date if dates else PartialDate(2000)
    if dates and dates.end_date is not None:
        data["end"] = dates.end_date
    assert values.title is not None
    data["id"] = values.id if values.id is not None else default_id(data["date"], values.title)
    sources: list[dict[str, Any]] = []
    if values.outlet is not None:
        source = {
            "outlet": values.outlet,
            "title": values.source_title,
            "url": values.url,
            "published": dates.published if dates else None,
            "quote": values.quote,
            "date_text": dates.date_text if dates else None,
        }
        sources.append(source)
    sources += _listed(values.sources, "--source", source_fields, Source, errors)
    if sources:
        data["sources"] = sources
    claims = _listed(values.claims, "--claim", claim_fields, Claim, errors)
    claims += _listed(values.denials, "--denial", partial(claim_fields, denies=True), Claim, errors)
    if claims:
        data["claims"] = claims
    data = _without_none(data)
    try:
        event = Event.model_validate(data)
    except ValidationError as exc:
        errors += [
            message
            for error in exc.errors(include_url=False)
            if (message := _message(error, dates_ok=dates is not None))
        ]
    if errors:
        raise InvalidInput(errors)
    assert dates is not None
    return Draft(event, dates, values.id is not None)


def _listed(
    texts: tuple[str, ...],
    flag: str,
    read: Callable[[str], dict[str, str]],
    model: type[BaseModel],
    errors: list[str],
) -> list[dict[str, Any]]:
    """The items given as ``texts`` to a repeatable option, each checked on its own so that
    a message names the value it is about."""
    items = []
    for text in texts:
        try:
            fields = read(text)
            model.model_validate(fields)
        except ValueError as exc:  # ValidationError is a ValueError
            if isinstance(exc, ValidationError):
                errors += [
                    f"{flag} '{text}': " + word_error(error, name=lambda loc: str(loc[-1])).message
                    for error in exc.errors(include_url=False)
                ]
            else:
                errors.append(f"{flag} '{text}': {exc}")
            continue
        items.append(fields)
    return items


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in data.items():
        if isinstance(value, list):
            value = [_without_none(v) if isinstance(v, dict) else v for v in value]
        if value is not None:
            cleaned[name] = value
    return cleaned


def _message(error: Any, *, dates_ok: bool) -> str | None:
    """A pydantic error as ``validate`` words it, naming the option instead of a file."""
    # Without dates (they were refused already), the placeholder date's errors say nothing.
    if not dates_ok and (
        error["type"] == "end_before_date" or _flag(tuple(error["loc"])) in ("--date", "--end")
    ):
        return None
    return word_error(error, name=_flag).message


def _flag(loc: tuple[str | int, ...]) -> str:
    """The option that sets the field at ``loc``."""
    if loc[:1] == ("sources",):
        return _SOURCE_FLAGS.get(str(loc[-1]), "--outlet")
    return _FLAGS.get(str(loc[0]), f"--{loc[0]}")


@dataclass(frozen=True)
class Added:
    """What ``add_event`` wrote: the file, the event, and how its dates were read."""

    path: Path
    event: Event
    dates: Dates
    appended: bool
    warnings: list[str] = field(default_factory=list)
    # The events folder, when add had to create it.
    created: Path | None = None

    def lines(self) -> list[str]:
        """What to tell the user: the file written, and the dates as resolved."""
        written = f"Appended {self.event.id} to" if self.appended else "Wrote"
        return [f"{written} {self.path}", *self.dates.lines()]


def add_event(
    folder: Path,
    values: EventInput,
    *,
    to: Path | None = None,
    today: dt.date | None = None,
    force: bool = False,
) -> Added:
    """Add one event to the events ``folder``: a new ``<id>.yaml``, or appended to list file ``to``.

    A missing ``folder`` is created (``Added.created`` says so). An event with the title and
    date of one already in the folder is refused unless ``force``: running the same ``add``
    twice is a slip, not a second event.

    Raises :class:`InvalidInput` (bad values), :class:`EventExists` (``--id`` taken, or the
    same title and date already recorded),
    :class:`CannotAppend` (``to`` is not an appendable list file), :class:`EventsNotFound`
    or :class:`CannotWrite` (the disk refused the write; the files are as they were).
    Nothing is written unless the event is valid.
    """
    draft = build_event(values, today)
    created = _make_folder(folder, to)
    try:
        return _add(draft, folder, to, force, created)
    except TimelineError as exc:
        exc.created = created
        raise


def _add(draft: Draft, folder: Path, to: Path | None, force: bool, created: Path | None) -> Added:
    """:func:`add_event` once the folder is there."""
    target = _list_file(folder, to) if to is not None else None
    try:
        with lock(folder):
            timeline = _folder_records(folder)
            if not force:
                _refuse_repeat(draft.event, timeline)
            event = _unique(draft, timeline, folder)
            warnings = _check_with(event, timeline)
            if target is not None:
                remove_stale_temps(target.parent)
                append_event(target, event)
                return Added(target, event, draft.dates, True, warnings, created)
            remove_stale_temps(folder)
            # A folder that publishes the JSON Schema gets the line that points editors at it.
            path = write_event(folder, event, header=schema_header(folder))
    except OSError as exc:
        # A full disk, a file size limit, a read-only folder: writes are atomic, so what
        # was there is still there, whole.
        reason = exc.strerror or str(exc)
        if target is not None:
            raise CannotWrite(f"cannot write {target}: {reason}; the file is unchanged") from None
        raise CannotWrite(f"cannot write to {folder}: {reason}; nothing was written") from None
    return Added(path, event, draft.dates, False, warnings, created)


def _make_folder(folder: Path, to: Path | None) -> Path | None:
    """Create the events folder when it is missing (and not a list file's): the folder made,
    or None when it was there."""
    if folder.is_dir():
        return None
    if folder.is_file():
        raise EventsNotFound(
            f"{folder} is a file: add writes into the events folder; "
            "use --to FILE to append to a list file"
        )
    try:
        check_folder(folder)
        for parent in folder.parents:
            if os.path.lexists(parent):
                check_folder(parent)
                break
    except NotAFile as exc:
        raise EventsNotFound(f"{exc}; pass the events folder with -e") from None
    if to is not None:
        raise EventsNotFound(f"{folder}: no such folder, so --to {to} cannot be in it")
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return None  # made meanwhile by another add
    except OSError as exc:
        raise CannotWrite(f"cannot create {folder}: {exc.strerror or exc}") from None
    return folder


def _same_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def _refuse_repeat(event: Event, timeline: TimelineLike) -> None:
    """:class:`EventExists` when an event with this title and date is already recorded."""
    title, date = _same_title(event.title), event.date.iso()
    for other in timeline.events:
        if other.date.iso() == date and _same_title(other.title) == title:
            origin = other.origin
            where = f"{origin.path}:{origin.line}" if origin else "the folder"
            raise EventExists(
                f"'{other.title}' on {date} is already recorded at {where} (id {other.id}); "
                "nothing was written: add sources to it with 'timeline source add "
                f"{other.id} ...', or pass --force to record a second event"
            )


def _folder_records(folder: Path) -> TimelineLike:
    """The records of ``folder``, to check the new event against: from the parse cache as
    plain records when every file is in it (neither the files nor the cached records are
    read by the models), otherwise loaded. Files with errors of their own are left out
    either way, as loading leaves them out."""
    from timeline.cache import load_plain

    plain = load_plain(folder)
    if plain is not None:
        return plain
    from timeline.loading import load

    return load(folder).timeline


def write_event(folder: Path, event: Event, *, header: str = "") -> Path:
    """Write ``event`` to a new file ``folder/<id>.yaml``; :class:`EventExists` if taken."""
    path = folder / f"{event.id}.yaml"
    text = header + event_yaml(event, include_id=False)
    with lock(folder):
        try:
            create_exclusive(path, text)
        except FileExistsError:
            raise EventExists(f"{path} already exists; choose another id with --id") from None
    return path


def _list_file(folder: Path, to: Path) -> Path:
    """``to`` as a path: as given, or inside the events folder; it must be one of its files."""
    target = to if to.exists() or to.is_absolute() else folder / to
    if not target.is_file():
        raise CannotAppend(
            f"--to: {to}: no such file; start a list file with the line 'events:', "
            "or leave out --to to write the event to its own file"
        )
    known = {os.path.realpath(path) for path in find_files(folder)}
    if os.path.realpath(target) not in known:
        raise CannotAppend(
            f"--to: {to} is not an events file of {folder} (a .yaml or .yml file, not "
            "hidden, inside the folder): events written there would not be read"
        )
    return target


def _unique(draft: Draft, timeline: TimelineLike, folder: Path) -> Event:
    """The event with an id no other event or file in the folder uses."""
    event = draft.event
    taken = {other.id: other for other in timeline.events}
    if draft.id_given:
        if reserved_on_windows(f"{event.id}.yaml"):
            raise InvalidInput(
                [
                    f"--id: '{event.id}' is reserved on Windows as a file name ({event.id}.yaml "
                    f"could not be opened there); choose another id, e.g. {file_safe_id(event.id)}"
                ]
            )
        if event.id in taken:
            origin = taken[event.id].origin
            where = f"{origin.path}:{origin.field('id')[0]}" if origin else str(folder)
            raise EventExists(f"--id: '{event.id}' is already used at {where}; choose another id")
        return event
    candidate, number = event.id, 1
    while (
        candidate in taken
        or (folder / f"{candidate}.yaml").exists()
        or (folder / f"{candidate}.yml").exists()
    ):
        number += 1
        candidate = f"{event.id}-{number}"
    return event.model_copy(update={"id": candidate})


@dataclass(frozen=True)
class _WithPlans:
    """One event with the folder's plans, as the checks across records read them."""

    events: Sequence[EventLike]
    plans: Sequence[PlanLike]
    actors: ActorIndex = field(default_factory=ActorIndex)


def _check_with(event: Event, timeline: TimelineLike) -> list[str]:
    """Check the event against the folder's plans; raise on errors, return the warnings."""
    problems = check(_WithPlans([event], timeline.plans))
    errors = [_flagged(p.message) for p in problems if p.level == "error"]
    if errors:
        raise InvalidInput(errors)
    return [_flagged(p.message) for p in problems if p.level == "warning"]


def _flagged(message: str) -> str:
    name, sep, rest = message.partition(": ")
    return f"{_FLAGS[name]}: {rest}" if sep and name in _FLAGS else message


def append_event(path: Path, event: Event) -> None:
    """Append ``event`` to list file ``path`` as text; the bytes already there stay as they are.

    The result is read back before it replaces the file: it must hold the old events
    unchanged plus this one. Call with the events folder's lock held.
    """
    links = os.stat(path).st_nlink
    if links > 1:
        # The file is replaced (a new inode), so its other names would keep the old events:
        # refused, so that no name silently stops seeing what is added.
        others = "1 other hard link" if links == 2 else f"{links - 1} other hard links"
        raise CannotAppend(
            f"{path} has {others}, which would keep the old events (an append replaces the "
            f"file); nothing was written: make it a file of its own (cp {path} {path}.new && "
            f"mv {path}.new {path}), or leave out --to to write the event to its own file"
        )
    from timeline.yaml_read import YamlError, parse_yaml

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CannotAppend(f"{path}: not UTF-8 text") from None
    before, indent = _read_list(path, text)
    newline = "\r\n" if "\r\n" in text else "\n"
    addition = "" if not text or text.endswith("\n") else newline
    addition += _item_text(event, indent, newline)
    expected = parse_yaml(event_yaml(event, include_id=True)).data
    try:
        after = parse_yaml(text + addition).data
    except YamlError as exc:
        after = exc
    if not (isinstance(after, dict) and after.get("events") == [*before, expected]):
        raise CannotAppend(
            f"{path}: the event cannot be appended as text without changing what the file "
            "says (does something other than the events list end it?); "
            "leave out --to to write the event to its own file"
        )
    atomic_write(path, raw + addition.encode("utf-8"))


def _read_list(path: Path, text: str) -> tuple[list[Any], int]:
    """The items of the file's ``events:`` list, and the column its ``-`` items start at."""
    from timeline.yaml_read import YamlError, parse_yaml

    try:
        document = parse_yaml(text)
    except YamlError as exc:
        where = exc.location
        raise CannotAppend(
            f"{path}:{where.line}:{where.column}: {exc.message}; fix the file first "
            "(timeline validate)"
        ) from None
    data = document.data
    if not isinstance(data, dict) or "events" not in data:
        raise CannotAppend(
            f"{path} is not a list file ('events:' and a list of events); "
            "leave out --to to write the event to its own file"
        )
    items = data["events"]
    if items is None:  # a bare "events:" starts an empty list file
        return [], 2
    where = document.values[("events",)]
    if not isinstance(items, list):
        raise CannotAppend(f"{path}:{where.line}:{where.column}: 'events' is not a list")
    line = text.splitlines()[where.line - 1]
    if line[where.column - 1 : where.column] != "-":
        raise CannotAppend(
            f"{path}:{where.line}:{where.column}: the events list is written in brackets "
            "[...]; write 'events:' and one '- ' item per line so items can be appended"
        )
    return items, where.column - 1


def _item_text(event: Event, indent: int, newline: str) -> str:
    """The event as a ``- `` item of a block list at column ``indent``."""
    lines = event_yaml(event, include_id=True).splitlines()
    pad = " " * indent
    out = [f"{pad}- {lines[0]}"]
    out += [f"{pad}  {line}" if line else "" for line in lines[1:]]
    return newline.join(out) + newline


def _human(day: dt.date) -> str:
    return PartialDate(day.year, day.month, day.day).human()
