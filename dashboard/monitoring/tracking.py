"""Implementation tracking: the latest status of every recommendation in every Member State.

As-of semantics: the status of (recommendation, Member State) on date D is the assessment with the
latest ``assessed_on`` <= D (ties broken by the later-recorded row). Pairs without one are
"Not assessed". Only Member States that were members on D, and recommendations issued by D, count.
"Not applicable" and "Not assessed" are never counted as "No progress" (DESIGN §5).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dashboard.enums import MAX_LEVEL, STATUS, StatusLevel
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation, ThematicArea, User

LATEST_COLUMNS = [
    "recommendation",
    "area_id",
    "addressee",
    "deadline",
    "member_state",
    "status",
    "assessed_on",
]


def member_states_on(session: Session, on: dt.date) -> list[str]:
    """Codes of the Member States on ``on``, in protocol order."""
    return list(
        session.scalars(
            select(MemberState.code)
            .where(MemberState.member_from <= on)
            .where(or_(MemberState.member_to.is_(None), MemberState.member_to >= on))
            .order_by(MemberState.protocol_order)
        )
    )


def latest_statuses(session: Session, as_of: dt.date) -> pd.DataFrame:
    """One row per (recommendation, Member State) of ``as_of``: its latest status as of that date."""
    a = ImplementationAssessment
    columns = (Recommendation.code, Recommendation.area_id, Recommendation.addressee, Recommendation.deadline,
               MemberState.code, a.status, a.assessed_on)  # fmt: skip
    query = _pairs(columns, as_of, member_states_on(session, as_of))
    return _frame(session, query.order_by(Recommendation.id, MemberState.protocol_order), LATEST_COLUMNS)


def _pairs(columns, as_of: dt.date, states: list[str]):
    """Every (recommendation issued by ``as_of``, Member State of ``states``) pair, outer-joined to
    its latest assessment as of that date (absent: never assessed)."""
    a = ImplementationAssessment
    return (
        select(*columns)
        .select_from(Recommendation)
        .join(MemberState, MemberState.code.in_(states))
        .outerjoin(a, a.id == _latest_id(as_of))
        .where(Recommendation.issued_on <= as_of)
    )


def _frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame["status"] = frame["status"].where(frame["status"].notna(), StatusLevel.NOT_ASSESSED)
    return frame


def _latest_id(as_of: dt.date):
    """The id of the newest assessment of the outer query's (recommendation, Member State) as of a date.

    One index seek per pair on ix_assessment_latest (recommendation, Member State, date, id), read
    backwards: the cost grows with the number of pairs, not with the length of the history.
    """
    a = ImplementationAssessment
    return (
        select(a.id)
        .where(
            a.recommendation_id == Recommendation.id,
            a.member_state_code == MemberState.code,
            a.assessed_on <= as_of,
        )
        .order_by(a.recommendation_id.desc(), a.member_state_code.desc(), a.assessed_on.desc(), a.id.desc())
        .limit(1)
        .correlate(Recommendation, MemberState)
        .scalar_subquery()
    )


DETAIL_COLUMNS = [
    "recommendation",
    "title",
    "area",
    "deadline",
    "member_state",
    "member_state_name",
    "status",
    "assessed_on",
    "evidence",
    "source",
    "by",
]


def latest_detail(session: Session, as_of: dt.date, member_state: str | None = None) -> pd.DataFrame:
    """Like ``latest_statuses`` (one Member State, or all of the date), with each status's evidence,
    source and author, and the recommendation's title and thematic area."""
    a = ImplementationAssessment
    states = member_states_on(session, as_of)
    if member_state is not None:
        states = [c for c in states if c == member_state]
    columns = (Recommendation.code, Recommendation.title, ThematicArea.name, Recommendation.deadline,
               MemberState.code, MemberState.name, a.status, a.assessed_on, a.evidence, a.source_url,
               User.name)  # fmt: skip
    query = (
        _pairs(columns, as_of, states)
        .join(ThematicArea, ThematicArea.id == Recommendation.area_id)
        .outerjoin(User, User.id == a.author_id)
        .order_by(MemberState.protocol_order, Recommendation.area_id, Recommendation.code)
    )
    return _frame(session, query, DETAIL_COLUMNS)


LEVELS = {s: STATUS[s].level for s in StatusLevel}  # None: never counted in any figure


def status_levels(statuses: pd.Series) -> pd.Series:
    """Each status's level 0..4 as a float; NaN for 'Not applicable' and 'Not assessed'."""
    return statuses.map(LEVELS).astype(float)


def progress_index(statuses: pd.Series) -> float | None:
    """Mean level / 4 over applicable, assessed items, in 0..1; None if there are none."""
    levels = status_levels(statuses).dropna()
    return float(levels.mean() / MAX_LEVEL) if len(levels) else None


def progress_by(latest: pd.DataFrame, keys: list[str], sort: bool = True) -> pd.DataFrame:
    """Per group of a latest-status table: progress index (NaN when nothing is assessed), the
    number of assessed items and of applicable items."""
    levels = status_levels(latest["status"])
    groups = latest.assign(level=levels, applicable=latest["status"] != StatusLevel.NOT_APPLICABLE).groupby(
        keys, sort=sort
    )
    return pd.DataFrame(
        {
            "progress": groups["level"].mean() / MAX_LEVEL,
            "assessed": groups["level"].count(),
            "applicable": groups["applicable"].sum(),
        }
    )


def status_counts_by_area(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Count of (recommendation, Member State) pairs per thematic area and status, as of a date."""
    areas = dict(session.execute(select(ThematicArea.id, ThematicArea.name)).all())
    return counts_by_area(latest_statuses(session, as_of), areas)


def counts_by_area(latest: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Pairs per thematic area and status of a latest-status table (what charts.status_by_area draws)."""
    counts = latest.groupby(["area_id", "status"], sort=False).size().rename("pairs").reset_index()
    counts["area"] = counts["area_id"].map(names)
    counts["status_label"] = counts["status"].map(lambda s: STATUS[s].label)
    counts["order"] = counts["status"].map(lambda s: STATUS[s].order)
    return counts.sort_values(["area_id", "order"]).reset_index(drop=True)
