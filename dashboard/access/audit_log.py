"""Reading the audit log (administrators): filtered by who, action, entity and date, page by page,
and the filtered view as a report for a workbook."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.store.models import AuditEntry
from dashboard.store.provenance import Provenance, provenance

COLUMNS = ["When (UTC)", "Who", "Action", "What", "Key", "Old", "New"]
PAGE_SIZE = 100
EXPORT_LIMIT = 100_000  # entries in one workbook; a larger view asks for a narrower filter


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""  # an actor (e-mail, or "cli", "seed")
    action: str = ""
    entity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive

    def describe(self) -> str:
        parts = [
            f"by {self.who}" if self.who else "",
            f"action {self.action}" if self.action else "",
            f"on {self.entity}" if self.entity else "",
            f"from {self.since:%d %b %Y}" if self.since else "",
            f"until {self.until:%d %b %Y}" if self.until else "",
        ]
        return ", ".join(p for p in parts if p) or "every entry"


@dataclass(frozen=True)
class AuditPage:
    rows: pd.DataFrame  # COLUMNS, newest first
    total: int  # entries matching the filter
    page: int  # 1-based
    pages: int

    def describe(self, wanted: AuditFilter) -> str:
        """'1,234 entries (by cli), newest first; page 2 of 13.'"""
        entries = "1 entry" if self.total == 1 else f"{self.total:,} entries"
        return f"{entries} ({wanted.describe()}), newest first; page {self.page} of {self.pages}."


@dataclass(frozen=True)
class AuditReport:
    provenance: Provenance
    filter: str  # the filter in words
    rows: pd.DataFrame  # COLUMNS, newest first
    total: int


def choices(session: Session, user: CurrentUser) -> dict[str, list[str]]:
    """The actors, actions and entities the log holds, for the filter's lists."""
    authorize(user, Action.READ_AUDIT)
    return {
        column: sorted(v for v in session.scalars(select(getattr(AuditEntry, column)).distinct()) if v)
        for column in ("actor", "action", "entity")
    }


def audit_page(
    session: Session, user: CurrentUser, wanted: AuditFilter, page: int = 1, size: int = PAGE_SIZE
) -> AuditPage:
    """One page of the entries matching ``wanted``, newest first."""
    authorize(user, Action.READ_AUDIT)
    conditions = _conditions(wanted)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = session.execute(_query(conditions).offset((page - 1) * size).limit(size)).all()
    return AuditPage(pd.DataFrame(rows, columns=COLUMNS), total, page, pages)


def audit_report(
    session: Session, user: CurrentUser, wanted: AuditFilter, now: dt.datetime | None = None
) -> AuditReport:
    """The entries matching ``wanted`` (at most EXPORT_LIMIT, newest first), for the workbook."""
    authorize(user, Action.READ_AUDIT)
    conditions = _conditions(wanted)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    rows = session.execute(_query(conditions).limit(EXPORT_LIMIT)).all()
    made = provenance(session, f"{user.name} ({user.role_label})", now)
    return AuditReport(made, wanted.describe(), pd.DataFrame(rows, columns=COLUMNS), total)


def _conditions(wanted: AuditFilter) -> list:
    a, found = AuditEntry, []
    if wanted.who:
        found.append(a.actor == wanted.who)
    if wanted.action:
        found.append(a.action == wanted.action)
    if wanted.entity:
        found.append(a.entity == wanted.entity)
    if wanted.since:
        found.append(a.at >= dt.datetime.combine(wanted.since, dt.time(), dt.UTC))
    if wanted.until:
        found.append(a.at < dt.datetime.combine(wanted.until + dt.timedelta(days=1), dt.time(), dt.UTC))
    return found


def _query(conditions: list):
    a = AuditEntry
    return (
        select(a.at, a.actor, a.action, a.entity, a.entity_key, a.old_value, a.new_value)
        .where(*conditions)
        .order_by(a.id.desc())
    )


def file_name(now: dt.datetime) -> str:
    return f"audit-log-{now:%Y-%m-%dT%H%MZ}.xlsx"


def history_of(session: Session, user: CurrentUser, entity: str, key: str) -> pd.DataFrame:
    """Every change of one thing (a recommendation, an option…): when, who, what changed, oldest first."""
    authorize(user, Action.READ_AUDIT)
    a = AuditEntry
    rows = session.execute(
        select(a.at, a.actor, a.action, a.old_value, a.new_value)
        .where(a.entity == entity, a.entity_key == key)
        .order_by(a.id)
    ).all()
    return pd.DataFrame(
        [(at, actor, action, changes(old, new)) for at, actor, action, old, new in rows],
        columns=["When (UTC)", "Who", "Action", "What changed"],
    )


def changes(old: str | None, new: str | None) -> str:
    """'title: "A" → "B"; deadline: 2025-12-31 → 2026-06-30' from an entry's old and new values."""
    before, after = _json(old), _json(new)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return f"{_short(before)} → {_short(after)}" if before is not None else _short(after)
    return (
        "; ".join(
            f"{field}: {_short(before.get(field))} → {_short(after.get(field))}"
            for field in after
            if before.get(field) != after.get(field)
        )
        or "no change"
    )


def _json(value: str | None):
    try:
        return json.loads(value) if value else None
    except ValueError:
        return value


def _short(value, limit: int = 80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
