"""Drafting events from news articles: read the article, find what happened and when, and
propose candidate events for a person to review (``timeline draft``).

One job per module: ``needs`` (the optional NLP libraries), ``sources`` (the article and its
publication date), ``sentences`` (spaCy), ``dates_found`` (date phrases, resolved by
:mod:`timeline.phrases`), ``typing`` (event type and CAMEO code), ``actors`` (names as the
folder writes them), ``claims`` (attributed sentences), ``drafting`` (candidates),
``matching`` (candidates that are events already recorded), ``reviewfile`` (the review file),
and ``review`` (the terminal walk; a second source for a recorded event is added by
:mod:`timeline.curate`).
"""
