"""Who a sentence names, written as the events folder already writes them.

Names come from spaCy's entities (people, organisations, countries, nationalities) and from
the folder's alias table, which also catches descriptions ("the Russian president",
"Downing Street"). A name is then written in its fullest form: the folder's name when the
folder has that person ("Putin" → "Vladimir Putin"), else the fullest form the article
itself uses ("Sir Keir" → "Keir Starmer").

The alias table is read by :func:`folder_aliases`: the folder's ``actors.yaml`` (see
docs/events.md) and the actor names its events already use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.actors import load_actors

__all__ = [
    "Names",
    "article_people",
    "folder_aliases",
    "sentence_actors",
]

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "prime",
        "minister",
        "secretary",
        "foreign",
        "chancellor",
        "general",
        "gen.",
        "sen.",
        "senator",
        "rep.",
        "envoy",
        "special",
        "the",
        "his",
        "her",
        "their",
        "its",
    ]
)
_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_ROLE_WORDS = frozenset(
    {"president", "counterpart", "leader", "minister", "secretary", "envoy", "spokesman"}
)
_ADDRESSING = frozenset({"speak", "talk", "write", "say", "tell", "send", "deliver", "offer"})
_MEETING_VERBS = frozenset({"meet", "receive", "host", "call", "phone", "visit", "telephone"})
# A nation's adjective ("Russian delegations", "the American team") names its country as a
# party when it describes people who act for it; written as the folder writes the country.
_DEMONYMS = {
    "american": "United States",
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "british": "United Kingdom",
    "french": "France",
    "german": "Germany",
    "saudi": "Saudi Arabia",
    "chinese": "China",
    "turkish": "Turkey",
}
_ENVOYS = frozenset(
    {"delegation", "team", "official", "negotiator", "diplomat", "government", "force"}
)
# Entities that are places or publications in news copy, not parties to an event.
_NOT_PARTIES = frozenset({"LOC", "FAC", "DATE", "CARDINAL", "ORDINAL", "WORK_OF_ART"})


def _key(text: str) -> str:
    text = re.sub(r"(?:'s|\u2019s)$", "", text.strip())
    return " ".join(text.lower().replace("\u2019", "'").split())


def _bare(text: str) -> list[str]:
    """A name's words without titles: 'Prime Minister Sir Keir Starmer' → ['keir', 'starmer']."""
    return [word for word in _key(text).split() if word not in _TITLES]


@dataclass
class Names:
    """The names a folder (and the article so far) uses, and the aliases that lead to them."""

    canonical: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # lowercased alias → canonical

    def add(self, name: str, aliases: Iterable[str] = ()) -> None:
        if name not in self.canonical:
            self.canonical.append(name)
        self.aliases.setdefault(_key(name), name)
        for alias in aliases:
            self.aliases.setdefault(_key(alias), name)

    def lookup(self, text: str) -> str | None:
        """The canonical name for ``text``: an alias, or the one name holding all its words."""
        key = _key(text)
        for form in (key, "the " + key, key.removeprefix("the ")):
            if (found := self.aliases.get(form)) is not None:
                return found
        words = _bare(text)
        if not words:
            return None
        matches = [name for name in self.canonical if set(words) <= set(_bare(name))]
        return matches[0] if len(matches) == 1 else None

    def phrases_in(self, text: str) -> list[tuple[int, int, str]]:
        """Aliases written in ``text`` (longest first), with where they start."""
        lowered = text.lower().replace("\u2019", "'")
        found: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []
        for alias in sorted(self.aliases, key=len, reverse=True):
            if len(alias) < 3:
                continue
            for match in re.finditer(r"\b" + re.escape(alias) + r"\b", lowered):
                span = (match.start(), match.end())
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                taken.append(span)
                found.append((match.start(), match.end(), self.aliases[alias]))
        return sorted(found)


def folder_aliases(folder: Path | None, actor_names: Iterable[str]) -> Names:
    """The names of the events folder: its ``actors.yaml`` (each actor's and group's name
    and aliases, read by :func:`timeline.actors.load_actors`, so drafting writes the names
    ``validate`` accepts), then each event's actors."""
    names = Names()
    index = load_actors(folder) if folder is not None else None
    if index:
        for actor in index.actors:
            names.add(actor.name, actor.aliases)
        for group in index.groups:
            names.add(group.name, group.aliases)
    for name in actor_names:
        names.add(name)
    return names


