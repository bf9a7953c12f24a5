"""Two voices: Member States submit their own statuses, the secretariat reviews them; assessed
statuses can be withdrawn or corrected with a reason; the Council is an addressee.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("no_progress", "limited", "some", "substantial", "full", "not_applicable", "not_assessed")
REVIEWS = ("submitted", "validated", "contested", "replied", "accepted", "kept", "withdrawn", "replaced")
OPEN = "state IN ('submitted', 'contested', 'replied')"
ADDRESSEES = ("commission", "member_states", "both", "eu_agencies")


def _addressees(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("recommendation") as batch:
        batch.drop_constraint("addressee", type_="check")
        batch.create_check_constraint("addressee", sa.column("addressee").in_(values))


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    _addressees((*ADDRESSEES, "council"))
    with op.batch_alter_table("implementation_assessment") as batch:
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("withdrawal", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(
            op.f("fk_implementation_assessment_corrects_id_implementation_assessment"),
            "implementation_assessment",
            ["corrects_id"],
            ["id"],
        )
    op.create_table(
        "status_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("member_state_code", sa.String(length=2), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("status", _enum(STATUSES, "submitted_status"), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", _enum(REVIEWS, "review_state"), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["implementation_assessment.id"],
            name=op.f("fk_status_submission_assessment_id_implementation_assessment"),
        ),
        sa.ForeignKeyConstraint(["author_id"], ["app_user.id"], name=op.f("fk_status_submission_author_id_app_user")),
        sa.ForeignKeyConstraint(
            ["member_state_code"],
            ["member_state.code"],
            name=op.f("fk_status_submission_member_state_code_member_state"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_status_submission_recommendation_id_recommendation"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["assessment_round.id"], name=op.f("fk_status_submission_round_id_assessment_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_submission")),
    )
    op.create_index(
        "uq_status_submission_one_open",
        "status_submission",
        ["recommendation_id", "member_state_code"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index("ix_status_submission_state", "status_submission", ["member_state_code", "state"])
    op.create_table(
        "review_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("step", _enum(REVIEWS, "review_step_kind"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("status", _enum(STATUSES, "review_step_status"), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["app_user.id"], name=op.f("fk_review_step_author_id_app_user")),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["status_submission.id"], name=op.f("fk_review_step_submission_id_status_submission")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_step")),
    )
    op.create_index("ix_review_step_submission", "review_step", ["submission_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_review_step_submission", table_name="review_step")
    op.drop_table("review_step")
    op.drop_index("ix_status_submission_state", table_name="status_submission")
    op.drop_index("uq_status_submission_one_open", table_name="status_submission")
    op.drop_table("status_submission")
    with op.batch_alter_table("implementation_assessment") as batch:
        batch.drop_constraint(
            op.f("fk_implementation_assessment_corrects_id_implementation_assessment"), type_="foreignkey"
        )
        batch.drop_column("withdrawal")
        batch.drop_column("withdrawn_at")
        batch.drop_column("corrects_id")
    # The earlier schema has no Council: its recommendations go back to the Commission's.
    op.execute("UPDATE recommendation SET addressee = 'commission' WHERE addressee = 'council'")
    _addressees(ADDRESSEES)
