"""Backup and restore: every table as JSON, restored into an empty database of the same schema.

The backup is one JSON document: the format, the schema revision, when it was made, and for every
table its columns and rows ordered by primary key. Values are JSON strings, numbers, booleans or
null; dates and times are ISO 8601 (times in UTC); categories are their stored values. The same
database backed up twice gives the same ``tables``; restoring and backing up again gives them back
(plus the restore's own audit entry and data revision step).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.db import current_revision
from dashboard.store.models import Base, DataRevision

FORMAT = "eu-prevent-dashboard-backup"
VERSION = 1
KEPT_BY_SCHEMA = {DataRevision.__tablename__}  # single-row tables the migration creates


def schema_revision(session: Session) -> str | None:
    return session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def backup(session: Session, user: CurrentUser, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything in the database as one JSON-ready document."""
    authorize(user, Action.MANAGE)
    tables = {}
    for table in Base.metadata.sorted_tables:
        columns = [c.name for c in table.columns]
        rows = session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        tables[table.name] = {"columns": columns, "rows": [[_out(v) for v in row] for row in rows]}
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema_revision(session),
        "created": (now or dt.datetime.now(dt.UTC)).isoformat(),
        "data_revision": current_revision(session),
        "tables": tables,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)


def loads(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"the file is not a backup: it is not JSON ({exc.msg}, line {exc.lineno})"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("the file is not a backup of this dashboard (no 'format' of ours)")
    if document.get("version") != VERSION:
        raise InvalidInput(
            f"backup format version {document.get('version')!r} is not supported (only {VERSION})"
        )
    return document


def restore(session: Session, user: CurrentUser, document: dict[str, Any]) -> dict[str, int]:
    """Write a backup into an empty database migrated to the backup's schema; rows per table."""
    authorize(user, Action.MANAGE)
    here = schema_revision(session)
    if document.get("schema") != here:
        raise InvalidInput(
            f"the backup is of schema revision {document.get('schema')}, this database is at {here}: "
            "restore into a database migrated to the same revision"
        )
    busy = [
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in KEPT_BY_SCHEMA
        and session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
    ]
    if busy:
        raise InvalidInput(
            f"the database is not empty ({', '.join(busy)} hold rows): restore into an empty one"
        )
    tables = document.get("tables", {})
    unknown = sorted(set(tables) - {t.name for t in Base.metadata.sorted_tables})
    if unknown:
        raise InvalidInput(f"the backup holds tables this schema does not have: {', '.join(unknown)}")
    counts = {}
    for table in Base.metadata.sorted_tables:
        part = tables.get(table.name, {"columns": [], "rows": []})
        columns = {c.name: c for c in table.columns}
        missing = [name for name in part["columns"] if name not in columns]
        if missing:
            raise InvalidInput(
                f"table {table.name}: the backup has columns this schema lacks: {', '.join(missing)}"
            )
        rows = [
            {name: _in(columns[name], value) for name, value in zip(part["columns"], row, strict=True)}
            for row in part["rows"]
        ]
        if table.name in KEPT_BY_SCHEMA:
            for row in rows:
                session.execute(sa.update(table).where(table.c.id == row["id"]).values(**row))
        elif rows:
            session.execute(sa.insert(table), rows)
        counts[table.name] = len(rows)
    session.flush()
    _reset_sequences(session)
    audit.record(session, user, "restore", "database", document.get("created", ""), None, counts)
    return counts


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: the next id after the restored ones (explicit ids do not move a sequence)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if (
            len(keys) == 1
            and isinstance(keys[0].type, sa.Integer)
            and keys[0].autoincrement in (True, "auto")
        ):
            session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                    f"COALESCE(MAX({keys[0].name}), 1), MAX({keys[0].name}) IS NOT NULL) FROM {table.name}"
                )
            )


def _out(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _in(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    enum_class = getattr(kind, "enum_class", None)
    try:
        if enum_class is not None:
            return enum_class(value)
        if isinstance(kind, sa.DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, sa.Date):
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            f"column {column.table.name}.{column.name}: {value!r} cannot be read ({exc})"
        ) from exc
    return value
