"""The audit log: every write records who, when, what, old -> new, in the writer's transaction."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.store.db import bump_revision
from dashboard.store.models import AuditEntry


class Actor(Protocol):
    """Whoever writes: a signed-in user (``access.auth.CurrentUser``) or the command line."""

    user_id: int | None
    email: str


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def record(
    session: Session,
    actor: Actor | str | None,
    action: str,
    entity: str,
    key: str,
    old: Any,
    new: Any,
    bump: bool = True,
) -> None:
    """Add one audit entry and bump the data revision; ``actor`` None or a name means the system.

    ``bump=False`` for writes no figure depends on (a sign-in): every cached read is keyed on the
    revision, so bumping it for them would make every replica recompute everything.
    """
    if actor is None or isinstance(actor, str):
        user_id, name = None, actor or "system"
    else:
        user_id, name = actor.user_id, actor.email
    session.add(
        AuditEntry(
            at=dt.datetime.now(dt.UTC),
            user_id=user_id,
            actor=name,
            action=action,
            entity=entity,
            entity_key=key,
            old_value=_json(old),
            new_value=_json(new),
        )
    )
    if bump:
        bump_revision(session)


def latest(session: Session, entity: str, key: str) -> tuple[str, dt.datetime] | None:
    """Who last changed ``entity`` ``key`` and when, from the log; None if nobody has."""
    row = session.execute(
        select(AuditEntry.actor, AuditEntry.at)
        .where(AuditEntry.entity == entity, AuditEntry.entity_key == key)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
