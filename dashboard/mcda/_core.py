"""Validation, normalisation and the three scoring methods. Pure NumPy, vectorised."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BENEFIT, COST = "benefit", "cost"
NORMALIZATIONS = ("minmax", "vector", "scale")
PREFERENCES = ("usual", "linear")
TIE_TOLERANCE = 1e-12  # scores closer than this (relative to their scale) are ties


def as_matrix(matrix) -> np.ndarray:
    """The performance matrix as a finite float array of shape (m options, n criteria)."""
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"matrix must be 2-D (options x criteria), got {values.ndim}-D")
    m, n = values.shape
    if m < 1 or n < 1:
        raise ValueError(f"matrix needs at least one option and one criterion, got shape {values.shape}")
    if not np.all(np.isfinite(values)):
        rows, cols = np.nonzero(~np.isfinite(values))
        raise ValueError(f"matrix has a missing or infinite value at option {rows[0]}, criterion {cols[0]}")
    return values


def as_directions(directions: Sequence, n: int) -> np.ndarray:
    """A boolean array, True where the criterion is a cost (less is better)."""
    names = [getattr(d, "value", d) for d in directions]
    if len(names) != n:
        raise ValueError(f"expected {n} directions, got {len(names)}")
    unknown = [d for d in names if d not in (BENEFIT, COST)]
    if unknown:
        raise ValueError(f"direction must be 'benefit' or 'cost', got {unknown[0]!r}")
    return np.array([d == COST for d in names])


def as_weights(weights, n: int) -> np.ndarray:
    """Weights normalised to sum 1; negative, NaN, wrong-length or all-zero weights are refused."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size != n:
        raise ValueError(f"expected {n} weights, got {w.size if w.ndim == 1 else w.shape}")
    if np.any(np.isnan(w)) or np.any(np.isinf(w)):
        raise ValueError("weights must be finite numbers (found NaN or infinity)")
    if np.any(w < 0):
        k = int(np.argmax(w < 0))
        raise ValueError(f"weights must not be negative (criterion {k} has {w[k]:g})")
    total = w.sum()
    if total <= 0:
        raise ValueError("at least one weight must be positive (all weights are zero)")
    return w / total


def normalize(matrix, directions, method: str = "minmax", bounds=None) -> np.ndarray:
    """Normalise each criterion to [0, 1], higher = better.

    - ``minmax``: (x - min) / (max - min); cost: (max - x) / (max - min). A constant criterion
      gives 0.5 to every option (it does not separate them).
    - ``vector``: x / ||x||₂ per criterion; cost: 1 - x / ||x||₂ (Hwang & Yoon 1981). Needs x >= 0.
    - ``scale``: (x - lo) / (hi - lo) with the declared ``bounds=[(lo, hi), ...]``; cost reversed.
    """
    x = as_matrix(matrix)
    cost = as_directions(directions, x.shape[1])
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        unit = np.where(span > 0, (x - lo) / safe, 0.5)
    elif method == "vector":
        if np.any(x < 0):
            raise ValueError("vector normalisation needs non-negative values; use 'minmax' or 'scale'")
        norm = np.linalg.norm(x, axis=0)
        unit = x / np.where(norm > 0, norm, 1.0)
        return np.where(cost, 1.0 - unit, unit)
    elif method == "scale":
        lo, hi = _bounds(bounds, x)
        unit = (x - lo) / (hi - lo)
    else:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, got {method!r}")
    return np.where(cost, 1.0 - unit, unit)


