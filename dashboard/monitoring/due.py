"""What is due in the open assessment round: for a Member State, the recommendations addressed to it
with no status dated inside the round yet (submitted or assessed), those overdue (deadline passed,
not fully implemented) and the statuses the secretariat contested, waiting for the Member State's
reply; for the secretariat, the same per Member State with where the submissions stand, and a
reminder list to send.

A round is due by its reference date. Recommendations addressed to the Commission or an agency only
are the EU level's (EU-level actions), never a Member State's to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Addressee, Review, Role, RoundState, StatusLevel, label_of
from dashboard.errors import InvalidInput
from dashboard.monitoring import queries
from dashboard.monitoring.rounds import Round, all_rounds
from dashboard.store.models import (
    ImplementationAssessment,
    MemberState,
    Recommendation,
    StatusSubmission,
    User,
)
from dashboard.store.provenance import Provenance, provenance

FOR_MEMBER_STATES = (Addressee.MEMBER_STATES, Addressee.BOTH)
DONE = (StatusLevel.FULL, StatusLevel.NOT_APPLICABLE)


def open_round(session: Session) -> Round | None:
    """The round statuses are being recorded for now: the latest open one."""
    return next((r for r in reversed(all_rounds(session)) if r.state is RoundState.OPEN), None)


@dataclass(frozen=True)
class Due:
    round: Round | None
    member_state: str
    items: pd.DataFrame  # Recommendation, Title, Why, Deadline, Current status

    @property
    def missing(self) -> int:
        return int(self.items["Why"].str.startswith("No status").sum()) if len(self.items) else 0

    @property
    def overdue(self) -> int:
        return int(self.items["Why"].str.contains("overdue").sum()) if len(self.items) else 0

    @property
    def contested(self) -> int:
        """Statuses the secretariat contested, waiting for the Member State's reply."""
        return int(self.items["Why"].str.contains(CONTESTED).sum()) if len(self.items) else 0


CONTESTED = "contested by the secretariat: reply"
STANDING = [r for r in Review if r not in (Review.WITHDRAWN, Review.REPLACED)]


def due_for(session: Session, user: CurrentUser, member_state: str, today: dt.date | None = None) -> Due:
    """What ``member_state`` has to do: an official for their own state, the secretariat for any."""
    authorize(user, Action.RECORD_STATUS, member_state)  # who records a state's statuses sees what is due
    today = today or dt.date.today()
    names = queries.lookups(session).states
    if member_state not in names:
        raise InvalidInput(f"unknown Member State '{str(member_state)[:20]}'")
    current = open_round(session)
    facts = _facts(session, current, today, member_state)
    return Due(current, member_state, _items(facts, member_state, current, today)[0])


def _applicable(session: Session, on: dt.date) -> list[tuple[int, str, str, dt.date | None]]:
    return session.execute(
        select(Recommendation.id, Recommendation.code, Recommendation.title, Recommendation.deadline)
        .where(
            Recommendation.addressee.in_(FOR_MEMBER_STATES),
            Recommendation.issued_on <= on,
            (Recommendation.retired_on.is_(None)) | (Recommendation.retired_on > on),
        )
        .order_by(Recommendation.area_id, Recommendation.code)
    ).all()


@dataclass(frozen=True)
class _Facts:
    """What the to-do lists are made of, read once for one Member State or for all."""

    latest: dict[tuple[str, str], StatusLevel]  # (Member State, recommendation) -> latest status
    in_round: set[tuple[str, str]]  # pairs with a status or a standing submission in the open round
    contested: set[tuple[str, str]]  # pairs whose status the secretariat contested, awaiting a reply
    applicable: list[tuple[int, str, str, dt.date | None]]  # recommendations for Member States


def _facts(
    session: Session, current: Round | None, today: dt.date, member_state: str | None = None
) -> _Facts:
    """Four queries whatever the number of Member States (``member_state``: that one only)."""
    latest = queries.latest_statuses(session, today, member_state=member_state, evidence=False)
    pairs = zip(latest["member_state"], latest["recommendation"], latest["status"], strict=True)
    a, sub = ImplementationAssessment, StatusSubmission
    in_round: set[tuple[str, str]] = set()
    if current is not None:
        dated = (
            select(a.member_state_code, Recommendation.code)
            .join(a, a.recommendation_id == Recommendation.id)
            .where(a.assessed_on <= current.reference_date, a.withdrawn_at.is_(None))
        )
        if current.starts_after is not None:
            dated = dated.where(a.assessed_on > current.starts_after)
        submitted = (
            select(sub.member_state_code, Recommendation.code)
            .join(sub, sub.recommendation_id == Recommendation.id)
            .where(sub.round_id == current.id, sub.state.in_(STANDING))
        )
        if member_state is not None:
            dated = dated.where(a.member_state_code == member_state)
            submitted = submitted.where(sub.member_state_code == member_state)
        in_round = {tuple(r) for r in session.execute(dated)} | {tuple(r) for r in session.execute(submitted)}
    contested = (
        select(sub.member_state_code, Recommendation.code)
        .join(sub, sub.recommendation_id == Recommendation.id)
        .where(sub.state == Review.CONTESTED)
    )
    if member_state is not None:
        contested = contested.where(sub.member_state_code == member_state)
    return _Facts(
        {(state, code): status for state, code, status in pairs},
        in_round,
        {tuple(r) for r in session.execute(contested)},
        _applicable(session, today),
    )


