"""The follow-up's two voices: a Member State submits its own status, the secretariat assesses.

A submission (``StatusSubmission``) counts in no figure. The secretariat validates it (it becomes the
assessed status) or contests it with a reason and the status it assesses instead; the Member State
replies; the secretariat then accepts the Member State's status or keeps its own, with a reason. A
Member State may withdraw a submission not yet reviewed; a new submission for the same pair replaces
one still waiting. Each step is a row of the thread (``ReviewStep``) and an audit entry, in the same
transaction; a step on a submission someone else moved meanwhile is refused with the conflict.

Every status written, submitted or assessed, passes the recording's rules (``recording.problems``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize, can
from dashboard.enums import REVIEW_OPEN, Review, RoundState, StatusLevel, label_of
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.monitoring.recording import (
    EVIDENCE_MAX,
    REASON_MAX,
    Ledger,
    StatusEntry,
    ledger,
    problems,
    write_assessments,
)
from dashboard.store import audit
from dashboard.store.db import bump_revision
from dashboard.store.models import Recommendation, ReviewStep, StatusSubmission
from dashboard.text import clean

COMMENT_MAX = REASON_MAX


@dataclass(frozen=True)
class Pending:
    """A submission as a step needs it."""

    id: int
    recommendation: str
    member_state: str
    status: StatusLevel
    assessed_on: dt.date
    evidence: str
    source_url: str
    state: Review

    def entry(self, status: StatusLevel | None = None, evidence: str | None = None) -> StatusEntry:
        """The assessed status this submission (or the secretariat's ``status`` instead) makes."""
        return StatusEntry(
            self.recommendation,
            self.member_state,
            status or self.status,
            self.assessed_on,
            self.evidence if evidence is None else evidence,
            self.source_url,
        )


def submit_status(
    session: Session, user: CurrentUser, entry: StatusEntry, today: dt.date | None = None
) -> int:
    """A Member State's own status, with its evidence, sent for review; returns the submission's id.

    Checked by the recording's rules (the evidence rule against the assessed status). A submission
    of the same pair still waiting is replaced by this one (the thread says so).
    """
    authorize(user, Action.RECORD_STATUS, entry.member_state)
    if entry.correction_reason.strip():
        raise InvalidInput("Not submitted: a correction of a published round is the secretariat's.")
    book = ledger(session, [entry])
    found = problems(book, entry, today or dt.date.today())
    if found:
        raise InvalidInput("Not submitted: " + "; ".join(message for _, message in found) + ".")
    return write_submissions(session, user, book, [entry])[0]


def write_submissions(
    session: Session, user: CurrentUser, book: Ledger, entries: list[StatusEntry], action: str = "submit"
) -> list[int]:
    """Add submissions ``problems`` found nothing wrong with, each with its first step and audited;
    one still waiting for the same pair is replaced (so is an earlier entry of the same pair in
    ``entries``). Checks the permission for every entry itself. A few statements, however many."""
    for state in sorted({e.member_state for e in entries}):
        authorize(user, Action.IMPORT_DATA if action == "import" else Action.RECORD_STATUS, state)
    s = StatusSubmission
    pairs = [(book.recommendations[e.recommendation].id, e.member_state) for e in entries]
    waiting = session.scalars(
        select(s.id).where(
            tuple_(s.recommendation_id, s.member_state_code).in_(sorted(set(pairs))), s.state.in_(REVIEW_OPEN)
        )
    ).all()
    for earlier in waiting:
        _move(session, user, earlier, REVIEW_OPEN, Review.REPLACED, REPLACED)
    last = {pair: i for i, pair in enumerate(pairs)}
    rows = []
    for i, (e, (rec_id, state)) in enumerate(zip(entries, pairs, strict=True)):
        found = book.round_for(e.assessed_on)
        rows.append(
            StatusSubmission(
                recommendation_id=rec_id,
                member_state_code=state,
                round_id=found.id if found else None,
                assessed_on=e.assessed_on,
                status=e.status,
                evidence=clean(e.evidence, "the evidence", EVIDENCE_MAX, multiline=True),
                source_url=e.source_url.strip() or None,
                author_id=user.user_id,
                state=Review.SUBMITTED if last[(rec_id, state)] == i else Review.REPLACED,
                illustrative=user.illustrative,
            )
        )
    session.add_all(rows)
    session.flush()
    replaced = 0
    for e, row in zip(entries, rows, strict=True):
        key = f"{e.recommendation}:{e.member_state}"
        _step(session, user, row.id, Review.SUBMITTED, "", e.status)
        new = {"submission": row.id, "status": e.status.value, "assessed_on": e.assessed_on.isoformat(),
               "evidence": row.evidence}  # fmt: skip
        audit.record(session, user, action, "status_submission", key, None, new, bump=False)
        if row.state is Review.REPLACED:  # by a later entry of the same pair
            replaced += 1
            _step(session, user, row.id, Review.REPLACED, REPLACED, None)
            gone = {"submission": row.id, "state": Review.REPLACED.value, "comment": REPLACED}
            audit.record(
                session, user, Review.REPLACED.value, "status_submission", key, None, gone, bump=False
            )
    bump_revision(session, by=len(rows) + replaced)
    return [row.id for row in rows]


REPLACED = "replaced by a later submission"


def standing(session: Session, book: Ledger, entries: list[StatusEntry]) -> set[tuple]:
    """(recommendation code, Member State, date, status, evidence) of the submissions still standing
    (not withdrawn or replaced) for the pairs of ``entries``: what a file submitted again would repeat."""
    codes = {rec.id: code for code, rec in book.recommendations.items()}
    pairs = {
        (book.recommendations[e.recommendation].id, e.member_state)
        for e in entries
        if e.recommendation in book.recommendations
    }
    if not pairs:
        return set()
    s = StatusSubmission
    rows = session.execute(
        select(s.recommendation_id, s.member_state_code, s.assessed_on, s.status, s.evidence).where(
            tuple_(s.recommendation_id, s.member_state_code).in_(sorted(pairs)),
            s.state.not_in((Review.WITHDRAWN, Review.REPLACED)),
        )
    )
    return {(codes[rec], state, on, status, evidence or "") for rec, state, on, status, evidence in rows}


def withdraw_submission(session: Session, user: CurrentUser, submission_id: int, reason: str) -> int:
    """The Member State takes back a submission the secretariat has not reviewed yet; returns its id."""
    pending = _pending(session, submission_id)
    authorize(user, Action.RECORD_STATUS, pending.member_state)
    reason = _required(reason, "the reason for withdrawing it")
    _move(session, user, pending.id, (Review.SUBMITTED,), Review.WITHDRAWN, reason)
    return pending.id


def validate(
    session: Session, user: CurrentUser, submission_id: int, comment: str = "", today: dt.date | None = None
) -> int:
    """The submission becomes the assessed status; returns the assessed row's id."""
    return _assess(session, user, submission_id, (Review.SUBMITTED,), Review.VALIDATED, comment, today)


def contest(
    session: Session,
    user: CurrentUser,
    submission_id: int,
    status: StatusLevel,
    reason: str,
    today: dt.date | None = None,
) -> int:
    """The secretariat assesses ``status`` instead, for ``reason`` (its evidence); returns its row's id."""
    authorize(user, Action.ASSESS_STATUS)
    pending = _pending(session, submission_id)
    reason = _required(reason, "the reason for contesting it")
    if status is pending.status:
        raise InvalidInput(f"Not contested: {label_of(status)} is the status submitted; validate it instead.")
    return _assess(
        session,
        user,
        submission_id,
        (Review.SUBMITTED, Review.REPLIED),
        Review.CONTESTED,
        reason,
        today,
        status,
    )


def reply(session: Session, user: CurrentUser, submission_id: int, comment: str) -> int:
    """The Member State answers a contest; the submission waits for the secretariat again. Returns its id."""
    pending = _pending(session, submission_id)
    authorize(user, Action.RECORD_STATUS, pending.member_state)
    comment = _required(comment, "your reply")
    _move(session, user, pending.id, (Review.CONTESTED,), Review.REPLIED, comment)
    return pending.id


def accept(
    session: Session, user: CurrentUser, submission_id: int, comment: str = "", today: dt.date | None = None
) -> int:
    """After a reply (or on second thoughts), the Member State's status becomes the assessed one."""
    states = (Review.CONTESTED, Review.REPLIED)
    return _assess(session, user, submission_id, states, Review.ACCEPTED, comment, today)


def keep(session: Session, user: CurrentUser, submission_id: int, reason: str) -> int:
    """After the reply, the secretariat keeps the status it assessed, for ``reason``; returns the id."""
    authorize(user, Action.ASSESS_STATUS)
    reason = _required(reason, "the reason for keeping the assessment")
    _move(session, user, submission_id, (Review.REPLIED,), Review.KEPT, reason)
    return submission_id


def _assess(
    session: Session,
    user: CurrentUser,
    submission_id: int,
    allowed: tuple[Review, ...],
    to: Review,
    comment: str,
    today: dt.date | None,
    status: StatusLevel | None = None,
) -> int:
    """Record the assessed status the step makes (checked by the recording's rules) and move on."""
    authorize(user, Action.ASSESS_STATUS)
    pending = _pending(session, submission_id)
    try:
        comment = clean(comment, "the comment", COMMENT_MAX, multiline=True)
    except InvalidInput as exc:
        raise InvalidInput(f"Nothing was saved: {exc}.") from None
    _check_state(pending, allowed, to)
    entry = pending.entry(status, comment if status is not None else None)
    book = ledger(session, [entry])
    published = book.round_for(entry.assessed_on)
    if published is not None and published.state is RoundState.PUBLISHED:  # the comment is its reason
        entry = dataclasses.replace(entry, correction_reason=comment)
    found = problems(book, entry, today or dt.date.today(), may_correct=can(user, Action.MANAGE))
    if found:
        raise InvalidInput(f"Not {to.value}: " + "; ".join(message for _, message in found) + ".")
    assessed = write_assessments(session, user, book, [entry], action=to.value)[0]
    _move(session, user, pending.id, allowed, to, comment, status, assessed)
    return assessed


def _pending(session: Session, submission_id: int) -> Pending:
    s = StatusSubmission
    row = session.execute(
        select(
            s.id,
            Recommendation.code,
            s.member_state_code,
            s.status,
            s.assessed_on,
            s.evidence,
            s.source_url,
            s.state,
        )
        .join(Recommendation, Recommendation.id == s.recommendation_id)
        .where(s.id == submission_id)
    ).first()
    if row is None:
        raise InvalidInput(
            f"There is no submission {submission_id}: it may have been removed; reload the page."
        )
    return Pending(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6] or "", row[7])


