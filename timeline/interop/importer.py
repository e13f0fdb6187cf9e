"""``timeline import``: read another format and write one event file per event, through the
same safe writer as ``add``, never replacing an event that is already there; the plans the
file carries go to ``plans/<id>.yaml``. An event whose ``stage:`` names a plan or stage that
neither the file nor the folder has is rejected, so the folder never ends up failing ``list``."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from timeline.add import write_event
from timeline.errors import CannotWrite, EventExists, ImportFailed
from timeline.files import max_file_bytes
from timeline.interop import IMPORT_FORMATS, table, timelinejs
from timeline.interop.reading import Defaults, JsonError, Reading, load_json
from timeline.loading import load
from timeline.model import Event, Plan, Timeline
from timeline.problems import Problem
from timeline.safefile import NotAFile, check_folder, create_exclusive, lock
from timeline.schema import schema_header
from timeline.validate import check
from timeline.yaml_read import Location
from timeline.yaml_write import event_yaml, plan_yaml

__all__ = ["SETTINGS_FILE", "ImportResult", "detect_format", "import_file", "read_import"]

SETTINGS_FILE = "timeline.yaml"


@dataclass
class ImportResult:
    """What an import wrote (or, in a dry run, would write), and what it left out."""

    format: str
    folder: Path
    dry_run: bool
    written: list[Path] = field(default_factory=list)
    skipped: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: str = ""

    @property
    def complete(self) -> bool:
        """Whether every record of the file was imported."""
        return not (self.skipped or self.rejected)

    plans_written: int = 0

    def summary(self) -> str:
        """One line: how many events (and plans) were imported, rejected and skipped."""
        events = sum(path.name != SETTINGS_FILE for path in self.written) - self.plans_written
        verb = "Would import" if self.dry_run else "Imported"
        plans = self.plans_written
        also = f" and {plans} plan{'s' if plans != 1 else ''}" if plans else ""
        return (
            f"{verb} {events} event{'s' if events != 1 else ''}{also} into {self.folder} "
            f"({self.format}); {self.rejected} rejected, {self.skipped} already there"
        )


def read_text(path: Path) -> str:
    """The text of a file to import (UTF-8, a byte-order mark allowed)."""
    try:
        size = path.stat().st_size
        if size > max_file_bytes():
            raise ImportFailed(f"{path}: file is {size:,} bytes, over the import limit")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder; pass a .json or .csv file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from None
    try:
        # Spreadsheet programs often start a CSV with a byte-order mark.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportFailed(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


def detect_format(path: Path, text: str) -> str:
    """The import format of ``text``: from its content, the suffix breaking no tie."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = load_json(text)
        except JsonError as exc:
            raise ImportFailed(f"{path}:{exc.line}:{exc.column}: not JSON: {exc.message}") from None
        if isinstance(data, dict) and isinstance(data.get("events"), list):
            return "timelinejs-json" if _looks_like_timelinejs(data) else "json"
    else:
        first = next(iter(_first_row(text)), None)
        if first is not None:
            names = {cell.strip().casefold() for cell in first}
            if {"year", "headline"} <= names:
                return "timelinejs-csv"
            if {"date", "title"} <= names:
                return "csv"
    raise ImportFailed(
        f"{path}: cannot tell its format: pass --format with one of {', '.join(IMPORT_FORMATS)}"
    )


def _looks_like_timelinejs(data: dict[str, object]) -> bool:
    if isinstance(data.get("title"), dict) or "eras" in data or "scale" in data:
        return True
    events = data.get("events")
    assert isinstance(events, list)
    for item in events:
        if isinstance(item, dict):
            return "start_date" in item or isinstance(item.get("text"), dict)
    return True


def _first_row(text: str) -> list[list[str]]:
    for row in csv.reader(io.StringIO(text, newline="")):
        if any(cell.strip() for cell in row):
            return [row]
    return []


