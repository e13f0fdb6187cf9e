"""Static images of a figure (PNG, SVG, PDF), drawn by kaleido in an installed Chrome or
Chromium, with plotly.js from the installed plotly and no network.

kaleido finds the browser itself, or takes its path from the ``BROWSER_PATH`` environment
variable. The same figure gives the same SVG and PDF bytes: plotly.js names its clip paths
after a random page id, which is replaced by one derived from the drawing, and the PDF's
creation time is left out. PNG bytes depend on the browser's version and fonts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from typing import TYPE_CHECKING, Literal, get_args

from timeline.drawing import static_figure
from timeline.errors import BrowserNotFound, ImageFailed, ImagesUnavailable

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["DEFAULT_WIDTH", "IMAGE_FORMATS", "ImageFormat", "image_bytes", "image_size"]

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[str, ...] = get_args(ImageFormat)
DEFAULT_WIDTH = 1200  # a page's width at print resolution; wide enough for the key labels
DEFAULT_HEIGHT = 600  # for a figure that does not say its height
INSTALL_BROWSER = (
    "install one (Debian or Ubuntu: sudo apt-get install chromium; elsewhere Google Chrome, "
    "or run kaleido_get_chrome) or set BROWSER_PATH to the browser's path"
)
# plotly.js writes its random page id into these ids and references only.
_PAGE_ID = re.compile(r'<defs id="defs-([0-9a-z]+)"')
_PDF_INFO = re.compile(rb"trailer\s*<<.*?/Info (\d+) 0 R", re.DOTALL)
# Chromium writes these as plain strings without parentheses inside; anything else is kept.
_PDF_BLANKED = re.compile(rb"/(?:CreationDate|ModDate|Title) \([^()\\]*\)")


def image_bytes(
    figure: go.Figure,
    format: ImageFormat,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
) -> bytes:
    """The figure as a PNG, SVG or PDF, drawn for print by :func:`static_figure`.

    ``width`` defaults to 1200 pixels and ``height`` to the figure's own height, which keeps
    its rows at their size; ``scale`` multiplies the pixels of a PNG (2 for a sharp print).
    Raises :class:`ImagesUnavailable` without kaleido, :class:`BrowserNotFound` without a
    browser, :class:`ImageFailed` when the browser fails.
    """
    try:
        import kaleido
        from choreographer.errors import BrowserFailedError, ChromeNotFoundError
    except ImportError:
        raise ImagesUnavailable(
            "png, svg and pdf need kaleido: pip install 'negotiation-timeline[export]'"
        ) from None

    width = width or DEFAULT_WIDTH
    static = static_figure(figure, width)
    height = height or int(static.layout.height or DEFAULT_HEIGHT)
    options = {"format": format, "width": width, "height": height, "scale": scale or 1}
    _quiet_browser_logs()
    try:
        # No MathJax: kaleido would fetch it from a CDN, and the figures use no TeX.
        data: bytes = kaleido.calc_fig_sync(static, opts=options, kopts={"mathjax": False})
    except ChromeNotFoundError:
        where = os.environ.get("BROWSER_PATH")
        if where:
            raise BrowserNotFound(
                f"no browser at BROWSER_PATH={where}; png, svg and pdf are drawn by Chrome "
                f"or Chromium: {INSTALL_BROWSER}"
            ) from None
        raise BrowserNotFound(
            f"png, svg and pdf are drawn by Chrome or Chromium, and none was found: "
            f"{INSTALL_BROWSER}"
        ) from None
    except BrowserFailedError as exc:
        where = os.environ.get("BROWSER_PATH") or "the browser"
        raise ImageFailed(
            f"{where} closed right after starting, so no {format} was drawn: check that it "
            f"is Chrome or Chromium, or {INSTALL_BROWSER}"
        ) from exc
    except Exception as exc:  # kaleido's own errors have no common base; report any
        raise ImageFailed(f"the browser could not draw the {format}: {exc}") from exc
    if format == "svg":
        return _stable_ids(data)
    if format == "pdf":
        return _without_dates(data)
    return data


def image_size(
    figure: go.Figure,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
) -> tuple[int, int]:
    """The size in pixels of the image :func:`image_bytes` draws with these options."""
    width = width or DEFAULT_WIDTH
    height = height or int(static_figure(figure, width).layout.height or DEFAULT_HEIGHT)
    return round(width * (scale or 1)), round(height * (scale or 1))


def _stable_ids(svg: bytes) -> bytes:
    """Replace plotly.js's random page id in an SVG by one derived from the drawing, so the
    same figure gives the same bytes and two different SVGs on one page keep apart."""
    text = svg.decode("utf-8")
    found = _PAGE_ID.search(text)
    if found is None:
        return svg
    uses = re.compile(r"""((?:id="|url\(#|url\('#)[A-Za-z]*-?)""" + re.escape(found[1]))
    marked = uses.sub(lambda match: match[1] + "\0", text)
    page_id = hashlib.sha256(marked.encode("utf-8")).hexdigest()[:8]
    return marked.replace("\0", page_id).encode("utf-8")


def _without_dates(pdf: bytes) -> bytes:
    """Blank the creation and modification times and kaleido's page title ("Kaleido-fier")
    in a PDF's document information, so the same figure gives the same bytes.

    Each entry is overwritten by as many spaces, which PDF reads as whitespace between the
    dictionary's entries: every object keeps its byte offset, so the cross-reference table
    stays right.
    """
    info = _PDF_INFO.search(pdf)
    if info is None:
        return pdf
    obj = re.search(rb"\n" + info[1] + rb" 0 obj\s*<<(.*?)>>\s*endobj", pdf, re.DOTALL)
    if obj is None:
        return pdf
    start, end = obj.span(1)
    blanked = _PDF_BLANKED.sub(lambda entry: b" " * len(entry[0]), obj[1])
    return pdf[:start] + blanked + pdf[end:]


def _quiet_browser_logs() -> None:
    """Keep kaleido's browser driver from printing its warnings on stderr when the program
    configured no logging (Python's last-resort handler would); configured handlers still
    receive them."""
    for name in ("choreographer", "kaleido", "logistro"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
