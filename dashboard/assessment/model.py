"""Options assessment: the experts' scores as one model, and rankings under given weights.

Scores are relative to the baseline option (fixed at 0) on each criterion's declared scale. The
weighted sum and the break-even analysis use the ``scale`` normalisation with those bounds, so a
ranking does not change when an option is added or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import mcda
from dashboard.assessment.evidence import evidence, evidence_sentence
from dashboard.assessment.weights import Weights
from dashboard.enums import SCALE_BOUNDS, SCALE_POINTS, words_for
from dashboard.errors import InvalidInput
from dashboard.store.models import (
    Criterion,
    Option,
    OptionScore,
    ProfileWeight,
    RoundScore,
    ScoringRound,
    User,
    WeightProfile,
)
from dashboard.text import literal

# What the method choices say, from the engine's method table.
METHOD_LABELS = {m.value: spec.label for m, spec in mcda.METHODS.items()}
WORKBOOK_HELP = "Matrix, your current weights as inputs, and a ranking Excel recomputes when you change them"
LINEAR_METHODS = {m.value: spec.label for m, spec in mcda.METHODS.items() if spec.linear}
AGGREGATIONS = {"mean": "Mean of experts", "median": "Median of experts"}


@dataclass(frozen=True)
class OptionsModel:
    """Everything the options pages compute on: plain arrays and labels, no ORM objects."""

    option_codes: tuple[str, ...]
    option_names: tuple[str, ...]
    baseline: int
    criterion_codes: tuple[str, ...]
    criterion_names: tuple[str, ...]
    directions: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    groups: tuple[str, ...]
    expert_names: tuple[str, ...]
    stack: np.ndarray  # (experts, options, criteria); NaN = not scored; baseline row 0
    default_weights: np.ndarray  # the shared default profile, in criterion order
    default_profile: str
    not_scored: tuple[str, ...] = ()  # "O6 New option (not scored yet)": in the catalogue, not ranked yet
    scale_words: tuple[dict[float, str], ...] = ()  # per criterion: {scale point: what it means}
    source_note: str = ""  # which scores these are when not the live ones (a Delphi round)
    # What does not depend on the weights, computed once per model: a weight nudge only multiplies.
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def _remember(self, key: tuple, compute):
        if key not in self._memo:
            value = compute()
            if isinstance(value, np.ndarray):
                value.setflags(write=False)  # shared by every caller: nobody may change it in place
            self._memo[key] = value
        return self._memo[key]

    def aggregate(self, how: str = "mean") -> mcda.Aggregate:
        return self._remember(("aggregate", how), lambda: mcda.aggregate_scores(self.stack, how))

    def matrix(self, how: str = "mean") -> np.ndarray:
        """The aggregated matrix over the scores given ("cannot judge" and cleared cells are left out,
        never read as 0). A cell with no score at all counts as 0, the same as the baseline, and
        ``evidence`` says so: it can only happen when every expert said they cannot judge it."""
        return self._remember(("matrix", how), lambda: np.nan_to_num(self.aggregate(how).matrix, nan=0.0))

    def meanings(self, how: str = "mean") -> list[list[str]]:
        """Each aggregated cell in its criterion's words (the nearest scale point's)."""

        def compute():
            words = self.scale_words or ({},) * len(self.criterion_codes)
            return [[words_for(w, v) for w, v in zip(words, row, strict=True)] for row in self.matrix(how)]

        return self._remember(("meanings", how), compute)

    @property
    def options(self) -> mcda.EngineOptions:
        """The engine's settings for this model: each criterion's declared scale (the weighted sum
        normalises on it, so adding or removing an option never reorders the others; TOPSIS starts
        its values at the scale's lower end)."""
        return mcda.EngineOptions(normalization="scale", bounds=self.bounds)

    def utilities(self, method: str, how: str = "mean") -> np.ndarray:
        """(m, n) per-criterion utilities of an additive method (weighted sum: the scale's 0..1;
        PROMETHEE II: unicriterion net flows): a score is their weighted sum."""
        return self._remember(
            ("utilities", method, how),
            lambda: mcda.utilities(self.matrix(how), self.directions, method, self.options),
        )

    @property
    def rankable(self) -> bool:
        """There are options to rank: the baseline and one more, on at least one criterion."""
        return len(self.option_codes) >= 2 and len(self.criterion_codes) >= 1

    @property
    def labels(self) -> list[str]:
        return [f"{c} {n}" for c, n in zip(self.option_codes, self.option_names, strict=True)]


def load_model(session: Session, round_number: int | None = None) -> OptionsModel:
    """Options, criteria, every expert's scores and the default weights from the database.

    Retired options and criteria are left out. So is an option or a criterion nobody has scored
    yet (one added after scoring): it is named in ``not_scored`` and never counted as the baseline.

    The scores are the live ones; while a Delphi scoring round is open, those as they stood when it
    opened (the experts' new scores stay private until it closes); with ``round_number``, those a
    closed round ended with.
    """
    source, note = score_source(session, round_number)
    options, criteria, not_scored = _scored_catalogue(session, source)
    experts = session.execute(
        select(User.id, User.name).where(User.id.in_(select(source.c.expert_id))).order_by(User.name)
    ).all()
    o_index = {o.id: i for i, o in enumerate(options)}
    c_index = {c.id: j for j, c in enumerate(criteria)}
    e_index = {e.id: k for k, e in enumerate(experts)}
    stack = np.full((max(len(experts), 1), len(options), len(criteria)), np.nan)
    for expert, option, criterion, value in session.execute(
        select(source.c.expert_id, source.c.option_id, source.c.criterion_id, source.c.value).where(
            source.c.value.is_not(None)  # "cannot judge" and cleared cells stay NaN
        )
    ):
        if option in o_index and criterion in c_index:  # not a retired one's
            stack[e_index[expert], o_index[option], c_index[criterion]] = value
    baseline = next((i for i, o in enumerate(options) if o.is_baseline), 0)
    stack[:, baseline, :] = 0.0
    name, weights = _default_weights(session, [c.id for c in criteria])
    return OptionsModel(
        option_codes=tuple(o.code for o in options),
        option_names=tuple(o.name for o in options),
        baseline=baseline,
        criterion_codes=tuple(c.code for c in criteria),
        criterion_names=tuple(c.name for c in criteria),
        directions=tuple(c.direction.value for c in criteria),
        bounds=tuple(SCALE_BOUNDS[c.scale] for c in criteria),
        groups=tuple(c.group or "" for c in criteria),
        expert_names=tuple(e.name for e in experts),
        stack=stack,
        default_weights=weights,
        default_profile=name,
        not_scored=not_scored,
        scale_words=tuple(
            dict(zip(SCALE_POINTS[c.scale], c.scale_words or (), strict=False)) for c in criteria
        ),
        source_note=note,
    )


def score_source(session: Session, round_number: int | None = None):
    """The scores a model is built on, as a subquery (expert_id, option_id, criterion_id, value,
    cannot_judge), and a sentence saying which they are (empty for the live scores)."""
    if round_number is None:
        opened = session.scalar(select(ScoringRound).where(ScoringRound.state == "open"))
        if opened is None:
            live = select(
                OptionScore.expert_id,
                OptionScore.option_id,
                OptionScore.criterion_id,
                OptionScore.value,
                OptionScore.cannot_judge,
            )
            return live.subquery(), ""
        round_, stage = opened, "opened"
        note = (
            f"Scoring round {opened.number} is open: the scores shown are those as it opened; the experts' "
            "new scores stay private until it closes."
        )
    else:
        round_ = session.scalar(select(ScoringRound).where(ScoringRound.number == round_number))
        if round_ is None or round_.state != "closed":
            raise InvalidInput(f"There is no closed scoring round {round_number}.")
        stage, note = "closed", f"The scores as scoring round {round_number} closed."
    snapshot = select(
        RoundScore.expert_id,
        RoundScore.option_id,
        RoundScore.criterion_id,
        RoundScore.value,
        RoundScore.cannot_judge,
    ).where(RoundScore.round_id == round_.id, RoundScore.stage == stage)
    return snapshot.subquery(), note


def _scored_catalogue(session: Session, source=None) -> tuple[list[Option], list[Criterion], tuple[str, ...]]:
    """The active options and criteria that every ranking can use, and those it leaves out.

    An option or criterion enters the ranking once it is scored (by at least one expert) against
    everything else that is ranked: one added after scoring, or scored for only some of its cells,
    waits as "not scored yet" instead of counting its empty cells as the baseline's zero.
    """
    source = source if source is not None else score_source(session)[0]
    options = session.scalars(select(Option).where(~Option.retired).order_by(Option.display_order)).all()
    criteria = session.scalars(
        select(Criterion).where(~Criterion.retired).order_by(Criterion.display_order)
    ).all()
    considered = source.c.value.is_not(None) | source.c.cannot_judge  # not merely cleared
    pairs = set(
        session.execute(select(source.c.option_id, source.c.criterion_id).where(considered).distinct()).all()
    )
    rows, columns = _complete([o for o in options if not o.is_baseline], list(criteria), pairs)
    kept_options = [o for o in options if o.is_baseline or o in rows]
    kept_criteria = [c for c in criteria if c in columns]
    left_out = [_waiting(o, o.id, 0, pairs) for o in options if o not in kept_options]
    left_out += [_waiting(c, c.id, 1, pairs) for c in criteria if c not in kept_criteria]
    return kept_options, kept_criteria, tuple(left_out)


def ranked_criteria(session: Session) -> tuple[str, ...]:
    """The codes of the criteria the ranking uses now (active, and scored against every ranked option)."""
    return tuple(c.code for c in _scored_catalogue(session)[1])


def _complete(rows: list, columns: list, pairs: set) -> tuple[list, list]:
    """The largest block found by dropping, one at a time, the least covered option or criterion
    (the newer one on a tie) until every (option, criterion) cell left has a score."""
    while rows and columns:
        by_row = {r.id: sum((r.id, c.id) in pairs for c in columns) / len(columns) for r in rows}
        by_column = {c.id: sum((r.id, c.id) in pairs for r in rows) / len(rows) for c in columns}
        row = min(rows, key=lambda r: (by_row[r.id], -r.display_order))
        column = min(columns, key=lambda c: (by_column[c.id], -c.display_order))
        if by_row[row.id] == 1 and by_column[column.id] == 1:
            break
        if by_column[column.id] <= by_row[row.id]:
            columns.remove(column)
        else:
            rows.remove(row)
    return (rows, columns) if rows and columns else ([], [])


def _waiting(item, item_id: int, side: int, pairs: set) -> str:
    partly = any(pair[side] == item_id for pair in pairs)
    return f"{item.code} {item.name} ({'partly scored' if partly else 'not scored yet'})"


def _default_weights(session: Session, criterion_ids: list[int]) -> tuple[str, np.ndarray]:
    profile = session.scalars(
        select(WeightProfile).where(WeightProfile.is_default, WeightProfile.owner_id.is_(None))
    ).first()
    if profile is None:
        return "Equal weights", np.ones(len(criterion_ids))
    by_criterion = dict(
        session.execute(
            select(ProfileWeight.criterion_id, ProfileWeight.weight).where(
                ProfileWeight.profile_id == profile.id
            )
        ).all()
    )
    return profile.name, np.array([by_criterion.get(c, 0.0) for c in criterion_ids])


def scores(model: OptionsModel, matrix: np.ndarray, weights, method: str) -> np.ndarray:
    """Each option's score under ``method``, with the model's engine settings."""
    return mcda.score(matrix, weights, model.directions, method, model.options)


def contributions(model: OptionsModel, weights, method: str, how: str = "mean") -> np.ndarray | None:
    """(m, n) additive parts of each score (methods linear in the weights); None for the others."""
    if not mcda.METHODS[mcda.Method(method)].linear:
        return None
    w = np.asarray(weights, dtype=float)
    return model.utilities(method, how) * (w / w.sum())


def ranking(model: OptionsModel, weights, method: str = "weighted_sum", how: str = "mean") -> pd.DataFrame:
    """Options best first: code, name, score, rank, and each criterion's contribution."""
    matrix = model.matrix(how)
    score = scores(model, matrix, weights, method)
    ranks = mcda.rank(score)
    columns = {"code": model.option_codes, "option": model.option_names, "score": score, "rank": ranks}
    parts = contributions(model, weights, method, how)
    if parts is not None:
        columns |= {name: parts[:, j] for j, name in enumerate(model.criterion_names)}
    order = np.lexsort((np.array(model.option_codes), ranks))  # by rank, then code
    return pd.DataFrame(columns).iloc[order].reset_index(drop=True)


METHODS_DISAGREE = (
    "The methods read the same scores in different ways: the weighted sum adds normalised scores up, "
    "so a strength can make up for a weakness; TOPSIS ranks by closeness to an ideal option and "
    "distance from the worst; PROMETHEE II compares options two at a time, criterion by criterion, "
    "and counts whether one is better more than by how much. Where they disagree, an option's place "
    "rests on how strengths and weaknesses are traded off, not only on the weights."
)


def methods_compared(model: OptionsModel, weights, how: str = "mean") -> pd.DataFrame:
    """Each option's rank under every method for the same weights, best under the weighted sum
    first, and whether the methods agree on it."""
    matrix = model.matrix(how)
    ranks = {
        spec.label: mcda.rank(scores(model, matrix, weights, method.value))
        for method, spec in mcda.METHODS.items()
    }
    table = pd.DataFrame({"Code": model.option_codes, "Option": model.option_names} | ranks)
    table["Methods agree"] = table[list(ranks)].nunique(axis=1) == 1
    first = next(iter(ranks))
    return table.sort_values([first, "Code"]).reset_index(drop=True)


def expert_rankings(model: OptionsModel, weights, method: str = "weighted_sum") -> tuple[pd.DataFrame, float]:
    """Each expert's own ranking of the options under the same weights, and Kendall's W across them."""
    per_expert = np.array([scores(model, np.nan_to_num(m, nan=0.0), weights, method) for m in model.stack])
    ranks = pd.DataFrame(
        np.array([mcda.rank(s) for s in per_expert]).T,
        index=list(model.option_codes),
        columns=list(model.expert_names),
    )
    w = mcda.kendalls_w(per_expert) if len(per_expert) >= 2 else float("nan")
    return ranks, w


DEFAULT_TOP = 50  # the default profile's largest weight, in slider points of 100: room to raise it


def default_points(model: OptionsModel) -> Weights:
    """The default profile as slider points: the largest weight at 50 of 100."""
    return Weights(model.criterion_codes, model.default_weights).scaled(DEFAULT_TOP)


def shares(weights: Mapping[str, float]) -> np.ndarray | None:
    """Weights normalised to sum 1, or None when every weight is zero (nothing to rank)."""
    checked = weights if isinstance(weights, Weights) else Weights.of(weights, list(weights))
    return None if checked.is_zero else checked.shares()


def summary(model: OptionsModel) -> str:
    """What the options page shows, in one sentence."""
    experts = len(model.expert_names)
    return (
        f"{len(model.option_codes)} options scored by {experts} expert{'s' if experts != 1 else ''} "
        f"on {len(model.criterion_codes)} criteria, relative to the baseline "
        f"{model.option_codes[model.baseline]} (−− −2 · − −1 · 0 same · + +1 · ++ +2). "
        f"Weights start from the shared profile '{model.default_profile}'. "
        + evidence_sentence(evidence(model))
        + (f" {model.source_note}" if model.source_note else "")
    )


def leader_sentence(table: pd.DataFrame) -> str:
    """'O1 … leads with 0.642, 0.021 ahead of O2 …' from a ranking table."""
    first, second = table.iloc[0], table.iloc[1]
    if first["score"] == second["score"]:
        return (
            f"{literal(first['code'])} and {literal(second['code'])} share the lead ({first['score']:.3f})."
        )
    return (
        f"**{literal(first['code'] + ' ' + first['option'])}** leads with {first['score']:.3f}, "
        f"{first['score'] - second['score']:.3f} ahead of {literal(second['code'])}."
    )
