"""Delphi rounds of option scoring.

The secretariat opens a round; experts score privately (the options pages keep showing the scores as
the round opened); the secretariat closes it, and every expert sees, per cell, how the group scored
(the distribution, no names) and the others' rationales, and may revise in the next round. Each
round's scores are kept as they closed, so earlier rounds stay readable and the ranking can be
shown for any of them; consensus is tracked round over round (Kendall's W of the experts'
rankings, the spread of each cell, the cells that converged or diverged).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.assessment.model import OptionsModel, expert_rankings, load_model, ranking
from dashboard.enums import SCALE_POINTS, ScoreScale, point_label
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.models import Criterion, Option, OptionScore, RoundScore, ScoringRound

OPEN, CLOSED = "open", "closed"
MOVED = 0.25  # a cell's spread (standard deviation) that falls or rises by this much converged / diverged


def open_round_number(session: Session) -> int | None:
    return session.scalar(select(ScoringRound.number).where(ScoringRound.state == OPEN))


def next_round_number(session: Session) -> int:
    return (session.scalar(select(func.max(ScoringRound.number))) or 0) + 1


def closed_rounds(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(ScoringRound.number).where(ScoringRound.state == CLOSED).order_by(ScoringRound.number)
        )
    )


def open_round(session: Session, user: CurrentUser) -> int:
    """Open the next scoring round; the scores as they stand now are what the group sees meanwhile."""
    authorize(user, Action.MANAGE)
    already = open_round_number(session)
    if already is not None:
        raise InvalidInput(f"Scoring round {already} is open already; close it before opening another.")
    number = next_round_number(session)
    now = dt.datetime.now(dt.UTC)
    row = ScoringRound(number=number, state=OPEN, opened_at=now, illustrative=user.illustrative)
    session.add(row)
    session.flush()
    kept = _snapshot(session, row.id, "opened")
    audit.record(session, user, "open", "scoring round", str(number), None, {"scores": kept})
    return number


def close_round(session: Session, user: CurrentUser) -> int:
    """Close the open round: its scores are kept as they are now, and the experts see the group's."""
    authorize(user, Action.MANAGE)
    row = session.scalar(select(ScoringRound).where(ScoringRound.state == OPEN))
    if row is None:
        raise InvalidInput("No scoring round is open.")
    kept = _snapshot(session, row.id, "closed")
    row.state, row.closed_at = CLOSED, dt.datetime.now(dt.UTC)
    audit.record(session, user, "close", "scoring round", str(row.number), {"state": OPEN}, {"scores": kept})
    return row.number


def _snapshot(session: Session, round_id: int, stage: str) -> int:
    columns = ["expert_id", "option_id", "criterion_id", "value", "cannot_judge", "rationale"]
    rows = select(
        literal(round_id),
        literal(stage),
        *(getattr(OptionScore, c) for c in columns),
    ).where(OptionScore.value.is_not(None) | OptionScore.cannot_judge)
    result = session.execute(insert(RoundScore).from_select(["round_id", "stage", *columns], rows))
    return result.rowcount


# --- what the experts see when a round has closed ------------------------------------------------


def feedback(session: Session, user: CurrentUser, number: int | None = None) -> pd.DataFrame:
    """Per cell of a closed round (the latest by default): the user's own score then, how the group
    scored (how many gave each point, and "cannot judge"), the median, and the others' rationales
    with no names, in alphabetical order so that nothing follows an expert's position."""
    authorize(user, Action.VIEW)
    rounds = closed_rounds(session)
    number = number if number is not None else (rounds[-1] if rounds else None)
    if number is None or number not in rounds:
        return pd.DataFrame()
    scored = session.execute(
        select(
            Option.code,
            Criterion.code,
            Criterion.scale,
            RoundScore.expert_id,
            RoundScore.value,
            RoundScore.cannot_judge,
            RoundScore.rationale,
        )
        .join(Option, Option.id == RoundScore.option_id)
        .join(Criterion, Criterion.id == RoundScore.criterion_id)
        .join(ScoringRound, ScoringRound.id == RoundScore.round_id)
        .where(
            ScoringRound.number == number, RoundScore.stage == "closed", ~Option.retired, ~Criterion.retired
        )
        .order_by(Option.display_order, Criterion.display_order)
    ).all()
    cells: dict[tuple[str, str], list] = {}
    for option, criterion, scale, expert, value, unsure, rationale in scored:
        cells.setdefault((option, criterion), []).append((scale, expert, value, unsure, rationale))
    return pd.DataFrame(
        [_cell(option, criterion, given, user.user_id) for (option, criterion), given in cells.items()],
        columns=["Option", "Criterion", "Your score", "The group", "Median", "Others' rationales"],
    )


