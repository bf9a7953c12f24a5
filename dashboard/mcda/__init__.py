"""The scoring engine: a stable public API for options assessment (DESIGN §4).

Matrices are m options x n criteria; ``directions`` is a sequence of "benefit" / "cost";
weights are non-negative and normalised to sum 1. Pure NumPy, vectorised, no database.
Every bad input raises ValueError with a message naming the problem.
"""

from dashboard.mcda._ahp import (
    CR_LIMIT,
    RANDOM_INDEX,
    AHPResult,
    Judgement,
    ahp_weights,
    inconsistent_judgements,
)
from dashboard.mcda._core import normalize, promethee_ii, rank, topsis, weighted_sum
from dashboard.mcda._experts import Aggregate, aggregate_scores, kendalls_w
from dashboard.mcda._methods import METHODS, EngineOptions, Method, MethodSpec, score, utilities
from dashboard.mcda._robustness import (
    BreakEven,
    SMAAResult,
    break_even_weight,
    sample_scores,
    sample_weights,
    smaa,
    stability_intervals,
)
from dashboard.mcda._swing import TOP as SWING_TOP
from dashboard.mcda._swing import swing_judgements, swing_weights

__all__ = [
    "CR_LIMIT",
    "METHODS",
    "RANDOM_INDEX",
    "SWING_TOP",
    "AHPResult",
    "Aggregate",
    "BreakEven",
    "EngineOptions",
    "Judgement",
    "Method",
    "MethodSpec",
    "SMAAResult",
    "aggregate_scores",
    "ahp_weights",
    "break_even_weight",
    "inconsistent_judgements",
    "kendalls_w",
    "normalize",
    "promethee_ii",
    "rank",
    "sample_scores",
    "sample_weights",
    "score",
    "smaa",
    "stability_intervals",
    "swing_judgements",
    "swing_weights",
    "topsis",
    "utilities",
    "weighted_sum",
]
