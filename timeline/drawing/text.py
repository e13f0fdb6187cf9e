"""The words on the charts: user text as plotly.js markup, wrapped hovers, labels, dates.

Every text a chart shows goes through :func:`markup` (or :func:`wrapped`, which calls it), so
no user text can open a tag or be typeset by MathJax.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from timeline.dates import MONTH_ABBR, PartialDate

if TYPE_CHECKING:
    from timeline.model import Event
    from timeline.progress import StageProgress

__all__ = [
    "HOVER_WIDTH",
    "LABEL_LINES",
    "LABEL_WIDTH",
    "customdata",
    "date_text",
    "hover_text",
    "key_label",
    "markup",
    "short_date",
    "source_url",
    "stage_hover",
    "summary_line",
    "wrapped",
]

HOVER_WIDTH = 42  # characters per hover line: fits a phone's screen, reads well on a desktop
LABEL_WIDTH = 26  # characters per line of a key event's label on the chart
LABEL_LINES = 3
# plotly.js draws no hover at all when the box is taller than the chart (plotly.js #5459), so
# long texts are shortened there; the events table below the chart keeps them whole.
HOVER_SUMMARY_CHARS = 280
HOVER_CLAIM_CHARS = 160


def markup(text: str) -> str:
    """User text as plotly.js markup: escaped, ``$`` and ``{`` made inert, newlines as ``<br>``.

    Only ``&``, ``<`` and ``>`` are escaped: plotly.js decodes numeric entities but would show
    ``&quot;`` literally, and quotes cannot open a tag once ``<`` is escaped. ``$`` becomes an
    entity because plotly.js hands text between dollar signs to MathJax when the page has
    loaded it (Jupyter, many blogs): "from $5bn to $3bn" would be typeset as a formula. As
    ``&#36;`` it still shows as a dollar sign, and MathJax never sees one.

    ``{`` becomes ``&#123;`` because plotly.js replaces ``%{...}`` in titles, annotations,
    legend names and hover templates by the figure's values before it reads the markup: a
    key event titled ``Talks %{meta.title}`` would show the chart's title unescaped, so a
    title holding ``<a href=...>`` would become a link. plotly.js decodes the entity only
    when it draws the text, after the templates are filled, so ``%{`` is never seen. Every
    ``{``, not only those after ``%``: the pieces of a hover are escaped one by one, and a
    ``%`` ending one must not meet a ``{`` starting the next.
    """
    escaped = html.escape(text, quote=False).replace("$", "&#36;").replace("{", "&#123;")
    return "<br>".join(escaped.splitlines())


def wrapped(text: str, width: int) -> str:
    """Wrap plain text to ``width`` characters, then escape each line and join with <br>.

    Escaping after wrapping keeps entities such as ``&amp;`` from counting as characters.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap(paragraph, width) or [""])
    if any(special in text for special in _MARKUP_SPECIAL):
        return "<br>".join(markup(line) for line in lines)
    return "<br>".join(lines)  # what markup would leave as it is, sooner


# The characters :func:`markup` changes in a line.
_MARKUP_SPECIAL = ("&", "<", ">", "$", "{")


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, break_on_hyphens=False)``, three times sooner for the usual
    text: printable (so its only space is " "), words no longer than ``width`` between single
    spaces, which filling each line greedily wraps exactly as textwrap does (a test compares
    them). Anything else goes to textwrap."""
    words = text.split(" ")
    if not text.isprintable() or "" in words or max(map(len, words)) > width:
        return textwrap.wrap(text, width, break_on_hyphens=False)
    lines = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def short_date(date: PartialDate, with_year: bool) -> str:
    """``18 Mar``, ``18 Mar 2025``, ``Mar 2025``, ``week of 10 Mar``, ``11\u201320 Mar``: for
    labels where space is short."""
    first, last = date.first_day, date.last_day
    if first is not None and last is not None:
        year = f" {last.year}" if with_year else ""
        if date.week is not None:
            text = f"week of {first.day} {MONTH_ABBR[first.month - 1]}"
            text += f" {first.year}" if with_year else ""
        elif first.month == last.month and first.year == last.year:
            text = f"{first.day}\u2013{last.day} {MONTH_ABBR[last.month - 1]}" + year
        else:
            text = (
                f"{first.day} {MONTH_ABBR[first.month - 1]} \u2013 "
                f"{last.day} {MONTH_ABBR[last.month - 1]}" + year
            )
    elif date.month is None:
        text = f"{date.year}"
    elif date.day is None:
        text = f"{MONTH_ABBR[date.month - 1]} {date.year}"
    else:
        text = f"{date.day} {MONTH_ABBR[date.month - 1]}" + (f" {date.year}" if with_year else "")
    return text + ("~" if date.approximate else "")


def date_text(event: Event) -> str:
    """An event's date in words (plain text), with its end if it has one."""
    if event.end is None:
        return event.date.human()
    return f"{event.date.human()} to {event.end.human()}"


def source_url(event: Event) -> str:
    """The first http(s) source link of the event, or ``""``."""
    for source in event.sources:
        if source.url and source.url.lower().startswith(("http://", "https://")):
            return source.url
    return ""


def customdata(event: Event) -> list[str]:
    """What a chart keeps with an event's mark: the link a click opens, and the event's id."""
    return [source_url(event), event.id]


def hover_text(event: Event, lanes: Sequence[str] = ()) -> str:
    """The hover of an event as plotly.js markup: title, date, type, actors, place, summary,
    sources, claims (marked when they disagree), and the lanes it is drawn in when more than one."""
    cameo = f" (CAMEO {event.cameo})" if event.cameo else ""
    lines = [
        f"<b>{wrapped(event.title, HOVER_WIDTH)}</b>",
        f"{markup(date_text(event))} · {markup(event.type)}{cameo}",
        wrapped(", ".join(event.actors), HOVER_WIDTH),
    ]
    if event.place is not None:
        lines.append(wrapped(f"Place: {event.place.text()}", HOVER_WIDTH))
    if event.summary:
        lines += ["", wrapped(_shortened(event.summary, HOVER_SUMMARY_CHARS), HOVER_WIDTH)]
    if event.sources:
        lines += ["", "<b>Sources</b>"]
        for source in event.sources:
            text = source.outlet
            if source.published is not None:
                text += f", {source.published.human()}"
            if source.title:
                text += f": {source.title}"
            lines.append(wrapped(f"• {text}", HOVER_WIDTH))
    if event.claims:
        heading = "Claims: the parties disagree" if event.contested() else "Claims"
        lines += ["", f"<b>{'⚠ ' if event.contested() else ''}{heading}</b>"]
        for claim in event.claims:
            says = _shortened(claim.says, HOVER_CLAIM_CHARS)
            lines.append(wrapped(f"• {claim.by} {claim.stance}: {says}", HOVER_WIDTH))
    if len(lanes) > 1:
        lines += ["", wrapped(f"Shown in {len(lanes)} lanes: {', '.join(lanes)}", HOVER_WIDTH)]
    if source_url(event):
        lines += ["", "<i>Click to open the source</i>"]
    return "<br>".join(lines)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked when cut."""
    if len(text) <= limit:
        return text
    return textwrap.shorten(text, width=limit, placeholder=" … (more in the events table)")


def stage_hover(progress: StageProgress) -> str:
    """The hover of a plan stage's bar: the stage, its plan and parties, and every status
    the events gave it, dated."""
    stage = progress.stage
    total = len(progress.plan.stages)
    lines = [
        f"<b>{wrapped(stage.title, HOVER_WIDTH)}</b>",
        wrapped(f"Stage {progress.number} of {total}: {progress.plan.title}", HOVER_WIDTH),
        wrapped(f"Parties: {', '.join(progress.plan.parties)}", HOVER_WIDTH),
    ]
    if stage.scope:
        lines.append(wrapped(f"Scope: {stage.scope}", HOVER_WIDTH))
    if stage.duration:
        lines.append(markup(f"Duration: {stage.duration}"))
    if not progress.changes:
        lines += ["", "<b>Not started</b>: no event has dated this stage yet"]
    else:
        lines += ["", "<b>Status</b>"]
        for change in progress.changes:
            lines.append(
                wrapped(
                    f"• {change.status}, {change.date.human()}: {change.event.title}", HOVER_WIDTH
                )
            )
    return "<br>".join(lines)


def key_label(title: str) -> str:
    """A key event's on-chart label: its title in at most three lines of even length."""
    lines = textwrap.wrap(title, LABEL_WIDTH, break_on_hyphens=False)
    if len(lines) > LABEL_LINES:
        kept = lines[:LABEL_LINES]
        kept[-1] = textwrap.shorten(f"{kept[-1]} …", LABEL_WIDTH, placeholder=" …")
        return "\n".join(kept)
    # The narrowest width that needs no more lines evens them out ("Starmer and Trump
    # speak / by phone", not "Starmer and Trump speak by / phone").
    for width in range(max(1, len(title) // len(lines)), LABEL_WIDTH):
        balanced = textwrap.wrap(title, width, break_on_hyphens=False, break_long_words=False)
        if len(balanced) == len(lines):
            return "\n".join(balanced)
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(events: Sequence[Event]) -> str:
    """Plain text: ``9 events, from Mar 2025 to Tue 18 Mar 2025, from 2 sources``.

    The first date is the first event's; the last is the latest date written on any event (its
    end if it has one), the finer and exact one when several start at the same instant. Sources
    are counted by outlet.
    """
    if not events:
        return "No events"
    first = min((event.date for event in events), key=PartialDate.sort_key)
    last = max(
        (event.end or event.date for event in events),
        key=lambda d: (d.earliest(), -d.precision.rank, not d.approximate),
    )
    outlets = {source.outlet.strip().casefold() for event in events for source in event.sources}
    when = f"on {first.human()}" if first == last else f"from {first.human()} to {last.human()}"
    sources = f"from {_plural(len(outlets), 'source')}" if outlets else "no sources cited"
    return f"{_plural(len(events), 'event')}, {when}, {sources}"
