"""Who is using the product and what they may do.

``authorize`` is the one permission check: every write in the service layer calls it first, so a
refused action is refused whatever the page shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import Role, label_of
from dashboard.errors import PermissionDenied
from dashboard.store.models import User


@dataclass(frozen=True)
class CurrentUser:
    """The person behind a request: a plain value, safe to keep in session state."""

    user_id: int | None
    email: str
    name: str
    role: Role
    member_state: str | None = None
    illustrative: bool = False  # a demo persona: whatever it writes is illustrative too
    active: bool = True  # a deactivated account may do nothing

    @property
    def role_label(self) -> str:
        label = label_of(self.role)
        return f"{label} ({self.member_state})" if self.member_state else label


class Action(enum.Enum):
    VIEW = "view"
    SCORE_OPTIONS = "score_options"
    SAVE_WEIGHTS = "save_weights"
    RECORD_STATUS = "record_status"  # a Member State's own status (a submission) and its replies
    ASSESS_STATUS = "assess_status"  # the assessed status: recorded, validated, contested, corrected
    IMPORT_DATA = "import_data"
    MANAGE = "manage"
    READ_AUDIT = "read_audit"


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    describe: str  # "may not <describe>" completes the refusal message
    member_state_bound: bool = False  # an ms_official may do it only for their own Member State


PERMISSIONS: dict[Action, Permission] = {
    Action.VIEW: Permission(frozenset(Role), "view the dashboard"),
    Action.SCORE_OPTIONS: Permission(frozenset({Role.EXPERT, Role.ADMIN}), "score options"),
    Action.SAVE_WEIGHTS: Permission(frozenset({Role.EXPERT, Role.ADMIN}), "save weight profiles"),
    Action.RECORD_STATUS: Permission(
        frozenset({Role.MS_OFFICIAL, Role.ADMIN}), "record implementation status", True
    ),
    Action.ASSESS_STATUS: Permission(frozenset({Role.ADMIN}), "assess implementation status"),
    Action.IMPORT_DATA: Permission(frozenset({Role.MS_OFFICIAL, Role.ADMIN}), "import data", True),
    Action.MANAGE: Permission(frozenset({Role.ADMIN}), "manage users and reference data"),
    Action.READ_AUDIT: Permission(frozenset({Role.ADMIN}), "read the audit log"),
}

# The command line acts with the database owner's rights: an administrator named "cli".
COMMAND_LINE = CurrentUser(None, "cli", "Command line", Role.ADMIN)


def can(user: CurrentUser, action: Action, member_state: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` (for ``member_state`` where the action is bound to one)."""
    try:
        authorize(user, action, member_state)
    except PermissionDenied:
        return False
    return True


def authorize(user: CurrentUser, action: Action, member_state: str | None = None) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action``."""
    if not user.active:
        raise PermissionDenied("This account has been deactivated; ask the secretariat.")
    permission = PERMISSIONS[action]
    if user.role not in permission.roles:
        raise PermissionDenied(f"{label_of(user.role)}s may not {permission.describe}.")
    bound = permission.member_state_bound and user.role is Role.MS_OFFICIAL
    if bound and member_state is None:  # fail closed: a bound action names its Member State
        raise PermissionDenied(f"You may {permission.describe} only for a named Member State (your own).")
    if bound and member_state != user.member_state:
        raise PermissionDenied(
            f"You may {permission.describe} only for your own Member State "
            f"({user.member_state}), not for {member_state}."
        )


def may_open(user: CurrentUser, action: Action) -> bool:
    """Whether a page needing ``action`` is ``user``'s at all (an official's for their own state)."""
    return can(user, action, user.member_state)


def user_by_email(session: Session, email: str) -> CurrentUser | None:
    """The registered user with this e-mail (case-insensitive), or None."""
    row = session.scalar(select(User).where(User.email == email.strip().lower()))
    return as_current(row) if row else None


def as_current(user: User) -> CurrentUser:
    return CurrentUser(
        user.id, user.email, user.name, user.role, user.member_state_code, user.illustrative, user.active
    )
