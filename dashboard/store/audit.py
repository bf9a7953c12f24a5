"""The audit log: every write records who, when, what, old -> new, in the writer's transaction."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

import pandas as pd
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


def recent_entries(session: Session, limit: int = 500) -> pd.DataFrame:
    """The newest audit entries first, as a table for display."""
    rows = session.execute(
        select(
            AuditEntry.at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.entity,
            AuditEntry.entity_key,
            AuditEntry.old_value,
            AuditEntry.new_value,
        )
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    ).all()
    columns = ["When (UTC)", "Who", "Action", "What", "Key", "Old", "New"]
    return pd.DataFrame(rows, columns=columns)
