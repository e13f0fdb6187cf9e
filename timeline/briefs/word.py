"""A brief as a Word document (python-docx): title and summary line, the chart at the page's
width with its numbered key, where each plan stands, the events as a table in date order,
and their sources as numbered references with links.

Only Word's built-in styles are used (Title, Subtitle, Heading 1 and 2, List Number, Table
Grid, Light List Accent 1), so a reader's own template restyles the whole document. Word's
footnotes are not something python-docx can write: each event cites its sources as ``[n]``
marks, and the "Sources" section lists them by number.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from timeline.briefs import require
from timeline.briefs.content import CONTESTED, Brief, Reference, stamp
from timeline.briefs.package import fixed_zip
from timeline.choices import Paper

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

__all__ = ["docx_bytes"]

PAPER_MM: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}  # mm
MARGIN_MM = 20.0
LINK_COLOUR = (0x0B, 0x5C, 0xAD)  # the page's link colour
# Shares of the text width: date, event, actors, type, sources.
COLUMNS = (0.14, 0.40, 0.17, 0.15, 0.14)


def docx_bytes(
    brief: Brief, chart_png: bytes, *, paper: Paper = "a4", landscape: bool = False
) -> bytes:
    """The brief as a .docx file: ``chart_png`` (a high-resolution PNG of the chart) at the
    text's width. :class:`BriefsUnavailable` without python-docx."""
    require("docx")
    import docx
    from docx.shared import Mm

    document = docx.Document()
    width = _page(document, paper, landscape)
    _properties(document, brief)
    document.add_paragraph(brief.title, style="Title")
    document.add_paragraph(brief.summary, style="Subtitle")
    document.add_picture(io.BytesIO(chart_png), width=Mm(width))
    _key(document, brief, width)
    _plans(document, brief)
    _events(document, brief, width)
    _sources(document, brief.references)
    saved = io.BytesIO()
    document.save(saved)
    return fixed_zip(saved.getvalue(), brief.time)


def _page(document: Document, paper: Paper, landscape: bool) -> float:
    """Set the paper and orientation; the text's width in millimetres."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = PAPER_MM[paper]
    across, down = (long, short) if landscape else (short, long)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(across), Mm(down)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    return across - 2 * MARGIN_MM


def _properties(document: Document, brief: Brief) -> None:
    stamp(document.core_properties, brief)
    # python-docx's template carries a comment of its own.
    document.core_properties.comments = ""


def _table(document: Document, headers: tuple[str, ...], widths: list[float], style: str) -> Table:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table: Table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles[style]
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    # The header row repeats on every page the table runs over.
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for column, share in zip(table.columns, widths, strict=True):
        column.width = Mm(share)
    return table


def _fill(table: Table, values: list[str], widths: list[float]) -> list[Any]:
    from docx.shared import Mm

    cells = table.add_row().cells  # type: ignore[no-untyped-call]
    for cell, value, width in zip(cells, values, widths, strict=True):
        cell.text = value
        cell.width = Mm(width)  # Word reads each cell's width, LibreOffice the grid's
    return list(cells)


def _key(document: Document, brief: Brief, width: float) -> None:
    if not brief.key:
        return
    document.add_paragraph("Key to the numbered events on the chart", style="Caption")
    widths = [width * 0.07, width * 0.23, width * 0.70]
    table = _table(document, ("No.", "Date", "Event"), widths, "Table Grid")
    for row in brief.key:
        _fill(table, [str(row.number), row.date, row.title], widths)


def _plans(document: Document, brief: Brief) -> None:
    if not brief.plans:
        return
    document.add_paragraph("Plans", style="Heading 1")
    for plan in brief.plans:
        document.add_paragraph(plan.title, style="Heading 2")
        document.add_paragraph(f"Parties: {plan.parties}")
        for stage, state in plan.stages:
            item = document.add_paragraph(style="List Number")
            item.add_run(f"{stage}: ")
            item.add_run(state).bold = state.split(" ", 1)[0] != "not"


def _events(document: Document, brief: Brief, width: float) -> None:
    document.add_paragraph("Events", style="Heading 1")
    if brief.note:
        document.add_paragraph(brief.note)
    widths = [width * share for share in COLUMNS]
    headers = ("Date", "Event", "Actors", "Type", "Sources")
    table = _table(document, headers, widths, "Light List Accent 1")
    for row in brief.events:
        cells = _fill(table, [row.date, "", row.actors, row.type, row.marks()], widths)
        event = cells[1].paragraphs[0]
        event.add_run(f"{row.number}. ")
        event.add_run(row.title).bold = True
        if row.key:
            event.add_run(" (key event)").italic = True
        if row.summary:
            cells[1].add_paragraph(row.summary)
        if row.claims:
            heading = cells[1].add_paragraph()
            heading.add_run(CONTESTED if row.contested else "Claims:").bold = row.contested
            for claim in row.claims:
                cells[1].add_paragraph(f"\u2013 {claim}")


def _sources(document: Document, references: tuple[Reference, ...]) -> None:
    if not references:
        return
    document.add_paragraph("Sources", style="Heading 1")
    for reference in references:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"[{reference.number}] {reference.text()}")
        if reference.url:
            paragraph.add_run(": ")
            _link(paragraph, reference.url)


def _link(paragraph: Paragraph, url: str) -> None:
    """A hyperlink showing its own address, so that it survives printing."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "{:02X}{:02X}{:02X}".format(*LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
