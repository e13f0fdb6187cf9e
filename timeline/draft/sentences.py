"""The article's sentences, each with its paragraph, as spaCy parses them (tokens, lemmas,
dependency tree, named entities)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from timeline.draft.needs import language

__all__ = ["Sentence", "paragraphs", "sentences"]

# Markdown that is layout, not words: headings' #, list bullets, emphasis, link targets.
_MARKDOWN = [
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, its place, and spaCy's span (tokens, ``ents``, ``root``)."""

    paragraph: int
    index: int  # in the article, from 0
    first_in_paragraph: bool
    span: Any
    whole: Any = None  # the whole sentence, when ``span`` is one of its clauses

    @property
    def text(self) -> str:
        return " ".join(str(self.span.text).split())

    @property
    def quote(self) -> str:
        """The whole sentence, as the source's quote (a clause alone would misquote)."""
        return " ".join(str((self.whole or self.span).text).split())


def paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks separated by line breaks (pages and wire copy put one per line)."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return [" ".join(block.split()) for block in re.split(r"\n", text) if block.strip()]


def sentences(text: str) -> Iterator[Sentence]:
    """Every sentence of ``text``, in order."""
    nlp = language()
    index = 0
    for number, doc in enumerate(nlp.pipe(paragraphs(text))):
        for position, span in enumerate(doc.sents):
            if not span.text.strip():
                continue
            yield Sentence(number, index, position == 0, span)
            index += 1