def sentence_actors(span: Any, names: Names, people: Names) -> list[str]:
    """The parties a sentence names, in order, as the folder (or the article) writes them.

    People always count; organisations and countries count when they act (the subject of a
    verb, or the object of "with", "to", "between") or when the folder knows them as actors,
    so "in Ukraine" and "Moscow's invasion" stay out of "Trump and Putin spoke".
    """
    text = str(span.text)
    start = span.start_char
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for offset, stop, name in names.phrases_in(text):
        covered.append((offset, stop))
        token = _token_at(span, start + offset, start + stop)
        if token is None or _quoted(span, token.idx):
            continue
        # A person ("Putin", "the Russian president") is a party wherever named; a country
        # or a body ("Ukraine", "Moscow") only where it acts, as for entities below.
        if token.ent_type_ == "PERSON" or _role(text[offset:stop]) or _acting(token):
            found.append((offset, name))
    for ent in span.ents:
        if ent.label_ not in _LABELS or _quoted(span, ent.start_char):
            continue
        offset = ent.start_char - start
        if any(a <= offset < b for a, b in covered):
            continue
        known = names.lookup(ent.text) or people.lookup(ent.text)
        if ent.label_ == "PERSON":
            found.append((offset, known or " ".join(ent.text.split())))
        elif known is not None and known in names.canonical:
            found.append((offset, known))
        elif (country := _country(ent)) is not None:
            # spaCy labels a nation's adjective NORP, and sometimes GPE ("Ukrainian").
            found.append((offset, names.lookup(country) or country))
        elif ent.label_ != "NORP" and _acts(ent):
            found.append((offset, " ".join(_strip_the(ent.text).split())))
    ordered: list[str] = []
    for _, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return ordered


def article_people(spans: Iterable[Any]) -> Names:
    """The people an article names, each under the fullest form it uses ("Keir Starmer" for
    "Sir Keir"): later short mentions are written the long way."""
    people = Names()
    full: list[str] = []
    for span in spans:
        for ent in span.ents:
            if ent.label_ == "PERSON" and len(_bare(ent.text)) >= 2:
                name = " ".join(_strip_the(ent.text).split())
                name = re.sub(r"(?:'s|\u2019s)$", "", name)
                if name not in full:
                    full.append(name)
    for name in full:
        people.add(name)
    return people


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text)


def _quoted(span: Any, at: int) -> bool:
    """Whether the entity is inside a quotation (quoted words name, they do not act)."""
    before = str(span.doc.text[span.start_char : at])
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _token_at(span: Any, first: int, last: int) -> Any:
    """The head token of the words between the characters ``first`` and ``last``."""
    words = [t for t in span if first <= t.idx < last]
    if not words:
        return None
    inside = {t.i for t in words}
    return next((t for t in words if t.head.i not in inside or t.head.i == t.i), words[-1])


def _country(ent: Any) -> str | None:
    """The country of a nation's adjective that describes people acting for it."""
    country = _DEMONYMS.get(str(ent.text).lower())
    if country is None:
        return None
    head = ent.root
    while head.dep_ in ("conj", "amod", "nmod", "compound") and head.head.i != head.i:
        head = head.head
    if str(head.lemma_).lower() not in _ENVOYS:
        return None
    return country if _acting(head) else None


def _role(words: str) -> bool:
    return any(word in _ROLE_WORDS for word in words.lower().split())


def _acts(ent: Any) -> bool:
    return _acting(ent.root)


def _acting(head: Any) -> bool:
    """Whether the noun ``head`` is a party to the sentence's event: its subject, the object
    of meeting or calling, or named with "with", "between", "to"."""
    if head.dep_ in ("compound", "poss") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "US and Russian delegations", "Kremlin spokesman"
    if head.dep_ == "dobj" and head.head.lemma_.lower() in _MEETING_VERBS:
        return True
    if head.dep_ == "dobj" and head.head.lemma_.lower() == "accuse":
        return True  # the accused is a party to what they are accused of
    if head.dep_ in ("nsubj", "nsubjpass", "agent"):
        return True
    if head.dep_ == "conj" and head.head.dep_ in ("nsubj", "nsubjpass"):
        return True
    if head.dep_ == "pobj" and head.head.lower_ in ("with", "between"):
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "to":
        # "spoke to Trump", "wrote to the Kremlin"; not "travelled to Moscow".
        return str(head.head.head.lemma_).lower() in _ADDRESSING
    return (
        head.dep_ == "conj"
        and head.head.dep_ == "pobj"
        and head.head.head.lower_
        in (
            "with",
            "between",
        )
    )
