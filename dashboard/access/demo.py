"""Demo mode: the illustrative personas that stand for each role."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import CurrentUser, as_current
from dashboard.enums import Role
from dashboard.store.models import MemberState, User


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
