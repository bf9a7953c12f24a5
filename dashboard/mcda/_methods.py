"""The scoring methods in one declarative table, and the options that tune them.

Adding a method is one row of ``METHODS`` plus its scoring function and tests: the app's pages,
sensitivity, SMAA and the workbooks all read the table.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.mcda._core import (
    NORMALIZATIONS,
    PREFERENCES,
    as_directions,
    as_matrix,
    as_weights,
    criterion_flows,
    normalize,
    topsis_many,
)


class Method(enum.StrEnum):
    """A way of turning a performance matrix and weights into one score per option."""

    WEIGHTED_SUM = "weighted_sum"
    TOPSIS = "topsis"
    PROMETHEE_II = "promethee_ii"


@dataclass(frozen=True)
class EngineOptions:
    """The settings of the methods, in one value instead of loose keywords.

    ``normalization`` and ``bounds`` are the weighted sum's (``bounds`` = the declared scale of each
    criterion, needed by the ``scale`` normalisation); TOPSIS shifts its input by the scale's lower
    bound when ``bounds`` are given (its vector normalisation needs values >= 0); ``preference``,
    ``q`` and ``p`` are PROMETHEE's preference function and thresholds.
    """

    normalization: str = "minmax"
    bounds: tuple[tuple[float, float], ...] | None = None
    preference: str = "usual"
    q: float | Sequence[float] | None = None
    p: float | Sequence[float] | None = None

    def __post_init__(self) -> None:
        if self.normalization not in NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {', '.join(NORMALIZATIONS)}, got {self.normalization!r}"
            )
        if self.preference not in PREFERENCES:
            raise ValueError(f"preference must be one of {', '.join(PREFERENCES)}, got {self.preference!r}")
        if self.bounds is not None:
            object.__setattr__(self, "bounds", tuple((float(lo), float(hi)) for lo, hi in self.bounds))


Scores = Callable[[np.ndarray, np.ndarray, np.ndarray, EngineOptions], np.ndarray]
Utilities = Callable[[np.ndarray, np.ndarray, EngineOptions], np.ndarray]


@dataclass(frozen=True)
class MethodSpec:
    """One row of the method table."""

    label: str  # what a reader sees
    scores: Scores  # (x, w (s, n) rows summing to 1, cost flags, options) -> scores (s, m)
    utilities: Utilities | None  # linear methods: (x, cost, options) -> U (m, n), scores = U @ w
    shift_to_scale: bool  # the input is moved to start at 0 on its declared scale first
    source: str  # the reference of its formula

    @property
    def linear(self) -> bool:
        """Scores are linear in the weights: exact break-even points exist."""
        return self.utilities is not None


def _directions(cost: np.ndarray) -> list[str]:
    return ["cost" if c else "benefit" for c in cost]


def _normalised(x: np.ndarray, cost: np.ndarray, options: EngineOptions) -> np.ndarray:
    return normalize(x, _directions(cost), options.normalization, options.bounds)


def _flows(x: np.ndarray, cost: np.ndarray, options: EngineOptions) -> np.ndarray:
    return criterion_flows(x, _directions(cost), options.preference, options.q, options.p)


def _linear(utilities: Utilities) -> Scores:
    return lambda x, w, cost, options: w @ utilities(x, cost, options).T


def _topsis(x: np.ndarray, w: np.ndarray, cost: np.ndarray, _options: EngineOptions) -> np.ndarray:
    return topsis_many(x, w, cost)


METHODS: dict[Method, MethodSpec] = {
    Method.WEIGHTED_SUM: MethodSpec(
        "Weighted sum", _linear(_normalised), _normalised, False, "simple additive weighting"
    ),
    Method.TOPSIS: MethodSpec("TOPSIS", _topsis, None, True, "Hwang & Yoon (1981)"),
    Method.PROMETHEE_II: MethodSpec("PROMETHEE II", _linear(_flows), _flows, False, "Brans & Vincke (1985)"),
}


def as_method(method: Method | str) -> Method:
    """The Method named by ``method`` (its value, e.g. "topsis"); ValueError otherwise."""
    try:
        return Method(method)
    except ValueError:
        allowed = ", ".join(m.value for m in Method)
        raise ValueError(f"method must be one of {allowed}, got {method!r}") from None


def engine_options(
    options: EngineOptions | None = None,
    normalization: str | None = None,
    bounds=None,
    preference: str | None = None,
    q=None,
    p=None,
) -> EngineOptions:
    """``options``, or options made of the loose keywords the public functions also accept."""
    loose = {"normalization": normalization, "bounds": bounds, "preference": preference, "q": q, "p": p}
    given = {k: v for k, v in loose.items() if v is not None}
    if options is not None and given:
        raise ValueError(f"give either options or {', '.join(given)}, not both")
    return options if options is not None else EngineOptions(**given)


def prepared(matrix, directions, method: Method, options: EngineOptions) -> tuple[np.ndarray, np.ndarray]:
    """The validated matrix (shifted onto its scale where the method needs it) and the cost flags."""
    x = as_matrix(matrix)
    cost = as_directions(directions, x.shape[1])
    if METHODS[method].shift_to_scale and options.bounds is not None:
        x = x - np.array([lo for lo, _ in options.bounds])
    return x, cost


def score(
    matrix, weights, directions, method: Method | str = Method.WEIGHTED_SUM, options=None
) -> np.ndarray:
    """Each option's score under ``method`` (higher = better): the one entry point for every method."""
    method, options = as_method(method), engine_options(options)
    x, cost = prepared(matrix, directions, method, options)
    w = as_weights(weights, x.shape[1])
    return METHODS[method].scores(x, w[None, :], cost, options)[0]


def utilities(matrix, directions, method: Method | str = Method.WEIGHTED_SUM, options=None) -> np.ndarray:
    """U (m, n) with scores = U @ w, for the methods linear in the weights (weighted sum, PROMETHEE II)."""
    method, options = as_method(method), engine_options(options)
    spec = METHODS[method]
    if spec.utilities is None:
        linear = " or ".join(f"'{m.value}'" for m, s in METHODS.items() if s.linear)
        raise ValueError(
            f"{spec.label} scores are not linear in the weights; exact break-even needs {linear}"
        )
    x, cost = prepared(matrix, directions, method, options)
    return spec.utilities(x, cost, options)
