"""The read model of implementation monitoring: every SQL query of the capability, and only them.

As-of semantics: the status of (recommendation, Member State) on date D is the assessment with the
latest ``assessed_on`` <= D (ties broken by the later-recorded row). Pairs without one are
"Not assessed". Only Member States that were members on D, and recommendations issued by D, count.
The figures computed from these tables are in ``monitoring.figures`` (pure functions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dashboard.enums import StatusLevel
from dashboard.store.models import (
    AssessmentRound,
    ImplementationAssessment,
    MemberState,
    Recommendation,
    ThematicArea,
    User,
)

LATEST_COLUMNS = [
    "recommendation",
    "area_id",
    "addressee",
    "deadline",
    "member_state",
    "status",
    "assessed_on",
    "evidence",
    "source",
    "by",
]


@dataclass(frozen=True)
class Lookups:
    """Code -> name of everything a table or a chart labels, each read once."""

    states: dict[str, str]  # EU code -> name, every Member State past and present, protocol order
    areas: dict[int, str]  # thematic area id -> name, report order
    recommendations: dict[str, str]  # code -> title, register order (area, then code)

    def state_label(self, code: str) -> str:
        """'Greece (EL)'."""
        return f"{self.states.get(code, code)} ({code})"

    def recommendation_label(self, code: str) -> str:
        """'P-1 Share risk-assessment tools ...'."""
        return f"{code} {self.recommendations.get(code, '')}".rstrip()


def lookups(session: Session) -> Lookups:
    """The names of Member States, thematic areas and recommendations."""
    states = session.execute(select(MemberState.code, MemberState.name).order_by(MemberState.protocol_order))
    areas = session.execute(select(ThematicArea.id, ThematicArea.name).order_by(ThematicArea.id))
    recs = session.execute(
        select(Recommendation.code, Recommendation.title).order_by(
            Recommendation.area_id, Recommendation.code
        )
    )
    return Lookups(dict(states.all()), dict(areas.all()), dict(recs.all()))


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


def latest_statuses(session: Session, as_of: dt.date, member_state: str | None = None) -> pd.DataFrame:
    """One row per (recommendation issued by ``as_of``, Member State of that date): its latest status
    as of that date with the evidence, source and author behind it (``LATEST_COLUMNS``); by
    recommendation, then Member State in protocol order.

    ``member_state`` keeps one Member State only (if it was a member on ``as_of``).
    """
    a = ImplementationAssessment
    states = member_states_on(session, as_of)
    if member_state is not None:
        states = [code for code in states if code == member_state]
    query = (
        select(
            Recommendation.code,
            Recommendation.area_id,
            Recommendation.addressee,
            Recommendation.deadline,
            MemberState.code,
            a.status,
            a.assessed_on,
            a.evidence,
            a.source_url,
            User.name,
        )
        .select_from(Recommendation)
        .join(MemberState, MemberState.code.in_(states))
        .outerjoin(a, a.id == _latest_id(as_of))
        .outerjoin(User, User.id == a.author_id)
        .where(Recommendation.issued_on <= as_of)
        .order_by(Recommendation.id, MemberState.protocol_order)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=LATEST_COLUMNS)
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


def rounds(session: Session, until: dt.date | None = None) -> list[tuple[str, dt.date]]:
    """Each assessment round's name and reference date, oldest first (up to ``until`` if given)."""
    query = select(AssessmentRound.name, AssessmentRound.reference_date).order_by(
        AssessmentRound.reference_date
    )
    if until is not None:
        query = query.where(AssessmentRound.reference_date <= until)
    return [(name, on) for name, on in session.execute(query)]


def round_statuses(session: Session, until: dt.date) -> list[tuple[str, dt.date, pd.DataFrame]]:
    """Each assessment round up to ``until``: its name, reference date and the latest statuses then."""
    return [(name, on, latest_statuses(session, on)) for name, on in rounds(session, until)]


HISTORY_COLUMNS = [
    "recommendation",
    "area_id",
    "member_state",
    "assessed_on",
    "status",
    "evidence",
    "source",
    "by",
    "recorded",
]


def history(session: Session, member_state: str | None = None) -> pd.DataFrame:
    """Every status ever recorded (for one Member State when given), oldest first, with its
    evidence, source, and who recorded it when."""
    a = ImplementationAssessment
    query = (
        select(
            Recommendation.code,
            Recommendation.area_id,
            a.member_state_code,
            a.assessed_on,
            a.status,
            a.evidence,
            a.source_url,
            User.name,
            a.recorded_at,
        )
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .outerjoin(User, User.id == a.author_id)
        .order_by(a.assessed_on, a.id)
    )
    if member_state is not None:
        query = query.where(a.member_state_code == member_state)
    return pd.DataFrame(session.execute(query).all(), columns=HISTORY_COLUMNS)


REGISTER_COLUMNS = [
    "code",
    "title",
    "description",
    "area_id",
    "area",
    "addressee",
    "issued_on",
    "deadline",
    "priority",
    "illustrative",
]


def register(session: Session) -> pd.DataFrame:
    """Every recommendation with its thematic area, in register order (area, then code)."""
    query = (
        select(
            Recommendation.code,
            Recommendation.title,
            Recommendation.description,
            Recommendation.area_id,
            ThematicArea.name,
            Recommendation.addressee,
            Recommendation.issued_on,
            Recommendation.deadline,
            Recommendation.priority,
            Recommendation.illustrative,
        )
        .join(ThematicArea)
        .order_by(Recommendation.area_id, Recommendation.code)
    )
    return pd.DataFrame(session.execute(query).all(), columns=REGISTER_COLUMNS)
