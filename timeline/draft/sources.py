"""The article to draft from: its text, and the outlet, title, URL and publication date.

A source is a plain-text or Markdown file (optionally with a YAML front matter block), a saved
web page (``.html``), an ``http(s)://`` address, or ``-`` for standard input. Web pages are
read with trafilatura (main text, title, site name, canonical URL) and htmldate, asked for
the *original* publication date: by default htmldate prefers the last-modified date, and a
date in the address can win over the page's own, so the page's markup is asked first and the
address only when the page says nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from timeline.dates import DateError, PartialDate
from timeline.draft.needs import module
from timeline.errors import InvalidSetting, TimelineError
from timeline.yaml_read import YamlError, parse_yaml

__all__ = [
    "MAX_BYTES",
    "MAX_CHARS",
    "TIMEOUT",
    "Article",
    "Overrides",
    "SourceError",
    "parse_published",
    "read_source",
]

# A long article is 10,000 words, about 60 KB as text and rarely more than 2 MB as a page with
# its markup; 10 MB leaves room for heavy pages while a wrong file is refused at once.
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20.0  # seconds for a web page to answer and arrive, whole

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# Control characters (other than tab and line breaks) would end up in quotes, which event
# files refuse; in article text they are debris of copy and paste.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# spaCy reads at most a million characters at once, and a long text takes minutes: far more
# than any one article (a 10,000-word feature is about 60,000 characters).
MAX_CHARS = 300_000
# The page's own addresses (canonical link, og:url), whose path may hold a date.
_ADDRESSES = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[^>]*>|<meta\b[^>]*\bproperty=[\"']?og:url[^>]*>", re.I
)
_FRONT_KEYS = ("outlet", "title", "url", "published", "author")
# A file of text has no NUL bytes; a PDF, an image or a zip file nearly always has some early on.
_BINARY_PROBE = 8192


class SourceError(TimelineError):
    """An article that cannot be read: missing, too big, not text, empty, or undated."""


@dataclass(frozen=True)
class Overrides:
    """What the command line says about the article; it wins over what the article says."""

    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """One article, ready to draft from."""

    name: str  # how the user named it: a path, an address, or "-"
    text: str
    published: dt.date
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None


def read_source(name: str, overrides: Overrides, stdin: BinaryIO | None = None) -> Article:
    """Read the article named ``name`` (path, address or ``-``); :class:`SourceError` if it
    cannot be read or has no publication date (found or given)."""
    if name.startswith(("http://", "https://")):
        raw, kind = _fetch(name), "html"
    elif name == "-":
        if stdin is None:
            raise SourceError("-: no standard input to read")
        raw, kind = _read_capped(stdin, "-"), "guess"
    else:
        raw, kind = _read_file(Path(name)), _kind(Path(name))
    if kind == "guess":
        kind = (
            "html"
            if re.match(rb"\s*<(?:!doctype html|html|head|body)\b", raw[:512], re.I)
            else "text"
        )
    text = _CONTROLS.sub(" ", _decode(raw, name))
    if not text.strip():
        raise SourceError(f"{name}: the article is empty")
    found = _from_html(text, name) if kind == "html" else _from_text(text, name)
    if len(found.text) > MAX_CHARS:
        raise SourceError(
            f"{name}: the article's text is too long ({len(found.text):,} characters; at most "
            f"{MAX_CHARS:,}): give one article at a time"
        )
    if name.startswith(("http://", "https://")) and found.url is None:
        found = replace(found, url=name)
    return _finish(found, overrides)


def parse_published(text: str, where: str) -> dt.date:
    """A publication date as written in front matter, a page or ``--published``: ISO
    (``2025-03-18``, ``2025-03-18T09:12:00Z``) or as newspapers print it
    (``Tuesday 18 March 2025 09:12 GMT``, read by dateparser on that short text only)."""
    value = " ".join(str(text).split())
    try:
        date = PartialDate.parse(value[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    except DateError:
        date = None
    if date is not None and date.day is not None and date.month is not None:
        return dt.date(date.year, date.month, date.day)
    # A day needs its year, and "03/04/2025" is April or March depending on who wrote it;
    # "yesterday" would be counted from today, not from the article.
    if not re.search(r"\b\d{4}\b", value) or re.search(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", value):
        raise SourceError(
            f"{where}: '{value}' is not a publication day: give it as YYYY-MM-DD "
            "(relative dates in the article are counted from it)"
        )
    dateparser = module("dateparser")
    # Default settings on purpose: PREFER_DATES_FROM='past' moves a same-day weekday a week back.
    parsed = dateparser.DateDataParser(languages=["en"]).get_date_data(value)
    if parsed.date_obj is None or parsed.period != "day":
        raise SourceError(
            f"{where}: '{value}' is not a publication day: give it as YYYY-MM-DD "
            "(relative dates in the article are counted from it)"
        )
    day: dt.date = parsed.date_obj.date()
    return day


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".txt", ".md", ".markdown", ".text"):
        return "text"
    return "guess"


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SourceError(f"{path}: is a folder, not an article")
        if size > MAX_BYTES:
            raise SourceError(_too_big(str(path), size))
        with path.open("rb") as handle:
            return _read_capped(handle, str(path))
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _read_capped(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SourceError(_too_big(name, None))
    return data


def _too_big(name: str, size: int | None) -> str:
    what = f"{size / 1024 / 1024:.0f} MB" if size is not None else "more than that"
    return (
        f"{name}: the article is too big ({what}; at most {MAX_BYTES // 1024 // 1024} MB): "
        "save the article's own page or its text"
    )


def timeout() -> float:
    """Seconds a web page may take, whole: ``TIMELINE_FETCH_TIMEOUT``, else :data:`TIMEOUT`."""
    text = os.environ.get("TIMELINE_FETCH_TIMEOUT", "").strip()
    if not text:
        return TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 3600:
        raise InvalidSetting(
            f"TIMELINE_FETCH_TIMEOUT={text!r} is not a number of seconds; give one "
            f"(e.g. 60) or unset it for {TIMEOUT:.0f}"
        )
    return value


def _fetch(url: str) -> bytes:
    limit = timeout()
    deadline = time.monotonic() + limit
    request = urllib.request.Request(url, headers={"User-Agent": "negotiation-timeline draft"})
    try:
        with urllib.request.urlopen(request, timeout=limit) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > MAX_BYTES:
                raise SourceError(_too_big(url, int(length)))
            # Read in pieces against one deadline: a server that sends a byte a second would
            # otherwise never trip the per-read time-out.
            data = bytearray()
            while chunk := response.read1(64 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise SourceError(_too_big(url, None))
                if time.monotonic() > deadline:
                    raise TimeoutError
            return bytes(data)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise SourceError(f"{url}: no answer within {limit:g} s") from None
        raise SourceError(f"{url}: cannot be fetched: {exc.reason}") from None
    except TimeoutError:
        raise SourceError(f"{url}: no answer within {limit:g} s") from None
    except OSError as exc:
        raise SourceError(f"{url}: cannot be fetched: {exc.strerror or exc}") from None


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:_BINARY_PROBE]:
        raise SourceError(f"{name}: not text (a binary file?): give a text, Markdown or HTML file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
            "save it as UTF-8"
        ) from None


def _from_text(text: str, name: str) -> Article:
    """Plain text or Markdown, with an optional ``---`` front matter block."""
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            data = parse_yaml(match.group(1)).data
        except YamlError as exc:
            raise SourceError(
                f"{name}:{exc.location.line + 1}:{exc.location.column}: front matter: {exc.message}"
            ) from None
        if not isinstance(data, dict):
            raise SourceError(f"{name}:2:1: front matter: write key: value lines")
        meta = {k: data[k] for k in _FRONT_KEYS if data.get(k) is not None}
        text = text[match.end() :]
    published = (
        parse_published(str(meta["published"]), f"{name}: front matter 'published'")
        if "published" in meta
        else None
    )
    return _article(name, text, published, meta)


def _article(name: str, text: str, published: dt.date | None, meta: dict[str, Any]) -> Article:
    # A placeholder day, replaced in _finish (or refused there when nothing gives one).
    article = Article(
        name=name,
        text=text,
        published=published or dt.date.min,
        outlet=_str(meta.get("outlet")),
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        author=_str(meta.get("author")),
    )
    return article


def _str(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split()) or None


def _from_html(html: str, name: str) -> Article:
    trafilatura = module("trafilatura")
    htmldate = module("htmldate")
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if found is None or not (found.text or "").strip():
        raise SourceError(f"{name}: no article text found in the page")
    text: str = found.text
    title = _str(found.title)
    if title is not None:
        # trafilatura keeps the headline as the text's first line; it is the title, not news.
        first, _, rest = text.partition("\n")
        if " ".join(first.split()) == title:
            text = rest
    # The page's own markup first, then the address: a date in the URL path is the day the
    # address was made, which htmldate would otherwise prefer to the visible date.
    # htmldate reads the canonical link itself, so the page is asked without its addresses.
    own = _ADDRESSES.sub("", html)
    date = htmldate.find_date(own, original_date=True, extensive_search=False)
    if date is None and found.url:
        date = htmldate.find_date(html, original_date=True, extensive_search=False, url=found.url)
    published = parse_published(date, f"{name}: the page's date") if date else None
    meta = {"outlet": found.sitename, "title": title, "url": found.url, "author": found.author}
    return _article(name, text, published, meta)


def _finish(found: Article, overrides: Overrides) -> Article:
    published = found.published if found.published != dt.date.min else None
    if overrides.published is not None:
        published = parse_published(overrides.published, "--published")
    if published is None:
        raise SourceError(
            f"{found.name}: no publication date found: give it with --published YYYY-MM-DD "
            "(every relative date in the article is counted from it)"
        )
    url = overrides.url or found.url
    if url is not None and not re.match(r"https?://", url, re.I):
        url = None  # a relative or odd canonical link is no source address
    return replace(
        found,
        published=published,
        outlet=overrides.outlet or found.outlet,
        title=overrides.title or found.title,
        url=url,
    )
