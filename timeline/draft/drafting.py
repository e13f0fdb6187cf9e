"""From an article to candidate events: one per passage that reports something that happened
or was said, with its date (as the article means it), type, actors, claims and source.

Candidates are proposals for a person to review (:mod:`timeline.draft.review`): each carries
notes on what the reviewer must check, and a candidate that is an event the folder already
has is proposed as another source for it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline.dates import PartialDate
from timeline.draft.actors import article_people, folder_aliases, sentence_actors
from timeline.draft.claims import attribution
from timeline.draft.clauses import clauses
from timeline.draft.dates_found import find_phrases, first_date
from timeline.draft.kinds import REPORTING, event_type
from timeline.draft.matching import find_match
from timeline.draft.sentences import Sentence, sentences
from timeline.draft.sources import Article
from timeline.model import Event

__all__ = ["Candidate", "draft_article"]

# A sentence that opens with one of these carries on the scene of the sentence before it
# ("He added", "Following the call", "Meanwhile"), so it inherits that sentence's date.
_CONTINUES = re.compile(
    r"^(?:\W*)(?:he|she|they|it|but|and|also|meanwhile|following|after|later|then|"
    r"the (?:two|leaders|call|talks|meeting)|in (?:their|the) call|a readout)\b",
    re.I,
)
# A wire story's dateline: "JEDDAH, Saudi Arabia, March 11 (Northline) - ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]+,(?:\s[A-Z][\w .'-]*,)?\s+"
    r"(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\s+\([^)]+\)\s+[-\u2013\u2014]"
)
_CONTINUES_INSIDE = re.compile(r"\b(?:also|meanwhile|added)\b", re.I)
_PLAIN = {
    "call": "{a} speak by phone",
    "meeting": "{a} meet",
    "visit": "{a} visit",
    "talks": "Talks between {a}",
    "mediation": "{a} mediate",
    "proposal": "Proposal by {a}",
    "agreement": "{a} agree",
    "ceasefire": "Ceasefire: {a}",
    "demand": "Demand by {a}",
    "rejection": "Rejection by {a}",
    "violation": "Violation reported: {a}",
    "aid": "Aid: {a}",
    "sanction": "Measures by {a}",
    "statement": "Statement by {a}",
    "other": "{a}",
}
_MAX_QUOTE = 400
# "following the call", "after their talks", "during his call with Putin": a sentence that
# places itself at an event the article has dated ("before" and "ahead of" do not give a day).
_REFERS = re.compile(
    r"\b(?:after|following|during)\s+(?:the|his|her|their|that|this)\s+(?:[\w-]+\s+)?"
    r"(call|conversation|talks|negotiations|meeting|summit)\b",
    re.I,
)
_QUOTED = re.compile(r"\u201c[^\u201d]*(?:\u201d|$)|\"[^\"]*(?:\"|$)")
_REFERRED = {
    "call": ("call",),
    "conversation": ("call",),
    "talks": ("talks", "meeting"),
    "negotiations": ("talks", "meeting"),
    "meeting": ("meeting", "talks"),
    "summit": ("meeting", "talks"),
}
_GOES_ON = re.compile(
    r"^\W*(?:he|she|they|the \w+ (?:also )?)\s*(?:also\s+)?(?:added|continued|went on)\b", re.I
)
_ONE_SIDED = frozenset(
    {"statement", "proposal", "demand", "rejection", "violation", "aid", "sanction"}
)
_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
_BODIES = frozenset(
    [
        "street",
        "house",
        "government",
        "union",
        "nations",
        "council",
        "office",
        "ministry",
        "department",
        "kremlin",
        "commission",
        "parliament",
        "army",
        "forces",
    ]
)
_ROLE_WORDS = frozenset(
    {"president", "counterpart", "leader", "minister", "secretary", "envoy", "chancellor"}
)


@dataclass
class Candidate:
    """A proposed event, with the evidence for it and what the reviewer must check."""

    title: str
    date: PartialDate | None
    end: PartialDate | None
    date_text: str | None
    type: str
    cameo: str | None
    actors: list[str]
    quote: str
    sentence: int
    track: str | None = None
    claims: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    merge_into: str | None = None  # the id of the recorded event this is another source for
    match_reason: str | None = None


def draft_article(
    article: Article,
    events: Sequence[Event] = (),
    folder: Path | None = None,
) -> list[Candidate]:
    """The candidate events of ``article``, checked against the folder's ``events``, with
    names written as the folder's ``actors.yaml`` writes them."""
    names = folder_aliases(folder, [actor for event in events for actor in event.actors])
    dateline = _dateline(article)
    # The dateline dates the story; it is not a date phrase or a party of its first sentence.
    text = article.text.lstrip()[dateline[2] :] if dateline is not None else article.text
    found = list(sentences(text))
    people = article_people(sentence.span for sentence in found)
    # Names written the way people are (given name, surname) and shortened so in titles.
    persons = {
        names.lookup(ent.text) or people.lookup(ent.text) or ent.text
        for sentence in found
        for ent in sentence.span.ents
        if ent.label_ == "PERSON"
    }
    candidates: list[Candidate] = []
    last_date: tuple[PartialDate, PartialDate | None, str] | None = None
    for sentence in (part for whole in found for part in clauses(whole, article.published)):
        typed = event_type(sentence.span)
        phrases = find_phrases(sentence.text, article.published)
        chosen = first_date(phrases)
        own = (
            (chosen.resolved.date, chosen.resolved.end, chosen.phrase)
            if chosen is not None and chosen.resolved is not None
            else None
        )
        inherited = own is None and chosen is None and _continues(sentence) and last_date
        if own is not None:
            last_date = own
        elif chosen is None and not _continues(sentence):
            last_date = None
        if typed is None or typed.hedged or _only_quote(sentence):
            continue
        actors = sentence_actors(sentence.span, names, people)
        said = attribution(sentence.span, names, people) if typed.reported else None
        claim = (
            {"by": said.by, "says": said.says, "stance": said.stance} if said is not None else None
        )
        notes: list[str] = []
        date = end = None
        date_text = None
        if own is not None:
            date, end, date_text = own
            if end is not None:
                notes.append(
                    f"'{date_text}' is a span ({date.iso()} to {end.iso()}): "
                    "check whether it was one day within it"
                )
        elif chosen is not None:
            reason = (chosen.problem or "").split(": use ")[0]
            notes.append(f"undated: the date phrase could not be read ({reason}); give the date")
            date_text = chosen.phrase
        elif inherited and last_date is not None:
            date, end, date_text = last_date
            notes.append(f"date inherited from the sentence before ('{date_text}')")
        elif typed.reported and _says_now(sentence):
            # "Zelensky says": the article reports it as happening as it is published.
            date = PartialDate.parse(article.published.isoformat())
            notes.append(
                f"dated the publication day: '{sentence.span.root.text}' is in the present "
                "tense; check"
            )
        elif typed.reported and dateline is not None and not _perfect(sentence):
            # Wire copy names the day of everything that did not happen on the dateline's.
            date = dateline[0]
            notes.append(
                f"dated by the dateline ('{dateline[1]}'): the sentence states no day; check"
            )
        else:
            notes.append(
                "undated: the sentence states no date; the article was published "
                f"{_human(article)}: give the date the sentence means"
            )
        if claim is not None:
            notes.append(f"claim by {claim['by']}: put what they say in your own words")
        if folded := _fold(candidates, typed.type, actors, date, claim, sentence):
            # "…," he told a news conference: the speaker going on, already the claim's party.
            named = claim is not None and claim["by"].lower() not in _PRONOUNS
            if claim is not None and named and claim not in folded.claims:
                folded.claims.append(claim)
            continue
        if typed.type != "statement" and said is not None:
            # "..., the White House said": who reports the event is not a party to it.
            parties = [a for a in actors if a != said.by]
            actors = parties or actors
        if typed.accused is not None:
            # "Ukraine accused Russia of attacking": the event is Russia's, as Ukraine claims.
            actors = [names.lookup(typed.accused) or people.lookup(typed.accused) or typed.accused]
        elif typed.type in _ONE_SIDED and typed.type != "statement":
            # One party proposes, demands, rejects: the people named, not the places.
            people_named = [a for a in actors if a in persons]
            actors = people_named or actors
        if typed.type == "statement" and said is not None:
            # A statement's actor is who made it; the others are what it is about.
            speaker = said.speaker or said.by
            actors = [speaker]
        if not actors:
            actors = _roles(sentence)
            if actors:
                notes.append(
                    f"actors named by their role ({', '.join(actors)}): write their names, "
                    f"or add the roles as aliases in the folder's actors file"
                )
        if not actors:
            if claim is None:
                continue  # nobody acts: background, not an event
            actors = [claim["by"]]
            notes.append(f"no actor named: {claim['by']}, who says it, is put as the actor")
        title = _title(typed.type, actors, persons)
        candidate = Candidate(
            title=title,
            date=date,
            end=end,
            date_text=date_text,
            type=typed.type,
            cameo=typed.cameo,
            actors=actors,
            quote=_quote(sentence.quote),
            sentence=sentence.index,
            claims=[claim] if claim is not None else [],
            notes=notes,
        )
        candidate.notes.insert(0, f"type {typed.type} from '{typed.trigger}'")
        candidate.track = _track(actors, events)
        match = find_match(date, end, typed.type, actors, title, events)
        if match is not None:
            candidate.merge_into = match.event.id
            candidate.match_reason = match.reason
            if not match.same_date and date is not None:
                candidate.notes.append(
                    f"the recorded event is dated {match.event.date.iso()}, this article "
                    f"{date.iso()}: the sources disagree on the date"
                )
        candidates.append(candidate)
    _date_by_reference(candidates)
    return candidates


