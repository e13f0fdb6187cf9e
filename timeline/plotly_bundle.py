"""Which plotly.js a page carries: the smallest published bundle with every trace it draws.

plotly.js publishes partial bundles; its "basic" one (bar, pie, scatter) is 1.2 MB against the
full bundle's 4.8 MB, and an inline page spends most of its opening time parsing plotly.js.
Timelines drawn in SVG use only scatter and bar; large ones (WebGL) and figures handed to the
API that use other traces get the full bundle that ships with plotly.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["BASIC_VERSION", "Bundle", "bundle_for", "served_bundles"]

# The version of the copy in timeline/static/plotlyjs/ (see ORIGIN.md there).
BASIC_VERSION = "4.1.1"
_BASIC_TRACES = frozenset({"bar", "pie", "scatter"})


@dataclass(frozen=True)
class Bundle:
    """A plotly.js build: its source and the address cdn.plot.ly serves it from."""

    name: str
    version: str
    source: str
    cdn_url: str

    @property
    def file_name(self) -> str:
        """The file name the CDN serves it under (``plotly-basic-4.1.1.min.js``)."""
        return self.cdn_url.rsplit("/", 1)[1]


def bundle_for(traces: Iterable[Mapping[str, Any]]) -> Bundle:
    """The smallest bundle that draws every trace in ``traces`` (figure ``data`` items).

    A trace without a ``type`` is a scatter, as in plotly.js.
    """
    kinds = {str(trace.get("type") or "scatter") for trace in traces}
    # A different plotly.py writes figures for another plotly.js: its own full copy is the
    # one that reads them.
    if kinds <= _BASIC_TRACES and _full_version() == BASIC_VERSION:
        return _basic()
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
def _full_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


@functools.cache
def _full() -> Bundle:
    from plotly.offline import get_plotlyjs

    version = _full_version()
    url = f"https://cdn.plot.ly/plotly-{version}.min.js"
    return Bundle("full", version, str(get_plotlyjs()), url)
