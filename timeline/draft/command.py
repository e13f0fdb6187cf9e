"""What ``timeline draft`` does: read each article, draft its candidates against the events
folder, and write them to a review file (or hand them back as text for ``--dry-run``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from timeline.draft.drafting import Candidate, draft_article
from timeline.draft.reviewfile import (
    article_data,
    candidate_data,
    review_name,
    review_text,
    write_review,
)
from timeline.draft.sources import Article, Overrides, SourceError, read_source
from timeline.errors import EventsNotFound
from timeline.loading import load
from timeline.model import web_host

__all__ = ["Drafted", "draft_sources"]


@dataclass
class Drafted:
    """One article's drafts: the candidates, the review file written (if any), its text."""

    article: Article
    candidates: list[Candidate]
    text: str
    path: Path | None = None
    merges: int = 0
    undated: int = 0
    notes: list[str] = field(default_factory=list)


def draft_sources(
    names: Sequence[str],
    events: Path,
    overrides: Overrides,
    *,
    stdin: BinaryIO | None = None,
    write: bool = True,
    fmt: str = "yaml",
) -> list[Drafted]:
    """Draft every article in ``names``; each is read in full before anything is written, so
    an unreadable article stops the run with no review file half made."""
    if not events.is_dir():
        raise EventsNotFound(
            f"{events}: no such folder; create it (mkdir {events}) or pass the folder with -e"
        )
    articles = [_with_outlet(read_source(name, overrides, stdin)) for name in names]
    timeline = load(events).timeline
    results = []
    for article in articles:
        candidates = draft_article(article, timeline.events, events)
        items = [candidate_data(candidate, article) for candidate in candidates]
        text = review_text(items, article_data(article), fmt, events)
        drafted = Drafted(
            article,
            candidates,
            text,
            merges=sum(1 for c in candidates if c.merge_into),
            undated=sum(1 for c in candidates if c.date is None),
        )
        if write:
            yaml_text = (
                text if fmt == "yaml" else review_text(items, article_data(article), "yaml", events)
            )
            drafted.path = write_review(events, review_name(article), yaml_text)
        results.append(drafted)
    return results


def _with_outlet(article: Article) -> Article:
    """Every source names its outlet: from the page or front matter, --outlet, or the host."""
    if article.outlet:
        return article
    if article.url and (host := web_host(article.url)):
        return replace(article, outlet=host.removeprefix("www."))
    raise SourceError(f"{article.name}: no outlet found (who published it?): give it with --outlet")
