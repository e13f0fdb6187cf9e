"""The review file: the candidates drafted from one article, waiting for a person's decision.

It lives in the events folder's hidden ``.drafts/`` folder (``EVENTS/.drafts/NAME.yaml``),
which ``timeline`` never reads as events, so drafts cannot enter a chart unreviewed. Each
candidate records the decision taken on it (``accepted``, ``merged``, ``skipped``), so a review
left half-way resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from timeline.dates import DateError, PartialDate
from timeline.draft.drafting import Candidate
from timeline.draft.sources import Article
from timeline.errors import TimelineError
from timeline.ids import slugify
from timeline.safefile import atomic_write, lock
from timeline.yaml_read import YamlError, parse_yaml

__all__ = [
    "DRAFTS",
    "Review",
    "ReviewItem",
    "candidate_data",
    "drafts_folder",
    "read_review",
    "review_files",
    "review_name",
    "review_text",
    "write_review",
]

DRAFTS = ".drafts"
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_HEADER = (
    "# Candidate events drafted by `timeline draft` from one article, for review:\n"
    "#   timeline draft --review -e {folder}\n"
    "# Nothing here is an event until it is accepted or merged.\n"
)


@dataclass
class ReviewItem:
    """A candidate as the review file holds it: plain event fields, notes, decision."""

    data: dict[str, Any]

    @property
    def decision(self) -> str | None:
        value = self.data.get("decision")
        return value if isinstance(value, str) else None


@dataclass
class Review:
    """One review file: the article it was drafted from and its candidates."""

    path: Path
    article: dict[str, Any]
    items: list[ReviewItem] = field(default_factory=list)


def drafts_folder(events: Path) -> Path:
    return events / DRAFTS


def review_name(article: Article) -> str:
    """``2025-03-18-trump-and-putin-agree.yaml``: the publication day and the title (or the
    file's name), so drafts of one article land in one file."""
    stem = article.title or (Path(article.name).stem if article.name != "-" else None)
    slug = slugify(stem or "article") or "article"
    day = article.published.isoformat()
    slug = slug.removeprefix(day).lstrip("-") or "article"
    return f"{day}-{slug[:60].rstrip('-')}.yaml"


def candidate_data(candidate: Candidate, article: Article) -> dict[str, Any]:
    """A candidate as plain data: the event's fields first, then what the reviewer needs."""
    source: dict[str, Any] = {"outlet": article.outlet}
    if article.title:
        source["title"] = article.title
    if article.url:
        source["url"] = article.url
    source["published"] = article.published.isoformat()
    source["quote"] = candidate.quote
    if candidate.date_text:
        source["date_text"] = candidate.date_text
    data: dict[str, Any] = {
        "title": candidate.title,
        "date": candidate.date.iso() if candidate.date else None,
    }
    if candidate.end is not None:
        data["end"] = candidate.end.iso()
    data["type"] = candidate.type
    data["cameo"] = candidate.cameo
    data["actors"] = list(candidate.actors)
    if candidate.track:
        data["track"] = candidate.track
    data["sources"] = [source]
    if candidate.claims:
        data["claims"] = [dict(claim) for claim in candidate.claims]
    if candidate.merge_into:
        data["merge_into"] = candidate.merge_into
        data["match"] = candidate.match_reason
    data["notes"] = list(candidate.notes)
    data["sentence"] = candidate.sentence + 1
    return data


def article_data(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {"source": article.name, "outlet": article.outlet}
    for name in ("title", "url", "author"):
        if (value := getattr(article, name)) is not None:
            data[name] = value
    data["published"] = article.published.isoformat()
    return data


def review_text(
    items: list[dict[str, Any]], article: dict[str, Any], fmt: str, folder: Path
) -> str:
    """The review file's text (``yaml``), or the same data as ``json``."""
    document = {"article": article, "candidates": items}
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    body: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    return _HEADER.format(folder=folder) + body


def write_review(events: Path, name: str, text: str) -> Path:
    """Write a review file into ``EVENTS/.drafts/`` (atomically, under the folder's lock)."""
    folder = drafts_folder(events)
    with lock(events):
        folder.mkdir(exist_ok=True)
        path = folder / name
        atomic_write(path, text.encode("utf-8"))
    return path


def review_files(events: Path) -> list[Path]:
    folder = drafts_folder(events)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def read_review(path: Path) -> Review:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError) as exc:
        raise TimelineError(f"{path}: cannot be read: {exc}") from None
    except YamlError as exc:
        where = exc.location
        raise TimelineError(f"{path}:{where.line}:{where.column}: {exc.message}") from None
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        raise TimelineError(f"{path}: not a review file (no 'candidates:' list)")
    items = [ReviewItem(item) for item in data["candidates"] if isinstance(item, dict)]
    return Review(path, data.get("article") or {}, items)


def save_review(review: Review, events: Path) -> None:
    """Write the review back with its decisions."""
    text = review_text([item.data for item in review.items], review.article, "yaml", events)
    with lock(events):
        atomic_write(review.path, text.encode("utf-8"))


def published_of(review: Review) -> dt.date | None:
    value = review.article.get("published")
    try:
        date = PartialDate.parse(str(value))
    except DateError:
        return None
    if date.month is None or date.day is None:
        return None
    return dt.date(date.year, date.month, date.day)
