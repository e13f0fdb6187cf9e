"""A brief as a PowerPoint deck (python-pptx), 16:9: a title slide, the chart with its
numbered key beside it, where each plan stands, and the events, one key event a slide (or
``per_slide`` events a slide), each slide's sources in its speaker notes.

The slides use the built-in layouts (Title Slide, Title Only, Title and Content), so a
reader's own template restyles them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timeline.briefs import require
from timeline.briefs.content import CONTESTED, Brief, EventRow, KeyRow, stamp
from timeline.briefs.package import fixed_zip

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide
    from pptx.util import Length

__all__ = ["pptx_bytes"]

EMU_PER_INCH = 914400
# PowerPoint's own 16:9 slide, 13 1/3 by 7 1/2 inches.
WIDTH_IN, HEIGHT_IN = 12_192_000 / EMU_PER_INCH, 6_858_000 / EMU_PER_INCH
MARGIN_IN = 0.4
TOP_IN = 1.35  # below the title
KEY_IN = 3.6  # the key's column beside the chart
KEY_LINES = 20  # key entries beside the chart, or on each slide of a longer key
TITLE_ONLY, TITLE_AND_CONTENT, TITLE_SLIDE = 5, 1, 0


def pptx_bytes(brief: Brief, chart_png: bytes, *, per_slide: int | None = None) -> bytes:
    """The brief as a .pptx file. Without ``per_slide``, one slide per key event (every
    event when none is key); with it, ``per_slide`` events a slide in date order.
    :class:`BriefsUnavailable` without python-pptx."""
    require("pptx")
    import pptx

    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = _emu(WIDTH_IN), _emu(HEIGHT_IN)
    _properties(deck, brief)
    first = _slide(deck, TITLE_SLIDE, brief.title)
    first.placeholders[1].text = brief.summary
    _chart(deck, brief, chart_png)
    if len(brief.key) > KEY_LINES:
        for start in range(0, len(brief.key), KEY_LINES):
            part = brief.key[start : start + KEY_LINES]
            slide = _slide(deck, TITLE_ONLY, f"Key {part[0].number}\N{EN DASH}{part[-1].number}")
            width = WIDTH_IN - 2 * MARGIN_IN
            _key(slide, part, MARGIN_IN, width, HEIGHT_IN - TOP_IN - MARGIN_IN)
    _plans(deck, brief)
    for group in _groups(brief.events, per_slide):
        _events(deck, group)
    saved = io.BytesIO()
    deck.save(saved)
    return fixed_zip(saved.getvalue(), brief.time)


def _emu(inches: float) -> Length:
    from pptx.util import Emu

    return Emu(round(inches * EMU_PER_INCH))


def _properties(deck: Presentation, brief: Brief) -> None:
    stamp(deck.core_properties, brief)


def _slide(deck: Presentation, layout: int, title: str) -> Slide:
    """A slide of a built-in layout, its placeholders stretched from the template's 4:3 to
    the 16:9 slide."""
    slide: Slide = deck.slides.add_slide(deck.slide_layouts[layout])
    for shape in slide.placeholders:
        # All four at once: setting only the left edge would put the top at 0.
        top, height = shape.top, shape.height
        shape.left, shape.width = _emu(MARGIN_IN), _emu(WIDTH_IN - 2 * MARGIN_IN)
        shape.top, shape.height = top, height
    assert slide.shapes.title is not None  # every layout used has one
    slide.shapes.title.text = title
    return slide


def _chart(deck: Presentation, brief: Brief, png: bytes) -> None:

    slide = _slide(deck, TITLE_ONLY, brief.title)
    # The picture fills the content area left of the key, keeping its proportions.
    area_w = WIDTH_IN - 2 * MARGIN_IN - KEY_IN - 0.2
    area_h = HEIGHT_IN - TOP_IN - MARGIN_IN
    pixels_w, pixels_h = _png_size(png)
    scale = min(area_w / pixels_w, area_h / pixels_h)
    slide.shapes.add_picture(
        io.BytesIO(png),
        _emu(MARGIN_IN),
        _emu(TOP_IN),
        _emu(pixels_w * scale),
        _emu(pixels_h * scale),
    )
    left = WIDTH_IN - MARGIN_IN - KEY_IN
    if len(brief.key) <= KEY_LINES:
        _key(slide, brief.key, left, KEY_IN, area_h)
    else:
        box = slide.shapes.add_textbox(_emu(left), _emu(TOP_IN), _emu(KEY_IN), _emu(area_h))
        box.text_frame.word_wrap = True
        box.text_frame.text = "The key to the numbers is on the next slides."


def _key(slide: Slide, key: Sequence[KeyRow], left: float, width: float, height: float) -> None:
    from pptx.util import Pt

    box = slide.shapes.add_textbox(_emu(left), _emu(TOP_IN), _emu(width), _emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    size = Pt(11 if len(key) <= 12 else 9)
    for index, row in enumerate(key):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        number = paragraph.add_run()
        number.text = f"{row.number}  "
        number.font.bold = True
        text = paragraph.add_run()
        text.text = f"{row.date}: {row.title}"
        for run in (number, text):
            run.font.size = size


def _png_size(png: bytes) -> tuple[int, int]:
    # The IHDR chunk: width and height, big-endian, at bytes 16-24 of every PNG.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _plans(deck: Presentation, brief: Brief) -> None:
    for plan in brief.plans:
        slide = _slide(deck, TITLE_AND_CONTENT, plan.title)
        frame = slide.placeholders[1].text_frame
        frame.text = f"Parties: {plan.parties}"
        for number, (stage, state) in enumerate(plan.stages, start=1):
            paragraph = frame.add_paragraph()
            paragraph.text = f"{number}. {stage}: {state}"


def _groups(rows: Sequence[EventRow], per_slide: int | None) -> list[list[EventRow]]:
    if per_slide is None:
        key = [row for row in rows if row.key]
        return [[row] for row in (key or rows)]
    return [list(rows[i : i + per_slide]) for i in range(0, len(rows), per_slide)]


def _events(deck: Presentation, rows: list[EventRow]) -> None:
    from pptx.util import Pt

    span = f"Events {rows[0].number}\N{EN DASH}{rows[-1].number}"
    title = rows[0].title if len(rows) == 1 else span
    slide = _slide(deck, TITLE_AND_CONTENT, title)
    frame = slide.placeholders[1].text_frame
    lines: list[tuple[int, str]] = []
    for row in rows:
        head = f"{row.number}. {row.date}"
        lines.append((0, head if len(rows) == 1 else f"{head}: {row.title}"))
        lines.append((1, f"{row.type}; {row.actors} {row.marks()}"))
        if len(rows) == 1 and row.summary:
            lines.append((1, row.summary))
        if row.claims:
            lines.append((1, CONTESTED if row.contested else "Claims:"))
            lines.extend((2, claim) for claim in row.claims)
    size = Pt(20 if len(lines) <= 6 else 16 if len(lines) <= 10 else 14 if len(lines) <= 14 else 12)
    for index, (level, text) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.level = level
        paragraph.font.size = size
    notes: Any = slide.notes_slide.notes_text_frame
    cited = dict.fromkeys(reference for row in rows for reference in row.references)
    notes.text = "Sources:\n" + "\n".join(
        f"[{ref.number}] {ref.text()}" + (f": {ref.url}" if ref.url else "") for ref in cited
    )
