"""Eliciting weights by pairwise comparison (AHP) or by swing weighting, in words an expert reads,
and comparing profiles."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from dashboard import mcda
from dashboard.assessment.model import OptionsModel, ranking
from dashboard.assessment.weights import SLIDER_TOP, Weights
from dashboard.mcda import CR_LIMIT

# Saaty's 1..9 scale, both ways: the choice an expert makes for "left versus right".
SAATY = {
    **{f"Left {v}× more important": float(v) for v in range(9, 1, -1)},
    "Equally important": 1.0,
    **{f"Right {v}× more important": 1.0 / v for v in range(2, 10)},
}
EQUAL = "Equally important"


def judgements_needed(criteria: int) -> int:
    """Pairwise comparisons of ``criteria`` criteria: every pair once, n (n - 1) / 2."""
    return criteria * (criteria - 1) // 2


def judgements_caption(criteria: int) -> str:
    """How many judgements each way of weighting asks of the expert."""
    return (
        f"For {criteria} criteria, pairwise comparison (AHP) asks {judgements_needed(criteria)} "
        f"judgements; swing weighting asks {mcda.swing_judgements(criteria)} ratings."
    )


def judgement_table(names: list[str]) -> pd.DataFrame:
    """Every pair once, each judged 'Equally important' to start."""
    rows = [(a, b, EQUAL) for a, b in combinations(names, 2)]
    return pd.DataFrame(rows, columns=["Left", "Right", "Judgement"])


@dataclass(frozen=True)
class Elicited:
    names: tuple[str, ...]
    weights: np.ndarray
    cr: float
    consistent: bool
    advice: str  # what to reconsider when inconsistent; empty otherwise


def elicit(table: pd.DataFrame) -> Elicited:
    """AHP weights and consistency from the judgement table; names the judgements to reconsider."""
    names = list(dict.fromkeys([*table["Left"], *table["Right"]]))
    index = {n: i for i, n in enumerate(names)}
    a = np.ones((len(names), len(names)))
    for left, right, said in table[["Left", "Right", "Judgement"]].itertuples(index=False):
        if said not in SAATY:
            raise ValueError(f"'{said}' is not a judgement on Saaty's scale")
        a[index[left], index[right]] = SAATY[said]
        a[index[right], index[left]] = 1.0 / SAATY[said]
    result = mcda.ahp_weights(a)
    advice = "" if result.consistent else _advice(a, names, result.cr)
    return Elicited(tuple(names), result.weights, result.cr, result.consistent, advice)


def _advice(a: np.ndarray, names: list[str], cr: float) -> str:
    worst = mcda.inconsistent_judgements(a, top=3)
    parts = [
        f"{names[j.i]} vs {names[j.j]} (you said {_ratio(j.given)}, your other answers imply "
        f"{_ratio(j.implied)})"
        for j in worst
    ]
    return (
        f"Inconsistent: the consistency ratio is {cr:.2f}, above {CR_LIMIT:.2f}. "
        "Reconsider first: " + "; ".join(parts) + "."
    )


def _ratio(value: float) -> str:
    return f"{value:.1f}×" if value >= 1 else f"1/{1 / value:.1f}×"


def compare_profiles(
    model: OptionsModel, profiles: pd.DataFrame, method: str = "weighted_sum"
) -> pd.DataFrame:
    """Per profile: normalised weights per criterion, and the option that leads under them."""
    codes = list(model.criterion_codes)
    rows = []
    for profile in profiles.itertuples(index=False):
        w = np.array([getattr(profile, c) for c in codes], dtype=float)
        if w.sum() <= 0:
            continue
        top = ranking(model, w, method).iloc[0]
        rows.append(
            {
                "profile": profile.name,
                "owner": profile.owner,
                "leader": f"{top['code']} {top['option']}",
                "score": top["score"],
                **dict(zip(model.criterion_names, w / w.sum(), strict=True)),
            }
        )
    return pd.DataFrame(rows)


def elicited_points(result: Elicited, codes: list[str], names: list[str]) -> Weights:
    """AHP weights as slider points (largest 100); criteria left out of the comparison get 0."""
    by_code = {
        codes[names.index(name)]: float(w) for name, w in zip(result.names, result.weights, strict=True)
    }
    return Weights.of(by_code, codes).scaled(SLIDER_TOP)


def swing_table(model: OptionsModel) -> pd.DataFrame:
    """Each criterion's swing from its worst to its best score, in the criterion's words; every swing
    rated 100 to start (equal weights): the expert lowers those that matter less."""
    rows = []
    for name, direction, words in zip(
        model.criterion_names,
        model.directions,
        model.scale_words or ({},) * len(model.criterion_names),
        strict=True,
    ):
        said = [words[p] for p in sorted(words)]
        if direction == "cost":
            said.reverse()  # on a cost criterion the worst end is the highest score
        swing = f"{said[0]} → {said[-1]}" if said else "worst → best"
        rows.append((name, swing, mcda.SWING_TOP))
    return pd.DataFrame(rows, columns=["Criterion", "From worst to best", "Rating"])


@dataclass(frozen=True)
class Swung:
    names: tuple[str, ...]
    weights: np.ndarray | None  # None while the ratings are incomplete or wrong
    problem: str  # why there are no weights yet; empty otherwise


def swing(table: pd.DataFrame) -> Swung:
    """Weights from the rated swings, or the sentence saying what is missing."""
    names = tuple(table["Criterion"])
    try:
        return Swung(names, mcda.swing_weights(pd.to_numeric(table["Rating"], errors="coerce")), "")
    except ValueError as exc:
        return Swung(names, None, f"{str(exc)[0].upper()}{str(exc)[1:]}.")


def swing_points(result: Swung, codes: list[str], names: list[str]) -> Weights:
    """Swing weights as slider points (largest 100)."""
    by_code = {codes[names.index(n)]: float(w) for n, w in zip(result.names, result.weights, strict=True)}
    return Weights.of(by_code, codes).scaled(SLIDER_TOP)
