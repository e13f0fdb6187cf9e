"""Which plotly.js a page carries: the smallest bundle with every trace it draws.

An inline page spends much of its opening time parsing plotly.js, whose full bundle is 4.8 MB.
Timelines drawn in SVG use only scatter and bar: they carry plotly.js's published "basic"
bundle (bar, pie, scatter; 1.2 MB). Large timelines (WebGL) use scatter, bar and scattergl,
which no published bundle holds together (the "gl2d" one has no bar): inline, they carry a
partial bundle of exactly those traces (1.4 MB), built from the plotly.js npm package by
``scripts/plotly_bundle.sh`` (see ``timeline/static/plotlyjs/ORIGIN.md``). cdn.plot.ly does
not serve that one, so a page that loads plotly.js from the CDN gets the full bundle there, as
do figures handed to the API that use other traces (plotly.py's own copy).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["BASIC_VERSION", "Bundle", "bundle_for", "served_bundles"]

# The plotly.js version of both copies in timeline/static/plotlyjs/ (see ORIGIN.md there).
BASIC_VERSION = "4.1.1"
_BASIC_TRACES = frozenset({"bar", "pie", "scatter"})
_WEBGL_TRACES = frozenset({"bar", "scatter", "scattergl"})


@dataclass(frozen=True)
class Bundle:
    """A plotly.js build: its source and the address cdn.plot.ly serves it from, if any."""

    name: str
    version: str
    source: str
    cdn_url: str | None
    # The source as a gzip member, made once when the bundle was built (``gzip -9 -n``),
    # for a page that carries it packed: compressing 1.4 MB at each build took 50 ms.
    gzipped: bytes | None = None


def bundle_for(traces: Iterable[Mapping[str, Any]], *, cdn: bool = False) -> Bundle:
    """The smallest bundle that draws every trace in ``traces`` (figure ``data`` items); with
    ``cdn``, the smallest that cdn.plot.ly serves (its ``cdn_url`` is then set).

    A trace without a ``type`` is a scatter, as in plotly.js.
    """
    kinds = {str(trace.get("type") or "scatter") for trace in traces}
    # A different plotly.py writes figures for another plotly.js: its own full copy is the
    # one that reads them.
    if _full_version() == BASIC_VERSION:
        if kinds <= _BASIC_TRACES:
            return _basic()
        if kinds <= _WEBGL_TRACES and not cdn:
            return _webgl()
    return _full()


def served_bundles() -> dict[str, Callable[[], Bundle]]:
    """Each bundle a page may name, by its CDN address, for a server that sends it itself
    (``timeline serve``); read only when asked for."""
    basic_url = f"https://cdn.plot.ly/plotly-basic-{BASIC_VERSION}.min.js"
    full_url = f"https://cdn.plot.ly/plotly-{_full_version()}.min.js"
    return {basic_url: _basic, full_url: _full}


@functools.cache
def _basic() -> Bundle:
    source = (
        resources.files("timeline")
        .joinpath("static/plotlyjs/plotly-basic.min.js")
        .read_text(encoding="utf-8")
    )
    url = f"https://cdn.plot.ly/plotly-basic-{BASIC_VERSION}.min.js"
    return Bundle("basic", BASIC_VERSION, source, url)


@functools.cache
def _webgl() -> Bundle:
    folder = resources.files("timeline").joinpath("static/plotlyjs")
    source = folder.joinpath("plotly-bar-scattergl.min.js").read_text(encoding="utf-8")
    gzipped = folder.joinpath("plotly-bar-scattergl.min.js.gz").read_bytes()
    return Bundle("bar-scattergl", BASIC_VERSION, source, None, gzipped)


@functools.cache
def _full_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


@functools.cache
def _full() -> Bundle:
    from plotly.offline import get_plotlyjs

    version = _full_version()
    url = f"https://cdn.plot.ly/plotly-{version}.min.js"
    return Bundle("full", version, str(get_plotlyjs()), url)
