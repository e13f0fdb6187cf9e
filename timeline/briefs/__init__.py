"""Briefing documents: the chart, its numbered key, the plans and the sourced events as a
Word document (:mod:`timeline.briefs.word`) or a PowerPoint deck
(:mod:`timeline.briefs.slides`), from one plain description (:mod:`timeline.briefs.content`).

python-docx and python-pptx are imported only when a brief is written: they are the
``briefs`` extra (``pip install 'negotiation-timeline[briefs]'``).
"""

from __future__ import annotations

from timeline.errors import BriefsUnavailable

__all__ = ["require"]

INSTALL = {
    "docx": ("docx", "Word documents need python-docx"),
    "pptx": ("pptx", "PowerPoint decks need python-pptx"),
}


def require(format: str) -> None:
    """:class:`BriefsUnavailable`, saying what to install, when the library that writes a
    ``format`` brief is missing; checked before the chart is drawn, which takes seconds."""
    module, message = INSTALL[format]
    try:
        __import__(module)
    except ImportError:
        raise BriefsUnavailable(f"{message}: pip install 'negotiation-timeline[briefs]'") from None
