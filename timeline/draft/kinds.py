"""The kind of event a sentence reports, from its main verb and nouns, with the CAMEO code the
type implies (:data:`timeline.vocabulary.CAMEO`).

Offline event coding is rules on trigger words (as CAMEO's verb dictionaries are): "spoke by
phone" is a call, "met" a meeting, "agreed" an agreement, "proposed" a proposal, "rejected"
a rejection. Reporting verbs ("said", "told", "denied") make a statement, and their subject
the party a claim is attributed to (:mod:`timeline.draft.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from timeline.vocabulary import CAMEO

__all__ = ["REPORTING", "Typed", "event_type"]

# Verb lemmas → type, strongest meaning first when a sentence has several.
_VERBS: dict[str, str] = {
    "phone": "call",
    "telephone": "call",
    "meet": "meeting",
    "host": "meeting",
    "visit": "visit",
    "travel": "visit",
    "fly": "visit",
    "negotiate": "talks",
    "mediate": "mediation",
    "broker": "mediation",
    "sign": "agreement",
    "agree": "agreement",
    "accept": "agreement",
    "endorse": "agreement",
    "propose": "proposal",
    "offer": "proposal",
    "suggest": "proposal",
    "unveil": "proposal",
    "table": "proposal",
    "reject": "rejection",
    "dismiss": "rejection",
    "refuse": "rejection",
    "rebuff": "rejection",
    "demand": "demand",
    "urge": "demand",
    "violate": "violation",
    "breach": "violation",
    "sanction": "sanction",
    "impose": "sanction",
    "suspend": "sanction",
    "halt": "sanction",
    "pause": "sanction",
    "resume": "aid",
    "supply": "aid",
    "deliver": "aid",
    "send": "aid",
}
_NOUNS: dict[str, str] = {
    "call": "call",
    "phone": "call",
    "summit": "meeting",
    "meeting": "meeting",
    "talk": "talks",
    "negotiation": "talks",
    "ceasefire": "ceasefire",
    "truce": "ceasefire",
    "proposal": "proposal",
    "plan": "proposal",
    "deal": "agreement",
    "agreement": "agreement",
    "accord": "agreement",
}
REPORTING = frozenset(
    {
        "say",
        "tell",
        "add",
        "announce",
        "state",
        "signal",
        "warn",
        "welcome",
        "insist",
        "claim",
        "deny",
        "accuse",
        "condemn",
        "confirm",
        "write",
        "post",
        "repeat",
        "reiterate",
        "describe",
        "call",
        "reject",
    }
)
# Which type wins when a sentence has triggers of several: the concrete act before the talk
# about it ("agreed during Tuesday's phone call" is the call).
_ORDER = (
    "call",
    "meeting",
    "visit",
    "mediation",
    "talks",
    "ceasefire",
    "agreement",
    "rejection",
    "proposal",
    "demand",
    "violation",
    "sanction",
    "aid",
    "statement",
)
_SPEAK = frozenset({"speak", "talk"})
# What one side accuses the other of that breaks a truce.
_ATTACKS = frozenset({"attack", "strike", "hit", "shell", "bomb", "violate", "breach", "break"})
_MODALS = frozenset({"must", "would", "could", "might", "should", "may", "will"})
_WISHES = frozenset(
    {"hope", "want", "plan", "expect", "seek", "intend", "aim", "wish", "try", "offer"}
)
_REFERRING = frozenset({"following", "after", "before", "ahead", "since", "of"})
_HEDGES = frozenset({"would", "could", "might", "should", "may"})


@dataclass(frozen=True)
class Typed:
    """A sentence's event type, its CAMEO code, the word that decided it, and how sure."""

    type: str
    cameo: str | None
    trigger: str
    reported: bool  # the main verb is a reporting verb: what follows is someone's claim
    hedged: bool  # "would", "could": a possibility, not an event
    accused: str | None = None  # "accused Russia of attacking": who the event is charged to


def event_type(span: Any) -> Typed | None:
    """The type of event the sentence ``span`` reports, or None when it reports none."""
    root = span.root
    heads = [root, *(t for t in root.children if t.dep_ in ("conj", "ccomp", "xcomp"))]
    hedged = any(child.lemma_.lower() in _HEDGES for head in heads[:1] for child in head.children)
    found: dict[str, str] = {}
    accused: str | None = None
    for token in span:
        lemma = lemma_of(token)
        if _accused_of(token):
            found.setdefault("violation", token.text)
            charged = [t for t in token.head.head.children if t.dep_ == "dobj"]
            accused = " ".join(str(charged[0].text).split()) if charged else None
            continue
        if (
            _wished(token)
            or _referred(token)
            or _infinitive(token)
            or _negated(token)
            or _in_quotes(span, token)
        ):
            continue
        if token.pos_ == "VERB" and lemma in _VERBS:
            found.setdefault(_VERBS[lemma], token.text)
        elif token.pos_ == "VERB" and _calling(token, lemma):
            found.setdefault("call", token.text)
        elif token.pos_ == "VERB" and lemma == "receive" and _receiving(token):
            found.setdefault("meeting", token.text)
        elif token.pos_ in ("NOUN", "PROPN") and lemma in _NOUNS and _central(token, heads):
            found.setdefault(_NOUNS[lemma], token.text)
    reported = lemma_of(root) in REPORTING or _according_to(span)
    if reported:
        found.setdefault("statement", root.text if lemma_of(root) in REPORTING else "according to")
    if not found:
        return None
    kind = next(kind for kind in _ORDER if kind in found)
    return Typed(
        kind, CAMEO[kind], found[kind], reported, hedged, accused if kind == "violation" else None
    )


