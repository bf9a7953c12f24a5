"""What the two voices look like: submissions and their review state, a pair's thread, and a Member
State's own statuses beside the assessed ones.

Anyone signed in sees a reviewed submission and its thread (the evidence behind an assessed status
is public to the dashboard's readers); one still waiting for its first review is seen only by its
Member State's officials and the secretariat.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard.access.auth import Action, CurrentUser, authorize, can
from dashboard.enums import REVIEW_OPEN, Review, StatusLevel, label_of
from dashboard.store.models import AssessmentRound, Recommendation, ReviewStep, StatusSubmission, User

SUBMISSION_COLUMNS = [
    "id", "recommendation", "title", "member_state", "round", "assessed_on", "status", "evidence", "source",
    "state", "submitted_at", "by",
]  # fmt: skip
THREAD_COLUMNS = ["submission", "at", "by", "step", "status", "comment"]
SHOWN = tuple(s for s in Review if s not in (Review.WITHDRAWN, Review.REPLACED))


def submissions(
    session: Session,
    user: CurrentUser,
    member_state: str | None = None,
    states: tuple[Review, ...] | None = None,
    recommendation: str | None = None,
) -> pd.DataFrame:
    """Submissions, newest first (``SUBMISSION_COLUMNS``; ``status`` and ``state`` as enum members),
    of one Member State or all, in the given review states or any; what ``user`` may see."""
    authorize(user, Action.VIEW)
    s = StatusSubmission
    query = (
        select(
            s.id,
            Recommendation.code,
            Recommendation.title,
            s.member_state_code,
            AssessmentRound.name,
            s.assessed_on,
            s.status,
            s.evidence,
            s.source_url,
            s.state,
            s.submitted_at,
            User.name,
        )
        .join(Recommendation, Recommendation.id == s.recommendation_id)
        .outerjoin(AssessmentRound, AssessmentRound.id == s.round_id)
        .outerjoin(User, User.id == s.author_id)
        .order_by(s.submitted_at.desc(), s.id.desc())
    )
    if member_state is not None:
        query = query.where(s.member_state_code == member_state)
    if states is not None:
        query = query.where(s.state.in_(states))
    if recommendation is not None:
        query = query.where(Recommendation.code == recommendation)
    if not can(user, Action.ASSESS_STATUS):  # waiting for review: its Member State's officials only
        own = user.member_state if can(user, Action.RECORD_STATUS, user.member_state) else None
        query = query.where((s.state != Review.SUBMITTED) | (s.member_state_code == own))
    return pd.DataFrame(session.execute(query).all(), columns=SUBMISSION_COLUMNS)


def own_statuses(session: Session, user: CurrentUser, member_state: str) -> pd.DataFrame:
    """The Member State's own view: per recommendation its latest submission still standing (not
    withdrawn or replaced), with where it stands; ``submissions`` columns, one row per recommendation."""
    found = submissions(session, user, member_state, tuple(SHOWN))
    return found.drop_duplicates("recommendation").reset_index(drop=True)


def thread(session: Session, user: CurrentUser, recommendation: str, member_state: str) -> pd.DataFrame:
    """Every step of every submission of one pair, oldest first (``THREAD_COLUMNS``), as ``user`` may
    see it: who did what when, the status it concerned and the comment."""
    shown = submissions(session, user, member_state, recommendation=recommendation)
    if shown.empty:
        return pd.DataFrame(columns=THREAD_COLUMNS)
    return _steps(session, shown["id"].tolist())


def _steps(session: Session, submission_ids: list[int]) -> pd.DataFrame:
    """Every step of these submissions, oldest first (``THREAD_COLUMNS``)."""
    author = aliased(User)
    rows = session.execute(
        select(
            ReviewStep.submission_id,
            ReviewStep.at,
            author.name,
            ReviewStep.step,
            ReviewStep.status,
            ReviewStep.comment,
        )
        .outerjoin(author, author.id == ReviewStep.author_id)
        .where(ReviewStep.submission_id.in_(submission_ids))
        .order_by(ReviewStep.id)
    ).all()
    return pd.DataFrame(rows, columns=THREAD_COLUMNS)


def thread_table(steps: pd.DataFrame) -> pd.DataFrame:
    """A thread for display: When, Who, What, Status, Comment."""
    return pd.DataFrame(
        {
            "When": steps["at"],
            "Who": steps["by"].fillna("—"),
            "What": steps["step"].map(_step_words),
            "Status": steps["status"].map(lambda s: label_of(s) if isinstance(s, StatusLevel) else ""),
            "Comment": steps["comment"],
        }
    )


STEP_WORDS = {
    Review.SUBMITTED: "Member State submitted",
    Review.VALIDATED: "Secretariat validated",
    Review.CONTESTED: "Secretariat contested and assessed",
    Review.REPLIED: "Member State replied",
    Review.ACCEPTED: "Secretariat accepted the Member State's status",
    Review.KEPT: "Secretariat kept its assessment",
    Review.WITHDRAWN: "Member State withdrew it",
    Review.REPLACED: "Replaced by a later submission",
}


def _step_words(step: Review) -> str:
    return STEP_WORDS[step]


REVIEW_SHEET = [
    "member_state",
    "recommendation",
    "own",
    "assessed",
    "stands",
    "at",
    "by",
    "what",
    "status",
    "comment",
]


def review_rows(
    session: Session, user: CurrentUser, member_state: str | None, assessed: pd.DataFrame
) -> pd.DataFrame:
    """Every step of every submission still standing (of one Member State or all), with the Member
    State's own status, the assessed one now (from ``assessed``: latest statuses) and where it stands:
    the workbook's Review sheet (``REVIEW_SHEET``), by Member State, recommendation, then time."""
    found = submissions(session, user, member_state, tuple(SHOWN))
    if found.empty:
        return pd.DataFrame(columns=REVIEW_SHEET)
    steps = _steps(session, found["id"].tolist())
    now = assessed.set_index(["recommendation", "member_state"])["status"].to_dict()
    table = steps.merge(found, left_on="submission", right_on="id", suffixes=("", "_submitted"))
    return pd.DataFrame(
        {
            "member_state": table["member_state"],
            "recommendation": table["recommendation"],
            "own": table["status_submitted"].map(label_of),
            "assessed": [
                label_of(now.get(pair, StatusLevel.NOT_ASSESSED))
                for pair in zip(table["recommendation"], table["member_state"], strict=True)
            ],
            "stands": table["state"].map(label_of),
            "at": table["at"],
            "by": table["by"].fillna("—"),
            "what": table["step"].map(_step_words),
            "status": table["status"].map(lambda s: label_of(s) if isinstance(s, StatusLevel) else ""),
            "comment": table["comment"],
        }
    ).sort_values(["member_state", "recommendation", "at"], kind="stable", ignore_index=True)


def beside(current: pd.DataFrame, own: pd.DataFrame, by: str = "recommendation") -> pd.DataFrame:
    """``current`` (assessed statuses, one row per ``by``: recommendation or member_state) with an
    ``own`` column: the Member State's own status and where it stands, where it differs from the
    assessed one or waits for review (``own``: submissions, newest first)."""
    found = own.drop_duplicates(by).set_index(by)
    labels = []
    for rec, status in zip(current[by], current["status"], strict=True):
        if rec not in found.index:
            labels.append("")
            continue
        row = found.loc[rec]
        differs = row["status"] is not status or row["state"] in REVIEW_OPEN
        labels.append(f"{label_of(row['status'])} ({row['state'].value})" if differs else "")
    return current.assign(own=labels)


def waiting(frame: pd.DataFrame) -> pd.DataFrame:
    """The submissions of ``frame`` that wait for someone."""
    return frame[frame["state"].isin(REVIEW_OPEN)]