def _date_by_reference(candidates: list[Candidate]) -> None:
    """Undated candidates whose sentence names an event the article dates ("following the
    call", "after the talks") take that event's date: the same scene, told by reference."""
    for candidate in candidates:
        if candidate.date is not None or candidate.date_text is not None:
            continue
        match = _REFERS.search(candidate.quote)
        if match is None:
            continue
        kinds = _REFERRED[match.group(1).lower()]
        dated = [c for c in candidates if c.type in kinds and c.date is not None]
        # "The call" points back to one the article has told already; only when there is
        # none before does it look ahead, and then only to an event the sentence names.
        before = [c for c in dated if c.sentence < candidate.sentence]
        if len(before) == 1:
            source = before[0]
        else:
            pool = before or dated
            scored = sorted(
                ((_named(c.actors, candidate), c.sentence, i) for i, c in enumerate(pool)),
                reverse=True,
            )
            if (
                not scored
                or scored[0][0] == 0
                or (len(scored) > 1 and scored[0][0] == scored[1][0])
            ):
                continue  # no event it names, or two that fit as well: left for the reviewer
            source = pool[scored[0][2]]
        # "his call with Vladimir Putin": the event must have the people the phrase names.
        tail = re.match(r"\s+with\s+([^,;.]+)", candidate.quote[match.end() :])
        if tail and not all(
            any(word in actor.split() for actor in source.actors)
            for word in re.findall(r"\b[A-Z][\w'-]+", tail.group(1))
        ):
            continue
        assert source.date is not None
        candidate.date, candidate.end = source.date, source.end
        candidate.date_text = match.group(0)
        candidate.notes = [
            note for note in candidate.notes if not note.startswith("undated: the sentence")
        ]
        candidate.notes.append(
            f"date of the {match.group(1).lower()} the sentence refers to "
            f"('{source.title}', {source.date.iso()}): check it was the same day"
        )


