"""How robust a ranking is: exact break-even weights and SMAA rank acceptability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.mcda._core import TIE_TOLERANCE, as_matrix, as_weights
from dashboard.mcda._methods import (
    METHODS,
    EngineOptions,
    Method,
    as_method,
    engine_options,
    prepared,
    utilities,
)


@dataclass(frozen=True)
class BreakEven:
    """Where the leader changes as one criterion's weight t runs over [0, 1].

    The other weights keep their proportions: w_j(t) = (1 - t) · w_j / (1 - w_k).
    ``points`` are the weights t at which the top-ranked option changes; ``leaders[s]`` is the
    leader (option index) on the s-th segment between them; ``stable`` is the segment holding
    the current weight.
    """

    criterion: int
    current: float
    points: tuple[float, ...]
    leaders: tuple[int, ...]
    stable: tuple[float, float]

    @property
    def _segment(self) -> int:
        return int(np.searchsorted(self.points, self.current, side="right"))

    @property
    def leader(self) -> int:
        """The option that leads at the current weight."""
        return self.leaders[self._segment]

    @property
    def before(self) -> int | None:
        """The option that leads just below the stable range (None when the range starts at 0)."""
        return self.leaders[self._segment - 1] if self._segment > 0 else None

    @property
    def after(self) -> int | None:
        """The option that leads just above the stable range (None when the range ends at 1)."""
        return self.leaders[self._segment + 1] if self._segment + 1 < len(self.leaders) else None


def _lines(u: np.ndarray, w: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Score_i(t) = a_i + b_i t for the weight t of criterion k, others rescaled."""
    rest = 1.0 - w[k]
    if rest <= 0:
        raise ValueError("the other criteria have no weight to rescale: give at least one a weight")
    a = (u @ w - u[:, k] * w[k]) / rest
    return a, u[:, k] - a


def break_even_weight(
    matrix,
    weights,
    directions,
    criterion: int,
    method: Method | str = Method.WEIGHTED_SUM,
    options: EngineOptions | None = None,
    *,
    normalization: str | None = None,
    bounds=None,
    preference: str | None = None,
    q=None,
    p=None,
) -> BreakEven | None:
    """The exact weights of ``criterion`` at which the top-ranked option changes; None if never.

    Scores of linear methods are straight lines in t, so the leader is their upper envelope and
    every change happens where two lines cross: t* = (a_j - a_i) / (b_i - b_j). All crossings in
    (0, 1) are found at once; the leader is read between consecutive ones (Triantaphyllou &
    Sánchez 1997, for weighted sums; the same holds for PROMETHEE II net flows, linear in w).
    The method's settings come as ``options`` or as the loose keywords, not both.
    """
    options = engine_options(options, normalization, bounds, preference, q, p)
    u = utilities(matrix, directions, method, options)
    w = as_weights(weights, u.shape[1])
    if not (isinstance(criterion, int | np.integer) and 0 <= criterion < u.shape[1]):
        raise ValueError(f"criterion must be an index 0..{u.shape[1] - 1}, got {criterion!r}")
    a, b = _lines(u, w, int(criterion))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (a[None, :] - a[:, None]) / (b[:, None] - b[None, :])
    crossings = np.unique(t[np.isfinite(t) & (t > 0) & (t < 1)])
    edges = np.concatenate(([0.0], crossings, [1.0]))
    mids = (edges[:-1] + edges[1:]) / 2
    scores = a[None, :] + b[None, :] * mids[:, None]
    leaders = _first(scores)
    change = np.nonzero(leaders[1:] != leaders[:-1])[0]
    if change.size == 0:
        return None
    points = crossings[change]
    segment_leaders = np.concatenate(([leaders[0]], leaders[change + 1]))
    bounds_ = np.concatenate(([0.0], points, [1.0]))
    s = int(np.searchsorted(points, w[criterion], side="right"))
    return BreakEven(
        int(criterion),
        float(w[criterion]),
        tuple(map(float, points)),
        tuple(map(int, segment_leaders)),
        (float(bounds_[s]), float(bounds_[s + 1])),
    )


def _first(scores: np.ndarray) -> np.ndarray:
    """Index of the best option per row; an exact tie goes to the lower index."""
    return np.argmax(scores, axis=1)


def stability_intervals(
    matrix,
    weights,
    directions,
    method: Method | str = Method.WEIGHTED_SUM,
    options: EngineOptions | None = None,
) -> np.ndarray:
    """For every criterion, the (lo, hi) range of its weight over which the current leader stays first."""
    n = as_matrix(matrix).shape[1]
    out = np.tile([0.0, 1.0], (n, 1))
    for k in range(n):  # one exact envelope per criterion; n is small
        found = break_even_weight(matrix, weights, directions, k, method, options)
        if found is not None:
            out[k] = found.stable
    return out


