"""Tables of the follow-up's two voices: a Member State's own status (a submission) and the thread
of steps by which the secretariat reviews it (validate, contest, reply, accept, keep)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.enums import Review, StatusLevel
from dashboard.store.models import Base, _enum, _now

_OPEN = "state IN ('submitted', 'contested', 'replied')"


class StatusSubmission(Base):
    """A status a Member State reports for one of its recommendations, with its evidence. It counts
    in no figure; the secretariat's review turns it into the assessed status (validated, accepted)
    or assesses another (contested). Only ``state`` and ``assessment_id`` ever change."""

    __tablename__ = "status_submission"
    __table_args__ = (
        # At most one submission waiting for someone per (recommendation, Member State).
        Index(
            "uq_status_submission_one_open",
            "recommendation_id",
            "member_state_code",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        Index("ix_status_submission_state", "member_state_code", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    member_state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_round.id"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[StatusLevel] = mapped_column(_enum(StatusLevel, "submitted_status"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    state: Mapped[Review] = mapped_column(_enum(Review, "review_state"))
    # The assessed status the review recorded (validated, accepted: this one; contested: the other).
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("implementation_assessment.id"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class ReviewStep(Base):
    """One step of a submission's thread: who did what, when, with what comment (and, contesting,
    which status the secretariat assessed instead). Rows are never updated."""

    __tablename__ = "review_step"
    __table_args__ = (Index("ix_review_step_submission", "submission_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("status_submission.id"))
    step: Mapped[Review] = mapped_column(_enum(Review, "review_step_kind"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[StatusLevel | None] = mapped_column(_enum(StatusLevel, "review_step_status"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
