"""Demo mode: the illustrative personas that stand for each role, and when demo mode is allowed.

Demo mode (no sign-in, a persona switcher) is offered only while the database holds illustrative
data and nothing real: once any real row exists (a user, a recommendation, a status, a score, a
round, a profile), everyone signs in.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from dashboard.access.auth import CurrentUser, as_current
from dashboard.enums import Role
from dashboard.store.models import (
    AssessmentRound,
    Criterion,
    ImplementationAssessment,
    MemberState,
    Option,
    OptionScore,
    Recommendation,
    ThematicArea,
    User,
    WeightProfile,
)
from dashboard.store.provenance import holds_illustrative_data

# Every table a person writes to, with its illustrative flag.
FLAGGED = (
    User,
    Recommendation,
    ImplementationAssessment,
    OptionScore,
    AssessmentRound,
    WeightProfile,
    ThematicArea,
    Option,
    Criterion,
)
# Reference data seeded as real: not "real data" in the sense that ends demo mode.
REFERENCE = (ThematicArea, Option, Criterion)


def holds_real_data(session: Session) -> bool:
    """True once any row a person wrote is real (not illustrative), users included."""
    real = or_(*(exists().where(~model.illustrative) for model in FLAGGED if model not in REFERENCE))
    return bool(session.scalar(select(real)))


def demo_available(session: Session) -> bool:
    """Demo personas may be offered: the database holds illustrative data and nothing real."""
    return holds_illustrative_data(session) and not holds_real_data(session)


def demo_persona(session: Session, role: Role, member_state: str | None = None) -> CurrentUser:
    """The illustrative user that stands for ``role`` in demo mode (first one of that role).

    For ms_official the persona is the official of ``member_state`` (default: the first Member
    State in protocol order); an unknown code raises ValueError.
    """
    query = select(User).where(User.role == role, User.illustrative).order_by(User.id)
    if role is Role.MS_OFFICIAL:
        code = member_state or session.scalar(select(MemberState.code).order_by(MemberState.protocol_order))
        query = query.where(User.member_state_code == code)
    user = session.scalars(query.limit(1)).first()
    if user is None:
        raise ValueError(f"no illustrative {role.value} user for {member_state or 'demo mode'}")
    return as_current(user)
