"""Attributed sentences: who says so ("the Kremlin said", "according to the White House"),
and whether they assert or deny it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from timeline.draft.actors import Names
from timeline.draft.kinds import REPORTING, lemma_of

__all__ = ["Attribution", "attribution"]

_DENY = frozenset({"deny", "dismiss", "reject", "refute", "rebut"})
# The reporting verbs that type a sentence a statement also attribute it, and "dismissed";
# "rejected" is the act of rejecting (a rejection), not the report of one.
_SAY = (REPORTING | {"dismiss"}) - {"reject"}


@dataclass(frozen=True)
class Attribution:
    """Who a sentence attributes its content to, their stance, and what they say."""

    by: str  # who the content is attributed to: "according to" X, else the speaker
    stance: str  # "asserts" or "denies"
    says: str
    speaker: str | None = None  # the subject of the reporting verb ("Zelensky said")


def attribution(span: Any, names: Names, people: Names) -> Attribution | None:
    """The party a sentence attributes its content to, if it names one."""
    says = _content(span)
    source = None
    for token in span:
        if token.lower_ == "according" and token.i + 1 < span.end and token.nbor().lower_ == "to":
            pobj = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
            if pobj is not None:
                source = _name(pobj, names, people)
                break
    speaker = _speaker(span, names, people)
    if speaker is not None and not speaker[0].strip():
        speaker = None
    if not (source or "").strip():
        source = None
    if speaker is None and source is None:
        return None
    stance = speaker[1] if speaker is not None else "asserts"
    by = source or (speaker[0] if speaker is not None else "")
    return Attribution(by, stance, says, speaker[0] if speaker is not None else None)


def _speaker(span: Any, names: Names, people: Names) -> tuple[str, str] | None:
    """The subject of the sentence's reporting verb, and whether it asserts or denies."""
    for token in span:
        lemma = lemma_of(token)
        if token.pos_ != "VERB" or lemma not in _SAY:
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and token.dep_ == "conj":
            # "Trump called it promising and said ...": the first verb's subject says it too.
            subject = next(
                (c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None
            )
        if subject is None or subject.lower_ in ("it", "this", "that", "which", "who"):
            continue
        stance = "denies" if lemma in _DENY else "asserts"
        return _name(subject, names, people), stance
    return None


def _name(token: Any, names: Names, people: Names) -> str:
    """The words naming the party (with their modifiers), as the folder writes them."""
    subtree = list(token.subtree)
    first, last = subtree[0].i, subtree[-1].i + 1
    entities = [e for e in token.doc.ents if first <= e.start and e.end <= last]
    for label in ("PERSON", "ORG", "GPE"):
        named = [
            e for e in entities if e.label_ == label and (label == "PERSON" or e.root == token)
        ]
        if named:
            text = re.sub(r"^(?:the|The)\s+", "", named[0].text)
            return names.lookup(text) or people.lookup(text) or " ".join(text.split())
    words = " ".join(t.text for t in subtree if t.dep_ not in ("punct", "appos", "relcl"))
    words = re.sub(r"^(?:the|a|an|his|her|their)\s+", "", words, flags=re.I)
    return names.lookup(words) or people.lookup(words) or _phrase(words, names) or words


def _phrase(words: str, names: Names) -> str | None:
    found = names.phrases_in(words)
    return found[0][2] if found else None


def _content(span: Any) -> str:
    """The sentence's words, quotation marks as plain ones, for the reviewer to rewrite."""
    text = " ".join(str(span.text).split())
    return text.replace("\u201c", '"').replace("\u201d", '"')
