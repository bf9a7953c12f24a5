"""The options report: what the options workbook says, every figure already worked out.

Built by ``options_report`` from the options model and the weights (the ones on the Options page,
a named profile, or the shared default); written by ``dashboard.excel.assessment``, which lays it
out with live formulas whose values as exported are the ones computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import mcda
from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.assessment.catalogue import criteria_table
from dashboard.assessment.evidence import evidence, evidence_sentence
from dashboard.assessment.facts import facts_table
from dashboard.assessment.model import OptionsModel, expert_rankings, load_model, ranking
from dashboard.assessment.weight_profiles import list_profiles
from dashboard.assessment.weights import Weights
from dashboard.enums import DIRECTIONS, Direction
from dashboard.errors import InvalidInput
from dashboard.store.models import Criterion, Option, OptionScore, User
from dashboard.store.provenance import Provenance, provenance

BreakEvenRow = tuple[
    str, str, float, float | None, float | None, str, str
]  # code, name, share, lo, hi, below, above


@dataclass(frozen=True)
class OptionsReport:
    provenance: Provenance
    weights_source: str  # "the shared default profile 'Equal weights'"
    option_codes: tuple[str, ...]
    option_names: tuple[str, ...]
    baseline: str  # the baseline option's code
    expert_count: int
    criterion_codes: tuple[str, ...]
    criterion_names: tuple[str, ...]
    groups: tuple[str, ...]
    directions: tuple[str, ...]  # "benefit" / "cost"
    direction_labels: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    weights: np.ndarray  # (n,) as given (any scale)
    shares: np.ndarray  # (n,) summing to 1
    matrix: np.ndarray  # (m, n) the experts' mean scores
    utilities: np.ndarray  # (m, n) each score on 0..1 of its scale
    scores: np.ndarray  # (m,) weighted sum, in option order
    ranks: np.ndarray  # (m,) 1 = first
    leader: str  # code of the option ranked first
    break_even: list[BreakEvenRow]
    expert_ranks: pd.DataFrame  # options x experts
    kendall: float  # NaN with fewer than two experts
    all_scores: pd.DataFrame  # option, criterion, expert, value, cannot_judge, rationale
    evidence: str  # how many experts' scores the cells rest on (model.evidence_sentence)
    criteria: pd.DataFrame  # the criteria assessed now, defined in words (catalogue.criteria_table)
    facts: pd.DataFrame  # the options' facts with sources (facts.facts_table)


def options_report(
    session: Session,
    user: CurrentUser,
    weights: Mapping[str, float] | None = None,
    profile: str | None = None,
    now=None,
) -> OptionsReport:
    """The report weighted by ``weights`` {criterion code: weight} (e.g. the panel's), by a named
    profile, or by the shared default profile."""
    authorize(user, Action.VIEW)
    model = load_model(session)
    if len(model.option_codes) < 2 or not model.criterion_codes:
        raise ValueError("there is nothing to rank: the catalogue needs two options and a criterion")
    source, chosen = _weights(session, user, model, weights, profile)
    if chosen.is_zero:
        raise InvalidInput("weights must be zero or more, with at least one above zero")
    shares = chosen.shares()
    table = ranking(model, shares).set_index("code").reindex(list(model.option_codes))
    ranks, kendall = expert_rankings(model, shares)
    return OptionsReport(
        provenance=provenance(session, f"{user.name} ({user.role_label})", now),
        weights_source=source,
        option_codes=model.option_codes,
        option_names=model.option_names,
        baseline=model.option_codes[model.baseline],
        expert_count=len(model.expert_names),
        criterion_codes=model.criterion_codes,
        criterion_names=model.criterion_names,
        groups=model.groups,
        directions=model.directions,
        direction_labels=tuple(DIRECTIONS[Direction(d)].label for d in model.directions),
        bounds=model.bounds,
        weights=chosen.points,
        shares=shares,
        matrix=model.matrix("mean"),
        utilities=model.utilities("weighted_sum"),
        scores=table["score"].to_numpy(dtype=float),
        ranks=table["rank"].to_numpy(dtype=int),
        leader=str(table["score"].idxmax()),
        break_even=_break_even(model, shares),
        expert_ranks=ranks,
        kendall=kendall,
        all_scores=_all_scores(session),
        evidence=evidence_sentence(evidence(model)),
        criteria=_active(criteria_table(session)),
        facts=facts_table(session),
    )


def _weights(session, user, model: OptionsModel, weights, profile) -> tuple[str, Weights]:
    codes = list(model.criterion_codes)
    if weights is not None:
        return "the weights set on the Options assessment page", Weights.of(weights, codes)
    if profile is None:
        source = f"the shared default profile '{model.default_profile}'"
        return source, Weights(codes, model.default_weights)
    found = list_profiles(session, user)
    found = found[found["name"] == profile]
    if found.empty:
        raise ValueError(f"no weight profile named '{profile}' (shared, or your own)")
    row = found.iloc[0]
    return f"the profile '{profile}' ({row['owner']})", Weights.of({c: float(row[c]) for c in codes}, codes)


def _break_even(model: OptionsModel, shares: np.ndarray) -> list[BreakEvenRow]:
    """How far each weight may move before the leader changes, and who leads beyond (weighted sum)."""
    rows = []
    matrix, codes = model.matrix("mean"), model.option_codes
    for k, code in enumerate(model.criterion_codes):
        name = model.criterion_names[k]
        try:
            found = mcda.break_even_weight(
                matrix, shares, model.directions, k, mcda.Method.WEIGHTED_SUM, model.options
            )
        except ValueError:  # the only weighted criterion: nothing to trade it against
            rows.append((code, name, float(shares[k]), None, None, "(the only weighted criterion)", "—"))
            continue
        lo, hi = found.stable if found else (0.0, 1.0)
        below, above = (found.before, found.after) if found else (None, None)
        rows.append(
            (
                code,
                name,
                float(shares[k]),
                lo,
                hi,
                *(codes[i] if i is not None else "—" for i in (below, above)),
            )
        )
    return rows


def _active(criteria: pd.DataFrame) -> pd.DataFrame:
    return criteria[~criteria["Retired"]].drop(columns="Retired")


def _all_scores(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Option.code,
            Criterion.code,
            User.name,
            OptionScore.value,
            OptionScore.cannot_judge,
            OptionScore.rationale,
        )
        .join(Option, Option.id == OptionScore.option_id)
        .join(Criterion, Criterion.id == OptionScore.criterion_id)
        .join(User, User.id == OptionScore.expert_id)
        .order_by(Option.display_order, Criterion.display_order, User.name)
    ).all()
    return pd.DataFrame(rows, columns=["option", "criterion", "expert", "value", "cannot_judge", "rationale"])


def file_name(day) -> str:
    return f"options-assessment-{day:%Y-%m-%d}.xlsx"
