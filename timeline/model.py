"""The records: events, their sources and claims, and staged plans. No I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from timeline.actors import ActorIndex
from timeline.dates import DateError, PartialDate
from timeline.records import Origin, stage_refs
from timeline.vocabulary import CAMEO, EVENT_TYPES, STATUSES, EventType, Status

__all__ = [
    "CAMEO",
    "EVENT_TYPES",
    "STATUSES",
    "Claim",
    "Date",
    "Event",
    "Origin",
    "Place",
    "Plan",
    "Source",
    "Stage",
    "Timeline",
    "TimelineSettings",
    "date_value",
    "end_before_date",
    "place_text",
    "web_host",
]


ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)
_DURATION_RE = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$",
)


_DATE_PATTERN = (
    r"^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?)?)?"
    r"|\d{4}-W\d{2}|\[\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}\])~?$"
)
# "[2025-03-10..2025-03-16]" written unquoted is a YAML list of one string.
_DAYS_ITEM_PATTERN = r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"


class _DateType:
    """Pydantic glue for :class:`PartialDate`: parses on input, writes the EDTF text out."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_date,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.iso(), when_used="json-unless-none"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": _DATE_PATTERN,
                },
                {"type": "integer", "minimum": 1, "maximum": 9999},
                {
                    "type": "array",
                    "items": {"type": "string", "pattern": _DAYS_ITEM_PATTERN},
                    "minItems": 1,
                    "maxItems": 1,
                },
            ],
            "description": "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]±HH:MM; "
            "one day of a week, YYYY-Www, or of a range, [YYYY-MM-DD..YYYY-MM-DD]; "
            "a trailing ~ marks it approximate",
            "examples": ["2025-03-18", "2025-03", "2025-03-18~", "2025-W11"],
        }


def _validate_date(value: Any) -> PartialDate:
    return date_value(value)


# Dates recur (10,000 events share a few hundred days): each text is parsed once, and its
# PartialDate, which is frozen, serves every record that has it.
_DATES: dict[str, PartialDate] = {}
_DATES_MAX = 8192


def date_value(value: Any) -> PartialDate:
    """What a date field holds for ``value`` (as :meth:`PartialDate.coerce` reads it); a
    PydanticCustomError (a ValueError) saying what is wrong when it is not a date."""
    if value.__class__ is str and (known := _DATES.get(value)) is not None:
        return known
    try:
        date = PartialDate.coerce(value)
    except DateError as exc:
        raise PydanticCustomError("date", str(exc)) from None
    if value.__class__ is str and len(_DATES) < _DATES_MAX:
        _DATES[value] = date
    return date


Date = Annotated[PartialDate, _DateType]


# C0 and C1 control characters and DEL, except tab and line breaks. Event files refuse them
# as raw bytes; this refuses them written as escapes ("\e[2J") or given to `add`, so no text
# can drive the terminal that lists it.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "must not be empty")
    if control := _CONTROL_RE.search(value):
        raise PydanticCustomError(
            "control",
            "control character U+{code} is not allowed; remove it",
            {"code": f"{ord(control.group()):04X}"},
        )
    return value


# An event's id names its file (id + ".yaml"), and file systems refuse names over 255 bytes:
# a longer id could be checked but never written.
MAX_ID_LENGTH = 200


def _identifier(value: str) -> str:
    if len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "id_length",
            "an id of {length} characters is too long: use at most {most}",
            {"length": len(value), "most": MAX_ID_LENGTH},
        )
    if not _ID_RE.match(value):
        raise PydanticCustomError(
            "id", "'{value}' is not an id: use lowercase letters, digits and -", {"value": value}
        )
    return value


def _stage_ref(value: str) -> str:
    plan, _, stage = value.partition("/")
    if not (_ID_RE.match(plan) and _ID_RE.match(stage)):
        raise PydanticCustomError(
            "stage", "'{value}' is not a stage: write PLAN-ID/STAGE-ID", {"value": value}
        )
    return value


