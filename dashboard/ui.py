"""Shared Streamlit widgets: the only module in the package that imports streamlit.

No logic lives here: the engine, cached reads keyed on the data revision, who the user is
(demo persona or signed-in account), the persona switcher, notices and chart display.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard.access.auth import Action, CurrentUser, authorize, user_by_email
from dashboard.access.demo import demo_persona, holds_illustrative_data
from dashboard.charts.status import chart_config
from dashboard.enums import Role, label_of, ordered
from dashboard.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from dashboard.excel.style import refusal_workbook
from dashboard.monitoring.tracking import member_states_on
from dashboard.store.db import ROOT, current_revision, database_url, is_up_to_date, make_engine, session_scope

T = TypeVar("T")
DEMO_ENV = "DASHBOARD_DEMO"  # "1" asks for demo mode (what `make run` sets)
USER_KEY, ROLE_KEY, MS_KEY, LINK_KEY = "current_user", "persona_role", "persona_ms", "persona_link"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """One engine (connection pool) per server process and database URL."""
    return _engine(database_url())


def require_database() -> None:
    """Stop with instructions when the database is missing or not migrated."""
    try:
        ready = is_up_to_date(engine())
    except (OperationalError, ProgrammingError):
        ready = False
    if not ready:
        st.error("The database is not set up. Run `python -m dashboard init` (or `make run`).")
        st.stop()


def require_plain_session_state() -> None:
    """Refuse a run that left something other than plain values in session state.

    Streamlit's own check (``runner.enforceSerializableSessionState``) cannot be on: it also
    pickles the weights panel's state view, which is not picklable. This is the same check for
    everything the app itself keeps: no database sessions or ORM objects survive a rerun. It runs
    at the end of every full run (app.py); a fragment's rerun keeps only the weights' integers.
    """
    for key in st.session_state:
        if key == WEIGHTS_PANEL_KEY:
            continue
        try:
            pickle.dumps(st.session_state[key])
        except Exception as exc:
            kind = type(st.session_state[key]).__name__
            raise TypeError(f"Session state '{key}' holds a {kind}, not a plain value.") from exc


def revision() -> int:
    """The data revision, read once per run: the key of every cached read."""
    with session_scope(engine()) as session:
        return current_revision(session)


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(_fn: Callable, name: str, url: str, data_revision: int, args: tuple) -> Any:
    with session_scope(engine()) as session:
        return _fn(session, *args)


def read(fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)``, cached until any write changes the data revision (any replica)."""
    return _cached(fn, f"{fn.__module__}.{fn.__qualname__}", database_url(), revision(), args)


def write(fn: Callable[..., T], *args: Any) -> T | None:
    """Run a service write as the current user in one transaction; show refusals as errors."""
    try:
        with session_scope(engine()) as session:
            return fn(session, current_user(), *args)
    except (PermissionDenied, InvalidInput, ConcurrentEdit) as exc:
        st.error(str(exc).replace("\n", "  \n"))
    return None


def current_user() -> CurrentUser:
    return st.session_state[USER_KEY]


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
        authorize(user, action)
    except PermissionDenied as exc:
        st.error(f"This page is not available to you: {exc}")
        st.stop()
    return user


def switch_to(page: str) -> None:
    """Go to the page script ``page`` (a path relative to the repository root, as in navigation)."""
    st.switch_page(ROOT / page)


def demo_requested() -> bool:
    return os.environ.get(DEMO_ENV, "") == "1"


def sign_in() -> CurrentUser:
    """The user of this session: a demo persona, or the registered account of the signed-in person."""
    demo = demo_requested() and read(holds_illustrative_data)
    if demo_requested() and not demo:
        st.sidebar.warning("Demo mode is off: the database holds real data. Please sign in.")
    user = _demo_user() if demo else _signed_in_user()
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
        st.sidebar.warning(f"Unknown role '{role}' in the link; showing the viewer persona.")
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


def _signed_in_user() -> CurrentUser:
    if not getattr(st.user, "is_logged_in", False):
        st.title("EU prevent dashboard")
        if _auth_configured():
            st.write("Sign in with your organisation's account to continue.")
            st.button("Sign in", on_click=st.login, type="primary")
        else:
            st.error(
                "Sign-in is not configured. Set `[auth]` in `.streamlit/secrets.toml` "
                "(see README), or run the illustrative demo with `make run`."
            )
        st.stop()
    with session_scope(engine()) as session:
        user = user_by_email(session, st.user.get("email") or "")
    if user is None:
        st.error(
            f"{st.user.get('email')} is not registered for this dashboard. Ask the secretariat to add you."
        )
        st.button("Sign out", on_click=st.logout)
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {user.name} · {user.role_label}")
        st.button("Sign out", on_click=st.logout)
    return user


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def illustrative_notice() -> None:
    st.warning(
        "**Illustrative data.** The register, assessments and expert scores shown here are invented "
        "for demonstration, not official figures.",
        icon=":material/science:",
    )


def vega(chart: tuple) -> None:
    """Show a (data, Vega-Lite spec) chart; its toolbar has "Download as PNG"."""
    data, spec = chart
    st.vega_lite_chart(data, spec, width="stretch")