def _items(
    facts: _Facts, member_state: str, current: Round | None, today: dt.date
) -> tuple[pd.DataFrame, int]:
    """The items due from ``member_state``, and how many recommendations apply to it at all (those
    whose latest status is "Not applicable" left out)."""
    rows, applies = [], 0
    for _, code, title, deadline in facts.applicable:
        status = facts.latest.get((member_state, code), StatusLevel.NOT_ASSESSED)
        if status is StatusLevel.NOT_APPLICABLE:
            continue
        applies += 1
        why = []
        if current is not None and (member_state, code) not in facts.in_round:
            why.append(f"No status this round yet ('{current.name}')")
        if deadline is not None and deadline < today and status not in DONE:
            why.append(f"overdue since {deadline:%d %b %Y}")
        if (member_state, code) in facts.contested:
            why.append(CONTESTED)
        if why:
            rows.append((code, title, "; ".join(why), deadline, label_of(status)))
    return pd.DataFrame(
        rows, columns=["Recommendation", "Title", "Why", "Deadline", "Current status"]
    ), applies


def due_by_state(session: Session, user: CurrentUser, today: dt.date | None = None) -> pd.DataFrame:
    """The secretariat's view: per Member State of the open round's date, how many recommendations
    have a status this round, how many are missing and how many are overdue, and who to remind."""
    authorize(user, Action.MANAGE)
    today = today or dt.date.today()
    current = open_round(session)
    on = current.reference_date if current else today
    officials = _officials(session)
    reviews = _reviews(session, current)
    facts = _facts(session, current, today)
    rows = []
    for code, name in session.execute(
        select(MemberState.code, MemberState.name)
        .where(MemberState.code.in_(queries.member_states_on(session, min(on, today))))
        .order_by(MemberState.protocol_order)
    ):
        items, applies = _items(facts, code, current, today)
        found = Due(current, code, items)
        counted = reviews.get(code, {})
        rows.append(
            (
                code,
                name,
                *(
                    sum(counted.get(r, 0) for r in group) if current else None
                    for group in REVIEW_COUNTS.values()
                ),
                applies - found.missing if current else None,
                found.missing if current else None,
                found.overdue,
                ", ".join(officials.get(code, [])) or "no official registered",
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Code",
            "Member State",
            *REVIEW_COUNTS,
            "Recorded this round",
            "Missing",
            "Overdue",
            "Officials",
        ],
    )


# The secretariat's counts of the round's submissions per Member State: column -> review states.
REVIEW_COUNTS = {
    "Submitted": tuple(STANDING),
    "Waiting for review": (Review.SUBMITTED, Review.REPLIED),
    "Validated": (Review.VALIDATED, Review.ACCEPTED),
    "Contested": (Review.CONTESTED, Review.REPLIED, Review.KEPT),
}


def _reviews(session: Session, current: Round | None) -> dict[str, dict[Review, int]]:
    """Per Member State, how many of the round's submissions are in each review state (one query)."""
    if current is None:
        return {}
    found: dict[str, dict[Review, int]] = {}
    s = StatusSubmission
    for state, review, count in session.execute(
        select(s.member_state_code, s.state, func.count())
        .where(s.round_id == current.id)
        .group_by(s.member_state_code, s.state)
    ):
        found.setdefault(state, {})[review] = count
    return found


def reminders(session: Session, user: CurrentUser, today: dt.date | None = None) -> pd.DataFrame:
    """One row per Member State and recommendation due: who to write to, what, by when."""
    authorize(user, Action.MANAGE)
    today = today or dt.date.today()
    current = open_round(session)
    officials = _officials(session)
    facts = _facts(session, current, today)
    rows = []
    for code in queries.member_states_on(session, today):
        for item in _items(facts, code, current, today)[0].itertuples(index=False):
            rows.append(
                (
                    code,
                    "; ".join(officials.get(code, [])) or "no official registered",
                    item.Recommendation,
                    item.Title,
                    item.Why,
                    current.reference_date if current else None,
                    item.Deadline,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "Member State",
            "Write to",
            "Recommendation",
            "Title",
            "What is due",
            "Round ends",
            "Deadline",
        ],
    )


def _officials(session: Session) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for state, email in session.execute(
        select(User.member_state_code, User.email)
        .where(User.role == Role.MS_OFFICIAL, User.active)
        .order_by(User.email)
    ):
        found.setdefault(state, []).append(email)
    return found


@dataclass(frozen=True)
class ReminderReport:
    provenance: Provenance
    round: Round | None
    rows: pd.DataFrame  # reminders()


def reminder_report(session: Session, user: CurrentUser) -> ReminderReport:
    """What the reminder workbook says: every Member State's due items, who to write to, by when."""
    table = reminders(session, user)
    return ReminderReport(provenance(session, f"{user.name} ({user.role_label})"), open_round(session), table)


def reminder_file_name(day: dt.date) -> str:
    return f"reminders-{day:%Y-%m-%d}.xlsx"
