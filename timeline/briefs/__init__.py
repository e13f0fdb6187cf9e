"""Briefing documents: the chart, its numbered key, the plans and the sourced events as a
Word document (:mod:`timeline.briefs.word`) or a PowerPoint deck
(:mod:`timeline.briefs.slides`), from one plain description (:mod:`timeline.briefs.content`).

python-docx and python-pptx are imported only when a brief is written: they are the
``briefs`` extra (``pip install 'negotiation-timeline[briefs]'``).
"""