def lemma_of(token: Any) -> str:
    """The token's lemma, mended where the small English model gets a common verb wrong
    ("welcomed" → "welcomed", "hoped" → "hop"): the word less its ending, when that is a
    trigger this module knows."""
    lemma = str(token.lemma_).lower()
    if lemma in _KNOWN:
        return lemma
    word = str(token.lower_)
    for ending, instead in (
        ("ied", "y"),
        ("ed", "e"),
        ("ed", ""),
        ("d", ""),
        ("ing", ""),
        ("s", ""),
    ):
        if word.endswith(ending) and (stem := word[: -len(ending)] + instead) in _KNOWN:
            return stem
    return lemma


def _accused_of(token: Any) -> bool:
    """ "Ukraine accused Russia of attacking its energy sites": the attack is the event (the
    accusation is the accuser's claim about it)."""
    return (
        token.pos_ == "VERB"
        and str(token.lemma_).lower() in _ATTACKS
        and token.head.lower_ == "of"
        and lemma_of(token.head.head) == "accuse"
    )


def _central(token: Any, heads: list[Any]) -> bool:
    """A noun counts when it is what the main verb acts on ("agreed a deal", "held talks",
    "agreed during the call"), not a word in a clause about something else."""
    if token.lemma_.lower() in ("call", "phone"):
        return True
    main = heads[:2]
    if any(child.dep_ == "aux" and child.lower_ in _MODALS for child in token.head.children):
        return False
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and token.head in main:
        return True
    return token.dep_ == "pobj" and token.head.head in main


def _negated(token: Any) -> bool:
    """'did not meet', 'a call has not been scheduled': what did not happen."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(child.dep_ == "neg" for child in verb.children)


def _infinitive(token: Any) -> bool:
    """'to halt hostilities', 'to meet': a purpose or a plan, not something that happened."""
    return token.pos_ == "VERB" and any(
        child.dep_ == "aux" and child.lower_ == "to" for child in token.children
    )


def _in_quotes(span: Any, token: Any) -> bool:
    """Whether the token is inside a quotation: quoted words are the claim, not the event."""
    before = str(span.doc.text[span.start_char : token.idx])
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def _wished(token: Any) -> bool:
    """'hoped to speak', 'wants to meet': an intention, not an event."""
    return token.dep_ == "xcomp" and lemma_of(token.head) in _WISHES


def _referred(token: Any) -> bool:
    """'following the call', 'ahead of talks': an event named to date another, not reported."""
    head = token.head
    if token.dep_ != "pobj":
        return False
    words = {head.lower_, head.head.lower_}
    return bool(words & _REFERRING)


def _receiving(token: Any) -> bool:
    """'Putin received him', 'received the envoy': a meeting; 'received any details': not."""
    return any(
        child.dep_ == "dobj"
        and (child.ent_type_ == "PERSON" or child.lower_ in ("him", "her", "them", "envoy"))
        for child in token.children
    )


def _calling(token: Any, lemma: str) -> bool:
    if lemma in _SPEAK:
        return _to_someone(token)
    return lemma == "call" and _calls_someone(token)


def _calls_someone(token: Any) -> bool:
    """'Trump called Putin': a call; 'Trump called the response promising': words."""
    objects = [child for child in token.children if child.dep_ == "dobj"]
    others = [child for child in token.children if child.dep_ in ("oprd", "ccomp", "xcomp")]
    return bool(objects) and not others and objects[0].ent_type_ in ("PERSON", "ORG", "GPE")


def _to_someone(token: Any) -> bool:
    """'spoke to Mr Trump', 'talked with Macron', 'spoke by phone'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lemma_.lower() in ("to", "with", "by"):
            for obj in child.children:
                if obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or obj.lemma_ in (
                    "phone",
                    "telephone",
                    "counterpart",
                    "leader",
                    "president",
                ):
                    return True
    return False


def _according_to(span: Any) -> bool:
    return any(token.lower_ == "according" and token.nbor().lower_ == "to" for token in span[:-1])


_KNOWN = frozenset(_VERBS) | frozenset(_NOUNS) | REPORTING | _SPEAK | _WISHES
