"""The session's data: one engine per process, cached reads keyed on the data revision, writes as
the current user, and snapshots that editors work on."""

from __future__ import annotations

import contextlib
import logging
import pickle
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from dashboard.access.auth import CurrentUser
from dashboard.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from dashboard.store.db import (
    current_revision,
    database_url,
    is_up_to_date,
    local_writes,
    make_engine,
    session_scope,
)
from dashboard.store.failures import OTHER, UNREACHABLE, sentence, transaction
from dashboard.text import literal
from dashboard.ui.weights import WEIGHTS_PANEL_KEY

T = TypeVar("T")
USER_KEY = "current_user"
LOG = logging.getLogger("dashboard.ui")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """One engine (connection pool) per server process and database URL."""
    return _engine(url=database_url())


_UP_TO_DATE: set[str] = set()  # database URLs this process has found migrated


def require_database() -> None:
    """Stop with instructions when the database is missing or not migrated.

    Once a database is found up to date it is not asked again by this process (a migration runs
    before the servers start, never under them): the check cost a few milliseconds of every rerun.
    A database lost later is met by the run's first query, which says so in words as well."""
    url = database_url()
    if url in _UP_TO_DATE:
        return
    try:
        ready = is_up_to_date(engine())
    except ProgrammingError:
        ready = False
    except OperationalError as exc:
        if sentence(exc) == UNREACHABLE:
            LOG.exception("the database cannot be reached")
            st.error(UNREACHABLE)
            st.stop()
        ready = False
    if not ready:
        st.error("The database is not set up. Run `python -m dashboard init` (or `make run`).")
        st.stop()
    _UP_TO_DATE.add(url)


def require_plain_session_state() -> None:
    """Refuse a run that left something other than plain values in session state.

    Streamlit's own check (``runner.enforceSerializableSessionState``) cannot be on: it also
    pickles the weights panel's state view, which is not picklable. This is the same check for
    everything the app itself keeps: no database sessions or ORM objects survive a rerun. It runs
    at the end of every full run (app/app.py); a fragment's rerun keeps only a Weights value.
    """
    for key in st.session_state:
        if key == WEIGHTS_PANEL_KEY:
            continue
        try:
            pickle.dumps(st.session_state[key])
        except Exception as exc:
            kind = type(st.session_state[key]).__name__
            raise TypeError(f"Session state '{key}' holds a {kind}, not a plain value.") from exc


REVISION_FRESH_S = 0.05  # a revision read this recently is reused (by every session of the process)
_last_revision: tuple[float, str, int, int] | None = None  # read when, database, writes here, value


def revision() -> int:
    """The data revision: the key of every cached read and shared figure.

    Read from the database at most once per 50 ms for the whole process (a page asks for it once per
    read and figure, a hundred sessions many times a second). Any write made in this process makes
    the next call read it again; a write on another replica is seen within 50 ms."""
    global _last_revision
    url, now, writes = database_url(), time.monotonic(), local_writes()
    last = _last_revision
    if last is not None and last[1:3] == (url, writes) and now - last[0] < REVISION_FRESH_S:
        return last[3]
    with session_scope(engine()) as session:
        value = current_revision(session)
    _last_revision = (now, url, writes, value)
    return value


def forget_revision() -> None:
    """After a write (committed or not): the next call reads the revision again."""
    global _last_revision
    _last_revision = None


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(_fn: Callable, name: str, url: str, data_revision: int, args: tuple) -> Any:
    with session_scope(engine()) as session:
        return _fn(session, *args)


def read(fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)``, cached until any write changes the data revision (any replica)."""
    # By keyword: Streamlit then hashes the arguments without inspecting the signature on every call.
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _cached(_fn=fn, name=name, url=database_url(), data_revision=revision(), args=args)


def fresh(fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)`` read now, not cached: for what changes without moving the revision
    (last sign-in)."""
    with session_scope(engine()) as session:
        return fn(session, *args)


def write(fn: Callable[..., T], *args: Any) -> T | None:
    """Run a service write as the current user in one transaction (tried again while the database is
    busy); a refusal or a database failure is a sentence on screen, and nothing is saved."""
    try:
        return transaction(engine(), lambda session: fn(session, current_user(), *args))
    except (PermissionDenied, InvalidInput, ConcurrentEdit) as exc:
        show_error(str(exc))
    except (SQLAlchemyError, StaleDataError) as exc:
        LOG.exception("%s failed", fn.__qualname__)
        show_error(sentence(exc) or OTHER)
    finally:
        forget_revision()  # what this session wrote is what its next read shows
    return None


def show_error(message: str) -> None:
    """An error box whose text is shown as written: values people typed never become markup."""
    st.error(literal(message).replace("\n", "  \n"))


def success(message: str) -> None:
    """A confirmation shown as written (it may repeat a name, a code or a file name someone typed)."""
    st.success(literal(message))


def warning(message: str) -> None:
    """A warning shown as written (it may repeat a link's text)."""
    st.warning(literal(message))


def info(message: str, icon: str | None = None) -> None:
    """A note shown as written (it may repeat names from the catalogue)."""
    st.info(literal(message), icon=icon)


@contextlib.contextmanager
def failures_as_sentences() -> Iterator[None]:
    """Around a whole run: a database failure (unreachable, busy, …) is a sentence, not an error page."""
    try:
        yield
    except (SQLAlchemyError, StaleDataError) as exc:
        LOG.exception("the run failed on the database")
        show_error(sentence(exc) or OTHER)
        st.stop()


def current_user() -> CurrentUser:
    return st.session_state[USER_KEY]


def snapshot(name: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn``'s result as first read in this session by this user, kept until ``forget(name)``.

    Editors work on a snapshot so that the versions a save carries are the ones the person saw,
    whatever others save meanwhile (optimistic concurrency).
    """
    owner = _owner()
    held = st.session_state.get(name)
    if not (isinstance(held, tuple) and len(held) == 2 and held[0] == owner):
        held = st.session_state[name] = (owner, read(fn, *args))
    return held[1]


def _owner() -> tuple:
    """Whose snapshot it is: a persona switch or another sign-in in this browser starts afresh."""
    user = st.session_state.get(USER_KEY)
    return (user.user_id, user.email, user.role.value, user.member_state) if user else ()


def forget(*names: str, prefix: str | None = None) -> None:
    """Drop snapshots and widget states, e.g. after a save or an explicit reload; with ``prefix``,
    every one whose name starts with it (an editor's snapshot and its form's fields)."""
    for name in names:
        st.session_state.pop(name, None)
    if prefix:
        for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
            del st.session_state[name]


FLASH_KEY = "flash_message"


def done(message: str) -> None:
    """Confirm a write that changes what the page shows: run the page again, with ``message`` on top."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def flashed() -> None:
    """Show the confirmation ``done`` left for this run (every page shows it, after its permission)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        success(message)