def _roles(sentence: Sentence) -> list[str]:
    """People named by their office ("the US president", "his Russian counterpart")."""
    found = []
    for chunk in sentence.span.noun_chunks:
        if chunk.root.lemma_.lower() in _ROLE_WORDS:
            words = [t.text for t in chunk if t.dep_ not in ("det", "poss", "nummod")]
            name = " ".join(words)
            if name and name not in found:
                found.append(name)
    return found


def _named(actors: list[str], candidate: Candidate) -> int:
    """How many of ``actors`` the candidate's sentence names (by surname, outside quotation
    marks) or has as actors."""
    words = set(re.findall(r"[\w'-]+", _QUOTED.sub(" ", candidate.quote)))
    return sum(1 for a in actors if a in candidate.actors or a.split()[-1] in words)


def _continues(sentence: Sentence) -> bool:
    if not sentence.first_in_paragraph:
        return True
    return bool(_CONTINUES.match(sentence.text) or _CONTINUES_INSIDE.search(sentence.text[:60]))


def _dateline(article: Article) -> tuple[PartialDate, str, int] | None:
    """The day of a wire story's dateline, the dateline as written, and where the story
    after it starts (None without one)."""
    match = _DATELINE.match(article.text.lstrip())
    if match is None:
        return None
    found = first_date(find_phrases(match.group("day"), article.published))
    if found is None or found.resolved is None or found.resolved.end is not None:
        return None
    return found.resolved.date, match.group().split(" (")[0], match.end()


