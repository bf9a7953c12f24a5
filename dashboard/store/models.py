"""The database schema: SQLAlchemy 2.x typed models.

The schema's history lives in ``migrations/``; a test checks that the models and the migrated
database agree. Implementation assessments are append-only: the current status is the latest row.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dashboard.enums import (
    Addressee,
    Direction,
    Fact,
    Priority,
    Role,
    RoundState,
    ScoreScale,
    StatusLevel,
)

# Stable constraint names, so migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(enum_type: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: stored as its value string with a CHECK constraint."""
    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class MemberState(Base):
    __tablename__ = "member_state"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # EU code: EL, not GR
    iso_code: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    protocol_order: Mapped[int] = mapped_column(Integer, unique=True)
    member_from: Mapped[dt.date] = mapped_column(Date)
    member_to: Mapped[dt.date | None] = mapped_column(Date)


class ThematicArea(Base):
    __tablename__ = "thematic_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the number in the final report
    name: Mapped[str] = mapped_column(String(120), unique=True)
    verified: Mapped[bool] = mapped_column(Boolean, default=True)  # confirmed as its own chapter
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # takes no new recommendations
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)  # added in demo mode
    version: Mapped[int] = mapped_column(Integer, default=1)  # guards concurrent edits

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class Recommendation(Base):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("thematic_area.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    addressee: Mapped[Addressee] = mapped_column(_enum(Addressee, "addressee"))
    issued_on: Mapped[dt.date] = mapped_column(Date)  # no status may be dated before it
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    priority: Mapped[Priority] = mapped_column(_enum(Priority, "priority"))
    source_document: Mapped[str] = mapped_column(String(200), default="")  # e.g. the final report of 2018
    source_paragraph: Mapped[str] = mapped_column(String(40), default="")  # where in it
    retired_on: Mapped[dt.date | None] = mapped_column(Date)  # no longer followed from this date
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)  # guards concurrent edits

    area: Mapped[ThematicArea] = relationship()

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class AssessmentRound(Base):
    __tablename__ = "assessment_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    reference_date: Mapped[dt.date] = mapped_column(Date, unique=True)
    state: Mapped[RoundState] = mapped_column(_enum(RoundState, "round_state"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    published_revision: Mapped[int | None] = mapped_column(Integer)  # the data revision it was published at
    published_register: Mapped[str | None] = mapped_column(Text)  # JSON: the register as published
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(
            "(role = 'ms_official') = (member_state_code IS NOT NULL)",
            name="ms_official_has_member_state",
        ),
        # The identity provider's issuer and subject, bound at first sign-in: one account each.
        UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_app_user_identity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    member_state_code: Mapped[str | None] = mapped_column(ForeignKey("member_state.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # a deactivated account is refused everywhere
    last_sign_in: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    oidc_issuer: Mapped[str | None] = mapped_column(String(500))  # who vouches for the person
    oidc_subject: Mapped[str | None] = mapped_column(String(255))  # their stable id there
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ImplementationAssessment(Base):
    """One dated, assessed status of one recommendation in one Member State (the secretariat's voice;
    a Member State's own is a ``StatusSubmission``). Rows are never updated, only withdrawn."""

    __tablename__ = "implementation_assessment"
    __table_args__ = (
        # Serves "latest status per (recommendation, Member State) as of a date".
        Index("ix_assessment_latest", "recommendation_id", "member_state_code", "assessed_on", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    member_state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_round.id"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[StatusLevel] = mapped_column(_enum(StatusLevel, "status_level"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # A correction: of an earlier row (``corrects_id``, which is then withdrawn), or dated inside a
    # published round and recorded after it was published (counts only in the live view).
    correction: Mapped[bool] = mapped_column(Boolean, default=False)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("implementation_assessment.id"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    # Withdrawn (the only change a row ever sees): kept in the history, counted nowhere from then on.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawal: Mapped[str] = mapped_column(Text, default="")  # who and why, as the history shows it


class EuAssessment(Base):
    """One dated status of a recommendation addressed to the EU level (the Commission, an agency),
    recorded by the secretariat; the same scale, evidence and history as a Member State's, kept
    apart so that it never enters a Member State's figures. Rows are never updated."""

    __tablename__ = "eu_assessment"
    __table_args__ = (Index("ix_eu_assessment_latest", "recommendation_id", "assessed_on", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[StatusLevel] = mapped_column(_enum(StatusLevel, "eu_status_level"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class RoundSnapshot(Base):
    """A published round's statuses as published: one row per (recommendation, Member State) of its
    reference date, with the evidence behind each. Written once, when the round is published."""

    __tablename__ = "round_snapshot"

    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id"), primary_key=True)
    recommendation: Mapped[str] = mapped_column(String(16), primary_key=True)  # code as published
    member_state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"), primary_key=True)
    status: Mapped[StatusLevel] = mapped_column(_enum(StatusLevel, "snapshot_status"))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    recorded_by: Mapped[str | None] = mapped_column(String(120))


class Option(Base):
    __tablename__ = "option"
    __table_args__ = (
        # At most one baseline option.
        Index(
            "uq_option_one_baseline",
            "is_baseline",
            unique=True,
            sqlite_where=text("is_baseline"),
            postgresql_where=text("is_baseline"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    anchor: Mapped[str] = mapped_column(Text, default="")
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    display_order: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # no longer assessed; scores kept
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)  # added in demo mode
    version: Mapped[int] = mapped_column(Integer, default=1)  # guards concurrent edits

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class Criterion(Base):
    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    scale: Mapped[ScoreScale] = mapped_column(_enum(ScoreScale, "score_scale"))
    group: Mapped[str | None] = mapped_column("criterion_group", String(80))
    includes: Mapped[str] = mapped_column(Text, default="")  # what the criterion takes into account
    excludes: Mapped[str] = mapped_column(Text, default="")  # what it leaves to other criteria
    # One sentence per point of the scale (SCALE_POINTS), lowest first: what a score there means.
    scale_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    fact: Mapped[Fact | None] = mapped_column(_enum(Fact, "criterion_fact"))  # scores ordered like it
    # When what the criterion measures last changed: scores saved before it need re-scoring.
    defined_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    display_order: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # no longer assessed; scores kept
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)  # added in demo mode
    version: Mapped[int] = mapped_column(Integer, default=1)  # guards concurrent edits

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class OptionFact(Base):
    """A quantitative attribute of an option (a range, or one value as low = high), with its source."""

    __tablename__ = "option_fact"
    __table_args__ = (
        UniqueConstraint("option_id", "fact"),
        CheckConstraint("low <= high", name="fact_range_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("option.id"))
    fact: Mapped[Fact] = mapped_column(_enum(Fact, "option_fact_kind"))
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)  # a modelling estimate, not published
    source: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)  # guards concurrent edits

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class OptionScore(Base):
    """One expert's score of one option on one criterion; ``version`` guards concurrent edits."""

    __tablename__ = "option_score"
    __table_args__ = (
        UniqueConstraint("expert_id", "option_id", "criterion_id"),
        CheckConstraint("NOT (cannot_judge AND value IS NOT NULL)", name="judged_or_not"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    option_id: Mapped[int] = mapped_column(ForeignKey("option.id"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    # None: no score, either "cannot judge" (the expert considered it and cannot say) or cleared.
    # Neither counts in the aggregation: a missing score is never read as 0.
    value: Mapped[float | None] = mapped_column(Float)
    cannot_judge: Mapped[bool] = mapped_column(Boolean, default=False)
    rationale: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class WeightProfile(Base):
    """A named set of criterion weights; personal (owner set) or shared (owner empty)."""

    __tablename__ = "weight_profile"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        # Shared profiles (no owner) too: a unique (owner_id, name) lets NULL owners repeat a name.
        Index(
            "uq_weight_profile_shared_name",
            "name",
            unique=True,
            sqlite_where=text("owner_id IS NULL"),
            postgresql_where=text("owner_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    weights: Mapped[list[ProfileWeight]] = relationship(cascade="all, delete-orphan")

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class ProfileWeight(Base):
    __tablename__ = "profile_weight"
    __table_args__ = (CheckConstraint("weight >= 0", name="weight_not_negative"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("weight_profile.id"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class AuditEntry(Base):
    """Who changed what, when, from what to what. Written in the same transaction as the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor: Mapped[str] = mapped_column(String(254))  # e-mail, or "cli"/"seed" for the system
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(200))
    old_value: Mapped[str | None] = mapped_column(Text)  # JSON
    new_value: Mapped[str | None] = mapped_column(Text)  # JSON


class DataRevision(Base):
    """A single row whose counter every write bumps; cached reads are keyed on it."""

    __tablename__ = "data_revision"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, server_default=func.current_timestamp()
    )


# The deliberation tables (Delphi rounds, saved scenarios) and the review tables (Member States'
# submissions and their threads) live in modules of their own; importing them here registers them.
from dashboard.store.deliberation import RoundScore, SavedScenario, ScoringRound  # noqa: E402, F401
from dashboard.store.review import ReviewStep, StatusSubmission  # noqa: E402, F401
