"""Swing weighting, the decision-conferencing standard (von Winterfeldt & Edwards 1986; Goodwin &
Wright, *Decision Analysis for Management Judgment*, ch. 3).

Imagine every criterion at its worst level; the swing to its best level that matters most is rated
100, and every other swing from 0 to 100 against that one. Weight_j = rating_j / Σ ratings. It
needs n − 1 ratings (and the choice of the top swing), where AHP needs n (n − 1) / 2 comparisons.
"""

from __future__ import annotations

import numpy as np

TOP = 100.0


def swing_weights(ratings) -> np.ndarray:
    """Normalised weights (summing to 1) from swing ratings 0..100, the most important one 100."""
    r = np.asarray(ratings, dtype=float)
    if r.ndim != 1 or r.size == 0:
        raise ValueError(f"swing ratings must be one number per criterion, got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise ValueError("every swing needs a rating from 0 to 100")
    if np.any(r < 0) or np.any(r > TOP):
        raise ValueError("swing ratings run from 0 to 100")
    if r.max() != TOP:
        raise ValueError("rate the most important swing 100 and the others against it")
    return r / r.sum()


def swing_judgements(criteria: int) -> int:
    """Ratings swing weighting asks for: every swing but the top one, n − 1."""
    return max(criteria - 1, 0)
