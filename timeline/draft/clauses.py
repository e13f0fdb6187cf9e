"""A sentence that tells two events on two days, cut into its clauses.

"US and Russian delegations met in Riyadh on Monday, a day after the American team held
talks with Ukrainian officials on Sunday" is two events: each date phrase belongs to the verb
it hangs from in spaCy's tree, and when two phrases of different days hang from two verbs,
one inside the other's clause at its start or its end, the inner clause (the verb's words)
and the rest of the sentence are drafted apart. Anything less clear-cut stays one sentence:
a wrong cut would split one event's date from its verb.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from timeline.draft.dates_found import find_phrases
from timeline.draft.sentences import Sentence

__all__ = ["clauses"]


def clauses(sentence: Sentence, published: dt.date) -> list[Sentence]:
    """``sentence`` as one or two clauses, in the order written."""
    span = sentence.span
    text = str(span.text)
    dated = [f for f in find_phrases(text, published) if f.resolved is not None]
    if len(dated) < 2:
        return [sentence]
    verbs: list[tuple[Any, Any]] = []  # (verb, the date it carries)
    for found in dated:
        verb = _verb_of(span, span.start_char + found.at)
        assert found.resolved is not None
        date = (found.resolved.date, found.resolved.end)
        if verb is not None and all(verb.i != v.i for v, _ in verbs):
            verbs.append((verb, date))
    if len(verbs) != 2 or verbs[0][1] == verbs[1][1]:
        return [sentence]
    one, two = verbs[0][0], verbs[1][0]
    for outer, inner in ((one, two), (two, one)):
        if all(ancestor.i != outer.i for ancestor in inner.ancestors):
            continue
        first, last = inner.left_edge.i, inner.right_edge.i + 1
        doc = span.doc
        end = span.end
        while end > span.start and doc[end - 1].is_punct:
            end -= 1  # the full stop closes both clauses
        if last >= end and first > span.start:
            rest, part = doc[span.start : first], doc[first : span.end]
            return [_clause(sentence, rest), _clause(sentence, part)]
        if first <= span.start and last < end:
            part, rest = doc[span.start : last], doc[last : span.end]
            return [_clause(sentence, part), _clause(sentence, rest)]
    return [sentence]


def _verb_of(span: Any, at: int) -> Any:
    """The verb a date phrase starting at character ``at`` hangs from (None if none)."""
    token = next((t for t in span if t.idx >= at), None)
    while token is not None:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _clause(sentence: Sentence, part: Any) -> Sentence:
    return Sentence(
        sentence.paragraph,
        sentence.index,
        sentence.first_in_paragraph and part.start == sentence.span.start,
        part,
        whole=sentence.whole or sentence.span,
    )
