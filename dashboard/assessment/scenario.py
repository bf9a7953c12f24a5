"""A weight scenario in a link: the weights, the method and how experts are combined, short enough to
paste in an e-mail, versioned, and checked when the link is opened.

``?s=1.weighted_sum.mean.3f9a.50-50-80-20-…``: the format's version, the method, the aggregation, a
fingerprint of the criteria the weights are for, then each criterion's importance points (whole
numbers 0–100) in criterion order. A link made before the criteria changed is refused with a sentence
rather than applied to the wrong criteria.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard import mcda
from dashboard.assessment.weights import Weights
from dashboard.errors import InvalidInput

VERSION = "1"
AGGREGATIONS = ("mean", "median")
POINTS_MAX = 100
LINK_MAX = 400  # characters: longer is not a scenario this dashboard made


@dataclass(frozen=True)
class Scenario:
    method: str  # a method's value (mcda.Method)
    how: str  # "mean" or "median"
    weights: Weights


def fingerprint(codes: Sequence[str]) -> str:
    """Four hex digits that change when the criteria (codes or order) change."""
    return hashlib.sha256(",".join(codes).encode()).hexdigest()[:4]


def encode(codes: Sequence[str], weights: Weights, method: str, how: str) -> str:
    points = "-".join(str(round(weights[c])) for c in codes)
    return f"{VERSION}.{method}.{how}.{fingerprint(codes)}.{points}"


def decode(text: str, codes: Sequence[str]) -> Scenario:
    """The scenario of a link for the criteria ``codes``; InvalidInput with a sentence otherwise."""
    unreadable = "The scenario in the link could not be read; showing the shared weights."
    if len(text) > LINK_MAX:
        raise InvalidInput(unreadable)
    parts = text.split(".")
    if not (parts[0].isascii() and parts[0].isdigit()) or len(parts) < 2:
        raise InvalidInput(unreadable)
    if parts[0] != VERSION:
        raise InvalidInput(
            "The scenario in the link was made by another version of the dashboard; "
            "showing the shared weights."
        )
    if len(parts) != 5 or parts[1] not in {m.value for m in mcda.METHODS} or parts[2] not in AGGREGATIONS:
        raise InvalidInput(unreadable)
    if parts[3] != fingerprint(codes):
        raise InvalidInput(
            "The criteria have changed since this scenario link was made, so its weights no longer fit; "
            "showing the shared weights."
        )
    values = parts[4].split("-")
    if len(values) != len(codes) or not all(v.isascii() and v.isdigit() and len(v) <= 3 for v in values):
        raise InvalidInput(unreadable)
    points = [int(v) for v in values]
    if any(p > POINTS_MAX for p in points):
        raise InvalidInput(unreadable)
    return Scenario(parts[1], parts[2], Weights(codes, points))
