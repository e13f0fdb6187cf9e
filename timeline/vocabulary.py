"""The words of the record format: event types, plan statuses and their CAMEO codes.

Plain constants, without pydantic, so that commands that only read records (``list``,
``validate``, ``add``'s help) can use them without loading the models.
"""

from __future__ import annotations

import typing
from typing import Literal

__all__ = ["CAMEO", "EVENT_TYPES", "STATUSES", "TYPE_NAMES", "EventType", "Status"]

EventType = Literal[
    "statement",
    "call",
    "visit",
    "meeting",
    "talks",
    "mediation",
    "proposal",
    "agreement",
    "ceasefire",
    "demand",
    "rejection",
    "violation",
    "aid",
    "sanction",
    "other",
]
Status = Literal["proposed", "agreed", "in-force", "violated", "suspended", "collapsed", "rejected"]
EVENT_TYPES: tuple[str, ...] = typing.get_args(EventType)
STATUSES: tuple[str, ...] = typing.get_args(Status)

# CAMEO codes as GDELT/ICEWS use them, kept as strings for the leading zeros.
# Where the reference table has no code for a type as broad as ours, the CAMEO root's
# "not specified below" code stands in (100 demand, 120 reject, 070 aid, 160 reduce relations).
CAMEO: dict[str, str | None] = {
    "statement": "010",
    "call": "041",
    "visit": "042",
    "meeting": "044",
    "talks": "046",
    "mediation": "045",
    "proposal": "036",
    "agreement": "057",
    "ceasefire": "0871",
    "demand": "100",
    "rejection": "120",
    "violation": "196",
    "aid": "070",
    "sanction": "160",
    "other": None,
}

# Each type as a reader sees it in a hover or a table.
TYPE_NAMES: dict[str, str] = {
    "statement": "Statement",
    "call": "Phone call",
    "visit": "Visit",
    "meeting": "Meeting",
    "talks": "Talks",
    "mediation": "Mediation",
    "proposal": "Proposal",
    "agreement": "Agreement",
    "ceasefire": "Ceasefire",
    "demand": "Demand",
    "rejection": "Rejection",
    "violation": "Ceasefire violation",
    "aid": "Aid",
    "sanction": "Sanction",
    "other": "Other",
}
