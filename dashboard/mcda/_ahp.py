"""Weights from pairwise comparisons: Saaty's analytic hierarchy process (AHP)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Saaty's random index RI(n) (Saaty 1980, The Analytic Hierarchy Process, table 1.3) for n = 1..15.
# n = 3..10 are the values everyone quotes; for 11..15 published tables differ in the second decimal.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.1  # Saaty's rule: a consistency ratio above 0.1 means the judgements need revisiting
RECIPROCAL_TOLERANCE = 1e-6


@dataclass(frozen=True)
class AHPResult:
    weights: np.ndarray  # principal right eigenvector, normalised to sum 1
    lambda_max: float
    ci: float  # (λmax - n) / (n - 1)
    cr: float  # CI / RI(n); 0 for n <= 2

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_LIMIT


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement a[i, j] against what the derived weights imply (w_i / w_j)."""

    i: int
    j: int
    given: float
    implied: float
    deviation: float  # |ln(a_ij · w_j / w_i)|: 0 when the judgement agrees with the weights


def _check_pairwise(pairwise) -> np.ndarray:
    a = np.asarray(pairwise, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"a pairwise comparison matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    if n < 1 or n > max(RANDOM_INDEX):
        raise ValueError(f"pairwise comparisons are supported for 1..{max(RANDOM_INDEX)} criteria, got {n}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("every pairwise judgement must be a positive number")
    if not np.allclose(np.diag(a), 1.0):
        raise ValueError("the diagonal of a pairwise comparison matrix must be 1")
    if not np.allclose(a * a.T, 1.0, rtol=RECIPROCAL_TOLERANCE, atol=0):
        i, j = (int(v[0]) for v in np.nonzero(~np.isclose(a * a.T, 1.0, rtol=RECIPROCAL_TOLERANCE)))
        raise ValueError(
            f"the matrix is not reciprocal: a[{i},{j}] = {a[i, j]:g} but "
            f"a[{j},{i}] = {a[j, i]:g} (must be 1/{a[i, j]:g})"
        )
    return a


def ahp_weights(pairwise) -> AHPResult:
    """Weights of Saaty's eigenvector method.

    w is the principal right eigenvector of A (A w = λmax w) normalised to sum 1;
    CI = (λmax - n)/(n - 1); CR = CI / RI(n) with Saaty's random index (Saaty 1980). n <= 2 has CR 0.
    """
    a = _check_pairwise(pairwise)
    n = a.shape[0]
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lambda_max = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    if n <= 2:
        return AHPResult(w, float(n), 0.0, 0.0)
    ci = max(0.0, (lambda_max - n) / (n - 1))  # rounding can push a consistent λmax below n
    return AHPResult(w, lambda_max, ci, ci / RANDOM_INDEX[n])


def inconsistent_judgements(pairwise, top: int = 3) -> list[Judgement]:
    """The judgements that disagree most with the derived weights, worst first.

    Each judgement a_ij is compared with w_i / w_j; the deviation |ln(a_ij w_j / w_i)| is the
    factor by which it departs, on a log scale (Saaty's perturbation ε_ij = a_ij w_j / w_i).
    """
    a = _check_pairwise(pairwise)
    w = ahp_weights(a).weights
    i, j = np.triu_indices(a.shape[0], k=1)
    implied = w[i] / w[j]
    deviation = np.abs(np.log(a[i, j] / implied))
    order = np.argsort(-deviation, kind="stable")[:top]
    return [
        Judgement(int(i[k]), int(j[k]), float(a[i[k], j[k]]), float(implied[k]), float(deviation[k]))
        for k in order
        if deviation[k] > 0
    ]
