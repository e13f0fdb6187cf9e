"""TimelineJS (Knight Lab) data: its JSON and its Google Sheets CSV into events, and events
back into either, so a timeline can be shown in TimelineJS's slide view.

TimelineJS JSON is ``{title?, events: [slide], eras?: [era], scale?}``. A slide has a
``start_date`` (all but the title slide), an ``end_date``, ``text {headline, text}`` (both
HTML), ``media``, ``group``, ``display_date``, ``background`` and ``unique_id``; a date object
has a ``year`` (negative before the common era) and optional ``month``, ``day``, ``hour``,
``minute``, ``second``, ``millisecond``, numbers often written as strings and empty fields as
``""``; an era has ``start_date``, ``end_date`` and ``text``. The Google Sheets template has
one row per slide under a header matched by name (:data:`SHEET_COLUMNS`), ``Type`` being
``title`` or ``era``. An export is right only if Knight Lab's renderer (the npm package
``@knight-lab/timelinejs``) loads it.

Reading maps a slide's dates to ``date``/``end`` with the precision given, ``headline`` to
``title``, ``text`` to ``summary`` (links become sources), ``group`` to ``track``, ``media`` to
a source and ``unique_id`` to ``id``; eras become events tagged ``era``; the title slide's
headline becomes the timeline's title. Writing is the same mapping backwards: sources are
listed under the text in a ``<ul class="timeline-sources">``, which reading understands, and
``display_date`` shows the date as ``timeline list`` does, which reading recognises so an
approximate date stays approximate.

What TimelineJS has no field for (type, actors, claims, stage, status, track, tags, key, the
sources' own fields, the exact dates) goes along under a key TimelineJS does not read,
:data:`RECORD_KEY`: on each slide and era, the whole event as our JSON export writes it; at
the top, ``{"plans": [...]}``. Reading takes that record as the event (the slide's other keys
only say again what it says), so export and import through TimelineJS JSON give back the
same records and plans. A slide without it is read from TimelineJS's own fields as above.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pydantic import ValidationError

from timeline.csvcells import neutralise_row, restore
from timeline.dates import DateError, PartialDate, Precision
from timeline.errors import ImportFailed
from timeline.interop.reading import (
    Defaults,
    IdMaker,
    Reading,
    Reporter,
    csv_problem,
    event_id,
    events_json,
    json_locator,
    kind_of,
    read_plans,
    slugify,
    validation_message,
)
from timeline.model import ID_PATTERN, Event, Plan, Source, web_host
from timeline.yaml_read import Location
from timeline.yaml_write import event_data, plan_data

__all__ = [
    "ERA_TAG",
    "RECORD_KEY",
    "SHEET_COLUMNS",
    "SOURCES_CLASS",
    "html_to_text",
    "read_csv",
    "read_json",
    "to_csv",
    "to_json",
]

ERA_TAG = "era"
SOURCES_CLASS = "timeline-sources"
# The header of Knight Lab's Google Sheets template, matched by name, not position: older
# sheets lack "Alt Text".
SHEET_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Alt Text",
    "Type",
    "Group",
    "Background",
)

# Our records, on each slide and at the top, under a key TimelineJS does not read.
RECORD_KEY = "negotiation_timeline"
_TOP_KEYS = frozenset({"title", "events", "eras", "scale", RECORD_KEY})
_SLIDE_KEYS = frozenset(
    {
        "start_date",
        "end_date",
        "text",
        "media",
        "group",
        "display_date",
        "background",
        "unique_id",
        "autolink",
        RECORD_KEY,
        "location",
    }
)
_ERA_KEYS = frozenset({"start_date", "end_date", "text", "unique_id", RECORD_KEY})
_NESTED_KEYS = {
    "start_date": frozenset(
        {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    ),
    "end_date": frozenset(
        {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    ),
    "text": frozenset({"headline", "text"}),
    "media": frozenset({"url", "caption", "credit", "thumbnail", "alt", "title", "link"}),
    "background": frozenset({"url", "color"}),
    "location": frozenset({"name", "lat", "lon", "icon", "line", "zoom"}),
}
_ID_RE = re.compile(ID_PATTERN)
_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second", "millisecond")

# HTML → text ---------------------------------------------------------------------------------

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
    ]
)
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; not \xa0, which is content


@dataclass
class Link:
    """A link found in HTML text."""

    href: str
    text: str


@dataclass
class _SourceItem:
    cite: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    href: str | None = None
    published: str | None = None


@dataclass
class HtmlContent:
    """HTML as plain text (paragraphs kept), with its links and its listed sources."""

    text: str
    links: list[Link]
    sources: list[Source]


class _HtmlText(HTMLParser):
    """Collects the text of HTML with paragraph and line breaks, its links, and the items of a
    ``<ul class="timeline-sources">`` list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self.links: list[Link] = []
        self.items: list[_SourceItem] = []
        self._hidden = 0
        self._link: Link | None = None
        self._list_depth = 0  # lists open inside the sources list, itself included
        self._item: _SourceItem | None = None
        self._in_cite = 0
        self._in_a = 0
        self._in_time = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _HIDDEN:
            self._hidden += 1
        elif self._list_depth:
            self._source_start(tag, values)
        elif tag in ("ul", "ol") and SOURCES_CLASS in values.get("class", "").split():
            self._list_depth = 1
        elif tag == "br":
            self._out.append("\n")
        elif tag in _BLOCKS:
            self._out.append("\n\n")
        elif tag == "a" and self._link is None:
            self._link = Link(values.get("href", "").strip(), "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif self._list_depth:
            self._source_end(tag)
        elif tag in _BLOCKS:
            self._out.append("\n\n")
        elif tag == "a" and self._link is not None:
            self._link.text = _collapse(self._link.text).strip()
            self.links.append(self._link)
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._list_depth:
            item = self._item
            if item is None or self._in_time:
                return
            if self._in_cite:
                item.cite.append(data)
            elif self._in_a:
                item.linked.append(data)
            else:
                item.other.append(data)
            return
        text = _collapse(data)
        self._out.append(text)
        if self._link is not None:
            self._link.text += text

    def _source_start(self, tag: str, values: dict[str, str]) -> None:
        if tag in ("ul", "ol"):
            self._list_depth += 1
        elif tag == "li" and self._list_depth == 1:
            self._item = _SourceItem()
        elif tag == "cite":
            self._in_cite += 1
        elif tag == "a" and self._item is not None:
            self._in_a += 1
            self._item.href = values.get("href", "").strip() or None
        elif tag == "time" and self._item is not None:
            self._in_time += 1
            self._item.published = values.get("datetime") or None

    def _source_end(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._list_depth -= 1
        elif tag == "li" and self._list_depth == 1 and self._item is not None:
            self.items.append(self._item)
            self._item = None
        elif tag == "cite":
            self._in_cite = max(0, self._in_cite - 1)
        elif tag == "a":
            self._in_a = max(0, self._in_a - 1)
        elif tag == "time":
            self._in_time = max(0, self._in_time - 1)

    def close(self) -> None:
        super().close()
        if self._item is not None:  # an unclosed <li> still counts
            self.items.append(self._item)
            self._item = None

    def text(self) -> str:
        paragraphs = []
        for block in re.split(r"\n{2,}", "".join(self._out)):
            lines = [line.strip() for line in block.split("\n")]
            if any(lines):
                paragraphs.append("\n".join(line for line in lines if line))
        return "\n\n".join(paragraphs)


def _collapse(text: str) -> str:
    return _HTML_SPACE.sub(" ", text)


def html_to_text(markup: str) -> HtmlContent:
    """Plain text of HTML (paragraphs kept, links and ``timeline-sources`` items collected)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    sources = [s for s in (_listed_source(item) for item in parser.items) if s is not None]
    return HtmlContent(parser.text(), parser.links, sources)


def _one_line(markup: str) -> str:
    return " ".join(html_to_text(markup).text.split("\n")).replace("  ", " ").strip()


def _listed_source(item: _SourceItem) -> Source | None:
    outlet = _collapse("".join(item.cite)).strip()
    if not outlet:
        return None
    if item.linked and "".join(item.linked).strip():
        title = _collapse("".join(item.linked)).strip()
    else:
        # What we write is "OUTLET: TITLE, DATE"; take the title back out of it.
        title = _collapse("".join(item.other)).strip()
        title = title.removeprefix(":")
        if item.published is not None:
            title = title.rstrip().removesuffix(",")
        title = title.strip()
    published = None
    if item.published:
        try:
            published = PartialDate.parse(item.published)
        except DateError:
            published = None
    try:
        return Source(outlet=outlet, title=title or None, url=item.href, published=published)
    except ValidationError:
        return None


# Reading -------------------------------------------------------------------------------------


class _Rejected(Exception):
    """A slide that cannot become an event; the message says why."""

    def __init__(self, message: str, where: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def read_json(text: str, shown: str, defaults: Defaults, name: str) -> Reading:
    """Read TimelineJS JSON. ``name`` is the outlet of a source citing this timeline (used
    for a ``display_date`` that is not just the date); problems name the file ``shown``."""
    data = events_json(text, shown, "TimelineJS JSON")
    reporter = Reporter(shown, json_locator(text))
    reading = Reading()
    for key in data:
        if key not in _TOP_KEYS:
            reporter.unknown(key, (key,))
    if data.get("scale") == "cosmological":
        reporter.warning(
            ("scale",),
            "cosmological scale is not supported: only slides dated in years 1 to 9999 import",
        )
    ours = data.get(RECORD_KEY)
    if isinstance(ours, dict) and "plans" in ours:
        read_plans(ours["plans"], reporter, (RECORD_KEY, "plans"), f"{RECORD_KEY}.plans", reading)
    title_slide = data.get("title")
    if isinstance(title_slide, dict):
        _check_keys(reporter, title_slide, ("title",), _SLIDE_KEYS, "title")
        reading.title = _read_title(reporter, title_slide, ("title",))
    converter = _SlideConverter(reporter, defaults, reading.title or name)
    for index, slide in enumerate(data["events"]):
        where = ("events", index)
        label = f"slide {index + 1}"
        if not isinstance(slide, dict):
            reporter.error(where, f"{label}: expected an object, found {kind_of(slide)}")
            reading.rejected += 1
            continue
        _check_keys(reporter, slide, where, _SLIDE_KEYS, "events[]")
        converter.convert(slide, where, label, reading)
    eras = data.get("eras")
    for index, era in enumerate(eras if isinstance(eras, list) else []):
        where = ("eras", index)
        label = f"era {index + 1}"
        if not isinstance(era, dict):
            reporter.error(where, f"{label}: expected an object, found {kind_of(era)}")
            reading.rejected += 1
            continue
        _check_keys(reporter, era, where, _ERA_KEYS, "eras[]")
        converter.convert(era, where, label, reading, era=True)
    reading.problems = reporter.finish()
    return reading


def _check_keys(
    reporter: Reporter,
    record: dict[str, Any],
    base: tuple[Any, ...],
    allowed: frozenset[str],
    label: str,
) -> None:
    for key, value in record.items():
        path = (*base, key)
        if key not in allowed:
            reporter.unknown(f"{label}.{key}", path)
        elif key in _NESTED_KEYS and isinstance(value, dict):
            for inner in value:
                if inner not in _NESTED_KEYS[key]:
                    reporter.unknown(f"{label}.{key}.{inner}", (*path, inner))


def _read_title(reporter: Reporter, slide: dict[str, Any], where: tuple[Any, ...]) -> str | None:
    text = _mapping(slide.get("text"))
    headline = _one_line(_string(text.get("headline")))
    has_more = bool(
        _string(text.get("text")).strip() or _string(_mapping(slide.get("media")).get("url"))
    )
    if not headline:
        if has_more:
            reporter.warning(where, "title slide has no headline, so the timeline gets no title")
        return None
    if has_more:
        reporter.warning(where, "title slide: only its headline is kept, as the timeline's title")
    return headline


class _SlideConverter:
    """Turns TimelineJS slides (and eras) into events, one at a time."""

    def __init__(self, reporter: Reporter, defaults: Defaults, name: str) -> None:
        self.reporter = reporter
        self.defaults = defaults
        self.name = name
        self.ids = IdMaker()

    def convert(
        self,
        slide: dict[str, Any],
        where: tuple[Any, ...],
        label: str,
        reading: Reading,
        *,
        era: bool = False,
    ) -> None:
        text = _mapping(slide.get("text"))
        headline = _one_line(_string(text.get("headline")))
        named = f'{label} "{headline}"' if headline else label
        try:
            if isinstance(slide.get(RECORD_KEY), dict):
                event = self._record(slide[RECORD_KEY])
            else:
                event = self._event(slide, text, headline, where, named, era)
        except _Rejected as exc:
            self.reporter.error((*where, *exc.where), f"{named}: {exc.message}")
            reading.rejected += 1
            return
        reading.events.append(event)
        reading.places[event.id] = (self.reporter.locate(where), named)

    def _record(self, record: dict[str, Any]) -> Event:
        """The event a slide carries under :data:`RECORD_KEY`, as our JSON writes it."""
        values = dict(record)
        wanted = values.get("id")
        if isinstance(wanted, str) and wanted:
            values["id"] = self.ids.take(wanted)
        try:
            return Event.model_validate(values)
        except ValidationError as exc:
            raise _Rejected(validation_message(exc), (RECORD_KEY,)) from None

    def _event(
        self,
        slide: dict[str, Any],
        text: dict[str, Any],
        headline: str,
        where: tuple[Any, ...],
        named: str,
        era: bool,
    ) -> Event:
        start = _date(slide.get("start_date"), ("start_date",), self.reporter, where, named)
        if start is None:
            raise _Rejected("no start_date: a slide needs at least a year", ("start_date",))
        end = _date(slide.get("end_date"), ("end_date",), self.reporter, where, named)
        content = html_to_text(_string(text.get("text")))
        media = _mapping(slide.get("media"))
        summary = content.text
        sources = list(content.sources)
        media_source, quoted = self._media(media, where, named)
        if quoted:
            summary = f"{summary}\n\n{quoted}" if summary else quoted
        if media_source is not None:
            sources.append(media_source)
        for link in content.links:
            source = self._link_source(link, where, named)
            if source is not None:
                sources.append(source)
        title = headline or self._fallback_title(summary, media, where, named)
        start, end, stated = _display_date(slide, start, end)
        if stated:
            sources.append(Source(outlet=self.name, date_text=stated))
        unique_id = _string(slide.get("unique_id")).strip()
        # An id that is already one of ours stays as it is (slugify would shorten it).
        wanted = unique_id if _ID_RE.match(unique_id) else slugify(unique_id)
        wanted = wanted or event_id(start, title)
        values: dict[str, Any] = {
            "id": self.ids.take(wanted),
            "title": title,
            "date": start,
            "end": end,
            "type": self.defaults.type,
            "actors": list(self.defaults.actors),
            "track": slugify(_one_line(_string(slide.get("group")))) or None,
            "summary": summary or None,
            "sources": _unique(sources, keep=len(content.sources)),
            "tags": [ERA_TAG] if era else [],
            "place": _location(slide.get("location")),
        }
        try:
            return Event.model_validate(values)
        except ValidationError as exc:
            raise _Rejected(validation_message(exc)) from None

    def _media(
        self, media: dict[str, Any], where: tuple[Any, ...], named: str
    ) -> tuple[Source | None, str]:
        url = _string(media.get("url")).strip()
        if not url:
            return None, ""
        if "<" in url:
            # TimelineJS shows HTML given as media (a blockquote) as it is: keep its words.
            quoted = html_to_text(url).text
            if not quoted:
                self.reporter.warning(
                    (*where, "media", "url"), f"{named}: media has no text or address; not kept"
                )
            return None, quoted
        if url.startswith("//"):
            url = "https:" + url  # a protocol-relative address, as TimelineJS allows
        host = _host(url)
        if host is None:
            self.reporter.warning(
                (*where, "media", "url"),
                f"{named}: media '{url}' is not a web address; not kept as a source",
            )
            return None, ""
        credit = html_to_text(_string(media.get("credit"))).text
        # A credit that reads as one line names who published the media; otherwise the
        # address's host does.
        outlet = credit if credit and "\n" not in credit else host
        caption = _one_line(_string(media.get("caption"))) or None
        try:
            return Source(outlet=outlet, title=caption, url=url), ""
        except ValidationError as exc:
            self.reporter.warning(
                (*where, "media", "url"),
                f"{named}: media not kept as a source: {validation_message(exc)}",
            )
            return None, ""

    def _link_source(self, link: Link, where: tuple[Any, ...], named: str) -> Source | None:
        host = _host(link.href)
        if host is None:
            if link.href.strip().lower().startswith(("http:", "https:")):
                self.reporter.warning(
                    (*where, "text", "text"),
                    f"{named}: link '{link.href}' not kept as a source: a browser would not "
                    "open the host it seems to name (a user name, backslash or space in it)",
                )
            return None  # mailto:, anchors and relative links are not sources
        title = link.text if link.text and link.text != link.href else None
        try:
            return Source(outlet=host, title=title, url=link.href)
        except ValidationError as exc:
            self.reporter.warning(
                (*where, "text", "text"),
                f"{named}: link not kept as a source: {validation_message(exc)}",
            )
            return None

    def _fallback_title(
        self, summary: str, media: dict[str, Any], where: tuple[Any, ...], named: str
    ) -> str:
        caption = _one_line(_string(media.get("caption")))
        first_line = summary.split("\n", 1)[0] if summary else ""
        for origin, candidate in (("text", first_line), ("media caption", caption)):
            if candidate:
                title = _shorten(candidate)
                self.reporter.warning(
                    (*where, "text"), f"{named}: no headline; the title is taken from its {origin}"
                )
                return title
        raise _Rejected("no headline, text or media caption to title it with", ("text",))


def _date(
    value: Any,
    key: tuple[str],
    reporter: Reporter,
    where: tuple[Any, ...],
    named: str,
) -> PartialDate | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise _Rejected(f"{key[0]} must be an object with a year", key)
    numbers = {part: _number(value.get(part), part, key) for part in _DATE_PARTS}
    year = numbers["year"]
    if year is None:
        return None
    if year < 1:
        raise _Rejected(
            f"year {year} is BCE: dates before year 1 are not supported", (*key, "year")
        )
    if year > 9999:
        raise _Rejected(
            f"year {year} is beyond 9999: cosmological dates are not supported", (*key, "year")
        )
    month, day, hour = numbers["month"], numbers["day"], numbers["hour"]
    if day is not None and month is None:
        raise _Rejected(f"{key[0]} has a day but no month", (*key, "day"))
    if hour is not None and day is None:
        raise _Rejected(f"{key[0]} has a time but no day", (*key, "hour"))
    if numbers["minute"] is not None and hour is None:
        raise _Rejected(f"{key[0]} has minutes but no hour", (*key, "minute"))
    if numbers["millisecond"]:
        reporter.warning((*where, *key, "millisecond"), f"{named}: {key[0]} milliseconds dropped")
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    if hour is not None:
        # TimelineJS times have no zone; they are read as UTC.
        text += f"T{hour:02d}:{numbers['minute'] or 0:02d}"
        if numbers["second"] is not None:
            text += f":{numbers['second']:02d}"
        text += "Z"
    try:
        return PartialDate.parse(text)
    except DateError as exc:
        raise _Rejected(f"{key[0]}: {exc}", key) from None


def _number(value: Any, part: str, key: tuple[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Rejected(f"{key[0]}.{part}: {value!r} is not a number", (*key, part))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # Sheets write numbers as text, sometimes with thousands separators ("1,815").
    text = re.sub(r"[\s,]+", "", str(value))
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d+", text):
        raise _Rejected(f"{key[0]}.{part}: '{value}' is not a number", (*key, part))
    return int(text)


def _display_date(
    slide: dict[str, Any], start: PartialDate, end: PartialDate | None
) -> tuple[PartialDate, PartialDate | None, str | None]:
    """The dates and the ``display_date`` to keep as ``date_text`` (None when it just shows
    the dates, as our export writes them; then its "(approx.)" marks are taken back)."""
    stated = _one_line(_string(slide.get("display_date")))
    if not stated:
        start_object = slide.get("start_date")
        if isinstance(start_object, dict):
            stated = _one_line(_string(start_object.get("display_date")))
    if not stated:
        return start, end, None
    for start_approx in (False, True):
        for end_approx in (False, True) if end is not None else (False,):
            first = dataclasses.replace(start, approximate=start_approx)
            last = dataclasses.replace(end, approximate=end_approx) if end is not None else None
            if stated == _display(first, last):
                return first, last, None
    for one_of in _one_day_within(start, end):
        if stated == one_of.human():
            return one_of, None, None
    return start, end, stated


def _one_day_within(start: PartialDate, end: PartialDate | None) -> list[PartialDate]:
    """What a slide from day ``start`` to day ``end`` may be when our export wrote it: one day
    of that week or of those days (TimelineJS has no such date, so it gets the first and last
    day, and the display date says which)."""
    if end is None or start.precision is not Precision.DAY or end.precision is not Precision.DAY:
        return []
    assert start.month is not None and start.day is not None
    assert end.month is not None and end.day is not None
    first = dt.date(start.year, start.month, start.day)
    last = dt.date(end.year, end.month, end.day)
    if last <= first:
        return []
    found = []
    for approximate in (False, True):
        if first.weekday() == 0 and (last - first).days == 6:
            year, week, _ = first.isocalendar()
            found.append(PartialDate.of_week(year, week, approximate))
        found.append(PartialDate.within(first, last, approximate))
    return found


def _unique(sources: list[Source], keep: int) -> list[Source]:
    """The first ``keep`` sources (listed as sources), then the others (media and links) whose
    address is not there yet."""
    seen = {source.url for source in sources[:keep] if source.url is not None}
    kept = sources[:keep]
    for source in sources[keep:]:
        if source.url is not None:
            if source.url in seen:
                continue
            seen.add(source.url)
        kept.append(source)
    return kept


def _host(url: str) -> str | None:
    # The host a browser opens, never another reading of the address: an outlet named after
    # one host on a link that opens another would mislead the reader.
    host = web_host(url)
    return None if host is None else host.removeprefix("www.")


def _location(value: Any) -> dict[str, Any] | None:
    """A slide's ``location`` (StoryMapJS's name, lat, lon) as an event's place: none without
    a name, coordinates only when both are numbers (StoryMapJS files leave either out)."""
    if not isinstance(value, dict):
        return None
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    place: dict[str, Any] = {"name": name.strip()}
    lat, lon = value.get("lat"), value.get("lon")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
    if numbers:
        place.update(lat=lat, lon=lon)
    return place


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _shorten(text: str, width: int = 80) -> str:
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def read_csv(text: str, shown: str, defaults: Defaults, name: str) -> Reading:
    """Read a TimelineJS Google Sheets CSV (columns matched by name, as TimelineJS does).
    ``name`` and ``shown`` are as for :func:`read_json`; problems give the row's line."""
    reporter = Reporter(shown, _line_locator)
    header, header_line, rows = _csv_records(text, shown)
    columns = _sheet_columns(header, shown, header_line, reporter)
    reading = Reading()
    slides: list[tuple[int, int, str, dict[str, Any]]] = []
    titled = False
    for row_number, line, record in rows:
        cells = {
            column: record[index].strip() if index < len(record) else ""
            for column, index in columns.items()
        }
        try:
            kind, slide = _sheet_slide(cells)
        except _Rejected as exc:
            headline = _one_line(cells.get("Headline", ""))
            named = f'row {row_number} "{headline}"' if headline else f"row {row_number}"
            reporter.error((line,), f"{named}: {exc.message}")
            reading.rejected += 1
            continue
        if kind == "title" and not titled:
            titled = True
            reading.title = _read_title(reporter, slide, (line,))
            continue
        if kind == "title":
            # TimelineJS shows a second title row as an ordinary slide.
            reporter.warning((line,), f"row {row_number}: a second title row is read as a slide")
        slides.append((row_number, line, kind, slide))
    converter = _SlideConverter(reporter, defaults, reading.title or name)
    for row_number, line, kind, slide in slides:
        converter.convert(slide, (line,), f"row {row_number}", reading, era=kind == "era")
    reading.problems = reporter.finish()
    return reading


def _line_locator(path: tuple[Any, ...]) -> Location:
    return Location(path[0], 1) if path and isinstance(path[0], int) else Location(1, 1)


def _csv_records(text: str, shown: str) -> tuple[list[str], int, list[tuple[int, int, list[str]]]]:
    """The header, its line, and each non-blank row as (sheet row number, first line, cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] = []
    header_line = 1
    rows: list[tuple[int, int, list[str]]] = []
    last_line = 0
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if not header:
                header, header_line = record, first_line
            else:
                # Cells our export quoted so that spreadsheets would not run them (csvcells).
                rows.append((len(rows) + 2, first_line, [restore(cell) for cell in record]))
    except csv.Error as exc:
        raise csv_problem(shown, exc, last_line + 1, reader.line_num) from None
    return header, header_line, rows


def _sheet_columns(header: list[str], shown: str, line: int, reporter: Reporter) -> dict[str, int]:
    known = {column.casefold(): column for column in SHEET_COLUMNS}
    known["tag"] = "Group"  # the name older sheets used
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip()
        column = known.get(name.casefold())
        if column is not None:
            columns.setdefault(column, index)
        elif name.casefold() in ("start date", "end date"):
            raise ImportFailed(
                f"{shown}:{line}: an old TimelineJS sheet (a '{name}' column): copy it into "
                "the current template, with Year, Month and Day columns"
            )
        elif name:
            reporter.unknown(name, (line, 1), kind="column")
    if "Year" not in columns or "Headline" not in columns:
        raise ImportFailed(
            f"{shown}:{line}: not a TimelineJS sheet: the header needs Year and Headline columns"
        )
    return columns


def _sheet_slide(cells: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """A row as the slide TimelineJS makes of it (its ``extractEventFromCSVObject``)."""
    slide: dict[str, Any] = {
        "text": {"headline": cells.get("Headline", ""), "text": cells.get("Text", "")},
        "media": {
            "url": cells.get("Media", ""),
            "credit": cells.get("Media Credit", ""),
            "caption": cells.get("Media Caption", ""),
        },
        "display_date": cells.get("Display Date", ""),
        "group": cells.get("Group", ""),
    }
    for prefix, key in (("", "start_date"), ("End ", "end_date")):
        year = cells.get(f"{prefix}Year", "")
        time = cells.get(f"{prefix}Time", "")
        if year:
            date = {
                "year": year,
                "month": cells.get(f"{prefix}Month", ""),
                "day": cells.get(f"{prefix}Day", ""),
            }
            if time:
                date.update(_parse_time(time, f"{prefix}Time"))
            slide[key] = date
        elif time:
            raise _Rejected(f"{prefix}Time is given without a {prefix}Year")
    return cells.get("Type", "").casefold(), slide


def _parse_time(text: str, column: str) -> dict[str, str]:
    """A sheet's time of day, read as TimelineJS reads it (its ``parseTime``): ``14:30``,
    ``2:30 PM``, ``1430``, ``14.30``, ``14:30:05``."""
    value = text.strip()
    period = re.search(r"\s*([AaPp])\.?[Mm]\.?\s*$", value)
    if period:
        value = value[: period.start()].strip()
    compact = re.fullmatch(r"(\d{1,2})(\d{2})", value)
    if compact:
        parts = list(compact.groups())
    else:
        parts = value.split(":") if ":" in value else value.split(".")
    seconds = re.split(r"[.,]", parts[2])[0] if len(parts) > 2 else None
    fields = [parts[0], parts[1] if len(parts) > 1 else None, seconds]
    if len(parts) > 4 or not all(f is None or re.fullmatch(r"\d{1,2}", f) for f in fields):
        raise _Rejected(f"{column} '{text}' is not a time of day (use HH:MM or HH:MM:SS)")
    hour = int(parts[0])
    if period and period.group(1).lower() == "p" and hour != 12:
        hour += 12
    elif period and period.group(1).lower() == "a" and hour == 12:
        hour = 0
    minute = int(fields[1]) if fields[1] is not None else 0
    second = int(seconds) if seconds is not None else None
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        raise _Rejected(f"{column} '{text}' is not a time of day (out of range)")
    time = {"hour": str(hour), "minute": str(minute)}
    if second is not None:
        time["second"] = str(second)
    return time


# Writing -------------------------------------------------------------------------------------


_DASH = "\u2013"  # an en dash between the dates of a span


def _display(start: PartialDate, end: PartialDate | None) -> str:
    return start.human() if end is None else f"{start.human()} {_DASH} {end.human()}"


def _utc(date: PartialDate) -> PartialDate:
    # TimelineJS has no time zones: times go out in UTC, and their display says so.
    if date.hour is None:
        return date
    moment = date.earliest()
    return PartialDate(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second if date.second is not None else None,
        0,
        date.approximate,
    )


def _date_object(date: PartialDate) -> dict[str, str]:
    # Strings, as TimelineJS's own sheet reader makes them.
    parts = {"year": str(date.year)}
    for name in ("month", "day", "hour", "minute", "second"):
        value = getattr(date, name)
        if value is not None:
            parts[name] = str(value)
    return parts


# The slides' HTML comes from timeline.pages, imported on first use: it imports the drawing
# code, which reading TimelineJS files does not need.


def _headline(title: str) -> str:
    from timeline.pages import slide_headline

    return slide_headline(title)


def _text_html(event: Event) -> str:
    from timeline.pages import slide_text

    return slide_text(event.summary, event.sources, SOURCES_CLASS)


def _is_era(event: Event) -> bool:
    return ERA_TAG in event.tags and event.end is not None


def _day_of(date: PartialDate, last: bool) -> PartialDate:
    """A week or a range of days as its first or last day; any other date as it is."""
    day = date.last_day if last else date.first_day
    if day is None:
        return date
    return PartialDate(day.year, day.month, day.day, approximate=date.approximate)


def _ends(event: Event) -> tuple[PartialDate, PartialDate | None, str]:
    """A slide's start, end and display date. TimelineJS has no "one day within", so a week
    or a range of days goes out as its first and last day, and the display date says it is
    one day of them."""
    start = _utc(_day_of(event.date, last=False))
    stated_end = event.end if event.end is not None or event.date.last_day is None else event.date
    end = _utc(_day_of(stated_end, last=True)) if stated_end is not None else None
    one_of = any(d is not None and d.first_day is not None for d in (event.date, event.end))
    return start, end, _display(event.date, event.end) if one_of else _display(start, end)


def _slide(event: Event) -> dict[str, Any]:
    start, end, display = _ends(event)
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _date_object(start)}
    if end is not None:
        slide["end_date"] = _date_object(end)
    slide["display_date"] = display
    slide["text"] = {"headline": _headline(event.title), "text": _text_html(event)}
    if event.track:
        slide["group"] = event.track
    slide[RECORD_KEY] = event_data(event)
    if event.place is not None:
        # TimelineJS has no place and ignores keys it does not know; StoryMapJS's
        # "location" (name, lat, lon) carries it, and our import reads it back.
        slide["location"] = event.place.model_dump(mode="json", exclude_none=True)
    return slide


def _era(event: Event) -> dict[str, Any]:
    assert event.end is not None
    return {
        "unique_id": event.id,
        "start_date": _date_object(_ends(event)[0]),
        "end_date": _date_object(_utc(_day_of(event.end, last=True))),
        "text": {"headline": _headline(event.title), "text": _text_html(event)},
        RECORD_KEY: event_data(event),
    }


def to_json(events: Sequence[Event], title: str | None = None, plans: Sequence[Plan] = ()) -> str:
    """TimelineJS JSON for ``events`` (in the order given), with a title slide if titled.
    Events tagged ``era`` that have an end become eras. Every slide and era carries its
    event, and the top the ``plans``, under :data:`RECORD_KEY`."""
    data: dict[str, Any] = {}
    if title:
        data["title"] = {"text": {"headline": _headline(title), "text": ""}}
    data["events"] = [_slide(event) for event in events if not _is_era(event)]
    eras = [_era(event) for event in events if _is_era(event)]
    if eras:
        data["eras"] = eras
    if plans:
        data[RECORD_KEY] = {"plans": [plan_data(plan) for plan in plans]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(events: Sequence[Event], title: str | None = None, raw: bool = False) -> str:
    """A CSV with the TimelineJS sheet header, ready to paste into their Google Sheets
    template: a title row if titled, then one row per event (eras typed ``era``). Cells a
    spreadsheet would run as formulas get a quote in front (:mod:`timeline.csvcells`) unless
    ``raw``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=SHEET_COLUMNS, lineterminator="\r\n"
    )  # RFC 4180; quotes a bare \r too
    writer.writeheader()
    if title:
        heading = {"Headline": _headline(title), "Type": "title"}
        writer.writerow(heading if raw else neutralise_row(heading))
    for event in events:
        start, end, display = _ends(event)
        row = {
            **_sheet_date(start, ""),
            **(_sheet_date(end, "End ") if end is not None else {}),
            "Display Date": "" if _is_era(event) else display,
            "Headline": _headline(event.title),
            "Text": _text_html(event),
            "Type": "era" if _is_era(event) else "",
            "Group": event.track or "",
        }
        writer.writerow(row if raw else neutralise_row(row))
    return buffer.getvalue()


def _sheet_date(date: PartialDate, prefix: str) -> dict[str, str]:
    cells = {f"{prefix}Year": str(date.year)}
    if date.month is not None:
        cells[f"{prefix}Month"] = str(date.month)
    if date.day is not None:
        cells[f"{prefix}Day"] = str(date.day)
    if date.hour is not None:
        time = f"{date.hour:02d}:{date.minute or 0:02d}"
        if date.second is not None:
            time += f":{date.second:02d}"
        cells[f"{prefix}Time"] = time
    return cells
