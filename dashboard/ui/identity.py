"""Who the session's user is: a demo persona or the registered account of the signed-in person,
and the check every page makes first."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st

from dashboard.access import users
from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.access.demo import demo_available, demo_persona
from dashboard.access.users import Identity, auth_problem
from dashboard.enums import Role, label_of, ordered
from dashboard.errors import PermissionDenied
from dashboard.monitoring.queries import member_states_on
from dashboard.store.db import ROOT, session_scope
from dashboard.text import literal, shorten
from dashboard.ui.data import USER_KEY, engine, flashed, read, show_error

DEMO_ENV = "DASHBOARD_DEMO"  # "1" asks for demo mode (what `make run` sets)
ROLE_KEY, MS_KEY, LINK_KEY = "persona_role", "persona_ms", "persona_link"
LAST_SIGN_IN_KEY = "sign_in_recorded"


def require(action: Action) -> CurrentUser:
    """The first line of every page: the signed-in user, if they may ``action``; else the page stops.

    Navigation only offers a role its pages; this is the second lock, for a page reached any other
    way (a stale link, a fresh server before the entry script has run).
    """
    user = st.session_state.get(USER_KEY)
    if not isinstance(user, CurrentUser):
        st.error("Please sign in to use the dashboard.")
        st.stop()
    try:
        authorize(user, action, user.member_state)  # a bound action: for the official's own state
    except PermissionDenied as exc:
        show_error(f"This page is not available to you: {exc}")
        st.stop()
    flashed()
    return user


def switch_to(page: str) -> None:
    """Go to the page script ``page`` (a path relative to the repository root, as in navigation)."""
    st.switch_page(page_path(page))


def page_path(page: str) -> Path:
    """The page script ``page`` (relative to the repository root) as st.page_link takes it."""
    return ROOT / page


def demo_requested() -> bool:
    return os.environ.get(DEMO_ENV, "") == "1"


def sign_in() -> CurrentUser:
    """The user of this session: a demo persona, or the registered account of the signed-in person.

    Demo personas are offered only while the database holds illustrative data and nothing real;
    after that the demo is refused with a page that says how to sign in.
    """
    demo = demo_requested() and read(demo_available)
    user = _demo_user() if demo else _signed_in_user(demo_refused=demo_requested())
    st.session_state[USER_KEY] = user
    return user


def _apply_link() -> None:
    """Take the persona from ``?as=<role>&ms=<code>`` when the link names a new one."""
    role, ms = st.query_params.get("as"), st.query_params.get("ms")
    if (role, ms) == st.session_state.get(LINK_KEY):
        return  # already applied; the switcher may have changed the persona since
    st.session_state[LINK_KEY] = (role, ms)
    if role and role in {r.value for r in Role}:
        st.session_state[ROLE_KEY] = role
    elif role:
        st.sidebar.warning(
            literal(f"Unknown role '{shorten(role)}' in the link; showing the viewer persona.")
        )
    if ms:
        st.session_state[MS_KEY] = ms.upper()


def _demo_user() -> CurrentUser:
    _apply_link()
    states = read(member_states_on, dt.date.today())
    if st.session_state.get(MS_KEY) not in states:
        st.session_state[MS_KEY] = states[0]
    role = Role(st.session_state.setdefault(ROLE_KEY, Role.VIEWER.value))
    ms = st.session_state[MS_KEY] if role is Role.MS_OFFICIAL else None
    user = read(demo_persona, role, ms)
    st.query_params.update({"as": role.value, **({"ms": ms} if ms else {})})
    if not ms and "ms" in st.query_params:
        del st.query_params["ms"]
    _persona_switcher(states)
    return user


def _persona_switcher(states: list[str]) -> None:
    with st.sidebar:
        st.caption("Demo mode: view the product as")
        st.selectbox(
            "Persona",
            [r.value for r in ordered(Role)],
            key=ROLE_KEY,
            format_func=_role_label,
            on_change=_persona_to_link,
        )
        if st.session_state[ROLE_KEY] == Role.MS_OFFICIAL.value:
            st.selectbox("Member State", states, key=MS_KEY, on_change=_persona_to_link)


def _persona_to_link() -> None:
    """Keep the link in step with the switcher, so a copied link opens the same persona."""
    role = st.session_state[ROLE_KEY]
    st.query_params["as"] = role
    if role == Role.MS_OFFICIAL.value:
        st.query_params["ms"] = st.session_state[MS_KEY]
    elif "ms" in st.query_params:
        del st.query_params["ms"]


def _role_label(value: str) -> str:
    return label_of(Role(value))


def _signed_in_user(demo_refused: bool = False) -> CurrentUser:
    if not getattr(st.user, "is_logged_in", False):
        _sign_in_page(demo_refused)
        st.stop()
    claims = st.user.to_dict()
    identity = Identity.from_claims(claims, fallback_issuer=f"provider:{claims.get('provider') or 'default'}")
    with session_scope(engine()) as session:
        outcome = users.sign_in(session, identity)
        user = outcome.user
        if user is not None and LAST_SIGN_IN_KEY not in st.session_state:
            users.record_sign_in(session, user)  # once per browser session
            st.session_state[LAST_SIGN_IN_KEY] = True
    if user is None:
        st.title("EU prevent dashboard")
        show_error(outcome.refusal)
        st.button("Sign out", on_click=st.logout)
        st.stop()
    with st.sidebar:
        st.caption(literal(f"Signed in as {user.name} · {user.role_label}"))
        st.button("Sign out", on_click=st.logout)
    return user


def _sign_in_page(demo_refused: bool) -> None:
    st.title("EU prevent dashboard")
    if demo_refused:
        st.warning(
            "Demo mode is off: the database holds real data (or no demo data is left), so demo "
            "personas are not offered. Sign in with your organisation's account."
        )
    if _auth_configured():
        problem = auth_problem(st.secrets["auth"])
        if problem:
            st.error(f"Sign-in is misconfigured: {problem} (README, 'Sign-in').")
            return
        st.write("Sign in with your organisation's account to continue.")
        st.button("Sign in", on_click=st.login, type="primary")
    else:
        st.error(
            "Sign-in is not configured. Set `[auth]` in `.streamlit/secrets.toml` and start the "
            "server without DASHBOARD_DEMO (README, 'Sign-in'); the first administrator is added with "
            "`python -m dashboard users add EMAIL --name NAME --role admin`."
        )


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
