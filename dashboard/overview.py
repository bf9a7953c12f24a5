"""The figures of the Overview page, read from the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from dashboard.auth import holds_illustrative_data
from dashboard.db import current_revision
from dashboard.headline import headline
from dashboard.models import (
    AssessmentRound,
    Criterion,
    ImplementationAssessment,
    Option,
    OptionScore,
    Recommendation,
    ThematicArea,
)
from dashboard.tracking import latest_statuses, member_states_on


@dataclass(frozen=True)
class OverviewFigures:
    as_of: dt.date
    latest_round: str | None
    member_states: int
    recommendations: int
    thematic_areas: int
    assessments: int
    rounds: int
    options: int
    criteria: int
    experts_scoring: int
    progress_index: float | None  # 0..1 over applicable, assessed pairs
    share_some_or_more: float | None  # of applicable, assessed pairs
    assessed_pairs: int
    pairs: int
    illustrative: bool
    revision: int


def _count(session: Session, column) -> int:
    return session.scalar(select(func.count(column))) or 0


def overview_figures(session: Session, today: dt.date) -> OverviewFigures:
    """Counts of the register and the latest EU-wide implementation figures as of ``today``."""
    latest_round = session.execute(
        select(AssessmentRound.name, AssessmentRound.reference_date)
        .where(AssessmentRound.reference_date <= today)
        .order_by(AssessmentRound.reference_date.desc())
        .limit(1)
    ).first()
    figures = headline(latest_statuses(session, today), today)
    return OverviewFigures(
        as_of=today,
        latest_round=latest_round.name if latest_round else None,
        member_states=len(member_states_on(session, today)),
        recommendations=_count(session, Recommendation.id),
        thematic_areas=_count(session, ThematicArea.id),
        assessments=_count(session, ImplementationAssessment.id),
        rounds=_count(session, AssessmentRound.id),
        options=_count(session, Option.id),
        criteria=_count(session, Criterion.id),
        experts_scoring=session.scalar(select(func.count(distinct(OptionScore.expert_id)))) or 0,
        progress_index=figures.progress,
        share_some_or_more=figures.some_or_more,
        assessed_pairs=figures.assessed,
        pairs=figures.applicable,
        illustrative=holds_illustrative_data(session),
        revision=current_revision(session),
    )