# What no link may hold: whitespace (``\s`` is exactly str.isspace), C0 controls and DEL.
# A backslash before the path is refused by the host check in web_host: browsers read it as
# "/" ("https://a.example\\@b.example/" opens a.example, while Python's urlsplit names
# b.example as the host); after the host it is path data to both and does no harm.
_URL_BAD_CHAR = re.compile(r"[\s\x00-\x1f\x7f]")
# The common link: http(s), a plain ASCII host and an optional port, then a path, query or
# fragment. A browser reads each of these as http(s) with that host, so matching this settles
# the check; anything else takes the full check below.
_PLAIN_HTTP_URL = re.compile(
    r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#].*)?", re.S
)
_SCHEME = re.compile(r"([hH][tT][tT][pP][sS]?)://")
_PORT = re.compile(r"(?::[0-9]*)?")
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]+\](?::[0-9]*)?")
# In a host name, only letters and digits of any script, "_", "-" and "." (a browser maps
# other characters, such as the fullwidth at sign or full stop, to ones that would change the host).
_HOST_PART = re.compile(r"[\w-]+")


def web_host(value: str) -> str | None:
    """The host a browser opens for the http(s) address ``value``, in lowercase; None when
    ``value`` is not an address this tool accepts.

    Accepted are what browsers (the WHATWG URL standard) and Python read alike: http or https,
    a host name of letters, digits, "_", "-" and "." (or an IPv6 address in brackets), an optional
    port; no user name or password ("user@", "user:pw@": a host before the "@" reads as the
    one opened), no backslash before the path, no whitespace or control character anywhere.
    """
    if _URL_BAD_CHAR.search(value) is not None:
        return None
    scheme = _SCHEME.match(value)
    if scheme is None:
        return None
    rest = value[scheme.end() :]
    end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    authority = rest[:end]
    if _IPV6.fullmatch(authority):
        return authority[1 : authority.index("]")].lower()
    host, colon, port = authority.partition(":")
    if not _PORT.fullmatch(colon + port):
        return None
    labels = host.rstrip(".").split(".")
    if not host or not all(_HOST_PART.fullmatch(label) for label in labels):
        return None
    try:
        # As a browser does: international names to their ASCII form and back, which also
        # folds compatibility forms (fullwidth letters are the plain ones).
        return host.encode("idna").decode("idna").lower()
    except UnicodeError:
        return None


def _http_url(value: str) -> str:
    # Only http(s) links may become links in a published page: a javascript: or data: URL in
    # a table's link would run in the reader's browser.
    if _URL_BAD_CHAR.search(value) is None and _PLAIN_HTTP_URL.fullmatch(value) is not None:
        return value
    if web_host(value) is None:
        raise PydanticCustomError(
            "url",
            "'{value}' is not a web address: use an http:// or https:// URL",
            {"value": value},
        )
    return value


def _duration(value: str) -> str:
    if not _DURATION_RE.match(value):
        raise PydanticCustomError(
            "duration", "'{value}' is not an ISO 8601 duration such as P30D", {"value": value}
        )
    return value


