"""Many experts, one matrix: aggregation with per-cell disagreement, and agreement of rankings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AGGREGATIONS = ("mean", "median")


@dataclass(frozen=True)
class Aggregate:
    matrix: np.ndarray  # (m, n) mean or median over the experts who scored the cell (NaN if none)
    dispersion: np.ndarray  # (m, n) std (mean) or median absolute deviation (median); NaN if none
    count: np.ndarray  # (m, n) experts who scored the cell


def aggregate_scores(stack, how: str = "mean") -> Aggregate:
    """Combine expert matrices (e, m, n); NaN marks a cell an expert has not scored.

    ``mean``: arithmetic mean with the population standard deviation as disagreement;
    ``median``: median with the median absolute deviation from it.
    """
    s = np.asarray(stack, dtype=float)
    if s.ndim != 3 or s.shape[0] < 1:
        raise ValueError(f"expected scores of shape (experts, options, criteria), got {s.shape}")
    if how not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {', '.join(AGGREGATIONS)}, got {how!r}")
    if np.any(np.isinf(s)):
        raise ValueError("scores must be finite (NaN marks a missing score)")
    count = (~np.isnan(s)).sum(axis=0)
    safe = np.where(count > 0, 1, 0)
    filled = np.where(np.isnan(s), 0.0, s)
    if how == "mean":
        centre = filled.sum(axis=0) / np.maximum(count, 1)
        spread = np.sqrt(np.where(np.isnan(s), 0.0, (s - centre) ** 2).sum(axis=0) / np.maximum(count, 1))
    else:
        centre = _nanmedian(s, count)
        spread = _nanmedian(np.abs(s - centre), count)
    empty = safe == 0
    return Aggregate(np.where(empty, np.nan, centre), np.where(empty, np.nan, spread), count)


def _nanmedian(s: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Median over axis 0 ignoring NaN, without warnings for empty cells (sorted NaNs go last)."""
    ordered = np.sort(s, axis=0)
    lo = np.maximum((count - 1) // 2, 0)
    hi = np.maximum(count // 2, 0)
    pick = lambda idx: np.take_along_axis(ordered, idx[None], axis=0)[0]  # noqa: E731
    return (pick(lo) + pick(hi)) / 2


def kendalls_w(scores) -> float:
    """Kendall's coefficient of concordance W in [0, 1] for e experts ranking m options.

    ``scores`` (e, m), higher = better, are turned into mid-ranks (ties get the average rank).
    W = 12 S / (e² (m³ - m) - e Σ_j T_j), S = Σ_i (R_i - R̄)², T_j = Σ_groups (t³ - t)
    (Kendall & Babington Smith 1939; tie correction as in Siegel & Castellan 1988).
    NaN when every expert ties every option.
    """
    x = np.asarray(scores, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError(f"need scores of at least 2 experts for at least 2 options, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("every expert must score every option to compare rankings")
    e, m = x.shape
    greater = (x[:, None, :] > x[:, :, None]).sum(axis=2)
    equal = (x[:, None, :] == x[:, :, None]).sum(axis=2)
    ranks = 1 + greater + (equal - 1) / 2
    r = ranks.sum(axis=0)
    s = ((r - r.mean()) ** 2).sum()
    ties = (equal**2 - 1).sum()
    denominator = e**2 * (m**3 - m) - e * ties
    return float(12 * s / denominator) if denominator > 0 else float("nan")
