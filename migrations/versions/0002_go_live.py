"""Go live: the register's sources and retirement, retired catalogue items, account state, round
life cycle (closed, published with a snapshot), corrections, illustrative weight profiles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("no_progress", "limited", "some", "substantial", "full", "not_applicable", "not_assessed")


def _round_state(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="round_state", native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    with op.batch_alter_table("recommendation") as batch:
        batch.add_column(sa.Column("source_document", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("source_paragraph", sa.String(length=40), nullable=False, server_default=""))
        batch.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    for table in ("thematic_area", "option", "criterion"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))
            batch.add_column(sa.Column("illustrative", sa.Boolean(), nullable=False, server_default=sa.false()))
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("last_sign_in", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("weight_profile") as batch:
        batch.add_column(sa.Column("illustrative", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("implementation_assessment") as batch:
        batch.add_column(sa.Column("correction", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("correction_reason", sa.Text(), nullable=False, server_default=""))
    # "frozen" becomes "closed": widen the check, move the rows, narrow it again.
    with op.batch_alter_table("assessment_round") as batch:
        batch.alter_column(
            "state",
            existing_type=_round_state("open", "frozen", "published"),
            type_=_round_state("open", "frozen", "closed", "published"),
            existing_nullable=False,
        )
    op.execute("UPDATE assessment_round SET state = 'closed' WHERE state = 'frozen'")
    with op.batch_alter_table("assessment_round") as batch:
        batch.alter_column(
            "state",
            existing_type=_round_state("open", "frozen", "closed", "published"),
            type_=_round_state("open", "closed", "published"),
            existing_nullable=False,
        )
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_revision", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("published_register", sa.Text(), nullable=True))
    op.create_table(
        "round_snapshot",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("recommendation", sa.String(length=16), nullable=False),
        sa.Column("member_state_code", sa.String(length=2), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="snapshot_status", native_enum=False, create_constraint=True, length=24),
            nullable=False,
        ),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_state_code"],
            ["member_state.code"],
            name=op.f("fk_round_snapshot_member_state_code_member_state"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["assessment_round.id"], name=op.f("fk_round_snapshot_round_id_assessment_round")
        ),
        sa.PrimaryKeyConstraint("round_id", "recommendation", "member_state_code", name=op.f("pk_round_snapshot")),
    )


def downgrade() -> None:
    op.drop_table("round_snapshot")
    with op.batch_alter_table("assessment_round") as batch:
        for column in ("published_register", "published_revision", "published_at", "closed_at"):
            batch.drop_column(column)
        batch.alter_column(
            "state",
            existing_type=_round_state("open", "closed", "published"),
            type_=_round_state("open", "frozen", "closed", "published"),
            existing_nullable=False,
        )
    op.execute("UPDATE assessment_round SET state = 'frozen' WHERE state = 'closed'")
    with op.batch_alter_table("assessment_round") as batch:
        batch.alter_column(
            "state",
            existing_type=_round_state("open", "frozen", "closed", "published"),
            type_=_round_state("open", "frozen", "published"),
            existing_nullable=False,
        )
    with op.batch_alter_table("implementation_assessment") as batch:
        batch.drop_column("correction_reason")
        batch.drop_column("correction")
    with op.batch_alter_table("weight_profile") as batch:
        batch.drop_column("illustrative")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("last_sign_in")
        batch.drop_column("active")
    for table in ("criterion", "option", "thematic_area"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
            batch.drop_column("illustrative")
            batch.drop_column("retired")
    with op.batch_alter_table("recommendation") as batch:
        batch.drop_column("version")
        batch.drop_column("retired_on")
        batch.drop_column("source_paragraph")
        batch.drop_column("source_document")
