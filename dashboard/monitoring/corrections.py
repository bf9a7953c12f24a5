"""Withdrawing or correcting an assessed status, with a reason; the history keeps both.

A withdrawn status stays in the history (who withdrew it, when, why) and counts nowhere from then
on: the pair's status is again the one before it. A correction withdraws the status it corrects and
records the right one in its place, marked as a correction of it with the reason. Rounds keep their
rules: nothing dated inside a closed round changes; inside a published round a withdrawal or a
correction is the secretariat's and shows in the live view only (what was published stays put).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import RoundState, StatusLevel
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.monitoring.recording import REASON_MAX, StatusEntry, ledger, problems, write_assessments
from dashboard.monitoring.rounds import all_rounds, covering
from dashboard.store import audit
from dashboard.store.models import ImplementationAssessment, Recommendation
from dashboard.text import clean


@dataclass(frozen=True)
class Assessed:
    id: int
    recommendation: str
    member_state: str
    assessed_on: dt.date
    status: StatusLevel
    withdrawn: bool


def withdraw_status(
    session: Session, user: CurrentUser, assessment_id: int, reason: str, now: dt.datetime | None = None
) -> int:
    """Withdraw an assessed status for ``reason``: kept in the history, counted nowhere. Returns its id."""
    authorize(user, Action.ASSESS_STATUS)
    row = _assessed(session, assessment_id)
    reason = _reason(reason, "Not withdrawn")
    _check_round(session, row, "withdrawn")
    _withdraw(session, user, row, f"Withdrawn by {user.name}: {reason}", now)
    return row.id


def correct_status(
    session: Session,
    user: CurrentUser,
    assessment_id: int,
    status: StatusLevel,
    evidence: str,
    reason: str,
    source_url: str = "",
    today: dt.date | None = None,
) -> int:
    """Put the right status in place of an assessed one (same date), for ``reason``; returns the new
    row's id. The corrected row is withdrawn, and the new one says what it corrects and why."""
    authorize(user, Action.ASSESS_STATUS)
    row = _assessed(session, assessment_id)
    reason = _reason(reason, "Not corrected")
    _check_round(session, row, "corrected")
    entry = StatusEntry(
        row.recommendation, row.member_state, status, row.assessed_on, evidence, source_url, reason, row.id
    )
    _withdraw(session, user, row, f"Corrected by {user.name}: {reason}", None)
    session.flush()
    book = ledger(session, [entry])  # read after the withdrawal: the evidence rule sees the status before
    found = problems(book, entry, today or dt.date.today(), may_correct=True)
    if found:
        raise InvalidInput("Not corrected: " + "; ".join(message for _, message in found) + ".")
    return write_assessments(session, user, book, [entry], action="correct")[0]


def _assessed(session: Session, assessment_id: int) -> Assessed:
    a = ImplementationAssessment
    found = session.execute(
        select(a.id, Recommendation.code, a.member_state_code, a.assessed_on, a.status, a.withdrawn_at)
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .where(a.id == assessment_id)
    ).first()
    if found is None:
        raise InvalidInput(f"There is no assessed status {assessment_id}; reload the page.")
    return Assessed(found[0], found[1], found[2], found[3], found[4], found[5] is not None)


def _reason(reason: str, refused: str) -> str:
    try:
        return clean(reason, "the reason", REASON_MAX, required=True, multiline=True)
    except InvalidInput as exc:
        raise InvalidInput(f"{refused}: {exc}.") from None


def _check_round(session: Session, row: Assessed, done: str) -> None:
    if row.withdrawn:
        raise ConcurrentEdit(f"This status was withdrawn already, so it cannot be {done}; reload the page.")
    found = covering(all_rounds(session), row.assessed_on)
    if found is not None and found.state is RoundState.CLOSED:
        raise InvalidInput(
            f"Not {done}: the round '{found.name}' is closed; nothing {found.period} changes until it is "
            "opened again."
        )


def _withdraw(
    session: Session, user: CurrentUser, row: Assessed, words: str, now: dt.datetime | None
) -> None:
    a = ImplementationAssessment
    when = now or dt.datetime.now(dt.UTC)
    moved = session.execute(
        update(a)
        .where(a.id == row.id, a.withdrawn_at.is_(None))
        .values(withdrawn_at=when, withdrawal=f"{words} ({when:%d %b %Y})")
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise ConcurrentEdit("Someone withdrew or corrected this status meanwhile; reload the page.")
    key = f"{row.recommendation}:{row.member_state}#{row.id}"
    old = {"status": row.status.value, "assessed_on": row.assessed_on.isoformat()}
    audit.record(session, user, "withdraw", "implementation_assessment", key, old, {"withdrawal": words})