@dataclass(frozen=True)
class SMAAResult:
    acceptability: np.ndarray  # (m, m): row = option, column = rank; b[i, r] = share ranked r+1
    central_weights: np.ndarray  # (m, n): mean weights that make each option first (NaN if never)
    n_samples: int
    seed: int

    @property
    def first_rank(self) -> np.ndarray:
        """Each option's first-rank acceptability: the share of weights under which it leads."""
        return self.acceptability[:, 0]


def sample_weights(n: int, n_samples: int, seed: int, weights=None, concentration: float | None = None):
    """Weights uniform on the simplex (Dirichlet(1, ..., 1)), or Dirichlet(c·w) around ``weights``."""
    if not isinstance(n_samples, int | np.integer) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive whole number, got {n_samples!r}")
    if not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be a whole number so results can be reproduced, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    if weights is None:
        return rng.dirichlet(np.ones(n), size=int(n_samples))
    w = as_weights(weights, n)
    if concentration is None or not concentration > 0:
        raise ValueError("sampling around given weights needs a positive concentration")
    out = np.zeros((int(n_samples), n))
    positive = w > 0
    out[:, positive] = rng.dirichlet(concentration * w[positive] * positive.sum(), size=int(n_samples))
    return out


def sample_scores(expert_scores, matrix, n_samples: int, seed: int) -> np.ndarray:
    """(n_samples, m, n) matrices, each cell drawn uniformly from the experts who scored it (NaN in
    ``expert_scores`` (e, m, n) = not scored); a cell nobody scored takes ``matrix``'s value."""
    x = as_matrix(matrix)
    stack = np.asarray(expert_scores, dtype=float)
    if stack.ndim != 3 or stack.shape[1:] != x.shape:
        raise ValueError(f"expert_scores must be (experts, {x.shape[0]}, {x.shape[1]}), got {stack.shape}")
    if np.isinf(stack).any():
        raise ValueError("expert_scores must be finite numbers or NaN (not scored)")
    ordered = np.sort(stack, axis=0)  # each cell's scores first, NaN last
    count = (~np.isnan(stack)).sum(axis=0)
    rng = np.random.default_rng([int(seed), 1])
    pick = (rng.random((int(n_samples), *x.shape)) * np.maximum(count, 1)).astype(np.intp)
    rows, cols = np.indices(x.shape)
    drawn = ordered[pick, rows, cols]
    return np.where(count > 0, drawn, x)


def smaa(
    matrix,
    directions,
    n_samples: int,
    seed: int,
    weights=None,
    concentration: float | None = None,
    method: Method | str = Method.WEIGHTED_SUM,
    options: EngineOptions | None = None,
    *,
    normalization: str | None = None,
    bounds=None,
    preference: str | None = None,
    q=None,
    p=None,
    expert_scores=None,
) -> SMAAResult:
    """SMAA-2 rank acceptability (Lahdelma & Salminen 2001) by Monte Carlo over weights, and over
    the experts' scores when ``expert_scores`` (e, m, n) is given.

    b[i, r] = share of sampled weight vectors under which option i has rank r+1 (ties share the
    best rank); central weights = mean of the weights under which option i ranks first. Every
    method of the table is sampled the same way, all weight vectors at once.

    With ``expert_scores`` (NaN = not scored) each sample also draws every cell's score from the
    experts who scored it, each of them equally likely: the experts' disagreement about a cell is
    its uncertainty. A cell nobody scored keeps ``matrix``'s value. The weights drawn are the same
    as without it (the scores have a generator of their own, seeded from ``seed``).
    """
    method, options = as_method(method), engine_options(options, normalization, bounds, preference, q, p)
    x, cost = prepared(matrix, directions, method, options)
    m, n = x.shape
    w = sample_weights(n, n_samples, seed, weights, concentration)
    if expert_scores is None:
        scores = METHODS[method].scores(x, w, cost, options)
    else:
        drawn = sample_scores(expert_scores, matrix, len(w), seed)
        xs, _ = prepared(drawn.reshape(-1, n), directions, method, options)
        scores = METHODS[method].scores_each(xs.reshape(len(w), m, n), w, cost, options)
    tol = TIE_TOLERANCE * max(1.0, float(np.abs(scores).max()))
    ranks = (scores[:, None, :] > scores[:, :, None] + tol).sum(axis=2)  # 0-based, (s, m)
    flat = (np.arange(m)[None, :] * m + ranks).ravel()
    acceptability = np.bincount(flat, minlength=m * m).reshape(m, m) / len(w)
    first = (ranks == 0).astype(float)
    counts = first.sum(axis=0)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(counts > 0, (first.T @ w) / counts, np.nan)
    return SMAAResult(acceptability, central, int(n_samples), int(seed))