# The patterns after the validators only describe the rule in the JSON Schema for editors;
# the validators run first and give the messages.
Text = Annotated[str, AfterValidator(_text), Field(pattern=r"\S")]
Identifier = Annotated[str, AfterValidator(_identifier), Field(pattern=ID_PATTERN)]
StageRef = Annotated[str, AfterValidator(_stage_ref), Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]
Url = Annotated[str, AfterValidator(_http_url), Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$")]
# The pattern (for the JSON Schema) has no look-ahead, which pydantic's regex engine lacks;
# the validator also refuses a bare "P" or "PT".
Duration = Annotated[
    str,
    AfterValidator(_duration),
    Field(pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$"),
]


def _no_items() -> list[Any]:
    # The default of a list field. A function of ours, not ``list``: pydantic reads the
    # signature of a default factory, and a builtin's costs the first model build about
    # 2 ms (inspect tokenizes the builtin's signature text).
    return []


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Record):
    """Where a fact comes from: an outlet, and optionally the article and how it dated it."""

    outlet: Text = Field(description="Publisher, agency or person, e.g. 'The Independent'.")
    title: Text | None = Field(default=None, description="Headline or title of the source.")
    url: Url | None = Field(default=None, description="An http(s) link to the source.")
    published: Date | None = Field(default=None, description="When the source was published.")
    quote: Text | None = Field(default=None, description="A short, attributed quote.")
    date_text: Text | None = Field(
        default=None,
        description='How the source stated the date, e.g. "Tuesday\'s phone call".',
    )


class Place(_Record):
    """Where an event happened: a name, and optionally its latitude and longitude."""

    name: Text = Field(description="The place as a reader knows it, e.g. 'Riyadh'.")
    lat: float | None = Field(
        default=None, ge=-90, le=90, description="Latitude in degrees, -90 to 90."
    )
    lon: float | None = Field(
        default=None, ge=-180, le=180, description="Longitude in degrees, -180 to 180."
    )

    @model_validator(mode="after")
    def _both_or_neither(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise PydanticCustomError("lat_lon", "give both lat and lon, or neither")
        return self

    def text(self) -> str:
        """The place as shown: "Riyadh", or "Riyadh (24.7136, 46.6753)"."""
        return place_text(self.name, self.lat, self.lon)


def place_text(name: str, lat: float | None, lon: float | None) -> str:
    """A place as shown in the hover and the events table."""
    if lat is None or lon is None:
        return name
    return f"{name} ({lat:g}, {lon:g})"


def _place(value: Any) -> Any:
    # "place: Riyadh" is a place with only a name.
    return {"name": value} if isinstance(value, str) else value


PlaceField = Annotated[
    Place,
    BeforeValidator(_place),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"\S"},
                {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "pattern": r"\S"},
                        "lat": {"type": "number", "minimum": -90, "maximum": 90},
                        "lon": {"type": "number", "minimum": -180, "maximum": 180},
                    },
                    "required": ["name"],
                    "dependencies": {"lat": ["lon"], "lon": ["lat"]},
                    "additionalProperties": False,
                },
            ],
            "description": "Where it happened: a name, or {name, lat, lon}.",
            "examples": ["Riyadh", {"name": "Riyadh", "lat": 24.7136, "lon": 46.6753}],
        }
    ),
]


class Claim(_Record):
    """What one party says about an event; claims of different parties may contradict."""

    by: Text = Field(description="Who says it.")
    says: Text = Field(description="What they say, in our words.")
    stance: Literal["asserts", "denies"] = Field(
        default="asserts", description="Whether the party asserts or denies what it says."
    )
    status: Status | None = Field(
        default=None,
        description="The status this party says the event's plan stage has, when the parties "
        "state it differently; the chart then shows each party's.",
    )


def end_before_date(date: PartialDate, end: PartialDate) -> str | None:
    """What is wrong when a span's ``end`` is before its ``date``; None when it is not.
    (Also checked on its own for a record whose other fields have errors.)"""
    if end.latest() <= date.earliest():
        return f"{end.iso()} is before the date {date.iso()}"
    return None