def _check_state(pending: Pending, allowed: tuple[Review, ...], to: Review) -> None:
    if pending.state not in allowed:
        raise ConcurrentEdit(
            f"This submission is {label_of(pending.state).lower()} now, so it cannot be "
            f"{to.value}: someone acted on it meanwhile. Reload to see its thread."
        )


def _move(
    session: Session,
    user: CurrentUser,
    submission_id: int,
    allowed: tuple[Review, ...],
    to: Review,
    comment: str,
    status: StatusLevel | None = None,
    assessed: int | None = None,
) -> None:
    """Move the submission from one of ``allowed`` to ``to`` in one conditional statement (so that of
    two people acting at once, one is refused), add the step to its thread, audit it."""
    s = StatusSubmission
    values = {"state": to} | ({"assessment_id": assessed} if assessed is not None else {})
    moved = session.execute(
        update(s)
        .where(s.id == submission_id, s.state.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        _check_state(_pending(session, submission_id), allowed, to)
        raise ConcurrentEdit("Someone acted on this submission meanwhile; reload to see its thread.")
    _step(session, user, submission_id, to, comment, status)
    pending = _pending(session, submission_id)
    new = {"submission": submission_id, "state": to.value, "comment": comment}
    new |= {"status": status.value} if status else {}
    key = f"{pending.recommendation}:{pending.member_state}"
    audit.record(session, user, to.value, "status_submission", key, None, new)


def _step(
    session: Session,
    user: CurrentUser,
    submission_id: int,
    step: Review,
    comment: str,
    status: StatusLevel | None,
) -> None:
    session.add(
        ReviewStep(
            submission_id=submission_id,
            step=step,
            author_id=user.user_id,
            comment=comment,
            status=status,
            illustrative=user.illustrative,
        )
    )


def _required(text: str, what: str) -> str:
    """The text, cleaned; a sentence saying what is missing or wrong otherwise."""
    try:
        return clean(text, what, COMMENT_MAX, required=True, multiline=True)
    except InvalidInput as exc:
        message = str(exc)
        raise InvalidInput(f"Nothing was saved: {message}.") from None
