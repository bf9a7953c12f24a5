"""Database failures a person can meet, in words; and one transaction, retried while the database is
too busy to take it.

Every write runs as one transaction, so whatever fails here leaves the data as it was: the sentences
say so. The detail goes to the log, never to the screen.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.store.db import session_scope

T = TypeVar("T")
LOG = logging.getLogger("dashboard.database")

BUSY = "The database is busy just now; nothing was saved. Try again in a moment."
UNREACHABLE = (
    "The database cannot be reached just now; nothing was changed. Try again in a minute; if it goes "
    "on, tell the secretariat."
)
TOO_LONG = "A value is longer than the database accepts; nothing was saved. Shorten it and try again."
CONFLICT = (
    "Not saved: someone else saved the same data at the same moment. Reload the page to see it, then "
    "make your change again."
)
OTHER = "The database could not do this; nothing was changed. Try again; if it goes on, tell the secretariat."

# SQLSTATEs of PostgreSQL that mean "try again": serialization failure, deadlock, lock not available.
_RETRY_STATES = {"40001", "40P01", "55P03"}
_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")
_UNREACHABLE_WORDS = (
    "could not connect", "connection refused", "server closed the connection", "connection timed out",
    "unable to open database file", "no such host", "name or service not known", "connection is closed",
    "terminating connection", "the connection is lost", "consuming input failed",
    # psycopg after the server dropped the socket under a query in flight:
    "connection socket closed", "sending query failed", "another command is already in progress",
)  # fmt: skip


def is_busy(exc: BaseException) -> bool:
    """The database refused for now because others hold it (worth trying again)."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _RETRY_STATES or any(w in str(exc.orig).lower() for w in _BUSY_WORDS)


def sentence(exc: BaseException) -> str | None:
    """What to tell the person for a database failure; None when ``exc`` is not one."""
    if isinstance(exc, StaleDataError):
        return CONFLICT
    if not isinstance(exc, SQLAlchemyError):
        return None
    if is_busy(exc):
        return BUSY
    if isinstance(exc, DataError) or "too long" in str(getattr(exc, "orig", exc)).lower():
        return TOO_LONG
    if isinstance(exc, IntegrityError):
        return CONFLICT
    if isinstance(exc, OperationalError | DBAPIError) and (
        exc.connection_invalidated or any(w in str(exc.orig).lower() for w in _UNREACHABLE_WORDS)
    ):
        return UNREACHABLE
    return OTHER


def transaction(engine: Engine, work: Callable[[Session], T], attempts: int = 3, pause_s: float = 0.25) -> T:
    """``work(session)`` in one transaction; tried again (after 0.25 s, then 0.5 s) while the database
    is busy, so a short lock held by someone else costs a moment instead of an error."""
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(engine) as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not is_busy(exc):
                raise
            LOG.info("database busy, attempt %d of %d: %s", attempt, attempts, exc.orig)
            time.sleep(pause_s * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # the loop returns or raises