def plotly(fig: go.Figure, filename: str) -> None:
    """Show a chart with its PNG download button."""
    st.plotly_chart(fig, config=chart_config(filename))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_download(
    label: str, fn: Callable[..., bytes], *args: Any, file_name: str, key: str, help: str | None = None
):
    """A button that builds a workbook only when clicked: ``fn(session, user, *args)``.

    The workbook is built on click in a thread of its own, so a page never waits for a workbook
    nobody asked for; a dict among ``args`` is read at that moment (e.g. the live weights).
    """
    eng, user = engine(), current_user()

    def build() -> bytes:
        try:
            with session_scope(eng) as session:
                return fn(session, user, *[dict(a) if isinstance(a, dict) else a for a in args])
        except (ValueError, PermissionDenied) as exc:  # InvalidInput is a ValueError
            return refusal_workbook(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")

    st.download_button(
        label,
        build,
        file_name=file_name,
        mime=XLSX,
        key=key,
        help=help,
        icon=":material/download:",
        on_click="ignore",
    )


def live_weights() -> dict[str, int]:
    """The session's weights dict itself (always changed in place, never replaced), for reading later."""
    return st.session_state.setdefault(WEIGHTS_KEY, {})


ROW_PX, HEADER_PX = 35, 38  # st.dataframe's row and header heights


def table_height(rows: int, most: int = 20) -> int:
    """A dataframe height that shows up to ``most`` rows without an inner scroll bar."""
    return HEADER_PX + ROW_PX * min(rows, most)


WEIGHTS_KEY = "weights"  # {criterion code: importance points}; outlives the weights panel
WEIGHTS_PANEL_KEY = "weights_panel"
REVISION_KEY = "weights_revision"  # raised when the app, not the user, sets the weights
WEIGHT_MAX = 100  # slider range 0..100 importance points; only their shares matter

_COMPONENTS = Path(__file__).parent / "components"
# All weights in one page element: on a slider nudge the browser redraws one element instead of a
# Streamlit slider per criterion (12-15 of them), which took a third of the options page's time.
_weights_panel = st.components.v2.component(
    "weights_panel",
    js=(_COMPONENTS / "weights_panel.js").read_text(encoding="utf-8"),
    css=(_COMPONENTS / "weights_panel.css").read_text(encoding="utf-8"),
)


def set_weights(points: dict[str, float]) -> None:
    """Make ``points`` the current weights; the weights panel shows them on its next run."""
    stored = live_weights()  # changed in place: a download button built earlier reads it later
    stored.clear()
    stored.update({code: round(float(v)) for code, v in points.items()})
    st.session_state[REVISION_KEY] = st.session_state.get(REVISION_KEY, 0) + 1


def current_weights(codes: list[str], defaults: dict[str, float]) -> dict[str, int]:
    """The session's weights, starting from ``defaults`` for criteria not set yet."""
    stored = st.session_state.setdefault(WEIGHTS_KEY, {})
    for code in codes:
        stored.setdefault(code, round(float(defaults[code])))
    return {code: stored[code] for code in codes}


def sent_points(sent: Any, codes: list[str]) -> dict[str, int] | None:
    """The points the weights panel sent, if they are whole numbers 0..WEIGHT_MAX for known codes."""
    if not isinstance(sent, dict):
        return None
    points = {code: sent[code] for code in codes if code in sent}
    whole = all(type(v) is int and 0 <= v <= WEIGHT_MAX for v in points.values())
    return points if whole else None


def weight_panel(codes: list[str], names: list[str], defaults: dict[str, float]) -> dict[str, int]:
    """One 0..WEIGHT_MAX slider per criterion with its share of the total; returns {code: points}."""
    points = current_weights(codes, defaults)
    data = {
        "revision": st.session_state.get(REVISION_KEY, 0),
        "max": WEIGHT_MAX,
        "criteria": [
            {"code": code, "name": name, "points": points[code]}
            for code, name in zip(codes, names, strict=True)
        ],
    }
    result = _weights_panel(key=WEIGHTS_PANEL_KEY, data=data, on_points_change=lambda: None)
    if result.points is not None:
        sent = sent_points(result.points, codes)
        if sent is None:
            st.warning("The weights sent were not whole numbers from 0 to 100; nothing changed.")
        else:
            st.session_state[WEIGHTS_KEY].update(sent)
    return current_weights(codes, defaults)


@contextlib.contextmanager
def explained():
    """Show a refused computation's reason (ValueError) as a warning instead of an error page."""
    try:
        yield
    except (ValueError, InvalidInput) as exc:
        st.warning(str(exc))


def snapshot(name: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn``'s result as first read in this session, kept until ``forget(name)``.

    Editors work on a snapshot so that the versions a save carries are the ones the person saw,
    whatever others save meanwhile (optimistic concurrency).
    """
    if name not in st.session_state:
        st.session_state[name] = read(fn, *args)
    return st.session_state[name]


def forget(*names: str) -> None:
    """Drop snapshots and widget states, e.g. after a save or an explicit reload."""
    for name in names:
        st.session_state.pop(name, None)


def keep_in_link(params: dict[str, str | None]) -> None:
    """Write a view's parameters into the address bar (None removes one), so a copied link reproduces it."""
    for name, value in params.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value