class Event(_Record):
    """One thing that happened in a negotiation, with when, who, and who says so."""

    id: Identifier = Field(description="Unique id; defaults to the file name for one-event files.")
    title: Text = Field(description="Plain-text headline of the event.")
    date: Date = Field(description="When it happened, with the precision that is known.")
    end: Date | None = Field(default=None, description="Last day of a span; not before date.")
    type: EventType = Field(description="What kind of event this is (maps to a CAMEO code).")
    actors: list[Text] = Field(min_length=1, description="People, governments or bodies.")
    track: Identifier | None = Field(
        default=None, description="Negotiation track, e.g. us-russia; used for lanes."
    )
    summary: Text | None = Field(default=None, description="Plain text, in our own words.")
    status: Status | None = Field(
        default=None, description="Status this event gives its plan stage."
    )
    stage: StageRef | list[StageRef] | None = Field(
        default=None,
        description="The plan stage this event moves, PLAN-ID/STAGE-ID, or a list of the "
        "stages it moves together.",
    )
    sources: list[Source] = Field(default_factory=_no_items, description="Who reports it.")
    claims: list[Claim] = Field(default_factory=_no_items, description="What each party says.")
    tags: list[Text] = Field(default_factory=_no_items, description="Free-form labels.")
    key: bool = Field(default=False, description="A key event, labelled on the chart.")
    place: PlaceField | None = Field(
        default=None, description="Where it happened: a name, or {name, lat, lon}."
    )
    after: Identifier | None = Field(
        default=None,
        description="The id of an event of the same day that this one follows: the chart, "
        "the table, list and exports show it after that event.",
    )

    _origin: Origin | None = PrivateAttr(default=None)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage_or_stages(cls, value: Any) -> Any:
        # One message for a bad reference, whether alone or in a list, rather than one per
        # branch of the union.
        if isinstance(value, str):
            return _stage_ref(value)
        if isinstance(value, list):
            if not value:
                raise PydanticCustomError("stage", "an empty list of stages: name at least one")
            for item in value:
                if not isinstance(item, str):
                    raise PydanticCustomError(
                        "stage", "'{value}' is not a stage: write PLAN-ID/STAGE-ID", {"value": item}
                    )
                _stage_ref(item)
        return value

    @model_validator(mode="after")
    def _end_not_before_date(self) -> Event:
        if self.end is not None and (message := end_before_date(self.date, self.end)):
            raise PydanticCustomError("end_before_date", "{message}", {"message": message})
        return self

    @property
    def origin(self) -> Origin | None:
        """Where the event was read from, when it came from a file."""
        return self._origin

    @property
    def cameo(self) -> str | None:
        """The CAMEO code of the event's type."""
        return CAMEO[self.type]

    def sort_key(self) -> tuple[Any, ...]:
        """Timeline order: earliest instant, then finer precision, then id. An event known
        only to the month sorts before the days of that month."""
        return (*self.date.sort_key(), self.id)

    @property
    def stages(self) -> tuple[str, ...]:
        """Every stage the event moves (``stage:`` one or a list), in the order written."""
        return stage_refs(self.stage)

    def contested(self) -> bool:
        """Whether two parties' claims on this event disagree."""
        stances = {(claim.stance) for claim in self.claims}
        parties = {claim.by for claim in self.claims}
        return len(stances) > 1 and len(parties) > 1


class Stage(_Record):
    """One step of a staged plan, e.g. an energy-infrastructure ceasefire."""

    id: Identifier = Field(description="Stage id, unique in its plan.")
    title: Text = Field(description="What the stage is.")
    scope: Text | None = Field(default=None, description="What it covers, e.g. 'Black Sea'.")
    duration: Duration | None = Field(default=None, description="ISO 8601 duration, e.g. P30D.")


class Plan(_Record):
    """A staged plan; each stage's status history comes from the events naming it."""

    id: Identifier = Field(description="Plan id; events name its stages as PLAN-ID/STAGE-ID.")
    title: Text = Field(description="Name of the plan.")
    parties: list[Text] = Field(min_length=1, description="Who is party to the plan.")
    announced: Date | None = Field(default=None, description="When the plan was announced.")
    stages: list[Stage] = Field(min_length=1, description="The stages, in order.")
    sources: list[Source] = Field(default_factory=_no_items, description="Who reports the plan.")

    _origin: Origin | None = PrivateAttr(default=None)

    @property
    def origin(self) -> Origin | None:
        """Where the plan was read from, when it came from a file."""
        return self._origin

    def stage(self, stage_id: str) -> Stage | None:
        """The stage with this id, if the plan has one."""
        return next((stage for stage in self.stages if stage.id == stage_id), None)


class TimelineSettings(_Record):
    """Settings of the whole timeline, written under ``timeline:`` in ``timeline.yaml``."""

    title: Text = Field(description="Title of the timeline, e.g. for a TimelineJS title slide.")


@dataclass
class Timeline:
    """Everything read from an events folder: events, plans and the timeline's title."""

    events: list[Event]
    plans: list[Plan]
    title: str | None = None
    # Who is who, from the folder's actors.yaml (empty without one).
    actors: ActorIndex = field(default_factory=ActorIndex)
