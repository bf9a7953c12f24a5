"""Managing the people who use the product: add, list, change role. Admin only, audited."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Role, label_of
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.models import MemberState, User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_member_state(session: Session, role: Role, member_state: str | None) -> str | None:
    if role is not Role.MS_OFFICIAL:
        if member_state:
            raise InvalidInput(f"only Member State officials have a Member State ({role.value} given)")
        return None
    if not member_state:
        raise InvalidInput("a Member State official needs a Member State code (e.g. BE)")
    code = member_state.strip().upper()
    if session.get(MemberState, code) is None:
        raise InvalidInput(f"unknown Member State code '{member_state}'")
    return code


def add_user(
    session: Session,
    actor: CurrentUser,
    email: str,
    name: str,
    role: Role,
    member_state: str | None = None,
) -> CurrentUser:
    """Register a user; e-mails are unique and stored in lower case."""
    authorize(actor, Action.MANAGE)
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput(f"'{email}' is not an e-mail address")
    if not name.strip():
        raise InvalidInput("a name is required")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise InvalidInput(f"a user with e-mail {email} already exists")
    code = _check_member_state(session, role, member_state)
    user = User(email=email, name=name.strip(), role=role, member_state_code=code)
    session.add(user)
    session.flush()
    new = {"email": email, "name": user.name, "role": role.value, "member_state": code}
    audit.record(session, actor, "add", "user", email, None, new)
    return CurrentUser(user.id, email, user.name, role, code)


def set_role(
    session: Session, actor: CurrentUser, email: str, role: Role, member_state: str | None = None
) -> None:
    """Change a user's role (and Member State, for officials)."""
    authorize(actor, Action.MANAGE)
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise InvalidInput(f"no user with e-mail {email}")
    code = _check_member_state(session, role, member_state)
    old = {"role": user.role.value, "member_state": user.member_state_code}
    user.role, user.member_state_code = role, code
    audit.record(
        session, actor, "set_role", "user", user.email, old, {"role": role.value, "member_state": code}
    )


def list_users(session: Session) -> pd.DataFrame:
    """All users, administrators first, as a display table."""
    rows = session.execute(
        select(User.email, User.name, User.role, User.member_state_code, User.illustrative).order_by(
            User.role, User.email
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["E-mail", "Name", "Role", "Member State", "Illustrative"])
    frame["Role"] = frame["Role"].map(label_of)
    frame["Member State"] = frame["Member State"].fillna("—")
    return frame