def _bounds(bounds, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if bounds is None:
        raise ValueError("'scale' normalisation needs bounds=[(lo, hi), ...], one pair per criterion")
    b = np.asarray(bounds, dtype=float)
    if b.shape != (x.shape[1], 2):
        raise ValueError(f"expected {x.shape[1]} (lo, hi) bounds, got shape {b.shape}")
    lo, hi = b[:, 0], b[:, 1]
    if np.any(hi <= lo):
        raise ValueError(f"each bound needs lo < hi (criterion {int(np.argmax(hi <= lo))} does not)")
    outside = (x < lo) | (x > hi)
    if np.any(outside):
        i, j = (int(v[0]) for v in np.nonzero(outside))
        raise ValueError(
            f"value {x[i, j]:g} (option {i}, criterion {j}) is outside its scale {lo[j]:g}..{hi[j]:g}"
        )
    return lo, hi


def weighted_sum(matrix, weights, directions, normalization: str = "minmax", bounds=None) -> np.ndarray:
    """Scores S_i = Σ_j w_j · r_ij with r the normalised matrix (simple additive weighting)."""
    r = normalize(matrix, directions, normalization, bounds)
    return r @ as_weights(weights, r.shape[1])


def topsis(matrix, weights, directions) -> np.ndarray:
    """TOPSIS closeness C_i = d⁻_i / (d⁺_i + d⁻_i) in [0, 1] (Hwang & Yoon 1981).

    v_ij = w_j · x_ij / ||x_j||₂; the ideal takes the best v per criterion (max for benefit, min
    for cost), the anti-ideal the worst; d± are Euclidean distances. Identical options get 0.5.
    """
    x = as_matrix(matrix)
    cost = as_directions(directions, x.shape[1])
    return topsis_many(x, as_weights(weights, x.shape[1])[None, :], cost)[0]


def topsis_many(x: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """TOPSIS closeness for many weight vectors at once: w (s, n) -> closeness (s, m)."""
    norm = np.linalg.norm(x, axis=0)
    r = x / np.where(norm > 0, norm, 1.0)
    v = w[:, None, :] * r[None, :, :]  # (s, m, n)
    best = np.where(cost, v.min(axis=1), v.max(axis=1))[:, None, :]
    worst = np.where(cost, v.max(axis=1), v.min(axis=1))[:, None, :]
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=2))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=2))
    total = d_plus + d_minus
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)


def criterion_flows(matrix, directions, preference: str = "usual", q=None, p=None) -> np.ndarray:
    """Single-criterion PROMETHEE net flows φ_j(a), shape (m, n); φ(a) = Σ_j w_j φ_j(a)."""
    x = as_matrix(matrix)
    m, n = x.shape
    cost = as_directions(directions, n)
    d = x[:, None, :] - x[None, :, :]  # d[a, b, j] = x_aj - x_bj
    d = np.where(cost, -d, d)
    pref = _preference(d, preference, q, p, n)
    if m < 2:
        return np.zeros((m, n))
    return (pref.sum(axis=1) - pref.sum(axis=0)) / (m - 1)


def _preference(d: np.ndarray, preference: str, q, p, n: int) -> np.ndarray:
    if preference == "usual":
        return (d > 0).astype(float)
    if preference != "linear":
        raise ValueError(f"preference must be one of {', '.join(PREFERENCES)}, got {preference!r}")
    if q is None or p is None:
        raise ValueError("the 'linear' preference needs thresholds q (indifference) and p (preference)")
    q_, p_ = (np.broadcast_to(np.asarray(t, dtype=float), (n,)) for t in (q, p))
    if np.any(q_ < 0) or np.any(p_ <= q_):
        raise ValueError("thresholds need 0 <= q < p for every criterion")
    return np.clip((d - q_) / (p_ - q_), 0.0, 1.0)


def promethee_ii(matrix, weights, directions, preference: str = "usual", q=None, p=None) -> np.ndarray:
    """PROMETHEE II net flows φ(a) = (1/(m-1)) Σ_b [π(a,b) - π(b,a)] (Brans & Vincke 1985).

    π(a,b) = Σ_j w_j P_j(d_j(a,b)); ``usual``: P = 1 if d > 0 else 0; ``linear`` (V-shape with
    indifference): P = 0 for d <= q, (d - q)/(p - q) for q < d <= p, 1 for d > p.
    """
    flows = criterion_flows(matrix, directions, preference, q, p)
    return flows @ as_weights(weights, flows.shape[1])


def rank(scores) -> np.ndarray:
    """Ranks, 1 = best (highest score); tied scores share the best rank of the tie (1, 1, 3)."""
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1 or not np.all(np.isfinite(s)):
        raise ValueError("scores must be a 1-D array of finite numbers")
    tol = TIE_TOLERANCE * max(1.0, float(np.abs(s).max(initial=0.0)))
    return 1 + (s[None, :] > s[:, None] + tol).sum(axis=1)
