"""Sensitivity and robustness of the options ranking, in tables and sentences for the pages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import mcda
from dashboard.assessment.model import OptionsModel, scores

MAX_SEED = 2**31 - 1  # the largest seed a reader can type; NumPy takes any non-negative integer


@dataclass(frozen=True)
class OneWay:
    criterion: str
    current: float
    lines: pd.DataFrame  # option, code, at_zero, at_one: score when the weight is 0 and 1
    found: mcda.BreakEven | None
    sentence: str


def one_way(model: OptionsModel, weights, k: int, method: str = "weighted_sum", how: str = "mean") -> OneWay:
    """Scores as the weight of criterion ``k`` runs from 0 to 1, with the exact break-even points."""
    matrix, w = model.matrix(how), np.asarray(weights, dtype=float) / np.sum(weights)
    ends = []
    for t in (0.0, 1.0):  # scores are straight lines in t: two ends draw them exactly
        wt = np.where(np.arange(len(w)) == k, t, (1 - t) * w / (1 - w[k]))
        ends.append(scores(model, matrix, wt, method))
    lines = pd.DataFrame(
        {"code": model.option_codes, "option": model.option_names, "at_zero": ends[0], "at_one": ends[1]}
    )
    found = mcda.break_even_weight(matrix, w, model.directions, k, method, model.options)
    return OneWay(
        model.criterion_names[k], float(w[k]), lines, found, _sentence(model, k, w, found, matrix, method)
    )


def _sentence(model, k, w, found, matrix, method) -> str:
    name = model.criterion_names[k]
    if found is None:
        leader = model.option_codes[int(np.argmax(scores(model, matrix, w, method)))]
        return f"{leader} stays first whatever the weight of {name} (0 % to 100 %)."
    lo, hi = found.stable
    leader = model.option_codes[found.leader]
    said = f"{leader} stays first while the weight of {name} is between {_pct(lo)} and {_pct(hi)}"
    changes = [
        f"from {_pct(p)} {model.option_codes[found.leaders[i + 1]]} leads" for i, p in enumerate(found.points)
    ]
    return f"{said} (now {_pct(w[k])}); " + "; ".join(changes) + "."


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def stability(model: OptionsModel, weights, method: str = "weighted_sum", how: str = "mean") -> pd.DataFrame:
    """Per criterion: the current weight and the range over which the current leader stays first."""
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    ranges = mcda.stability_intervals(model.matrix(how), w, model.directions, method, model.options)
    return pd.DataFrame(
        {"criterion": model.criterion_names, "current": w, "low": ranges[:, 0], "high": ranges[:, 1]}
    )


@dataclass(frozen=True)
class Robustness:
    acceptability: pd.DataFrame  # options x ranks, shares 0..1
    central_weights: pd.DataFrame  # options x criteria
    n_samples: int
    seed: int
    around_current: bool
    scores_too: bool = False  # the experts' scores were sampled as well as the weights


def robustness(
    model: OptionsModel,
    n_samples: int,
    seed: int,
    method: str = "weighted_sum",
    how: str = "mean",
    weights=None,
    concentration: float | None = None,
    scores_too: bool = False,
) -> Robustness:
    """SMAA rank acceptability: uniform weights, or weights scattered around ``weights``; with
    ``scores_too`` every sample also draws each cell's score from the experts who scored it."""
    result = mcda.smaa(
        model.matrix(how),
        model.directions,
        n_samples,
        seed,
        weights,
        concentration,
        method,
        model.options,
        expert_scores=model.stack if scores_too else None,
    )
    ranks = [f"#{r}" for r in range(1, len(model.option_codes) + 1)]
    return Robustness(
        pd.DataFrame(result.acceptability, index=list(model.option_codes), columns=ranks),
        pd.DataFrame(
            result.central_weights, index=list(model.option_codes), columns=list(model.criterion_names)
        ),
        result.n_samples,
        result.seed,
        weights is not None,
        scores_too,
    )


SCORES_SAMPLED = (
    "Each sample also draws every cell's score from one of the experts who scored it, so their "
    "disagreement about the scores counts, not only about the weights."
)


def smaa_words(robust: Robustness) -> str:
    """'O2 ranks first under 81% of the sampled weights around yours.' (and how the scores were drawn)"""
    first = robust.acceptability["#1"]
    around = " around yours" if robust.around_current else ""
    scores = (
        ", each with every cell's score drawn from the experts who scored it" if robust.scores_too else ""
    )
    return f"{first.idxmax()} ranks first under {first.max():.0%} of the sampled weights{around}{scores}."
