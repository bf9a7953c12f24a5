"""Managing the people who use the product: add, list, change role. Admin only, audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, as_current, authorize
from dashboard.enums import Role, label_of
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.models import MemberState, User
from dashboard.text import clean, shorten

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX, NAME_MAX, ISSUER_MAX, SUBJECT_MAX = 254, 120, 500, 255  # the columns' lengths


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
    if len(email) > EMAIL_MAX or not EMAIL.match(email):
        raise InvalidInput(f"'{shorten(email)}' is not an e-mail address")
    name = clean(name, "the name", NAME_MAX, required=True)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise InvalidInput(f"a user with e-mail {email} already exists")
    code = _check_member_state(session, role, member_state)
    user = User(email=email, name=name, role=role, member_state_code=code, illustrative=actor.illustrative)
    session.add(user)
    session.flush()
    new = {"email": email, "name": user.name, "role": role.value, "member_state": code}
    audit.record(session, actor, "add", "user", email, None, new)
    return CurrentUser(user.id, email, user.name, role, code, user.illustrative)


def set_role(
    session: Session, actor: CurrentUser, email: str, role: Role, member_state: str | None = None
) -> CurrentUser:
    """Change a user's role (and Member State, for officials); returns the account as it is now."""
    authorize(actor, Action.MANAGE)
    user = _user(session, email)
    code = _check_member_state(session, role, member_state)
    old = {"role": user.role.value, "member_state": user.member_state_code}
    user.role, user.member_state_code = role, code
    audit.record(
        session, actor, "set_role", "user", user.email, old, {"role": role.value, "member_state": code}
    )
    return as_current(user)


def set_active(session: Session, actor: CurrentUser, email: str, active: bool) -> bool:
    """Deactivate an account (refused at sign-in and in every permission check; its history stays)
    or activate it again."""
    authorize(actor, Action.MANAGE)
    user = _user(session, email)
    if actor.user_id is not None and user.id == actor.user_id and not active:
        raise InvalidInput("you cannot deactivate your own account; ask another administrator")
    if user.active == active:
        raise InvalidInput(f"{user.email} is already {'active' if active else 'deactivated'}")
    user.active = active
    audit.record(
        session,
        actor,
        "activate" if active else "deactivate",
        "user",
        user.email,
        {"active": not active},
        {"active": active},
    )
    return active


