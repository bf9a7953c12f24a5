"""Tables of the experts' deliberation on the options: Delphi scoring rounds with the scores as each
opened and closed, and the scenarios a person keeps for themselves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.store.models import Base, _now


class ScoringRound(Base):
    """A Delphi round of option scoring: experts score privately while it is open; when it closes,
    everyone sees how the group scored (anonymised) and may revise in the next round."""

    __tablename__ = "scoring_round"
    __table_args__ = (
        # At most one round open at a time.
        Index(
            "uq_scoring_round_one_open",
            "state",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    state: Mapped[str] = mapped_column(String(8))  # "open" or "closed"
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class RoundScore(Base):
    """Every expert's scores as they stood when a scoring round opened (what the group saw while
    it was open) and when it closed (the round's result)."""

    __tablename__ = "round_score"

    round_id: Mapped[int] = mapped_column(ForeignKey("scoring_round.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(8), primary_key=True)  # "opened" or "closed"
    expert_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("option.id"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    cannot_judge: Mapped[bool] = mapped_column(Boolean, default=False)
    rationale: Mapped[str] = mapped_column(Text, default="")


class SavedScenario(Base):
    """A person's own named scenario: the options page's link value (weights, method, aggregation)."""

    __tablename__ = "saved_scenario"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    name: Mapped[str] = mapped_column(String(120))
    scenario: Mapped[str] = mapped_column(String(400))  # scenario.encode(...), as in ?s=
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