def _perfect(sentence: Sentence) -> bool:
    """Whether the main verb is perfect ("has said", "had said"): some time before, not the
    day of the story."""
    root = sentence.span.root
    return any(c.dep_ == "aux" and str(c.lemma_).lower() == "have" for c in root.children)


def _says_now(sentence: Sentence) -> bool:
    """Whether the sentence's main verb reports in the present tense ("says", "say")."""
    root = sentence.span.root
    return str(root.tag_) in ("VBZ", "VBP") and str(root.lemma_).lower() in REPORTING


def _only_quote(sentence: Sentence) -> bool:
    """A sentence that is all quotation (the rest of a statement already drafted), not one
    that goes on to say who said it ("'...,' Rubio told reporters")."""
    text = sentence.text.strip()
    if text[:1] not in ("\u201c", '"', "\u2018"):
        return False
    closing = max(text.rfind("\u201d"), text.rfind('"', 1))
    return closing < 0 or len(text[closing + 1 :].split()) < 2


def _fold(
    candidates: list[Candidate],
    kind: str,
    actors: list[str],
    date: PartialDate | None,
    claim: dict[str, str] | None,
    sentence: Sentence,
) -> Candidate | None:
    """An earlier candidate of this article that this sentence only adds to: the same event
    told again on the same day, a party's claim about it, or the speaker going on."""
    if not candidates:
        return None
    last = candidates[-1]
    if (
        kind == "statement"
        and last.type == "statement"
        and sentence.index - last.sentence <= 2
        and (
            _GOES_ON.match(sentence.text)
            or (claim is not None and claim["by"].lower() in _PRONOUNS)
        )
    ):
        return last  # "He added: ...", "'...,' he told a news conference"
    speaker = [claim["by"]] if claim is not None else actors
    for earlier in reversed(candidates):
        if (
            kind == "statement" == earlier.type
            and earlier.actors == speaker
            and (date.iso() if date else None) == (earlier.date.iso() if earlier.date else None)
        ):
            return earlier  # the same party's statement, quoted on
    parties = [a for a in actors if claim is None or a != claim["by"]]
    for earlier in reversed(candidates):
        same_day = (
            date is not None and earlier.date is not None and date.iso() == earlier.date.iso()
        )
        shared = set(parties) & set(earlier.actors)
        if kind == earlier.type != "statement" and same_day and shared:
            return earlier  # the same event told again (statements: by speaker, above)
        if kind == earlier.type and kind != "statement" and date is None and not parties:
            return earlier  # "in their call": the call already drafted, told again
        if (
            claim is not None
            and claim["by"] not in earlier.actors
            and earlier.type in ("call", "meeting", "talks", "visit", "agreement")
            and len(shared) >= 2
            and (date is None or same_day)
        ):
            return earlier
    return None


def _title(kind: str, actors: list[str], persons: set[str]) -> str:
    short = [_short(actor, persons) for actor in actors[:3]]
    joined = short[0] if len(short) == 1 else ", ".join(short[:-1]) + " and " + short[-1]
    title = _PLAIN.get(kind, "{a}").format(a=joined)
    return title[:1].upper() + title[1:]


def _short(actor: str, persons: set[str]) -> str:
    """A person the article names by surname ('Keir Starmer' → 'Starmer'); others as written."""
    words = actor.split()
    if actor in persons and len(words) == 2 and words[1].lower() not in _BODIES:
        return words[1]
    return actor


def _quote(text: str) -> str:
    if len(text) <= _MAX_QUOTE:
        return text
    return text[: _MAX_QUOTE - 1].rsplit(" ", 1)[0] + "\u2026"


def _track(actors: list[str], events: Sequence[Event]) -> str | None:
    """The track whose events usually have these actors (all of them, most events first)."""
    usual: dict[str, Counter[str]] = {}
    for event in events:
        if event.track is not None:
            usual.setdefault(event.track, Counter()).update(event.actors)
    fits = [
        (sum(counter[a] for a in actors), track)
        for track, counter in usual.items()
        if actors and all(a in counter for a in actors)
    ]
    return max(fits)[1] if fits else None


def _human(article: Article) -> str:
    day = article.published
    return PartialDate(day.year, day.month, day.day).human()
