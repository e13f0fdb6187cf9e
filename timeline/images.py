"""Static images of a figure (PNG, SVG, PDF), drawn by kaleido in an installed Chrome or
Chromium, with plotly.js from the installed plotly and no network.

kaleido finds the browser itself, or takes its path from the ``BROWSER_PATH`` environment
variable. Starting the browser is most of an image's cost (seconds), so :func:`images_bytes`
draws several images in one browser: ``timeline build -o a.png -o a.svg -o brief.docx``
starts it once. The same figure gives the same SVG and PDF bytes: plotly.js names its clip paths
after a random page id, which is replaced by one derived from the drawing, and the PDF's
creation time is left out. PNG bytes depend on the browser's version and fonts.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from timeline.drawing import static_figure
from timeline.errors import BrowserNotFound, ImageFailed, ImagesUnavailable, ImageTooShort

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "DEFAULT_WIDTH",
    "IMAGE_FORMATS",
    "ImageFormat",
    "ImageRequest",
    "PrintRequest",
    "image_bytes",
    "image_size",
    "images_bytes",
]

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


@dataclass(frozen=True)
class ImageRequest:
    """One image of a figure: its format and size (``None``: the defaults of
    :func:`image_bytes`)."""

    format: ImageFormat
    width: int | None = None
    height: int | None = None
    scale: float | None = None
    # The numbered key under the chart; a brief sets its key in a table of its own.
    key: bool = True


@dataclass(frozen=True)
class PrintRequest:
    """A document the browser prints to PDF around the chart: ``document`` makes its HTML
    from the chart drawn as ``chart`` (an SVG); the page size comes from its CSS."""

    document: Callable[[bytes], str]
    chart: ImageRequest


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
    request = ImageRequest(format, width, height, scale)
    return images_bytes(figure, [request])[0]


def images_bytes(
    figure: go.Figure | Sequence[go.Figure], requests: Sequence[ImageRequest | PrintRequest]
) -> list[bytes]:
    """Each image ``requests`` asks for, as :func:`image_bytes` draws it, or each document
    printed to PDF, all drawn in one browser started once; the same errors. ``figure`` is
    the one figure of every request, or one figure per request."""
    try:
        import kaleido  # noqa: F401  (its absence is the user's to fix, named here)
        from choreographer.errors import BrowserFailedError, ChromeNotFoundError
    except ImportError:
        raise ImagesUnavailable(
            "png, svg and pdf need kaleido: pip install 'negotiation-timeline[export]'"
        ) from None

    figures = [figure] * len(requests) if not isinstance(figure, Sequence) else figure
    jobs: list[tuple[Any, dict[str, Any]]] = []
    for wanted, drawn in zip(requests, figures, strict=True):
        request = wanted.chart if isinstance(wanted, PrintRequest) else wanted
        width = request.width or DEFAULT_WIDTH
        static = static_figure(drawn, width, key=request.key)
        height = request.height or int(static.layout.height or DEFAULT_HEIGHT)
        _check_height(static, width, height)
        options = {"format": request.format, "width": width, "height": height}
        jobs.append((static, {**options, "scale": request.scale or 1}))
    _quiet_browser_logs()
    format = "/".join(dict.fromkeys(_format(request) for request in requests))
    try:
        drawn = _in_one_browser(jobs, requests)
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
    return drawn


def _format(request: ImageRequest | PrintRequest) -> str:
    return "pdf" if isinstance(request, PrintRequest) else request.format


def _stable(data: bytes, format: ImageFormat) -> bytes:
    if format == "svg":
        return _stable_ids(data)
    if format == "pdf":
        return _without_dates(data)
    return data


def _in_one_browser(
    jobs: Sequence[tuple[Any, dict[str, Any]]], requests: Sequence[ImageRequest | PrintRequest]
) -> list[bytes]:
    """Draw each (figure, options) in one kaleido browser, in a thread of its own, and print
    the documents of print requests around their chart.

    The thread has its own event loop, so this works where one is already running
    (Jupyter). kaleido's ``start_sync_server`` would also keep one browser, but a browser
    that fails to start there leaves its callers waiting forever; here its error is raised.
    """
    import kaleido

    async def draw_all() -> list[bytes]:
        # No MathJax: kaleido would fetch it from a CDN, and the figures use no TeX.
        async with kaleido.Kaleido(n=1, mathjax=False) as engine:
            done = []
            for (figure, opts), request in zip(jobs, requests, strict=True):
                data = _stable(await engine.calc_fig(figure, opts=opts), opts["format"])
                if isinstance(request, PrintRequest):
                    data = _without_dates(await _printed(engine, request.document(data)))
                done.append(data)
            return done

    result: list[list[bytes]] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(draw_all()))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="timeline-images")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


def _check_height(static: go.Figure, width: int, height: int) -> None:
    """:class:`ImageTooShort` when ``height`` squeezes one of our charts: its rows, labels
    and key are laid out in pixels, so fewer of them would draw text over text."""
    meta = static.layout.meta if isinstance(static.layout.meta, dict) else {}
    needed = int(static.layout.height or 0)
    if meta.get("view") in ("timeline", "plan") and height < needed:
        raise ImageTooShort(
            f"an image {height} px high is too short for this chart at {width} px wide: its "
            f"labels and rows need {needed} px; give --height {needed} or more, or leave "
            "--height out (the image then takes the chart's own height)"
        )


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


async def _printed(browser: Any, document: str) -> bytes:
    """``document`` (HTML) printed to PDF by ``browser`` in a tab of its own, at the page
    size its CSS gives, with backgrounds. The file is read from a private folder: a page
    from ``file://`` can load nothing from the network, and the document asks for nothing."""
    with tempfile.TemporaryDirectory(prefix="timeline-print-") as folder:
        path = os.path.join(folder, "print.html")
        with open(path, "w", encoding="utf-8") as file:
            file.write(document)
        tab = await browser.create_tab("")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            url = Path(path).as_uri()
            await tab.send_command("Page.navigate", params={"url": url})
            await loaded
            response = await tab.send_command(
                "Page.printToPDF",
                params={"printBackground": True, "preferCSSPageSize": True},
            )
        finally:
            await browser.close_tab(tab)
    if "error" in response:
        raise RuntimeError(f"printing failed: {response['error']}")
    return base64.b64decode(response["result"]["data"])


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
