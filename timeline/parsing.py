"""Event files' text → records: YAML → the models, with where each was written, and every
problem in the user's words at the line and column it is about."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from timeline.dates import DateError, PartialDate
from timeline.messages import word_error
from timeline.model import (
    Claim,
    Event,
    Origin,
    Place,
    Plan,
    Source,
    Stage,
    TimelineSettings,
    end_before_date,
)
from timeline.problems import Problem
from timeline.records import Unchecked
from timeline.yaml_read import Document, Location, YamlError, parse_yaml

__all__ = ["parse_bytes"]

_EVENT_FIELDS = tuple(Event.model_fields)
_PLAN_FIELDS = tuple(Plan.model_fields)
_DATE_FIELDS = ("date", "end", "announced")
_NESTED: dict[str, type[BaseModel]] = {
    "sources": Source,
    "claims": Claim,
    "stages": Stage,
    "place": Place,
}


def parse_bytes(
    shown: str,
    stem: str,
    raw: bytes,
    settings: list[tuple[str, TimelineSettings]] | None,
    unchecked: list[Unchecked] | None = None,
) -> tuple[list[Event], list[Plan], list[Problem]]:
    """Parse one file's bytes: its events and plans, and every problem found in it. Timeline
    settings found in it (a ``timeline:`` file) are appended to ``settings``; ``shown`` is the
    path messages name, ``stem`` the file's name without extension (an event's default id).
    What is left to check across files of records with errors is appended to ``unchecked``.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "not UTF-8 text; save the file as UTF-8"
        return [], [], [_problem(shown, Location(line, column), message)]
    try:
        document = parse_yaml(text)
    except YamlError as exc:
        return [], [], [_problem(shown, exc.location, exc.message)]
    return _FileReader(shown, stem, document, settings, unchecked).read()


def _problem(path: str, where: Location, message: str, level: str = "error") -> Problem:
    return Problem(
        path, where.line, where.column, "warning" if level == "warning" else "error", message
    )


