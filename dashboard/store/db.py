"""Database connection: where the database is, engines, migrations and the data revision.

The session lifecycle is the caller's: functions elsewhere take a ``Session``; callers write
``with session_scope(engine) as s:`` to get one transaction.
"""

from __future__ import annotations

import ast
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from dashboard.store.models import DataRevision

ROOT = Path(__file__).resolve().parents[2]  # the repository: data/, migrations/, .streamlit/
DEFAULT_SQLITE = ROOT / "data" / "dashboard.db"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"
# Writers wait this long for the lock instead of failing at once; the app then tries twice more
# (store.failures.transaction) before it says the database is busy.
SQLITE_BUSY_TIMEOUT_MS = 5_000


class DatabaseConfigError(ValueError):
    """The configured database URL cannot be used."""


def database_url() -> str:
    """DATABASE_URL, else secrets.toml ``[connections.sql] url``, else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url and SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            url = tomllib.load(fh).get("connections", {}).get("sql", {}).get("url", "").strip()
    return url or f"sqlite:///{DEFAULT_SQLITE}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            url = parsed.set(drivername="postgresql+psycopg")
        return create_engine(url, pool_pre_ping=True)
    raise DatabaseConfigError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://"
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _alembic_config():
    from alembic.config import Config  # Alembic only where the schema changes: not in a server

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest revision (idempotent)."""
    from alembic import command

    cfg = _alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # SQLite alters a table by copying it and dropping the old one, which other tables'
            # rows may refer to: foreign keys are off for the migration (outside its transaction)
            # and every reference is checked before it commits.
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all() if sqlite else []
                if broken:
                    raise RuntimeError(
                        f"the migration left {len(broken)} broken reference(s), e.g. {broken[0]}"
                    )
        finally:
            if sqlite:
                connection.rollback()  # nothing is open; a failed migration has rolled back already
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at the newest migration.

    Read without Alembic, which a server would otherwise import (11 MB and 0.3 s) for this one
    check: the newest revision from the migration files, the database's from Alembic's own table."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    return found == [head_revision()]


def head_revision(versions: Path = ROOT / "migrations" / "versions") -> str:
    """The newest migration: the one revision no other migration names as its ``down_revision``."""
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(node.value, ast.Constant):
                continue
            name = getattr(node.targets[0] if isinstance(node, ast.Assign) else node.target, "id", None)
            if name == "revision":
                revisions.add(node.value.value)
            elif name == "down_revision" and node.value.value is not None:
                parents.add(node.value.value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} newest revisions: {sorted(heads)}")
    return heads.pop()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def current_revision(session: Session) -> int:
    """The data revision: a cheap value that changes with every write."""
    return session.scalar(select(DataRevision.revision).where(DataRevision.id == 1)) or 0


_local_writes = 0  # writes begun in this process (any thread, any engine)


def local_writes() -> int:
    """How many writes this process has begun: a value cached beside it is stale once it moves."""
    return _local_writes


def bump_revision(session: Session, by: int = 1) -> int:
    """Advance the data revision by ``by`` writes inside the caller's transaction; returns the new
    value."""
    global _local_writes
    _local_writes += 1
    return session.execute(
        update(DataRevision)
        .where(DataRevision.id == 1)
        .values(revision=DataRevision.revision + by, changed_at=func.current_timestamp())
        .returning(DataRevision.revision),
        execution_options={"synchronize_session": False},  # nothing in the session holds the row
    ).scalar_one()
