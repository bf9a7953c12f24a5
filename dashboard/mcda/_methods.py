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
    _preference,
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
ScoresEach = Callable[[np.ndarray, np.ndarray, np.ndarray, EngineOptions], np.ndarray]
Utilities = Callable[[np.ndarray, np.ndarray, EngineOptions], np.ndarray]


@dataclass(frozen=True)
class MethodSpec:
    """One row of the method table."""

    label: str  # what a reader sees
    scores: Scores  # (x, w (s, n) rows summing to 1, cost flags, options) -> scores (s, m)
    utilities: Utilities | None  # linear methods: (x, cost, options) -> U (m, n), scores = U @ w
    shift_to_scale: bool  # the input is moved to start at 0 on its declared scale first
    source: str  # the reference of its formula
    scores_each: ScoresEach  # one matrix per weight vector: (x (s, m, n), w (s, n), cost, options) -> (s, m)

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


def _weighted_sum_each(x: np.ndarray, w: np.ndarray, cost: np.ndarray, options: EngineOptions) -> np.ndarray:
    if options.normalization == "minmax":
        lo, hi = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
        span = hi - lo
        unit = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1.0), 0.5)
    elif options.normalization == "vector":
        norm = np.linalg.norm(x, axis=1, keepdims=True)
        unit = x / np.where(norm > 0, norm, 1.0)
    else:  # "scale": every sampled score lies on its criterion's declared scale
        b = np.asarray(options.bounds, dtype=float)
        unit = (x - b[:, 0]) / (b[:, 1] - b[:, 0])
    return np.einsum("smn,sn->sm", np.where(cost, 1.0 - unit, unit), w)


def _topsis_each(x: np.ndarray, w: np.ndarray, cost: np.ndarray, _options: EngineOptions) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    v = w[:, None, :] * (x / np.where(norm > 0, norm, 1.0))
    best = np.where(cost, v.min(axis=1), v.max(axis=1))[:, None, :]
    worst = np.where(cost, v.max(axis=1), v.min(axis=1))[:, None, :]
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=2))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=2))
    total = d_plus + d_minus
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)


def _promethee_each(x: np.ndarray, w: np.ndarray, cost: np.ndarray, options: EngineOptions) -> np.ndarray:
    s, m, n = x.shape
    out = np.zeros((s, m))
    if m < 2:
        return out
    step = max(1, 4_000_000 // (m * m * n))  # samples per chunk: pairwise differences stay ~32 MB
    for start in range(0, s, step):
        chunk = x[start : start + step]
        if options.preference == "usual":  # P = 1 where better: count, with no differences formed
            ahead = (chunk[:, :, None, :] > chunk[:, None, :, :]).sum(axis=2, dtype=np.int16)
            behind = (chunk[:, :, None, :] < chunk[:, None, :, :]).sum(axis=2, dtype=np.int16)
            flows = np.where(cost, behind - ahead, ahead - behind) / (m - 1)
        else:
            d = chunk[:, :, None, :] - chunk[:, None, :, :]  # d[s, a, b, j] = x_aj - x_bj
            pref = _preference(np.where(cost, -d, d), options.preference, options.q, options.p, n)
            flows = (pref.sum(axis=2) - pref.sum(axis=1)) / (m - 1)
        out[start : start + step] = np.einsum("smn,sn->sm", flows, w[start : start + step])
    return out


METHODS: dict[Method, MethodSpec] = {
    Method.WEIGHTED_SUM: MethodSpec(
        "Weighted sum",
        _linear(_normalised),
        _normalised,
        False,
        "simple additive weighting",
        _weighted_sum_each,
    ),
    Method.TOPSIS: MethodSpec("TOPSIS", _topsis, None, True, "Hwang & Yoon (1981)", _topsis_each),
    Method.PROMETHEE_II: MethodSpec(
        "PROMETHEE II", _linear(_flows), _flows, False, "Brans & Vincke (1985)", _promethee_each
    ),
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