@dataclass(frozen=True)
class Identity:
    """Who the identity provider says signed in: its issuer, their stable subject there, and the
    e-mail address with whether the provider has verified it."""

    issuer: str
    subject: str
    email: str
    email_verified: bool

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any], fallback_issuer: str = "") -> Identity:
        """From the ID token's claims (``st.user``). ``email_verified`` counts only when it is
        true (some providers send the text "true"); missing means not verified."""
        verified = claims.get("email_verified")
        return cls(
            issuer=str(claims.get("iss") or fallback_issuer).strip(),
            subject=str(claims.get("sub") or "").strip(),
            email=str(claims.get("email") or "").strip().lower(),
            email_verified=verified is True or str(verified).strip().lower() == "true",
        )


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the account, or why there is none (a sentence for the person)."""

    user: CurrentUser | None
    refusal: str = ""


ASK = "Ask the secretariat"


def sign_in(session: Session, identity: Identity) -> SignIn:
    """The account of the person the provider vouches for.

    An account is bound to the provider's issuer and subject on its first sign-in; from then on it is
    found by them alone, whatever e-mail the token carries. The e-mail is used only to find an
    account for that first binding, and only when the provider says it is verified. The binding and
    each sign-in are audited.
    """
    if not identity.subject or not identity.issuer or len(identity.issuer) > ISSUER_MAX:
        return SignIn(None, f"The identity provider did not say who you are. {ASK} for help.")
    if len(identity.subject) > SUBJECT_MAX:
        return SignIn(None, f"The identity provider's account id is too long to register. {ASK} for help.")
    row = session.scalar(
        select(User).where(User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject)
    )
    who = _shown(identity.email)
    if row is None:
        if not identity.email_verified:
            return SignIn(
                None,
                f"Your identity provider has not verified the e-mail address {who}, so it cannot be "
                f"matched to a registered account. {ASK} to check your account.",
            )
        row = session.scalar(select(User).where(User.email == identity.email))
        if row is None:
            return SignIn(None, f"{who} is not registered for this dashboard. {ASK} to add you.")
        if row.oidc_subject is not None:
            return SignIn(
                None,
                f"The account {who} is already linked to another sign-in. {ASK} to check your account.",
            )
        if not row.active:
            return SignIn(None, f"The account {who} has been deactivated. {ASK} if you need access.")
        row.oidc_issuer, row.oidc_subject = identity.issuer, identity.subject
        new = {"issuer": identity.issuer, "subject": identity.subject}
        audit.record(session, as_current(row), "bind_identity", "user", row.email, None, new, bump=False)
    if not row.active:
        return SignIn(None, f"The account {row.email} has been deactivated. {ASK} if you need access.")
    return SignIn(as_current(row))


def _shown(email: str) -> str:
    return shorten(email, EMAIL_MAX) if email else "Your e-mail address"


COOKIE_SECRET_MIN = 32  # characters


def auth_problem(auth: Mapping[str, Any]) -> str:
    """What is missing from the ``[auth]`` settings (secrets.toml) for sign-in to work, in words; ""
    if nothing. The app says it instead of offering sign-in; deploy/replicas.py refuses to start."""
    needed = ["redirect_uri", "cookie_secret"]
    providers = [v for v in auth.values() if hasattr(v, "get")]  # [auth.<provider>] sections
    where = providers[0] if len(providers) == 1 and "client_id" not in auth else auth
    needed_there = ["client_id", "client_secret", "server_metadata_url"]
    missing = [f"`{k}`" for k in needed if not str(auth.get(k) or "").strip()]
    missing += [f"`{k}`" for k in needed_there if not str(where.get(k) or "").strip()]
    if missing:
        return f"`[auth]` lacks {', '.join(missing)}"
    if len(str(auth["cookie_secret"])) < COOKIE_SECRET_MIN:
        return (
            f"`[auth] cookie_secret` is shorter than {COOKIE_SECRET_MIN} characters; use a long random "
            "string, the same on every replica"
        )
    return ""


def unbind(session: Session, actor: CurrentUser, email: str) -> bool:
    """Forget the sign-in an account is bound to (a person's account at the provider was replaced):
    the next verified sign-in with the account's e-mail binds it again."""
    authorize(actor, Action.MANAGE)
    user = _user(session, email)
    if user.oidc_subject is None:
        raise InvalidInput(f"{user.email} is not linked to a sign-in yet")
    old = {"issuer": user.oidc_issuer, "subject": user.oidc_subject}
    user.oidc_issuer = user.oidc_subject = None
    audit.record(session, actor, "unbind_identity", "user", user.email, old, None, bump=False)
    return True


def record_sign_in(session: Session, user: CurrentUser) -> None:
    """Note when ``user`` signed in (audited; no figure depends on it, so the revision stays).
    Only an active account signs in."""
    authorize(user, Action.VIEW)
    row = session.get(User, user.user_id)
    if row is None:
        return
    now = dt.datetime.now(dt.UTC)
    old = row.last_sign_in.isoformat() if row.last_sign_in else None
    row.last_sign_in = now
    audit.record(session, user, "sign_in", "user", row.email, old, now.isoformat(), bump=False)


def _user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise InvalidInput(f"no user with e-mail {email}")
    return user


USER_COLUMNS = [
    *("E-mail", "Name", "Role", "Member State", "Active", "Sign-in linked", "Last sign-in", "Illustrative"),
]


def list_users(session: Session, actor: CurrentUser) -> pd.DataFrame:
    """All users, by role then e-mail, as a display table (administrators only: it holds personal data)."""
    authorize(actor, Action.MANAGE)
    rows = session.execute(
        select(
            User.email,
            User.name,
            User.role,
            User.member_state_code,
            User.active,
            User.oidc_subject.is_not(None),
            User.last_sign_in,
            User.illustrative,
        ).order_by(User.role, User.email)
    ).all()
    frame = pd.DataFrame(rows, columns=USER_COLUMNS)
    frame["Role"] = frame["Role"].map(label_of)
    frame["Member State"] = frame["Member State"].fillna("—")
    return frame