def _cell(option: str, criterion: str, given: list, me: int | None) -> tuple:
    scale = given[0][0] or ScoreScale.RELATIVE
    values = [v for _, _, v, unsure, _ in given if v is not None and not unsure]
    counts = [f"{point_label(p, scale)}: {sum(v == p for v in values)}" for p in SCALE_POINTS[scale]]
    unsure = sum(1 for _, _, _, u, _ in given if u)
    if unsure:
        counts.append(f"cannot judge: {unsure}")
    own = next(((v, u) for _, e, v, u, _ in given if e == me), None)
    mine = "" if own is None else ("cannot judge" if own[1] else point_label(own[0], scale))
    others = sorted(r.strip() for _, e, _, _, r in given if e != me and r and r.strip())
    median = point_label(float(np.median(values)), scale) if values else "—"
    return option, criterion, mine, " · ".join(counts), median, "\n".join(f"• {r}" for r in others)


# --- consensus round over round ---------------------------------------------------------------------


def _spread(model: OptionsModel) -> dict[tuple[str, str], float]:
    dispersion = model.aggregate("mean").dispersion
    return {
        (o, c): float(dispersion[i, j])
        for i, o in enumerate(model.option_codes)
        if i != model.baseline
        for j, c in enumerate(model.criterion_codes)
        if not np.isnan(dispersion[i, j])
    }


def consensus(session: Session) -> pd.DataFrame:
    """Per closed round: Kendall's W of the experts' rankings under the shared default weights, the
    mean spread of the cells, and how many cells converged or diverged since the round before."""
    rows, before = [], None
    for number in closed_rounds(session):
        model = load_model(session, number)
        if not model.rankable or not model.default_weights.sum() > 0:
            continue
        _, w = expert_rankings(model, model.default_weights / model.default_weights.sum())
        spread = _spread(model)
        common = [cell for cell in spread if before and cell in before]
        rows.append(
            (
                number,
                len(model.expert_names),
                w,
                float(np.mean(list(spread.values()))) if spread else float("nan"),
                sum(spread[c] <= before[c] - MOVED for c in common) if before else None,
                sum(spread[c] >= before[c] + MOVED for c in common) if before else None,
            )
        )
        before = spread
    return pd.DataFrame(
        rows, columns=["Round", "Experts", "Kendall's W", "Mean spread", "Converged", "Diverged"]
    )


def moved_cells(session: Session, number: int) -> tuple[list[str], list[str]]:
    """The cells whose spread fell (converged) and rose (diverged) by at least MOVED in round
    ``number`` against the round before, "O3 × C05 (±0.98 → ±0.40)"."""
    rounds = closed_rounds(session)
    if number not in rounds or rounds.index(number) == 0:
        return [], []
    now, before = (_spread(load_model(session, n)) for n in (number, rounds[rounds.index(number) - 1]))
    common = [c for c in now if c in before]
    said = {c: f"{c[0]} × {c[1]} (±{before[c]:.2f} → ±{now[c]:.2f})" for c in common}
    return (
        [said[c] for c in common if now[c] <= before[c] - MOVED],
        [said[c] for c in common if now[c] >= before[c] + MOVED],
    )


def ranks_by_round(session: Session) -> pd.DataFrame:
    """Each option's rank (weighted sum, shared default weights) in every closed round, and now."""
    columns: dict[str, pd.Series] = {}
    for label, number in [*((f"Round {n}", n) for n in closed_rounds(session)), ("Now (shown)", None)]:
        model = load_model(session, number)
        if not model.rankable or not model.default_weights.sum() > 0:
            continue
        table = ranking(model, model.default_weights / model.default_weights.sum())
        columns[label] = table.set_index("code")["rank"]
    return pd.DataFrame(columns).rename_axis("Option").reset_index()


def round_ranking(session: Session, number: int) -> pd.DataFrame:
    """The ranking as a closed round ended (weighted sum, shared default weights): rank, option,
    score; the same table the options page shows, on that round's scores."""
    model = load_model(session, number)
    if not model.rankable or not model.default_weights.sum() > 0:
        return pd.DataFrame(columns=["rank", "code", "option", "score"])
    table = ranking(model, model.default_weights / model.default_weights.sum())
    return table[["rank", "code", "option", "score"]]


def rounds_table(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            ScoringRound.number, ScoringRound.state, ScoringRound.opened_at, ScoringRound.closed_at
        ).order_by(ScoringRound.number)
    ).all()
    experts = dict(
        session.execute(
            select(ScoringRound.number, func.count(func.distinct(RoundScore.expert_id)))
            .join(RoundScore, RoundScore.round_id == ScoringRound.id)
            .where(RoundScore.stage == "closed")
            .group_by(ScoringRound.number)
        ).all()
    )
    return pd.DataFrame(
        [(n, state, opened, closed, experts.get(n)) for n, state, opened, closed in rows],
        columns=["Round", "State", "Opened", "Closed", "Experts who scored"],
    )
