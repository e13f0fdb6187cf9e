"""A chart's plain data (a spec: ``{"data": [...], "layout": {...}}``) as plotly sees it.

:func:`as_figure` makes a plotly figure of a spec; :func:`plotly_dict` gives the same data
that figure would give (:func:`figure_dict`), key for key, without plotly's classes: plotly
checks and copies every point, which costs more than drawing a large timeline, and its
classes take a tenth of a second to import.
"""

from __future__ import annotations

import functools
import json
import pkgutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["as_figure", "figure_dict", "plotly_dict"]


def as_figure(spec: dict[str, Any]) -> go.Figure:
    """The plotly figure of a spec from :func:`timeline_spec` or :func:`plan_spec`, checked by
    plotly, traces then layout as plotly orders them."""
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.add_traces(spec["data"])
    figure.update_layout(spec["layout"])
    return figure


# Values plotly keeps as given (free-form data), rather than reading them as its own objects.
_AS_GIVEN = frozenset({"meta", "args"})


def plotly_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """What :func:`figure_dict` gives for ``as_figure(spec)``, without plotly's checks and
    copies of every point, or its classes: every key where plotly puts it, and the template
    from plotly's package data (tests compare the two). New dicts for plotly's objects; the
    lists of values and ``meta`` are the spec's own."""
    layout = _updated(spec["layout"])
    template = layout.get("template")
    if isinstance(template, str):
        layout["template"] = _template(template)
    return {"data": [_constructed(trace, trace=True) for trace in spec["data"]], "layout": layout}


def figure_dict(figure: go.Figure) -> dict[str, Any]:
    """``figure.to_dict()`` with its template's keys sorted at every level, as
    :func:`plotly_dict` gives them.

    plotly reorders a template's keys in the order of its own classes when it builds a
    figure; sorted, a figure gives the same bytes whether plotly built it or not, and a page
    needs no plotly classes (a tenth of a second to import).
    """
    data: dict[str, Any] = figure.to_dict()
    layout = data.get("layout", {})
    if isinstance(layout.get("template"), dict):
        layout["template"] = _sorted_keys(layout["template"])
    return data


@functools.cache
def _template_json(name: str) -> str:
    # What plotly.io.templates reads for a template plotly ships.
    text = pkgutil.get_data("plotly", f"package_data/templates/{name}.json")
    if text is None:  # pragma: no cover - plotly ships its templates as files
        raise LookupError(f"plotly has no template {name!r}")
    return json.dumps(_sorted_keys(json.loads(text)))


def _template(name: str) -> dict[str, Any]:
    """A template plotly ships, its keys sorted at every level (a new copy each time)."""
    template: dict[str, Any] = json.loads(_template_json(name))
    return template


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


def _constructed(value: dict[str, Any], *, trace: bool = False) -> dict[str, Any]:
    """Keys as a plotly object built from ``value`` holds them: in the order of its class's
    properties, which is alphabetical, and a trace's type last."""
    names = sorted(key for key in value if not (trace and key == "type"))
    result = {key: _value(key, value[key], _constructed) for key in names}
    if trace and "type" in value:
        result["type"] = value["type"]
    return result


def _updated(value: dict[str, Any]) -> dict[str, Any]:
    """Keys as a plotly object updated with ``value`` holds them: its own objects first, then
    the other properties, each group in the order given."""
    objects = [
        key
        for key, item in value.items()
        if key == "template" or (isinstance(item, dict) and key not in _AS_GIVEN)
    ]
    result = {key: _value(key, value[key], _updated) for key in objects}
    # An empty array of plotly objects (shapes=[]) leaves the property unset.
    result.update(
        (key, _value(key, item, _updated))
        for key, item in value.items()
        if key not in result and item != []
    )
    return result


def _value(key: str, value: Any, order: Any) -> Any:
    if key in _AS_GIVEN or not isinstance(value, (dict, list)):
        return value
    if isinstance(value, dict):
        # A typed array (dtype and base64 data) is data, kept as given.
        return dict(value) if "bdata" in value else order(value)
    if value and isinstance(value[0], dict):
        # Items of an array of objects are built, whatever sets the array.
        return [_constructed(item) for item in value]
    return value