class _FileReader:
    def __init__(
        self,
        shown: str,
        stem: str,
        document: Document,
        settings: list[tuple[str, TimelineSettings]] | None = None,
        unchecked: list[Unchecked] | None = None,
    ) -> None:
        self.shown = shown
        self.stem = stem
        self.document = document
        self.settings = settings if settings is not None else []
        self.unchecked = unchecked if unchecked is not None else []
        self.events: list[Event] = []
        self.plans: list[Plan] = []
        self.problems: list[Problem] = []

    def read(self) -> tuple[list[Event], list[Plan], list[Problem]]:
        data = self.document.data
        if data is None:
            self._error((), "empty file: write an event, a 'plan:' or an 'events:' list")
        elif not isinstance(data, dict):
            self._error(
                (), f"expected a mapping (an event, 'plan:' or 'events:'), found {_kind(data)}"
            )
        elif "plan" in data:
            self._read_plan(data)
        elif "events" in data:
            self._read_list(data)
        elif "timeline" in data:
            self._read_settings(data)
        else:
            self._read_record(Event, data, (), default_id=self.stem)
        return self.events, self.plans, self.problems

    def _read_plan(self, data: dict[str, Any]) -> None:
        for extra in data:
            if extra != "plan":
                self._error((extra,), f"unknown top-level key '{extra}' in a plan file", key=True)
        if not isinstance(data["plan"], dict):
            self._error(("plan",), f"'plan' must be a mapping, found {_kind(data['plan'])}")
            return
        self._read_record(Plan, data["plan"], ("plan",), default_id=self.stem)

    def _read_settings(self, data: dict[str, Any]) -> None:
        # A `timeline:` file (timeline.yaml) holds what belongs to the whole timeline.
        for extra in data:
            if extra != "timeline":
                self._error(
                    (extra,), f"unknown top-level key '{extra}' in a timeline file", key=True
                )
        if not isinstance(data["timeline"], dict):
            self._error(
                ("timeline",), f"'timeline' must be a mapping, found {_kind(data['timeline'])}"
            )
            return
        try:
            settings = TimelineSettings.model_validate(data["timeline"])
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self._report_validation(error, ("timeline",), implicit_id=False)
            return
        self.settings.append((self.shown, settings))

    def _read_list(self, data: dict[str, Any]) -> None:
        for extra in data:
            if extra != "events":
                self._error(
                    (extra,),
                    f"unknown top-level key '{extra}' in a list file; "
                    "put each event under 'events:'",
                    key=True,
                )
        items = data["events"]
        if not isinstance(items, list):
            self._error(("events",), f"'events' must be a list, found {_kind(items)}")
            return
        for index, item in enumerate(items):
            path = ("events", index)
            if not isinstance(item, dict):
                self._error(
                    path, f"events[{index}]: expected an event mapping, found {_kind(item)}"
                )
                continue
            if "id" not in item:
                self._error(
                    path,
                    f"events[{index}]: missing required field 'id' "
                    "(events in a list file need one)",
                )
                continue
            self._read_record(Event, item, path, default_id=None)

    def _read_record(
        self,
        model: type[Event] | type[Plan],
        data: dict[str, Any],
        base: tuple[str | int, ...],
        default_id: str | None,
    ) -> None:
        values = self._dates_as_written(data, base)
        if "id" not in values and default_id is not None:
            values["id"] = default_id
        try:
            record = model.model_validate(values)
        except ValidationError as exc:
            implicit_id = "id" not in data
            errors = exc.errors(include_url=False)
            for error in errors:
                self._report_validation(error, base, implicit_id)
            self._keep_what_is_left(model, values, base, errors)
            return
        record._origin = self._origin(base)
        if isinstance(record, Event):
            self.events.append(record)
        else:
            self.plans.append(record)

    def _origin(self, base: tuple[str | int, ...]) -> Origin:
        # The record's fields are the keys of the mapping as written, in that order (a
        # record's data is that mapping, or a copy of it with an id the file name gave).
        line, column, fields = self.document.where(base)
        return Origin(self.shown, line, column, fields)

    def _keep_what_is_left(
        self,
        model: type[Event] | type[Plan],
        values: dict[str, Any],
        base: tuple[str | int, ...],
        errors: list[Any],
    ) -> None:
        """Check what the model could not, for a record with errors, and keep its valid
        fields for the checks across files: one bad field must not hide another's problem.

        Pydantic stops before the checks across fields (``end`` before ``date``) once any
        field fails; a field it refused is left out here, so nothing is reported twice.
        """
        bad = {error["loc"][0] for error in errors if error["loc"]}

        def valid(name: str) -> Any:
            value = values.get(name)
            return None if name in bad else value

        record_id = valid("id")
        record_id = record_id if isinstance(record_id, str) else None
        origin = self._origin(base)
        has_sources = "sources" in bad or bool(values.get("sources"))
        if model is Plan:
            stages = values.get("stages")
            ids = tuple(
                stage["id"]
                for stage in (stages if isinstance(stages, list) else ())
                if isinstance(stage, dict) and isinstance(stage.get("id"), str)
            )
            self.unchecked.append(
                Unchecked("plan", record_id, origin, has_sources=has_sources, stages=ids)
            )
            return
        if not any(error["type"] == "end_before_date" for error in errors):
            self._check_end(valid("date"), valid("end"), base)
        actors = valid("actors")
        if not (isinstance(actors, list) and all(isinstance(a, str) for a in actors)):
            actors = []
        stage, status = valid("stage"), values.get("status")
        if "stage" in bad:
            # A stage written wrong: nothing about it or its status can be checked.
            stage = status = None
        elif "status" in bad:
            # A status written wrong is reported once: it is still written (no "stage
            # without status"), and whether it needs a stage is not asked of it.
            status = None if stage is None else str(status)
        self.unchecked.append(
            Unchecked(
                "event",
                record_id,
                origin,
                stage=stage if isinstance(stage, str) else None,
                status=status if isinstance(status, str) else None,
                has_sources=has_sources,
                actors=tuple(actors),
            )
        )

    def _check_end(self, date: Any, end: Any, base: tuple[str | int, ...]) -> None:
        if date is None or end is None:
            return
        try:
            message = end_before_date(PartialDate.coerce(date), PartialDate.coerce(end))
        except DateError:
            return
        if message is not None:
            self._error((*base, "end"), f"end: {message}")

    def _dates_as_written(
        self, data: dict[str, Any], base: tuple[str | int, ...]
    ) -> dict[str, Any]:
        """A copy of ``data`` whose date fields hold the text as written.

        YAML 1.1 reads ``12:30`` as the number 750 and ``2025`` as a number; a date field
        must see what the user typed, so ``12:30`` is refused rather than taken as year 750.
        """
        values = dict(data)
        for name in _DATE_FIELDS:
            if (raw := self.document.raw.get((*base, name))) is not None:
                values[name] = raw
        sources = values.get("sources")
        if isinstance(sources, list):
            patched = []
            for index, source in enumerate(sources):
                raw = self.document.raw.get((*base, "sources", index, "published"))
                if isinstance(source, dict) and raw is not None:
                    source = {**source, "published": raw}
                patched.append(source)
            values["sources"] = patched
        return values

    def _report_validation(
        self, error: Any, base: tuple[str | int, ...], implicit_id: bool
    ) -> None:
        loc = tuple(error["loc"])
        if loc == ("id",) and implicit_id:
            self._error(
                base,
                f"the file name '{self.stem}' is not a valid id: "
                "rename the file or add an 'id:' field "
                "(lowercase letters, digits and -)",
            )
            return
        worded = word_error(
            error,
            raw=self.document.raw.get((*base, *loc)),
            known=_known_fields(base, loc) if error["type"] == "extra_forbidden" else (),
        )
        self._error((*base, *worded.loc), worded.message, key=worded.key)

    def _error(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        where = self.document.locate(path, key=key)
        self.problems.append(_problem(self.shown, where, message))


def _known_fields(base: tuple[str | int, ...], loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The field names allowed where an unknown field ``loc`` was written."""
    parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    if parent is not None:
        return tuple(_NESTED[parent].model_fields) if parent in _NESTED else ()
    if base[:1] == ("timeline",):
        return tuple(TimelineSettings.model_fields)
    return _PLAN_FIELDS if base[:1] == ("plan",) else _EVENT_FIELDS


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