def read_import(path: Path, format: str | None, defaults: Defaults) -> tuple[str, Reading]:
    """Read ``path`` in ``format`` (guessed when None): the format used and what was read."""
    text = read_text(path)
    chosen = format or detect_format(path, text)
    shown = str(path)
    if chosen == "timelinejs-json":
        return chosen, timelinejs.read_json(text, shown, defaults, path.stem)
    if chosen == "timelinejs-csv":
        return chosen, timelinejs.read_csv(text, shown, defaults, path.stem)
    if chosen == "csv":
        reading = table.read_csv(text, shown, defaults)
        plans = table.plans_file(path)
        if plans.is_file():  # written beside it by `timeline export -f csv -o NAME.csv`
            table.read_plans_csv(read_text(plans), str(plans), reading)
        return chosen, reading
    if chosen == "json":
        return chosen, table.read_json(text, shown, defaults)
    raise ImportFailed(f"unknown format '{chosen}': use one of {', '.join(IMPORT_FORMATS)}")


def import_file(
    path: Path,
    folder: Path,
    *,
    format: str | None = None,
    defaults: Defaults | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import ``path`` into the events folder ``folder``: one new ``<id>.yaml`` per event, and
    the timeline's title into ``timeline.yaml`` when the folder has no title yet. An event
    whose id is already in the folder is left out and reported, as is every record that
    cannot become an event; the rest are written."""
    try:
        check_folder(folder)  # before reading: a FIFO or a file where the folder goes
    except NotAFile as exc:
        raise ImportFailed(f"{exc}; pass the events folder with -e") from None
    chosen, reading = read_import(path, format, defaults or Defaults())
    result = ImportResult(chosen, folder, dry_run, problems=list(reading.problems))
    result.rejected = reading.rejected
    if not dry_run and (reading.events or reading.plans or reading.title is not None):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CannotWrite(f"{folder}: cannot create the folder: {exc.strerror}") from None
    # The ids are checked and the files written under the folder's lock, as `add` does: an
    # event added meanwhile (to a list file, under another file name) cannot take an id this
    # import also writes, which would leave the folder with one id twice.
    guard = lock(folder) if folder.is_dir() and not dry_run else contextlib.nullcontext()
    with guard:
        _write_all(path, folder, reading, result)
    return result


def _write_all(path: Path, folder: Path, reading: Reading, result: ImportResult) -> None:
    existing, current_title, plans = _existing(folder)
    header = schema_header(folder)
    previews: list[str] = []
    plans = _write_plans(folder, reading.plans, plans, header, result, previews)
    for event in reading.events:
        if not _fits(path, event, plans, reading, result):
            continue
        taken = existing.get(event.id)
        if taken is not None:
            result.skipped += 1
            result.problems.append(
                Problem(
                    taken[0],
                    taken[1],
                    1,
                    "error",
                    f"event '{event.id}' from {path} not imported: this id is taken here",
                )
            )
            continue
        if result.dry_run:
            target = folder / f"{event.id}.yaml"
            previews.append(f"# {target}\n{header}{event_yaml(event, include_id=False)}")
            result.written.append(target)
            continue
        try:
            result.written.append(write_event(folder, event, header=header))
        except EventExists as exc:  # written by something that does not take the lock
            result.skipped += 1
            result.problems.append(Problem(str(folder), 1, 1, "error", str(exc)))
        except OSError as exc:
            done = sum(written.name != SETTINGS_FILE for written in result.written)
            raise CannotWrite(
                f"{folder}: cannot write {event.id}.yaml: {exc.strerror}; "
                f"the {done} event file{'s' if done != 1 else ''} written before it are kept"
            ) from None
    _import_title(reading.title, current_title, folder, header, result, previews)
    result.preview = "\n".join(previews)


def _existing(folder: Path) -> tuple[dict[str, tuple[str, int]], str | None, list[Plan]]:
    """Ids already in ``folder`` (with where each is written), its title and its plans."""
    if not folder.exists():
        return {}, None, []
    loaded = load(folder)
    ids: dict[str, tuple[str, int]] = {}
    for event in loaded.timeline.events:
        origin = event.origin
        ids.setdefault(event.id, (origin.path, origin.line) if origin else (str(folder), 1))
    return ids, loaded.timeline.title, loaded.timeline.plans


def _write_plans(
    folder: Path,
    imported: list[Plan],
    existing: list[Plan],
    header: str,
    result: ImportResult,
    previews: list[str],
) -> list[Plan]:
    """Write each imported plan the folder does not have to ``plans/<id>.yaml``; the plans
    the events may then name. A plan the folder has already is kept as it is (and said,
    when the imported one differs)."""
    plans = list(existing)
    known = {plan.id: plan for plan in existing}
    for plan in imported:
        have = known.get(plan.id)
        if have is not None:
            if have.model_dump() != plan.model_dump():
                origin = have.origin
                where = (origin.path, origin.line) if origin else (str(folder), 1)
                message = (
                    f"plan '{plan.id}' is already in the folder and differs from the "
                    "imported one; the folder's is kept"
                )
                result.problems.append(Problem(where[0], where[1], 1, "warning", message))
            continue
        target = folder / "plans" / f"{plan.id}.yaml"
        text = header.replace("$schema=", "$schema=../", 1) + plan_yaml(plan)
        if result.dry_run:
            previews.append(f"# {target}\n{text}")
        else:
            try:
                target.parent.mkdir(exist_ok=True)
                create_exclusive(target, text)
            except FileExistsError:
                message = f"{target} exists (not a plan file read as '{plan.id}'); not imported"
                result.problems.append(Problem(str(target), 1, 1, "error", message))
                result.skipped += 1
                continue
            except OSError as exc:
                raise CannotWrite(f"{target}: cannot write: {exc.strerror}") from None
        result.written.append(target)
        result.plans_written += 1
        known[plan.id] = plan
        plans.append(plan)
    return plans


def _fits(
    path: Path, event: Event, plans: list[Plan], reading: Reading, result: ImportResult
) -> bool:
    """Whether the event's stage is one the folder will have; otherwise it is rejected,
    with the reason at its row or record."""
    if event.stage is None:
        return True
    errors = [p for p in check(Timeline(events=[event], plans=plans)) if p.level == "error"]
    if not errors:
        return True
    where, label = reading.places.get(event.id, (Location(1, 1), f"event '{event.id}'"))
    for problem in errors:
        message = problem.message.removeprefix("stage: ")
        result.problems.append(
            Problem(
                str(path),
                where.line,
                where.column,
                "error",
                f"{label}: not imported: stage '{event.stage}': {message}",
            )
        )
    result.rejected += 1
    return False


def _import_title(
    title: str | None,
    current: str | None,
    folder: Path,
    header: str,
    result: ImportResult,
    previews: list[str],
) -> None:
    target = folder / SETTINGS_FILE
    if title is None or current == title:
        return
    if current is not None:
        result.problems.append(
            Problem(
                str(target),
                1,
                1,
                "warning",
                f"the timeline keeps its title '{current}'; the imported title was '{title}'",
            )
        )
        return
    text = header + yaml.safe_dump(
        {"timeline": {"title": title}}, allow_unicode=True, sort_keys=False, width=88
    )
    if result.dry_run:
        previews.append(f"# {target}\n{text}")
        result.written.append(target)
        return
    try:
        with lock(folder):
            create_exclusive(target, text)
    except FileExistsError:
        message = f"{target} exists but holds no title; add title: {title}"
        result.problems.append(Problem(str(target), 1, 1, "warning", message))
        return
    except OSError as exc:
        raise CannotWrite(f"{target}: cannot write: {exc.strerror}") from None
    result.written.append(target)
