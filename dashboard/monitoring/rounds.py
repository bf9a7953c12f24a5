"""Assessment rounds and their life cycle: open -> closed -> published.

A round covers the statuses dated after the previous round's reference date, up to its own. Open:
statuses dated inside it may be recorded. Closed: no new status may be dated inside it (it can be
opened again). Published: its figures are frozen for good: the statuses as of its reference date,
with their evidence, the EU-level statuses and the register are stored as they are at publication,
and every page and workbook "as published" reads them; a status dated inside it recorded later is a
correction, which counts only in the live view.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import RoundState, label_of
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.monitoring import queries
from dashboard.store import audit
from dashboard.store.db import current_revision
from dashboard.store.models import AssessmentRound, RoundSnapshot
from dashboard.store.provenance import holds_illustrative_data
from dashboard.text import clean

NAME_MAX = 80


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    reference_date: dt.date
    starts_after: dt.date | None  # the previous round's reference date (None for the first)
    state: RoundState
    published_at: dt.datetime | None

    def covers(self, on: dt.date) -> bool:
        return (self.starts_after is None or on > self.starts_after) and on <= self.reference_date

    @property
    def period(self) -> str:
        """'dated after 30 Jun 2023 up to 30 Jun 2025'."""
        after = f"after {self.starts_after:%d %b %Y} " if self.starts_after else ""
        return f"dated {after}up to {self.reference_date:%d %b %Y}"


def all_rounds(session: Session) -> list[Round]:
    """Every round, oldest first, with the period it covers."""
    rows = session.execute(
        select(
            AssessmentRound.id,
            AssessmentRound.name,
            AssessmentRound.reference_date,
            AssessmentRound.state,
            AssessmentRound.published_at,
        ).order_by(AssessmentRound.reference_date)
    ).all()
    found, before = [], None
    for round_id, name, on, state, published_at in rows:
        found.append(Round(round_id, name, on, before, state, published_at))
        before = on
    return found


def covering(rounds: list[Round], on: dt.date) -> Round | None:
    """The round a status dated ``on`` belongs to (None after the last round's reference date)."""
    return next((r for r in rounds if r.covers(on)), None)


def rounds_table(session: Session) -> pd.DataFrame:
    """The rounds for display: name, period, state, when published."""
    rows = [
        (r.id, r.name, r.starts_after, r.reference_date, label_of(r.state), r.published_at)
        for r in all_rounds(session)
    ]
    return pd.DataFrame(rows, columns=["id", "Round", "After", "Reference date", "State", "Published"])


def published_rounds(session: Session) -> list[Round]:
    return [r for r in all_rounds(session) if r.state is RoundState.PUBLISHED]


def published_choices(session: Session) -> dict[int, str]:
    """Published rounds to show figures of, newest first: id -> name."""
    return {r.id: r.name for r in reversed(published_rounds(session))}


def add_round(session: Session, user: CurrentUser, name: str, reference_date: dt.date) -> int:
    """Open a new round ending on ``reference_date`` (after every existing round's)."""
    authorize(user, Action.MANAGE)
    name = clean(name, "the round's name", NAME_MAX, required=True)
    rounds = all_rounds(session)
    if any(r.name == name for r in rounds):
        raise InvalidInput(f"a round named '{name}' already exists")
    if rounds and reference_date <= rounds[-1].reference_date:
        last = rounds[-1]
        raise InvalidInput(
            f"a new round must end after the last one ({last.name}, {last.reference_date:%d %b %Y})"
        )
    row = AssessmentRound(
        name=name, reference_date=reference_date, state=RoundState.OPEN, illustrative=user.illustrative
    )
    session.add(row)
    session.flush()
    audit.record(
        session, user, "add", "assessment_round", name, None, {"reference_date": reference_date.isoformat()}
    )
    return row.id


def close_round(session: Session, user: CurrentUser, name: str) -> RoundState:
    """Close an open round: no new status may be dated inside it."""
    return _move(session, user, name, RoundState.OPEN, RoundState.CLOSED)


def reopen_round(session: Session, user: CurrentUser, name: str) -> RoundState:
    """Open a closed (not published) round again."""
    return _move(session, user, name, RoundState.CLOSED, RoundState.OPEN)


def publish_round(session: Session, user: CurrentUser, name: str) -> RoundState:
    """Publish a closed round: its statuses with their evidence and the register are stored as they
    are now, and its figures never change again. Earlier rounds must be published first."""
    authorize(user, Action.MANAGE)
    rounds = all_rounds(session)
    target = _find(rounds, name)
    unpublished = [
        r.name
        for r in rounds
        if r.reference_date < target.reference_date and r.state is not RoundState.PUBLISHED
    ]
    if unpublished:
        raise InvalidInput(f"publish the earlier rounds first ({', '.join(unpublished)})")
    state = _move(session, user, name, RoundState.CLOSED, RoundState.PUBLISHED)
    snapshot(session, target.id)
    return state


def snapshot(session: Session, round_id: int, now: dt.datetime | None = None) -> None:
    """Store a round's statuses (with evidence) and the register as they are, and stamp it published."""
    row = session.get(AssessmentRound, round_id)
    latest = queries.latest_statuses(session, row.reference_date)
    session.add_all(
        RoundSnapshot(
            round_id=round_id,
            recommendation=r.recommendation,
            member_state_code=r.member_state,
            status=r.status,
            assessed_on=r.assessed_on,
            evidence=r.evidence if isinstance(r.evidence, str) else "",
            source_url=r.source if isinstance(r.source, str) else None,
            recorded_by=r.by if isinstance(r.by, str) else None,
        )
        for r in latest.itertuples(index=False)
    )
    from dashboard.monitoring.eu_actions import eu_statuses  # (it checks statuses with the recording)

    register, eu_level = queries.register(session), eu_statuses(session, row.reference_date)
    row.published_register = json.dumps(
        {
            "register": register.astype(object).where(register.notna(), None).to_dict("records"),
            "illustrative": holds_illustrative_data(session),
            "eu_level": eu_level.astype(object).where(eu_level.notna(), None).to_dict("records"),
        },
        default=_plain,
        ensure_ascii=False,
    )
    row.published_at = now or dt.datetime.now(dt.UTC)
    row.published_revision = current_revision(session) + 1  # the revision this write makes
    session.flush()


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return getattr(value, "value", str(value))


def _move(
    session: Session, user: CurrentUser, name: str, before: RoundState, after: RoundState
) -> RoundState:
    authorize(user, Action.MANAGE)
    found = _find(all_rounds(session), name)
    if found.state is not before:
        now, wanted, then = (label_of(s).lower() for s in (found.state, before, after))
        raise InvalidInput(f"the round '{found.name}' is {now}; only a round that is {wanted} can be {then}")
    values = {"state": after} | ({"closed_at": dt.datetime.now(dt.UTC)} if after is RoundState.CLOSED else {})
    moved = session.execute(
        update(AssessmentRound)
        .where(AssessmentRound.id == found.id, AssessmentRound.state == before)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    if moved.rowcount != 1:  # someone else moved it since it was read
        raise ConcurrentEdit(f"the round '{found.name}' was changed by someone else meanwhile; look again")
    audit.record(
        session,
        user,
        after.value,
        "assessment_round",
        found.name,
        {"state": before.value},
        {"state": after.value},
    )
    return after


def _find(rounds: list[Round], name: str) -> Round:
    found = next((r for r in rounds if r.name == name.strip()), None)
    if found is None:
        known = ", ".join(r.name for r in rounds) or "none yet"
        raise InvalidInput(f"no round named '{name}' (rounds: {known})")
    return found
